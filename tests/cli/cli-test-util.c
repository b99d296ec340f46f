/* cli-test-util.c: running the app as a script runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "cli-test-util.h"

void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size = g_bytes_get_size (bytes);

  return g_strndup (size > 0 ? g_bytes_get_data (bytes, NULL) : "", size);
}

/**
 * run_app:
 * @first_arg: the first argument, then the others, ending with %NULL
 *
 * Runs the app named by $INVITATIONS_BIN with the arguments, without a display, and
 * collects what it printed. The output goes to the test log, to explain a failure.
 *
 * Returns: (transfer full): the run
 */
Run *
run_app (const char *first_arg,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  Run *run = g_new0 (Run, 1);
  va_list args;

  g_assert_nonnull (g_getenv ("INVITATIONS_BIN"));

  g_ptr_array_add (argv, (gpointer)g_getenv ("INVITATIONS_BIN"));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);

  run->exit_status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  run->out = bytes_to_string (out);
  run->err = bytes_to_string (err);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->exit_status, run->out, run->err);

  return run;
}

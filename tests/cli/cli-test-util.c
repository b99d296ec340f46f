/* cli-test-util.c: running the app as a script runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

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

static Run *
run_app_va (const char         *input,
            const char * const *environment,
            const char         *first_arg,
            va_list             args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input_path = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  Run *run = g_new0 (Run, 1);

  g_assert_nonnull (g_getenv ("INVITATIONS_BIN"));

  g_ptr_array_add (argv, (gpointer)g_getenv ("INVITATIONS_BIN"));
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Standard input from a file: the app may stop reading early (an endless key),
   * which a pipe would answer with SIGPIPE. */
  if (input != NULL)
    {
      input_path = g_build_filename (g_get_tmp_dir (), "cli-test-stdin", NULL);
      g_assert_true (g_file_set_contents (input_path, input, -1, NULL));
      g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
    }
  for (guint i = 0; environment != NULL && environment[i] != NULL; i++)
    {
      const char *equals = strchr (environment[i], '=');
      g_autofree char *name = g_strndup (environment[i], equals - environment[i]);

      /* "NAME=" unsets NAME. */
      if (equals[1] == '\0')
        g_subprocess_launcher_unsetenv (launcher, name);
      else
        g_subprocess_launcher_setenv (launcher, name, equals + 1, TRUE);
    }

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);

  run->exit_status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  run->out = bytes_to_string (out);
  run->err = bytes_to_string (err);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->exit_status, run->out, run->err);
  if (input_path != NULL)
    g_unlink (input_path);

  return run;
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
  va_list args;
  Run *run;

  va_start (args, first_arg);
  run = run_app_va (NULL, NULL, first_arg, args);
  va_end (args);

  return run;
}

/**
 * run_app_with:
 * @input: (nullable): what the app reads on standard input
 * @environment: (nullable): `NAME=VALUE` to set, `NAME=` to unset, for this run
 *
 * Like run_app(), with standard input and environment variables.
 */
Run *
run_app_with (const char         *input,
              const char * const *environment,
              const char         *first_arg,
              ...)
{
  va_list args;
  Run *run;

  va_start (args, first_arg);
  run = run_app_va (input, environment, first_arg, args);
  va_end (args);

  return run;
}

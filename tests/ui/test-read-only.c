/* test-read-only.c: the window on a database it cannot write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The database lies on a small file system mounted read-only in a mount namespace of
 * the test's own: the test runs itself again inside one (a user namespace where the
 * kernel allows it, else as root), where nothing outside sees the mount.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <unistd.h>

#include "inv-application.h"
#include "inv-database.h"
#include "inv-sample-data.h"
#include "inv-test-tmpdir.h"
#include "inv-window.h"
#include "ui-test-screenshot.h"
#include "ui-test-util.h"

#define IN_NAMESPACE "INV_TEST_IN_MOUNT_NAMESPACE"
#define N_ROWS 30

static gboolean
is_label_containing (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), data) != NULL;
}

static gboolean
notice_shown (gpointer data)
{
  return ui_test_find_widget (data, is_label_containing,
                              "This database is read-only: you can look through and export invitations, but not change them") != NULL;
}

static void
read_only_body (InvApplication *app,
                InvWindow      *window,
                gpointer        user_data)
{
  UiTestRowCount count = { window, N_ROWS };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "invitations"));
  ui_test_wait_until (ui_test_main_list_has_n_rows, &count, "the list shows every invitation");
  ui_test_wait_until (notice_shown, window, "the read-only notice");
  ui_test_screenshot (GTK_WIDGET (window), "window-read-only");
  g_assert_null (ui_test_find_widget (GTK_WIDGET (window), is_label_containing, "disk I/O error"));
  g_assert_null (ui_test_find_widget (GTK_WIDGET (window), is_label_containing, "readonly database"));
}

static void
test_read_only_window (void)
{
  g_autofree char *folder = g_build_filename (g_get_tmp_dir (), "mnt", NULL);
  g_autofree char *path = g_build_filename (folder, "invitations.db", NULL);
  g_autofree char *quoted = g_shell_quote (folder);
  g_autofree char *mount = g_strdup_printf ("mount -t tmpfs -o size=16m tmpfs %s", quoted);
  g_autofree char *remount = g_strdup_printf ("mount -o remount,ro %s", quoted);
  g_autofree char *unmount = g_strdup_printf ("umount %s", quoted);
  int status = -1;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_spawn_command_line_sync (mount, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  {
    g_autoptr(InvDatabase) database = inv_database_open (path, NULL);

    g_assert_nonnull (database);
    g_assert_true (inv_sample_data_add (database, N_ROWS, 7, NULL, NULL, NULL));
  }
  g_assert_true (g_spawn_command_line_sync (remount, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  ui_test_run_app (path, read_only_body, NULL);

  g_spawn_command_line_sync (unmount, NULL, NULL, NULL, NULL);
}

static void
test_cannot_mount (void)
{
  g_test_skip ("Neither a user namespace nor root: no read-only file system can be mounted");
}

/* Runs this test again in a mount namespace; returns only when that cannot be. */
static void
reexec_in_namespace (char **argv)
{
  const char *user[] = { "unshare", "--user", "--map-root-user", "--mount", NULL };
  const char *root[] = { "unshare", "--mount", NULL };
  const char **prefixes[] = { user, root };

  g_setenv (IN_NAMESPACE, "1", TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      int status = -1;

      if (prefixes[i] == root && geteuid () != 0)
        continue;
      for (guint j = 0; prefixes[i][j] != NULL; j++)
        g_ptr_array_add (args, (gpointer)prefixes[i][j]);

      /* Probe first: exec cannot report a namespace the kernel refuses. */
      {
        g_autoptr(GPtrArray) probe = g_ptr_array_copy (args, NULL, NULL);

        g_ptr_array_add (probe, (gpointer)"true");
        g_ptr_array_add (probe, NULL);
        if (!g_spawn_sync (NULL, (char **)probe->pdata, NULL,
                           G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                           NULL, NULL, NULL, NULL, &status, NULL) ||
            !g_spawn_check_wait_status (status, NULL))
          continue;
      }

      for (guint j = 0; argv[j] != NULL; j++)
        g_ptr_array_add (args, argv[j]);
      g_ptr_array_add (args, NULL);
      execvp (args->pdata[0], (char **)args->pdata);
    }
  g_unsetenv (IN_NAMESPACE);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir;
  int status;

  if (g_getenv (IN_NAMESPACE) == NULL)
    reexec_in_namespace (argv);

  tmpdir = inv_test_make_tmpdir ();
  ui_test_init (&argc, &argv, tmpdir);

  if (g_getenv (IN_NAMESPACE) != NULL)
    g_test_add_func ("/read-only/window", test_read_only_window);
  else
    {
      /* CI runs as root, where unshare --mount always works: never skipped there. */
      g_assert_true (geteuid () != 0);
      g_test_add_func ("/read-only/window", test_cannot_mount);
    }

  status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return status;
}

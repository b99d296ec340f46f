/* test-cli-strict.c: the command line does one command, or says why it does none
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <gio/gio.h>
#include <string.h>

#include "cli-test-util.h"
#include "inv-database.h"

static char *
database_option (const char *path)
{
  return g_strconcat ("--database=", path, NULL);
}

static char *
new_database (const char *name)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autofree char *option = database_option (path);
  g_autoptr(Run) run = run_app (option, "--sample-data=20", NULL);

  g_assert_cmpint (run->exit_status, ==, 0);

  /* One file, so that a snapshot sees every change. */
  {
    g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
    g_assert_nonnull (database);
    g_assert_true (inv_database_exec (database, "PRAGMA journal_mode = DELETE", NULL));
  }

  return g_steal_pointer (&path);
}

static GBytes *
snapshot (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));

  return g_bytes_new_take (contents, length);
}

/* Refused: exit 1, nothing on stdout, the message on stderr, the database as it was. */
static void
assert_refused (const char         *path,
                const char         *expected,
                const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = snapshot (path);
  g_autoptr(GBytes) after = NULL;
  g_autofree char *option = database_option (path);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, (gpointer)g_getenv ("INVITATIONS_BIN"));
  g_ptr_array_add (argv, option);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, "a-key-on-stdin\n", NULL, &out, &err, &error));
  g_assert_no_error (error);

  g_test_message ("%s %s → %s", args[0], args[1] != NULL ? args[1] : "", err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "invitations: "));
  g_assert_nonnull (strstr (err, expected));
  /* One line: the reason, nothing else. */
  g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);

  after = snapshot (path);
  g_assert_true (g_bytes_equal (before, after));
}

/* The commands, in the order the messages name them, each with a value that would
 * work alone. */
static const struct
{
  const char *name;
  const char *argument;
} commands[] = {
  { "list", "--list" },
  { "sample-data", "--sample-data=5" },
  { "cancel", "--cancel=1" },
  { "cancel-matching", "--cancel-matching" },
  { "import-csv", "--import-csv=/dev/null" },
  { "sync", "--sync" },
  { "set-api-key", "--set-api-key" },
  { "set-company", "--set-company=Acme" },
  { "set-signature", "--set-signature=Ada" },
};

/* Any two commands together are refused, and name the two; only the company name
 * and the signature go together. */
static void
test_two_commands (void)
{
  g_autofree char *path = new_database ("strict-commands.db");
  guint n_pairs = 0;

  for (guint a = 0; a < G_N_ELEMENTS (commands); a++)
    for (guint b = a + 1; b < G_N_ELEMENTS (commands); b++)
      {
        g_autofree char *expected = NULL;

        if (g_str_equal (commands[a].name, "set-company") && g_str_equal (commands[b].name, "set-signature"))
          continue;

        expected = g_strdup_printf ("Choose one of --%s and --%s", commands[a].name, commands[b].name);

        /* In either order on the command line: the message is the same. */
        {
          const char *args[] = { commands[a].argument, commands[b].argument, NULL };
          assert_refused (path, expected, args);
        }
        {
          const char *args[] = { commands[b].argument, commands[a].argument, "--service-url=http://127.0.0.1:1", NULL };
          assert_refused (path, expected, args);
        }
        n_pairs++;
      }

  g_assert_cmpuint (n_pairs, ==, 35);

  /* Three: the first two are named. */
  {
    const char *args[] = { "--sync", "--import-csv=/dev/null", "--cancel=15", NULL };
    assert_refused (path, "Choose one of --cancel and --import-csv", args);
  }
}

/* An option that changes what a command does, given without that command, is
 * refused rather than ignored. */
static void
test_option_without_its_command (void)
{
  g_autofree char *path = new_database ("strict-options.db");
  static const struct
  {
    const char *args[4];
    const char *expected;
  } cases[] = {
    { { "--list", "--reason=other" }, "--reason does not go with --list: --reason and --no-notify apply to --cancel or --cancel-matching" },
    { { "--list", "--no-notify" }, "--no-notify does not go with --list" },
    { { "--list", "--duration-days=3" }, "--duration-days does not go with --list: --duration-days applies to --import-csv" },
    { { "--list", "--service-url=https://x.example" }, "--service-url does not go with --list" },
    { { "--sample-data=5", "--status=pending" }, "--status does not go with --sample-data" },
    { { "--sample-data=5", "--format=json" }, "--format does not go with --sample-data: --format applies to --list" },
    { { "--cancel=1", "--search=jo" }, "--search does not go with --cancel" },
    { { "--cancel=1", "--template=1" }, "--template does not go with --cancel" },
    { { "--cancel=1", "--duration-days=3" }, "--duration-days does not go with --cancel" },
    { { "--cancel-matching", "--status=pending", "--format=json" }, "--format does not go with --cancel-matching" },
    { { "--import-csv=/dev/null", "--template=1", "--reason=other" }, "--reason does not go with --import-csv" },
    { { "--import-csv=/dev/null", "--template=1", "--no-notify" }, "--no-notify does not go with --import-csv" },
    { { "--import-csv=/dev/null", "--template=1", "--search=x" }, "--search does not go with --import-csv" },
    { { "--sync", "--service-url=http://127.0.0.1:1", "--status=pending" }, "--status does not go with --sync" },
    { { "--sync", "--service-url=http://127.0.0.1:1", "--template=1" }, "--template does not go with --sync" },
    { { "--sync", "--service-url=http://127.0.0.1:1", "--no-notify" }, "--no-notify does not go with --sync" },
    { { "--set-api-key", "--service-url=http://127.0.0.1:1", "--format=csv" }, "--format does not go with --set-api-key" },
    { { "--set-company=Acme", "--search=x" }, "--search does not go with --set-company" },
    { { "--set-signature=Ada", "--reason=other" }, "--reason does not go with --set-signature" },
    /* And with no command at all, which would otherwise open the window. */
    { { "--status=pending" }, "add the command, or leave --status out" },
    { { "--template=1" }, "leave --template out" },
    { { "--format=json" }, "--format applies to --list" },
    { { "--reason=other" }, "apply to --cancel or --cancel-matching" },
    { { "--no-notify" }, "apply to --cancel or --cancel-matching" },
    { { "--duration-days=3" }, "--duration-days applies to --import-csv" },
    { { "--service-url=https://x.example" }, "--service-url goes with --sync or --set-api-key" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_refused (path, cases[i].expected, cases[i].args);
}

/* A mistyped --database is refused by --sync as by the other commands, before
 * anything is created or sent. */
static void
test_sync_missing_database (void)
{
  g_autofree char *dir = g_build_filename (g_get_tmp_dir (), "strict-sync", NULL);
  g_autofree char *path = g_build_filename (dir, "typo.db", NULL);
  g_autofree char *option = database_option (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  static const char *missing_dir = "--database=/nonexistent/folder/missing.db";

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  {
    const char *environment[] = { "INVITATIONS_API_KEY=strict-test-key", NULL };
    g_autoptr(Run) run = run_app_with (NULL, environment, option, "--sync",
                                       "--service-url=http://127.0.0.1:1", NULL);

    g_assert_cmpint (run->exit_status, ==, 1);
    g_assert_cmpstr (run->out, ==, "");
    g_assert_nonnull (strstr (run->err, "There is no database at"));
    g_assert_nonnull (strstr (run->err, "check the path given with --database"));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  }

  {
    const char *environment[] = { "INVITATIONS_API_KEY=strict-test-key", NULL };
    g_autoptr(Run) run = run_app_with (NULL, environment, missing_dir, "--sync",
                                       "--service-url=http://127.0.0.1:1", NULL);

    g_assert_cmpint (run->exit_status, ==, 1);
    g_assert_nonnull (strstr (run->err, "There is no database at “/nonexistent/folder/missing.db”"));
    g_assert_false (g_file_test ("/nonexistent/folder", G_FILE_TEST_EXISTS));
  }

  /* The same file, once it exists, is synced (here: the service cannot be reached,
   * which is retryable). */
  {
    g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
    g_assert_nonnull (database);
  }
  {
    const char *environment[] = { "INVITATIONS_API_KEY=strict-test-key", NULL };
    g_autoptr(GSocketListener) listener = g_socket_listener_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *closed = NULL;
    g_autoptr(Run) run = NULL;
    guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

    g_assert_no_error (error);
    g_socket_listener_close (listener);
    closed = g_strdup_printf ("--service-url=http://127.0.0.1:%u", port);
    run = run_app_with (NULL, environment, option, "--sync", closed, NULL);

    g_assert_cmpint (run->exit_status, ==, 2);
    g_assert_true (g_str_has_prefix (run->out, "pushed 0, pulled 0, conflicts 0, failed 0, waiting 0"));
  }
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int test_status;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: the sync needs the system's settings schemas (the
   * proxy settings). Everything is written under the temporary directory, the
   * keyring too. */
  {
    g_autofree char *keyring = g_build_filename (tmpdir, "keyring", NULL);

    g_setenv ("SECRET_BACKEND", "file", TRUE);
    g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
    g_setenv ("SECRET_FILE_TEST_PASSWORD", "test-keyring-password", TRUE);
  }
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/strict/two-commands", test_two_commands);
  g_test_add_func ("/cli/strict/option-without-its-command", test_option_without_its_command);
  g_test_add_func ("/cli/strict/sync-missing-database", test_sync_missing_database);

  test_status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return test_status;
}

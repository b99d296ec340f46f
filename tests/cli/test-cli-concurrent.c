/* test-cli-concurrent.c: several command lines writing one database at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cancels, imports and settings written by separate processes at the same moment, in
 * loops: every write lands, and nobody is told the database is locked.
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <gio/gio.h>
#include <string.h>

#include "cli-test-util.h"
#include "inv-database.h"
#include "inv-message-template.h"

#define N_ROUNDS 12

static gint64
query (const char *path,
       const char *sql)
{
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_nonnull (database);
  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static GSubprocess *
start_loop (const char *script,
            const char *db,
            const char *workdir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rounds = g_strdup_printf ("%d", N_ROUNDS);
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              "sh", "-c", script, "sh", g_getenv ("INVITATIONS_BIN"), db, workdir,
                              rounds, NULL);
  g_assert_no_error (error);

  return process;
}

static void
finish_loop (GSubprocess *process,
             const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_test_message ("%s stdout:\n%s\n%s stderr:\n%s", name, out, name, err);
  g_assert_true (g_subprocess_get_successful (process));
  g_assert_null (strstr (err, "locked"));
  g_assert_null (strstr (err, "in use by another program"));
  g_assert_null (strstr (err, "busy"));
  g_assert_cmpstr (err, ==, "");
}

static void
test_concurrent_writers (void)
{
  g_autofree char *workdir = g_build_filename (g_get_tmp_dir (), "concurrent", NULL);
  g_autofree char *db = g_build_filename (workdir, "shared.db", NULL);
  g_autofree char *option = g_strconcat ("--database=", db, NULL);
  g_autofree char *first = g_build_filename (workdir, "first.csv", NULL);
  g_autoptr(GString) rows = g_string_new ("First Name,Last Name,Email\n");
  g_autoptr(GSubprocess) cancels = NULL;
  g_autoptr(GSubprocess) imports = NULL;
  g_autoptr(GSubprocess) settings = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (workdir, 0700), ==, 0);
  {
    g_autoptr(InvDatabase) database = inv_database_open (db, &error);

    g_assert_no_error (error);
    g_assert_true (inv_database_exec (database,
                                      "INSERT INTO templates (id, remote_id, name, active, validity_days) "
                                      "VALUES (1, 1001, 'Backend Engineer', 1, 7)",
                                      &error));
    g_assert_no_error (error);
  }
  for (guint i = 1; i <= N_ROUNDS; i++)
    g_string_append_printf (rows, "First%u,Last%u,first%u@example.com\n", i, i, i);
  g_assert_true (g_file_set_contents (first, rows->str, rows->len, NULL));
  {
    g_autoptr(Run) run = run_app (option, "--import-csv", first, "--template=Backend Engineer", NULL);

    g_assert_cmpint (run->exit_status, ==, 0);
  }

  /* Cancels invitations 1 … N, one process each. */
  cancels = start_loop ("i=1; while [ $i -le $4 ]; do "
                        "  \"$1\" --database=\"$2\" --cancel=$i --no-notify >/dev/null || exit 1; "
                        "  i=$((i+1)); "
                        "done", db, workdir);
  /* Imports one new person at a time (a transaction of candidates, then invitations). */
  imports = start_loop ("i=1; while [ $i -le $4 ]; do "
                        "  printf 'First Name,Last Name,Email\\nNew%s,Person,new%s@example.com\\n' $i $i >\"$3/new-$i.csv\"; "
                        "  \"$1\" --database=\"$2\" --import-csv=\"$3/new-$i.csv\" --template='Backend Engineer' >/dev/null || exit 1; "
                        "  i=$((i+1)); "
                        "done", db, workdir);
  /* Rewrites a setting as fast as it can. */
  settings = start_loop ("i=1; while [ $i -le $(( $4 * 2 )) ]; do "
                         "  \"$1\" --database=\"$2\" --set-company=\"Company $i\" >/dev/null || exit 1; "
                         "  i=$((i+1)); "
                         "done", db, workdir);

  finish_loop (cancels, "cancels");
  finish_loop (imports, "imports");
  finish_loop (settings, "settings");

  /* Every write landed. */
  g_assert_cmpint (query (db, "SELECT count(*) FROM invitations WHERE status = 'cancelled'"), ==, N_ROUNDS);
  g_assert_cmpint (query (db, "SELECT count(*) FROM invitations WHERE status = 'pending'"), ==, N_ROUNDS);
  g_assert_cmpint (query (db, "SELECT count(*) FROM candidates"), ==, 2 * N_ROUNDS);
  g_assert_cmpint (query (db, "SELECT count(*) FROM outbox WHERE operation = 'cancel'"), ==, N_ROUNDS);
  g_assert_cmpint (query (db, "SELECT count(*) FROM outbox WHERE operation = 'create'"), ==, 2 * N_ROUNDS);
  {
    g_autoptr(InvDatabase) database = inv_database_open (db, &error);
    g_autofree char *company = NULL;
    g_autofree char *expected = g_strdup_printf ("Company %d", 2 * N_ROUNDS);

    g_assert_no_error (error);
    company = inv_message_template_get_company (database);
    g_assert_cmpstr (company, ==, expected);
  }
}

int
main (int    argc,
      char **argv)
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-concurrent/writers", test_concurrent_writers);

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

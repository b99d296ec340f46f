/* test-cli-import.c: invitations --import-csv, run as a script runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <gio/gio.h>
#include <string.h>

#include "cli-test-util.h"
#include "inv-database.h"

typedef struct
{
  char *path;
  char *option;
} Db;

static void
db_free (Db *db)
{
  g_free (db->path);
  g_free (db->option);
  g_free (db);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Db, db_free)

/* A database with an open and a closed template, as a sync would have left it. */
static Db *
new_database (void)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("import-%u.db", n++);
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  Db *db = g_new0 (Db, 1);

  db->path = g_build_filename (g_get_tmp_dir (), name, NULL);
  db->option = g_strconcat ("--database=", db->path, NULL);
  database = inv_database_open (db->path, &error);
  g_assert_no_error (error);
  g_assert_true (inv_database_exec (database,
                                    "INSERT INTO templates (id, remote_id, name, active, validity_days) VALUES "
                                    "  (1, 1001, 'Backend Engineer - Screening', 1, 7),"
                                    "  (2, 1002, 'Summer Internship 2025', 0, 7)",
                                    &error));
  g_assert_no_error (error);

  return db;
}

static gint64
count (Db         *db,
       const char *sql)
{
  g_autoptr(InvDatabase) database = inv_database_open (db->path, NULL);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_nonnull (database);
  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static char *
write_file (const char *name,
            const char *contents,
            gssize      length)
{
  char *path = g_build_filename (g_get_tmp_dir (), name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  return path;
}

static char *
csv_option (const char *path)
{
  return g_strconcat ("--import-csv=", path, NULL);
}

static void
test_good_and_bad_rows (void)
{
  g_autoptr(Db) db = new_database ();
  g_autofree char *csv = write_file ("mixed.csv",
                                     "\xef\xbb\xbf" "Email,Last Name,First Name,Phone\r\n"
                                     "jo@example.org,Example,Jo,\r\n"
                                     "ana@@example.org,Silva,Ana,\r\n"
                                     "JO@EXAMPLE.ORG,Example,Jo,+1 555\r\n"
                                     "mia@bücher.example,\"Kim\r\nLee\",Mia,\r\n"
                                     "pat@example.org,Lee,Pat,call me\r\n"
                                     "nameless@example.org,,,+1 555 0100\r\n"
                                     ",Nobody,No,\r\n"
                                     "\"zoe@example.org,Çelik,Zoë,\r\n"
                                     "li@example.org,Wang,Li,\r\n",
                                     -1);
  g_autofree char *import = csv_option (csv);
  g_autoptr(Run) run = run_app (db->option, import, "--template=Backend Engineer - Screening", NULL);

  g_assert_cmpint (run->exit_status, ==, 1);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==,
                   "Line 3: rejected (ana@@example.org): An email address has only one @; remove the extra one.\n"
                   "Line 4: skipped (JO@EXAMPLE.ORG): Repeats jo@example.org from line 2; what this row adds was merged into that one.\n"
                   "Line 7: warning (pat@example.org): “call me” is not a phone number: use digits, spaces and + - ( ) / . , "
                   "optionally followed by “ext. 12”. The phone number was left out; the rest of the row was imported.\n"
                   "Line 8: rejected (nameless@example.org): The row has no name; fill in the first name, the last name or both.\n"
                   "Line 9: rejected (no email): The email address is missing; add the address the invitation should go to.\n"
                   "Line 10: rejected (\"zoe@example.org,Çelik,Zoë,): The quote opened on line 10 is never closed; add the closing quote (\") where the cell ends.\n"
                   /* every data row once as imported, rejected or skipped; the warning is one of the imported */
                   "4 imported, 4 rejected, 1 skipped, 1 warning\n");

  /* Each good row is queued for the service once, with its own key */
  g_assert_cmpint (count (db, "SELECT count(*) FROM invitations WHERE template_id = 1 AND status = 'pending' "
                              "AND sync_state = 'pending_create'"), ==, 4);
  g_assert_cmpint (count (db, "SELECT count(DISTINCT idempotency_key) FROM outbox WHERE operation = 'create'"), ==, 4);
  g_assert_cmpint (count (db, "SELECT count(*) FROM candidates"), ==, 4);
  /* the row with a wrong phone is kept without it; the one without a name is not */
  g_assert_cmpint (count (db, "SELECT count(*) FROM candidates WHERE email = 'pat@example.org' AND phone IS NULL"), ==, 1);
  g_assert_cmpint (count (db, "SELECT count(*) FROM candidates WHERE email = 'nameless@example.org'"), ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM candidates WHERE last_name = 'Kim Lee'"), ==, 1);
  /* the repeat's phone was merged into the first row */
  g_assert_cmpint (count (db, "SELECT count(*) FROM candidates WHERE email = 'jo@example.org' AND phone = '+1 555'"), ==, 1);
}

static void
test_second_run_skips (void)
{
  g_autoptr(Db) db = new_database ();
  g_autofree char *csv = write_file ("good.csv",
                                     "First Name,Last Name,Email,Phone\n"
                                     "Jo,Example,jo@example.org,\n"
                                     "Ana,Silva,ana@example.org,\n",
                                     -1);
  g_autofree char *import = csv_option (csv);
  g_autoptr(Run) first = run_app (db->option, import, "--template=1", "--duration-days=3", NULL);
  g_autoptr(Run) second = NULL;

  g_assert_cmpint (first->exit_status, ==, 0);
  g_assert_cmpstr (first->out, ==, "2 imported, 0 rejected, 0 skipped, 0 warnings\n");
  g_assert_cmpint (count (db, "SELECT count(*) FROM invitations "
                              "WHERE expires_at - sent_at BETWEEN 3 * 86400 - 5 AND 3 * 86400 + 5"), ==, 2);

  second = run_app (db->option, import, "--template=backend engineer - screening", NULL);
  g_assert_cmpint (second->exit_status, ==, 0);
  g_assert_cmpstr (second->out, ==,
                   "Line 2: skipped (jo@example.org): Already has a pending invitation for this template\n"
                   "Line 3: skipped (ana@example.org): Already has a pending invitation for this template\n"
                   "0 imported, 0 rejected, 2 skipped, 0 warnings\n");
  g_assert_cmpint (count (db, "SELECT count(*) FROM outbox"), ==, 2);
}

static void
test_refused_before_queueing (void)
{
  g_autoptr(Db) db = new_database ();
  g_autofree char *good = write_file ("ok.csv", "Email,Name\njo@example.org,Jo\n", -1);
  g_autofree char *binary = write_file ("photo.csv", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  g_autofree char *latin1 = write_file ("latin1.csv", "Email,First Name\njo@example.org,Jos\xe9\n", -1);
  g_autofree char *no_email = write_file ("names.csv", "First Name,Last Name\nJo,Example\n", -1);
  g_autofree char *empty = write_file ("empty.csv", "", 0);
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "missing.csv", NULL);
  struct {
    const char *file;
    const char *template_option;
    const char *extra;
    const char *message;
  } cases[] = {
    { good, "--template=2", NULL, "closed" },
    { good, "--template=Summer Internship 2025", NULL, "accepts no new invitations" },
    { good, "--template=No Such Template", NULL, "There is no interview template “No Such Template”" },
    { good, "--template=1", "--duration-days=0", "--duration-days needs a number of days" },
    { good, "--template=1", "--duration-days=soon", "--duration-days needs a number of days" },
    { good, NULL, NULL, "--import-csv needs --template" },
    { good, "--template=1", "--list", "Choose one of --list and --import-csv" },
    { missing, "--template=1", NULL, "missing.csv" },
    { binary, "--template=1", NULL, "Line 1 is not UTF-8 text" },
    { latin1, "--template=1", NULL, "Line 2 is not UTF-8 text" },
    { no_email, "--template=1", NULL, "no “Email” column" },
    { empty, "--template=1", NULL, "The file is empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *import = csv_option (cases[i].file);
      g_autoptr(Run) run = NULL;

      if (cases[i].template_option == NULL)
        run = run_app (db->option, import, NULL);
      else
        run = run_app (db->option, import, cases[i].template_option, cases[i].extra, NULL);

      g_test_message ("case %u: %s", i, run->err);
      g_assert_cmpint (run->exit_status, ==, 1);
      g_assert_cmpstr (run->out, ==, "");
      g_assert_true (g_str_has_prefix (run->err, "invitations: "));
      g_assert_nonnull (strstr (run->err, cases[i].message));
    }

  g_assert_cmpint (count (db, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM invitations"), ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM candidates"), ==, 0);
}

static void
test_duration_needs_import (void)
{
  g_autoptr(Db) db = new_database ();
  g_autoptr(Run) run = run_app (db->option, "--duration-days=3", NULL);

  g_assert_cmpint (run->exit_status, ==, 1);
  g_assert_nonnull (strstr (run->err, "--duration-days applies to --import-csv"));
}

static void
test_many_rows_in_batches (void)
{
  g_autoptr(Db) db = new_database ();
  g_autoptr(GString) text = g_string_new ("First Name,Last Name,Email\n");
  g_autofree char *csv = NULL;
  g_autofree char *import = NULL;
  g_autoptr(Run) run = NULL;

  for (guint i = 0; i < 250; i++)
    g_string_append_printf (text, "Person,%u,person%u@example.org\n", i, i);
  csv = write_file ("many.csv", text->str, text->len);
  import = csv_option (csv);

  run = run_app (db->option, import, "--template=1", NULL);
  g_assert_cmpint (run->exit_status, ==, 0);
  g_assert_cmpstr (run->out, ==, "250 imported, 0 rejected, 0 skipped, 0 warnings\n");
  /* one "Send invite": one batch number for all its rows */
  g_assert_cmpint (count (db, "SELECT count(DISTINCT batch_id) FROM outbox"), ==, 1);
  g_assert_cmpint (count (db, "SELECT count(*) FROM history WHERE event = 'invited'"), ==, 250);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/import/good-and-bad-rows", test_good_and_bad_rows);
  g_test_add_func ("/cli/import/second-run-skips", test_second_run_skips);
  g_test_add_func ("/cli/import/refused-before-queueing", test_refused_before_queueing);
  g_test_add_func ("/cli/import/duration-needs-import", test_duration_needs_import);
  g_test_add_func ("/cli/import/many-rows", test_many_rows_in_batches);

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

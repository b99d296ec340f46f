/* test-database.c: opening, migrations, refusing bad files, crash safety
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "inv-database.h"
#include "inv-sample-data.h"

static char *
temp_path (const char *name)
{
  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static gint64
count_rows (InvDatabase *database,
            const char  *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return n;
}

static char *
query_text (InvDatabase *database,
            const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text;

  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return text;
}

static void
test_create_new (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "nested", "folder", "new.db", NULL);
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *journal = NULL;

  database = inv_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (database);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (inv_database_get_version (database), ==, INV_DATABASE_SCHEMA_VERSION);

  journal = query_text (database, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");

  /* The tables every feature writes to are there from the start. */
  g_assert_cmpint (count_rows (database, "invitations"), ==, 0);
  g_assert_cmpint (count_rows (database, "outbox"), ==, 0);
  g_assert_cmpint (count_rows (database, "history"), ==, 0);
  /* meta says only which collation made the names' sort keys. */
  g_assert_cmpint (count_rows (database, "meta WHERE key <> 'collation'"), ==, 0);
  g_assert_cmpint (count_rows (database, "meta WHERE key = 'collation'"), ==, 1);

  /* Opening again is a no-op upgrade. */
  g_clear_object (&database);
  database = inv_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (inv_database_get_version (database), ==, INV_DATABASE_SCHEMA_VERSION);
}

/* Fills a database of schema @version with the rows that version can hold, so the
 * upgrade has something to keep. */
static void
fill_at_version (InvDatabase *database,
                 int          version)
{
  g_autoptr(GError) error = NULL;

  if (version < 1)
    return;

  g_assert_true (inv_database_exec (database,
                                    "INSERT INTO templates (id, name) VALUES (1, 'Kept template');"
                                    "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at)"
                                    "  VALUES (1, 'Zoë', 'Müller', 'Zoe@Example.org', 'zoe@example.org', 0);"
                                    "INSERT INTO invitations (id, template_id, candidate_id, candidate_name, email,"
                                    "  search_text, status, sent_at, updated_at) VALUES (1, 1, 1, 'Zoë Müller',"
                                    "  'Zoe@Example.org', 'zoë müller' || char (10) || 'zoe@example.org',"
                                    "  'pending', 100, 100);"
                                    "INSERT INTO history (invitation_id, at, event) VALUES (1, 100, 'invited');"
                                    "INSERT INTO outbox (operation, invitation_id, idempotency_key, created_at)"
                                    "  VALUES ('create', 1, 'key-1', 100);",
                                    &error));
  g_assert_no_error (error);

  if (version < 2)
    return;

  g_assert_true (inv_database_exec (database,
                                    "INSERT INTO cancel_batches (batch_id, created_at, hold_until,"
                                    "  reason, n_invitations, n_queued) VALUES (7, 100, 110, 'other', 1, 1);"
                                    "INSERT INTO cancel_batch_rows (batch_id, invitation_id, previous_status,"
                                    "  previous_sync_state) VALUES (7, 1, 'pending', 'synced');",
                                    &error));
  g_assert_no_error (error);

  if (version < 10)
    return;

  /* From step 10 on, writers give each name its sort key and fold the search text. */
  g_assert_true (inv_database_exec (database,
                                    "UPDATE invitations SET name_key = inv_name_key (candidate_name),"
                                    "  search_text = inv_search_text (candidate_name, email);"
                                    "UPDATE candidates SET name_key = inv_candidate_key (last_name, first_name);"
                                    "UPDATE templates SET name_key = inv_name_key (name);",
                                    &error));
  g_assert_no_error (error);
}

/* Every step of the upgrade path: a file as each older version left it opens, is
 * upgraded to the current schema, and keeps its rows. */
static void
test_every_migration_step (void)
{
  for (int version = 0; version < INV_DATABASE_SCHEMA_VERSION; version++)
    {
      g_autofree char *name = g_strdup_printf ("schema-%d.db", version);
      g_autofree char *path = temp_path (name);
      g_autoptr(InvDatabase) old = NULL;
      g_autoptr(InvDatabase) upgraded = NULL;
      g_autoptr(GError) error = NULL;

      old = inv_database_open_at_version (path, version, &error);
      g_assert_no_error (error);
      g_assert_cmpint (inv_database_get_version (old), ==, version);
      fill_at_version (old, version);
      g_clear_object (&old);

      upgraded = inv_database_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (inv_database_get_version (upgraded), ==, INV_DATABASE_SCHEMA_VERSION);

      if (version >= 1)
        {
          g_autofree char *email = query_text (upgraded, "SELECT email FROM invitations WHERE id = 1");
          g_assert_cmpstr (email, ==, "Zoe@Example.org");
          g_assert_cmpint (count_rows (upgraded, "outbox"), ==, 1);

          /* Step 10 gave every name its sort key and folded the search text anew,
           * without accents: "muller" finds "Müller" through the trigram index. */
          g_assert_cmpint (count_rows (upgraded, "invitations WHERE name_key IS NULL"), ==, 0);
          g_assert_cmpint (count_rows (upgraded, "candidates WHERE name_key IS NULL"), ==, 0);
          g_assert_cmpint (count_rows (upgraded, "invitations WHERE search_text = 'zoe muller'"
                                                 " || char (10) || 'zoe@example.org'"), ==, 1);
          g_assert_cmpint (count_rows (upgraded, "invitation_search WHERE invitation_search MATCH '\"mul\"'"), ==, 1);
          g_assert_cmpint (count_rows (upgraded, "candidates WHERE first_name = 'Zoë' AND last_name = 'Müller'"), ==, 1);
          g_assert_cmpint (count_rows (upgraded, "history"), ==, 1);

          /* Step 11: what an entry says stays; only a merge of two rows moves it. */
          g_assert_false (inv_database_exec (upgraded, "UPDATE history SET detail = 'changed'", NULL));
          g_assert_true (inv_database_exec (upgraded, "UPDATE history SET invitation_id = invitation_id", NULL));
        }

      g_assert_cmpint (count_rows (upgraded, "sqlite_schema WHERE name IN ('invitations_by_name_key',"
                                             " 'candidates_by_name_key', 'templates_by_name_key')"), ==, 3);
      g_assert_cmpint (count_rows (upgraded, "meta WHERE key = 'collation'"), ==, 1);

      /* The later steps' indexes are there. */
      g_assert_cmpint (count_rows (upgraded, "sqlite_schema WHERE name = 'templates_by_name_key'"), ==, 1);
      g_assert_cmpint (count_rows (upgraded, "sqlite_schema WHERE name = 'invitations_by_template_status'"), ==, 1);
      /* … and the pending ones step 7 found too dear for a cancel are gone. */
      g_assert_cmpint (count_rows (upgraded, "sqlite_schema WHERE name GLOB 'invitations_pending_by_*'"), ==, 0);
      g_assert_cmpint (count_rows (upgraded, "cancel_messages"), ==, 0);

      /* The search index holds the rows that were there before, and its triggers
       * take in the rows written after. */
      g_assert_cmpint (count_rows (upgraded, "sqlite_schema WHERE type = 'trigger'"
                                             " AND name GLOB 'invitation_search_*'"), ==, 3);
      g_assert_cmpint (count_rows (upgraded, "invitation_search WHERE invitation_search MATCH '\"ler\"'"),
                       ==, version >= 1 ? 1 : 0);
      g_assert_true (inv_database_exec (upgraded,
                                        "INSERT INTO templates (id, name) VALUES (2, 'Later');"
                                        "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at)"
                                        "  VALUES (2, 'Ada', 'Lovelace', 'ada@example.org', 'ada@example.org', 0);"
                                        "INSERT INTO invitations (id, template_id, candidate_id, candidate_name, email,"
                                        "  search_text, status, sent_at, updated_at) VALUES (2, 2, 2, 'Ada Lovelace',"
                                        "  'ada@example.org', 'ada lovelace' || char (10) || 'ada@example.org',"
                                        "  'pending', 200, 200);"
                                        "INSERT INTO invitation_search (invitation_search) VALUES ('integrity-check');",
                                        &error));
      g_assert_no_error (error);
      g_assert_cmpint (count_rows (upgraded, "invitation_search WHERE invitation_search MATCH '\"lov\"'"), ==, 1);

      {
        g_autofree char *check = query_text (upgraded, "PRAGMA integrity_check");
        g_assert_cmpstr (check, ==, "ok");
      }
    }
}

static void
assert_refused_untouched (const char *path,
                          int         expected_code)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0;
  gsize after_len = 0;
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  database = inv_database_open (path, &error);
  g_assert_null (database);
  g_assert_error (error, INV_DATABASE_ERROR, expected_code);
  g_assert_cmpuint (strlen (error->message), >, 0);
  g_test_message ("refused with: %s", error->message);

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_refuse_not_sqlite (void)
{
  g_autofree char *path = temp_path ("notes.db");
  const char *text = "These are my interview notes, not a database.\n";

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  assert_refused_untouched (path, INV_DATABASE_ERROR_NOT_A_DATABASE);
}

static void
test_refuse_corrupt (void)
{
  g_autofree char *path = temp_path ("corrupt.db");
  g_autofree char *contents = NULL;
  gsize length = 0;

  {
    g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
    g_assert_nonnull (database);
    g_assert_true (inv_sample_data_add (database, 300, 7, NULL, NULL, NULL));
    g_assert_true (inv_database_exec (database, "PRAGMA wal_checkpoint(TRUNCATE)", NULL));
  }

  /* Keep the SQLite header but overwrite the schema page and what follows. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8192);
  memset (contents + 100, 0xA5, length - 100);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  {
    g_autoptr(InvDatabase) database = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *after = NULL;
    gsize after_len = 0;

    database = inv_database_open (path, &error);
    g_assert_null (database);
    g_assert_true (g_error_matches (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_CORRUPT) ||
                   g_error_matches (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_A_DATABASE));
    g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
    g_assert_cmpmem (contents, length, after, after_len);
  }
}

static void
test_refuse_foreign (void)
{
  g_autofree char *path = temp_path ("foreign.db");
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_refused_untouched (path, INV_DATABASE_ERROR_FOREIGN);
}

static void
test_refuse_newer (void)
{
  g_autofree char *path = temp_path ("newer.db");
  sqlite3 *db = NULL;

  {
    g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
    g_assert_nonnull (database);
    g_assert_true (inv_database_exec (database, "PRAGMA journal_mode = DELETE", NULL));
  }

  /* As a future version would leave it. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_refused_untouched (path, INV_DATABASE_ERROR_NEWER_VERSION);
}

static void
test_refuse_folder (void)
{
  g_autofree char *path = temp_path ("a-folder.db");
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  database = inv_database_open (path, &error);
  g_assert_null (database);
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_IO);
}

static void
test_refuse_unreadable (void)
{
  g_autofree char *path = temp_path ("unreadable.db");

  if (geteuid () == 0)
    {
      g_test_skip ("root can read any file, so an unreadable file cannot be made");
      return;
    }

  {
    g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
    g_assert_nonnull (database);
  }
  g_assert_cmpint (g_chmod (path, 0000), ==, 0);

  {
    g_autoptr(InvDatabase) database = NULL;
    g_autoptr(GError) error = NULL;

    database = inv_database_open (path, &error);
    g_assert_null (database);
    g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_IO);
  }
  g_chmod (path, 0600);
}

static void
test_history_is_append_only (void)
{
  g_autofree char *path = temp_path ("history.db");
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (inv_sample_data_add (database, 5, 1, NULL, NULL, NULL));
  g_assert_false (inv_database_exec (database, "UPDATE history SET event = 'changed'", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (inv_database_exec (database, "DELETE FROM history", &error));
  g_assert_nonnull (error);
  g_assert_cmpint (count_rows (database, "history"), >=, 5);
}

static void
test_meta (void)
{
  g_autofree char *path = temp_path ("meta.db");
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_null (inv_database_get_meta (database, "pull-window-end"));
  g_assert_true (inv_database_set_meta (database, "pull-window-end", "2026-11-01T00:00:00Z", NULL));
  first = inv_database_get_meta (database, "pull-window-end");
  g_assert_cmpstr (first, ==, "2026-11-01T00:00:00Z");
  g_assert_true (inv_database_set_meta (database, "pull-window-end", "2026-11-22T00:00:00Z", NULL));
  second = inv_database_get_meta (database, "pull-window-end");
  g_assert_cmpstr (second, ==, "2026-11-22T00:00:00Z");
}

static void
test_times (void)
{
  g_autofree char *text = inv_database_format_time (1795338000);
  gint64 parsed = 0;

  g_assert_cmpstr (text, ==, "2026-11-22T09:00:00Z");
  g_assert_true (inv_database_parse_time ("2026-11-22T09:00:00Z", &parsed));
  g_assert_cmpint (parsed, ==, 1795338000);
  g_assert_true (inv_database_parse_time ("2026-11-22T09:00:00", &parsed));
  g_assert_cmpint (parsed, ==, 1795338000);
  g_assert_false (inv_database_parse_time ("yesterday", &parsed));
  g_assert_false (inv_database_parse_time ("", &parsed));
  g_assert_false (inv_database_parse_time (NULL, &parsed));
}

static void
kill_self_midway (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  if (done >= 20000 && done < total)
    kill (getpid (), SIGKILL);
}

/* A process killed in the middle of a bulk insert leaves no partial rows and a
 * database that opens and passes SQLite's integrity check. */
static void
test_crash_during_bulk_insert (void)
{
  g_autofree char *path = temp_path ("crash.db");
  g_autoptr(InvDatabase) database = NULL;
  g_autofree char *check = NULL;
  int wait_status = 0;
  pid_t child;

  {
    g_autoptr(InvDatabase) before = inv_database_open (path, NULL);
    g_assert_nonnull (before);
    g_assert_true (inv_sample_data_add (before, 100, 3, NULL, NULL, NULL));
  }

  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      InvDatabase *in_child = inv_database_open (path, NULL);

      if (in_child != NULL)
        inv_sample_data_add (in_child, 50000, 4, kill_self_midway, NULL, NULL);
      _exit (0);
    }

  g_assert_cmpint (waitpid (child, &wait_status, 0), ==, child);
  g_assert_true (WIFSIGNALED (wait_status));
  g_assert_cmpint (WTERMSIG (wait_status), ==, SIGKILL);

  database = inv_database_open (path, NULL);
  g_assert_nonnull (database);
  check = query_text (database, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (count_rows (database, "invitations"), ==, 100);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int test_status;
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/database/create-new", test_create_new);
  g_test_add_func ("/database/every-migration-step", test_every_migration_step);
  g_test_add_func ("/database/refuse/not-sqlite", test_refuse_not_sqlite);
  g_test_add_func ("/database/refuse/corrupt", test_refuse_corrupt);
  g_test_add_func ("/database/refuse/foreign", test_refuse_foreign);
  g_test_add_func ("/database/refuse/newer", test_refuse_newer);
  g_test_add_func ("/database/refuse/folder", test_refuse_folder);
  g_test_add_func ("/database/refuse/unreadable", test_refuse_unreadable);
  g_test_add_func ("/database/history-is-append-only", test_history_is_append_only);
  g_test_add_func ("/database/meta", test_meta);
  g_test_add_func ("/database/times", test_times);
  g_test_add_func ("/database/crash-during-bulk-insert", test_crash_during_bulk_insert);

  test_status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return test_status;
}

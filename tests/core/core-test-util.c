/* core-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What several core test programs check the database with.
 */

#include "config.h"

#include "core-test-util.h"

#include "inv-database-candidates.h"

/**
 * core_test_open_database:
 * @name: the file's name in the temporary folder, new to the test program
 * @sql: (nullable): statements that fill it, run once it is open
 *
 * Returns: (transfer full): a new database, with the current schema
 */
InvDatabase *
core_test_open_database (const char *name,
                         const char *sql)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;
  InvDatabase *database = inv_database_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (database);
  if (sql != NULL)
    {
      g_assert_true (inv_database_exec (database, sql, &error));
      g_assert_no_error (error);
    }

  return database;
}

/* The first column of the one row @sql returns. */
gint64
core_test_scalar (InvDatabase *database,
                  const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* The first column of the one row @sql returns, as text (%NULL for NULL). */
char *
core_test_text (InvDatabase *database,
                const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

/* The search index holds exactly what the invitations table holds. FTS5's own
 * 'integrity-check' checks the index's structure; this SQLite's does not compare an
 * external-content index with its table, so a fresh index of the table must hold the
 * same trigrams: for every row (@exact) or in the same number of rows. */
void
core_test_assert_search_index_in_step (InvDatabase *database,
                                       gboolean     exact)
{
  g_autofree char *vocab_kept = g_strdup_printf ("CREATE VIRTUAL TABLE temp.kept USING fts5vocab"
                                                 " (main, invitation_search, %s)",
                                                 exact ? "instance" : "row");
  g_autofree char *vocab_fresh = g_strdup_printf ("CREATE VIRTUAL TABLE temp.fresh USING fts5vocab"
                                                  " (main, search_check, %s)",
                                                  exact ? "instance" : "row");
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), "PRAGMA integrity_check",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  g_assert_true (inv_database_exec (database,
                                    "INSERT INTO invitation_search (invitation_search) VALUES ('integrity-check')",
                                    &error));
  g_assert_no_error (error);

  g_assert_true (inv_database_exec (database,
                                    "BEGIN;"
                                    "CREATE VIRTUAL TABLE search_check USING fts5 (search_text,"
                                    "  content = 'invitations', content_rowid = 'id', tokenize = 'trigram',"
                                    "  detail = 'none');"
                                    "INSERT INTO search_check (search_check) VALUES ('rebuild');",
                                    &error));
  g_assert_no_error (error);
  g_assert_true (inv_database_exec (database, vocab_kept, &error));
  g_assert_true (inv_database_exec (database, vocab_fresh, &error));
  g_assert_no_error (error);

  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM temp.kept"), >, 0);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM (SELECT term, doc FROM temp.kept"
                                     " EXCEPT SELECT term, doc FROM temp.fresh)"), ==, 0);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM (SELECT term, doc FROM temp.fresh"
                                     " EXCEPT SELECT term, doc FROM temp.kept)"), ==, 0);
  g_assert_true (inv_database_exec (database, "ROLLBACK", &error));
}

/* One candidate per name of @last_names (no first name, email PREFIXn@example.org),
 * each with a pending invitation to template 1, sorted by the name's key as the
 * app's writers do. */
void
core_test_invite_last_names (InvDatabase        *database,
                             const char * const *last_names,
                             guint               n_names,
                             const char         *email_prefix)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_names; i++)
    {
      g_autofree char *email = g_strdup_printf ("%s%u@example.org", email_prefix, i);

      inv_database_add_candidate (database, "", last_names[i], email, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (inv_database_exec (database,
                                    "INSERT INTO invitations (template_id, candidate_id, candidate_name, email,"
                                    " status, sent_at, updated_at, name_key)"
                                    " SELECT 1, id, last_name, email, 'pending', 0, 0, inv_name_key (last_name)"
                                    " FROM candidates",
                                    &error));
  g_assert_no_error (error);
}

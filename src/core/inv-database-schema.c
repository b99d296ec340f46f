/* inv-database-schema.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schema and its migrations: what a new file gets, how an older one is brought up
 * to date in one transaction, and the read-only look that decides whether a file may
 * be touched at all.
 */

#define G_LOG_DOMAIN "inv-database"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "inv-activity-private.h"
#include "inv-database-private.h"

/* Each entry upgrades the schema from version i to i + 1. Entries are never edited once
 * released: a change is a new entry, so every old file follows the same path. */
static const char * const migrations[] = {
  /* 0 → 1: the initial schema. */
  "CREATE TABLE templates ("
  "  id INTEGER PRIMARY KEY,"
  "  remote_id INTEGER UNIQUE,"
  "  name TEXT NOT NULL,"
  "  interview_type TEXT NOT NULL DEFAULT 'automated'"
  "    CHECK (interview_type IN ('automated', 'live')),"
  "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
  "  validity_days INTEGER NOT NULL DEFAULT 7 CHECK (validity_days > 0),"
  "  duration_minutes INTEGER NOT NULL DEFAULT 60 CHECK (duration_minutes > 0),"
  "  cancel_message TEXT,"
  "  is_sample INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE interviewers ("
  "  id INTEGER PRIMARY KEY,"
  "  template_id INTEGER NOT NULL REFERENCES templates (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  email TEXT NOT NULL"
  ");"
  "CREATE INDEX interviewers_by_template ON interviewers (template_id);"
  /* email_key is the case-folded email: uniqueness that also holds beyond ASCII. */
  "CREATE TABLE candidates ("
  "  id INTEGER PRIMARY KEY,"
  "  first_name TEXT NOT NULL,"
  "  last_name TEXT NOT NULL,"
  "  email TEXT NOT NULL,"
  "  email_key TEXT NOT NULL UNIQUE,"
  "  phone TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  erased INTEGER NOT NULL DEFAULT 0,"
  "  is_sample INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX candidates_by_name ON candidates (last_name COLLATE NOCASE, first_name COLLATE NOCASE);"
  /* candidate_name and email repeat the candidate's so that sorting and searching a
   * million invitations stays on this table's indexes; the store keeps them in step.
   * search_text is inv_search_text_new() of both: Unicode case-folded, because SQLite's
   * LIKE folds ASCII only and names like "Łukasz Çelik" must be found in any case. */
  "CREATE TABLE invitations ("
  "  id INTEGER PRIMARY KEY,"
  "  remote_id INTEGER UNIQUE,"
  "  template_id INTEGER NOT NULL REFERENCES templates (id),"
  "  candidate_id INTEGER NOT NULL REFERENCES candidates (id),"
  "  candidate_name TEXT NOT NULL,"
  "  email TEXT NOT NULL,"
  "  search_text TEXT NOT NULL DEFAULT '',"
  "  status TEXT NOT NULL,"
  "  link TEXT,"
  "  sent_at INTEGER NOT NULL,"
  "  expires_at INTEGER,"
  "  scheduled_at INTEGER,"
  "  updated_at INTEGER NOT NULL,"
  "  sync_state TEXT NOT NULL DEFAULT 'synced',"
  "  cancel_reason TEXT,"
  "  is_sample INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX invitations_by_sent ON invitations (sent_at);"
  "CREATE INDEX invitations_by_status ON invitations (status, sent_at);"
  "CREATE INDEX invitations_by_template ON invitations (template_id, status, sent_at);"
  "CREATE INDEX invitations_by_deadline ON invitations (status, expires_at);"
  "CREATE INDEX invitations_by_name ON invitations (candidate_name COLLATE NOCASE);"
  "CREATE INDEX invitations_by_email ON invitations (email COLLATE NOCASE);"
  "CREATE INDEX invitations_by_candidate ON invitations (candidate_id, template_id);"
  "CREATE INDEX invitations_by_sync_state ON invitations (sync_state)"
  "  WHERE sync_state NOT IN ('synced', 'local');"
  /* What happened to each invitation, in order. Never rewritten: an undo is a new entry. */
  "CREATE TABLE history ("
  "  id INTEGER PRIMARY KEY,"
  "  invitation_id INTEGER NOT NULL REFERENCES invitations (id),"
  "  at INTEGER NOT NULL,"
  "  event TEXT NOT NULL,"
  "  detail TEXT"
  ");"
  "CREATE INDEX history_by_invitation ON history (invitation_id, id);"
  "CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history"
  "  BEGIN SELECT RAISE (ABORT, 'history is append-only'); END;"
  "CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history"
  "  BEGIN SELECT RAISE (ABORT, 'history is append-only'); END;"
  /* The outbox: remote operations in the order they were decided. A row leaves only when
   * the service confirmed it; a permanently failed one stays, visible, with its error.
   * hold_until keeps a fresh cancel local for the undo grace period; previous_status and
   * previous_sync_state are what an undo restores. */
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  operation TEXT NOT NULL"
  "    CHECK (operation IN ('create', 'cancel', 'reinvite', 'reattempt', 'erase')),"
  "  invitation_id INTEGER REFERENCES invitations (id),"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  payload TEXT NOT NULL DEFAULT '{}',"
  "  state TEXT NOT NULL DEFAULT 'queued'"
  "    CHECK (state IN ('queued', 'failed', 'conflict')),"
  "  batch_id INTEGER,"
  "  hold_until INTEGER NOT NULL DEFAULT 0,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT,"
  "  previous_status TEXT,"
  "  previous_sync_state TEXT,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX outbox_by_due ON outbox (state, next_attempt_at, id);"
  "CREATE INDEX outbox_by_invitation ON outbox (invitation_id);"
  "CREATE INDEX outbox_by_batch ON outbox (batch_id);"
  /* Small facts about the database and its sync: the end of the last fully read pull
   * window, the service it syncs with, the last outbox batch number, … */
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT"
  ") WITHOUT ROWID;",

  /* 1 → 2: what an undo of a cancel restores. The outbox keeps the previous state of
   * the invitations it will send, but demo rows never get an outbox row and the
   * cancel reason is not kept there; a batch's rows are dropped once its grace period
   * is over, its header stays so that a late undo is answered precisely. */
  "CREATE TABLE cancel_batches ("
  "  batch_id INTEGER PRIMARY KEY,"
  "  created_at INTEGER NOT NULL,"
  "  hold_until INTEGER NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  n_invitations INTEGER NOT NULL,"
  "  n_queued INTEGER NOT NULL,"
  "  undone_at INTEGER"
  ");"
  "CREATE TABLE cancel_batch_rows ("
  "  batch_id INTEGER NOT NULL REFERENCES cancel_batches (batch_id) ON DELETE CASCADE,"
  "  invitation_id INTEGER NOT NULL,"
  "  previous_status TEXT NOT NULL,"
  "  previous_sync_state TEXT NOT NULL,"
  "  previous_cancel_reason TEXT,"
  "  PRIMARY KEY (batch_id, invitation_id)"
  ") WITHOUT ROWID;",
  /* 2 → 3: every sort the list offers served by an index at a million rows. The
   * deadline sort needs expires_at on its own; a template's own list (its Invite tab)
   * is newest first; sorting by template walks the templates by name and each one's
   * invitations in index order, so no sort of the whole table is ever needed. */
  "DROP INDEX invitations_by_deadline;"
  "CREATE INDEX invitations_by_deadline ON invitations (expires_at);"
  "DROP INDEX invitations_by_template;"
  "CREATE INDEX invitations_by_template ON invitations (template_id, sent_at);"
  "CREATE INDEX templates_by_name ON templates (name COLLATE NOCASE, id);",
  /* 3 → 4: counts per status within one template (the Templates page's pending
   * counts, a template's own status counts) read this index alone instead of every
   * row of the template. */
  "CREATE INDEX invitations_by_template_status ON invitations (template_id, status);",
  /* 4 → 5: "Pending only" is the view people cancel from, so each of its sorts is served
   * by an index too. Partial indexes cover the pending third of the table only; the
   * query spells the status literally so that SQLite can prove they apply. */
  "CREATE INDEX invitations_pending_by_name ON invitations (candidate_name COLLATE NOCASE)"
  "  WHERE status = 'pending';"
  "CREATE INDEX invitations_pending_by_email ON invitations (email COLLATE NOCASE)"
  "  WHERE status = 'pending';"
  "CREATE INDEX invitations_pending_by_deadline ON invitations (expires_at)"
  "  WHERE status = 'pending';",
  /* 5 → 6: a search is a substring match, which no B-tree index serves; at a million
   * rows reading the whole table takes a fifth of a second per keystroke. A trigram
   * index finds the few rows that hold every three-letter piece of the text, and the
   * query checks those rows with the same LIKE as before. The index reads its text
   * from the invitations table (external content) so the text is not stored twice,
   * and keeps row ids only (detail 'none'), about 50 MB per million rows. Triggers
   * keep it in step; updates that leave search_text alone, such as a bulk cancel of
   * many statuses, never reach it. */
  "CREATE VIRTUAL TABLE invitation_search USING fts5 ("
  "  search_text, content = 'invitations', content_rowid = 'id',"
  "  tokenize = 'trigram', detail = 'none');"
  "INSERT INTO invitation_search (invitation_search) VALUES ('rebuild');"
  "CREATE TRIGGER invitation_search_after_insert AFTER INSERT ON invitations BEGIN"
  "  INSERT INTO invitation_search (rowid, search_text) VALUES (new.id, new.search_text);"
  "END;"
  /* An external-content index forgets a row by being told exactly what it indexed. */
  "CREATE TRIGGER invitation_search_after_delete AFTER DELETE ON invitations BEGIN"
  "  INSERT INTO invitation_search (invitation_search, rowid, search_text)"
  "    VALUES ('delete', old.id, old.search_text);"
  "END;"
  "CREATE TRIGGER invitation_search_after_update AFTER UPDATE OF id, search_text ON invitations BEGIN"
  "  INSERT INTO invitation_search (invitation_search, rowid, search_text)"
  "    VALUES ('delete', old.id, old.search_text);"
  "  INSERT INTO invitation_search (rowid, search_text) VALUES (new.id, new.search_text);"
  "END;",
  /* 6 → 7: the partial indexes of step 5 cost more than they gave. A cancel takes each
   * row out of all three, at random places: of a 100,000-row cancel's three seconds,
   * more than one went into them. The pending view's sorts now show their first rows
   * from a walk of the order's full index (a few milliseconds) and sort the pending
   * rows for the rest while those are on screen. */
  "DROP INDEX invitations_pending_by_name;"
  "DROP INDEX invitations_pending_by_email;"
  "DROP INDEX invitations_pending_by_deadline;",
  /* 7 → 8: a cancel's message once per batch and interview template: rendered into
   * every outbox row it was most of what a bulk cancel wrote (see inv-cancel-message.c).
   * Rows leave once no operation of their batch is left to send. */
  "CREATE TABLE cancel_messages ("
  "  batch_id INTEGER NOT NULL,"
  "  template_id INTEGER NOT NULL,"
  "  text TEXT NOT NULL,"
  "  PRIMARY KEY (batch_id, template_id)"
  ") WITHOUT ROWID;",
  /* 8 → 9: the Activity page reads the history of every invitation, newest first, a
   * page at a time, all of it or one kind of action. These two indexes give each page
   * in the time it takes to read its rows, at a million invitations and more. New
   * entries land at their ends, so writing history stays an append. */
  "CREATE INDEX history_by_time ON history (at, id);"
  "CREATE INDEX history_by_kind ON history (" INV_ACTIVITY_KIND_SQL ", at, id);",
  /* 9 → 10: names sort as people of the person's language expect ("Łukasz" beside
   * "Lukas", not after "Zofia" as byte order and NOCASE put it). ICU's sort key of each
   * name is kept beside it (inv-collation.c), so an ordinary index serves the sort;
   * meta's "collation" says which locale and ICU version made the keys, and a
   * different one at opening makes them anew (_inv_database_update_collation()).
   * Candidates sort by last name, then first name, in one key; interview templates
   * (the list's sort by template, the Templates page) by their names. search_text is folded
   * anew, without accents too ("celik" finds "Çelik"); the trigram index is rebuilt
   * once from it rather than row by row through its trigger. */
  "ALTER TABLE invitations ADD COLUMN name_key BLOB;"
  "ALTER TABLE candidates ADD COLUMN name_key BLOB;"
  "ALTER TABLE templates ADD COLUMN name_key BLOB;"
  "DROP INDEX invitations_by_name;"
  "DROP INDEX candidates_by_name;"
  "DROP INDEX templates_by_name;"
  "DROP TRIGGER invitation_search_after_update;"
  "UPDATE invitations SET name_key = inv_name_key (candidate_name),"
  "  search_text = inv_search_text (candidate_name, email);"
  "UPDATE candidates SET name_key = inv_candidate_key (last_name, first_name);"
  "UPDATE templates SET name_key = inv_name_key (name);"
  "INSERT INTO invitation_search (invitation_search) VALUES ('rebuild');"
  "CREATE TRIGGER invitation_search_after_update AFTER UPDATE OF id, search_text ON invitations BEGIN"
  "  INSERT INTO invitation_search (invitation_search, rowid, search_text)"
  "    VALUES ('delete', old.id, old.search_text);"
  "  INSERT INTO invitation_search (rowid, search_text) VALUES (new.id, new.search_text);"
  "END;"
  "CREATE INDEX invitations_by_name_key ON invitations (name_key);"
  /* The candidates page lists those not erased: the query says erased = 0 literally. */
  "CREATE INDEX candidates_by_name_key ON candidates (name_key) WHERE erased = 0;"
  "CREATE INDEX templates_by_name_key ON templates (name_key, id);"
  "INSERT INTO meta (key, value) VALUES ('collation', inv_collation_id ())"
  "  ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
  /* 10 → 11: what a history entry says stays as written, but when two local rows turn
   * out to be one remote invitation (the service reactivated it) they become one row,
   * and the entries of the row that goes move to the one that stays. */
  "DROP TRIGGER history_is_append_only_update;"
  "CREATE TRIGGER history_is_append_only_update BEFORE UPDATE OF id, at, event, detail ON history"
  "  BEGIN SELECT RAISE (ABORT, 'history is append-only'); END;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == INV_DATABASE_SCHEMA_VERSION);

static gboolean
query_int (sqlite3     *db,
           const char  *path,
           const char  *sql,
           int         *value,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      _inv_database_set_sqlite_error (db, rc, path, sql, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }

  *value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return TRUE;
}

/* Looks at an existing file without writing to it: the checks that decide whether we
 * may touch it at all happen on a read-only connection, so a foreign, damaged or newer
 * file is left byte for byte as it was. */
gboolean
_inv_database_inspect_existing_file (const char  *path,
                                     int          max_version,
                                     GError     **error)
{
  sqlite3 *db = NULL;
  int rc;
  int application_id = 0;
  int user_version = 0;
  int n_objects = 0;
  gboolean ret = FALSE;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_IO,
                   _("“%s” is a folder, not a database file"), path);
      return FALSE;
    }

  if (g_access (path, R_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_IO,
                   _("Cannot open “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  rc = _inv_database_open_read_only_handle (path, &db);
  if (rc != SQLITE_OK)
    {
      _inv_database_set_sqlite_error (db, rc, path, _("Opening the database"), error);
      goto out;
    }

  if (!query_int (db, path, "SELECT count(*) FROM sqlite_schema", &n_objects, error) ||
      !query_int (db, path, "PRAGMA application_id", &application_id, error) ||
      !query_int (db, path, "PRAGMA user_version", &user_version, error))
    goto out;

  if (application_id != INV_DATABASE_APPLICATION_ID && (application_id != 0 || n_objects > 0))
    {
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_FOREIGN,
                   _("“%s” is a database of another program, not of Invitations"), path);
      goto out;
    }

  if (user_version > max_version)
    {
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NEWER_VERSION,
                   _("“%s” was written by a newer version of Invitations (schema %d; this version understands up to %d). Update Invitations to open it."),
                   path, user_version, max_version);
      goto out;
    }

  ret = TRUE;

out:
  sqlite3_close (db);
  return ret;
}

/* Rows whose keys one statement makes: a cancel is noticed between batches. */
#define SORT_KEY_BATCH 100000

static char *
query_collation (InvDatabase  *self,
                 gboolean     *ok,
                 GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = 'collation'", -1,
                           &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    {
      _inv_database_set_sqlite_error (self->db, rc, self->path, _("Reading the database"), error);
      *ok = FALSE;
    }

  sqlite3_finalize (stmt);

  return value;
}

/* Makes the keys of one table anew, a batch of rows at a time. */
static gboolean
update_keys (InvDatabase   *self,
             const char    *max_id_sql,
             const char    *update_sql,
             GCancellable  *cancellable,
             GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 max_id = 0;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, max_id_sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    max_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      _inv_database_set_sqlite_error (self->db, rc, self->path, _("Sorting the names"), error);
      return FALSE;
    }

  rc = sqlite3_prepare_v2 (self->db, update_sql, -1, &stmt, NULL);
  for (gint64 from = 0; rc == SQLITE_OK && from < max_id; from += SORT_KEY_BATCH)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }

      sqlite3_bind_int64 (stmt, 1, from);
      sqlite3_bind_int64 (stmt, 2, from + SORT_KEY_BATCH);
      rc = sqlite3_step (stmt);
      rc = rc == SQLITE_DONE ? sqlite3_reset (stmt) : rc;
    }

  if (rc != SQLITE_OK)
    {
      _inv_database_set_sqlite_error (self->db, rc, self->path, _("Sorting the names"), error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  return TRUE;
}

/**
 * _inv_database_sort_keys_are_current:
 *
 * Returns: whether the names' sort keys were made with this connection's collation
 */
gboolean
_inv_database_sort_keys_are_current (InvDatabase *self)
{
  g_autofree char *stored = NULL;
  gboolean ok = TRUE;

  if (self->version < 10)
    return TRUE;

  stored = query_collation (self, &ok, NULL);

  return !ok || g_strcmp0 (stored, inv_collation_get_id (self->collation)) == 0;
}

/* Makes the names' sort keys anew when the file's were made for another locale or
 * another version of ICU's rules: opened in Polish after German, "Ł" must come
 * beside "L". One transaction, so every reader sees the old order or the new one,
 * never a mix; the index is dropped and built again from the new keys, several times
 * faster at a million rows than moving each row within it. Files older than the keys
 * have nothing to update. */
gboolean
_inv_database_update_collation (InvDatabase   *self,
                                GCancellable  *cancellable,
                                GError       **error)
{
  const char *id = inv_collation_get_id (self->collation);
  g_autofree char *stored = NULL;
  gboolean ok = TRUE;
  gint64 started;

  if (_inv_database_sort_keys_are_current (self))
    return TRUE;

  if (!_inv_database_exec_sql (self->db, self->path, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Another process may have made them while we waited for the write lock. */
  g_clear_pointer (&stored, g_free);
  stored = query_collation (self, &ok, error);
  if (!ok)
    goto failed;

  if (g_strcmp0 (stored, id) != 0)
    {
      started = g_get_monotonic_time ();
      if (!_inv_database_exec_sql (self->db, self->path,
                                   "DROP INDEX invitations_by_name_key;"
                                   "DROP INDEX candidates_by_name_key;"
                                   "DROP INDEX templates_by_name_key;"
                                   "UPDATE templates SET name_key = inv_name_key (name);",
                                   error) ||
          !update_keys (self, "SELECT coalesce (max (id), 0) FROM invitations",
                        "UPDATE invitations SET name_key = inv_name_key (candidate_name)"
                        " WHERE id > ?1 AND id <= ?2",
                        cancellable, error) ||
          !update_keys (self, "SELECT coalesce (max (id), 0) FROM candidates",
                        "UPDATE candidates SET name_key = inv_candidate_key (last_name, first_name)"
                        " WHERE id > ?1 AND id <= ?2",
                        cancellable, error) ||
          !_inv_database_exec_sql (self->db, self->path,
                                   "CREATE INDEX invitations_by_name_key ON invitations (name_key);"
                                   "CREATE INDEX candidates_by_name_key ON candidates (name_key)"
                                   "  WHERE erased = 0;"
                                   "CREATE INDEX templates_by_name_key ON templates (name_key, id);"
                                   "INSERT INTO meta (key, value) VALUES ('collation', inv_collation_id ())"
                                   "  ON CONFLICT (key) DO UPDATE SET value = excluded.value;",
                                   error))
        goto failed;
      g_debug ("Sort keys of %s made for “%s” (were “%s”) in %.3f s", self->path, id,
               stored != NULL ? stored : "", (g_get_monotonic_time () - started) / 1e6);
    }

  if (!_inv_database_exec_sql (self->db, self->path, "COMMIT", error))
    goto failed;

  return TRUE;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Runs every missing step in one BEGIN IMMEDIATE transaction: a crash or an error in
 * any step leaves the file at its old version, whole. */
gboolean
_inv_database_migrate (InvDatabase  *self,
                       int           target_version,
                       GError      **error)
{
  int version = 0;

  if (!query_int (self->db, self->path, "PRAGMA user_version", &version, error))
    return FALSE;

  if (version >= target_version)
    {
      self->version = version;
      return TRUE;
    }

  if (self->read_only)
    {
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_READ_ONLY,
                   _("The database “%s” is read-only, and an older version of Invitations wrote it: it must be updated before it can be opened. Make the file and its folder writable, then try again."),
                   self->path);
      return FALSE;
    }

  if (!_inv_database_exec_sql (self->db, self->path, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Another process may have migrated while we waited for the write lock. */
  if (!query_int (self->db, self->path, "PRAGMA user_version", &version, error))
    goto failed;

  for (int step = version; step < target_version; step++)
    {
      g_autofree char *set_version = NULL;

      g_debug ("Upgrading %s from schema %d to %d", self->path, step, step + 1);

      if (!_inv_database_exec_sql (self->db, self->path, migrations[step], error))
        goto failed;

      set_version = g_strdup_printf ("PRAGMA user_version = %d", step + 1);
      if (!_inv_database_exec_sql (self->db, self->path, set_version, error))
        goto failed;
    }

  if (version == 0)
    {
      g_autofree char *set_id = g_strdup_printf ("PRAGMA application_id = %d",
                                                 INV_DATABASE_APPLICATION_ID);

      if (!_inv_database_exec_sql (self->db, self->path, set_id, error))
        goto failed;
    }

  if (!_inv_database_exec_sql (self->db, self->path, "COMMIT", error))
    goto failed;

  self->version = target_version;

  return TRUE;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* inv-database.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-database"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "inv-change-hub.h"
#include "inv-database.h"

#define BUSY_TIMEOUT_MS 30000

/* SQLite's own default: checkpoint once the WAL holds this many pages. */
#define DEFAULT_AUTOCHECKPOINT 1000

struct _InvDatabase
{
  GObject       parent_instance;

  char         *path;
  sqlite3      *db;          /* owned */
  GHashTable   *statements;  /* SQL text → sqlite3_stmt, owned; prepared once, reused */
  int           version;

  /* The change backbone. SQLite tells this connection of every row it writes; what a
   * transaction wrote is kept until it commits (or dropped when it rolls back), then
   * published on the file's hub once the commit is on disk. These fields belong to
   * the thread that uses the connection, like the connection itself. */
  InvChangeHub *hub;          /* owned */
  InvChangeSet *uncommitted;  /* owned; rows written by the open transaction */
  InvChangeSet *committed;    /* owned; committed, not yet published */
  int           autocheckpoint;
  gint64        data_version; /* PRAGMA data_version when last checked */
};

G_DEFINE_FINAL_TYPE (InvDatabase, inv_database, G_TYPE_OBJECT)

G_DEFINE_QUARK (inv-database-error-quark, inv_database_error)

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
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == INV_DATABASE_SCHEMA_VERSION);

static int
error_code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_NOTADB: return INV_DATABASE_ERROR_NOT_A_DATABASE;
    case SQLITE_CORRUPT: return INV_DATABASE_ERROR_CORRUPT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return INV_DATABASE_ERROR_BUSY;
    case SQLITE_CONSTRAINT: return INV_DATABASE_ERROR_CONSTRAINT;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_FULL: return INV_DATABASE_ERROR_IO;
    default: return INV_DATABASE_ERROR_FAILED;
    }
}

static void
set_sqlite_error (sqlite3     *db,
                  int          rc,
                  const char  *path,
                  const char  *doing,
                  GError     **error)
{
  int code = error_code_for_sqlite (rc);
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (code)
    {
    case INV_DATABASE_ERROR_NOT_A_DATABASE:
      g_set_error (error, INV_DATABASE_ERROR, code,
                   _("“%s” is not a database file"), path);
      break;

    case INV_DATABASE_ERROR_CORRUPT:
      g_set_error (error, INV_DATABASE_ERROR, code,
                   _("The database “%s” is damaged (%s)"), path, detail);
      break;

    case INV_DATABASE_ERROR_BUSY:
      g_set_error (error, INV_DATABASE_ERROR, code,
                   _("The database “%s” is in use by another program"), path);
      break;

    default:
      g_set_error (error, INV_DATABASE_ERROR, code,
                   "%s: %s", doing, detail);
      break;
    }
}

void
inv_database_set_error (InvDatabase  *self,
                        GError      **error,
                        const char   *doing)
{
  g_return_if_fail (INV_IS_DATABASE (self));

  set_sqlite_error (self->db, sqlite3_extended_errcode (self->db), self->path, doing, error);
}

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
      set_sqlite_error (db, rc, path, sql, error);
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
static gboolean
inspect_existing_file (const char  *path,
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

  if (g_access (path, R_OK | W_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_IO,
                   _("Cannot open “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (db, rc, path, _("Opening the database"), error);
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

static gboolean
exec_sql (sqlite3     *db,
          const char  *path,
          const char  *sql,
          GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (db, rc, path, message != NULL ? message : sql, error);
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

/* Runs every missing step in one BEGIN IMMEDIATE transaction: a crash or an error in
 * any step leaves the file at its old version, whole. */
static gboolean
migrate (InvDatabase  *self,
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

  if (!exec_sql (self->db, self->path, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Another process may have migrated while we waited for the write lock. */
  if (!query_int (self->db, self->path, "PRAGMA user_version", &version, error))
    goto failed;

  for (int step = version; step < target_version; step++)
    {
      g_autofree char *set_version = NULL;

      g_debug ("Upgrading %s from schema %d to %d", self->path, step, step + 1);

      if (!exec_sql (self->db, self->path, migrations[step], error))
        goto failed;

      set_version = g_strdup_printf ("PRAGMA user_version = %d", step + 1);
      if (!exec_sql (self->db, self->path, set_version, error))
        goto failed;
    }

  if (version == 0)
    {
      g_autofree char *set_id = g_strdup_printf ("PRAGMA application_id = %d",
                                                 INV_DATABASE_APPLICATION_ID);

      if (!exec_sql (self->db, self->path, set_id, error))
        goto failed;
    }

  if (!exec_sql (self->db, self->path, "COMMIT", error))
    goto failed;

  self->version = target_version;

  return TRUE;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* The tables whose writes are announced, and as what. A table missing here is never
 * announced: the change-backbone test fails for any table of the schema that is
 * neither here nor written only beside one that is. */
static const struct
{
  const char    *table;
  InvChangeKind  kind;
  gboolean       by_row;  /* the rowid is the id of a row of that kind */
} change_tables[] = {
  { "invitations",    INV_CHANGE_INVITATIONS, TRUE },
  { "candidates",     INV_CHANGE_CANDIDATES,  TRUE },
  { "templates",      INV_CHANGE_TEMPLATES,   TRUE },
  { "interviewers",   INV_CHANGE_TEMPLATES,   FALSE },
  { "outbox",         INV_CHANGE_OUTBOX,      TRUE },
  { "cancel_batches", INV_CHANGE_OUTBOX,      FALSE },
  { "history",        INV_CHANGE_HISTORY,     FALSE },
};

/**
 * _inv_database_lookup_change_table:
 * @kind: (out) (optional): what a write to @table is announced as
 * @by_row: (out) (optional): whether its rowid names the row that changed
 *
 * Returns: %TRUE when writes to @table are announced
 */
gboolean
_inv_database_lookup_change_table (const char    *table,
                                   InvChangeKind *kind,
                                   gboolean      *by_row)
{
  for (guint i = 0; i < G_N_ELEMENTS (change_tables); i++)
    {
      if (strcmp (table, change_tables[i].table) == 0)
        {
          if (kind != NULL)
            *kind = change_tables[i].kind;
          if (by_row != NULL)
            *by_row = change_tables[i].by_row;
          return TRUE;
        }
    }

  return FALSE;
}

/* SQLite tells of every row written in a rowid table. Tables of the temp schema (a
 * bulk cancel's staging copy) and those not listed (the search index's own) are
 * nobody's news. */
static void
update_hook_cb (void          *user_data,
                int            operation,
                const char    *schema,
                const char    *table,
                sqlite3_int64  rowid)
{
  InvDatabase *self = user_data;
  InvChangeKind kind;
  gboolean by_row;

  if (strcmp (schema, "main") != 0 || !_inv_database_lookup_change_table (table, &kind, &by_row))
    return;

  if (by_row)
    inv_change_set_add (self->uncommitted, kind, rowid);
  else
    inv_change_set_add_many (self->uncommitted, kind);
}

/* Called while COMMIT runs, before it is durable: the rows move to "committed", and
 * are published once SQLite says the commit is done (publish_committed()). */
static int
commit_hook_cb (void *user_data)
{
  InvDatabase *self = user_data;

  if (!inv_change_set_is_empty (self->uncommitted))
    {
      inv_change_set_merge (self->committed, self->uncommitted);
      inv_change_set_clear (self->uncommitted);
    }

  return 0;
}

static void
rollback_hook_cb (void *user_data)
{
  InvDatabase *self = user_data;

  inv_change_set_clear (self->uncommitted);
}

static void
publish_committed (InvDatabase *self)
{
  if (inv_change_set_is_empty (self->committed))
    return;

  /* A COMMIT that failed (busy) leaves the transaction open: wait for the real one. */
  if (!sqlite3_get_autocommit (self->db))
    return;

  inv_change_hub_publish (self->hub, self->committed);
  inv_change_set_clear (self->committed);
}

/* inv_casefold(): SQLite's LIKE folds ASCII only; names such as "Çelik" are matched in
 * any case by folding both sides, composed the way stored text is. Every connection
 * has it, so a search may run on any of them. */
static void
casefold_function (sqlite3_context  *context,
                   int               n_values,
                   sqlite3_value   **values)
{
  const char *text = (const char *)sqlite3_value_text (values[0]);
  g_autofree char *normalized = NULL;
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  normalized = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  folded = g_utf8_casefold (normalized != NULL ? normalized : text, -1);
  sqlite3_result_text (context, folded, -1, g_free);
}

/* SQLite calls this after each commit in WAL mode, once the write lock is released:
 * the moment other connections can read what was written. It takes the place of the
 * automatic checkpoint, which uses the same hook. */
static int
wal_hook_cb (void          *user_data,
             sqlite3       *db,
             const char    *schema,
             int            n_pages)
{
  InvDatabase *self = user_data;

  publish_committed (self);

  if (self->autocheckpoint > 0 && n_pages >= self->autocheckpoint)
    sqlite3_wal_checkpoint_v2 (db, schema, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);

  return SQLITE_OK;
}

static void
install_hooks (InvDatabase *self)
{
  self->hub = inv_change_hub_get_for_path (self->path);
  self->uncommitted = inv_change_set_new ();
  self->committed = inv_change_set_new ();
  self->autocheckpoint = DEFAULT_AUTOCHECKPOINT;

  sqlite3_update_hook (self->db, update_hook_cb, self);
  sqlite3_commit_hook (self->db, commit_hook_cb, self);
  sqlite3_rollback_hook (self->db, rollback_hook_cb, self);
  sqlite3_wal_hook (self->db, wal_hook_cb, self);
}

static gint64
query_data_version (InvDatabase *self)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version = 0;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
inv_database_finalize (GObject *object)
{
  InvDatabase *self = (InvDatabase *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      /* A database in rollback-journal mode (a large load) has no WAL hook to say
       * when its last commit was done. */
      publish_committed (self);
      sqlite3_close_v2 (self->db);
    }
  g_clear_pointer (&self->uncommitted, inv_change_set_unref);
  g_clear_pointer (&self->committed, inv_change_set_unref);
  g_clear_object (&self->hub);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (inv_database_parent_class)->finalize (object);
}

static void
inv_database_class_init (InvDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inv_database_finalize;
}

static void
inv_database_init (InvDatabase *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}

/**
 * inv_database_get_default_path:
 *
 * Returns: (transfer full): where the app keeps its database when none is named:
 *   `$XDG_DATA_HOME/invitations/invitations.db` (`invitations-devel/` in the
 *   development profile)
 */
char *
inv_database_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), DATA_DIRECTORY_NAME, "invitations.db", NULL);
}

/**
 * inv_database_open_at_version:
 * @path: the database file; created (with its folder) when missing
 * @version: the schema version to bring it to
 * @error: return location for a #GError
 *
 * Like inv_database_open(), but stops upgrading at @version. Tests use it to create
 * files as older versions of the app wrote them.
 *
 * Returns: (transfer full): the database, or %NULL with @error set
 */
InvDatabase *
inv_database_open_at_version (const char  *path,
                              int          version,
                              GError     **error)
{
  g_autoptr(InvDatabase) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (version >= 0 && version <= INV_DATABASE_SCHEMA_VERSION, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!inspect_existing_file (path, INV_DATABASE_SCHEMA_VERSION, error))
        return NULL;
    }
  else
    {
      g_autofree char *folder = g_path_get_dirname (path);

      if (g_mkdir_with_parents (folder, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_IO,
                       _("Cannot create the folder “%s”: %s"), folder, g_strerror (saved_errno));
          return NULL;
        }
    }

  self = g_object_new (INV_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self->db, rc, path, _("Opening the database"), error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  /* Another writer (the command line, a bulk cancel's own connection, a checkpoint)
   * holds the lock for seconds at most; a loaded machine makes that longer. Waiting is
   * better than telling the person the file is in use. */
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (!exec_sql (self->db, path,
                 "PRAGMA journal_mode = WAL;"
                 "PRAGMA synchronous = NORMAL;"
                 "PRAGMA foreign_keys = ON;"
                 "PRAGMA temp_store = MEMORY;",
                 error))
    return NULL;

  /* After the migration: a schema upgrade is nobody's news. */
  if (!migrate (self, version, error))
    return NULL;

  install_hooks (self);
  sqlite3_create_function (self->db, "inv_casefold", 1,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           NULL, casefold_function, NULL, NULL);
  self->data_version = query_data_version (self);

  return g_steal_pointer (&self);
}

/**
 * inv_database_open:
 * @path: the database file; created (with its folder) when missing
 * @error: return location for a #GError
 *
 * Opens the app's database and brings its schema up to date. A file that is not
 * SQLite, is damaged, belongs to another program or was written by a newer version
 * is refused with an error and left untouched.
 *
 * Returns: (transfer full): the database, or %NULL with @error set
 */
InvDatabase *
inv_database_open (const char  *path,
                   GError     **error)
{
  return inv_database_open_at_version (path, INV_DATABASE_SCHEMA_VERSION, error);
}

const char *
inv_database_get_path (InvDatabase *self)
{
  g_return_val_if_fail (INV_IS_DATABASE (self), NULL);

  return self->path;
}

sqlite3 *
inv_database_get_handle (InvDatabase *self)
{
  g_return_val_if_fail (INV_IS_DATABASE (self), NULL);

  return self->db;
}

int
inv_database_get_version (InvDatabase *self)
{
  g_return_val_if_fail (INV_IS_DATABASE (self), -1);

  return self->version;
}

/**
 * inv_database_prepare:
 * @self: a #InvDatabase
 * @sql: a statement whose text is constant (it is the cache key)
 * @error: return location for a #GError
 *
 * Returns a prepared statement, reset and with its bindings cleared. Statements are
 * prepared once per connection and reused.
 *
 * Returns: (transfer none): the statement, or %NULL with @error set
 */
sqlite3_stmt *
inv_database_prepare (InvDatabase  *self,
                      const char   *sql,
                      GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      inv_database_set_error (self, error, sql);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);

  return stmt;
}

gboolean
inv_database_exec (InvDatabase  *self,
                   const char   *sql,
                   GError      **error)
{
  gboolean ret;

  g_return_val_if_fail (INV_IS_DATABASE (self), FALSE);

  ret = exec_sql (self->db, self->path, sql, error);
  publish_committed (self);

  return ret;
}

/* Takes the write lock at once, so that a transaction never fails half-way for want
 * of it. */
static gboolean
begin_immediate (InvDatabase  *self,
                 GError      **error)
{
  return inv_database_exec (self, "BEGIN IMMEDIATE", error);
}

/* Reentrant, so that a function which must write several rows together need not know
 * whether its caller has a transaction open: with one open, it joins it (a bulk
 * cancel writes its outbox rows in the same transaction as its status changes). A
 * joined scope never ends the transaction: only the outermost one commits or rolls
 * back, so what the change backbone announces is always what the outermost scope
 * committed. A SAVEPOINT would let a nested scope undo just its own part, but SQLite
 * then keeps a copy of every page the nested work changes (hundreds of megabytes for
 * the outbox rows of a bulk undo), and no caller goes on after a nested failure. */
struct _InvTransaction
{
  InvDatabase *database;  /* owned */
  gboolean     own;       /* began the transaction instead of joining the caller's */
  gboolean     ended;     /* committed or rolled back */
};

/**
 * inv_transaction_begin:
 * @database: the app's database
 * @kind: how to start a transaction of its own
 * @error: return location for a #GError
 *
 * Starts a transaction, or joins the one already open on @database's connection
 * (whoever opened it). Free the result with inv_transaction_free(), usually through
 * g_autoptr(): without inv_transaction_commit() that rolls a transaction of its own
 * back.
 *
 * Returns: (transfer full): the scope, or %NULL with @error set
 */
InvTransaction *
inv_transaction_begin (InvDatabase         *database,
                       InvTransactionKind   kind,
                       GError             **error)
{
  InvTransaction *self;
  gboolean own;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);

  own = sqlite3_get_autocommit (database->db) != 0;

  if (own && !(kind == INV_TRANSACTION_IMMEDIATE ? begin_immediate (database, error)
                                                 : inv_database_exec (database, "BEGIN", error)))
    return NULL;

  self = g_new0 (InvTransaction, 1);
  self->database = g_object_ref (database);
  self->own = own;

  return self;
}

/**
 * inv_transaction_commit:
 *
 * Commits a transaction of its own; a joined one is left for its owner to commit.
 * On failure the transaction stays open, and freeing the scope rolls it back.
 *
 * Returns: %TRUE on success
 */
gboolean
inv_transaction_commit (InvTransaction  *self,
                        GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->ended, FALSE);

  if (self->own && !inv_database_exec (self->database, "COMMIT", error))
    return FALSE;

  self->ended = TRUE;

  return TRUE;
}

/**
 * inv_transaction_rollback:
 *
 * Rolls a transaction of its own back. A joined one is left alone: its owner learns
 * of the failure through the error the nested work returns, and rolls back the whole.
 */
void
inv_transaction_rollback (InvTransaction *self)
{
  g_return_if_fail (self != NULL);

  if (self->ended)
    return;

  /* The transaction may be gone already: SQLite rolls back by itself after some
   * errors. */
  if (self->own && !sqlite3_get_autocommit (self->database->db))
    sqlite3_exec (self->database->db, "ROLLBACK", NULL, NULL, NULL);
  self->ended = TRUE;
}

/**
 * inv_transaction_is_nested:
 *
 * Returns: %TRUE if @self joined a transaction that was already open
 */
gboolean
inv_transaction_is_nested (InvTransaction *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return !self->own;
}

/**
 * inv_transaction_free:
 *
 * Ends the scope, rolling back what was not committed (see inv_transaction_rollback()).
 */
void
inv_transaction_free (InvTransaction *self)
{
  if (self == NULL)
    return;

  inv_transaction_rollback (self);
  g_object_unref (self->database);
  g_free (self);
}

/**
 * inv_database_get_change_hub:
 *
 * Returns: (transfer none): where the commits to this file are announced, by this
 *   connection and every other one of the process
 */
InvChangeHub *
inv_database_get_change_hub (InvDatabase *self)
{
  g_return_val_if_fail (INV_IS_DATABASE (self), NULL);

  return self->hub;
}

/**
 * inv_database_get_autocheckpoint:
 *
 * Returns: the WAL size in pages at which a commit checkpoints; 0 for never
 */
int
inv_database_get_autocheckpoint (InvDatabase *self)
{
  g_return_val_if_fail (INV_IS_DATABASE (self), 0);

  return self->autocheckpoint;
}

/**
 * inv_database_set_autocheckpoint:
 * @n_pages: checkpoint once the WAL holds this many pages; 0 never
 *
 * What `PRAGMA wal_autocheckpoint` does, kept apart because that pragma would also
 * remove the hook through which commits are announced.
 */
void
inv_database_set_autocheckpoint (InvDatabase *self,
                                 int          n_pages)
{
  g_return_if_fail (INV_IS_DATABASE (self));

  self->autocheckpoint = MAX (n_pages, 0);
}

/**
 * inv_database_check_data_version:
 *
 * Whether another connection committed to the file since the last call: another
 * process, or another connection of this one.
 *
 * Returns: %TRUE when the file changed under this connection
 */
gboolean
inv_database_check_data_version (InvDatabase *self)
{
  gint64 version;

  g_return_val_if_fail (INV_IS_DATABASE (self), FALSE);

  version = query_data_version (self);
  if (version == self->data_version)
    return FALSE;

  self->data_version = version;

  return TRUE;
}

/**
 * inv_database_step_done:
 *
 * Steps a statement that returns no rows, and resets it.
 */
gboolean
inv_database_step_done (InvDatabase   *self,
                        sqlite3_stmt  *stmt,
                        GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      inv_database_set_error (self, error, sqlite3_sql (stmt));
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  publish_committed (self);

  return TRUE;
}

/**
 * inv_database_step_int64:
 * @stmt: a query for one number
 * @value: (out): the first column of its first row; left as it was when there is none
 *
 * Steps @stmt once and resets it. For lookups whose caller goes on with a default
 * when there is no answer: a failed step counts as no row.
 *
 * Returns: %TRUE if there was a row
 */
gboolean
inv_database_step_int64 (sqlite3_stmt *stmt,
                         gint64       *value)
{
  gboolean found = FALSE;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *value = sqlite3_column_int64 (stmt, 0);
      found = TRUE;
    }
  sqlite3_reset (stmt);

  return found;
}

/**
 * inv_database_step_row:
 * @stmt: a query for one row
 * @doing: what the query is for, named in the error when it fails
 * @error: return location for a #GError
 * @not_found_format: the message of the %INV_DATABASE_ERROR_NOT_FOUND error set when
 *   there is no row, a printf() format
 * @...: its arguments
 *
 * Steps a statement that looks up one row. The caller reads the row when there is
 * one, and resets @stmt either way.
 *
 * Returns: %TRUE if there is a row; %FALSE with @error set otherwise
 */
gboolean
inv_database_step_row (InvDatabase   *self,
                       sqlite3_stmt  *stmt,
                       const char    *doing,
                       GError       **error,
                       const char    *not_found_format,
                       ...)
{
  va_list args;
  int rc;

  g_return_val_if_fail (INV_IS_DATABASE (self), FALSE);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;

  if (rc != SQLITE_DONE)
    {
      inv_database_set_error (self, error, doing);
      return FALSE;
    }

  va_start (args, not_found_format);
  g_propagate_error (error, g_error_new_valist (INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND,
                                                not_found_format, args));
  va_end (args);

  return FALSE;
}

/**
 * inv_database_read_ids:
 * @stmt: a query whose first column is a row id
 * @doing: what the query is for, named in the error when it fails
 * @error: return location for a #GError
 *
 * Steps @stmt to its end and resets it.
 *
 * Returns: (transfer full) (element-type gint64): the first column of every row, in
 *   order, or %NULL with @error set
 */
GArray *
inv_database_read_ids (InvDatabase   *self,
                       sqlite3_stmt  *stmt,
                       const char    *doing,
                       GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  g_return_val_if_fail (INV_IS_DATABASE (self), NULL);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      inv_database_set_error (self, error, doing);
      sqlite3_reset (stmt);
      return NULL;
    }

  sqlite3_reset (stmt);

  return g_steal_pointer (&ids);
}

/**
 * inv_database_append_history:
 * @event: what happened, a short machine name ("invited", "cancelled", …)
 * @detail: (nullable): a human-readable detail; never personal data, because history
 *   outlives an erasure of the candidate
 */
gboolean
inv_database_append_history (InvDatabase  *self,
                             gint64        invitation_id,
                             gint64        at,
                             const char   *event,
                             const char   *detail,
                             GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  stmt = inv_database_prepare (self,
                               "INSERT INTO history (invitation_id, at, event, detail) "
                               "VALUES (?1, ?2, ?3, ?4)",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, invitation_id);
  sqlite3_bind_int64 (stmt, 2, at);
  sqlite3_bind_text (stmt, 3, event, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, detail, -1, SQLITE_STATIC);

  return inv_database_step_done (self, stmt, error);
}

/**
 * inv_database_get_meta:
 *
 * Returns: (transfer full) (nullable): the value stored under @key
 */
char *
inv_database_get_meta (InvDatabase *self,
                       const char  *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (self), NULL);

  stmt = inv_database_prepare (self, "SELECT value FROM meta WHERE key = ?1", NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return value;
}

gboolean
inv_database_set_meta (InvDatabase  *self,
                       const char   *key,
                       const char   *value,
                       GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (self), FALSE);

  stmt = inv_database_prepare (self,
                               "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);

  return inv_database_step_done (self, stmt, error);
}

/**
 * inv_database_now:
 *
 * Returns: the current time as stored in the database: seconds since the epoch, UTC
 */
gint64
inv_database_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/**
 * inv_database_format_time:
 *
 * Returns: (transfer full): @unix_time as the service spells times: `YYYY-MM-DDTHH:MM:SSZ`
 */
char *
inv_database_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  if (dt == NULL)
    return g_strdup ("");

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * inv_database_parse_time:
 * @iso8601: a time such as `2026-11-22T09:00:00Z`; without a zone it is taken as UTC
 *
 * Returns: %TRUE if @iso8601 was a time
 */
gboolean
inv_database_parse_time (const char *iso8601,
                         gint64     *unix_time)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;

  if (iso8601 == NULL || *iso8601 == '\0')
    return FALSE;

  dt = g_date_time_new_from_iso8601 (iso8601, utc);
  if (dt == NULL)
    return FALSE;

  *unix_time = g_date_time_to_unix (dt);

  return TRUE;
}

/* inv-database-changes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The change backbone on the connection: SQLite's update, commit, rollback and WAL
 * hooks collect what a transaction wrote and publish it on the file's hub once the
 * commit is on disk; PRAGMA data_version tells of other processes' commits.
 */

#define G_LOG_DOMAIN "inv-database"

#include "config.h"

#include <glib/gi18n.h>
#include "inv-change-hub.h"

#include "inv-database-private.h"

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

void
_inv_database_publish_committed (InvDatabase *self)
{
  /* A connection that failed to open has no hooks, and nothing to publish. */
  if (self->committed == NULL || inv_change_set_is_empty (self->committed))
    return;

  /* A COMMIT that failed (busy) leaves the transaction open: wait for the real one. */
  if (!sqlite3_get_autocommit (self->db))
    return;

  inv_change_hub_publish (self->hub, self->committed);
  inv_change_set_clear (self->committed);
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

  _inv_database_publish_committed (self);

  if (self->autocheckpoint > 0 && n_pages >= self->autocheckpoint)
    sqlite3_wal_checkpoint_v2 (db, schema, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);

  return SQLITE_OK;
}

void
_inv_database_install_hooks (InvDatabase *self)
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

gint64
_inv_database_query_data_version (InvDatabase *self)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version = 0;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
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

  version = _inv_database_query_data_version (self);
  if (version == self->data_version)
    return FALSE;

  self->data_version = version;

  return TRUE;
}

/* inv-database-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of #InvDatabase share: the connection's struct, and the steps of
 * opening it that live in their own files.
 */

#pragma once

#include <sqlite3.h>

#include "inv-change-hub.h"
#include "inv-database.h"

G_BEGIN_DECLS

#define BUSY_TIMEOUT_MS 30000

/* SQLite's own default: checkpoint once the WAL holds this many pages. */
#define DEFAULT_AUTOCHECKPOINT 1000

struct _InvDatabase
{
  GObject       parent_instance;

  char         *path;
  sqlite3      *db;          /* owned */
  InvCollation *collation;   /* owned; the connection's SQL functions use it */
  GHashTable   *statements;  /* SQL text → sqlite3_stmt, owned; prepared once, reused */
  int           version;
  gboolean      read_only;   /* opened for reading: the file or its folder is not writable */
  gboolean      disk_full;   /* opened for reading because the disk was too full to write */

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

/* inv-database.c */
void     _inv_database_set_sqlite_error     (sqlite3      *db,
                                             int           rc,
                                             const char   *path,
                                             const char   *doing,
                                             GError      **error);

gboolean _inv_database_exec_sql             (sqlite3      *db,
                                             const char   *path,
                                             const char   *sql,
                                             GError      **error);
int      _inv_database_open_read_only_handle (const char  *path,
                                              sqlite3    **db);

/* inv-database-schema.c */
gboolean _inv_database_inspect_existing_file (const char  *path,
                                              int         max_version,
                                              GError     **error);
gboolean _inv_database_sort_keys_are_current (InvDatabase *self);
gboolean _inv_database_update_collation     (InvDatabase  *self,
                                             GCancellable *cancellable,
                                             GError      **error);
gboolean _inv_database_migrate              (InvDatabase  *self,
                                             int           version,
                                             GError      **error);

/* inv-database-changes.c */
void     _inv_database_install_hooks        (InvDatabase  *self);
gint64   _inv_database_query_data_version   (InvDatabase  *self);
void     _inv_database_publish_committed    (InvDatabase  *self);

G_END_DECLS

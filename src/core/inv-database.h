/* inv-database.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "inv-change-hub.h"
#include "inv-collation.h"

G_BEGIN_DECLS

#define INV_DATABASE_ERROR (inv_database_error_quark ())

typedef enum
{
  INV_DATABASE_ERROR_NOT_A_DATABASE,  /* not SQLite at all */
  INV_DATABASE_ERROR_CORRUPT,         /* SQLite, but damaged */
  INV_DATABASE_ERROR_FOREIGN,         /* SQLite, but some other program's database */
  INV_DATABASE_ERROR_NEWER_VERSION,   /* written by a newer version of the app */
  INV_DATABASE_ERROR_IO,              /* cannot read, write or create the file */
  INV_DATABASE_ERROR_BUSY,            /* another program holds the lock too long */
  INV_DATABASE_ERROR_CONSTRAINT,      /* a uniqueness or integrity rule refused the change */
  INV_DATABASE_ERROR_NOT_FOUND,
  INV_DATABASE_ERROR_INVALID,         /* the caller asked for something that cannot be */
  INV_DATABASE_ERROR_FAILED,
  INV_DATABASE_ERROR_FULL,            /* the disk is full: the change was not written */
  INV_DATABASE_ERROR_READ_ONLY,       /* the file or its folder cannot be written */
  INV_DATABASE_ERROR_NOT_REGULAR,     /* a device, a pipe or another non-regular file */
} InvDatabaseError;

/* The schema version this build writes; a file with a higher PRAGMA user_version was
 * written by a newer app and is refused untouched. */
#define INV_DATABASE_SCHEMA_VERSION 11

/* "Invi": marks a file as ours in the SQLite header (PRAGMA application_id). */
#define INV_DATABASE_APPLICATION_ID 0x496e7669

typedef enum
{
  INV_DATABASE_OPEN_DEFAULT = 0,
  /* Names' sort keys made for another locale stay as they are (the app makes them
   * anew on a worker rather than before its window shows). */
  INV_DATABASE_OPEN_KEEP_SORT_KEYS = 1 << 0,
} InvDatabaseOpenFlags;

#define INV_TYPE_DATABASE (inv_database_get_type ())

G_DECLARE_FINAL_TYPE (InvDatabase, inv_database, INV, DATABASE, GObject)

GQuark         inv_database_error_quark      (void);
char          *inv_database_get_default_path (void);

InvDatabase   *inv_database_open             (const char   *path,
                                              GError      **error);
InvDatabase   *inv_database_open_at_version  (const char   *path,
                                              int           version,
                                              GError      **error);
InvDatabase   *inv_database_open_full        (const char   *path,
                                              InvDatabaseOpenFlags flags,
                                              GError      **error);
gboolean       inv_database_sort_keys_are_current (InvDatabase *self);
gboolean       inv_database_update_sort_keys (InvDatabase  *self,
                                              GCancellable *cancellable,
                                              GError      **error);
const char    *inv_database_get_path         (InvDatabase  *self);
InvCollation  *inv_database_get_collation    (InvDatabase  *self);
sqlite3       *inv_database_get_handle       (InvDatabase  *self);
int            inv_database_get_version      (InvDatabase  *self);
gboolean       inv_database_is_read_only     (InvDatabase  *self);
gboolean       inv_database_is_disk_full     (InvDatabase  *self);

GPtrArray     *inv_database_find_exposed_files (const char  *path);
gboolean       inv_database_restrict_access  (const char   *path,
                                              GError      **error);
InvChangeHub  *inv_database_get_change_hub   (InvDatabase  *self);
int            inv_database_get_autocheckpoint (InvDatabase *self);
void           inv_database_set_autocheckpoint (InvDatabase *self,
                                              int           n_pages);
gboolean       inv_database_check_data_version (InvDatabase *self);
gboolean       _inv_database_lookup_change_table (const char    *table,
                                                  InvChangeKind *kind,
                                                  gboolean      *by_row);

sqlite3_stmt  *inv_database_prepare          (InvDatabase  *self,
                                              const char   *sql,
                                              GError      **error);
gboolean       inv_database_exec             (InvDatabase  *self,
                                              const char   *sql,
                                              GError      **error);
gboolean       inv_database_step_done        (InvDatabase  *self,
                                              sqlite3_stmt *stmt,
                                              GError      **error);
void           inv_database_set_error        (InvDatabase  *self,
                                              GError      **error,
                                              const char   *doing);
gboolean       inv_database_step_int64       (sqlite3_stmt *stmt,
                                              gint64       *value);
gboolean       inv_database_step_row         (InvDatabase  *self,
                                              sqlite3_stmt *stmt,
                                              const char   *doing,
                                              GError      **error,
                                              const char   *not_found_format,
                                              ...) G_GNUC_PRINTF (5, 6);
GArray        *inv_database_read_ids         (InvDatabase  *self,
                                              sqlite3_stmt *stmt,
                                              const char   *doing,
                                              GError      **error);

gboolean       inv_database_append_history   (InvDatabase  *self,
                                              gint64        invitation_id,
                                              gint64        at,
                                              const char   *event,
                                              const char   *detail,
                                              GError      **error);

char          *inv_database_get_meta         (InvDatabase  *self,
                                              const char   *key);
gboolean       inv_database_set_meta         (InvDatabase  *self,
                                              const char   *key,
                                              const char   *value,
                                              GError      **error);

gint64         inv_database_now              (void);
char          *inv_database_format_time      (gint64        unix_time);
gboolean       inv_database_parse_time       (const char   *iso8601,
                                              gint64       *unix_time);

G_END_DECLS

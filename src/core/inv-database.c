/* inv-database.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-database"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "inv-change-hub.h"
#include "inv-collation.h"
#include "inv-database-private.h"
#include "inv-invitation-query.h"

G_DEFINE_FINAL_TYPE (InvDatabase, inv_database, G_TYPE_OBJECT)

G_DEFINE_QUARK (inv-database-error-quark, inv_database_error)

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
    case SQLITE_FULL: return INV_DATABASE_ERROR_FULL;
    case SQLITE_READONLY: return INV_DATABASE_ERROR_READ_ONLY;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM: return INV_DATABASE_ERROR_IO;
    default: return INV_DATABASE_ERROR_FAILED;
    }
}

void
_inv_database_set_sqlite_error (sqlite3     *db,
                                int          rc,
                                const char  *path,
                                const char  *doing,
                                GError     **error)
{
  int code = error_code_for_sqlite (rc);
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  /* SQLite reports some failed writes of a full or read-only disk as plain I/O errors
   * (growing the WAL's index, syncing); the system's error says which. */
  if (code == INV_DATABASE_ERROR_IO && db != NULL)
    {
      int system_errno = sqlite3_system_errno (db);

      if (system_errno == ENOSPC || system_errno == EDQUOT)
        code = INV_DATABASE_ERROR_FULL;
      else if (system_errno == EROFS)
        code = INV_DATABASE_ERROR_READ_ONLY;
    }

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
                   _("The database “%s” is in use by another program; nothing was changed. Close the other program or try again."),
                   path);
      break;

    /* A failed write rolls its transaction back: what the person asked for is not
     * half done, and saying so spares them checking. */
    case INV_DATABASE_ERROR_FULL:
      g_set_error_literal (error, INV_DATABASE_ERROR, code,
                           _("The disk is full; nothing was changed. Free some space and try again."));
      break;

    case INV_DATABASE_ERROR_READ_ONLY:
      g_set_error (error, INV_DATABASE_ERROR, code,
                   _("The database “%s” is read-only; nothing was changed. Make the file and its folder writable to change it."),
                   path);
      break;

    case INV_DATABASE_ERROR_IO:
      if ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_PERM)
        g_set_error (error, INV_DATABASE_ERROR, code,
                     _("Cannot open the database “%s”. Check that the file and its folder exist and may be read and written."),
                     path);
      else
        g_set_error (error, INV_DATABASE_ERROR, code,
                     _("Could not read or write the database “%s”; nothing was changed. Check the disk and try again."),
                     path);
      break;

    /* The statement is for the log only: a person gets SQLite's reason, not SQL. */
    default:
      g_debug ("%s: %s", doing, detail);
      g_set_error (error, INV_DATABASE_ERROR, code,
                   _("The database could not carry this out (%s)"), detail);
      break;
    }
}

gboolean
_inv_database_exec_sql (sqlite3     *db,
                        const char  *path,
                        const char  *sql,
                        GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      _inv_database_set_sqlite_error (db, rc, path, message != NULL ? message : sql, error);
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

/* A connection opened for reading because the disk was full refuses changes as
 * read-only; the person is told the reason instead. */
static void
explain_read_only (InvDatabase  *self,
                   GError      **error)
{
  if (self->disk_full && error != NULL &&
      g_error_matches (*error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_READ_ONLY))
    {
      g_clear_error (error);
      g_set_error_literal (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_FULL,
                           _("The disk is full; nothing was changed. Free some space and try again."));
    }
}

void
inv_database_set_error (InvDatabase  *self,
                        GError      **error,
                        const char   *doing)
{
  g_return_if_fail (INV_IS_DATABASE (self));

  _inv_database_set_sqlite_error (self->db, sqlite3_extended_errcode (self->db), self->path, doing, error);
  explain_read_only (self, error);
}

/* inv_casefold(): SQLite's LIKE folds ASCII only; names such as "Çelik" are matched
 * whatever their case and accents by folding both sides (inv_search_fold()). Every
 * connection has it, so a search may run on any of them. */
static void
casefold_function (sqlite3_context  *context,
                   int               n_values,
                   sqlite3_value   **values)
{
  const char *text = (const char *)sqlite3_value_text (values[0]);

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  sqlite3_result_text (context, inv_search_fold (text), -1, g_free);
}

/* inv_search_text(name, email): what invitations.search_text holds, for the schema
 * step that rewrote it. */
static void
search_text_function (sqlite3_context  *context,
                      int               n_values,
                      sqlite3_value   **values)
{
  sqlite3_result_text (context,
                       inv_search_text_new ((const char *)sqlite3_value_text (values[0]),
                                            (const char *)sqlite3_value_text (values[1])),
                       -1, g_free);
}

/* inv_name_key(name): the sort key of a name in the connection's collation; the store
 * keeps it in invitations.name_key. */
static void
name_key_function (sqlite3_context  *context,
                   int               n_values,
                   sqlite3_value   **values)
{
  InvCollation *collation = sqlite3_user_data (context);
  gsize length;
  guint8 *key = inv_collation_key (collation, (const char *)sqlite3_value_text (values[0]),
                                   &length);

  sqlite3_result_blob (context, key, length, g_free);
}

/* inv_candidate_key(last_name, first_name): a candidate's sort key, by last name then
 * first name; the store keeps it in candidates.name_key. */
static void
candidate_key_function (sqlite3_context  *context,
                        int               n_values,
                        sqlite3_value   **values)
{
  InvCollation *collation = sqlite3_user_data (context);
  gsize length;
  guint8 *key = inv_collation_key_of_pair (collation,
                                           (const char *)sqlite3_value_text (values[0]),
                                           (const char *)sqlite3_value_text (values[1]),
                                           &length);

  sqlite3_result_blob (context, key, length, g_free);
}

/* inv_collation_id(): what meta's "collation" records for the keys just written. */
static void
collation_id_function (sqlite3_context  *context,
                       int               n_values,
                       sqlite3_value   **values)
{
  InvCollation *collation = sqlite3_user_data (context);

  sqlite3_result_text (context, inv_collation_get_id (collation), -1, SQLITE_TRANSIENT);
}

/* Before the migration, whose steps use them. The keys depend on the collation, not
 * only on their arguments: never deterministic, so no index may be built on them. */
static void
register_functions (InvDatabase *self)
{
  static const struct {
    const char *name;
    int n_args;
    gboolean deterministic;
    void (*func) (sqlite3_context *, int, sqlite3_value **);
  } functions[] = {
    { "inv_casefold", 1, TRUE, casefold_function },
    { "inv_search_text", 2, TRUE, search_text_function },
    { "inv_name_key", 1, FALSE, name_key_function },
    { "inv_candidate_key", 2, FALSE, candidate_key_function },
    { "inv_collation_id", 0, FALSE, collation_id_function },
  };

  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    sqlite3_create_function (self->db, functions[i].name, functions[i].n_args,
                             SQLITE_UTF8 | SQLITE_INNOCUOUS |
                             (functions[i].deterministic ? SQLITE_DETERMINISTIC : 0),
                             self->collation, functions[i].func, NULL, NULL);
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
      _inv_database_publish_committed (self);
      sqlite3_close_v2 (self->db);
    }
  g_clear_pointer (&self->uncommitted, inv_change_set_unref);
  g_clear_pointer (&self->committed, inv_change_set_unref);
  g_clear_object (&self->hub);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->collation, inv_collation_free);

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

/* Made before SQLite opens it: SQLite would create it 0644 less the umask, and gives
 * its WAL, the WAL's index and a rollback journal the database file's own mode. The
 * file holds candidates' names, emails and phone numbers: only its owner may read it,
 * whatever the umask. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_IO,
                   _("Cannot create the folder “%s”: %s"), folder, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      /* Another process made it meanwhile, as private as this one would have. */
      if (saved_errno == EEXIST)
        return TRUE;

      g_set_error (error, INV_DATABASE_ERROR,
                   saved_errno == ENOSPC ? INV_DATABASE_ERROR_FULL
                   : saved_errno == EROFS ? INV_DATABASE_ERROR_READ_ONLY
                   : INV_DATABASE_ERROR_IO,
                   _("Cannot create the database “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  /* The umask can only have taken bits away; this makes the mode exact. */
  if (fchmod (fd, 0600) != 0)
    g_warning ("Could not set the mode of %s: %s", path, g_strerror (errno));
  close (fd);

  return TRUE;
}

/* A device, a pipe or a socket is refused before SQLite touches it: SQLite would
 * otherwise create a journal beside it ("/dev/null-journal"). */
static gboolean
check_regular_file (const char  *path,
                    GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_IO,
                   _("Cannot open “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_IO,
                   _("“%s” is a folder, not a database file"), path);
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_REGULAR,
                   _("“%s” is a device or another special file, not a database file; give the path of a database file."),
                   path);
      return FALSE;
    }

  return TRUE;
}

/* SQLite writes beside the file (its WAL and the WAL's index): both the file and
 * its folder must be writable for a change to be saved. */
static gboolean
is_writable (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);

  return g_access (path, W_OK) == 0 && g_access (folder, W_OK) == 0;
}

/**
 * _inv_database_open_read_only_handle:
 * @db: (out): the connection; close it with sqlite3_close() even on failure
 *
 * Opens @path for reading only. A database in WAL mode needs the WAL's index beside
 * it; where it cannot be created (a read-only folder, after the last writer removed
 * it), the file is read as it stands on disk, which is all of its data once its last
 * writer closed it.
 *
 * Returns: an SQLite result code
 */
int
_inv_database_open_read_only_handle (const char  *path,
                                     sqlite3    **db)
{
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;
  int rc;

  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  rc = sqlite3_open_v2 (path, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  /* Every connection waits for another process's lock (its last close checkpoints
   * the WAL and removes it, under an exclusive lock) instead of failing at once. */
  if (rc == SQLITE_OK)
    sqlite3_busy_timeout (*db, BUSY_TIMEOUT_MS);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (*db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    return rc;

  /* Reading the file alone is exact only when no WAL holds changes beyond it. A full
   * disk has no room for the WAL's index either. */
  if ((rc & 0xff) != SQLITE_CANTOPEN && (rc & 0xff) != SQLITE_FULL && (rc & 0xff) != SQLITE_IOERR)
    return rc;
  if (g_stat (wal, &st) == 0 && st.st_size > 0)
    return rc;

  sqlite3_close (*db);
  *db = NULL;
  escaped = g_uri_escape_string (path, "/", FALSE);
  uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);

  rc = sqlite3_open_v2 (uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI,
                        NULL);
  if (rc == SQLITE_OK)
    sqlite3_busy_timeout (*db, BUSY_TIMEOUT_MS);

  return rc;
}

static InvDatabase *
open_connection (const char            *path,
                 int                    version,
                 InvDatabaseOpenFlags   flags,
                 gboolean               read_only,
                 GError               **error);

static InvDatabase *
open_database (const char            *path,
               int                    version,
               InvDatabaseOpenFlags   flags,
               GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  InvDatabase *self;
  gboolean read_only = FALSE;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!check_regular_file (path, error) ||
          !_inv_database_inspect_existing_file (path, INV_DATABASE_SCHEMA_VERSION, error))
        return NULL;

      /* Listed and exported still; every change is refused with a message saying so. */
      read_only = !is_writable (path);
    }
  else if (!create_private_file (path, error))
    return NULL;

  self = open_connection (path, version, flags, read_only, &local_error);
  if (self != NULL || read_only ||
      !g_error_matches (local_error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_FULL))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return self;
    }

  /* A disk so full that the WAL's index cannot be made: still read what is there,
   * and let each change say the disk is full. */
  self = open_connection (path, version, flags, TRUE, NULL);
  if (self == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  self->disk_full = TRUE;

  return self;
}

static InvDatabase *
open_connection (const char            *path,
                 int                    version,
                 InvDatabaseOpenFlags   flags,
                 gboolean               read_only,
                 GError               **error)
{
  g_autoptr(InvDatabase) self = NULL;
  int rc;

  self = g_object_new (INV_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);
  self->read_only = read_only;
  self->collation = inv_collation_new (NULL, error);
  if (self->collation == NULL)
    return NULL;

  if (read_only)
    rc = _inv_database_open_read_only_handle (path, &self->db);
  else
    rc = sqlite3_open_v2 (path, &self->db,
                          SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                          NULL);
  if (rc != SQLITE_OK)
    {
      _inv_database_set_sqlite_error (self->db, rc, path, _("Opening the database"), error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  /* Another writer (the command line, a bulk cancel's own connection, a checkpoint)
   * holds the lock for seconds at most; a loaded machine makes that longer. Waiting is
   * better than telling the person the file is in use. */
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* secure_delete: what an erasure or an edit removes is overwritten with zeros in
   * its page instead of lingering in the file; FAST does it where it costs no extra
   * write, so that large cancels and loads keep their speed. */
  if (!read_only &&
      !_inv_database_exec_sql (self->db, path,
                               "PRAGMA journal_mode = WAL;"
                               "PRAGMA secure_delete = FAST;",
                               error))
    return NULL;

  if (!_inv_database_exec_sql (self->db, path,
                 "PRAGMA synchronous = NORMAL;"
                 "PRAGMA foreign_keys = ON;"
                 "PRAGMA temp_store = MEMORY;",
                 error))
    return NULL;

  register_functions (self);

  /* After the migration and new sort keys: a schema upgrade is nobody's news, and
   * neither is the same order in another language. A read-only file keeps the keys
   * it has: its lists may sort as in the language it was last written in. */
  if (!_inv_database_migrate (self, version, error))
    return NULL;
  if ((flags & INV_DATABASE_OPEN_KEEP_SORT_KEYS) == 0 && !read_only &&
      !_inv_database_update_collation (self, NULL, error))
    return NULL;

  _inv_database_install_hooks (self);
  self->data_version = _inv_database_query_data_version (self);

  return g_steal_pointer (&self);
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
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (version >= 0 && version <= INV_DATABASE_SCHEMA_VERSION, NULL);

  return open_database (path, version, INV_DATABASE_OPEN_DEFAULT, error);
}

/**
 * inv_database_open_full:
 * @path: the database file; created (with its folder) when missing
 * @flags: %INV_DATABASE_OPEN_KEEP_SORT_KEYS to leave names' sort keys made for another
 *   locale as they are, for inv_database_update_sort_keys() on a worker
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the database, or %NULL with @error set
 */
InvDatabase *
inv_database_open_full (const char            *path,
                        InvDatabaseOpenFlags   flags,
                        GError               **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return open_database (path, INV_DATABASE_SCHEMA_VERSION, flags, error);
}

/**
 * inv_database_open:
 * @path: the database file; created (with its folder) when missing
 * @error: return location for a #GError
 *
 * Opens the app's database and brings its schema up to date. A file that is not
 * SQLite, is damaged, belongs to another program, was written by a newer version or
 * is not a regular file is refused with an error and left untouched. A new file is
 * created readable by its owner only (0600), in a folder only its owner may enter
 * (0700). A file that cannot be written is opened for reading only
 * (inv_database_is_read_only()).
 *
 * Returns: (transfer full): the database, or %NULL with @error set
 */
InvDatabase *
inv_database_open (const char  *path,
                   GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return open_database (path, INV_DATABASE_SCHEMA_VERSION, INV_DATABASE_OPEN_DEFAULT, error);
}

/**
 * inv_database_sort_keys_are_current:
 *
 * Returns: whether the names' sort keys were made for this connection's collation (the
 *   session's locale and the ICU in use); %FALSE only after
 *   inv_database_open_full() with %INV_DATABASE_OPEN_KEEP_SORT_KEYS
 */
gboolean
inv_database_sort_keys_are_current (InvDatabase *self)
{
  g_return_val_if_fail (INV_IS_DATABASE (self), TRUE);

  return _inv_database_sort_keys_are_current (self);
}

/**
 * inv_database_update_sort_keys:
 * @cancellable: (nullable): stops between batches, leaving the keys as they were
 *
 * Makes the names' sort keys for this connection's collation, in one transaction (the
 * lists follow its commit like any other change). Takes seconds at a million rows:
 * run it on a worker.
 *
 * Returns: %TRUE when the keys are current
 */
gboolean
inv_database_update_sort_keys (InvDatabase   *self,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_return_val_if_fail (INV_IS_DATABASE (self), FALSE);

  return _inv_database_update_collation (self, cancellable, error);
}

/**
 * inv_database_get_collation:
 *
 * Returns: (transfer none): how this connection sorts names (the session's locale when
 *   it was opened)
 */
InvCollation *
inv_database_get_collation (InvDatabase *self)
{
  g_return_val_if_fail (INV_IS_DATABASE (self), NULL);

  return self->collation;
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
 * inv_database_is_read_only:
 *
 * Returns: %TRUE when the file or its folder could not be written when it was opened:
 *   it is read, and every change fails with %INV_DATABASE_ERROR_READ_ONLY
 */
gboolean
inv_database_is_read_only (InvDatabase *self)
{
  g_return_val_if_fail (INV_IS_DATABASE (self), TRUE);

  return self->read_only;
}

/**
 * inv_database_is_disk_full:
 *
 * Returns: %TRUE when the database was opened for reading only because the disk was
 *   too full to open it for writing
 */
gboolean
inv_database_is_disk_full (InvDatabase *self)
{
  g_return_val_if_fail (INV_IS_DATABASE (self), FALSE);

  return self->disk_full;
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

  ret = _inv_database_exec_sql (self->db, self->path, sql, error);
  if (!ret)
    explain_read_only (self, error);
  _inv_database_publish_committed (self);

  return ret;
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
  _inv_database_publish_committed (self);

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

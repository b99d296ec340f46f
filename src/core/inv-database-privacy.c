/* inv-database-privacy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The database holds candidates' names, emails and phone numbers: only its owner may
 * read it. New files are made private when they are created (inv-database.c); this
 * finds the ones an older version, a copy or a wide umask left readable by others,
 * and tightens them.
 */

#define G_LOG_DOMAIN "inv-database"

#include "config.h"

#include <errno.h>
#include <sys/stat.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "inv-database.h"

/* What SQLite writes beside the database: its write-ahead log, the log's index and
 * the rollback journal of a large load. Each holds the same personal data. */
static const char * const companion_suffixes[] = { "", "-wal", "-shm", "-journal" };

/* The app's own data folder is checked too; a folder someone chose with --database
 * (their home, /tmp) is theirs to set, and is never changed. */
static gboolean
is_app_data_folder (const char *folder)
{
  g_autofree char *own = g_build_filename (g_get_user_data_dir (), DATA_DIRECTORY_NAME, NULL);
  g_autofree char *canonical_own = g_canonicalize_filename (own, NULL);
  g_autofree char *canonical = g_canonicalize_filename (folder, NULL);

  return g_strcmp0 (canonical, canonical_own) == 0;
}

static gboolean
is_exposed (const char *path,
            gboolean    folder)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return FALSE;
  if (folder ? !S_ISDIR (st.st_mode) : !S_ISREG (st.st_mode))
    return FALSE;

  return (st.st_mode & 077) != 0;
}

/**
 * inv_database_find_exposed_files:
 * @path: the database file
 *
 * Looks for the files that hold the database's data (the file, its WAL, the WAL's
 * index and a rollback journal) and for the app's data folder when the database is in
 * it, that other accounts on this computer may read or enter.
 *
 * Returns: (transfer full) (element-type filename): their paths, folder last; empty
 *   when the database is private
 */
GPtrArray *
inv_database_find_exposed_files (const char *path)
{
  GPtrArray *exposed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *folder = NULL;

  g_return_val_if_fail (path != NULL, exposed);

  for (guint i = 0; i < G_N_ELEMENTS (companion_suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, companion_suffixes[i], NULL);

      if (is_exposed (file, FALSE))
        g_ptr_array_add (exposed, g_steal_pointer (&file));
    }

  folder = g_path_get_dirname (path);
  if (is_app_data_folder (folder) && is_exposed (folder, TRUE))
    g_ptr_array_add (exposed, g_steal_pointer (&folder));

  return exposed;
}

/**
 * inv_database_restrict_access:
 * @path: the database file
 * @error: return location for a #GError
 *
 * Makes the files inv_database_find_exposed_files() finds readable and writable by
 * their owner only (0600), and the app's data folder enterable by its owner only
 * (0700).
 *
 * Returns: %TRUE when none of them is exposed any more
 */
gboolean
inv_database_restrict_access (const char  *path,
                              GError     **error)
{
  g_autoptr(GPtrArray) exposed = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  exposed = inv_database_find_exposed_files (path);
  for (guint i = 0; i < exposed->len; i++)
    {
      const char *file = exposed->pdata[i];
      gboolean folder = g_file_test (file, G_FILE_TEST_IS_DIR);

      if (g_chmod (file, folder ? 0700 : 0600) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_IO,
                       _("Could not restrict access to “%s”: %s"), file, g_strerror (saved_errno));
          return FALSE;
        }
    }

  return TRUE;
}

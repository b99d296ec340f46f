/* test-database-privacy.c: the database file is private, special files are refused,
 * a read-only file is read and never written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "inv-database.h"
#include "inv-database-worker.h"
#include "inv-export.h"
#include "inv-sample-data.h"

static int
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);

  return st.st_mode & 07777;
}

static char *
temp_path (const char *name)
{
  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

/* A new database, its WAL and the WAL's index: 0600, in a new folder of 0700, with the
 * umask of a desktop session (022) and the widest one (000). */
static void
check_created_private (mode_t umask_value)
{
  g_autofree char *folder = g_strdup_printf ("%s/umask-%03o/nested", g_get_tmp_dir (), umask_value);
  g_autofree char *path = g_build_filename (folder, "invitations.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GPtrArray) exposed = NULL;
  g_autoptr(GError) error = NULL;
  mode_t saved = umask (umask_value);

  database = inv_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (inv_sample_data_add (database, 20, 1, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (mode_of (path), ==, 0600);
  g_assert_cmpint (mode_of (wal), ==, 0600);
  g_assert_cmpint (mode_of (shm), ==, 0600);
  g_assert_cmpint (mode_of (folder), ==, 0700);
  g_assert_false (inv_database_is_read_only (database));

  exposed = inv_database_find_exposed_files (path);
  g_assert_cmpuint (exposed->len, ==, 0);

  umask (saved);
}

static void
test_created_private_umask_022 (void)
{
  check_created_private (022);
}

static void
test_created_private_umask_000 (void)
{
  check_created_private (000);
}

/* A large load switches to a rollback journal: it gets the database file's mode too. */
static void
test_journal_private (void)
{
  g_autofree char *path = temp_path ("journal.db");
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  mode_t saved = umask (000);

  database = inv_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (inv_database_exec (database, "PRAGMA journal_mode = DELETE; PRAGMA locking_mode = EXCLUSIVE", &error));
  g_assert_true (inv_database_exec (database, "BEGIN; INSERT INTO meta (key, value) VALUES ('a', 'b')", &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (mode_of (journal), ==, 0600);
  g_assert_true (inv_database_exec (database, "COMMIT", &error));
  umask (saved);
}

/* A database that an older version or a copy left readable by every account is
 * found, file by file and its app folder, and tightened in one call. */
static void
test_exposed_restricted (void)
{
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), DATA_DIRECTORY_NAME, NULL);
  g_autofree char *path = g_build_filename (folder, "invitations.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GPtrArray) exposed = NULL;
  g_autoptr(GError) error = NULL;

  database = inv_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (inv_sample_data_add (database, 5, 1, NULL, NULL, &error));

  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_cmpint (g_chmod (wal, 0666), ==, 0);
  g_assert_cmpint (g_chmod (shm, 0640), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0755), ==, 0);

  exposed = inv_database_find_exposed_files (path);
  g_assert_cmpuint (exposed->len, ==, 4);
  g_assert_cmpstr (exposed->pdata[0], ==, path);
  g_assert_cmpstr (exposed->pdata[1], ==, wal);
  g_assert_cmpstr (exposed->pdata[2], ==, shm);
  g_assert_cmpstr (exposed->pdata[3], ==, folder);

  g_assert_true (inv_database_restrict_access (path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mode_of (path), ==, 0600);
  g_assert_cmpint (mode_of (wal), ==, 0600);
  g_assert_cmpint (mode_of (shm), ==, 0600);
  g_assert_cmpint (mode_of (folder), ==, 0700);
  g_clear_pointer (&exposed, g_ptr_array_unref);
  exposed = inv_database_find_exposed_files (path);
  g_assert_cmpuint (exposed->len, ==, 0);

  /* Still the same database, open all along. */
  g_assert_true (inv_sample_data_add (database, 5, 2, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* A folder the person chose (here the temporary one) is theirs: never reported. */
static void
test_chosen_folder_left_alone (void)
{
  g_autofree char *folder = g_build_filename (g_get_tmp_dir (), "chosen", NULL);
  g_autofree char *path = g_build_filename (folder, "mine.db", NULL);
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GPtrArray) exposed = NULL;

  database = inv_database_open (path, NULL);
  g_assert_nonnull (database);
  g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
  exposed = inv_database_find_exposed_files (path);
  g_assert_cmpuint (exposed->len, ==, 0);
}

/* A device or a pipe is refused before SQLite writes a journal beside it. */
static void
test_refuse_special_files (void)
{
  g_autofree char *fifo = temp_path ("a-pipe.db");
  g_autofree char *fifo_journal = g_strconcat (fifo, "-journal", NULL);
  gboolean had_journal = g_file_test ("/dev/null-journal", G_FILE_TEST_EXISTS);
  g_autoptr(GError) error = NULL;
  InvDatabase *database;

  database = inv_database_open ("/dev/null", &error);
  g_assert_null (database);
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_REGULAR);
  g_assert_nonnull (strstr (error->message, "/dev/null"));
  g_assert_null (strstr (error->message, "disk I/O error"));
  g_assert_true (had_journal || !g_file_test ("/dev/null-journal", G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  database = inv_database_open (fifo, &error);
  g_assert_null (database);
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_REGULAR);
  g_assert_false (g_file_test (fifo_journal, G_FILE_TEST_EXISTS));
}

/* Exports hold the same names and emails: 0600 whatever the umask. */
static void
test_export_private (void)
{
  g_autofree char *path = temp_path ("export.db");
  g_autofree char *csv = temp_path ("export.csv");
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(InvBulkJob) job = NULL;
  g_autoptr(InvDatabaseWorker) worker = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint64 *n_written = NULL;
  mode_t saved = umask (000);

  {
    g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
    g_assert_true (inv_sample_data_add (database, 10, 1, NULL, NULL, NULL));
  }

  worker = inv_database_worker_new (path);
  job = inv_export_job_new (query, NULL, 0, INV_EXPORT_CSV, file);
  n_written = inv_bulk_job_run_sync (job, worker, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (*n_written, ==, 10);
  g_assert_cmpint (mode_of (csv), ==, 0600);
  umask (saved);
}

int
main (int    argc,
      char **argv)
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/database-privacy/created-private/umask-022", test_created_private_umask_022);
  g_test_add_func ("/database-privacy/created-private/umask-000", test_created_private_umask_000);
  g_test_add_func ("/database-privacy/journal-private", test_journal_private);
  g_test_add_func ("/database-privacy/exposed-restricted", test_exposed_restricted);
  g_test_add_func ("/database-privacy/chosen-folder-left-alone", test_chosen_folder_left_alone);
  g_test_add_func ("/database-privacy/refuse-special-files", test_refuse_special_files);
  g_test_add_func ("/database-privacy/export-private", test_export_private);

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

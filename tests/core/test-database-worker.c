/* test-database-worker.c: read jobs on a thread with its own connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include "inv-database-invitations.h"
#include "inv-database-worker.h"
#include "inv-sample-data.h"

typedef struct
{
  GThread *thread;
  sqlite3 *handle;
  guint    order;
  guint    n_rows;
} Seen;

static guint job_counter;

static gpointer
seen_job (InvDatabase   *database,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(GArray) ids = NULL;
  Seen *seen = g_new0 (Seen, 1);

  seen->thread = g_thread_self ();
  seen->handle = inv_database_get_handle (database);
  seen->order = job_counter++;

  ids = inv_database_query_invitation_ids (database, query, error);
  if (ids == NULL)
    {
      g_free (seen);
      return NULL;
    }
  seen->n_rows = ids->len;

  return seen;
}

typedef struct
{
  gboolean  done;
  gpointer  result;
  GError   *error;
} Answer;

static void
answered_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Answer *answer = user_data;

  /* Answers arrive on the thread that asked. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));

  answer->result = inv_database_worker_run_finish (NULL, result, &answer->error);
  answer->done = TRUE;
}

static void
wait_for (Answer *answer)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!answer->done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static InvDatabase *
new_database (guint n)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("worker-%u.db", counter++);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;
  InvDatabase *db = inv_database_open (path, &error);

  g_assert_no_error (error);
  if (n > 0)
    {
      g_assert_true (inv_sample_data_add (db, n, 3, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  return db;
}

/* Jobs run one after another, in order, on one thread that is not the caller's, with a
 * connection that is not the caller's, and see what the caller committed. */
static void
test_worker_order_and_connection (void)
{
  g_autoptr(InvDatabase) db = new_database (300);
  g_autoptr(InvDatabaseWorker) worker = inv_database_worker_new (inv_database_get_path (db));
  Answer answers[4] = { { 0 } };

  job_counter = 0;
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    inv_database_worker_run_async (worker, seen_job, NULL, NULL, g_free, NULL, answered_cb, &answers[i]);

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      Seen *seen;

      wait_for (&answers[i]);
      g_assert_no_error (answers[i].error);
      seen = answers[i].result;
      g_assert_true (seen->thread != g_thread_self ());
      g_assert_true (seen->handle != inv_database_get_handle (db));
      g_assert_cmpuint (seen->order, ==, i);
      g_assert_cmpuint (seen->n_rows, ==, 300);
      if (i > 0)
        {
          Seen *first = answers[0].result;

          /* The same thread and connection each time. */
          g_assert_true (seen->thread == first->thread);
          g_assert_true (seen->handle == first->handle);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    g_free (answers[i].result);
}

static gpointer
endless_job (InvDatabase   *database,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  sqlite3_stmt *stmt;
  gint *started = data;
  int rc;

  g_atomic_int_set (started, 1);
  stmt = inv_database_prepare (database,
                               "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                               "SELECT count(*) FROM c",
                               error);
  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      inv_database_set_error (database, error, "Counting forever");
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  return g_strdup ("finished");
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);

  return G_SOURCE_REMOVE;
}

/* Cancelling interrupts a statement that runs, and the next job runs normally. */
static void
test_worker_cancel_interrupts (void)
{
  g_autoptr(InvDatabase) db = new_database (50);
  g_autoptr(InvDatabaseWorker) worker = inv_database_worker_new (inv_database_get_path (db));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Answer endless = { 0 };
  Answer next = { 0 };
  gint started = 0;
  gint64 t0;

  inv_database_worker_run_async (worker, endless_job, &started, NULL, g_free, cancellable, answered_cb, &endless);
  inv_database_worker_run_async (worker, seen_job, NULL, NULL, g_free, NULL, answered_cb, &next);

  while (!g_atomic_int_get (&started))
    g_usleep (1000);
  t0 = g_get_monotonic_time ();
  g_timeout_add (100, cancel_cb, cancellable);

  wait_for (&endless);
  g_assert_error (endless.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (endless.result);
  /* Interrupted, not left to run. */
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 5 * G_USEC_PER_SEC);
  g_clear_error (&endless.error);

  wait_for (&next);
  g_assert_no_error (next.error);
  g_assert_cmpuint (((Seen *)next.result)->n_rows, ==, 50);
  g_free (next.result);
}

static gpointer
never_job (InvDatabase   *database,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  g_atomic_int_set ((gint *)data, 1);

  return g_strdup ("ran");
}

/* A job cancelled before it starts never runs; its data is freed all the same. */
static void
test_worker_cancel_before_start (void)
{
  g_autoptr(InvDatabase) db = new_database (0);
  g_autoptr(InvDatabaseWorker) worker = inv_database_worker_new (inv_database_get_path (db));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint *ran = g_new0 (gint, 1);
  Answer answer = { 0 };

  g_cancellable_cancel (cancellable);
  inv_database_worker_run_async (worker, never_job, ran, NULL, g_free, cancellable, answered_cb, &answer);
  wait_for (&answer);
  g_assert_error (answer.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_atomic_int_get (ran), ==, 0);
  g_clear_error (&answer.error);
  g_free (ran);
}

/* A file that cannot be opened is an error in the answer, not a crash. */
static void
test_worker_open_error (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "not-a-database.db", NULL);
  g_autoptr(InvDatabaseWorker) worker = NULL;
  Answer answer = { 0 };

  g_assert_true (g_file_set_contents (path, "This is a text file, not a database, and long enough.", -1, NULL));
  worker = inv_database_worker_new (path);
  inv_database_worker_run_async (worker, seen_job, NULL, NULL, g_free, NULL, answered_cb, &answer);
  wait_for (&answer);
  g_assert_nonnull (answer.error);
  g_assert_true (answer.error->domain == INV_DATABASE_ERROR);
  g_assert_null (answer.result);
  g_clear_error (&answer.error);
}

/* Dropping the worker while a job is queued finishes that job, then ends the thread. */
static void
test_worker_finalize_with_jobs (void)
{
  g_autoptr(InvDatabase) db = new_database (20);
  InvDatabaseWorker *worker = inv_database_worker_new (inv_database_get_path (db));
  Answer answer = { 0 };

  inv_database_worker_run_async (worker, seen_job, NULL, NULL, g_free, NULL, answered_cb, &answer);
  g_object_unref (worker);

  wait_for (&answer);
  g_assert_no_error (answer.error);
  g_assert_cmpuint (((Seen *)answer.result)->n_rows, ==, 20);
  g_free (answer.result);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/database-worker/order-and-connection", test_worker_order_and_connection);
  g_test_add_func ("/database-worker/cancel-interrupts", test_worker_cancel_interrupts);
  g_test_add_func ("/database-worker/cancel-before-start", test_worker_cancel_before_start);
  g_test_add_func ("/database-worker/open-error", test_worker_open_error);
  g_test_add_func ("/database-worker/finalize-with-jobs", test_worker_finalize_with_jobs);

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

/* test-bulk-job.c: long work on the database worker, with progress as properties
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include "inv-bulk-job.h"
#include "inv-database-worker.h"

#define N_REPORTS 10000

typedef struct
{
  InvDatabase       *db;
  InvDatabaseWorker *worker;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("bulk-job-%u.db", counter++);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;

  fixture->db = inv_database_open (path, &error);
  g_assert_no_error (error);
  fixture->worker = inv_database_worker_new (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->worker);
  g_clear_object (&fixture->db);
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

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));

  answer->result = inv_bulk_job_run_finish (INV_BULK_JOB (object), result, &answer->error);
  answer->done = TRUE;
}

static void
worker_answered_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Answer *answer = user_data;

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

typedef struct
{
  guint n_fraction;
  guint n_done;
  guint n_total;
  guint n_finished;
  guint n_other_thread;
} Notes;

static void
notified_cb (InvBulkJob *job,
             GParamSpec *pspec,
             Notes      *notes)
{
  if (!g_main_context_is_owner (g_main_context_default ()))
    notes->n_other_thread++;

  if (g_str_equal (pspec->name, "fraction"))
    notes->n_fraction++;
  else if (g_str_equal (pspec->name, "done"))
    notes->n_done++;
  else if (g_str_equal (pspec->name, "total"))
    notes->n_total++;
  else if (g_str_equal (pspec->name, "finished"))
    notes->n_finished++;
}

typedef struct
{
  GThread *thread;
  sqlite3 *handle;
  gint     reported;   /* atomic: the first half of the reports was made */
  gint     go_on;      /* atomic: the main thread saw it */
} Burst;

static gpointer
burst_work (InvBulkJob    *job,
            InvDatabase   *database,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Burst *burst = data;

  burst->thread = g_thread_self ();
  burst->handle = inv_database_get_handle (database);

  for (guint i = 1; i <= N_REPORTS / 2; i++)
    inv_bulk_job_set_progress (job, i, N_REPORTS);
  g_atomic_int_set (&burst->reported, 1);

  while (!g_atomic_int_get (&burst->go_on))
    g_usleep (1000);

  for (guint i = N_REPORTS / 2 + 1; i <= N_REPORTS; i++)
    inv_bulk_job_set_progress (job, i, N_REPORTS);

  return g_strdup ("done");
}

static gpointer
handle_job (InvDatabase   *database,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  return inv_database_get_handle (database);
}

/* Thousands of reports made between two main-loop iterations are one notification,
 * on the main thread, and the properties end with the last numbers reported. The
 * work runs on the worker's thread, with the worker's connection. */
static void
test_progress_coalesced (Fixture       *fixture,
                         gconstpointer  data)
{
  Burst *burst = g_new0 (Burst, 1);
  g_autoptr(InvBulkJob) job = inv_bulk_job_new (INV_BULK_JOB_FLAGS_NONE, burst_work, burst, g_free, g_free);
  Answer answer = { 0 };
  Answer handle = { 0 };
  Notes notes = { 0 };

  g_signal_connect (job, "notify", G_CALLBACK (notified_cb), &notes);
  inv_bulk_job_run_async (job, fixture->worker, NULL, answered_cb, &answer);

  /* The main context is not iterated meanwhile: every report of the first half waits. */
  while (!g_atomic_int_get (&burst->reported))
    g_usleep (1000);
  g_assert_cmpuint (notes.n_fraction, ==, 0);

  while (notes.n_fraction == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (notes.n_fraction, ==, 1);
  g_assert_cmpuint (notes.n_done, ==, 1);
  g_assert_cmpuint (notes.n_total, ==, 1);
  g_assert_cmpuint (inv_bulk_job_get_done (job), ==, N_REPORTS / 2);
  g_assert_cmpuint (inv_bulk_job_get_total (job), ==, N_REPORTS);
  g_assert_cmpfloat_with_epsilon (inv_bulk_job_get_fraction (job), 0.5, 1e-9);
  g_assert_false (inv_bulk_job_get_finished (job));

  g_atomic_int_set (&burst->go_on, 1);
  wait_for (&answer);
  g_assert_no_error (answer.error);
  g_assert_cmpstr (answer.result, ==, "done");
  g_free (answer.result);

  /* The second half, however it was split between iterations, is a few notifications,
   * and the last one is exact. */
  g_assert_cmpuint (notes.n_fraction, >=, 2);
  g_assert_cmpuint (notes.n_fraction, <, N_REPORTS / 20);
  g_assert_cmpuint (notes.n_total, ==, 1);
  g_assert_cmpuint (notes.n_finished, ==, 1);
  g_assert_cmpuint (notes.n_other_thread, ==, 0);
  g_assert_cmpuint (inv_bulk_job_get_done (job), ==, N_REPORTS);
  g_assert_cmpuint (inv_bulk_job_get_total (job), ==, N_REPORTS);
  g_assert_cmpfloat (inv_bulk_job_get_fraction (job), ==, 1.0);
  g_assert_true (inv_bulk_job_get_finished (job));

  /* Off the main thread, on the connection every other job of the worker uses. */
  g_assert_true (burst->thread != g_thread_self ());
  g_assert_true (burst->handle != inv_database_get_handle (fixture->db));
  inv_database_worker_run_async (fixture->worker, handle_job, NULL, NULL, NULL, NULL,
                                 worker_answered_cb, &handle);
  wait_for (&handle);
  g_assert_no_error (handle.error);
  g_assert_true (burst->handle == handle.result);
}

typedef struct
{
  guint   n_runs;
  guint   n_freed;
  Answer *answer;     /* the callback comes after the cleanup */
} Cleanup;

static void
cleanup_cb (InvBulkJob *job,
            gpointer    user_data)
{
  Cleanup *cleanup = user_data;
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  /* The context that ran the job: the default one, or that of inv_bulk_job_run_sync() */
  g_assert_true (g_main_context_is_owner (context));
  g_assert_true (inv_bulk_job_get_finished (job));
  if (cleanup->answer != NULL)
    g_assert_false (cleanup->answer->done);
  cleanup->n_runs++;
}

static void
cleanup_free (gpointer user_data)
{
  Cleanup *cleanup = user_data;

  cleanup->n_freed++;
}

static gpointer
endless_work (InvBulkJob    *job,
              InvDatabase   *database,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  gint *started = data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = inv_database_prepare (database,
                               "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                               "SELECT count(*) FROM c",
                               error);
  if (stmt == NULL)
    return NULL;

  g_atomic_int_set (started, 1);
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

/* Cancelling interrupts the statement that runs: the job ends with
 * G_IO_ERROR_CANCELLED, its cleanup runs once, and the worker goes on with the next. */
static void
test_cancel_interrupts (Fixture       *fixture,
                        gconstpointer  data)
{
  gint *started = g_new0 (gint, 1);
  g_autoptr(InvBulkJob) job = inv_bulk_job_new (INV_BULK_JOB_FLAGS_NONE, endless_work, started, g_free, g_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Answer answer = { 0 };
  Answer next = { 0 };
  Cleanup cleanup = { .answer = &answer };
  gint64 t0;

  inv_bulk_job_set_cleanup (job, cleanup_cb, &cleanup, cleanup_free);
  inv_bulk_job_run_async (job, fixture->worker, cancellable, answered_cb, &answer);
  inv_database_worker_run_async (fixture->worker, handle_job, NULL, NULL, NULL, NULL,
                                 worker_answered_cb, &next);

  /* An interrupt reaches only a statement that runs: give it time to start. */
  while (!g_atomic_int_get (started))
    g_usleep (1000);
  g_usleep (100 * 1000);
  t0 = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);

  wait_for (&answer);
  g_assert_error (answer.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (answer.result);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 5 * G_USEC_PER_SEC);
  g_clear_error (&answer.error);
  g_assert_cmpuint (cleanup.n_runs, ==, 1);
  g_assert_cmpuint (cleanup.n_freed, ==, 1);

  wait_for (&next);
  g_assert_no_error (next.error);
  g_assert_nonnull (next.result);

  g_clear_object (&job);
  g_assert_cmpuint (cleanup.n_runs, ==, 1);
  g_assert_cmpuint (cleanup.n_freed, ==, 1);
}

static gpointer
until_cancelled_work (InvBulkJob    *job,
                      InvDatabase   *database,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  guint64 steps = 0;

  g_assert_nonnull (cancellable);
  while (!g_cancellable_is_cancelled (cancellable))
    {
      inv_bulk_job_set_progress (job, ++steps, G_MAXUINT32);
      g_usleep (1000);
    }

  return g_strdup_printf ("stopped after %" G_GUINT64_FORMAT, steps);
}

static gboolean
cancel_when_progress (gpointer user_data)
{
  InvBulkJob *job = INV_BULK_JOB (g_object_get_data (user_data, "job"));

  if (inv_bulk_job_get_done (job) < 3)
    return G_SOURCE_CONTINUE;

  g_cancellable_cancel (user_data);

  return G_SOURCE_REMOVE;
}

/* A job that stops itself sees the cancel and its result stands. */
static void
test_cancel_stops_itself (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(InvBulkJob) job = inv_bulk_job_new (INV_BULK_JOB_STOPS_ITSELF, until_cancelled_work,
                                                NULL, NULL, g_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Answer answer = { 0 };
  Cleanup cleanup = { .answer = &answer };

  inv_bulk_job_set_cleanup (job, cleanup_cb, &cleanup, cleanup_free);
  g_object_set_data (G_OBJECT (cancellable), "job", job);
  g_timeout_add (10, cancel_when_progress, cancellable);
  inv_bulk_job_run_async (job, fixture->worker, cancellable, answered_cb, &answer);

  wait_for (&answer);
  g_assert_no_error (answer.error);
  g_assert_true (g_str_has_prefix (answer.result, "stopped after "));
  g_assert_cmpuint (inv_bulk_job_get_done (job), >=, 3);
  g_free (answer.result);
  g_assert_cmpuint (cleanup.n_runs, ==, 1);
  g_assert_cmpuint (cleanup.n_freed, ==, 1);
}

static gpointer
failing_work (InvBulkJob    *job,
              InvDatabase   *database,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  inv_bulk_job_set_message (job, "Trying");
  inv_bulk_job_set_progress (job, 1, 2);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "Not allowed");

  return NULL;
}

/* The cleanup runs once, before the callback, whether the work succeeded or failed;
 * a job that never ran frees the cleanup's data without calling it. */
static void
test_cleanup_once (Fixture       *fixture,
                   gconstpointer  data)
{
  Burst *burst = g_new0 (Burst, 1);
  g_autoptr(InvBulkJob) good = inv_bulk_job_new (INV_BULK_JOB_FLAGS_NONE, burst_work, burst, g_free, g_free);
  g_autoptr(InvBulkJob) bad = inv_bulk_job_new (INV_BULK_JOB_FLAGS_NONE, failing_work, NULL, NULL, NULL);
  InvBulkJob *idle = inv_bulk_job_new (INV_BULK_JOB_FLAGS_NONE, failing_work, NULL, NULL, NULL);
  Answer good_answer = { 0 };
  Answer bad_answer = { 0 };
  Cleanup good_cleanup = { .answer = &good_answer };
  Cleanup bad_cleanup = { .answer = &bad_answer };
  Cleanup idle_cleanup = { 0 };

  g_atomic_int_set (&burst->go_on, 1);
  inv_bulk_job_set_cleanup (good, cleanup_cb, &good_cleanup, cleanup_free);
  inv_bulk_job_set_cleanup (bad, cleanup_cb, &bad_cleanup, cleanup_free);
  inv_bulk_job_set_cleanup (idle, cleanup_cb, &idle_cleanup, cleanup_free);

  inv_bulk_job_run_async (good, fixture->worker, NULL, answered_cb, &good_answer);
  inv_bulk_job_run_async (bad, fixture->worker, NULL, answered_cb, &bad_answer);
  wait_for (&good_answer);
  wait_for (&bad_answer);

  g_assert_no_error (good_answer.error);
  g_free (good_answer.result);
  g_assert_cmpuint (good_cleanup.n_runs, ==, 1);
  g_assert_cmpuint (good_cleanup.n_freed, ==, 1);

  g_assert_error (bad_answer.error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&bad_answer.error);
  g_assert_cmpuint (bad_cleanup.n_runs, ==, 1);
  g_assert_cmpuint (bad_cleanup.n_freed, ==, 1);
  /* What it reported before failing is there. */
  g_assert_cmpstr (inv_bulk_job_get_message (bad), ==, "Trying");
  g_assert_cmpuint (inv_bulk_job_get_done (bad), ==, 1);

  g_object_unref (idle);
  g_assert_cmpuint (idle_cleanup.n_runs, ==, 0);
  g_assert_cmpuint (idle_cleanup.n_freed, ==, 1);
}

/* The command line waits for a job: progress and cleanup come inside the call. */
static void
test_run_sync (Fixture       *fixture,
               gconstpointer  data)
{
  Burst *burst = g_new0 (Burst, 1);
  g_autoptr(InvBulkJob) job = inv_bulk_job_new (INV_BULK_JOB_FLAGS_NONE, burst_work, burst, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  Cleanup cleanup = { 0 };
  Notes notes = { 0 };

  g_atomic_int_set (&burst->go_on, 1);
  g_signal_connect (job, "notify", G_CALLBACK (notified_cb), &notes);
  inv_bulk_job_set_cleanup (job, cleanup_cb, &cleanup, cleanup_free);

  result = inv_bulk_job_run_sync (job, fixture->worker, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result, ==, "done");
  g_assert_cmpuint (cleanup.n_runs, ==, 1);
  g_assert_cmpuint (notes.n_finished, ==, 1);
  g_assert_cmpuint (notes.n_fraction, >=, 1);
  g_assert_cmpuint (inv_bulk_job_get_done (job), ==, N_REPORTS);
  /* Nothing of the job was left on the default context. */
  g_assert_false (g_main_context_pending (NULL));
}

typedef struct
{
  gint  started;    /* atomic */
  gint  queued;     /* atomic: the main thread queued what comes behind */
  gint  read_seen;  /* atomic: the read's answer reached the main thread */
  guint n_yielded;
} Yielder;

static gpointer
yielding_work (InvBulkJob    *job,
               InvDatabase   *database,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  Yielder *yielder = data;

  g_atomic_int_set (&yielder->started, 1);
  while (!g_atomic_int_get (&yielder->queued))
    g_usleep (1000);

  yielder->n_yielded = inv_bulk_job_yield (job);

  /* The read was answered while this job still runs. */
  while (!g_atomic_int_get (&yielder->read_seen))
    g_usleep (1000);

  return g_strdup ("yielded");
}

static gpointer
second_work (InvBulkJob    *job,
             InvDatabase   *database,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Yielder *first = data;

  /* Not run inside the first job's yield: only after it returned. */
  g_assert_cmpint (g_atomic_int_get (&first->read_seen), ==, 1);

  return g_strdup ("second");
}

/* Between its transactions a long job lets the reads queued behind it run, on the
 * same connection, up to the next long job, which keeps its place in the queue with
 * whatever comes behind it. */
static void
test_yield_runs_reads (Fixture       *fixture,
                       gconstpointer  data)
{
  Yielder yielder = { 0 };
  g_autoptr(InvBulkJob) job = inv_bulk_job_new (INV_BULK_JOB_STOPS_ITSELF, yielding_work, &yielder, NULL, g_free);
  g_autoptr(InvBulkJob) second = inv_bulk_job_new (INV_BULK_JOB_FLAGS_NONE, second_work, &yielder, NULL, g_free);
  Answer answer = { 0 };
  Answer read = { 0 };
  Answer second_answer = { 0 };
  Answer late_read = { 0 };

  inv_bulk_job_run_async (job, fixture->worker, NULL, answered_cb, &answer);
  while (!g_atomic_int_get (&yielder.started))
    g_usleep (1000);

  inv_database_worker_run_async (fixture->worker, handle_job, NULL, NULL, NULL, NULL,
                                 worker_answered_cb, &read);
  inv_bulk_job_run_async (second, fixture->worker, NULL, answered_cb, &second_answer);
  inv_database_worker_run_async (fixture->worker, handle_job, NULL, NULL, NULL, NULL,
                                 worker_answered_cb, &late_read);
  g_atomic_int_set (&yielder.queued, 1);

  wait_for (&read);
  g_assert_no_error (read.error);
  g_assert_false (answer.done);
  g_assert_false (second_answer.done);
  g_assert_false (late_read.done);
  g_atomic_int_set (&yielder.read_seen, 1);

  wait_for (&answer);
  g_assert_no_error (answer.error);
  g_assert_cmpstr (answer.result, ==, "yielded");
  g_assert_cmpuint (yielder.n_yielded, ==, 1);
  g_free (answer.result);

  wait_for (&second_answer);
  g_assert_no_error (second_answer.error);
  g_assert_cmpstr (second_answer.result, ==, "second");
  g_free (second_answer.result);

  /* The read behind the second job waited for it. */
  wait_for (&late_read);
  g_assert_no_error (late_read.error);
  g_assert_true (late_read.result == read.result);
}

typedef struct
{
  gint     queued;       /* atomic: the read was queued behind the job */
  gint     answer_seen;  /* atomic: the job's answer reached the main thread */
  gint     ran;          /* atomic */
  sqlite3 *handle;
  guint    n_freed;
} After;

static gpointer
wait_for_queued_work (InvBulkJob    *job,
                      InvDatabase   *database,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  After *after = data;

  while (!g_atomic_int_get (&after->queued))
    g_usleep (1000);

  return g_strdup ("done");
}

static void
afterwards_cb (InvDatabase *database,
               gpointer     user_data)
{
  After *after = user_data;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_false (g_main_context_is_owner (g_main_context_default ()));
  after->handle = inv_database_get_handle (database);

  /* Nobody waits for this: the result went back first. */
  while (!g_atomic_int_get (&after->answer_seen))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }

  g_atomic_int_set (&after->ran, 1);
}

static void
after_free (gpointer user_data)
{
  After *after = user_data;

  after->n_freed++;
}

static gpointer
saw_after_job (InvDatabase   *database,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  After *after = data;

  return GINT_TO_POINTER (1 + g_atomic_int_get (&after->ran));
}

/* What a job leaves for afterwards runs once its result is back, on the worker's
 * connection, before the jobs queued meanwhile; never for a job that never started. */
static void
test_afterwards (Fixture       *fixture,
                 gconstpointer  data)
{
  After after = { 0 };
  After never = { 0 };
  g_autoptr(InvBulkJob) job = inv_bulk_job_new (INV_BULK_JOB_FLAGS_NONE, wait_for_queued_work, &after, NULL, g_free);
  g_autoptr(InvBulkJob) cancelled = inv_bulk_job_new (INV_BULK_JOB_FLAGS_NONE, wait_for_queued_work, &never, NULL, g_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Answer answer = { 0 };
  Answer read = { 0 };
  Answer cancelled_answer = { 0 };
  Answer handle = { 0 };

  inv_bulk_job_set_afterwards (job, afterwards_cb, &after, after_free);
  inv_bulk_job_run_async (job, fixture->worker, NULL, answered_cb, &answer);
  inv_database_worker_run_async (fixture->worker, saw_after_job, &after, NULL, NULL, NULL,
                                 worker_answered_cb, &read);
  g_atomic_int_set (&after.queued, 1);

  wait_for (&answer);
  g_assert_no_error (answer.error);
  g_assert_cmpstr (answer.result, ==, "done");
  g_free (answer.result);
  g_assert_cmpint (g_atomic_int_get (&after.ran), ==, 0);
  g_atomic_int_set (&after.answer_seen, 1);

  wait_for (&read);
  g_assert_no_error (read.error);
  g_assert_cmpint (GPOINTER_TO_INT (read.result), ==, 2);
  g_assert_cmpuint (after.n_freed, ==, 1);

  inv_database_worker_run_async (fixture->worker, handle_job, NULL, NULL, NULL, NULL,
                                 worker_answered_cb, &handle);
  wait_for (&handle);
  g_assert_true (after.handle == handle.result);

  g_atomic_int_set (&never.queued, 1);
  g_cancellable_cancel (cancellable);
  inv_bulk_job_set_afterwards (cancelled, afterwards_cb, &never, after_free);
  inv_bulk_job_run_async (cancelled, fixture->worker, cancellable, answered_cb, &cancelled_answer);
  wait_for (&cancelled_answer);
  g_assert_error (cancelled_answer.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancelled_answer.error);
  g_clear_object (&cancelled);
  g_assert_cmpint (never.ran, ==, 0);
  g_assert_cmpuint (never.n_freed, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bulk-job/progress-coalesced", test_progress_coalesced);
  ADD ("/bulk-job/cancel-interrupts", test_cancel_interrupts);
  ADD ("/bulk-job/cancel-stops-itself", test_cancel_stops_itself);
  ADD ("/bulk-job/cleanup-once", test_cleanup_once);
  ADD ("/bulk-job/run-sync", test_run_sync);
  ADD ("/bulk-job/yield-runs-reads", test_yield_runs_reads);
  ADD ("/bulk-job/afterwards", test_afterwards);
#undef ADD

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

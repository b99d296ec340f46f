/* test-bulk-job.c: long work on the database worker, with progress as properties
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include "inv-bulk-job.h"
#include "inv-database-worker.h"

#define N_REPORTS 10000
#define WAIT_SECONDS 60

/* Flags one thread raises and another awaits: a wait wakes when the flag goes up,
 * and fails the test after WAIT_SECONDS. */
static GMutex flags_mutex;
static GCond flags_cond;

static void
flag_raise (gint *flag)
{
  g_mutex_lock (&flags_mutex);
  *flag = 1;
  g_cond_broadcast (&flags_cond);
  g_mutex_unlock (&flags_mutex);
}

static gboolean
flag_is_up (gint *flag)
{
  gboolean up;

  g_mutex_lock (&flags_mutex);
  up = *flag != 0;
  g_mutex_unlock (&flags_mutex);

  return up;
}

static void
flag_wait (gint       *flag,
           const char *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  g_mutex_lock (&flags_mutex);
  while (*flag == 0)
    if (!g_cond_wait_until (&flags_cond, &flags_mutex, deadline))
      g_error ("Waited in vain for %s", what);
  g_mutex_unlock (&flags_mutex);
}

/* Waits a millisecond at the most, for work that reports as it goes. */
static gboolean
flag_wait_briefly (gint *flag)
{
  gint64 until = g_get_monotonic_time () + 1000;
  gboolean up;

  g_mutex_lock (&flags_mutex);
  while (*flag == 0 && g_cond_wait_until (&flags_cond, &flags_mutex, until))
    ;
  up = *flag != 0;
  g_mutex_unlock (&flags_mutex);

  return up;
}

static void
raise_flag_cb (GCancellable *cancellable,
               gpointer      flag)
{
  flag_raise (flag);
}

static int
statement_running_cb (void *flag)
{
  flag_raise (flag);
  return 0;
}

/* Raises @flag from inside the next statement @database steps: only then does an
 * interrupt reach it. */
static void
flag_raise_while_running (InvDatabase *database,
                          gint        *flag)
{
  sqlite3_progress_handler (inv_database_get_handle (database), 100, statement_running_cb, flag);
}

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
  gint     reported;   /* a flag: the first half of the reports was made */
  gint     go_on;      /* a flag: the main thread saw it */
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
  flag_raise (&burst->reported);

  flag_wait (&burst->go_on, "the main thread's go-ahead");

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
  flag_wait (&burst->reported, "the first half of the reports");
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

  flag_raise (&burst->go_on);
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

  flag_raise_while_running (database, started);
  rc = sqlite3_step (stmt);
  sqlite3_progress_handler (inv_database_get_handle (database), 0, NULL, NULL);
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

  /* An interrupt reaches only a statement that runs: the statement itself says so. */
  flag_wait (started, "the endless statement running");
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
  gint cancelled = 0;
  gulong handler;

  g_assert_nonnull (cancellable);
  handler = g_cancellable_connect (cancellable, G_CALLBACK (raise_flag_cb), &cancelled, NULL);
  do
    inv_bulk_job_set_progress (job, ++steps, G_MAXUINT32);
  while (!flag_wait_briefly (&cancelled));
  g_cancellable_disconnect (cancellable, handler);

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

  flag_raise (&burst->go_on);
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

  flag_raise (&burst->go_on);
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
  gint  started;    /* a flag */
  gint  queued;     /* a flag: the main thread queued what comes behind */
  gint  read_seen;  /* a flag: the read's answer reached the main thread */
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

  flag_raise (&yielder->started);
  flag_wait (&yielder->queued, "the jobs queued behind");

  yielder->n_yielded = inv_bulk_job_yield (job);

  /* The read was answered while this job still runs. */
  flag_wait (&yielder->read_seen, "the read's answer");

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
  g_assert_cmpint (flag_is_up (&first->read_seen), ==, 1);

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
  flag_wait (&yielder.started, "the yielding job to start");

  inv_database_worker_run_async (fixture->worker, handle_job, NULL, NULL, NULL, NULL,
                                 worker_answered_cb, &read);
  inv_bulk_job_run_async (second, fixture->worker, NULL, answered_cb, &second_answer);
  inv_database_worker_run_async (fixture->worker, handle_job, NULL, NULL, NULL, NULL,
                                 worker_answered_cb, &late_read);
  flag_raise (&yielder.queued);

  wait_for (&read);
  g_assert_no_error (read.error);
  g_assert_false (answer.done);
  g_assert_false (second_answer.done);
  g_assert_false (late_read.done);
  flag_raise (&yielder.read_seen);

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
  gint     queued;       /* a flag: the read was queued behind the job */
  gint     answer_seen;  /* a flag: the job's answer reached the main thread */
  gint     ran;          /* a flag */
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

  flag_wait (&after->queued, "the read queued behind");

  return g_strdup ("done");
}

static void
afterwards_cb (InvDatabase *database,
               gpointer     user_data)
{
  After *after = user_data;
  g_assert_false (g_main_context_is_owner (g_main_context_default ()));
  after->handle = inv_database_get_handle (database);

  /* Nobody waits for this: the result went back first. */
  flag_wait (&after->answer_seen, "the job's answer on the main thread");

  flag_raise (&after->ran);
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

  return GINT_TO_POINTER (1 + flag_is_up (&after->ran));
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
  flag_raise (&after.queued);

  wait_for (&answer);
  g_assert_no_error (answer.error);
  g_assert_cmpstr (answer.result, ==, "done");
  g_free (answer.result);
  g_assert_cmpint (flag_is_up (&after.ran), ==, 0);
  flag_raise (&after.answer_seen);

  wait_for (&read);
  g_assert_no_error (read.error);
  g_assert_cmpint (GPOINTER_TO_INT (read.result), ==, 2);
  g_assert_cmpuint (after.n_freed, ==, 1);

  inv_database_worker_run_async (fixture->worker, handle_job, NULL, NULL, NULL, NULL,
                                 worker_answered_cb, &handle);
  wait_for (&handle);
  g_assert_true (after.handle == handle.result);

  flag_raise (&never.queued);
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

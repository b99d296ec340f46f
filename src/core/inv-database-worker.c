/* inv-database-worker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-database-worker"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-database-worker-private.h"

/* One thread with one connection of its own, running read jobs one after the other:
 * a list's id query and its counts, so that typing a search or choosing a filter never
 * waits for SQL on the main thread. One long-lived connection (rather than one per
 * job) keeps SQLite's page cache warm between queries; one thread (rather than a
 * pool) keeps the rule of one connection per thread.
 *
 * Jobs run in the order they were queued, but for one exception: a long job (an
 * InvBulkJob, "exclusive") may let the reads queued behind it run between its
 * transactions (_inv_database_worker_run_queued()). A cancelled job that has not started is
 * answered at once; one that runs is interrupted (sqlite3_interrupt() may be called
 * from any thread) and answered with G_IO_ERROR_CANCELLED. */

typedef struct
{
  GTask              *task;       /* owned; NULL marks the end */
  InvDatabaseJobFunc  func;
  gboolean            exclusive;  /* never run inside another job */
} Job;

/* What the thread shares with the object; the thread holds no reference on the
 * object, so the object can be finalised (and then stops and joins the thread). */
typedef struct
{
  char        *path;
  GAsyncQueue *queue;             /* Job */
} Shared;

struct _InvDatabaseWorker
{
  GObject  parent_instance;

  Shared  *shared;               /* owned by the object until the thread is joined */
  GThread *thread;               /* owned */
};

G_DEFINE_FINAL_TYPE (InvDatabaseWorker, inv_database_worker, G_TYPE_OBJECT)

/* What the worker's thread runs with, for _inv_database_worker_run_queued(). */
typedef struct
{
  Shared       *shared;
  InvDatabase **database;
} Running;

static GPrivate running_key;

typedef struct
{
  gpointer       data;
  GDestroyNotify data_free;
  GDestroyNotify result_free;
} JobData;

static void
job_data_free (JobData *job_data)
{
  if (job_data->data_free != NULL && job_data->data != NULL)
    job_data->data_free (job_data->data);
  g_free (job_data);
}

static void
interrupt_cb (GCancellable *cancellable,
              sqlite3      *db)
{
  sqlite3_interrupt (db);
}

static void
run_job (Job          *job,
         InvDatabase **database,
         const char   *path)
{
  GTask *task = job->task;
  JobData *job_data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  gpointer result;
  gulong handler = 0;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* Opened on the first job, on this thread: the owner's thread never waits for it. */
  if (*database == NULL)
    {
      /* A job that needs the names' sort keys current makes them so itself
       * (inv_database_update_sort_keys()); a list's read never waits for that. */
      *database = inv_database_open_full (path, INV_DATABASE_OPEN_KEEP_SORT_KEYS, &error);
      if (*database == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_cb),
                                     inv_database_get_handle (*database), NULL);

  result = job->func (*database, job_data->data, cancellable, &error);

  /* Waits for a handler that runs on another thread right now, so no interrupt can
   * reach the next job. */
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);

  if (g_cancellable_is_cancelled (cancellable))
    {
      if (result != NULL && job_data->result_free != NULL)
        job_data->result_free (result);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("Cancelled"));
      return;
    }

  if (result == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_FAILED,
                             _("The database could not be read"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, result, job_data->result_free);
}

static gpointer
worker_thread (gpointer user_data)
{
  Shared *shared = user_data;
  g_autoptr(InvDatabase) database = NULL;
  Running running = { shared, &database };

  g_private_set (&running_key, &running);

  for (;;)
    {
      Job *job = g_async_queue_pop (shared->queue);

      if (job->task == NULL)
        {
          g_free (job);
          break;
        }

      run_job (job, &database, shared->path);
      g_object_unref (job->task);
      g_free (job);
    }

  g_private_set (&running_key, NULL);

  return NULL;
}

/**
 * _inv_database_worker_run_queued:
 *
 * Called by a long job, on the worker's thread, at a point where its connection is
 * outside a transaction: runs the jobs queued behind it meanwhile (a list's reads),
 * up to the first exclusive one, which keeps its place. A list then follows a long
 * job's batches instead of waiting for its end.
 *
 * Returns: how many jobs ran
 */
guint
_inv_database_worker_run_queued (void)
{
  Running *running = g_private_get (&running_key);
  guint n_run = 0;
  Job *job;

  g_return_val_if_fail (running != NULL, 0);
  g_return_val_if_fail (*running->database != NULL, 0);

  while ((job = g_async_queue_try_pop (running->shared->queue)) != NULL)
    {
      if (job->task == NULL || job->exclusive)
        {
          g_async_queue_push_front (running->shared->queue, job);
          break;
        }

      run_job (job, running->database, running->shared->path);
      g_object_unref (job->task);
      g_free (job);
      n_run++;
    }

  return n_run;
}

static void
inv_database_worker_finalize (GObject *object)
{
  InvDatabaseWorker *self = (InvDatabaseWorker *)object;

  if (self->thread != NULL)
    {
      /* Jobs still queued run first (their owners cancel them when they go away). */
      g_async_queue_push (self->shared->queue, g_new0 (Job, 1));
      g_thread_join (g_steal_pointer (&self->thread));
    }

  g_async_queue_unref (self->shared->queue);
  g_free (self->shared->path);
  g_free (self->shared);

  G_OBJECT_CLASS (inv_database_worker_parent_class)->finalize (object);
}

static void
inv_database_worker_class_init (InvDatabaseWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inv_database_worker_finalize;
}

static void
inv_database_worker_init (InvDatabaseWorker *self)
{
  self->shared = g_new0 (Shared, 1);
  self->shared->queue = g_async_queue_new ();
}

/**
 * inv_database_worker_new:
 * @path: the database file; the worker opens its own connection to it
 *
 * Returns: (transfer full): a new worker; its thread starts with the first job
 */
InvDatabaseWorker *
inv_database_worker_new (const char *path)
{
  InvDatabaseWorker *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (INV_TYPE_DATABASE_WORKER, NULL);
  self->shared->path = g_strdup (path);

  return self;
}

/**
 * _inv_database_worker_run_next:
 * @func: the job, run on the worker's thread
 * @data: (nullable): passed to @func; freed with @data_free
 *
 * Called by a job on the worker's thread: queues @func to run right after it, before
 * any job queued meanwhile, with nobody waiting for its result. For what a long job
 * leaves to do once its result is on its way (a checkpoint, say).
 */
void
_inv_database_worker_run_next (InvDatabaseJobFunc func,
                               gpointer           data,
                               GDestroyNotify     data_free,
                               GDestroyNotify     result_free)
{
  Running *running = g_private_get (&running_key);
  JobData *job_data;
  Job *job;

  g_return_if_fail (running != NULL);
  g_return_if_fail (func != NULL);

  job_data = g_new0 (JobData, 1);
  job_data->data = data;
  job_data->data_free = data_free;
  job_data->result_free = result_free;

  job = g_new0 (Job, 1);
  job->func = func;
  job->exclusive = TRUE;
  job->task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (job->task, _inv_database_worker_run_next);
  g_task_set_task_data (job->task, job_data, (GDestroyNotify)job_data_free);

  g_async_queue_push_front (running->shared->queue, job);
}

/**
 * _inv_database_worker_run_full:
 * @exclusive: %TRUE for a long job, which never runs inside another one's
 *   _inv_database_worker_run_queued()
 *
 * inv_database_worker_run_async(), saying whether the job is exclusive.
 */
void
_inv_database_worker_run_full (InvDatabaseWorker   *self,
                               gboolean             exclusive,
                               InvDatabaseJobFunc   func,
                               gpointer             data,
                               GDestroyNotify       data_free,
                               GDestroyNotify       result_free,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  JobData *job_data;
  Job *job;

  g_return_if_fail (INV_IS_DATABASE_WORKER (self));
  g_return_if_fail (func != NULL);

  job_data = g_new0 (JobData, 1);
  job_data->data = data;
  job_data->data_free = data_free;
  job_data->result_free = result_free;

  job = g_new0 (Job, 1);
  job->func = func;
  job->exclusive = exclusive;
  /* No source object: the task may end on the worker's thread, and must not hold the
   * worker (whose finalisation joins that thread). */
  job->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, inv_database_worker_run_async);
  g_task_set_task_data (job->task, job_data, (GDestroyNotify)job_data_free);

  if (self->thread == NULL)
    self->thread = g_thread_new ("inv-database-worker", worker_thread, self->shared);

  g_async_queue_push (self->shared->queue, job);
}

/**
 * inv_database_worker_run_async:
 * @func: the job, run on the worker's thread
 * @data: (nullable): passed to @func; freed with @data_free wherever the job ends
 * @result_free: (nullable): frees a result nobody took
 * @callback: called on the caller's thread-default main context
 *
 * Queues a job behind the ones already queued.
 */
void
inv_database_worker_run_async (InvDatabaseWorker   *self,
                               InvDatabaseJobFunc   func,
                               gpointer             data,
                               GDestroyNotify       data_free,
                               GDestroyNotify       result_free,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  _inv_database_worker_run_full (self, FALSE, func, data, data_free, result_free,
                                 cancellable, callback, user_data);
}

/**
 * inv_database_worker_run_finish:
 *
 * Returns: (transfer full): the job's result, or %NULL with @error set
 *   (%G_IO_ERROR_CANCELLED when it was cancelled)
 */
gpointer
inv_database_worker_run_finish (InvDatabaseWorker  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == inv_database_worker_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

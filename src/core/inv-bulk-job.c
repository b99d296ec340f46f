/* inv-bulk-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-bulk-job"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-bulk-job.h"
#include "inv-database-worker-private.h"

/* One piece of long work on many rows (an invite, an import, demo data): it runs on
 * the session's database worker, with the worker's connection, and tells how far it
 * got through properties that the window binds to.
 *
 * The work reports from the worker's thread as often as it likes. The numbers go into
 * "pending" under the mutex, and the first report since the last notification attaches
 * one idle to the main context of inv_bulk_job_run_async(); that idle copies them into
 * the properties and notifies once. A burst of reports between two main-loop
 * iterations is therefore one notification, and the main thread never waits for the
 * worker. The properties themselves are only read and written on the main context. */

typedef struct
{
  guint64  done;
  guint64  total;
  char    *message;              /* owned */
  gboolean message_set;
} Pending;

struct _InvBulkJob
{
  GObject                parent_instance;

  /* Set at construction, read on both threads. */
  InvBulkJobFlags        flags;
  InvBulkJobFunc         func;
  gpointer               data;
  GDestroyNotify         data_free;
  GDestroyNotify         result_free;
  InvBulkJobAfterFunc    afterwards;        /* taken by the work once it ran */
  gpointer               afterwards_data;
  GDestroyNotify         afterwards_data_free;

  /* The main context's side. */
  GMainContext          *context;      /* owned, once run */
  GCancellable          *cancellable;  /* owned, nullable */
  InvBulkJobCleanupFunc  cleanup;
  gpointer               cleanup_data;
  GDestroyNotify         cleanup_data_free;
  guint64                done;
  guint64                total;
  double                 fraction;
  char                  *message;      /* owned */
  guint                  started : 1;
  guint                  finished : 1;

  /* The worker's side, under the mutex. */
  GMutex                 mutex;
  Pending                pending;
  GSource               *notify_source;  /* owned; attached while a report waits */
};

enum {
  PROP_0,
  PROP_FRACTION,
  PROP_DONE,
  PROP_TOTAL,
  PROP_MESSAGE,
  PROP_FINISHED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvBulkJob, inv_bulk_job, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* On the main context: moves what the worker reported into the properties. */
static void
apply_pending (InvBulkJob *self)
{
  g_autoptr(GSource) source = NULL;
  g_autofree char *message = NULL;
  gboolean message_set;
  guint64 done;
  guint64 total;
  double fraction;

  g_mutex_lock (&self->mutex);
  source = g_steal_pointer (&self->notify_source);
  done = self->pending.done;
  total = self->pending.total;
  message = g_steal_pointer (&self->pending.message);
  message_set = self->pending.message_set;
  self->pending.message_set = FALSE;
  g_mutex_unlock (&self->mutex);

  /* Destroyed outside the lock: its reference on the job may be the last but one. */
  if (source != NULL)
    g_source_destroy (source);

  fraction = total > 0 ? MIN (1.0, (double)done / (double)total) : 0.0;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->done != done)
    {
      self->done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
    }
  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  if (self->fraction != fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  if (message_set && g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_steal_pointer (&message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
notify_idle_cb (gpointer user_data)
{
  apply_pending (INV_BULK_JOB (user_data));

  return G_SOURCE_REMOVE;
}

/* Any thread, with the mutex held. */
static void
queue_notify_locked (InvBulkJob *self)
{
  if (self->notify_source != NULL)
    return;

  self->notify_source = g_idle_source_new ();
  g_source_set_priority (self->notify_source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (self->notify_source, "[inv-bulk-job-progress]");
  g_source_set_callback (self->notify_source, notify_idle_cb, g_object_ref (self), g_object_unref);
  g_source_attach (self->notify_source, self->context);
}

static void
run_cleanup (InvBulkJob *self)
{
  InvBulkJobCleanupFunc cleanup = g_steal_pointer (&self->cleanup);
  gpointer cleanup_data = g_steal_pointer (&self->cleanup_data);
  GDestroyNotify cleanup_data_free = g_steal_pointer (&self->cleanup_data_free);

  if (cleanup != NULL)
    cleanup (self, cleanup_data);
  if (cleanup_data_free != NULL)
    cleanup_data_free (cleanup_data);
}

static void
inv_bulk_job_finalize (GObject *object)
{
  InvBulkJob *self = (InvBulkJob *)object;

  /* Never run: the cleanup is for a job that finished, its data goes all the same. */
  if (self->cleanup_data_free != NULL)
    self->cleanup_data_free (self->cleanup_data);

  g_assert (self->notify_source == NULL);

  /* Cancelled before it started: nothing to do afterwards either. */
  if (self->afterwards_data_free != NULL)
    self->afterwards_data_free (self->afterwards_data);

  if (self->data_free != NULL && self->data != NULL)
    self->data_free (self->data);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->pending.message, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (inv_bulk_job_parent_class)->finalize (object);
}

static void
inv_bulk_job_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  InvBulkJob *self = INV_BULK_JOB (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_DONE:
      g_value_set_uint64 (value, self->done);
      break;

    case PROP_TOTAL:
      g_value_set_uint64 (value, self->total);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_FINISHED:
      g_value_set_boolean (value, self->finished);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_bulk_job_class_init (InvBulkJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inv_bulk_job_finalize;
  object_class->get_property = inv_bulk_job_get_property;

  /**
   * InvBulkJob:fraction:
   *
   * How much of the work is done, from 0 to 1: #InvBulkJob:done over
   * #InvBulkJob:total, 0 while the total is unknown.
   */
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL,
                         0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DONE] =
    g_param_spec_uint64 ("done", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOTAL] =
    g_param_spec_uint64 ("total", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * InvBulkJob:finished:
   *
   * %TRUE once the work has ended, successfully or not, and the last progress it
   * reported is in the other properties.
   */
  properties[PROP_FINISHED] =
    g_param_spec_boolean ("finished", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inv_bulk_job_init (InvBulkJob *self)
{
  g_mutex_init (&self->mutex);
}

/**
 * inv_bulk_job_new:
 * @flags: how cancelling works
 * @func: the work, run on the worker's thread
 * @data: (nullable): passed to @func; freed with @data_free when the job goes
 * @result_free: (nullable): frees a result nobody took
 *
 * Returns: (transfer full): a job, to run once with inv_bulk_job_run_async()
 */
InvBulkJob *
inv_bulk_job_new (InvBulkJobFlags flags,
                  InvBulkJobFunc  func,
                  gpointer        data,
                  GDestroyNotify  data_free,
                  GDestroyNotify  result_free)
{
  InvBulkJob *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (INV_TYPE_BULK_JOB, NULL);
  self->flags = flags;
  self->func = func;
  self->data = data;
  self->data_free = data_free;
  self->result_free = result_free;

  return self;
}

/**
 * inv_bulk_job_get_data:
 *
 * Returns: (transfer none) (nullable): the data given to inv_bulk_job_new(); the
 *   work may change it, so read it on the main context only once the job finished
 */
gpointer
inv_bulk_job_get_data (InvBulkJob *self)
{
  g_return_val_if_fail (INV_IS_BULK_JOB (self), NULL);

  return self->data;
}

/**
 * inv_bulk_job_set_cleanup:
 * @cleanup: (nullable) (scope notified): called once, on the main context, when the
 *   job has finished (before the callback of inv_bulk_job_run_async())
 * @user_data_free: (nullable): frees @user_data after @cleanup ran, or when the job
 *   goes without having run
 *
 * Gives the job what to undo when it is over, whatever its outcome: an application
 * hold to release, a button to enable again.
 */
void
inv_bulk_job_set_cleanup (InvBulkJob            *self,
                          InvBulkJobCleanupFunc  cleanup,
                          gpointer               user_data,
                          GDestroyNotify         user_data_free)
{
  g_return_if_fail (INV_IS_BULK_JOB (self));
  g_return_if_fail (!self->started);

  if (self->cleanup_data_free != NULL)
    self->cleanup_data_free (self->cleanup_data);

  self->cleanup = cleanup;
  self->cleanup_data = user_data;
  self->cleanup_data_free = user_data_free;
}

/**
 * inv_bulk_job_set_afterwards:
 * @afterwards: (nullable) (scope notified): run on the worker's thread, with its
 *   connection, right after the work, once its result is on its way back, and before
 *   any other job of the worker; whatever the work's outcome, but not when the job
 *   was cancelled before it started
 * @user_data_free: (nullable): frees @user_data, on the worker's thread after
 *   @afterwards ran, or with the job when it did not run
 *
 * For what the work leaves to do that nobody needs to wait for: a bulk write that
 * turned off the automatic checkpoint checkpoints here.
 */
void
inv_bulk_job_set_afterwards (InvBulkJob          *self,
                             InvBulkJobAfterFunc  afterwards,
                             gpointer             user_data,
                             GDestroyNotify       user_data_free)
{
  g_return_if_fail (INV_IS_BULK_JOB (self));
  g_return_if_fail (!self->started);

  if (self->afterwards_data_free != NULL)
    self->afterwards_data_free (self->afterwards_data);

  self->afterwards = afterwards;
  self->afterwards_data = user_data;
  self->afterwards_data_free = user_data_free;
}

double
inv_bulk_job_get_fraction (InvBulkJob *self)
{
  g_return_val_if_fail (INV_IS_BULK_JOB (self), 0.0);

  return self->fraction;
}

guint64
inv_bulk_job_get_done (InvBulkJob *self)
{
  g_return_val_if_fail (INV_IS_BULK_JOB (self), 0);

  return self->done;
}

guint64
inv_bulk_job_get_total (InvBulkJob *self)
{
  g_return_val_if_fail (INV_IS_BULK_JOB (self), 0);

  return self->total;
}

/**
 * inv_bulk_job_get_message:
 *
 * Returns: (nullable): what the work said it is doing, if it said anything
 */
const char *
inv_bulk_job_get_message (InvBulkJob *self)
{
  g_return_val_if_fail (INV_IS_BULK_JOB (self), NULL);

  return self->message;
}

gboolean
inv_bulk_job_get_finished (InvBulkJob *self)
{
  g_return_val_if_fail (INV_IS_BULK_JOB (self), FALSE);

  return self->finished;
}

/**
 * inv_bulk_job_set_progress:
 * @done: how many steps are done
 * @total: how many there are
 *
 * Called by the work, on the worker's thread, as often as it likes: the properties
 * follow at the next main-loop iteration, in one notification.
 */
void
inv_bulk_job_set_progress (InvBulkJob *self,
                           guint64     done,
                           guint64     total)
{
  g_return_if_fail (INV_IS_BULK_JOB (self));
  g_return_if_fail (self->started);

  g_mutex_lock (&self->mutex);
  self->pending.done = done;
  self->pending.total = total;
  queue_notify_locked (self);
  g_mutex_unlock (&self->mutex);
}

/**
 * inv_bulk_job_set_message:
 * @message: (nullable): what the work is doing, for the person
 *
 * Like inv_bulk_job_set_progress(), for #InvBulkJob:message.
 */
void
inv_bulk_job_set_message (InvBulkJob *self,
                          const char *message)
{
  g_return_if_fail (INV_IS_BULK_JOB (self));
  g_return_if_fail (self->started);

  g_mutex_lock (&self->mutex);
  g_free (self->pending.message);
  self->pending.message = g_strdup (message);
  self->pending.message_set = TRUE;
  queue_notify_locked (self);
  g_mutex_unlock (&self->mutex);
}

/**
 * inv_bulk_job_report_progress:
 * @job: (type InvBulkJob): the job
 *
 * An #InvProgressFunc for the synchronous functions that report progress: pass it
 * with the job as its data.
 */
void
inv_bulk_job_report_progress (guint64  done,
                              guint64  total,
                              gpointer job)
{
  inv_bulk_job_set_progress (job, done, total);
}

/**
 * inv_bulk_job_yield:
 *
 * Called by the work, on the worker's thread, between two transactions: lets the
 * reads queued on the worker meanwhile (a list that follows what the job wrote) run
 * now rather than after the job. Only for a job that stops itself: an interrupt
 * meant for the job must not reach another's read.
 *
 * Returns: how many queued reads ran
 */
guint
inv_bulk_job_yield (InvBulkJob *self)
{
  g_return_val_if_fail (INV_IS_BULK_JOB (self), 0);
  g_return_val_if_fail (self->flags & INV_BULK_JOB_STOPS_ITSELF, 0);

  return _inv_database_worker_run_queued ();
}

typedef struct
{
  InvBulkJobAfterFunc func;
  gpointer            data;
  GDestroyNotify      data_free;
} Afterwards;

static void
afterwards_free (gpointer data)
{
  Afterwards *afterwards = data;

  if (afterwards->data_free != NULL)
    afterwards->data_free (afterwards->data);
  g_free (afterwards);
}

static gpointer
afterwards_work (InvDatabase   *database,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Afterwards *afterwards = data;

  afterwards->func (database, afterwards->data);

  return GUINT_TO_POINTER (TRUE);
}

/* On the worker's thread. */
static gpointer
work (InvDatabase   *database,
      gpointer       data,
      GCancellable  *cancellable,
      GError       **error)
{
  InvBulkJob *self = data;
  gpointer result;

  /* The job's own cancellable: when the work stops itself the worker has none. */
  result = self->func (self, database, self->data, self->cancellable, error);

  /* Queued first in line, to run once the worker has handed back the result. */
  if (self->afterwards != NULL)
    {
      Afterwards *afterwards = g_new0 (Afterwards, 1);

      afterwards->func = g_steal_pointer (&self->afterwards);
      afterwards->data = g_steal_pointer (&self->afterwards_data);
      afterwards->data_free = g_steal_pointer (&self->afterwards_data_free);
      _inv_database_worker_run_next (afterwards_work, afterwards, afterwards_free, NULL);
    }

  return result;
}

static void
work_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  InvBulkJob *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  gpointer ret;

  ret = inv_database_worker_run_finish (NULL, result, &error);

  /* The last report may still wait in its idle: whoever looks at the job when it is
   * finished sees the numbers the work ended with. */
  apply_pending (self);
  self->finished = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);

  run_cleanup (self);

  if (ret == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, ret, self->result_free);
}

/**
 * inv_bulk_job_run_async:
 * @worker: runs the work on its thread, with its connection, after the jobs it has
 *   queued already
 * @cancellable: (nullable): stops the work; see %INV_BULK_JOB_STOPS_ITSELF
 * @callback: called on the caller's thread-default main context, after the cleanup
 *
 * Runs the job, once. Progress is reported on the same main context.
 */
void
inv_bulk_job_run_async (InvBulkJob          *self,
                        InvDatabaseWorker   *worker,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (INV_IS_BULK_JOB (self));
  g_return_if_fail (INV_IS_DATABASE_WORKER (worker));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->context = g_main_context_ref_thread_default ();
  g_set_object (&self->cancellable, cancellable);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, inv_bulk_job_run_async);
  /* Whether a cancel ends in an error is the worker's answer (or the work's own). */
  g_task_set_check_cancellable (task, FALSE);

  /* The task holds the job until the work has answered: the worker only borrows it. */
  _inv_database_worker_run_full (worker, TRUE, work, self, NULL, self->result_free,
                                 (self->flags & INV_BULK_JOB_STOPS_ITSELF) ? NULL : cancellable,
                                 work_done_cb, task);
}

/**
 * inv_bulk_job_run_finish:
 *
 * Returns: (transfer full): the work's result, or %NULL with @error set
 *   (%G_IO_ERROR_CANCELLED when it was cancelled, unless it stops itself)
 */
gpointer
inv_bulk_job_run_finish (InvBulkJob    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (INV_IS_BULK_JOB (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == inv_bulk_job_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * inv_bulk_job_run_sync:
 *
 * Runs the job on @worker and waits for it, for the command line. Progress and the
 * cleanup are delivered on this thread, inside this call.
 *
 * Returns: (transfer full): as inv_bulk_job_run_finish()
 */
gpointer
inv_bulk_job_run_sync (InvBulkJob         *self,
                       InvDatabaseWorker  *worker,
                       GCancellable       *cancellable,
                       GError            **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (INV_IS_BULK_JOB (self), NULL);
  g_return_val_if_fail (INV_IS_DATABASE_WORKER (worker), NULL);

  g_main_context_push_thread_default (context);
  inv_bulk_job_run_async (self, worker, cancellable, sync_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  return inv_bulk_job_run_finish (self, result, error);
}

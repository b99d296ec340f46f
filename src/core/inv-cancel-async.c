/* inv-cancel-async.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Previews, cancels and undos in a worker thread, each on a connection of its own.
 */

#define G_LOG_DOMAIN "inv-cancel"

#include "config.h"

#ifdef HAVE_MALLOC_TRIM
# include <malloc.h>
#endif

#include "inv-cancel.h"

/* Each worker opens its own connection to the same file: one connection per thread,
 * and WAL lets the window keep reading while the cancel writes. */

typedef struct
{
  gatomicrefcount        ref_count;
  InvCancelProgressFunc  func;
  gpointer               data;
  GDestroyNotify         destroy;
  GMainContext          *context;
} Progress;

static Progress *
progress_ref (Progress *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static gboolean
progress_finalize (gpointer user_data)
{
  Progress *self = user_data;

  if (self->destroy != NULL)
    self->destroy (self->data);
  g_main_context_unref (self->context);
  g_free (self);

  return G_SOURCE_REMOVE;
}

/* The last reference may drop in the worker thread; the caller's data is still freed
 * on the caller's main context, after the last progress update. */
static void
progress_unref (Progress *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, progress_finalize, self, NULL);
}

typedef struct
{
  Progress *progress;
  guint     done;
  guint     total;
} ProgressUpdate;

static gboolean
progress_dispatch (gpointer user_data)
{
  ProgressUpdate *update = user_data;

  update->progress->func (update->done, update->total, update->progress->data);

  return G_SOURCE_REMOVE;
}

static void
progress_update_free (gpointer user_data)
{
  ProgressUpdate *update = user_data;

  progress_unref (update->progress);
  g_free (update);
}

static void
progress_from_thread (guint    done,
                      guint    total,
                      gpointer user_data)
{
  Progress *progress = user_data;
  ProgressUpdate *update = g_new0 (ProgressUpdate, 1);

  update->progress = progress_ref (progress);
  update->done = done;
  update->total = total;
  g_main_context_invoke_full (progress->context, G_PRIORITY_DEFAULT, progress_dispatch,
                              update, progress_update_free);
}

typedef struct
{
  char               *path;
  GArray             *ids;
  InvCancelOptions    options;
  char               *message_override;
  Progress           *progress;
  gint64              batch_id;
} TaskData;

static void
task_data_free (gpointer user_data)
{
  TaskData *data = user_data;

  g_free (data->path);
  g_clear_pointer (&data->ids, g_array_unref);
  g_free (data->message_override);
  g_clear_pointer (&data->progress, progress_unref);
  g_free (data);
}

static TaskData *
task_data_new (InvDatabase   *database,
               const gint64  *ids,
               guint          n_ids)
{
  TaskData *data = g_new0 (TaskData, 1);

  data->path = g_strdup (inv_database_get_path (database));
  data->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  if (n_ids > 0)
    g_array_append_vals (data->ids, ids, n_ids);

  return data;
}

/* How much of the database file a bulk connection may read through a memory map.
 * A preview, cancel or undo of 100,000 rows opens a connection with an empty cache
 * and looks up rows all over the table: read through the map, each page costs a
 * page-table entry instead of a system call and a copy, which more than halves the
 * time to stage the rows. The map goes with the connection, which lives only as long
 * as the one operation, so the window's memory is not affected afterwards. */
#define BULK_MMAP_BYTES G_GINT64_CONSTANT (2147483648)

/* A connection of its own for one bulk operation in a worker thread. */
static InvDatabase *
open_bulk_connection (const char  *path,
                      GError     **error)
{
  g_autoptr(InvDatabase) database = inv_database_open (path, error);
  g_autofree char *mmap_sql = NULL;

  if (database == NULL)
    return NULL;

  /* Only an optimisation: without it the operation is slower, not wrong. */
  mmap_sql = g_strdup_printf ("PRAGMA mmap_size = %" G_GINT64_FORMAT, BULK_MMAP_BYTES);
  inv_database_exec (database, mmap_sql, NULL);

  return g_steal_pointer (&database);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  InvCancelPreview *preview;

  database = open_bulk_connection (data->path, &error);
  if (database == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  preview = inv_cancel_preview (database, (const gint64 *)(gpointer)data->ids->data, data->ids->len, &error);
  if (preview == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, preview, (GDestroyNotify)inv_cancel_preview_free);
}

/**
 * inv_cancel_preview_async:
 * @ids: (array length=n_ids): copied before this returns
 *
 * inv_cancel_preview() in a worker thread with its own connection to @database's file.
 */
void
inv_cancel_preview_async (InvDatabase         *database,
                          const gint64        *ids,
                          guint                n_ids,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (INV_IS_DATABASE (database));
  g_return_if_fail (ids != NULL || n_ids == 0);

  task = g_task_new (database, cancellable, callback, user_data);
  g_task_set_source_tag (task, inv_cancel_preview_async);
  g_task_set_task_data (task, task_data_new (database, ids, n_ids), task_data_free);
  g_task_run_in_thread (task, preview_thread);
}

/**
 * inv_cancel_preview_finish:
 *
 * Returns: (transfer full): the counts, or %NULL with @error set
 */
InvCancelPreview *
inv_cancel_preview_finish (InvDatabase   *database,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, database), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == inv_cancel_preview_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Takes over @data, the worker's connection, checkpoints, and closes it. */
static gpointer
checkpoint_thread (gpointer data)
{
  InvDatabase *database = data;

  inv_database_exec (database, "PRAGMA wal_checkpoint (PASSIVE)", NULL);
  g_object_unref (database);

#ifdef HAVE_MALLOC_TRIM
  /* The cancel's page cache was freed with its connection; hand the memory back to
   * the system rather than keep it in the allocator's free lists. */
  malloc_trim (0);
#endif

  return NULL;
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  InvCancelResult *result;

  database = open_bulk_connection (data->path, &error);
  if (database == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A big cancel leaves a large write-ahead log. Copying it into the database file
   * (the checkpoint) can take as long as the cancel itself, and the person waits for
   * the cancel only: so this connection does not checkpoint as part of its commit,
   * but in a thread of its own once the result is on its way. */
  inv_database_set_autocheckpoint (database, 0);

  result = inv_cancel_apply (database, (const gint64 *)(gpointer)data->ids->data, data->ids->len,
                             &data->options,
                             data->progress != NULL ? progress_from_thread : NULL, data->progress,
                             cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify)inv_cancel_result_free);

  /* A task run in a thread reports back only when its function returns. */
  g_thread_unref (g_thread_new ("inv-cancel-checkpoint", checkpoint_thread, g_steal_pointer (&database)));
}

/**
 * inv_cancel_apply_async:
 * @database: the window's connection; the work runs on a connection of its own
 * @ids: (array length=n_ids): copied before this returns
 * @options: copied before this returns
 * @progress: (nullable) (scope notified): called on the thread-default main context
 *   of the caller
 * @progress_data: data for @progress
 * @progress_data_destroy: (nullable): frees @progress_data when no more progress comes
 * @cancellable: (nullable): stops the cancel before it commits
 * @callback: called on the caller's main context when done
 * @user_data: data for @callback
 *
 * inv_cancel_apply() in a worker thread, so that the window stays responsive.
 */
void
inv_cancel_apply_async (InvDatabase             *database,
                        const gint64            *ids,
                        guint                    n_ids,
                        const InvCancelOptions  *options,
                        InvCancelProgressFunc    progress,
                        gpointer                 progress_data,
                        GDestroyNotify           progress_data_destroy,
                        GCancellable            *cancellable,
                        GAsyncReadyCallback      callback,
                        gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (INV_IS_DATABASE (database));
  g_return_if_fail (ids != NULL || n_ids == 0);
  g_return_if_fail (options != NULL);

  data = task_data_new (database, ids, n_ids);
  data->options = *options;
  data->message_override = g_strdup (options->message_override);
  data->options.message_override = data->message_override;

  if (progress != NULL)
    {
      data->progress = g_new0 (Progress, 1);
      g_atomic_ref_count_init (&data->progress->ref_count);
      data->progress->func = progress;
      data->progress->data = progress_data;
      data->progress->destroy = progress_data_destroy;
      data->progress->context = g_main_context_ref_thread_default ();
    }
  else if (progress_data_destroy != NULL)
    progress_data_destroy (progress_data);

  task = g_task_new (database, cancellable, callback, user_data);
  g_task_set_source_tag (task, inv_cancel_apply_async);
  g_task_set_task_data (task, data, task_data_free);
  g_task_run_in_thread (task, apply_thread);
}

/**
 * inv_cancel_apply_finish:
 *
 * Returns: (transfer full): what was done, or %NULL with @error set
 */
InvCancelResult *
inv_cancel_apply_finish (InvDatabase   *database,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, database), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == inv_cancel_apply_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
undo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  guint n_restored = 0;

  database = open_bulk_connection (data->path, &error);
  if (database == NULL || !inv_cancel_undo (database, data->batch_id, &n_restored, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, n_restored);
}

/**
 * inv_cancel_undo_async:
 *
 * inv_cancel_undo() in a worker thread with its own connection.
 */
void
inv_cancel_undo_async (InvDatabase         *database,
                       gint64               batch_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (INV_IS_DATABASE (database));

  data = task_data_new (database, NULL, 0);
  data->batch_id = batch_id;

  task = g_task_new (database, cancellable, callback, user_data);
  g_task_set_source_tag (task, inv_cancel_undo_async);
  g_task_set_task_data (task, data, task_data_free);
  g_task_run_in_thread (task, undo_thread);
}

/**
 * inv_cancel_undo_finish:
 * @n_restored: (out) (optional): how many invitations got their previous state back
 *
 * Returns: %TRUE if the batch was undone
 */
gboolean
inv_cancel_undo_finish (InvDatabase   *database,
                        GAsyncResult  *result,
                        guint         *n_restored,
                        GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, database), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == inv_cancel_undo_async, FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;

  if (n_restored != NULL)
    *n_restored = (guint)n;

  return TRUE;
}

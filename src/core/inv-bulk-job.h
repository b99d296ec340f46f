/* inv-bulk-job.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inv-database.h"
#include "inv-database-worker.h"

G_BEGIN_DECLS

#define INV_TYPE_BULK_JOB (inv_bulk_job_get_type ())

G_DECLARE_FINAL_TYPE (InvBulkJob, inv_bulk_job, INV, BULK_JOB, GObject)

/* Reports progress of long work: @done of @total steps. inv_bulk_job_report_progress()
 * is one, with the job as @user_data. */
typedef void (*InvProgressFunc) (guint64  done,
                                 guint64  total,
                                 gpointer user_data);

typedef enum
{
  INV_BULK_JOB_FLAGS_NONE = 0,
  /* Cancelling neither interrupts the running statement nor turns the result into
   * %G_IO_ERROR_CANCELLED: the work watches @cancellable itself (between batches,
   * say) and what it returns stands. */
  INV_BULK_JOB_STOPS_ITSELF = 1 << 0,
} InvBulkJobFlags;

/* The work: runs on the worker's thread with the worker's connection. Returns its
 * result (never %NULL on success), or %NULL with @error set. It reports progress with
 * inv_bulk_job_set_progress(). */
typedef gpointer (*InvBulkJobFunc) (InvBulkJob    *job,
                                    InvDatabase   *database,
                                    gpointer       data,
                                    GCancellable  *cancellable,
                                    GError       **error);

/* Runs on the main context of inv_bulk_job_run_async() once the job has finished,
 * whatever its outcome. */
typedef void (*InvBulkJobCleanupFunc) (InvBulkJob *job,
                                       gpointer    user_data);

/* Runs on the worker's thread, with its connection, right after a job's result was
 * handed back: what the work leaves to do without anyone waiting for it. */
typedef void (*InvBulkJobAfterFunc) (InvDatabase *database,
                                     gpointer     user_data);

InvBulkJob  *inv_bulk_job_new              (InvBulkJobFlags         flags,
                                            InvBulkJobFunc          func,
                                            gpointer                data,
                                            GDestroyNotify          data_free,
                                            GDestroyNotify          result_free);
gpointer     inv_bulk_job_get_data         (InvBulkJob             *self);
void         inv_bulk_job_set_cleanup      (InvBulkJob             *self,
                                            InvBulkJobCleanupFunc   cleanup,
                                            gpointer                user_data,
                                            GDestroyNotify          user_data_free);
void         inv_bulk_job_set_afterwards   (InvBulkJob             *self,
                                            InvBulkJobAfterFunc     afterwards,
                                            gpointer                user_data,
                                            GDestroyNotify          user_data_free);

double       inv_bulk_job_get_fraction     (InvBulkJob             *self);
guint64      inv_bulk_job_get_done         (InvBulkJob             *self);
guint64      inv_bulk_job_get_total        (InvBulkJob             *self);
const char  *inv_bulk_job_get_message      (InvBulkJob             *self);
gboolean     inv_bulk_job_get_finished     (InvBulkJob             *self);

void         inv_bulk_job_set_progress     (InvBulkJob             *self,
                                            guint64                 done,
                                            guint64                 total);
void         inv_bulk_job_set_message      (InvBulkJob             *self,
                                            const char             *message);
guint        inv_bulk_job_yield            (InvBulkJob             *self);
void         inv_bulk_job_report_progress  (guint64                 done,
                                            guint64                 total,
                                            gpointer                job);

void         inv_bulk_job_run_async        (InvBulkJob             *self,
                                            InvDatabaseWorker      *worker,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data);
gpointer     inv_bulk_job_run_finish       (InvBulkJob             *self,
                                            GAsyncResult           *result,
                                            GError                **error);
gpointer     inv_bulk_job_run_sync         (InvBulkJob             *self,
                                            InvDatabaseWorker      *worker,
                                            GCancellable           *cancellable,
                                            GError                **error);

G_END_DECLS

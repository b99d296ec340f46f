/* inv-database-worker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inv-database.h"

G_BEGIN_DECLS

#define INV_TYPE_DATABASE_WORKER (inv_database_worker_get_type ())

G_DECLARE_FINAL_TYPE (InvDatabaseWorker, inv_database_worker, INV, DATABASE_WORKER, GObject)

/* A job: runs on the worker's thread with the worker's own connection. Returns its
 * result, or %NULL with @error set. A job that reads a lot should not check
 * @cancellable itself: cancelling interrupts the statement that runs. */
typedef gpointer (*InvDatabaseJobFunc) (InvDatabase   *database,
                                        gpointer       data,
                                        GCancellable  *cancellable,
                                        GError       **error);

InvDatabaseWorker *inv_database_worker_new        (const char          *path);
void               inv_database_worker_run_async  (InvDatabaseWorker   *self,
                                                   InvDatabaseJobFunc   func,
                                                   gpointer             data,
                                                   GDestroyNotify       data_free,
                                                   GDestroyNotify       result_free,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gpointer           inv_database_worker_run_finish (InvDatabaseWorker   *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS

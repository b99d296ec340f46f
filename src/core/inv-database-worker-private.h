/* inv-database-worker-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "inv-database-worker.h"

G_BEGIN_DECLS

void  _inv_database_worker_run_full   (InvDatabaseWorker   *self,
                                       gboolean             exclusive,
                                       InvDatabaseJobFunc   func,
                                       gpointer             data,
                                       GDestroyNotify       data_free,
                                       GDestroyNotify       result_free,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
guint _inv_database_worker_run_queued (void);
void  _inv_database_worker_run_next   (InvDatabaseJobFunc   func,
                                       gpointer             data,
                                       GDestroyNotify       data_free,
                                       GDestroyNotify       result_free);

G_END_DECLS

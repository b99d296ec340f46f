/* inv-session.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inv-change-set.h"
#include "inv-database.h"
#include "inv-database-worker.h"
#include "inv-sync-engine.h"

G_BEGIN_DECLS

#define INV_TYPE_SESSION (inv_session_get_type ())

G_DECLARE_FINAL_TYPE (InvSession, inv_session, INV, SESSION, GObject)

/* Everything a window works with: the database, the worker that reads it off the main
 * thread, the sync engine and the settings. The application makes one; windows,
 * pages, views and dialogs get it as a construct property and ask it, never the
 * application. Its "changed" signal carries every commit to the database, this
 * process's and (noticed within a second, or on inv_session_check_external_changes())
 * another process's. */
InvSession        *inv_session_new                    (InvDatabase  *database,
                                                       GSettings    *settings);
InvDatabase       *inv_session_get_database           (InvSession   *self);
InvDatabaseWorker *inv_session_get_worker             (InvSession   *self);
InvDatabaseWorker *inv_session_get_bulk_worker        (InvSession   *self);
InvSyncEngine     *inv_session_get_sync_engine        (InvSession   *self);
GSettings         *inv_session_get_settings           (InvSession   *self);

void               inv_session_start                  (InvSession   *self);
void               inv_session_stop                   (InvSession   *self);
void               inv_session_check_external_changes (InvSession   *self);

void               inv_session_add_actions            (InvSession   *self,
                                                       GActionMap   *map);
gboolean           inv_session_has_queued             (InvSession   *self);
gboolean           inv_session_can_send               (InvSession   *self);
void               inv_session_send_queued_async      (InvSession          *self,
                                                       guint                max_seconds,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean           inv_session_send_queued_finish     (InvSession          *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
gint64             inv_session_get_undo_batch_id      (InvSession   *self);

G_END_DECLS

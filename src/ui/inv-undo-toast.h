/* inv-undo-toast.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-session.h"

G_BEGIN_DECLS

/* Whether the batch @batch_id can still be taken back at @now (UTC seconds). */
typedef gboolean (*InvUndoCheck) (InvDatabase *database,
                                  gint64       batch_id,
                                  gint64       now);

void inv_undo_toast_follow (AdwToast     *toast,
                            InvSession   *session,
                            gint64        batch_id,
                            InvUndoCheck  still_undoable);

G_END_DECLS

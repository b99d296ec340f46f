/* inv-history-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_HISTORY_DIALOG (inv_history_dialog_get_type ())

G_DECLARE_FINAL_TYPE (InvHistoryDialog, inv_history_dialog, INV, HISTORY_DIALOG, AdwWindow)

GtkWidget *inv_history_dialog_new           (GtkWindow        *parent,
                                             InvSession       *session,
                                             gint64            invitation_id,
                                             const char       *candidate_name);
guint      inv_history_dialog_get_n_entries (InvHistoryDialog *self);

G_END_DECLS

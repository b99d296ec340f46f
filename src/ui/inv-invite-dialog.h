/* inv-invite-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_INVITE_DIALOG (inv_invite_dialog_get_type ())

G_DECLARE_FINAL_TYPE (InvInviteDialog, inv_invite_dialog, INV, INVITE_DIALOG, AdwWindow)

/* "Send invite" for selected candidates: one template and one duration for the batch,
 * every warning and count before sending, batches of 100 with progress and a Stop,
 * then the result per candidate. Emits "sent" once something was queued. */
InvInviteDialog *inv_invite_dialog_new           (GtkWindow    *parent,
                                                  InvSession   *session,
                                                  const gint64 *candidate_ids,
                                                  guint         n_candidates);
void             inv_invite_dialog_set_template  (InvInviteDialog *self,
                                                  gint64           template_id);
guint            inv_invite_dialog_get_n_to_send (InvInviteDialog *self);

G_END_DECLS

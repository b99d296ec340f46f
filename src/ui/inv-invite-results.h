/* inv-invite-results.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inv-invite.h"
#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_INVITE_RESULTS (inv_invite_results_get_type ())

G_DECLARE_FINAL_TYPE (InvInviteResults, inv_invite_results, INV, INVITE_RESULTS, GtkWidget)

InvInviteResults *inv_invite_results_new          (InvSession             *session,
                                                   const InvInviteRequest *request,
                                                   gint64                  batch_id);
void              inv_invite_results_set_outcomes (InvInviteResults       *self,
                                                   GPtrArray              *outcomes,
                                                   const gint64           *not_queued,
                                                   guint                   n_not_queued,
                                                   const char             *stop_reason);
guint             inv_invite_results_get_n_queued (InvInviteResults       *self);
guint             inv_invite_results_get_n_failed (InvInviteResults       *self);

G_END_DECLS

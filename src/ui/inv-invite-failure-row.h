/* inv-invite-failure-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define INV_TYPE_INVITE_FAILURE_ROW (inv_invite_failure_row_get_type ())

G_DECLARE_FINAL_TYPE (InvInviteFailureRow, inv_invite_failure_row, INV, INVITE_FAILURE_ROW, GtkListBoxRow)

GtkWidget  *inv_invite_failure_row_new              (gint64               candidate_id,
                                                     gint64               outbox_id,
                                                     const char          *name,
                                                     const char          *email,
                                                     const char          *reason);
gint64      inv_invite_failure_row_get_candidate_id (InvInviteFailureRow *self);
gint64      inv_invite_failure_row_get_outbox_id    (InvInviteFailureRow *self);
const char *inv_invite_failure_row_get_email        (InvInviteFailureRow *self);
void        inv_invite_failure_row_set_email        (InvInviteFailureRow *self,
                                                     const char          *email);
const char *inv_invite_failure_row_get_entered_email (InvInviteFailureRow *self);
void        inv_invite_failure_row_set_reason       (InvInviteFailureRow *self,
                                                     const char          *reason);

G_END_DECLS

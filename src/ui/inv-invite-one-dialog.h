/* inv-invite-one-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_INVITE_ONE_DIALOG (inv_invite_one_dialog_get_type ())

G_DECLARE_FINAL_TYPE (InvInviteOneDialog, inv_invite_one_dialog, INV, INVITE_ONE_DIALOG, AdwWindow)

/* "Invite Candidate" from a template's Invite tab: name, email, an optional personal
 * message and the deadline (pre-filled from the template's validity); for a live
 * interview also its date and time. Emits "sent" with the new invitation's id. */
InvInviteOneDialog *inv_invite_one_dialog_new     (GtkWindow   *parent,
                                                   InvSession  *session,
                                                   gint64       template_id);
void                inv_invite_one_dialog_present (GtkWidget   *parent,
                                                   InvSession  *session,
                                                   gint64       template_id);

G_END_DECLS

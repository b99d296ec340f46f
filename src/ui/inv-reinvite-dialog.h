/* inv-reinvite-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-invitation.h"
#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_REINVITE_DIALOG (inv_reinvite_dialog_get_type ())

G_DECLARE_FINAL_TYPE (InvReinviteDialog, inv_reinvite_dialog, INV, REINVITE_DIALOG, AdwWindow)

/* "Re-invite" of a cancelled or expired invitation: a new deadline and whether the
 * candidate is emailed. Emits "reinvited" with the toast to show, whose Undo takes the
 * re-invite back while it is held. */
InvReinviteDialog *inv_reinvite_dialog_new (GtkWindow     *parent,
                                            InvSession    *session,
                                            InvInvitation *invitation);

G_END_DECLS

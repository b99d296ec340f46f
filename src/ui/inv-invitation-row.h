/* inv-invitation-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "inv-invitation.h"
#include "inv-list-row.h"

G_BEGIN_DECLS

#define INV_TYPE_INVITATION_ROW (inv_invitation_row_get_type ())

G_DECLARE_FINAL_TYPE (InvInvitationRow, inv_invitation_row, INV, INVITATION_ROW, InvListRow)

InvInvitationRow *inv_invitation_row_new            (InvInvitation    *invitation);
InvInvitation    *inv_invitation_row_get_invitation (InvInvitationRow *self);
void              inv_invitation_row_set_invitation (InvInvitationRow *self,
                                                     InvInvitation    *invitation);

G_END_DECLS

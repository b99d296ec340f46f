/* inv-invitation-check.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inv-invitation.h"

G_BEGIN_DECLS

#define INV_TYPE_INVITATION_CHECK (inv_invitation_check_get_type ())

G_DECLARE_FINAL_TYPE (InvInvitationCheck, inv_invitation_check, INV, INVITATION_CHECK, GtkCheckButton)

G_END_DECLS

/* inv-invitation-menu-button.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inv-invitation.h"

G_BEGIN_DECLS

#define INV_TYPE_INVITATION_MENU_BUTTON (inv_invitation_menu_button_get_type ())

G_DECLARE_FINAL_TYPE (InvInvitationMenuButton, inv_invitation_menu_button, INV, INVITATION_MENU_BUTTON, GtkWidget)

G_END_DECLS

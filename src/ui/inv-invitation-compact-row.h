/* inv-invitation-compact-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inv-invitation.h"

G_BEGIN_DECLS

#define INV_TYPE_INVITATION_COMPACT_ROW (inv_invitation_compact_row_get_type ())

G_DECLARE_FINAL_TYPE (InvInvitationCompactRow, inv_invitation_compact_row, INV, INVITATION_COMPACT_ROW, GtkWidget)

GtkWidget     *inv_invitation_compact_row_new                  (void);
InvInvitation *inv_invitation_compact_row_get_item             (InvInvitationCompactRow *self);
void           inv_invitation_compact_row_set_item             (InvInvitationCompactRow *self,
                                                                InvInvitation           *item);
gboolean       inv_invitation_compact_row_get_selected         (InvInvitationCompactRow *self);
void           inv_invitation_compact_row_set_selected         (InvInvitationCompactRow *self,
                                                                gboolean                 selected);
void           inv_invitation_compact_row_set_template_visible (InvInvitationCompactRow *self,
                                                                gboolean                 visible);
GtkWidget     *inv_invitation_compact_row_get_check            (InvInvitationCompactRow *self);
GtkWidget     *inv_invitation_compact_row_get_status_cell      (InvInvitationCompactRow *self);
GtkWidget     *inv_invitation_compact_row_get_menu_button      (InvInvitationCompactRow *self);

G_END_DECLS

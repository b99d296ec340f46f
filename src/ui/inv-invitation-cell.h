/* inv-invitation-cell.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inv-invitation.h"

G_BEGIN_DECLS

/* What a cell of the invitations list shows of its row. */
typedef enum
{
  INV_INVITATION_FIELD_CANDIDATE,
  INV_INVITATION_FIELD_EMAIL,
  INV_INVITATION_FIELD_TEMPLATE,
  INV_INVITATION_FIELD_STATUS,
  INV_INVITATION_FIELD_SENT,
  INV_INVITATION_FIELD_DEADLINE,
  INV_INVITATION_FIELD_SYNC,
  INV_INVITATION_FIELD_CANCELLED_ON,
  INV_INVITATION_FIELD_REASON,
} InvInvitationField;

#define INV_TYPE_INVITATION_FIELD (inv_invitation_field_get_type ())
GType inv_invitation_field_get_type (void);

#define INV_TYPE_INVITATION_CELL (inv_invitation_cell_get_type ())

G_DECLARE_FINAL_TYPE (InvInvitationCell, inv_invitation_cell, INV, INVITATION_CELL, GtkWidget)

InvInvitation      *inv_invitation_cell_get_item  (InvInvitationCell *self);
InvInvitationField  inv_invitation_cell_get_field (InvInvitationCell *self);
void                inv_invitation_cell_set_item  (InvInvitationCell *self,
                                                   InvInvitation     *item);
void                inv_invitation_cell_update    (InvInvitationCell *self);
const char         *inv_invitation_cell_get_text  (InvInvitationCell *self);
const char         *inv_invitation_cell_get_detail (InvInvitationCell *self);
GtkWidget          *inv_invitation_cell_get_badge (InvInvitationCell *self);

G_END_DECLS

/* inv-invitations-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-invitation-list.h"
#include "inv-selection-model.h"
#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_INVITATIONS_VIEW (inv_invitations_view_get_type ())

G_DECLARE_FINAL_TYPE (InvInvitationsView, inv_invitations_view, INV, INVITATIONS_VIEW, GtkWidget)

GtkWidget         *inv_invitations_view_new           (InvSession         *session,
                                                       gint64              template_id /* 0 = all templates */);
gint64             inv_invitations_view_get_template_id (InvInvitationsView *self);
InvInvitationList *inv_invitations_view_get_list      (InvInvitationsView *self);
InvSelectionModel *inv_invitations_view_get_selection (InvInvitationsView *self);
GtkColumnView     *inv_invitations_view_get_column_view (InvInvitationsView *self);
gboolean           inv_invitations_view_get_busy      (InvInvitationsView *self);
gboolean           inv_invitations_view_get_loading   (InvInvitationsView *self);
gboolean           inv_invitations_view_get_compact   (InvInvitationsView *self);
GtkListView       *inv_invitations_view_get_compact_list_view (InvInvitationsView *self);

G_END_DECLS

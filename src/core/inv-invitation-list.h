/* inv-invitation-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inv-database.h"
#include "inv-id-list.h"
#include "inv-invitation.h"
#include "inv-invitation-query.h"

G_BEGIN_DECLS

#define INV_TYPE_INVITATION_LIST (inv_invitation_list_get_type ())

G_DECLARE_FINAL_TYPE (InvInvitationList, inv_invitation_list, INV, INVITATION_LIST, InvIdList)

/* A GListModel of InvInvitation over the result of one query (an InvIdList): a
 * million rows cost eight megabytes of ids, not a million objects. */
InvInvitationList        *inv_invitation_list_new           (InvDatabase              *database,
                                                             const InvInvitationQuery *query);
InvInvitationList        *inv_invitation_list_new_first_rows (InvDatabase             *database,
                                                              const InvInvitationQuery *query,
                                                              guint                    max_ids,
                                                              guint                    max_rows);
const InvInvitationQuery *inv_invitation_list_get_query     (InvInvitationList        *self);
void                      inv_invitation_list_set_query     (InvInvitationList        *self,
                                                             const InvInvitationQuery *query);
gboolean                  inv_invitation_list_reload        (InvInvitationList        *self,
                                                             GError                  **error);
void                      inv_invitation_list_replace       (InvInvitationList        *self,
                                                             const InvInvitationQuery *query,
                                                             GArray                   *ids);
void                      inv_invitation_list_replace_partial (InvInvitationList  *self,
                                                             const InvInvitationQuery *query,
                                                             GArray                   *ids);
void                      inv_invitation_list_complete      (InvInvitationList        *self,
                                                             GArray                   *ids);
void                      inv_invitation_list_update        (InvInvitationList        *self,
                                                             GArray                   *ids);
gboolean                  inv_invitation_list_is_partial    (InvInvitationList        *self);
gint64                    inv_invitation_list_get_id        (InvInvitationList        *self,
                                                             guint                     position);
gboolean                  inv_invitation_list_find          (InvInvitationList        *self,
                                                             gint64                    id,
                                                             guint                    *position);
const gint64             *inv_invitation_list_peek_ids      (InvInvitationList        *self,
                                                             guint                    *n_ids);
guint                     inv_invitation_list_get_cache_size (InvInvitationList       *self);

G_END_DECLS

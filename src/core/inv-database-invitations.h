/* inv-database-invitations.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "inv-database.h"
#include "inv-invitation.h"
#include "inv-invitation-query.h"

G_BEGIN_DECLS

/* Called for each row of an export; @stmt is positioned on a row that selected
 * %INV_INVITATION_COLUMNS. Return %FALSE to stop. */
typedef gboolean (*InvInvitationRowFunc) (sqlite3_stmt *stmt,
                                          gpointer      user_data);

GArray        *inv_database_filter_invitation_ids (InvDatabase               *self,
                                                  const InvInvitationQuery  *query,
                                                  const gint64              *ids,
                                                  guint                      n_ids,
                                                  GError                   **error);
GArray        *inv_database_query_invitation_ids  (InvDatabase               *self,
                                                   const InvInvitationQuery  *query,
                                                   GError                   **error);
GArray        *inv_database_query_leading_invitation_ids (InvDatabase               *self,
                                                          const InvInvitationQuery  *query,
                                                          guint                      max_ids,
                                                          guint                      max_rows,
                                                          gboolean                  *complete,
                                                          GError                   **error);
InvInvitation *inv_database_load_invitation       (InvDatabase               *self,
                                                   gint64                     id,
                                                   GError                   **error);
gboolean       inv_database_foreach_invitation    (InvDatabase               *self,
                                                   const InvInvitationQuery  *query,
                                                   InvInvitationRowFunc       func,
                                                   gpointer                   user_data,
                                                   GError                   **error);
gboolean       inv_database_has_invitations       (InvDatabase               *self,
                                                   gboolean                  *has_invitations,
                                                   GError                   **error);
gboolean       inv_database_count_by_status       (InvDatabase               *self,
                                                   const InvInvitationQuery  *query,
                                                   guint                      counts[INV_N_STATUSES],
                                                   GError                   **error);
gboolean       inv_database_template_exists       (InvDatabase               *self,
                                                   const char                *name_or_id,
                                                   gint64                    *template_id);

G_END_DECLS

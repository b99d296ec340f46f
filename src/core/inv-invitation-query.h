/* inv-invitation-query.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef enum
{
  INV_SORT_SENT = 0,
  INV_SORT_CANDIDATE,
  INV_SORT_EMAIL,
  INV_SORT_TEMPLATE,
  INV_SORT_STATUS,
  INV_SORT_DEADLINE,
  INV_SORT_SYNC_STATE,
  INV_N_SORTS
} InvSortColumn;

/* Which invitations a list or an export shows, and in which order. Every filter and
 * every sort runs in SQL. */
typedef struct
{
  char          *status;        /* normalised status name ("pending"), or NULL for all */
  gint64         template_id;   /* 0 for all templates */
  char          *template_name; /* alternative to template_id (command line), or NULL */
  char          *search;        /* part of a name or email, or NULL */
  InvSortColumn  sort_column;
  gboolean       descending;
} InvInvitationQuery;

#define INV_TYPE_INVITATION_QUERY (inv_invitation_query_get_type ())

GType               inv_invitation_query_get_type   (void) G_GNUC_CONST;
InvInvitationQuery *inv_invitation_query_new        (void);
InvInvitationQuery *inv_invitation_query_copy       (const InvInvitationQuery *self);
void                inv_invitation_query_free       (InvInvitationQuery       *self);
gboolean            inv_invitation_query_equal      (const InvInvitationQuery *a,
                                                     const InvInvitationQuery *b);
void                inv_invitation_query_set_status (InvInvitationQuery       *self,
                                                     const char               *status);
void                inv_invitation_query_set_search (InvInvitationQuery       *self,
                                                     const char               *search);
char               *inv_search_text_new             (const char               *candidate_name,
                                                     const char               *email);
void                inv_invitation_query_set_template_name (InvInvitationQuery *self,
                                                     const char               *name);
gboolean            inv_invitation_query_reads_whole_table (const InvInvitationQuery *self);
gboolean            inv_invitation_query_has_leading_walk (const InvInvitationQuery *self);

/* The statements of a query use parameters ?1 … ?N; a statement that adds its own
 * numbers them after these. */
#define INV_INVITATION_QUERY_N_PARAMS 5

/* For the store: appends the FROM clause (invitations as `i`, templates as `t` when
 * @with_templates or the order needs them), then " WHERE …" and " ORDER BY …". */
void                _inv_invitation_query_append_from (const InvInvitationQuery *self,
                                                       GString                  *sql,
                                                       gboolean                  with_templates);
void                _inv_invitation_query_append_sql (const InvInvitationQuery *self,
                                                      GString                  *sql,
                                                      gboolean                  with_order);
void                _inv_invitation_query_append_sql_full (const InvInvitationQuery *self,
                                                           GString                  *sql,
                                                           gboolean                  with_order,
                                                           gboolean                  use_index);
void                _inv_invitation_query_append_leading_sql (const InvInvitationQuery *self,
                                                              GString                  *sql,
                                                              guint                     max_rows);
void                _inv_invitation_query_bind       (const InvInvitationQuery *self,
                                                      sqlite3_stmt             *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvInvitationQuery, inv_invitation_query_free)

G_END_DECLS

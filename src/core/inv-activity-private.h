/* inv-activity-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "inv-activity.h"
#include "inv-invitation-query.h"

G_BEGIN_DECLS

/* The kind (InvActivityKind) of a history row, in SQL. The schema indexes this very
 * expression with the time, and the activity's statements spell it the same way so
 * that SQLite uses that index: a filter by kind reads only the rows of its kind, in
 * order, at any size. inv_activity_kind_of_event() says the same in C; the tests
 * check that they agree. Anything not listed is the service's or the sync's. */
#define INV_ACTIVITY_KIND_SQL \
  "(CASE event" \
  " WHEN 'invited' THEN 1 WHEN 'reinvited' THEN 1 WHEN 'reattempt' THEN 1 WHEN 'reattempted' THEN 1" \
  " WHEN 'cancelled' THEN 2 WHEN 'cancel-sent' THEN 2 WHEN 'undone' THEN 2" \
  " WHEN 'cancel-undone' THEN 2 WHEN 'withdrawn' THEN 2" \
  " WHEN 'candidate-edited' THEN 4 WHEN 'candidate-erased' THEN 4 WHEN 'erased' THEN 4" \
  " ELSE 3 END)"

InvInvitationQuery *_inv_activity_append_sql (const InvActivityQuery *query,
                                              gboolean                paged,
                                              gboolean                walk_search,
                                              GString                *sql);

GPtrArray          *_inv_activity_list_full  (InvDatabase             *database,
                                              const InvActivityQuery  *query,
                                              const InvActivityCursor *after,
                                              guint                    limit,
                                              gboolean                 walk_search,
                                              GError                 **error);

G_END_DECLS

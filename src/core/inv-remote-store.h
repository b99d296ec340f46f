/* inv-remote-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "inv-database.h"
#include "inv-remote.h"

G_BEGIN_DECLS

/* What one batch of pulled changes did to the local database. */
typedef struct
{
  guint changed;     /* local invitations whose status or link changed */
  guint imported;    /* invitations made elsewhere, new to this database */
  guint awaiting_push; /* lost answers of local creates, left to the creates' retries */
  guint conflicts;   /* queued cancels that lost the race and were undone */
} InvRemoteApplyStats;

/* Meta keys the sync keeps in the database. */
#define INV_META_PULL_WINDOW_END "sync.pull-window-end"
#define INV_META_SERVICE_URL     "sync.service-url"
#define INV_META_LAST_SYNC       "sync.last-sync"
/* + a local invitation id: the row it was merged into (inv_remote_store_confirm_created()) */
#define INV_META_MERGED_PREFIX   "invitation.merged."

char     *inv_remote_store_email_key            (const char                *email);

gboolean  inv_remote_store_upsert_tests         (InvDatabase               *database,
                                                 GPtrArray                 *tests,
                                                 guint                     *n_changed,
                                                 GError                   **error);
gboolean  inv_remote_store_get_template_remote_id (InvDatabase             *database,
                                                 gint64                     template_id,
                                                 gint64                    *remote_id);

gboolean  inv_remote_store_get_push_target      (InvDatabase               *database,
                                                 gint64                     invitation_id,
                                                 gint64                    *remote_id,
                                                 gint64                    *remote_test_id,
                                                 char                     **email,
                                                 char                     **name,
                                                 gint64                    *sent_at,
                                                 GError                   **error);

gboolean  inv_remote_store_confirm_created      (InvDatabase               *database,
                                                 gint64                     outbox_id,
                                                 gint64                     invitation_id,
                                                 const InvRemoteInvitation *remote,
                                                 gboolean                  *conflicted,
                                                 GError                   **error);
gboolean  inv_remote_store_confirm_cancelled    (InvDatabase               *database,
                                                 gint64                     outbox_id,
                                                 gint64                     invitation_id,
                                                 const char                *how,
                                                 GError                   **error);
gboolean  inv_remote_store_apply_changes        (InvDatabase               *database,
                                                 GPtrArray                 *invitations,
                                                 InvRemoteApplyStats       *stats,
                                                 GError                   **error);

char     *inv_remote_store_conflict_reason      (InvStatus                  remote_status,
                                                 const char                *status_text);

GArray   *inv_remote_store_list_missing_links   (InvDatabase               *database,
                                                 guint                      limit,
                                                 GError                   **error);
gboolean  inv_remote_store_set_link             (InvDatabase               *database,
                                                 gint64                     remote_id,
                                                 const char                *link,
                                                 GError                   **error);

G_END_DECLS

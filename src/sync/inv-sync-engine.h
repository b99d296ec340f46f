/* inv-sync-engine.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inv-database.h"
#include "inv-outbox.h"

G_BEGIN_DECLS

typedef enum
{
  INV_SYNC_FLAGS_NONE = 0,
  /* A person asked to sync now: rows still backing off after a transient failure are
   * sent at once (held rows still wait for their undo grace period). */
  INV_SYNC_FLAGS_NOW = 1 << 0,
  /* Skip the pull (tests and benchmarks of the push alone). */
  INV_SYNC_FLAGS_PUSH_ONLY = 1 << 1,
} InvSyncFlags;

/* Why syncing waits for an API key (#InvSyncEngine:key-problem). */
typedef enum
{
  INV_SYNC_KEY_PROBLEM_NONE,
  INV_SYNC_KEY_PROBLEM_MISSING,   /* no key is stored for the service */
  INV_SYNC_KEY_PROBLEM_REFUSED,   /* the service answered 401 to the key */
} InvSyncKeyProblem;

#define INV_TYPE_SYNC_KEY_PROBLEM (inv_sync_key_problem_get_type ())
GType inv_sync_key_problem_get_type (void) G_GNUC_CONST;

/* What one sync did; the command line prints it. */
typedef struct
{
  guint    pushed;          /* outbox rows the service confirmed (answered or read back) */
  guint    pulled;          /* local invitations changed, imported or linked by the pull */
  guint    conflicts;       /* rows that became conflicts */
  guint    failed;          /* rows the service refused for good */
  guint    waiting;         /* rows still queued that a later sync can send */
  guint    held;            /* of those, rows inside their undo grace period */
  guint    attention;       /* failed and conflicting rows, in all */
  gboolean pull_complete;   /* templates and every status window were read */
} InvSyncReport;

#define INV_TYPE_SYNC_REPORT (inv_sync_report_get_type ())
GType          inv_sync_report_get_type (void) G_GNUC_CONST;
InvSyncReport *inv_sync_report_copy     (const InvSyncReport *report);
void           inv_sync_report_free     (InvSyncReport       *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvSyncReport, inv_sync_report_free)

#define INV_TYPE_SYNC_ENGINE (inv_sync_engine_get_type ())

G_DECLARE_FINAL_TYPE (InvSyncEngine, inv_sync_engine, INV, SYNC_ENGINE, GObject)

InvSyncEngine *inv_sync_engine_new                  (InvDatabase          *database);

const char    *inv_sync_engine_get_service_url      (InvSyncEngine        *self);
gboolean       inv_sync_engine_set_service_url      (InvSyncEngine        *self,
                                                     const char           *url,
                                                     GError              **error);
void           inv_sync_engine_set_api_key          (InvSyncEngine        *self,
                                                     const char           *api_key);
void           inv_sync_engine_set_concurrency      (InvSyncEngine        *self,
                                                     guint                 concurrency);

gboolean       inv_sync_engine_get_syncing          (InvSyncEngine        *self);
gboolean       inv_sync_engine_get_needs_key        (InvSyncEngine        *self);
InvSyncKeyProblem
               inv_sync_engine_get_key_problem      (InvSyncEngine        *self);
gint64         inv_sync_engine_get_last_synced      (InvSyncEngine        *self);
guint          inv_sync_engine_get_n_held           (InvSyncEngine        *self);
gint64         inv_sync_engine_get_next_send_time   (InvSyncEngine        *self);
guint          inv_sync_engine_get_n_waiting        (InvSyncEngine        *self);
guint          inv_sync_engine_get_n_sending        (InvSyncEngine        *self);
guint          inv_sync_engine_get_n_failed         (InvSyncEngine        *self);
guint          inv_sync_engine_get_n_conflicts      (InvSyncEngine        *self);
guint          inv_sync_engine_get_n_attention      (InvSyncEngine        *self);
gboolean       inv_sync_engine_get_online           (InvSyncEngine        *self);
const char    *inv_sync_engine_get_last_error       (InvSyncEngine        *self);
const InvSyncReport *
               inv_sync_engine_get_last_report      (InvSyncEngine        *self);

void           inv_sync_engine_sync_async           (InvSyncEngine        *self,
                                                     InvSyncFlags          flags,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
InvSyncReport *inv_sync_engine_sync_finish          (InvSyncEngine        *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

void           inv_sync_engine_bind_settings        (InvSyncEngine        *self,
                                                     GSettings            *settings);
void           inv_sync_engine_reload_api_key       (InvSyncEngine        *self);
void           inv_sync_engine_start                (InvSyncEngine        *self);
void           inv_sync_engine_stop                 (InvSyncEngine        *self);

GPtrArray     *inv_sync_engine_list_attention       (InvSyncEngine        *self,
                                                     GError              **error);
gboolean       inv_sync_engine_retry                (InvSyncEngine        *self,
                                                     gint64                outbox_id,
                                                     GError              **error);
gboolean       inv_sync_engine_discard              (InvSyncEngine        *self,
                                                     gint64                outbox_id,
                                                     GError              **error);

void           inv_sync_engine_test_connection_async  (InvSyncEngine      *self,
                                                       const char         *url,
                                                       const char         *api_key,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
GPtrArray     *inv_sync_engine_test_connection_finish (InvSyncEngine      *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);

/* One row the Sync page lists: an outbox row that needs a person, with what the
 * page shows about its invitation. */
typedef struct
{
  InvOutboxEntry *entry;            /* owned */
  char           *candidate_name;   /* nullable */
  char           *email;            /* nullable */
  char           *template_name;    /* nullable */
  char           *status;           /* the invitation's normalised status, nullable */
} InvSyncAttentionItem;

#define INV_TYPE_SYNC_ATTENTION_ITEM (inv_sync_attention_item_get_type ())
GType                 inv_sync_attention_item_get_type (void) G_GNUC_CONST;
InvSyncAttentionItem *inv_sync_attention_item_copy     (const InvSyncAttentionItem *item);
void                  inv_sync_attention_item_free     (InvSyncAttentionItem       *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvSyncAttentionItem, inv_sync_attention_item_free)

G_END_DECLS

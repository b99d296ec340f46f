/* inv-sync-engine-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of the sync engine share: the engine's struct, the run of one sync
 * and the outbox rows on their way. Nothing outside src/sync includes this, except
 * the sync layer's tests.
 */

#pragma once

#include "inv-remote-store.h"
#include "inv-service-client.h"
#include "inv-sync-engine.h"

G_BEGIN_DECLS

/* A read during the pull or a reconciliation is tried at most this often in one sync;
 * between tries it waits like a push does (backoff, Retry-After), and a wait beyond
 * the retry horizon leaves the read for a later sync. */
#define READ_ATTEMPTS 8
/* This many transport failures in a row (no answer at all) end the push: the service
 * or the network is down, and every further request would fail the same way. */
#define MAX_TRANSPORT_FAILURES_IN_A_ROW 8

typedef struct _InvSyncRun InvSyncRun;

/* What the sync indicator shows about the outbox (see the properties). */
typedef struct
{
  guint  n_held;
  guint  n_waiting;
  guint  n_sending;
  guint  n_failed;
  guint  n_conflicts;
  gint64 next_send_time;
} InvSyncIndicator;

struct _InvSyncEngine
{
  GObject           parent_instance;

  InvDatabase      *database;       /* owned */
  InvServiceClient *client;         /* owned, NULL while no valid URL is set */
  char             *api_key;        /* owned, in memory only */
  GRand            *rand;

  guint             concurrency;
  guint             interval;
  guint             backoff_base_ms;
  guint             backoff_max_ms;
  guint             retry_horizon;
  guint             max_run_requests;      /* see _inv_sync_engine_set_run_limits() */
  guint             max_run_rate_limited;
  guint             max_run_seconds;

  InvSyncRun       *run;            /* the sync in progress, or NULL */
  GPtrArray        *next_tasks;     /* GTask: syncs asked for while one ran */
  InvSyncFlags      next_flags;

  gboolean          started;
  guint             timer_id;       /* the next periodic or due-time sync */
  gint64            last_outbox_id; /* the newest outbox row when the run started */
  guint             counts_id;      /* the throttle of count refreshes */
  gboolean          counts_dirty;   /* a refresh was asked for inside the throttle */
  guint             held_id;        /* the end of the earliest grace period */
  guint             indicator_id;   /* the notification of indicator changes */
  GNetworkMonitor  *monitor;        /* owned */
  gulong            monitor_handler;
  gboolean          online;

  GSettings        *settings;       /* owned, nullable: see inv_sync_engine_bind_settings() */
  GCancellable     *key_lookup;     /* owned, nullable: the keyring lookup in progress */

  InvSyncKeyProblem key_problem;
  gint64            last_synced;
  InvOutboxCounts   counts;         /* as last read, with what runs settled since */
  InvSyncIndicator  shown;          /* what the getters return */
  InvSyncIndicator  told;           /* what the last notifications said */
  char             *last_error;
  InvSyncReport     last_report;    /* of the last sync that ended, even with an error */
};

/* One sync from start to report. */
struct _InvSyncRun
{
  InvSyncEngine    *engine;          /* unowned: the engine outlives its run */
  InvServiceClient *client;          /* owned */
  GPtrArray        *tasks;           /* GTask, completed together */
  GCancellable     *cancellable;     /* owned */
  InvSyncFlags      flags;
  InvSyncReport     report;

  /* push */
  GQueue            queue;           /* InvOutboxEntry, owned: this pass's due rows */
  GHashTable       *in_flight;       /* outbox id → TRUE */
  guint             n_in_flight;     /* including ops waiting to read again */
  GQueue            waiting_ops;     /* InvSyncOp, unowned: reads waiting for their next try */
  gboolean          first_pass;
  gboolean          pulling;
  gboolean          stop_push;       /* 401, or the service is unreachable */
  guint             transport_failures;
  guint             wait_id;
  GError           *error;           /* owned: why the sync stopped, if it did */

  /* bounds */
  gint64            started_at;      /* monotonic µs */
  guint             requests_before; /* the client's counts when the run started */
  guint             rate_limited_before;
  gboolean          beyond_bounds;

  /* pull */
  GPtrArray        *tests;           /* InvRemoteTest */
  InvServicePages  *pages;           /* owned: the listing the pull reads */
  guint             read_attempts;
  gint64            pull_end;
  gint64            window_start;
  gint64            window_end;
  gint64            window_total;
  guint             window_restarts;
  InvRemoteApplyStats apply_stats;
};

/* An outbox row on its way. */
typedef struct _InvSyncOp InvSyncOp;

/* Sends one of an op's requests. */
typedef void (*InvSyncOpRequest) (InvSyncOp *op);

struct _InvSyncOp
{
  InvSyncRun          *run;
  InvOutboxEntry      *entry;              /* owned */
  gint64               remote_id;
  gint64               sent_at;
  guint                read_attempts;
  guint                wait_id;            /* the wait before its next request */
  GList               *wait_link;          /* in run->waiting_ops while waiting */
  InvSyncOpRequest     request;            /* what the wait ends with */
  GError              *read_error;         /* owned: why the last read failed */
  gboolean             answered;           /* the service answered this attempt's request */
  InvServicePages     *pages;              /* owned: the read of a reconciliation */
  gint64               window_start;
  gint64               window_end;
  gint64               earliest;
  GError              *refusal;            /* owned: the answer that started a reconciliation */
  gint64               source_remote_id;   /* reattempt: the invitation reattempted */
  gint64               source_test_id;
  char                *source_email;       /* owned */
  InvRemoteInvitation *found;              /* owned: what an earlier, unanswered attempt made */
};

/* inv-sync-engine.c */
void     _inv_sync_engine_set_interval      (InvSyncEngine  *self,
                                             guint           seconds);
void     _inv_sync_engine_set_backoff       (InvSyncEngine  *self,
                                             guint           base_ms,
                                             guint           max_ms);
void     _inv_sync_engine_set_retry_horizon (InvSyncEngine  *self,
                                             guint           seconds);
void     _inv_sync_engine_set_run_limits    (InvSyncEngine  *self,
                                             guint           max_requests,
                                             guint           max_rate_limited,
                                             guint           max_seconds);
void     _inv_sync_engine_refresh_counts    (InvSyncEngine  *self);
void     _inv_sync_engine_update_indicator  (InvSyncEngine  *self);
gboolean _inv_sync_engine_beyond_horizon    (InvSyncEngine  *self,
                                             gint64          wait_ms);
gint64   _inv_sync_run_rate_limit_wait_ms   (InvSyncRun     *run);
gint64   _inv_sync_run_read_wait_ms         (InvSyncRun     *run,
                                             guint           attempts);
void     _inv_sync_run_finish               (InvSyncRun     *run);
gboolean _inv_sync_is_transport_failure     (const GError   *error);
gboolean _inv_sync_needs_new_key            (const GError   *error);
void     _inv_sync_log_db_error             (const char     *doing,
                                             GError         *error);

/* inv-sync-push.c */
void     _inv_sync_run_pump                 (InvSyncRun     *run);
void     _inv_sync_op_done                  (InvSyncOp      *op);
void     _inv_sync_op_store_failed          (InvSyncOp      *op,
                                             const char     *doing,
                                             GError         *error);
void     _inv_sync_op_succeeded             (InvSyncOp      *op);
void     _inv_sync_op_fail                  (InvSyncOp      *op,
                                             const char     *message);
void     _inv_sync_op_answered              (InvSyncOp      *op,
                                             gboolean        conflicted);
void     _inv_sync_op_conflict              (InvSyncOp      *op,
                                             const InvRemoteInvitation *remote);
void     _inv_sync_op_defer_for             (InvSyncOp      *op,
                                             const GError   *failure,
                                             gint64          wait);
void     _inv_sync_op_defer                 (InvSyncOp      *op,
                                             const GError   *failure);
void     _inv_sync_op_send_reattempt        (InvSyncOp      *op);

/* inv-sync-reconcile.c */
void     _inv_sync_run_wake_waiting_ops     (InvSyncRun     *run);
void     _inv_sync_op_reconcile_cancel      (InvSyncOp      *op);
void     _inv_sync_op_find_earlier_reattempt (InvSyncOp     *op);

/* inv-sync-pull.c */
void     _inv_sync_run_start_pull           (InvSyncRun     *run);

G_END_DECLS

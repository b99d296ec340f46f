/* inv-sync-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync engine: pushes the outbox to the invitation service with bounded
 * concurrency, reconciles answers that were lost, pulls templates and status changes,
 * and keeps the counts the sync indicator shows. Everything runs on the main context:
 * requests are asynchronous and each database write is one short transaction.
 *
 * Exactly-once effects rest on three things (docs/service-api.md): every POST carries
 * its outbox row's idempotency key; a create is retried until answered, and the
 * service returns the same invitation for the same test and email; a cancel refused
 * as "not pending" is read back to tell a lost answer (cancelled) from a conflict
 * (the candidate started first).
 */

#define G_LOG_DOMAIN "inv-sync-engine"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "inv-cancel-message.h"
#include "inv-credentials.h"
#include "inv-database-invitations.h"
#include "inv-remote-store.h"
#include "inv-service-client.h"
#include "inv-service-url.h"
#include "inv-status.h"
#include "inv-sync-engine.h"

#define DEFAULT_CONCURRENCY 4
#define MAX_CONCURRENCY 16
#define DEFAULT_INTERVAL_SECONDS 300
#define DEFAULT_BACKOFF_BASE_MS 1000
#define DEFAULT_BACKOFF_MAX_MS (5 * 60 * 1000)
#define DEFAULT_RETRY_HORIZON_SECONDS 10
/* The first pull of a database reaches this far back. */
#define INITIAL_LOOKBACK_SECONDS (90 * 24 * 3600)
/* Each pull starts this long before the end of the last window read, so that a change
 * recorded late on the service (clocks, slow writers) is not missed. */
#define WINDOW_OVERLAP_SECONDS (10 * 60)
/* A read during the pull or a reconciliation is tried at most this often in one sync;
 * between tries it waits like a push does (backoff, Retry-After), and a wait beyond
 * the retry horizon leaves the read for a later sync. */
#define READ_ATTEMPTS 8
/* This many transport failures in a row (no answer at all) end the push: the service
 * or the network is down, and every further request would fail the same way. */
#define MAX_TRANSPORT_FAILURES_IN_A_ROW 8
#define WINDOW_RESTARTS 3

G_DEFINE_ENUM_TYPE (InvSyncKeyProblem, inv_sync_key_problem,
                    G_DEFINE_ENUM_VALUE (INV_SYNC_KEY_PROBLEM_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (INV_SYNC_KEY_PROBLEM_MISSING, "missing"),
                    G_DEFINE_ENUM_VALUE (INV_SYNC_KEY_PROBLEM_REFUSED, "refused"))
G_DEFINE_BOXED_TYPE (InvSyncReport, inv_sync_report, inv_sync_report_copy, inv_sync_report_free)
G_DEFINE_BOXED_TYPE (InvSyncAttentionItem, inv_sync_attention_item,
                     inv_sync_attention_item_copy, inv_sync_attention_item_free)

typedef struct _Run Run;

/* What the sync indicator shows about the outbox (see the properties). */
typedef struct
{
  guint  n_held;
  guint  n_waiting;
  guint  n_sending;
  guint  n_failed;
  guint  n_conflicts;
  gint64 next_send_time;
} Indicator;

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

  Run              *run;            /* the sync in progress, or NULL */
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
  Indicator         shown;          /* what the getters return */
  Indicator         told;           /* what the last notifications said */
  char             *last_error;
  InvSyncReport     last_report;    /* of the last sync that ended, even with an error */
};

G_DEFINE_FINAL_TYPE (InvSyncEngine, inv_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_SERVICE_URL,
  PROP_CONCURRENCY,
  PROP_INTERVAL,
  PROP_SYNCING,
  PROP_NEEDS_KEY,
  PROP_KEY_PROBLEM,
  PROP_LAST_SYNCED,
  PROP_N_HELD,
  PROP_NEXT_SEND_TIME,
  PROP_N_WAITING,
  PROP_N_SENDING,
  PROP_N_FAILED,
  PROP_N_CONFLICTS,
  PROP_N_ATTENTION,
  PROP_ONLINE,
  PROP_NETWORK_MONITOR,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One sync from start to report. */
struct _Run
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
  GQueue            waiting_ops;     /* Op, unowned: reads waiting for their next try */
  gboolean          first_pass;
  gboolean          pulling;
  gboolean          stop_push;       /* 401, or the service is unreachable */
  guint             transport_failures;
  guint             wait_id;
  GError           *error;           /* owned: why the sync stopped, if it did */

  /* pull */
  GPtrArray        *tests;           /* InvRemoteTest */
  guint             page_no;
  guint             read_attempts;
  gint64            pull_end;
  gint64            window_start;
  gint64            window_end;
  gint64            window_total;
  guint             window_restarts;
  InvRemoteApplyStats apply_stats;
};

/* An outbox row on its way. */
typedef struct _Op Op;

/* Sends one of an op's requests. */
typedef void (*OpRequest) (Op *op);

struct _Op
{
  Run            *run;
  InvOutboxEntry *entry;         /* owned */
  gint64          remote_id;
  gint64          sent_at;
  guint           read_attempts;
  guint           wait_id;       /* the wait before its next request */
  GList          *wait_link;     /* in run->waiting_ops while waiting */
  OpRequest       request;       /* what the wait ends with */
  GError         *read_error;    /* owned: why the last read failed */
  gboolean        answered;      /* the service answered this attempt's request */
  guint           page_no;
  gint64          window_start;
  gint64          window_end;
  gint64          earliest;
  GError         *refusal;       /* owned: the answer that started a reconciliation */
  gint64          source_remote_id; /* reattempt: the invitation reattempted */
  gint64          source_test_id;
  char           *source_email;  /* owned */
  InvRemoteInvitation *found;    /* owned: what an earlier, unanswered attempt made */
};

static void run_pump (Run *run);
static void run_wake_waiting_ops (Run *run);
static void run_start_pull (Run *run);
static void run_finish (Run *run);
static void schedule_next (InvSyncEngine *self);
static void start_run (InvSyncEngine *self, InvSyncFlags flags, GPtrArray *tasks);

/* Reports and attention items */

InvSyncReport *
inv_sync_report_copy (const InvSyncReport *report)
{
  return g_memdup2 (report, sizeof *report);
}

void
inv_sync_report_free (InvSyncReport *report)
{
  g_free (report);
}

InvSyncAttentionItem *
inv_sync_attention_item_copy (const InvSyncAttentionItem *item)
{
  InvSyncAttentionItem *copy = g_new0 (InvSyncAttentionItem, 1);

  copy->entry = inv_outbox_entry_copy (item->entry);
  copy->candidate_name = g_strdup (item->candidate_name);
  copy->email = g_strdup (item->email);
  copy->template_name = g_strdup (item->template_name);
  copy->status = g_strdup (item->status);

  return copy;
}

void
inv_sync_attention_item_free (InvSyncAttentionItem *item)
{
  if (item == NULL)
    return;

  inv_outbox_entry_free (item->entry);
  g_free (item->candidate_name);
  g_free (item->email);
  g_free (item->template_name);
  g_free (item->status);
  g_free (item);
}

/* Small helpers */

static void
set_last_error (InvSyncEngine *self,
                const char    *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_key_problem (InvSyncEngine     *self,
                 InvSyncKeyProblem  problem)
{
  InvSyncKeyProblem was = self->key_problem;

  if (was == problem)
    return;

  self->key_problem = problem;

  /* Both in one notification: nobody reads needs-key without its reason. */
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_PROBLEM]);
  if ((was == INV_SYNC_KEY_PROBLEM_NONE) != (problem == INV_SYNC_KEY_PROBLEM_NONE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_KEY]);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
is_transport_failure (const GError *error)
{
  return g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NETWORK) ||
         g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_TIMEOUT) ||
         g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_TLS);
}

static gboolean
needs_new_key (const GError *error)
{
  return g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_UNAUTHORIZED) ||
         g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NO_KEY);
}

static InvSyncKeyProblem
key_problem_of (const GError *error)
{
  if (g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_UNAUTHORIZED))
    return INV_SYNC_KEY_PROBLEM_REFUSED;
  if (g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NO_KEY))
    return INV_SYNC_KEY_PROBLEM_MISSING;
  return INV_SYNC_KEY_PROBLEM_NONE;
}

static gint64
backoff_seconds (InvSyncEngine *self,
                 int            attempts)
{
  gint64 ms = inv_outbox_backoff_delay (MAX (attempts, 1), self->backoff_base_ms,
                                        self->backoff_max_ms, g_rand_double (self->rand));

  /* Rows are due by the second: round up so a row is never due before its time. */
  return (ms + 999) / 1000;
}

/* Milliseconds until the service lets us send again after a 429, or 0. */
static gint64
rate_limit_wait_ms (Run *run)
{
  gint64 until = inv_service_client_get_blocked_until (run->client);
  gint64 now = g_get_monotonic_time ();

  if (until <= now)
    return 0;

  return (until - now + 999) / 1000;
}

/* Seconds until the service lets us send again after a 429, or 0. */
static gint64
rate_limit_wait (Run *run)
{
  return (rate_limit_wait_ms (run) + 999) / 1000;
}

/* How long a read waits before its next try, after @attempts failed: what a 429 asked
 * for, else the push's backoff with jitter. Reads wait to the millisecond: unlike
 * rows, they are not due by the second. */
static gint64
read_wait_ms (Run   *run,
              guint  attempts)
{
  InvSyncEngine *self = run->engine;
  gint64 blocked = rate_limit_wait_ms (run);

  if (blocked > 0)
    return blocked;

  return MAX (inv_outbox_backoff_delay (MAX (attempts, 1), self->backoff_base_ms,
                                        self->backoff_max_ms, g_rand_double (self->rand)), 1);
}

static gboolean
beyond_horizon (InvSyncEngine *self,
                gint64         wait_ms)
{
  return wait_ms > (gint64)self->retry_horizon * 1000;
}

/* The indicator */

static gboolean
notify_indicator_cb (gpointer data)
{
  InvSyncEngine *self = data;
  GObject *object = G_OBJECT (self);
  Indicator told = self->told;

  self->indicator_id = 0;
  self->told = self->shown;

  g_object_freeze_notify (object);

#define NOTIFY_IF_CHANGED(field, prop) \
  if (told.field != self->shown.field) \
    g_object_notify_by_pspec (object, properties[prop])
  NOTIFY_IF_CHANGED (n_held, PROP_N_HELD);
  NOTIFY_IF_CHANGED (next_send_time, PROP_NEXT_SEND_TIME);
  NOTIFY_IF_CHANGED (n_waiting, PROP_N_WAITING);
  NOTIFY_IF_CHANGED (n_sending, PROP_N_SENDING);
  NOTIFY_IF_CHANGED (n_failed, PROP_N_FAILED);
  NOTIFY_IF_CHANGED (n_conflicts, PROP_N_CONFLICTS);
#undef NOTIFY_IF_CHANGED

  if (told.n_failed + told.n_conflicts != self->shown.n_failed + self->shown.n_conflicts)
    g_object_notify_by_pspec (object, properties[PROP_N_ATTENTION]);

  g_object_thaw_notify (object);

  return G_SOURCE_REMOVE;
}

/* Works out what the indicator shows from the counts and the rows on their way. The
 * getters return it at once; listeners hear of it once per main loop iteration, so a
 * push that settles hundreds of rows a second does not redraw a window hundreds of
 * times, and they never see a value that is already gone. */
static void
update_indicator (InvSyncEngine *self)
{
  Indicator *shown = &self->shown;
  guint sending = self->run != NULL ? self->run->n_in_flight : 0;

  shown->n_held = self->counts.held;
  shown->next_send_time = self->counts.next_send_time;
  shown->n_sending = sending;
  /* Rows on their way are still queued, and never held or blocked. */
  shown->n_waiting = self->counts.waiting > sending ? self->counts.waiting - sending : 0;
  shown->n_failed = self->counts.failed;
  shown->n_conflicts = self->counts.conflicts;

  if (self->indicator_id == 0 &&
      (shown->n_held != self->told.n_held ||
       shown->next_send_time != self->told.next_send_time ||
       shown->n_waiting != self->told.n_waiting ||
       shown->n_sending != self->told.n_sending ||
       shown->n_failed != self->told.n_failed ||
       shown->n_conflicts != self->told.n_conflicts))
    {
      self->indicator_id = g_idle_add_full (G_PRIORITY_DEFAULT, notify_indicator_cb, self, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->indicator_id),
                                "[inv] sync indicator");
    }
}

/* A row this engine sent left the queue, for good (@moved_to is %NULL) or to the
 * failed or conflicting rows (the count it joined). The counts follow at once,
 * without reading the whole outbox again; the store's announcement of the same
 * change brings a full count soon after, which replaces them. */
static void
count_settled (InvSyncEngine *self,
               guint         *moved_to)
{
  InvOutboxCounts *counts = &self->counts;

  if (counts->queued > 0)
    counts->queued--;
  if (counts->waiting > 0)
    counts->waiting--;
  if (moved_to != NULL)
    (*moved_to)++;
}

static gboolean
refresh_counts_cb (gpointer data)
{
  InvSyncEngine *self = data;

  self->counts_id = 0;

  if (self->counts_dirty)
    {
      self->counts_dirty = FALSE;
      inv_sync_engine_refresh_counts (self);
      /* Keeps the pace for what follows. */
      self->counts_id = g_timeout_add (1000, refresh_counts_cb, self);
    }

  return G_SOURCE_REMOVE;
}

/* Reads the counts now, and once more at the end of a second for whatever changed
 * meanwhile: a single change shows at once, and a push that writes thousands of rows
 * a second does not become thousands of counts. */
static void
queue_refresh_counts (InvSyncEngine *self)
{
  if (self->counts_id != 0)
    {
      self->counts_dirty = TRUE;
      return;
    }

  inv_sync_engine_refresh_counts (self);
  self->counts_id = g_timeout_add (1000, refresh_counts_cb, self);
}

static gboolean
held_ended_cb (gpointer data)
{
  InvSyncEngine *self = data;

  self->held_id = 0;
  inv_sync_engine_refresh_counts (self);

  return G_SOURCE_REMOVE;
}

/* Ops */

static Op *
op_new (Run            *run,
        InvOutboxEntry *entry)
{
  Op *op = g_new0 (Op, 1);

  op->run = run;
  op->entry = entry;

  return op;
}

static void
op_free (Op *op)
{
  g_assert (op->wait_id == 0);

  inv_outbox_entry_free (op->entry);
  g_clear_error (&op->refusal);
  g_clear_error (&op->read_error);
  g_free (op->source_email);
  g_clear_pointer (&op->found, inv_remote_invitation_free);
  g_free (op);
}

static void
op_done (Op *op)
{
  Run *run = op->run;

  g_hash_table_remove (run->in_flight, &op->entry->id);
  run->n_in_flight--;
  op_free (op);

  update_indicator (run->engine);
  run_pump (run);
}

static void
log_db_error (const char *doing,
              GError     *error)
{
  if (error != NULL)
    g_warning ("%s: %s", doing, error->message);
}

/* The service confirmed the row and it left the outbox. */
static void
op_succeeded (Op *op)
{
  op->run->report.pushed++;
  op->run->transport_failures = 0;
  count_settled (op->run->engine, NULL);
  op_done (op);
}

static void
op_fail (Op         *op,
         const char *message)
{
  g_autoptr(GError) error = NULL;

  if (inv_outbox_fail (op->run->engine->database, op->entry->id, message, &error))
    {
      op->run->report.failed++;
      count_settled (op->run->engine, &op->run->engine->counts.failed);
    }
  else
    log_db_error ("Recording a failed operation", error);

  op->run->transport_failures = 0;
  op_done (op);
}

static void
op_conflict (Op                        *op,
             const InvRemoteInvitation *remote)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = inv_remote_store_conflict_reason (remote->status, remote->status_text);

  if (inv_outbox_conflict (op->run->engine->database, op->entry->id,
                           inv_remote_invitation_get_status_name (remote), reason, &error))
    {
      op->run->report.conflicts++;
      count_settled (op->run->engine, &op->run->engine->counts.conflicts);
    }
  else
    log_db_error ("Recording a conflict", error);

  op_done (op);
}

/* A failure that says nothing against the operation itself: it stays queued, due
 * again after @wait seconds, or (@wait < 0) after what @failure calls for: what a 429
 * asked for, else the row's backoff. */
static void
op_defer_for (Op           *op,
              const GError *failure,
              gint64        wait)
{
  InvSyncEngine *self = op->run->engine;
  Run *run = op->run;
  g_autoptr(GError) error = NULL;
  gboolean counted = TRUE;
  gint64 next = inv_database_now ();

  if (g_error_matches (failure, INV_SERVICE_ERROR, INV_SERVICE_ERROR_RATE_LIMITED))
    {
      if (wait < 0)
        wait = rate_limit_wait (run);
      if (wait <= 0)
        wait = backoff_seconds (self, op->entry->attempts);

      /* The service did not look at the request: the attempt does not count. */
      counted = FALSE;
    }
  else if (needs_new_key (failure) ||
           g_error_matches (failure, INV_SERVICE_ERROR, INV_SERVICE_ERROR_CANCELLED))
    {
      counted = FALSE;
      wait = MAX (wait, 0);
    }
  else if (wait < 0)
    {
      wait = backoff_seconds (self, op->entry->attempts);
    }

  /* A read that followed the service's answer to this attempt (a refused cancel's
   * read back): the service did look at the request. */
  if (op->answered)
    counted = TRUE;

  next += wait;

  if (!inv_outbox_defer (self->database, op->entry->id, counted, next, failure->message, &error))
    log_db_error ("Deferring an operation", error);

  if (needs_new_key (failure))
    {
      run->stop_push = TRUE;
      if (run->error == NULL)
        run->error = g_error_copy (failure);
    }
  else if (is_transport_failure (failure))
    {
      if (++run->transport_failures >= MAX_TRANSPORT_FAILURES_IN_A_ROW && !run->stop_push)
        {
          run->stop_push = TRUE;
          if (run->error == NULL)
            run->error = g_error_copy (failure);
        }
    }

  if (run->stop_push)
    run_wake_waiting_ops (run);

  op_done (op);
}

static void
op_defer (Op           *op,
          const GError *failure)
{
  op_defer_for (op, failure, -1);
}

/* Reads of a reconciliation (a refused cancel read back, the look for an earlier
 * reattempt) wait between tries as the push does: what a 429 asked for, else the
 * backoff. A wait beyond the retry horizon leaves the row queued for a later sync,
 * due when the wait ends, instead of asking again and again. */

static gboolean
op_stopping (Op *op)
{
  return op->run->stop_push || g_cancellable_is_cancelled (op->run->cancellable);
}

/* Ends an op's wait because the sync is stopping: the row stays queued. */
static void
op_defer_stopped (Op *op)
{
  g_autoptr(GError) stopped = NULL;

  if (op->read_error != NULL)
    {
      op_defer (op, op->read_error);
      return;
    }

  stopped = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_CANCELLED, _("The sync was stopped"));
  op_defer (op, stopped);
}

static void op_request (Op *op, OpRequest request);

static gboolean
op_request_wait_done_cb (gpointer data)
{
  Op *op = data;

  op->wait_id = 0;
  g_queue_delete_link (&op->run->waiting_ops, op->wait_link);
  op->wait_link = NULL;

  if (op_stopping (op))
    op_defer_stopped (op);
  else
    op_request (op, op->request);

  return G_SOURCE_REMOVE;
}

static void
op_request_after (Op        *op,
                  OpRequest  request,
                  gint64     wait_ms)
{
  InvSyncEngine *self = op->run->engine;

  g_assert (op->wait_id == 0);

  if (beyond_horizon (self, wait_ms))
    {
      g_autoptr(GError) blocked = NULL;
      const GError *why = op->read_error;

      if (why == NULL || rate_limit_wait_ms (op->run) > 0)
        why = blocked = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_RATE_LIMITED,
                                     _("The service asked to wait before the next request"));

      op_defer_for (op, why, (wait_ms + 999) / 1000);
      return;
    }

  op->request = request;
  op->wait_id = g_timeout_add (wait_ms, op_request_wait_done_cb, op);
  g_queue_push_tail (&op->run->waiting_ops, op);
  op->wait_link = op->run->waiting_ops.tail;
}

/* Sends an op's next request now, or once the service lets us (a 429 of any request
 * asks the whole client to wait). */
static void
op_request (Op        *op,
            OpRequest  request)
{
  gint64 blocked = rate_limit_wait_ms (op->run);

  if (blocked > 0)
    op_request_after (op, request, blocked);
  else
    request (op);
}

/* A read failed: tried again after the wait, or the row is left for a later sync. */
static void
op_read_failed (Op        *op,
                GError    *error,
                OpRequest  retry)
{
  if (!inv_service_error_is_transient (error) || ++op->read_attempts >= READ_ATTEMPTS ||
      op_stopping (op))
    {
      op_defer (op, error);
      return;
    }

  g_clear_error (&op->read_error);
  op->read_error = g_error_copy (error);
  op_request_after (op, retry, read_wait_ms (op->run, op->read_attempts));
}

/* Wakes the reads that wait, so that a stopping sync ends without waiting for them. */
static void
run_wake_waiting_ops (Run *run)
{
  for (GList *l = run->waiting_ops.head; l != NULL; l = l->next)
    {
      Op *op = l->data;

      g_source_remove (op->wait_id);
      op->wait_id = g_idle_add (op_request_wait_done_cb, op);
    }
}

/* Reconciliation of a refused cancel (rule 2): read the invitation back. */

static void read_back_by_window (Op *op);

static void
reconcile_with (Op                        *op,
                const InvRemoteInvitation *remote)
{
  g_autoptr(GError) error = NULL;

  if (remote->status == INV_STATUS_CANCELLED)
    {
      /* An earlier attempt was applied and its answer lost, or someone cancelled it
       * elsewhere first: either way the cancel has happened exactly once. */
      if (inv_remote_store_confirm_cancelled (op->run->engine->database, op->entry->id,
                                              op->entry->invitation_id, "read back", &error))
        {
          op_succeeded (op);
          return;
        }

      log_db_error ("Confirming a cancel", error);
      op_done (op);
      return;
    }

  if (remote->status == INV_STATUS_PENDING)
    {
      /* Still pending, yet refused: the refusal was about the request itself. */
      op_fail (op, op->refusal->message);
      return;
    }

  op_conflict (op, remote);
}

static void
window_page_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  gint64 total = 0;

  page = inv_service_client_test_attempts_finish (INV_SERVICE_CLIENT (object), result, &total, &error);
  if (page == NULL)
    {
      op_read_failed (op, error, read_back_by_window);
      return;
    }

  op->read_attempts = 0;

  for (guint i = 0; i < page->len; i++)
    {
      InvRemoteInvitation *remote = g_ptr_array_index (page, i);

      if (remote->id == op->remote_id)
        {
          reconcile_with (op, remote);
          return;
        }
    }

  if ((gint64)op->page_no * INV_SERVICE_ATTEMPTS_PAGE_SIZE < total && page->len > 0)
    {
      op->page_no++;
      op_request (op, read_back_by_window);
      return;
    }

  /* Not in this window: look further back, as far as the invitation's own age. */
  if (op->window_start > op->earliest)
    {
      op->window_end = op->window_start;
      op->window_start = MAX (op->earliest, op->window_end - INV_SERVICE_MAX_WINDOW_SECONDS);
      op->page_no = 1;
      op_request (op, read_back_by_window);
      return;
    }

  /* Not found is not an answer: the list moves while it is read page by page (other
   * invitations change and change places). The cancel stays queued; its next attempt
   * is refused again and read back again. */
  {
    g_autoptr(GError) unknown = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED,
                                             _("The service refused the cancel, and the invitation could not be read back"));

    op_defer (op, unknown);
  }
}

/* A service without GET /v3/invitations/{id}: find the invitation among the status
 * changes, newest window first. */
static void
read_back_by_window (Op *op)
{
  inv_service_client_test_attempts_async (op->run->client, "all", op->window_start, op->window_end,
                                          op->page_no, INV_SERVICE_ATTEMPTS_PAGE_SIZE,
                                          op->run->cancellable, window_page_cb, op);
}

static void read_back (Op *op);

static void
read_back_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(InvRemoteInvitation) remote = NULL;

  remote = inv_service_client_get_invitation_finish (INV_SERVICE_CLIENT (object), result, &error);
  if (remote != NULL)
    {
      reconcile_with (op, remote);
      return;
    }

  if (g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NOT_FOUND))
    {
      gint64 now = inv_database_now ();

      op->window_end = now + 60;
      op->earliest = MIN (op->sent_at, op->entry->created_at) - 24 * 3600;
      op->earliest = MAX (op->earliest, op->window_end - 10 * (gint64)INV_SERVICE_MAX_WINDOW_SECONDS);
      op->window_start = MAX (op->earliest, op->window_end - INV_SERVICE_MAX_WINDOW_SECONDS);
      op->page_no = 1;
      op->read_attempts = 0;
      g_clear_error (&op->read_error);
      op_request (op, read_back_by_window);
      return;
    }

  op_read_failed (op, error, read_back);
}

static void
read_back (Op *op)
{
  inv_service_client_get_invitation_async (op->run->client, op->remote_id, op->run->cancellable,
                                           read_back_cb, op);
}

/* Answers */

static void
handle_failure (Op     *op,
                GError *error)
{
  if (inv_service_error_is_permanent (error))
    op_fail (op, error->message);
  else
    op_defer (op, error);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(InvRemoteInvitation) remote = NULL;

  if (op->entry->kind == INV_OUTBOX_REATTEMPT)
    remote = inv_service_client_reattempt_finish (INV_SERVICE_CLIENT (object), result, &error);
  else
    remote = inv_service_client_invite_finish (INV_SERVICE_CLIENT (object), result, &error);

  if (remote == NULL)
    {
      handle_failure (op, error);
      return;
    }

  if (!inv_remote_store_confirm_created (op->run->engine->database, op->entry->id,
                                         op->entry->invitation_id, remote, &error))
    {
      log_db_error ("Recording a sent invitation", error);
      op_done (op);
      return;
    }

  op_succeeded (op);
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(InvRemoteInvitation) remote = NULL;

  remote = inv_service_client_cancel_finish (INV_SERVICE_CLIENT (object), result, &error);
  if (remote != NULL)
    {
      if (!inv_remote_store_confirm_cancelled (op->run->engine->database, op->entry->id,
                                               op->entry->invitation_id, "answered", &error))
        {
          log_db_error ("Confirming a cancel", error);
          op_done (op);
          return;
        }

      op_succeeded (op);
      return;
    }

  if (g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_REFUSED) ||
      g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_CONFLICT))
    {
      /* "Can not be cancelled": a lost earlier answer, or a conflict. */
      op->refusal = g_steal_pointer (&error);
      op->answered = TRUE;
      op->read_attempts = 0;
      op_request (op, read_back);
      return;
    }

  handle_failure (op, error);
}

static void
erased_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;

  if (inv_service_client_erase_finish (INV_SERVICE_CLIENT (object), result, &error) ||
      g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_REFUSED))
    {
      g_autoptr(GError) db_error = NULL;

      /* "No records found" means there is nothing left to erase: the goal of the
       * request holds, whether an earlier attempt did it or there never was data. */
      if (!inv_outbox_complete (op->run->engine->database, op->entry->id, &db_error))
        {
          log_db_error ("Confirming an erasure", db_error);
          op_done (op);
          return;
        }

      op_succeeded (op);
      return;
    }

  handle_failure (op, error);
}


/* Reattempts */

static void
send_reattempt (Op *op)
{
  inv_service_client_reattempt_async (op->run->client, op->source_remote_id, op->entry->idempotency_key,
                                      op->run->cancellable, created_cb, op);
}

static void find_earlier_reattempt_page (Op *op);

static void
earlier_reattempt_link_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(InvRemoteInvitation) full = NULL;
  InvRemoteInvitation *found = op->found;

  /* The link, where the service offers a read of one invitation; without it the
   * invitation is linked without its link, which the next read may bring. */
  full = inv_service_client_get_invitation_finish (INV_SERVICE_CLIENT (object), result, &error);
  if (full != NULL && full->test_url != NULL)
    {
      g_free (found->test_url);
      found->test_url = g_strdup (full->test_url);
    }

  if (!inv_remote_store_confirm_created (op->run->engine->database, op->entry->id,
                                         op->entry->invitation_id, found, &error))
    {
      log_db_error ("Recording a reattempt", error);
      op_done (op);
      return;
    }

  op_succeeded (op);
}

static void
read_earlier_reattempt_link (Op *op)
{
  inv_service_client_get_invitation_async (op->run->client, op->found->id, op->run->cancellable,
                                           earlier_reattempt_link_cb, op);
}

static void
earlier_reattempt_page_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  Op *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autofree char *key = NULL;
  gint64 total = 0;

  page = inv_service_client_test_attempts_finish (INV_SERVICE_CLIENT (object), result, &total, &error);
  if (page == NULL)
    {
      op_read_failed (op, error, find_earlier_reattempt_page);
      return;
    }

  op->read_attempts = 0;
  key = g_utf8_casefold (op->source_email, -1);

  for (guint i = 0; i < page->len; i++)
    {
      InvRemoteInvitation *remote = g_ptr_array_index (page, i);
      g_autofree char *other = NULL;

      if (remote->id == op->source_remote_id || remote->test_id != op->source_test_id ||
          remote->email == NULL || remote->status != INV_STATUS_PENDING)
        continue;

      other = g_utf8_casefold (remote->email, -1);
      if (!g_str_equal (key, other))
        continue;

      /* Made by an attempt whose answer was lost. */
      op->found = inv_remote_invitation_copy (remote);
      op_request (op, read_earlier_reattempt_link);
      return;
    }

  if ((gint64)op->page_no * INV_SERVICE_ATTEMPTS_PAGE_SIZE < total && page->len > 0)
    {
      op->page_no++;
      op_request (op, find_earlier_reattempt_page);
      return;
    }

  op_request (op, send_reattempt);
}

static void
find_earlier_reattempt_page (Op *op)
{
  inv_service_client_test_attempts_async (op->run->client, "pending", op->window_start, op->window_end,
                                          op->page_no, INV_SERVICE_ATTEMPTS_PAGE_SIZE,
                                          op->run->cancellable, earlier_reattempt_page_cb, op);
}

static void
find_earlier_reattempt (Op *op)
{
  gint64 now = inv_database_now ();

  op->window_end = now + 60;
  op->window_start = MAX (op->entry->created_at - 60, op->window_end - INV_SERVICE_MAX_WINDOW_SECONDS);
  op->page_no = 1;
  op->read_attempts = 0;
  op_request (op, find_earlier_reattempt_page);
}

static JsonObject *
parse_payload (const char *payload)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (payload != NULL && json_parser_load_from_data (parser, payload, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    return json_object_ref (json_node_get_object (root));

  return json_object_new ();
}

static void
op_send (Op *op)
{
  Run *run = op->run;
  InvDatabase *database = run->engine->database;
  InvOutboxEntry *entry = op->entry;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) payload = parse_payload (entry->payload);
  g_autofree char *email = NULL;
  g_autofree char *name = NULL;
  gint64 remote_test_id = 0;

  if (entry->invitation_id > 0 &&
      !inv_remote_store_get_push_target (database, entry->invitation_id, &op->remote_id,
                                         &remote_test_id, &email, &name, &op->sent_at, &error))
    {
      op_fail (op, error->message);
      return;
    }

  /* Counted before sending: from now on the row may have reached the service. */
  if (!inv_outbox_claim (database, entry->id, &error))
    {
      log_db_error ("Claiming an operation", error);
      op_done (op);
      return;
    }
  entry->attempts++;

  switch (entry->kind)
    {
    case INV_OUTBOX_CREATE:
    case INV_OUTBOX_REINVITE:
      if (remote_test_id == 0)
        {
          op_fail (op, _("The interview template is not on the service"));
          return;
        }
      /* The test comes from the invitation's template and the candidate from the
       * invitation as it is now (a person may have fixed a typo after a refusal);
       * the local ids the payload may carry are nobody else's business. */
      if (json_object_has_member (payload, "testId"))
        json_object_remove_member (payload, "testId");
      if (json_object_has_member (payload, "templateId"))
        json_object_remove_member (payload, "templateId");
      json_object_set_string_member (payload, "email", email);
      json_object_set_string_member (payload, "name", name);
      if (!json_object_has_member (payload, "sendEmail"))
        json_object_set_string_member (payload, "sendEmail", "yes");
      inv_service_client_invite_async (run->client, remote_test_id, payload, entry->idempotency_key,
                                       run->cancellable, created_cb, op);
      break;

    case INV_OUTBOX_REATTEMPT:
      {
        gint64 source_id = json_object_get_int_member_with_default (payload, "sourceInvitationId", 0);
        gint64 source_remote_id = 0;
        gint64 source_test_id = 0;
        g_autofree char *source_email = NULL;
        g_autofree char *source_name = NULL;

        if (source_id <= 0 ||
            !inv_remote_store_get_push_target (database, source_id, &source_remote_id, &source_test_id,
                                               &source_email, &source_name, NULL, NULL) ||
            source_remote_id == 0)
          {
            op_fail (op, _("The invitation to reattempt is not on the service"));
            return;
          }

        op->source_remote_id = source_remote_id;
        op->source_test_id = source_test_id;
        op->source_email = g_steal_pointer (&source_email);

        /* A reattempt makes a new invitation each time it is applied, and a service
         * without idempotency keys would make a second one for a retry. So a retry
         * first looks for the invitation an unanswered attempt may have made. */
        if (entry->attempts > 1)
          find_earlier_reattempt (op);
        else
          send_reattempt (op);
      }
      break;

    case INV_OUTBOX_CANCEL:
      if (op->remote_id == 0)
        {
          op_fail (op, _("The invitation was never sent to the service"));
          return;
        }
      /* The message is rendered now, from the text the person confirmed. */
      if (!inv_cancel_message_complete_request (database, entry->batch_id, entry->invitation_id,
                                                payload, &error))
        {
          op_fail (op, error->message);
          return;
        }
      inv_service_client_cancel_async (run->client, op->remote_id, payload, entry->idempotency_key,
                                       run->cancellable, cancelled_cb, op);
      break;

    case INV_OUTBOX_ERASE:
      {
        const char *erase_email = json_object_get_string_member_with_default (payload, "email", NULL);

        if (erase_email == NULL && email != NULL)
          erase_email = email;

        if (erase_email == NULL || *erase_email == '\0')
          {
            op_fail (op, _("The erasure request names no email address"));
            return;
          }

        inv_service_client_erase_async (run->client, erase_email, entry->idempotency_key,
                                        run->cancellable, erased_cb, op);
      }
      break;

    case INV_N_OUTBOX_KINDS:
    default:
      op_fail (op, _("Unknown operation"));
      break;
    }
}

/* The push */

static gboolean
wait_done_cb (gpointer data)
{
  Run *run = data;

  run->wait_id = 0;
  run_pump (run);

  return G_SOURCE_REMOVE;
}

static void
run_wait (Run    *run,
          gint64  seconds)
{
  g_assert (run->wait_id == 0);

  run->wait_id = g_timeout_add_seconds (MAX (seconds, 1), wait_done_cb, run);
}

static gboolean
load_pass (Run *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  gboolean ignore_backoff = run->first_pass && (run->flags & INV_SYNC_FLAGS_NOW) != 0;

  run->first_pass = FALSE;

  due = inv_outbox_list_due (run->engine->database, inv_database_now (), ignore_backoff, 0, &error);
  if (due == NULL)
    {
      log_db_error ("Reading the outbox", error);
      return FALSE;
    }

  for (guint i = 0; i < due->len; i++)
    {
      InvOutboxEntry *entry = g_ptr_array_index (due, i);

      if (!g_hash_table_contains (run->in_flight, &entry->id))
        g_queue_push_tail (&run->queue, inv_outbox_entry_copy (entry));
    }

  return !g_queue_is_empty (&run->queue);
}

/* Keeps up to `concurrency` rows on their way, in outbox order. When a pass is done,
 * the next one picks up what became due meanwhile (a cancel whose create was just
 * confirmed, a row whose short backoff ended); rows that back off longer than the
 * retry horizon are left for a later sync. */
static void
run_pump (Run *run)
{
  InvSyncEngine *self = run->engine;

  if (run->wait_id != 0)
    return;

  if (run->stop_push || g_cancellable_is_cancelled (run->cancellable))
    {
      if (run->n_in_flight == 0)
        {
          g_queue_clear_full (&run->queue, (GDestroyNotify)inv_outbox_entry_free);
          run_start_pull (run);
        }
      return;
    }

  while (run->n_in_flight < self->concurrency)
    {
      InvOutboxEntry *entry;
      gint64 wait;
      Op *op;

      wait = rate_limit_wait (run);
      if (wait > 0)
        {
          if (wait <= self->retry_horizon)
            run_wait (run, wait);
          else
            {
              run->stop_push = TRUE;
              run_wake_waiting_ops (run);
            }

          if (run->stop_push && run->n_in_flight == 0)
            run_start_pull (run);
          return;
        }

      entry = g_queue_pop_head (&run->queue);
      if (entry == NULL)
        {
          gint64 next_due;
          gint64 now;

          /* A new pass starts once the last one's rows have all come back, so that
           * rows unblocked by them are seen. */
          if (run->n_in_flight > 0)
            return;

          g_debug ("Push pass done: %u pushed, %u failed, %u conflicts so far",
                   run->report.pushed, run->report.failed, run->report.conflicts);

          if (load_pass (run))
            continue;

          now = inv_database_now ();
          next_due = inv_outbox_get_next_due_time (self->database);
          if (next_due > now && next_due - now <= self->retry_horizon)
            {
              run_wait (run, next_due - now);
              return;
            }

          run_start_pull (run);
          return;
        }

      op = op_new (run, entry);
      g_hash_table_add (run->in_flight, g_memdup2 (&entry->id, sizeof entry->id));
      run->n_in_flight++;
      update_indicator (self);
      op_send (op);
    }
}

/* The pull */

static void pull_tests_page (Run *run);
static void pull_window_page (Run *run);

static gboolean
pull_retry_cb (gpointer data)
{
  Run *run = data;

  run->wait_id = 0;
  if (run->tests != NULL)
    pull_tests_page (run);
  else
    pull_window_page (run);

  return G_SOURCE_REMOVE;
}

/* A read of the pull failed. Returns %TRUE when it is tried again after the wait the
 * push would take (what a 429 asked for, else the backoff); %FALSE when the pull ends
 * here and the next sync reads the rest (the window end only moves once a window was
 * read in full). */
static gboolean
pull_retry (Run          *run,
            const GError *error)
{
  gint64 wait_ms;

  if (needs_new_key (error) || !inv_service_error_is_transient (error) ||
      ++run->read_attempts >= READ_ATTEMPTS || g_cancellable_is_cancelled (run->cancellable))
    return FALSE;

  /* No answer at all, three times: the service is not there; the next sync tries. */
  if (is_transport_failure (error) && run->read_attempts >= 3)
    return FALSE;

  /* A service that asks for a long pause gets it. */
  wait_ms = read_wait_ms (run, run->read_attempts);
  if (beyond_horizon (run->engine, wait_ms))
    return FALSE;

  run->wait_id = g_timeout_add (wait_ms, pull_retry_cb, run);

  return TRUE;
}

static void
pull_failed (Run    *run,
             GError *error)
{
  if (run->error == NULL)
    run->error = g_error_copy (error);
  run_finish (run);
}

/* No read goes out while the service asks us to wait (a 429 of any request, also one
 * of the push): the pull waits for the end of it, or ends when that is beyond the
 * retry horizon. Returns %TRUE when the read is not sent now. */
static gboolean
pull_wait_if_blocked (Run *run)
{
  gint64 wait_ms = rate_limit_wait_ms (run);

  if (wait_ms == 0)
    return FALSE;

  if (beyond_horizon (run->engine, wait_ms))
    {
      g_autoptr(GError) error = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_RATE_LIMITED,
                                             _("The service asked to wait before the next request"));

      pull_failed (run, error);
      return TRUE;
    }

  run->wait_id = g_timeout_add (wait_ms, pull_retry_cb, run);

  return TRUE;
}

static void
pull_next_window (Run *run)
{
  if (run->window_end >= run->pull_end)
    {
      run->report.pull_complete = TRUE;
      run_finish (run);
      return;
    }

  /* Windows up to a second ago, then that last second on its own. An invitation that
   * changes while a window is read page by page then leaves that window (its total
   * changes and it is read again) instead of moving inside it and pushing an unchanged
   * one past a page boundary; the last second is usually a single page. */
  run->window_start = run->window_end;
  if (run->window_start < run->pull_end - 1)
    run->window_end = MIN (run->window_start + INV_SERVICE_MAX_WINDOW_SECONDS, run->pull_end - 1);
  else
    run->window_end = run->pull_end;
  run->page_no = 1;
  run->window_total = -1;
  run->window_restarts = 0;
  run->read_attempts = 0;
  pull_window_page (run);
}

static void
window_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;
  InvSyncEngine *self = run->engine;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  gint64 total = 0;

  page = inv_service_client_test_attempts_finish (INV_SERVICE_CLIENT (object), result, &total, &error);
  if (page == NULL)
    {
      if (!pull_retry (run, error))
        pull_failed (run, error);
      return;
    }

  run->read_attempts = 0;

  /* The window's content moved while it was read page by page (a change landed in
   * it): pages may have shifted, so read the window again from the start. Applying
   * a change twice is harmless. */
  if (run->window_total >= 0 && total != run->window_total && run->window_restarts < WINDOW_RESTARTS)
    {
      run->window_restarts++;
      run->window_total = -1;
      run->page_no = 1;
      pull_window_page (run);
      return;
    }
  run->window_total = total;

  if (!inv_remote_store_apply_changes (self->database, page, &run->apply_stats, &error))
    {
      pull_failed (run, error);
      return;
    }

  if ((gint64)run->page_no * INV_SERVICE_ATTEMPTS_PAGE_SIZE < total && page->len > 0)
    {
      run->page_no++;
      pull_window_page (run);
      return;
    }

  /* The window was read in full: remember where the next pull starts. */
  {
    g_autofree char *end = g_strdup_printf ("%" G_GINT64_FORMAT, run->window_end);

    if (!inv_database_set_meta (self->database, INV_META_PULL_WINDOW_END, end, &error))
      {
        pull_failed (run, error);
        return;
      }
  }

  pull_next_window (run);
}

static void
pull_window_page (Run *run)
{
  if (pull_wait_if_blocked (run))
    return;

  inv_service_client_test_attempts_async (run->client, "all", run->window_start, run->window_end,
                                          run->page_no, INV_SERVICE_ATTEMPTS_PAGE_SIZE,
                                          run->cancellable, window_cb, run);
}

static void
pull_windows (Run *run)
{
  InvSyncEngine *self = run->engine;
  g_autofree char *last_end = inv_database_get_meta (self->database, INV_META_PULL_WINDOW_END);
  g_autofree char *last_url = inv_database_get_meta (self->database, INV_META_SERVICE_URL);
  const char *url = inv_service_client_get_base_url (run->client);
  gint64 now = inv_database_now ();
  gint64 start;

  g_clear_pointer (&run->tests, g_ptr_array_unref);

  /* A database that synced with another service starts over. */
  if (last_end != NULL && g_strcmp0 (last_url, url) == 0)
    start = g_ascii_strtoll (last_end, NULL, 10) - WINDOW_OVERLAP_SECONDS;
  else
    start = now - INITIAL_LOOKBACK_SECONDS;

  if (g_strcmp0 (last_url, url) != 0)
    {
      g_autoptr(GError) error = NULL;

      if (!inv_database_set_meta (self->database, INV_META_SERVICE_URL, url, &error))
        {
          pull_failed (run, error);
          return;
        }
    }

  run->pull_end = now;
  run->window_end = MIN (start, now - 1);
  pull_next_window (run);
}

static void
tests_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  gint64 total = 0;

  page = inv_service_client_list_tests_finish (INV_SERVICE_CLIENT (object), result, &total, &error);
  if (page == NULL)
    {
      if (!pull_retry (run, error))
        pull_failed (run, error);
      return;
    }

  run->read_attempts = 0;

  for (guint i = 0; i < page->len; i++)
    g_ptr_array_add (run->tests, inv_remote_test_copy (g_ptr_array_index (page, i)));

  if ((gint64)run->page_no * INV_SERVICE_TESTS_PAGE_SIZE < total && page->len > 0)
    {
      run->page_no++;
      pull_tests_page (run);
      return;
    }

  if (!inv_remote_store_upsert_tests (run->engine->database, run->tests, NULL, &error))
    {
      pull_failed (run, error);
      return;
    }

  pull_windows (run);
}

static void
pull_tests_page (Run *run)
{
  if (pull_wait_if_blocked (run))
    return;

  inv_service_client_list_tests_async (run->client, run->page_no, INV_SERVICE_TESTS_PAGE_SIZE,
                                       run->cancellable, tests_cb, run);
}

static void
run_start_pull (Run *run)
{
  g_debug ("Push done (%u in flight, stopped: %d); pulling", run->n_in_flight, run->stop_push);
  run->pulling = TRUE;

  if (g_cancellable_is_cancelled (run->cancellable) && run->error == NULL)
    run->error = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_CANCELLED,
                              _("The sync was stopped"));

  if (run->error != NULL || (run->flags & INV_SYNC_FLAGS_PUSH_ONLY) != 0 ||
      g_cancellable_is_cancelled (run->cancellable))
    {
      run_finish (run);
      return;
    }

  /* The push ended early because the service is unreachable: so would the pull. */
  if (run->stop_push && run->transport_failures >= MAX_TRANSPORT_FAILURES_IN_A_ROW)
    {
      run_finish (run);
      return;
    }

  run->tests = g_ptr_array_new_with_free_func ((GDestroyNotify)inv_remote_test_free);
  run->page_no = 1;
  run->read_attempts = 0;
  pull_tests_page (run);
}

/* Runs */

static void
run_free (Run *run)
{
  g_assert (g_queue_is_empty (&run->waiting_ops));

  g_clear_handle_id (&run->wait_id, g_source_remove);
  g_queue_clear_full (&run->queue, (GDestroyNotify)inv_outbox_entry_free);
  g_clear_pointer (&run->in_flight, g_hash_table_unref);
  g_clear_pointer (&run->tests, g_ptr_array_unref);
  g_clear_pointer (&run->tasks, g_ptr_array_unref);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->client);
  g_clear_error (&run->error);
  g_free (run);
}

static void
run_finish (Run *run)
{
  InvSyncEngine *self = run->engine;
  g_autoptr(GError) error = NULL;
  InvOutboxCounts counts;
  gint64 now = inv_database_now ();

  g_assert (self->run == run);

  run->report.pulled = run->apply_stats.changed + run->apply_stats.imported;
  run->report.conflicts += run->apply_stats.conflicts;

  if (inv_outbox_count (self->database, now, &counts, &error))
    {
      run->report.waiting = counts.held + counts.waiting;
      run->report.held = counts.held;
      run->report.attention = counts.failed + counts.conflicts;
    }
  else
    log_db_error ("Counting the outbox", error);

  if (run->error == NULL && run->report.pull_complete)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, now);

      if (inv_database_set_meta (self->database, INV_META_LAST_SYNC, text, NULL))
        {
          self->last_synced = now;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED]);
        }
    }

  if (run->error != NULL)
    {
      set_key_problem (self, key_problem_of (run->error));
      set_last_error (self, run->error->message);
    }
  else
    {
      set_key_problem (self, INV_SYNC_KEY_PROBLEM_NONE);
      set_last_error (self, NULL);
    }

  self->last_report = run->report;
  self->run = NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);

  for (guint i = 0; i < run->tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (run->tasks, i);

      if (run->error != NULL)
        g_task_return_error (task, g_error_copy (run->error));
      else
        g_task_return_pointer (task, inv_sync_report_copy (&run->report),
                               (GDestroyNotify)inv_sync_report_free);
    }

  run_free (run);

  inv_sync_engine_refresh_counts (self);

  if (self->next_tasks->len > 0)
    {
      g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->next_tasks);

      self->next_tasks = g_ptr_array_new_with_free_func (g_object_unref);
      start_run (self, self->next_flags, tasks);
      self->next_flags = INV_SYNC_FLAGS_NONE;
      return;
    }

  schedule_next (self);
}

static void
start_run (InvSyncEngine *self,
           InvSyncFlags   flags,
           GPtrArray     *tasks)
{
  Run *run;

  g_assert (self->run == NULL);

  run = g_new0 (Run, 1);
  run->engine = self;
  run->tasks = g_ptr_array_ref (tasks);
  run->flags = flags;
  run->cancellable = g_cancellable_new ();
  run->in_flight = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  run->first_pass = TRUE;
  g_queue_init (&run->queue);

  self->run = run;
  self->last_outbox_id = inv_outbox_get_last_id (self->database);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
  /* Grace periods may have ended since the last count. */
  inv_sync_engine_refresh_counts (self);

  g_clear_handle_id (&self->timer_id, g_source_remove);

  if (self->client == NULL)
    {
      run->error = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_INVALID_URL,
                                _("No invitation service is set up"));
      run_finish (run);
      return;
    }

  if (self->api_key == NULL || *self->api_key == '\0')
    {
      run->error = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_NO_KEY,
                                _("No API key is set for the invitation service"));
      run_finish (run);
      return;
    }

  run->client = g_object_ref (self->client);
  inv_service_client_set_api_key (run->client, self->api_key);

  run_pump (run);
}

/* Scheduling: periodic syncs, rows that become due, the network coming back */

static gboolean
timer_cb (gpointer data)
{
  InvSyncEngine *self = data;

  self->timer_id = 0;

  if (self->run == NULL && self->online)
    inv_sync_engine_sync_async (self, INV_SYNC_FLAGS_NONE, NULL, NULL, NULL);

  return G_SOURCE_REMOVE;
}

/* Plans the next sync: at the next periodic one, or as soon as a queued row is due
 * (a held cancel at the end of its undo period, to the millisecond). Rows already due
 * go out after @due_now_delay_ms: at once when they were just written, a few seconds
 * later when a sync just ended and could not send them (the service is refusing or
 * unreachable, and their backoff starts with the next attempt). */
static void
schedule_in (InvSyncEngine *self,
             guint          due_now_delay_ms)
{
  gint64 now_ms = g_get_real_time () / 1000;
  gint64 next_due;
  gint64 delay_ms;

  g_clear_handle_id (&self->timer_id, g_source_remove);

  if (!self->started || self->client == NULL || self->key_problem != INV_SYNC_KEY_PROBLEM_NONE)
    return;

  delay_ms = self->interval > 0 ? (gint64)self->interval * 1000 : G_MAXINT64;

  next_due = inv_outbox_get_next_due_time (self->database);
  if (next_due > 0)
    delay_ms = MIN (delay_ms, MAX (next_due * 1000 - now_ms, (gint64)due_now_delay_ms));

  if (delay_ms == G_MAXINT64)
    return;

  self->timer_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint)CLAMP (delay_ms, 0, G_MAXUINT),
                                       timer_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->timer_id),
                            "[inv] next sync");
}

/* After a sync: rows queued while it ran go out at once, rows it could not send wait
 * a little (the service is refusing or unreachable). */
static void
schedule_next (InvSyncEngine *self)
{
  gboolean queued_meanwhile = inv_outbox_get_last_id (self->database) > self->last_outbox_id;

  schedule_in (self, queued_meanwhile ? 0 : 5000);
}

/* Every commit to the outbox is announced by the store, whoever made it: the window,
 * the command line in another process, an undo. The engine plans its next sync from
 * that alone, so no code that queues a row has to remember to tell it. */
static void
database_changed_cb (InvSyncEngine *self,
                     InvChangeSet  *changes)
{
  if (!inv_change_set_has (changes, INV_CHANGE_OUTBOX))
    return;

  queue_refresh_counts (self);

  /* A sync in progress plans the next one when it ends (schedule_next()). */
  if (self->run == NULL)
    schedule_in (self, 0);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    InvSyncEngine   *self)
{
  gboolean was_online = self->online;

  if (was_online == available)
    return;

  self->online = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);

  if (available && self->started)
    {
      g_debug ("Network is back: syncing");
      g_clear_handle_id (&self->timer_id, g_source_remove);
      self->timer_id = g_timeout_add_seconds (2, timer_cb, self);
    }
}

/* GObject */

static void
inv_sync_engine_dispose (GObject *object)
{
  InvSyncEngine *self = (InvSyncEngine *)object;

  inv_sync_engine_stop (self);
  g_clear_handle_id (&self->counts_id, g_source_remove);
  g_clear_handle_id (&self->held_id, g_source_remove);
  g_clear_handle_id (&self->indicator_id, g_source_remove);
  if (self->monitor != NULL)
    g_clear_signal_handler (&self->monitor_handler, self->monitor);
  g_clear_object (&self->monitor);
  if (self->key_lookup != NULL)
    g_cancellable_cancel (self->key_lookup);
  g_clear_object (&self->key_lookup);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (inv_sync_engine_parent_class)->dispose (object);
}

static void
inv_sync_engine_finalize (GObject *object)
{
  InvSyncEngine *self = (InvSyncEngine *)object;

  g_assert (self->run == NULL);

  g_clear_object (&self->database);
  g_clear_object (&self->client);
  g_clear_pointer (&self->api_key, g_free);
  g_clear_pointer (&self->next_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (inv_sync_engine_parent_class)->finalize (object);
}

static void
inv_sync_engine_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  InvSyncEngine *self = INV_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_SERVICE_URL:
      g_value_set_string (value, inv_sync_engine_get_service_url (self));
      break;

    case PROP_CONCURRENCY:
      g_value_set_uint (value, self->concurrency);
      break;

    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;

    case PROP_SYNCING:
      g_value_set_boolean (value, self->run != NULL);
      break;

    case PROP_NEEDS_KEY:
      g_value_set_boolean (value, self->key_problem != INV_SYNC_KEY_PROBLEM_NONE);
      break;

    case PROP_KEY_PROBLEM:
      g_value_set_enum (value, self->key_problem);
      break;

    case PROP_LAST_SYNCED:
      g_value_set_int64 (value, self->last_synced);
      break;

    case PROP_N_HELD:
      g_value_set_uint (value, self->shown.n_held);
      break;

    case PROP_NEXT_SEND_TIME:
      g_value_set_int64 (value, self->shown.next_send_time);
      break;

    case PROP_N_WAITING:
      g_value_set_uint (value, self->shown.n_waiting);
      break;

    case PROP_N_SENDING:
      g_value_set_uint (value, self->shown.n_sending);
      break;

    case PROP_N_FAILED:
      g_value_set_uint (value, self->shown.n_failed);
      break;

    case PROP_N_CONFLICTS:
      g_value_set_uint (value, self->shown.n_conflicts);
      break;

    case PROP_N_ATTENTION:
      g_value_set_uint (value, inv_sync_engine_get_n_attention (self));
      break;

    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;

    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->monitor);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_sync_engine_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  InvSyncEngine *self = INV_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->database = g_value_dup_object (value);
      break;

    case PROP_NETWORK_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;

    case PROP_SERVICE_URL:
      {
        g_autoptr(GError) error = NULL;

        if (!inv_sync_engine_set_service_url (self, g_value_get_string (value), &error))
          set_last_error (self, error->message);
      }
      break;

    case PROP_CONCURRENCY:
      inv_sync_engine_set_concurrency (self, g_value_get_uint (value));
      break;

    case PROP_INTERVAL:
      inv_sync_engine_set_interval (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_sync_engine_constructed (GObject *object)
{
  InvSyncEngine *self = INV_SYNC_ENGINE (object);
  g_autofree char *last = NULL;

  G_OBJECT_CLASS (inv_sync_engine_parent_class)->constructed (object);

  g_assert (self->database != NULL);

  last = inv_database_get_meta (self->database, INV_META_LAST_SYNC);
  if (last != NULL)
    self->last_synced = g_ascii_strtoll (last, NULL, 10);

  g_signal_connect_object (inv_database_get_change_hub (self->database), "changed",
                           G_CALLBACK (database_changed_cb), self, G_CONNECT_SWAPPED);

  /* The engine follows the network from the start, so that it can say it is offline
   * before it is ever started. */
  if (self->monitor == NULL)
    self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->online = g_network_monitor_get_network_available (self->monitor);
  self->monitor_handler = g_signal_connect (self->monitor, "network-changed",
                                            G_CALLBACK (network_changed_cb), self);

  inv_sync_engine_refresh_counts (self);
  /* What the engine starts with is no change. */
  self->told = self->shown;
  g_clear_handle_id (&self->indicator_id, g_source_remove);
}

static void
inv_sync_engine_class_init (InvSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = inv_sync_engine_constructed;
  object_class->dispose = inv_sync_engine_dispose;
  object_class->finalize = inv_sync_engine_finalize;
  object_class->get_property = inv_sync_engine_get_property;
  object_class->set_property = inv_sync_engine_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, INV_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SERVICE_URL] =
    g_param_spec_string ("service-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CONCURRENCY] =
    g_param_spec_uint ("concurrency", NULL, NULL, 1, MAX_CONCURRENCY, DEFAULT_CONCURRENCY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 0, 24 * 3600, DEFAULT_INTERVAL_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_NEEDS_KEY] =
    g_param_spec_boolean ("needs-key", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * InvSyncEngine:key-problem:
   *
   * Why #InvSyncEngine:needs-key is set: no key is stored, or the service refused
   * the one it was given; %INV_SYNC_KEY_PROBLEM_NONE when no key is needed.
   */
  properties[PROP_KEY_PROBLEM] =
    g_param_spec_enum ("key-problem", NULL, NULL, INV_TYPE_SYNC_KEY_PROBLEM,
                       INV_SYNC_KEY_PROBLEM_NONE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_LAST_SYNCED] =
    g_param_spec_int64 ("last-synced", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /* What the sync indicator shows about the outbox. Every queued row is exactly one
   * of held, waiting, sending, or blocked behind a failed row (counted by none of
   * them: its failed row is what needs a person). The values follow every change the
   * store announces, every row a sync sends or settles, and the end of each grace
   * period; each is notified when it changed, once per main loop iteration. */

  /**
   * InvSyncEngine:n-held:
   *
   * Queued rows still inside their undo grace period: not sent before it ends, and
   * they can still be undone.
   */
  properties[PROP_N_HELD] =
    g_param_spec_uint ("n-held", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * InvSyncEngine:next-send-time:
   *
   * When the earliest grace period of a held row ends (UTC seconds), that is when the
   * next held row is sent; 0 when no row is held.
   */
  properties[PROP_NEXT_SEND_TIME] =
    g_param_spec_int64 ("next-send-time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * InvSyncEngine:n-waiting:
   *
   * Queued rows that are not held and not on their way: due now (sent by the next
   * sync; while offline, when the network is back) or backing off after a transient
   * failure. Rows waiting behind a failed operation on the same invitation are not
   * counted: they wait for a person, see #InvSyncEngine:n-failed.
   */
  properties[PROP_N_WAITING] =
    g_param_spec_uint ("n-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * InvSyncEngine:n-sending:
   *
   * Rows on their way in the sync that runs now: sent and not answered yet, or being
   * reconciled after an answer was lost. 0 between syncs.
   */
  properties[PROP_N_SENDING] =
    g_param_spec_uint ("n-sending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * InvSyncEngine:n-failed:
   *
   * Rows the service refused for good; each waits for a person to retry or discard it.
   */
  properties[PROP_N_FAILED] =
    g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * InvSyncEngine:n-conflicts:
   *
   * Rows whose change the service's state overruled (the candidate started first);
   * each waits for a person to dismiss it.
   */
  properties[PROP_N_CONFLICTS] =
    g_param_spec_uint ("n-conflicts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * InvSyncEngine:n-attention:
   *
   * #InvSyncEngine:n-failed and #InvSyncEngine:n-conflicts together: the rows that
   * need a person.
   */
  properties[PROP_N_ATTENTION] =
    g_param_spec_uint ("n-attention", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * InvSyncEngine:online:
   *
   * Whether the network is available, as #InvSyncEngine:network-monitor says. While
   * offline the engine syncs on its own neither periodically nor when rows become
   * due; it syncs when the network comes back.
   */
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * InvSyncEngine:network-monitor:
   *
   * The network monitor the engine follows: the default one unless another is given
   * at construction (a test's).
   */
  properties[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inv_sync_engine_init (InvSyncEngine *self)
{
  self->concurrency = DEFAULT_CONCURRENCY;
  self->interval = DEFAULT_INTERVAL_SECONDS;
  self->backoff_base_ms = DEFAULT_BACKOFF_BASE_MS;
  self->backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
  self->retry_horizon = DEFAULT_RETRY_HORIZON_SECONDS;
  self->rand = g_rand_new ();
  self->next_tasks = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Public API */

/**
 * inv_sync_engine_new:
 * @database: the app's database
 *
 * Returns: (transfer full): an engine with no service set up yet
 */
InvSyncEngine *
inv_sync_engine_new (InvDatabase *database)
{
  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);

  return g_object_new (INV_TYPE_SYNC_ENGINE, "database", database, NULL);
}

/**
 * inv_sync_engine_get_database:
 *
 * Returns: (transfer none): the database the engine syncs
 */
InvDatabase *
inv_sync_engine_get_database (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), NULL);

  return self->database;
}

/**
 * inv_sync_engine_get_service_url:
 *
 * Returns: (nullable): the normalised service address, or %NULL when none is set
 */
const char *
inv_sync_engine_get_service_url (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), NULL);

  return self->client != NULL ? inv_service_client_get_base_url (self->client) : NULL;
}

/**
 * inv_sync_engine_set_service_url:
 * @url: (nullable): the service address; %NULL or empty turns syncing off
 *
 * Sets the service to sync with. An invalid address (or `http://` off loopback)
 * is refused and leaves the engine without a service.
 */
gboolean
inv_sync_engine_set_service_url (InvSyncEngine  *self,
                                 const char     *url,
                                 GError        **error)
{
  g_autoptr(InvServiceClient) client = NULL;

  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), FALSE);

  if (url != NULL && *url != '\0')
    {
      client = inv_service_client_new (url, error);
      if (client == NULL)
        {
          g_clear_object (&self->client);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE_URL]);
          return FALSE;
        }
    }

  if (client != NULL && self->client != NULL &&
      g_strcmp0 (inv_service_client_get_base_url (client), inv_service_client_get_base_url (self->client)) == 0)
    return TRUE;

  g_set_object (&self->client, client);
  set_key_problem (self, INV_SYNC_KEY_PROBLEM_NONE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE_URL]);
  schedule_next (self);

  return TRUE;
}

/**
 * inv_sync_engine_set_api_key:
 * @api_key: (nullable): the key for the current service, from the keyring; kept in
 *   memory only
 */
void
inv_sync_engine_set_api_key (InvSyncEngine *self,
                             const char    *api_key)
{
  g_return_if_fail (INV_IS_SYNC_ENGINE (self));

  g_free (self->api_key);
  self->api_key = g_strdup (api_key);
  /* Without a service there is nothing to need a key for. */
  set_key_problem (self, self->client != NULL && (api_key == NULL || *api_key == '\0')
                         ? INV_SYNC_KEY_PROBLEM_MISSING : INV_SYNC_KEY_PROBLEM_NONE);
  schedule_next (self);
}

guint
inv_sync_engine_get_concurrency (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), 0);

  return self->concurrency;
}

/**
 * inv_sync_engine_set_concurrency:
 * @concurrency: how many requests may be on their way at once (1–16); the
 *   `sync-concurrency` setting
 */
void
inv_sync_engine_set_concurrency (InvSyncEngine *self,
                                 guint          concurrency)
{
  g_return_if_fail (INV_IS_SYNC_ENGINE (self));

  concurrency = CLAMP (concurrency, 1, MAX_CONCURRENCY);
  if (self->concurrency == concurrency)
    return;

  self->concurrency = concurrency;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONCURRENCY]);
}

guint
inv_sync_engine_get_interval (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), 0);

  return self->interval;
}

/**
 * inv_sync_engine_set_interval:
 * @seconds: time between periodic syncs while started and online; 0 for none
 */
void
inv_sync_engine_set_interval (InvSyncEngine *self,
                              guint          seconds)
{
  g_return_if_fail (INV_IS_SYNC_ENGINE (self));

  if (self->interval == seconds)
    return;

  self->interval = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
  if (self->run == NULL)
    schedule_next (self);
}

/**
 * inv_sync_engine_set_backoff:
 * @base_ms: the wait after a row's first transient failure; it doubles with each one
 * @max_ms: the longest wait
 *
 * Reads (the pull's, and the read back of an operation whose answer was lost) wait
 * the same way between tries.
 */
void
inv_sync_engine_set_backoff (InvSyncEngine *self,
                             guint          base_ms,
                             guint          max_ms)
{
  g_return_if_fail (INV_IS_SYNC_ENGINE (self));
  g_return_if_fail (base_ms > 0 && max_ms >= base_ms);

  self->backoff_base_ms = base_ms;
  self->backoff_max_ms = max_ms;
}

/**
 * inv_sync_engine_set_retry_horizon:
 * @seconds: within one sync, rows and reads whose backoff (or whose
 *   service-requested wait) ends within this time are waited for and retried; later
 *   ones are left for the next sync
 */
void
inv_sync_engine_set_retry_horizon (InvSyncEngine *self,
                                   guint          seconds)
{
  g_return_if_fail (INV_IS_SYNC_ENGINE (self));

  self->retry_horizon = seconds;
}

gboolean
inv_sync_engine_get_syncing (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), FALSE);

  return self->run != NULL;
}

/**
 * inv_sync_engine_get_needs_key:
 *
 * Returns: %TRUE when syncing is paused because there is no API key or the service
 *   refused it (401); nothing is dropped meanwhile
 */
gboolean
inv_sync_engine_get_needs_key (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), FALSE);

  return self->key_problem != INV_SYNC_KEY_PROBLEM_NONE;
}

/**
 * inv_sync_engine_get_key_problem:
 *
 * Returns: the #InvSyncEngine:key-problem property: whether the key is missing or
 *   was refused while #InvSyncEngine:needs-key is set
 */
InvSyncKeyProblem
inv_sync_engine_get_key_problem (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), INV_SYNC_KEY_PROBLEM_NONE);

  return self->key_problem;
}

gint64
inv_sync_engine_get_last_synced (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), 0);

  return self->last_synced;
}

/**
 * inv_sync_engine_get_n_held:
 *
 * Returns: the #InvSyncEngine:n-held property
 */
guint
inv_sync_engine_get_n_held (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), 0);

  return self->shown.n_held;
}

/**
 * inv_sync_engine_get_next_send_time:
 *
 * Returns: the #InvSyncEngine:next-send-time property
 */
gint64
inv_sync_engine_get_next_send_time (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), 0);

  return self->shown.next_send_time;
}

/**
 * inv_sync_engine_get_n_waiting:
 *
 * Returns: the #InvSyncEngine:n-waiting property
 */
guint
inv_sync_engine_get_n_waiting (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), 0);

  return self->shown.n_waiting;
}

/**
 * inv_sync_engine_get_n_sending:
 *
 * Returns: the #InvSyncEngine:n-sending property
 */
guint
inv_sync_engine_get_n_sending (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), 0);

  return self->shown.n_sending;
}

/**
 * inv_sync_engine_get_n_failed:
 *
 * Returns: the #InvSyncEngine:n-failed property
 */
guint
inv_sync_engine_get_n_failed (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), 0);

  return self->shown.n_failed;
}

/**
 * inv_sync_engine_get_n_conflicts:
 *
 * Returns: the #InvSyncEngine:n-conflicts property
 */
guint
inv_sync_engine_get_n_conflicts (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), 0);

  return self->shown.n_conflicts;
}

/**
 * inv_sync_engine_get_n_attention:
 *
 * Returns: the #InvSyncEngine:n-attention property
 */
guint
inv_sync_engine_get_n_attention (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), 0);

  return self->shown.n_failed + self->shown.n_conflicts;
}

/**
 * inv_sync_engine_get_online:
 *
 * Returns: the #InvSyncEngine:online property
 */
gboolean
inv_sync_engine_get_online (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), FALSE);

  return self->online;
}

/**
 * inv_sync_engine_get_last_error:
 *
 * Returns: (nullable): why the last sync stopped, or %NULL when it went through
 */
const char *
inv_sync_engine_get_last_error (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), NULL);

  return self->last_error;
}

/**
 * inv_sync_engine_sync_async:
 * @flags: #InvSyncFlags
 *
 * Syncs once: pushes every due outbox row, then pulls templates and status changes.
 * While a sync runs, another request is served by the sync that follows it.
 */
void
inv_sync_engine_sync_async (InvSyncEngine       *self,
                            InvSyncFlags         flags,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) tasks = NULL;

  g_return_if_fail (INV_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, inv_sync_engine_sync_async);

  if (self->run != NULL)
    {
      self->next_flags |= flags;
      g_ptr_array_add (self->next_tasks, g_steal_pointer (&task));
      return;
    }

  tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (tasks, g_steal_pointer (&task));
  start_run (self, flags, tasks);
}

/**
 * inv_sync_engine_sync_finish:
 *
 * Returns: (transfer full): what the sync did, or %NULL with @error set when it
 *   stopped: %INV_SERVICE_ERROR_UNAUTHORIZED or %INV_SERVICE_ERROR_NO_KEY (a new key
 *   is needed), %INV_SERVICE_ERROR_INVALID_URL, or the error that ended the pull
 */
InvSyncReport *
inv_sync_engine_sync_finish (InvSyncEngine  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * inv_sync_engine_start:
 *
 * Starts syncing on its own while the app runs: every `interval` seconds, as soon as
 * held or backing-off rows become due, and when the network comes back.
 */
void
inv_sync_engine_start (InvSyncEngine *self)
{
  g_return_if_fail (INV_IS_SYNC_ENGINE (self));

  if (self->started)
    return;

  self->started = TRUE;
  schedule_next (self);
}

/**
 * inv_sync_engine_stop:
 *
 * Stops periodic syncing and cancels a sync in progress; rows on their way stay
 * queued and are sent again later (with the same idempotency keys).
 */
void
inv_sync_engine_stop (InvSyncEngine *self)
{
  g_return_if_fail (INV_IS_SYNC_ENGINE (self));

  self->started = FALSE;
  g_clear_handle_id (&self->timer_id, g_source_remove);

  if (self->run != NULL)
    {
      Run *run = self->run;

      g_cancellable_cancel (run->cancellable);
      /* Reads waiting to be tried again end at once; their rows stay queued. */
      run_wake_waiting_ops (run);

      /* A run that waits (for a backoff or a Retry-After) has no request whose
       * cancellation would wake it: end it here. */
      if (run->wait_id != 0)
        {
          g_clear_handle_id (&run->wait_id, g_source_remove);
          if (run->pulling)
            {
              if (run->error == NULL)
                run->error = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_CANCELLED,
                                          _("The sync was stopped"));
              run_finish (run);
            }
          else
            run_pump (run);
        }
    }
}

/**
 * inv_sync_engine_refresh_counts:
 *
 * Reads the counts of the sync indicator again.
 */
void
inv_sync_engine_refresh_counts (InvSyncEngine *self)
{
  g_autoptr(GError) error = NULL;
  InvOutboxCounts counts;
  gint64 now_ms;

  g_return_if_fail (INV_IS_SYNC_ENGINE (self));

  now_ms = g_get_real_time () / 1000;
  if (!inv_outbox_count (self->database, now_ms / 1000, &counts, &error))
    {
      log_db_error ("Counting the outbox", error);
      return;
    }

  self->counts = counts;
  update_indicator (self);

  /* Held rows stop being held when their grace period ends, with nothing written:
   * the indicator looks again then, started or not. */
  g_clear_handle_id (&self->held_id, g_source_remove);
  if (counts.next_send_time > 0)
    {
      gint64 delay_ms = counts.next_send_time * 1000 - now_ms;

      self->held_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint)CLAMP (delay_ms, 1, G_MAXUINT),
                                          held_ended_cb, self, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->held_id),
                                "[inv] end of a grace period");
    }
}

/**
 * inv_sync_engine_list_attention:
 *
 * Returns: (transfer container) (element-type InvSyncAttentionItem): the failed and
 *   conflicting rows, conflicts first, oldest first, with their invitations' names
 */
GPtrArray *
inv_sync_engine_list_attention (InvSyncEngine  *self,
                                GError        **error)
{
  g_autoptr(GPtrArray) items = NULL;
  InvOutboxState states[] = { INV_OUTBOX_STATE_CONFLICT, INV_OUTBOX_STATE_FAILED };

  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), NULL);

  items = g_ptr_array_new_with_free_func ((GDestroyNotify)inv_sync_attention_item_free);

  for (guint s = 0; s < G_N_ELEMENTS (states); s++)
    {
      g_autoptr(GPtrArray) entries = inv_outbox_list_by_state (self->database, states[s], error);

      if (entries == NULL)
        return NULL;

      for (guint i = 0; i < entries->len; i++)
        {
          InvOutboxEntry *entry = g_ptr_array_index (entries, i);
          InvSyncAttentionItem *item = g_new0 (InvSyncAttentionItem, 1);
          g_autoptr(InvInvitation) invitation = NULL;

          item->entry = inv_outbox_entry_copy (entry);

          /* What the page names the row by; an erasure has no invitation. */
          if (entry->invitation_id > 0)
            invitation = inv_database_load_invitation (self->database, entry->invitation_id, NULL);
          if (invitation != NULL)
            {
              item->candidate_name = g_strdup (inv_invitation_get_candidate_name (invitation));
              item->email = g_strdup (inv_invitation_get_email (invitation));
              item->template_name = g_strdup (inv_invitation_get_template_name (invitation));
              item->status = g_strdup (inv_invitation_get_status_text (invitation));
            }

          g_ptr_array_add (items, item);
        }
    }

  return g_steal_pointer (&items);
}

/**
 * inv_sync_engine_retry:
 *
 * Queues a failed row again (after the person fixed what the service refused) and
 * plans a sync.
 */
gboolean
inv_sync_engine_retry (InvSyncEngine  *self,
                       gint64          outbox_id,
                       GError        **error)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), FALSE);

  if (!inv_outbox_retry (self->database, outbox_id, error))
    return FALSE;

  inv_sync_engine_refresh_counts (self);

  return TRUE;
}

/**
 * inv_sync_engine_discard:
 *
 * Removes a failed or conflicting row for good (see inv_outbox_discard()).
 */
gboolean
inv_sync_engine_discard (InvSyncEngine  *self,
                         gint64          outbox_id,
                         GError        **error)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), FALSE);

  if (!inv_outbox_discard (self->database, outbox_id, error))
    return FALSE;

  inv_sync_engine_refresh_counts (self);

  return TRUE;
}

/* Test Connection */

typedef struct
{
  InvServiceClient *client;   /* owned */
  GPtrArray        *tests;    /* owned */
  guint             page_no;
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_object (&probe->client);
  g_clear_pointer (&probe->tests, g_ptr_array_unref);
  g_free (probe);
}

static void
probe_page_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  Probe *probe = g_task_get_task_data (task);
  gint64 total = 0;

  page = inv_service_client_list_tests_finish (INV_SERVICE_CLIENT (object), result, &total, &error);
  if (page == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < page->len; i++)
    g_ptr_array_add (probe->tests, inv_remote_test_copy (g_ptr_array_index (page, i)));

  if ((gint64)probe->page_no * INV_SERVICE_TESTS_PAGE_SIZE < total && page->len > 0 && probe->page_no < 100)
    {
      probe->page_no++;
      inv_service_client_list_tests_async (probe->client, probe->page_no, INV_SERVICE_TESTS_PAGE_SIZE,
                                           g_task_get_cancellable (task), probe_page_cb,
                                           g_steal_pointer (&task));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&probe->tests), (GDestroyNotify)g_ptr_array_unref);
}

/**
 * inv_sync_engine_test_connection_async:
 * @url: the service address to try (perhaps not saved yet)
 * @api_key: (nullable): the key to try; %NULL for the engine's own
 *
 * Lists the service's interview templates with @url and @api_key, without changing
 * the engine or the database: the preferences' "Test Connection".
 */
void
inv_sync_engine_test_connection_async (InvSyncEngine       *self,
                                       const char          *url,
                                       const char          *api_key,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Probe *probe;

  g_return_if_fail (INV_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, inv_sync_engine_test_connection_async);

  probe = g_new0 (Probe, 1);
  probe->tests = g_ptr_array_new_with_free_func ((GDestroyNotify)inv_remote_test_free);
  probe->page_no = 1;
  g_task_set_task_data (task, probe, (GDestroyNotify)probe_free);

  probe->client = inv_service_client_new (url, &error);
  if (probe->client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  inv_service_client_set_api_key (probe->client, api_key != NULL ? api_key : self->api_key);
  inv_service_client_set_timeout (probe->client, 15);
  inv_service_client_list_tests_async (probe->client, 1, INV_SERVICE_TESTS_PAGE_SIZE, cancellable,
                                       probe_page_cb, g_steal_pointer (&task));
}

/**
 * inv_sync_engine_test_connection_finish:
 *
 * Returns: (transfer container) (element-type InvRemoteTest): the templates, or
 *   %NULL with @error set
 */
GPtrArray *
inv_sync_engine_test_connection_finish (InvSyncEngine  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Settings */

static gboolean
minutes_to_seconds (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_uint (value, g_variant_get_uint32 (variant) * 60);

  return TRUE;
}

static void
key_found_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(InvSyncEngine) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = inv_credentials_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->key_lookup);

  if (error != NULL)
    {
      g_debug ("The keyring could not be read: %s", error->message);
      set_last_error (self, _("The keyring could not be read"));
    }

  inv_sync_engine_set_api_key (self, key);

  if (key != NULL && self->started && self->run == NULL)
    inv_sync_engine_sync_async (self, INV_SYNC_FLAGS_NONE, NULL, NULL, NULL);
}

static void
service_url_changed_cb (InvSyncEngine *self)
{
  const char *url = inv_sync_engine_get_service_url (self);

  if (self->key_lookup != NULL)
    g_cancellable_cancel (self->key_lookup);
  g_clear_object (&self->key_lookup);

  if (url == NULL)
    {
      inv_sync_engine_set_api_key (self, NULL);
      return;
    }

  self->key_lookup = g_cancellable_new ();
  inv_credentials_lookup_async (url, self->key_lookup, key_found_cb, g_object_ref (self));
}

/**
 * inv_sync_engine_bind_settings:
 * @settings: the app's settings
 *
 * Follows the settings: `service-url`, `sync-interval-minutes` and `sync-concurrency`.
 * Whenever the service address changes, its API key is read from the keyring (and a
 * sync starts when the engine is started).
 */
void
inv_sync_engine_bind_settings (InvSyncEngine *self,
                               GSettings     *settings)
{
  g_return_if_fail (INV_IS_SYNC_ENGINE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);

  g_signal_connect_object (self, "notify::service-url", G_CALLBACK (service_url_changed_cb),
                           self, G_CONNECT_SWAPPED);

  g_settings_bind (settings, "sync-concurrency", self, "concurrency", G_SETTINGS_BIND_GET);
  g_settings_bind_with_mapping (settings, "sync-interval-minutes", self, "interval",
                                G_SETTINGS_BIND_GET, minutes_to_seconds, NULL, NULL, NULL);
  g_settings_bind (settings, "service-url", self, "service-url", G_SETTINGS_BIND_GET);

  /* The binding set the address before the handler could see it change. */
  service_url_changed_cb (self);
}

/**
 * inv_sync_engine_reload_api_key:
 *
 * Reads the current service's API key from the keyring again (after the preferences
 * stored a new one) and syncs when one is found.
 */
void
inv_sync_engine_reload_api_key (InvSyncEngine *self)
{
  g_return_if_fail (INV_IS_SYNC_ENGINE (self));

  service_url_changed_cb (self);
}

/**
 * inv_sync_engine_get_last_report:
 *
 * Returns: (transfer none): what the last sync that ended did, also when it stopped
 *   with an error (what it confirmed before stays confirmed); zeros before the first
 */
const InvSyncReport *
inv_sync_engine_get_last_report (InvSyncEngine *self)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), NULL);

  return &self->last_report;
}

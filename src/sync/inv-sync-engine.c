/* inv-sync-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync engine: the object, its properties and settings, when it syncs (the outbox
 * changing, timers, the network coming back) and the run that sequences one sync: the
 * push (inv-sync-push.c, with its reconciliations in inv-sync-reconcile.c), then the
 * pull (inv-sync-pull.c). It also keeps the counts the sync indicator shows.
 * Everything runs on the main context: requests are asynchronous and each database
 * write is one short transaction.
 */

#define G_LOG_DOMAIN "inv-sync-engine"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-credentials.h"
#include "inv-sync-engine-private.h"

#define DEFAULT_CONCURRENCY 4
#define MAX_CONCURRENCY 16
#define DEFAULT_INTERVAL_SECONDS 300
#define DEFAULT_BACKOFF_BASE_MS 1000
#define DEFAULT_BACKOFF_MAX_MS (5 * 60 * 1000)
#define DEFAULT_RETRY_HORIZON_SECONDS 10
/* However the service answers, one sync ends after this many requests, 429s or
 * seconds; what is left waits for the next sync. Far beyond what a sync of a large
 * import needs (one request per row, and a few pages). */
#define DEFAULT_MAX_RUN_REQUESTS 100000
#define DEFAULT_MAX_RUN_RATE_LIMITED 200
#define DEFAULT_MAX_RUN_SECONDS (60 * 60)

G_DEFINE_ENUM_TYPE (InvSyncKeyProblem, inv_sync_key_problem,
                    G_DEFINE_ENUM_VALUE (INV_SYNC_KEY_PROBLEM_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (INV_SYNC_KEY_PROBLEM_MISSING, "missing"),
                    G_DEFINE_ENUM_VALUE (INV_SYNC_KEY_PROBLEM_REFUSED, "refused"))
G_DEFINE_BOXED_TYPE (InvSyncReport, inv_sync_report, inv_sync_report_copy, inv_sync_report_free)

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

static void schedule_next (InvSyncEngine *self);
static void start_run (InvSyncEngine *self, InvSyncFlags flags, GPtrArray *tasks);

/* Reports */

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

gboolean
_inv_sync_is_transport_failure (const GError *error)
{
  return g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NETWORK) ||
         g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_TIMEOUT) ||
         g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_TLS);
}

gboolean
_inv_sync_needs_new_key (const GError *error)
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

void
_inv_sync_log_db_error (const char *doing,
                        GError     *error)
{
  if (error != NULL)
    g_warning ("%s: %s", doing, error->message);
}

/* Waits shared by the push, the pull and reconciliations */

/* Whether the run went past one of its bounds; the first time, its error says which
 * and that the rest waits for the next sync. */
static gboolean
run_beyond_bounds (InvSyncRun *run)
{
  InvSyncEngine *self = run->engine;
  guint requests = inv_service_client_get_n_requests (run->client) - run->requests_before;
  guint rate_limited = inv_service_client_get_n_rate_limited (run->client) - run->rate_limited_before;
  gint64 seconds = (g_get_monotonic_time () - run->started_at) / G_USEC_PER_SEC;
  GError *error = NULL;

  if (run->beyond_bounds)
    return TRUE;

  if (rate_limited >= self->max_run_rate_limited)
    error = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_LIMIT,
                         ngettext ("The service asked to slow down %u time in this sync; the rest waits for the next sync",
                                   "The service asked to slow down %u times in this sync; the rest waits for the next sync",
                                   rate_limited),
                         rate_limited);
  else if (requests >= self->max_run_requests)
    error = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_LIMIT,
                         ngettext ("This sync sent %u request, as many as one sync may; the rest waits for the next sync",
                                   "This sync sent %u requests, as many as one sync may; the rest waits for the next sync",
                                   requests),
                         requests);
  else if (seconds >= self->max_run_seconds)
    error = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_LIMIT,
                         ngettext ("This sync ran for %u minute, as long as one sync may; the rest waits for the next sync",
                                   "This sync ran for %u minutes, as long as one sync may; the rest waits for the next sync",
                                   (self->max_run_seconds + 59) / 60),
                         (self->max_run_seconds + 59) / 60);
  else
    return FALSE;

  g_debug ("Sync stopped: %s", error->message);
  run->beyond_bounds = TRUE;
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free (error);

  return TRUE;
}

/* Milliseconds until the service lets us send again after a 429, or 0. Every request
 * of a run asks this first: a run beyond its bounds is told to wait past the retry
 * horizon, which ends the push, the pull and every reconciliation. */
gint64
_inv_sync_run_rate_limit_wait_ms (InvSyncRun *run)
{
  gint64 until = inv_service_client_get_blocked_until (run->client);
  gint64 now = g_get_monotonic_time ();

  if (run_beyond_bounds (run))
    return ((gint64)run->engine->retry_horizon + 1) * 1000;

  if (until <= now)
    return 0;

  return (until - now + 999) / 1000;
}

/* How long a read waits before its next try, after @attempts failed: what a 429 asked
 * for, else the push's backoff with jitter. Reads wait to the millisecond: unlike
 * rows, they are not due by the second. */
gint64
_inv_sync_run_read_wait_ms (InvSyncRun *run,
                            guint       attempts)
{
  InvSyncEngine *self = run->engine;
  gint64 blocked = _inv_sync_run_rate_limit_wait_ms (run);

  if (blocked > 0)
    return blocked;

  return MAX (inv_outbox_backoff_delay (MAX (attempts, 1), self->backoff_base_ms,
                                        self->backoff_max_ms, g_rand_double (self->rand)), 1);
}

gboolean
_inv_sync_engine_beyond_horizon (InvSyncEngine *self,
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
  InvSyncIndicator told = self->told;

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
void
_inv_sync_engine_update_indicator (InvSyncEngine *self)
{
  InvSyncIndicator *shown = &self->shown;
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

static gboolean
refresh_counts_cb (gpointer data)
{
  InvSyncEngine *self = data;

  self->counts_id = 0;

  if (self->counts_dirty)
    {
      self->counts_dirty = FALSE;
      _inv_sync_engine_refresh_counts (self);
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

  _inv_sync_engine_refresh_counts (self);
  self->counts_id = g_timeout_add (1000, refresh_counts_cb, self);
}

static gboolean
held_ended_cb (gpointer data)
{
  InvSyncEngine *self = data;

  self->held_id = 0;
  _inv_sync_engine_refresh_counts (self);

  return G_SOURCE_REMOVE;
}

/* Runs */

static void
run_free (InvSyncRun *run)
{
  g_assert (g_queue_is_empty (&run->waiting_ops));

  g_clear_handle_id (&run->wait_id, g_source_remove);
  g_queue_clear_full (&run->queue, (GDestroyNotify)inv_outbox_entry_free);
  g_clear_pointer (&run->in_flight, g_hash_table_unref);
  g_clear_pointer (&run->tests, g_ptr_array_unref);
  g_clear_pointer (&run->pages, inv_service_pages_unref);
  g_clear_pointer (&run->tasks, g_ptr_array_unref);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->client);
  g_clear_error (&run->error);
  g_free (run);
}

void
_inv_sync_run_finish (InvSyncRun *run)
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
    _inv_sync_log_db_error ("Counting the outbox", error);

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

  _inv_sync_engine_refresh_counts (self);

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
  InvSyncRun *run;

  g_assert (self->run == NULL);

  run = g_new0 (InvSyncRun, 1);
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
  _inv_sync_engine_refresh_counts (self);

  g_clear_handle_id (&self->timer_id, g_source_remove);

  if (self->client == NULL)
    {
      run->error = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_INVALID_URL,
                                _("No invitation service is set up"));
      _inv_sync_run_finish (run);
      return;
    }

  if (self->api_key == NULL || *self->api_key == '\0')
    {
      run->error = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_NO_KEY,
                                _("No API key is set for the invitation service"));
      _inv_sync_run_finish (run);
      return;
    }

  run->client = g_object_ref (self->client);
  inv_service_client_set_api_key (run->client, self->api_key);
  run->started_at = g_get_monotonic_time ();
  run->requests_before = inv_service_client_get_n_requests (run->client);
  run->rate_limited_before = inv_service_client_get_n_rate_limited (run->client);

  _inv_sync_run_pump (run);
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
      _inv_sync_engine_set_interval (self, g_value_get_uint (value));
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

  _inv_sync_engine_refresh_counts (self);
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
  self->max_run_requests = DEFAULT_MAX_RUN_REQUESTS;
  self->max_run_rate_limited = DEFAULT_MAX_RUN_RATE_LIMITED;
  self->max_run_seconds = DEFAULT_MAX_RUN_SECONDS;
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

/**
 * _inv_sync_engine_set_interval:
 * @seconds: time between periodic syncs while started and online; 0 for none
 */
void
_inv_sync_engine_set_interval (InvSyncEngine *self,
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
 * _inv_sync_engine_set_backoff:
 * @base_ms: the wait after a row's first transient failure; it doubles with each one
 * @max_ms: the longest wait
 *
 * Reads (the pull's, and the read back of an operation whose answer was lost) wait
 * the same way between tries.
 */
void
_inv_sync_engine_set_backoff (InvSyncEngine *self,
                              guint          base_ms,
                              guint          max_ms)
{
  g_return_if_fail (INV_IS_SYNC_ENGINE (self));
  g_return_if_fail (base_ms > 0 && max_ms >= base_ms);

  self->backoff_base_ms = base_ms;
  self->backoff_max_ms = max_ms;
}

/**
 * _inv_sync_engine_set_retry_horizon:
 * @seconds: within one sync, rows and reads whose backoff (or whose
 *   service-requested wait) ends within this time are waited for and retried; later
 *   ones are left for the next sync
 */
void
_inv_sync_engine_set_retry_horizon (InvSyncEngine *self,
                                    guint          seconds)
{
  g_return_if_fail (INV_IS_SYNC_ENGINE (self));

  self->retry_horizon = seconds;
}

/**
 * _inv_sync_engine_set_run_limits:
 * @max_requests: the most requests one sync sends
 * @max_rate_limited: the most 429s one sync meets
 * @max_seconds: the longest one sync sends new requests
 *
 * Past any of these, a sync sends nothing more and ends with
 * %INV_SERVICE_ERROR_LIMIT; what is left waits for the next sync.
 */
void
_inv_sync_engine_set_run_limits (InvSyncEngine *self,
                                 guint          max_requests,
                                 guint          max_rate_limited,
                                 guint          max_seconds)
{
  g_return_if_fail (INV_IS_SYNC_ENGINE (self));
  g_return_if_fail (max_requests > 0 && max_rate_limited > 0 && max_seconds > 0);

  self->max_run_requests = max_requests;
  self->max_run_rate_limited = max_rate_limited;
  self->max_run_seconds = max_seconds;
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
      InvSyncRun *run = self->run;

      g_cancellable_cancel (run->cancellable);
      /* Reads waiting to be tried again end at once; their rows stay queued. */
      _inv_sync_run_wake_waiting_ops (run);

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
              _inv_sync_run_finish (run);
            }
          else
            _inv_sync_run_pump (run);
        }
    }
}

/**
 * _inv_sync_engine_refresh_counts:
 *
 * Reads the counts of the sync indicator again.
 */
void
_inv_sync_engine_refresh_counts (InvSyncEngine *self)
{
  g_autoptr(GError) error = NULL;
  InvOutboxCounts counts;
  gint64 now_ms;

  g_return_if_fail (INV_IS_SYNC_ENGINE (self));

  now_ms = g_get_real_time () / 1000;
  if (!inv_outbox_count (self->database, now_ms / 1000, &counts, &error))
    {
      _inv_sync_log_db_error ("Counting the outbox", error);
      return;
    }

  self->counts = counts;
  _inv_sync_engine_update_indicator (self);

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
      /* A key that is there but cannot be sent is not the keyring's fault. */
      set_last_error (self, g_error_matches (error, INV_CREDENTIALS_ERROR, INV_CREDENTIALS_ERROR_INVALID_KEY)
                              ? error->message : _("The keyring could not be read"));
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

/* inv-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-session"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-cancel.h"
#include "inv-change-hub.h"
#include "inv-outbox.h"
#include "inv-session.h"

/* How often the file is checked for another process's commits (the command line
 * cancelling or syncing while the window is open). One cheap pragma. */
#define EXTERNAL_CHECK_SECONDS 1

struct _InvSession
{
  GObject            parent_instance;

  InvDatabase       *database;   /* owned */
  GSettings         *settings;   /* owned, nullable (tests, benchmarks) */
  InvDatabaseWorker *worker;     /* owned: the views' reads */
  InvDatabaseWorker *bulk_worker; /* owned: bulk jobs, beside the reads */
  InvSyncEngine     *engine;     /* owned */
  InvChangeHub      *hub;        /* owned */

  gboolean           started;
  guint              external_check_id;

  GSimpleAction     *undo_cancel_action;  /* owned: "undo-cancel", a batch id */
  GSimpleAction     *undo_action;         /* owned: "undo", the newest undoable batch */
  GCancellable      *cancellable;         /* owned: undos on their way */

  gint64             undo_batch_id;
  gint64             undo_until;
  guint              undo_count;
  guint              undo_expiry_id;
};

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_SETTINGS,
  PROP_UNDO_BATCH_ID,
  PROP_UNDO_UNTIL,
  PROP_UNDO_COUNT,
  N_PROPS
};

enum {
  CHANGED,
  UNDO_FINISHED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (InvSession, inv_session, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void refresh_undo (InvSession *self);

static gboolean
undo_expired_cb (gpointer user_data)
{
  InvSession *self = user_data;

  self->undo_expiry_id = 0;
  refresh_undo (self);

  return G_SOURCE_REMOVE;
}

/* What Ctrl+Z would undo, read from the store so that it is right whoever cancelled
 * and whichever page is open. */
static void
refresh_undo (InvSession *self)
{
  gint64 now = inv_database_now ();
  gint64 batch_id = 0;
  gint64 until = 0;
  guint count = 0;

  g_clear_handle_id (&self->undo_expiry_id, g_source_remove);

  if (!inv_cancel_find_last_undoable (self->database, now, &batch_id, &until, &count))
    {
      batch_id = 0;
      until = 0;
      count = 0;
    }

  g_object_freeze_notify (G_OBJECT (self));

  if (self->undo_batch_id != batch_id)
    {
      self->undo_batch_id = batch_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_BATCH_ID]);
    }

  if (self->undo_until != until)
    {
      self->undo_until = until;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_UNTIL]);
    }

  if (self->undo_count != count)
    {
      self->undo_count = count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_COUNT]);
    }

  g_object_thaw_notify (G_OBJECT (self));

  g_simple_action_set_enabled (self->undo_action, batch_id != 0);

  if (batch_id != 0)
    self->undo_expiry_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT,
                                                       (guint)MAX (until - now, 1),
                                                       undo_expired_cb, self, NULL);
}

static void
undo_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(InvSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree guint *n_restored = NULL;

  n_restored = inv_bulk_job_run_finish (INV_BULK_JOB (object), result, &error);
  if (n_restored == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_signal_emit (self, signals[UNDO_FINISHED], 0, 0, error->message);
      return;
    }

  g_signal_emit (self, signals[UNDO_FINISHED], 0, *n_restored, NULL);
}

static void
undo_batch (InvSession *self,
            gint64      batch_id)
{
  g_autoptr(InvBulkJob) job = inv_cancel_undo_job_new (batch_id);

  inv_bulk_job_run_async (job, self->bulk_worker, self->cancellable, undo_done_cb, g_object_ref (self));
}

static void
undo_cancel_activate_cb (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  undo_batch (INV_SESSION (user_data), g_variant_get_int64 (parameter));
}

static void
undo_activate_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  InvSession *self = user_data;

  if (self->undo_batch_id != 0)
    undo_batch (self, self->undo_batch_id);
}

static void
hub_changed_cb (InvSession   *self,
                InvChangeSet *changes)
{
  if (inv_change_set_has (changes, INV_CHANGE_OUTBOX))
    refresh_undo (self);

  g_signal_emit (self, signals[CHANGED], 0, changes);
}

static gboolean
external_check_cb (gpointer user_data)
{
  InvSession *self = user_data;

  inv_session_check_external_changes (self);

  return G_SOURCE_CONTINUE;
}

static gpointer
update_sort_keys_job (InvDatabase   *database,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  gint64 started = g_get_monotonic_time ();

  if (!inv_database_update_sort_keys (database, cancellable, error))
    return NULL;

  g_debug ("Names sorted anew for the session's language in %.2f s",
           (g_get_monotonic_time () - started) / 1e6);

  return GINT_TO_POINTER (TRUE);
}

static void
sort_keys_updated_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The lists stay in the order of the keys there are; the next start tries again. */
  if (!inv_database_worker_run_finish (INV_DATABASE_WORKER (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not sort the names for this language: %s", error->message);
}

static void
inv_session_constructed (GObject *object)
{
  InvSession *self = (InvSession *)object;

  G_OBJECT_CLASS (inv_session_parent_class)->constructed (object);

  g_assert (INV_IS_DATABASE (self->database));

  self->hub = g_object_ref (inv_database_get_change_hub (self->database));
  self->worker = inv_database_worker_new (inv_database_get_path (self->database));
  self->bulk_worker = inv_database_worker_new (inv_database_get_path (self->database));
  self->engine = inv_sync_engine_new (self->database);
  if (self->settings != NULL)
    inv_sync_engine_bind_settings (self->engine, self->settings);

  g_signal_connect_object (self->hub, "changed", G_CALLBACK (hub_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->cancellable = g_cancellable_new ();
  self->undo_cancel_action = g_simple_action_new ("undo-cancel", G_VARIANT_TYPE_INT64);
  g_signal_connect_object (self->undo_cancel_action, "activate",
                           G_CALLBACK (undo_cancel_activate_cb), self, 0);
  self->undo_action = g_simple_action_new ("undo", NULL);
  g_signal_connect_object (self->undo_action, "activate", G_CALLBACK (undo_activate_cb), self, 0);

  refresh_undo (self);

  /* Opened in another language (or with other ICU rules) than the one its names were
   * sorted for: the bulk worker makes their sort keys anew while the lists show the
   * old order, and the lists follow its commit like any other change. */
  if (!inv_database_sort_keys_are_current (self->database))
    inv_database_worker_run_async (self->bulk_worker, update_sort_keys_job, NULL, NULL, NULL,
                                   self->cancellable, sort_keys_updated_cb, NULL);
}

static void
inv_session_dispose (GObject *object)
{
  InvSession *self = (InvSession *)object;

  inv_session_stop (self);
  g_clear_handle_id (&self->undo_expiry_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (inv_session_parent_class)->dispose (object);
}

static void
inv_session_finalize (GObject *object)
{
  InvSession *self = (InvSession *)object;

  g_clear_object (&self->undo_cancel_action);
  g_clear_object (&self->undo_action);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->engine);
  g_clear_object (&self->worker);
  g_clear_object (&self->bulk_worker);
  g_clear_object (&self->hub);
  g_clear_object (&self->settings);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (inv_session_parent_class)->finalize (object);
}

static void
inv_session_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  InvSession *self = INV_SESSION (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_UNDO_BATCH_ID:
      g_value_set_int64 (value, self->undo_batch_id);
      break;

    case PROP_UNDO_UNTIL:
      g_value_set_int64 (value, self->undo_until);
      break;

    case PROP_UNDO_COUNT:
      g_value_set_uint (value, self->undo_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_session_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  InvSession *self = INV_SESSION (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->database = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_session_class_init (InvSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = inv_session_constructed;
  object_class->dispose = inv_session_dispose;
  object_class->finalize = inv_session_finalize;
  object_class->get_property = inv_session_get_property;
  object_class->set_property = inv_session_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         INV_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * InvSession:undo-batch-id:
   *
   * The newest cancel that can still be undone, or 0.
   */
  properties[PROP_UNDO_BATCH_ID] =
    g_param_spec_int64 ("undo-batch-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_UNDO_UNTIL] =
    g_param_spec_int64 ("undo-until", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_UNDO_COUNT] =
    g_param_spec_uint ("undo-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * InvSession::changed:
   * @changes: (transfer none): what was committed since the last emission
   *
   * Emitted on the main context after commits to the database, by this process or
   * (with inv_change_set_get_external() set) another one.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, INV_TYPE_CHANGE_SET | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * InvSession::undo-finished:
   * @n_restored: how many invitations got their previous state back
   * @error_message: (nullable): why nothing was undone (the batch was sent already)
   *
   * Emitted when an undo started through the "undo-cancel" or "undo" action ends.
   */
  signals[UNDO_FINISHED] =
    g_signal_new ("undo-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
inv_session_init (InvSession *self)
{
}

/**
 * inv_session_new:
 * @database: the open database
 * @settings: (nullable): the app's settings; without them the engine keeps its
 *   defaults and has no service
 *
 * Returns: (transfer full): a new session; call inv_session_start() to sync and to
 *   watch the file for other processes' changes
 */
InvSession *
inv_session_new (InvDatabase *database,
                 GSettings   *settings)
{
  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (INV_TYPE_SESSION,
                       "database", database,
                       "settings", settings,
                       NULL);
}

InvDatabase *
inv_session_get_database (InvSession *self)
{
  g_return_val_if_fail (INV_IS_SESSION (self), NULL);

  return self->database;
}

/**
 * inv_session_get_worker:
 *
 * Returns: (transfer none): the thread that reads the database for views, with its
 *   own connection
 */
InvDatabaseWorker *
inv_session_get_worker (InvSession *self)
{
  g_return_val_if_fail (INV_IS_SESSION (self), NULL);

  return self->worker;
}

/**
 * inv_session_get_bulk_worker:
 *
 * Bulk jobs (cancel, invite, import, demo data) run here, on a thread and connection of
 * their own: the lists go on reading on the other worker meanwhile (WAL lets them), and
 * a cancel's preview does not wait behind a list's counts.
 *
 * Returns: (transfer none): the thread for #InvBulkJob<!-- -->s
 */
InvDatabaseWorker *
inv_session_get_bulk_worker (InvSession *self)
{
  g_return_val_if_fail (INV_IS_SESSION (self), NULL);

  return self->bulk_worker;
}

InvSyncEngine *
inv_session_get_sync_engine (InvSession *self)
{
  g_return_val_if_fail (INV_IS_SESSION (self), NULL);

  return self->engine;
}

/**
 * inv_session_get_settings:
 *
 * Returns: (transfer none) (nullable): the app's settings
 */
GSettings *
inv_session_get_settings (InvSession *self)
{
  g_return_val_if_fail (INV_IS_SESSION (self), NULL);

  return self->settings;
}

/**
 * inv_session_start:
 *
 * Starts the sync engine and the watch for other processes' changes.
 */
void
inv_session_start (InvSession *self)
{
  g_return_if_fail (INV_IS_SESSION (self));

  if (self->started)
    return;

  self->started = TRUE;
  inv_sync_engine_start (self->engine);

  /* What happened before the watch started is already in what the window reads. */
  inv_database_check_data_version (self->database);
  self->external_check_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT_IDLE,
                                                        EXTERNAL_CHECK_SECONDS,
                                                        external_check_cb, self, NULL);
}

/**
 * inv_session_stop:
 *
 * Stops syncing (rows on their way stay queued) and watching the file.
 */
void
inv_session_stop (InvSession *self)
{
  g_return_if_fail (INV_IS_SESSION (self));

  if (!self->started)
    return;

  self->started = FALSE;
  g_clear_handle_id (&self->external_check_id, g_source_remove);
  inv_sync_engine_stop (self->engine);
}

/**
 * inv_session_check_external_changes:
 *
 * Checks now whether the file changed under this process (the window calls it when
 * it gets the focus back). Such a change is announced like any other, as "many" of
 * every kind and marked external, since SQLite cannot tell which rows another
 * process wrote. A commit of another connection of this process looks the same
 * from here, so it may be announced twice; a list reads its rows again then, and
 * nothing is missed.
 */
void
inv_session_check_external_changes (InvSession *self)
{
  g_autoptr(InvChangeSet) changes = NULL;

  g_return_if_fail (INV_IS_SESSION (self));

  if (!inv_database_check_data_version (self->database))
    return;

  changes = inv_change_set_new ();
  inv_change_set_add_many (changes, INV_CHANGE_ALL);
  inv_change_set_set_external (changes, TRUE);
  inv_change_hub_publish (self->hub, changes);
}

/**
 * inv_session_add_actions:
 * @map: where to add them, the application
 *
 * Adds the session's actions: "undo-cancel" (an int64 batch id, what a cancel's toast
 * activates; it works whatever page is open, and after the page that cancelled is
 * gone) and "undo" (the newest cancel that can still be undone; disabled when there
 * is none). Their outcome is the "undo-finished" signal.
 */
void
inv_session_add_actions (InvSession *self,
                         GActionMap *map)
{
  g_return_if_fail (INV_IS_SESSION (self));
  g_return_if_fail (G_IS_ACTION_MAP (map));

  g_action_map_add_action (map, G_ACTION (self->undo_cancel_action));
  g_action_map_add_action (map, G_ACTION (self->undo_action));
}

/* ---- Sending what is queued before the app exits ------------------------------ */

typedef struct
{
  InvSession *session;          /* unowned: the task holds it */
  guint       attention_before; /* failed and conflicting rows when the wait began */
  guint       timeout_id;
  gulong      changed_handler;
  gulong      syncing_handler;
  gboolean    returned;
} SendQueued;

static void
send_queued_free (SendQueued *data)
{
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  g_clear_signal_handler (&data->changed_handler, data->session->hub);
  g_clear_signal_handler (&data->syncing_handler, data->session->engine);
  g_free (data);
}

static guint
count_attention (InvSession *self)
{
  InvOutboxCounts counts;

  if (!inv_outbox_count (self->database, inv_database_now (), &counts, NULL))
    return 0;

  return counts.failed + counts.conflicts;
}

/* Done once nothing queued could still be sent: every row was confirmed, refused or
 * is behind a refused one. */
static void
send_queued_check (GTask *task)
{
  SendQueued *data = g_task_get_task_data (task);
  InvSession *self = data->session;
  guint attention;

  if (data->returned || inv_outbox_get_next_due_time (self->database) != 0)
    return;

  data->returned = TRUE;
  attention = count_attention (self);
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  g_clear_signal_handler (&data->changed_handler, self->hub);
  g_clear_signal_handler (&data->syncing_handler, self->engine);

  if (attention > data->attention_before)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "The service refused %'u change; it is listed on the Sync page",
                                          "The service refused %'u changes; they are listed on the Sync page",
                                          attention - data->attention_before),
                             attention - data->attention_before);
  else
    g_task_return_boolean (task, TRUE);
}

static void
send_queued_changed_cb (GTask        *task,
                        InvChangeSet *changes)
{
  if (inv_change_set_has (changes, INV_CHANGE_OUTBOX))
    send_queued_check (task);
}

static void
send_queued_syncing_cb (GTask      *task,
                        GParamSpec *pspec)
{
  send_queued_check (task);
}

static gboolean
send_queued_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  SendQueued *data = g_task_get_task_data (task);
  guint64 n_left = 0;

  data->timeout_id = 0;
  g_clear_signal_handler (&data->changed_handler, data->session->hub);
  g_clear_signal_handler (&data->syncing_handler, data->session->engine);

  if (!data->returned)
    {
      data->returned = TRUE;
      n_left = inv_sync_engine_get_n_held (data->session->engine) +
               inv_sync_engine_get_n_waiting (data->session->engine);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "%'u change could not be sent yet; it will be sent the next time Invitations starts",
                                            "%'u changes could not be sent yet; they will be sent the next time Invitations starts",
                                            (guint)n_left),
                               (guint)n_left);
    }

  return G_SOURCE_REMOVE;
}

/**
 * inv_session_has_queued:
 *
 * Returns: %TRUE while changes are queued that the sync engine could still send
 *   (held ones included)
 */
gboolean
inv_session_has_queued (InvSession *self)
{
  g_return_val_if_fail (INV_IS_SESSION (self), FALSE);

  return inv_outbox_get_next_due_time (self->database) != 0;
}

/**
 * inv_session_can_send:
 *
 * Returns: %TRUE when the engine has a service, a key and the network, so that
 *   waiting for it to send makes sense
 */
gboolean
inv_session_can_send (InvSession *self)
{
  g_return_val_if_fail (INV_IS_SESSION (self), FALSE);

  return self->started &&
         inv_sync_engine_get_service_url (self->engine) != NULL &&
         !inv_sync_engine_get_needs_key (self->engine) &&
         g_network_monitor_get_network_available (g_network_monitor_get_default ());
}

/**
 * inv_session_send_queued_async:
 * @max_seconds: how long to wait at most
 *
 * Waits until the sync engine has sent every queued change it can (held cancels once
 * their undo period ends), for at most @max_seconds: what the app does when its last
 * window closes, so that a cancel confirmed a moment before is not left behind.
 */
void
inv_session_send_queued_async (InvSession          *self,
                               guint                max_seconds,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SendQueued *data;

  g_return_if_fail (INV_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, inv_session_send_queued_async);

  data = g_new0 (SendQueued, 1);
  data->session = self;
  data->attention_before = count_attention (self);
  g_task_set_task_data (task, data, (GDestroyNotify)send_queued_free);

  if (!inv_session_can_send (self))
    {
      data->returned = TRUE;
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE,
                               _("The invitation service cannot be reached; queued changes will be sent the next time Invitations starts"));
      return;
    }

  data->changed_handler = g_signal_connect_object (self->hub, "changed",
                                                   G_CALLBACK (send_queued_changed_cb), task,
                                                   G_CONNECT_SWAPPED);
  data->syncing_handler = g_signal_connect_object (self->engine, "notify::syncing",
                                                   G_CALLBACK (send_queued_syncing_cb), task,
                                                   G_CONNECT_SWAPPED);
  data->timeout_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, MAX (max_seconds, 1),
                                                 send_queued_timeout_cb, g_object_ref (task),
                                                 g_object_unref);

  /* Rows due now go at once; held ones when their period ends (the engine's plan). */
  if (!inv_sync_engine_get_syncing (self->engine))
    inv_sync_engine_sync_async (self->engine, INV_SYNC_FLAGS_NONE, NULL, NULL, NULL);

  send_queued_check (task);
}

/**
 * inv_session_send_queued_finish:
 *
 * Returns: %TRUE when everything was sent; %FALSE with @error saying what was left
 *   (not sent in time, refused, or no service to send to)
 */
gboolean
inv_session_send_queued_finish (InvSession    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gint64
inv_session_get_undo_batch_id (InvSession *self)
{
  g_return_val_if_fail (INV_IS_SESSION (self), 0);

  return self->undo_batch_id;
}

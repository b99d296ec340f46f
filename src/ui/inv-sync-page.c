/* inv-sync-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Sync page: the sync indicator (in progress, last synced), the changes made here
 * by where they are (held for undo, waiting, sending, failed, conflicting), the
 * conflicts with their reasons, and the operations the service refused, with Retry and
 * Discard. The counts follow the sync engine's properties and the lists follow the
 * store's announcements, so the page is never reloaded by hand.
 */

#define G_LOG_DOMAIN "inv-sync-page"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-credentials.h"
#include "inv-parent-window.h"
#include "inv-preferences-window.h"
#include "inv-status.h"
#include "inv-sync-page.h"

/* More rows than this in one group are summarised: the page stays quick even when a
 * whole bulk action was refused. */
#define MAX_ROWS 200

struct _InvSyncPage
{
  AdwBin                parent_instance;

  InvSession           *session;     /* owned */
  InvSyncEngine        *engine;      /* owned, the session's */
  GPtrArray            *rows;        /* GtkWidget, the rows added to the two lists */
  guint                 clock_id;
  guint                 countdown_id; /* the next second of "Sends in", while rows are held */

  AdwPreferencesGroup  *status_group;
  AdwActionRow         *state_row;
  GtkSpinner           *spinner;
  AdwActionRow         *setup_row;
  AdwActionRow         *held_row;
  GtkLabel             *held_label;
  AdwActionRow         *waiting_row;
  GtkLabel             *waiting_label;
  AdwActionRow         *sending_row;
  GtkLabel             *sending_label;
  GtkLabel             *failed_label;
  GtkLabel             *conflicts_label;
  AdwPreferencesGroup  *conflicts_group;
  AdwPreferencesGroup  *failed_group;
};

G_DEFINE_FINAL_TYPE (InvSyncPage, inv_sync_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
describe_last_synced (gint64 last_synced)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan ago;

  if (last_synced <= 0)
    return g_strdup (_("Never synced"));

  then = g_date_time_new_from_unix_local (last_synced);
  now = g_date_time_new_now_local ();
  ago = g_date_time_difference (now, then) / G_TIME_SPAN_MINUTE;

  if (ago < 1)
    return g_strdup (_("Last synced just now"));

  if (ago < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last synced %d minute ago",
                                         "Last synced %d minutes ago", ago),
                            (int)ago);

  if (ago < 24 * 60)
    {
      /* Translators: the time of the last sync today, as in "Last synced at 14:05";
       * see g_date_time_format(), e.g. "%l:%M %p" for a 12-hour clock */
      g_autofree char *time = g_date_time_format (then, C_("time of day", "%H:%M"));
      return g_strdup_printf (_("Last synced at %s"), time);
    }

  {
    g_autofree char *date = g_date_time_format (then, "%x");
    return g_strdup_printf (_("Last synced on %s"), date);
  }
}

static void
set_count (GtkLabel *label,
           guint     n)
{
  /* With the locale's digit grouping: 12,345 queued changes read at a glance. */
  g_autofree char *text = g_strdup_printf ("%'u", n);

  gtk_label_set_label (label, text);
}

static void
set_css_class (GtkWidget  *widget,
               const char *css_class,
               gboolean    set)
{
  if (set)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

static gboolean countdown_cb (gpointer data);

/* The held row counts down to the end of the earliest undo period, one tick as each
 * displayed second ends; the ticks stop when nothing is held or nobody sees the page. */
static void
update_held (InvSyncPage *self)
{
  guint n_held = inv_sync_engine_get_n_held (self->engine);
  gint64 next_send_time = inv_sync_engine_get_next_send_time (self->engine);
  g_autofree char *subtitle = NULL;
  gint64 remaining_us;
  gint64 seconds;
  gint64 delay_ms;

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  set_count (self->held_label, n_held);

  if (n_held == 0 || next_send_time <= 0)
    {
      adw_action_row_set_subtitle (self->held_row, _("Cancellations wait here while they can be undone"));
      return;
    }

  remaining_us = next_send_time * G_USEC_PER_SEC - g_get_real_time ();
  seconds = remaining_us > 0 ? (remaining_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC : 0;

  if (n_held == 1)
    /* TRANSLATORS: a countdown, in seconds ("s"), to when a held change is sent */
    subtitle = g_strdup_printf (_("Sends in %'u s"), (guint)MIN (seconds, G_MAXUINT));
  else
    /* TRANSLATORS: a countdown, in seconds ("s"), to when the first of several held
     * changes is sent; the others may go at the same time or later */
    subtitle = g_strdup_printf (_("Sending starts in %'u s"), (guint)MIN (seconds, G_MAXUINT));
  adw_action_row_set_subtitle (self->held_row, subtitle);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  /* Past the end, the engine's own count moves the row on; until then, keep ticking
   * so that a late count never leaves a frozen "0 s". */
  delay_ms = remaining_us > 0 ? (remaining_us - (seconds - 1) * G_USEC_PER_SEC) / 1000 + 1 : 1000;
  self->countdown_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint)CLAMP (delay_ms, 1, 1000),
                                           countdown_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->countdown_id),
                            "[inv] sync page countdown");
}

static gboolean
countdown_cb (gpointer data)
{
  InvSyncPage *self = data;

  self->countdown_id = 0;
  update_held (self);

  return G_SOURCE_REMOVE;
}

static void
update_status (InvSyncPage *self)
{
  InvSyncEngine *engine = self->engine;
  gboolean configured = inv_sync_engine_get_service_url (engine) != NULL;
  gboolean syncing = inv_sync_engine_get_syncing (engine);
  InvSyncKeyProblem key_problem = inv_sync_engine_get_key_problem (engine);
  gboolean needs_key = key_problem != INV_SYNC_KEY_PROBLEM_NONE;
  guint n_sending = inv_sync_engine_get_n_sending (engine);
  guint n_failed = inv_sync_engine_get_n_failed (engine);
  guint n_conflicts = inv_sync_engine_get_n_conflicts (engine);
  const char *error = inv_sync_engine_get_last_error (engine);
  g_autofree char *text = NULL;
  const char *waiting;

  if (syncing)
    text = g_strdup (_("Syncing…"));
  else if (!configured)
    text = g_strdup (_("Not set up: everything stays on this computer"));
  else if (key_problem == INV_SYNC_KEY_PROBLEM_MISSING)
    /* TRANSLATORS: %s is the name of an environment variable, INVITATIONS_API_KEY */
    text = g_strdup_printf (_("No API key is stored for this service: enter it in Preferences, or set %s"),
                            INV_CREDENTIALS_KEY_VARIABLE);
  else if (key_problem == INV_SYNC_KEY_PROBLEM_REFUSED)
    text = g_strdup (_("Paused: the service refused the API key"));
  else if (error != NULL)
    {
      g_autofree char *last = describe_last_synced (inv_sync_engine_get_last_synced (engine));
      /* TRANSLATORS: "Last synced 5 minutes ago. The last sync failed: <reason>" */
      text = g_strdup_printf (_("%s. The last sync failed: %s"), last, error);
    }
  else
    text = describe_last_synced (inv_sync_engine_get_last_synced (engine));

  adw_action_row_set_subtitle (self->state_row, text);
  gtk_spinner_set_spinning (self->spinner, syncing);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), syncing);

  gtk_widget_set_visible (GTK_WIDGET (self->setup_row), !configured || needs_key);
  if (!configured)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->setup_row), _("Set Up the Invitation Service"));
      adw_action_row_set_subtitle (self->setup_row, _("Enter its address and your API key"));
    }
  else if (key_problem == INV_SYNC_KEY_PROBLEM_MISSING)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->setup_row), _("Enter the API Key"));
      adw_action_row_set_subtitle (self->setup_row,
                                   _("Nothing is lost: changes wait until a key is entered."));
    }
  else if (key_problem == INV_SYNC_KEY_PROBLEM_REFUSED)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->setup_row), _("Enter a New API Key"));
      adw_action_row_set_subtitle (self->setup_row,
                                   _("The service refused the key. Nothing is lost: changes wait until a new key is entered."));
    }

  update_held (self);

  /* Why what waits is not on its way, most fundamental first. */
  if (!configured)
    waiting = _("Not set up: everything stays on this computer");
  else if (needs_key)
    waiting = _("Waiting for an API key");
  else if (!inv_sync_engine_get_online (engine))
    waiting = _("Waiting for network");
  else
    waiting = _("Queued for the service");
  set_count (self->waiting_label, inv_sync_engine_get_n_waiting (engine));
  adw_action_row_set_subtitle (self->waiting_row, waiting);

  set_count (self->sending_label, n_sending);
  gtk_widget_set_visible (GTK_WIDGET (self->sending_row), n_sending > 0 || syncing);

  set_count (self->failed_label, n_failed);
  set_count (self->conflicts_label, n_conflicts);
  /* What waits for a person stands out; the rows' titles say which it is. */
  set_css_class (GTK_WIDGET (self->failed_label), "error", n_failed > 0);
  set_css_class (GTK_WIDGET (self->conflicts_label), "warning", n_conflicts > 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.now", configured && !needs_key && !syncing);
}

static const char *
operation_label (InvOutboxKind kind)
{
  switch (kind)
    {
    case INV_OUTBOX_CREATE: return _("Invite");
    case INV_OUTBOX_CANCEL: return _("Cancel");
    case INV_OUTBOX_REINVITE: return _("Re-invite");
    case INV_OUTBOX_REATTEMPT: return _("Reattempt");
    case INV_OUTBOX_ERASE: return _("Erase candidate data");
    case INV_N_OUTBOX_KINDS:
    default: return _("Change");
    }
}

static GtkWidget *
row_button (const char *label,
            const char *action,
            gint64      outbox_id,
            const char *accessible_label)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", outbox_id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);

  return button;
}

static GtkWidget *
attention_row_new (const InvSyncAttentionItem *item)
{
  const InvOutboxEntry *entry = item->entry;
  const char *who = item->candidate_name != NULL && *item->candidate_name ? item->candidate_name
                    : item->email != NULL ? item->email : _("Unknown candidate");
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  /* TRANSLATORS: "Cancel: Jo Example" — an operation and whom it concerns */
  title = g_strdup_printf (_("%s: %s"), operation_label (entry->kind), who);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

  if (item->template_name != NULL)
    subtitle = g_strdup_printf ("%s — %s", entry->last_error != NULL ? entry->last_error : "",
                                item->template_name);
  else
    subtitle = g_strdup (entry->last_error != NULL ? entry->last_error : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (entry->state == INV_OUTBOX_STATE_CONFLICT)
    {
      g_autofree char *dismiss = g_strdup_printf (_("Dismiss the conflict of %s"), who);
      GtkWidget *status = gtk_label_new (item->status != NULL
                                         ? inv_status_get_label (inv_status_from_string (item->status))
                                         : NULL);

      gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (status, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (_("Dismiss"), "sync.discard", entry->id, dismiss));
    }
  else
    {
      g_autofree char *retry = g_strdup_printf (_("Retry: %s"), title);
      g_autofree char *discard = g_strdup_printf (_("Discard: %s"), title);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (_("Retry"), "sync.retry", entry->id, retry));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (_("Discard"), "sync.discard", entry->id, discard));
    }

  return row;
}

static void
clear_rows (InvSyncPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }

  g_ptr_array_set_size (self->rows, 0);
}

static void
add_more_row (InvSyncPage         *self,
              AdwPreferencesGroup *group,
              guint                n_more)
{
  g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %'u more", "And %'u more", n_more),
                                            n_more);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static void
reload_lists (InvSyncPage *self)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint n_conflicts = 0;
  guint n_failed = 0;

  clear_rows (self);

  items = inv_sync_engine_list_attention (self->engine, &error);
  if (items == NULL)
    {
      g_warning ("Could not list the operations that need attention: %s", error->message);
      items = g_ptr_array_new ();
    }

  for (guint i = 0; i < items->len; i++)
    {
      const InvSyncAttentionItem *item = g_ptr_array_index (items, i);
      gboolean conflict = item->entry->state == INV_OUTBOX_STATE_CONFLICT;
      guint *n = conflict ? &n_conflicts : &n_failed;
      AdwPreferencesGroup *group = conflict ? self->conflicts_group : self->failed_group;
      GtkWidget *row;

      if (++*n > MAX_ROWS)
        continue;

      row = attention_row_new (item);
      adw_preferences_group_add (group, row);
      g_ptr_array_add (self->rows, row);
    }

  if (n_conflicts > MAX_ROWS)
    add_more_row (self, self->conflicts_group, n_conflicts - MAX_ROWS);
  if (n_failed > MAX_ROWS)
    add_more_row (self, self->failed_group, n_failed - MAX_ROWS);

  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_group), n_conflicts > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->failed_group), n_failed > 0);
}

/* The lists follow the store: a row that failed, was retried or discarded, here or by
 * another process, and the names and statuses the rows show. */
static void
session_changed_cb (InvSyncPage  *self,
                    InvChangeSet *changes)
{
  if (inv_change_set_has (changes, INV_CHANGE_OUTBOX) ||
      (self->rows->len > 0 &&
       inv_change_set_has (changes, INV_CHANGE_INVITATIONS | INV_CHANGE_CANDIDATES | INV_CHANGE_TEMPLATES)))
    reload_lists (self);
}

static gboolean
clock_cb (gpointer data)
{
  update_status (data);
  return G_SOURCE_CONTINUE;
}

static void
show_error (InvSyncPage  *self,
            const GError *error)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (inv_parent_window (GTK_WIDGET (self)),
                                                       _("Could Not Change the Operation"),
                                                       error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  InvSyncPage *self = INV_SYNC_PAGE (widget);

  inv_sync_engine_sync_async (self->engine, INV_SYNC_FLAGS_NOW, NULL, NULL, NULL);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  InvSyncPage *self = INV_SYNC_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!inv_sync_engine_retry (self->engine, g_variant_get_int64 (parameter), &error))
    show_error (self, error);
  else if (!inv_sync_engine_get_syncing (self->engine))
    inv_sync_engine_sync_async (self->engine, INV_SYNC_FLAGS_NOW, NULL, NULL, NULL);
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  InvSyncPage *self = INV_SYNC_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!inv_sync_engine_discard (self->engine, g_variant_get_int64 (parameter), &error))
    show_error (self, error);
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  InvSyncPage *self = INV_SYNC_PAGE (widget);
  GtkWindow *window;

  window = inv_preferences_window_new (inv_parent_window (widget), self->session);
  inv_preferences_window_show_group (INV_PREFERENCES_WINDOW (window), INV_PREFERENCES_SERVICE);
  gtk_window_present (window);
}

static void
inv_sync_page_constructed (GObject *object)
{
  InvSyncPage *self = INV_SYNC_PAGE (object);

  G_OBJECT_CLASS (inv_sync_page_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));

  self->engine = g_object_ref (inv_session_get_sync_engine (self->session));

  /* The preferences edit the app's settings: a session made without them (a test's)
   * has none to edit. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.preferences",
                                 inv_session_get_settings (self->session) != NULL);

  g_signal_connect_object (self->session, "changed", G_CALLBACK (session_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "notify", G_CALLBACK (update_status),
                           self, G_CONNECT_SWAPPED);

  reload_lists (self);
  update_status (self);

  /* "5 minutes ago" moves on by itself. */
  self->clock_id = g_timeout_add_seconds (30, clock_cb, self);
}

static void
inv_sync_page_dispose (GObject *object)
{
  InvSyncPage *self = INV_SYNC_PAGE (object);

  g_clear_handle_id (&self->clock_id, g_source_remove);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->engine);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (inv_sync_page_parent_class)->dispose (object);
}

static void
inv_sync_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (inv_sync_page_parent_class)->map (widget);

  /* The countdown was left to stand while nobody saw it. */
  update_held (INV_SYNC_PAGE (widget));
}

static void
inv_sync_page_unmap (GtkWidget *widget)
{
  InvSyncPage *self = INV_SYNC_PAGE (widget);

  g_clear_handle_id (&self->countdown_id, g_source_remove);

  GTK_WIDGET_CLASS (inv_sync_page_parent_class)->unmap (widget);
}

static void
inv_sync_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  InvSyncPage *self = INV_SYNC_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_sync_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  InvSyncPage *self = INV_SYNC_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_sync_page_class_init (InvSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = inv_sync_page_constructed;
  object_class->dispose = inv_sync_page_dispose;
  object_class->get_property = inv_sync_page_get_property;
  object_class->set_property = inv_sync_page_set_property;

  widget_class->map = inv_sync_page_map;
  widget_class->unmap = inv_sync_page_unmap;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, InvSyncPage, status_group);
  gtk_widget_class_bind_template_child (widget_class, InvSyncPage, state_row);
  gtk_widget_class_bind_template_child (widget_class, InvSyncPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, InvSyncPage, setup_row);
  gtk_widget_class_bind_template_child (widget_class, InvSyncPage, held_row);
  gtk_widget_class_bind_template_child (widget_class, InvSyncPage, held_label);
  gtk_widget_class_bind_template_child (widget_class, InvSyncPage, waiting_row);
  gtk_widget_class_bind_template_child (widget_class, InvSyncPage, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, InvSyncPage, sending_row);
  gtk_widget_class_bind_template_child (widget_class, InvSyncPage, sending_label);
  gtk_widget_class_bind_template_child (widget_class, InvSyncPage, failed_label);
  gtk_widget_class_bind_template_child (widget_class, InvSyncPage, conflicts_label);
  gtk_widget_class_bind_template_child (widget_class, InvSyncPage, conflicts_group);
  gtk_widget_class_bind_template_child (widget_class, InvSyncPage, failed_group);

  gtk_widget_class_install_action (widget_class, "sync.now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "sync.retry", "x", retry_action);
  gtk_widget_class_install_action (widget_class, "sync.discard", "x", discard_action);
  gtk_widget_class_install_action (widget_class, "sync.preferences", NULL, preferences_action);
}

static void
inv_sync_page_init (InvSyncPage *self)
{
  self->rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * inv_sync_page_new:
 * @session: the app's session; the page shows its sync engine
 *
 * Returns: (transfer floating): the Sync page, for the window's "Sync" sidebar entry
 */
GtkWidget *
inv_sync_page_new (InvSession *session)
{
  g_return_val_if_fail (INV_IS_SESSION (session), NULL);

  return g_object_new (INV_TYPE_SYNC_PAGE, "session", session, NULL);
}

/**
 * inv_sync_page_get_engine:
 *
 * Returns: (transfer none): the engine the page shows
 */
InvSyncEngine *
inv_sync_page_get_engine (InvSyncPage *self)
{
  g_return_val_if_fail (INV_IS_SYNC_PAGE (self), NULL);

  return self->engine;
}

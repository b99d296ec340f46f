/* inv-invitations-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invitations-view"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-invitation-cell.h"
#include "inv-invitation-check.h"
#include "inv-invitation-menu-button.h"
#include "inv-invitation-row.h"
#include "inv-invitations-view-private.h"
#include "inv-outbox.h"
#include "inv-parent-window.h"
#include "inv-row-accessible.h"
#include "inv-sync-engine.h"
#include "inv-toast.h"
#include "inv-window.h"

enum {
  PROP_0,
  PROP_SESSION,
  PROP_TEMPLATE_ID,
  PROP_COMPACT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvInvitationsView, inv_invitations_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

GtkWindow *
_inv_invitations_view_get_window (InvInvitationsView *self)
{
  return inv_parent_window (GTK_WIDGET (self));
}

/* Takes @toast. Inside the main window the window shows it, over everything: the
 * view may be in a template's Invite tab, whose own overlay would be hidden when the
 * person switches tabs. Elsewhere (a test, a benchmark) the view's own overlay does. */
void
_inv_invitations_view_show_toast (InvInvitationsView *self,
                                  AdwToast           *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (INV_IS_WINDOW (root))
    inv_window_add_toast (INV_WINDOW (root), toast);
  else
    inv_toast_overlay_add (self->toast_overlay, toast);
}

/* A message replaces the previous one: it answers what the person just did, and
 * should not wait behind the answer to what they did before. An Undo toast is never
 * replaced this way. */
void
_inv_invitations_view_show_message (InvInvitationsView *self,
                                    const char         *message)
{
  AdwToast *toast = adw_toast_new (message);

  if (self->last_message != NULL)
    adw_toast_dismiss (self->last_message);
  g_set_weak_pointer (&self->last_message, toast);

  adw_toast_set_timeout (toast, 8);
  _inv_invitations_view_show_toast (self, toast);
}

static gboolean
filters_active (InvInvitationsView *self)
{
  return self->query->status != NULL ||
         self->query->search != NULL ||
         (self->template_id == 0 && self->query->template_id != 0);
}

/* ---- Counts and filters ------------------------------------------------------ */

void
_inv_invitations_view_update_bulk_bar (InvInvitationsView *self)
{
  /* The first rows of a search are not the number that matches: no offer to
   * select them all until the rest are in. */
  inv_bulk_bar_set_counts (self->bulk_bar,
                           inv_selection_model_get_n_selected (self->selection),
                           inv_invitation_list_is_partial (self->list)
                           ? 0 : g_list_model_get_n_items (G_LIST_MODEL (self->list)),
                           inv_selection_model_get_all_matching (self->selection));
}

void
_inv_invitations_view_update_actions (InvInvitationsView *self)
{
  guint n_selected = inv_selection_model_get_n_selected (self->selection);
  gboolean partial = inv_invitation_list_is_partial (self->list);

  /* While only the first rows of a search are in, "all matching" has no number yet. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.delete-selected",
                                 n_selected > 0 && !self->busy &&
                                 !(partial && inv_selection_model_get_all_matching (self->selection)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.clear-selection", n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.select-all-matching",
                                 !partial && g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.clear-filters", filters_active (self));
}

void
_inv_invitations_view_update_empty_state (InvInvitationsView *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0;

  if (filters_active (self))
    {
      adw_status_page_set_title (self->empty_page, _("No Invitations Match"));
      adw_status_page_set_description (self->empty_page,
                                       _("No invitation matches the search and filters. Change them, or clear them to see every invitation."));
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->clear_filters_button), TRUE);
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Invitations"));
      adw_status_page_set_description (self->empty_page,
                                       self->template_id != 0
                                       ? _("Nobody has been invited to this interview yet")
                                       : _("Invitations you send, and those synced from your invitation service, appear here"));
      adw_status_page_set_icon_name (self->empty_page, "mail-send-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->clear_filters_button), FALSE);
    }

  gtk_stack_set_visible_child_name (self->stack,
                                    empty ? "empty" : self->compact ? "compact-list" : "list");
}

/* Fills the status filter; @counts is %NULL until the counts are read. */

/* ---- The Sync column ----------------------------------------------------------- */

static gboolean
countdown_cb (gpointer user_data)
{
  InvInvitationsView *self = user_data;
  GHashTableIter iter;
  gpointer cell;

  /* Each update asks for the next tick if it still counts down. */
  self->countdown_id = 0;
  g_hash_table_iter_init (&iter, self->sync_cells);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    inv_invitation_cell_update (cell);

  return G_SOURCE_REMOVE;
}

static void
sync_column_changed_cb (InvInvitationsView *self)
{
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  countdown_cb (self);
}

void
_inv_invitations_view_add_sync_cell (InvInvitationsView *self,
                                     InvInvitationCell  *cell)
{
  g_hash_table_add (self->sync_cells, cell);
}

void
_inv_invitations_view_remove_sync_cell (InvInvitationsView *self,
                                        InvInvitationCell  *cell)
{
  g_hash_table_remove (self->sync_cells, cell);
}

/**
 * _inv_invitations_view_describe_sync_state:
 * @self: (nullable): the view, or %NULL for a cell outside of one
 * @short_label: (out) (optional) (transfer none): a word for the narrow Sync column,
 *   which keeps the returned text for its tooltip
 *
 * What the Sync column says of a row whose change is not on the service yet: when it
 * will be sent ("Sends in 8 s" during the undo period), that it waits for the network,
 * or that it is on its way, rather than only "waiting to sync".
 *
 * Returns: (transfer full): the text
 */
char *
_inv_invitations_view_describe_sync_state (InvInvitationsView  *self,
                                           InvInvitation       *invitation,
                                           const char         **short_label)
{
  InvSyncState state = inv_invitation_get_sync_state (invitation);
  InvSyncEngine *engine;
  gint64 send_at;
  gint64 now;

  if (short_label != NULL)
    *short_label = inv_sync_state_get_short_label (state);

  if (self == NULL || (state != INV_SYNC_STATE_PENDING_CREATE && state != INV_SYNC_STATE_PENDING_CANCEL))
    return g_strdup (inv_sync_state_get_label (state));

  engine = inv_session_get_sync_engine (self->session);
  if (inv_sync_engine_get_service_url (engine) == NULL)
    return g_strdup (inv_sync_state_get_label (state));

  if (!inv_sync_engine_get_online (engine))
    return g_strdup (_("Waiting for network"));

  send_at = inv_outbox_get_send_time (self->database, inv_invitation_get_id (invitation));
  now = inv_database_now ();
  if (send_at > now)
    {
      if (self->countdown_id == 0)
        self->countdown_id = g_timeout_add_seconds (1, countdown_cb, self);

      if (send_at - now <= 120)
        {
          /* Translators: a sync state in a narrow column: a change kept back
           * while it can still be undone */
          if (short_label != NULL)
            *short_label = _("Held");

          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sends in %u s", "Sends in %u s",
                                               (guint)(send_at - now)),
                                  (guint)(send_at - now));
        }
      else
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (send_at);
          g_autofree char *time = g_date_time_format (when, "%X");

          /* Translators: a change backing off after a failure, "Sends at 14:05:10" */
          return g_strdup_printf (_("Sends at %s"), time);
        }
    }

  if (send_at > 0)
    {
      /* Translators: a sync state in a narrow column */
      if (short_label != NULL)
        *short_label = _("Sending");

      return g_strdup (_("Sending…"));
    }

  return g_strdup (inv_sync_state_get_label (state));
}

static void
selection_changed_cb (InvInvitationsView *self)
{
  _inv_invitations_view_update_bulk_bar (self);
  _inv_invitations_view_update_actions (self);
}

/* ---- Object ------------------------------------------------------------------- */

static void
inv_invitations_view_constructed (GObject *object)
{
  InvInvitationsView *self = (InvInvitationsView *)object;
  GSettings *settings;

  G_OBJECT_CLASS (inv_invitations_view_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));

  self->database = g_object_ref (inv_session_get_database (self->session));
  self->worker = g_object_ref (inv_session_get_worker (self->session));

  /* The session's settings object, so that a change is seen everywhere at once; a
   * session made without settings (a benchmark's) leaves the view to make its own. */
  settings = inv_session_get_settings (self->session);
  self->settings = settings != NULL ? g_object_ref (settings) : g_settings_new (APP_ID);

  /* Scoped to a template (the template's Invite tab), the view hides the template
   * filter and column, and offers the template's cancellation message. */
  gtk_widget_set_visible (GTK_WIDGET (self->template_dropdown), self->template_id == 0);
  gtk_column_view_column_set_visible (self->template_column, self->template_id == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->message_button), self->template_id != 0);
  _inv_invitations_view_setup_columns (self);

  _inv_invitations_view_open_list (self);
  _inv_invitations_view_setup_adaptive (self);
  self->selection = inv_selection_model_new (INV_ID_LIST (self->list), INV_TYPE_INVITATION_ROW);
  g_signal_connect_object (self->selection, "notify::n-selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::all-matching",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::n-items",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* The Sync column says "Waiting for network" while offline. */
  g_signal_connect_object (inv_session_get_sync_engine (self->session), "notify::online",
                           G_CALLBACK (sync_column_changed_cb), self, G_CONNECT_SWAPPED);

  _inv_invitations_view_start_loading (self);
  _inv_invitations_view_update_empty_state (self);
  _inv_invitations_view_update_bulk_bar (self);
  _inv_invitations_view_update_actions (self);
}

static void
inv_invitations_view_dispose (GObject *object)
{
  InvInvitationsView *self = (InvInvitationsView *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->counts_cancellable);
  g_clear_handle_id (&self->reconcile_id, g_source_remove);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  g_hash_table_remove_all (self->sync_cells);
  g_clear_weak_pointer (&self->last_message);
  _inv_invitations_view_dispose_adaptive (self);
  if (self->column_view != NULL)
    {
      /* Taking the columns down changes the sorter: nothing to re-query any more. */
      g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
      gtk_column_view_set_model (self->column_view, NULL);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), INV_TYPE_INVITATIONS_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  /* The worker goes on for the session; what it ran for this view was just
   * cancelled, and what it still had queued for it is answered as cancelled. */
  g_clear_object (&self->worker);

  G_OBJECT_CLASS (inv_invitations_view_parent_class)->dispose (object);
}

static void
inv_invitations_view_finalize (GObject *object)
{
  InvInvitationsView *self = (InvInvitationsView *)object;

  g_clear_object (&self->database);
  g_clear_object (&self->settings);
  g_clear_object (&self->column_actions);
  g_clear_object (&self->sort_actions);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->counts_cancellable);
  g_clear_pointer (&self->query, inv_invitation_query_free);
  g_clear_pointer (&self->template_ids, g_array_unref);
  g_clear_pointer (&self->sync_cells, g_hash_table_unref);

  G_OBJECT_CLASS (inv_invitations_view_parent_class)->finalize (object);
}

static void
inv_invitations_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_TEMPLATE_ID:
      g_value_set_int64 (value, self->template_id);
      break;

    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invitations_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_TEMPLATE_ID:
      self->template_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invitations_view_class_init (InvInvitationsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = inv_invitations_view_constructed;
  object_class->dispose = inv_invitations_view_dispose;
  object_class->finalize = inv_invitations_view_finalize;
  object_class->get_property = inv_invitations_view_get_property;
  object_class->set_property = inv_invitations_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* 0 for every template's invitations. */
  properties[PROP_TEMPLATE_ID] =
    g_param_spec_int64 ("template-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* Whether the list shows two-line rows, in a window too narrow for its columns. */
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INV_TYPE_BULK_BAR);
  g_type_ensure (INV_TYPE_INVITATION_CELL);
  g_type_ensure (INV_TYPE_INVITATION_CHECK);
  g_type_ensure (INV_TYPE_INVITATION_MENU_BUTTON);
  g_type_ensure (INV_TYPE_INVITATION_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-invitations-view.ui");
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, template_dropdown);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, sort_button);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, message_button);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, stack);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, clear_filters_button);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, select_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, candidate_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, email_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, template_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, status_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, sent_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, deadline_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, sync_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, cancelled_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, reason_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, actions_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, bulk_bar);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, compact_scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, compact_list_view);

  _inv_invitations_view_class_loading_init (widget_class);
  _inv_invitations_view_class_actions_init (widget_class);
  _inv_invitations_view_class_cells_init (widget_class);
  _inv_invitations_view_class_export_init (widget_class);
  _inv_invitations_view_class_adaptive_init (widget_class);
}

static void
inv_invitations_view_init (InvInvitationsView *self)
{
  self->sync_cells = g_hash_table_new (NULL, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  _inv_invitations_view_init_keys (self);
  inv_row_accessible_name_header (self->column_view);

  self->template_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cancellable = g_cancellable_new ();
  self->query = inv_invitation_query_new ();

  gtk_search_entry_set_search_delay (self->search_entry, 250);
  /* Greys out what a row's menu does not allow for that row (see inv-row-menu.c). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.unavailable", FALSE);
}

/**
 * inv_invitations_view_new:
 * @session: the session whose database the view shows
 * @template_id: the interview template to show the invitations of, or 0 for all
 *
 * The invitations list with its filters, the per-row menu, the bulk bar and the
 * cancel flows. Scoped to a template (the template's Invite tab) it hides the
 * template filter and column.
 *
 * Returns: (transfer floating): a new view
 */
GtkWidget *
inv_invitations_view_new (InvSession *session,
                          gint64      template_id /* 0 = all templates */)
{
  g_return_val_if_fail (INV_IS_SESSION (session), NULL);

  return g_object_new (INV_TYPE_INVITATIONS_VIEW,
                       "session", session,
                       "template-id", template_id,
                       NULL);
}

gint64
inv_invitations_view_get_template_id (InvInvitationsView *self)
{
  g_return_val_if_fail (INV_IS_INVITATIONS_VIEW (self), 0);

  return self->template_id;
}

/**
 * inv_invitations_view_get_list:
 *
 * Returns: (transfer none): the rows shown
 */
InvInvitationList *
inv_invitations_view_get_list (InvInvitationsView *self)
{
  g_return_val_if_fail (INV_IS_INVITATIONS_VIEW (self), NULL);

  return self->list;
}

/**
 * inv_invitations_view_get_selection:
 *
 * Returns: (transfer none): the selection
 */
InvSelectionModel *
inv_invitations_view_get_selection (InvInvitationsView *self)
{
  g_return_val_if_fail (INV_IS_INVITATIONS_VIEW (self), NULL);

  return self->selection;
}

/**
 * inv_invitations_view_get_column_view:
 *
 * Returns: (transfer none): the column view
 */
GtkColumnView *
inv_invitations_view_get_column_view (InvInvitationsView *self)
{
  g_return_val_if_fail (INV_IS_INVITATIONS_VIEW (self), NULL);

  return self->column_view;
}

/**
 * inv_invitations_view_get_busy:
 *
 * Returns: %TRUE while a cancel or an undo is being written
 */
gboolean
inv_invitations_view_get_busy (InvInvitationsView *self)
{
  g_return_val_if_fail (INV_IS_INVITATIONS_VIEW (self), FALSE);

  return self->busy;
}

/**
 * inv_invitations_view_get_loading:
 *
 * Returns: %TRUE while the rows of a new filter, search or sort are being read
 */
gboolean
inv_invitations_view_get_loading (InvInvitationsView *self)
{
  g_return_val_if_fail (INV_IS_INVITATIONS_VIEW (self), FALSE);

  return self->loading;
}


/**
 * inv_invitations_view_get_compact:
 *
 * Returns: %TRUE while the list shows two-line rows, its columns not fitting
 */
gboolean
inv_invitations_view_get_compact (InvInvitationsView *self)
{
  g_return_val_if_fail (INV_IS_INVITATIONS_VIEW (self), FALSE);

  return self->compact;
}

/**
 * inv_invitations_view_get_compact_list_view:
 *
 * Returns: (transfer none): the list of two-line rows, over the same selection as
 *   the column view, with no model while the column view is shown
 */
GtkListView *
inv_invitations_view_get_compact_list_view (InvInvitationsView *self)
{
  g_return_val_if_fail (INV_IS_INVITATIONS_VIEW (self), NULL);

  return self->compact_list_view;
}

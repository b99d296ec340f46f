/* inv-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-window"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-activity-page.h"
#include "inv-candidates-page.h"
#include "inv-database-invitations.h"
#include "inv-database-templates.h"
#include "inv-focus.h"
#include "inv-invitations-view.h"
#include "inv-invite-one-dialog.h"
#include "inv-message-template.h"
#include "inv-preferences-window.h"
#include "inv-reinvite.h"
#include "inv-sample-data.h"
#include "inv-sync-page.h"
#include "inv-templates-page.h"
#include "inv-toast.h"
#include "inv-window.h"

struct _InvWindow
{
  AdwApplicationWindow  parent_instance;

  InvSession           *session;   /* owned; NULL when the database could not be opened */
  char                 *database_error;  /* owned; why it could not be, if it could not */
  InvDatabase          *database;  /* owned, the session's; NULL without one */
  GSettings            *settings;  /* owned */
  InvBulkJob           *sample_job;  /* owned while sample invitations are added; the
                                      * progress bar follows its properties */
  gboolean              disposed;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  GtkStack             *content_stack;
  GtkStack             *invitations_stack;
  AdwBin               *invitations_bin;
  AdwBin               *templates_bin;
  AdwBin               *candidates_bin;
  AdwBin               *activity_bin;
  AdwBin               *sync_bin;
  AdwStatusPage        *error_page;
  AdwStatusPage        *empty_page;
  AdwActionRow         *invite_row;
  AdwActionRow         *sample_row;
  AdwActionRow         *company_row;
  GtkPopover           *template_popover;  /* owned: parented to invite_row, or to the page
                                            * shown when Ctrl+N asks; made when needed */
  guint                 undo_expiry_id;    /* when the newest re-invite stops being undoable */
  GtkWidget            *focus_before_popover;  /* weak: where the keyboard was before Ctrl+N */
  GtkProgressBar       *sample_progress;
  GtkMenuButton        *primary_menu_button;
  GtkListBoxRow        *sync_row;
  GtkLabel             *sync_attention_badge;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_DATABASE_ERROR,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvWindow, inv_window, ADW_TYPE_APPLICATION_WINDOW)

static GParamSpec *properties[N_PROPS];

static const char * const page_names[] = { "invitations", "templates", "candidates", "sync", "activity" };

static void
show_invitations (InvWindow *self)
{
  g_autoptr(GError) error = NULL;
  gboolean has_invitations = FALSE;

  if (!inv_database_has_invitations (self->database, &has_invitations, &error))
    {
      g_autoptr(AdwToast) toast = adw_toast_new (error->message);

      adw_toast_set_timeout (toast, 0);
      inv_window_add_toast (self, g_steal_pointer (&toast));
      return;
    }

  if (!has_invitations)
    {
      adw_bin_set_child (self->invitations_bin, NULL);
      gtk_stack_set_visible_child_name (self->invitations_stack, "empty");
      return;
    }

  /* A list that is already there keeps its scroll position and filters. */
  if (adw_bin_get_child (self->invitations_bin) == NULL)
    adw_bin_set_child (self->invitations_bin, inv_invitations_view_new (self->session, 0));

  gtk_stack_set_visible_child_name (self->invitations_stack, "list");
}

static GtkListBoxRow *
find_sidebar_row (InvWindow  *self,
                  const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) && g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return GTK_LIST_BOX_ROW (child);
    }

  return NULL;
}

static void
sidebar_row_selected_cb (InvWindow     *self,
                         GtkListBoxRow *row,
                         GtkListBox    *list)
{
  const char *name;

  if (row == NULL)
    return;

  name = gtk_widget_get_name (GTK_WIDGET (row));
  gtk_stack_set_visible_child_name (self->content_stack, name);

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "sidebar-page", name);
}

static void
sidebar_row_activated_cb (InvWindow     *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  /* On a narrow window only one side shows: choosing a page goes to it. */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
content_page_changed_cb (InvWindow  *self,
                         GParamSpec *pspec,
                         GtkStack   *stack)
{
  const char *name = gtk_stack_get_visible_child_name (stack);

  /* The Candidates page reads every candidate (seconds at a million) when it is made:
   * it is made the first time it is shown, so that the app starts by showing the
   * invitations without waiting for it. */
  if (g_strcmp0 (name, "candidates") == 0 && self->database != NULL &&
      adw_bin_get_child (self->candidates_bin) == NULL)
    adw_bin_set_child (self->candidates_bin, inv_candidates_page_new (self->session));

  /* The Activity page likewise reads only once it is shown. */
  if (g_strcmp0 (name, "activity") == 0 && self->database != NULL &&
      adw_bin_get_child (self->activity_bin) == NULL)
    {
      adw_bin_set_child (self->activity_bin, inv_activity_page_new (self->session));
      g_object_bind_property (self->leaflet, "folded",
                              adw_bin_get_child (self->activity_bin), "folded",
                              G_BINDING_SYNC_CREATE);
    }
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  InvWindow *self = INV_WINDOW (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  InvWindow *self = INV_WINDOW (widget);
  GtkListBoxRow *row = find_sidebar_row (self, g_variant_get_string (parameter, NULL));

  if (row == NULL || self->database == NULL)
    return;

  gtk_list_box_select_row (self->sidebar_list, row);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static GtkWidget *
find_shown_search (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;

  if (GTK_IS_SEARCH_ENTRY (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_shown_search (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Ctrl+F, wherever the keyboard is: the search nearest to it on the page shown (a
 * template's page has its invitations' search and the templates' own). */
static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  InvWindow *self = INV_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->content_stack);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *search = NULL;

  if (page == NULL)
    return;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, page))
    focus = page;

  for (GtkWidget *area = focus; area != NULL && search == NULL; area = gtk_widget_get_parent (area))
    {
      search = find_shown_search (area);
      if (area == page)
        break;
    }

  if (search != NULL)
    gtk_widget_grab_focus (search);
}

/* Ctrl+R, F5. Not set up yet, or without a key, a sync could do nothing: the Sync
 * page says what is missing instead. */
static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  InvWindow *self = INV_WINDOW (widget);
  InvSyncEngine *engine;

  if (self->session == NULL)
    return;

  engine = inv_session_get_sync_engine (self->session);
  if (inv_sync_engine_get_service_url (engine) == NULL ||
      inv_sync_engine_get_key_problem (engine) != INV_SYNC_KEY_PROBLEM_NONE)
    {
      gtk_widget_activate_action (widget, "win.show-page", "s", "sync");
      return;
    }

  if (!inv_sync_engine_get_syncing (engine))
    inv_sync_engine_sync_async (engine, INV_SYNC_FLAGS_NOW, NULL, NULL, NULL);
}

static void
sample_progress_cb (InvWindow  *self,
                    GParamSpec *pspec,
                    InvBulkJob *job)
{
  guint64 total = inv_bulk_job_get_total (job);
  g_autofree char *text = NULL;

  if (total == 0)
    total = INV_WINDOW_N_SAMPLE_INVITATIONS;

  /* Translators: progress while sample invitations are added, e.g. "300 of 1,000" */
  text = g_strdup_printf (_("%'d of %'d"), (int)MIN (inv_bulk_job_get_done (job), G_MAXINT),
                          (int)MIN (total, G_MAXINT));
  gtk_progress_bar_set_fraction (self->sample_progress, inv_bulk_job_get_fraction (job));
  gtk_progress_bar_set_text (self->sample_progress, text);
}

static void
release_application_cb (InvBulkJob *job,
                        gpointer    application)
{
  g_application_release (application);
}

static void
load_sample_data_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(InvWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdwToast) toast = NULL;
  gboolean added;

  added = inv_bulk_job_run_finish (INV_BULK_JOB (object), result, &error) != NULL;

  /* The window was closed while the rows were written: nothing left to show. */
  if (self->disposed)
    return;

  g_signal_handlers_disconnect_by_data (self->sample_job, self);
  g_clear_object (&self->sample_job);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-sample-data", TRUE);

  if (!added)
    {
      g_autofree char *message = g_strdup_printf (_("Could not add the sample data: %s"), error->message);

      toast = adw_toast_new (message);
      adw_toast_set_timeout (toast, 0);
    }
  else
    {
      g_autofree char *message = NULL;

      /* Translators: shown when the sample data is in place */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%'d sample invitation added: it is never sent",
                                              "%'d sample invitations added: they are never sent",
                                              INV_WINDOW_N_SAMPLE_INVITATIONS),
                                 INV_WINDOW_N_SAMPLE_INVITATIONS);
      toast = adw_toast_new (message);
    }

  /* The rows themselves were announced to every page as they were written. */
  show_invitations (self);
  inv_window_add_toast (self, g_steal_pointer (&toast));
}

static void
load_sample_data_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  InvWindow *self = INV_WINDOW (widget);
  GApplication *application;

  if (self->database == NULL || self->sample_job != NULL)
    return;

  self->sample_job = inv_sample_data_job_new (INV_WINDOW_N_SAMPLE_INVITATIONS, g_random_int ());
  g_signal_connect_object (self->sample_job, "notify::fraction", G_CALLBACK (sample_progress_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (widget, "win.load-sample-data", FALSE);
  sample_progress_cb (self, NULL, self->sample_job);
  gtk_stack_set_visible_child_name (self->invitations_stack, "loading");

  /* Closing the window must not end the process half-way through the write. */
  application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_application_hold (application);
  inv_bulk_job_set_cleanup (self->sample_job, release_application_cb,
                            g_object_ref (application), g_object_unref);

  /* On the session's worker: its connection, not the window's, does the writing. */
  inv_bulk_job_run_async (self->sample_job, inv_session_get_bulk_worker (self->session), NULL,
                          load_sample_data_done_cb, g_object_ref (self));
}

/* ---- The first-run page ---------------------------------------------------------- */

/* The open interview templates, which are the ones that accept invitations. */
static GPtrArray *
open_templates (InvWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) templates = inv_database_list_templates (self->database, &error);
  GPtrArray *open = g_ptr_array_new_with_free_func (g_object_unref);

  if (templates == NULL)
    {
      g_warning ("Could not read the interview templates: %s", error->message);
      return open;
    }

  for (guint i = 0; i < g_list_model_get_n_items (templates); i++)
    {
      g_autoptr(InvTemplate) template = g_list_model_get_item (templates, i);

      if (inv_template_get_active (template))
        g_ptr_array_add (open, g_steal_pointer (&template));
    }

  return open;
}

/* What each way to start says follows what there is: templates to invite to, a
 * company name and signature for the cancellation emails. */
static void
update_first_run (InvWindow *self)
{
  g_autoptr(GPtrArray) templates = NULL;
  g_autofree char *company = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *text = NULL;

  if (self->database == NULL)
    return;

  templates = open_templates (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->invite_row), templates->len > 0);
  if (templates->len == 0)
    adw_action_row_set_subtitle (self->invite_row,
                                 _("Needs an open interview template. Templates come from your invitation service: connect to it first."));
  else
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Send one candidate a link to the open interview template",
                                           "Send one candidate a link to one of %'u open interview templates",
                                           templates->len),
                              templates->len);
      adw_action_row_set_subtitle (self->invite_row, text);
      g_clear_pointer (&text, g_free);
    }

  company = inv_message_template_get_company (self->database);
  signature = inv_message_template_get_signature (self->database);
  if (company != NULL && signature != NULL)
    /* Translators: %s is the company name the cancellation emails use */
    text = g_strdup_printf (_("Cancellation emails are sent for %s, with your signature"), company);
  else if (company != NULL)
    text = g_strdup (_("Cancellation emails need your signature too: not set yet"));
  else if (signature != NULL)
    text = g_strdup (_("Cancellation emails need your company name too: not set yet"));
  else
    text = g_strdup (_("Cancellation emails name your company and end with your signature: not set yet"));
  adw_action_row_set_subtitle (self->company_row, text);
}

static void
first_run_template_activated_cb (InvWindow     *self,
                                 GtkListBoxRow *row,
                                 GtkListBox    *list)
{
  gint64 template_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "template-id"));

  gtk_popover_popdown (self->template_popover);
  inv_invite_one_dialog_present (GTK_WIDGET (self), self->session, template_id);
}

/* A closed popover would keep the window's keyboard focus on its hidden row, and the
 * app's shortcuts with it: the focus goes back to where it was. */
static void
template_popover_closed_cb (InvWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->template_popover)))
    return;

  if (self->focus_before_popover == NULL || !gtk_widget_grab_focus (self->focus_before_popover))
    gtk_root_set_focus (GTK_ROOT (self), NULL);
}

static void
invite_candidate_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  InvWindow *self = INV_WINDOW (widget);
  g_autoptr(GPtrArray) templates = NULL;
  GtkWidget *anchor;
  GtkWidget *list;

  if (self->database == NULL)
    return;

  templates = open_templates (self);
  if (templates->len == 0)
    {
      update_first_run (self);
      return;
    }

  /* One template: nothing to choose. */
  if (templates->len == 1)
    {
      inv_invite_one_dialog_present (widget, self->session,
                                     inv_template_get_id (templates->pdata[0]));
      return;
    }

  /* Several: the person picks one, right under the row, or, from the keyboard
   * elsewhere, over the page shown. */
  anchor = gtk_widget_get_mapped (GTK_WIDGET (self->invite_row))
           ? GTK_WIDGET (self->invite_row)
           : gtk_stack_get_visible_child (self->content_stack);
  if (self->template_popover != NULL &&
      gtk_widget_get_parent (GTK_WIDGET (self->template_popover)) != anchor)
    {
      gtk_widget_unparent (GTK_WIDGET (self->template_popover));
      self->template_popover = NULL;
    }
  if (self->template_popover == NULL)
    {
      self->template_popover = GTK_POPOVER (gtk_popover_new ());
      gtk_popover_set_position (self->template_popover, GTK_POS_BOTTOM);
      gtk_widget_set_parent (GTK_WIDGET (self->template_popover), anchor);
      g_signal_connect_object (self->template_popover, "closed",
                               G_CALLBACK (template_popover_closed_cb), self, G_CONNECT_SWAPPED);
    }
  g_set_weak_pointer (&self->focus_before_popover, gtk_root_get_focus (GTK_ROOT (self)));
  if (anchor != GTK_WIDGET (self->invite_row))
    {
      GdkRectangle top = { gtk_widget_get_width (anchor) / 2, 0, 1, 1 };

      gtk_popover_set_pointing_to (self->template_popover, &top);
    }
  else
    {
      gtk_popover_set_pointing_to (self->template_popover, NULL);
    }

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Interview template"),
                                  -1);
  for (guint i = 0; i < templates->len; i++)
    {
      GtkWidget *label = gtk_label_new (inv_template_get_name (templates->pdata[i]));
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data (G_OBJECT (row), "template-id",
                         GSIZE_TO_POINTER ((gsize)inv_template_get_id (templates->pdata[i])));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  g_signal_connect_object (list, "row-activated", G_CALLBACK (first_run_template_activated_cb),
                           self, G_CONNECT_SWAPPED);

  {
    GtkWidget *scrolled = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
    /* As wide as the names, which would otherwise be cut to "…". */
    gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scrolled), TRUE);
    gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
    gtk_popover_set_child (self->template_popover, scrolled);
  }
  gtk_popover_popup (self->template_popover);
}

static InvPreferencesWindow *
open_preferences (InvWindow  *self,
                  const char *group)
{
  GtkWindow *preferences = inv_preferences_window_new (GTK_WINDOW (self), self->session);

  /* The company name and signature may have changed there. */
  g_signal_connect_object (preferences, "destroy", G_CALLBACK (update_first_run), self, G_CONNECT_SWAPPED);
  inv_preferences_window_show_group (INV_PREFERENCES_WINDOW (preferences), group);
  gtk_window_present (preferences);

  return INV_PREFERENCES_WINDOW (preferences);
}

static void
connect_service_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  InvWindow *self = INV_WINDOW (widget);

  if (self->session != NULL)
    open_preferences (self, INV_PREFERENCES_SERVICE);
}

static void
set_up_company_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  InvWindow *self = INV_WINDOW (widget);

  if (self->session != NULL)
    open_preferences (self, INV_PREFERENCES_COMPANY);
}

/* Candidates are imported on their page, which then offers to invite them. */
static void
import_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  InvWindow *self = INV_WINDOW (widget);
  GtkListBoxRow *row = find_sidebar_row (self, "candidates");

  if (self->database == NULL || row == NULL)
    return;

  gtk_list_box_select_row (self->sidebar_list, row);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  gtk_widget_activate_action (adw_bin_get_child (self->candidates_bin), "candidates.import", NULL);
}

static void
restore_state (InvWindow *self)
{
  g_autofree char *page = NULL;
  GtkListBoxRow *row;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  page = g_settings_get_string (self->settings, "sidebar-page");
  row = find_sidebar_row (self, page);
  if (row == NULL)
    row = find_sidebar_row (self, page_names[0]);
  gtk_list_box_select_row (self->sidebar_list, row);
}

static void
show_database_error (InvWindow  *self,
                     const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  g_autofree char *description = NULL;

  /* The description is markup: a path may hold "&" or "<". */
  description = g_strdup_printf ("%s\n\n%s\n%s", escaped,
                                 _("Invitations left the file as it was."),
                                 /* Translators: keep --database=PATH as it is: it is the option's name */
                                 _("To open another file, start it with <tt>--database=PATH</tt>."));
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->main_stack, "error");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-sample-data", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.connect-service", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.invite-candidate", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-csv", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.set-up-company", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find", FALSE);
}

/* ---- Undo ----------------------------------------------------------------------
 *
 * Ctrl+Z takes back the newest change still held back from the sync: a cancel (the
 * session's "undo" action) or a re-invite. Both take their batch ids from one counter,
 * so the larger id is the newer change. */

static void update_undo (InvWindow *self);

static gboolean
undo_expired_cb (gpointer user_data)
{
  InvWindow *self = user_data;

  self->undo_expiry_id = 0;
  update_undo (self);

  return G_SOURCE_REMOVE;
}

static gint64
find_reinvite_to_undo (InvWindow *self,
                       gint64    *invitation_id,
                       gint64    *hold_until)
{
  gint64 batch_id = 0;

  if (self->database == NULL ||
      !inv_reinvite_find_last_undoable (self->database, inv_database_now (), &batch_id,
                                        invitation_id, hold_until))
    return 0;

  /* A newer cancel goes first. */
  if (batch_id < inv_session_get_undo_batch_id (self->session))
    return 0;

  return batch_id;
}

static void
update_undo (InvWindow *self)
{
  gint64 hold_until = 0;
  gint64 reinvite = 0;

  g_clear_handle_id (&self->undo_expiry_id, g_source_remove);
  if (self->session == NULL || self->disposed)
    return;

  reinvite = find_reinvite_to_undo (self, NULL, &hold_until);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 reinvite != 0 || inv_session_get_undo_batch_id (self->session) != 0);
  if (reinvite != 0)
    self->undo_expiry_id = g_timeout_add_seconds ((guint)MAX (hold_until - inv_database_now (), 1),
                                                  undo_expired_cb, self);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  InvWindow *self = INV_WINDOW (widget);
  g_autoptr(InvInvitation) invitation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 invitation_id = 0;
  gint64 batch_id;
  AdwToast *toast;

  if (self->session == NULL)
    return;

  batch_id = find_reinvite_to_undo (self, &invitation_id, NULL);
  if (batch_id == 0)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      /* The cancel's undo tells its outcome through the session. */
      if (app != NULL)
        g_action_group_activate_action (G_ACTION_GROUP (app), "undo", NULL);
      return;
    }

  invitation = inv_database_load_invitation (self->database, invitation_id, NULL);
  if (!inv_reinvite_undo (self->database, batch_id, &error))
    message = g_strdup (error->message);
  else if (invitation != NULL)
    message = g_strdup_printf (_("Re-invite of %s undone"), inv_invitation_get_candidate_name (invitation));
  else
    message = g_strdup (_("Re-invite undone"));

  toast = adw_toast_new (message);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  inv_window_add_toast (self, toast);
  update_undo (self);
}

/* The first invitations (from a sync, an invite, the command line in another
 * process) end the empty state; the pages follow their own changes. */
static void
database_changed_cb (InvWindow    *self,
                     InvChangeSet *changes)
{
  /* A sample invitation's re-invite writes no outbox row, only the invitation. */
  if (inv_change_set_has (changes, INV_CHANGE_OUTBOX) || inv_change_set_has (changes, INV_CHANGE_INVITATIONS))
    update_undo (self);

  if (inv_change_set_has (changes, INV_CHANGE_TEMPLATES))
    update_first_run (self);

  if (self->sample_job == NULL && inv_change_set_has (changes, INV_CHANGE_INVITATIONS) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->invitations_stack), "empty") == 0)
    show_invitations (self);
}

/* Back to the window after using the command line or another app: what another
 * process wrote shows at once rather than at the next check. */
static void
active_changed_cb (InvWindow  *self,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  if (gtk_window_is_active (GTK_WINDOW (self)) && self->session != NULL)
    inv_session_check_external_changes (self->session);
}

/* The sidebar says when synced changes need a person: conflicts and refusals. */
static void
sync_attention_changed_cb (InvWindow     *self,
                           GParamSpec    *pspec,
                           InvSyncEngine *engine)
{
  guint n = inv_sync_engine_get_n_attention (engine);
  g_autofree char *text = g_strdup_printf ("%'u", n);
  g_autofree char *description = NULL;

  gtk_label_set_text (self->sync_attention_badge, text);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_attention_badge), n > 0);

  if (n > 0)
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%'u change needs attention",
                                                "%'u changes need attention", n),
                                   n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description != NULL ? description : "",
                                  -1);
}

static void
inv_window_constructed (GObject *object)
{
  InvWindow *self = (InvWindow *)object;
  GSettings *settings = NULL;
  InvSyncEngine *engine;

  G_OBJECT_CLASS (inv_window_parent_class)->constructed (object);

  if (self->session != NULL)
    {
      self->database = g_object_ref (inv_session_get_database (self->session));
      settings = inv_session_get_settings (self->session);
    }

  /* Without a database there is no session, but the window still opens at the size
   * it had last time, and keeps it. */
  self->settings = settings != NULL ? g_object_ref (settings) : g_settings_new (APP_ID);

  restore_state (self);

  if (self->session == NULL)
    {
      show_database_error (self, self->database_error != NULL
                                 ? self->database_error
                                 : _("The database could not be opened."));
      return;
    }

  gtk_stack_set_visible_child_name (self->main_stack, "main");
  adw_bin_set_child (self->templates_bin, inv_templates_page_new (self->session));
  g_object_bind_property (self->leaflet, "folded",
                          adw_bin_get_child (self->templates_bin), "folded",
                          G_BINDING_SYNC_CREATE);

  engine = inv_session_get_sync_engine (self->session);
  adw_bin_set_child (self->sync_bin, inv_sync_page_new (self->session));
  g_signal_connect_object (self, "notify::is-active",
                           G_CALLBACK (active_changed_cb), self, 0);
  g_signal_connect_object (self->session, "changed",
                           G_CALLBACK (database_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "notify::n-attention",
                           G_CALLBACK (sync_attention_changed_cb), self, G_CONNECT_SWAPPED);
  sync_attention_changed_cb (self, NULL, engine);
  g_signal_connect_object (self->session, "notify::undo-batch-id",
                           G_CALLBACK (update_undo), self, G_CONNECT_SWAPPED);
  update_undo (self);

  {
    g_autofree char *invitations = NULL;
    g_autofree char *templates = NULL;
    g_autofree char *text = NULL;

    invitations = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Adds %'d made-up invitation, with its candidate, to try Invitations with.",
                                                "Adds %'d made-up invitations, with their candidates, to try Invitations with.",
                                                INV_WINDOW_N_SAMPLE_INVITATIONS),
                                   INV_WINDOW_N_SAMPLE_INVITATIONS);
    templates = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "They belong to %'d sample interview template, stay on this computer and are never sent to your invitation service.",
                                              "They belong to %'d sample interview templates, stay on this computer and are never sent to your invitation service.",
                                              INV_SAMPLE_DATA_N_TEMPLATES),
                                 INV_SAMPLE_DATA_N_TEMPLATES);
    /* Translators: two sentences, "Adds 1,000 made-up invitations…" and "They belong to…" */
    text = g_strdup_printf (C_("sample data", "%s %s"), invitations, templates);
    adw_action_row_set_subtitle (self->sample_row, text);
  }
  update_first_run (self);

  show_invitations (self);
  content_page_changed_cb (self, NULL, self->content_stack);
}

static gboolean
inv_window_close_request (GtkWindow *window)
{
  inv_window_save_state (INV_WINDOW (window));

  return GTK_WINDOW_CLASS (inv_window_parent_class)->close_request (window);
}

static void
inv_window_dispose (GObject *object)
{
  InvWindow *self = (InvWindow *)object;

  self->disposed = TRUE;
  g_clear_handle_id (&self->undo_expiry_id, g_source_remove);
  g_clear_weak_pointer (&self->focus_before_popover);
  if (self->template_popover != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->template_popover));
  self->template_popover = NULL;
  if (self->sample_job != NULL)
    g_signal_handlers_disconnect_by_data (self->sample_job, self);
  g_clear_object (&self->sample_job);


  G_OBJECT_CLASS (inv_window_parent_class)->dispose (object);
}

static void
inv_window_finalize (GObject *object)
{
  InvWindow *self = (InvWindow *)object;

  g_clear_object (&self->database);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_pointer (&self->database_error, g_free);

  G_OBJECT_CLASS (inv_window_parent_class)->finalize (object);
}

static void
inv_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  InvWindow *self = INV_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_DATABASE_ERROR:
      g_value_set_string (value, self->database_error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  InvWindow *self = INV_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_DATABASE_ERROR:
      self->database_error = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_window_class_init (InvWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = inv_window_constructed;
  object_class->dispose = inv_window_dispose;
  object_class->finalize = inv_window_finalize;
  object_class->get_property = inv_window_get_property;
  object_class->set_property = inv_window_set_property;

  window_class->close_request = inv_window_close_request;

  /**
   * InvWindow:session:
   *
   * What the window shows and changes; %NULL when the database could not be opened,
   * and the window then says why instead.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * InvWindow:database-error:
   *
   * Why the database could not be opened, shown when there is no session.
   */
  properties[PROP_DATABASE_ERROR] =
    g_param_spec_string ("database-error", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INV_TYPE_TEMPLATES_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-window.ui");
  gtk_widget_class_bind_template_child (widget_class, InvWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, invitations_stack);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, invitations_bin);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, templates_bin);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, candidates_bin);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, sync_bin);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, invite_row);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, sample_row);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, company_row);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, sample_progress);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, sync_row);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, activity_bin);
  gtk_widget_class_bind_template_child (widget_class, InvWindow, sync_attention_badge);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, content_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.load-sample-data", NULL, load_sample_data_action);
  gtk_widget_class_install_action (widget_class, "win.connect-service", NULL, connect_service_action);
  gtk_widget_class_install_action (widget_class, "win.invite-candidate", NULL, invite_candidate_action);
  gtk_widget_class_install_action (widget_class, "win.import-csv", NULL, import_csv_action);
  gtk_widget_class_install_action (widget_class, "win.set-up-company", NULL, set_up_company_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);

  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-page", "s", page_names[i]);
}

static void
inv_window_init (InvWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Tab leaves the sidebar rather than opening each page on its way. */
  inv_focus_tab_leaves_list (GTK_WIDGET (self->sidebar_list));

#if DEVELOPMENT_PROFILE
  /* libadwaita stripes the header bar, so a build from the source tree is never
   * mistaken for the installed app. */
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

/**
 * inv_window_new:
 * @application: the application the window belongs to
 * @session: (nullable): what the window shows, or %NULL when the database could not
 *   be opened
 * @database_error: (nullable): why it could not be, shown without a session
 *
 * Returns: (transfer none): a new main window, owned by @application
 */
InvWindow *
inv_window_new (InvApplication *application,
                InvSession     *session,
                const char     *database_error)
{
  g_return_val_if_fail (INV_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (session == NULL || INV_IS_SESSION (session), NULL);

  return g_object_new (INV_TYPE_WINDOW,
                       "application", application,
                       "session", session,
                       "database-error", database_error,
                       NULL);
}

/**
 * inv_window_add_toast:
 * @toast: (transfer full): the toast to show over the window's content
 */
void
inv_window_add_toast (InvWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (INV_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  inv_toast_overlay_add (self->toast_overlay, toast);
}

/**
 * inv_window_save_state:
 *
 * Writes the window's size and whether it is maximized to GSettings, so that the
 * next start restores them.
 */
void
inv_window_save_state (InvWindow *self)
{
  gboolean maximized;
  int width = 0;
  int height = 0;

  g_return_if_fail (INV_IS_WINDOW (self));

  maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  /* The default size follows the size the window had before it was maximized, so a
   * maximized window comes back to its old size when unmaximized next time. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  g_settings_apply (self->settings);
}

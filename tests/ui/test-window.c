/* test-window.c: the main window as a person meets it — the sidebar, the empty state
 * and its "Explore with Sample Data", the Templates page, the window's remembered size and a
 * database that cannot be opened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "inv-application.h"
#include "inv-credentials.h"
#include "inv-candidates-page.h"
#include "inv-database-templates.h"
#include "inv-invitations-view.h"
#include "inv-message-template.h"
#include "inv-message-template-dialog.h"
#include "inv-preferences-window.h"
#include "inv-sample-data.h"
#include "inv-sync-page.h"
#include "inv-invite-one-dialog.h"
#include "inv-template-page.h"
#include "inv-templates-page.h"
#include "inv-window.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

/* Runs the app on @path and @func in its window (ui-test-util.c). */
#define run_app ui_test_run_app

static gboolean
is_mapped_button_labelled (GtkWidget *widget,
                           gconstpointer data)
{
  const char *label;
  g_autofree char *plain = NULL;

  if (!GTK_IS_BUTTON (widget) || !gtk_widget_get_mapped (widget))
    return FALSE;

  label = gtk_button_get_label (GTK_BUTTON (widget));
  if (label == NULL)
    return FALSE;

  /* Mnemonics are for keyboards, not for finding the button. */
  plain = g_strdelimit (g_strdup (label), "_", ' ');
  g_strstrip (plain);

  return g_str_equal (label, data) || g_str_equal (plain, data) ||
         (label[0] == '_' && g_str_equal (label + 1, data));
}

static gboolean
is_mapped_label (GtkWidget *widget,
                 gconstpointer data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), data);
}

static gboolean
is_mapped_label_containing (GtkWidget *widget,
                            gconstpointer data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), data) != NULL;
}

static guint
count_column_view_rows (GtkWidget *root)
{
  GtkWidget *view = ui_test_find_widget (root, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW));

  g_assert_nonnull (view);

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view))));
}

typedef struct
{
  GtkWidget *root;
  guint      n_rows;
} RowCount;

static gboolean
column_view_has_rows (gpointer data)
{
  RowCount *expected = data;

  return count_column_view_rows (expected->root) == expected->n_rows;
}

static gint64
scalar (const char *path,
        const char *sql)
{
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_nonnull (database);
  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* A window of that type, shown and mapped. */
static GtkWidget *
find_toplevel (GType type)
{
  GtkWidget *toplevel = ui_test_find_toplevel (type);

  return toplevel != NULL && gtk_widget_get_mapped (toplevel) ? toplevel : NULL;
}

static gboolean
toplevel_of_type_is_shown (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

static void
sidebar_body (InvApplication *app,
              InvWindow      *window,
              gpointer        user_data)
{
  static const struct {
    const char *name;
    const char *label;
  } pages[] = {
    { "invitations", "Invitations" },
    { "templates", "Templates" },
    { "candidates", "Candidates" },
    { "sync", "Sync" },
    { "activity", "Activity" },
  };
  GtkListBox *sidebar = ui_test_window_child (window, "sidebar_list");
  GtkStack *content = ui_test_window_child (window, "content_stack");
  GSettings *settings = inv_session_get_settings (inv_application_get_session (app));
  guint n_rows = 0;

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (sidebar)));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (sidebar));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *remembered = NULL;

      if (!GTK_IS_LIST_BOX_ROW (child))
        continue;

      g_assert_cmpuint (n_rows, <, G_N_ELEMENTS (pages));
      g_assert_cmpstr (gtk_widget_get_name (child), ==, pages[n_rows].name);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           pages[n_rows].label);
      /* Each page has an icon beside its name. */
      g_assert_nonnull (ui_test_find_widget (child, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_IMAGE)));
      g_assert_nonnull (ui_test_find_widget (child, is_mapped_label, (gpointer)pages[n_rows].label));

      /* Choosing the row shows its page, and the choice is remembered. */
      gtk_widget_activate (child);
      ui_test_drain ();
      g_assert_cmpstr (gtk_stack_get_visible_child_name (content), ==, pages[n_rows].name);
      g_assert_true (gtk_list_box_get_selected_row (sidebar) == GTK_LIST_BOX_ROW (child));
      remembered = g_settings_get_string (settings, "sidebar-page");
      g_assert_cmpstr (remembered, ==, pages[n_rows].name);

      n_rows++;
    }

  g_assert_cmpuint (n_rows, ==, G_N_ELEMENTS (pages));

  /* Alt+1 … Alt+5 go to the pages too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "invitations"));
  ui_test_drain ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content), ==, "invitations");
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (gtk_list_box_get_selected_row (sidebar))), ==, "invitations");

  /* The Candidates page is the candidates list; Sync says what it does. */
  gtk_stack_set_visible_child_name (content, "candidates");
  ui_test_drain ();
  g_assert_true (INV_IS_CANDIDATES_PAGE (adw_bin_get_child (ui_test_window_child (window, "candidates_bin"))));
  g_assert_true (gtk_widget_get_mapped (adw_bin_get_child (ui_test_window_child (window, "candidates_bin"))));
  gtk_stack_set_visible_child_name (content, "sync");
  ui_test_drain ();
  g_assert_true (INV_IS_SYNC_PAGE (adw_bin_get_child (ui_test_window_child (window, "sync_bin"))));
  g_assert_true (gtk_widget_get_mapped (adw_bin_get_child (ui_test_window_child (window, "sync_bin"))));
  g_assert_true (inv_sync_page_get_engine (INV_SYNC_PAGE (adw_bin_get_child (ui_test_window_child (window, "sync_bin"))))
                 == inv_session_get_sync_engine (inv_application_get_session (app)));

  /* The primary menu and the shortcuts window are there. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  /* Click the menu button (its inner toggle button is what a click presses). */
  gtk_widget_activate (ui_test_find_widget (GTK_WIDGET (ui_test_window_child (window, "primary_menu_button")),
                                    ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_TOGGLE_BUTTON)));
  /* A button press takes a moment, as it does on screen. */
  ui_test_wait_until (ui_test_widget_mapped, gtk_menu_button_get_popover (ui_test_window_child (window, "primary_menu_button")), "widget is mapped");
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (window), is_mapped_label, (gpointer)"About Invitations"));
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (window), is_mapped_label, (gpointer)"Keyboard Shortcuts"));
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (window), is_mapped_label, (gpointer)"Preferences"));
  gtk_menu_button_popdown (ui_test_window_child (window, "primary_menu_button"));

  /* Preferences opens the sync preferences over the window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  ui_test_wait_until (toplevel_of_type_is_shown, GSIZE_TO_POINTER (INV_TYPE_PREFERENCES_WINDOW), "toplevel of type is shown");
  gtk_window_destroy (GTK_WINDOW (find_toplevel (INV_TYPE_PREFERENCES_WINDOW)));
}

static void
test_sidebar (void)
{
  g_autofree char *path = ui_test_temp_path ("sidebar.db");

  run_app (path, sidebar_body, NULL);
}

/* The list is complete: its first rows come before the rest, which are read on the
 * database worker, so a count right after the list appears may see only those. */
static gboolean
list_has_every_sample_row (gpointer data)
{
  return count_column_view_rows (data) == INV_WINDOW_N_SAMPLE_INVITATIONS;
}

static gboolean
empty_state_left (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (data), "empty") != 0;
}

static gboolean
templates_page_has_every_sample_template (gpointer data)
{
  return g_list_model_get_n_items (inv_templates_page_get_templates (INV_TEMPLATES_PAGE (data))) ==
         INV_SAMPLE_DATA_N_TEMPLATES;
}

static void
load_sample_data_body (InvApplication *app,
                       InvWindow      *window,
                       gpointer        user_data)
{
  const char *path = user_data;
  GtkStack *invitations = ui_test_window_child (window, "invitations_stack");
  AdwStatusPage *empty_page = ui_test_window_child (window, "empty_page");
  GtkWidget *button;
  GtkWidget *templates_page;
  g_autofree char *expected = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "invitations"));
  ui_test_drain ();

  /* An empty database shows the empty state, with a way to try the app. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (invitations), ==, "empty");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (empty_page)));
  g_assert_cmpstr (adw_status_page_get_title (empty_page), ==, "No Invitations Yet");
  button = GTK_WIDGET (ui_test_window_child (window, "sample_row"));
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (button)), ==, "_Explore with Sample Data");

  /* Choose it: the work runs in a thread while the window shows progress. */
  gtk_widget_activate (button);
  ui_test_wait_until (empty_state_left, invitations, "empty state left");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (invitations), ==, "loading");
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (ui_test_window_child (window, "sample_progress"))));

  ui_test_wait_until (ui_test_stack_shows_list, invitations, "list is shown");
  ui_test_wait_until (list_has_every_sample_row, invitations, "list has every sample row");

  g_assert_cmpint (scalar (path, "SELECT count(*) FROM invitations"), ==, INV_WINDOW_N_SAMPLE_INVITATIONS);
  g_assert_cmpint (scalar (path, "SELECT count(*) FROM invitations WHERE is_sample = 1 AND sync_state = 'local'"),
                   ==, INV_WINDOW_N_SAMPLE_INVITATIONS);
  g_assert_cmpuint (count_column_view_rows (GTK_WIDGET (invitations)), ==, INV_WINDOW_N_SAMPLE_INVITATIONS);

  /* A toast says what happened. */
  expected = g_strdup_printf ("%'d sample invitations added: they are never sent", INV_WINDOW_N_SAMPLE_INVITATIONS);
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (window), is_mapped_label, expected));

  /* The templates came with it. */
  templates_page = adw_bin_get_child (ui_test_window_child (window, "templates_bin"));
  g_assert_true (INV_IS_TEMPLATES_PAGE (templates_page));
  /* (The page reads them again a moment after the change is announced.) */
  ui_test_wait_until (templates_page_has_every_sample_template, templates_page,
                      "the templates page lists every demo template");
}

static void
list_shown_body (InvApplication *app,
                 InvWindow      *window,
                 gpointer        user_data)
{
  GtkStack *invitations = ui_test_window_child (window, "invitations_stack");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (invitations), ==, "list");
  g_assert_cmpuint (count_column_view_rows (GTK_WIDGET (invitations)), ==, INV_WINDOW_N_SAMPLE_INVITATIONS);
}

static void
test_load_sample_data (void)
{
  g_autofree char *path = ui_test_temp_path ("empty.db");

  run_app (path, load_sample_data_body, path);

  /* The next start goes straight to the list. */
  run_app (path, list_shown_body, path);
}

static void
close_while_loading_body (InvApplication *app,
                          InvWindow      *window,
                          gpointer        user_data)
{
  GtkStack *invitations = ui_test_window_child (window, "invitations_stack");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.load-sample-data", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (invitations), ==, "loading");

  /* Closing now ends the window; the app waits for the write to finish. */
  gtk_window_close (GTK_WINDOW (window));
}

static void
test_close_while_loading (void)
{
  g_autofree char *path = ui_test_temp_path ("closed-early.db");

  run_app (path, close_while_loading_body, NULL);

  /* All of them or none: here, all, because the app stayed until they were written. */
  g_assert_cmpint (scalar (path, "SELECT count(*) FROM invitations"), ==, INV_WINDOW_N_SAMPLE_INVITATIONS);
}

static void
resize_and_close_body (InvApplication *app,
                       InvWindow      *window,
                       gpointer        user_data)
{
  GSettings *settings = inv_session_get_settings (inv_application_get_session (app));
  g_autofree char *page = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "sync"));
  gtk_window_set_default_size (GTK_WINDOW (window), 913, 611);
  ui_test_drain ();

  /* Closing the window writes its size. */
  gtk_window_close (GTK_WINDOW (window));
  ui_test_drain ();
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 913);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 611);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  page = g_settings_get_string (settings, "sidebar-page");
  g_assert_cmpstr (page, ==, "sync");
}

static void
restored_then_quit_body (InvApplication *app,
                         InvWindow      *window,
                         gpointer        user_data)
{
  int width = 0;
  int height = 0;

  /* The next window comes back at that size, on that page. */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 913);
  g_assert_cmpint (height, ==, 611);
  /* The window itself has about that size; client-side decorations take a few pixels. */
  g_assert_cmpint (ABS (gtk_widget_get_width (GTK_WIDGET (window)) - 913), <=, 24);
  g_assert_cmpint (ABS (gtk_widget_get_height (GTK_WIDGET (window)) - 611), <=, 24);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui_test_window_child (window, "content_stack")), ==, "sync");

  /* Quitting from the menu (or Ctrl+Q) keeps the size as well. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1001, 702);
  ui_test_drain ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static void
test_window_state (void)
{
  g_autofree char *path = ui_test_temp_path ("state.db");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  run_app (path, resize_and_close_body, NULL);
  run_app (path, restored_then_quit_body, NULL);

  /* The memory backend is shared by every GSettings of this process. */
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1001);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 702);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "sidebar-page");
}

static gboolean
template_page_is_shown (gpointer data)
{
  AdwLeaflet *leaflet = data;

  return g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), "template") == 0 &&
         !adw_leaflet_get_child_transition_running (leaflet);
}

static gboolean
templates_list_is_shown (gpointer data)
{
  AdwLeaflet *leaflet = data;

  return g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), "list") == 0 &&
         !adw_leaflet_get_child_transition_running (leaflet);
}

static GtkWidget *
find_message_dialog (void)
{
  return find_toplevel (INV_TYPE_MESSAGE_TEMPLATE_DIALOG);
}

static gboolean
message_dialog_is_shown (gpointer data)
{
  GtkWidget **dialog = data;

  *dialog = find_message_dialog ();

  return *dialog != NULL;
}

static gboolean
message_dialog_is_gone (gpointer data)
{
  return find_message_dialog () == NULL;
}

static gboolean
invite_one_dialog_is_shown (gpointer data)
{
  GtkWidget **dialog = data;

  *dialog = find_toplevel (INV_TYPE_INVITE_ONE_DIALOG);
  return *dialog != NULL && gtk_widget_get_mapped (*dialog);
}

static gboolean
invite_one_dialog_is_gone (gpointer data)
{
  return find_toplevel (INV_TYPE_INVITE_ONE_DIALOG) == NULL;
}

static gboolean
page_says_own_message (gpointer data)
{
  return ui_test_find_widget (data, is_mapped_label_containing, (gpointer)"has its own message") != NULL;
}

static void
templates_body (InvApplication *app,
                InvWindow      *window,
                gpointer        user_data)
{
  const char *path = user_data;
  GtkListBox *sidebar = ui_test_window_child (window, "sidebar_list");
  GtkWidget *page;
  GtkListBox *active_list;
  GtkListBox *closed_list;
  AdwLeaflet *leaflet;
  GtkListBoxRow *row;
  GtkWidget *template_page;
  g_autoptr(InvTemplate) template = NULL;
  AdwViewStack *tabs;
  g_autofree char *count_sql = NULL;
  g_autofree char *message_sql = NULL;
  GtkWidget *button;
  GtkWidget *dialog = NULL;
  GtkWidget *text_view;
  guint n_rows = 0;

  /* Go to Templates through the sidebar. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (sidebar)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (gtk_widget_get_name (child), "templates") == 0)
        gtk_widget_activate (child);
    }
  ui_test_drain ();

  page = adw_bin_get_child (ui_test_window_child (window, "templates_bin"));
  g_assert_true (INV_IS_TEMPLATES_PAGE (page));
  g_assert_true (gtk_widget_get_mapped (page));
  active_list = GTK_LIST_BOX (gtk_widget_get_template_child (page, INV_TYPE_TEMPLATES_PAGE, "active_list"));
  closed_list = GTK_LIST_BOX (gtk_widget_get_template_child (page, INV_TYPE_TEMPLATES_PAGE, "closed_list"));
  leaflet = ADW_LEAFLET (gtk_widget_get_template_child (page, INV_TYPE_TEMPLATES_PAGE, "leaflet"));

  /* Every sample template is listed, the closed one apart, each with its badge. */
  while (gtk_list_box_get_row_at_index (active_list, n_rows) != NULL)
    n_rows++;
  g_assert_cmpuint (n_rows, ==, INV_SAMPLE_DATA_N_TEMPLATES - 1);
  g_assert_nonnull (gtk_list_box_get_row_at_index (closed_list, 0));
  g_assert_null (gtk_list_box_get_row_at_index (closed_list, 1));
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (closed_list), is_mapped_label, (gpointer)"Closed"));
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (active_list), is_mapped_label, (gpointer)"Active"));
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (active_list), is_mapped_label, (gpointer)"Backend Engineer – Screening"));
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (active_list), is_mapped_label_containing, (gpointer)" pending"));

  /* Open the first one, as a click on its row does. */
  row = gtk_list_box_get_row_at_index (active_list, 0);
  gtk_widget_activate (GTK_WIDGET (row));
  ui_test_wait_until (template_page_is_shown, leaflet, "template page is shown");
  ui_test_drain ();

  template_page = adw_bin_get_child (ADW_BIN (gtk_widget_get_template_child (page, INV_TYPE_TEMPLATES_PAGE, "template_bin")));
  g_assert_true (INV_IS_TEMPLATE_PAGE (template_page));
  /* The page reads its template again after each change: keep this one. */
  template = g_object_ref (inv_template_page_get_template (INV_TEMPLATE_PAGE (template_page)));
  g_assert_nonnull (ui_test_find_widget (template_page, is_mapped_label, (gpointer)inv_template_get_name (template)));

  /* Its tabs: Invite in front, holding the list scoped to this template. */
  tabs = inv_template_page_get_stack (INV_TEMPLATE_PAGE (template_page));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (tabs), ==, "invite");
  g_assert_nonnull (ui_test_find_widget (template_page, is_mapped_label, (gpointer)"Invite"));
  g_assert_nonnull (ui_test_find_widget (template_page, is_mapped_label, (gpointer)"Details"));
  count_sql = g_strdup_printf ("SELECT count(*) FROM invitations WHERE template_id = %" G_GINT64_FORMAT,
                               inv_template_get_id (template));
  g_assert_cmpuint (scalar (path, count_sql), >, 0);
  g_assert_cmpuint (count_column_view_rows (inv_template_page_get_list (INV_TEMPLATE_PAGE (template_page))),
                    ==, scalar (path, count_sql));

  /* Invite Candidate: the dialog of the tab, filled and sent as a person does; the new
   * invitation is in the tab's list at once. The template is demo data, so is the
   * invitation: it stays on this computer. */
  {
    GtkWidget *invite_one = NULL;
    GtkWidget *send;
    guint before = count_column_view_rows (inv_template_page_get_list (INV_TEMPLATE_PAGE (template_page)));
    g_autofree char *new_sql = g_strdup_printf ("SELECT count(*) FROM invitations WHERE template_id = %" G_GINT64_FORMAT
                                                " AND email = 'ines.ortega@example.org' AND sync_state = 'local' AND status = 'pending'",
                                                inv_template_get_id (template));

    button = ui_test_find_widget (template_page, is_mapped_button_labelled, (gpointer)"Invite Candidate");
    g_assert_nonnull (button);
    g_assert_true (gtk_widget_is_sensitive (button));
    gtk_widget_activate (button);
    ui_test_wait_until (invite_one_dialog_is_shown, &invite_one, "invite one dialog is shown");

    gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (invite_one, INV_TYPE_INVITE_ONE_DIALOG, "first_name_row")), "Inés");
    gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (invite_one, INV_TYPE_INVITE_ONE_DIALOG, "last_name_row")), "Ortega");
    gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (invite_one, INV_TYPE_INVITE_ONE_DIALOG, "email_row")), "ines.ortega@example.org");
    if (inv_template_get_is_live (template))
      {
        g_autoptr(GDateTime) soon = g_date_time_add_days (g_date_time_new_now_local (), 2);
        g_autofree char *when = g_date_time_format (soon, "%Y-%m-%d 10:00");

        gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (invite_one, INV_TYPE_INVITE_ONE_DIALOG, "schedule_row")), when);
      }
    send = ui_test_find_widget (invite_one, is_mapped_button_labelled, (gpointer)"Send invite");
    g_assert_nonnull (send);
    gtk_widget_activate (send);
    ui_test_wait_until (invite_one_dialog_is_gone, NULL, "invite one dialog is gone");
    ui_test_drain ();

    g_assert_cmpint (scalar (path, new_sql), ==, 1);
    /* The page follows the new row as soon as its write is announced. */
    {
      RowCount expected = { inv_template_page_get_list (INV_TEMPLATE_PAGE (template_page)), before + 1 };

      ui_test_wait_until (column_view_has_rows, &expected, "the template page lists the new invitation");
    }
  }

  /* The Details tab tells what the template is. */
  adw_view_stack_set_visible_child_name (tabs, "details");
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (template_page, is_mapped_label,
                                 inv_template_get_is_live (template) ? (gpointer)"Live interview"
                                                                     : (gpointer)"Automated assessment"));
  g_assert_nonnull (ui_test_find_widget (template_page, is_mapped_label, (gpointer)"Cancellation Message"));
  g_assert_nonnull (ui_test_find_widget (template_page, is_mapped_label_containing, (gpointer)"uses the default message"));

  /* Edit the cancellation message the way a person does: Edit…, type, Save. */
  button = ui_test_find_widget (template_page, is_mapped_button_labelled, (gpointer)"Edit…");
  g_assert_nonnull (button);
  gtk_widget_activate (button);
  ui_test_wait_until (message_dialog_is_shown, &dialog, "message dialog is shown");
  text_view = ui_test_find_widget (dialog, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT_VIEW));
  g_assert_nonnull (text_view);
  /* Every placeholder is listed with what it stands for, and the dates' limit is said. */
  for (const char * const *name = inv_message_template_get_placeholders (); *name != NULL; name++)
    {
      g_autofree char *braced = g_strdup_printf ("{%s}", *name);
      GtkWidget *label = ui_test_find_widget (dialog, is_mapped_label, braced);

      /* Beside it, in the same row, what it stands for. */
      g_assert_nonnull (label);
      g_assert_true (GTK_IS_LABEL (gtk_widget_get_next_sibling (label)));
      g_assert_cmpuint (strlen (gtk_label_get_text (GTK_LABEL (gtk_widget_get_next_sibling (label)))), >, 10);
    }
  g_assert_nonnull (ui_test_find_widget (dialog, is_mapped_label_containing,
                                         (gpointer)"the personal note written when cancelling one invitation"));
  g_assert_nonnull (ui_test_find_widget (dialog, is_mapped_label_containing,
                                         (gpointer)"An assessment without a deadline and an interview without a scheduled time have no date"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)),
                            "Dear {first_name}, we have cancelled your interview for {position}. Kind regards", -1);
  /* The sender's company and signature are set here too, for every template. */
  {
    g_autoptr(GPtrArray) views = ui_test_collect (dialog, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT_VIEW));
    GtkWidget *company = ui_test_find_widget (dialog, ui_test_is_of_type, GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW));

    g_assert_cmpuint (views->len, ==, 2);
    g_assert_nonnull (company);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (company)), ==, "");
    gtk_editable_set_text (GTK_EDITABLE (company), "Acme");
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (views->pdata[1])),
                              "Ada Lovelace\nHead of Recruiting", -1);
  }
  gtk_widget_activate (ui_test_find_widget (dialog, is_mapped_button_labelled, (gpointer)"Save"));
  ui_test_wait_until (message_dialog_is_gone, NULL, "message dialog is gone");
  {
    g_autofree char *company = inv_message_template_get_company (inv_session_get_database (inv_application_get_session (app)));
    g_autofree char *signature = inv_message_template_get_signature (inv_session_get_database (inv_application_get_session (app)));

    g_assert_cmpstr (company, ==, "Acme");
    g_assert_cmpstr (signature, ==, "Ada Lovelace\nHead of Recruiting");
  }
  /* The page follows the saved template as the store announces it. */
  ui_test_wait_until (page_says_own_message, template_page, "page says own message");
  g_assert_nonnull (ui_test_find_widget (template_page, is_mapped_label,
                                 (gpointer)"Dear {first_name}, we have cancelled your interview for {position}. Kind regards"));
  message_sql = g_strdup_printf ("SELECT count(*) FROM templates WHERE id = %" G_GINT64_FORMAT
                                 " AND cancel_message LIKE 'Dear {first_name}%%'",
                                 inv_template_get_id (inv_template_page_get_template (INV_TEMPLATE_PAGE (template_page))));
  g_assert_cmpint (scalar (path, message_sql), ==, 1);

  /* Back returns to the list. */
  g_assert_true (gtk_widget_activate_action (template_page, "templates.back", NULL));
  ui_test_wait_until (templates_list_is_shown, leaflet, "templates list is shown");
}

static void
test_templates_page (void)
{
  g_autofree char *path = ui_test_temp_path ("templates.db");
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);

  g_assert_true (inv_sample_data_add (database, 2000, 11, NULL, NULL, NULL));
  g_clear_object (&database);

  run_app (path, templates_body, path);
}

static void
templates_empty_body (InvApplication *app,
                      InvWindow      *window,
                      gpointer        user_data)
{
  GtkWidget *page;
  GtkStack *list_stack;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "templates"));
  ui_test_drain ();

  page = adw_bin_get_child (ui_test_window_child (window, "templates_bin"));
  list_stack = GTK_STACK (gtk_widget_get_template_child (page, INV_TYPE_TEMPLATES_PAGE, "list_stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "empty");
  g_assert_nonnull (ui_test_find_widget (page, is_mapped_label, (gpointer)"No Templates Yet"));
}

static void
test_templates_empty (void)
{
  g_autofree char *path = ui_test_temp_path ("no-templates.db");

  run_app (path, templates_empty_body, NULL);
}

typedef struct
{
  const char  *path;
  TestService *service;
} SyncTest;

static gboolean
templates_page_has_three (gpointer data)
{
  return g_list_model_get_n_items (inv_templates_page_get_templates (INV_TEMPLATES_PAGE (data))) >= 3;
}

static void
sync_body (InvApplication *app,
           InvWindow      *window,
           gpointer        user_data)
{
  SyncTest *test = user_data;
  GtkStack *invitations = ui_test_window_child (window, "invitations_stack");
  GtkWidget *sync_page = adw_bin_get_child (ui_test_window_child (window, "sync_bin"));
  GtkWidget *templates_page = adw_bin_get_child (ui_test_window_child (window, "templates_bin"));
  g_autoptr(GError) error = NULL;

  /* Nothing here yet: the empty state. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (invitations), ==, "empty");
  g_assert_cmpuint (g_list_model_get_n_items (inv_templates_page_get_templates (INV_TEMPLATES_PAGE (templates_page))),
                    ==, 0);

  /* Enter the key as Preferences does: into the keyring, then tell the engine. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "sync"));
  ui_test_drain ();
  g_assert_true (gtk_widget_get_mapped (sync_page));
  g_assert_true (inv_credentials_store_sync (test->service->url, "ui-test-key", NULL, &error));
  g_assert_no_error (error);
  inv_sync_engine_reload_api_key (inv_session_get_sync_engine (inv_application_get_session (app)));

  /* The invitations made on the service arrive, and the window leaves its empty state
   * by itself; the templates come with them. */
  ui_test_wait_until (ui_test_stack_shows_list, invitations, "list is shown");
  g_assert_cmpint (scalar (test->path, "SELECT count(*) FROM invitations"), ==, 25);
  {
    RowCount expected = { GTK_WIDGET (invitations), 25 };

    ui_test_wait_until (column_view_has_rows, &expected, "the list shows every pulled invitation");
  }
  ui_test_wait_until (templates_page_has_three, templates_page, "the templates page lists the pulled templates");
}

static void
test_sync_fills_window (void)
{
  g_autofree char *path = ui_test_temp_path ("synced.db");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  SyncTest test = { path, NULL };

  test.service = test_service_start ("--api-key=ui-test-key", "--populate=25", NULL);

  /* The address is set; the key (libsecret's file backend here) comes later. */
  g_settings_set_string (settings, "service-url", test.service->url);

  run_app (path, sync_body, &test);

  g_settings_reset (settings, "service-url");
  test_service_stop (test.service);
}

static void
first_invite_body (InvApplication *app,
                   InvWindow      *window,
                   gpointer        user_data)
{
  const char *path = user_data;
  GtkStack *invitations = ui_test_window_child (window, "invitations_stack");
  g_autoptr(InvDatabase) other = NULL;
  gint64 template_id;
  gint64 invitation_id;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (invitations), ==, "empty");

  /* An invite queued elsewhere in the app, on its own connection, as the invite
   * dialog's worker does: the store announces it, nobody tells the window. */
  other = inv_database_open (path, NULL);
  template_id = test_add_template (other, 1001, "Backend Engineer - Screening");
  test_queue_create (other, template_id, "kenji.sato@example.jp", "Kenji Sato", &invitation_id);
  g_assert_cmpint (invitation_id, >, 0);

  ui_test_wait_until (ui_test_stack_shows_list, invitations, "list is shown");
  ui_test_drain ();
  g_assert_cmpuint (count_column_view_rows (GTK_WIDGET (invitations)), ==, 1);
}

static void
test_first_invite_ends_empty_state (void)
{
  g_autofree char *path = ui_test_temp_path ("first-invite.db");

  run_app (path, first_invite_body, path);
}

static gboolean
badge_is_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static void
attention_body (InvApplication *app,
                InvWindow      *window,
                gpointer        user_data)
{
  GtkWidget *badge = ui_test_window_child (window, "sync_attention_badge");
  GtkWidget *sync_page = adw_bin_get_child (ui_test_window_child (window, "sync_bin"));
  GtkWidget *discard;

  /* One change the service refused: the sidebar says so beside Sync. */
  ui_test_wait_until (ui_test_widget_mapped, badge, "widget is mapped");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, "1");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (ui_test_window_child (window, "sync_row")),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "1 change needs attention");

  /* Discard it on the Sync page: the badge goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "sync"));
  ui_test_drain ();
  discard = ui_test_find_widget (sync_page, is_mapped_button_labelled, (gpointer)"Discard");
  g_assert_nonnull (discard);
  gtk_widget_activate (discard);
  ui_test_wait_until (badge_is_hidden, badge, "badge is hidden");
}

static void
test_sync_attention_badge (void)
{
  g_autofree char *path = ui_test_temp_path ("attention.db");
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
  g_autoptr(GError) error = NULL;
  gint64 template_id;
  gint64 invitation_id;
  gint64 outbox_id;

  template_id = test_add_template (database, 1001, "Backend Engineer - Screening");
  invitation_id = test_add_invitation (database, template_id, "ana.silva@example.org", "Ana Silva",
                                       5000000001, "pending");
  outbox_id = test_queue_cancel (database, invitation_id, 0);
  g_assert_true (inv_outbox_fail (database, outbox_id, "The service refused the cancel", &error));
  g_assert_no_error (error);
  g_clear_object (&database);

  run_app (path, attention_body, NULL);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static void
error_window_body (InvApplication *app,
                   InvWindow      *window,
                   gpointer        user_data)
{
  const char *expected_in_message = user_data;
  GtkStack *main_stack = ui_test_window_child (window, "main_stack");
  AdwStatusPage *error_page = ui_test_window_child (window, "error_page");

  /* The error, and nothing else: no sidebar, no pages. */
  g_assert_null (inv_application_get_session (app));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack), ==, "error");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (error_page)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (ui_test_window_child (window, "sidebar_list"))));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (ui_test_window_child (window, "content_stack"))));
  g_assert_cmpstr (adw_status_page_get_title (error_page), ==, "Cannot Open the Database");
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (error_page), is_mapped_label_containing,
                                 (gpointer)expected_in_message));

  /* Nothing reaches the file from here: the page actions and the sync are off. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "preferences"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.load-sample-data", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "templates");
  ui_test_drain ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack), ==, "error");
}

static void
check_error_window (const char *path,
                    const char *expected_in_message)
{
  g_autoptr(GBytes) before = read_file (path);
  g_autoptr(GBytes) after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  run_app (path, error_window_body, (gpointer)expected_in_message);

  /* The file is byte for byte what it was, and nothing was created beside it. */
  after = read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
test_database_error_not_sqlite (void)
{
  g_autofree char *path = ui_test_temp_path ("notes & <plans>.db");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  while (text->len < 8192)
    g_string_append (text, "Shopping list: eggs, milk, bread. Not a database at all.\n");
  g_assert_true (g_file_set_contents (path, text->str, text->len, &error));

  check_error_window (path, "is not a database file");
  /* The path has markup characters: they show as typed. */
  check_error_window (path, "notes & <plans>.db");
}

static void
test_database_error_newer (void)
{
  g_autofree char *path = ui_test_temp_path ("newer.db");
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;"
                         "CREATE TABLE future (x);",
                         INV_DATABASE_APPLICATION_ID, INV_DATABASE_SCHEMA_VERSION + 10);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  check_error_window (path, "newer version of Invitations");
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int status;

  ui_test_init (&argc, &argv, tmpdir);

  g_test_add_func ("/window/sidebar", test_sidebar);
  g_test_add_func ("/window/load-sample-data", test_load_sample_data);
  g_test_add_func ("/window/close-while-loading", test_close_while_loading);
  g_test_add_func ("/window/state", test_window_state);
  g_test_add_func ("/window/templates", test_templates_page);
  g_test_add_func ("/window/templates-empty", test_templates_empty);
  g_test_add_func ("/window/sync-fills-window", test_sync_fills_window);
  g_test_add_func ("/window/sync-attention-badge", test_sync_attention_badge);
  g_test_add_func ("/window/first-invite-ends-empty-state", test_first_invite_ends_empty_state);
  g_test_add_func ("/window/database-error/not-sqlite", test_database_error_not_sqlite);
  g_test_add_func ("/window/database-error/newer", test_database_error_newer);

  status = g_test_run ();

  inv_test_remove_tmpdir (tmpdir);

  return status;
}

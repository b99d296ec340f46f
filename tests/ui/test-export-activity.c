/* test-export-activity.c: exporting the list from the window, and the Activity page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "inv-activity-item.h"
#include "inv-activity-page.h"
#include "inv-application.h"
#include "inv-cancel-dialog.h"
#include "inv-cancel-reason.h"
#include "inv-export-dialog.h"
#include "inv-invitation-cell.h"
#include "inv-session.h"
#include "inv-invitations-view.h"
#include "inv-window.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

static gboolean
label_shown (gpointer data)
{
  gpointer *args = data;
  GtkWidget *label = ui_test_find_label (args[0], args[1]);

  return label != NULL && gtk_widget_get_mapped (label);
}

static void
wait_for_label (GtkWidget  *root,
                const char *text)
{
  gpointer args[] = { root, (gpointer)text };

  ui_test_wait_until (label_shown, args, text);
}

/* ---- Export ------------------------------------------------------------------ */

static const struct {
  const char *name;
  const char *email;
  const char *status;
} people[] = {
  { "Ann Able", "ann@acme.example", "pending" },
  { "=cmd|' /C calc'!A0", "eve@acme.example", "pending" },
  { "Bob Baker", "bob@acme.example", "completed" },
  { "Cy Cole", "cy@other.example", "pending" },
  { "Di Dorn", "di@other.example", "expired" },
};

static gboolean
is_button_for_action (GtkWidget     *widget,
                      gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

static gboolean
file_chooser_shown (gpointer data)
{
  GtkWidget *dialog = ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);

  return dialog != NULL && gtk_widget_get_mapped (dialog);
}

/* The list's Export button, then the file chooser as a person answers it. */
static void
export_through_window (InvWindow  *window,
                       const char *path)
{
  InvInvitationsView *view = ui_test_main_view (window);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  GtkWidget *button;
  GtkFileChooser *chooser;

  button = ui_test_find_widget (GTK_WIDGET (view), is_button_for_action, "list.export");
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "list.export");
  g_assert_true (gtk_widget_get_mapped (button));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, "Export");
  ui_test_click (button);

  ui_test_wait_until (file_chooser_shown, NULL, "the file chooser");
  chooser = GTK_FILE_CHOOSER (ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_cmpint (gtk_file_chooser_get_action (chooser), ==, GTK_FILE_CHOOSER_ACTION_SAVE);
  g_assert_cmpstr (gtk_file_chooser_get_current_name (chooser), ==, "invitations.csv");

  folder = g_file_new_for_path (dir);
  g_assert_true (gtk_file_chooser_set_current_folder (chooser, folder, &error));
  g_assert_no_error (error);
  /* The name's extension says the format. */
  gtk_file_chooser_set_current_name (chooser, name);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
}

static void
export_body (InvApplication *app,
             InvWindow      *window,
             gpointer        user_data)
{
  g_autofree char *csv_path = ui_test_temp_path ("acme.csv");
  g_autofree char *json_path = ui_test_temp_path ("one.json");
  g_autofree char *contents = NULL;
  InvInvitationsView *view;
  GtkEditable *search;
  UiTestRowCount all = { window, G_N_ELEMENTS (people) };
  UiTestRowCount acme = { window, 3 };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "invitations"));
  ui_test_wait_until (ui_test_main_list_has_n_rows, &all, "the list");
  view = ui_test_main_view (window);

  /* Filtered by a search, as a person types it. */
  search = GTK_EDITABLE (ui_test_find_widget (GTK_WIDGET (view), ui_test_is_of_type,
                                              GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY)));
  gtk_editable_set_text (search, "acme");
  ui_test_wait_until (ui_test_main_list_has_n_rows, &acme, "the search's rows");

  /* An earlier file of that name is replaced only by the finished export. */
  g_assert_true (g_file_set_contents (csv_path, "earlier", -1, NULL));
  export_through_window (window, csv_path);
  wait_for_label (GTK_WIDGET (window), "Exported 3 invitations");
  g_assert_nonnull (ui_test_find_button (GTK_WIDGET (window), "Open"));

  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  {
    g_auto(GStrv) lines = g_strsplit (contents, "\r\n", -1);

    g_assert_true (g_str_has_prefix (lines[0], "id,remote_id,template,template_id,candidate_name,email,"));
    g_assert_cmpuint (g_strv_length (lines), ==, 3 + 2);
    for (guint i = 1; i <= 3; i++)
      g_assert_nonnull (strstr (lines[i], "@acme.example"));
    /* The formula is text for a spreadsheet. */
    g_assert_nonnull (strstr (contents, ",'=cmd|' /C calc'!A0,"));
    g_assert_null (strstr (contents, "other.example"));
  }

  /* With a selection, only it: one row, as JSON. */
  {
    g_autoptr(InvInvitation) first = g_list_model_get_item (G_LIST_MODEL (inv_invitations_view_get_list (view)), 0);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonArray *array;

    inv_selection_model_set_id_selected (inv_invitations_view_get_selection (view),
                                         inv_invitation_get_id (first), TRUE);
    export_through_window (window, json_path);
    wait_for_label (GTK_WIDGET (window), "Exported 1 invitation");

    if (!json_parser_load_from_file (parser, json_path, &error))
      g_error ("%s", error->message);
    g_assert_no_error (error);
    array = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (array), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "id"), ==,
                     inv_invitation_get_id (first));
  }
}

/* Holds the session's bulk worker until released, so that an export queued behind it
 * is still waiting when the person stops it. */
typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean released;
  gboolean done;
} Blocker;

static gpointer
blocker_job (InvDatabase   *database,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Blocker *blocker = data;

  g_mutex_lock (&blocker->mutex);
  while (!blocker->released)
    g_cond_wait (&blocker->cond, &blocker->mutex);
  g_mutex_unlock (&blocker->mutex);

  return GINT_TO_POINTER (1);
}

static void
blocker_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Blocker *blocker = user_data;

  g_assert_nonnull (inv_database_worker_run_finish (INV_DATABASE_WORKER (object), result, NULL));
  blocker->done = TRUE;
}

static gboolean
blocker_done (gpointer data)
{
  return ((Blocker *)data)->done;
}

static gboolean
progress_shown (gpointer data)
{
  GtkWidget *dialog = ui_test_find_toplevel (INV_TYPE_EXPORT_DIALOG);

  return dialog != NULL && gtk_widget_get_mapped (dialog);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (handle) != NULL)
    n++;

  return n;
}

static void
stop_body (InvApplication *app,
           InvWindow      *window,
           gpointer        user_data)
{
  InvSession *session = inv_application_get_session (app);
  g_autofree char *dir = ui_test_temp_path ("stopped");
  g_autofree char *path = g_build_filename (dir, "list.csv", NULL);
  g_autofree char *contents = NULL;
  UiTestRowCount all = { window, G_N_ELEMENTS (people) };
  Blocker blocker = { 0 };
  GtkWidget *dialog;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "earlier", -1, NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "invitations"));
  ui_test_wait_until (ui_test_main_list_has_n_rows, &all, "the list");

  g_mutex_init (&blocker.mutex);
  g_cond_init (&blocker.cond);
  inv_database_worker_run_async (inv_session_get_bulk_worker (session), blocker_job, &blocker, NULL, NULL,
                                 NULL, blocker_done_cb, &blocker);

  /* The export waits; its window says what it writes and offers to stop. */
  export_through_window (window, path);
  ui_test_wait_until (progress_shown, NULL, "the export's progress");
  dialog = ui_test_find_toplevel (INV_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (ui_test_find_label (dialog, "Writing “list.csv”"));
  ui_test_click (ui_test_find_button (dialog, "Stop Export"));

  /* The worker frees up; the stopped export does nothing. */
  g_mutex_lock (&blocker.mutex);
  blocker.released = TRUE;
  g_cond_signal (&blocker.cond);
  g_mutex_unlock (&blocker.mutex);
  ui_test_wait_until (blocker_done, &blocker, "the worker is free");

  wait_for_label (GTK_WIDGET (window), "Export stopped. No file was saved or changed.");
  ui_test_wait_until (ui_test_toplevel_gone, GSIZE_TO_POINTER (INV_TYPE_EXPORT_DIALOG), "the progress window closes");

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "earlier");
  g_assert_cmpuint (count_files (dir), ==, 1);

  g_mutex_clear (&blocker.mutex);
  g_cond_clear (&blocker.cond);
}

static char *
people_database (const char *name)
{
  char *path = ui_test_temp_path (name);
  g_autoptr(InvDatabase) database = test_database_new (path);
  gint64 template_id = test_add_template (database, 1, "Engineer");

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      gint64 id = test_add_invitation (database, template_id, people[i].email, people[i].name,
                                       100 + i, people[i].status);

      /* Ten days ago: older than "Today" and "Last 7 days". */
      g_assert_true (inv_database_append_history (database, id, inv_database_now () - 10 * 24 * 3600,
                                                  "invited", NULL, NULL));
    }

  return path;
}

static void
test_export (void)
{
  g_autofree char *path = people_database ("export.db");

  ui_test_run_app (path, export_body, NULL);
}

static void
test_export_stopped (void)
{
  g_autofree char *path = people_database ("export-stopped.db");

  ui_test_run_app (path, stop_body, NULL);
}

/* ---- Activity ------------------------------------------------------------------ */

static InvActivityPage *
activity_page (InvWindow *window)
{
  return INV_ACTIVITY_PAGE (adw_bin_get_child (ui_test_window_child (window, "activity_bin")));
}

typedef struct
{
  InvActivityPage *page;
  guint            n;
} EntryCount;

static gboolean
page_has_n_entries (gpointer data)
{
  EntryCount *count = data;

  return !inv_activity_page_get_loading (count->page) &&
         g_list_model_get_n_items (inv_activity_page_get_model (count->page)) == count->n;
}

static void
wait_for_entries (InvActivityPage *page,
                  guint            n)
{
  EntryCount count = { page, n };

  ui_test_wait_until (page_has_n_entries, &count, "the activity's entries");
}

static const InvActivityEntry *
entry_at (InvActivityPage *page,
          guint            position)
{
  g_autoptr(InvActivityItem) item = g_list_model_get_item (inv_activity_page_get_model (page), position);

  /* The model holds the item. */
  return inv_activity_item_get_entry (item);
}

/* "More actions" of the row of @name → "Delete invitation" → "Delete". */
static void
cancel_in_window (InvWindow  *window,
                  const char *name)
{
  InvInvitationsView *view = ui_test_main_view (window);
  g_autoptr(GPtrArray) buttons = ui_test_find_all (GTK_WIDGET (inv_invitations_view_get_column_view (view)),
                                                   GTK_TYPE_MENU_BUTTON);
  InvCancelDialog *dialog;
  GtkWidget *popover;
  GtkWidget *item;
  guint position = G_MAXUINT;

  for (guint i = 0; i < ui_test_view_n_rows (view); i++)
    {
      g_autoptr(InvInvitation) invitation = g_list_model_get_item (G_LIST_MODEL (inv_invitations_view_get_list (view)), i);

      if (g_str_equal (inv_invitation_get_candidate_name (invitation), name))
        position = i;
    }
  g_assert_cmpuint (position, <, buttons->len);

  popover = ui_test_open_menu (buttons->pdata[position]);
  item = ui_test_find_menu_item (popover, "Delete invitation");
  g_assert_nonnull (item);
  g_signal_emit_by_name (item, "clicked");

  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "the warning dialog");
  dialog = ui_test_find_toplevel (INV_TYPE_CANCEL_DIALOG);
  ui_test_choose_cancel_reason (GTK_WIDGET (dialog), "Position filled");
  ui_test_click (ui_test_find_button (GTK_WIDGET (dialog),
                                      adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), "delete")));
  ui_test_wait_until (ui_test_toplevel_gone, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "the warning dialog closes");
}

static void
activity_body (InvApplication *app,
               InvWindow      *window,
               gpointer        user_data)
{
  InvActivityPage *page;
  GtkWidget *search;
  GPtrArray *dropdowns;
  GtkDropDown *kind_dropdown;
  GtkDropDown *date_dropdown;
  UiTestRowCount all = { window, G_N_ELEMENTS (people) };
  const InvActivityEntry *entry;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "activity"));
  page = activity_page (window);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  wait_for_entries (page, G_N_ELEMENTS (people));
  wait_for_label (GTK_WIDGET (page), "Invited: Ann Able");

  /* A cancel in the window shows on the page, which is not read again by hand. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "invitations"));
  ui_test_wait_until (ui_test_main_list_has_n_rows, &all, "the list");
  cancel_in_window (window, "Ann Able");
  wait_for_entries (page, G_N_ELEMENTS (people) + 1);
  entry = entry_at (page, 0);
  g_assert_cmpstr (entry->event, ==, "cancelled");
  g_assert_cmpstr (entry->candidate_name, ==, "Ann Able");
  g_assert_cmpint (entry->actor, ==, INV_ACTIVITY_ACTOR_YOU);
  /* Held for undo, then waiting: no service is set up. */
  g_assert_cmpint (entry->outcome, ==, INV_ACTIVITY_OUTCOME_WAITING);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "activity"));
  wait_for_label (GTK_WIDGET (page), "Cancelled: Ann Able");
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (page), "You · Waiting to be sent"));
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (page), "Reason: "));

  /* The filters, as a person sets them. */
  dropdowns = ui_test_find_all (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN);
  g_assert_cmpuint (dropdowns->len, ==, 2);
  kind_dropdown = dropdowns->pdata[0];
  date_dropdown = dropdowns->pdata[1];
  g_ptr_array_unref (dropdowns);

  gtk_drop_down_set_selected (kind_dropdown, INV_ACTIVITY_KIND_CANCELS);
  wait_for_entries (page, 1);
  g_assert_cmpstr (entry_at (page, 0)->event, ==, "cancelled");

  gtk_drop_down_set_selected (kind_dropdown, INV_ACTIVITY_KIND_INVITES);
  wait_for_entries (page, G_N_ELEMENTS (people));

  /* Today: only the cancel; the invites were ten days ago. */
  gtk_drop_down_set_selected (kind_dropdown, INV_ACTIVITY_KIND_ALL);
  gtk_drop_down_set_selected (date_dropdown, 1);
  wait_for_entries (page, 1);
  gtk_drop_down_set_selected (date_dropdown, 0);
  wait_for_entries (page, G_N_ELEMENTS (people) + 1);

  search = ui_test_find_widget (GTK_WIDGET (page), ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY));
  gtk_editable_set_text (GTK_EDITABLE (search), "BAKER");
  wait_for_entries (page, 1);
  g_assert_cmpstr (entry_at (page, 0)->candidate_name, ==, "Bob Baker");

  /* Nothing matches: the page says so. */
  gtk_editable_set_text (GTK_EDITABLE (search), "nobody at all");
  wait_for_entries (page, 0);
  wait_for_label (GTK_WIDGET (page), "No Matching Activity");
}

static void
test_activity (void)
{
  g_autofree char *path = people_database ("activity.db");

  ui_test_run_app (path, activity_body, NULL);
}

static void
empty_activity_body (InvApplication *app,
                     InvWindow      *window,
                     gpointer        user_data)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "activity"));
  wait_for_label (GTK_WIDGET (activity_page (window)), "No Activity Yet");
}

static void
test_activity_empty (void)
{
  g_autofree char *path = ui_test_temp_path ("activity-empty.db");
  g_autoptr(InvDatabase) database = test_database_new (path);

  /* One invitation without history: the window shows its list, the page nothing. */
  test_add_invitation (database, test_add_template (database, 1, "Engineer"), "a@example.com", "A", 1, "pending");
  g_clear_object (&database);
  ui_test_run_app (path, empty_activity_body, NULL);
}

/* ---- The Cancelled On and Reason columns --------------------------------------- */

/* The action of the header menu's item labelled @label. */
static char *
header_menu_action (GtkColumnViewColumn *column,
                    const char          *label)
{
  GMenuModel *menu = gtk_column_view_column_get_header_menu (column);
  GMenuModel *section;

  g_assert_nonnull (menu);
  section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_nonnull (section);

  for (int i = 0; i < g_menu_model_get_n_items (section); i++)
    {
      g_autofree char *item_label = NULL;
      g_autofree char *action = NULL;

      g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &item_label);
      g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
      if (g_strcmp0 (item_label, label) == 0)
        {
          g_object_unref (section);
          return g_steal_pointer (&action);
        }
    }

  g_object_unref (section);

  return NULL;
}

static GtkColumnViewColumn *
column_titled (GtkColumnView *column_view,
               const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (column_view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }

  return NULL;
}

static gboolean
cell_shown (gpointer data)
{
  gpointer *args = data;
  GtkWidget *cell = ui_test_find_cell (args[0], args[1]);

  return cell != NULL && gtk_widget_get_mapped (cell);
}

/* A cell of @data's field that shows something. */
static gboolean
is_filled_cell (GtkWidget     *widget,
                gconstpointer  data)
{
  const char *text;

  if (!INV_IS_INVITATION_CELL (widget) ||
      inv_invitation_cell_get_field (INV_INVITATION_CELL (widget)) != (InvInvitationField)GPOINTER_TO_INT (data))
    return FALSE;

  text = inv_invitation_cell_get_text (INV_INVITATION_CELL (widget));

  return text != NULL && *text != '\0';
}

#define CANCELLED_AT G_GINT64_CONSTANT (1795338000)

static void
columns_body (InvApplication *app,
              InvWindow      *window,
              gpointer        user_data)
{
  GSettings *settings = inv_session_get_settings (inv_application_get_session (app));
  UiTestRowCount all = { window, G_N_ELEMENTS (people) };
  InvInvitationsView *view;
  GtkColumnView *column_view;
  GtkColumnViewColumn *cancelled;
  GtkColumnViewColumn *reason;
  g_autofree char *show_cancelled = NULL;
  g_autofree char *show_reason = NULL;
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (CANCELLED_AT);
  g_autofree char *date = g_date_time_format (dt, "%e %b %Y");
  g_auto(GStrv) visible = NULL;
  gpointer date_args[2];
  gpointer reason_args[2];

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "invitations"));
  ui_test_wait_until (ui_test_main_list_has_n_rows, &all, "the list");
  view = ui_test_main_view (window);
  column_view = inv_invitations_view_get_column_view (view);

  /* Hidden at first. */
  cancelled = column_titled (column_view, "Cancelled On");
  reason = column_titled (column_view, "Reason");
  g_assert_nonnull (cancelled);
  g_assert_nonnull (reason);
  g_assert_false (gtk_column_view_column_get_visible (cancelled));
  g_assert_false (gtk_column_view_column_get_visible (reason));

  /* Any header's menu offers them, beside the other columns that can hide. */
  show_cancelled = header_menu_action (column_titled (column_view, "Candidate"), "Cancelled On");
  show_reason = header_menu_action (column_titled (column_view, "Status"), "Reason");
  g_assert_nonnull (show_cancelled);
  g_assert_nonnull (show_reason);
  g_assert_null (header_menu_action (column_titled (column_view, "Status"), "Candidate"));
  {
    g_autofree char *show_email = header_menu_action (column_titled (column_view, "Status"), "Email");
    g_assert_nonnull (show_email);
  }

  /* Chosen, as the menu's check items do it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (column_view), show_cancelled, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (column_view), show_reason, NULL));
  g_assert_true (gtk_column_view_column_get_visible (cancelled));
  g_assert_true (gtk_column_view_column_get_visible (reason));

  /* The cancelled row shows when and why; the others nothing there. */
  date_args[0] = column_view;
  date_args[1] = date;
  ui_test_wait_until (cell_shown, date_args, "the Cancelled On date");
  reason_args[0] = column_view;
  reason_args[1] = (gpointer)inv_cancel_reason_get_label (INV_CANCEL_REASON_POSITION_FILLED);
  ui_test_wait_until (cell_shown, reason_args, "the reason");
  g_assert_cmpuint (ui_test_count_widgets (GTK_WIDGET (column_view), is_filled_cell,
                                           GINT_TO_POINTER (INV_INVITATION_FIELD_CANCELLED_ON)), ==, 1);
  g_assert_cmpuint (ui_test_count_widgets (GTK_WIDGET (column_view), is_filled_cell,
                                           GINT_TO_POINTER (INV_INVITATION_FIELD_REASON)), ==, 1);

  /* Kept for the next start. */
  visible = g_settings_get_strv (settings, "visible-columns");
  g_assert_true (g_strv_contains ((const char * const *)visible, "cancelled-on"));
  g_assert_true (g_strv_contains ((const char * const *)visible, "reason"));
  g_assert_true (g_strv_contains ((const char * const *)visible, "email"));

  /* And hidden again the same way. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (column_view), show_reason, NULL));
  g_assert_false (gtk_column_view_column_get_visible (reason));
  g_settings_reset (settings, "visible-columns");
  g_assert_false (gtk_column_view_column_get_visible (cancelled));
}

static void
test_columns (void)
{
  g_autofree char *path = people_database ("columns.db");
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);

  /* Di Dorn was cancelled for a filled position. */
  g_assert_true (inv_database_exec (database,
                                    "UPDATE invitations SET status = 'cancelled', cancel_reason = 'position_filled'"
                                    " WHERE candidate_name = 'Di Dorn'", NULL));
  g_assert_true (inv_database_append_history (database,
                                              test_query_int (database, "SELECT id FROM invitations WHERE candidate_name = 'Di Dorn' AND id > ?1", 0),
                                              CANCELLED_AT, "cancelled", "position_filled", NULL));
  g_clear_object (&database);

  ui_test_run_app (path, columns_body, NULL);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int status;

  ui_test_init (&argc, &argv, tmpdir);

  g_test_add_func ("/export/from-window", test_export);
  g_test_add_func ("/export/stopped", test_export_stopped);
  g_test_add_func ("/activity/live-and-filters", test_activity);
  g_test_add_func ("/activity/empty", test_activity_empty);
  g_test_add_func ("/columns/cancelled-on-and-reason", test_columns);

  status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return status;
}

/* test-keyboard.c: every flow without a pointer. The keys are pressed on the X server
 * and reach the app as a keyboard's do: a bulk cancel from the list and its undo,
 * Space and Delete on the row that has the keyboard, Ctrl+Z for a held re-invite, and
 * the shortcuts window against the shortcuts the app really has.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <adwaita.h>
#include <string.h>

#include "inv-application.h"
#include "inv-session.h"
#include "inv-candidate-dialog.h"
#include "inv-csv.h"
#include "inv-database-candidates.h"
#include "inv-database-invitations.h"
#include "inv-edit-candidate-dialog.h"
#include "inv-export-dialog.h"
#include "inv-history-dialog.h"
#include "inv-import-dialog.h"
#include "inv-invite-dialog.h"
#include "inv-invite-one-dialog.h"
#include "inv-message-template-dialog.h"
#include "inv-preferences-window.h"
#include "inv-reinvite-dialog.h"
#include "inv-bulk-bar.h"
#include "inv-cancel-dialog.h"
#include "inv-invitation-cell.h"
#include "inv-invitations-view.h"
#include "inv-reinvite.h"
#include "inv-selection-model.h"
#include "inv-window.h"
#include "sync-test-util.h"
#include "ui-test-screenshot.h"
#include "ui-test-util.h"

/* More than a screenful, so that Ctrl+A (the rows shown) and "Select all N matching"
 * differ. */
#define N_INVITATIONS 60

typedef struct
{
  char  *path;
  gint64 template_id;
  gint64 cancelled_id;    /* a cancelled invitation, to re-invite */
  gboolean ran;
} KeyTest;

static void
key_test_set_up (KeyTest    *test,
                 const char *name)
{
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  test->path = ui_test_temp_path (file);
  database = test_database_new (test->path);
  test->template_id = test_add_template (database, 1, "Backend Engineer");
  for (guint i = 0; i < N_INVITATIONS; i++)
    {
      g_autofree char *email = g_strdup_printf ("person%02u@example.org", i);
      g_autofree char *person = g_strdup_printf ("Person %02u", i);

      test_add_invitation (database, test->template_id, email, person, 1000 + i, "pending");
    }
  test->cancelled_id = test_add_invitation (database, test->template_id, "zoe@example.org", "Zoë Cancelled",
                                            2000, "cancelled");

  /* The longest undo period: the test decides when to undo, not the clock. */
  g_settings_set_uint (settings, "cancel-grace-seconds", 120);
  /* Every test starts on the Invitations page, whichever page the last one left. */
  g_settings_set_string (settings, "sidebar-page", "invitations");
}

static void
key_test_tear_down (KeyTest *test)
{
  g_assert_true (test->ran);
  g_free (test->path);
}

static gint64
count (KeyTest    *test,
       const char *sql)
{
  g_autoptr(InvDatabase) database = inv_database_open (test->path, NULL);

  g_assert_nonnull (database);

  return test_query_int (database, sql, 0);
}

/* ---- Waiting for what a key did ------------------------------------------------ */

typedef struct
{
  GtkWindow *window;
  GtkWidget *before;
} FocusMove;

static gboolean
focus_moved (gpointer data)
{
  FocusMove *move = data;

  return ui_test_focus_widget (move->window) != move->before;
}

/* Presses @keys and waits until the focus has left where it was. */
static GtkWidget *
press_to_move (GtkWindow  *window,
               const char *keys)
{
  FocusMove move = { window, ui_test_focus_widget (window) };

  ui_test_send_keys (window, keys);
  ui_test_wait_until (focus_moved, &move, keys);

  return ui_test_focus_widget (window);
}

typedef gboolean (*FocusIs) (GtkWidget *focus, gpointer data);

/* Presses Tab until the focus is where @is says, as someone looking at the screen
 * does; fails if Tab goes round without getting there. */
static GtkWidget *
tab_to (GtkWindow  *window,
        FocusIs     is,
        gpointer    data,
        const char *what)
{
  for (guint i = 0; i < 60; i++)
    {
      GtkWidget *focus = ui_test_focus_widget (window);

      if (focus != NULL && is (focus, data))
        return focus;
      if (focus != NULL)
        {
          g_autofree char *name = ui_test_describe_widget (focus);
          GString *chain = g_string_new (NULL);

          for (GtkWidget *w = gtk_widget_get_parent (focus); w != NULL && !GTK_IS_WINDOW (w); w = gtk_widget_get_parent (w))
            g_string_append_printf (chain, " < %s", G_OBJECT_TYPE_NAME (w));
          g_test_message ("Tab toward %s: %s%s", what, name, chain->str);
          g_string_free (chain, TRUE);
        }

      press_to_move (window, "Tab");
    }

  g_error ("Tab never reaches %s", what);
  return NULL;
}

static gboolean
is_list_row (GtkWidget *focus,
             gpointer   data)
{
  /* Whichever list shows the rows: the focus is below it, not the list itself. */
  return !GTK_IS_LIST_VIEW (focus) && gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_VIEW) != NULL &&
         gtk_widget_is_ancestor (focus, data);
}

/* The row widget of the list that holds @widget, or %NULL. */
static GtkWidget *
row_widget_of (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (GTK_IS_LIST_VIEW (gtk_widget_get_parent (widget)))
      return widget;

  return NULL;
}

/* The invitation of the row @focus is in, from the cells it holds. */
static InvInvitation *
focused_invitation (GtkWidget *focus)
{
  for (GtkWidget *widget = focus; widget != NULL && !GTK_IS_LIST_VIEW (widget); widget = gtk_widget_get_parent (widget))
    {
      g_autoptr(GPtrArray) cells = ui_test_find_all (widget, INV_TYPE_INVITATION_CELL);

      if (cells->len > 0)
        return inv_invitation_cell_get_item (cells->pdata[0]);
    }

  g_assert_not_reached ();
}

/* A button whose label starts with @data, or, an icon button, whose tooltip does: the
 * bar shows one or the other as the window's width allows. */
static gboolean
is_button_labelled (GtkWidget *focus,
                    gpointer   data)
{
  GtkWidget *button = GTK_IS_BUTTON (focus) ? focus : gtk_widget_get_ancestor (focus, GTK_TYPE_BUTTON);
  const char *label;

  if (button == NULL)
    return FALSE;

  label = gtk_button_get_label (GTK_BUTTON (button));
  if (label == NULL)
    label = gtk_widget_get_tooltip_text (button);
  if (label == NULL)
    return FALSE;

  return g_str_has_prefix (label, data) || (label[0] == '_' && g_str_has_prefix (label + 1, data));
}

static gboolean
focus_in_search (gpointer window)
{
  GtkWidget *focus = ui_test_focus_widget (window);

  return focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY) != NULL;
}

static gboolean
is_combo_row (GtkWidget *focus,
              gpointer   data)
{
  return ADW_IS_COMBO_ROW (focus) || gtk_widget_get_ancestor (focus, ADW_TYPE_COMBO_ROW) != NULL;
}

typedef struct
{
  InvSelectionModel *selection;
  guint              n;
} Selected;

static gboolean
n_selected_is (gpointer data)
{
  Selected *selected = data;

  return inv_selection_model_get_n_selected (selected->selection) == selected->n;
}

static gboolean
some_selected (gpointer data)
{
  return inv_selection_model_get_n_selected (data) > 0;
}

static gboolean
all_matching_selected (gpointer data)
{
  return inv_selection_model_get_all_matching (data);
}

/* The bar has slid in: its buttons take the keyboard only once they are shown. */
static gboolean
bar_shown (gpointer bar)
{
  GtkWidget *revealer = gtk_widget_get_first_child (bar);

  return gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)) &&
         gtk_widget_get_mapped (gtk_widget_get_first_child (revealer));
}

static InvCancelDialog *
find_cancel_dialog (void)
{
  return ui_test_find_toplevel (INV_TYPE_CANCEL_DIALOG);
}

typedef struct
{
  KeyTest    *test;
  const char *sql;
  gint64      value;
} DbState;

static gboolean
db_says (gpointer data)
{
  DbState *state = data;

  return count (state->test, state->sql) == state->value;
}

static gboolean
reason_chosen (gpointer data)
{
  return adw_combo_row_get_selected (data) != GTK_INVALID_LIST_POSITION &&
         adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (find_cancel_dialog ()),
                                                  INV_CANCEL_DIALOG_RESPONSE_DELETE);
}

static gboolean
popover_shown (gpointer data)
{
  g_autoptr(GPtrArray) popovers = ui_test_find_all (data, GTK_TYPE_POPOVER);

  for (guint i = 0; i < popovers->len; i++)
    if (gtk_widget_get_mapped (popovers->pdata[i]))
      return TRUE;

  return FALSE;
}

static gboolean
no_popover_shown (gpointer data)
{
  return !popover_shown (data);
}

/* ---- A bulk cancel and its undo, from the keyboard ----------------------------- */

static gboolean
toast_says (gpointer data)
{
  return ui_test_find_label_containing (GTK_WIDGET (ui_test_find_toplevel (INV_TYPE_WINDOW)), data) != NULL;
}

static gboolean
toast_gone (gpointer data)
{
  return !toast_says (data);
}

static void
bulk_cancel_body (InvApplication *app,
                  InvWindow      *window,
                  gpointer        user_data)
{
  KeyTest *test = user_data;
  UiTestRowCount rows = { window, N_INVITATIONS + 1 };
  InvInvitationsView *view;
  InvSelectionModel *selection;
  InvCancelDialog *dialog;
  GtkWidget *reason;
  GtkWidget *row;
  GtkWidget *bar;
  GtkWidget *select_all;
  Selected one, none;
  DbState cancelled = { test, "SELECT count(*) FROM invitations WHERE status = 'cancelled' AND ?1 = ?1", 0 };
  guint n_shown;

  test->ran = TRUE;
  ui_test_wait_until (ui_test_main_list_has_n_rows, &rows, "the list is read");
  view = ui_test_main_view (window);
  selection = inv_invitations_view_get_selection (view);
  one = (Selected) { selection, 1 };
  none = (Selected) { selection, 0 };

  /* Ctrl+F, then Tab to the rows. */
  ui_test_send_keys (GTK_WINDOW (window), "ctrl+f");
  ui_test_wait_until (focus_in_search, window, "Ctrl+F gives the search the keyboard");
  row = tab_to (GTK_WINDOW (window), is_list_row, view, "a row of the list");

  /* Space ticks the row with the keyboard, and again unticks it. */
  ui_test_send_keys (GTK_WINDOW (window), "space");
  ui_test_wait_until (n_selected_is, &one, "Space ticks the row");
  ui_test_send_keys (GTK_WINDOW (window), "space");
  ui_test_wait_until (n_selected_is, &none, "Space unticks it");

  /* Shift+F10 and Menu open the row's ⋮ menu; Escape closes it. */
  ui_test_send_keys (GTK_WINDOW (window), "shift+F10");
  ui_test_wait_until (popover_shown, window, "Shift+F10 opens the row's menu");
  ui_test_send_keys (GTK_WINDOW (window), "Escape");
  ui_test_wait_until (no_popover_shown, window, "Escape closes it");
  /* The keyboard is back in the row, not on an item of the closed menu. */
  g_assert_true (row_widget_of (gtk_root_get_focus (GTK_ROOT (window))) == row_widget_of (row));
  ui_test_send_keys (GTK_WINDOW (window), "Menu");
  ui_test_wait_until (popover_shown, window, "Menu opens the row's menu");
  ui_test_send_keys (GTK_WINDOW (window), "Escape");
  ui_test_wait_until (no_popover_shown, window, "Escape closes it");

  /* Delete with nothing ticked asks about the row with the keyboard; Escape keeps it. */
  ui_test_send_keys (GTK_WINDOW (window), "Delete");
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "Delete asks");
  dialog = find_cancel_dialog ();
  /* For that row alone, which it names. */
  g_assert_cmpuint (inv_cancel_dialog_get_preview (dialog)->n_requested, ==, 1);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Delete Invitation?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            inv_invitation_get_candidate_name (focused_invitation (row))));
  ui_test_send_keys (GTK_WINDOW (dialog), "Escape");
  ui_test_wait_until (ui_test_toplevel_gone, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "Escape keeps it");
  g_assert_cmpint (count (test, cancelled.sql), ==, 1);

  /* Ctrl+A ticks the rows on screen; the bar offers every matching one. */
  ui_test_send_keys (GTK_WINDOW (window), "ctrl+a");
  ui_test_wait_until (some_selected, selection, "Ctrl+A ticks the rows shown");
  n_shown = inv_selection_model_get_n_selected (selection);
  g_test_message ("Ctrl+A ticked %u rows", n_shown);
  g_assert_cmpuint (n_shown, <, N_INVITATIONS);
  g_assert_false (inv_selection_model_get_all_matching (selection));
  bar = ui_test_find_widget (GTK_WIDGET (view), ui_test_is_of_type, GSIZE_TO_POINTER (INV_TYPE_BULK_BAR));
  ui_test_wait_until (bar_shown, bar, "the selection bar slides in");
  select_all = tab_to (GTK_WINDOW (window), is_button_labelled, (gpointer)"Select all", "Select all matching");
  g_assert_true (is_button_labelled (select_all, (gpointer)"Select all 61 matching"));
  ui_test_send_keys (GTK_WINDOW (window), "Return");
  ui_test_wait_until (all_matching_selected, selection, "every matching invitation is selected");
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, N_INVITATIONS + 1);

  /* Tab goes round the window, through the sidebar and the filters, and back into
   * the rows: not through each of the sixty-one. */
  press_to_move (GTK_WINDOW (window), "Tab");
  tab_to (GTK_WINDOW (window), is_list_row, view, "the rows again");

  /* Delete: the warning, with the exact count. */
  ui_test_send_keys (GTK_WINDOW (window), "Delete");
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "Delete asks");
  dialog = find_cancel_dialog ();
  g_assert_cmpuint (inv_cancel_dialog_get_preview (dialog)->n_eligible, ==, N_INVITATIONS);

  /* A reason, with keys: Tab to it, open its list, go down, choose. */
  reason = tab_to (GTK_WINDOW (dialog), is_combo_row, NULL, "the reason");
  reason = ADW_IS_COMBO_ROW (reason) ? reason : gtk_widget_get_ancestor (reason, ADW_TYPE_COMBO_ROW);
  ui_test_send_keys (GTK_WINDOW (dialog), "space");
  ui_test_wait_until (popover_shown, reason, "the reasons are listed");
  ui_test_send_keys (GTK_WINDOW (dialog), "Down Return");
  ui_test_wait_until (no_popover_shown, reason, "the list closes");
  ui_test_wait_until (reason_chosen, reason, "a reason is chosen");

  /* Tab to the destructive response and press it. */
  tab_to (GTK_WINDOW (dialog), is_button_labelled, (gpointer)"Delete 60", "Delete 60 Invitations");
  ui_test_send_keys (GTK_WINDOW (dialog), "Return");
  ui_test_wait_until (ui_test_toplevel_gone, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "the warning closes");
  cancelled.value = N_INVITATIONS + 1;
  ui_test_wait_until (db_says, &cancelled, "the sixty are cancelled");
  g_assert_cmpint (count (test, "SELECT count(*) FROM outbox WHERE operation = 'cancel' AND hold_until > strftime('%s','now') AND ?1 = ?1"),
                   ==, N_INVITATIONS);
  ui_test_wait_until (toast_says, (gpointer)"60 invitations deleted", "the toast offers Undo");

  /* Ctrl+Z: all back as they were, nothing left to send; the toast's Undo goes. */
  ui_test_send_keys (GTK_WINDOW (window), "ctrl+z");
  cancelled.value = 1;
  ui_test_wait_until (db_says, &cancelled, "Ctrl+Z restores them");
  g_assert_cmpint (count (test, "SELECT count(*) FROM invitations WHERE status = 'pending' AND ?1 = ?1"), ==, N_INVITATIONS);
  g_assert_cmpint (count (test, "SELECT count(*) FROM outbox WHERE ?1 = ?1"), ==, 0);
  ui_test_wait_until (toast_gone, (gpointer)"60 invitations deleted", "the cancel's toast goes with its batch");
}

static void
test_bulk_cancel_and_undo (void)
{
  KeyTest test = { 0 };

  key_test_set_up (&test, "keyboard-bulk");
  ui_test_run_app (test.path, bulk_cancel_body, &test);
  key_test_tear_down (&test);
}

/* ---- Ctrl+Z takes back a held re-invite -------------------------------------- */

static void
reinvite_undo_body (InvApplication *app,
                    InvWindow      *window,
                    gpointer        user_data)
{
  KeyTest *test = user_data;
  InvSession *session = inv_application_get_session (app);
  InvDatabase *database = inv_session_get_database (session);
  UiTestRowCount rows = { window, N_INVITATIONS + 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCancelResult) result = NULL;
  InvCancelOptions options;
  gint64 first_id;
  gint64 batch_id = 0;
  DbState reinvited = { test, "SELECT count(*) FROM invitations WHERE id = ?1 AND status = 'cancelled'", 0 };
  DbState first_back = { test, NULL, 1 };
  g_autofree char *first_sql = NULL;

  test->ran = TRUE;
  ui_test_wait_until (ui_test_main_list_has_n_rows, &rows, "the list is read");

  /* First a cancel, then a re-invite: Ctrl+Z takes back the newer first. */
  first_id = test_query_int (database, "SELECT min(id) FROM invitations WHERE status = 'pending' AND ?1 = ?1", 0);
  inv_cancel_options_init (&options);
  options.reason = INV_CANCEL_REASON_POSITION_FILLED;
  options.notify_candidate = FALSE;
  options.grace_seconds = 120;
  result = inv_cancel_apply (database, &first_id, 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_cancelled, ==, 1);

  g_assert_true (inv_reinvite (database, test->cancelled_id, 0, FALSE, 120, &batch_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (batch_id, >, result->batch_id);
  g_assert_cmpint (count (test, "SELECT count(*) FROM invitations WHERE status = 'cancelled' AND ?1 = ?1"), ==, 1);

  /* Ctrl+Z: the re-invite is taken back, the cancel stays… */
  ui_test_send_keys (GTK_WINDOW (window), "ctrl+z");
  reinvited.sql = g_strdup_printf ("SELECT count(*) FROM invitations WHERE id = %" G_GINT64_FORMAT " AND status = 'cancelled' AND ?1 = ?1",
                                   test->cancelled_id);
  reinvited.value = 1;
  ui_test_wait_until (db_says, &reinvited, "Ctrl+Z takes the re-invite back");
  g_assert_cmpint (count (test, "SELECT count(*) FROM outbox WHERE operation = 'reinvite' AND ?1 = ?1"), ==, 0);
  first_sql = g_strdup_printf ("SELECT count(*) FROM invitations WHERE id = %" G_GINT64_FORMAT " AND status = 'cancelled' AND ?1 = ?1",
                               first_id);
  g_assert_cmpint (count (test, first_sql), ==, 1);
  ui_test_wait_until (toast_says, (gpointer)"Re-invite of Zoë Cancelled undone", "the window says so");

  /* …and the next Ctrl+Z undoes the cancel. */
  ui_test_send_keys (GTK_WINDOW (window), "ctrl+z");
  first_back.sql = g_strdup_printf ("SELECT count(*) FROM invitations WHERE id = %" G_GINT64_FORMAT " AND status = 'pending' AND ?1 = ?1",
                                    first_id);
  ui_test_wait_until (db_says, &first_back, "the second Ctrl+Z undoes the cancel");
  g_assert_cmpint (count (test, "SELECT count(*) FROM outbox WHERE ?1 = ?1"), ==, 0);

  /* A sample invitation's re-invite, which sends nothing, is taken back the same way. */
  {
    g_autofree char *make_sample = g_strdup_printf ("UPDATE invitations SET is_sample = 1, status = 'expired', sync_state = 'local' "
                                                    "WHERE id = %" G_GINT64_FORMAT, test->cancelled_id);
    DbState expired = { test, NULL, 1 };

    g_assert_true (inv_database_exec (database, make_sample, NULL));
    g_assert_true (inv_reinvite (database, test->cancelled_id, 0, FALSE, 120, &batch_id, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count (test, "SELECT count(*) FROM outbox WHERE ?1 = ?1"), ==, 0);
    expired.sql = g_strdup_printf ("SELECT count(*) FROM invitations WHERE id = %" G_GINT64_FORMAT " AND status = 'expired' AND ?1 = ?1",
                                   test->cancelled_id);
    g_assert_cmpint (count (test, expired.sql), ==, 0);
    ui_test_send_keys (GTK_WINDOW (window), "ctrl+z");
    ui_test_wait_until (db_says, &expired, "Ctrl+Z takes the sample re-invite back");
    g_free ((char *)expired.sql);
  }

  g_free ((char *)reinvited.sql);
  g_free ((char *)first_back.sql);
}

static void
test_undo_reinvite (void)
{
  KeyTest test = { 0 };

  key_test_set_up (&test, "keyboard-reinvite");
  ui_test_run_app (test.path, reinvite_undo_body, &test);
  key_test_tear_down (&test);
}

/* ---- Ctrl+N, F5, Ctrl+R and Ctrl+F from anywhere in the window --------------- */

static gboolean
page_is (gpointer data)
{
  const char **wanted = data;
  InvWindow *window = ui_test_find_toplevel (INV_TYPE_WINDOW);

  return window != NULL &&
         g_strcmp0 (gtk_stack_get_visible_child_name (ui_test_window_child (window, "content_stack")), *wanted) == 0;
}

static gboolean
invite_one_shown (gpointer data)
{
  return ui_test_toplevel_shown (GSIZE_TO_POINTER (INV_TYPE_INVITE_ONE_DIALOG));
}

static void
window_shortcuts_body (InvApplication *app,
                       InvWindow      *window,
                       gpointer        user_data)
{
  KeyTest *test = user_data;
  InvDatabase *database = inv_session_get_database (inv_application_get_session (app));
  UiTestRowCount rows = { window, N_INVITATIONS + 1 };
  const char *sync = "sync";
  const char *invitations = "invitations";
  GtkWidget *dialog;

  test->ran = TRUE;
  ui_test_wait_until (ui_test_main_list_has_n_rows, &rows, "the list is read");

  /* Ctrl+N with one template: its invite, at once. Escape closes it. */
  ui_test_send_keys (GTK_WINDOW (window), "ctrl+n");
  ui_test_wait_until (invite_one_shown, NULL, "Ctrl+N opens the invite");
  dialog = ui_test_find_toplevel (INV_TYPE_INVITE_ONE_DIALOG);
  ui_test_send_keys (GTK_WINDOW (dialog), "Escape");
  ui_test_wait_until (ui_test_toplevel_gone, GSIZE_TO_POINTER (INV_TYPE_INVITE_ONE_DIALOG), "Escape closes it");

  /* With two, the templates to choose from, over the page shown: Down, Return. */
  test_add_template (database, 2, "Product Designer");
  ui_test_send_keys (GTK_WINDOW (window), "ctrl+n");
  ui_test_wait_until (popover_shown, window, "Ctrl+N lists the templates");
  ui_test_screenshot (GTK_WIDGET (window), "keys-invite-popover");
  ui_test_send_keys (GTK_WINDOW (window), "Down Return");
  ui_test_wait_until (invite_one_shown, NULL, "the chosen template's invite opens");
  dialog = ui_test_find_toplevel (INV_TYPE_INVITE_ONE_DIALOG);
  ui_test_send_keys (GTK_WINDOW (dialog), "Escape");
  ui_test_wait_until (ui_test_toplevel_gone, GSIZE_TO_POINTER (INV_TYPE_INVITE_ONE_DIALOG), "Escape closes it");

  /* F5 and Ctrl+R, with no service set up: the Sync page says what is missing. */
  ui_test_send_keys (GTK_WINDOW (window), "F5");
  ui_test_wait_until (page_is, &sync, "F5 shows the Sync page");
  ui_test_send_keys (GTK_WINDOW (window), "alt+1");
  ui_test_wait_until (page_is, &invitations, "Alt+1 goes back");
  ui_test_send_keys (GTK_WINDOW (window), "ctrl+r");
  ui_test_wait_until (page_is, &sync, "Ctrl+R shows the Sync page");

  /* Ctrl+F back on the list, with the keyboard in the sidebar: the list's search. */
  ui_test_send_keys (GTK_WINDOW (window), "alt+1");
  ui_test_wait_until (page_is, &invitations, "Alt+1 goes back");
  gtk_widget_grab_focus (GTK_WIDGET (ui_test_window_child (window, "sidebar_list")));
  ui_test_send_keys (GTK_WINDOW (window), "ctrl+f");
  ui_test_wait_until (focus_in_search, window, "Ctrl+F gives the search the keyboard");
}

static void
test_window_shortcuts (void)
{
  KeyTest test = { 0 };

  key_test_set_up (&test, "keyboard-window");
  ui_test_run_app (test.path, window_shortcuts_body, &test);
  key_test_tear_down (&test);
}

/* ---- The shortcuts window lists what the app has ------------------------------- */

static void
collect_shortcuts (GtkWidget *widget,
                   GPtrArray *shortcuts)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SHORTCUTS_SHORTCUT (child))
        g_ptr_array_add (shortcuts, child);
      collect_shortcuts (child, shortcuts);
    }
}

/* The accelerator a shortcut of the window shows: its own, or its action's. */
static char *
shown_accelerator (GtkApplication *app,
                   GtkWidget      *shortcut)
{
  g_autofree char *accelerator = NULL;
  g_autofree char *action = NULL;

  g_object_get (shortcut, "accelerator", &accelerator, "action-name", &action, NULL);
  if (accelerator != NULL && *accelerator != '\0')
    return g_steal_pointer (&accelerator);
  if (action != NULL)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, action);

      if (accels[0] != NULL)
        return g_strjoinv (" ", accels);
    }

  return NULL;
}

static gboolean
lists_accelerator (GtkApplication *app,
                   GPtrArray      *shortcuts,
                   const char     *wanted)
{
  guint key = 0;
  GdkModifierType mods = 0;

  g_assert_true (gtk_accelerator_parse (wanted, &key, &mods));

  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *shown = shown_accelerator (app, shortcuts->pdata[i]);
      g_auto(GStrv) each = NULL;

      if (shown == NULL)
        continue;

      each = g_strsplit (shown, " ", -1);
      for (guint j = 0; each[j] != NULL; j++)
        {
          guint shown_key = 0;
          GdkModifierType shown_mods = 0;

          if (gtk_accelerator_parse (each[j], &shown_key, &shown_mods) &&
              gdk_keyval_to_lower (shown_key) == gdk_keyval_to_lower (key) && shown_mods == mods)
            return TRUE;
        }
    }

  return FALSE;
}

static const char *
title_of (GPtrArray  *shortcuts,
          GtkApplication *app,
          const char *wanted)
{
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *shown = shown_accelerator (app, shortcuts->pdata[i]);

      if (shown != NULL && strstr (shown, wanted) != NULL)
        {
          static char title[256];
          g_autofree char *text = NULL;

          g_object_get (shortcuts->pdata[i], "title", &text, NULL);
          g_strlcpy (title, text, sizeof title);
          return title;
        }
    }

  return NULL;
}

static void
shortcuts_body (InvApplication *app,
                InvWindow      *window,
                gpointer        user_data)
{
  KeyTest *test = user_data;
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  /* The list's own keys, which are the view's and not the app's. */
  const char * const list_keys[] = { "<Control>f", "<Control>a", "<Control><Shift>a", "space", "Delete", "Escape", NULL };
  const char * const gnome_keys[] = { "<Control>r", "F5", "<Control>n", "<Control>z", "<Control>comma",
                                      "<Control>q", "<Control>question", NULL };
  UiTestRowCount rows = { window, N_INVITATIONS + 1 };

  test->ran = TRUE;
  ui_test_wait_until (ui_test_main_list_has_n_rows, &rows, "the list is read");
  g_assert_nonnull (overlay);
  collect_shortcuts (GTK_WIDGET (overlay), shortcuts);
  g_assert_cmpuint (shortcuts->len, >, 0);

  /* Every accelerator the app sets is listed… */
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        {
          g_test_message ("%s: %s", actions[i], accels[j]);
          if (!lists_accelerator (GTK_APPLICATION (app), shortcuts, accels[j]))
            g_error ("The shortcuts window does not list %s (%s)", accels[j], actions[i]);
        }
    }

  /* …and GNOME's usual keys, the list's among them, are all there. */
  for (guint i = 0; gnome_keys[i] != NULL; i++)
    if (!lists_accelerator (GTK_APPLICATION (app), shortcuts, gnome_keys[i]))
      g_error ("The shortcuts window does not list %s", gnome_keys[i]);
  for (guint i = 0; list_keys[i] != NULL; i++)
    if (!lists_accelerator (GTK_APPLICATION (app), shortcuts, list_keys[i]))
      g_error ("The shortcuts window does not list %s", list_keys[i]);

  /* A shortcut named by its action shows the app's key for it, never nothing. */
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *shown = shown_accelerator (GTK_APPLICATION (app), shortcuts->pdata[i]);
      g_autofree char *title = NULL;

      g_object_get (shortcuts->pdata[i], "title", &title, NULL);
      g_assert_nonnull (title);
      if (shown == NULL)
        g_error ("“%s” has no key", title);
    }
  g_assert_cmpstr (title_of (shortcuts, GTK_APPLICATION (app), "F5"), ==, "Sync Now");
  g_assert_cmpstr (title_of (shortcuts, GTK_APPLICATION (app), "<Control>z"), ==, "Undo");

  /* Ctrl+? shows it, from the keyboard. */
  ui_test_send_keys (GTK_WINDOW (window), "ctrl+question");
  ui_test_wait_until (ui_test_widget_mapped, overlay, "Ctrl+? shows the shortcuts");
  gtk_window_set_default_size (GTK_WINDOW (overlay), 1100, 760);
  ui_test_wait_for_frames (GTK_WIDGET (overlay), 3);
  /* keys-shortcuts-light.png and -dark.png, with INV_TEST_SCREENSHOTS set. */
  ui_test_screenshot (GTK_WIDGET (overlay), "keys-shortcuts");
  gtk_window_close (GTK_WINDOW (overlay));
}

static void
test_shortcuts_window (void)
{
  KeyTest test = { 0 };

  key_test_set_up (&test, "keyboard-shortcuts");
  ui_test_run_app (test.path, shortcuts_body, &test);
  key_test_tear_down (&test);
}

/* ---- Tab through every dialog ----------------------------------------------- */

/* Shows @window alone, walks Tab through it and closes it. */
static void
walk_dialog (GtkWidget          *window,
             const char * const *responses)
{
  g_assert_nonnull (window);
  gtk_window_present (GTK_WINDOW (window));
  ui_test_wait_until (ui_test_widget_mapped, window, "the dialog is shown");
  ui_test_wait_for_frames (window, 2);
  ui_test_assert_tab_reaches_all (GTK_WINDOW (window), NULL, responses);
  ui_test_destroy_window (GTK_WINDOW (window));
}

static gboolean
send_enabled (gpointer dialog)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (dialog, INV_TYPE_INVITE_DIALOG, "send_button")));
}

static gboolean
stack_shows_results (gpointer stack)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "results") == 0;
}

static void
test_tab_dialogs (void)
{
  g_autofree char *path = ui_test_temp_path ("keyboard-tab.db");
  g_autofree char *csv_path = ui_test_temp_path ("keyboard-tab.csv");
  g_autoptr(InvDatabase) database = test_database_new (path);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(InvSession) session = inv_session_new (database, settings);
  g_autoptr(InvInvitation) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) row_errors = NULL;
  g_autoptr(GArray) imported = NULL;
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  InvCsvCandidates *csv;
  gint64 template_id = test_add_template (database, 1, "Backend Engineer");
  gint64 invitation_id = test_add_invitation (database, template_id, "jo@example.org", "Jo Example", 11, "pending");
  gint64 cancelled_id = test_add_invitation (database, template_id, "zoe@example.org", "Zoë Example", 12, "cancelled");
  gint64 candidate_id = test_query_int (database, "SELECT candidate_id FROM invitations WHERE id = ?1", invitation_id);
  guint n_added = 0;

  /* The dialogs' resources come with the application's class. */
  g_type_class_unref (g_type_class_ref (INV_TYPE_APPLICATION));

  g_array_append_val (candidates, candidate_id);
  cancelled = inv_database_load_invitation (database, cancelled_id, NULL);
  g_assert_nonnull (cancelled);

  /* An import with rows in and rows out, so the report has both lists. */
  g_assert_true (g_file_set_contents (csv_path,
                                      "First Name,Last Name,Email,Phone\r\n"
                                      "Pat,Lee,pat@example.org,+1 555 0100\r\n"
                                      "Ana,Silva,ana@example,\r\n",
                                      -1, NULL));
  csv = inv_csv_read_candidates_file (csv_path, NULL, &error);
  g_assert_no_error (error);
  imported = inv_database_import_candidates (database, csv, &n_added, &row_errors, &error);
  g_assert_no_error (error);

  {
    const char * const responses[] = { "Cancel", NULL };
    walk_dialog (GTK_WIDGET (inv_invite_dialog_new (NULL, session, (const gint64 *)(gpointer)candidates->data, 1)), responses);
  }
  {
    const char * const responses[] = { "Cancel", NULL };
    walk_dialog (GTK_WIDGET (inv_invite_one_dialog_new (NULL, session, template_id)), responses);
  }
  {
    const char * const responses[] = { "Cancel", NULL };
    walk_dialog (GTK_WIDGET (inv_candidate_dialog_new (NULL, session, 0)), responses);
  }
  {
    const char * const responses[] = { "Cancel", "Save", NULL };
    walk_dialog (GTK_WIDGET (inv_candidate_dialog_new (NULL, session, candidate_id)), responses);
  }
  {
    const char * const responses[] = { "Cancel", NULL };
    walk_dialog (inv_edit_candidate_dialog_new (NULL, session, candidate_id), responses);
  }
  {
    const char * const responses[] = { "Cancel", NULL };
    walk_dialog (inv_message_template_dialog_new (NULL, session, template_id), responses);
  }
  {
    walk_dialog (inv_history_dialog_new (NULL, session, invitation_id, "Jo Example"), NULL);
  }
  {
    const char * const responses[] = { "Close", NULL };
    walk_dialog (GTK_WIDGET (inv_import_dialog_new (NULL, session, "keyboard-tab.csv", csv, imported, row_errors, n_added)),
                 responses);
  }
  {
    const char * const responses[] = { "Stop Export", NULL };
    walk_dialog (GTK_WIDGET (inv_export_dialog_new (session, query, NULL)), responses);
  }
  {
    const char * const responses[] = { "Cancel", "Re-invite", NULL };
    walk_dialog (GTK_WIDGET (inv_reinvite_dialog_new (NULL, session, cancelled)), responses);
  }
  /* The invite's results, once sent, with their own buttons. */
  {
    const char * const responses[] = { "Close", NULL };
    gint64 fresh = test_add_invitation (database, template_id, "kim@example.org", "Kim Example", 13, "expired");
    gint64 fresh_candidate = test_query_int (database, "SELECT candidate_id FROM invitations WHERE id = ?1", fresh);
    InvInviteDialog *dialog = inv_invite_dialog_new (NULL, session, &fresh_candidate, 1);
    GObject *stack = gtk_widget_get_template_child (GTK_WIDGET (dialog), INV_TYPE_INVITE_DIALOG, "stack");

    gtk_window_present (GTK_WINDOW (dialog));
    ui_test_wait_until (ui_test_widget_mapped, dialog, "the invite dialog");
    ui_test_wait_until (send_enabled, dialog, "the invite can be sent");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "invite.send", NULL));
    ui_test_wait_until (stack_shows_results, stack, "the results");
    walk_dialog (GTK_WIDGET (dialog), responses);
  }

  /* Each page of the preferences, as the view switcher shows it. */
  {
    GtkWidget *preferences = GTK_WIDGET (inv_preferences_window_new (NULL, session));
    g_autoptr(GPtrArray) pages = ui_test_collect (preferences, ui_test_is_of_type,
                                                  GSIZE_TO_POINTER (ADW_TYPE_PREFERENCES_PAGE));

    g_assert_cmpuint (pages->len, >, 0);
    gtk_window_present (GTK_WINDOW (preferences));
    ui_test_wait_until (ui_test_widget_mapped, preferences, "the preferences");
    for (guint i = 0; i < pages->len; i++)
      {
        const char *title = adw_preferences_page_get_title (pages->pdata[i]);

        /* The window's own page for search results has no title, and no switcher button. */
        if (title == NULL || *title == '\0')
          continue;
        adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), pages->pdata[i]);
        ui_test_wait_until (ui_test_widget_mapped, pages->pdata[i], "the page");
        ui_test_wait_for_frames (preferences, 2);
        gtk_root_set_focus (GTK_ROOT (preferences), NULL);
        ui_test_assert_tab_reaches_all (GTK_WINDOW (preferences), NULL, NULL);
      }
    ui_test_destroy_window (GTK_WINDOW (preferences));
  }

  inv_csv_candidates_free (csv);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  ui_test_init (&argc, &argv, tmpdir);

  g_test_add_func ("/keyboard/bulk-cancel-and-undo", test_bulk_cancel_and_undo);
  g_test_add_func ("/keyboard/undo-reinvite", test_undo_reinvite);
  g_test_add_func ("/keyboard/window-shortcuts", test_window_shortcuts);
  g_test_add_func ("/keyboard/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/keyboard/tab-through-dialogs", test_tab_dialogs);

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

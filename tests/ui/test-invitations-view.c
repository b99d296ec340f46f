/* test-invitations-view.c: the invitations list, its selection and the cancel flows,
 * driven the way a person does — ticking rows, pressing the bar's buttons, opening
 * the row menu, answering the dialog, pressing Undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <adwaita.h>
#include <string.h>

#include "inv-application.h"
#include "inv-bulk-bar.h"
#include "inv-cancel-dialog.h"
#include "inv-database-invitations.h"
#include "inv-database-templates.h"
#include "inv-history-dialog.h"
#include "inv-invitation-cell.h"
#include "inv-invitation-check.h"
#include "inv-invitation-row.h"
#include "inv-invitations-view.h"
#include "inv-invitations-view-private.h"
#include "inv-message-template.h"
#include "inv-reinvite-dialog.h"
#include "inv-sample-data.h"
#include "inv-selection-model.h"
#include "inv-status-badge.h"
#include "inv-window.h"
#include "core-test-util.h"
#include "ui-test-screenshot.h"
#include "ui-test-util.h"

#define N_LARGE 100000
#define N_SMALL 400

static InvDatabase *large_database;  /* read-only tests share it */

/* ---- Helpers ------------------------------------------------------------------ */

static char *
status_of (InvDatabase *database,
           gint64       id)
{
  sqlite3_stmt *stmt = NULL;
  char *status;

  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database),
                                       "SELECT status FROM invitations WHERE id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  status = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return status;
}

static InvDatabase *
new_database (guint n)
{
  g_autoptr(GError) error = NULL;
  static guint counter;
  g_autofree char *name = g_strdup_printf ("view-%u.db", ++counter);
  g_autofree char *file = g_build_filename (g_get_tmp_dir (), name, NULL);
  InvDatabase *database;

  database = inv_database_open (file, &error);
  g_assert_no_error (error);
  g_assert_true (inv_sample_data_add (database, n, 42, NULL, NULL, &error));
  g_assert_no_error (error);

  return database;
}

typedef struct
{
  GtkWindow          *window;
  InvInvitationsView *view;
  InvDatabase        *database;
  InvSession         *session;
  GSimpleActionGroup *app_actions;  /* the "app." actions the application would add */
} Fixture;

static InvBulkBar *
bulk_bar (Fixture *f)
{
  g_autoptr(GPtrArray) bars = ui_test_find_all (GTK_WIDGET (f->view), INV_TYPE_BULK_BAR);

  g_assert_cmpuint (bars->len, ==, 1);

  return bars->pdata[0];
}

static gboolean
rows_shown (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) checks = ui_test_find_all (GTK_WIDGET (inv_invitations_view_get_column_view (f->view)),
                                                  GTK_TYPE_CHECK_BUTTON);

  return checks->len >= 5;
}

/* The rows of the current filter are in (the id query runs off the main thread). */
static gboolean
list_settled (gpointer data)
{
  Fixture *f = data;

  return !inv_invitations_view_get_loading (f->view);
}

static gboolean
view_idle (gpointer data)
{
  Fixture *f = data;

  return !inv_invitations_view_get_busy (f->view) && !inv_invitations_view_get_loading (f->view);
}

/* The rows on screen show the list as it is now: nothing is read or written for it,
 * nor about to be (a change followed in place is checked by reading the list again a
 * moment later, which binds every row anew and so replaces an open row menu), and
 * each row is bound to the invitation at its place, ticked as the selection says.
 * A row is bound again at a frame after the list changed, which a loaded machine
 * takes its time to draw. The rows are the column view's children in order, the
 * first one at the top. */
static gboolean
rows_current (gpointer data)
{
  Fixture *f = data;
  InvInvitationList *list = inv_invitations_view_get_list (f->view);
  InvSelectionModel *selection = inv_invitations_view_get_selection (f->view);
  GtkWidget *column_view = GTK_WIDGET (inv_invitations_view_get_column_view (f->view));
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  guint n_items;
  guint n_rows = 0;

  if (!view_idle (f) || f->view->reconcile_id != 0 || f->view->reload_pending)
    return FALSE;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  checks = ui_test_find_all (column_view, INV_TYPE_INVITATION_CHECK);
  if (checks->len < MIN (n_items, 5) || checks->len > n_items)
    return FALSE;

  /* Each row's candidate cell shows that row's invitation. */
  cells = ui_test_find_all (column_view, INV_TYPE_INVITATION_CELL);
  for (guint i = 0; i < cells->len; i++)
    {
      InvInvitation *item;

      if (inv_invitation_cell_get_field (cells->pdata[i]) != INV_INVITATION_FIELD_CANDIDATE)
        continue;

      item = inv_invitation_cell_get_item (cells->pdata[i]);
      if (n_rows >= n_items || item == NULL ||
          inv_invitation_get_id (item) != inv_invitation_list_get_id (list, n_rows))
        return FALSE;
      n_rows++;
    }
  if (n_rows != checks->len)
    return FALSE;

  for (guint i = 0; i < checks->len; i++)
    {
      g_autoptr(InvInvitation) item = NULL;
      GtkWidget *check = ui_test_find_widget (checks->pdata[i], ui_test_is_of_type,
                                              GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON));
      gint64 id;

      g_object_get (checks->pdata[i], "item", &item, NULL);
      if (item == NULL)
        return FALSE;

      id = inv_invitation_get_id (item);
      if (id != inv_invitation_list_get_id (list, i) ||
          gtk_check_button_get_active (GTK_CHECK_BUTTON (check)) != inv_selection_model_is_id_selected (selection, id))
        return FALSE;
    }

  return TRUE;
}

/* Waits, after what is ready to run has run (a change the database announced, the
 * read that starts), until the rows on screen show the list as it is now. */
static void
wait_rows_current (Fixture *f)
{
  ui_test_drain ();
  ui_test_wait_until (rows_current, f, "the rows on screen show the current list");
}

typedef struct
{
  Fixture    *f;
  const char *text;
} SearchWait;

static gboolean
list_shows_search (gpointer data)
{
  SearchWait *wait = data;
  const InvInvitationQuery *query = inv_invitation_list_get_query (inv_invitations_view_get_list (wait->f->view));

  return g_strcmp0 (query->search, wait->text) == 0;
}

/* The search field waits for a pause in typing, and the rows are read off the main
 * thread: this waits until the list holds (at least the first) rows of @text. */
static void
wait_for_search (Fixture    *f,
                 const char *text)
{
  SearchWait wait = { f, text };

  ui_test_wait_until (list_shows_search, &wait, "the list shows the search");
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return ui_test_find_label_containing (wait->root, wait->text) != NULL;
}

/* A toast slides in when the one before it has gone. */
static void
wait_for_toast (GtkWidget  *root,
                const char *text)
{
  LabelWait wait = { root, text };

  ui_test_wait_until (label_shown, &wait, "the toast is shown");
}

static void
fixture_set_up_sized (Fixture     *f,
                      InvDatabase *database,
                      int          width,
                      int          height)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* Every test starts as the list first opens: newest first. */
  g_settings_reset (settings, "sort-column");
  g_settings_reset (settings, "sort-descending");

  f->database = g_object_ref (database);
  f->session = inv_session_new (database, NULL);
  f->window = GTK_WINDOW (gtk_window_new ());
  /* What the application gives every window: Undo of a cancel is an app action. */
  f->app_actions = g_simple_action_group_new ();
  inv_session_add_actions (f->session, G_ACTION_MAP (f->app_actions));
  gtk_widget_insert_action_group (GTK_WIDGET (f->window), "app", G_ACTION_GROUP (f->app_actions));
  gtk_window_set_default_size (f->window, width, height);
  f->view = INV_INVITATIONS_VIEW (inv_invitations_view_new (f->session, 0));
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);
  /* The tests start from the whole list; its first rows come first (see
   * test_view_opens_with_first_rows()). */
  wait_rows_current (f);
}

static void
fixture_set_up (Fixture     *f,
                InvDatabase *database)
{
  fixture_set_up_sized (f, database, 1280, 800);
}

/* Clicks the Candidate header, so the top rows mix statuses. */
static void
sort_by_candidate (Fixture *f)
{
  GtkColumnView *column_view = inv_invitations_view_get_column_view (f->view);
  g_autoptr(GtkColumnViewColumn) candidate = g_list_model_get_item (gtk_column_view_get_columns (column_view), 1);

  gtk_column_view_sort_by_column (column_view, candidate, GTK_SORT_ASCENDING);
  wait_rows_current (f);
}

static void
fixture_tear_down (Fixture *f)
{
  ui_test_destroy_window (f->window);
  g_clear_object (&f->app_actions);
  g_clear_object (&f->session);
  g_clear_object (&f->database);
}

/* The check buttons of the rows on screen, in row order. */
static GPtrArray *
row_checks (Fixture *f)
{
  return ui_test_find_all (GTK_WIDGET (inv_invitations_view_get_column_view (f->view)), GTK_TYPE_CHECK_BUTTON);
}

/* The check button of the row at @position, which must be on screen. tick() checks
 * that the check button drawn there selects that row's invitation. */
static GtkCheckButton *
check_at (Fixture *f,
          guint    position)
{
  g_autoptr(GPtrArray) checks = row_checks (f);

  g_assert_cmpuint (position, <, checks->len);

  return checks->pdata[position];
}

/* The bar slides in or out; a person reads it once it is there. */
static gboolean
bar_settled (gpointer data)
{
  Fixture *f = data;
  InvBulkBar *bar = bulk_bar (f);
  GtkWidget *revealer = gtk_widget_get_first_child (GTK_WIDGET (bar));
  GtkWidget *action_bar = gtk_widget_get_first_child (revealer);

  return gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)) ==
         inv_bulk_bar_get_revealed (bar) &&
         (!inv_bulk_bar_get_revealed (bar) || gtk_widget_get_mapped (action_bar));
}

static void
wait_bar_settled (Fixture *f)
{
  ui_test_wait_until (bar_settled, f, "the selection bar has slid in or out");
}

static void
tick (Fixture *f,
      guint    position)
{
  InvSelectionModel *selection = inv_invitations_view_get_selection (f->view);
  GtkCheckButton *check;
  gint64 id;
  gboolean was;

  wait_rows_current (f);
  check = check_at (f, position);
  id = inv_id_list_get_id (inv_selection_model_get_list (selection), position);
  was = inv_selection_model_is_id_selected (selection, id);

  gtk_widget_activate (GTK_WIDGET (check));
  wait_bar_settled (f);

  /* The tick reached the row it is drawn in. */
  g_assert_cmpint (inv_selection_model_is_id_selected (selection, id), ==, !was);
  g_assert_cmpint (gtk_check_button_get_active (check), ==, !was);
}

static InvCancelDialog *
find_cancel_dialog (void)
{
  return ui_test_find_toplevel (INV_TYPE_CANCEL_DIALOG);
}

/* Answers the dialog by clicking the button of @response. */
static void
answer (InvCancelDialog *dialog,
        const char      *response)
{
  const char *label = adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), response);

  /* No reason is chosen for the person, and Delete waits for one: choose the last,
   * neutral one, as a person would in the list. */
  if (g_strcmp0 (response, "delete") == 0)
    {
      g_autoptr(GPtrArray) combos = ui_test_find_all (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW);
      AdwComboRow *reason = g_ptr_array_index (combos, 0);

      g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "delete"));
      adw_combo_row_set_selected (reason, g_list_model_get_n_items (adw_combo_row_get_model (reason)) - 1);
    }

  ui_test_click (ui_test_find_button (GTK_WIDGET (dialog), label));
}

static gboolean
undo_shown (gpointer data)
{
  Fixture *f = data;

  return ui_test_find_button (GTK_WIDGET (f->view), "_Undo") != NULL;
}

/* ---- InvSelectionModel at 100,000 rows --------------------------------------- */

static void
test_selection_model_select_all (void)
{
  g_autoptr(InvInvitationList) list = inv_invitation_list_new (large_database, NULL);
  g_autoptr(InvSelectionModel) selection = inv_selection_model_new (INV_ID_LIST (list), INV_TYPE_INVITATION_ROW);
  GtkSelectionModel *model = GTK_SELECTION_MODEL (selection);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gint64 excluded[3];

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, N_LARGE);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 0);

  gtk_selection_model_select_all (model);
  g_assert_true (inv_selection_model_get_all_matching (selection));
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, N_LARGE);
  g_assert_true (gtk_selection_model_is_selected (model, 0));
  g_assert_true (gtk_selection_model_is_selected (model, N_LARGE - 1));

  /* Untick three: exclusions, not a million-row bitset. */
  for (guint i = 0; i < 3; i++)
    {
      excluded[i] = inv_invitation_list_get_id (list, i * 1000);
      gtk_selection_model_unselect_item (model, i * 1000);
    }
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, N_LARGE - 3);
  g_assert_false (gtk_selection_model_is_selected (model, 1000));

  ids = inv_selection_model_dup_selected_ids (selection, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, N_LARGE - 3);
  for (guint i = 1; i < ids->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i - 1), <, g_array_index (ids, gint64, i));
  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < ids->len; j++)
      g_assert_cmpint (g_array_index (ids, gint64, j), !=, excluded[i]);

  /* Nothing above made a row object. */
  g_assert_cmpuint (inv_invitation_list_get_cache_size (list), ==, 0);

  gtk_selection_model_unselect_all (model);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 0);
  g_assert_false (gtk_selection_model_is_selected (model, 5));
}

typedef struct
{
  guint position, removed, added;
  guint n_emissions;
} ItemsChanged;

static void
record_items_changed_cb (GListModel   *model,
                         guint         position,
                         guint         removed,
                         guint         added,
                         ItemsChanged *changed)
{
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
  changed->n_emissions++;
}

static GArray *
first_ids (const GArray *ids,
           guint         n)
{
  GArray *first = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  g_array_append_vals (first, ids->data, MIN (n, ids->len));

  return first;
}

/* A list that shows the first rows of a short search while the rest are read: the
 * select-all count made for the search stands, the rows shown count as selected,
 * and completing the list adds the rest after them, keeping the rows read. */
static void
test_selection_model_partial_list (void)
{
  g_autoptr(InvInvitationList) list = inv_invitation_list_new (large_database, NULL);
  g_autoptr(InvSelectionModel) selection = inv_selection_model_new (INV_ID_LIST (list), INV_TYPE_INVITATION_ROW);
  GtkSelectionModel *model = GTK_SELECTION_MODEL (selection);
  g_autoptr(InvInvitationQuery) by_date = inv_invitation_query_new ();
  g_autoptr(InvInvitationQuery) by_name = NULL;
  g_autoptr(GArray) all_by_date = NULL;
  g_autoptr(GArray) all_by_name = NULL;
  g_autoptr(GArray) first = NULL;
  g_autoptr(GArray) selected = NULL;
  ItemsChanged changed = { 0 };

  inv_invitation_query_set_search (by_date, "an");
  by_name = inv_invitation_query_copy (by_date);
  by_name->sort_column = INV_SORT_CANDIDATE;
  by_name->descending = FALSE;
  all_by_date = inv_database_query_invitation_ids (large_database, by_date, NULL);
  all_by_name = inv_database_query_invitation_ids (large_database, by_name, NULL);
  g_assert_cmpuint (all_by_date->len, >, 1000);

  inv_invitation_list_replace (list, by_date, all_by_date);
  gtk_selection_model_select_all (model);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, all_by_date->len);

  /* Sorted by name: its first 50 rows, then the rest. */
  first = first_ids (all_by_name, 50);
  inv_invitation_list_replace_partial (list, by_name, first);
  g_assert_true (inv_invitation_list_is_partial (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 50);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, all_by_date->len);
  for (guint i = 0; i < 50; i++)
    g_assert_true (gtk_selection_model_is_selected (model, i));
  gtk_selection_model_unselect_item (model, 3);
  g_assert_false (gtk_selection_model_is_selected (model, 3));
  {
    g_autoptr(InvInvitation) top = g_list_model_get_item (G_LIST_MODEL (list), 0);

    g_assert_nonnull (top);
  }
  g_assert_cmpuint (inv_invitation_list_get_cache_size (list), ==, 1);

  g_signal_connect (list, "items-changed", G_CALLBACK (record_items_changed_cb), &changed);
  inv_invitation_list_complete (list, all_by_name);
  g_assert_false (inv_invitation_list_is_partial (list));
  g_assert_cmpuint (changed.n_emissions, ==, 1);
  g_assert_cmpuint (changed.position, ==, 50);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, all_by_name->len - 50);
  g_assert_cmpuint (inv_invitation_list_get_cache_size (list), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, all_by_name->len);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, all_by_name->len - 1);
  selected = inv_selection_model_dup_selected_ids (selection, NULL);
  g_assert_cmpuint (selected->len, ==, all_by_name->len - 1);

  /* Rows written in between changed the first ones: the list is replaced whole. */
  g_clear_pointer (&first, g_array_unref);
  first = first_ids (all_by_date, 50);
  inv_invitation_list_replace_partial (list, by_name, first);
  changed.n_emissions = 0;
  inv_invitation_list_complete (list, all_by_name);
  g_assert_cmpuint (changed.n_emissions, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 50);
  g_assert_cmpuint (changed.added, ==, all_by_name->len);
  g_assert_false (inv_invitation_list_is_partial (list));

  g_signal_handlers_disconnect_by_func (list, record_items_changed_cb, &changed);
}

static void
test_selection_model_survives_sort_and_filter (void)
{
  g_autoptr(InvInvitationList) list = inv_invitation_list_new (large_database, NULL);
  g_autoptr(InvSelectionModel) selection = inv_selection_model_new (INV_ID_LIST (list), INV_TYPE_INVITATION_ROW);
  GtkSelectionModel *model = GTK_SELECTION_MODEL (selection);
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  gint64 chosen[4];
  guint position;

  for (guint i = 0; i < 4; i++)
    {
      chosen[i] = inv_invitation_list_get_id (list, 10 + i * 7);
      gtk_selection_model_select_item (model, 10 + i * 7, FALSE);
    }
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 4);

  /* Sort by candidate: the same invitations are selected at their new places. */
  query->sort_column = INV_SORT_CANDIDATE;
  query->descending = FALSE;
  inv_invitation_list_set_query (list, query);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_true (inv_invitation_list_find (list, chosen[i], &position));
      g_assert_true (gtk_selection_model_is_selected (model, position));
    }

  /* Filter to one status: the ones shown stay selected, the others stay selected
   * out of sight. */
  inv_invitation_query_set_status (query, "completed");
  inv_invitation_list_set_query (list, query);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *status = status_of (large_database, chosen[i]);

      g_assert_true (inv_selection_model_is_id_selected (selection, chosen[i]));
      if (g_strcmp0 (status, "completed") == 0)
        {
          g_assert_true (inv_invitation_list_find (list, chosen[i], &position));
          g_assert_true (gtk_selection_model_is_selected (model, position));
        }
    }

  /* A reload keeps it too. */
  g_assert_true (inv_invitation_list_reload (list, NULL));
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 4);
  g_assert_cmpuint (inv_invitation_list_get_cache_size (list), ==, 0);
}

static void
test_selection_model_all_matching_across_filters (void)
{
  g_autoptr(InvInvitationQuery) pending = inv_invitation_query_new ();
  g_autoptr(InvInvitationList) list = NULL;
  g_autoptr(InvSelectionModel) selection = NULL;
  GtkSelectionModel *model;
  g_autoptr(InvInvitationQuery) completed = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 n_pending = core_test_scalar (large_database, "SELECT count(*) FROM invitations WHERE status = 'pending'");
  gint64 other;

  inv_invitation_query_set_status (pending, "pending");
  list = inv_invitation_list_new (large_database, pending);
  selection = inv_selection_model_new (INV_ID_LIST (list), INV_TYPE_INVITATION_ROW);
  model = GTK_SELECTION_MODEL (selection);

  inv_selection_model_select_all_matching (selection);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, n_pending);

  /* Shown under another filter: the select-all still means "pending", so completed
   * rows are not selected, and ticking one adds exactly one. */
  completed = inv_invitation_query_copy (pending);
  inv_invitation_query_set_status (completed, "completed");
  inv_invitation_list_set_query (list, completed);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, n_pending);
  g_assert_false (gtk_selection_model_is_selected (model, 0));
  other = inv_invitation_list_get_id (list, 0);
  gtk_selection_model_select_item (model, 0, FALSE);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, n_pending + 1);

  ids = inv_selection_model_dup_selected_ids (selection, NULL);
  g_assert_cmpuint (ids->len, ==, n_pending + 1);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < ids->len; i++)
      found |= g_array_index (ids, gint64, i) == other;
    g_assert_true (found);
  }
  g_assert_cmpuint (inv_invitation_list_get_cache_size (list), ==, 0);
}

/* ---- The view ------------------------------------------------------------------ */

static void
test_view_select_all_matching_large (void)
{
  Fixture f = { 0 };
  InvSelectionModel *selection;
  GtkWidget *select_all;
  g_autofree char *select_all_label = NULL;
  g_autofree char *all_selected_label = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 n_pending = core_test_scalar (large_database, "SELECT count(*) FROM invitations WHERE status = 'pending'");

  fixture_set_up (&f, large_database);
  selection = inv_invitations_view_get_selection (f.view);

  g_assert_false (inv_bulk_bar_get_revealed (bulk_bar (&f)));
  tick (&f, 0);
  g_assert_true (inv_bulk_bar_get_revealed (bulk_bar (&f)));
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (bulk_bar (&f)), "1 selected"));

  /* The number on the button is every matching row, with separators. */
  select_all_label = g_strdup_printf ("Select all %'u matching", N_LARGE);
  select_all = ui_test_find_button (GTK_WIDGET (bulk_bar (&f)), select_all_label);
  g_assert_nonnull (select_all);
  ui_test_click (select_all);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, N_LARGE);
  all_selected_label = g_strdup_printf ("%'u selected", N_LARGE);
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (bulk_bar (&f)), all_selected_label));
  g_assert_false (gtk_widget_get_visible (select_all));
  /* Only the rows on screen were ever made. */
  g_assert_cmpuint (inv_invitation_list_get_cache_size (inv_invitations_view_get_list (f.view)), <=, 512);

  ids = inv_selection_model_dup_selected_ids (selection, NULL);
  g_assert_cmpuint (ids->len, ==, N_LARGE);
  g_assert_cmpuint (inv_invitation_list_get_cache_size (inv_invitations_view_get_list (f.view)), <=, 512);

  /* "Clear selection" empties it and hides the bar. */
  ui_test_click (ui_test_find_button (GTK_WIDGET (bulk_bar (&f)), "Clear selection"));
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 0);
  g_assert_false (inv_bulk_bar_get_revealed (bulk_bar (&f)));

  /* Pending only, then select all matching: exactly the pending rows. */
  {
    g_autoptr(GPtrArray) dropdowns = ui_test_find_all (GTK_WIDGET (f.view), GTK_TYPE_DROP_DOWN);

    gtk_drop_down_set_selected (dropdowns->pdata[0], 1);
  }
  wait_rows_current (&f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (inv_invitations_view_get_list (f.view))), ==, n_pending);
  tick (&f, 0);
  ui_test_click (ui_test_find_button (GTK_WIDGET (bulk_bar (&f)), "Select all"));
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, n_pending);
  g_assert_cmpuint (inv_invitation_list_get_cache_size (inv_invitations_view_get_list (f.view)), <=, 512);

  fixture_tear_down (&f);
}

static void
test_view_selection_survives_sort_and_filter (void)
{
  g_autoptr(InvDatabase) database = new_database (N_SMALL);
  Fixture f = { 0 };
  InvSelectionModel *selection;
  InvInvitationList *list;
  gint64 chosen[3];
  guint position;
  g_autoptr(InvInvitation) first = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) checks = NULL;

  fixture_set_up (&f, database);
  selection = inv_invitations_view_get_selection (f.view);
  list = inv_invitations_view_get_list (f.view);

  for (guint i = 0; i < 3; i++)
    {
      chosen[i] = inv_invitation_list_get_id (list, i * 2);
      tick (&f, i * 2);
    }
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 3);

  /* Click the Candidate header (sort by it): the same three stay selected. */
  {
    GtkColumnView *column_view = inv_invitations_view_get_column_view (f.view);
    GListModel *columns = gtk_column_view_get_columns (column_view);
    g_autoptr(GtkColumnViewColumn) candidate = g_list_model_get_item (columns, 1);

    gtk_column_view_sort_by_column (column_view, candidate, GTK_SORT_ASCENDING);
  }
  wait_rows_current (&f);
  g_assert_cmpint (inv_invitation_list_get_query (list)->sort_column, ==, INV_SORT_CANDIDATE);
  g_assert_false (inv_invitation_list_get_query (list)->descending);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (inv_invitation_list_find (list, chosen[i], &position));
      g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (selection), position));
    }

  /* Search for the first chosen one's name: shown alone (or with namesakes), ticked. */
  first = inv_database_load_invitation (database, chosen[0], NULL);
  entries = ui_test_find_all (GTK_WIDGET (f.view), GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), inv_invitation_get_email (first));
  wait_for_search (&f, inv_invitation_get_email (first));
  wait_rows_current (&f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >=, 1);
  g_assert_true (inv_invitation_list_find (list, chosen[0], &position));
  checks = row_checks (&f);
  g_assert_true (gtk_check_button_get_active (checks->pdata[position]));
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 3);
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (bulk_bar (&f)), "3 selected"));

  /* A search that finds nothing shows the empty state with "Clear Search and Filters". */
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), "zzzz-nobody-zzzz");
  wait_for_search (&f, "zzzz-nobody-zzzz");
  wait_rows_current (&f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (f.view), "No Invitations Match"));
  ui_test_click (ui_test_find_button (GTK_WIDGET (f.view), "_Clear Search and Filters"));
  wait_rows_current (&f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_SMALL);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 3);

  fixture_tear_down (&f);
}

/* Ticks rows from the top until @n_pending pending and @n_other other rows are
 * ticked; returns their ids. */
static GArray *
tick_mixed (Fixture *f,
            guint    n_pending,
            guint    n_other)
{
  InvInvitationList *list = inv_invitations_view_get_list (f->view);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint pending = 0, other = 0;

  for (guint i = 0; i < 30 && (pending < n_pending || other < n_other); i++)
    {
      g_autoptr(InvInvitation) invitation = g_list_model_get_item (G_LIST_MODEL (list), i);
      gboolean is_pending = inv_invitation_get_status (invitation) == INV_STATUS_PENDING;
      gint64 id = inv_invitation_get_id (invitation);

      /* The others are ones a cancel must skip for a reason other than "already
       * cancelled", so the counts below are plain. */
      if (inv_invitation_get_status (invitation) == INV_STATUS_CANCELLED)
        continue;
      if (is_pending ? pending >= n_pending : other >= n_other)
        continue;

      tick (f, i);
      g_array_append_val (ids, id);
      if (is_pending)
        pending++;
      else
        other++;
    }

  g_assert_cmpuint (pending, ==, n_pending);
  g_assert_cmpuint (other, ==, n_other);

  return ids;
}

static guint
count_with_status (InvDatabase  *database,
                   GArray       *ids,
                   const char   *status)
{
  guint n = 0;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *s = status_of (database, g_array_index (ids, gint64, i));
      n += g_strcmp0 (s, status) == 0;
    }

  return n;
}

static void
undo_finished_cb (InvSession *session,
                  guint       n_restored,
                  const char *message,
                  gboolean   *finished)
{
  *finished = TRUE;
}

static void
test_view_bulk_cancel_flow (void)
{
  g_autoptr(InvDatabase) database = new_database (N_SMALL);
  Fixture f = { 0 };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) again = NULL;
  InvCancelDialog *dialog;
  const InvCancelPreview *preview;
  InvSelectionModel *selection;
  guint cancelled_before;
  gboolean undone = FALSE;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;

  g_settings_set_uint (settings, "cancel-grace-seconds", 30);
  /* The default message names {company} and ends with {signature}: with both set
   * the preview is complete and the cancellation may send it. */
  g_assert_true (inv_message_template_set_company (database, "Acme", &error));
  g_assert_true (inv_message_template_set_signature (database, "Ada Lovelace\nRecruiting", &error));
  g_assert_no_error (error);
  fixture_set_up (&f, database);
  sort_by_candidate (&f);
  selection = inv_invitations_view_get_selection (f.view);
  cancelled_before = core_test_scalar (database, "SELECT count(*) FROM invitations WHERE status = 'cancelled'");

  /* Tick 3 pending and 2 other rows: the bar counts 5. */
  ids = tick_mixed (&f, 3, 2);
  g_assert_true (inv_bulk_bar_get_revealed (bulk_bar (&f)));
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (bulk_bar (&f)), "5 selected"));

  /* "Delete invitations" opens the warning with the exact split. */
  ui_test_click (ui_test_find_button (GTK_WIDGET (bulk_bar (&f)), "Delete invitations"));
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "the warning is shown");
  dialog = find_cancel_dialog ();
  preview = inv_cancel_dialog_get_preview (dialog);
  g_assert_cmpuint (preview->n_requested, ==, 5);
  g_assert_cmpuint (preview->n_eligible, ==, 3);
  g_assert_cmpuint (preview->n_skipped, ==, 2);
  g_assert_nonnull (inv_cancel_dialog_get_skipped_text (dialog));
  g_assert_nonnull (strstr (inv_cancel_dialog_get_skipped_text (dialog), "skipped"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), "delete"),
                   ==, "_Delete 3 Invitations");
  /* Not before a reason is chosen (see answer ()). */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "delete"));
  g_assert_cmpuint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete"),
                    ==, ADW_RESPONSE_DESTRUCTIVE);
  /* It says what really happens: an undo period, and demo rows that never leave this
   * computer. Never "at once". */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "You can undo for 30 seconds."));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "They are sample invitations: they are cancelled on this computer only."));
  g_assert_null (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "at once"));
  /* The email preview is filled in, without braces left over. */
  g_assert_cmpuint (strlen (inv_cancel_dialog_get_preview_text (dialog)), >, 40);
  g_assert_null (strchr (inv_cancel_dialog_get_preview_text (dialog), '{'));

  /* Confirm. */
  answer (dialog, "delete");
  ui_test_wait_until (ui_test_toplevel_gone, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "the warning is closed");
  ui_test_wait_until (view_idle, &f, "the cancel is done");
  ui_test_wait_until (undo_shown, &f, "the toast offers Undo");
  g_assert_cmpuint (count_with_status (database, ids, "cancelled"), ==, 3);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations WHERE status = 'cancelled'"),
                   ==, cancelled_before + 3);
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (f.view), "3 invitations deleted"));
  /* The cancelled ones left the selection; the skipped ones stay. */
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 2);

  /* Undo restores exactly the previous state. */
  g_signal_connect (f.session, "undo-finished", G_CALLBACK (undo_finished_cb), &undone);
  ui_test_click (ui_test_find_button (GTK_WIDGET (f.view), "_Undo"));
  ui_test_wait_until (ui_test_flag_is_set, &undone, "the undo is done");
  g_signal_handlers_disconnect_by_func (f.session, undo_finished_cb, &undone);
  wait_rows_current (&f);
  g_assert_cmpuint (count_with_status (database, ids, "cancelled"), ==, 0);
  g_assert_cmpuint (count_with_status (database, ids, "pending"), ==, 3);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations WHERE status = 'cancelled'"),
                   ==, cancelled_before);

  /* And once more, for good. */
  ui_test_click (ui_test_find_button (GTK_WIDGET (bulk_bar (&f)), "Clear selection"));
  again = tick_mixed (&f, 2, 1);
  ui_test_click (ui_test_find_button (GTK_WIDGET (bulk_bar (&f)), "Delete invitations"));
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "the warning is shown");
  dialog = find_cancel_dialog ();
  g_assert_cmpuint (inv_cancel_dialog_get_preview (dialog)->n_eligible, ==, 2);
  answer (dialog, "delete");
  ui_test_wait_until (ui_test_toplevel_gone, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "the warning is closed");
  wait_rows_current (&f);
  g_assert_cmpuint (count_with_status (database, again, "cancelled"), ==, 2);

  /* "Cancel" in the dialog changes nothing. */
  ui_test_click (ui_test_find_button (GTK_WIDGET (bulk_bar (&f)), "Clear selection"));
  {
    g_autoptr(GArray) third = tick_mixed (&f, 1, 0);

    ui_test_click (ui_test_find_button (GTK_WIDGET (bulk_bar (&f)), "Delete invitations"));
    ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "the warning is shown");
    answer (find_cancel_dialog (), "cancel");
    ui_test_wait_until (ui_test_toplevel_gone, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "the warning is closed");
    g_assert_cmpuint (count_with_status (database, third, "pending"), ==, 1);
  }

  fixture_tear_down (&f);
}

/* The item @label of @popover is greyed out, with @why_not as its tooltip (and so
 * its accessible description) rather than as a line of the menu of its own. */
static void
assert_greyed_with_reason (GtkWidget  *popover,
                           const char *label,
                           const char *why_not)
{
  GtkWidget *item = ui_test_find_menu_item (popover, label);

  g_assert_nonnull (item);
  g_assert_false (gtk_widget_get_sensitive (item));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (item), ==, why_not);
  g_assert_null (ui_test_find_menu_item (popover, why_not));
  g_assert_null (ui_test_find_label (popover, why_not));
}

/* Opens the "More actions" menu of the row at @position; returns its popover. */
/* Orders widgets by where they are on screen, from the top of @data. */
static int
compare_top (gconstpointer a,
             gconstpointer b,
             gpointer      data)
{
  graphene_point_t origin = GRAPHENE_POINT_INIT (0, 0);
  graphene_point_t top_a, top_b;

  if (!gtk_widget_compute_point (*(GtkWidget * const *)a, data, &origin, &top_a) ||
      !gtk_widget_compute_point (*(GtkWidget * const *)b, data, &origin, &top_b))
    return 0;

  return (top_a.y > top_b.y) - (top_a.y < top_b.y);
}

static GtkWidget *
open_row_menu (Fixture *f,
               guint    position)
{
  g_autoptr(GPtrArray) buttons = NULL;

  GtkWidget *column_view;

  /* The menu is made for the invitation the row is bound to. */
  wait_rows_current (f);
  column_view = GTK_WIDGET (inv_invitations_view_get_column_view (f->view));
  buttons = ui_test_find_all (column_view, GTK_TYPE_MENU_BUTTON);

  /* The list keeps spare row widgets, unmapped, in any order among the shown ones:
   * the row at @position is the one at that place on screen, from the top. */
  for (guint i = buttons->len; i > 0; i--)
    if (!gtk_widget_get_mapped (buttons->pdata[i - 1]))
      g_ptr_array_remove_index (buttons, i - 1);
  g_ptr_array_sort_with_data (buttons, compare_top, column_view);
  g_assert_cmpuint (position, <, buttons->len);

  return ui_test_open_menu (buttons->pdata[position]);
}

static void
test_view_row_menu (void)
{
  g_autoptr(InvDatabase) database = new_database (N_SMALL);
  Fixture f = { 0 };
  InvInvitationList *list;
  int pending_at = -1, other_at = -1;
  GtkWidget *popover;
  GtkWidget *item;
  const char *why_not = NULL;
  gint64 id;
  InvStatus other_status = INV_STATUS_UNKNOWN;

  fixture_set_up (&f, database);
  sort_by_candidate (&f);
  list = inv_invitations_view_get_list (f.view);

  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(InvInvitation) invitation = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (inv_invitation_get_status (invitation) == INV_STATUS_PENDING && pending_at < 0)
        pending_at = i;
      else if (inv_invitation_get_status (invitation) != INV_STATUS_PENDING && other_at < 0)
        {
          other_at = i;
          other_status = inv_invitation_get_status (invitation);
        }
    }
  g_assert_cmpint (pending_at, >=, 0);
  g_assert_cmpint (other_at, >=, 0);

  /* Every row's menu button is called "More actions". */
  {
    g_autoptr(GPtrArray) buttons = ui_test_find_all (GTK_WIDGET (inv_invitations_view_get_column_view (f.view)),
                                             GTK_TYPE_MENU_BUTTON);

    g_assert_cmpuint (buttons->len, >=, 12);
    g_assert_cmpstr (gtk_widget_get_tooltip_text (buttons->pdata[0]), ==, "More actions");
  }

  /* Not pending: "Delete invitation" is greyed out, and its tooltip says why. */
  popover = open_row_menu (&f, other_at);
  g_assert_false (inv_status_allows (other_status, INV_ACTION_CANCEL, &why_not));
  assert_greyed_with_reason (popover, "Delete invitation", why_not);
  g_assert_nonnull (ui_test_find_menu_item (popover, "Edit candidate details"));
  g_assert_true (gtk_widget_get_sensitive (ui_test_find_menu_item (popover, "Edit candidate details")));
  ui_test_close_menu (popover);

  /* Pending: "Delete invitation" works and opens the warning for that one. */
  id = inv_invitation_list_get_id (list, pending_at);
  popover = open_row_menu (&f, pending_at);
  item = ui_test_find_menu_item (popover, "Delete invitation");
  g_assert_true (gtk_widget_get_sensitive (item));
  g_signal_emit_by_name (item, "clicked");
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "the warning is shown");
  g_assert_cmpuint (inv_cancel_dialog_get_preview (find_cancel_dialog ())->n_eligible, ==, 1);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (find_cancel_dialog ())),
                   ==, "Delete Invitation?");
  answer (find_cancel_dialog (), "delete");
  ui_test_wait_until (ui_test_toplevel_gone, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "the warning is closed");
  wait_rows_current (&f);
  {
    g_autofree char *status = status_of (database, id);
    g_assert_cmpstr (status, ==, "cancelled");
  }

  /* After the cancel the row's menu no longer offers it. */
  g_assert_true (inv_invitation_list_find (list, id, (guint *)&pending_at));
  popover = open_row_menu (&f, pending_at);
  assert_greyed_with_reason (popover, "Delete invitation", "The invitation is already cancelled");
  ui_test_close_menu (popover);

  fixture_tear_down (&f);
}


/* Shows only the invitations with @status (the status filter's entries follow
 * the order of the dropdown: All, Pending, In Progress, Completed, Expired,
 * Cancelled, Test Left, Terminated). */
static void
filter_status (Fixture  *f,
               InvStatus status)
{
  static const InvStatus order[] = {
    INV_STATUS_PENDING, INV_STATUS_IN_PROGRESS, INV_STATUS_COMPLETED, INV_STATUS_EXPIRED,
    INV_STATUS_CANCELLED, INV_STATUS_TEST_LEFT, INV_STATUS_TERMINATED,
  };
  g_autoptr(GPtrArray) dropdowns = ui_test_find_all (GTK_WIDGET (f->view), GTK_TYPE_DROP_DOWN);
  guint position = 0;

  /* INV_STATUS_UNKNOWN stands for "All". */
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (order[i] == status)
      position = i + 1;
  g_assert_true (position > 0 || status == INV_STATUS_UNKNOWN);

  gtk_drop_down_set_selected (dropdowns->pdata[0], position);
  wait_rows_current (f);
}

static InvHistoryDialog *
find_history_dialog (void)
{
  return ui_test_find_toplevel (INV_TYPE_HISTORY_DIALOG);
}

static gboolean
history_shown (gpointer data)
{
  return find_history_dialog () != NULL;
}

static gboolean
history_gone (gpointer data)
{
  return find_history_dialog () == NULL;
}

static gboolean
has_row_titled (GtkWidget  *root,
                const char *title)
{
  g_autoptr(GPtrArray) rows = ui_test_find_all (root, ADW_TYPE_ACTION_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
      return TRUE;

  return FALSE;
}

/* Clicks a menu item of @f's list, then waits for the list to show what it did. */
static void
activate_menu_item (Fixture   *f,
                    GtkWidget *item)
{
  g_assert_nonnull (item);
  g_assert_true (gtk_widget_get_sensitive (item));
  g_signal_emit_by_name (item, "clicked");
  wait_rows_current (f);
}

/* "Re-invite" asks for the deadline first; the defaults are fine here. */
static void
answer_reinvite_dialog (void)
{
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_REINVITE_DIALOG), "the re-invite dialog");
  gtk_widget_activate_action (ui_test_find_toplevel (INV_TYPE_REINVITE_DIALOG), "reinvite.apply", NULL);
  ui_test_drain ();
}

/* Re-invite for a cancelled one and Reattempt for a completed one, from the row's
 * menu; each greyed out with its reason where the status does not allow it. */
static void
test_view_reinvite_and_reattempt (void)
{
  g_autoptr(InvDatabase) database = new_database (N_SMALL);
  Fixture f = { 0 };
  InvInvitationList *list;
  GtkWidget *popover;
  const char *why_not = NULL;
  gint64 id;
  gint64 n_before;
  guint position;

  fixture_set_up (&f, database);
  list = inv_invitations_view_get_list (f.view);

  /* Pending: neither, and the menu says why. */
  filter_status (&f, INV_STATUS_PENDING);
  popover = open_row_menu (&f, 0);
  g_assert_false (inv_status_allows (INV_STATUS_PENDING, INV_ACTION_REINVITE, &why_not));
  assert_greyed_with_reason (popover, "Re-invite", why_not);
  g_assert_false (inv_status_allows (INV_STATUS_PENDING, INV_ACTION_REATTEMPT, &why_not));
  assert_greyed_with_reason (popover, "Reattempt", why_not);
  ui_test_screenshot (popover, "row-menu-greyed");
  ui_test_close_menu (popover);

  /* Cancelled: Re-invite makes it pending again, the list shows it, a toast says so. */
  filter_status (&f, INV_STATUS_CANCELLED);
  id = inv_invitation_list_get_id (list, 0);
  popover = open_row_menu (&f, 0);
  g_assert_false (gtk_widget_get_sensitive (ui_test_find_menu_item (popover, "Reattempt")));
  activate_menu_item (&f, ui_test_find_menu_item (popover, "Re-invite"));
  answer_reinvite_dialog ();
  {
    g_autofree char *status = status_of (database, id);
    g_assert_cmpstr (status, ==, "pending");
  }
  /* The list was read again: under "Cancelled" the row is gone. */
  g_assert_false (inv_invitation_list_find (list, id, NULL));
  wait_for_toast (GTK_WIDGET (f.view), "re-invited");
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (f.view), "re-invited"));

  /* Completed: Reattempt adds a new pending invitation for the same candidate. */
  filter_status (&f, INV_STATUS_COMPLETED);
  n_before = core_test_scalar (database, "SELECT count(*) FROM invitations");
  id = inv_invitation_list_get_id (list, 0);
  popover = open_row_menu (&f, 0);
  g_assert_false (gtk_widget_get_sensitive (ui_test_find_menu_item (popover, "Re-invite")));
  activate_menu_item (&f, ui_test_find_menu_item (popover, "Reattempt"));
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations"), ==, n_before + 1);
  {
    g_autofree char *status = status_of (database, id);
    g_assert_cmpstr (status, ==, "completed");
  }
  wait_for_toast (GTK_WIDGET (f.view), "New attempt for");
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (f.view), "New attempt for"));

  /* Under "All" the new attempt is listed. */
  filter_status (&f, INV_STATUS_UNKNOWN);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_SMALL + 1);
  g_assert_true (inv_invitation_list_find (list, core_test_scalar (database, "SELECT max(id) FROM invitations"), &position));

  fixture_tear_down (&f);
}

typedef struct
{
  gboolean  done;
  char     *text;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *)data)->done;
}

/* "Copy invitation link": greyed out with the reason while the service has made no
 * link; the service's link itself on the clipboard once it has. */
static void
test_view_copy_link (void)
{
  g_autoptr(InvDatabase) database = new_database (N_SMALL);
  g_autofree char *sql = NULL;
  Fixture f = { 0 };
  InvInvitationList *list;
  GtkWidget *popover;
  GtkWidget *item;
  ClipboardRead read = { 0 };
  gint64 queued, sent;

  fixture_set_up (&f, database);
  filter_status (&f, INV_STATUS_PENDING);
  list = inv_invitations_view_get_list (f.view);
  queued = inv_invitation_list_get_id (list, 0);
  sent = inv_invitation_list_get_id (list, 1);

  /* One queued for the service, one it answered; written as the store would. */
  sql = g_strdup_printf ("UPDATE invitations SET sync_state = 'pending_create', link = NULL, is_sample = 0 "
                         "  WHERE id = %" G_GINT64_FORMAT ";"
                         "UPDATE invitations SET sync_state = 'synced', remote_id = 987654321012, is_sample = 0, "
                         "  link = 'https://invites.example.com/i/9f2c0b' WHERE id = %" G_GINT64_FORMAT ";",
                         queued, sent);
  g_assert_true (inv_database_exec (database, sql, NULL));
  wait_rows_current (&f);
  g_assert_cmpint (inv_invitation_list_get_id (list, 0), ==, queued);

  popover = open_row_menu (&f, 0);
  assert_greyed_with_reason (popover, "Copy invitation link",
                             "Not sent yet: the invitation service makes the link when it receives the invitation");
  ui_test_screenshot (popover, "copy-link-menu-queued");
  ui_test_close_menu (popover);

  popover = open_row_menu (&f, 1);
  item = ui_test_find_menu_item (popover, "Copy invitation link");
  ui_test_screenshot (popover, "copy-link-menu-sent");
  activate_menu_item (&f, item);
  wait_for_toast (GTK_WIDGET (f.view), "Invitation link copied");

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f.view)), NULL, clipboard_read_cb, &read);
  ui_test_wait_until (clipboard_read_done, &read, "the clipboard is read");
  g_assert_cmpstr (read.text, ==, "https://invites.example.com/i/9f2c0b");
  g_free (read.text);

  fixture_tear_down (&f);
}

/* History: the row's menu opens what happened to that invitation, oldest first. */
static void
test_view_history (void)
{
  g_autoptr(InvDatabase) database = new_database (N_SMALL);
  Fixture f = { 0 };
  InvInvitationList *list;
  InvHistoryDialog *dialog;
  GtkWidget *popover;
  gint64 id;

  fixture_set_up (&f, database);
  list = inv_invitations_view_get_list (f.view);

  /* Re-invite a cancelled one first, so its history has three lines. */
  filter_status (&f, INV_STATUS_CANCELLED);
  id = inv_invitation_list_get_id (list, 0);
  popover = open_row_menu (&f, 0);
  activate_menu_item (&f, ui_test_find_menu_item (popover, "Re-invite"));
  answer_reinvite_dialog ();

  filter_status (&f, INV_STATUS_PENDING);
  g_assert_true (inv_invitation_list_find (list, id, NULL));
  /* Re-invited now: it is the newest pending one. */
  g_assert_cmpint (inv_invitation_list_get_id (list, 0), ==, id);
  popover = open_row_menu (&f, 0);
  activate_menu_item (&f, ui_test_find_menu_item (popover, "History"));
  ui_test_wait_until (history_shown, NULL, "the history is shown");
  dialog = find_history_dialog ();

  g_assert_cmpuint (inv_history_dialog_get_n_entries (dialog), ==, 3);
  g_assert_true (has_row_titled (GTK_WIDGET (dialog), "Invited"));
  g_assert_true (has_row_titled (GTK_WIDGET (dialog), "Cancelled"));
  g_assert_true (has_row_titled (GTK_WIDGET (dialog), "Re-invited"));
  {
    g_autoptr(GPtrArray) rows = ui_test_find_all (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW);

    /* Newest last. */
    g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[0]), ==, "Invited");
    g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[rows->len - 1]), ==, "Re-invited");
  }

  gtk_window_close (GTK_WINDOW (dialog));
  ui_test_wait_until (history_gone, NULL, "the history is closed");
  g_assert_null (find_history_dialog ());

  fixture_tear_down (&f);
}

/* A search reads off the main thread with a spinner showing; a newer search typed
 * meanwhile replaces it, and only the newer one's rows land. */
static void
test_view_search_supersedes (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) spinners = NULL;
  InvInvitationList *list;

  fixture_set_up (&f, large_database);
  list = inv_invitations_view_get_list (f.view);
  entries = ui_test_find_all (GTK_WIDGET (f.view), GTK_TYPE_SEARCH_ENTRY);

  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), "a");
  g_signal_emit_by_name (entries->pdata[0], "search-changed");
  /* Nothing waited for the query: the old rows are still there, the spinner turns. */
  g_assert_true (inv_invitations_view_get_loading (f.view));
  g_assert_null (inv_invitation_list_get_query (list)->search);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_LARGE);
  spinners = ui_test_find_all (GTK_WIDGET (f.view), GTK_TYPE_SPINNER);
  g_assert_cmpuint (spinners->len, ==, 1);
  g_assert_true (gtk_spinner_get_spinning (spinners->pdata[0]));

  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), "zzzz-nobody-zzzz");
  g_signal_emit_by_name (entries->pdata[0], "search-changed");
  wait_rows_current (&f);

  g_assert_cmpstr (inv_invitation_list_get_query (list)->search, ==, "zzzz-nobody-zzzz");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (f.view), "No Invitations Match"));
  g_clear_pointer (&spinners, g_ptr_array_unref);
  spinners = ui_test_find_all (GTK_WIDGET (f.view), GTK_TYPE_SPINNER);
  g_assert_cmpuint (spinners->len, ==, 0);

  /* Erased again: the whole list, from the top. */
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), "");
  g_signal_emit_by_name (entries->pdata[0], "search-changed");
  ui_test_wait_until (list_settled, &f, "the whole list is read");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_LARGE);
  wait_rows_current (&f);

  fixture_tear_down (&f);
}

/* A list of 100,000 opens with its first rows, found before the first frame, while the
 * worker reads the ids of every row; then it has all of them, the first ones where
 * they were. */
static void
test_view_opens_with_first_rows (void)
{
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(GArray) all = inv_database_query_invitation_ids (large_database, query, NULL);
  g_autoptr(InvSession) session = inv_session_new (large_database, NULL);
  InvInvitationsView *view = INV_INVITATIONS_VIEW (inv_invitations_view_new (session, 0));
  InvInvitationList *list = inv_invitations_view_get_list (view);
  Fixture f = { 0 };

  g_assert_true (inv_invitation_list_is_partial (list));
  g_assert_true (inv_invitations_view_get_loading (view));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 200);
  for (guint i = 0; i < 200; i++)
    g_assert_cmpint (inv_invitation_list_get_id (list, i), ==, g_array_index (all, gint64, i));

  f.view = view;
  f.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f.window, 1280, 800);
  gtk_window_set_child (f.window, GTK_WIDGET (view));
  gtk_window_present (f.window);
  ui_test_wait_until (rows_shown, &f, "the first rows are shown");
  wait_rows_current (&f);

  g_assert_false (inv_invitation_list_is_partial (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, all->len);
  g_assert_cmpint (inv_invitation_list_get_id (list, all->len - 1), ==, g_array_index (all, gint64, all->len - 1));
  ui_test_destroy_window (f.window);
}

/* A search of one or two letters reads every row. Its first screenful is on screen
 * before that ends, in the right order, and nothing offers to select "all" of them
 * until the rest are in. */
static void
test_view_short_search_first_rows (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(GArray) all = NULL;
  g_autofree char *select_all_label = NULL;
  InvInvitationList *list;
  InvSelectionModel *selection;
  guint n_first;

  fixture_set_up (&f, large_database);
  list = inv_invitations_view_get_list (f.view);
  selection = inv_invitations_view_get_selection (f.view);
  entries = ui_test_find_all (GTK_WIDGET (f.view), GTK_TYPE_SEARCH_ENTRY);
  inv_invitation_query_set_search (query, "an");
  all = inv_database_query_invitation_ids (large_database, query, NULL);
  g_assert_cmpuint (all->len, >, 1000);

  /* One row ticked, so the bar is there to show what it offers. */
  tick (&f, 0);
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), "an");
  g_signal_emit_by_name (entries->pdata[0], "search-changed");
  wait_for_search (&f, "an");

  g_assert_true (inv_invitation_list_is_partial (list));
  g_assert_true (inv_invitations_view_get_loading (f.view));
  n_first = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n_first, >=, 50);
  g_assert_cmpuint (n_first, <, all->len);
  for (guint i = 0; i < n_first; i++)
    g_assert_cmpint (inv_invitation_list_get_id (list, i), ==, g_array_index (all, gint64, i));
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (f.view), "1 selected"));
  g_assert_null (ui_test_find_button (GTK_WIDGET (f.view), "Select all"));
  ui_test_wait_until (rows_shown, &f, "the first rows are shown");

  ui_test_wait_until (list_settled, &f, "the whole list is read");
  g_assert_false (inv_invitation_list_is_partial (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, all->len);
  g_assert_cmpint (inv_invitation_list_get_id (list, all->len - 1), ==, g_array_index (all, gint64, all->len - 1));

  select_all_label = g_strdup_printf ("Select all %'u matching", all->len);
  ui_test_click (ui_test_find_button (GTK_WIDGET (f.view), select_all_label));
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, all->len);

  fixture_tear_down (&f);
}

/* ---- Clicks and keys --------------------------------------------------------------- */

/* A plain click on a row (what GTK's click gesture on the row asks for: "listitem.select"
 * without Ctrl or Shift), and the same with Shift, keep the ticks. */
static void
test_view_row_click_keeps_ticks (void)
{
  g_autoptr(InvDatabase) database = new_database (N_SMALL);
  Fixture f = { 0 };
  InvSelectionModel *selection;
  InvInvitationList *list;
  g_autoptr(GPtrArray) labels = NULL;
  GtkWidget *row_label;
  gint64 ticked[2];

  fixture_set_up (&f, database);
  selection = inv_invitations_view_get_selection (f.view);
  list = inv_invitations_view_get_list (f.view);

  tick (&f, 0);
  tick (&f, 2);
  ticked[0] = inv_invitation_list_get_id (list, 0);
  ticked[1] = inv_invitation_list_get_id (list, 2);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 2);

  /* The candidate's name in the fifth row: a click there lands on the row. */
  {
    g_autoptr(InvInvitation) fifth = g_list_model_get_item (G_LIST_MODEL (list), 4);

    labels = ui_test_find_all (GTK_WIDGET (inv_invitations_view_get_column_view (f.view)), INV_TYPE_INVITATION_CELL);
    row_label = NULL;
    for (guint i = 0; i < labels->len && row_label == NULL; i++)
      if (g_strcmp0 (inv_invitation_cell_get_text (labels->pdata[i]), inv_invitation_get_candidate_name (fifth)) == 0)
        row_label = labels->pdata[i];
    g_assert_nonnull (row_label);
  }

  gtk_widget_activate_action (row_label, "listitem.select", "(bb)", FALSE, FALSE);
  wait_rows_current (&f);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 2);
  g_assert_true (inv_selection_model_is_id_selected (selection, ticked[0]));
  g_assert_true (inv_selection_model_is_id_selected (selection, ticked[1]));
  g_assert_true (gtk_check_button_get_active (check_at (&f, 0)));
  g_assert_true (gtk_check_button_get_active (check_at (&f, 2)));
  g_assert_false (gtk_check_button_get_active (check_at (&f, 4)));
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (bulk_bar (&f)), "2 selected"));

  /* Ctrl+click ticks or unticks that row alone. */
  gtk_widget_activate_action (row_label, "listitem.select", "(bb)", TRUE, FALSE);
  wait_rows_current (&f);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 3);
  g_assert_true (gtk_check_button_get_active (check_at (&f, 4)));
  gtk_widget_activate_action (row_label, "listitem.select", "(bb)", TRUE, FALSE);
  wait_rows_current (&f);
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 2);

  /* Shift+click ticks the rows up to it and keeps the others. */
  gtk_widget_activate_action (row_label, "listitem.select", "(bb)", FALSE, TRUE);
  wait_rows_current (&f);
  g_assert_true (inv_selection_model_is_id_selected (selection, ticked[0]));
  g_assert_true (inv_selection_model_is_id_selected (selection, ticked[1]));
  g_assert_true (gtk_check_button_get_active (check_at (&f, 4)));

  fixture_tear_down (&f);
}

/* The shortcut of the view's class bound to @keyval + @mods, if it names @action_name. */
static GtkShortcut *
find_shortcut (GtkWidget       *widget,
               guint            keyval,
               GdkModifierType  mods,
               const char      *action_name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, mods);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted) &&
              GTK_IS_NAMED_ACTION (action) &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), action_name) == 0)
            return shortcut;
        }
    }

  return NULL;
}

/* Presses a key the way the view's shortcut controller does when the key arrives:
 * finds the binding for it (so an unbound key fails the test) and activates its
 * action on the view. */
static void
press (Fixture         *f,
       guint            keyval,
       GdkModifierType  mods,
       const char      *action_name)
{
  GtkShortcut *shortcut = find_shortcut (GTK_WIDGET (f->view), keyval, mods, action_name);

  g_assert_nonnull (shortcut);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                               GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                               GTK_WIDGET (f->view),
                                               gtk_shortcut_get_arguments (shortcut)));
  ui_test_drain ();
}

static gboolean
focus_in_search (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) entries = ui_test_find_all (GTK_WIDGET (f->view), GTK_TYPE_SEARCH_ENTRY);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL && (focus == entries->pdata[0] || gtk_widget_is_ancestor (focus, entries->pdata[0]));
}

static void
test_view_keyboard_shortcuts (void)
{
  g_autoptr(InvDatabase) database = new_database (N_SMALL);
  Fixture f = { 0 };
  InvSelectionModel *selection;
  InvInvitationList *list;

  fixture_set_up (&f, database);
  selection = inv_invitations_view_get_selection (f.view);
  list = inv_invitations_view_get_list (f.view);

  /* Ctrl+Shift+A: every matching invitation, with the bar saying so. */
  press (&f, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "list.select-all-matching");
  g_assert_true (inv_selection_model_get_all_matching (selection));
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, N_SMALL);
  wait_bar_settled (&f);
  g_assert_true (inv_bulk_bar_get_revealed (bulk_bar (&f)));

  /* Escape: nothing selected, the bar goes. */
  press (&f, GDK_KEY_Escape, 0, "list.clear-selection");
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 0);
  wait_bar_settled (&f);
  g_assert_false (inv_bulk_bar_get_revealed (bulk_bar (&f)));

  /* Delete: the warning for what is ticked. */
  filter_status (&f, INV_STATUS_PENDING);
  tick (&f, 0);
  tick (&f, 1);
  press (&f, GDK_KEY_Delete, 0, "list.delete-selected");
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "the warning is shown");
  g_assert_cmpuint (inv_cancel_dialog_get_preview (find_cancel_dialog ())->n_eligible, ==, 2);
  answer (find_cancel_dialog (), "cancel");
  ui_test_wait_until (ui_test_toplevel_gone, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "the warning is closed");
  g_assert_cmpuint (inv_selection_model_get_n_selected (selection), ==, 2);
  g_assert_true (find_shortcut (GTK_WIDGET (f.view), GDK_KEY_KP_Delete, 0, "list.delete-selected") != NULL);

  /* With nothing ticked, Delete does nothing. */
  press (&f, GDK_KEY_Escape, 0, "list.clear-selection");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f.view), "list.delete-selected", NULL) &&
                  find_cancel_dialog () != NULL);
  /* What a warning would wait for: the selection read on the worker. */
  wait_rows_current (&f);
  g_assert_null (find_cancel_dialog ());

  /* Ctrl+F: the search field takes the keyboard. */
  gtk_widget_grab_focus (GTK_WIDGET (inv_invitations_view_get_column_view (f.view)));
  g_assert_false (focus_in_search (&f));
  press (&f, GDK_KEY_f, GDK_CONTROL_MASK, "list.find");
  g_assert_true (focus_in_search (&f));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);

  fixture_tear_down (&f);
}

/* ---- Inside the main window ------------------------------------------------------ */

static void
toast_in_window (InvApplication *app,
                 InvWindow      *window,
                 gpointer        user_data)
{
  InvInvitationsView *view;
  GtkWidget *window_overlay;
  GtkWidget *view_overlay;
  GtkWidget *label;
  GtkWidget *popover;
  GtkWidget *ancestor;
  Fixture f = { 0 };

  view = INV_INVITATIONS_VIEW (ui_test_find_widget (GTK_WIDGET (window), ui_test_is_of_type,
                                                    GSIZE_TO_POINTER (INV_TYPE_INVITATIONS_VIEW)));
  g_assert_nonnull (view);
  f.view = view;
  f.window = GTK_WINDOW (window);
  wait_rows_current (&f);

  /* A message from the list: "Copy invitation link" on a pending row. */
  filter_status (&f, INV_STATUS_PENDING);
  popover = open_row_menu (&f, 0);
  activate_menu_item (&f, ui_test_find_menu_item (popover, "Copy invitation link"));
  wait_for_toast (GTK_WIDGET (window), "link");

  label = ui_test_find_label_containing (GTK_WIDGET (window), "link");
  g_assert_nonnull (label);

  /* It is the window's toast, over everything, not the list's own overlay (which a
   * template's Invite tab would hide when another tab is shown). */
  window_overlay = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), INV_TYPE_WINDOW, "toast_overlay"));
  view_overlay = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), INV_TYPE_INVITATIONS_VIEW, "toast_overlay"));
  ancestor = gtk_widget_get_ancestor (label, ADW_TYPE_TOAST_OVERLAY);
  g_assert_true (ancestor == window_overlay);
  g_assert_true (ancestor != view_overlay);
}

static void
test_view_toast_in_window (void)
{
  g_autoptr(InvDatabase) database = new_database (N_SMALL);

  /* Sample invitations have no real link to copy: make the pending ones look synced
   * from a service, with links of their own. */
  g_assert_true (inv_database_exec (database,
                                    "UPDATE invitations SET is_sample = 0, sync_state = 'synced', "
                                    "  remote_id = 900000 + id, link = 'https://invites.example.com/i/' || id "
                                    "WHERE status = 'pending'",
                                    NULL));

  ui_test_run_app (inv_database_get_path (database), toast_in_window, NULL);
}

static gboolean
counts_shown (gpointer data)
{
  GListModel *labels = gtk_drop_down_get_model (data);

  return g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (labels), 0), "All (");
}

static void
test_view_status_counts (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) dropdowns = NULL;
  GListModel *labels;
  g_autofree char *expected = NULL;
  g_autofree char *all = NULL;
  gint64 n_pending = core_test_scalar (large_database, "SELECT count(*) FROM invitations WHERE status = 'pending'");

  fixture_set_up (&f, large_database);
  dropdowns = ui_test_find_all (GTK_WIDGET (f.view), GTK_TYPE_DROP_DOWN);

  /* The counts come from the worker, after the rows. */
  ui_test_wait_until (counts_shown, dropdowns->pdata[0], "the filter shows the counts");
  labels = gtk_drop_down_get_model (dropdowns->pdata[0]);

  all = g_strdup_printf ("All (%'u)", N_LARGE);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 0), ==, all);
  expected = g_strdup_printf ("Pending only (%'u)", (guint)n_pending);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 1), ==, expected);

  fixture_tear_down (&f);
}


/* The window took its narrow size, and the bar's first squeezer shows what fits. */
static gboolean
bar_narrow (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) squeezers = ui_test_find_all (GTK_WIDGET (bulk_bar (f)), ADW_TYPE_SQUEEZER);
  GtkWidget *shown = adw_squeezer_get_visible_child (squeezers->pdata[0]);

  return gtk_widget_get_width (GTK_WIDGET (f->view)) <= 420 && gtk_widget_get_mapped (shown);
}

/* In a narrow window the bar shows its actions as icons, with the same count, so it
 * never keeps the window from folding. */
static void
test_view_bulk_bar_narrow (void)
{
  g_autoptr(InvDatabase) database = new_database (N_SMALL);
  Fixture f = { 0 };
  g_autoptr(GPtrArray) squeezers = NULL;
  g_autoptr(GArray) ids = NULL;
  GtkWidget *compact;
  int min_width;

  fixture_set_up (&f, database);
  sort_by_candidate (&f);
  ids = tick_mixed (&f, 2, 0);
  g_assert_true (inv_bulk_bar_get_revealed (bulk_bar (&f)));

  gtk_widget_measure (GTK_WIDGET (f.view), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 400);

  squeezers = ui_test_find_all (GTK_WIDGET (bulk_bar (&f)), ADW_TYPE_SQUEEZER);
  g_assert_cmpuint (squeezers->len, ==, 2);
  /* Wide: the labelled buttons. */
  g_assert_nonnull (ui_test_find_button (adw_squeezer_get_visible_child (squeezers->pdata[0]), "Clear selection"));

  gtk_window_set_default_size (f.window, 420, 600);
  ui_test_wait_until (bar_narrow, &f, "the window is narrow and the bar laid out for it");
  compact = adw_squeezer_get_visible_child (squeezers->pdata[0]);
  g_assert_null (ui_test_find_button (compact, "Clear selection"));
  g_assert_nonnull (ui_test_find_label (compact, "2 selected"));

  fixture_tear_down (&f);
}

/* Cell tooltips are worked out when asked: none is set up front, and asking the
 * template cell (which may be cut short) gives a tooltip. */
static void
test_view_cell_tooltips (void)
{
  Fixture f = { 0 };
  g_autoptr(InvInvitation) first = NULL;
  g_autoptr(GtkTooltip) tooltip = NULL;
  GtkWidget *template_label;
  gboolean shown = FALSE;

  fixture_set_up (&f, large_database);
  first = g_list_model_get_item (G_LIST_MODEL (inv_invitations_view_get_list (f.view)), 0);
  template_label = ui_test_find_cell (GTK_WIDGET (f.view), inv_invitation_get_template_name (first));
  g_assert_nonnull (template_label);

  g_assert_true (gtk_widget_get_has_tooltip (template_label));
  g_assert_null (gtk_widget_get_tooltip_text (template_label));

  tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  g_signal_emit_by_name (template_label, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_assert_true (shown);

  fixture_tear_down (&f);
}

/* The cell of @field in the row showing @id, which must be on screen. */
static InvInvitationCell *
find_field_cell (Fixture            *f,
                 gint64              id,
                 InvInvitationField  field)
{
  g_autoptr(GPtrArray) cells = ui_test_find_all (GTK_WIDGET (inv_invitations_view_get_column_view (f->view)),
                                                 INV_TYPE_INVITATION_CELL);

  for (guint i = 0; i < cells->len; i++)
    {
      InvInvitation *item = inv_invitation_cell_get_item (cells->pdata[i]);

      if (item != NULL && inv_invitation_get_id (item) == id &&
          inv_invitation_cell_get_field (cells->pdata[i]) == field)
        return cells->pdata[i];
    }

  g_assert_not_reached ();
}

/* Each status badge on screen is as wide as it asks to be, its text whole; returns
 * whether one of them says @status. */
static gboolean
assert_badges_whole (Fixture    *f,
                     const char *status)
{
  g_autoptr(GPtrArray) cells = NULL;
  gboolean seen = FALSE;
  guint n_badges = 0;

  /* The rows were bound anew: they are laid out at the next frame. */
  ui_test_wait_for_frames (GTK_WIDGET (f->view), 2);
  cells = ui_test_find_all (GTK_WIDGET (inv_invitations_view_get_column_view (f->view)), INV_TYPE_INVITATION_CELL);

  for (guint i = 0; i < cells->len; i++)
    {
      g_autoptr(GPtrArray) labels = NULL;
      GtkWidget *badge;
      int natural;

      if (inv_invitation_cell_get_field (cells->pdata[i]) != INV_INVITATION_FIELD_STATUS)
        continue;

      badge = inv_invitation_cell_get_badge (cells->pdata[i]);
      labels = ui_test_find_all (badge, GTK_TYPE_LABEL);
      g_assert_cmpuint (labels->len, ==, 1);
      /* The text inside the pill (a widget's width leaves out its padding). */
      gtk_widget_measure (labels->pdata[0], GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      g_assert_cmpint (gtk_widget_get_width (labels->pdata[0]), >=, natural);
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (labels->pdata[0])));
      /* Any status would fit: the column does not depend on the rows on screen. */
      g_assert_cmpint (gtk_widget_get_width (cells->pdata[i]), >=,
                       inv_status_badge_measure_widest_status (INV_STATUS_BADGE (badge)));

      seen |= g_strcmp0 (gtk_label_get_text (labels->pdata[0]), status) == 0;
      n_badges++;
    }
  g_assert_cmpuint (n_badges, >=, 5);

  return seen;
}

/* At the window's first size, the Sync column says a word beside an icon, the
 * whole state in its tooltip and for screen readers; no status badge is cut short. */
static void
test_view_short_sync_states (void)
{
  g_autoptr(InvDatabase) database = new_database (N_SMALL);
  g_autoptr(GtkTooltip) tooltip = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autofree char *sql = NULL;
  InvInvitationCell *cell;
  Fixture f = { 0 };
  InvInvitationList *list;
  gint64 cancelled, synced;
  gboolean shown = FALSE;
  int natural;

  /* The list's share of a window at its first size, 1100 × 720, beside the 220 px
   * sidebar. */
  fixture_set_up_sized (&f, database, 1100 - 220, 720);
  list = inv_invitations_view_get_list (f.view);
  cancelled = inv_invitation_list_get_id (list, 0);
  synced = inv_invitation_list_get_id (list, 1);

  /* A cancel not on the service yet, and an invitation the service has. */
  sql = g_strdup_printf ("UPDATE invitations SET status = 'cancelled', sync_state = 'pending_cancel', is_sample = 0 "
                         "  WHERE id = %" G_GINT64_FORMAT ";"
                         "UPDATE invitations SET sync_state = 'synced', remote_id = 987654321012, is_sample = 0 "
                         "  WHERE id = %" G_GINT64_FORMAT ";",
                         cancelled, synced);
  g_assert_true (inv_database_exec (database, sql, NULL));
  wait_rows_current (&f);
  g_assert_cmpint (inv_invitation_list_get_id (list, 0), ==, cancelled);

  cell = find_field_cell (&f, cancelled, INV_INVITATION_FIELD_SYNC);
  g_assert_cmpstr (inv_invitation_cell_get_text (cell), ==, "Waiting");
  g_assert_cmpstr (inv_invitation_cell_get_detail (cell), ==, "Cancel waiting to sync");
  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (cell)));
  tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  g_signal_emit_by_name (cell, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_assert_true (shown);
  /* The word is drawn whole. */
  gtk_widget_measure (GTK_WIDGET (cell), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (cell)), >=, natural);

  cell = find_field_cell (&f, synced, INV_INVITATION_FIELD_SYNC);
  g_assert_cmpstr (inv_invitation_cell_get_text (cell), ==, "Synced");

  cell = find_field_cell (&f, inv_invitation_list_get_id (list, 2), INV_INVITATION_FIELD_SYNC);
  g_assert_cmpstr (inv_invitation_cell_get_text (cell), ==, "Sample");
  g_assert_cmpstr (inv_invitation_cell_get_detail (cell), ==, "Sample data");

  /* No badge is cut short, the long "Cancelled" at the top among them, nor once the
   * rows mix statuses. */
  g_assert_true (assert_badges_whole (&f, "Cancelled"));
  sort_by_candidate (&f);
  assert_badges_whole (&f, NULL);

  fixture_tear_down (&f);
}

/* A view made for one template, as the template's Invite tab makes it: the template
 * is a construct property, and the list shows only its invitations, without the
 * template column. */
static void
test_view_template_scoped (void)
{
  g_autoptr(GListModel) templates = inv_database_list_templates (large_database, NULL);
  g_autoptr(InvTemplate) template = g_list_model_get_item (templates, 0);
  gint64 template_id = inv_template_get_id (template);
  g_autoptr(InvSession) session = inv_session_new (large_database, NULL);
  InvInvitationsView *view = g_object_new (INV_TYPE_INVITATIONS_VIEW,
                                           "session", session,
                                           "template-id", template_id,
                                           NULL);
  g_autoptr(GtkColumnViewColumn) template_column = NULL;
  InvInvitationList *list = inv_invitations_view_get_list (view);
  Fixture f = { 0 };
  gint64 property = 0;

  g_object_get (view, "template-id", &property, NULL);
  g_assert_cmpint (property, ==, template_id);
  g_assert_cmpint (inv_invitations_view_get_template_id (view), ==, template_id);
  template_column = g_list_model_get_item (gtk_column_view_get_columns (inv_invitations_view_get_column_view (view)), 3);
  g_assert_cmpstr (gtk_column_view_column_get_title (template_column), ==, "Template");
  g_assert_false (gtk_column_view_column_get_visible (template_column));

  f.view = view;
  f.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f.window, 1280, 800);
  gtk_window_set_child (f.window, GTK_WIDGET (view));
  gtk_window_present (f.window);
  wait_rows_current (&f);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  for (guint i = 0; i < MIN (50, g_list_model_get_n_items (G_LIST_MODEL (list))); i++)
    {
      g_autoptr(InvInvitation) invitation = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpint (inv_invitation_get_template_id (invitation), ==, template_id);
    }

  ui_test_destroy_window (f.window);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int ret;

  ui_test_init (&argc, &argv, tmpdir);
  /* The application class registers the app's resources, once for the whole run
   * (a second registration would make GResource loop). */
  g_type_class_unref (g_type_class_ref (INV_TYPE_APPLICATION));

  path = g_build_filename (tmpdir, "large.db", NULL);
  large_database = inv_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (inv_sample_data_add (large_database, N_LARGE, 7, NULL, NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/selection-model/select-all", test_selection_model_select_all);
  g_test_add_func ("/selection-model/partial-list", test_selection_model_partial_list);
  g_test_add_func ("/selection-model/survives-sort-and-filter", test_selection_model_survives_sort_and_filter);
  g_test_add_func ("/selection-model/all-matching-across-filters", test_selection_model_all_matching_across_filters);
  g_test_add_func ("/invitations-view/select-all-matching", test_view_select_all_matching_large);
  g_test_add_func ("/invitations-view/status-counts", test_view_status_counts);
  g_test_add_func ("/invitations-view/cell-tooltips", test_view_cell_tooltips);
  g_test_add_func ("/invitations-view/short-sync-states", test_view_short_sync_states);
  g_test_add_func ("/invitations-view/bulk-bar-narrow", test_view_bulk_bar_narrow);
  g_test_add_func ("/invitations-view/selection-survives-sort-and-filter", test_view_selection_survives_sort_and_filter);
  g_test_add_func ("/invitations-view/bulk-cancel", test_view_bulk_cancel_flow);
  g_test_add_func ("/invitations-view/row-menu", test_view_row_menu);
  g_test_add_func ("/invitations-view/reinvite-and-reattempt", test_view_reinvite_and_reattempt);
  g_test_add_func ("/invitations-view/history", test_view_history);
  g_test_add_func ("/invitations-view/copy-link", test_view_copy_link);
  g_test_add_func ("/invitations-view/toast-in-window", test_view_toast_in_window);
  g_test_add_func ("/invitations-view/row-click-keeps-ticks", test_view_row_click_keeps_ticks);
  g_test_add_func ("/invitations-view/keyboard-shortcuts", test_view_keyboard_shortcuts);
  g_test_add_func ("/invitations-view/search-supersedes", test_view_search_supersedes);
  g_test_add_func ("/invitations-view/opens-with-first-rows", test_view_opens_with_first_rows);
  g_test_add_func ("/invitations-view/template-scoped", test_view_template_scoped);
  g_test_add_func ("/invitations-view/short-search-first-rows", test_view_short_search_first_rows);

  ret = g_test_run ();

  g_clear_object (&large_database);
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

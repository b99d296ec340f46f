/* bench-list-view.c: the invitations list on a large database, timed (run by hand
 * through bench-list.py; never part of the test suite).
 *
 * Prints one "name value" line per figure:
 *   ready-ms           main() → first rows on screen
 *   filter-ms, sort-ms, search-name-ms, search-ms   a change (Pending only, sort by
 *                      candidate, a candidate's full name, two letters) → its first rows
 *                      on screen (the statements run on the view's worker thread; this
 *                      waits for them and the paint)
 *   NAME-all-ms        the same change → every matching id in the list (counts right)
 *   NAME-sql, NAME-leading-sql   the whole read's statement and the first rows' walk
 *                      (for the queries that have one), for the sqlite3 baseline
 *   NAME-matching      how many rows the change's query has
 *   select-all-ms      "Select all N matching" → dialog with its numbers on screen
 *   confirm-ms         "Delete N Invitations" → committed (toast shown)
 *   confirm-rows-ms    "Delete N Invitations" → the list read again and painted
 *   cancelled          how many the confirm cancelled
 *   rss-kb-open, rss-kb-end, rss-kb-settled   VmRSS with the list open, right after
 *                      the bulk cancel, and five seconds later (its checkpoint done)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>

#include "inv-cancel-dialog.h"
#include "inv-invitation-query.h"
#include "inv-database-invitations.h"
#include "inv-invitations-view.h"
#include "inv-ui-resources.h"

static gint64 start_us;

static double
ms_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");

  return line != NULL ? strtol (line + 6, NULL, 10) : -1;
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *prefix)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (root, GTK_TYPE_BUTTON, found);
  for (guint i = 0; i < found->len; i++)
    {
      const char *label = gtk_button_get_label (found->pdata[i]);
      if (label != NULL && g_str_has_prefix (label, prefix))
        return found->pdata[i];
    }

  return NULL;
}

static guint
n_rows_shown (InvInvitationsView *view)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (GTK_WIDGET (inv_invitations_view_get_column_view (view)), GTK_TYPE_CHECK_BUTTON, found);

  return found->len;
}

static gboolean painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  painted = TRUE;
}

/* Runs the loop until the window has painted a frame that started after now. */
static void
wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);

  painted = FALSE;
  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

/* Runs the loop until the view has the rows of its query, then until they are painted. */
static void
wait_for_rows (InvInvitationsView *view,
               GtkWidget          *window)
{
  while (inv_invitations_view_get_loading (view))
    g_main_context_iteration (NULL, TRUE);
  wait_for_paint (window);
}

/* Runs the loop until the view shows rows of another query than @before, the first
 * of them at least (a new query shows those before the rest), then until painted. */
static void
wait_for_first_rows (InvInvitationsView       *view,
                     GtkWidget                *window,
                     const InvInvitationQuery *before)
{
  InvInvitationList *list = inv_invitations_view_get_list (view);

  while (inv_invitations_view_get_loading (view) &&
         inv_invitation_query_equal (inv_invitation_list_get_query (list), before))
    g_main_context_iteration (NULL, TRUE);
  wait_for_paint (window);
}

/* @sql with the values of @query bound, as one line for the sqlite3 CLI. */
static void
print_bound_sql (const char               *name,
                 InvDatabase              *database,
                 const InvInvitationQuery *query,
                 const char               *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *expanded;

  if (sqlite3_prepare_v2 (inv_database_get_handle (database), sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (inv_database_get_handle (database)));
  _inv_invitation_query_bind (query, stmt);
  expanded = sqlite3_expanded_sql (stmt);
  printf ("%s %s\n", name, expanded);
  sqlite3_free (expanded);
  sqlite3_finalize (stmt);
}

/* The statement the list ran for @query. */
static void
print_sql (const char               *name,
           InvDatabase              *database,
           const InvInvitationQuery *query)
{
  g_autoptr(GString) sql = g_string_new ("SELECT i.id");

  _inv_invitation_query_append_from (query, sql, FALSE);
  _inv_invitation_query_append_sql (query, sql, TRUE);
  print_bound_sql (name, database, query, sql->str);
}

/* The statement that finds the first rows of a new query. */
static void
print_leading_sql (const char               *name,
                   InvDatabase              *database,
                   const InvInvitationQuery *query)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  if (!inv_invitation_query_has_leading_walk (query))
    return;

  /* The list's own limit on the rows it walks (inv-invitations-view.c). */
  _inv_invitation_query_append_leading_sql (query, sql, 10000);
  print_bound_sql (name, database, query, sql->str);
}

/* A change of the list's query, timed: its first rows on screen (NAME-ms), every row
 * in the list (NAME-all-ms), and the statements of both for the baseline. */
static void
time_change (const char         *name,
             InvDatabase        *database,
             InvInvitationsView *view,
             GtkWidget          *window,
             void              (*change) (gpointer data),
             gpointer            data)
{
  InvInvitationList *list = inv_invitations_view_get_list (view);
  g_autoptr(InvInvitationQuery) before = inv_invitation_query_copy (inv_invitation_list_get_query (list));
  g_autofree char *sql_name = g_strdup_printf ("%s-sql", name);
  g_autofree char *leading_name = g_strdup_printf ("%s-leading-sql", name);
  gint64 t0 = g_get_monotonic_time ();

  change (data);
  wait_for_first_rows (view, window, before);
  printf ("%s-ms %.1f\n", name, ms_since (t0));
  printf ("%s-first-shown %u\n", name, g_list_model_get_n_items (G_LIST_MODEL (list)));
  wait_for_rows (view, window);
  printf ("%s-all-ms %.1f\n", name, ms_since (t0));
  print_sql (sql_name, database, inv_invitation_list_get_query (list));
  print_leading_sql (leading_name, database, inv_invitation_list_get_query (list));
  printf ("%s-matching %u\n", name, g_list_model_get_n_items (G_LIST_MODEL (list)));
  fflush (stdout);
}

static void
show_pending_only (gpointer data)
{
  gtk_drop_down_set_selected (data, 1);
}

/* As a click on the candidate column's header does. */
static void
sort_by_candidate (gpointer data)
{
  GtkColumnView *column_view = data;
  g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (gtk_column_view_get_columns (column_view), 1);

  gtk_column_view_sort_by_column (column_view, column, GTK_SORT_ASCENDING);
}

static void
emit_search_changed (gpointer data)
{
  g_signal_emit_by_name (data, "search-changed");
}

static InvCancelDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (INV_IS_CANCEL_DIALOG (l->data) && gtk_widget_get_mapped (l->data))
      return l->data;

  return NULL;
}

/* The search whose pending rows come closest to @target, so the bulk cancel is of
 * about that many. */
static char *
pick_search (InvDatabase *database,
             guint        target,
             guint       *n_pending)
{
  static const char * const candidates[] = {
    "a", "e", "i", "o", "n", "r", "l", "an", "ar", "el", "in", "ma", "er", "on", "la", "ra",
    "example.com", "example.org", "mail", "son", "ne", "li", "ro",
  };
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  const char *best = NULL;
  guint best_n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      guint counts[INV_N_STATUSES];

      inv_invitation_query_set_search (query, candidates[i]);
      if (!inv_database_count_by_status (database, query, counts, NULL))
        continue;
      if (best == NULL || ABS ((int)counts[INV_STATUS_PENDING] - (int)target) < ABS ((int)best_n - (int)target))
        {
          best = candidates[i];
          best_n = counts[INV_STATUS_PENDING];
        }
    }

  *n_pending = best_n;

  return g_strdup (best);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(InvSession) session = NULL;
  g_autofree char *search = NULL;
  GtkWindow *window;
  InvInvitationsView *view;
  GtkColumnView *column_view;
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  InvCancelDialog *dialog;
  gint64 t0;
  guint n_pending = 0;
  guint before, after;

  start_us = g_get_monotonic_time ();

  if (argc < 2)
    {
      g_printerr ("Usage: bench-list-view DATABASE [--no-cancel]\n");
      return 1;
    }

  gtk_init ();
  adw_init ();
  inv_ui_register_resource ();

  database = inv_database_open (argv[1], &error);
  if (database == NULL)
    g_error ("%s", error->message);
  /* As the app's, without its settings: the view reads the stored ones. */
  session = inv_session_new (database, NULL);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1280, 800);
  view = INV_INVITATIONS_VIEW (inv_invitations_view_new (session, 0));
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  while (n_rows_shown (view) < 5)
    g_main_context_iteration (NULL, TRUE);
  wait_for_paint (GTK_WIDGET (window));
  printf ("ready-ms %.1f\n", ms_since (start_us));
  printf ("rows %u\n", g_list_model_get_n_items (G_LIST_MODEL (inv_invitations_view_get_list (view))));
  /* Let the deferred status counts run before measuring memory. */
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  printf ("rss-kb-open %ld\n", rss_kb ());
  fflush (stdout);

  collect (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN, dropdowns);
  collect (GTK_WIDGET (view), GTK_TYPE_SEARCH_ENTRY, entries);
  column_view = inv_invitations_view_get_column_view (view);

  time_change ("filter", database, view, GTK_WIDGET (window), show_pending_only, dropdowns->pdata[0]);
  time_change ("sort", database, view, GTK_WIDGET (window), sort_by_candidate, column_view);

  /* Searches: the time from the debounced "search-changed" to the rows. The entry's
   * own delayed emission is kept out of the way, so only the one below runs. */
  gtk_search_entry_set_search_delay (entries->pdata[0], G_MAXINT);

  /* A person's name, as someone looking for one candidate types it. */
  {
    g_autoptr(InvInvitation) first = g_list_model_get_item (G_LIST_MODEL (inv_invitations_view_get_list (view)), 0);

    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), inv_invitation_get_candidate_name (first));
    time_change ("search-name", database, view, GTK_WIDGET (window), emit_search_changed, entries->pdata[0]);
    printf ("search-name-text %s\n", inv_invitation_get_candidate_name (first));
  }

  /* Two letters that match about 100,000 pending rows: the rows of the bulk cancel. */
  search = pick_search (database, 100000, &n_pending);
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), search);
  time_change ("search", database, view, GTK_WIDGET (window), emit_search_changed, entries->pdata[0]);
  printf ("search-text %s\n", search);
  fflush (stdout);

  if (argc > 2 && g_str_equal (argv[2], "--no-cancel"))
    return 0;

  /* Select all matching, then Delete invitations: the dialog with its numbers. */
  {
    g_autoptr(GPtrArray) checks = g_ptr_array_new ();

    collect (GTK_WIDGET (column_view), GTK_TYPE_CHECK_BUTTON, checks);
    gtk_widget_activate (checks->pdata[0]);
    for (int i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
  }
  while (find_button (GTK_WIDGET (view), "Select all") == NULL)
    g_main_context_iteration (NULL, TRUE);

  before = (guint)g_list_model_get_n_items (G_LIST_MODEL (inv_invitations_view_get_list (view)));
  t0 = g_get_monotonic_time ();
  g_signal_emit_by_name (find_button (GTK_WIDGET (view), "Select all"), "clicked");
  g_signal_emit_by_name (find_button (GTK_WIDGET (view), "Delete invitations"), "clicked");
  while ((dialog = find_dialog ()) == NULL)
    g_main_context_iteration (NULL, TRUE);
  wait_for_paint (GTK_WIDGET (dialog));
  printf ("select-all-ms %.1f\n", ms_since (t0));
  printf ("eligible %u\n", inv_cancel_dialog_get_preview (dialog)->n_eligible);
  printf ("skipped %u\n", inv_cancel_dialog_get_preview (dialog)->n_skipped);
  fflush (stdout);

  t0 = g_get_monotonic_time ();
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog),
                                      adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), "delete")),
                         "clicked");
  while (find_button (GTK_WIDGET (view), "_Undo") == NULL)
    g_main_context_iteration (NULL, TRUE);
  printf ("confirm-ms %.1f\n", ms_since (t0));
  wait_for_rows (view, GTK_WIDGET (window));
  printf ("confirm-rows-ms %.1f\n", ms_since (t0));
  after = (guint)g_list_model_get_n_items (G_LIST_MODEL (inv_invitations_view_get_list (view)));
  printf ("cancelled %u\n", before - after);
  printf ("rss-kb-end %ld\n", rss_kb ());
  fflush (stdout);

  /* The cancel's own connection keeps its page cache until its checkpoint is done. */
  t0 = g_get_monotonic_time ();
  while (ms_since (t0) < 5000)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  printf ("rss-kb-settled %ld\n", rss_kb ());

  return 0;
}

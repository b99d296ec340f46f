/* bench-changes.c: how long a change takes to show in the invitations list, against
 * reading the whole list again (run by hand through bench-changes.py; never part of
 * the test suite).
 *
 * Usage: bench-changes DATABASE MODE
 *   MODE one-row       one visible pending row is cancelled by another connection
 *   MODE many-rows     the 100,000 newest pending rows are cancelled at once
 *   MODE reload-one-row, reload-many-rows   the same change, then the list reads
 *                      every id again and replaces its rows: what every change cost
 *                      before the list followed changes in place (the baseline)
 *
 * The list shows "Pending only" (about a third of the rows), sorted newest first, so
 * a cancel takes rows out of it. Prints one "name value" line per figure:
 *   ready-ms        the list open with every pending id
 *   rows            how many rows it shows
 *   MODE-model-ms   the commit (for the changes) or the call (for the reload) → the
 *                   list model holds the new state
 *   MODE-ms         the same → the list shows it, painted
 *   rows-after      how many rows it shows then
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>

#include "inv-database-invitations.h"
#include "inv-invitations-view.h"
#include "inv-session.h"
#include "inv-ui-resources.h"

#define MANY_ROWS 100000

static double
ms_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static gboolean painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  painted = TRUE;
}

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

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static guint
n_items (InvInvitationsView *view)
{
  return g_list_model_get_n_items (G_LIST_MODEL (inv_invitations_view_get_list (view)));
}

/* Until the view has read its rows (no read on its way) and has @n of them. */
static void
wait_for_n_rows (InvInvitationsView *view,
                 guint               n)
{
  while (inv_invitations_view_get_loading (view) || n_items (view) != n)
    g_main_context_iteration (NULL, TRUE);
}

static gpointer
nothing_job (InvDatabase   *database,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  return g_object_ref (database);
}

static void
nothing_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(InvDatabase) database = inv_database_worker_run_finish (NULL, result, NULL);

  *(gboolean *)user_data = TRUE;
}

/* Until the worker has run what the view gave it (the counts) and the window has
 * drawn the result: nothing left over lands in a figure. */
static void
wait_until_quiet (InvSession *session,
                  GtkWidget  *window)
{
  gboolean done = FALSE;

  inv_database_worker_run_async (inv_session_get_worker (session), nothing_job, NULL, NULL,
                                 g_object_unref, NULL, nothing_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  wait_for_paint (window);
}

static void
exec_or_die (InvDatabase *database,
             const char  *sql)
{
  g_autoptr(GError) error = NULL;

  if (!inv_database_exec (database, sql, &error))
    g_error ("%s", error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(InvDatabase) writer = NULL;
  g_autoptr(InvSession) session = NULL;
  g_autoptr(GPtrArray) dropdowns = g_ptr_array_new ();
  const char *mode;
  GtkWindow *window;
  InvInvitationsView *view;
  gint64 t0 = g_get_monotonic_time ();
  guint before;

  if (argc != 3)
    {
      g_printerr ("Usage: bench-changes DATABASE [reload-]one-row|[reload-]many-rows\n");
      return 1;
    }
  mode = argv[2];

  gtk_init ();
  adw_init ();
  inv_ui_register_resource ();

  database = inv_database_open (argv[1], &error);
  if (database == NULL)
    g_error ("%s", error->message);
  /* The other writer: the command line, a bulk cancel's own connection, a sync. */
  writer = inv_database_open (argv[1], &error);
  if (writer == NULL)
    g_error ("%s", error->message);

  session = inv_session_new (database, NULL);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1280, 800);
  view = INV_INVITATIONS_VIEW (inv_invitations_view_new (session, 0));
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);

  collect (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN, dropdowns);
  while (inv_invitations_view_get_loading (view) || n_items (view) == 0)
    g_main_context_iteration (NULL, TRUE);
  gtk_drop_down_set_selected (dropdowns->pdata[0], 1);  /* Pending only */
  while (inv_invitations_view_get_loading (view) || inv_invitation_list_is_partial (inv_invitations_view_get_list (view)))
    g_main_context_iteration (NULL, TRUE);
  /* The counts run first, so that they do not share the worker with the figure. */
  wait_until_quiet (session, GTK_WIDGET (window));

  before = n_items (view);
  printf ("ready-ms %.1f\n", ms_since (t0));
  printf ("rows %u\n", before);
  fflush (stdout);

  if (g_str_has_suffix (mode, "one-row") || g_str_has_suffix (mode, "many-rows"))
    {
      gboolean one = g_str_has_suffix (mode, "one-row");
      g_autofree char *sql = NULL;
      guint n_changed = one ? 1 : MANY_ROWS;

      if (one)
        sql = g_strdup_printf ("UPDATE invitations SET status = 'cancelled' WHERE id = %" G_GINT64_FORMAT,
                               inv_invitation_list_get_id (inv_invitations_view_get_list (view), 3));
      else
        sql = g_strdup_printf ("UPDATE invitations SET status = 'cancelled' WHERE id IN ("
                               "SELECT id FROM invitations WHERE status = 'pending' "
                               "ORDER BY sent_at DESC LIMIT %u)", MANY_ROWS);

      exec_or_die (writer, sql);
      t0 = g_get_monotonic_time ();

      /* The baseline reads every id at once, before the announcement is even run. */
      if (g_str_has_prefix (mode, "reload-") &&
          !inv_invitation_list_reload (inv_invitations_view_get_list (view), &error))
        g_error ("%s", error->message);

      wait_for_n_rows (view, before - n_changed);
      printf ("%s-model-ms %.1f\n", mode, ms_since (t0));
    }
  else
    {
      g_printerr ("Unknown mode %s\n", mode);
      return 1;
    }

  wait_for_paint (GTK_WIDGET (window));
  printf ("%s-ms %.1f\n", mode, ms_since (t0));
  printf ("rows-after %u\n", n_items (view));
  fflush (stdout);

  return 0;
}

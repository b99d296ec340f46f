/* test-reinvite-dialog.c: re-inviting from a row's menu action through the dialog,
 * and the toast's Undo, which withdraws the re-invite before anything reaches the
 * service.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <adwaita.h>
#include <string.h>

#include "inv-date-row.h"
#include "inv-invitations-view.h"
#include "inv-invite.h"
#include "inv-reinvite.h"
#include "inv-reinvite-dialog.h"
#include "inv-sync-engine.h"
#include "core-test-util.h"
#include "sync-test-util.h"
#include "ui-test-screenshot.h"
#include "ui-test-util.h"

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 &&
         gtk_widget_is_drawable (widget);
}

static gboolean
undo_shown (gpointer data)
{
  return ui_test_find_widget (data, is_button_labelled, "_Undo") != NULL;
}

static gboolean
undo_gone (gpointer data)
{
  return !undo_shown (data);
}

typedef struct
{
  InvDatabase *db;
  const char  *sql;
  gint64       value;
} Scalar;

static gboolean
scalar_is (gpointer data)
{
  Scalar *wanted = data;

  return core_test_scalar (wanted->db, wanted->sql) == wanted->value;
}

static void
test_reinvite_and_undo (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=reinvite-key", NULL);
  g_autofree char *path = test_temp_database_path ();
  g_autoptr(InvDatabase) db = test_database_new (path);
  g_autoptr(InvSession) session = NULL;
  g_autoptr(InvInviteRequest) request = inv_invite_request_new (1);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *sql = NULL;
  InvSyncEngine *engine;
  GtkWindow *window;
  GtkWidget *view;
  GtkWindow *dialog;
  InvDateRow *deadline;
  GtkWidget *notify;
  gint64 id = 0;

  g_assert_true (inv_database_exec (db,
                                    "INSERT INTO templates (id, remote_id, name, interview_type, active, validity_days, duration_minutes) "
                                    "VALUES (1, 1001, 'Backend Engineer - Screening', 'automated', 1, 7, 60)",
                                    &error));
  g_assert_true (inv_invite_one (db, request, "Jo", "Example", "jo@example.org", &id, NULL, &error));
  g_assert_no_error (error);
  /* Cancelled, and the service knows of nothing (its create was never sent) */
  sql = g_strdup_printf ("UPDATE invitations SET status = 'cancelled', sync_state = 'synced', cancel_reason = 'position_filled' "
                         "WHERE id = %" G_GINT64_FORMAT, id);
  g_assert_true (inv_database_exec (db, "DELETE FROM outbox", NULL));
  g_assert_true (inv_database_exec (db, sql, NULL));

  /* A generous undo period, so a loaded machine has time to press Undo */
  g_settings_set_uint (settings, "cancel-grace-seconds", 120);

  session = inv_session_new (db, NULL);
  engine = inv_session_get_sync_engine (session);
  g_assert_true (inv_sync_engine_set_service_url (engine, service->url, &error));
  inv_sync_engine_set_api_key (engine, "reinvite-key");

  window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (window, 1000, 600);
  view = inv_invitations_view_new (session, 0);
  adw_window_set_content (ADW_WINDOW (window), view);
  gtk_window_present (window);
  ui_test_drain ();

  /* The row menu's "Re-invite" asks first */
  gtk_widget_activate_action (view, "list.reinvite", "x", id);
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_REINVITE_DIALOG), "the re-invite dialog");
  dialog = ui_test_find_toplevel (INV_TYPE_REINVITE_DIALOG);
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with,
                                         "Jo Example’s invitation to “Backend Engineer - Screening” was cancelled."));
  deadline = INV_DATE_ROW (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_of_type, GSIZE_TO_POINTER (INV_TYPE_DATE_ROW)));
  {
    g_autoptr(GDateTime) expected = g_date_time_add_days (now, 7);

    g_assert_cmpint (g_date_time_get_day_of_year (inv_date_row_get_date (deadline)), ==, g_date_time_get_day_of_year (expected));
  }
  notify = ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_SWITCH));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (notify)));
  ui_test_screenshot (GTK_WIDGET (dialog), "reinvite-dialog");

  /* A later deadline from the calendar, and no email this time */
  {
    g_autoptr(GDateTime) later = g_date_time_add_days (now, 14);

    gtk_calendar_select_day (inv_date_row_get_calendar (deadline), later);
    g_signal_emit_by_name (inv_date_row_get_calendar (deadline), "day-selected");
  }
  gtk_switch_set_active (GTK_SWITCH (notify), FALSE);
  ui_test_click (ui_test_find_widget (GTK_WIDGET (dialog), is_button_labelled, "_Re-invite"));
  ui_test_wait_until (ui_test_toplevel_gone, GSIZE_TO_POINTER (INV_TYPE_REINVITE_DIALOG), "the dialog to close");

  /* Held: pending again, one re-invite waiting out its undo period */
  g_assert_cmpint (core_test_scalar (db, "SELECT count(*) FROM invitations WHERE status = 'pending' AND cancel_reason IS NULL"), ==, 1);
  g_assert_cmpint (core_test_scalar (db, "SELECT count(*) FROM outbox WHERE operation = 'reinvite' AND hold_until > strftime('%s','now') "
                                         "  AND payload LIKE '%\"sendEmail\":\"no\"%'"), ==, 1);
  ui_test_wait_until (undo_shown, window, "the toast's Undo");
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (window), ui_test_is_label_with, "Jo Example re-invited: queued for the invitation service"));

  /* A sync now sends nothing: the row is held */
  inv_sync_engine_sync_async (engine, 0, NULL, NULL, NULL);
  ui_test_wait_until (ui_test_engine_idle, engine, "the sync's end");

  /* Undo withdraws it: cancelled as before, nothing left to send */
  ui_test_click (ui_test_find_widget (GTK_WIDGET (window), is_button_labelled, "_Undo"));
  {
    Scalar withdrawn = { db, "SELECT count(*) FROM outbox", 0 };

    ui_test_wait_until (scalar_is, &withdrawn, "the re-invite withdrawn");
  }
  g_assert_cmpint (core_test_scalar (db, "SELECT count(*) FROM invitations WHERE status = 'cancelled' AND cancel_reason = 'position_filled'"), ==, 1);

  /* And nothing reaches the service, even after another sync */
  inv_sync_engine_sync_async (engine, 0, NULL, NULL, NULL);
  ui_test_wait_until (ui_test_engine_idle, engine, "the sync's end");
  {
    g_autoptr(JsonNode) keep = NULL;
    JsonArray *known = test_service_invitations (service, &keep);

    g_assert_cmpuint (json_array_get_length (known), ==, 0);
  }

  /* Re-invited again, then taken back another way (Ctrl+Z, another window): the
   * toast does not keep offering an Undo that has nothing left to undo. */
  ui_test_wait_until (undo_gone, window, "the first toast gone");
  gtk_widget_activate_action (view, "list.reinvite", "x", id);
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_REINVITE_DIALOG), "the re-invite dialog");
  dialog = ui_test_find_toplevel (INV_TYPE_REINVITE_DIALOG);
  ui_test_drain ();
  ui_test_click (ui_test_find_widget (GTK_WIDGET (dialog), is_button_labelled, "_Re-invite"));
  ui_test_wait_until (ui_test_toplevel_gone, GSIZE_TO_POINTER (INV_TYPE_REINVITE_DIALOG), "the dialog to close");
  ui_test_wait_until (undo_shown, window, "the new toast's Undo");
  {
    gint64 batch_id = 0;

    g_assert_true (inv_reinvite_find_last_undoable (db, inv_database_now (), &batch_id, NULL, NULL));
    g_assert_true (inv_reinvite_undo (db, batch_id, &error));
    g_assert_no_error (error);
  }
  ui_test_wait_until (undo_gone, window, "the toast goes with its batch");
  g_assert_cmpint (core_test_scalar (db, "SELECT count(*) FROM invitations WHERE status = 'cancelled'"), ==, 1);

  gtk_window_destroy (window);
  ui_test_drain ();
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  ui_test_init_widgets (&argc, &argv);

  g_test_add_func ("/ui/reinvite/dialog-and-undo", test_reinvite_and_undo);

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

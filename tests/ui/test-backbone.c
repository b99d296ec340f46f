/* test-backbone.c: a write's effect is visible everywhere it should be — on the
 * service, in every open list and count, after the window closed, and when another
 * process made it — driven through the real window and the real test service.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-message-template.h"
#include "inv-test-tmpdir.h"

#include <adwaita.h>
#include <string.h>

#include "inv-application.h"
#include "inv-bulk-bar.h"
#include "inv-cancel-dialog.h"
#include "inv-credentials.h"
#include "inv-database-candidates.h"
#include "inv-invitations-view.h"
#include "inv-invitation-cell.h"
#include "inv-invite.h"
#include "inv-selection-model.h"
#include "inv-template-page.h"
#include "inv-templates-page.h"
#include "inv-window.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

#define API_KEY "backbone-key"
#define GRACE_SECONDS 3
/* The service has 25 invitations (from its web dashboard): 15 pending, 5 in
 * progress, 5 completed, over two templates. */
#define N_POPULATED 25

typedef struct
{
  char        *path;
  TestService *service;
  GSettings   *settings;
  gint64       hold_until;    /* of the cancel the body made */
  gint64       remote_ids[8]; /* of the invitations it cancelled */
  guint        n_remote_ids;
  gboolean     undo_checked;
} Backbone;

static void
backbone_set_up_full (Backbone   *test,
                      const char *name,
                      gboolean    key_in_keyring)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("%s.db", name);

  test->path = g_build_filename (g_get_tmp_dir (), file, NULL);
  test->service = test_service_start ("--api-key=" API_KEY, "--populate=25", NULL);
  test->settings = g_settings_new (APP_ID);
  g_settings_set_string (test->settings, "service-url", test->service->url);
  g_settings_set_uint (test->settings, "cancel-grace-seconds", GRACE_SECONDS);
  /* Only what the app itself plans sends anything: no periodic sync helps. */
  g_settings_set_uint (test->settings, "sync-interval-minutes", 1440);
  /* The cancellation email names the company and ends with the sender's signature:
   * without them no email is queued. */
  {
    g_autoptr(InvDatabase) database = inv_database_open (test->path, &error);

    g_assert_no_error (error);
    g_assert_true (inv_message_template_set_company (database, "Acme", &error));
    g_assert_true (inv_message_template_set_signature (database, "Ada Lovelace", &error));
  }
  if (key_in_keyring)
    {
      g_assert_true (inv_credentials_store_sync (test->service->url, API_KEY, NULL, &error));
      g_assert_no_error (error);
    }
}

static void
backbone_set_up (Backbone   *test,
                 const char *name)
{
  backbone_set_up_full (test, name, TRUE);
}

static void
backbone_tear_down (Backbone *test)
{
  g_settings_reset (test->settings, "service-url");
  g_settings_reset (test->settings, "cancel-grace-seconds");
  g_settings_reset (test->settings, "sync-interval-minutes");
  g_clear_object (&test->settings);
  g_clear_pointer (&test->service, test_service_stop);
  g_clear_pointer (&test->path, g_free);
}

static void
wait_for_first_sync (InvWindow *window)
{
  UiTestRowCount count = { window, N_POPULATED };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "invitations"));
  ui_test_wait_until (ui_test_main_list_has_n_rows, &count, "the first sync fills the list");
}

static gboolean
service_has_every_cancel (gpointer data)
{
  Backbone *test = data;

  for (guint i = 0; i < test->n_remote_ids; i++)
    {
      g_autofree char *status = test_service_get_status (test->service, test->remote_ids[i]);

      if (g_strcmp0 (status, "cancelled") != 0)
        return FALSE;
    }

  return TRUE;
}

/* On the service once the undo period ended, and within two seconds of it (one more
 * for the clocks' rounding to seconds). */
static void
assert_sent_in_time (Backbone *test)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpint (test->hold_until, >, 0);
  g_assert_cmpint (now, <=, test->hold_until + 2 + 1);
}

static gint64
scalar (const char *path,
        const char *sql)
{
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);

  return test_query_int (database, sql, 0);
}

static void
note_held_batch (Backbone *test)
{
  test->hold_until = scalar (test->path, "SELECT max (hold_until) FROM cancel_batches WHERE ?1 = ?1");
}

/* The remote id of the list's row at @position. */
static gint64
remote_id_at (InvInvitationsView *view,
              guint               position)
{
  g_autoptr(InvInvitation) invitation = g_list_model_get_item (G_LIST_MODEL (inv_invitations_view_get_list (view)),
                                                               position);

  return inv_invitation_get_remote_id (invitation);
}

static gboolean
undo_toast_shown (gpointer data)
{
  return ui_test_find_button (data, "Undo") != NULL;
}

/* Answers the warning with "Delete". */
static void
confirm_cancel (void)
{
  InvCancelDialog *dialog;

  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "the warning dialog");
  dialog = ui_test_find_toplevel (INV_TYPE_CANCEL_DIALOG);
  /* It promises what happens: an undo period, then the cancel is sent. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "You can undo for "));
  g_assert_null (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "at once"));
  /* No reason is chosen for the person: choose the neutral one, the last. */
  ui_test_choose_cancel_reason (GTK_WIDGET (dialog), NULL);
  ui_test_click (ui_test_find_button (GTK_WIDGET (dialog),
                                      adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), "delete")));
  ui_test_wait_until (ui_test_toplevel_gone, GSIZE_TO_POINTER (INV_TYPE_CANCEL_DIALOG), "the warning dialog closes");
}

/* The "More actions" menu of the pending row at @position → "Delete invitation". */
static void
cancel_from_row_menu (InvInvitationsView *view,
                      guint               position)
{
  g_autoptr(GPtrArray) buttons = ui_test_find_all (GTK_WIDGET (inv_invitations_view_get_column_view (view)),
                                                   GTK_TYPE_MENU_BUTTON);
  GtkWidget *popover;
  GtkWidget *item;

  g_assert_cmpuint (position, <, buttons->len);
  popover = ui_test_open_menu (buttons->pdata[position]);
  item = ui_test_find_menu_item (popover, "Delete invitation");
  g_assert_nonnull (item);
  g_signal_emit_by_name (item, "clicked");
  confirm_cancel ();
}

/* The first @n pending rows of @view, as the list shows them. */
static GArray *
pending_positions (InvInvitationsView *view,
                   guint               n)
{
  GArray *positions = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_items = ui_test_view_n_rows (view);

  for (guint i = 0; i < n_items && positions->len < n; i++)
    {
      g_autoptr(InvInvitation) invitation = g_list_model_get_item (G_LIST_MODEL (inv_invitations_view_get_list (view)), i);

      if (inv_invitation_get_status (invitation) == INV_STATUS_PENDING)
        g_array_append_val (positions, i);
    }

  g_assert_cmpuint (positions->len, ==, n);

  return positions;
}

/* ---- A cancel from the row menu reaches the service within its undo period + 2 s -- */

/* The Sync column says "Held", its tooltip when the change is sent. */
static gboolean
row_says_when_sent (gpointer data)
{
  g_autoptr(GPtrArray) cells = ui_test_find_all (GTK_WIDGET (inv_invitations_view_get_column_view (data)),
                                                 INV_TYPE_INVITATION_CELL);

  for (guint i = 0; i < cells->len; i++)
    {
      const char *detail = inv_invitation_cell_get_detail (cells->pdata[i]);

      if (detail != NULL && g_str_has_prefix (detail, "Sends in ") &&
          g_strcmp0 (inv_invitation_cell_get_text (cells->pdata[i]), "Held") == 0)
        return TRUE;
    }

  return FALSE;
}

/* Cancels the first pending row of the main list from its row menu, and notes what
 * the service must receive. */
static InvInvitationsView *
cancel_first_pending (Backbone  *test,
                      InvWindow *window)
{
  InvInvitationsView *view;
  g_autoptr(GArray) positions = NULL;

  wait_for_first_sync (window);
  view = ui_test_main_view (window);
  positions = pending_positions (view, 1);
  test->remote_ids[test->n_remote_ids++] = remote_id_at (view, g_array_index (positions, guint, 0));
  cancel_from_row_menu (view, g_array_index (positions, guint, 0));
  ui_test_wait_until (undo_toast_shown, window, "the Undo toast");
  note_held_batch (test);

  return view;
}

static void
row_menu_cancel_body (InvApplication *app,
                      InvWindow      *window,
                      gpointer        user_data)
{
  Backbone *test = user_data;
  InvInvitationsView *view = cancel_first_pending (test, window);

  /* The row says when its cancel goes out. */
  ui_test_wait_until (row_says_when_sent, view, "the row says when it is sent");

  /* Nobody asks for a sync. */
  ui_test_wait_until (service_has_every_cancel, test, "the service has the cancel");
  assert_sent_in_time (test);
}

static void
test_row_menu_cancel_reaches_service (void)
{
  Backbone test = { 0 };

  backbone_set_up (&test, "backbone-row-menu");
  /* Long enough to read the row's countdown on a loaded machine. */
  g_settings_set_uint (test.settings, "cancel-grace-seconds", 8);
  ui_test_run_app (test.path, row_menu_cancel_body, &test);
  backbone_tear_down (&test);
}

/* ---- A bulk cancel, the same --------------------------------------------------- */

static gboolean
bulk_bar_offers_delete (gpointer data)
{
  GtkWidget *button = ui_test_find_button (data, "Delete invitations");

  return button != NULL && gtk_widget_is_sensitive (button);
}

static void
bulk_cancel_body (InvApplication *app,
                  InvWindow      *window,
                  gpointer        user_data)
{
  Backbone *test = user_data;
  InvInvitationsView *view;
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GPtrArray) checks = NULL;

  wait_for_first_sync (window);
  view = ui_test_main_view (window);
  positions = pending_positions (view, 3);
  checks = ui_test_find_all (GTK_WIDGET (inv_invitations_view_get_column_view (view)), GTK_TYPE_CHECK_BUTTON);

  for (guint i = 0; i < positions->len; i++)
    {
      guint position = g_array_index (positions, guint, i);

      test->remote_ids[test->n_remote_ids++] = remote_id_at (view, position);
      gtk_widget_activate (checks->pdata[position]);
    }

  ui_test_wait_until (bulk_bar_offers_delete, view, "the bulk bar");
  ui_test_click (ui_test_find_button (GTK_WIDGET (view), "Delete invitations"));
  confirm_cancel ();
  ui_test_wait_until (undo_toast_shown, window, "the Undo toast");
  note_held_batch (test);

  ui_test_wait_until (service_has_every_cancel, test, "the service has the three cancels");
  assert_sent_in_time (test);
}

static void
test_bulk_cancel_reaches_service (void)
{
  Backbone test = { 0 };

  backbone_set_up (&test, "backbone-bulk");
  ui_test_run_app (test.path, bulk_cancel_body, &test);
  backbone_tear_down (&test);
}

/* ---- Undo after going to another template ----------------------------------- */

static gboolean
template_page_open (gpointer data)
{
  InvTemplatesPage *page = data;
  GObject *bin = gtk_widget_get_template_child (GTK_WIDGET (page), INV_TYPE_TEMPLATES_PAGE, "template_bin");

  return INV_IS_TEMPLATE_PAGE (adw_bin_get_child (ADW_BIN (bin)));
}

static gboolean
templates_listed (gpointer data)
{
  return g_list_model_get_n_items (inv_templates_page_get_templates (data)) >= 2;
}

static InvInvitationsView *
open_template (InvWindow        *window,
               InvTemplatesPage *page,
               guint             index)
{
  GListModel *templates = inv_templates_page_get_templates (page);
  g_autoptr(InvTemplate) template = g_list_model_get_item (templates, index);
  GObject *bin = gtk_widget_get_template_child (GTK_WIDGET (page), INV_TYPE_TEMPLATES_PAGE, "template_bin");
  InvInvitationsView *view;

  g_assert_true (inv_templates_page_open_template (page, inv_template_get_id (template)));
  ui_test_wait_until (template_page_open, page, "the template's page");
  view = INV_INVITATIONS_VIEW (inv_template_page_get_list (INV_TEMPLATE_PAGE (adw_bin_get_child (ADW_BIN (bin)))));

  while (inv_invitations_view_get_loading (view))
    g_main_context_iteration (NULL, TRUE);

  return view;
}

static gboolean
row_cancelled_locally (gpointer data)
{
  Backbone *test = data;

  return scalar (test->path, "SELECT count(*) FROM invitations WHERE status = 'cancelled' AND ?1 = ?1") == 1;
}

static gboolean
row_restored (gpointer data)
{
  Backbone *test = data;

  return scalar (test->path, "SELECT count(*) FROM invitations WHERE status = 'cancelled' AND ?1 = ?1") == 0;
}

typedef struct
{
  InvInvitationsView *view;
  gint64              remote_id;
  InvStatus           status;    /* what the list should show for it */
} RowStatus;

static gboolean
main_list_shows_status (gpointer data)
{
  RowStatus *row = data;
  InvInvitationList *list = inv_invitations_view_get_list (row->view);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(InvInvitation) invitation = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (inv_invitation_get_remote_id (invitation) == row->remote_id)
        return inv_invitation_get_status (invitation) == row->status;
    }

  return FALSE;
}

static void
undo_elsewhere_body (InvApplication *app,
                     InvWindow      *window,
                     gpointer        user_data)
{
  Backbone *test = user_data;
  InvTemplatesPage *templates_page;
  InvInvitationsView *view;
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  RowStatus main_row = { NULL, 0, INV_STATUS_PENDING };

  wait_for_first_sync (window);

  /* Cancel from the first template's Invite tab… */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "templates"));
  ui_test_drain ();
  templates_page = INV_TEMPLATES_PAGE (adw_bin_get_child (ui_test_window_child (window, "templates_bin")));
  /* The page follows the sync's templates a moment after they are written. */
  ui_test_wait_until (templates_listed, templates_page, "the templates are listed");
  view = open_template (window, templates_page, 0);
  positions = pending_positions (view, 1);
  main_row.remote_id = remote_id_at (view, g_array_index (positions, guint, 0));
  checks = ui_test_find_all (GTK_WIDGET (inv_invitations_view_get_column_view (view)), GTK_TYPE_CHECK_BUTTON);
  gtk_widget_activate (checks->pdata[g_array_index (positions, guint, 0)]);
  ui_test_wait_until (bulk_bar_offers_delete, view, "the bulk bar");
  ui_test_click (ui_test_find_button (GTK_WIDGET (view), "Delete invitations"));
  confirm_cancel ();
  ui_test_wait_until (row_cancelled_locally, test, "the cancel is written");
  ui_test_wait_until (undo_toast_shown, window, "the Undo toast");

  /* …then open the other template: the first one's page and list are gone. */
  open_template (window, templates_page, 1);

  /* Undo in the toast still works, and the main list shows the row pending again. */
  ui_test_click (ui_test_find_button (GTK_WIDGET (window), "Undo"));
  ui_test_wait_until (row_restored, test, "the undo restores the row");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "invitations"));
  main_row.view = ui_test_main_view (window);
  ui_test_wait_until (main_list_shows_status, &main_row, "the main list shows it pending");

  /* Nothing reaches the service; Ctrl+Z has nothing left to undo. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "undo"));
  test->undo_checked = TRUE;
}

static void
test_undo_after_switching_template (void)
{
  Backbone test = { 0 };

  backbone_set_up (&test, "backbone-undo");
  ui_test_run_app (test.path, undo_elsewhere_body, &test);
  g_assert_true (test.undo_checked);
  g_assert_cmpint (scalar (test.path, "SELECT count(*) FROM outbox WHERE ?1 = ?1"), ==, 0);
  backbone_tear_down (&test);
}

/* ---- Closing the window inside the undo period still delivers the cancel ------ */

static void
close_inside_undo_body (InvApplication *app,
                        InvWindow      *window,
                        gpointer        user_data)
{
  Backbone *test = user_data;

  cancel_first_pending (test, window);

  /* Still held: the window closes now (ui_test_run_app closes it after this). */
  g_assert_false (service_has_every_cancel (test));
}

static void
test_close_inside_undo_period (void)
{
  Backbone test = { 0 };

  backbone_set_up (&test, "backbone-close");
  /* Returns once the app ended: it stayed, without a window, to send the cancel. */
  ui_test_run_app (test.path, close_inside_undo_body, &test);
  g_assert_true (service_has_every_cancel (&test));
  g_assert_cmpint (scalar (test.path, "SELECT count(*) FROM outbox WHERE ?1 = ?1"), ==, 0);
  backbone_tear_down (&test);
}

/* ---- A bulk invite's creates go out at once ------------------------------------ */

static gboolean
service_has_n_invitations (gpointer data)
{
  Backbone *test = data;
  g_autoptr(JsonNode) keep = NULL;

  return json_array_get_length (test_service_invitations (test->service, &keep)) == N_POPULATED + 3;
}

static void
bulk_invite_body (InvApplication *app,
                  InvWindow      *window,
                  gpointer        user_data)
{
  Backbone *test = user_data;
  g_autoptr(InvDatabase) other = NULL;
  g_autoptr(InvInviteRequest) request = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  UiTestRowCount count = { window, N_POPULATED + 3 };
  gint64 candidates[3];

  wait_for_first_sync (window);

  /* As the invite dialog's worker does: its own connection, one batch. */
  other = inv_database_open (test->path, &error);
  g_assert_no_error (error);
  candidates[0] = inv_database_add_candidate (other, "Kenji", "Sato", "kenji.sato@example.jp", NULL, &error);
  candidates[1] = inv_database_add_candidate (other, "Amara", "Okafor", "amara@example.ng", NULL, &error);
  candidates[2] = inv_database_add_candidate (other, "Łukasz", "Nowak", "lukasz@example.pl", NULL, &error);
  g_assert_no_error (error);
  request = inv_invite_request_new (scalar (test->path, "SELECT min (id) FROM templates WHERE ?1 = ?1"));
  outcomes = inv_invite_queue (other, request, candidates, 3, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* The window's list shows them, and the service has them with no sync asked for. */
  ui_test_wait_until (ui_test_main_list_has_n_rows, &count, "the list shows the three invites");
  ui_test_wait_until (service_has_n_invitations, test, "the service has the three invites");
}

static void
test_bulk_invite_sent_at_once (void)
{
  Backbone test = { 0 };

  backbone_set_up (&test, "backbone-invite");
  ui_test_run_app (test.path, bulk_invite_body, &test);
  backbone_tear_down (&test);
}

/* ---- A sync that pulls new invitations updates the list in place --------------- */

static gboolean
status_filter_says (gpointer data)
{
  gpointer *args = data;
  InvInvitationsView *view = args[0];
  g_autoptr(GPtrArray) dropdowns = ui_test_find_all (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN);
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdowns->pdata[0]);

  return item != NULL && g_strcmp0 (gtk_string_object_get_string (item), args[1]) == 0;
}

static void
pull_updates_body (InvApplication *app,
                   InvWindow      *window,
                   gpointer        user_data)
{
  Backbone *test = user_data;
  InvInvitationsView *view;
  InvSelectionModel *selection;
  GtkAdjustment *adjustment;
  UiTestRowCount count = { window, N_POPULATED + 40 };
  gpointer says_25[] = { NULL, (gpointer)"All (25)" };
  gpointer says_65[] = { NULL, (gpointer)"All (65)" };
  g_autoptr(GPtrArray) checks = NULL;
  gint64 ticked_id;
  double scrolled;

  wait_for_first_sync (window);
  view = ui_test_main_view (window);
  says_25[0] = says_65[0] = view;
  ui_test_wait_until (status_filter_says, says_25, "the status filter counts 25");

  /* A tick and a scroll position, to be kept. */
  checks = ui_test_find_all (GTK_WIDGET (inv_invitations_view_get_column_view (view)), GTK_TYPE_CHECK_BUTTON);
  gtk_widget_activate (checks->pdata[2]);
  selection = inv_invitations_view_get_selection (view);
  ticked_id = inv_invitation_list_get_id (inv_invitations_view_get_list (view), 2);
  g_assert_true (inv_selection_model_is_id_selected (selection, ticked_id));
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (inv_invitations_view_get_column_view (view)));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  ui_test_drain ();
  scrolled = gtk_adjustment_get_value (adjustment);

  /* Forty invitations made in the web dashboard; the background sync brings them. */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *email = g_strdup_printf ("dashboard%u@example.org", i);

      test_service_create (test->service, 1001, email, "Dashboard Person");
    }
  inv_sync_engine_sync_async (inv_session_get_sync_engine (inv_application_get_session (app)),
                              INV_SYNC_FLAGS_NONE, NULL, NULL, NULL);

  ui_test_wait_until (ui_test_main_list_has_n_rows, &count, "the list shows 65 rows");
  ui_test_wait_until (status_filter_says, says_65, "the status filter counts 65");

  /* In place: the same view, the tick kept, still scrolled down (the new rows came in
   * at the top, newest first). */
  g_assert_true (ui_test_main_view (window) == view);
  g_assert_true (inv_selection_model_is_id_selected (selection, ticked_id));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >=, scrolled);
}

static void
test_pull_updates_in_place (void)
{
  Backbone test = { 0 };

  backbone_set_up (&test, "backbone-pull");
  ui_test_run_app (test.path, pull_updates_body, &test);
  backbone_tear_down (&test);
}

/* ---- A cancel from the command line shows in the open window ----------------- */

static void
command_line_cancel_body (InvApplication *app,
                          InvWindow      *window,
                          gpointer        user_data)
{
  Backbone *test = user_data;
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *option = g_strconcat ("--database=", test->path, NULL);
  g_autofree char *cancel = NULL;
  g_autofree char *out = NULL;
  RowStatus row = { NULL, 0, INV_STATUS_CANCELLED };

  wait_for_first_sync (window);
  row.view = ui_test_main_view (window);
  positions = pending_positions (row.view, 1);
  row.remote_id = remote_id_at (row.view, g_array_index (positions, guint, 0));
  cancel = g_strdup_printf ("--cancel=%" G_GINT64_FORMAT,
                            inv_invitation_list_get_id (inv_invitations_view_get_list (row.view),
                                                        g_array_index (positions, guint, 0)));

  /* Another process, on the same file. */
  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                          g_getenv ("INV_APP"), option, cancel, "--no-notify", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (cli, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (cli));
  g_assert_nonnull (strstr (out, "1 cancelled"));

  ui_test_wait_until (main_list_shows_status, &row, "the window shows the cancel");
}

static void
test_command_line_cancel_shows (void)
{
  Backbone test = { 0 };

  backbone_set_up (&test, "backbone-cli");
  ui_test_run_app (test.path, command_line_cancel_body, &test);
  backbone_tear_down (&test);
}

/* ---- The command line writes while the window writes: nobody hears "locked" ----- */

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
} CliRun;

static void
cli_finished_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CliRun *run = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result,
                                                       &run->out, &run->err, &error));
  g_assert_no_error (error);
  run->done = TRUE;
}

static gboolean
cli_done (gpointer data)
{
  return ((CliRun *)data)->done;
}

static gboolean
is_label_about_lock (GtkWidget     *widget,
                     gconstpointer  data)
{
  const char *text;

  if (!GTK_IS_LABEL (widget))
    return FALSE;
  text = gtk_label_get_label (GTK_LABEL (widget));

  return strstr (text, "locked") != NULL || strstr (text, "in use by another program") != NULL ||
         strstr (text, "busy") != NULL;
}

static void
concurrent_writes_body (InvApplication *app,
                        InvWindow      *window,
                        gpointer        user_data)
{
  Backbone *test = user_data;
  InvSyncEngine *engine = inv_session_get_sync_engine (inv_application_get_session (app));
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *option = g_strconcat ("--database=", test->path, NULL);
  InvInvitationsView *view;
  CliRun run = { 0 };
  RowStatus rows[3];

  wait_for_first_sync (window);
  view = ui_test_main_view (window);
  positions = pending_positions (view, G_N_ELEMENTS (rows));
  g_assert_cmpuint (positions->len, ==, G_N_ELEMENTS (rows));
  for (guint i = 0; i < positions->len; i++)
    {
      guint position = g_array_index (positions, guint, i);

      rows[i] = (RowStatus) { view, remote_id_at (view, position), INV_STATUS_CANCELLED };
      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "",
                              inv_invitation_list_get_id (inv_invitations_view_get_list (view), position));
    }

  /* Another process cancels one invitation after the other and rewrites a setting,
   * each a write of its own, while the window syncs (pulls and stores) meanwhile. */
  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                          "sh", "-c",
                          "app=$1; db=$2; shift 2; n=0; for id in $*; do "
                          "  \"$app\" \"$db\" --cancel=$id --no-notify || exit 1; "
                          "  n=$((n+1)); \"$app\" \"$db\" --set-company=\"Company $n\" || exit 1; "
                          "done",
                          "sh", g_getenv ("INV_APP"), option, ids->str, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (cli, NULL, NULL, cli_finished_cb, &run);
  for (guint i = 0; i < 3; i++)
    inv_sync_engine_sync_async (engine, INV_SYNC_FLAGS_NONE, NULL, NULL, NULL);
  ui_test_wait_until (cli_done, &run, "the command line finishes");

  g_test_message ("command line stdout:\n%s\nstderr:\n%s", run.out, run.err);
  g_assert_true (g_subprocess_get_successful (cli));
  g_assert_cmpstr (run.err, ==, "");

  /* The window shows every change, and has said nothing of a lock. */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    ui_test_wait_until (main_list_shows_status, &rows[i], "the window shows the cancel");
  g_assert_null (ui_test_find_widget (GTK_WIDGET (window), is_label_about_lock, NULL));

  g_free (run.out);
  g_free (run.err);
}

static void
test_concurrent_writes (void)
{
  Backbone test = { 0 };

  backbone_set_up (&test, "backbone-concurrent");
  ui_test_run_app (test.path, concurrent_writes_body, &test);
  backbone_tear_down (&test);
}

/* ---- The window takes the key from where the command line does ---------------- */

static void
key_from_environment_body (InvApplication *app,
                           InvWindow      *window,
                           gpointer        user_data)
{
  /* No key in the keyring for this service: the environment's is used. */
  wait_for_first_sync (window);
}

static void
test_key_from_environment (void)
{
  Backbone test = { 0 };

  backbone_set_up_full (&test, "backbone-key-env", FALSE);
  g_setenv (INV_CREDENTIALS_KEY_VARIABLE, API_KEY, TRUE);
  ui_test_run_app (test.path, key_from_environment_body, &test);
  g_unsetenv (INV_CREDENTIALS_KEY_VARIABLE);
  backbone_tear_down (&test);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int status;

  ui_test_init (&argc, &argv, tmpdir);

  g_test_add_func ("/backbone/row-menu-cancel-reaches-service", test_row_menu_cancel_reaches_service);
  g_test_add_func ("/backbone/bulk-cancel-reaches-service", test_bulk_cancel_reaches_service);
  g_test_add_func ("/backbone/bulk-invite-sent-at-once", test_bulk_invite_sent_at_once);
  g_test_add_func ("/backbone/undo-after-switching-template", test_undo_after_switching_template);
  g_test_add_func ("/backbone/close-inside-undo-period", test_close_inside_undo_period);
  g_test_add_func ("/backbone/pull-updates-in-place", test_pull_updates_in_place);
  g_test_add_func ("/backbone/command-line-cancel-shows", test_command_line_cancel_shows);
  g_test_add_func ("/backbone/concurrent-writes", test_concurrent_writes);
  g_test_add_func ("/backbone/key-from-environment", test_key_from_environment);

  status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return status;
}

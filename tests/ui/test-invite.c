/* test-invite.c: the Candidates page and "Send invite", driven the way a person does —
 * ticking candidates, pressing the bar's buttons, reading the dialog's warnings and
 * counts, sending, fixing an email in the results and retrying only the failed ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <adwaita.h>
#include <string.h>

#include "inv-candidate-dialog.h"
#include "inv-candidate-edit.h"
#include "inv-candidate-row.h"
#include "inv-candidates-page.h"
#include "inv-database-candidates.h"
#include "inv-edit-candidate-dialog.h"
#include "inv-import-dialog.h"
#include "inv-invite-dialog.h"
#include "inv-invite-one-dialog.h"
#include "inv-invite-results.h"
#include "inv-date-row.h"
#include "inv-sync-engine.h"
#include "inv-template.h"
#include "sync-test-util.h"
#include "ui-test-screenshot.h"
#include "inv-outbox.h"
#include "inv-transaction.h"
#include "core-test-util.h"
#include "ui-test-util.h"

/* ---- Helpers ------------------------------------------------------------------ */

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  const char *text;

  if (!GTK_IS_BUTTON (widget))
    return FALSE;

  text = gtk_button_get_label (GTK_BUTTON (widget));
  return text != NULL && g_str_has_prefix (text, label) && gtk_widget_is_drawable (widget);
}

/* Whether shown or not. */
static gboolean
is_button_named (GtkWidget     *widget,
                 gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_row_check (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_CHECK_BUTTON (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_VIEW) != NULL;
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_shown_switch (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_SWITCH (widget) && gtk_widget_is_drawable (widget);
}

static gboolean
is_entry (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_ENTRY (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX) != NULL;
}

static void
click (GtkWidget  *root,
       const char *label)
{
  GtkWidget *button = ui_test_find_widget (root, is_button_labelled, label);

  if (button == NULL)
    g_error ("No button “%s”", label);
  g_assert_true (gtk_widget_is_sensitive (button));
  /* A click: "activate" would wait for the pressed look to time out first. */
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
label_shown (gpointer data)
{
  const char * const *args = data;
  GtkWindow *window = ui_test_find_toplevel (g_type_from_name (args[0]));

  return window != NULL && ui_test_find_widget (GTK_WIDGET (window), ui_test_is_label_with, args[1]) != NULL;
}

static void
wait_for_label (const char *window_type,
                const char *text)
{
  const char *args[] = { window_type, text };

  ui_test_wait_until (label_shown, args, text);
}

typedef struct
{
  InvDatabase *db;
  InvSession  *session;
  GtkWindow   *window;
  GtkWidget   *page;
  gint64       open_template;
  gint64       closed_template;
  gint64       live_template;
  gint64       invalid_id;
  gint64       pending_id;
  gint64       demo_template;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("invite-ui-%u.db", ++counter);
  g_autoptr(GError) error = NULL;
  g_autoptr(InvInviteRequest) request = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  const char * const people[][3] = {
    { "Zoë", "Çelik", "zoe@example.org" },
    { "Jo", "Example", "jo@example.org" },
    { "Ana", "Silva", "ana@beispiel.de" },
    { "Mia", "Kim", "mia@bücher.example" },
    { "Li", "Wang", "li@example.com" },
    { "Bad", "Address", "bad@example.org" },
    { "Already", "Pending", "pending@example.org" },
  };

  fixture->db = core_test_open_database (name,
                                         "INSERT INTO templates (id, remote_id, name, interview_type, active, validity_days, duration_minutes) VALUES "
                                         "  (1, 1001, 'Backend Engineer - Screening', 'automated', 1, 7, 60),"
                                         "  (2, 1002, 'Summer Internship 2025', 'automated', 0, 7, 30),"
                                         "  (3, 1003, 'Frontend Engineer - Live', 'live', 1, 10, 90)");
  /* A demo template named like a real one but for its dash: the picker must tell them apart. */
  g_assert_true (inv_database_exec (fixture->db,
                                    "INSERT INTO templates (id, name, interview_type, active, validity_days, duration_minutes, is_sample) VALUES "
                                    "  (4, 'Backend Engineer – Screening', 'automated', 1, 7, 60, 1)",
                                    &error));
  fixture->open_template = 1;
  fixture->closed_template = 2;
  fixture->live_template = 3;
  fixture->demo_template = 4;

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      gint64 id = inv_database_add_candidate (fixture->db, people[i][0], people[i][1], people[i][2], NULL, &error);

      g_assert_no_error (error);
      if (i == 5)
        fixture->invalid_id = id;
      if (i == 6)
        fixture->pending_id = id;
    }

  /* An address stored before it was checked, and one person invited already. */
  g_assert_true (inv_database_exec (fixture->db, "UPDATE candidates SET email = 'bad@@example.org' WHERE email = 'bad@example.org'", NULL));
  request = inv_invite_request_new (1);
  outcomes = inv_invite_queue_batch (fixture->db, request, &fixture->pending_id, 1, 0, &error);
  g_assert_no_error (error);

  fixture->session = inv_session_new (fixture->db, NULL);
  fixture->page = ui_test_present_candidates_page (fixture->session, &fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ui_test_destroy_toplevels ();
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->db);
}

static GPtrArray *
row_checks (Fixture *fixture)
{
  GPtrArray *checks = ui_test_collect (fixture->page, is_row_check, NULL);

  return checks;
}

static InvInviteDialog *
open_invite_dialog (Fixture *fixture)
{
  click (fixture->page, "Send invite");
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_INVITE_DIALOG), "the invite dialog");

  return INV_INVITE_DIALOG (ui_test_find_toplevel (INV_TYPE_INVITE_DIALOG));
}

static gboolean
preview_ready (gpointer data)
{
  InvInviteDialog *dialog = data;

  return ui_test_find_widget (GTK_WIDGET (dialog), is_button_labelled, "Send Invite to") != NULL;
}

static GtkListView *
page_list_view (Fixture *fixture)
{
  return GTK_LIST_VIEW (ui_test_find_widget (fixture->page, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_LIST_VIEW)));
}

/* How many rows the page's list has, shown or scrolled away. */
static guint
n_rows (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (page_list_view (fixture))));
}

typedef struct
{
  Fixture *fixture;
  guint    n_rows;
} RowCount;

static gboolean
has_n_rows (gpointer data)
{
  RowCount *count = data;

  return n_rows (count->fixture) == count->n_rows;
}

/* The page follows changes by itself: this waits for it, and calls nothing. */
static void
wait_for_rows (Fixture *fixture,
               guint    n)
{
  RowCount count = { fixture, n };
  g_autofree char *what = g_strdup_printf ("%u rows", n);

  ui_test_wait_until (has_n_rows, &count, what);
  ui_test_drain ();
}

static void
search (Fixture    *fixture,
        const char *text,
        guint       n_expected)
{
  GtkWidget *entry = ui_test_find_widget (fixture->page, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY));

  /* The entry says "search-changed" a moment after the typing stops. */
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  wait_for_rows (fixture, n_expected);
}

static GtkCheckButton *
header_check (Fixture *fixture)
{
  /* The first check button of the page, above the list */
  return GTK_CHECK_BUTTON (ui_test_find_widget (fixture->page, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON)));
}

static gboolean
is_candidate_row (GtkWidget     *widget,
                  gconstpointer  data)
{
  return INV_IS_CANDIDATE_ROW (widget) && inv_candidate_row_get_candidate (INV_CANDIDATE_ROW (widget)) != NULL;
}

static GtkCheckButton *
row_check (GtkWidget *row)
{
  return GTK_CHECK_BUTTON (ui_test_find_widget (row, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON)));
}

/* The row showing @email, if one is made for it (on screen or near). */
static GtkWidget *
find_row (Fixture    *fixture,
          const char *email)
{
  g_autoptr(GPtrArray) rows = ui_test_collect (fixture->page, is_candidate_row, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      InvCandidate *candidate = inv_candidate_row_get_candidate (rows->pdata[i]);

      if (g_strcmp0 (inv_candidate_get_email (candidate), email) == 0)
        return rows->pdata[i];
    }

  return NULL;
}

/* The rows inside the visible part of the list, top to bottom. */
static GPtrArray *
rows_on_screen (Fixture *fixture)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (page_list_view (fixture)), GTK_TYPE_SCROLLED_WINDOW);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GPtrArray *shown = g_ptr_array_new ();
  int height = gtk_widget_get_height (scrolled);

  g_ptr_array_extend_and_steal (rows, ui_test_collect (fixture->page, is_candidate_row, NULL));
  for (guint i = 0; i < rows->len; i++)
    {
      graphene_rect_t bounds;

      if (gtk_widget_get_mapped (rows->pdata[i]) &&
          gtk_widget_compute_bounds (rows->pdata[i], scrolled, &bounds) &&
          bounds.origin.y >= 0 && bounds.origin.y + bounds.size.height <= height)
        g_ptr_array_add (shown, rows->pdata[i]);
    }

  return shown;
}

/* Where @row is drawn, from the top of the visible part of the list. */
static double
row_y (Fixture   *fixture,
       GtkWidget *row)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (page_list_view (fixture)), GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (row, scrolled, &bounds));

  return bounds.origin.y;
}

static gint64
row_id (GtkWidget *row)
{
  return inv_candidate_get_id (inv_candidate_row_get_candidate (INV_CANDIDATE_ROW (row)));
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

/* The ids of the rows a person sees, whole or in part. */
static GArray *
ids_seen (Fixture *fixture)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (page_list_view (fixture)), GTK_TYPE_SCROLLED_WINDOW);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int height = gtk_widget_get_height (scrolled);

  g_ptr_array_extend_and_steal (rows, ui_test_collect (fixture->page, is_candidate_row, NULL));
  for (guint i = 0; i < rows->len; i++)
    {
      graphene_rect_t bounds;

      if (gtk_widget_get_mapped (rows->pdata[i]) &&
          gtk_widget_compute_bounds (rows->pdata[i], scrolled, &bounds) &&
          bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < height)
        {
          gint64 id = row_id (rows->pdata[i]);

          g_array_append_val (ids, id);
        }
    }

  return ids;
}

static gboolean
selected_ids_equal (Fixture      *fixture,
                    const gint64 *expected,
                    guint         n_expected)
{
  g_autoptr(GArray) ids = inv_candidates_page_dup_selected_ids (INV_CANDIDATES_PAGE (fixture->page));
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_vals (sorted, expected, n_expected);
  g_array_sort (sorted, compare_ids);

  return ids->len == sorted->len &&
         memcmp (ids->data, sorted->data, ids->len * sizeof (gint64)) == 0;
}

/* ---- Tests -------------------------------------------------------------------- */

static void
test_select_preview_send_retry (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) checks = row_checks (fixture);
  InvInviteDialog *dialog;
  GtkWidget *include;
  GtkWidget *results;
  GtkWidget *entry;
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gint64 outbox_id;

  g_assert_cmpuint (checks->len, ==, 7);

  /* Tick three rows: the bar appears with the count and offers all seven */
  for (guint i = 0; i < 3; i++)
    gtk_widget_activate (checks->pdata[i]);
  ui_test_drain ();
  g_assert_cmpuint (inv_candidates_page_get_n_selected (INV_CANDIDATES_PAGE (fixture->page)), ==, 3);
  g_assert_nonnull (ui_test_find_widget (fixture->page, ui_test_is_label_with, "3 selected"));
  click (fixture->page, "Select all 7 matching");
  ui_test_drain ();
  g_assert_cmpuint (inv_candidates_page_get_n_selected (INV_CANDIDATES_PAGE (fixture->page)), ==, 7);
  g_assert_nonnull (ui_test_find_widget (fixture->page, ui_test_is_label_with, "7 selected"));
  for (guint i = 0; i < checks->len; i++)
    g_assert_true (gtk_check_button_get_active (checks->pdata[i]));

  dialog = open_invite_dialog (fixture);
  ui_test_wait_until (preview_ready, dialog, "the preview");

  /* Every warning and count before sending */
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), is_button_labelled, "Send Invite to 5 Candidates"));
  g_assert_cmpuint (inv_invite_dialog_get_n_to_send (dialog), ==, 5);
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "5 of 7 selected will be invited to “Backend Engineer - Screening”"));
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "1 already has a pending or in-progress invitation for this template"));
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "1 cannot be invited"));
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "A closed template accepts no new invitations and cannot be chosen: “Summer Internship 2025”"));

  /* Including the already-invited one on purpose changes the count on the button */
  include = ui_test_find_widget (GTK_WIDGET (dialog), is_shown_switch, NULL);
  gtk_switch_set_active (GTK_SWITCH (include), TRUE);
  ui_test_drain ();
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (include)));
  g_assert_cmpuint (inv_invite_dialog_get_n_to_send (dialog), ==, 6);
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), is_button_labelled, "Send Invite to 6 Candidates"));
  gtk_switch_set_active (GTK_SWITCH (include), FALSE);
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), is_button_labelled, "Send Invite to 5 Candidates"));

  click (GTK_WIDGET (dialog), "Send Invite to 5 Candidates");
  /* Queued, not sent: nothing reached the service yet */
  wait_for_label ("InvInviteDialog", "5 queued, 1 failed, 1 skipped");
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox WHERE operation = 'create'"), ==, 6);

  /* Fix the failed one's email in place and retry only it */
  results = ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_of_type, GSIZE_TO_POINTER (INV_TYPE_INVITE_RESULTS));
  g_assert_nonnull (results);
  g_assert_nonnull (ui_test_find_widget (results, ui_test_is_label_with, "An email address has only one @"));
  g_ptr_array_extend_and_steal (entries, ui_test_collect (results, is_entry, NULL));
  g_assert_cmpuint (entries->len, ==, 1);
  entry = entries->pdata[0];
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "bad@@example.org");
  gtk_editable_set_text (GTK_EDITABLE (entry), "bad@example.org");
  click (results, "_Retry Failed");
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (results, ui_test_is_label_with, "6 queued, 1 skipped"));
  /* Nothing failed: no retry is offered */
  g_assert_false (gtk_widget_get_visible (ui_test_find_widget (results, is_button_named, "_Retry Failed")));
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox WHERE operation = 'create'"), ==, 7);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM candidates WHERE email = 'bad@example.org'"), ==, 1);
  /* the retry joined the same batch */
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(DISTINCT batch_id) FROM outbox WHERE batch_id IS NOT NULL"), ==, 1);

  /* Later the service refuses one (as the sync engine records it): the results show
   * it with the service's reason, and a retry resends that outbox row. */
  outbox_id = core_test_scalar (fixture->db, "SELECT max(id) FROM outbox WHERE batch_id IS NOT NULL");
  g_assert_true (inv_outbox_fail (fixture->db, outbox_id, "Invalid email: mailbox does not exist", &error));
  g_assert_no_error (error);
  /* The results follow the change by themselves */
  wait_for_label ("InvInviteDialog", "5 queued, 1 failed, 1 skipped");
  g_assert_nonnull (ui_test_find_widget (results, ui_test_is_label_with, "mailbox does not exist"));
  g_assert_true (gtk_widget_get_visible (ui_test_find_widget (results, is_button_named, "_Retry Failed")));
  click (results, "_Retry Failed");
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (results, ui_test_is_label_with, "6 queued, 1 skipped"));
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox WHERE state = 'failed'"), ==, 0);
}

static void
test_closed_and_live_templates (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) checks = row_checks (fixture);
  g_autoptr(GtkWindow) holder = NULL;
  InvInviteDialog *dialog;

  /* Rows are by last name: "Address" (an invalid email), then "Example" */
  gtk_widget_activate (checks->pdata[1]);
  ui_test_drain ();
  dialog = open_invite_dialog (fixture);
  ui_test_wait_until (preview_ready, dialog, "the preview");

  /* The closed template is not among the choices */
  inv_invite_dialog_set_template (dialog, fixture->closed_template);
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "“Backend Engineer - Screening”"));

  /* A live interview asks for the date and time, and it must be valid */
  inv_invite_dialog_set_template (dialog, fixture->live_template);
  ui_test_wait_until (preview_ready, dialog, "the live preview");
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "Live interview, 90 minutes"));
  {
    GtkWidget *row = ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_of_type, GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW));
    GtkWidget *send;

    gtk_editable_set_text (GTK_EDITABLE (row), "next tuesday");
    ui_test_drain ();
    send = ui_test_find_widget (GTK_WIDGET (dialog), is_button_labelled, "Send Invite to 1 Candidate");
    g_assert_nonnull (send);
    g_assert_false (gtk_widget_is_sensitive (send));
    gtk_editable_set_text (GTK_EDITABLE (row), "2099-01-15 10:30");
    ui_test_drain ();
    g_assert_true (gtk_widget_is_sensitive (send));
  }

  click (GTK_WIDGET (dialog), "Send Invite to 1 Candidate");
  wait_for_label ("InvInviteDialog", "1 queued");
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations WHERE template_id = 3 AND scheduled_at IS NOT NULL"), ==, 1);
}

/* @n more people, bulk0@example.org on, added as one import would. */
static void
add_bulk_candidates (Fixture *fixture,
                     guint    n)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GError) error = NULL;

  txn = inv_transaction_begin (fixture->db, INV_TRANSACTION_IMMEDIATE, &error);
  g_assert_nonnull (txn);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("bulk%u@example.org", i);
      g_assert_cmpint (inv_database_add_candidate (fixture->db, "Bulk", "Person", email, NULL, &error), >, 0);
    }
  g_assert_true (inv_transaction_commit (txn, &error));
}

static void
test_many_in_batches_and_stop (Fixture       *fixture,
                               gconstpointer  data)
{
  InvInviteDialog *dialog;
  GtkWidget *results;
  guint n_sent;

  add_bulk_candidates (fixture, 250);
  wait_for_rows (fixture, 257);

  /* The header check selects the rows on screen, and only those */
  ui_test_wait_for_frames (fixture->page, 3);
  {
    g_autoptr(GArray) seen = ids_seen (fixture);
    g_autofree char *count = g_strdup_printf ("%u selected", seen->len);

    g_assert_cmpuint (seen->len, >, 0);
    g_assert_cmpuint (seen->len, <, 257);
    gtk_widget_activate (ui_test_find_widget (fixture->page, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON)));
    ui_test_drain ();
    g_assert_nonnull (ui_test_find_widget (fixture->page, ui_test_is_label_with, count));
    g_assert_true (selected_ids_equal (fixture, (const gint64 *)(gpointer)seen->data, seen->len));
  }

  /* Selecting the whole search is its own, explicit step */
  click (fixture->page, "Select all 257 matching");
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (fixture->page, ui_test_is_label_with, "257 selected"));

  dialog = open_invite_dialog (fixture);
  ui_test_wait_until (preview_ready, dialog, "the preview");
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), is_button_labelled, "Send Invite to 255 Candidates"));
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "Queued in 3 batches of up to 100"));

  /* Above the soft limit it asks once more, with the exact number and the batches */
  click (GTK_WIDGET (dialog), "Send Invite to 255 Candidates");
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the confirmation");
  {
    AdwMessageDialog *confirm = ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

    g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Invite 255 Candidates?");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "in 3 batches of up to 100"));
    g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox WHERE batch_id IS NOT NULL"), ==, 0);
    adw_message_dialog_response (confirm, "send");
  }

  /* Stop at once: the batch under way (if any) finishes, later ones are not queued */
  click (GTK_WIDGET (dialog), "_Stop After This Batch");
  wait_for_label ("InvInviteDialog", "not queued: you stopped before their batch");
  results = ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_of_type, GSIZE_TO_POINTER (INV_TYPE_INVITE_RESULTS));
  n_sent = inv_invite_results_get_n_queued (INV_INVITE_RESULTS (results));
  g_assert_cmpuint (n_sent, <, 255);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox WHERE batch_id IS NOT NULL"), ==, n_sent);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_test_drain ();

  /* Send again: everything left goes out, in batches, one dialog */
  gtk_widget_activate (ui_test_find_widget (fixture->page, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON)));
  ui_test_drain ();
  click (fixture->page, "Select all 257 matching");
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (fixture->page, ui_test_is_label_with, "257 selected"));
  dialog = open_invite_dialog (fixture);
  ui_test_wait_until (preview_ready, dialog, "the second preview");
  {
    g_autofree char *label = g_strdup_printf ("Send Invite to %u Candidates", 255 - n_sent);
    click (GTK_WIDGET (dialog), label);
  }
  if (255 - n_sent > 100)
    {
      ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the confirmation");
      adw_message_dialog_response (ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "send");
    }
  {
    g_autofree char *title = g_strdup_printf ("%u queued, 1 failed", 255 - n_sent);
    wait_for_label ("InvInviteDialog", title);
  }
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations WHERE template_id = 1"), ==, 256);
}

/* A batch that cannot be written (a full disk, a read-only file: here a trigger
 * refuses the writes from the second batch on) stops the queueing by itself; the
 * results say so, not that the person stopped, and no email correction is asked for. */
static void
test_batch_that_cannot_be_written (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  InvInviteDialog *dialog;
  GtkWidget *results;
  GtkWidget *heading;
  guint n_queued;

  add_bulk_candidates (fixture, 250);
  g_assert_true (inv_database_exec (fixture->db,
                                    "CREATE TRIGGER refuse_after_first_batch BEFORE INSERT ON invitations "
                                    "WHEN (SELECT count(*) FROM invitations) > 100 "
                                    "BEGIN SELECT RAISE (ABORT, 'no room left for this batch'); END",
                                    &error));
  g_assert_no_error (error);
  wait_for_rows (fixture, 257);

  /* The rows on screen first, then the whole list, as a person does it */
  ui_test_wait_for_frames (fixture->page, 3);
  gtk_widget_activate (ui_test_find_widget (fixture->page, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON)));
  ui_test_drain ();
  click (fixture->page, "Select all 257 matching");
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (fixture->page, ui_test_is_label_with, "257 selected"));
  dialog = open_invite_dialog (fixture);
  ui_test_wait_until (preview_ready, dialog, "the preview");
  click (GTK_WIDGET (dialog), "Send Invite to 255 Candidates");
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the confirmation");
  adw_message_dialog_response (ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "send");

  wait_for_label ("InvInviteDialog", "not queued: queueing stopped when a batch could not be written");
  g_assert_null (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "you stopped before their batch"));
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "no room left for this batch"));

  heading = ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "Failed: Retry Once the Problem Is Fixed");
  g_assert_nonnull (heading);
  g_assert_true (gtk_widget_get_visible (heading));
  g_assert_null (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "Correct the Email"));
  ui_test_screenshot (GTK_WIDGET (dialog), "invite-batch-not-written");
  /* No SQL reaches the person, and each failed row still says who it is. */
  g_assert_null (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "INSERT INTO"));
  {
    g_autoptr(GPtrArray) entries = ui_test_collect (GTK_WIDGET (dialog), is_entry, NULL);

    g_assert_cmpuint (entries->len, >, 1);
    for (guint i = 0; i < entries->len; i++)
      g_assert_cmpstr (gtk_editable_get_text (entries->pdata[i]), !=, "");
  }

  /* What the first batch queued stays queued, and only that. */
  results = ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_of_type, GSIZE_TO_POINTER (INV_TYPE_INVITE_RESULTS));
  n_queued = inv_invite_results_get_n_queued (INV_INVITE_RESULTS (results));
  g_assert_cmpuint (n_queued, >, 0);
  g_assert_cmpuint (n_queued, <=, 100);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox WHERE batch_id IS NOT NULL"), ==, n_queued);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations"), ==, 1 + n_queued);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_test_drain ();
}

static gboolean
saved_candidate (gpointer data)
{
  Fixture *fixture = data;

  return inv_database_find_candidate (fixture->db, "new.person@example.org") != 0;
}

static void
test_add_candidate_with_field_errors (Fixture       *fixture,
                                      gconstpointer  data)
{
  GtkWindow *dialog;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) checks = NULL;

  click (fixture->page, "_Add Candidate");
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_CANDIDATE_DIALOG), "the candidate dialog");
  dialog = ui_test_find_toplevel (INV_TYPE_CANDIDATE_DIALOG);

  g_ptr_array_extend_and_steal (rows, ui_test_collect (GTK_WIDGET (dialog), ui_test_is_of_type, GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW)));
  g_assert_cmpuint (rows->len, ==, 4);
  gtk_editable_set_text (rows->pdata[0], "New");
  gtk_editable_set_text (rows->pdata[1], "Person");
  gtk_editable_set_text (rows->pdata[2], "JO@example.org");
  click (GTK_WIDGET (dialog), "_Add");
  ui_test_drain ();
  /* the error sits next to the email field */
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "Jo Example already has this email address"));
  g_assert_true (gtk_widget_has_css_class (rows->pdata[2], "error"));

  gtk_editable_set_text (rows->pdata[2], "new.person@");
  click (GTK_WIDGET (dialog), "_Add");
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "The domain after the @ is missing"));

  gtk_editable_set_text (rows->pdata[2], "new.person@example.org");
  gtk_editable_set_text (rows->pdata[3], "phone?");
  click (GTK_WIDGET (dialog), "_Add");
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "“phone?” is not a phone number"));
  gtk_editable_set_text (rows->pdata[3], "+49 30 1234567");
  click (GTK_WIDGET (dialog), "_Add");
  ui_test_wait_until (saved_candidate, fixture, "the new candidate");
  wait_for_rows (fixture, 8);

  checks = row_checks (fixture);
  g_assert_cmpuint (checks->len, ==, 8);
}

/* "Edit candidate details" judges with the same rules as adding: a number stored with
 * an extension is saved back as it is, and a wrong one is refused next to the phone. */
static void
test_edit_candidate_details (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCandidateDetails) details = NULL;
  GtkWidget *dialog;
  GtkWidget *first_name_row;
  GtkWidget *phone_row;
  gint64 id;

  id = inv_database_add_candidate (fixture->db, "Eve", "Extension", "eve@example.org",
                                   "(555) 010 0199 ext. 12", &error);
  g_assert_no_error (error);

  dialog = inv_edit_candidate_dialog_new (fixture->window, fixture->session, id);
  gtk_window_present (GTK_WINDOW (dialog));
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_EDIT_CANDIDATE_DIALOG), "the edit dialog");
  ui_test_drain ();
  first_name_row = GTK_WIDGET (gtk_widget_get_template_child (dialog, INV_TYPE_EDIT_CANDIDATE_DIALOG, "first_name_row"));
  phone_row = GTK_WIDGET (gtk_widget_get_template_child (dialog, INV_TYPE_EDIT_CANDIDATE_DIALOG, "phone_row"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (phone_row)), ==, "(555) 010 0199 ext. 12");

  gtk_editable_set_text (GTK_EDITABLE (phone_row), "(555) abc");
  click (dialog, "_Save");
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (dialog, ui_test_is_label_with,
                                 "“(555) abc” is not a phone number: use digits, spaces and + - ( ) / ."));
  g_assert_true (gtk_widget_has_css_class (phone_row, "error"));
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM candidates "
                                                  "WHERE phone = '(555) 010 0199 ext. 12'"), ==, 1);

  /* Typing takes the mark away; the stored number goes back unchanged with a new name. */
  gtk_editable_set_text (GTK_EDITABLE (phone_row), "(555) 010 0199 ext. 12");
  g_assert_false (gtk_widget_has_css_class (phone_row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (first_name_row), "Eva");
  click (dialog, "_Save");
  ui_test_wait_until (ui_test_toplevel_gone, GSIZE_TO_POINTER (INV_TYPE_EDIT_CANDIDATE_DIALOG), "the edit dialog to close");

  details = inv_candidate_details_load (fixture->db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (details->first_name, ==, "Eva");
  g_assert_cmpstr (details->phone, ==, "(555) 010 0199 ext. 12");
}

static gboolean
erased (gpointer data)
{
  Fixture *fixture = data;

  return inv_database_find_candidate (fixture->db, "pending@example.org") == 0;
}

static void
test_erase_candidate (Fixture       *fixture,
                      gconstpointer  data)
{
  AdwMessageDialog *warning;
  g_autoptr(GPtrArray) buttons = NULL;
  GtkMenuButton *button;
  GtkWidget *item;

  /* The row's menu item, which carries the candidate's id */
  buttons = ui_test_find_all (find_row (fixture, "pending@example.org"), GTK_TYPE_MENU_BUTTON);
  g_assert_cmpuint (buttons->len, ==, 1);
  button = buttons->pdata[0];
  item = ui_test_find_menu_item (ui_test_open_menu (button), "Erase Candidate…");
  g_assert_nonnull (item);
  g_assert_true (gtk_widget_get_sensitive (item));
  g_signal_emit_by_name (item, "clicked");
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the warning");
  warning = ADW_MESSAGE_DIALOG (ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (warning), ==, "Erase Candidate?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (warning), "Already Pending"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (warning), "cannot be undone"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (warning, "erase"), ==, ADW_RESPONSE_DESTRUCTIVE);

  adw_message_dialog_response (warning, "erase");
  ui_test_wait_until (erased, fixture, "the erasure");
  wait_for_rows (fixture, 6);

  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox WHERE operation = 'erase'"), ==, 1);
  {
    g_autoptr(GPtrArray) checks = row_checks (fixture);
    g_assert_cmpuint (checks->len, ==, 6);
  }
}

static void
test_import_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "drop.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *report;

  g_assert_true (g_file_set_contents (path,
                                      "Email,First Name,Last Name\r\n"
                                      "new1@example.org,New,One\r\n"
                                      "ZOE@example.org,Zoë,Çelik\r\n"
                                      "broken@,Broken,Row\r\n"
                                      "new2@example.org,New,Two\r\n"
                                      "NEW1@example.org,New,One Again\r\n",
                                      -1, NULL));

  /* What a drop of the file on the page does */
  inv_candidates_page_import_file (INV_CANDIDATES_PAGE (fixture->page), file);
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_IMPORT_DIALOG), "the import report");
  report = ui_test_find_toplevel (INV_TYPE_IMPORT_DIALOG);
  g_assert_nonnull (ui_test_find_label (report, "3 Candidates Imported"));
  g_assert_nonnull (ui_test_find_widget (report, ui_test_is_label_with, "2 new, 1 already known."));
  g_assert_nonnull (ui_test_find_widget (report, ui_test_is_label_with, "1 repeated row was merged"));
  g_assert_nonnull (ui_test_find_label (report, "Line 4"));
  g_assert_nonnull (ui_test_find_label (report, "The domain after the @ is missing"));

  /* The imported people are selected, ready to invite, and their rows come in ticked */
  g_assert_cmpuint (inv_candidates_page_get_n_selected (INV_CANDIDATES_PAGE (fixture->page)), ==, 3);
  wait_for_rows (fixture, 9);
  for (guint i = 0; i < 3; i++)
    {
      const char *emails[] = { "new1@example.org", "new2@example.org", "zoe@example.org" };
      GtkWidget *row = find_row (fixture, emails[i]);

      g_assert_nonnull (row);
      g_assert_true (gtk_check_button_get_active (row_check (row)));
    }
  g_assert_false (gtk_check_button_get_active (row_check (find_row (fixture, "jo@example.org"))));
  ui_test_click (ui_test_find_button (report, "_Send Invite"));
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_INVITE_DIALOG), "the invite dialog");
}

static gboolean
invited_one (gpointer data)
{
  Fixture *fixture = data;

  return core_test_scalar (fixture->db, "SELECT count(*) FROM invitations WHERE email = 'one@example.org'") == 1;
}

static gboolean
toast_shown (gpointer data)
{
  Fixture *fixture = data;

  return ui_test_find_widget (GTK_WIDGET (fixture->window), ui_test_is_label_with, "Invitation for One Person queued") != NULL;
}

static gboolean
is_shown_button_labelled (GtkWidget     *widget,
                          gconstpointer  label)
{
  return is_button_labelled (widget, label) && gtk_widget_is_drawable (widget);
}

static void
test_invite_one (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWindow *dialog;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  InvDateRow *deadline;
  GtkTextView *message;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  inv_invite_one_dialog_present (fixture->page, fixture->session, fixture->open_template);
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_INVITE_ONE_DIALOG), "the invite-one dialog");
  dialog = ui_test_find_toplevel (INV_TYPE_INVITE_ONE_DIALOG);
  ui_test_drain ();

  /* A real template: no demo warning */
  g_assert_null (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "demo template"));

  g_ptr_array_extend_and_steal (rows, ui_test_collect (GTK_WIDGET (dialog), ui_test_is_of_type, GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW)));
  g_assert_cmpuint (rows->len, ==, 4);  /* first and last name, email, and the hidden interview time */
  deadline = INV_DATE_ROW (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_of_type, GSIZE_TO_POINTER (INV_TYPE_DATE_ROW)));
  message = GTK_TEXT_VIEW (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT_VIEW)));
  g_assert_nonnull (deadline);
  g_assert_nonnull (message);

  /* The deadline starts at the template's validity, and is picked from a calendar */
  {
    g_autoptr(GDateTime) expected = g_date_time_add_days (now, 7);
    g_autoptr(GDateTime) shown = gtk_calendar_get_date (inv_date_row_get_calendar (deadline));

    g_assert_cmpint (g_date_time_get_day_of_year (inv_date_row_get_date (deadline)), ==, g_date_time_get_day_of_year (expected));
    g_assert_cmpint (g_date_time_get_day_of_year (shown), ==, g_date_time_get_day_of_year (expected));
  }

  gtk_editable_set_text (rows->pdata[0], "One");
  gtk_editable_set_text (rows->pdata[1], "Person");
  gtk_editable_set_text (rows->pdata[2], "one@example");
  /* A message of several lines */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (message), "See you soon!\nBring a laptop.", -1);
  ui_test_drain ();
  ui_test_screenshot (GTK_WIDGET (dialog), "invite-one-dialog");
  click (GTK_WIDGET (dialog), "Send invite");
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "needs a dot"));

  /* A day in the past, picked in the calendar, is refused */
  gtk_editable_set_text (rows->pdata[2], "one@example.org");
  {
    g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);

    gtk_menu_button_popup (GTK_MENU_BUTTON (ui_test_find_widget (GTK_WIDGET (deadline), ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_MENU_BUTTON))));
    ui_test_drain ();
    g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (inv_date_row_get_calendar (deadline))));
    ui_test_screenshot (ui_test_find_widget (GTK_WIDGET (deadline), ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_POPOVER)),
                        "invite-one-calendar");
    gtk_calendar_select_day (inv_date_row_get_calendar (deadline), yesterday);
    g_signal_emit_by_name (inv_date_row_get_calendar (deadline), "day-selected");
    ui_test_drain ();
    g_assert_cmpint (g_date_time_get_day_of_year (inv_date_row_get_date (deadline)), ==, g_date_time_get_day_of_year (yesterday));
  }
  click (GTK_WIDGET (dialog), "Send invite");
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "The deadline must be in the future"));

  {
    g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);

    gtk_calendar_select_day (inv_date_row_get_calendar (deadline), later);
    g_signal_emit_by_name (inv_date_row_get_calendar (deadline), "day-selected");
    ui_test_drain ();
  }
  click (GTK_WIDGET (dialog), "Send invite");
  ui_test_wait_until (invited_one, fixture, "the invitation");
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox WHERE payload LIKE '%See you soon!\\nBring a laptop.%'"), ==, 1);
  /* The deadline is the end of the chosen day */
  {
    g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
    g_autoptr(GDateTime) end = g_date_time_new_local (g_date_time_get_year (later), g_date_time_get_month (later),
                                                      g_date_time_get_day_of_month (later), 23, 59, 59);
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM invitations WHERE email = 'one@example.org' AND expires_at = %" G_GINT64_FORMAT,
                                            g_date_time_to_unix (end));

    g_assert_cmpint (core_test_scalar (fixture->db, sql), ==, 1);
  }
  /* And a toast confirms it, in the window the dialog came from */
  ui_test_wait_until (toast_shown, fixture, "the confirmation toast");
}

static gboolean
invited_twice (gpointer data)
{
  Fixture *fixture = data;

  return core_test_scalar (fixture->db, "SELECT count(*) FROM invitations WHERE email = 'pending@example.org'") == 2;
}

/* Inviting someone already invited to the template warns, as for many, and invites
 * again only on purpose. */
static void
test_invite_one_duplicate (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWindow *dialog;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  inv_invite_one_dialog_present (fixture->page, fixture->session, fixture->open_template);
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_INVITE_ONE_DIALOG), "the invite-one dialog");
  dialog = ui_test_find_toplevel (INV_TYPE_INVITE_ONE_DIALOG);
  g_ptr_array_extend_and_steal (rows, ui_test_collect (GTK_WIDGET (dialog), ui_test_is_of_type, GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW)));

  gtk_editable_set_text (rows->pdata[0], "Already");
  gtk_editable_set_text (rows->pdata[1], "Pending");
  gtk_editable_set_text (rows->pdata[2], "pending@example.org");
  click (GTK_WIDGET (dialog), "Send invite");
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "Already has a pending invitation for this template"));
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations WHERE email = 'pending@example.org'"), ==, 1);

  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), is_shown_button_labelled, "_Invite Anyway"));
  ui_test_screenshot (GTK_WIDGET (dialog), "invite-one-duplicate");
  click (GTK_WIDGET (dialog), "_Invite Anyway");
  ui_test_wait_until (invited_twice, fixture, "the second invitation");
  g_assert_null (ui_test_find_toplevel (INV_TYPE_INVITE_ONE_DIALOG));
}

static gboolean
reinvite_toast_shown (gpointer data)
{
  Fixture *fixture = data;

  return ui_test_find_widget (GTK_WIDGET (fixture->window), ui_test_is_label_with,
                              "Already Pending’s cancelled or expired invitation is pending again") != NULL;
}

/* Inviting someone whose invitation of the template was cancelled brings that
 * invitation back, one row, and the toast says so rather than "queued". */
static void
test_invite_one_reinvites_cancelled (Fixture       *fixture,
                                     gconstpointer  data)
{
  GtkWindow *dialog;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  g_assert_true (inv_database_exec (fixture->db, "UPDATE invitations SET status = 'cancelled' WHERE email = 'pending@example.org'", NULL));

  inv_invite_one_dialog_present (fixture->page, fixture->session, fixture->open_template);
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_INVITE_ONE_DIALOG), "the invite-one dialog");
  dialog = ui_test_find_toplevel (INV_TYPE_INVITE_ONE_DIALOG);
  g_ptr_array_extend_and_steal (rows, ui_test_collect (GTK_WIDGET (dialog), ui_test_is_of_type, GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW)));

  gtk_editable_set_text (rows->pdata[0], "Already");
  gtk_editable_set_text (rows->pdata[1], "Pending");
  gtk_editable_set_text (rows->pdata[2], "pending@example.org");
  click (GTK_WIDGET (dialog), "Send invite");
  ui_test_wait_until (reinvite_toast_shown, fixture, "the re-invite toast");
  ui_test_screenshot (GTK_WIDGET (fixture->window), "invite-one-reinvited-toast");

  g_assert_null (ui_test_find_widget (GTK_WIDGET (fixture->window), ui_test_is_label_with, "Invitation for Already Pending queued"));
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations WHERE email = 'pending@example.org'"), ==, 1);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations WHERE email = 'pending@example.org' AND status = 'pending'"), ==, 1);
}

static gboolean
is_label_exactly (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0 &&
         gtk_widget_is_drawable (widget);
}

static gboolean
popover_shown (gpointer data)
{
  return ui_test_find_widget (data, is_label_exactly, "Backend Engineer – Screening") != NULL;
}

/* The picker shows the whole names, the demo template labelled and after the real ones. */
static void
test_template_picker (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) checks = row_checks (fixture);
  InvInviteDialog *dialog;
  GtkWidget *combo;
  GtkWidget *popover;
  GtkWidget *real_name;
  GtkWidget *demo_name;
  GListModel *model;
  const char *names[] = { "Backend Engineer - Screening", "Backend Engineer – Screening" };

  gtk_widget_activate (checks->pdata[2]);
  ui_test_drain ();
  dialog = open_invite_dialog (fixture);
  ui_test_wait_until (preview_ready, dialog, "the preview");

  combo = ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_of_type, GSIZE_TO_POINTER (ADW_TYPE_COMBO_ROW));
  model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));
  /* Closed ones are not offered; the demo one comes last */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  {
    g_autoptr(InvTemplate) last = g_list_model_get_item (model, 2);

    g_assert_true (inv_template_get_is_sample (last));
  }

  gtk_widget_activate (combo);
  popover = ui_test_find_widget (combo, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_POPOVER));
  g_assert_nonnull (popover);
  ui_test_wait_until (popover_shown, popover, "the picker's list");
  ui_test_wait_for_frames (popover, 3);
  ui_test_screenshot (popover, "picker-list");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *label = ui_test_find_widget (popover, is_label_exactly, names[i]);
      int natural = 0;

      g_assert_nonnull (label);
      /* Whole, never cut short: wrapped when long, and as wide as the text needs */
      g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (label)), ==, PANGO_ELLIPSIZE_NONE);
      g_assert_true (gtk_label_get_wrap (GTK_LABEL (label)));
      gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      g_assert_cmpint (gtk_widget_get_width (label), >=, MIN (natural, 200));
    }

  /* The demo template carries its label and says what it is; the real one does not */
  real_name = ui_test_find_widget (popover, is_label_exactly, names[0]);
  demo_name = ui_test_find_widget (popover, is_label_exactly, names[1]);
  g_assert_null (ui_test_find_widget (gtk_widget_get_parent (gtk_widget_get_parent (real_name)), is_label_exactly, "Sample"));
  g_assert_nonnull (ui_test_find_widget (gtk_widget_get_parent (gtk_widget_get_parent (demo_name)), is_label_exactly, "Sample"));
  g_assert_nonnull (ui_test_find_widget (popover, ui_test_is_label_with, "Sample template: its invitations stay on this computer"));

  gtk_popover_popdown (GTK_POPOVER (popover));
  /* Chosen, the demo template is labelled in the row too, and the preview warns */
  inv_invite_dialog_set_template (dialog, fixture->demo_template);
  ui_test_wait_until (preview_ready, dialog, "the demo preview");
  g_assert_nonnull (ui_test_find_widget (combo, is_label_exactly, "Sample"));
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "This is a sample template"));
  ui_test_screenshot (GTK_WIDGET (dialog), "invite-dialog-demo");
}

static gboolean
demo_toast_shown (gpointer data)
{
  Fixture *fixture = data;

  return ui_test_find_widget (GTK_WIDGET (fixture->window), ui_test_is_label_with, "Sample invitation for Dee Mo added; it is never sent") != NULL;
}

/* The one-invite dialog names a demo template for what it is, as the bulk dialog does. */
static void
test_invite_one_demo (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWindow *dialog;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  inv_invite_one_dialog_present (fixture->page, fixture->session, fixture->demo_template);
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (INV_TYPE_INVITE_ONE_DIALOG), "the invite-one dialog");
  dialog = ui_test_find_toplevel (INV_TYPE_INVITE_ONE_DIALOG);
  ui_test_drain ();

  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with, "To “Backend Engineer – Screening”."));
  g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_label_with,
                                         "This is a sample template: the invitation stays on this computer and is never sent."));

  g_ptr_array_extend_and_steal (rows, ui_test_collect (GTK_WIDGET (dialog), ui_test_is_of_type, GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW)));
  gtk_editable_set_text (rows->pdata[0], "Dee");
  gtk_editable_set_text (rows->pdata[1], "Mo");
  gtk_editable_set_text (rows->pdata[2], "dee@example.org");
  ui_test_screenshot (GTK_WIDGET (dialog), "invite-one-demo");
  click (GTK_WIDGET (dialog), "Send invite");
  ui_test_wait_until (demo_toast_shown, fixture, "the demo toast");
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations WHERE email = 'dee@example.org' AND is_sample = 1"), ==, 1);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox o JOIN invitations i ON i.id = o.invitation_id WHERE i.email = 'dee@example.org'"), ==, 0);
}

static gboolean
row_says (gpointer data)
{
  const char * const *args = data;
  GtkWidget *results = ui_test_find_widget (GTK_WIDGET (ui_test_find_toplevel (g_type_from_name (args[0]))),
                                            ui_test_is_of_type, GSIZE_TO_POINTER (INV_TYPE_INVITE_RESULTS));
  GtkWidget *row;

  if (results == NULL)
    return FALSE;

  row = ui_test_find_widget (results, is_row_titled, args[1]);

  return row != NULL && ui_test_find_widget (row, is_label_exactly, args[2]) != NULL;
}

/* "Queued" until the test service confirms, then "sent"; failed with the reason, Retry
 * Failed only then; and the results can be opened again after Close. */
static void
test_results_follow_the_sync (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=results-key", NULL);
  InvSyncEngine *engine = inv_session_get_sync_engine (fixture->session);
  g_autoptr(GError) error = NULL;
  InvInviteDialog *dialog;
  GtkWidget *results;
  const char *queued[] = { "InvInviteDialog", "Jo Example", "Queued" };
  const char *sent[] = { "InvInviteDialog", "Jo Example", "Sent" };
  const char *failed[] = { "InvInviteDialog", "Bad Address", "Failed" };

  g_assert_true (inv_sync_engine_set_service_url (engine, service->url, &error));
  inv_sync_engine_set_api_key (engine, "results-key");

  gtk_widget_activate (GTK_WIDGET (row_check (find_row (fixture, "jo@example.org"))));
  gtk_widget_activate (GTK_WIDGET (row_check (find_row (fixture, "bad@@example.org"))));
  ui_test_drain ();
  dialog = open_invite_dialog (fixture);
  ui_test_wait_until (preview_ready, dialog, "the preview");
  click (GTK_WIDGET (dialog), "Send Invite to 1 Candidate");
  wait_for_label ("InvInviteDialog", "1 queued, 1 failed");
  ui_test_wait_until (row_says, queued, "Jo queued");
  ui_test_wait_until (row_says, failed, "the invalid one failed");
  results = ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_of_type, GSIZE_TO_POINTER (INV_TYPE_INVITE_RESULTS));
  g_assert_nonnull (ui_test_find_widget (results, ui_test_is_label_with, "An email address has only one @"));
  g_assert_true (gtk_widget_get_visible (ui_test_find_widget (results, is_button_named, "_Retry Failed")));
  g_assert_nonnull (ui_test_find_widget (results, ui_test_is_label_with, "they show as sent once the service confirms them"));
  ui_test_screenshot (GTK_WIDGET (dialog), "results-queued");

  /* The sync sends it; the service confirms; the results say so by themselves */
  inv_sync_engine_sync_async (engine, 0, NULL, NULL, NULL);
  ui_test_wait_until (row_says, sent, "Jo sent");
  wait_for_label ("InvInviteDialog", "1 sent, 1 failed");
  ui_test_screenshot (GTK_WIDGET (dialog), "results-sent");
  ui_test_wait_until (ui_test_engine_idle, engine, "the sync's end");
  {
    g_autoptr(JsonNode) keep = NULL;
    JsonArray *known = test_service_invitations (service, &keep);

    /* Jo's, once, beside the one queued before the test */
    g_assert_cmpuint (json_array_get_length (known), ==, 2);
  }

  /* Closed, the results can be opened again from the page, still right */
  gtk_window_close (GTK_WINDOW (dialog));
  ui_test_drain ();
  g_assert_null (ui_test_find_toplevel (INV_TYPE_INVITE_DIALOG));
  ui_test_screenshot (GTK_WIDGET (fixture->window), "candidates-page");
  click (fixture->page, "Last Invite _Results");
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_WINDOW), "the results window");
  {
    const char *again[] = { "AdwWindow", "Jo Example", "Sent" };
    GListModel *toplevels = gtk_window_get_toplevels ();
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

        if (window != fixture->window && ui_test_find_widget (GTK_WIDGET (window), ui_test_is_label_with, "1 sent, 1 failed") != NULL)
          {
            GtkWidget *retry = ui_test_find_widget (GTK_WIDGET (window), is_button_named, "_Retry Failed");

            found = TRUE;
            /* Still live there: retrying works from the reopened results */
            g_assert_true (gtk_widget_is_sensitive (retry));
            ui_test_screenshot (GTK_WIDGET (window), "results-reopened");
            {
              g_autoptr(GPtrArray) entries = ui_test_collect (GTK_WIDGET (window), is_entry, NULL);

              g_assert_cmpuint (entries->len, ==, 1);
              gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), "bad@example.org");
              click (GTK_WIDGET (window), "_Retry Failed");
              ui_test_drain ();
              g_assert_nonnull (ui_test_find_widget (GTK_WIDGET (window), ui_test_is_label_with, "1 queued, 1 sent"));
            }
          }
      }
    g_assert_true (found);
    (void)again;
  }
}

static InvDatabase *
open_other_connection (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  InvDatabase *other = inv_database_open (inv_database_get_path (fixture->db), &error);

  g_assert_no_error (error);

  return other;
}

static void
assert_row_checks_active (Fixture *fixture,
                          guint    n_expected)
{
  g_autoptr(GPtrArray) checks = row_checks (fixture);

  g_assert_cmpuint (checks->len, ==, n_expected);
  for (guint i = 0; i < checks->len; i++)
    g_assert_true (gtk_check_button_get_active (checks->pdata[i]));
}

/* Ticks by id: they stay on the same people through searches; "Select all" ticks the
 * rows of the search, "Select all M matching" selects the search itself. */
static void
test_select_across_searches (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(InvDatabase) other = open_other_connection (fixture);
  g_autoptr(GError) error = NULL;
  gint64 searchable[6];
  gint64 address;
  GtkWidget *row;

  /* Five people to search for, added through another connection */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *last_name = g_strdup_printf ("Searchable%u", i + 1);
      g_autofree char *email = g_strdup_printf ("tess%u@searchable.test", i + 1);

      searchable[i] = inv_database_add_candidate (other, "Tess", last_name, email, NULL, &error);
      g_assert_no_error (error);
    }
  wait_for_rows (fixture, 12);

  row = find_row (fixture, "bad@@example.org");
  address = row_id (row);
  gtk_widget_activate (GTK_WIDGET (row_check (row)));
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (fixture->page, ui_test_is_label_with, "1 selected"));

  /* A search keeps the tick; "Select all" ticks the five rows it shows, no others */
  search (fixture, "searchable", 5);
  g_assert_nonnull (ui_test_find_widget (fixture->page, ui_test_is_label_with, "1 selected"));
  g_assert_false (gtk_check_button_get_active (header_check (fixture)));
  g_assert_nonnull (ui_test_find_widget (fixture->page, is_button_labelled, "Select all 5 matching"));
  gtk_widget_activate (GTK_WIDGET (header_check (fixture)));
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (fixture->page, ui_test_is_label_with, "6 selected"));
  g_assert_true (gtk_check_button_get_active (header_check (fixture)));
  assert_row_checks_active (fixture, 5);
  {
    gint64 expected[] = { address, searchable[0], searchable[1], searchable[2], searchable[3], searchable[4] };

    g_assert_true (selected_ids_equal (fixture, expected, G_N_ELEMENTS (expected)));
  }
  /* All of the search is selected: nothing more to offer */
  g_assert_null (ui_test_find_widget (fixture->page, is_button_labelled, "Select all 5 matching"));

  /* Everyone again: the ticks are on the same people */
  search (fixture, "", 12);
  g_assert_nonnull (ui_test_find_widget (fixture->page, ui_test_is_label_with, "6 selected"));
  g_assert_false (gtk_check_button_get_active (header_check (fixture)));
  g_assert_true (gtk_check_button_get_active (row_check (find_row (fixture, "bad@@example.org"))));
  g_assert_true (gtk_check_button_get_active (row_check (find_row (fixture, "tess3@searchable.test"))));
  g_assert_false (gtk_check_button_get_active (row_check (find_row (fixture, "jo@example.org"))));
  g_assert_nonnull (ui_test_find_widget (fixture->page, is_button_labelled, "Select all 12 matching"));

  /* Unticking "Select all" under a search unticks the rows of the search only */
  search (fixture, "searchable", 5);
  g_assert_true (gtk_check_button_get_active (header_check (fixture)));
  gtk_widget_activate (GTK_WIDGET (header_check (fixture)));
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (fixture->page, ui_test_is_label_with, "1 selected"));
  g_assert_true (selected_ids_equal (fixture, &address, 1));

  /* "Select all 5 matching" selects every match, and whoever comes to match later */
  click (fixture->page, "Select all 5 matching");
  ui_test_drain ();
  g_assert_nonnull (ui_test_find_widget (fixture->page, ui_test_is_label_with, "5 selected"));
  assert_row_checks_active (fixture, 5);
  g_assert_true (selected_ids_equal (fixture, searchable, 5));

  searchable[5] = inv_database_add_candidate (other, "Tess", "Searchable6", "tess6@searchable.test", NULL, &error);
  g_assert_no_error (error);
  wait_for_rows (fixture, 6);
  g_assert_nonnull (ui_test_find_widget (fixture->page, ui_test_is_label_with, "6 selected"));
  assert_row_checks_active (fixture, 6);
  g_assert_true (selected_ids_equal (fixture, searchable, 6));

  /* Still the search's people under another search */
  search (fixture, "", 13);
  g_assert_nonnull (ui_test_find_widget (fixture->page, ui_test_is_label_with, "6 selected"));
  g_assert_false (gtk_check_button_get_active (row_check (find_row (fixture, "bad@@example.org"))));
  g_assert_true (gtk_check_button_get_active (row_check (find_row (fixture, "tess6@searchable.test"))));
  g_assert_true (selected_ids_equal (fixture, searchable, 6));
}

static GtkAdjustment *
list_adjustment (Fixture *fixture)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (page_list_view (fixture)));
}

/* The list is scrolled well past its first rows, and they are laid out. */
static gboolean
scrolled_into_middle (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(GPtrArray) shown = rows_on_screen (fixture);
  const char *email;

  if (shown->len < 4)
    return FALSE;

  email = inv_candidate_get_email (inv_candidate_row_get_candidate (shown->pdata[0]));

  return g_str_has_prefix (email, "bulk") && strcmp (email, "bulk040@example.net") > 0;
}

typedef struct
{
  Fixture    *fixture;
  const char *email;
  const char *label;
} RowShows;

static gboolean
row_shows (gpointer data)
{
  RowShows *shows = data;
  GtkWidget *row = find_row (shows->fixture, shows->email);

  return row != NULL && ui_test_find_widget (row, ui_test_is_label_with, shows->label) != NULL;
}

/* Another connection adds, edits and erases candidates: the page shows it without
 * being asked, where it is scrolled to, with the ticks where they were. */
static void
test_follow_other_connection (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(InvDatabase) other = open_other_connection (fixture);
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(InvCandidate) edited = NULL;
  g_autofree char *erased_email = NULL;
  g_autofree char *ticked_email = NULL;
  GtkAdjustment *adjustment;
  gint64 top_id, ticked_id, edited_id, erased_id;
  double value, y;

  /* Each with a last name of their own: a new first name keeps the row in its place */
  txn = inv_transaction_begin (other, INV_TRANSACTION_IMMEDIATE, &error);
  g_assert_nonnull (txn);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *last_name = g_strdup_printf ("Bulk%03u", i);
      g_autofree char *email = g_strdup_printf ("bulk%03u@example.net", i);

      inv_database_add_candidate (other, "Alex", last_name, email, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (inv_transaction_commit (txn, &error));
  wait_for_rows (fixture, 207);

  adjustment = list_adjustment (fixture);
  gtk_adjustment_set_value (adjustment, (gtk_adjustment_get_upper (adjustment) -
                                         gtk_adjustment_get_page_size (adjustment)) / 2);
  ui_test_wait_until (scrolled_into_middle, fixture, "the list to scroll");

  shown = rows_on_screen (fixture);
  ticked_id = row_id (shown->pdata[1]);
  ticked_email = g_strdup (inv_candidate_get_email (inv_candidate_row_get_candidate (shown->pdata[1])));
  gtk_widget_activate (GTK_WIDGET (row_check (shown->pdata[1])));
  g_assert_nonnull (ui_test_find_widget (fixture->page, ui_test_is_label_with, "1 selected"));

  /* Where the list is once the row heights have settled */
  ui_test_wait_for_frames (fixture->page, 3);
  value = gtk_adjustment_get_value (adjustment);
  y = row_y (fixture, find_row (fixture, ticked_email));
  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = rows_on_screen (fixture);
  top_id = row_id (shown->pdata[0]);

  edited = g_object_ref (inv_candidate_row_get_candidate (shown->pdata[2]));
  edited_id = inv_candidate_get_id (edited);
  erased_id = row_id (shown->pdata[shown->len - 1]);
  erased_email = g_strdup (inv_candidate_get_email (inv_candidate_row_get_candidate (shown->pdata[shown->len - 1])));
  g_clear_pointer (&shown, g_ptr_array_unref);

  /* Added: one more row, at the end */
  g_assert_cmpint (inv_database_add_candidate (other, "Zed", "Zzyzx", "zed@zzyzx.test", NULL, &error), >, 0);
  g_assert_no_error (error);
  wait_for_rows (fixture, 208);

  /* Edited: the row on screen shows the new name and phone */
  g_assert_true (inv_database_update_candidate (other, edited_id, "Renamed",
                                                inv_candidate_get_last_name (edited),
                                                inv_candidate_get_email (edited),
                                                "+49 30 1234567", &error));
  g_assert_no_error (error);
  {
    RowShows shows = { fixture, inv_candidate_get_email (edited), "Renamed" };

    ui_test_wait_until (row_shows, &shows, "the new name");
    g_assert_nonnull (ui_test_find_widget (find_row (fixture, shows.email), ui_test_is_label_with, "+49 30 1234567"));
  }

  /* Erased: its row leaves the list */
  g_assert_true (inv_database_erase_candidate (other, erased_id, &error));
  g_assert_no_error (error);
  wait_for_rows (fixture, 207);
  g_assert_null (find_row (fixture, erased_email));

  /* None of it moved the list or the tick */
  ui_test_wait_for_frames (fixture->page, 3);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), value, 0.5);
  g_clear_pointer (&shown, g_ptr_array_unref);
  shown = rows_on_screen (fixture);
  g_assert_cmpint (row_id (shown->pdata[0]), ==, top_id);
  g_assert_cmpfloat_with_epsilon (row_y (fixture, find_row (fixture, ticked_email)), y, 0.5);
  g_assert_true (gtk_check_button_get_active (row_check (find_row (fixture, ticked_email))));
  g_assert_true (selected_ids_equal (fixture, &ticked_id, 1));
  g_assert_nonnull (ui_test_find_widget (fixture->page, ui_test_is_label_with, "1 selected"));
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  ui_test_init_widgets (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/invite/select-preview-send-retry", test_select_preview_send_retry);
  ADD ("/ui/invite/closed-and-live-templates", test_closed_and_live_templates);
  ADD ("/ui/invite/many-in-batches-and-stop", test_many_in_batches_and_stop);
  ADD ("/ui/invite/batch-that-cannot-be-written", test_batch_that_cannot_be_written);
  ADD ("/ui/invite/add-candidate-field-errors", test_add_candidate_with_field_errors);
  ADD ("/ui/invite/edit-candidate-details", test_edit_candidate_details);
  ADD ("/ui/invite/erase-candidate", test_erase_candidate);
  ADD ("/ui/invite/import-csv", test_import_csv);
  ADD ("/ui/invite/invite-one", test_invite_one);
  ADD ("/ui/invite/invite-one-duplicate", test_invite_one_duplicate);
  ADD ("/ui/invite/invite-one-reinvites-cancelled", test_invite_one_reinvites_cancelled);
  ADD ("/ui/invite/invite-one-demo", test_invite_one_demo);
  ADD ("/ui/invite/template-picker", test_template_picker);
  ADD ("/ui/invite/results-follow-the-sync", test_results_follow_the_sync);
  ADD ("/ui/invite/select-across-searches", test_select_across_searches);
  ADD ("/ui/invite/follow-other-connection", test_follow_other_connection);
#undef ADD

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

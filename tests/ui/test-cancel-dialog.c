/* test-cancel-dialog.c: the warning before a cancel, through its real widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <adwaita.h>
#include <string.h>

#include "inv-cancel-dialog.h"
#include "inv-message-template.h"
#include "ui-test-screenshot.h"
#include "ui-test-util.h"

/* 1 completed, 2 pending assessment, 3 pending live interview (two interviewers). */
static const char fixture_sql[] =
  "INSERT INTO templates (id, name, interview_type) VALUES"
  "  (1, 'Backend Engineer', 'automated'), (2, 'Team Lead', 'live');"
  "INSERT INTO interviewers (template_id, name, email) VALUES"
  "  (2, 'Ada Admin', 'ada@corp.example'), (2, 'Bo Boss', 'bo@corp.example');"
  "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at) VALUES"
  "  (1, 'Ann', 'Done', 'ann@example.org', 'ann@example.org', 0),"
  "  (2, 'Zoë', 'Müller', 'zoe@example.org', 'zoe@example.org', 0),"
  "  (3, 'Jo', 'Example', 'jo@example.org', 'jo@example.org', 0);"
  "INSERT INTO invitations (id, template_id, candidate_id, candidate_name, email, status, sent_at, expires_at,"
  "  scheduled_at, updated_at, sync_state) VALUES"
  "  (1, 1, 1, 'Ann Done', 'ann@example.org', 'completed', 0, 1795000000, NULL, 0, 'synced'),"
  "  (2, 1, 2, 'Zoë Müller', 'zoe@example.org', 'pending', 0, 1795000000, NULL, 0, 'synced'),"
  "  (3, 2, 3, 'Jo Example', 'jo@example.org', 'pending', 0, 1795000000, 1795339800, 0, 'synced');";

static InvDatabase *
open_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;
  InvDatabase *database = inv_database_open (path, &error);

  g_assert_no_error (error);
  inv_database_exec (database, fixture_sql, &error);
  g_assert_no_error (error);

  return database;
}

/* The entry row titled @title, shown or not. */
static AdwEntryRow *
entry_row (InvCancelDialog *dialog,
           const char      *title)
{
  g_autoptr(GPtrArray) rows = ui_test_collect (GTK_WIDGET (dialog), ui_test_is_of_type,
                                               (gconstpointer)ADW_TYPE_ENTRY_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);

  g_assert_not_reached ();
}

static AdwComboRow *
reason_row (InvCancelDialog *dialog)
{
  g_autoptr(GPtrArray) combos = ui_test_find_all (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW);

  g_assert_cmpuint (combos->len, ==, 1);
  return g_ptr_array_index (combos, 0);
}

static gboolean
combo_has (AdwComboRow *row,
           const char  *label)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      return TRUE;

  return FALSE;
}


/* What a screen reader would call @widget: its own text, its tooltip, the text of
 * a label inside it, or the title of the row it belongs to. */
static char *
focus_stop_name (GtkWidget *widget)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);
  GtkWidget *row;

  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    return g_strdup (gtk_label_get_text (GTK_LABEL (widget)));
  if (tooltip != NULL && *tooltip != '\0')
    return g_strdup (tooltip);
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return g_strdup (gtk_button_get_label (GTK_BUTTON (widget)));
  row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);
  if (row != NULL && *adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) != '\0')
    return g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      char *name = focus_stop_name (child);

      if (name != NULL)
        return name;
    }

  return NULL;
}

/* The label of the response button that holds @widget, or NULL. */
static const char *
response_of (GtkWidget *widget)
{
  GtkWidget *button = GTK_IS_BUTTON (widget) ? widget : gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON);

  if (button == NULL || gtk_widget_get_ancestor (button, GTK_TYPE_EXPANDER) != NULL)
    return NULL;

  return gtk_button_get_label (GTK_BUTTON (button));
}

/* Tab, from the switch, visits every control of the dialog, each with a name, and
 * reaches the responses rather than getting caught in the email preview. */
static void
walk_focus (InvCancelDialog *dialog,
            const char      *destructive,
            gboolean         expanded,
            const char      *shot)
{
  GtkWidget *notify = ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_of_type, (gconstpointer)GTK_TYPE_SWITCH);
  g_autoptr(GPtrArray) stops = g_ptr_array_new ();
  gboolean keep = FALSE, delete = FALSE, expander = FALSE, arrow = FALSE, preview = FALSE;

  g_assert_true (gtk_widget_grab_focus (notify));
  for (guint step = 0; step < 40 && !(keep && delete); step++)
    {
      GtkWidget *focus;
      g_autofree char *name = NULL;
      const char *response;

      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (dialog), GTK_DIR_TAB_FORWARD));
      focus = gtk_root_get_focus (GTK_ROOT (dialog));
      g_assert_nonnull (focus);
      name = focus_stop_name (focus);
      g_test_message ("focus %u: %s “%s”", step, G_OBJECT_TYPE_NAME (focus), name);
      g_assert_nonnull (name);
      g_assert_cmpstr (name, !=, "");

      response = response_of (focus);
      keep |= g_strcmp0 (response, "_Keep") == 0;
      delete |= g_strcmp0 (response, destructive) == 0;
      /* Nothing after the responses, until Tab wraps around. */
      g_assert_true (response != NULL || !keep);
      expander |= GTK_IS_EXPANDER (focus);
      arrow |= g_strcmp0 (name, "Next recipient") == 0 || g_strcmp0 (name, "Previous recipient") == 0;
      if (GTK_IS_LABEL (focus) &&
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (focus)), inv_cancel_dialog_get_preview_text (dialog)) == 0)
        {
          GtkWidget *card = gtk_widget_get_ancestor (focus, GTK_TYPE_SCROLLED_WINDOW);
          graphene_rect_t bounds;

          /* Its start is shown, not its end below the fold. */
          ui_test_wait_for_frames (GTK_WIDGET (dialog), 2);
          g_assert_true (gtk_widget_compute_bounds (focus, card, &bounds));
          g_assert_cmpfloat (bounds.origin.y, >=, 0);
          g_assert_cmpfloat (bounds.origin.y, <, gtk_widget_get_height (card));
          if (!preview && shot != NULL)
            ui_test_screenshot (GTK_WIDGET (dialog), shot);
          preview = TRUE;
        }
    }

  g_assert_true (expander);
  /* The arrows only when there is more than one recipient to page through. */
  g_assert_true (arrow == (expanded && inv_cancel_dialog_get_preview (dialog)->n_eligible > 1));
  /* The text of the email, read-only, is reached and left again. */
  g_assert_true (preview == expanded);
  g_assert_true (keep);
  g_assert_true (delete);
}

static void
test_bulk (void)
{
  g_autoptr(InvDatabase) database = open_fixture ("cancel-dialog-bulk.db");
  g_autoptr(InvSession) session = inv_session_new (database, NULL);
  g_autoptr(InvCancelPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 ids[] = { 3, 1, 2, 2 };
  InvCancelDialog *dialog;
  AdwComboRow *reason;
  AdwEntryRow *company;
  AdwEntryRow *signature;
  GtkWidget *label;

  preview = inv_cancel_preview (database, ids, G_N_ELEMENTS (ids), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->n_eligible, ==, 2);

  dialog = inv_cancel_dialog_new (NULL, session, preview, ids, G_N_ELEMENTS (ids), NULL, NULL, TRUE, 10);
  gtk_window_present (GTK_WINDOW (dialog));
  ui_test_wait_until (ui_test_widget_mapped, dialog, "the dialog is shown");

  /* The undo period, from the setting, and the same verb in heading and body. */
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Delete 2 Invitations?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "Deleting 2 invitations cancels them"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "You can undo for 10 seconds."));

  /* No reason is chosen, and none about one candidate is offered for two. */
  reason = reason_row (dialog);
  g_assert_cmpuint (adw_combo_row_get_selected (reason), ==, 0);
  g_assert_false (combo_has (reason, "Candidate withdrew"));
  g_assert_true (combo_has (reason, "Position filled"));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "delete"));

  /* Company and signature are not set: said, with the two rows to set them here. */
  company = entry_row (dialog, "Company name");
  signature = entry_row (dialog, "Sender signature");
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (dialog), "No company name and no sender signature are set"));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (company)));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (signature)));
  adw_combo_row_set_selected (reason, 1);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "delete"));

  /* The company, applied: only the signature is still asked for. */
  gtk_editable_set_text (GTK_EDITABLE (company), "  Acme ");
  g_signal_emit_by_name (company, "apply");
  {
    g_autofree char *stored = inv_message_template_get_company (database);
    g_assert_cmpstr (stored, ==, "Acme");
  }
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (dialog), "No sender signature is set"));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (company)));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (signature)));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "delete"));

  gtk_editable_set_text (GTK_EDITABLE (signature), "Ada Lovelace");
  g_signal_emit_by_name (signature, "apply");
  {
    g_autofree char *stored = inv_message_template_get_signature (database);
    g_assert_cmpstr (stored, ==, "Ada Lovelace");
  }
  g_assert_null (ui_test_find_label_containing (GTK_WIDGET (dialog), "No company name"));
  g_assert_null (ui_test_find_label_containing (GTK_WIDGET (dialog), "No sender signature"));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (signature)));
  /* Set, and a reason chosen: Delete may be pressed; without a reason it may not. */
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "delete"));
  adw_combo_row_set_selected (reason, 0);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "delete"));
  adw_combo_row_set_selected (reason, 2);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "delete"));

  /* The preview starts with someone who will be cancelled, not the completed one. */
  gtk_expander_set_expanded (GTK_EXPANDER (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_of_type,
                                                                (gconstpointer)GTK_TYPE_EXPANDER)), TRUE);
  g_assert_cmpint (inv_cancel_dialog_get_recipient (dialog), ==, 2);
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (dialog), "1 of 2"));
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (dialog), "To: Zoë Müller <zoe@example.org>"));
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (dialog), "Subject: Your assessment for Backend Engineer at Acme is cancelled"));
  g_assert_nonnull (strstr (inv_cancel_dialog_get_preview_text (dialog), "invitation to the assessment"));

  /* The arrow pages to the live interview, whose interviewers are named. */
  label = ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_of_type, (gconstpointer)GTK_TYPE_BUTTON);
  (void)label;
  {
    g_autoptr(GPtrArray) buttons = ui_test_find_all (GTK_WIDGET (dialog), GTK_TYPE_BUTTON);
    GtkWidget *next = NULL;

    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, i)), "Next recipient") == 0)
        next = g_ptr_array_index (buttons, i);
    g_assert_nonnull (next);
    ui_test_click (next);
    g_assert_false (gtk_widget_get_sensitive (next));
  }
  g_assert_cmpint (inv_cancel_dialog_get_recipient (dialog), ==, 3);
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (dialog), "2 of 2"));
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (dialog), "To: Jo Example <jo@example.org>"));
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (dialog), "Subject: Your interview for Team Lead at Acme is cancelled"));
  g_assert_nonnull (ui_test_find_label_containing (GTK_WIDGET (dialog), "Ada Admin <ada@corp.example>, Bo Boss <bo@corp.example> get a notice"));
  g_assert_nonnull (strstr (inv_cancel_dialog_get_preview_text (dialog), "your interview on"));
  walk_focus (dialog, "_Delete 2 Invitations", TRUE, "cancel-dialog-focus-preview");

  ui_test_destroy_window (GTK_WINDOW (dialog));
}

static void
test_one (void)
{
  g_autoptr(InvDatabase) database = open_fixture ("cancel-dialog-one.db");
  g_autoptr(InvSession) session = inv_session_new (database, NULL);
  g_autoptr(InvCancelPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 ids[] = { 2 };
  InvCancelDialog *dialog;
  InvCancelOptions options;
  AdwComboRow *reason;

  g_assert_true (inv_message_template_set_company (database, "Acme", &error));
  g_assert_true (inv_message_template_set_signature (database, "Ada Lovelace", &error));
  preview = inv_cancel_preview (database, ids, 1, &error);
  g_assert_no_error (error);

  dialog = inv_cancel_dialog_new (NULL, session, preview, ids, 1, "Zoë Müller", "Backend Engineer", TRUE, 1);
  gtk_window_present (GTK_WINDOW (dialog));
  ui_test_wait_until (ui_test_widget_mapped, dialog, "the dialog is shown");

  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Delete Invitation?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "Deleting the invitation of Zoë Müller cancels it"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "You can undo for 1 second."));
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (dialog), "Email the candidate"));
  g_assert_nonnull (ui_test_find_label (GTK_WIDGET (dialog), "With the cancellation message of “Backend Engineer”"));

  reason = reason_row (dialog);
  g_assert_true (combo_has (reason, "Candidate withdrew"));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "delete"));
  adw_combo_row_set_selected (reason, 1);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "delete"));

  /* The personal note shows in the preview and goes with the options. */
  /* Both settings are set: only the note is asked for. */
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (entry_row (dialog, "Company name"))));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (entry_row (dialog, "Sender signature"))));
  gtk_editable_set_text (GTK_EDITABLE (entry_row (dialog, "Personal note (optional)")), "Thank you for telling us early.");
  g_assert_nonnull (strstr (inv_cancel_dialog_get_preview_text (dialog), "\n\nThank you for telling us early.\n\n"));
  inv_cancel_dialog_get_options (dialog, &options);
  g_assert_cmpint (options.reason, ==, INV_CANCEL_REASON_CANDIDATE_WITHDREW);
  g_assert_cmpstr (options.note, ==, "Thank you for telling us early.");
  walk_focus (dialog, "_Delete Invitation", FALSE, NULL);
  gtk_expander_set_expanded (GTK_EXPANDER (ui_test_find_widget (GTK_WIDGET (dialog), ui_test_is_of_type,
                                                                (gconstpointer)GTK_TYPE_EXPANDER)), TRUE);
  ui_test_drain ();
  walk_focus (dialog, "_Delete Invitation", TRUE, NULL);

  ui_test_destroy_window (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  g_setenv ("TZ", "UTC", TRUE);
  ui_test_init_widgets (&argc, &argv);

  g_test_add_func ("/ui/cancel-dialog/bulk", test_bulk);
  g_test_add_func ("/ui/cancel-dialog/one", test_one);

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

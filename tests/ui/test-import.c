/* test-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing a candidates file from the window: the report of what was imported, the
 * rows kept with a warning, and the refused rows corrected in place and imported
 * again.
 */

#include "config.h"
#include "inv-test-tmpdir.h"

#include <adwaita.h>
#include <string.h>

#include "inv-candidates-page.h"
#include "inv-import-dialog.h"
#include "inv-import-row.h"
#include "core-test-util.h"
#include "ui-test-screenshot.h"
#include "ui-test-util.h"

typedef struct
{
  InvDatabase *db;
  InvSession  *session;
  GtkWindow   *window;
  GtkWidget   *page;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("import-ui-%u.db", ++counter);

  fixture->db = core_test_open_database (name,
                                         "INSERT INTO templates (id, remote_id, name, interview_type, active, validity_days, duration_minutes) VALUES "
                                         "  (1, 1001, 'Backend Engineer - Screening', 'automated', 1, 7, 60)");

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

static gboolean
report_shown (gpointer data)
{
  GtkWidget *report = ui_test_find_toplevel (INV_TYPE_IMPORT_DIALOG);

  return report != NULL && gtk_widget_get_mapped (report);
}

static InvImportRow *
rejected_row (GtkWidget *report,
              guint      line)
{
  g_autoptr(GPtrArray) rows = ui_test_find_all (report, INV_TYPE_IMPORT_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (inv_import_row_get_line (rows->pdata[i]) == line)
      return rows->pdata[i];

  return NULL;
}

/* The entries of a refused row: first name, last name, email, phone. */
static GtkEditable *
row_entry (InvImportRow *row,
           guint         index)
{
  g_autoptr(GPtrArray) entries = ui_test_find_all (GTK_WIDGET (row), GTK_TYPE_ENTRY);

  g_assert_cmpuint (entries->len, ==, 4);

  return GTK_EDITABLE (entries->pdata[index]);
}

static gboolean
button_shown (GtkWidget  *report,
              const char *label)
{
  GtkWidget *button = ui_test_find_button (report, label);

  return button != NULL && gtk_widget_is_drawable (button);
}

static gboolean
toast_shown (gpointer data)
{
  return ui_test_find_widget (data, ui_test_is_label_with, "rows imported") != NULL;
}

static void
test_fix_rejected_rows (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "people.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *report;
  InvImportRow *row;

  g_assert_true (g_file_set_contents (path,
                                      "First Name,Last Name,Email,Phone\r\n"
                                      "Jo,Example,jo@example.org,+1 555 0100\r\n"
                                      "Pat,Lee,pat@example.org,call me\r\n"
                                      ",,nameless@example.org,+1 555 0101\r\n"
                                      "Ana,Silva,ana@example,\r\n"
                                      "Li,Wang,li@example.org,+86 10,extra\r\n",
                                      -1, NULL));

  inv_candidates_page_import_file (INV_CANDIDATES_PAGE (fixture->page), file);
  ui_test_wait_until (report_shown, NULL, "the import report");
  report = ui_test_find_toplevel (INV_TYPE_IMPORT_DIALOG);

  /* Two imported, one of them without the phone that was not one; three refused,
   * each with what it held and how to fix it. */
  g_assert_nonnull (ui_test_find_label (report, "2 Candidates Imported"));
  g_assert_nonnull (ui_test_find_widget (report, ui_test_is_label_with, "3 rows were not imported"));
  g_assert_nonnull (ui_test_find_widget (report, ui_test_is_label_with, "The phone number was left out"));
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM candidates WHERE email = 'pat@example.org' AND phone IS NULL"), ==, 1);
  g_assert_cmpuint (inv_import_dialog_get_n_rejected (INV_IMPORT_DIALOG (report)), ==, 3);
  g_assert_cmpuint (inv_candidates_page_get_n_selected (INV_CANDIDATES_PAGE (fixture->page)), ==, 2);

  row = rejected_row (report, 4);
  g_assert_nonnull (row);
  g_assert_cmpstr (inv_import_row_get_reason (row), ==, "The row has no name; fill in the first name, the last name or both.");
  g_assert_cmpstr (gtk_editable_get_text (row_entry (row, 2)), ==, "nameless@example.org");
  g_assert_cmpstr (gtk_editable_get_text (row_entry (row, 3)), ==, "+1 555 0101");
  g_assert_nonnull (strstr (inv_import_row_get_reason (rejected_row (report, 5)), "example"));
  g_assert_nonnull (strstr (inv_import_row_get_reason (rejected_row (report, 6)), "first line names 4 columns"));
  ui_test_screenshot (report, "import-report");

  /* Corrected as the messages say, in place; one is left as it was. */
  gtk_editable_set_text (row_entry (rejected_row (report, 4), 0), "Sam");
  gtk_editable_set_text (row_entry (rejected_row (report, 5), 2), "ana@example.org");
  gtk_editable_set_text (row_entry (rejected_row (report, 6), 3), "call later");
  ui_test_click (ui_test_find_button (report, "_Import Again"));

  g_assert_cmpuint (inv_import_dialog_get_n_imported (INV_IMPORT_DIALOG (report)), ==, 5);
  g_assert_cmpuint (inv_import_dialog_get_n_rejected (INV_IMPORT_DIALOG (report)), ==, 0);
  g_assert_nonnull (ui_test_find_label (report, "5 Candidates Imported"));
  ui_test_wait_until (toast_shown, report, "the toast");
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM candidates WHERE email = 'nameless@example.org' "
                                                  "AND first_name = 'Sam' AND phone = '+1 555 0101'"), ==, 1);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM candidates WHERE email = 'ana@example.org'"), ==, 1);
  /* The corrected row with a wrong phone is imported without it, with a warning. */
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM candidates WHERE email = 'li@example.org' AND phone IS NULL"), ==, 1);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM candidates"), ==, 5);
  g_assert_false (button_shown (report, "_Import Again"));
  /* They join the selection, ready to invite. */
  g_assert_cmpuint (inv_candidates_page_get_n_selected (INV_CANDIDATES_PAGE (fixture->page)), ==, 5);
  ui_test_screenshot (report, "import-report-after");
}

/* A correction that is still wrong keeps the row, with the new reason. */
static void
test_still_wrong (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "wrong.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *report;
  InvImportRow *row;

  g_assert_true (g_file_set_contents (path, "Name,Email\r\n,nobody@example.org\r\n", -1, NULL));
  inv_candidates_page_import_file (INV_CANDIDATES_PAGE (fixture->page), file);
  ui_test_wait_until (report_shown, NULL, "the import report");
  report = ui_test_find_toplevel (INV_TYPE_IMPORT_DIALOG);
  g_assert_nonnull (ui_test_find_label (report, "0 Candidates Imported"));
  g_assert_false (button_shown (report, "_Send Invite"));

  row = rejected_row (report, 2);
  gtk_editable_set_text (row_entry (row, 0), "No Body");
  gtk_editable_set_text (row_entry (row, 2), "nobody@@example.org");
  ui_test_click (ui_test_find_button (report, "_Import Again"));

  g_assert_cmpuint (inv_import_dialog_get_n_rejected (INV_IMPORT_DIALOG (report)), ==, 1);
  g_assert_cmpstr (inv_import_row_get_reason (rejected_row (report, 2)), ==,
                   "An email address has only one @; remove the extra one.");
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM candidates"), ==, 0);
}

/* A file refused row by row lists the first rows to correct and counts the rest. */
static void
test_many_refused (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "nameless.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) text = g_string_new ("First Name,Last Name,Email\n");
  GtkWidget *report;

  for (guint i = 0; i < 205; i++)
    g_string_append_printf (text, ",,person%u@example.org\n", i);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));

  inv_candidates_page_import_file (INV_CANDIDATES_PAGE (fixture->page), file);
  ui_test_wait_until (report_shown, NULL, "the import report");
  report = ui_test_find_toplevel (INV_TYPE_IMPORT_DIALOG);

  g_assert_cmpuint (inv_import_dialog_get_n_rejected (INV_IMPORT_DIALOG (report)), ==, 200);
  g_assert_nonnull (ui_test_find_widget (report, ui_test_is_label_with, "205 Rows Not Imported"));
  g_assert_nonnull (ui_test_find_widget (report, ui_test_is_label_with,
                                         "5 more rows were not imported and are not listed; correct them in the file"));
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  ui_test_init_widgets (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/import/fix-rejected-rows", test_fix_rejected_rows);
  ADD ("/ui/import/still-wrong", test_still_wrong);
  ADD ("/ui/import/many-refused", test_many_refused);
#undef ADD

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

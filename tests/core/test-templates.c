/* test-templates.c: interview templates as the store reads and renames them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <glib.h>
#include <string.h>

#include "inv-database.h"
#include "inv-database-templates.h"
#include "inv-sample-data.h"
#include "core-test-util.h"

static InvDatabase *
open_new (const char *name)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;
  InvDatabase *database = inv_database_open (path, &error);

  g_assert_no_error (error);

  return database;
}

static void
test_empty (void)
{
  g_autoptr(InvDatabase) database = open_new ("empty.db");
  g_autoptr(GListModel) templates = NULL;
  g_autoptr(GError) error = NULL;

  templates = inv_database_list_templates (database, &error);
  g_assert_no_error (error);
  g_assert_true (g_list_model_get_item_type (templates) == INV_TYPE_TEMPLATE);
  g_assert_cmpuint (g_list_model_get_n_items (templates), ==, 0);
}

static void
test_list_sample (void)
{
  g_autoptr(InvDatabase) database = open_new ("sample.db");
  g_autoptr(GListModel) templates = NULL;
  g_autoptr(GError) error = NULL;
  guint n_pending = 0;
  guint n_live = 0;
  gboolean seen_closed = FALSE;

  g_assert_true (inv_sample_data_add (database, 3000, 7, NULL, NULL, &error));
  g_assert_no_error (error);

  templates = inv_database_list_templates (database, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (templates), ==, INV_SAMPLE_DATA_N_TEMPLATES);

  for (guint i = 0; i < g_list_model_get_n_items (templates); i++)
    {
      g_autoptr(InvTemplate) template = g_list_model_get_item (templates, i);
      g_autofree char *count_sql = g_strdup_printf ("SELECT count(*) FROM invitations"
                                                    " WHERE template_id = %" G_GINT64_FORMAT
                                                    " AND status = 'pending'",
                                                    inv_template_get_id (template));
      g_autoptr(InvTemplate) loaded = NULL;

      /* Active ones come first; once a closed one was listed, no active one follows. */
      if (!inv_template_get_active (template))
        seen_closed = TRUE;
      else
        g_assert_false (seen_closed);

      g_assert_cmpuint (inv_template_get_n_pending (template), ==, core_test_scalar (database, count_sql));
      n_pending += inv_template_get_n_pending (template);

      g_assert_cmpstr (inv_template_get_name (template), !=, "");
      g_assert_cmpuint (inv_template_get_validity_days (template), >, 0);
      g_assert_cmpuint (inv_template_get_duration_minutes (template), >, 0);
      g_assert_true (inv_template_get_is_sample (template));
      g_assert_cmpint (inv_template_get_remote_id (template), ==, 0);
      g_assert_null (inv_template_get_cancel_message (template));

      /* Live interviews have interviewers with an address each; automated ones none. */
      if (inv_template_get_is_live (template))
        {
          n_live++;
          g_assert_cmpstr (inv_template_get_interview_type (template), ==, "live");
          g_assert_cmpuint (g_strv_length ((char **)inv_template_get_interviewers (template)), ==, 2);
          g_assert_cmpuint (g_strv_length ((char **)inv_template_get_interviewer_emails (template)), ==, 2);
          g_assert_nonnull (strchr (inv_template_get_interviewer_emails (template)[0], '@'));
        }
      else
        {
          g_assert_cmpstr (inv_template_get_interview_type (template), ==, "automated");
          g_assert_cmpuint (g_strv_length ((char **)inv_template_get_interviewers (template)), ==, 0);
        }

      loaded = inv_database_load_template (database, inv_template_get_id (template), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (inv_template_get_name (loaded), ==, inv_template_get_name (template));
      g_assert_cmpuint (inv_template_get_n_pending (loaded), ==, inv_template_get_n_pending (template));
      g_assert_cmpstrv ((char **)inv_template_get_interviewers (loaded),
                        (char **)inv_template_get_interviewers (template));
    }

  g_assert_true (seen_closed);
  g_assert_cmpuint (n_live, >=, 3);
  g_assert_cmpuint (n_pending, ==, core_test_scalar (database, "SELECT count(*) FROM invitations WHERE status = 'pending'"));
}

static void
test_load_missing (void)
{
  g_autoptr(InvDatabase) database = open_new ("missing.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(InvTemplate) template = NULL;

  template = inv_database_load_template (database, 42, &error);
  g_assert_null (template);
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND);
}

static void
test_rename (void)
{
  g_autoptr(InvDatabase) database = open_new ("rename.db");
  g_autoptr(GListModel) templates = NULL;
  g_autoptr(InvTemplate) first = NULL;
  g_autoptr(InvTemplate) renamed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_name = NULL;
  gint64 id;

  g_assert_true (inv_sample_data_add (database, 100, 3, NULL, NULL, &error));
  templates = inv_database_list_templates (database, &error);
  g_assert_no_error (error);
  first = g_list_model_get_item (templates, 0);
  id = inv_template_get_id (first);
  old_name = g_strdup (inv_template_get_name (first));

  /* Surrounding white space goes; the rest is kept as typed. */
  g_assert_true (inv_database_rename_template (database, id, "  Staff Engineer – Système Design  ", &error));
  g_assert_no_error (error);
  renamed = inv_database_load_template (database, id, &error);
  g_assert_cmpstr (inv_template_get_name (renamed), ==, "Staff Engineer – Système Design");

  /* An empty name is refused and the old one stays. */
  g_assert_false (inv_database_rename_template (database, id, "   ", &error));
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&renamed);
  renamed = inv_database_load_template (database, id, NULL);
  g_assert_cmpstr (inv_template_get_name (renamed), ==, "Staff Engineer – Système Design");

  g_assert_false (inv_database_rename_template (database, 987654, "Anything", &error));
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (inv_database_rename_template (database, id, "\xff\xfe", &error));
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/templates/empty", test_empty);
  g_test_add_func ("/templates/list-sample", test_list_sample);
  g_test_add_func ("/templates/load-missing", test_load_missing);
  g_test_add_func ("/templates/rename", test_rename);

  status = g_test_run ();

  inv_test_remove_tmpdir (tmpdir);

  return status;
}

/* test-export.c: spreadsheet formulas kept inert, and the export job's file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "core-test-util.h"
#include "inv-database-worker.h"
#include "inv-export.h"
#include "inv-sample-data.h"
#include "inv-test-tmpdir.h"

/* Candidate names as a hostile CSV import or the service could give them: each
 * leading character a spreadsheet acts on, and harmless ones around them. */
static const struct {
  const char *stored;
  const char *in_csv;
} names[] = {
  { "=HYPERLINK(\"http://evil.example\")", "\"'=HYPERLINK(\"\"http://evil.example\"\")\"" },
  { "+1+2", "'+1+2" },
  { "-2+3", "'-2+3" },
  { "@SUM(A1)", "'@SUM(A1)" },
  { "\tTab", "'\tTab" },
  { "\rReturn", "\"'\rReturn\"" },
  { "Ann = Bob", "Ann = Bob" },
  { "Zoë-Smith", "Zoë-Smith" },
};

static InvDatabase *
open_database (const char *name)
{
  InvDatabase *database = core_test_open_database (name,
                                                   "INSERT INTO templates (id, name) VALUES (1, '=Engineer');"
                                                   "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at)"
                                                   "  VALUES (1, 'A', 'B', 'a@example.com', 'a@example.com', 0);");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      char *sql = sqlite3_mprintf ("INSERT INTO invitations (id, template_id, candidate_id, candidate_name,"
                                   "  email, status, sent_at, updated_at) VALUES (%u, 1, 1, %Q,"
                                   "  '-m@example.com', 'pending', %u, 0)",
                                   i + 1, names[i].stored, 1795338000 + i);

      g_assert_true (inv_database_exec (database, sql, NULL));
      sqlite3_free (sql);
    }

  return database;
}

static char *
export_to_string (InvDatabase     *database,
                  InvExportFormat  format)
{
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  size_t length = 0;
  FILE *out = open_memstream (&buffer, &length);

  query->sort_column = INV_SORT_SENT;
  query->descending = FALSE;
  g_assert_true (inv_export_invitations (database, query, format, out, &error));
  g_assert_no_error (error);
  fclose (out);

  return buffer;
}

static void
test_csv_neutralises_formulas (void)
{
  g_autoptr(InvDatabase) database = open_database ("formulas-csv.db");
  g_autofree char *csv = export_to_string (database, INV_EXPORT_CSV);
  g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);

  /* Header, one line per name (two of them hold a quoted CR), and the empty end. */
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (names) + 2);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *expected = g_strdup_printf ("%u,,'=Engineer,1,%s,'-m@example.com,pending,synced,,",
                                                   i + 1, names[i].in_csv);

      g_assert_true (g_str_has_prefix (lines[i + 1], expected));
    }

  for (const char *c = "=+-@\t\r"; *c != '\0'; c++)
    {
      char text[] = { *c, 'x', '\0' };

      g_assert_true (inv_export_csv_text_needs_guard (text));
    }
  g_assert_false (inv_export_csv_text_needs_guard ("x=1"));
  g_assert_false (inv_export_csv_text_needs_guard (""));
  g_assert_false (inv_export_csv_text_needs_guard (NULL));
}

static void
test_json_unchanged (void)
{
  g_autoptr(InvDatabase) database = open_database ("formulas-json.db");
  g_autofree char *json = export_to_string (database, INV_EXPORT_JSON);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (names));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);

      g_assert_cmpstr (json_object_get_string_member (row, "candidate_name"), ==, names[i].stored);
      g_assert_cmpstr (json_object_get_string_member (row, "template"), ==, "=Engineer");
      g_assert_cmpstr (json_object_get_string_member (row, "email"), ==, "-m@example.com");
    }
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);

  return contents;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (handle) != NULL)
    n++;

  return n;
}

static void
test_job_writes_file (void)
{
  g_autoptr(InvDatabase) database = open_database ("export-job.db");
  g_autofree char *db_path = g_build_filename (g_get_tmp_dir (), "export-job.db", NULL);
  g_autoptr(InvDatabaseWorker) worker = inv_database_worker_new (db_path);
  g_autofree char *dir = g_build_filename (g_get_tmp_dir (), "export-out", NULL);
  g_autofree char *path = g_build_filename (dir, "list.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gint64 selected[] = { 4, 2 };
  guint64 *n_written;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "earlier", -1, NULL));

  query->sort_column = INV_SORT_SENT;
  query->descending = FALSE;

  /* The whole list. */
  {
    g_autoptr(InvBulkJob) job = inv_export_job_new (query, NULL, 0, INV_EXPORT_CSV, file);

    n_written = inv_bulk_job_run_sync (job, worker, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (*n_written, ==, G_N_ELEMENTS (names));
    g_assert_cmpuint (inv_bulk_job_get_done (job), ==, G_N_ELEMENTS (names));
    g_assert_cmpuint (inv_bulk_job_get_total (job), ==, G_N_ELEMENTS (names));
    g_free (n_written);
  }
  contents = read_file (path);
  g_assert_true (g_str_has_prefix (contents, "id,remote_id,template,"));
  g_assert_nonnull (strstr (contents, "\r\n8,,"));
  g_clear_pointer (&contents, g_free);

  /* A selection, in the list's order whatever the order of the ids. */
  {
    g_autoptr(InvBulkJob) job = inv_export_job_new (query, selected, G_N_ELEMENTS (selected),
                                                    INV_EXPORT_JSON, file);

    n_written = inv_bulk_job_run_sync (job, worker, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (*n_written, ==, 2);
    g_free (n_written);
  }
  contents = read_file (path);
  g_assert_true (g_str_has_prefix (contents, "[\n  {\"id\": 2,"));
  g_assert_nonnull (strstr (contents, "},\n  {\"id\": 4,"));
  g_assert_null (strstr (contents, "\"id\": 1,"));
  g_clear_pointer (&contents, g_free);

  /* A stopped export leaves the file as it was, and nothing beside it. */
  g_assert_true (g_file_set_contents (path, "earlier", -1, NULL));
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(InvBulkJob) job = inv_export_job_new (query, NULL, 0, INV_EXPORT_CSV, file);

    g_cancellable_cancel (cancellable);
    n_written = inv_bulk_job_run_sync (job, worker, cancellable, &error);
    g_assert_null (n_written);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "earlier");
  g_assert_cmpuint (count_files (dir), ==, 1);

  /* A folder that cannot be written to is an error, and the file stays. */
  {
    g_autofree char *missing = g_build_filename (dir, "no-such-folder", "list.csv", NULL);
    g_autoptr(GFile) nowhere = g_file_new_for_path (missing);
    g_autoptr(InvBulkJob) job = inv_export_job_new (query, NULL, 0, INV_EXPORT_CSV, nowhere);

    n_written = inv_bulk_job_run_sync (job, worker, NULL, &error);
    g_assert_null (n_written);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "no-such-folder"));
    g_clear_error (&error);
  }
  g_assert_cmpuint (count_files (dir), ==, 1);
}

static void
cancel_once_started_cb (InvBulkJob   *job,
                        GParamSpec   *pspec,
                        GCancellable *cancellable)
{
  if (inv_bulk_job_get_done (job) > 0)
    g_cancellable_cancel (cancellable);
}

static void
test_job_stopped_midway (void)
{
  g_autofree char *db_path = g_build_filename (g_get_tmp_dir (), "export-large.db", NULL);
  g_autoptr(InvDatabase) database = inv_database_open (db_path, NULL);
  g_autoptr(InvDatabaseWorker) worker = inv_database_worker_new (db_path);
  g_autofree char *dir = g_build_filename (g_get_tmp_dir (), "export-stopped", NULL);
  g_autofree char *path = g_build_filename (dir, "list.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(InvBulkJob) job = inv_export_job_new (query, NULL, 0, INV_EXPORT_JSON, file);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gpointer result;

  g_assert_true (inv_sample_data_add (database, 200000, 7, NULL, NULL, NULL));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "earlier", -1, NULL));

  /* Stopped once the first rows are written: the half-written file goes, the
   * person's file stays. */
  g_signal_connect (job, "notify::done", G_CALLBACK (cancel_once_started_cb), cancellable);
  result = inv_bulk_job_run_sync (job, worker, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (inv_bulk_job_get_done (job), <, 200000);

  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "earlier");
  g_assert_cmpuint (count_files (dir), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/export/csv/neutralises-formulas", test_csv_neutralises_formulas);
  g_test_add_func ("/export/json/unchanged", test_json_unchanged);
  g_test_add_func ("/export/job/file", test_job_writes_file);
  g_test_add_func ("/export/job/stopped-midway", test_job_stopped_midway);

  status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return status;
}

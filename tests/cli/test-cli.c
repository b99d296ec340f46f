/* test-cli.c: the command line, run as a person or a script runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cli-test-util.h"
#include "inv-database.h"

static char *
database_option (const char *path)
{
  return g_strconcat ("--database=", path, NULL);
}

static char *
sample_database (const char *name,
                 const char *count)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autofree char *option = database_option (path);
  g_autofree char *sample = g_strconcat ("--sample-data=", count, NULL);
  g_autoptr(Run) run = run_app (option, sample, NULL);

  g_assert_cmpint (run->exit_status, ==, 0);
  g_assert_nonnull (strstr (run->out, "Added"));

  return g_steal_pointer (&path);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;

  return n;
}

static void
test_sample_and_list (void)
{
  g_autofree char *path = sample_database ("cli-sample.db", "500");
  g_autofree char *option = database_option (path);
  g_autoptr(Run) all = run_app (option, "--list", NULL);
  g_autoptr(Run) pending = run_app (option, "--list", "--status=pending", "--format=csv", NULL);

  g_assert_cmpint (all->exit_status, ==, 0);
  g_assert_cmpstr (all->err, ==, "");
  g_assert_true (g_str_has_prefix (all->out,
                                   "id,remote_id,template,template_id,candidate_name,email,status,sync_state,link,sent_at,expires_at\r\n"));
  g_assert_cmpuint (count_lines (all->out), ==, 501);

  g_assert_cmpint (pending->exit_status, ==, 0);
  g_assert_cmpuint (count_lines (pending->out), <, 501);
  g_assert_cmpuint (count_lines (pending->out), >, 1);
  {
    g_auto(GStrv) lines = g_strsplit (pending->out, "\r\n", -1);

    for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
      g_assert_nonnull (strstr (lines[i], ",pending,local,"));
  }
}

static void
test_list_json_filters (void)
{
  g_autofree char *path = sample_database ("cli-json.db", "800");
  g_autofree char *option = database_option (path);
  g_autoptr(Run) run = run_app (option, "--list", "--format=json", "--status=completed",
                                "--template=Data Analyst – SQL Assessment", NULL);
  g_autoptr(Run) searched = run_app (option, "--list", "--format=json", "--search=ZOË", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  g_assert_cmpint (run->exit_status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run->out, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), >, 0);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);

      g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "completed");
      g_assert_cmpstr (json_object_get_string_member (row, "template"), ==, "Data Analyst – SQL Assessment");
    }

  /* Search folds case beyond ASCII: "ZOË" finds "Zoë". */
  g_assert_cmpint (searched->exit_status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, searched->out, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), >, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);
      g_assert_nonnull (strstr (json_object_get_string_member (row, "candidate_name"), "Zoë"));
    }
}

static void
test_search (void)
{
  g_autofree char *path = sample_database ("cli-search.db", "800");
  g_autofree char *option = database_option (path);
  g_autoptr(Run) run = run_app (option, "--list", "--search=MÜNCHEN", "--format=csv", NULL);
  g_autoptr(Run) lower = run_app (option, "--list", "--search=.example", NULL);

  g_assert_cmpint (run->exit_status, ==, 0);
  g_assert_cmpint (lower->exit_status, ==, 0);
  g_assert_cmpuint (count_lines (lower->out), >, 1);
}

/* Names that a spreadsheet would run as formulas come out of --list as text in CSV,
 * and as stored in JSON. */
static void
test_list_csv_neutralises_formulas (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "cli-formulas.db", NULL);
  g_autofree char *option = database_option (path);
  static const char * const stored[] = { "=1+1", "+1", "-1", "@A1", "\tx", "\rx", "Plain" };
  /* A tab or carriage return is printed as a visible escape, after the apostrophe. */
  static const char * const in_csv[] = { "'=1+1", "'+1", "'-1", "'@A1", "'\\tx", "\"'\\rx\"", "Plain" };

  {
    g_autoptr(InvDatabase) database = inv_database_open (path, NULL);

    g_assert_nonnull (database);
    g_assert_true (inv_database_exec (database,
                                      "INSERT INTO templates (id, name) VALUES (1, 'Engineer');"
                                      "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at)"
                                      "  VALUES (1, 'A', 'B', 'a@example.com', 'a@example.com', 0);",
                                      NULL));
    for (guint i = 0; i < G_N_ELEMENTS (stored); i++)
      {
        g_autofree char *sql = g_strdup_printf ("INSERT INTO invitations (id, template_id, candidate_id,"
                                                "  candidate_name, email, status, sent_at, updated_at)"
                                                "  VALUES (%u, 1, 1, '%s', 'a@example.com', 'pending', %u, 0)",
                                                i + 1, stored[i], 1795338000 + i);

        g_assert_true (inv_database_exec (database, sql, NULL));
      }
  }

  {
    g_autoptr(Run) csv = run_app (option, "--list", "--format=csv", NULL);
    g_auto(GStrv) lines = NULL;

    g_assert_cmpint (csv->exit_status, ==, 0);
    lines = g_strsplit (csv->out, "\r\n", -1);
    /* The list is newest first. */
    for (guint i = 0; i < G_N_ELEMENTS (stored); i++)
      {
        guint id = G_N_ELEMENTS (stored) - i;
        g_autofree char *expected = g_strdup_printf ("%u,,Engineer,1,%s,a@example.com,", id, in_csv[id - 1]);

        g_assert_true (g_str_has_prefix (lines[i + 1], expected));
      }
  }

  {
    g_autoptr(Run) json = run_app (option, "--list", "--format=json", NULL);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonArray *array;

    g_assert_cmpint (json->exit_status, ==, 0);
    g_assert_true (json_parser_load_from_data (parser, json->out, -1, &error));
    g_assert_no_error (error);
    array = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (stored));
    for (guint i = 0; i < G_N_ELEMENTS (stored); i++)
      {
        JsonObject *row = json_array_get_object_element (array, i);
        gint64 id = json_object_get_int_member (row, "id");

        g_assert_cmpstr (json_object_get_string_member (row, "candidate_name"), ==, stored[id - 1]);
      }
  }
}

/* Each bad input: a clear message on stderr, a non-zero exit, and nothing on stdout. */
static void
assert_refused (Run        *run,
                const char *expected_message)
{
  g_assert_cmpint (run->exit_status, !=, 0);
  g_assert_cmpstr (run->out, ==, "");
  g_test_message ("stderr: %s", run->err);
  g_assert_nonnull (strstr (run->err, expected_message));
}

static void
test_bad_options (void)
{
  g_autofree char *path = sample_database ("cli-bad.db", "20");
  g_autofree char *option = database_option (path);

  {
    g_autoptr(Run) run = run_app (option, "--list", "--status=maybe", NULL);
    assert_refused (run, "Unknown status “maybe”");
  }
  {
    g_autoptr(Run) run = run_app (option, "--list", "--format=xml", NULL);
    assert_refused (run, "Unknown format “xml”");
  }
  {
    g_autoptr(Run) run = run_app (option, "--frobnicate", NULL);
    assert_refused (run, "frobnicate");
  }
  {
    g_autoptr(Run) run = run_app (option, "--list", "--sample-data=5", NULL);
    assert_refused (run, "Choose one of --list and --sample-data");
  }
  {
    g_autoptr(Run) run = run_app (option, "--status=pending", NULL);
    assert_refused (run, "--list");
  }
  {
    g_autoptr(Run) run = run_app (option, "--format=json", NULL);
    assert_refused (run, "--list");
  }
  {
    g_autoptr(Run) run = run_app (option, "--sample-data=0", NULL);
    assert_refused (run, "from 1 to");
  }
  {
    g_autoptr(Run) run = run_app (option, "--sample-data=lots", NULL);
    assert_refused (run, "lots");
  }
  {
    g_autoptr(Run) run = run_app (option, "--list", "--template=No Such Template", NULL);
    assert_refused (run, "No Such Template");
  }
  {
    g_autoptr(Run) run = run_app ("--database=/nonexistent/folder/missing.db", "--list", NULL);
    assert_refused (run, "There is no database");
    g_assert_false (g_file_test ("/nonexistent/folder/missing.db", G_FILE_TEST_EXISTS));
  }
}

static void
assert_file_refused (const char *name,
                     const char *contents,
                     gsize       length,
                     const char *expected_message)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autofree char *option = database_option (path);
  g_autofree char *after = NULL;
  gsize after_length = 0;

  if (contents != NULL)
    g_assert_true (g_file_set_contents (path, contents, length, NULL));
  else
    g_assert_true (g_file_get_contents (path, (char **)&contents, &length, NULL));

  {
    g_autoptr(Run) list = run_app (option, "--list", NULL);
    g_autoptr(Run) sample = run_app (option, "--sample-data=10", NULL);

    assert_refused (list, expected_message);
    assert_refused (sample, expected_message);
  }

  g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
  g_assert_cmpmem (contents, length, after, after_length);
}

static void
test_bad_files (void)
{
  static const char garbage[] = "name,email\nJo,jo@example.org\n";
  g_autofree char *newer_path = g_build_filename (g_get_tmp_dir (), "newer-cli.db", NULL);
  g_autofree char *newer_contents = NULL;
  gsize newer_length = 0;
  sqlite3 *db = NULL;

  assert_file_refused ("not-a-db.db", garbage, sizeof garbage - 1, "is not a database file");

  /* A database of a newer version of the app. */
  {
    g_autoptr(InvDatabase) database = inv_database_open (newer_path, NULL);
    g_assert_nonnull (database);
    g_assert_true (inv_database_exec (database, "PRAGMA journal_mode = DELETE", NULL));
  }
  g_assert_cmpint (sqlite3_open (newer_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 42", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (newer_path, &newer_contents, &newer_length, NULL));
  assert_file_refused ("newer-cli.db", newer_contents, newer_length, "newer version of Invitations");

  /* Another program's SQLite database. */
  {
    g_autofree char *path = g_build_filename (g_get_tmp_dir (), "foreign-cli.db", NULL);
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; CREATE TABLE t (x)", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    assert_file_refused ("foreign-cli.db", contents, length, "another program");
  }

  /* A damaged one: the header of SQLite, then noise. */
  {
    g_autofree char *contents = g_malloc (16384);

    memset (contents, 0x5a, 16384);
    memcpy (contents, "SQLite format 3", 16);
    assert_file_refused ("damaged-cli.db", contents, 16384, "");
  }
}

static void
test_version_and_help (void)
{
  g_autoptr(Run) version = run_app ("--version", NULL);
  g_autoptr(Run) help = run_app ("--help", NULL);

  g_assert_cmpint (version->exit_status, ==, 0);
  g_assert_true (g_str_has_prefix (version->out, "invitations " PACKAGE_VERSION));
  g_assert_cmpint (help->exit_status, ==, 0);
  g_assert_nonnull (strstr (help->out, "--database"));
  g_assert_nonnull (strstr (help->out, "--sample-data"));
  g_assert_nonnull (strstr (help->out, "--list"));
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int test_status;
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_assert_nonnull (g_getenv ("INVITATIONS_BIN"));

  g_test_add_func ("/cli/sample-and-list", test_sample_and_list);
  g_test_add_func ("/cli/list-json-filters", test_list_json_filters);
  g_test_add_func ("/cli/search", test_search);
  g_test_add_func ("/cli/list-csv-neutralises-formulas", test_list_csv_neutralises_formulas);
  g_test_add_func ("/cli/bad-options", test_bad_options);
  g_test_add_func ("/cli/bad-files", test_bad_files);
  g_test_add_func ("/cli/version-and-help", test_version_and_help);

  test_status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return test_status;
}

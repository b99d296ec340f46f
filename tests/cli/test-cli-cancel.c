/* test-cli-cancel.c: --cancel and --cancel-matching, run as a script runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cli-test-util.h"
#include "inv-message-template.h"
#include "inv-cancel-message.h"
#include "inv-database.h"

/* Invitations 1–5 pending, 6 in progress, 7 completed, 8 expired, 9 cancelled, 10 a
 * status the app does not know, 11–12 pending on the live template "Team Lead", 13 a
 * pending demo row. Odd ids belong to Zoë, even ids to Jo. */
static const char fixture_sql[] =
  "INSERT INTO templates (id, name, interview_type) VALUES"
  "  (1, 'Backend Engineer', 'automated'), (2, 'Team Lead', 'live');"
  "INSERT INTO interviewers (template_id, name, email) VALUES (2, 'Ada Admin', 'ada@corp.example');"
  "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at) VALUES"
  "  (1, 'Zoë', 'Müller', 'zoe@example.org', 'zoe@example.org', 0),"
  "  (2, 'Jo', 'Example', 'jo@example.org', 'jo@example.org', 0);"
  "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 13) "
  "INSERT INTO invitations (id, template_id, candidate_id, candidate_name, email, search_text,"
  "  status, sent_at, expires_at, updated_at, sync_state, is_sample) "
  "SELECT i, CASE WHEN i IN (11, 12) THEN 2 ELSE 1 END, 2 - i % 2,"
  "  CASE WHEN i % 2 = 1 THEN 'Zoë Müller' ELSE 'Jo Example' END,"
  "  CASE WHEN i % 2 = 1 THEN 'zoe@example.org' ELSE 'jo@example.org' END,"
  "  CASE WHEN i % 2 = 1 THEN 'zoë müller' || char(10) || 'zoe@example.org'"
  "                      ELSE 'jo example' || char(10) || 'jo@example.org' END,"
  "  CASE i WHEN 6 THEN 'in_progress' WHEN 7 THEN 'completed' WHEN 8 THEN 'expired'"
  "         WHEN 9 THEN 'cancelled' WHEN 10 THEN 'Rescheduled' ELSE 'pending' END,"
  "  1000 + i, 1795000000, 1000,"
  "  CASE WHEN i = 13 THEN 'local' ELSE 'synced' END, CASE WHEN i = 13 THEN 1 ELSE 0 END "
  "FROM n;";

static char *
fixture_database_full (const char *name,
                       gboolean    with_settings)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  database = inv_database_open (path, &error);
  g_assert_no_error (error);
  inv_database_exec (database, fixture_sql, &error);
  g_assert_no_error (error);
  /* The default message ends with {signature} and names {company}. */
  if (with_settings)
    {
      g_assert_true (inv_message_template_set_company (database, "Acme", &error));
      g_assert_true (inv_message_template_set_signature (database, "Ada Lovelace", &error));
    }

  return g_steal_pointer (&path);
}

static char *
fixture_database (const char *name)
{
  return fixture_database_full (name, TRUE);
}

static char *
database_option (const char *path)
{
  return g_strconcat ("--database=", path, NULL);
}

static char *
query_text (const char *path,
            const char *sql)
{
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_nonnull (database);
  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

/* Everything a cancel could change, to compare before and after. */
static char *
snapshot (const char *path)
{
  return query_text (path,
                     "SELECT group_concat (row, '|') FROM ("
                     "  SELECT id || ':' || status || ':' || sync_state || ':' || coalesce (cancel_reason, '-')"
                     "    AS row FROM invitations"
                     "  UNION ALL SELECT 'o' || count(*) FROM outbox"
                     "  UNION ALL SELECT 'h' || count(*) FROM history)");
}

static void
test_cancel_ids (void)
{
  g_autofree char *path = fixture_database ("cli-cancel-ids.db");
  g_autofree char *option = database_option (path);
  g_autoptr(Run) run = run_app (option, "--cancel=1, 6,999,2,10,2", "--reason=position_filled", NULL);
  g_autofree char *statuses = NULL;
  g_autofree char *outbox = NULL;
  g_autofree char *held = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *batch = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_assert_cmpint (run->exit_status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  /* One line per invitation left alone, in id order, then the total. */
  g_assert_cmpstr (run->out, ==,
                   "skipped 6: The candidate has already started\n"
                   "skipped 10: The invitation’s status is not known\n"
                   "skipped 999: There is no such invitation\n"
                   "2 cancelled, 3 skipped\n");

  statuses = query_text (path, "SELECT group_concat (id || ':' || status || ':' || sync_state || ':' "
                               "  || coalesce (cancel_reason, '-'), ' ') FROM invitations WHERE id IN (1, 2, 6, 10)");
  g_assert_cmpstr (statuses, ==,
                   "1:cancelled:pending_cancel:position_filled 2:cancelled:pending_cancel:position_filled "
                   "6:in_progress:synced:- 10:Rescheduled:synced:-");

  /* Queued for the next sync at once: no grace period on the command line. */
  outbox = query_text (path, "SELECT group_concat (invitation_id || ':' || operation, ' ') FROM outbox");
  g_assert_cmpstr (outbox, ==, "1:cancel 2:cancel");
  held = query_text (path, "SELECT count(*) FROM outbox WHERE hold_until > strftime ('%s', 'now')");
  g_assert_cmpstr (held, ==, "0");

  payload = query_text (path, "SELECT payload FROM outbox WHERE invitation_id = 1");
  batch = query_text (path, "SELECT batch_id FROM outbox WHERE invitation_id = 1");
  g_assert_true (json_parser_load_from_data (parser, payload, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, "position_filled");
  g_assert_true (json_object_get_boolean_member (object, "notifyCandidate"));
  /* The message as the push will send it. */
  {
    g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (inv_cancel_message_complete_request (database, g_ascii_strtoll (batch, NULL, 10), 1,
                                                        object, &error));
    g_assert_no_error (error);
  }
  g_assert_nonnull (strstr (json_object_get_string_member (object, "message"), "Dear Zoë,"));

  /* Again: everything is skipped now, still a success. */
  {
    g_autoptr(Run) again = run_app (option, "--cancel=1,2", NULL);

    g_assert_cmpint (again->exit_status, ==, 0);
    g_assert_cmpstr (again->out, ==,
                     "skipped 1: The invitation is already cancelled\n"
                     "skipped 2: The invitation is already cancelled\n"
                     "0 cancelled, 2 skipped\n");
  }
}

static void
test_no_notify (void)
{
  g_autofree char *path = fixture_database ("cli-cancel-quiet.db");
  g_autofree char *option = database_option (path);
  g_autoptr(Run) run = run_app (option, "--cancel=11", "--no-notify", "--reason=Sent-By-Mistake", NULL);
  g_autofree char *payload = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  g_assert_cmpint (run->exit_status, ==, 0);
  g_assert_cmpstr (run->out, ==, "1 cancelled, 0 skipped\n");

  payload = query_text (path, "SELECT payload FROM outbox WHERE invitation_id = 11");
  g_assert_true (json_parser_load_from_data (parser, payload, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (object, "notifyCandidate"));
  /* The interviewers of the live interview are still told. */
  g_assert_true (json_object_get_boolean_member (object, "notifyInterviewers"));
  g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, "sent_by_mistake");
}

static void
test_cancel_matching (void)
{
  g_autofree char *path = fixture_database ("cli-cancel-matching.db");
  g_autofree char *option = database_option (path);

  {
    g_autoptr(Run) run = run_app (option, "--cancel-matching", "--template=team lead", NULL);
    g_autofree char *cancelled = query_text (path, "SELECT group_concat (id, ',') FROM invitations "
                                                   "WHERE status = 'cancelled'");

    g_assert_cmpint (run->exit_status, ==, 0);
    g_assert_cmpstr (run->out, ==, "2 cancelled, 0 skipped\n");
    g_assert_cmpstr (cancelled, ==, "9,11,12");
  }

  /* A search: Jo's invitations; the ones not pending are listed. */
  {
    g_autoptr(Run) run = run_app (option, "--cancel-matching", "--search=JO@EXAMPLE", NULL);
    g_autofree char *cancelled = query_text (path, "SELECT group_concat (id, ',') FROM invitations "
                                                   "WHERE status = 'cancelled'");

    g_assert_cmpint (run->exit_status, ==, 0);
    g_assert_cmpstr (run->out, ==,
                     "skipped 6: The candidate has already started\n"
                     "skipped 8: The invitation has expired\n"
                     "skipped 10: The invitation’s status is not known\n"
                     "skipped 12: The invitation is already cancelled\n"
                     "2 cancelled, 4 skipped\n");
    g_assert_cmpstr (cancelled, ==, "2,4,9,11,12");
  }

  /* Status and template together. */
  {
    g_autoptr(Run) run = run_app (option, "--cancel-matching", "--status=completed", "--template=1", NULL);

    g_assert_cmpint (run->exit_status, ==, 0);
    g_assert_cmpstr (run->out, ==, "skipped 7: The candidate has already completed it\n0 cancelled, 1 skipped\n");
  }

  /* Nothing matches: nothing to do, still a success. */
  {
    g_autoptr(Run) run = run_app (option, "--cancel-matching", "--search=nobody", NULL);

    g_assert_cmpint (run->exit_status, ==, 0);
    g_assert_cmpstr (run->out, ==, "0 cancelled, 0 skipped\n");
  }
}

/* Demo data is cancelled locally and never queued for the service. */
static void
test_sample_data (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "cli-cancel-sample.db", NULL);
  g_autofree char *option = database_option (path);
  g_autoptr(Run) added = run_app (option, "--sample-data=300", NULL);
  g_autofree char *pending = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *outbox = NULL;
  g_autofree char *left = NULL;
  g_autoptr(Run) run = NULL;

  g_assert_cmpint (added->exit_status, ==, 0);
  pending = query_text (path, "SELECT count(*) FROM invitations WHERE status = 'pending'");
  g_assert_cmpint (atoi (pending), >, 0);

  run = run_app (option, "--cancel-matching", "--status=pending", "--reason=pipeline_cleanup", NULL);
  g_assert_cmpint (run->exit_status, ==, 0);
  expected = g_strdup_printf ("%s cancelled, 0 skipped\n", pending);
  g_assert_cmpstr (run->out, ==, expected);

  outbox = query_text (path, "SELECT count(*) FROM outbox");
  g_assert_cmpstr (outbox, ==, "0");
  left = query_text (path, "SELECT count(*) FROM invitations WHERE status = 'pending' OR sync_state != 'local'");
  g_assert_cmpstr (left, ==, "0");
}

static void
assert_refused (const char *path,
                const char *expected_message,
                const char *first_arg,
                ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *option = database_option (path);
  g_autofree char *before = snapshot (path);
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer)g_getenv ("INVITATIONS_BIN"));
  g_ptr_array_add (argv, option);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);

  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, expected_message));

  after = snapshot (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_bad_input (void)
{
  g_autofree char *path = fixture_database ("cli-cancel-bad.db");
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "no-such.db", NULL);

  assert_refused (path, "“x” is not an invitation id", "--cancel=1,x", NULL);
  assert_refused (path, "has an empty item", "--cancel=1,,2", NULL);
  assert_refused (path, "has an empty item", "--cancel=1,2,", NULL);
  assert_refused (path, "“-3” is not an invitation id", "--cancel=-3", NULL);
  assert_refused (path, "“0” is not an invitation id", "--cancel=0", NULL);
  assert_refused (path, "“1.5” is not an invitation id", "--cancel=1.5", NULL);
  assert_refused (path, "Unknown reason “bored”; use one of: candidate_withdrew, sent_by_mistake,",
                  "--cancel=1", "--reason=bored", NULL);
  assert_refused (path, "--status does not go with --cancel", "--cancel=1", "--status=pending", NULL);
  assert_refused (path, "Choose one of --cancel and --cancel-matching", "--cancel=1", "--cancel-matching", "--status=pending", NULL);
  assert_refused (path, "needs at least one of --status, --template or --search", "--cancel-matching", NULL);
  assert_refused (path, "Unknown status “maybe”", "--cancel-matching", "--status=maybe", NULL);
  assert_refused (path, "There is no interview template “Nope”", "--cancel-matching", "--template=Nope", NULL);
  assert_refused (path, "apply to --cancel or --cancel-matching", "--reason=other", NULL);
  assert_refused (path, "apply to --cancel or --cancel-matching", "--no-notify", NULL);
  assert_refused (path, "Choose one of --list and --cancel", "--cancel=1", "--list", NULL);

  {
    g_autofree char *option = database_option (missing);
    g_autoptr(Run) run = run_app (option, "--cancel=1", NULL);

    g_assert_cmpint (run->exit_status, ==, 1);
    g_assert_nonnull (strstr (run->err, "There is no database"));
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }
}

static char *
stored_setting (const char *path,
                gboolean    signature)
{
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);

  g_assert_nonnull (database);

  return signature ? inv_message_template_get_signature (database)
                   : inv_message_template_get_company (database);
}

/* Without a company name and a signature the default email cannot be sent: the
 * cancel is refused as a whole and says which setting is missing; the two options
 * set them, and then the same cancel goes through. */
static void
test_message_settings (void)
{
  g_autofree char *path = fixture_database_full ("cli-cancel-settings.db", FALSE);
  g_autofree char *option = database_option (path);
  g_autofree char *before = snapshot (path);

  {
    g_autoptr(Run) run = run_app (option, "--cancel=1,2", NULL);
    g_autofree char *after = snapshot (path);

    g_assert_cmpint (run->exit_status, !=, 0);
    g_assert_cmpstr (run->out, ==, "");
    g_assert_nonnull (strstr (run->err, "no company name"));
    g_assert_nonnull (strstr (run->err, "no sender signature"));
    g_assert_nonnull (strstr (run->err, "--set-company"));
    /* Nothing was cancelled, nothing queued. */
    g_assert_cmpstr (before, ==, after);
  }

  {
    g_autoptr(Run) run = run_app (option, "--set-company=  Acme Ltd ", NULL);
    g_autofree char *company = stored_setting (path, FALSE);

    g_assert_cmpint (run->exit_status, ==, 0);
    g_assert_cmpstr (run->err, ==, "");
    g_assert_cmpstr (company, ==, "Acme Ltd");
  }

  /* Only the signature is missing now, and only it is named. */
  {
    g_autoptr(Run) run = run_app (option, "--cancel=1,2", NULL);
    g_autofree char *after = snapshot (path);

    g_assert_cmpint (run->exit_status, !=, 0);
    g_assert_null (strstr (run->err, "company name"));
    g_assert_nonnull (strstr (run->err, "no sender signature"));
    g_assert_cmpstr (before, ==, after);
  }

  /* "\n" typed in the shell is a new line of the signature. */
  {
    g_autoptr(Run) run = run_app (option, "--set-signature=Ada Lovelace\\nRecruiting", NULL);
    g_autofree char *signature = stored_setting (path, TRUE);

    g_assert_cmpint (run->exit_status, ==, 0);
    g_assert_cmpstr (signature, ==, "Ada Lovelace\nRecruiting");
  }

  {
    g_autoptr(Run) run = run_app (option, "--cancel=1,2", NULL);
    g_autofree char *statuses = query_text (path, "SELECT group_concat (id || ':' || status, ' ') "
                                                  "FROM invitations WHERE id IN (1, 2)");
    g_autofree char *outbox = query_text (path, "SELECT count(*) FROM outbox");

    g_assert_cmpint (run->exit_status, ==, 0);
    g_assert_cmpstr (run->err, ==, "");
    g_assert_cmpstr (run->out, ==, "2 cancelled, 0 skipped\n");
    g_assert_cmpstr (statuses, ==, "1:cancelled 2:cancelled");
    g_assert_cmpstr (outbox, ==, "2");
  }

  /* An empty value unsets; the two options go together. */
  {
    g_autoptr(Run) run = run_app (option, "--set-company=", "--set-signature=", NULL);
    g_autofree char *company = stored_setting (path, FALSE);
    g_autofree char *signature = stored_setting (path, TRUE);

    g_assert_cmpint (run->exit_status, ==, 0);
    g_assert_null (company);
    g_assert_null (signature);
  }

  assert_refused (path, "Choose one of --cancel and --set-company", "--set-company=Acme", "--cancel=3", NULL);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/cancel/ids", test_cancel_ids);
  g_test_add_func ("/cli/cancel/no-notify", test_no_notify);
  g_test_add_func ("/cli/cancel/matching", test_cancel_matching);
  g_test_add_func ("/cli/cancel/sample-data", test_sample_data);
  g_test_add_func ("/cli/cancel/bad-input", test_bad_input);
  g_test_add_func ("/cli/cancel/message-settings", test_message_settings);

  status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return status;
}

/* test-candidate-edit.c: editing a candidate's details, and what that rewrites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <glib.h>
#include <string.h>

#include "inv-candidate-edit.h"
#include "inv-candidate-rules.h"
#include "inv-database-invitations.h"
#include "core-test-util.h"

/* Two candidates with seven invitations each, in every kind of status, so an edit
 * is seen to reach all of a candidate's invitations and none of the other's:
 * the odd ids are Zoë Müller's, the even ones Jo Example's. */
static const char fixture_sql[] =
  "INSERT INTO templates (id, name, interview_type) VALUES"
  "  (1, 'Backend Engineer', 'automated');"
  "INSERT INTO candidates (id, first_name, last_name, email, email_key, phone, created_at) VALUES"
  "  (1, 'Zoë', 'Müller', 'zoe@example.org', 'zoe@example.org', NULL, 0),"
  "  (2, 'Jo', 'Example', 'jo@example.org', 'jo@example.org', '+49 30 1234', 0);"
  "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 14) "
  "INSERT INTO invitations (id, template_id, candidate_id, candidate_name, email, search_text,"
  "  status, sent_at, expires_at, updated_at, sync_state, is_sample) "
  "SELECT i, 1,"
  "  CASE WHEN i % 2 = 1 THEN 1 ELSE 2 END,"
  "  CASE WHEN i % 2 = 1 THEN 'Zoë Müller' ELSE 'Jo Example' END,"
  "  CASE WHEN i % 2 = 1 THEN 'zoe@example.org' ELSE 'jo@example.org' END,"
  "  CASE WHEN i % 2 = 1 THEN 'zoë müller' || char(10) || 'zoe@example.org'"
  "                      ELSE 'jo example' || char(10) || 'jo@example.org' END,"
  "  CASE i WHEN 6 THEN 'in_progress' WHEN 7 THEN 'completed' WHEN 8 THEN 'expired'"
  "         WHEN 9 THEN 'cancelled' WHEN 10 THEN 'Rescheduled' ELSE 'pending' END,"
  "  1000 + i, 1795000000, 1000,"
  "  CASE WHEN i = 13 THEN 'local' ELSE 'synced' END,"
  "  CASE WHEN i = 13 THEN 1 ELSE 0 END "
  "FROM n;";

static InvDatabase *
open_fixture (void)
{
  static guint serial = 0;
  g_autofree char *name = g_strdup_printf ("candidate-edit-%u.db", ++serial);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;
  InvDatabase *database;

  database = inv_database_open (path, &error);
  g_assert_no_error (error);
  inv_database_exec (database, fixture_sql, &error);
  g_assert_no_error (error);

  return database;
}

static char *
candidate_name_of (InvDatabase *database,
                   gint64       invitation_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT candidate_name FROM invitations WHERE id = %" G_GINT64_FORMAT,
                                          invitation_id);

  return core_test_text (database, sql);
}

static void
test_edit (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(InvCandidateDetails) details = NULL;
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(GArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *detail = NULL;
  guint n = 0;

  details = inv_candidate_details_load (database, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (details->first_name, ==, "Zoë");
  g_assert_cmpstr (details->last_name, ==, "Müller");
  g_assert_null (details->phone);

  g_assert_true (inv_candidate_edit (database, 1, "  Zoe ", "Mueller", "+49 (30) 555-01", &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 7);

  g_clear_pointer (&details, inv_candidate_details_free);
  details = inv_candidate_details_load (database, 1, &error);
  g_assert_cmpstr (details->first_name, ==, "Zoe");
  g_assert_cmpstr (details->last_name, ==, "Mueller");
  g_assert_cmpstr (details->phone, ==, "+49 (30) 555-01");

  name = candidate_name_of (database, 3);
  g_assert_cmpstr (name, ==, "Zoe Mueller");

  /* Search finds the new name, not the old one, and only this candidate's rows. */
  inv_invitation_query_set_search (query, "MUELLER");
  found = inv_database_query_invitation_ids (database, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 7);
  g_clear_pointer (&found, g_array_unref);
  inv_invitation_query_set_search (query, "müller");
  found = inv_database_query_invitation_ids (database, query, &error);
  g_assert_cmpuint (found->len, ==, 0);

  /* History names the fields, not their values. */
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM history WHERE event = 'candidate-edited'"), ==, 7);
  detail = core_test_text (database, "SELECT detail FROM history WHERE event = 'candidate-edited' LIMIT 1");
  g_assert_cmpstr (detail, ==, "first_name,last_name,phone");

  /* The other candidate's rows are untouched. */
  g_clear_pointer (&name, g_free);
  name = candidate_name_of (database, 2);
  g_assert_cmpstr (name, ==, "Jo Example");

  /* Saving the same details again changes and records nothing. */
  g_assert_true (inv_candidate_edit (database, 1, "Zoe", "Mueller", "+49 (30) 555-01", NULL, &error));
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM history WHERE event = 'candidate-edited'"), ==, 7);

  /* Clearing the phone. */
  g_assert_true (inv_candidate_edit (database, 2, "Jo", "Example", "", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (core_test_scalar (database, "SELECT phone IS NULL FROM candidates WHERE id = 2"), ==, 1);
}

static void
test_invalid (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const struct {
    const char *first;
    const char *last;
    const char *phone;
    int code;   /* InvCandidateRulesError */
    const char *message_part;
  } cases[] = {
    /* Empty names are allowed, as when adding (test-candidate-rules.c). */
    { "Zo\x01ë", "Müller", NULL, INV_CANDIDATE_RULES_ERROR_FIRST_NAME_INVALID, "first name" },
    { "Zoë", "Mül\nler", NULL, INV_CANDIDATE_RULES_ERROR_LAST_NAME_INVALID, "line breaks" },
    { "Zoë", "Müller", "call me", INV_CANDIDATE_RULES_ERROR_PHONE_INVALID, "phone" },
    { "Zoë", "Müller", "12", INV_CANDIDATE_RULES_ERROR_PHONE_INVALID, "phone" },
  };

  before = core_test_text (database, "SELECT group_concat (first_name || last_name || coalesce (phone, ''), '|') "
                                     "FROM candidates");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_false (inv_candidate_edit (database, 1, cases[i].first, cases[i].last, cases[i].phone, NULL, &error));
      g_assert_error (error, INV_CANDIDATE_RULES_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].message_part));
      g_clear_error (&error);
    }

  g_assert_false (inv_candidate_edit (database, 77, "A", "B", NULL, NULL, &error));
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (inv_database_exec (database, "UPDATE candidates SET erased = 1 WHERE id = 2", NULL));
  g_assert_false (inv_candidate_edit (database, 2, "A", "B", NULL, NULL, &error));
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID);
  g_clear_error (&error);

  after = core_test_text (database, "SELECT group_concat (first_name || last_name || coalesce (phone, ''), '|') "
                                    "FROM candidates");
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM history"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/candidate-edit/edit", test_edit);
  g_test_add_func ("/candidate-edit/invalid", test_invalid);

  status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return status;
}

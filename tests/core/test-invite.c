/* test-invite.c: candidates, inviting one or many, re-invite, reattempt and erasure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "core-test-util.h"
#include "inv-candidate-list.h"
#include "inv-candidate-rules.h"
#include "inv-database-candidates.h"
#include "inv-invite.h"
#include "inv-outbox.h"

typedef struct
{
  InvDatabase *db;
  gint64       open_template;
  gint64       closed_template;
  gint64       live_template;
} Fixture;

static gint64
add_template (InvDatabase *db,
              const char  *name,
              gboolean     active,
              const char  *type)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO templates (remote_id, name, interview_type, active, "
                                          "validity_days, duration_minutes) VALUES (%d, '%s', '%s', %d, 7, 45)",
                                          g_str_hash (name) % 100000 + 1000, name, type, active ? 1 : 0);

  g_assert_true (inv_database_exec (db, sql, NULL));

  return sqlite3_last_insert_rowid (inv_database_get_handle (db));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("invite-%u.db", n++);

  fixture->db = core_test_open_database (name, NULL);
  fixture->open_template = add_template (fixture->db, "Backend Screening", TRUE, "automated");
  fixture->closed_template = add_template (fixture->db, "Internship 2025", FALSE, "automated");
  fixture->live_template = add_template (fixture->db, "Live Interview", TRUE, "live");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->db);
}

static gint64
query_int (InvDatabase *db,
           const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static char *
query_text (InvDatabase *db,
            const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

static gint64
add (Fixture    *fixture,
     const char *first,
     const char *last,
     const char *email)
{
  g_autoptr(GError) error = NULL;
  gint64 id = inv_database_add_candidate (fixture->db, first, last, email, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static void
test_candidates_add_edit (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCandidate) candidate = NULL;
  gint64 zoe = add (fixture, " Zoë ", "Çelik", "Zoe@Example.org ");
  gint64 jo;

  candidate = inv_database_load_candidate (fixture->db, zoe, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (inv_candidate_get_first_name (candidate), ==, "Zoë");
  g_assert_cmpstr (inv_candidate_get_full_name (candidate), ==, "Zoë Çelik");
  g_assert_cmpstr (inv_candidate_get_email (candidate), ==, "Zoe@Example.org");

  /* Unique case-insensitively, with the owner named */
  g_assert_cmpint (inv_database_add_candidate (fixture->db, "Z", "C", "zoe@EXAMPLE.org", NULL, &error), ==, 0);
  g_assert_error (error, INV_CANDIDATE_ERROR, INV_CANDIDATE_ERROR_EMAIL);
  g_assert_nonnull (strstr (error->message, "Zoë Çelik"));
  g_clear_error (&error);

  /* Errors name their field */
  g_assert_cmpint (inv_database_add_candidate (fixture->db, "Jo", "X", "jo@", NULL, &error), ==, 0);
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_EMAIL_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (inv_database_add_candidate (fixture->db, "Jo", "X", "jo@example.org", "call me", &error), ==, 0);
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_PHONE_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (inv_database_add_candidate (fixture->db, "J\x01o", "X", "jo@example.org", NULL, &error), ==, 0);
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_FIRST_NAME_INVALID);
  g_clear_error (&error);

  jo = add (fixture, "Jo", "Example", "jo@bücher.example");
  g_assert_cmpint (inv_database_find_candidate (fixture->db, "JO@BÜCHER.example"), ==, jo);

  /* Edit: another's email is refused, one's own in another case is fine */
  g_assert_false (inv_database_update_candidate (fixture->db, jo, "Jo", "Example", "ZOE@example.org", NULL, &error));
  g_assert_error (error, INV_CANDIDATE_ERROR, INV_CANDIDATE_ERROR_EMAIL);
  g_clear_error (&error);
  g_assert_true (inv_database_update_candidate (fixture->db, jo, "Joanna", "Example", "Jo@Bücher.example", "+49 30 123", &error));
  g_assert_no_error (error);
  g_clear_object (&candidate);
  candidate = inv_database_load_candidate (fixture->db, jo, NULL);
  g_assert_cmpstr (inv_candidate_get_full_name (candidate), ==, "Joanna Example");
  g_assert_cmpstr (inv_candidate_get_phone (candidate), ==, "+49 30 123");
}

static void
test_candidate_list_search (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(InvCandidateList) list = NULL;
  g_autoptr(InvCandidate) first = NULL;

  add (fixture, "Zoë", "Çelik", "zoe@example.org");
  add (fixture, "Jo", "Example", "jo@example.org");
  add (fixture, "Ana", "Silva", "ana@beispiel.de");

  list = inv_candidate_list_new (fixture->db, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  /* by last name, in the language's order: Ç with the C's, not after S as its code
   * point would put it */
  g_assert_cmpstr (inv_candidate_get_last_name (first), ==, "Çelik");

  inv_candidate_list_set_search (list, "EXAMPLE");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  inv_candidate_list_set_search (list, "silva ana");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  inv_candidate_list_set_search (list, "zoë çel");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  /* without the accents a person may not know how to type */
  inv_candidate_list_set_search (list, "zoe cel");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  inv_candidate_list_set_search (list, "BEISPIEL");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  inv_candidate_list_set_search (list, "100%");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  inv_candidate_list_set_search (list, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
}

static void
test_preview (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvInvitePreview) preview = NULL;
  g_autoptr(InvInviteRequest) request = inv_invite_request_new (fixture->open_template);
  g_autoptr(GPtrArray) outcomes = NULL;
  gint64 ids[4];

  ids[0] = add (fixture, "Ready", "One", "ready@example.org");
  ids[1] = add (fixture, "Pending", "Two", "pending@example.org");
  ids[2] = add (fixture, "Bad", "Three", "bad@example.org");
  ids[3] = 999999;
  /* An address that an older version or another program stored without checking */
  g_assert_true (inv_database_exec (fixture->db, "UPDATE candidates SET email = 'bad@@example.org' WHERE email = 'bad@example.org'", NULL));

  outcomes = inv_invite_queue_batch (fixture->db, request, &ids[1], 1, 0, &error);
  g_assert_no_error (error);
  g_clear_pointer (&outcomes, g_ptr_array_unref);

  preview = inv_invite_preview (fixture->db, fixture->open_template, ids, 4, &error);
  g_assert_no_error (error);
  g_assert_null (preview->refusal);
  g_assert_cmpstr (preview->template_name, ==, "Backend Screening");
  g_assert_cmpuint (preview->n_ready, ==, 1);
  g_assert_cmpuint (preview->n_already_invited, ==, 1);
  g_assert_cmpuint (preview->n_invalid, ==, 2);
  g_assert_cmpuint (inv_invite_preview_count_to_send (preview, FALSE), ==, 1);
  g_assert_cmpuint (inv_invite_preview_count_to_send (preview, TRUE), ==, 2);
  g_assert_cmpint (((InvInvitePreviewEntry *)preview->entries->pdata[1])->verdict, ==, INV_INVITE_ALREADY_INVITED);
  g_assert_cmpint (((InvInvitePreviewEntry *)preview->entries->pdata[2])->verdict, ==, INV_INVITE_INVALID_EMAIL);
  g_assert_nonnull (strstr (((InvInvitePreviewEntry *)preview->entries->pdata[2])->reason, "only one @"));
  g_assert_cmpint (((InvInvitePreviewEntry *)preview->entries->pdata[3])->verdict, ==, INV_INVITE_MISSING);
  g_clear_pointer (&preview, inv_invite_preview_free);

  /* A closed template says why, and counts nothing to send */
  preview = inv_invite_preview (fixture->db, fixture->closed_template, ids, 4, &error);
  g_assert_no_error (error);
  g_assert_nonnull (preview->refusal);
  g_assert_nonnull (strstr (preview->refusal, "closed"));
  g_assert_cmpuint (inv_invite_preview_count_to_send (preview, TRUE), ==, 0);

  request->template_id = fixture->closed_template;
  g_assert_null (inv_invite_queue_batch (fixture->db, request, ids, 1, 0, &error));
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM invitations"), ==, 1);
}

static gboolean
count_progress (guint    done,
                guint    total,
                gpointer user_data)
{
  GArray *calls = user_data;

  g_array_append_val (calls, done);
  g_assert_cmpuint (total, ==, 250);

  return TRUE;
}

static gboolean
stop_after_first (guint    done,
                  guint    total,
                  gpointer user_data)
{
  return FALSE;
}

static GArray *
add_many (Fixture *fixture,
          guint    n)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("person%u.%p@example.org", i, (void *)ids);
      gint64 id = add (fixture, "Person", "Many", email);

      g_array_append_val (ids, id);
    }

  return ids;
}

static void
test_queue_batches (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = add_many (fixture, 250);
  g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(InvInviteRequest) request = inv_invite_request_new (fixture->open_template);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *payload = NULL;
  JsonObject *object;
  gint64 batch_id = 0;

  request->message = g_strdup ("Looking forward to it");
  request->starts_at = 1795000000;
  request->ends_at = 1795000000 + 3 * 86400;

  outcomes = inv_invite_queue (fixture->db, request, (gint64 *)(gpointer)ids->data, ids->len,
                               count_progress, calls, NULL, &batch_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outcomes->len, ==, 250);
  g_assert_cmpint (batch_id, >, 0);
  g_assert_cmpuint (calls->len, ==, 3);
  g_assert_cmpuint (g_array_index (calls, guint, 0), ==, 100);
  g_assert_cmpuint (g_array_index (calls, guint, 2), ==, 250);

  for (guint i = 0; i < outcomes->len; i++)
    {
      InvInviteOutcome *outcome = outcomes->pdata[i];

      g_assert_null (outcome->error);
      g_assert_cmpint (outcome->invitation_id, >, 0);
      g_assert_cmpint (outcome->outbox_id, >, 0);
    }

  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM invitations WHERE status = 'pending' AND sync_state = 'pending_create'"), ==, 250);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(DISTINCT idempotency_key) FROM outbox WHERE operation = 'create'"), ==, 250);
  /* No link until the service makes one: nothing a person could copy by mistake. */
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM invitations WHERE link IS NOT NULL"), ==, 0);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM history WHERE event = 'invited'"), ==, 250);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(DISTINCT batch_id) FROM outbox"), ==, 1);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM invitations WHERE expires_at = 1795000000 + 3 * 86400"), ==, 250);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM invitations WHERE search_text LIKE '%person many%'"), ==, 250);

  payload = query_text (fixture->db, "SELECT payload FROM outbox ORDER BY id LIMIT 1");
  g_assert_true (json_parser_load_from_data (parser, payload, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "startDateTime"), ==, "2026-11-18T11:06:40Z");
  g_assert_cmpstr (json_object_get_string_member (object, "endDateTime"), ==, "2026-11-21T11:06:40Z");
  g_assert_cmpstr (json_object_get_string_member (object, "sendEmail"), ==, "yes");
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==, "Looking forward to it");
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Person Many");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "email"), "person0."));
  g_assert_cmpint (json_object_get_int_member (object, "templateId"), ==, fixture->open_template);
  g_assert_true (json_object_has_member (object, "testId"));

  /* Everyone now has a pending invitation: a second send skips them all… */
  g_clear_pointer (&outcomes, g_ptr_array_unref);
  outcomes = inv_invite_queue (fixture->db, request, (gint64 *)(gpointer)ids->data, 10,
                               NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < outcomes->len; i++)
    g_assert_true (((InvInviteOutcome *)outcomes->pdata[i])->skipped);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM invitations"), ==, 250);

  /* …unless they are included on purpose */
  request->include_already_invited = TRUE;
  g_clear_pointer (&outcomes, g_ptr_array_unref);
  outcomes = inv_invite_queue (fixture->db, request, (gint64 *)(gpointer)ids->data, 10,
                               NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM invitations"), ==, 260);
}

static void
test_queue_stop_between_batches (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = add_many (fixture, 250);
  g_autoptr(InvInviteRequest) request = inv_invite_request_new (fixture->open_template);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  outcomes = inv_invite_queue (fixture->db, request, (gint64 *)(gpointer)ids->data, ids->len,
                               stop_after_first, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outcomes->len, ==, 100);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM outbox"), ==, 100);

  g_cancellable_cancel (cancellable);
  g_clear_pointer (&outcomes, g_ptr_array_unref);
  outcomes = inv_invite_queue (fixture->db, request, (gint64 *)(gpointer)ids->data + 100, 150,
                               NULL, NULL, cancellable, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outcomes->len, ==, 0);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM outbox"), ==, 100);
}

static void
queue_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GPtrArray **outcomes = user_data;
  g_autoptr(GError) error = NULL;

  *outcomes = inv_bulk_job_run_finish (INV_BULK_JOB (source), result, &error);
  g_assert_no_error (error);
}

static void
note_progress (InvBulkJob *job,
               GParamSpec *pspec,
               gpointer    user_data)
{
  guint *calls = user_data;

  /* Reported on the caller's thread */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  (*calls)++;
}

static void
test_queue_async (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GArray) ids = add_many (fixture, 150);
  g_autoptr(InvInviteRequest) request = inv_invite_request_new (fixture->open_template);
  g_autoptr(InvDatabaseWorker) worker = inv_database_worker_new (inv_database_get_path (fixture->db));
  g_autoptr(InvBulkJob) job = inv_invite_queue_job_new (request, (gint64 *)(gpointer)ids->data, ids->len);
  GPtrArray *outcomes = NULL;
  guint calls = 0;

  g_signal_connect (job, "notify::done", G_CALLBACK (note_progress), &calls);
  inv_bulk_job_run_async (job, worker, NULL, queue_done_cb, &outcomes);
  while (outcomes == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* One report per batch, or fewer when they came between two iterations; the last
   * one is there before the result. */
  g_assert_cmpuint (outcomes->len, ==, 150);
  g_assert_cmpuint (calls, >=, 1);
  g_assert_cmpuint (calls, <=, 2);
  g_assert_cmpuint (inv_bulk_job_get_done (job), ==, 150);
  g_assert_cmpuint (inv_bulk_job_get_total (job), ==, 150);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM outbox WHERE operation = 'create'"), ==, 150);
  g_ptr_array_unref (outcomes);
}

static void
test_invite_one_live (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvInviteRequest) request = inv_invite_request_new (fixture->live_template);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *payload = NULL;
  JsonObject *object;
  gint64 id = 0;
  gboolean reinvited = TRUE;

  request->scheduled_at = 1795100000;
  g_assert_true (inv_invite_one (fixture->db, request, "Jo", "Example", "jo@example.org", &id, &reinvited, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_false (reinvited);
  g_assert_cmpint (query_int (fixture->db, "SELECT scheduled_at FROM invitations"), ==, 1795100000);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM candidates WHERE email = 'jo@example.org'"), ==, 1);

  payload = query_text (fixture->db, "SELECT payload FROM outbox");
  g_assert_true (json_parser_load_from_data (parser, payload, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "scheduledDateTime"), ==, "2026-11-19T14:53:20Z");
  g_assert_cmpint (json_object_get_int_member (object, "durationMinutes"), ==, 45);

  /* Twice is refused, and nothing is added */
  g_assert_false (inv_invite_one (fixture->db, request, "Jo", "Example", "JO@example.org", NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "pending"));
  g_clear_error (&error);
  g_assert_false (inv_invite_one (fixture->db, request, "Bad", "Email", "bad@", NULL, NULL, &error));
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_EMAIL_INVALID);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM invitations"), ==, 1);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM candidates"), ==, 1);
}

static void
set_status (Fixture    *fixture,
            gint64      id,
            const char *status)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE invitations SET status = '%s', sync_state = 'synced', "
                                          "remote_id = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
                                          status, 555000 + id, id);

  g_assert_true (inv_database_exec (fixture->db, sql, NULL));
  g_assert_true (inv_database_exec (fixture->db, "DELETE FROM outbox", NULL));
}

static void
test_reinvite_and_reattempt (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvInviteRequest) request = inv_invite_request_new (fixture->open_template);
  g_autofree char *payload = NULL;
  gint64 id = 0;
  gint64 new_id = 0;

  g_assert_true (inv_invite_one (fixture->db, request, "Jo", "Example", "jo@example.org", &id, NULL, &error));

  /* Pending: neither is allowed, and the reason comes from the status rules */
  g_assert_false (inv_invite_reinvite (fixture->db, id, 0, &error));
  g_assert_nonnull (strstr (error->message, "cancelled or expired"));
  g_clear_error (&error);
  g_assert_false (inv_invite_reattempt (fixture->db, id, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Re-invite a cancelled one: the same row, pending again, one outbox row */
  set_status (fixture, id, "cancelled");
  g_assert_true (inv_invite_reinvite (fixture->db, id, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM invitations"), ==, 1);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM invitations WHERE status = 'pending' AND sync_state = 'pending_create'"), ==, 1);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM outbox WHERE operation = 'reinvite' AND previous_status = 'cancelled'"), ==, 1);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM history WHERE event = 'reinvited'"), ==, 1);

  /* Reattempt a completed one: a new row, linked to its source */
  set_status (fixture, id, "completed");
  g_assert_true (inv_invite_reattempt (fixture->db, id, &new_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (new_id, !=, id);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM invitations"), ==, 2);
  payload = query_text (fixture->db, "SELECT payload FROM outbox WHERE operation = 'reattempt'");
  {
    g_autofree char *expected = g_strdup_printf ("{\"sourceInvitationId\":%" G_GINT64_FORMAT "}", id);
    g_assert_cmpstr (payload, ==, expected);
  }
  g_assert_cmpint (query_int (fixture->db, "SELECT invitation_id FROM outbox WHERE operation = 'reattempt'"), ==, new_id);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM history WHERE event IN ('reattempt', 'reattempted')"), ==, 2);

  /* A closed template refuses a re-invite too */
  set_status (fixture, id, "expired");
  g_assert_true (inv_database_exec (fixture->db, "UPDATE templates SET active = 0", NULL));
  g_assert_false (inv_invite_reinvite (fixture->db, id, 0, &error));
  g_assert_nonnull (strstr (error->message, "closed"));
}

static void
test_erase (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvInviteRequest) request = inv_invite_request_new (fixture->open_template);
  g_autoptr(InvCandidate) candidate = NULL;
  g_autofree char *payload = NULL;
  gint64 sent = 0;
  gint64 unsent = 0;
  gint64 candidate_id;

  g_assert_true (inv_invite_one (fixture->db, request, "Jo", "Example", "jo@example.org", &sent, NULL, &error));
  set_status (fixture, sent, "completed");
  request->template_id = fixture->live_template;
  g_assert_true (inv_invite_one (fixture->db, request, "Jo", "Example", "jo@example.org", &unsent, NULL, &error));
  candidate_id = inv_database_find_candidate (fixture->db, "jo@example.org");

  g_assert_true (inv_database_erase_candidate (fixture->db, candidate_id, &error));
  g_assert_no_error (error);

  candidate = inv_database_load_candidate (fixture->db, candidate_id, NULL);
  g_assert_true (inv_candidate_get_erased (candidate));
  g_assert_cmpstr (inv_candidate_get_email (candidate), ==, "");
  g_assert_cmpstr (inv_candidate_get_first_name (candidate), ==, "");
  g_assert_cmpint (inv_database_find_candidate (fixture->db, "jo@example.org"), ==, 0);

  /* No trace of the person's name or email in any invitation or history */
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM invitations WHERE candidate_name LIKE '%Jo%' OR email != '' OR search_text LIKE '%jo%'"), ==, 0);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM history WHERE detail LIKE '%jo%' OR detail LIKE '%Example%'"), ==, 0);
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM history WHERE event = 'candidate-erased'"), ==, 2);

  /* The unsent invitation is withdrawn; the service is asked to erase the person */
  g_assert_cmpint (query_int (fixture->db, "SELECT count(*) FROM outbox WHERE operation = 'create'"), ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT status FROM invitations WHERE id = %" G_GINT64_FORMAT, unsent);
    g_autofree char *status = query_text (fixture->db, sql);
    g_assert_cmpstr (status, ==, "cancelled");
  }
  payload = query_text (fixture->db, "SELECT payload FROM outbox WHERE operation = 'erase'");
  g_assert_cmpstr (payload, ==, "{\"email\":\"jo@example.org\"}");

  /* An erased candidate cannot be edited nor invited */
  g_assert_false (inv_database_update_candidate (fixture->db, candidate_id, "A", "B", "a@example.org", NULL, &error));
  g_assert_error (error, INV_CANDIDATE_ERROR, INV_CANDIDATE_ERROR_ERASED);
  g_clear_error (&error);
  {
    g_autoptr(InvInvitePreview) preview = inv_invite_preview (fixture->db, fixture->open_template, &candidate_id, 1, NULL);
    g_assert_cmpuint (preview->n_invalid, ==, 1);
  }

  /* The same address later is a new candidate */
  g_assert_cmpint (add (fixture, "Jo", "Again", "jo@example.org"), !=, candidate_id);
}

static void
test_import_candidates (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(InvCsvCandidates) csv = NULL;
  g_autoptr(GArray) ids = NULL;
  const char *text = "First Name,Last Name,Email,Phone\nJo,,jo@example.org,\nAna,Silva,ana@example.org,+1 555 0100\n";
  gint64 jo = add (fixture, "", "Example", "JO@example.org");
  guint added = 0;

  stream = g_memory_input_stream_new_from_data (text, -1, NULL);
  csv = inv_csv_read_candidates (stream, NULL, &error);
  g_assert_no_error (error);

  ids = inv_database_import_candidates (fixture->db, csv, &added, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpuint (added, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, jo);

  /* A known candidate keeps their details and gains what they lacked */
  {
    g_autoptr(InvCandidate) candidate = inv_database_load_candidate (fixture->db, jo, NULL);
    g_assert_cmpstr (inv_candidate_get_full_name (candidate), ==, "Jo Example");
    g_assert_cmpstr (inv_candidate_get_email (candidate), ==, "JO@example.org");
  }
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/invite/candidates/add-edit", test_candidates_add_edit);
  ADD ("/invite/candidates/search", test_candidate_list_search);
  ADD ("/invite/candidates/import", test_import_candidates);
  ADD ("/invite/preview", test_preview);
  ADD ("/invite/queue/batches", test_queue_batches);
  ADD ("/invite/queue/stop", test_queue_stop_between_batches);
  ADD ("/invite/queue/async", test_queue_async);
  ADD ("/invite/one/live", test_invite_one_live);
  ADD ("/invite/reinvite-reattempt", test_reinvite_and_reattempt);
  ADD ("/invite/erase", test_erase);
#undef ADD

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

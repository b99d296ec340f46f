/* test-cancel.c: preview, apply and undo of cancels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <glib.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "inv-cancel.h"
#include "inv-cancel-message.h"
#include "inv-message-template.h"
#include "inv-database-invitations.h"
#include "inv-outbox.h"
#include "core-test-util.h"

/* The rows every test starts from:
 *   1–5   pending, real, automated template 1
 *   6     in_progress    7 completed    8 expired    9 cancelled
 *   10    "Rescheduled", a status the app does not know
 *   11–12 pending, real, live template 2 (two interviewers, one of them also on 3)
 *   13    pending demo row (is_sample, sync_state local)
 *   14    pending, live template 3 (one interviewer shared with template 2) */
static const char fixture_sql[] =
  "INSERT INTO templates (id, name, interview_type) VALUES"
  "  (1, 'Backend Engineer', 'automated'),"
  "  (2, 'Team Lead', 'live'),"
  "  (3, 'Designer', 'live');"
  "INSERT INTO interviewers (template_id, name, email) VALUES"
  "  (2, 'Ada Admin', 'ada@corp.example'),"
  "  (2, 'Bo Boss', 'bo@corp.example'),"
  "  (3, 'Ada Admin', 'ADA@corp.example');"
  "INSERT INTO candidates (id, first_name, last_name, email, email_key, phone, created_at) VALUES"
  "  (1, 'Zoë', 'Müller', 'zoe@example.org', 'zoe@example.org', NULL, 0),"
  "  (2, 'Jo', 'Example', 'jo@example.org', 'jo@example.org', '+49 30 1234', 0);"
  "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 14) "
  "INSERT INTO invitations (id, template_id, candidate_id, candidate_name, email, search_text,"
  "  status, sent_at, expires_at, scheduled_at, updated_at, sync_state, is_sample) "
  "SELECT i,"
  "  CASE WHEN i IN (11, 12) THEN 2 WHEN i = 14 THEN 3 ELSE 1 END,"
  "  CASE WHEN i % 2 = 1 THEN 1 ELSE 2 END,"
  "  CASE WHEN i % 2 = 1 THEN 'Zoë Müller' ELSE 'Jo Example' END,"
  "  CASE WHEN i % 2 = 1 THEN 'zoe@example.org' ELSE 'jo@example.org' END,"
  "  CASE WHEN i % 2 = 1 THEN 'zoë müller' || char(10) || 'zoe@example.org'"
  "                      ELSE 'jo example' || char(10) || 'jo@example.org' END,"
  "  CASE i WHEN 6 THEN 'in_progress' WHEN 7 THEN 'completed' WHEN 8 THEN 'expired'"
  "         WHEN 9 THEN 'cancelled' WHEN 10 THEN 'Rescheduled' ELSE 'pending' END,"
  "  1000 + i, 1795000000, CASE WHEN i IN (11, 12, 14) THEN 1795345800 END, 1000,"
  "  CASE WHEN i = 13 THEN 'local' ELSE 'synced' END,"
  "  CASE WHEN i = 13 THEN 1 ELSE 0 END "
  "FROM n;";

static InvDatabase *
open_fixture (void)
{
  static guint serial = 0;
  g_autofree char *name = g_strdup_printf ("cancel-%u.db", ++serial);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;
  InvDatabase *database;

  database = inv_database_open (path, &error);
  g_assert_no_error (error);
  inv_database_exec (database, fixture_sql, &error);
  g_assert_no_error (error);
  /* The default message ends with {signature} and names {company}. */
  g_assert_true (inv_message_template_set_company (database, "Acme", &error));
  g_assert_true (inv_message_template_set_signature (database, "Ada Lovelace", &error));

  return database;
}

static char *
query_text (InvDatabase *database,
            const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

static char *
invitation_text (InvDatabase *database,
                 gint64       id,
                 const char  *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM invitations WHERE id = %" G_GINT64_FORMAT,
                                          column, id);
  return query_text (database, sql);
}

/* Everything about the invitations, outbox and history, to compare before and after. */
static char *
snapshot (InvDatabase *database)
{
  return query_text (database,
                     "SELECT group_concat (row, '|') FROM ("
                     "  SELECT id || ':' || status || ':' || sync_state || ':' || coalesce (cancel_reason, '-')"
                     "    || ':' || updated_at AS row FROM invitations"
                     "  UNION ALL SELECT 'o' || count(*) FROM outbox"
                     "  UNION ALL SELECT 'h' || count(*) FROM history)");
}

/* The size of the large tests. The core suite also runs under AddressSanitizer, which
 * traces every allocation: there the same tests run at a tenth of the size, to stay
 * within the suite's time limit. */
#if defined(__SANITIZE_ADDRESS__)
#define LARGE_N 10000
#else
#define LARGE_N 100000
#endif

static const gint64 mixed_ids[] = { 1, 2, 6, 7, 8, 9, 10, 11, 12, 13, 999, 1 };

static void
test_reasons (void)
{
  InvCancelReason reason = INV_CANCEL_REASON_OTHER;

  for (guint i = 0; i < INV_N_CANCEL_REASONS; i++)
    {
      InvCancelReason parsed;

      g_assert_true (inv_cancel_reason_from_string (inv_cancel_reason_to_string (i), &parsed));
      g_assert_cmpint (parsed, ==, i);
      g_assert_cmpuint (strlen (inv_cancel_reason_get_label (i)), >, 0);
      /* Only the neutral reason adds no sentence. */
      if (i == INV_CANCEL_REASON_NOT_STATED)
        g_assert_cmpstr (inv_cancel_reason_get_phrase (i), ==, "");
      else
        g_assert_cmpuint (strlen (inv_cancel_reason_get_phrase (i)), >, 0);
    }

  /* Only a withdrawal is a fact about one candidate. */
  g_assert_true (inv_cancel_reason_is_personal (INV_CANCEL_REASON_CANDIDATE_WITHDREW));
  g_assert_false (inv_cancel_reason_is_personal (INV_CANCEL_REASON_POSITION_FILLED));

  g_assert_true (inv_cancel_reason_from_string ("Position-Filled", &reason));
  g_assert_cmpint (reason, ==, INV_CANCEL_REASON_POSITION_FILLED);
  g_assert_cmpstr (inv_cancel_reason_to_string (INV_CANCEL_REASON_PIPELINE_CLEANUP), ==, "pipeline_cleanup");
  g_assert_false (inv_cancel_reason_from_string ("bored", NULL));
  g_assert_false (inv_cancel_reason_from_string (NULL, NULL));
}

static void
test_preview (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(InvCancelPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (database);
  g_autofree char *after = NULL;
  g_autofree char *described = NULL;

  preview = inv_cancel_preview (database, mixed_ids, G_N_ELEMENTS (mixed_ids), &error);
  g_assert_no_error (error);

  g_assert_cmpuint (preview->n_requested, ==, 11);   /* the repeated 1 counts once */
  g_assert_cmpuint (preview->n_eligible, ==, 5);     /* 1, 2, 11, 12, 13 */
  g_assert_cmpuint (preview->n_eligible_sample, ==, 1);
  g_assert_cmpuint (preview->n_skipped, ==, 5);
  g_assert_cmpuint (preview->skipped_by_status[INV_STATUS_IN_PROGRESS], ==, 1);
  g_assert_cmpuint (preview->skipped_by_status[INV_STATUS_COMPLETED], ==, 1);
  g_assert_cmpuint (preview->skipped_by_status[INV_STATUS_EXPIRED], ==, 1);
  g_assert_cmpuint (preview->skipped_by_status[INV_STATUS_CANCELLED], ==, 1);
  g_assert_cmpuint (preview->skipped_by_status[INV_STATUS_UNKNOWN], ==, 1);
  g_assert_cmpuint (preview->skipped_by_status[INV_STATUS_PENDING], ==, 0);
  g_assert_cmpuint (preview->n_unknown, ==, 1);
  g_assert_cmpuint (preview->n_live, ==, 2);
  g_assert_cmpuint (preview->n_interviewers, ==, 2);

  described = inv_cancel_preview_describe_skipped (preview);
  g_assert_cmpstr (described, ==,
                   "1 is in progress, 1 is completed, 1 has expired, 1 is already cancelled, "
                   "1 has an unknown status, 1 no longer exists — they will be skipped.");

  /* A preview changes nothing. */
  after = snapshot (database);
  g_assert_cmpstr (before, ==, after);

  /* The shared interviewer of templates 2 and 3 is notified once. */
  {
    const gint64 live_ids[] = { 11, 14 };
    g_autoptr(InvCancelPreview) live = inv_cancel_preview (database, live_ids, 2, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (live->n_live, ==, 2);
    g_assert_cmpuint (live->n_interviewers, ==, 2);
    g_assert_null (inv_cancel_preview_describe_skipped (live));
  }

  /* Nothing selected. */
  {
    g_autoptr(InvCancelPreview) empty = inv_cancel_preview (database, NULL, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (empty->n_requested, ==, 0);
    g_assert_cmpuint (empty->n_eligible, ==, 0);
  }
}

static void
test_preview_matching (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(InvCancelPreview) all = NULL;
  g_autoptr(InvCancelPreview) zoe = NULL;
  g_autoptr(InvCancelPreview) lead = NULL;
  g_autoptr(GError) error = NULL;

  all = inv_cancel_preview_matching (database, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->n_requested, ==, 14);
  g_assert_cmpuint (all->n_eligible, ==, 9);
  g_assert_cmpuint (all->n_skipped, ==, 5);
  g_assert_cmpuint (all->n_unknown, ==, 0);

  inv_invitation_query_set_search (query, "ZOË");
  zoe = inv_cancel_preview_matching (database, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (zoe->n_requested, ==, 7);        /* the odd ids */
  g_assert_cmpuint (zoe->n_eligible, ==, 5);         /* 1, 3, 5, 11, 13 */

  inv_invitation_query_set_search (query, NULL);
  inv_invitation_query_set_template_name (query, "team lead");
  lead = inv_cancel_preview_matching (database, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lead->n_eligible, ==, 2);
  g_assert_cmpuint (lead->n_live, ==, 2);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A cancel operation's payload as the push sends it: with its message rendered. */
static JsonObject *
request_body (InvDatabase          *database,
              const InvOutboxEntry *entry)
{
  g_autoptr(JsonObject) payload = parse_object (entry->payload);
  g_autoptr(GError) error = NULL;

  /* What the outbox keeps is small: which message, not the message. */
  g_assert_false (json_object_has_member (payload, "message"));
  g_assert_true (json_object_has_member (payload, INV_CANCEL_MESSAGE_TEMPLATE_MEMBER));
  g_assert_cmpuint (strlen (entry->payload), <, 150);

  g_assert_true (inv_cancel_message_complete_request (database, entry->batch_id, entry->invitation_id,
                                                      payload, &error));
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (payload, INV_CANCEL_MESSAGE_TEMPLATE_MEMBER));

  return g_steal_pointer (&payload);
}

static void
test_apply (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(InvCancelResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rows = NULL;
  InvCancelOptions options;
  gint64 before = inv_database_now ();
  const gint64 real_ids[] = { 1, 2, 11, 12 };

  inv_cancel_options_init (&options);
  options.reason = INV_CANCEL_REASON_POSITION_FILLED;
  options.grace_seconds = 10;

  result = inv_cancel_apply (database, mixed_ids, G_N_ELEMENTS (mixed_ids), &options,
                             NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  g_assert_cmpint (result->batch_id, >, 0);
  g_assert_cmpint (result->hold_until, >=, before + 10);
  g_assert_cmpint (result->hold_until, <=, inv_database_now () + 10);
  g_assert_cmpuint (result->n_cancelled, ==, 5);
  g_assert_cmpuint (result->n_cancelled_sample, ==, 1);
  g_assert_cmpuint (result->n_queued, ==, 4);
  g_assert_cmpuint (result->n_skipped, ==, 5);
  g_assert_cmpuint (result->n_unknown, ==, 1);
  g_assert_cmpuint (result->n_live, ==, 2);
  g_assert_cmpuint (result->n_interviewers, ==, 2);

  /* Skipped ones, in id order, each with its reason; the unknown id on its own. */
  g_assert_cmpuint (result->skipped->len, ==, 5);
  {
    const gint64 expected[] = { 6, 7, 8, 9, 10 };

    for (guint i = 0; i < 5; i++)
      {
        const InvCancelSkipped *skipped = &g_array_index (result->skipped, InvCancelSkipped, i);

        g_assert_cmpint (skipped->id, ==, expected[i]);
        g_assert_nonnull (skipped->why_not);
      }
    g_assert_cmpint (g_array_index (result->skipped, InvCancelSkipped, 0).status, ==, INV_STATUS_IN_PROGRESS);
    g_assert_cmpstr (g_array_index (result->skipped, InvCancelSkipped, 0).why_not, ==,
                     "The candidate has already started");
    g_assert_cmpint (g_array_index (result->skipped, InvCancelSkipped, 4).status, ==, INV_STATUS_UNKNOWN);
    g_assert_cmpstr (g_array_index (result->skipped, InvCancelSkipped, 4).status_text, ==, "Rescheduled");
  }
  g_assert_cmpuint (result->unknown_ids->len, ==, 1);
  g_assert_cmpint (g_array_index (result->unknown_ids, gint64, 0), ==, 999);

  /* The invitations. */
  for (guint i = 0; i < G_N_ELEMENTS (real_ids); i++)
    {
      g_autofree char *status = invitation_text (database, real_ids[i], "status");
      g_autofree char *sync_state = invitation_text (database, real_ids[i], "sync_state");
      g_autofree char *reason = invitation_text (database, real_ids[i], "cancel_reason");

      g_assert_cmpstr (status, ==, "cancelled");
      g_assert_cmpstr (sync_state, ==, "pending_cancel");
      g_assert_cmpstr (reason, ==, "position_filled");
    }
  {
    g_autofree char *status = invitation_text (database, 13, "status");
    g_autofree char *sync_state = invitation_text (database, 13, "sync_state");

    g_assert_cmpstr (status, ==, "cancelled");
    g_assert_cmpstr (sync_state, ==, "local");
  }
  /* Skipped and unselected rows are untouched. */
  g_assert_cmpint (core_test_scalar (database,
                              "SELECT count(*) FROM invitations WHERE id NOT IN (1, 2, 11, 12, 13) "
                              "AND (updated_at != 1000 OR cancel_reason IS NOT NULL OR sync_state NOT IN ('synced'))"),
                   ==, 0);
  {
    g_autofree char *status = invitation_text (database, 6, "status");
    g_assert_cmpstr (status, ==, "in_progress");
  }

  /* The outbox: one row per real invitation, none for the demo row. */
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM outbox"), ==, 4);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM outbox WHERE invitation_id = 13"), ==, 0);
  rows = inv_outbox_list_due (database, result->hold_until + 1, TRUE, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 4);
  for (guint i = 0; i < rows->len; i++)
    {
      const InvOutboxEntry *entry = g_ptr_array_index (rows, i);
      g_autoptr(JsonObject) payload = request_body (database, entry);
      const char *message;
      gboolean live = entry->invitation_id == 11 || entry->invitation_id == 12;

      g_assert_cmpint (entry->kind, ==, INV_OUTBOX_CANCEL);
      g_assert_cmpint (entry->invitation_id, ==, real_ids[i]);
      g_assert_cmpint (entry->batch_id, ==, result->batch_id);
      g_assert_cmpint (entry->hold_until, ==, result->hold_until);
      g_assert_cmpint (entry->state, ==, INV_OUTBOX_STATE_QUEUED);
      g_assert_cmpstr (entry->previous_status, ==, "pending");
      g_assert_cmpstr (entry->previous_sync_state, ==, "synced");
      g_assert_true (g_uuid_string_is_valid (entry->idempotency_key));
      g_assert_false (g_hash_table_contains (keys, entry->idempotency_key));
      g_hash_table_add (keys, entry->idempotency_key);

      g_assert_cmpstr (json_object_get_string_member (payload, "reason"), ==, "position_filled");
      g_assert_true (json_object_get_boolean_member (payload, "notifyCandidate"));
      g_assert_cmpint (json_object_get_boolean_member (payload, "notifyInterviewers"), ==, live);
      message = json_object_get_string_member (payload, "message");
      g_assert_nonnull (strstr (message, entry->invitation_id % 2 == 1 ? "Dear Zoë," : "Dear Jo,"));
      g_assert_nonnull (strstr (message, live ? "Team Lead" : "Backend Engineer"));
      g_assert_nonnull (strstr (message, "The position has now been filled."));
      g_assert_null (strchr (message, '{'));
    }

  /* Not due before the grace period ends. */
  {
    g_autoptr(GPtrArray) due = inv_outbox_list_due (database, result->hold_until - 1, TRUE, 100, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (due->len, ==, 0);
  }

  /* History: one "cancelled" entry each, with the reason and nothing personal. */
  g_assert_cmpint (core_test_scalar (database,
                              "SELECT count(*) FROM history WHERE event = 'cancelled' "
                              "AND detail = 'position_filled' AND invitation_id IN (1, 2, 11, 12, 13)"),
                   ==, 5);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM history"), ==, 5);

  /* The same ids again: now everything is skipped and nothing more is queued. */
  {
    g_autoptr(InvCancelResult) again = inv_cancel_apply (database, mixed_ids, G_N_ELEMENTS (mixed_ids),
                                                         &options, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (again->batch_id, ==, 0);
    g_assert_cmpuint (again->n_cancelled, ==, 0);
    g_assert_cmpuint (again->skipped_by_status[INV_STATUS_CANCELLED], ==, 6);
    g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM outbox"), ==, 4);
    g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM history"), ==, 5);
  }
}

static void
test_apply_options (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(InvCancelResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(InvOutboxEntry) entry = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  InvCancelOptions options;
  const gint64 ids[] = { 11 };
  gint64 outbox_id = 0;

  inv_cancel_options_init (&options);
  options.notify_candidate = FALSE;
  options.notify_interviewers = FALSE;
  options.reason = INV_CANCEL_REASON_SENT_BY_MISTAKE;
  options.message_override = "Hello {first_name} \"quoted\"\n{reason}";

  result = inv_cancel_apply (database, ids, 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_cancelled, ==, 1);
  g_assert_cmpuint (result->n_interviewers, ==, 0);

  g_assert_true (inv_outbox_has_queued_for (database, 11, INV_OUTBOX_CANCEL, &outbox_id));
  entry = inv_outbox_get (database, outbox_id, &error);
  g_assert_no_error (error);
  payload = request_body (database, entry);
  g_assert_false (json_object_get_boolean_member (payload, "notifyCandidate"));
  g_assert_false (json_object_get_boolean_member (payload, "notifyInterviewers"));
  g_assert_cmpstr (json_object_get_string_member (payload, "reason"), ==, "sent_by_mistake");
  /* No email, so no text goes with the request. */
  g_assert_false (json_object_has_member (payload, "message"));
  {
    g_autofree char *kept = core_test_text (database, "SELECT text FROM cancel_messages");
    g_assert_cmpstr (kept, ==, "Hello {first_name} \"quoted\"\n{reason}");
  }

  /* A message with an unknown placeholder is refused before anything changes. */
  before = snapshot (database);
  options.message_override = "Hi {frist_name}";
  {
    const gint64 others[] = { 1, 2 };
    g_autoptr(InvCancelResult) refused = inv_cancel_apply (database, others, 2, &options,
                                                           NULL, NULL, NULL, &error);
    g_assert_null (refused);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "{frist_name}"));
    g_clear_error (&error);
  }
  after = snapshot (database);
  g_assert_cmpstr (before, ==, after);

  /* A cancelled cancellable stops it before anything is written. */
  options.message_override = NULL;
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    const gint64 others[] = { 1, 2 };
    g_autoptr(InvCancelResult) stopped = NULL;
    g_autofree char *unchanged = NULL;

    g_cancellable_cancel (cancellable);
    stopped = inv_cancel_apply (database, others, 2, &options, NULL, NULL, cancellable, &error);
    g_assert_null (stopped);
    g_assert_error (error, INV_CANCEL_ERROR, INV_CANCEL_ERROR_CANCELLED);
    unchanged = snapshot (database);
    g_assert_cmpstr (before, ==, unchanged);
  }
}

static void
test_apply_matching (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(InvCancelResult) result = NULL;
  g_autoptr(GError) error = NULL;
  InvCancelOptions options;

  inv_cancel_options_init (&options);
  inv_invitation_query_set_search (query, "jo@example");

  result = inv_cancel_apply_matching (database, query, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Even ids: 2, 4, 12, 14 pending; 6, 8, 10 skipped. */
  g_assert_cmpuint (result->n_cancelled, ==, 4);
  g_assert_cmpuint (result->n_skipped, ==, 3);
  g_assert_cmpuint (result->n_unknown, ==, 0);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations WHERE status = 'cancelled' "
                                        "AND id IN (2, 4, 12, 14)"), ==, 4);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations WHERE status = 'pending' "
                                        "AND id IN (1, 3, 5, 11, 13)"), ==, 5);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM outbox"), ==, 4);
}

/* The message each candidate gets is the one the dialog previewed, rendered at the
 * push from what the batch kept; the kept texts go once nothing of their batch is left
 * to send; what is damaged or gone is said, not sent. */
static void
test_messages (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(InvCancelResult) result = NULL;
  g_autoptr(InvCancelResult) later = NULL;
  g_autoptr(GError) error = NULL;
  InvCancelOptions options;
  const gint64 ids[] = { 1, 11 };
  const gint64 other[] = { 2 };
  guint n_restored = 0;

  inv_cancel_options_init (&options);
  options.reason = INV_CANCEL_REASON_CANDIDATE_WITHDREW;
  options.grace_seconds = 60;
  result = inv_cancel_apply (database, ids, G_N_ELEMENTS (ids), &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_queued, ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      gint64 outbox_id = 0;
      g_autoptr(InvOutboxEntry) entry = NULL;
      g_autoptr(JsonObject) body = NULL;
      g_autofree char *preview = NULL;

      g_assert_true (inv_outbox_has_queued_for (database, ids[i], INV_OUTBOX_CANCEL, &outbox_id));
      entry = inv_outbox_get (database, outbox_id, &error);
      g_assert_no_error (error);
      body = request_body (database, entry);
      preview = inv_message_template_render_for_invitation (database, ids[i], options.reason, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (body, "message"), ==, preview);
    }

  /* A payload that holds its message (written before messages were kept per batch)
   * is sent as it is. */
  {
    g_autoptr(JsonObject) legacy = parse_object ("{\"reason\":\"other\",\"message\":\"Written out\"}");

    g_assert_true (inv_cancel_message_complete_request (database, 0, 1, legacy, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (legacy, "message"), ==, "Written out");
  }

  /* A damaged payload, a batch whose text is gone, an invitation that is gone. */
  {
    g_autoptr(JsonObject) damaged = parse_object ("{\"reason\":\"other\",\"messageTemplate\":\"one\"}");
    g_autoptr(JsonObject) unknown_reason = parse_object ("{\"reason\":\"whim\",\"messageTemplate\":1}");
    g_autoptr(JsonObject) orphan = parse_object ("{\"reason\":\"other\",\"messageTemplate\":1}");
    gint64 template_id = core_test_scalar (database, "SELECT template_id FROM invitations WHERE id = 1");
    g_autofree char *json = g_strdup_printf ("{\"reason\":\"other\",\"messageTemplate\":%" G_GINT64_FORMAT "}",
                                             template_id);
    g_autoptr(JsonObject) gone = parse_object (json);

    g_assert_false (inv_cancel_message_complete_request (database, result->batch_id, 1, damaged, &error));
    g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (inv_cancel_message_complete_request (database, result->batch_id, 1, unknown_reason, &error));
    g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (inv_cancel_message_complete_request (database, result->batch_id + 100, 1, orphan, &error));
    g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (json_object_has_member (orphan, "message"));
    g_assert_false (inv_cancel_message_complete_request (database, result->batch_id, 999999, gone, &error));
    g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Undone: nothing of the batch is left to send, and the next cancel drops its texts. */
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM cancel_messages"), ==, 2);
  g_assert_true (inv_cancel_undo (database, result->batch_id, &n_restored, &error));
  g_assert_no_error (error);
  later = inv_cancel_apply (database, other, G_N_ELEMENTS (other), &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM cancel_messages"), ==, 1);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM cancel_messages WHERE batch_id = "
                                               "(SELECT max (batch_id) FROM outbox)"), ==, 1);
}

static void
test_undo (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(InvCancelResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  InvCancelOptions options;
  const gint64 ids[] = { 1, 2, 6, 13 };
  guint n_restored = 0;

  /* Previous states worth restoring exactly: a conflict and an old reason. */
  g_assert_true (inv_database_exec (database,
                                    "UPDATE invitations SET sync_state = 'conflict', cancel_reason = 'other' "
                                    "WHERE id = 2", &error));
  g_assert_no_error (error);
  before = query_text (database,
                       "SELECT group_concat (id || ':' || status || ':' || sync_state || ':' "
                       "  || coalesce (cancel_reason, '-'), '|') FROM invitations");

  inv_cancel_options_init (&options);
  options.grace_seconds = 60;
  result = inv_cancel_apply (database, ids, G_N_ELEMENTS (ids), &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_cancelled, ==, 3);
  g_assert_true (inv_cancel_can_undo (database, result->batch_id, inv_database_now ()));
  g_assert_false (inv_cancel_can_undo (database, result->batch_id, result->hold_until));

  g_assert_true (inv_cancel_undo (database, result->batch_id, &n_restored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_restored, ==, 3);

  after = query_text (database,
                      "SELECT group_concat (id || ':' || status || ':' || sync_state || ':' "
                      "  || coalesce (cancel_reason, '-'), '|') FROM invitations");
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM outbox"), ==, 0);

  /* History keeps both: the cancel and its undo, for each row, demo row included. */
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM history WHERE event = 'cancelled'"), ==, 3);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM history WHERE event = 'undone' "
                                        "AND invitation_id IN (1, 2, 13)"), ==, 3);

  /* Twice is once. */
  g_assert_false (inv_cancel_undo (database, result->batch_id, NULL, &error));
  g_assert_error (error, INV_CANCEL_ERROR, INV_CANCEL_ERROR_UNKNOWN_BATCH);
  g_clear_error (&error);

  g_assert_false (inv_cancel_undo (database, 12345, NULL, &error));
  g_assert_error (error, INV_CANCEL_ERROR, INV_CANCEL_ERROR_UNKNOWN_BATCH);
}

static void
test_undo_sample_only (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(InvCancelResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *sync_state = NULL;
  InvCancelOptions options;
  const gint64 ids[] = { 13 };
  guint n_restored = 0;

  inv_cancel_options_init (&options);
  options.grace_seconds = 30;
  result = inv_cancel_apply (database, ids, 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_queued, ==, 0);
  g_assert_cmpint (result->batch_id, >, 0);

  g_assert_true (inv_cancel_undo (database, result->batch_id, &n_restored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_restored, ==, 1);
  status = invitation_text (database, 13, "status");
  sync_state = invitation_text (database, 13, "sync_state");
  g_assert_cmpstr (status, ==, "pending");
  g_assert_cmpstr (sync_state, ==, "local");
}

static void
test_undo_after_grace (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(GError) error = NULL;
  InvCancelOptions options;
  const gint64 first[] = { 1, 13 };
  const gint64 second[] = { 2 };

  inv_cancel_options_init (&options);

  /* No grace period (the command line): sent as soon as the sync engine runs. */
  {
    g_autoptr(InvCancelResult) result = inv_cancel_apply (database, first, 2, &options, NULL, NULL, NULL, &error);
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;

    g_assert_no_error (error);
    before = snapshot (database);
    g_assert_false (inv_cancel_can_undo (database, result->batch_id, inv_database_now ()));
    g_assert_false (inv_cancel_undo (database, result->batch_id, NULL, &error));
    g_assert_error (error, INV_CANCEL_ERROR, INV_CANCEL_ERROR_ALREADY_SENT);
    g_assert_nonnull (strstr (error->message, "re-invite"));
    g_clear_error (&error);
    after = snapshot (database);
    g_assert_cmpstr (before, ==, after);
  }

  /* Inside the grace period, but the sync engine already tried to send a row. */
  options.grace_seconds = 60;
  {
    g_autoptr(InvCancelResult) result = inv_cancel_apply (database, second, 1, &options, NULL, NULL, NULL, &error);
    g_autofree char *status = NULL;

    g_assert_no_error (error);
    g_assert_true (inv_database_exec (database, "UPDATE outbox SET attempts = 1 WHERE invitation_id = 2", &error));
    g_assert_false (inv_cancel_undo (database, result->batch_id, NULL, &error));
    g_assert_error (error, INV_CANCEL_ERROR, INV_CANCEL_ERROR_ALREADY_SENT);
    g_clear_error (&error);
    status = invitation_text (database, 2, "status");
    g_assert_cmpstr (status, ==, "cancelled");
    g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM outbox WHERE invitation_id = 2"), ==, 1);
  }

  /* Old batches' undo rows are dropped by the next cancel; their headers stay. */
  {
    const gint64 third[] = { 3 };
    g_autoptr(InvCancelResult) result = inv_cancel_apply (database, third, 1, &options, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM cancel_batch_rows"), ==, 2);
    g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM cancel_batches"), ==, 3);
  }
}

/* Pending, real invitations for the large tests: ids 1001 … 1000 + n. */
static void
add_pending_rows (InvDatabase *database,
                  guint        n)
{
  g_autofree char *sql = g_strdup_printf (
    "WITH RECURSIVE s (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %u) "
    "INSERT INTO invitations (id, template_id, candidate_id, candidate_name, email, search_text,"
    "  status, sent_at, expires_at, updated_at, sync_state) "
    "SELECT 1000 + i, 1 + i %% 2, 1, 'Zoë Müller', 'zoe@example.org', 'zoë müller', 'pending',"
    "  i, 1795000000, 0, 'synced' FROM s", n);
  g_autoptr(GError) error = NULL;

  g_assert_true (inv_database_exec (database, sql, &error));
  g_assert_no_error (error);
}

static GArray *
all_pending_ids (InvDatabase *database)
{
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(GError) error = NULL;
  GArray *ids;

  inv_invitation_query_set_status (query, "pending");
  ids = inv_database_query_invitation_ids (database, query, &error);
  g_assert_no_error (error);

  return ids;
}

static void
test_large (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(InvCancelPreview) preview = NULL;
  g_autoptr(InvCancelResult) result = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  InvCancelOptions options;
  gint64 start;
  guint n_restored = 0;

  add_pending_rows (database, LARGE_N);
  ids = all_pending_ids (database);
  g_assert_cmpuint (ids->len, ==, LARGE_N + 9);

  start = g_get_monotonic_time ();
  preview = inv_cancel_preview (database, (const gint64 *)(gpointer)ids->data, ids->len, &error);
  g_assert_no_error (error);
  g_test_message ("preview of %u ids: %.0f ms", ids->len, (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (preview->n_eligible, ==, LARGE_N + 9);
  g_assert_cmpuint (preview->n_live, ==, LARGE_N / 2 + 3);

  inv_cancel_options_init (&options);
  options.grace_seconds = 600;
  start = g_get_monotonic_time ();
  result = inv_cancel_apply (database, (const gint64 *)(gpointer)ids->data, ids->len, &options,
                             NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("apply of %u ids: %.0f ms", ids->len, (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (result->n_cancelled, ==, LARGE_N + 9);
  g_assert_cmpuint (result->n_queued, ==, LARGE_N + 8);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM outbox"), ==, LARGE_N + 8);
  g_assert_cmpint (core_test_scalar (database, "SELECT count (DISTINCT idempotency_key) FROM outbox"), ==, LARGE_N + 8);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM history WHERE event = 'cancelled'"), ==, LARGE_N + 9);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations WHERE status = 'pending'"), ==, 0);

  start = g_get_monotonic_time ();
  g_assert_true (inv_cancel_undo (database, result->batch_id, &n_restored, &error));
  g_assert_no_error (error);
  g_test_message ("undo of %u: %.0f ms", n_restored, (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (n_restored, ==, LARGE_N + 9);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations WHERE status = 'pending'"), ==, LARGE_N + 9);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM outbox"), ==, 0);
}

static void
kill_self_midway (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  if (done >= total / 2 && done < total)
    kill (getpid (), SIGKILL);
}

/* A process killed in the middle of a bulk cancel leaves nothing of it behind. */
static void
test_crash_during_apply (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(GArray) ids = NULL;
  g_autofree char *path = g_strdup (inv_database_get_path (database));
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *check = NULL;
  int wait_status = 0;
  pid_t child;

  add_pending_rows (database, LARGE_N);
  ids = all_pending_ids (database);
  before = snapshot (database);
  g_clear_object (&database);

  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      InvDatabase *in_child = inv_database_open (path, NULL);
      InvCancelOptions options;

      inv_cancel_options_init (&options);
      if (in_child != NULL)
        inv_cancel_apply (in_child, (const gint64 *)(gpointer)ids->data, ids->len, &options,
                          kill_self_midway, NULL, NULL, NULL);
      _exit (0);
    }

  g_assert_cmpint (waitpid (child, &wait_status, 0), ==, child);
  g_assert_true (WIFSIGNALED (wait_status));
  g_assert_cmpint (WTERMSIG (wait_status), ==, SIGKILL);

  database = inv_database_open (path, NULL);
  g_assert_nonnull (database);
  check = query_text (database, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
  after = snapshot (database);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM cancel_batches"), ==, 0);
}

typedef struct
{
  guint64 last_done;
  guint   n_reports;
} Progress;

static void
note_progress (InvBulkJob *job,
               GParamSpec *pspec,
               gpointer    user_data)
{
  Progress *progress = user_data;

  /* Reported on the caller's thread, in order. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_cmpuint (inv_bulk_job_get_done (job), <=, inv_bulk_job_get_total (job));
  g_assert_cmpuint (inv_bulk_job_get_done (job), >=, progress->last_done);
  progress->last_done = inv_bulk_job_get_done (job);
  progress->n_reports++;
}

static void
job_done (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (res);
}

/* Runs @job on @worker from this thread's main context, and hands back its result. */
static gpointer
run_job (InvBulkJob        *job,
         InvDatabaseWorker *worker,
         GError           **error)
{
  g_autoptr(GAsyncResult) res = NULL;

  inv_bulk_job_run_async (job, worker, NULL, job_done, &res);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);

  return inv_bulk_job_run_finish (job, res, error);
}

static void
test_jobs (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(InvDatabaseWorker) worker = inv_database_worker_new (inv_database_get_path (database));
  g_autoptr(InvBulkJob) preview_job = NULL;
  g_autoptr(InvBulkJob) apply_job = NULL;
  g_autoptr(InvBulkJob) undo_job = NULL;
  g_autoptr(InvCancelPreview) preview = NULL;
  g_autoptr(InvCancelResult) result = NULL;
  g_autofree guint *n_restored = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  InvCancelOptions options;
  Progress progress = { 0 };

  add_pending_rows (database, LARGE_N / 5);
  ids = all_pending_ids (database);

  preview_job = inv_cancel_preview_job_new ((const gint64 *)(gpointer)ids->data, ids->len);
  preview = run_job (preview_job, worker, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->n_eligible, ==, LARGE_N / 5 + 9);

  inv_cancel_options_init (&options);
  options.grace_seconds = 60;
  apply_job = inv_cancel_apply_job_new ((const gint64 *)(gpointer)ids->data, ids->len, &options);
  g_signal_connect (apply_job, "notify::done", G_CALLBACK (note_progress), &progress);
  result = run_job (apply_job, worker, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->n_cancelled, ==, LARGE_N / 5 + 9);

  /* Progress came, and its last report is there before the result. */
  g_assert_cmpuint (progress.n_reports, >=, 1);
  g_assert_cmpuint (progress.last_done, ==, LARGE_N / 5 + 9);
  g_assert_true (inv_bulk_job_get_finished (apply_job));
  g_assert_cmpuint (inv_bulk_job_get_done (apply_job), ==, LARGE_N / 5 + 9);
  g_assert_cmpfloat (inv_bulk_job_get_fraction (apply_job), ==, 1.0);

  /* This connection sees what the worker's committed. */
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations WHERE status = 'cancelled'"), ==, LARGE_N / 5 + 10);

  undo_job = inv_cancel_undo_job_new (result->batch_id);
  n_restored = run_job (undo_job, worker, &error);
  g_assert_no_error (error);
  g_assert_nonnull (n_restored);
  g_assert_cmpuint (*n_restored, ==, LARGE_N / 5 + 9);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations WHERE status = 'cancelled'"), ==, 1);
}

static void
count_cancelled_apply (GObject      *source,
                       GAsyncResult *res,
                       gpointer      user_data)
{
  GError **error = user_data;

  g_assert_null (inv_bulk_job_run_finish (INV_BULK_JOB (source), res, error));
  g_assert_nonnull (*error);
}

/* A cancelled apply job changes nothing and says it was cancelled. */
static void
test_job_cancelled (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(InvDatabaseWorker) worker = inv_database_worker_new (inv_database_get_path (database));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(InvBulkJob) job = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  InvCancelOptions options;

  add_pending_rows (database, LARGE_N / 5);
  ids = all_pending_ids (database);
  before = snapshot (database);

  inv_cancel_options_init (&options);
  job = inv_cancel_apply_job_new ((const gint64 *)(gpointer)ids->data, ids->len, &options);
  g_cancellable_cancel (cancellable);
  inv_bulk_job_run_async (job, worker, cancellable, count_cancelled_apply, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = snapshot (database);
  g_assert_cmpstr (before, ==, after);
}


/* A message is never queued with a setting it needs left unset; without an email
 * nothing is missing. */
static void
test_refuse_unset_settings (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(InvCancelResult) silent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  InvCancelOptions options;
  const gint64 ids[] = { 1, 2 };
  const gint64 demo[] = { 13 };

  g_assert_true (inv_message_template_set_signature (database, NULL, &error));
  inv_cancel_options_init (&options);

  before = snapshot (database);
  g_assert_null (inv_cancel_apply (database, ids, G_N_ELEMENTS (ids), &options, NULL, NULL, NULL, &error));
  g_assert_error (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_MISSING_SETTING);
  g_assert_nonnull (strstr (error->message, "sender signature"));
  g_clear_error (&error);
  after = snapshot (database);
  g_assert_cmpstr (before, ==, after);

  /* A demo row sends nothing, so it needs nothing. */
  {
    g_autoptr(InvCancelResult) sample = inv_cancel_apply (database, demo, 1, &options, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sample->n_cancelled, ==, 1);
  }

  options.notify_candidate = FALSE;
  silent = inv_cancel_apply (database, ids, G_N_ELEMENTS (ids), &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (silent->n_queued, ==, 2);

  /* A setting unset after the cancel was queued: the send is refused too. */
  {
    const gint64 more[] = { 3 };
    g_autoptr(InvCancelResult) queued = NULL;
    g_autoptr(InvOutboxEntry) entry = NULL;
    g_autoptr(JsonObject) payload = NULL;
    gint64 outbox_id = 0;

    g_assert_true (inv_message_template_set_signature (database, "Ada", &error));
    options.notify_candidate = TRUE;
    queued = inv_cancel_apply (database, more, 1, &options, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (inv_message_template_set_company (database, "", &error));
    g_assert_true (inv_outbox_has_queued_for (database, 3, INV_OUTBOX_CANCEL, &outbox_id));
    entry = inv_outbox_get (database, outbox_id, &error);
    g_assert_no_error (error);
    payload = parse_object (entry->payload);
    g_assert_false (inv_cancel_message_complete_request (database, entry->batch_id, 3, payload, &error));
    g_assert_error (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_MISSING_SETTING);
    g_assert_nonnull (strstr (error->message, "company name"));
  }
}

/* {date} of an older text has no value for a live interview without a time: refused
 * rather than sent with a made-up date. */
static void
test_refuse_missing_date (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(GError) error = NULL;
  InvCancelOptions options;
  const gint64 ids[] = { 11 };

  g_assert_true (inv_database_exec (database, "UPDATE invitations SET scheduled_at = NULL WHERE id = 11", &error));
  inv_cancel_options_init (&options);
  options.message_override = "See you on {date}";
  g_assert_null (inv_cancel_apply (database, ids, 1, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_UNFILLED);
  g_assert_nonnull (strstr (error->message, "{appointment}"));
}

/* The personal note is kept with the queued cancel, and the request sent is the
 * email the dialog previewed. */
static void
test_note_sent (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(InvCancelResult) result = NULL;
  g_autoptr(InvOutboxEntry) entry = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(InvCancelEmail) previewed = NULL;
  g_autoptr(GError) error = NULL;
  InvCancelOptions options;
  const gint64 ids[] = { 11 };
  gint64 outbox_id = 0;

  inv_cancel_options_init (&options);
  options.reason = INV_CANCEL_REASON_POSITION_FILLED;
  options.note = "I am sorry we could not meet, Zoë.";
  result = inv_cancel_apply (database, ids, 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  previewed = inv_message_template_render_email (database, 11, options.reason, NULL, options.note, &error);
  g_assert_no_error (error);

  g_assert_true (inv_outbox_has_queued_for (database, 11, INV_OUTBOX_CANCEL, &outbox_id));
  entry = inv_outbox_get (database, outbox_id, &error);
  g_assert_no_error (error);
  body = request_body (database, entry);
  g_assert_nonnull (strstr (json_object_get_string_member (body, "message"), "I am sorry we could not meet, Zoë."));
  g_assert_cmpstr (json_object_get_string_member (body, "message"), ==, previewed->body);
  g_assert_cmpstr (json_object_get_string_member (body, "subject"), ==, previewed->subject);
  g_assert_cmpstr (previewed->subject, ==, "Your interview for Team Lead at Acme is cancelled");
}

/* The preview pages through the invitations that will really be cancelled. */
static void
test_find_recipient (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) many = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* Sorted, as the dialog keeps them: 6–10 cannot be cancelled, 999 is unknown. */
  const gint64 ids[] = { 6, 7, 8, 9, 10, 11, 12, 13, 999 };
  guint found = 0;

  g_assert_true (inv_cancel_find_recipient (database, ids, G_N_ELEMENTS (ids), 0, FALSE, &found, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (found, ==, 5);
  g_assert_true (inv_cancel_find_recipient (database, ids, G_N_ELEMENTS (ids), 6, FALSE, &found, &error));
  g_assert_cmpuint (found, ==, 6);
  g_assert_true (inv_cancel_find_recipient (database, ids, G_N_ELEMENTS (ids), 7, FALSE, &found, &error));
  g_assert_cmpuint (found, ==, 7);
  g_assert_false (inv_cancel_find_recipient (database, ids, G_N_ELEMENTS (ids), 8, FALSE, &found, &error));
  g_assert_no_error (error);
  g_assert_true (inv_cancel_find_recipient (database, ids, G_N_ELEMENTS (ids), 4, TRUE, &found, &error) == FALSE);
  g_assert_true (inv_cancel_find_recipient (database, ids, G_N_ELEMENTS (ids), 8, TRUE, &found, &error));
  g_assert_cmpuint (found, ==, 7);

  /* Past a long run of ineligible ids, in chunks. */
  for (gint64 i = 0; i < 2000; i++)
    {
      gint64 id = 100000 + i;
      g_array_append_val (many, id);
    }
  {
    gint64 last = 14;
    g_array_append_val (many, last);
  }
  g_assert_true (inv_cancel_find_recipient (database, (const gint64 *)(gpointer)many->data, many->len,
                                            0, FALSE, &found, &error));
  g_assert_cmpuint (found, ==, 2000);
  g_assert_false (inv_cancel_find_recipient (database, (const gint64 *)(gpointer)many->data, many->len,
                                             1999, TRUE, &found, &error));
  g_assert_no_error (error);
}

/* A mixed selection: only the eligible live interviews count, and their interviewers
 * once each. */
static void
test_preview_live_mixed (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCancelPreview) preview = NULL;
  const gint64 ids[] = { 1, 2, 7, 11, 14 };

  g_assert_true (inv_database_exec (database, "UPDATE invitations SET status = 'completed' WHERE id = 12", &error));
  preview = inv_cancel_preview (database, ids, G_N_ELEMENTS (ids), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->n_eligible, ==, 4);
  g_assert_cmpuint (preview->n_live, ==, 2);
  g_assert_cmpuint (preview->n_interviewers, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cancel/reasons", test_reasons);
  g_test_add_func ("/cancel/preview", test_preview);
  g_test_add_func ("/cancel/preview-matching", test_preview_matching);
  g_test_add_func ("/cancel/apply", test_apply);
  g_test_add_func ("/cancel/apply-options", test_apply_options);
  g_test_add_func ("/cancel/apply-matching", test_apply_matching);
  g_test_add_func ("/cancel/messages", test_messages);
  g_test_add_func ("/cancel/undo", test_undo);
  g_test_add_func ("/cancel/undo-sample-only", test_undo_sample_only);
  g_test_add_func ("/cancel/undo-after-grace", test_undo_after_grace);
  g_test_add_func ("/cancel/large", test_large);
  g_test_add_func ("/cancel/crash-during-apply", test_crash_during_apply);
  g_test_add_func ("/cancel/jobs", test_jobs);
  g_test_add_func ("/cancel/job-cancelled", test_job_cancelled);
  g_test_add_func ("/cancel/refuse-unset-settings", test_refuse_unset_settings);
  g_test_add_func ("/cancel/refuse-missing-date", test_refuse_missing_date);
  g_test_add_func ("/cancel/note-sent", test_note_sent);
  g_test_add_func ("/cancel/find-recipient", test_find_recipient);
  g_test_add_func ("/cancel/preview-live-mixed", test_preview_live_mixed);

  status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return status;
}

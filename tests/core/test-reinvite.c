/* test-reinvite.c: a re-invite held for its undo period and taken back, and the state
 * of queued invitations as the results of "Send invite" read it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <string.h>

#include "core-test-util.h"
#include "inv-database.h"
#include "inv-invite.h"
#include "inv-invite-state.h"
#include "inv-outbox.h"
#include "inv-reinvite.h"
#include "inv-remote.h"
#include "inv-remote-store.h"

typedef struct
{
  InvDatabase *db;
  gint64       invitation_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("reinvite-%u.db", n++);
  g_autoptr(InvInviteRequest) request = inv_invite_request_new (1);
  g_autoptr(GError) error = NULL;

  fixture->db = core_test_open_database (name,
                                         "INSERT INTO templates (id, remote_id, name, interview_type, active, validity_days, duration_minutes) "
                                         "VALUES (1, 1001, 'Backend Engineer - Screening', 'automated', 1, 7, 60)");
  g_assert_true (inv_invite_one (fixture->db, request, "Jo", "Example", "jo@example.org",
                                 &fixture->invitation_id, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->db);
}

/* As the sync engine leaves a cancelled invitation the service confirmed. */
static void
cancel_confirmed (Fixture *fixture)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE invitations SET status = 'cancelled', sync_state = 'synced', "
                                          "  cancel_reason = 'position_filled', expires_at = 1700000000, sent_at = 1690000000 "
                                          "WHERE id = %" G_GINT64_FORMAT, fixture->invitation_id);

  g_assert_true (inv_database_exec (fixture->db, "DELETE FROM outbox", NULL));
  g_assert_true (inv_database_exec (fixture->db, sql, NULL));
}

static void
test_undo_withdraws (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  gint64 batch_id = 0;
  gint64 hold_until = 0;
  gint64 deadline = inv_database_now () + 3 * 24 * 60 * 60;

  cancel_confirmed (fixture);

  g_assert_true (inv_reinvite (fixture->db, fixture->invitation_id, deadline, FALSE, 30,
                               &batch_id, &hold_until, &error));
  g_assert_no_error (error);
  g_assert_cmpint (batch_id, >, 0);
  g_assert_cmpint (hold_until, >, inv_database_now ());

  /* Held: one reinvite row of the batch, not due, the invitation pending */
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox WHERE operation = 'reinvite' AND hold_until > strftime('%s','now')"), ==, 1);
  {
    g_autoptr(GPtrArray) due = inv_outbox_list_due (fixture->db, inv_database_now (), FALSE, 10, &error);

    g_assert_cmpuint (due->len, ==, 0);
  }
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations WHERE status = 'pending' AND cancel_reason IS NULL"), ==, 1);
  /* "Email the candidate" off reaches the service as sendEmail "no" */
  payload = core_test_text (fixture->db, "SELECT payload FROM outbox WHERE operation = 'reinvite'");
  g_assert_nonnull (strstr (payload, "\"sendEmail\":\"no\""));
  g_assert_true (inv_reinvite_can_undo (fixture->db, batch_id, inv_database_now ()));

  /* What Ctrl+Z finds: this re-invite, of this invitation, until its period ends */
  {
    gint64 found = 0, found_invitation = 0, found_until = 0;

    g_assert_true (inv_reinvite_find_last_undoable (fixture->db, inv_database_now (), &found,
                                                    &found_invitation, &found_until));
    g_assert_cmpint (found, ==, batch_id);
    g_assert_cmpint (found_invitation, ==, fixture->invitation_id);
    g_assert_cmpint (found_until, ==, hold_until);
    g_assert_false (inv_reinvite_find_last_undoable (fixture->db, hold_until, &found, NULL, NULL));
    g_assert_cmpint (found, ==, 0);
  }

  /* Undo: nothing is left to send, and the invitation is exactly as before */
  g_assert_true (inv_reinvite_undo (fixture->db, batch_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (core_test_scalar (fixture->db,
                                     "SELECT count(*) FROM invitations WHERE status = 'cancelled' AND sync_state = 'synced' "
                                     "  AND cancel_reason = 'position_filled' AND expires_at = 1700000000 AND sent_at = 1690000000"), ==, 1);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM history WHERE event = 'undone' AND detail = 'reinvite'"), ==, 1);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM meta WHERE key LIKE 'reinvite.undo.%'"), ==, 0);

  /* Twice is refused */
  g_assert_false (inv_reinvite_undo (fixture->db, batch_id, &error));
  g_assert_nonnull (error);
  {
    gint64 found = -1;

    g_assert_false (inv_reinvite_find_last_undoable (fixture->db, inv_database_now (), &found, NULL, NULL));
    g_assert_cmpint (found, ==, 0);
  }
}

static void
test_undo_refused_once_sent (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 batch_id = 0;
  gint64 outbox_id;

  cancel_confirmed (fixture);
  g_assert_true (inv_reinvite (fixture->db, fixture->invitation_id, 0, TRUE, 30, &batch_id, NULL, &error));
  g_assert_no_error (error);

  /* The engine took the row: it may be on its way, so it stays */
  outbox_id = core_test_scalar (fixture->db, "SELECT id FROM outbox");
  g_assert_true (inv_outbox_claim (fixture->db, outbox_id, &error));
  g_assert_false (inv_reinvite_can_undo (fixture->db, batch_id, inv_database_now ()));
  {
    gint64 found = -1;

    /* Nothing for Ctrl+Z either */
    g_assert_false (inv_reinvite_find_last_undoable (fixture->db, inv_database_now (), &found, NULL, NULL));
    g_assert_cmpint (found, ==, 0);
  }
  g_assert_false (inv_reinvite_undo (fixture->db, batch_id, &error));
  g_assert_nonnull (strstr (error->message, "already sent"));
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox"), ==, 1);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations WHERE status = 'pending'"), ==, 1);
}

/* A demo invitation has no outbox row: its undo puts it back all the same. */
static void
test_undo_demo (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE invitations SET is_sample = 1, status = 'expired', sync_state = 'local', "
                                          "  expires_at = 1700000000 WHERE id = %" G_GINT64_FORMAT, fixture->invitation_id);
  gint64 batch_id = 0;

  g_assert_true (inv_database_exec (fixture->db, "DELETE FROM outbox", NULL));
  g_assert_true (inv_database_exec (fixture->db, sql, NULL));

  g_assert_true (inv_reinvite (fixture->db, fixture->invitation_id, 0, TRUE, 30, &batch_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations WHERE status = 'pending'"), ==, 1);

  g_assert_true (inv_reinvite_undo (fixture->db, batch_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (core_test_scalar (fixture->db,
                                     "SELECT count(*) FROM invitations WHERE status = 'expired' AND sync_state = 'local' AND expires_at = 1700000000"), ==, 1);
}

static void
test_states (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) states = NULL;
  InvInviteStateEntry *entry;
  gint64 ids[2] = { fixture->invitation_id, 999999 };
  gint64 outbox_id = core_test_scalar (fixture->db, "SELECT id FROM outbox");
  g_autofree char *confirm = NULL;

  states = inv_invite_read_states (fixture->db, ids, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (states->len, ==, 2);
  entry = states->pdata[0];
  g_assert_cmpint (entry->state, ==, INV_INVITE_STATE_QUEUED);
  g_assert_cmpint (((InvInviteStateEntry *)states->pdata[1])->state, ==, INV_INVITE_STATE_GONE);
  g_clear_pointer (&states, g_ptr_array_unref);

  g_assert_true (inv_outbox_fail (fixture->db, outbox_id, "Invalid email: mailbox does not exist", &error));
  states = inv_invite_read_states (fixture->db, ids, 1, &error);
  entry = states->pdata[0];
  g_assert_cmpint (entry->state, ==, INV_INVITE_STATE_FAILED);
  g_assert_cmpint (entry->outbox_id, ==, outbox_id);
  g_assert_cmpstr (entry->reason, ==, "Invalid email: mailbox does not exist");
  g_clear_pointer (&states, g_ptr_array_unref);

  /* Confirmed: the row is gone and the invitation synced */
  g_assert_true (inv_outbox_retry (fixture->db, outbox_id, &error));
  g_assert_true (inv_outbox_complete (fixture->db, outbox_id, &error));
  confirm = g_strdup_printf ("UPDATE invitations SET sync_state = 'synced' WHERE id = %" G_GINT64_FORMAT, fixture->invitation_id);
  g_assert_true (inv_database_exec (fixture->db, confirm, NULL));
  states = inv_invite_read_states (fixture->db, ids, 1, &error);
  g_assert_cmpint (((InvInviteStateEntry *)states->pdata[0])->state, ==, INV_INVITE_STATE_SENT);
}


static gint64
candidate_of (Fixture *fixture)
{
  g_autofree char *sql = g_strdup_printf ("SELECT candidate_id FROM invitations WHERE id = %" G_GINT64_FORMAT,
                                          fixture->invitation_id);

  return core_test_scalar (fixture->db, sql);
}

/* Inviting again someone whose invitation of the template was cancelled or expired
 * re-invites that invitation, the way every invite path goes (a selection, a file,
 * one person): one row, pending again, its history kept, a reinvite sent. */
static void
test_invite_reinvites_closed (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *closed = data;
  g_autoptr(InvInviteRequest) request = inv_invite_request_new (1);
  g_autoptr(InvInvitePreview) preview = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *detail = NULL;
  InvInviteOutcome *outcome;
  gint64 candidate_id = candidate_of (fixture);
  gint64 batch_id = 0;
  gint64 n_history;

  /* As the service confirmed it, with its remote id and link */
  cancel_confirmed (fixture);
  sql = g_strdup_printf ("UPDATE invitations SET status = '%s', remote_id = 555001, "
                         "  link = 'https://invites.example.com/i/old' WHERE id = %" G_GINT64_FORMAT,
                         closed, fixture->invitation_id);
  g_assert_true (inv_database_exec (fixture->db, sql, NULL));
  n_history = core_test_scalar (fixture->db, "SELECT count(*) FROM history");

  /* The preview counts it as ready, to be re-invited */
  preview = inv_invite_preview (fixture->db, 1, &candidate_id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->n_ready, ==, 1);
  g_assert_cmpuint (preview->n_reinvite, ==, 1);
  g_assert_cmpint (((InvInvitePreviewEntry *)preview->entries->pdata[0])->reinvite_id, ==, fixture->invitation_id);

  request->message = g_strdup ("Welcome back");
  outcomes = inv_invite_queue (fixture->db, request, &candidate_id, 1, NULL, NULL, NULL, &batch_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outcomes->len, ==, 1);
  outcome = outcomes->pdata[0];
  g_assert_true (outcome->reinvited);
  g_assert_false (outcome->skipped);
  g_assert_null (outcome->error);
  g_assert_cmpint (outcome->invitation_id, ==, fixture->invitation_id);
  g_assert_cmpint (outcome->outbox_id, >, 0);

  /* One row, pending again, still the service's invitation; a reinvite of the batch */
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations"), ==, 1);
  g_assert_cmpint (core_test_scalar (fixture->db,
                                     "SELECT count(*) FROM invitations WHERE status = 'pending' AND remote_id = 555001 "
                                     "  AND sync_state = 'pending_create' AND cancel_reason IS NULL"), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE operation = 'reinvite' AND batch_id = %" G_GINT64_FORMAT
                         "  AND previous_status = '%s' AND json_extract (payload, '$.message') = 'Welcome back'",
                         batch_id, closed);
  g_assert_cmpint (core_test_scalar (fixture->db, sql), ==, 1);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox WHERE operation = 'create'"), ==, 0);
  /* Its history kept, one entry more */
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM history"), ==, n_history + 1);
  detail = core_test_text (fixture->db, "SELECT detail FROM history WHERE event = 'reinvited'");
  g_assert_cmpstr (detail, ==, g_str_equal (closed, "expired") ? "Re-invited after it expired"
                                                                : "Re-invited after it was cancelled");

  /* Now pending: the same invite again is skipped, as it always was */
  g_clear_pointer (&outcomes, g_ptr_array_unref);
  outcomes = inv_invite_queue (fixture->db, request, &candidate_id, 1, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  outcome = outcomes->pdata[0];
  g_assert_true (outcome->skipped);
  g_assert_false (outcome->reinvited);
  g_assert_cmpint (outcome->invitation_id, ==, 0);
  g_assert_cmpstr (outcome->error, ==, "Already has a pending invitation for this template");
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations"), ==, 1);
}

/* One person from the Invite tab (typed, in another case): the same. */
static void
test_invite_one_reinvites (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(InvInviteRequest) request = inv_invite_request_new (1);
  g_autoptr(GError) error = NULL;
  gint64 invitation_id = 0;
  gboolean reinvited = FALSE;

  cancel_confirmed (fixture);
  g_assert_true (inv_invite_one (fixture->db, request, "Jo", "Example", "JO@Example.org", &invitation_id, &reinvited, &error));
  g_assert_no_error (error);
  g_assert_cmpint (invitation_id, ==, fixture->invitation_id);
  g_assert_true (reinvited);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations"), ==, 1);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox WHERE operation = 'reinvite'"), ==, 1);

  /* In progress for the template: refused as already invited, nothing queued */
  g_assert_true (inv_database_exec (fixture->db, "DELETE FROM outbox; UPDATE invitations SET status = 'in_progress'", NULL));
  g_assert_false (inv_invite_one (fixture->db, request, "Jo", "Example", "jo@example.org", &invitation_id, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox"), ==, 0);

  /* Completed: that needs a reattempt, so an invite is a new invitation as before */
  g_clear_error (&error);
  g_assert_true (inv_database_exec (fixture->db, "UPDATE invitations SET status = 'completed'", NULL));
  g_assert_true (inv_invite_one (fixture->db, request, "Jo", "Example", "jo@example.org", &invitation_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (invitation_id, !=, fixture->invitation_id);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox WHERE operation = 'create'"), ==, 1);
}

/* Two local rows of one remote invitation (a pull brought it while this computer's
 * invite of the same person waited) become one when the answer shows it; an answer
 * naming another person's invitation moves nothing and is a conflict in words. */
static void
test_answer_merges_or_refuses (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(InvInviteRequest) request = inv_invite_request_new (1);
  g_autoptr(InvRemoteInvitation) remote = inv_remote_invitation_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) states = NULL;
  g_autofree char *reason = NULL;
  gint64 newer = 0;
  gint64 other = 0;
  gint64 outbox_id;
  gboolean conflicted = TRUE;
  g_autofree char *sql = NULL;

  /* The older row holds the remote invitation, cancelled; a newer row for the same
   * person waits for its create (invited before the older one was known here) */
  cancel_confirmed (fixture);
  sql = g_strdup_printf ("UPDATE invitations SET remote_id = 555001 WHERE id = %" G_GINT64_FORMAT, fixture->invitation_id);
  g_assert_true (inv_database_exec (fixture->db, sql, NULL));
  g_assert_true (inv_database_exec (fixture->db,
                                    "INSERT INTO invitations (template_id, candidate_id, candidate_name, email, search_text, "
                                    "  status, sent_at, expires_at, updated_at, sync_state) "
                                    "SELECT template_id, candidate_id, 'Jo Example', 'Jo@example.org', search_text, 'pending', "
                                    "  sent_at + 100, 1800000000, sent_at + 100, 'pending_create' FROM invitations",
                                    NULL));
  newer = core_test_scalar (fixture->db, "SELECT max(id) FROM invitations");
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO history (invitation_id, at, event) VALUES (%" G_GINT64_FORMAT ", 1, 'invited')", newer);
  g_assert_true (inv_database_exec (fixture->db, sql, NULL));
  g_assert_true (inv_outbox_enqueue (fixture->db, INV_OUTBOX_CREATE, newer, NULL, 0, 0, NULL, NULL, &outbox_id, &error));
  g_assert_no_error (error);

  remote->id = 555001;
  remote->status = INV_STATUS_PENDING;
  remote->test_url = g_strdup ("https://invites.example.com/i/new");
  g_assert_true (inv_remote_store_confirm_created (fixture->db, outbox_id, newer, remote, &conflicted, &error));
  g_assert_no_error (error);
  g_assert_false (conflicted);

  /* One row, the older id, with the newest status, link and window */
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations"), ==, 1);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT id FROM invitations"), ==, fixture->invitation_id);
  g_assert_cmpint (core_test_scalar (fixture->db,
                                     "SELECT count(*) FROM invitations WHERE remote_id = 555001 AND status = 'pending' "
                                     "  AND sync_state = 'synced' AND link = 'https://invites.example.com/i/new' "
                                     "  AND expires_at = 1800000000 AND cancel_reason IS NULL"), ==, 1);
  /* Every history entry of both, plus the merge and the sending */
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(DISTINCT invitation_id) FROM history"), ==, 1);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM history WHERE event = 'invited'"), ==, 2);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM history WHERE event IN ('merged', 'sent')"), ==, 2);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox"), ==, 0);
  core_test_assert_search_index_in_step (fixture->db, TRUE);
  /* The results of the invite that made the newer row read the one that stayed */
  states = inv_invite_read_states (fixture->db, &newer, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((InvInviteStateEntry *)states->pdata[0])->state, ==, INV_INVITE_STATE_SENT);

  /* Another person's create answered with this invitation's id: nothing moves */
  g_assert_true (inv_invite_one (fixture->db, request, "Bo", "Other", "bo@example.org", &other, NULL, &error));
  g_assert_no_error (error);
  outbox_id = core_test_scalar (fixture->db, "SELECT id FROM outbox");
  g_assert_true (inv_remote_store_confirm_created (fixture->db, outbox_id, other, remote, &conflicted, &error));
  g_assert_no_error (error);
  g_assert_true (conflicted);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT id FROM invitations WHERE remote_id = 555001"), ==, fixture->invitation_id);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations"), ==, 2);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM invitations WHERE id = %" G_GINT64_FORMAT
                         "  AND remote_id IS NULL AND status = 'pending' AND sync_state = 'conflict'", other);
  g_assert_cmpint (core_test_scalar (fixture->db, sql), ==, 1);
  reason = core_test_text (fixture->db, "SELECT last_error FROM outbox WHERE state = 'conflict'");
  g_assert_cmpstr (reason, ==, "The service answered with an invitation that belongs to Jo Example "
                               "for “Backend Engineer - Screening”; nothing was changed");
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/reinvite/undo-withdraws", test_undo_withdraws);
  ADD ("/reinvite/undo-refused-once-sent", test_undo_refused_once_sent);
  ADD ("/reinvite/undo-demo", test_undo_demo);
  ADD ("/invite/states", test_states);
  ADD ("/invite/one-reinvites", test_invite_one_reinvites);
  ADD ("/reinvite/answer-merges-or-refuses", test_answer_merges_or_refuses);
#undef ADD
  g_test_add ("/invite/reinvites-cancelled", Fixture, "cancelled", fixture_set_up, test_invite_reinvites_closed, fixture_tear_down);
  g_test_add ("/invite/reinvites-expired", Fixture, "expired", fixture_set_up, test_invite_reinvites_closed, fixture_tear_down);

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

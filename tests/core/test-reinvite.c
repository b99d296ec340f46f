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
                                 &fixture->invitation_id, &error));
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
#undef ADD

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

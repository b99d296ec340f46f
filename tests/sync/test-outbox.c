/* test-outbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "inv-outbox.h"
#include "inv-remote-store.h"
#include "inv-transaction.h"
#include "sync-test-util.h"

typedef struct
{
  char        *path;
  InvDatabase *database;
  gint64       template_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->path = test_temp_database_path ();
  fixture->database = test_database_new (fixture->path);
  fixture->template_id = test_add_template (fixture->database, 1001, "Backend Engineer - Screening");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->database);
  g_free (fixture->path);
}

static guint
count_rows (InvDatabase *database,
            const char  *sql)
{
  return test_query_int (database, sql, 0);
}

static void
test_enqueue (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvOutboxEntry) entry = NULL;
  g_autofree char *sync_state = NULL;
  gint64 invitation_id;
  gint64 outbox_id = 0;
  gint64 batch;

  invitation_id = test_add_invitation (fixture->database, fixture->template_id,
                                       "jo@example.org", "Jo Example", 555001, "pending");
  batch = inv_outbox_new_batch_id (fixture->database, &error);
  g_assert_no_error (error);
  g_assert_cmpint (batch, >, 0);
  g_assert_cmpint (inv_outbox_new_batch_id (fixture->database, NULL), ==, batch + 1);

  g_assert_true (inv_outbox_enqueue (fixture->database, INV_OUTBOX_CANCEL, invitation_id,
                                     "{\"reason\": \"position_filled\"}", batch, 1234,
                                     "pending", "synced", &outbox_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outbox_id, >, 0);

  entry = inv_outbox_get (fixture->database, outbox_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->kind, ==, INV_OUTBOX_CANCEL);
  g_assert_cmpint (entry->invitation_id, ==, invitation_id);
  g_assert_cmpint (entry->batch_id, ==, batch);
  g_assert_cmpint (entry->hold_until, ==, 1234);
  g_assert_cmpint (entry->state, ==, INV_OUTBOX_STATE_QUEUED);
  g_assert_cmpstr (entry->payload, ==, "{\"reason\": \"position_filled\"}");
  g_assert_cmpstr (entry->previous_status, ==, "pending");
  g_assert_cmpstr (entry->previous_sync_state, ==, "synced");
  /* A fresh UUID for each row. */
  g_assert_true (g_uuid_string_is_valid (entry->idempotency_key));

  sync_state = test_query_string (fixture->database, "SELECT sync_state FROM invitations WHERE id = ?1",
                                  invitation_id);
  g_assert_cmpstr (sync_state, ==, "pending_cancel");

  /* Unknown invitations and missing ids are refused. */
  g_assert_false (inv_outbox_enqueue (fixture->database, INV_OUTBOX_CANCEL, 999999, NULL, 0, 0,
                                      NULL, NULL, &outbox_id, &error));
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND);
  g_assert_cmpint (outbox_id, ==, 0);
  g_clear_error (&error);

  g_assert_false (inv_outbox_enqueue (fixture->database, INV_OUTBOX_CREATE, 0, NULL, 0, 0,
                                      NULL, NULL, NULL, &error));
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID);
}

static void
test_sample_rows_never_queued (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 invitation_id;
  gint64 outbox_id = -1;

  invitation_id = test_add_invitation (fixture->database, fixture->template_id,
                                       "demo@example.org", "Demo", 0, "pending");
  test_query_int (fixture->database, "UPDATE invitations SET is_sample = 1, sync_state = 'local' "
                  "WHERE id = ?1 RETURNING id", invitation_id);

  g_assert_true (inv_outbox_enqueue (fixture->database, INV_OUTBOX_CANCEL, invitation_id, NULL, 0, 0,
                                     "pending", "local", &outbox_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outbox_id, ==, 0);
  g_assert_cmpuint (count_rows (fixture->database, "SELECT count(*) FROM outbox"), ==, 0);
}

static void
test_due_order_and_blocking (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  gint64 first, second, held, create, cancel_after_create;
  gint64 a, b, c, d;
  gint64 now = inv_database_now ();

  a = test_add_invitation (fixture->database, fixture->template_id, "a@example.org", "A", 1, "pending");
  b = test_add_invitation (fixture->database, fixture->template_id, "b@example.org", "B", 2, "pending");
  c = test_add_invitation (fixture->database, fixture->template_id, "c@example.org", "C", 3, "pending");

  first = test_queue_cancel (fixture->database, a, 0);
  second = test_queue_cancel (fixture->database, b, 0);
  held = test_queue_cancel (fixture->database, c, now + 60);
  create = test_queue_create (fixture->database, fixture->template_id, "d@example.org", "D", &d);
  cancel_after_create = test_queue_cancel (fixture->database, d, 0);

  due = inv_outbox_list_due (fixture->database, now, FALSE, 0, &error);
  g_assert_no_error (error);
  /* In order; the held row waits for its grace period; the cancel of an invitation
   * whose create is still queued waits for the create. */
  g_assert_cmpuint (due->len, ==, 3);
  g_assert_cmpint (((InvOutboxEntry *)due->pdata[0])->id, ==, first);
  g_assert_cmpint (((InvOutboxEntry *)due->pdata[1])->id, ==, second);
  g_assert_cmpint (((InvOutboxEntry *)due->pdata[2])->id, ==, create);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* A row backing off is not due, unless a person asked to sync now. */
  g_assert_true (inv_outbox_claim (fixture->database, first, &error));
  g_assert_true (inv_outbox_defer (fixture->database, first, TRUE, now + 30, "HTTP 503", &error));
  g_assert_no_error (error);
  due = inv_outbox_list_due (fixture->database, now, FALSE, 0, &error);
  g_assert_cmpuint (due->len, ==, 2);
  g_clear_pointer (&due, g_ptr_array_unref);
  due = inv_outbox_list_due (fixture->database, now, TRUE, 0, &error);
  g_assert_cmpuint (due->len, ==, 3);
  g_clear_pointer (&due, g_ptr_array_unref);
  g_assert_cmpint (inv_outbox_get_next_due_time (fixture->database), >, 0);
  g_assert_cmpint (inv_outbox_get_next_due_time (fixture->database), <=, now);

  /* When the create failed for good, its cancel is blocked: not due, not counted as
   * retryable waiting. */
  g_assert_true (inv_outbox_fail (fixture->database, create, "Invalid email address", &error));
  g_assert_no_error (error);
  due = inv_outbox_list_due (fixture->database, now + 120, FALSE, 0, &error);
  g_assert_cmpuint (due->len, ==, 3);
  for (guint i = 0; i < due->len; i++)
    g_assert_cmpint (((InvOutboxEntry *)due->pdata[i])->id, !=, cancel_after_create);
  g_clear_pointer (&due, g_ptr_array_unref);

  {
    InvOutboxCounts counts;

    g_assert_true (inv_outbox_count (fixture->database, now, &counts, &error));
    g_assert_cmpuint (counts.queued, ==, 4);
    g_assert_cmpuint (counts.held, ==, 1);
    g_assert_cmpuint (counts.blocked, ==, 1);
    g_assert_cmpuint (counts.waiting, ==, 2);
    g_assert_cmpint (counts.next_send_time, ==, now + 60);
    g_assert_cmpuint (counts.failed, ==, 1);
    g_assert_cmpuint (counts.conflicts, ==, 0);
  }

  /* A confirmed create unblocks the cancel. */
  g_assert_true (inv_outbox_retry (fixture->database, create, &error));
  g_assert_no_error (error);
  {
    g_autoptr(InvRemoteInvitation) remote = inv_remote_invitation_new ();

    remote->id = 555004;
    remote->status = INV_STATUS_PENDING;
    remote->test_url = g_strdup ("https://invites.example.com/i/abc");
    g_assert_true (inv_remote_store_confirm_created (fixture->database, create, d, remote, NULL, &error));
    g_assert_no_error (error);
  }
  due = inv_outbox_list_due (fixture->database, now + 120, FALSE, 0, &error);
  g_assert_cmpuint (due->len, ==, 4);
  g_assert_cmpint (((InvOutboxEntry *)due->pdata[3])->id, ==, cancel_after_create);
  g_assert_cmpint (test_query_int (fixture->database, "SELECT remote_id FROM invitations WHERE id = ?1", d), ==, 555004);
  {
    /* The create was confirmed while a cancel waits: the local status stays cancelled. */
    g_autofree char *status = test_query_string (fixture->database, "SELECT status FROM invitations WHERE id = ?1", d);
    g_autofree char *sync_state = test_query_string (fixture->database, "SELECT sync_state FROM invitations WHERE id = ?1", d);

    g_assert_cmpstr (status, ==, "cancelled");
    g_assert_cmpstr (sync_state, ==, "pending_cancel");
  }
  (void)held;
}

static void
test_withdraw_batch (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = inv_database_now ();
  gint64 batch = inv_outbox_new_batch_id (fixture->database, NULL);
  gint64 ids[3];
  guint withdrawn;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *email = g_strdup_printf ("w%u@example.org", i);

      ids[i] = test_add_invitation (fixture->database, fixture->template_id, email, "W", 100 + i, "pending");
    }

  /* Two held in one batch, one whose grace period is over. */
  txn = inv_transaction_begin (fixture->database, INV_TRANSACTION_IMMEDIATE, NULL);
  g_assert_nonnull (txn);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      test_query_int (fixture->database, "UPDATE invitations SET status = 'cancelled' WHERE id = ?1 RETURNING id", ids[i]);
      g_assert_true (inv_outbox_enqueue (fixture->database, INV_OUTBOX_CANCEL, ids[i], NULL, batch,
                                         i < 2 ? now + 10 : now - 1, "pending", "synced", NULL, &error));
    }
  inv_transaction_commit (txn, &error);
  g_assert_no_error (error);

  withdrawn = inv_outbox_withdraw_batch (fixture->database, batch, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (withdrawn, ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *status = test_query_string (fixture->database, "SELECT status FROM invitations WHERE id = ?1", ids[i]);
      g_autofree char *sync_state = test_query_string (fixture->database, "SELECT sync_state FROM invitations WHERE id = ?1", ids[i]);

      g_assert_cmpstr (status, ==, i < 2 ? "pending" : "cancelled");
      g_assert_cmpstr (sync_state, ==, i < 2 ? "synced" : "pending_cancel");
      g_assert_cmpint (test_query_int (fixture->database,
                                       "SELECT count(*) FROM history WHERE invitation_id = ?1 AND event = 'undone'",
                                       ids[i]), ==, i < 2 ? 1 : 0);
    }
  g_assert_cmpuint (count_rows (fixture->database, "SELECT count(*) FROM outbox"), ==, 1);
}

static void
test_fail_retry_discard (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvOutboxEntry) entry = NULL;
  g_autofree char *status = NULL;
  g_autofree char *sync_state = NULL;
  gint64 invitation_id = test_add_invitation (fixture->database, fixture->template_id,
                                              "f@example.org", "F", 777, "pending");
  gint64 cancel = test_queue_cancel (fixture->database, invitation_id, 0);

  g_assert_true (inv_outbox_fail (fixture->database, cancel, "Not allowed", &error));
  g_assert_no_error (error);
  entry = inv_outbox_get (fixture->database, cancel, &error);
  g_assert_cmpint (entry->state, ==, INV_OUTBOX_STATE_FAILED);
  g_assert_cmpstr (entry->last_error, ==, "Not allowed");
  g_clear_pointer (&entry, inv_outbox_entry_free);
  sync_state = test_query_string (fixture->database, "SELECT sync_state FROM invitations WHERE id = ?1", invitation_id);
  g_assert_cmpstr (sync_state, ==, "failed");
  g_clear_pointer (&sync_state, g_free);

  /* A queued row cannot be discarded, a conflict cannot be retried. */
  g_assert_true (inv_outbox_retry (fixture->database, cancel, &error));
  g_assert_no_error (error);
  entry = inv_outbox_get (fixture->database, cancel, &error);
  g_assert_cmpint (entry->state, ==, INV_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (entry->attempts, ==, 0);
  g_assert_null (entry->last_error);
  g_clear_pointer (&entry, inv_outbox_entry_free);
  g_assert_false (inv_outbox_discard (fixture->database, cancel, &error));
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID);
  g_clear_error (&error);

  /* Discarding a failed cancel gives the invitation its previous state back. */
  g_assert_true (inv_outbox_fail (fixture->database, cancel, "Not allowed", &error));
  g_assert_true (inv_outbox_discard (fixture->database, cancel, &error));
  g_assert_no_error (error);
  status = test_query_string (fixture->database, "SELECT status FROM invitations WHERE id = ?1", invitation_id);
  sync_state = test_query_string (fixture->database, "SELECT sync_state FROM invitations WHERE id = ?1", invitation_id);
  g_assert_cmpstr (status, ==, "pending");
  g_assert_cmpstr (sync_state, ==, "synced");
  g_assert_cmpuint (count_rows (fixture->database, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (test_query_int (fixture->database,
                                   "SELECT count(*) FROM history WHERE invitation_id = ?1 AND event IN ('sync-failed', 'sync-retried', 'sync-discarded')",
                                   invitation_id), ==, 4);
}

static void
test_conflict (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *sync_state = NULL;
  g_autofree char *reason = inv_remote_store_conflict_reason (INV_STATUS_IN_PROGRESS, "Inprogress");
  gint64 invitation_id = test_add_invitation (fixture->database, fixture->template_id,
                                              "c@example.org", "C", 888, "pending");
  gint64 cancel = test_queue_cancel (fixture->database, invitation_id, 0);
  InvOutboxCounts counts;

  g_assert_true (inv_outbox_conflict (fixture->database, cancel, "in_progress", reason, &error));
  g_assert_no_error (error);

  /* The local cancel is undone: the real status shows, with the reason kept. */
  status = test_query_string (fixture->database, "SELECT status FROM invitations WHERE id = ?1", invitation_id);
  sync_state = test_query_string (fixture->database, "SELECT sync_state FROM invitations WHERE id = ?1", invitation_id);
  g_assert_cmpstr (status, ==, "in_progress");
  g_assert_cmpstr (sync_state, ==, "conflict");
  g_assert_cmpint (test_query_int (fixture->database,
                                   "SELECT count(*) FROM history WHERE invitation_id = ?1 AND event = 'conflict'",
                                   invitation_id), ==, 1);
  g_assert_true (inv_outbox_count (fixture->database, inv_database_now (), &counts, &error));
  g_assert_cmpuint (counts.conflicts, ==, 1);
  g_assert_cmpuint (counts.queued, ==, 0);
  g_assert_cmpuint (counts.waiting, ==, 0);

  g_assert_false (inv_outbox_retry (fixture->database, cancel, &error));
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID);
  g_clear_error (&error);

  /* A later operation on the same invitation is not held up by the conflict, and its
   * confirmation takes the service's answer even while the conflict waits. */
  {
    g_autoptr(InvRemoteInvitation) remote = inv_remote_invitation_new ();
    g_autofree char *later_status = NULL;
    g_autofree char *later_sync_state = NULL;
    gint64 reinvite = 0;

    g_assert_true (inv_outbox_enqueue (fixture->database, INV_OUTBOX_REINVITE, invitation_id, NULL, 0, 0,
                                       "in_progress", "conflict", &reinvite, &error));
    g_assert_no_error (error);
    remote->id = 888;
    remote->status = INV_STATUS_PENDING;
    g_assert_true (inv_remote_store_confirm_created (fixture->database, reinvite, invitation_id, remote, NULL, &error));
    g_assert_no_error (error);
    later_status = test_query_string (fixture->database, "SELECT status FROM invitations WHERE id = ?1", invitation_id);
    later_sync_state = test_query_string (fixture->database, "SELECT sync_state FROM invitations WHERE id = ?1", invitation_id);
    g_assert_cmpstr (later_status, ==, "pending");
    g_assert_cmpstr (later_sync_state, ==, "conflict");
    test_query_int (fixture->database, "UPDATE invitations SET status = 'in_progress' WHERE id = ?1 RETURNING id",
                    invitation_id);
  }

  /* Dismissing it keeps the service's status. */
  g_assert_true (inv_outbox_discard (fixture->database, cancel, &error));
  g_clear_pointer (&status, g_free);
  g_clear_pointer (&sync_state, g_free);
  status = test_query_string (fixture->database, "SELECT status FROM invitations WHERE id = ?1", invitation_id);
  sync_state = test_query_string (fixture->database, "SELECT sync_state FROM invitations WHERE id = ?1", invitation_id);
  g_assert_cmpstr (status, ==, "in_progress");
  g_assert_cmpstr (sync_state, ==, "synced");
  g_assert_nonnull (strstr (reason, "started"));
}

static void
test_backoff (void)
{
  /* Doubles per attempt, capped, and jitter takes at most half away. */
  g_assert_cmpint (inv_outbox_backoff_delay (1, 1000, 60000, 1.0), ==, 1000);
  g_assert_cmpint (inv_outbox_backoff_delay (1, 1000, 60000, 0.0), ==, 500);
  g_assert_cmpint (inv_outbox_backoff_delay (2, 1000, 60000, 1.0), ==, 2000);
  g_assert_cmpint (inv_outbox_backoff_delay (4, 1000, 60000, 1.0), ==, 8000);
  g_assert_cmpint (inv_outbox_backoff_delay (30, 1000, 60000, 1.0), ==, 60000);
  g_assert_cmpint (inv_outbox_backoff_delay (1000, 1000, 60000, 0.0), ==, 30000);

  for (int attempts = 1; attempts < 20; attempts++)
    {
      gint64 low = inv_outbox_backoff_delay (attempts, 1000, 300000, 0.0);
      gint64 high = inv_outbox_backoff_delay (attempts, 1000, 300000, 1.0);
      gint64 any = inv_outbox_backoff_delay (attempts, 1000, 300000, g_random_double ());

      g_assert_cmpint (low * 2, ==, high);
      g_assert_cmpint (any, >=, low);
      g_assert_cmpint (any, <=, high);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync/outbox/enqueue", test_enqueue);
  ADD ("/sync/outbox/sample-rows-never-queued", test_sample_rows_never_queued);
  ADD ("/sync/outbox/due-order-and-blocking", test_due_order_and_blocking);
  ADD ("/sync/outbox/withdraw-batch", test_withdraw_batch);
  ADD ("/sync/outbox/fail-retry-discard", test_fail_retry_discard);
  ADD ("/sync/outbox/conflict", test_conflict);
#undef ADD
  g_test_add_func ("/sync/outbox/backoff", test_backoff);

  return g_test_run ();
}

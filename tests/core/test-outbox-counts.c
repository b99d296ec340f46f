/* test-outbox-counts.c: what the sync indicator and the list read from the outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include "inv-outbox.h"

/* Nine pending invitations already on the service. */
static const char fixture_sql[] =
  "INSERT INTO templates (id, remote_id, name) VALUES (1, 1001, 'Backend Engineer');"
  "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at) VALUES"
  "  (1, 'Jo', 'Example', 'jo@example.org', 'jo@example.org', 0);"
  "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9) "
  "INSERT INTO invitations (id, remote_id, template_id, candidate_id, candidate_name, email,"
  "  search_text, status, sent_at, updated_at, sync_state) "
  "SELECT i, 555000 + i, 1, 1, 'Jo Example', 'jo@example.org', 'jo example', 'pending', 1000, 1000,"
  "  'synced' FROM n;";

static InvDatabase *
open_fixture (void)
{
  static guint serial = 0;
  g_autofree char *name = g_strdup_printf ("outbox-counts-%u.db", ++serial);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;
  InvDatabase *database;

  database = inv_database_open (path, &error);
  g_assert_no_error (error);
  inv_database_exec (database, fixture_sql, &error);
  g_assert_no_error (error);

  return database;
}

static gint64
enqueue (InvDatabase   *database,
         InvOutboxKind  kind,
         gint64         invitation_id,
         gint64         hold_until)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (inv_outbox_enqueue (database, kind, invitation_id, NULL, 0, hold_until,
                                     "pending", "synced", &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static void
assert_counts (InvDatabase *database,
               gint64       now,
               guint        queued,
               guint        held,
               guint        waiting,
               guint        blocked,
               gint64       next_send_time)
{
  g_autoptr(GError) error = NULL;
  InvOutboxCounts counts;

  g_assert_true (inv_outbox_count (database, now, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.queued, ==, queued);
  g_assert_cmpuint (counts.held, ==, held);
  g_assert_cmpuint (counts.waiting, ==, waiting);
  g_assert_cmpuint (counts.blocked, ==, blocked);
  g_assert_cmpuint (counts.held + counts.waiting + counts.blocked, ==, counts.queued);
  g_assert_cmpint (counts.next_send_time, ==, next_send_time);
  g_assert_cmpuint (counts.failed, ==, 2);
  g_assert_cmpuint (counts.conflicts, ==, 1);
}

/* Every queued row is held, waiting or blocked; held rows stop being held when their
 * grace period ends, with nothing written; the list learns when each invitation's
 * changes go out. */
static void
test_counts_and_send_times (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(GError) error = NULL;
  gint64 now = inv_database_now ();
  gint64 backing_off, failed, conflict;
  gint64 send_time;

  /* 1, 2: cancels in their undo period, the second one ending first. */
  enqueue (database, INV_OUTBOX_CANCEL, 1, now + 30);
  enqueue (database, INV_OUTBOX_CANCEL, 2, now + 10);
  /* 3: due now. */
  enqueue (database, INV_OUTBOX_CANCEL, 3, 0);
  /* 4: backing off after a server error. */
  backing_off = enqueue (database, INV_OUTBOX_CANCEL, 4, 0);
  g_assert_true (inv_outbox_claim (database, backing_off, &error));
  g_assert_true (inv_outbox_defer (database, backing_off, TRUE, now + 120, "HTTP 503", &error));
  g_assert_no_error (error);
  /* 5: a re-invite the service refused, and a cancel after it that waits for a person. */
  failed = enqueue (database, INV_OUTBOX_REINVITE, 5, 0);
  enqueue (database, INV_OUTBOX_CANCEL, 5, 0);
  g_assert_true (inv_outbox_fail (database, failed, "Invalid email address", &error));
  g_assert_no_error (error);
  /* 6: the same, with the cancel still in its undo period: it counts as held. */
  failed = enqueue (database, INV_OUTBOX_REINVITE, 6, 0);
  enqueue (database, INV_OUTBOX_CANCEL, 6, now + 20);
  g_assert_true (inv_outbox_fail (database, failed, "Invalid email address", &error));
  g_assert_no_error (error);
  /* 7: a conflict. */
  conflict = enqueue (database, INV_OUTBOX_CANCEL, 7, 0);
  g_assert_true (inv_outbox_conflict (database, conflict, "in_progress", "The candidate has already started", &error));
  g_assert_no_error (error);
  /* 9: a re-invite due now, then a cancel of it in its undo period. */
  enqueue (database, INV_OUTBOX_REINVITE, 9, 0);
  enqueue (database, INV_OUTBOX_CANCEL, 9, now + 25);

  /*                       queued held waiting blocked next */
  assert_counts (database, now,      8, 4, 3, 1, now + 10);
  assert_counts (database, now + 15, 8, 3, 4, 1, now + 20);
  assert_counts (database, now + 40, 8, 0, 6, 2, 0);

  g_assert_cmpint (inv_outbox_get_send_time (database, 1), ==, now + 30);
  g_assert_cmpint (inv_outbox_get_send_time (database, 2), ==, now + 10);
  /* Due now: a time that has come. */
  send_time = inv_outbox_get_send_time (database, 3);
  g_assert_cmpint (send_time, >, 0);
  g_assert_cmpint (send_time, <=, inv_database_now ());
  g_assert_cmpint (inv_outbox_get_send_time (database, 4), ==, now + 120);
  /* Behind a refusal, no time sends them, held or not. */
  g_assert_cmpint (inv_outbox_get_send_time (database, 5), ==, 0);
  g_assert_cmpint (inv_outbox_get_send_time (database, 6), ==, 0);
  /* Nothing queued. */
  g_assert_cmpint (inv_outbox_get_send_time (database, 7), ==, 0);
  g_assert_cmpint (inv_outbox_get_send_time (database, 8), ==, 0);
  g_assert_cmpint (inv_outbox_get_send_time (database, 0), ==, 0);
  /* The cancel goes after the re-invite, at the end of its own undo period. */
  g_assert_cmpint (inv_outbox_get_send_time (database, 9), ==, now + 25);

  /* A retried refusal frees what waited behind it. */
  g_assert_true (inv_outbox_retry (database, failed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (inv_outbox_get_send_time (database, 6), ==, now + 20);
}

static void
test_empty (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(GError) error = NULL;
  InvOutboxCounts counts;

  g_assert_true (inv_outbox_count (database, inv_database_now (), &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.queued, ==, 0);
  g_assert_cmpuint (counts.held, ==, 0);
  g_assert_cmpuint (counts.waiting, ==, 0);
  g_assert_cmpuint (counts.blocked, ==, 0);
  g_assert_cmpuint (counts.failed, ==, 0);
  g_assert_cmpuint (counts.conflicts, ==, 0);
  g_assert_cmpint (counts.next_send_time, ==, 0);
  g_assert_cmpint (inv_outbox_get_send_time (database, 1), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox/counts-and-send-times", test_counts_and_send_times);
  g_test_add_func ("/outbox/empty", test_empty);

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

/* test-history.c: reading an invitation's history and the labels a person reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <string.h>

#include "inv-cancel.h"
#include "inv-candidate-edit.h"
#include "inv-history.h"
#include "inv-invite.h"
#include "inv-sample-data.h"

static InvDatabase *
new_database (void)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("history-%u.db", n++);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;
  InvDatabase *db;

  db = inv_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (inv_sample_data_add (db, 200, 11, NULL, NULL, &error));
  g_assert_no_error (error);

  return db;
}

static gint64
first_with_status (InvDatabase *db,
                   const char  *status)
{
  sqlite3_stmt *stmt = NULL;
  gint64 id;

  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (db),
                                       "SELECT id FROM invitations WHERE status = ?1 ORDER BY id LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return id;
}

static gint64
candidate_of (InvDatabase *db,
              gint64       invitation_id)
{
  sqlite3_stmt *stmt = NULL;
  gint64 id;

  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (db),
                                       "SELECT candidate_id FROM invitations WHERE id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, invitation_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return id;
}

static const InvHistoryEntry *
entry_at (GPtrArray *entries,
          guint      i)
{
  g_assert_cmpuint (i, <, entries->len);

  return g_ptr_array_index (entries, i);
}

static void
cancel_one (InvDatabase     *db,
            gint64           id,
            InvCancelReason  reason,
            gint64           grace_seconds,
            gint64          *batch_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCancelResult) result = NULL;
  InvCancelOptions options;

  inv_cancel_options_init (&options);
  options.reason = reason;
  options.grace_seconds = grace_seconds;
  result = inv_cancel_apply (db, &id, 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_cancelled, ==, 1);
  if (batch_id != NULL)
    *batch_id = result->batch_id;
}

/* A pending invitation goes through a cancel, its undo, a cancel for good, a re-invite
 * and an edit: each shows up once, in that order, newest last, with labels and
 * details a person can read. */
static void
test_history_of_one_invitation (void)
{
  g_autoptr(InvDatabase) db = new_database ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *detail = NULL;
  gint64 id = first_with_status (db, "pending");
  gint64 batch_id = 0;
  guint n_restored = 0;
  guint n_before;

  entries = inv_history_list (db, id, &error);
  g_assert_no_error (error);
  /* The demo data records the invitation itself. */
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (entry_at (entries, 0)->event, ==, "invited");
  g_assert_cmpstr (inv_history_entry_get_label (entry_at (entries, 0)), ==, "Invited");
  n_before = entries->len;
  g_clear_pointer (&entries, g_ptr_array_unref);

  cancel_one (db, id, INV_CANCEL_REASON_POSITION_FILLED, 60, &batch_id);
  g_assert_true (inv_cancel_undo (db, batch_id, &n_restored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_restored, ==, 1);
  cancel_one (db, id, INV_CANCEL_REASON_SENT_BY_MISTAKE, 0, NULL);
  g_assert_true (inv_invite_reinvite (db, id, 0, &error));
  g_assert_no_error (error);
  g_assert_true (inv_candidate_edit (db, candidate_of (db, id), "Zoë", "Example", NULL, NULL, &error));
  g_assert_no_error (error);

  entries = inv_history_list (db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, n_before + 5);

  g_assert_cmpstr (entry_at (entries, 1)->event, ==, "cancelled");
  g_assert_cmpstr (inv_history_entry_get_label (entry_at (entries, 1)), ==, "Cancelled");
  detail = inv_history_entry_dup_detail (entry_at (entries, 1));
  g_assert_cmpstr (detail, ==, "Reason: Position filled");
  g_clear_pointer (&detail, g_free);

  g_assert_cmpstr (entry_at (entries, 2)->event, ==, "undone");
  detail = inv_history_entry_dup_detail (entry_at (entries, 2));
  g_assert_cmpstr (detail, ==, "Cancellation");
  g_clear_pointer (&detail, g_free);

  g_assert_cmpstr (entry_at (entries, 3)->event, ==, "cancelled");
  detail = inv_history_entry_dup_detail (entry_at (entries, 3));
  g_assert_cmpstr (detail, ==, "Reason: Sent by mistake");
  g_clear_pointer (&detail, g_free);

  g_assert_cmpstr (entry_at (entries, 4)->event, ==, "reinvited");
  g_assert_cmpstr (inv_history_entry_get_label (entry_at (entries, 4)), ==, "Re-invited");
  detail = inv_history_entry_dup_detail (entry_at (entries, 4));
  g_assert_cmpstr (detail, ==, "After it was cancelled");
  g_clear_pointer (&detail, g_free);

  g_assert_cmpstr (entry_at (entries, 5)->event, ==, "candidate-edited");
  g_assert_cmpstr (inv_history_entry_get_label (entry_at (entries, 5)), ==, "Candidate details edited");
  detail = inv_history_entry_dup_detail (entry_at (entries, 5));
  /* The names of the fields, never their values. */
  g_assert_nonnull (strstr (detail, "first name"));
  g_assert_null (strstr (detail, "Zoë"));
  g_clear_pointer (&detail, g_free);

  /* Oldest first, newest last; ties keep the order they were written in. */
  for (guint i = 1; i < entries->len; i++)
    {
      g_assert_cmpint (entry_at (entries, i - 1)->at, <=, entry_at (entries, i)->at);
      if (entry_at (entries, i - 1)->at == entry_at (entries, i)->at)
        g_assert_cmpint (entry_at (entries, i - 1)->id, <, entry_at (entries, i)->id);
    }
}

/* A reattempt is recorded on both invitations, each pointing to the other. */
static void
test_history_of_reattempt (void)
{
  g_autoptr(InvDatabase) db = new_database ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) source = NULL;
  g_autoptr(GPtrArray) attempt = NULL;
  gint64 id = first_with_status (db, "completed");
  gint64 new_id = 0;
  const InvHistoryEntry *last;

  g_assert_true (inv_invite_reattempt (db, id, &new_id, &error));
  g_assert_no_error (error);

  source = inv_history_list (db, id, &error);
  g_assert_no_error (error);
  last = entry_at (source, source->len - 1);
  g_assert_cmpstr (last->event, ==, "reattempted");
  g_assert_cmpstr (inv_history_entry_get_label (last), ==, "New attempt given");
  /* Each says which invitation is the other, in the reader's language. */
  {
    g_autofree char *detail = inv_history_entry_dup_detail (last);
    g_autofree char *expected = g_strdup_printf ("The new attempt is invitation %lld", (long long)new_id);

    g_assert_cmpstr (detail, ==, expected);
  }

  attempt = inv_history_list (db, new_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attempt->len, ==, 1);
  g_assert_cmpstr (entry_at (attempt, 0)->event, ==, "reattempt");
  g_assert_cmpstr (inv_history_entry_get_label (entry_at (attempt, 0)), ==, "Created as a new attempt");
  {
    g_autofree char *detail = inv_history_entry_dup_detail (entry_at (attempt, 0));
    g_autofree char *expected = g_strdup_printf ("A new attempt at invitation %lld", (long long)id);

    g_assert_cmpstr (detail, ==, expected);
  }
}

/* A completed demo invitation records its status change; the status is shown by
 * its label, not its stored name. */
static void
test_history_status_detail (void)
{
  g_autoptr(InvDatabase) db = new_database ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *detail = NULL;
  gint64 id = first_with_status (db, "in_progress");

  entries = inv_history_list (db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (entry_at (entries, 1)->event, ==, "status-changed");
  g_assert_cmpstr (inv_history_entry_get_label (entry_at (entries, 1)), ==, "Status changed");
  detail = inv_history_entry_dup_detail (entry_at (entries, 1));
  g_assert_cmpstr (detail, ==, "New status: In Progress");

  /* The demo data's own mark is shown by its label too. */
  g_clear_pointer (&detail, g_free);
  g_assert_cmpstr (entry_at (entries, 0)->event, ==, "invited");
  detail = inv_history_entry_dup_detail (entry_at (entries, 0));
  g_assert_cmpstr (detail, ==, "Sample data");
}

/* Every event the app writes has a label of its own; one it does not know (written
 * by a newer version, say) is shown by its name rather than hidden. */
static void
test_history_labels (void)
{
  static const char * const events[] = {
    "invited", "sent", "imported", "cancelled", "cancel-sent", "undone", "cancel-undone",
    "status-changed", "candidate-edited", "reinvited", "reattempt", "reattempted",
    "reactivated-elsewhere", "merged", "synced", "sync-failed", "sync-retried", "sync-discarded",
    "conflict", "conflict-dismissed", "withdrawn", "candidate-erased", "erased",
  };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  InvHistoryEntry unknown = { 1, 100, (char *)"teleported", (char *)"somewhere" };
  g_autofree char *detail = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      const char *label = inv_history_event_get_label (events[i]);

      g_assert_cmpstr (label, !=, events[i]);
      g_assert_cmpuint (strlen (label), >, 3);
      /* Two events never read the same. */
      g_assert_false (g_hash_table_contains (seen, label));
      g_hash_table_add (seen, (gpointer)label);
    }

  g_assert_cmpstr (inv_history_entry_get_label (&unknown), ==, "teleported");
  detail = inv_history_entry_dup_detail (&unknown);
  g_assert_cmpstr (detail, ==, "somewhere");
}

static void
test_history_errors (void)
{
  g_autoptr(InvDatabase) db = new_database ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  entries = inv_history_list (db, 987654321, &error);
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND);
  g_assert_null (entries);
}

/* Notes the app writes in English come out in the reader's words; the invite's
 * own "Invited" adds nothing to its label. */
static void
test_history_notes (void)
{
  static const struct {
    const char *event;
    const char *detail;
    const char *shown;
  } notes[] = {
    { "invited", "Invited", NULL },
    { "invited", "Invited (batch 7)", "Sent in batch 7" },
    { "reinvited", "Re-invited after it expired", "After it expired" },
    { "candidate-erased", "Personal data erased on request", "At the candidate’s request" },
    { "invited", "demo data", "Sample data" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      InvHistoryEntry entry = { 0, 0, (char *)notes[i].event, (char *)notes[i].detail };
      g_autofree char *shown = inv_history_entry_dup_detail (&entry);

      g_assert_cmpstr (shown, ==, notes[i].shown);
    }
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/history/one-invitation", test_history_of_one_invitation);
  g_test_add_func ("/history/reattempt", test_history_of_reattempt);
  g_test_add_func ("/history/notes", test_history_notes);
  g_test_add_func ("/history/status-detail", test_history_status_detail);
  g_test_add_func ("/history/labels", test_history_labels);
  g_test_add_func ("/history/errors", test_history_errors);

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

/* test-changes.c: every write announces itself after its commit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lists, the counts and the sync engine follow the store's announcements alone,
 * so a write path that committed without one would leave them stale. These tests
 * drive each write path of core and wait for its announcement; one also checks that
 * every table of the schema is announced (or is only ever written beside one that
 * is), so a new table cannot be forgotten either.
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <gio/gio.h>

#include "inv-cancel.h"
#include "inv-change-hub.h"
#include "inv-csv.h"
#include "inv-database-candidates.h"
#include "inv-invite.h"
#include "inv-message-template.h"
#include "inv-outbox.h"
#include "inv-remote.h"
#include "inv-remote-store.h"
#include "inv-sample-data.h"
#include "inv-candidate-edit.h"
#include "inv-transaction.h"

/* Long enough for a loaded machine: the wait ends as soon as the announcement comes. */
#define ANNOUNCEMENT_TIMEOUT_SECONDS 30

typedef struct
{
  InvDatabase  *db;
  char         *path;
  InvChangeSet *seen;      /* owned: everything announced since the last take */
  guint         n_emissions;
  gint64        template_id;
} Fixture;

static void
changed_cb (InvChangeHub *hub,
            InvChangeSet *changes,
            Fixture      *fixture)
{
  inv_change_set_merge (fixture->seen, changes);
  fixture->n_emissions++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("changes-%u.db", n++);
  g_autoptr(GError) error = NULL;

  fixture->path = g_build_filename (g_get_tmp_dir (), name, NULL);
  fixture->db = inv_database_open (fixture->path, &error);
  g_assert_no_error (error);

  /* The default cancellation message names {company} and ends with {signature};
   * without them the core refuses to queue a cancellation that sends it. */
  g_assert_true (inv_message_template_set_company (fixture->db, "Acme", &error));
  g_assert_true (inv_message_template_set_signature (fixture->db, "Ada Lovelace", &error));
  g_assert_no_error (error);

  g_assert_true (inv_database_exec (fixture->db,
                                    "INSERT INTO templates (remote_id, name, interview_type, active) "
                                    "VALUES (5001, 'Backend Engineer - Screening', 'automated', 1)",
                                    NULL));
  fixture->template_id = sqlite3_last_insert_rowid (inv_database_get_handle (fixture->db));

  fixture->seen = inv_change_set_new ();
  g_signal_connect (inv_database_get_change_hub (fixture->db), "changed",
                    G_CALLBACK (changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (inv_database_get_change_hub (fixture->db), fixture);
  g_clear_pointer (&fixture->seen, inv_change_set_unref);
  g_clear_object (&fixture->db);
  g_clear_pointer (&fixture->path, g_free);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @kinds were announced: what a view does. */
static void
wait_for_kinds (Fixture       *fixture,
                InvChangeKind  kinds)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (ANNOUNCEMENT_TIMEOUT_SECONDS, timeout_cb, &timed_out);

  while ((inv_change_set_get_kinds (fixture->seen) & kinds) != kinds && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (timeout_id);

  if (timed_out)
    {
      g_autofree char *seen = inv_change_set_to_string (fixture->seen);

      g_error ("Expected an announcement of kinds 0x%x, saw only: %s", kinds, seen);
    }
}

/* Nothing is announced when nothing may be: every pending emission is run first. */
static void
assert_nothing_announced (Fixture *fixture)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_true (inv_change_set_is_empty (fixture->seen));
}

static void
take (Fixture *fixture)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;

  inv_change_set_clear (fixture->seen);
  fixture->n_emissions = 0;
}

static gint64
add_invitation (Fixture    *fixture,
                const char *email,
                const char *status,
                gint64      remote_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *remote = remote_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, remote_id)
                                          : g_strdup ("NULL");
  gint64 candidate_id = inv_database_add_candidate (fixture->db, "Ada", "Lovelace", email, NULL, &error);

  g_assert_no_error (error);

  sql = g_strdup_printf ("INSERT INTO invitations (remote_id, template_id, candidate_id, candidate_name, "
                         "email, status, sent_at, expires_at, updated_at, link) "
                         "VALUES (%s, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'Ada Lovelace', "
                         "'%s', '%s', 1700000000, 1900000000, 1700000000, 'https://example.org/l')",
                         remote, fixture->template_id, candidate_id, email, status);
  g_assert_true (inv_database_exec (fixture->db, sql, NULL));

  return sqlite3_last_insert_rowid (inv_database_get_handle (fixture->db));
}

/* A write on any connection, committed, is announced with the rows it touched; a
 * rolled-back one and a temp table's are not. */
static void
test_commit_rollback_temp (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvDatabase) other = inv_database_open (fixture->path, &error);
  gint64 id;
  const gint64 *ids;
  guint n_ids = 0;

  g_assert_no_error (error);

  id = add_invitation (fixture, "ada@example.org", "pending", 0);
  wait_for_kinds (fixture, INV_CHANGE_INVITATIONS | INV_CHANGE_CANDIDATES);
  g_assert_true (inv_change_set_contains (fixture->seen, INV_CHANGE_INVITATIONS, id));
  take (fixture);

  /* Rolled back: not news. */
  {
    g_autoptr(InvTransaction) txn = inv_transaction_begin (other, INV_TRANSACTION_IMMEDIATE, NULL);

    g_assert_nonnull (txn);
    g_assert_true (inv_database_exec (other, "UPDATE invitations SET status = 'expired'", NULL));
    inv_transaction_rollback (txn);
  }
  assert_nothing_announced (fixture);

  /* The temp schema: a bulk cancel's staging copy. */
  g_assert_true (inv_database_exec (other, "CREATE TEMP TABLE staged (id INTEGER PRIMARY KEY);"
                                           "INSERT INTO staged VALUES (1), (2)", NULL));
  assert_nothing_announced (fixture);

  /* Plain SQL on another connection, with no app code around it, is announced: the
   * announcement belongs to the connection, not to the code that writes. */
  g_assert_true (inv_database_exec (other, "UPDATE invitations SET status = 'expired'", NULL));
  wait_for_kinds (fixture, INV_CHANGE_INVITATIONS);
  ids = inv_change_set_get_ids (fixture->seen, INV_CHANGE_INVITATIONS, &n_ids);
  g_assert_cmpuint (n_ids, ==, 1);
  g_assert_cmpint (ids[0], ==, id);
  g_assert_false (inv_change_set_has (fixture->seen, INV_CHANGE_CANDIDATES));
}

typedef struct
{
  char   *path;
  gint64  id;
} ThreadWrite;

static gpointer
write_on_thread (gpointer data)
{
  ThreadWrite *write = data;
  g_autoptr(InvDatabase) db = inv_database_open (write->path, NULL);
  g_autofree char *sql = g_strdup_printf ("UPDATE invitations SET status = 'completed' WHERE id = %"
                                          G_GINT64_FORMAT, write->id);

  g_assert_nonnull (db);
  g_assert_true (inv_database_exec (db, sql, NULL));

  return NULL;
}

/* A worker thread's commit is announced on the main context, once. */
static void
test_thread_commit (Fixture       *fixture,
                    gconstpointer  data)
{
  ThreadWrite write = { fixture->path, 0 };
  GThread *thread;

  write.id = add_invitation (fixture, "grace@example.org", "pending", 0);
  take (fixture);

  thread = g_thread_new ("writer", write_on_thread, &write);
  g_thread_join (thread);

  wait_for_kinds (fixture, INV_CHANGE_INVITATIONS);
  g_assert_true (inv_change_set_contains (fixture->seen, INV_CHANGE_INVITATIONS, write.id));
  g_assert_cmpuint (fixture->n_emissions, ==, 1);
}

/* Past the limit a change says "many" rather than listing a hundred thousand ids. */
static void
test_many (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  txn = inv_transaction_begin (fixture->db, INV_TRANSACTION_IMMEDIATE, NULL);
  g_assert_nonnull (txn);
  stmt = inv_database_prepare (fixture->db,
                               "INSERT INTO templates (name, interview_type) VALUES (?1, 'automated')",
                               &error);
  g_assert_no_error (error);
  for (guint i = 0; i < INV_CHANGE_SET_MAX_IDS + 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("Template %u", i);

      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      g_assert_true (inv_database_step_done (fixture->db, stmt, NULL));
    }
  g_assert_true (inv_transaction_commit (txn, NULL));

  wait_for_kinds (fixture, INV_CHANGE_TEMPLATES);
  g_assert_true (inv_change_set_is_many (fixture->seen, INV_CHANGE_TEMPLATES));
  g_assert_true (inv_change_set_contains (fixture->seen, INV_CHANGE_TEMPLATES, 1));
}

/* Each write path of core, one after another: cancel, undo, invite (one and a batch),
 * re-invite, reattempt, retry and discard, candidate edit, erasure, import, message
 * template, sample data and the sync's pull. */
static void
test_write_paths (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCancelResult) cancelled = NULL;
  g_autoptr(InvInviteRequest) request = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GPtrArray) tests = NULL;
  g_autoptr(GPtrArray) remote = NULL;
  g_autoptr(InvRemoteTest) test = NULL;
  g_autoptr(InvRemoteInvitation) invitation = NULL;
  g_autoptr(InvCsvCandidates) csv = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GArray) imported = NULL;
  InvRemoteApplyStats stats = { 0 };
  InvCancelOptions options;
  gint64 pending_id, expired_id, completed_id, new_id = 0, outbox_id = 0, candidate_id;
  gint64 candidate_ids[2];
  guint n_restored = 0, n_added = 0, n_changed = 0;
  const char *csv_text = "First Name,Last Name,Email,Phone\n"
                         "Kenji,Sato,kenji.sato@example.jp,+81 3 1234 5678\n";

  pending_id = add_invitation (fixture, "p@example.org", "pending", 90001);
  expired_id = add_invitation (fixture, "e@example.org", "expired", 90002);
  completed_id = add_invitation (fixture, "c@example.org", "completed", 90003);
  take (fixture);

  /* Cancel, held for an undo period, then undone. */
  inv_cancel_options_init (&options);
  options.grace_seconds = 600;
  cancelled = inv_cancel_apply (fixture->db, &pending_id, 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cancelled->n_cancelled, ==, 1);
  wait_for_kinds (fixture, INV_CHANGE_INVITATIONS | INV_CHANGE_OUTBOX | INV_CHANGE_HISTORY);
  g_assert_true (inv_change_set_contains (fixture->seen, INV_CHANGE_INVITATIONS, pending_id));
  take (fixture);

  g_assert_true (inv_cancel_undo (fixture->db, cancelled->batch_id, &n_restored, &error));
  g_assert_no_error (error);
  wait_for_kinds (fixture, INV_CHANGE_INVITATIONS | INV_CHANGE_OUTBOX);
  g_assert_true (inv_change_set_contains (fixture->seen, INV_CHANGE_INVITATIONS, pending_id));
  take (fixture);

  /* Invite one, and a batch. */
  request = inv_invite_request_new (fixture->template_id);
  g_assert_true (inv_invite_one (fixture->db, request, "Lin", "Wei", "lin.wei@example.cn", &new_id, NULL, &error));
  g_assert_no_error (error);
  wait_for_kinds (fixture, INV_CHANGE_INVITATIONS | INV_CHANGE_CANDIDATES | INV_CHANGE_OUTBOX);
  g_assert_true (inv_change_set_contains (fixture->seen, INV_CHANGE_INVITATIONS, new_id));
  take (fixture);

  candidate_ids[0] = inv_database_add_candidate (fixture->db, "Amara", "Okafor", "amara@example.ng", NULL, &error);
  g_assert_no_error (error);
  candidate_ids[1] = inv_database_add_candidate (fixture->db, "Łukasz", "Nowak", "lukasz@example.pl", NULL, &error);
  g_assert_no_error (error);
  take (fixture);
  outcomes = inv_invite_queue (fixture->db, request, candidate_ids, 2, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (outcomes);
  wait_for_kinds (fixture, INV_CHANGE_INVITATIONS | INV_CHANGE_OUTBOX);
  take (fixture);

  /* Re-invite an expired one; reattempt a completed one. */
  g_assert_true (inv_invite_reinvite (fixture->db, expired_id, 0, &error));
  g_assert_no_error (error);
  wait_for_kinds (fixture, INV_CHANGE_INVITATIONS | INV_CHANGE_OUTBOX);
  g_assert_true (inv_change_set_contains (fixture->seen, INV_CHANGE_INVITATIONS, expired_id));
  take (fixture);

  g_assert_true (inv_invite_reattempt (fixture->db, completed_id, &new_id, &error));
  g_assert_no_error (error);
  wait_for_kinds (fixture, INV_CHANGE_INVITATIONS | INV_CHANGE_OUTBOX);
  take (fixture);

  /* The outbox's own steps: a refusal, a retry by a person, a discard. */
  g_assert_true (inv_outbox_has_queued_for (fixture->db, expired_id, INV_OUTBOX_REINVITE, &outbox_id));
  g_assert_true (inv_outbox_fail (fixture->db, outbox_id, "Refused", &error));
  g_assert_no_error (error);
  wait_for_kinds (fixture, INV_CHANGE_OUTBOX);
  g_assert_true (inv_change_set_contains (fixture->seen, INV_CHANGE_OUTBOX, outbox_id));
  take (fixture);
  g_assert_true (inv_outbox_retry (fixture->db, outbox_id, &error));
  g_assert_no_error (error);
  wait_for_kinds (fixture, INV_CHANGE_OUTBOX);
  take (fixture);
  g_assert_true (inv_outbox_fail (fixture->db, outbox_id, "Refused again", &error));
  g_assert_no_error (error);
  take (fixture);
  g_assert_true (inv_outbox_discard (fixture->db, outbox_id, &error));
  g_assert_no_error (error);
  wait_for_kinds (fixture, INV_CHANGE_OUTBOX);
  take (fixture);

  /* A candidate's details, then their erasure. */
  candidate_id = candidate_ids[0];
  g_assert_true (inv_candidate_edit (fixture->db, candidate_id, "Amara", "Okafor-Bello", NULL, NULL, &error));
  g_assert_no_error (error);
  wait_for_kinds (fixture, INV_CHANGE_CANDIDATES | INV_CHANGE_INVITATIONS);
  g_assert_true (inv_change_set_contains (fixture->seen, INV_CHANGE_CANDIDATES, candidate_id));
  take (fixture);

  g_assert_true (inv_database_erase_candidate (fixture->db, candidate_id, &error));
  g_assert_no_error (error);
  wait_for_kinds (fixture, INV_CHANGE_CANDIDATES);
  take (fixture);

  /* A CSV import. */
  stream = g_memory_input_stream_new_from_data (csv_text, -1, NULL);
  csv = inv_csv_read_candidates (stream, NULL, &error);
  g_assert_no_error (error);
  imported = inv_database_import_candidates (fixture->db, csv, &n_added, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 1);
  wait_for_kinds (fixture, INV_CHANGE_CANDIDATES);
  take (fixture);

  /* The cancellation message of a template. */
  g_assert_true (inv_message_template_save (fixture->db, fixture->template_id,
                                            "Dear {first_name}, we cancelled the interview for {position}.", &error));
  g_assert_no_error (error);
  wait_for_kinds (fixture, INV_CHANGE_TEMPLATES);
  take (fixture);

  /* The pull: templates and invitations from the service. */
  tests = g_ptr_array_new_with_free_func ((GDestroyNotify)inv_remote_test_free);
  test = inv_remote_test_new ();
  test->id = 5002;
  test->name = g_strdup ("Data Analyst - Case Study");
  test->active = TRUE;
  g_ptr_array_add (tests, g_steal_pointer (&test));
  g_assert_true (inv_remote_store_upsert_tests (fixture->db, tests, &n_changed, &error));
  g_assert_no_error (error);
  wait_for_kinds (fixture, INV_CHANGE_TEMPLATES);
  take (fixture);

  remote = g_ptr_array_new_with_free_func ((GDestroyNotify)inv_remote_invitation_free);
  invitation = inv_remote_invitation_new ();
  invitation->id = 777001;
  invitation->test_id = 5001;
  invitation->email = g_strdup ("made.elsewhere@example.org");
  invitation->name = g_strdup ("Made Elsewhere");
  invitation->status = INV_STATUS_PENDING;
  invitation->status_text = g_strdup ("pending");
  invitation->test_url = g_strdup ("https://example.org/t/777001");
  invitation->origin = g_strdup ("app");
  invitation->start = 1700000000;
  invitation->end = 1900000000;
  invitation->updated_on = 1700000100;
  g_ptr_array_add (remote, g_steal_pointer (&invitation));
  g_assert_true (inv_remote_store_apply_changes (fixture->db, remote, &stats, &error));
  g_assert_no_error (error);
  wait_for_kinds (fixture, INV_CHANGE_INVITATIONS);
  take (fixture);

  /* Demo data, written with the indexes dropped and in another journal mode. */
  g_assert_true (inv_sample_data_add (fixture->db, 50, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  wait_for_kinds (fixture, INV_CHANGE_INVITATIONS | INV_CHANGE_CANDIDATES | INV_CHANGE_TEMPLATES);
}

static gboolean
table_is_without_rowid (InvDatabase *db,
                        const char  *sql)
{
  return sql != NULL && g_strstr_len (sql, -1, "WITHOUT ROWID") != NULL;
}

/* Every table of the schema is announced, or is only written beside one that is. A
 * new table must be added to the announced ones (inv-database.c) or to this list,
 * with the reason. */
static void
test_every_table (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const written_beside_announced[] = {
    "meta",               /* small facts of the sync; the engine owns and tells them */
    "cancel_batch_rows",  /* written with cancel_batches, in the same transaction */
    "cancel_messages",    /* written with the outbox rows that name them */
    NULL,
  };
  sqlite3_stmt *stmt = NULL;
  guint n_tables = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (fixture->db),
                                       "SELECT name, sql FROM sqlite_schema WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'invitation_search%'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *)sqlite3_column_text (stmt, 0);
      const char *sql = (const char *)sqlite3_column_text (stmt, 1);

      n_tables++;

      if (_inv_database_lookup_change_table (name, NULL, NULL))
        {
          /* SQLite announces rows of rowid tables only. */
          g_assert_false (table_is_without_rowid (fixture->db, sql));
          continue;
        }

      if (!g_strv_contains (written_beside_announced, name))
        g_error ("Writes to the table “%s” are never announced", name);
    }
  sqlite3_finalize (stmt);

  g_assert_cmpuint (n_tables, >=, 10);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/changes/commit-rollback-temp", Fixture, NULL,
              fixture_set_up, test_commit_rollback_temp, fixture_tear_down);
  g_test_add ("/changes/thread-commit", Fixture, NULL,
              fixture_set_up, test_thread_commit, fixture_tear_down);
  g_test_add ("/changes/many", Fixture, NULL,
              fixture_set_up, test_many, fixture_tear_down);
  g_test_add ("/changes/write-paths", Fixture, NULL,
              fixture_set_up, test_write_paths, fixture_tear_down);
  g_test_add ("/changes/every-table", Fixture, NULL,
              fixture_set_up, test_every_table, fixture_tear_down);

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

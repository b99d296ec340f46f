/* test-transaction.c: the reentrant transaction scope
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every write path that changes several rows together runs in an InvTransaction, and
 * many of them run inside another one (a bulk cancel writes its outbox rows in its own
 * transaction). These tests check that only the outermost scope ends the transaction,
 * that a scope left without a commit takes back what it wrote, and that the change
 * backbone announces a write only once the outermost scope committed it.
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <gio/gio.h>

#include "inv-cancel.h"
#include "inv-change-hub.h"
#include "inv-database.h"
#include "inv-database-candidates.h"
#include "inv-message-template.h"
#include "inv-outbox.h"
#include "inv-transaction.h"

#include "core-test-util.h"

/* Long enough for a loaded machine: the wait ends as soon as the announcement comes. */
#define ANNOUNCEMENT_TIMEOUT_SECONDS 30

typedef struct
{
  InvDatabase  *db;
  char         *path;
  InvChangeSet *seen;  /* owned: everything announced so far */
} Fixture;

static void
changed_cb (InvChangeHub *hub,
            InvChangeSet *changes,
            Fixture      *fixture)
{
  inv_change_set_merge (fixture->seen, changes);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("transaction-%u.db", n++);
  g_autoptr(GError) error = NULL;

  fixture->path = g_build_filename (g_get_tmp_dir (), name, NULL);
  fixture->db = inv_database_open (fixture->path, &error);
  g_assert_no_error (error);

  /* The default cancellation message names {company} and ends with {signature};
   * without them the core refuses to queue a cancellation that sends it. */
  g_assert_true (inv_message_template_set_company (fixture->db, "Acme", &error));
  g_assert_true (inv_message_template_set_signature (fixture->db, "Ada Lovelace", &error));
  g_assert_no_error (error);

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

  if (timed_out)
    g_error ("Expected an announcement of kinds 0x%x", kinds);

  g_source_remove (timeout_id);
}

/* Every pending emission is run first, so that "nothing" means nothing. */
static void
assert_nothing_announced (Fixture *fixture)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_true (inv_change_set_is_empty (fixture->seen));
}

static gboolean
in_transaction (Fixture *fixture)
{
  return !sqlite3_get_autocommit (inv_database_get_handle (fixture->db));
}

static gint64
add_template (Fixture    *fixture,
              const char *name)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO templates (name) VALUES ('%s')", name);

  g_assert_true (inv_database_exec (fixture->db, sql, NULL));

  return sqlite3_last_insert_rowid (inv_database_get_handle (fixture->db));
}

static gint64
add_invitation (Fixture    *fixture,
                gint64      template_id,
                const char *email)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 candidate_id = inv_database_add_candidate (fixture->db, "Ada", "Lovelace", email, NULL, &error);

  g_assert_no_error (error);

  sql = g_strdup_printf ("INSERT INTO invitations (template_id, candidate_id, candidate_name, email, "
                         "status, sent_at, expires_at, updated_at, link) "
                         "VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'Ada Lovelace', '%s', "
                         "'pending', 1700000000, 1900000000, 1700000000, 'https://example.org/l')",
                         template_id, candidate_id, email);
  g_assert_true (inv_database_exec (fixture->db, sql, NULL));

  return sqlite3_last_insert_rowid (inv_database_get_handle (fixture->db));
}

static gint64
count_templates (Fixture *fixture)
{
  return core_test_scalar (fixture->db, "SELECT count(*) FROM templates");
}

/* A scope of its own writes on commit, and its rows are announced then, not before. */
static void
test_commit (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  txn = inv_transaction_begin (fixture->db, INV_TRANSACTION_IMMEDIATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (txn);
  g_assert_false (inv_transaction_is_nested (txn));
  g_assert_true (in_transaction (fixture));
  /* Immediate: the write lock is taken at once, not at the first write. */
  g_assert_cmpint (sqlite3_txn_state (inv_database_get_handle (fixture->db), "main"), ==, SQLITE_TXN_WRITE);

  id = add_template (fixture, "Backend Engineer - Screening");
  assert_nothing_announced (fixture);

  g_assert_true (inv_transaction_commit (txn, &error));
  g_assert_no_error (error);
  g_assert_false (in_transaction (fixture));

  wait_for_kinds (fixture, INV_CHANGE_TEMPLATES);
  g_assert_true (inv_change_set_contains (fixture->seen, INV_CHANGE_TEMPLATES, id));
  g_assert_cmpint (count_templates (fixture), ==, 1);
}

/* A deferred scope takes no lock until it reads or writes. */
static void
test_deferred (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GError) error = NULL;

  txn = inv_transaction_begin (fixture->db, INV_TRANSACTION_DEFERRED, &error);
  g_assert_no_error (error);
  g_assert_true (in_transaction (fixture));
  g_assert_cmpint (sqlite3_txn_state (inv_database_get_handle (fixture->db), "main"), ==, SQLITE_TXN_NONE);

  g_assert_cmpint (count_templates (fixture), ==, 0);
  g_assert_cmpint (sqlite3_txn_state (inv_database_get_handle (fixture->db), "main"), ==, SQLITE_TXN_READ);

  g_assert_true (inv_transaction_commit (txn, &error));
  g_assert_no_error (error);
  g_assert_false (in_transaction (fixture));
  assert_nothing_announced (fixture);
}

/* Leaving a scope without a commit takes back what it wrote, and says nothing. */
static void
test_rollback_on_scope_exit (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(InvTransaction) txn = inv_transaction_begin (fixture->db, INV_TRANSACTION_IMMEDIATE, &error);

    g_assert_no_error (error);
    add_template (fixture, "Backend Engineer - Screening");
    g_assert_cmpint (count_templates (fixture), ==, 1);
  }

  g_assert_false (in_transaction (fixture));
  g_assert_cmpint (count_templates (fixture), ==, 0);
  assert_nothing_announced (fixture);

  /* An explicit rollback does the same, and the scope may still be freed after it. */
  {
    g_autoptr(InvTransaction) txn = inv_transaction_begin (fixture->db, INV_TRANSACTION_IMMEDIATE, &error);

    g_assert_no_error (error);
    add_template (fixture, "Frontend Engineer - Screening");
    inv_transaction_rollback (txn);
    g_assert_false (in_transaction (fixture));
  }

  g_assert_cmpint (count_templates (fixture), ==, 0);
  assert_nothing_announced (fixture);
}

/* A nested scope joins the outer transaction: its commit ends nothing, and what it
 * wrote is written, and announced, when the outer scope commits. */
static void
test_nested_commit (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(InvTransaction) outer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 outer_id;
  gint64 inner_id;

  outer = inv_transaction_begin (fixture->db, INV_TRANSACTION_IMMEDIATE, &error);
  g_assert_no_error (error);
  outer_id = add_template (fixture, "Backend Engineer - Screening");

  {
    g_autoptr(InvTransaction) inner = inv_transaction_begin (fixture->db, INV_TRANSACTION_IMMEDIATE, &error);

    g_assert_no_error (error);
    g_assert_true (inv_transaction_is_nested (inner));
    inner_id = add_template (fixture, "Frontend Engineer - Screening");
    g_assert_true (inv_transaction_commit (inner, &error));
    g_assert_no_error (error);
    g_assert_true (in_transaction (fixture));
  }

  /* Freeing the committed inner scope did not roll anything back either. */
  g_assert_true (in_transaction (fixture));
  g_assert_cmpint (count_templates (fixture), ==, 2);
  assert_nothing_announced (fixture);

  g_assert_true (inv_transaction_commit (outer, &error));
  g_assert_no_error (error);
  g_assert_false (in_transaction (fixture));

  wait_for_kinds (fixture, INV_CHANGE_TEMPLATES);
  g_assert_true (inv_change_set_contains (fixture->seen, INV_CHANGE_TEMPLATES, outer_id));
  g_assert_true (inv_change_set_contains (fixture->seen, INV_CHANGE_TEMPLATES, inner_id));
  g_assert_cmpint (count_templates (fixture), ==, 2);
}

/* A nested scope left without a commit leaves the transaction to its owner, which
 * rolls the whole back: nothing of either is written or announced. */
static void
test_nested_rollback (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(InvTransaction) outer = inv_transaction_begin (fixture->db, INV_TRANSACTION_IMMEDIATE, &error);

    g_assert_no_error (error);
    add_template (fixture, "Backend Engineer - Screening");

    {
      g_autoptr(InvTransaction) inner = inv_transaction_begin (fixture->db, INV_TRANSACTION_DEFERRED, &error);

      g_assert_no_error (error);
      g_assert_true (inv_transaction_is_nested (inner));
      add_template (fixture, "Frontend Engineer - Screening");
    }

    g_assert_true (in_transaction (fixture));
    g_assert_cmpint (count_templates (fixture), ==, 2);
  }

  g_assert_false (in_transaction (fixture));
  g_assert_cmpint (count_templates (fixture), ==, 0);
  assert_nothing_announced (fixture);
}

/* A transaction opened without a scope is joined too, and left for its opener. */
static void
test_joins_plain_transaction (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (inv_database_exec (fixture->db, "BEGIN IMMEDIATE", &error));
  g_assert_no_error (error);

  {
    g_autoptr(InvTransaction) txn = inv_transaction_begin (fixture->db, INV_TRANSACTION_IMMEDIATE, &error);

    g_assert_no_error (error);
    g_assert_true (inv_transaction_is_nested (txn));
    add_template (fixture, "Backend Engineer - Screening");
    g_assert_true (inv_transaction_commit (txn, &error));
  }

  g_assert_true (in_transaction (fixture));
  assert_nothing_announced (fixture);

  g_assert_true (inv_database_exec (fixture->db, "COMMIT", &error));
  g_assert_no_error (error);
  wait_for_kinds (fixture, INV_CHANGE_TEMPLATES);
}

/* What the write paths do with it: numbering a batch inside a transaction that is
 * rolled back takes the number back too. */
static void
test_write_path_joins (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 first;
  gint64 again;

  {
    g_autoptr(InvTransaction) txn = inv_transaction_begin (fixture->db, INV_TRANSACTION_IMMEDIATE, &error);

    g_assert_no_error (error);
    first = inv_outbox_new_batch_id (fixture->db, &error);
    g_assert_no_error (error);
    g_assert_cmpint (first, >, 0);
    g_assert_true (in_transaction (fixture));
  }

  again = inv_outbox_new_batch_id (fixture->db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, ==, first);
  g_assert_false (in_transaction (fixture));

  /* On its own it commits. */
  g_assert_cmpint (inv_outbox_new_batch_id (fixture->db, &error), ==, again + 1);
  g_assert_no_error (error);
}

/* A whole cancel joins the caller's transaction too: rolled back with it, it leaves no
 * trace and says nothing; committed with it, it is announced once the caller commits. */
static void
test_cancel_joins (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  InvCancelOptions options;
  gint64 template_id = add_template (fixture, "Backend Engineer - Screening");
  gint64 ids[2];

  ids[0] = add_invitation (fixture, template_id, "ada@example.org");
  ids[1] = add_invitation (fixture, template_id, "grace@example.org");
  wait_for_kinds (fixture, INV_CHANGE_INVITATIONS);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  inv_change_set_clear (fixture->seen);

  inv_cancel_options_init (&options);
  options.grace_seconds = 60;

  {
    g_autoptr(InvTransaction) txn = inv_transaction_begin (fixture->db, INV_TRANSACTION_IMMEDIATE, &error);
    g_autoptr(InvCancelResult) result = NULL;

    g_assert_no_error (error);
    result = inv_cancel_apply (fixture->db, ids, G_N_ELEMENTS (ids), &options, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (result->n_cancelled, ==, 2);
    g_assert_true (in_transaction (fixture));
  }

  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations WHERE status = 'cancelled'"), ==, 0);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM cancel_batches"), ==, 0);
  assert_nothing_announced (fixture);

  {
    g_autoptr(InvTransaction) txn = inv_transaction_begin (fixture->db, INV_TRANSACTION_IMMEDIATE, &error);
    g_autoptr(InvCancelResult) result = NULL;

    g_assert_no_error (error);
    result = inv_cancel_apply (fixture->db, ids, G_N_ELEMENTS (ids), &options, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (result->n_queued, ==, 2);
    assert_nothing_announced (fixture);

    g_assert_true (inv_transaction_commit (txn, &error));
    g_assert_no_error (error);
  }

  wait_for_kinds (fixture, INV_CHANGE_INVITATIONS | INV_CHANGE_OUTBOX | INV_CHANGE_HISTORY);
  g_assert_true (inv_change_set_contains (fixture->seen, INV_CHANGE_INVITATIONS, ids[0]));
  g_assert_true (inv_change_set_contains (fixture->seen, INV_CHANGE_INVITATIONS, ids[1]));
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM invitations WHERE status = 'cancelled'"), ==, 2);
  g_assert_cmpint (core_test_scalar (fixture->db, "SELECT count(*) FROM outbox"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/transaction/commit", Fixture, NULL,
              fixture_set_up, test_commit, fixture_tear_down);
  g_test_add ("/transaction/deferred", Fixture, NULL,
              fixture_set_up, test_deferred, fixture_tear_down);
  g_test_add ("/transaction/rollback-on-scope-exit", Fixture, NULL,
              fixture_set_up, test_rollback_on_scope_exit, fixture_tear_down);
  g_test_add ("/transaction/nested-commit", Fixture, NULL,
              fixture_set_up, test_nested_commit, fixture_tear_down);
  g_test_add ("/transaction/nested-rollback", Fixture, NULL,
              fixture_set_up, test_nested_rollback, fixture_tear_down);
  g_test_add ("/transaction/joins-plain-transaction", Fixture, NULL,
              fixture_set_up, test_joins_plain_transaction, fixture_tear_down);
  g_test_add ("/transaction/write-path-joins", Fixture, NULL,
              fixture_set_up, test_write_path_joins, fixture_tear_down);
  g_test_add ("/transaction/cancel-joins", Fixture, NULL,
              fixture_set_up, test_cancel_joins, fixture_tear_down);

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

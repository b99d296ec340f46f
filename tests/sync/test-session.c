/* test-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session: what the store announces reaches the sync engine without anybody
 * telling it, another process's writes are noticed, Undo is an action, and what is
 * queued is sent before the app exits. Against the real test service; every wait is
 * for a state, with a generous limit.
 */

#include "config.h"

#include <string.h>

#include "inv-cancel.h"
#include "inv-database-candidates.h"
#include "inv-database-invitations.h"
#include "inv-session.h"
#include "inv-sync-engine-private.h"
#include "core-test-util.h"
#include "sync-test-util.h"

#define API_KEY "session-key"
#define WAIT_SECONDS 60

typedef struct
{
  char          *path;
  InvDatabase   *database;
  InvSession    *session;
  InvSyncEngine *engine;
  gint64         template_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->path = test_temp_database_path ();
  fixture->database = test_database_new (fixture->path);
  fixture->template_id = test_add_template (fixture->database, 1001, "Backend Engineer - Screening");
  fixture->session = inv_session_new (fixture->database, NULL);
  fixture->engine = inv_session_get_sync_engine (fixture->session);
  inv_sync_engine_set_api_key (fixture->engine, API_KEY);
  /* No periodic sync can stand in for the announcements. */
  _inv_sync_engine_set_interval (fixture->engine, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  /* A stopped sync ends when its requests come back. */
  inv_session_stop (fixture->session);
  while (inv_sync_engine_get_syncing (fixture->engine))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_clear_object (&fixture->session);
  g_clear_object (&fixture->database);
  g_free (fixture->path);
}

static void
use_service (Fixture     *fixture,
             TestService *service)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (inv_sync_engine_set_service_url (fixture->engine, service->url, &error));
  g_assert_no_error (error);
}

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting until %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
}

typedef struct
{
  TestService *service;
  gint64       remote_id;
  const char  *status;
} RemoteStatus;

static gboolean
remote_has_status (gpointer data)
{
  RemoteStatus *wanted = data;
  g_autofree char *status = test_service_get_status (wanted->service, wanted->remote_id);

  return g_strcmp0 (status, wanted->status) == 0;
}

/* A held cancel reaches the service when its undo period ends (+ 2 s at most), with
 * no sync asked for and no periodic one: the engine follows the store. */
static void
test_held_cancel_sent_when_due (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCancelResult) result = NULL;
  RemoteStatus cancelled;
  InvCancelOptions options;
  gint64 remote_id, invitation_id;
  gint64 sent_by_us;

  use_service (fixture, service);
  remote_id = test_service_create (service, 1001, "held@example.org", "Held Person");
  invitation_id = test_add_invitation (fixture->database, fixture->template_id, "held@example.org",
                                       "Held Person", remote_id, "pending");
  inv_session_start (fixture->session);

  inv_cancel_options_init (&options);
  options.reason = INV_CANCEL_REASON_POSITION_FILLED;
  options.grace_seconds = 3;
  result = inv_cancel_apply (fixture->database, &invitation_id, 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_queued, ==, 1);

  cancelled = (RemoteStatus) { service, remote_id, "cancelled" };
  wait_until (remote_has_status, &cancelled, "the service has the cancel");

  /* Not before the undo period ended, and within two seconds of it. */
  sent_by_us = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_cmpint (sent_by_us, >=, result->hold_until);
  g_assert_cmpint (sent_by_us, <=, result->hold_until + 2 + 1 /* the clock's rounding */);
}

static gboolean
outbox_is_empty (gpointer data)
{
  Fixture *fixture = data;

  return test_query_int (fixture->database, "SELECT count(*) FROM outbox WHERE ?1 = ?1", 0) == 0;
}

/* A row queued with nothing held goes out at once. */
static void
test_queued_create_sent_at_once (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(JsonNode) keep = NULL;
  gint64 invitation_id = 0;
  gint64 queued_at;

  use_service (fixture, service);
  inv_session_start (fixture->session);

  queued_at = g_get_monotonic_time ();
  test_queue_create (fixture->database, fixture->template_id, "kenji.sato@example.jp", "Kenji Sato",
                     &invitation_id);
  wait_until (outbox_is_empty, fixture, "the create is confirmed");

  g_assert_cmpuint (json_array_get_length (test_service_invitations (service, &keep)), ==, 1);
  /* "At once": well before the five-second floor a finished sync would have waited. */
  g_assert_cmpint (g_get_monotonic_time () - queued_at, <, 30 * G_USEC_PER_SEC);
}

typedef struct
{
  InvChangeSet *seen;
} Seen;

static void
session_changed_cb (InvSession   *session,
                    InvChangeSet *changes,
                    Seen         *seen)
{
  inv_change_set_merge (seen->seen, changes);
}

static gboolean
saw_external (gpointer data)
{
  Seen *seen = data;

  return inv_change_set_get_external (seen->seen) &&
         inv_change_set_has (seen->seen, INV_CHANGE_INVITATIONS);
}

/* Another process writes the file: the session announces it within its check. */
static void
test_external_change (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autofree char *script = NULL;
  Seen seen = { inv_change_set_new () };
  gint64 invitation_id;

  invitation_id = test_add_invitation (fixture->database, fixture->template_id, "ext@example.org",
                                       "Ext Person", 4242, "pending");
  inv_session_start (fixture->session);
  g_signal_connect (fixture->session, "changed", G_CALLBACK (session_changed_cb), &seen);

  /* Another program: the command line would be the same to SQLite. */
  script = g_strdup_printf ("import sqlite3\n"
                            "c = sqlite3.connect(%s%s%s)\n"
                            "c.execute(\"UPDATE invitations SET status = 'cancelled' WHERE id = %" G_GINT64_FORMAT "\")\n"
                            "c.commit()\n",
                            "'", fixture->path, "'", invitation_id);
  writer = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "python3", "-c", script, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (writer, NULL, &error));
  g_assert_no_error (error);

  wait_until (saw_external, &seen, "the other process's write is announced");
  g_assert_true (inv_change_set_is_many (seen.seen, INV_CHANGE_INVITATIONS));

  g_signal_handlers_disconnect_by_data (fixture->session, &seen);
  inv_change_set_unref (seen.seen);
}

typedef struct
{
  guint     n_restored;
  char     *message;
  gboolean  finished;
} UndoOutcome;

static void
undo_finished_cb (InvSession  *session,
                  guint        n_restored,
                  const char  *message,
                  UndoOutcome *outcome)
{
  outcome->n_restored = n_restored;
  outcome->message = g_strdup (message);
  outcome->finished = TRUE;
}

static gboolean
undo_is_finished (gpointer data)
{
  return ((UndoOutcome *)data)->finished;
}

static gboolean
undo_is_offered (gpointer data)
{
  Fixture *fixture = data;

  return inv_session_get_undo_batch_id (fixture->session) != 0;
}

static gboolean
undo_is_gone (gpointer data)
{
  return !undo_is_offered (data);
}

/* Undo is an action: "undo" follows the newest undoable cancel, "undo-cancel" takes
 * a batch; neither needs the page that cancelled. */
static void
test_undo_actions (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  g_autoptr(InvCancelResult) first = NULL;
  g_autoptr(InvCancelResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  UndoOutcome outcome = { 0 };
  InvCancelOptions options;
  gint64 ids[2];

  ids[0] = test_add_invitation (fixture->database, fixture->template_id, "a@example.org", "A", 11, "pending");
  ids[1] = test_add_invitation (fixture->database, fixture->template_id, "b@example.org", "B", 12, "pending");
  inv_session_add_actions (fixture->session, G_ACTION_MAP (actions));
  g_signal_connect (fixture->session, "undo-finished", G_CALLBACK (undo_finished_cb), &outcome);

  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (actions), "undo"));

  inv_cancel_options_init (&options);
  options.grace_seconds = 600;
  first = inv_cancel_apply (fixture->database, &ids[0], 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  second = inv_cancel_apply (fixture->database, &ids[1], 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  wait_until (undo_is_offered, fixture, "the newest cancel can be undone");
  g_assert_cmpint (inv_session_get_undo_batch_id (fixture->session), ==, second->batch_id);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (actions), "undo"));

  /* The older one, by its batch. */
  g_action_group_activate_action (G_ACTION_GROUP (actions), "undo-cancel",
                                  g_variant_new_int64 (first->batch_id));
  wait_until (undo_is_finished, &outcome, "the first undo ends");
  g_assert_cmpuint (outcome.n_restored, ==, 1);
  g_assert_null (outcome.message);
  status = test_query_string (fixture->database, "SELECT status FROM invitations WHERE id = ?1", ids[0]);
  g_assert_cmpstr (status, ==, "pending");

  /* Ctrl+Z: the newest. */
  outcome.finished = FALSE;
  g_action_group_activate_action (G_ACTION_GROUP (actions), "undo", NULL);
  wait_until (undo_is_finished, &outcome, "the second undo ends");
  g_assert_cmpuint (outcome.n_restored, ==, 1);
  wait_until (undo_is_gone, fixture, "nothing is left to undo");
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (actions), "undo"));

  /* The same batch again: refused, with the reason. */
  outcome.finished = FALSE;
  g_action_group_activate_action (G_ACTION_GROUP (actions), "undo-cancel",
                                  g_variant_new_int64 (first->batch_id));
  wait_until (undo_is_finished, &outcome, "the repeated undo ends");
  g_assert_cmpuint (outcome.n_restored, ==, 0);
  g_assert_nonnull (outcome.message);

  g_signal_handlers_disconnect_by_data (fixture->session, &outcome);
  g_free (outcome.message);
}

static void
send_queued_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;
  GError *local_error = NULL;

  if (inv_session_send_queued_finish (INV_SESSION (object), result, &local_error))
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "sent");
  else
    *error = local_error;
}

static gboolean
error_is_set (gpointer data)
{
  return *(GError **)data != NULL;
}

/* What the app does when its last window closes inside an undo period: it waits for
 * the held cancel to be sent, then ends. */
static void
test_send_queued_before_exit (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvCancelResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GError *outcome = NULL;
  InvCancelOptions options;
  RemoteStatus cancelled;
  gint64 remote_id, invitation_id;

  use_service (fixture, service);
  remote_id = test_service_create (service, 1001, "late@example.org", "Late Person");
  invitation_id = test_add_invitation (fixture->database, fixture->template_id, "late@example.org",
                                       "Late Person", remote_id, "pending");
  inv_session_start (fixture->session);

  inv_cancel_options_init (&options);
  options.grace_seconds = 4;
  result = inv_cancel_apply (fixture->database, &invitation_id, 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (inv_session_has_queued (fixture->session));
  g_assert_true (inv_session_can_send (fixture->session));

  inv_session_send_queued_async (fixture->session, 60, NULL, send_queued_cb, &outcome);
  wait_until (error_is_set, &outcome, "the queued cancel is sent");
  g_assert_error (outcome, G_IO_ERROR, G_IO_ERROR_EXISTS);  /* "sent" */
  g_clear_error (&outcome);

  cancelled = (RemoteStatus) { service, remote_id, "cancelled" };
  g_assert_true (remote_has_status (&cancelled));
  g_assert_false (inv_session_has_queued (fixture->session));

  /* With no service to send to, it says so at once. */
  inv_session_stop (fixture->session);
  test_queue_create (fixture->database, fixture->template_id, "x@example.org", "X", &invitation_id);
  inv_session_send_queued_async (fixture->session, 60, NULL, send_queued_cb, &outcome);
  wait_until (error_is_set, &outcome, "the refusal");
  g_assert_error (outcome, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
  g_clear_error (&outcome);
}

typedef struct
{
  InvDatabase *database;
  gboolean     announced;
} NewOrder;

/* The announcement of the new keys' commit: the session's first look at the file
 * (written by another connection before) announces every kind too, but before. */
static void
names_changed_cb (InvChangeHub *hub,
                  InvChangeSet *changes,
                  gpointer      user_data)
{
  NewOrder *new_order = user_data;

  if (inv_change_set_has (changes, INV_CHANGE_INVITATIONS) &&
      inv_change_set_has (changes, INV_CHANGE_CANDIDATES) &&
      inv_database_sort_keys_are_current (new_order->database))
    new_order->announced = TRUE;
}

static gboolean
new_order_announced (gpointer data)
{
  return ((NewOrder *)data)->announced;
}

/* A file sorted for German, opened in Swedish as the app opens it (without waiting
 * for new keys): the session makes the keys anew on its worker and the lists hear of
 * it like any other commit; "Öberg" then comes after "Zola". */
static void
test_sorts_names_anew (void)
{
  static const char * const last_names[] = { "Zola", "Öberg", "Oskarsson" };
  g_autofree char *saved = g_strdup (g_getenv ("LC_ALL"));
  g_autofree char *path = test_temp_database_path ();
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(InvSession) session = NULL;
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) order = g_string_new (NULL);
  NewOrder new_order = { NULL, FALSE };

  g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
  database = inv_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (inv_database_exec (database, "INSERT INTO templates (id, name) VALUES (1, 'One')", &error));
  core_test_invite_last_names (database, last_names, G_N_ELEMENTS (last_names), "anew");
  g_clear_object (&database);

  g_setenv ("LC_ALL", "sv_SE.UTF-8", TRUE);
  database = inv_database_open_full (path, INV_DATABASE_OPEN_KEEP_SORT_KEYS, &error);
  g_assert_no_error (error);
  g_assert_false (inv_database_sort_keys_are_current (database));
  new_order.database = database;
  g_signal_connect (inv_database_get_change_hub (database), "changed", G_CALLBACK (names_changed_cb), &new_order);

  session = inv_session_new (database, NULL);
  wait_until (new_order_announced, &new_order, "the new order is announced");

  query->sort_column = INV_SORT_CANDIDATE;
  query->descending = FALSE;
  ids = inv_database_query_invitation_ids (database, query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(InvInvitation) invitation = inv_database_load_invitation (database, g_array_index (ids, gint64, i), NULL);

      g_string_append_printf (order, "%s%s", i > 0 ? " | " : "", inv_invitation_get_candidate_name (invitation));
    }
  g_assert_cmpstr (order->str, ==, "Oskarsson | Zola | Öberg");

  g_signal_handlers_disconnect_by_func (inv_database_get_change_hub (database), names_changed_cb, &new_order);
  inv_session_stop (session);
  if (saved != NULL)
    g_setenv ("LC_ALL", saved, TRUE);
  else
    g_unsetenv ("LC_ALL");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/session/held-cancel-sent-when-due", test_held_cancel_sent_when_due);
  ADD ("/session/queued-create-sent-at-once", test_queued_create_sent_at_once);
  ADD ("/session/external-change", test_external_change);
  ADD ("/session/undo-actions", test_undo_actions);
  ADD ("/session/send-queued-before-exit", test_send_queued_before_exit);
#undef ADD
  g_test_add_func ("/session/sorts-names-anew", test_sorts_names_anew);

  return g_test_run ();
}

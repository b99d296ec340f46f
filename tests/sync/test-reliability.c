/* test-reliability.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Queued work converges on a misbehaving service: server errors, answers lost after
 * the change was applied, rate limiting, latency and changing status spellings.
 * 1,000 queued invites and 500 queued cancels, pushed by repeated command-line syncs
 * (the same code as `invitations --sync`), some of them killed half-way. In the end
 * every invite exists exactly once on the service, every cancel was applied once,
 * every local row is linked to the right remote invitation, and candidates who
 * started before their cancel was sent show up as conflicts.
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "inv-outbox.h"
#include "sync-test-util.h"

#define API_KEY "reliability-key"
#define N_INVITES 1000
#define N_CANCELS 500
#define N_STARTED 25
#define MAX_RUNS 40

typedef struct
{
  char        *path;
  char        *keyring;
  InvDatabase *database;
  TestService *service;
  gint64       invites[N_INVITES];        /* local invitation ids */
  gint64       cancelled[N_CANCELS];      /* local invitation ids */
  gint64       cancelled_remote[N_CANCELS];
} Scenario;

static void
scenario_set_up (Scenario   *scenario,
                 const char *extensions_option)
{
  g_autoptr(GError) error = NULL;
  gint64 backend, frontend;

  /* Faults: 20 % server errors, 10 % answers lost after the change was applied,
   * 250 requests a second before 429, a little latency, random spellings. */
  scenario->service = test_service_start ("--api-key=" API_KEY, "--fail-rate=0.2", "--drop-rate=0.1",
                                          "--rate-limit=250", "--latency-ms=1",
                                          "--status-spelling=random", "--seed=20261122",
                                          extensions_option, NULL);

  scenario->path = test_temp_database_path ();
  scenario->keyring = g_strconcat (scenario->path, ".keyring", NULL);
  scenario->database = test_database_new (scenario->path);
  backend = test_add_template (scenario->database, 1001, "Backend Engineer - Screening");
  frontend = test_add_template (scenario->database, 1002, "Frontend Engineer - Live Interview");

  /* Invitations already on the service (made by an earlier sync), cancelled here. */
  for (guint i = 0; i < N_CANCELS; i++)
    {
      g_autofree char *email = g_strdup_printf ("cancel%u@example.org", i);

      scenario->cancelled_remote[i] = test_service_create (scenario->service, 1002, email, "Cancel Candidate");
      scenario->cancelled[i] = test_add_invitation (scenario->database, frontend, email, "Cancel Candidate",
                                                    scenario->cancelled_remote[i], "pending");
    }

  /* The invites and cancels, queued as the inviting and cancelling features queue
   * them, interleaved. */
  for (guint i = 0; i < N_INVITES; i++)
    {
      g_autofree char *email = g_strdup_printf ("Invite%u@Example.org", i);

      test_queue_create (scenario->database, backend, email, "Invited Candidate", &scenario->invites[i]);
      if (i % 2 == 0)
        test_queue_cancel (scenario->database, scenario->cancelled[i / 2], 0);
    }

  /* Some candidates start their interview before the cancel reaches the service. */
  for (guint i = 0; i < N_STARTED; i++)
    test_service_set_status (scenario->service, scenario->cancelled_remote[i * (N_CANCELS / N_STARTED)],
                             "in_progress");

  g_assert_cmpint (test_query_int (scenario->database, "SELECT count(*) FROM outbox", 0), ==,
                   N_INVITES + N_CANCELS);

  g_clear_object (&scenario->database);
}

static void
scenario_tear_down (Scenario *scenario)
{
  g_clear_object (&scenario->database);
  g_clear_pointer (&scenario->service, test_service_stop);
  g_free (scenario->path);
  g_free (scenario->keyring);
}

static GSubprocess *
spawn_sync (Scenario *scenario)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  /* The key from the environment: the keyring (a throwaway file) is empty. */
  g_subprocess_launcher_setenv (launcher, "INVITATIONS_API_KEY", API_KEY, TRUE);
  g_subprocess_launcher_setenv (launcher, "SECRET_BACKEND", "file", TRUE);
  g_subprocess_launcher_setenv (launcher, "SECRET_FILE_TEST_PATH", scenario->keyring, TRUE);
  g_subprocess_launcher_setenv (launcher, "SECRET_FILE_TEST_PASSWORD", "reliability", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("INV_SYNC_RUNNER"),
                                         scenario->path, scenario->service->url, NULL);
  g_assert_no_error (error);

  return process;
}

/* Runs syncs until one exits 0 (nothing retryable left). */
static guint
sync_until_done (Scenario *scenario)
{
  for (guint run = 1; run <= MAX_RUNS; run++)
    {
      g_autoptr(GSubprocess) process = spawn_sync (scenario);
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      int status;

      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (process));
      status = g_subprocess_get_exit_status (process);
      g_test_message ("sync %u: exit %d: %s", run, status, out);

      g_assert_true (g_str_has_prefix (out, "pushed "));
      g_assert_nonnull (strstr (out, ", waiting "));

      if (status == 0)
        {
          g_assert_nonnull (strstr (out, ", waiting 0\n"));
          return run;
        }

      g_assert_cmpint (status, ==, 2);
      /* The service asked for a pause, or rows back off: give them a moment. */
      g_usleep (G_USEC_PER_SEC / 2);
    }

  g_assert_not_reached ();
}

/* Kills syncs at random moments, as a crash or a power cut would. */
static void
kill_syncs (Scenario *scenario,
            guint     n)
{
  GRand *rand = g_rand_new_with_seed (4242);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GSubprocess) process = spawn_sync (scenario);
      guint delay_ms = g_rand_int_range (rand, 150, 900);

      g_usleep (delay_ms * 1000);
      g_subprocess_send_signal (process, SIGKILL);
      g_subprocess_wait (process, NULL, NULL);
      g_test_message ("sync killed after %u ms", delay_ms);
    }

  g_rand_free (rand);
}

static JsonObject *
find_remote (GHashTable *by_id,
             gint64      id)
{
  return g_hash_table_lookup (by_id, &id);
}

static void
verify (Scenario *scenario)
{
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) by_email = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 2000);
  JsonArray *invitations;
  guint conflicts = 0;

  scenario->database = test_database_new (scenario->path);

  /* Turn the faults off to read the state back. */
  test_service_set_faults (scenario->service, "{\"failRate\": 0, \"dropRate\": 0}");
  invitations = test_service_invitations (scenario->service, &state);

  /* Exactly one remote invitation per invite, none lost, none doubled. */
  g_assert_cmpuint (json_array_get_length (invitations), ==, N_INVITES + N_CANCELS);
  for (guint i = 0; i < json_array_get_length (invitations); i++)
    {
      JsonObject *object = json_array_get_object_element (invitations, i);
      gint64 id = json_object_get_int_member (object, "testInvitationId");
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s",
                                              json_object_get_int_member (object, "testId"),
                                              json_object_get_string_member (object, "email"));
      g_autofree char *folded = g_utf8_casefold (key, -1);

      g_array_append_val (ids, id);
      g_hash_table_insert (by_id, &g_array_index (ids, gint64, ids->len - 1), object);
      g_assert_false (g_hash_table_contains (by_email, folded));
      g_hash_table_add (by_email, g_steal_pointer (&folded));
    }

  for (guint i = 0; i < N_INVITES; i++)
    {
      gint64 remote_id = test_query_int (scenario->database,
                                         "SELECT remote_id FROM invitations WHERE id = ?1",
                                         scenario->invites[i]);
      g_autofree char *email = test_query_string (scenario->database,
                                                  "SELECT email FROM invitations WHERE id = ?1",
                                                  scenario->invites[i]);
      g_autofree char *status = test_query_string (scenario->database,
                                                   "SELECT status FROM invitations WHERE id = ?1",
                                                   scenario->invites[i]);
      g_autofree char *sync_state = test_query_string (scenario->database,
                                                       "SELECT sync_state FROM invitations WHERE id = ?1",
                                                       scenario->invites[i]);
      g_autofree char *link = test_query_string (scenario->database,
                                                 "SELECT link FROM invitations WHERE id = ?1",
                                                 scenario->invites[i]);
      JsonObject *remote = find_remote (by_id, remote_id);

      /* Linked to the remote invitation of the same candidate. */
      g_assert_nonnull (remote);
      g_assert_cmpstr (json_object_get_string_member (remote, "email"), ==, email);
      g_assert_cmpint (json_object_get_int_member (remote, "testId"), ==, 1001);
      g_assert_cmpstr (json_object_get_string_member (remote, "status"), ==, "pending");
      g_assert_cmpint (json_object_get_int_member (remote, "reactivations"), ==, 0);
      g_assert_cmpstr (status, ==, "pending");
      g_assert_cmpstr (sync_state, ==, "synced");
      g_assert_cmpstr (json_object_get_string_member (remote, "testUrl"), ==, link);
    }

  for (guint i = 0; i < N_CANCELS; i++)
    {
      JsonObject *remote = find_remote (by_id, scenario->cancelled_remote[i]);
      gboolean started = i % (N_CANCELS / N_STARTED) == 0;
      g_autofree char *status = test_query_string (scenario->database,
                                                   "SELECT status FROM invitations WHERE id = ?1",
                                                   scenario->cancelled[i]);
      g_autofree char *sync_state = test_query_string (scenario->database,
                                                       "SELECT sync_state FROM invitations WHERE id = ?1",
                                                       scenario->cancelled[i]);

      g_assert_nonnull (remote);
      g_assert_cmpint (test_query_int (scenario->database, "SELECT remote_id FROM invitations WHERE id = ?1",
                                       scenario->cancelled[i]), ==, scenario->cancelled_remote[i]);

      if (started)
        {
          /* Not cancelled on the service; undone here, and explained. */
          g_assert_cmpstr (json_object_get_string_member (remote, "status"), ==, "in_progress");
          g_assert_cmpint (json_object_get_int_member (remote, "cancellations"), ==, 0);
          g_assert_cmpstr (status, ==, "in_progress");
          g_assert_cmpstr (sync_state, ==, "conflict");
          g_assert_cmpint (test_query_int (scenario->database,
                                           "SELECT count(*) FROM outbox WHERE invitation_id = ?1 AND state = 'conflict' "
                                           "AND last_error LIKE '%started%'",
                                           scenario->cancelled[i]), ==, 1);
          conflicts++;
        }
      else
        {
          /* Applied exactly once, one email to the candidate, one notice to the
           * interviewers of the live interview. */
          g_assert_cmpstr (json_object_get_string_member (remote, "status"), ==, "cancelled");
          g_assert_cmpint (json_object_get_int_member (remote, "cancellations"), ==, 1);
          g_assert_cmpint (json_object_get_int_member (remote, "candidateNotices"), ==, 1);
          g_assert_cmpint (json_object_get_int_member (remote, "interviewerNotices"), ==, 1);
          g_assert_cmpstr (status, ==, "cancelled");
          g_assert_cmpstr (sync_state, ==, "synced");
        }
    }

  g_assert_cmpuint (conflicts, ==, N_STARTED);

  /* Nothing left but the conflicts, which wait for a person. */
  g_assert_cmpint (test_query_int (scenario->database, "SELECT count(*) FROM outbox", 0), ==, N_STARTED);
  g_assert_cmpint (test_query_int (scenario->database, "SELECT count(*) FROM outbox WHERE state != 'conflict'", 0), ==, 0);
  g_assert_cmpint (test_query_int (scenario->database, "SELECT count(*) FROM invitations", 0), ==, N_INVITES + N_CANCELS);
  g_assert_cmpint (test_query_int (scenario->database, "SELECT count(*) FROM history WHERE event = 'conflict'", 0), ==, N_STARTED);

  {
    JsonObject *stats = json_object_get_object_member (json_node_get_object (state), "stats");

    /* The faults did happen. */
    g_test_message ("service: %" G_GINT64_FORMAT " requests, %" G_GINT64_FORMAT " faults, %"
                    G_GINT64_FORMAT " drops, %" G_GINT64_FORMAT " rate limited, %" G_GINT64_FORMAT " replays",
                    json_object_get_int_member (stats, "requests"), json_object_get_int_member (stats, "faults"),
                    json_object_get_int_member (stats, "drops"), json_object_get_int_member (stats, "rateLimited"),
                    json_object_get_int_member (stats, "replays"));
    g_assert_cmpint (json_object_get_int_member (stats, "faults"), >, 100);
    g_assert_cmpint (json_object_get_int_member (stats, "drops"), >, 50);
  }
}

static void
test_converges (void)
{
  Scenario scenario = { 0 };

  scenario_set_up (&scenario, NULL);
  g_test_message ("converged after %u syncs", sync_until_done (&scenario));
  verify (&scenario);
  scenario_tear_down (&scenario);
}

static void
test_converges_when_killed (void)
{
  Scenario scenario = { 0 };

  scenario_set_up (&scenario, NULL);
  kill_syncs (&scenario, 6);
  g_test_message ("converged after %u more syncs", sync_until_done (&scenario));
  verify (&scenario);
  scenario_tear_down (&scenario);
}

static void
test_converges_without_extensions (void)
{
  Scenario scenario = { 0 };

  scenario_set_up (&scenario, "--no-extensions");
  kill_syncs (&scenario, 3);
  g_test_message ("converged after %u more syncs", sync_until_done (&scenario));
  verify (&scenario);
  scenario_tear_down (&scenario);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/reliability/converges", test_converges);
  g_test_add_func ("/sync/reliability/converges-when-killed", test_converges_when_killed);
  g_test_add_func ("/sync/reliability/converges-without-extensions", test_converges_without_extensions);

  return g_test_run ();
}

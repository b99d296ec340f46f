/* test-multi-desktop.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Many desktops, one service: hiring managers with their own databases sync against
 * one real test service while they cancel, re-invite and reattempt the same
 * invitations in overlapping order, with faults on (server errors, answers lost after
 * the change was applied, 429s). The order comes from a fixed seed. In the end every
 * desktop holds the service's truth, one local row per remote invitation, every
 * change was applied once on the service however often it was asked for, and each
 * desktop tells in words what it lost to another's change.
 *
 * Two smaller cases go through the same service: a reactivation that arrives for an
 * invitation another local row holds (the rows become one) and an answer that names
 * another person's invitation (nothing moves; a conflict says whose it is).
 */

#include "config.h"

#include <string.h>

#include "inv-invite.h"
#include "inv-outbox.h"
#include "inv-remote-store.h"
#include "inv-sync-engine-private.h"
#include "sync-test-util.h"

#define API_KEY "multi-desktop-key"
#define SEED 20261207
#define N_DESKTOPS 3
#define N_PEOPLE 16
#define N_STEPS 120
#define MAX_SYNCS 30

typedef struct
{
  char          *path;
  InvDatabase   *database;
  InvSyncEngine *engine;
  gint64         template_id;   /* the local copy of test 1001 */
  guint          n_conflicts_expected;
} Desktop;

static void
desktop_open (Desktop     *desktop,
              TestService *service)
{
  g_autoptr(GError) error = NULL;

  desktop->path = test_temp_database_path ();
  desktop->database = test_database_new (desktop->path);
  desktop->template_id = test_add_template (desktop->database, 1001, "Backend Engineer - Screening");
  desktop->engine = inv_sync_engine_new (desktop->database);
  inv_sync_engine_set_api_key (desktop->engine, API_KEY);
  _inv_sync_engine_set_backoff (desktop->engine, 50, 400);
  g_assert_true (inv_sync_engine_set_service_url (desktop->engine, service->url, &error));
  g_assert_no_error (error);
}

static void
desktop_close (Desktop *desktop)
{
  g_clear_object (&desktop->engine);
  g_clear_object (&desktop->database);
  g_clear_pointer (&desktop->path, g_free);
}

static InvSyncReport *
desktop_sync (Desktop      *desktop,
              InvSyncFlags  flags)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  InvSyncReport *report;

  inv_sync_engine_sync_async (desktop->engine, flags, NULL, test_result_cb, &result);
  report = inv_sync_engine_sync_finish (desktop->engine, test_wait_result (&result), &error);
  /* A sync that ends on a transient fault says so; its rows stay queued. */
  if (report == NULL)
    {
      g_test_message ("sync ended early: %s", error->message);
      return NULL;
    }

  return report;
}

/* Syncs until nothing a sync could still send is left, then once more, so that the
 * pull has read what the others did meanwhile. */
static void
desktop_settle (Desktop *desktop)
{
  for (guint i = 0; i < MAX_SYNCS; i++)
    {
      g_autoptr(InvSyncReport) report = desktop_sync (desktop, INV_SYNC_FLAGS_NOW);

      if (report != NULL && report->waiting == 0 && report->pull_complete)
        return;
    }

  g_assert_not_reached ();
}

static gint64
local_row (Desktop    *desktop,
           const char *email)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM invitations WHERE email = '%s' COLLATE NOCASE "
                                          "  AND template_id = %" G_GINT64_FORMAT " ORDER BY id DESC LIMIT 1",
                                          email, desktop->template_id);

  return test_query_int (desktop->database, sql, 0);
}

static gint64
candidate_of (Desktop    *desktop,
              const char *email)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM candidates WHERE email = '%s' COLLATE NOCASE", email);

  return test_query_int (desktop->database, sql, 0);
}

/* "Send invite" for one person, as the Candidates page or a file import does. */
static InvInviteOutcome *
desktop_invite (Desktop    *desktop,
                const char *email)
{
  g_autoptr(InvInviteRequest) request = inv_invite_request_new (desktop->template_id);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 candidate_id = candidate_of (desktop, email);

  g_assert_cmpint (candidate_id, >, 0);
  outcomes = inv_invite_queue (desktop->database, request, &candidate_id, 1, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outcomes->len, ==, 1);

  return g_ptr_array_steal_index (outcomes, 0);
}

static char *
local_status (Desktop *desktop,
              gint64   invitation_id)
{
  return test_query_string (desktop->database, "SELECT status FROM invitations WHERE id = ?1", invitation_id);
}

/* Every local row equals the service's invitation; every service invitation is here
 * once; nothing waits to be sent. */
static void
assert_converged (Desktop   *desktop,
                  JsonArray *invitations)
{
  guint n_service = 0;

  for (guint i = 0; i < json_array_get_length (invitations); i++)
    {
      JsonObject *remote = json_array_get_object_element (invitations, i);
      gint64 remote_id = json_object_get_int_member (remote, "testInvitationId");
      g_autofree char *status = NULL;
      g_autofree char *email = NULL;
      gint64 local;

      if (json_object_get_int_member (remote, "testId") != 1001)
        continue;
      n_service++;

      g_assert_cmpint (test_query_int (desktop->database, "SELECT count(*) FROM invitations WHERE remote_id = ?1",
                                       remote_id), ==, 1);
      local = test_query_int (desktop->database, "SELECT id FROM invitations WHERE remote_id = ?1", remote_id);
      status = local_status (desktop, local);
      email = test_query_string (desktop->database, "SELECT email FROM invitations WHERE id = ?1", local);
      g_assert_cmpstr (status, ==, json_object_get_string_member (remote, "status"));
      g_assert_cmpint (g_ascii_strcasecmp (email, json_object_get_string_member (remote, "email")), ==, 0);
    }

  /* No ghost: every row is one of the service's */
  g_assert_cmpint (test_query_int (desktop->database, "SELECT count(*) FROM invitations WHERE remote_id IS NULL", 0), ==, 0);
  g_assert_cmpint (test_query_int (desktop->database, "SELECT count(*) FROM invitations", 0), ==, n_service);
  g_assert_cmpint (test_query_int (desktop->database, "SELECT count(*) FROM outbox WHERE state = 'queued'", 0), ==, 0);
  /* What was lost is told in words, on the row and in the history */
  g_assert_cmpint (test_query_int (desktop->database,
                                   "SELECT count(*) FROM outbox WHERE state IN ('conflict', 'failed') "
                                   "  AND (last_error IS NULL OR length (last_error) < 20)", 0), ==, 0);
  g_assert_cmpint (test_query_int (desktop->database, "SELECT count(*) FROM outbox WHERE state = 'conflict'", 0), ==,
                   test_query_int (desktop->database,
                                   "SELECT count(*) FROM history h WHERE event = 'conflict' "
                                   "  AND EXISTS (SELECT 1 FROM outbox o WHERE o.invitation_id = h.invitation_id "
                                   "    AND o.state = 'conflict')", 0));
}

typedef struct
{
  char  email[64];
  guint cancels;        /* cancels asked for, by any desktop */
  guint reinvites;      /* invites of a cancelled or expired invitation, by any desktop */
} Person;

static void
test_converge (void)
{
  g_autoptr(TestService) service = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autofree char *seed_option = g_strdup_printf ("--seed=%d", SEED);
  Desktop desktops[N_DESKTOPS] = { 0 };
  Person people[N_PEOPLE] = { 0 };
  gint64 remote_ids[N_PEOPLE];
  guint n_reattempts = 0;
  guint n_conflicts = 0;
  JsonArray *invitations;

  service = test_service_start ("--api-key=" API_KEY, "--fail-rate=0.15", "--drop-rate=0.1",
                                "--rate-limit=8", "--status-spelling=random", seed_option, NULL);
  test_service_set_faults (service, "{\"failRate\": 0, \"dropRate\": 0}");

  /* The people, invited earlier by someone; every desktop has pulled them. */
  for (guint p = 0; p < N_PEOPLE; p++)
    {
      g_snprintf (people[p].email, sizeof people[p].email, "person%u@example.org", p);
      remote_ids[p] = test_service_create (service, 1001, people[p].email, "Shared Person");
    }
  for (guint d = 0; d < N_DESKTOPS; d++)
    {
      desktop_open (&desktops[d], service);
      desktop_settle (&desktops[d]);
      g_assert_cmpint (test_query_int (desktops[d].database, "SELECT count(*) FROM invitations", 0), ==, N_PEOPLE);
    }

  /* Everyone loses one race: each desktop cancels person d while the candidate
   * starts the interview before any cancel reaches the service. */
  for (guint d = 0; d < N_DESKTOPS; d++)
    {
      test_queue_cancel (desktops[d].database, local_row (&desktops[d], people[d].email), 0);
      test_service_set_status (service, remote_ids[d], "in_progress");
    }

  test_service_set_faults (service, "{\"failRate\": 0.15, \"dropRate\": 0.1}");

  /* Overlapping work: each step one desktop cancels, re-invites or reattempts
   * someone as its own (maybe stale) copy allows, or syncs; now and then the service
   * moves on by itself (a candidate completes, an invitation expires). */
  for (guint step = 0; step < N_STEPS; step++)
    {
      guint d = g_rand_int_range (rand, 0, N_DESKTOPS);
      guint p = g_rand_int_range (rand, N_DESKTOPS, N_PEOPLE);
      Desktop *desktop = &desktops[d];
      gint64 row = local_row (desktop, people[p].email);
      g_autofree char *status = local_status (desktop, row);
      guint action = g_rand_int_range (rand, 0, 10);

      if (action < 3)
        {
          g_autoptr(InvSyncReport) report = desktop_sync (desktop, INV_SYNC_FLAGS_NOW);

          continue;
        }

      if (action == 3)
        {
          /* Someone finishes, or lets the invitation run out. */
          g_autofree char *remote_status = test_service_get_status (service, remote_ids[p]);

          if (g_str_equal (remote_status, "pending"))
            test_service_set_status (service, remote_ids[p], p % 2 == 0 ? "expired" : "completed");
          continue;
        }

      if (g_str_equal (status, "pending") && test_query_int (desktop->database,
                                                             "SELECT count(*) FROM outbox WHERE invitation_id = ?1 "
                                                             "  AND state = 'queued'", row) == 0)
        {
          test_queue_cancel (desktop->database, row, 0);
          people[p].cancels++;
        }
      else if (g_str_equal (status, "cancelled") || g_str_equal (status, "expired"))
        {
          g_autofree char *open_sql = g_strdup_printf ("SELECT count(*) FROM invitations WHERE email = '%s' "
                                                       "  AND status IN ('pending', 'in_progress')", people[p].email);
          gint64 n_rows = test_query_int (desktop->database, "SELECT count(*) FROM invitations", 0);
          gboolean open = test_query_int (desktop->database, open_sql, 0) > 0;
          InvInviteOutcome *outcome = desktop_invite (desktop, people[p].email);

          /* The same row again, never a second one; someone with an open invitation
           * (a reattempt) is skipped as already invited */
          g_assert_cmpint (test_query_int (desktop->database, "SELECT count(*) FROM invitations", 0), ==, n_rows);
          if (open)
            {
              g_assert_true (outcome->skipped);
              g_assert_false (outcome->reinvited);
              inv_invite_outcome_free (outcome);
              continue;
            }
          g_assert_true (outcome->reinvited);
          g_assert_cmpint (outcome->invitation_id, ==, row);
          inv_invite_outcome_free (outcome);
          people[p].reinvites++;
        }
      else if (g_str_equal (status, "completed") &&
               test_query_int (desktop->database,
                               "SELECT count(*) FROM outbox WHERE state = 'queued' AND operation = 'reattempt'", 0) == 0)
        {
          g_autoptr(GError) error = NULL;

          g_assert_true (inv_invite_reattempt (desktop->database, row, NULL, &error));
          g_assert_no_error (error);
          n_reattempts++;
        }
    }

  /* The faults stop; every desktop sends what it has left and reads the rest, twice
   * round, so that each has seen what the others did last. */
  test_service_set_faults (service, "{\"failRate\": 0, \"dropRate\": 0, \"rateLimit\": 0}");
  for (guint round = 0; round < 2; round++)
    for (guint d = 0; d < N_DESKTOPS; d++)
      desktop_settle (&desktops[d]);

  invitations = test_service_invitations (service, &state);
  for (guint d = 0; d < N_DESKTOPS; d++)
    {
      gint64 conflicts = test_query_int (desktops[d].database, "SELECT count(*) FROM outbox WHERE state = 'conflict'", 0);

      assert_converged (&desktops[d], invitations);
      /* Each lost at least the race it was set up to lose, and says so */
      g_assert_cmpint (test_query_int (desktops[d].database,
                                       "SELECT count(*) FROM outbox WHERE state = 'conflict' AND invitation_id = ?1 "
                                       "  AND last_error LIKE '%started%'",
                                       local_row (&desktops[d], people[d].email)), ==, 1);
      n_conflicts += conflicts;
    }

  /* Once on the service, however many desktops asked, however often they retried */
  {
    guint n_reattempted = 0;
    guint n_reattempt_rows = 0;

    for (guint i = 0; i < json_array_get_length (invitations); i++)
      {
        JsonObject *remote = json_array_get_object_element (invitations, i);
        const char *email = json_object_get_string_member (remote, "email");
        gint64 cancellations = json_object_get_int_member (remote, "cancellations");
        gint64 reactivations = json_object_get_int_member (remote, "reactivations");
        Person *person = NULL;

        if (json_object_get_int_member (remote, "reattemptOf") != 0)
          {
            n_reattempted++;
            continue;
          }

        for (guint p = 0; p < N_PEOPLE; p++)
          if (g_str_equal (people[p].email, email))
            person = &people[p];
        g_assert_nonnull (person);

        /* One email per cancel applied; no cancel or re-invite applied more often
         * than someone asked for it */
        g_assert_cmpint (json_object_get_int_member (remote, "candidateNotices"), ==, cancellations);
        g_assert_cmpint (cancellations, <=, person->cancels);
        g_assert_cmpint (reactivations, <=, person->reinvites);
        g_assert_cmpint (cancellations, <=, reactivations + 1);
        g_test_message ("%s: %u cancels and %u re-invites asked, %" G_GINT64_FORMAT " cancellations and %"
                        G_GINT64_FORMAT " reactivations applied", email, person->cancels, person->reinvites,
                        cancellations, reactivations);
      }

    /* No reattempt made two new invitations; every local reattempt is linked to one
     * the service made as a reattempt */
    for (guint d = 0; d < N_DESKTOPS; d++)
      {
        sqlite3_stmt *stmt = inv_database_prepare (desktops[d].database,
                                                   "SELECT i.remote_id FROM invitations i "
                                                   "WHERE EXISTS (SELECT 1 FROM history h WHERE h.invitation_id = i.id "
                                                   "  AND h.event = 'reattempt')", NULL);

        while (sqlite3_step (stmt) == SQLITE_ROW)
          {
            gint64 remote_id = sqlite3_column_int64 (stmt, 0);
            gboolean made = FALSE;

            for (guint i = 0; i < json_array_get_length (invitations); i++)
              {
                JsonObject *remote = json_array_get_object_element (invitations, i);

                if (json_object_get_int_member (remote, "testInvitationId") == remote_id)
                  made = json_object_get_int_member (remote, "reattemptOf") != 0;
              }
            g_assert_true (made);
            n_reattempt_rows++;
          }
        sqlite3_reset (stmt);
      }
    g_assert_cmpuint (n_reattempted, <=, n_reattempts);
    g_assert_cmpuint (n_reattempt_rows, ==, n_reattempts);
    g_test_message ("%u reattempts asked, %u made; %u conflicts told", n_reattempts, n_reattempted, n_conflicts);
  }

  {
    JsonObject *stats = json_object_get_object_member (json_node_get_object (state), "stats");

    /* The faults did happen */
    g_test_message ("service: %" G_GINT64_FORMAT " requests, %" G_GINT64_FORMAT " faults, %" G_GINT64_FORMAT
                    " drops, %" G_GINT64_FORMAT " rate limited, %" G_GINT64_FORMAT " replays",
                    json_object_get_int_member (stats, "requests"), json_object_get_int_member (stats, "faults"),
                    json_object_get_int_member (stats, "drops"), json_object_get_int_member (stats, "rateLimited"),
                    json_object_get_int_member (stats, "replays"));
    g_assert_cmpint (json_object_get_int_member (stats, "faults"), >, 0);
    g_assert_cmpint (json_object_get_int_member (stats, "drops"), >, 0);
    g_assert_cmpint (json_object_get_int_member (stats, "rateLimited"), >, 0);
  }

  for (guint d = 0; d < N_DESKTOPS; d++)
    desktop_close (&desktops[d]);
}

/* Two desktops, and the service reactivates for one of them an invitation it had
 * pulled meanwhile under a second row: the two rows become one. */
static void
test_reactivation_merges (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GError) error = NULL;
  Desktop first = { 0 };
  Desktop second = { 0 };
  gint64 remote_id;
  gint64 created = 0;
  gint64 pulled;
  guint n_history;

  desktop_open (&first, service);
  desktop_open (&second, service);

  /* The first desktop invites Jo and cancels; the second knows nothing of it yet and
   * queues its own invite of Jo, which waits (not due before its pull). */
  remote_id = test_service_create (service, 1001, "jo@example.org", "Jo Example");
  desktop_settle (&first);
  test_queue_cancel (first.database, local_row (&first, "jo@example.org"), 0);
  desktop_settle (&first);
  {
    g_autofree char *remote_status = test_service_get_status (service, remote_id);
    g_assert_cmpstr (remote_status, ==, "cancelled");
  }

  test_queue_create (second.database, second.template_id, "jo@example.org", "Jo Example", &created);
  g_assert_true (inv_database_exec (second.database, "UPDATE outbox SET hold_until = strftime ('%s', 'now') + 3600", NULL));
  report = desktop_sync (&second, INV_SYNC_FLAGS_NONE);
  g_assert_nonnull (report);
  g_clear_pointer (&report, inv_sync_report_free);

  /* Its pull brought the cancelled invitation as a row of its own: two rows, one person */
  pulled = test_query_int (second.database, "SELECT id FROM invitations WHERE remote_id = ?1", remote_id);
  g_assert_cmpint (pulled, >, created);
  g_assert_cmpint (test_query_int (second.database, "SELECT count(*) FROM invitations", 0), ==, 2);
  n_history = test_query_int (second.database, "SELECT count(*) FROM history", 0);

  /* The invite goes out; the service reactivates the invitation and answers with its
   * id, which the pulled row holds: one row now, the older one, pending, with the
   * history of both */
  g_assert_true (inv_database_exec (second.database, "UPDATE outbox SET hold_until = 0", NULL));
  report = desktop_sync (&second, INV_SYNC_FLAGS_NOW);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->conflicts, ==, 0);
  g_assert_cmpint (test_query_int (second.database, "SELECT count(*) FROM invitations", 0), ==, 1);
  g_assert_cmpint (test_query_int (second.database, "SELECT id FROM invitations WHERE remote_id = ?1", remote_id),
                   ==, created);
  {
    g_autofree char *status = local_status (&second, created);
    g_autofree char *link = test_query_string (second.database, "SELECT link FROM invitations WHERE id = ?1", created);

    g_assert_cmpstr (status, ==, "pending");
    g_assert_true (g_str_has_prefix (link, "http"));
  }
  g_assert_cmpint (test_query_int (second.database, "SELECT count(*) FROM history", 0), >=, n_history + 2);
  g_assert_cmpint (test_query_int (second.database, "SELECT count(*) FROM history WHERE invitation_id != ?1", created), ==, 0);
  g_assert_cmpint (test_query_int (second.database, "SELECT count(*) FROM history WHERE event = 'imported'", 0), ==, 1);
  g_assert_cmpint (test_query_int (second.database, "SELECT count(*) FROM history WHERE event = 'merged'", 0), ==, 1);
  {
    g_autofree char *remote_status = test_service_get_status (service, remote_id);
    g_assert_cmpstr (remote_status, ==, "pending");
  }

  /* The first desktop follows, and both hold the service's truth */
  desktop_settle (&first);
  desktop_settle (&second);
  {
    JsonArray *invitations = test_service_invitations (service, &state);

    g_assert_cmpuint (json_array_get_length (invitations), ==, 1);
    assert_converged (&first, invitations);
    assert_converged (&second, invitations);
  }

  desktop_close (&first);
  desktop_close (&second);
}

/* A database whose row for Bo carries the id the service now uses for Jo (restored
 * from a copy that synced with another service): Jo's invite is answered with that
 * id, which is not moved to Jo; the invite ends as a conflict that says whose it is. */
static void
test_foreign_id_refused (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *bo_status = NULL;
  Desktop desktop = { 0 };
  gint64 jo_remote;
  gint64 bo;
  gint64 jo = 0;
  gint64 outbox_id;

  desktop_open (&desktop, service);
  jo_remote = test_service_create (service, 1001, "jo@example.org", "Jo Example");
  test_service_set_status (service, jo_remote, "cancelled");

  bo = test_add_invitation (desktop.database, desktop.template_id, "bo@example.org", "Bo Other", jo_remote, "pending");
  outbox_id = test_queue_create (desktop.database, desktop.template_id, "jo@example.org", "Jo Example", &jo);

  report = desktop_sync (&desktop, INV_SYNC_FLAGS_PUSH_ONLY);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->conflicts, ==, 1);
  g_assert_cmpuint (report->pushed, ==, 0);

  /* Bo keeps the id; Jo's row has none and shows the conflict; nothing else moved */
  g_assert_cmpint (test_query_int (desktop.database, "SELECT id FROM invitations WHERE remote_id = ?1", jo_remote), ==, bo);
  g_assert_cmpint (test_query_int (desktop.database, "SELECT remote_id IS NULL FROM invitations WHERE id = ?1", jo), ==, 1);
  bo_status = local_status (&desktop, bo);
  g_assert_cmpstr (bo_status, ==, "pending");
  g_assert_cmpint (test_query_int (desktop.database, "SELECT count(*) FROM invitations", 0), ==, 2);
  g_assert_cmpint (test_query_int (desktop.database,
                                   "SELECT count(*) FROM invitations WHERE id = ?1 AND sync_state = 'conflict'", jo), ==, 1);
  reason = test_query_string (desktop.database, "SELECT last_error FROM outbox WHERE id = ?1 AND state = 'conflict'", outbox_id);
  g_assert_cmpstr (reason, ==, "The service answered with an invitation that belongs to Bo Other "
                               "for “Backend Engineer - Screening”; nothing was changed");
  g_assert_cmpint (test_query_int (desktop.database,
                                   "SELECT count(*) FROM history WHERE invitation_id = ?1 AND event = 'conflict'", jo), ==, 1);

  desktop_close (&desktop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/multi-desktop/reactivation-merges", test_reactivation_merges);
  g_test_add_func ("/sync/multi-desktop/foreign-id-refused", test_foreign_id_refused);
  g_test_add_func ("/sync/multi-desktop/converge", test_converge);

  return g_test_run ();
}

/* bench-sync-push.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Benchmark of the outbox push, run by hand (not part of the test suite): N queued
 * cancels (default 5,000) pushed by the sync engine to the test service answering
 * every request after LATENCY ms (default 50) with CONCURRENCY requests at a time
 * (default 4). The ideal rate is CONCURRENCY / LATENCY (80 a second by default); the
 * ratio of the achieved rate to it is what counts (goal: at least 0.8).
 *
 * Usage: BUILD/tests/bench/bench-sync-push [N] [LATENCY-MS] [CONCURRENCY]
 */

#include "config.h"

#include <libsoup/soup.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "inv-outbox.h"
#include "inv-sync-engine.h"
#include "inv-transaction.h"
#include "sync-test-util.h"

#define API_KEY "bench-key"

static GArray *
create_remote_invitations (TestService *service,
                           guint        n)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (service->url, "/admin/invitations", NULL);
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"testId\": 1002, \"email\": \"bench%u@example.org\", "
                                               "\"name\": \"Bench Candidate\"}", i);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      gint64 id;

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
      answer = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), &error);
      g_assert_no_error (error);
      id = json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "testInvitationId");
      g_array_append_val (ids, id);
    }

  return ids;
}

static void
queue_cancels (InvDatabase *database,
               GArray      *remote_ids)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GError) error = NULL;
  gint64 template_id = test_add_template (database, 1002, "Frontend Engineer - Live Interview");

  /* One transaction, as a bulk cancel writes them. */
  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < remote_ids->len; i++)
    {
      g_autofree char *email = g_strdup_printf ("bench%u@example.org", i);
      gint64 id = test_add_invitation (database, template_id, email, "Bench Candidate",
                                       g_array_index (remote_ids, gint64, i), "cancelled");

      inv_outbox_enqueue (database, INV_OUTBOX_CANCEL, id,
                          "{\"reason\": \"pipeline_cleanup\", \"notifyCandidate\": true}",
                          0, 0, "pending", "synced", NULL, &error);
      g_assert_no_error (error);
    }

  inv_transaction_commit (txn, &error);
  g_assert_no_error (error);
}

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  InvSyncReport **report = user_data;
  g_autoptr(GError) error = NULL;

  *report = inv_sync_engine_sync_finish (INV_SYNC_ENGINE (object), result, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TestService) service = NULL;
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(InvSyncEngine) engine = NULL;
  g_autoptr(GArray) remote_ids = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autofree char *path = NULL;
  g_autofree char *latency_option = NULL;
  InvSyncReport *report = NULL;
  guint n = argc > 1 ? atoi (argv[1]) : 5000;
  guint latency_ms = argc > 2 ? atoi (argv[2]) : 50;
  guint concurrency = argc > 3 ? atoi (argv[3]) : 4;
  JsonArray *invitations;
  gint64 start, elapsed;
  double rate, ideal;
  guint applied = 0;

  setlocale (LC_ALL, "");

  if (n == 0 || latency_ms == 0 || concurrency == 0 || concurrency > 16)
    {
      g_printerr ("usage: %s [N] [LATENCY-MS] [CONCURRENCY (1-16)]\n", argv[0]);
      return 1;
    }

  /* The test service is built beside the benchmarks. */
  if (g_getenv ("INV_TEST_SERVICE") == NULL)
    {
      g_autofree char *dir = g_path_get_dirname (argv[0]);
      g_autofree char *service_path = g_build_filename (dir, "..", "service", "invitations-test-service", NULL);

      g_setenv ("INV_TEST_SERVICE", service_path, TRUE);
    }

  latency_option = g_strdup_printf ("--latency-ms=%u", latency_ms);
  service = test_service_start ("--api-key=" API_KEY, latency_option, NULL);

  g_print ("Setting up %u invitations on the service and %u queued cancels…\n", n, n);
  remote_ids = create_remote_invitations (service, n);

  path = test_temp_database_path ();
  database = test_database_new (path);
  queue_cancels (database, remote_ids);

  engine = inv_sync_engine_new (database);
  inv_sync_engine_set_concurrency (engine, concurrency);
  inv_sync_engine_set_api_key (engine, API_KEY);
  inv_sync_engine_set_service_url (engine, service->url, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  inv_sync_engine_sync_async (engine, INV_SYNC_FLAGS_PUSH_ONLY, NULL, sync_cb, &report);
  while (report == NULL)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - start;

  /* Check the work was done, once each. */
  invitations = test_service_invitations (service, &state);
  for (guint i = 0; i < json_array_get_length (invitations); i++)
    {
      JsonObject *object = json_array_get_object_element (invitations, i);

      g_assert_cmpint (json_object_get_int_member (object, "cancellations"), ==, 1);
      applied++;
    }
  g_assert_cmpuint (applied, ==, n);
  g_assert_cmpuint (report->pushed, ==, n);
  g_assert_cmpuint (report->waiting, ==, 0);

  rate = n / (elapsed / (double)G_USEC_PER_SEC);
  ideal = concurrency / (latency_ms / 1000.0);

  g_print ("pushed %u cancels in %.2f s at %u ms latency with concurrency %u\n",
           report->pushed, elapsed / (double)G_USEC_PER_SEC, latency_ms, concurrency);
  g_print ("rate %.1f/s, ideal %.1f/s, ratio %.3f (goal >= 0.8)\n", rate, ideal, rate / ideal);

  inv_sync_report_free (report);

  return rate / ideal >= 0.8 ? 0 : 2;
}

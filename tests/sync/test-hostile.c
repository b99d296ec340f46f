/* test-hostile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A hostile or broken service cannot hurt: against hostile-service.py, every request
 * and every sync ends, within a bounded number of requests and a bounded time, with a
 * message that says what happened; memory stays bounded; the API key goes to no
 * other host; certificates that are not trusted are refused and said to be.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <sys/wait.h>

#include "inv-service-client.h"
#include "inv-sync-engine-private.h"
#include "hostile-test-util.h"
#include "sync-test-util.h"

#define API_KEY "hostile-test-key"

static InvServiceClient *
client_for (HostileService *service,
            guint           timeout)
{
  g_autoptr(GError) error = NULL;
  InvServiceClient *client = inv_service_client_new (service->url, &error);

  g_assert_no_error (error);
  inv_service_client_set_api_key (client, API_KEY);
  inv_service_client_set_timeout (client, timeout);

  return client;
}

/* Reads the first page of templates. */
static GPtrArray *
read_tests_page (InvServiceClient  *client,
                 GError           **error)
{
  g_autoptr(InvServicePages) pages = inv_service_pages_new_tests (INV_SERVICE_TESTS_PAGE_SIZE);
  g_autoptr(GAsyncResult) result = NULL;

  inv_service_client_read_page_async (client, pages, NULL, test_result_cb, &result);
  return inv_service_client_read_page_finish (client, test_wait_result (&result), NULL, error);
}

static void
assert_message_contains (const GError *error,
                         const char   *part)
{
  g_assert_nonnull (error);
  if (strstr (error->message, part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, part);
}

static gboolean
unblocked_cb (gpointer data)
{
  gboolean *done = data;

  *done = TRUE;

  return G_SOURCE_REMOVE;
}

/* Waits, on the main context, for the end of what a 429 asked for. */
static void
wait_until_unblocked (InvServiceClient *client)
{
  gint64 wait_us = inv_service_client_get_blocked_until (client) - g_get_monotonic_time ();
  gboolean done = FALSE;

  if (wait_us <= 0)
    return;

  g_timeout_add (wait_us / 1000 + 1, unblocked_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The client, one request at a time ------------------------------------------------ */

/* A web page with 200 (a proxy's sign-in page) is said to be one. */
static void
test_html (void)
{
  g_autoptr(HostileService) service = hostile_service_start ("html", NULL);
  g_autoptr(InvServiceClient) client = client_for (service, 5);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;

  page = read_tests_page (client, &error);
  g_assert_null (page);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED);
  assert_message_contains (error, "web page");
  g_assert_true (inv_service_error_is_transient (error));
}

/* A redirect is not followed: the key never reaches the other address. */
static void
test_redirect (void)
{
  g_autoptr(HostileService) service = hostile_service_start ("redirect", NULL);
  g_autoptr(InvServiceClient) client = client_for (service, 5);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) stats = NULL;

  page = read_tests_page (client, &error);
  g_assert_null (page);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_SERVER);
  assert_message_contains (error, "another address");
  assert_message_contains (error, "302");

  stats = hostile_service_stats (service);
  g_assert_cmpint (json_object_get_int_member (stats, "requests"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (stats, "redirectTarget")), ==, 0);
}

/* Bodies larger than the limit are refused without being read whole, with a length
 * announced or not; an error answer's body is only read as far as a message needs. */
static void
test_huge_bodies (void)
{
  const char *scenarios[] = { "huge-body", "huge-chunked", "big-chunked" };

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autoptr(HostileService) service = hostile_service_start (scenarios[i], NULL);
      g_autoptr(InvServiceClient) client = client_for (service, 10);
      g_autoptr(GPtrArray) page = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) stats = NULL;

      g_test_message ("%s", scenarios[i]);
      page = read_tests_page (client, &error);
      g_assert_null (page);
      g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_LIMIT);
      assert_message_contains (error, "larger than 8.0");
      g_assert_true (inv_service_error_is_transient (error));

      stats = hostile_service_stats (service);
      g_assert_cmpint (json_object_get_int_member (stats, "requests"), ==, 1);
    }

  {
    g_autoptr(HostileService) service = hostile_service_start ("huge-error", NULL);
    g_autoptr(InvServiceClient) client = client_for (service, 10);
    g_autoptr(GPtrArray) page = NULL;
    g_autoptr(GError) error = NULL;

    page = read_tests_page (client, &error);
    g_assert_null (page);
    g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_SERVER);
    g_assert_cmpstr (error->message, ==, "The service had a problem (HTTP 500)");
  }
}

/* A body that never ends, a byte at a time, ends with the request's deadline. */
static void
test_slow_body (void)
{
  g_autoptr(HostileService) service = hostile_service_start ("slow-body", NULL);
  g_autoptr(InvServiceClient) client = client_for (service, 1);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  page = read_tests_page (client, &error);
  g_assert_null (page);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_TIMEOUT);
  /* The deadline is twice the timeout; generous for a loaded machine. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
}

/* Whatever Retry-After says, a 429 makes the client wait at least a second and at
 * most an hour; without a usable value, twice as long after each 429 in a row. */
static void
test_retry_after_values (void)
{
  struct {
    const char *scenario;
    gint64      min_seconds;
    gint64      max_seconds;
  } cases[] = {
    { "429-none", 1, 1 },
    { "429-zero", 1, 1 },
    { "429-negative", 1, 1 },
    { "429-garbage", 1, 1 },
    { "429-past", 1, 1 },
    { "429-one", 1, 1 },
    { "429-huge", 3600, 3600 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HostileService) service = hostile_service_start (cases[i].scenario, NULL);
      g_autoptr(InvServiceClient) client = client_for (service, 5);
      g_autoptr(GPtrArray) page = NULL;
      g_autoptr(GError) error = NULL;
      gint64 before = g_get_monotonic_time ();
      gint64 after;
      gint64 until;

      g_test_message ("%s", cases[i].scenario);
      page = read_tests_page (client, &error);
      after = g_get_monotonic_time ();
      g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_RATE_LIMITED);
      g_assert_cmpuint (inv_service_client_get_n_rate_limited (client), ==, 1);

      until = inv_service_client_get_blocked_until (client);
      g_assert_cmpint (until, >=, before + cases[i].min_seconds * G_USEC_PER_SEC);
      g_assert_cmpint (until, <=, after + cases[i].max_seconds * G_USEC_PER_SEC);
    }

  /* In a row, without a usable value: 1 s, 2 s, 4 s (each sent once the wait before
   * it was over, as the sync does). */
  {
    g_autoptr(HostileService) service = hostile_service_start ("429-garbage", NULL);
    g_autoptr(InvServiceClient) client = client_for (service, 5);

    for (guint n = 1; n <= 3; n++)
      {
        g_autoptr(GPtrArray) page = NULL;
        g_autoptr(GError) error = NULL;
        gint64 before;
        gint64 until;

        wait_until_unblocked (client);
        before = g_get_monotonic_time ();
        page = read_tests_page (client, &error);
        g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_RATE_LIMITED);
        until = inv_service_client_get_blocked_until (client);
        g_assert_cmpint (until - before, >=, G_USEC_PER_SEC << (n - 1));
        g_assert_cmpint (until - before, <, (G_USEC_PER_SEC << (n - 1)) + 5 * G_USEC_PER_SEC);
      }
  }
}

/* Certificates --------------------------------------------------------------------- */

static void
test_tls_self_signed (void)
{
  g_autoptr(HostileService) service = hostile_service_start ("normal", "self-signed");
  g_autoptr(InvServiceClient) client = client_for (service, 10);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;

  page = read_tests_page (client, &error);
  g_assert_null (page);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_TLS);
  g_assert_cmpstr (error->message, ==,
                   "The service’s certificate is not trusted (it is self-signed), so the app did not connect");
}

static void
test_tls_expired (void)
{
  g_autoptr(HostileService) service = hostile_service_start ("normal", "expired");
  g_autoptr(InvServiceClient) client = client_for (service, 10);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;

  page = read_tests_page (client, &error);
  g_assert_null (page);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_TLS);
  assert_message_contains (error, "has expired");
}

/* Whole syncs ---------------------------------------------------------------------- */

typedef struct
{
  char          *path;
  InvDatabase   *database;
  InvSyncEngine *engine;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->path = test_temp_database_path ();
  fixture->database = test_database_new (fixture->path);
  fixture->engine = inv_sync_engine_new (fixture->database);
  /* Short waits, so that a bounded sync is also a short one. */
  _inv_sync_engine_set_backoff (fixture->engine, 50, 200);
  _inv_sync_engine_set_retry_horizon (fixture->engine, 3);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->engine);
  g_clear_object (&fixture->database);
  g_unlink (fixture->path);
  g_free (fixture->path);
}

static void
use_service (Fixture        *fixture,
             HostileService *service)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (inv_sync_engine_set_service_url (fixture->engine, service->url, &error));
  g_assert_no_error (error);
  inv_sync_engine_set_api_key (fixture->engine, API_KEY);
}

static InvSyncReport *
sync_once (Fixture  *fixture,
           GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  inv_sync_engine_sync_async (fixture->engine, INV_SYNC_FLAGS_NOW, NULL, test_result_cb, &result);
  return inv_sync_engine_sync_finish (fixture->engine, test_wait_result (&result), error);
}

/* 429s without a usable Retry-After end the sync after a few requests, and the
 * message says until when the service asked to wait. */
static void
test_sync_429_bounded (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *scenarios[] = { "429-none", "429-zero", "429-negative", "429-garbage", "429-past" };

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autoptr(HostileService) service = hostile_service_start (scenarios[i], NULL);
      g_autoptr(InvSyncReport) report = NULL;
      g_autoptr(GError) error = NULL;
      gint64 invitation_id;
      gint64 n_queued;

      g_test_message ("%s", scenarios[i]);
      g_clear_object (&fixture->engine);
      fixture->engine = inv_sync_engine_new (fixture->database);
      _inv_sync_engine_set_backoff (fixture->engine, 50, 200);
      _inv_sync_engine_set_retry_horizon (fixture->engine, 3);
      use_service (fixture, service);

      /* Work for the push too: it is kept for later. */
      test_queue_create (fixture->database, test_add_template (fixture->database, 1000 + i, "Screening"),
                         "jo@example.org", "Jo Example", &invitation_id);

      n_queued = test_query_int (fixture->database, "SELECT count(*) FROM outbox WHERE state = 'queued'", 0);
      report = sync_once (fixture, &error);
      g_assert_null (report);
      g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_RATE_LIMITED);
      assert_message_contains (error, "asked to wait until");
      g_assert_true (inv_service_error_is_transient (error));

      /* 1 s, 2 s, then 4 s is past the 3 s horizon: three rounds of 429s for the
       * rows on their way together (the earlier cases' rows are still queued). */
      g_assert_cmpint (hostile_service_requests (service), <=, 3 * n_queued);
      g_assert_cmpint (test_query_int (fixture->database,
                                       "SELECT count(*) FROM outbox WHERE state = 'queued' AND invitation_id = ?1",
                                       invitation_id), ==, 1);
    }
}

/* A service that always asks for a second is waited for, but only so often in one
 * sync. */
static void
test_sync_429_limit (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(HostileService) service = hostile_service_start ("429-one", NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  use_service (fixture, service);
  _inv_sync_engine_set_run_limits (fixture->engine, 1000, 3, 600);

  report = sync_once (fixture, &error);
  g_assert_null (report);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "The service asked to slow down 3 times in this sync; the rest waits for the next sync");
  g_assert_cmpint (hostile_service_requests (service), ==, 3);
  g_assert_cmpstr (inv_sync_engine_get_last_error (fixture->engine), ==, error->message);
}

/* An hour's wait ends the sync at once, and the next sync of the app sends nothing
 * before it is over. */
static void
test_sync_429_huge (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(HostileService) service = hostile_service_start ("429-huge", NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  use_service (fixture, service);

  report = sync_once (fixture, &error);
  g_assert_null (report);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_RATE_LIMITED);
  assert_message_contains (error, "asked to wait until");
  g_assert_cmpint (hostile_service_requests (service), ==, 1);

  g_clear_error (&error);
  report = sync_once (fixture, &error);
  g_assert_null (report);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_RATE_LIMITED);
  g_assert_cmpint (hostile_service_requests (service), ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
}

/* Listings that do not end, repeat or overflow their pages end the sync with a
 * message, after a bounded number of requests. */
static void
test_sync_paging (Fixture       *fixture,
                  gconstpointer  data)
{
  struct {
    const char *scenario;
    const char *message;
    gint64      max_requests;
  } cases[] = {
    { "endless-total", "more than the app reads at once", 1 },
    { "oversized-page", "150 entries in a page of 100", 1 },
    { "repeat-page", "the same entries again on page 2", 2 },
    { "growing-total", "more than the app reads at once (20000)", 200 },
    { "big-templates", "larger than 8.0", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HostileService) service = hostile_service_start (cases[i].scenario, NULL);
      g_autoptr(InvSyncReport) report = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      g_test_message ("%s", cases[i].scenario);
      use_service (fixture, service);

      report = sync_once (fixture, &error);
      g_assert_null (report);
      g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_LIMIT);
      assert_message_contains (error, cases[i].message);
      g_assert_cmpint (hostile_service_requests (service), ==, cases[i].max_requests);
      g_assert_false (inv_sync_engine_get_last_report (fixture->engine)->pull_complete);
      /* The templates answer of 40 MB used to keep a sync busy for minutes. */
      g_assert_cmpint (g_get_monotonic_time () - start, <, 60 * G_USEC_PER_SEC);
    }
}

/* However well a service answers, one sync sends at most so many requests. */
static void
test_sync_request_limit (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(HostileService) service = hostile_service_start ("normal", NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  use_service (fixture, service);
  _inv_sync_engine_set_run_limits (fixture->engine, 1, 100, 600);

  report = sync_once (fixture, &error);
  g_assert_null (report);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "This sync sent 1 request, as many as one sync may; the rest waits for the next sync");
  g_assert_cmpint (hostile_service_requests (service), ==, 1);

  /* The same service, well within bounds: the sync goes through. */
  _inv_sync_engine_set_run_limits (fixture->engine, 100, 100, 600);
  g_clear_error (&error);
  report = sync_once (fixture, &error);
  g_assert_no_error (error);
  g_assert_true (report->pull_complete);
}

/* A sync that is kept waiting by one short wait after the other ends in time. */
static void
test_sync_time_limit (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(HostileService) service = hostile_service_start ("429-one", NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  use_service (fixture, service);
  _inv_sync_engine_set_run_limits (fixture->engine, 1000, 1000, 1);

  report = sync_once (fixture, &error);
  g_assert_null (report);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "This sync ran for 1 minute, as long as one sync may; the rest waits for the next sync");
  /* The first wait (a second) reaches the limit. */
  g_assert_cmpint (hostile_service_requests (service), <=, 2);
}

/* `invitations --sync` as a person runs it ----------------------------------------- */

static char *
cli_database (void)
{
  char *path = test_temp_database_path ();
  g_autoptr(InvDatabase) database = test_database_new (path);

  return path;
}

/* A 1 GB answer is refused with a message, in little memory and little time. */
/* The most a `--sync` that refuses a 1 GB body may take. Under AddressSanitizer the
 * same process carries shadow memory and a quarantine of freed blocks, some 200 MB
 * more; either bound is far below the body itself. */
#if defined(__SANITIZE_ADDRESS__)
#define MAX_SYNC_RSS_KB (512 * 1024)
#else
#define MAX_SYNC_RSS_KB (100 * 1024)
#endif

static void
test_cli_huge_body_memory (void)
{
  const char *scenarios[] = { "huge-chunked", "huge-body", "big-templates" };
  g_autofree char *path = cli_database ();

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autoptr(HostileService) service = hostile_service_start (scenarios[i], NULL);
      g_autoptr(SyncProcess) sync = sync_process_run (path, service->url, API_KEY);

      g_test_message ("%s", scenarios[i]);
      g_assert_true (WIFEXITED (sync->wait_status));
      g_assert_cmpint (WEXITSTATUS (sync->wait_status), !=, 0);
      g_assert_nonnull (strstr (sync->err, "larger than 8.0"));
      g_assert_cmpint (sync->max_rss_kb, <, MAX_SYNC_RSS_KB);
      g_assert_cmpint (sync->elapsed_ms, <, 90 * 1000);
      g_assert_cmpint (hostile_service_requests (service), ==, 1);
    }

  g_unlink (path);
}

/* A redirect reaches nobody with the key, and the person is told. */
static void
test_cli_redirect (void)
{
  g_autoptr(HostileService) service = hostile_service_start ("redirect", NULL);
  g_autofree char *path = cli_database ();
  g_autoptr(SyncProcess) sync = sync_process_run (path, service->url, API_KEY);
  g_autoptr(JsonObject) stats = hostile_service_stats (service);
  JsonArray *target = json_object_get_array_member (stats, "redirectTarget");

  g_assert_true (WIFEXITED (sync->wait_status));
  g_assert_nonnull (strstr (sync->err, "another address"));
  g_assert_cmpuint (json_array_get_length (target), ==, 0);
  g_assert_cmpint (json_object_get_int_member (stats, "requests"), >=, 1);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile/client/html", test_html);
  g_test_add_func ("/hostile/client/redirect", test_redirect);
  g_test_add_func ("/hostile/client/huge-bodies", test_huge_bodies);
  g_test_add_func ("/hostile/client/slow-body", test_slow_body);
  g_test_add_func ("/hostile/client/retry-after-values", test_retry_after_values);
  g_test_add_func ("/hostile/tls/self-signed", test_tls_self_signed);
  g_test_add_func ("/hostile/tls/expired", test_tls_expired);
  g_test_add ("/hostile/sync/429-bounded", Fixture, NULL, fixture_set_up, test_sync_429_bounded, fixture_tear_down);
  g_test_add ("/hostile/sync/429-limit", Fixture, NULL, fixture_set_up, test_sync_429_limit, fixture_tear_down);
  g_test_add ("/hostile/sync/429-huge", Fixture, NULL, fixture_set_up, test_sync_429_huge, fixture_tear_down);
  g_test_add ("/hostile/sync/paging", Fixture, NULL, fixture_set_up, test_sync_paging, fixture_tear_down);
  g_test_add ("/hostile/sync/request-limit", Fixture, NULL, fixture_set_up, test_sync_request_limit, fixture_tear_down);
  g_test_add ("/hostile/sync/time-limit", Fixture, NULL, fixture_set_up, test_sync_time_limit, fixture_tear_down);
  g_test_add_func ("/hostile/cli/huge-body-memory", test_cli_huge_body_memory);
  g_test_add_func ("/hostile/cli/redirect", test_cli_redirect);

  return g_test_run ();
}

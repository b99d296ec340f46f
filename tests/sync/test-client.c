/* test-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The service client against the real test service on 127.0.0.1.
 */

#include "config.h"

#include <string.h>

#include "inv-service-client.h"
#include "inv-service-parse.h"
#include "sync-test-util.h"

#define API_KEY "test-key-1"

static InvServiceClient *
client_for (TestService *service,
            const char  *key)
{
  g_autoptr(GError) error = NULL;
  InvServiceClient *client = inv_service_client_new (service->url, &error);

  g_assert_no_error (error);
  inv_service_client_set_api_key (client, key);

  return client;
}

static JsonObject *
invite_body (const char *email,
             const char *name)
{
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, "email", email);
  json_object_set_string_member (body, "name", name);
  json_object_set_string_member (body, "sendEmail", "yes");

  return body;
}

static InvRemoteInvitation *
invite (InvServiceClient  *client,
        gint64             test_id,
        const char        *email,
        const char        *key,
        GError           **error)
{
  g_autoptr(JsonObject) body = invite_body (email, "Jo Example");
  g_autoptr(GAsyncResult) result = NULL;

  inv_service_client_invite_async (client, test_id, body, key, NULL, test_result_cb, &result);
  return inv_service_client_invite_finish (client, test_wait_result (&result), error);
}

static InvRemoteInvitation *
cancel (InvServiceClient  *client,
        gint64             id,
        const char        *key,
        GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  inv_service_client_cancel_async (client, id, NULL, key, NULL, test_result_cb, &result);
  return inv_service_client_cancel_finish (client, test_wait_result (&result), error);
}

static InvRemoteInvitation *
get_invitation (InvServiceClient  *client,
                gint64             id,
                GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  inv_service_client_get_invitation_async (client, id, NULL, test_result_cb, &result);
  return inv_service_client_get_invitation_finish (client, test_wait_result (&result), error);
}

static void
test_list_tests_paged (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvServiceClient) client = client_for (service, API_KEY);
  g_autoptr(InvServicePages) pages = inv_service_pages_new_tests (2);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total = 0;
  InvRemoteTest *live;

  inv_service_client_read_page_async (client, pages, NULL, test_result_cb, &result);
  page = inv_service_client_read_page_finish (client, test_wait_result (&result), &total, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 3);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_true (inv_service_pages_has_more (pages));
  g_assert_cmpint (((InvRemoteTest *)page->pdata[0])->id, ==, 1001);

  live = page->pdata[1];
  g_assert_cmpint (live->id, ==, 1002);
  g_assert_true (live->live);
  g_assert_true (live->active);
  g_assert_cmpint (live->duration, ==, 45);
  g_assert_cmpint (live->validity_days, ==, 5);
  g_assert_cmpuint (live->interviewers->len, ==, 2);
  g_clear_object (&result);
  g_clear_pointer (&page, g_ptr_array_unref);

  inv_service_client_read_page_async (client, pages, NULL, test_result_cb, &result);
  page = inv_service_client_read_page_finish (client, test_wait_result (&result), &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_false (((InvRemoteTest *)page->pdata[0])->active);
  g_assert_false (inv_service_pages_has_more (pages));
  g_clear_object (&result);
  g_clear_pointer (&page, g_ptr_array_unref);

  /* All pages at once, and no more than asked for. */
  inv_service_pages_rewind (pages);
  inv_service_client_read_pages_async (client, pages, 0, NULL, test_result_cb, &result);
  page = inv_service_client_read_pages_finish (client, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 3);
  g_assert_cmpint (((InvRemoteTest *)page->pdata[2])->id, ==, 1003);
  g_clear_object (&result);
  g_clear_pointer (&page, g_ptr_array_unref);

  inv_service_pages_rewind (pages);
  inv_service_client_read_pages_async (client, pages, 1, NULL, test_result_cb, &result);
  page = inv_service_client_read_pages_finish (client, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpint (((InvRemoteTest *)page->pdata[0])->id, ==, 1001);
}

static void
test_invite_and_cancel (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvServiceClient) client = client_for (service, API_KEY);
  g_autoptr(InvRemoteInvitation) first = NULL;
  g_autoptr(InvRemoteInvitation) again = NULL;
  g_autoptr(InvRemoteInvitation) cancelled = NULL;
  g_autoptr(InvRemoteInvitation) read = NULL;
  g_autoptr(InvRemoteInvitation) reactivated = NULL;
  g_autoptr(GError) error = NULL;

  first = invite (client, 1001, "jo@example.org", NULL, &error);
  g_assert_no_error (error);
  /* Ids beyond 32 bits survive. */
  g_assert_cmpint (first->id, >, G_MAXUINT32);
  g_assert_cmpint (first->status, ==, INV_STATUS_PENDING);
  g_assert_true (g_str_has_prefix (first->test_url, service->url));

  /* The same test and email while pending: the same invitation. */
  again = invite (client, 1001, "JO@example.org", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->id, ==, first->id);

  cancelled = cancel (client, first->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cancelled->status, ==, INV_STATUS_CANCELLED);

  read = get_invitation (client, first->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read->status, ==, INV_STATUS_CANCELLED);
  g_assert_cmpint (read->test_id, ==, 1001);
  g_assert_cmpstr (read->email, ==, "jo@example.org");
  g_assert_cmpint (read->updated_on, >, 0);

  /* A repeated cancel is refused as a state conflict (409 with the extensions). */
  g_clear_pointer (&cancelled, inv_remote_invitation_free);
  cancelled = cancel (client, first->id, NULL, &error);
  g_assert_null (cancelled);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "can not be cancelled"));
  g_clear_error (&error);

  /* Inviting again reactivates the same id. */
  reactivated = invite (client, 1001, "jo@example.org", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reactivated->id, ==, first->id);
  g_assert_cmpint (reactivated->status, ==, INV_STATUS_PENDING);
}

static void
test_idempotency_key (void)
{
  g_autoptr(TestService) service = test_service_start ("--seed=1", NULL);
  g_autoptr(InvServiceClient) client = client_for (service, API_KEY);
  g_autoptr(InvRemoteInvitation) first = NULL;
  g_autoptr(InvRemoteInvitation) cancelled = NULL;
  g_autoptr(InvRemoteInvitation) repeated = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *invitations;

  first = invite (client, 1001, "sam@example.org", "key-a", &error);
  g_assert_no_error (error);
  cancelled = cancel (client, first->id, "key-b", &error);
  g_assert_no_error (error);

  /* The same key again: the first answer, without acting again. */
  repeated = cancel (client, first->id, "key-b", &error);
  g_assert_no_error (error);
  g_assert_cmpint (repeated->status, ==, INV_STATUS_CANCELLED);

  invitations = test_service_invitations (service, &state);
  g_assert_cmpuint (json_array_get_length (invitations), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (invitations, 0), "cancellations"), ==, 1);
}

static void
test_errors (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvServiceClient) client = client_for (service, API_KEY);
  g_autoptr(InvServiceClient) wrong_key = client_for (service, "wrong");
  g_autoptr(InvServiceClient) no_key = NULL;
  g_autoptr(InvRemoteInvitation) remote = NULL;
  g_autoptr(GError) error = NULL;

  remote = invite (client, 1001, "not-an-email", NULL, &error);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "Invalid email address");
  g_clear_error (&error);

  remote = invite (client, 1003, "ok@example.org", NULL, &error);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_REFUSED);
  g_clear_error (&error);

  remote = invite (client, 4242, "ok@example.org", NULL, &error);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  remote = cancel (client, 99, NULL, &error);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  remote = invite (wrong_key, 1001, "ok@example.org", NULL, &error);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "API key not valid or Subscription expired");
  g_clear_error (&error);

  no_key = client_for (service, NULL);
  remote = invite (no_key, 1001, "ok@example.org", NULL, &error);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NO_KEY);
  g_assert_null (remote);
}

/* Every failed request is a 5xx, an HTML page or an empty body: all transient, and
 * nothing was done on the service. */
static void
test_server_faults (void)
{
  g_autoptr(TestService) service = test_service_start ("--fail-rate=1", "--seed=7", NULL);
  g_autoptr(InvServiceClient) client = client_for (service, API_KEY);
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GString) messages = g_string_new (NULL);

  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(InvRemoteInvitation) remote = invite (client, 1001, "x@example.org", NULL, &error);

      g_assert_null (remote);
      g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_SERVER);
      g_assert_true (inv_service_error_is_transient (error));
      g_string_append_printf (messages, "%s\n", error->message);
    }

  /* The JSON message where there was one, a sentence of ours for HTML and empty bodies. */
  g_assert_nonnull (strstr (messages->str, "Internal server error"));
  g_assert_nonnull (strstr (messages->str, "HTTP 502"));
  g_assert_nonnull (strstr (messages->str, "HTTP 503"));
  g_assert_null (strstr (messages->str, "<html>"));

  g_assert_cmpuint (json_array_get_length (test_service_invitations (service, &state)), ==, 0);
}

/* A reset after the change was applied: the client sees a network error; the
 * change happened. */
static void
test_dropped_answer (void)
{
  g_autoptr(TestService) service = test_service_start ("--drop-rate=1", NULL);
  g_autoptr(InvServiceClient) client = client_for (service, API_KEY);
  g_autoptr(InvRemoteInvitation) remote = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GError) error = NULL;

  remote = invite (client, 1001, "lost@example.org", "k1", &error);
  g_assert_null (remote);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NETWORK);
  g_assert_true (inv_service_error_is_transient (error));
  g_assert_cmpuint (json_array_get_length (test_service_invitations (service, &state)), ==, 1);
}

static void
test_rate_limit (void)
{
  g_autoptr(TestService) service = test_service_start ("--rate-limit=2", NULL);
  g_autoptr(InvServiceClient) client = client_for (service, API_KEY);
  gboolean limited = FALSE;

  g_assert_cmpint (inv_service_client_get_blocked_until (client), <=, g_get_monotonic_time ());

  for (guint i = 0; i < 6 && !limited; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *email = g_strdup_printf ("r%u@example.org", i);
      g_autoptr(InvRemoteInvitation) remote = invite (client, 1001, email, NULL, &error);

      if (remote == NULL)
        {
          g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_RATE_LIMITED);
          limited = TRUE;
        }
    }

  g_assert_true (limited);
  /* Retry-After was read: the client knows how long to wait. */
  g_assert_cmpint (inv_service_client_get_blocked_until (client), >, g_get_monotonic_time ());
}

static void
test_retry_after_parsing (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 22, 9, 0, 0);

  g_assert_cmpint (inv_service_parse_retry_after ("5", now), ==, 5);
  g_assert_cmpint (inv_service_parse_retry_after (" 120 ", now), ==, 120);
  g_assert_cmpint (inv_service_parse_retry_after ("0", now), ==, 0);
  g_assert_cmpint (inv_service_parse_retry_after ("999999999", now), ==, 3600);
  g_assert_cmpint (inv_service_parse_retry_after ("Sun, 22 Nov 2026 09:00:30 GMT", now), ==, 30);
  g_assert_cmpint (inv_service_parse_retry_after ("Sun, 22 Nov 2026 08:00:00 GMT", now), ==, 0);
  g_assert_cmpint (inv_service_parse_retry_after ("soon", now), ==, -1);
  g_assert_cmpint (inv_service_parse_retry_after ("5s", now), ==, -1);
  g_assert_cmpint (inv_service_parse_retry_after (NULL, now), ==, -1);
}

static void
test_parse_tolerant (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(InvRemoteInvitation) remote = NULL;
  JsonObject *object;

  json_parser_load_from_data (parser,
                              "{\"testInvitationId\": \"9007199254740993\", \"testId\": 1001,"
                              " \"testStatus\": \"In Progress\", \"unknownField\": {\"a\": [1, 2]},"
                              " \"updatedOn\": \"2026-11-22T09:30:00Z\", \"email\": null}",
                              -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));

  remote = inv_service_parse_invitation (object, &error);
  g_assert_no_error (error);
  g_assert_cmpint (remote->id, ==, G_GINT64_CONSTANT (9007199254740993));
  g_assert_cmpint (remote->status, ==, INV_STATUS_IN_PROGRESS);
  g_assert_cmpstr (remote->status_text, ==, "In Progress");
  g_assert_null (remote->email);
  g_assert_cmpint (remote->updated_on, ==, 1795339800);
  g_clear_pointer (&remote, inv_remote_invitation_free);

  /* An unknown spelling is kept as it came. */
  json_parser_load_from_data (parser, "{\"testInvitationId\": 7, \"status\": \"On Hold\"}", -1, &error);
  remote = inv_service_parse_invitation (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  g_assert_cmpint (remote->status, ==, INV_STATUS_UNKNOWN);
  g_assert_cmpstr (inv_remote_invitation_get_status_name (remote), ==, "On Hold");
  g_clear_pointer (&remote, inv_remote_invitation_free);

  json_parser_load_from_data (parser, "{\"status\": \"Pending\"}", -1, &error);
  remote = inv_service_parse_invitation (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_null (remote);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED);
}

static void
test_test_attempts_and_spellings (void)
{
  g_autoptr(TestService) service = test_service_start ("--status-spelling=random", "--seed=3", NULL);
  g_autoptr(InvServiceClient) client = client_for (service, API_KEY);
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(InvServicePages) pages = inv_service_pages_new_test_attempts ("all", now - 3600, now + 3600, 2);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  gint64 ids[5];
  guint seen = 0;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *email = g_strdup_printf ("p%u@example.org", i);

      ids[i] = test_service_create (service, 1002, email, "P");
    }
  test_service_set_status (service, ids[0], "in_progress");
  test_service_set_status (service, ids[1], "completed");
  test_service_set_status (service, ids[2], "test_left");
  test_service_set_status (service, ids[3], "expired");

  /* Three pages of two. */
  inv_service_client_read_pages_async (client, pages, 0, NULL, test_result_cb, &result);
  attempts = inv_service_client_read_pages_finish (client, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attempts->len, ==, 5);
  g_assert_cmpuint (inv_service_pages_has_more (pages), ==, FALSE);

  for (guint i = 0; i < attempts->len; i++)
    {
      InvRemoteInvitation *remote = attempts->pdata[i];
      InvStatus expected[] = { INV_STATUS_IN_PROGRESS, INV_STATUS_COMPLETED, INV_STATUS_TEST_LEFT,
                               INV_STATUS_EXPIRED, INV_STATUS_PENDING };

      for (guint j = 0; j < G_N_ELEMENTS (ids); j++)
        if (remote->id == ids[j])
          {
            /* Whatever the spelling, the status is understood. */
            g_assert_cmpint (remote->status, ==, expected[j]);
            g_assert_cmpstr (remote->origin, ==, "app");
            seen++;
          }
    }

  g_assert_cmpuint (seen, ==, 5);
}

static void
test_no_extensions (void)
{
  g_autoptr(TestService) service = test_service_start ("--no-extensions", NULL);
  g_autoptr(InvServiceClient) client = client_for (service, API_KEY);
  g_autoptr(InvRemoteInvitation) first = NULL;
  g_autoptr(InvRemoteInvitation) cancelled = NULL;
  g_autoptr(InvRemoteInvitation) read = NULL;
  g_autoptr(GError) error = NULL;

  first = invite (client, 1001, "ne@example.org", "key", &error);
  g_assert_no_error (error);
  cancelled = cancel (client, first->id, "key-2", &error);
  g_assert_no_error (error);
  g_clear_pointer (&cancelled, inv_remote_invitation_free);

  /* No idempotency: a repeat is refused with the vendor's 400. */
  cancelled = cancel (client, first->id, "key-2", &error);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_REFUSED);
  g_clear_error (&error);

  /* No GET of one invitation. */
  read = get_invitation (client, first->id, &error);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NOT_FOUND);
}

static void
test_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvServiceClient) client = NULL;
  g_autoptr(InvRemoteInvitation) remote = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 port;

  /* A port that was free a moment ago and is closed again: connection refused. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  {
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);

    client = inv_service_client_new (url, &error);
    g_assert_no_error (error);
  }
  inv_service_client_set_api_key (client, API_KEY);

  remote = cancel (client, 1, NULL, &error);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NETWORK);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/client/list-tests-paged", test_list_tests_paged);
  g_test_add_func ("/sync/client/invite-and-cancel", test_invite_and_cancel);
  g_test_add_func ("/sync/client/idempotency-key", test_idempotency_key);
  g_test_add_func ("/sync/client/errors", test_errors);
  g_test_add_func ("/sync/client/server-faults", test_server_faults);
  g_test_add_func ("/sync/client/dropped-answer", test_dropped_answer);
  g_test_add_func ("/sync/client/rate-limit", test_rate_limit);
  g_test_add_func ("/sync/client/retry-after-parsing", test_retry_after_parsing);
  g_test_add_func ("/sync/client/parse-tolerant", test_parse_tolerant);
  g_test_add_func ("/sync/client/test-attempts-and-spellings", test_test_attempts_and_spellings);
  g_test_add_func ("/sync/client/no-extensions", test_no_extensions);
  g_test_add_func ("/sync/client/unreachable", test_unreachable);

  return g_test_run ();
}

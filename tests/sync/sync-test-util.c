/* sync-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <libsoup/soup.h>
#include <string.h>

#include "inv-invitation-query.h"
#include "inv-message-template.h"
#include "inv-transaction.h"
#include "sync-test-util.h"

static const char *
service_path (void)
{
  const char *path = g_getenv ("INV_TEST_SERVICE");

  g_assert_nonnull (path);
  return path;
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/**
 * test_service_start:
 *
 * Starts the test service on a free port with the given options (NULL-terminated)
 * and waits for its "listening on" line.
 */
TestService *
test_service_start (const char *first_option,
                    ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  TestService *service;
  const char *option;
  va_list args;

  g_ptr_array_add (argv, (char *)service_path ());
  g_ptr_array_add (argv, (char *)"--port=0");
  va_start (args, first_option);
  for (option = first_option; option != NULL; option = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)option);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* The service goes when the test goes, even when a failed assertion aborts it. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  service = g_new0 (TestService, 1);
  service->process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (service->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));

  service->url = g_strdup (line + strlen ("listening on "));
  service->port = atoi (strrchr (line, ':') + 1);
  g_assert_cmpuint (service->port, >, 0);

  return service;
}

void
test_service_stop (TestService *service)
{
  if (service == NULL)
    return;

  g_subprocess_send_signal (service->process, SIGTERM);
  g_subprocess_wait (service->process, NULL, NULL);
  g_object_unref (service->process);
  g_free (service->url);
  g_free (service);
}

/**
 * test_service_admin:
 *
 * Calls an admin endpoint (they never fail on purpose) and returns its JSON answer.
 */
JsonNode *
test_service_admin (TestService *service,
                    const char  *method,
                    const char  *path,
                    const char  *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (service->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), <, 300);

  data = g_bytes_get_data (answer, &size);
  json_parser_load_from_data (parser, data, size, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

/**
 * test_service_invitations:
 * @keep_alive: (out): owns the returned array
 *
 * Returns: (transfer none): every invitation on the service, as /admin/state has them
 */
JsonArray *
test_service_invitations (TestService  *service,
                          JsonNode    **keep_alive)
{
  *keep_alive = test_service_admin (service, "GET", "/admin/state", NULL);

  return json_object_get_array_member (json_node_get_object (*keep_alive), "invitations");
}

gint64
test_service_create (TestService *service,
                     gint64       test_id,
                     const char  *email,
                     const char  *name)
{
  g_autofree char *body = g_strdup_printf ("{\"testId\": %" G_GINT64_FORMAT ", \"email\": \"%s\", \"name\": \"%s\"}",
                                           test_id, email, name);
  g_autoptr(JsonNode) answer = test_service_admin (service, "POST", "/admin/invitations", body);

  return json_object_get_int_member (json_node_get_object (answer), "testInvitationId");
}

/**
 * test_service_get_status:
 *
 * Returns: (transfer full) (nullable): the status the service has for @remote_id
 */
char *
test_service_get_status (TestService *service,
                         gint64       remote_id)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonArray *invitations = test_service_invitations (service, &keep);

  for (guint i = 0; i < json_array_get_length (invitations); i++)
    {
      JsonObject *object = json_array_get_object_element (invitations, i);

      if (json_object_get_int_member (object, "testInvitationId") == remote_id)
        return g_strdup (json_object_get_string_member (object, "status"));
    }

  return NULL;
}

void
test_service_set_status (TestService *service,
                         gint64       remote_id,
                         const char  *status)
{
  g_autofree char *path = g_strdup_printf ("/admin/invitations/%" G_GINT64_FORMAT "/status", remote_id);
  g_autofree char *body = g_strdup_printf ("{\"status\": \"%s\"}", status);
  g_autoptr(JsonNode) answer = test_service_admin (service, "POST", path, body);
}

void
test_service_set_faults (TestService *service,
                         const char  *json)
{
  g_autoptr(JsonNode) answer = test_service_admin (service, "POST", "/admin/faults", json);
}

/* Makes particular requests fail: `{"rules": [{"method": "GET", "path": "/v3/…",
 * "status": 429, "retryAfter": 1, "times": 2}, {"path": "…", "drop": true}]}`. */
void
test_service_set_script (TestService *service,
                         const char  *json)
{
  g_autoptr(JsonNode) answer = test_service_admin (service, "POST", "/admin/script", json);
}

/**
 * test_service_request_times:
 * @state: (nullable): only requests with this `state` query parameter
 *
 * Returns: (transfer full) (element-type gint64): when each API request with @method
 *   and @path arrived at the service, in microseconds of the monotonic clock this
 *   process shares with it, oldest first
 */
GArray *
test_service_request_times (TestService *service,
                            const char  *method,
                            const char  *path,
                            const char  *state)
{
  g_autoptr(JsonNode) answer = test_service_admin (service, "GET", "/admin/requests", NULL);
  JsonArray *requests = json_object_get_array_member (json_node_get_object (answer), "requests");
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      const char *query = json_object_get_string_member_with_default (request, "query", NULL);
      gint64 received = json_object_get_int_member (request, "receivedUs");

      if (g_strcmp0 (json_object_get_string_member (request, "method"), method) != 0 ||
          g_strcmp0 (json_object_get_string_member (request, "path"), path) != 0)
        continue;

      if (state != NULL)
        {
          g_autoptr(GHashTable) params = query != NULL ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL)
                                                       : NULL;

          if (params == NULL || g_strcmp0 (g_hash_table_lookup (params, "state"), state) != 0)
            continue;
        }

      g_array_append_val (times, received);
    }

  return times;
}

char *
test_temp_database_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("inv-sync-test-XXXXXX", &error);

  g_assert_no_error (error);

  return g_build_filename (dir, "invitations.db", NULL);
}

InvDatabase *
test_database_new (const char *path)
{
  g_autoptr(GError) error = NULL;
  gboolean existed = g_file_test (path, G_FILE_TEST_EXISTS);
  InvDatabase *database = inv_database_open (path, &error);

  g_assert_no_error (error);

  /* The default cancellation message names {company} and ends with {signature};
   * a new fixture database has both, as a configured installation would, so that
   * cancelling with the email on is queued. Tests of the missing settings unset
   * them; opening an existing file again leaves what a test stored there. */
  if (!existed)
    {
      g_assert_true (inv_message_template_set_company (database, "Acme", &error));
      g_assert_true (inv_message_template_set_signature (database, "Ada Lovelace", &error));
      g_assert_no_error (error);
    }

  return database;
}

static void
exec_bound (InvDatabase  *database,
            sqlite3_stmt *stmt)
{
  g_autoptr(GError) error = NULL;

  inv_database_step_done (database, stmt, &error);
  g_assert_no_error (error);
}

gint64
test_add_template (InvDatabase *database,
                   gint64       remote_id,
                   const char  *name)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = inv_database_prepare (database,
                                             "INSERT INTO templates (remote_id, name) VALUES (?1, ?2)",
                                             &error);

  g_assert_no_error (error);
  if (remote_id > 0)
    sqlite3_bind_int64 (stmt, 1, remote_id);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  exec_bound (database, stmt);

  return sqlite3_last_insert_rowid (inv_database_get_handle (database));
}

/* Adds a candidate and an invitation the way the inviting and cancelling features
 * do; @remote_id 0 means not sent yet. */
gint64
test_add_invitation (InvDatabase *database,
                     gint64       template_id,
                     const char  *email,
                     const char  *name,
                     gint64       remote_id,
                     const char  *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_utf8_casefold (email, -1);
  g_autofree char *search = inv_search_text_new (name, email);
  sqlite3_stmt *stmt;
  gint64 candidate_id;
  gint64 now = inv_database_now ();

  stmt = inv_database_prepare (database,
                               "INSERT INTO candidates (first_name, last_name, email, email_key, created_at) "
                               "VALUES (?1, '', ?2, ?3, ?4) "
                               "ON CONFLICT (email_key) DO UPDATE SET email = excluded.email "
                               "RETURNING id",
                               &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, now);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  candidate_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  stmt = inv_database_prepare (database,
                               "INSERT INTO invitations (remote_id, template_id, candidate_id, "
                               "  candidate_name, email, search_text, status, sent_at, updated_at, sync_state) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
                               &error);
  g_assert_no_error (error);
  if (remote_id > 0)
    sqlite3_bind_int64 (stmt, 1, remote_id);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, template_id);
  sqlite3_bind_int64 (stmt, 3, candidate_id);
  sqlite3_bind_text (stmt, 4, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, search, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, now);
  sqlite3_bind_text (stmt, 9, remote_id > 0 ? "synced" : "pending_create", -1, SQLITE_STATIC);
  exec_bound (database, stmt);

  return sqlite3_last_insert_rowid (inv_database_get_handle (database));
}

/* An invite as the inviting feature queues it: the invitation and its create row. */
gint64
test_queue_create (InvDatabase *database,
                   gint64       template_id,
                   const char  *email,
                   const char  *name,
                   gint64      *invitation_id)
{
  g_autoptr(GError) error = NULL;
  gint64 id;
  gint64 outbox_id = 0;

  id = test_add_invitation (database, template_id, email, name, 0, "pending");
  inv_outbox_enqueue (database, INV_OUTBOX_CREATE, id,
                      "{\"sendEmail\": \"yes\", \"timeZoneId\": 0}",
                      0, 0, NULL, NULL, &outbox_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outbox_id, >, 0);

  if (invitation_id != NULL)
    *invitation_id = id;

  return outbox_id;
}

/* A cancel as the cancelling feature queues it: status cancelled locally, the
 * previous state kept for an undo, and the cancel row. */
gint64
test_queue_cancel (InvDatabase *database,
                   gint64       invitation_id,
                   gint64       hold_until)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = test_query_string (database, "SELECT status FROM invitations WHERE id = ?1", invitation_id);
  g_autofree char *sync_state = test_query_string (database, "SELECT sync_state FROM invitations WHERE id = ?1", invitation_id);
  sqlite3_stmt *stmt;
  gint64 outbox_id = 0;

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, &error);
  g_assert_no_error (error);

  stmt = inv_database_prepare (database, "UPDATE invitations SET status = 'cancelled' WHERE id = ?1", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, invitation_id);
  exec_bound (database, stmt);

  inv_outbox_enqueue (database, INV_OUTBOX_CANCEL, invitation_id,
                      "{\"reason\": \"position_filled\", \"notifyCandidate\": true, "
                      "\"notifyInterviewers\": true, \"message\": \"The position was filled.\"}",
                      0, hold_until, status, sync_state, &outbox_id, &error);
  g_assert_no_error (error);

  inv_transaction_commit (txn, &error);
  g_assert_no_error (error);

  return outbox_id;
}

char *
test_query_string (InvDatabase *database,
                   const char  *sql,
                   gint64       id)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = inv_database_prepare (database, sql, &error);
  char *value = NULL;

  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return value;
}

gint64
test_query_int (InvDatabase *database,
                const char  *sql,
                gint64       id)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = inv_database_prepare (database, sql, &error);
  gint64 value = -1;

  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return value;
}

/* For async calls: pass test_result_cb with &slot, then test_wait_result (&slot). */
void
test_result_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

GAsyncResult *
test_wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

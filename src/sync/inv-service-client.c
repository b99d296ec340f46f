/* inv-service-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's HTTP client for the invitation service (docs/service-api.md): one
 * SoupSession, asynchronous requests on the thread-default main context, a deadline on
 * every request, the API key in a header, and every failure mapped to an
 * INV_SERVICE_ERROR code that says what the caller must do about it.
 */

#define G_LOG_DOMAIN "inv-service-client"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "inv-service-client.h"
#include "inv-service-parse.h"
#include "inv-service-url.h"

#define DEFAULT_TIMEOUT_SECONDS 30
/* An answer is read as it arrives, never past this: a service that sends more (a
 * listing far beyond a page, an endless body) is refused instead of filling memory. */
#define MAX_ANSWER_BYTES INV_SERVICE_MAX_ANSWER_BYTES
/* Of an error answer only a short message is used; the cap leaves room for a
 * verbose service's message (shortened later), and past it the app's own sentence
 * is said instead. */
#define MAX_ERROR_ANSWER_BYTES (1024 * 1024)
#define READ_CHUNK_BYTES (64 * 1024)
/* A 429 always waits at least this long, and, when it says nothing usable about how
 * long (no Retry-After, 0, a date in the past, garbage), twice as long as the one
 * before it, up to the longest wait a service may ask for. */
#define MIN_RATE_LIMIT_SECONDS 1
#define MAX_RATE_LIMIT_SECONDS 3600
/* Paged listings: a listing whose total is longer than this many pages is not read
 * (see read_page_cb()). */
#define MAX_PAGES_PER_LISTING 200

struct _InvServiceClient
{
  GObject      parent_instance;

  SoupSession *session;        /* owned; the one session of this client */
  char        *base_url;       /* normalised, no trailing slash */
  char        *api_key;        /* owned; never logged */
  guint        timeout;
  gint64       blocked_until;  /* monotonic µs: a 429 asked to wait until then */
  guint        rate_limited_in_a_row;
  guint        n_requests;     /* sent since the client was made */
  guint        n_rate_limited; /* of which answered 429 */
};

G_DEFINE_FINAL_TYPE (InvServiceClient, inv_service_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  SoupMessage  *msg;                  /* owned */
  GCancellable *cancellable;          /* owned: cancelled by the caller or the deadline */
  GCancellable *caller_cancellable;   /* owned, nullable */
  gulong        caller_handler;
  guint         deadline_id;
  gboolean      timed_out;

  GInputStream *stream;               /* owned: the answer's body, read as it comes */
  GByteArray   *body;                 /* owned: what was read of it */
  gsize         limit;                /* the most bytes of it read */
  guint         status;
  gboolean      eof;                  /* the body was read to its end */

  GTlsCertificateFlags tls_errors;    /* why the service's certificate was refused */
  gboolean      self_signed;
} Request;

static void
request_free (Request *request)
{
  /* A body not read to its end (refused as too large, or the request failed) must
   * not be read on by closing it: the exchange is cancelled, which drops the
   * connection, and the stream is closed without waiting. */
  if (request->stream != NULL && !g_input_stream_is_closed (request->stream))
    {
      if (!request->eof)
        g_cancellable_cancel (request->cancellable);
      g_input_stream_close_async (request->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
    }
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  if (request->msg != NULL)
    g_signal_handlers_disconnect_by_data (request->msg, request);

  g_clear_handle_id (&request->deadline_id, g_source_remove);
  if (request->caller_cancellable != NULL)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_handler);
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->msg);
  g_free (request);
}

/* parse_answer:
 * @data: an answer's body, as read (at most %MAX_ANSWER_BYTES)
 *
 * The one place where the text of an answer becomes JSON, success and error
 * answers alike.
 *
 * Returns: (transfer full) (nullable): the answer's root, or %NULL with @error set
 */
static JsonNode *
parse_answer (const char  *data,
              gsize        size,
              GError     **error)
{
  /* Checked before json-glib sees it: depth, strict JSON, ids that fit. */
  return inv_service_parse_json (data, size, error);
}

/* The message of an error answer: the contract's {"message": …} when the body has it;
 * otherwise (an empty body, a proxy's HTML page) a sentence of our own. */
static char *
error_message_for (guint       status,
                   GByteArray *body)
{
  g_autofree char *message = NULL;

  if (body != NULL && body->len > 0)
    message = inv_service_parse_error_message ((const char *)body->data, body->len);

  if (message != NULL)
    return g_steal_pointer (&message);

  switch (status)
    {
    case 401:
      return g_strdup (_("The API key was not accepted"));
    case 403:
      return g_strdup (_("The service does not allow this"));
    case 404:
      return g_strdup (_("The service does not know this invitation or test"));
    case 429:
      return g_strdup (_("The service asked to slow down"));
    default:
      return g_strdup_printf (_("The service had a problem (HTTP %u)"), status);
    }
}

static gboolean
certificate_is_self_signed (GTlsCertificate *certificate)
{
  g_autofree char *subject = NULL;
  g_autofree char *issuer = NULL;

  if (certificate == NULL || g_tls_certificate_get_issuer (certificate) != NULL)
    return FALSE;

  subject = g_tls_certificate_get_subject_name (certificate);
  issuer = g_tls_certificate_get_issuer_name (certificate);

  return subject != NULL && g_strcmp0 (subject, issuer) == 0;
}

/* Never accepted: the handler only learns why the certificate is refused, so that
 * the message can say it. */
static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       Request              *request)
{
  request->tls_errors = errors;
  request->self_signed = certificate_is_self_signed (certificate);

  return FALSE;
}

static void
set_tls_error (GError  **error,
               Request  *request)
{
  GTlsCertificateFlags flags = request->tls_errors;
  const char *message;

  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    message = _("The service’s certificate has expired, so the app did not connect; the service’s administrator needs to renew it");
  else if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    message = _("The service’s certificate is not valid yet, so the app did not connect; check the date and time of this computer");
  else if (flags & G_TLS_CERTIFICATE_REVOKED)
    message = _("The service’s certificate has been revoked, so the app did not connect");
  else if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    message = _("The service’s certificate belongs to another address, so the app did not connect; check the service address");
  else if ((flags & G_TLS_CERTIFICATE_UNKNOWN_CA) && request->self_signed)
    message = _("The service’s certificate is not trusted (it is self-signed), so the app did not connect");
  else if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    message = _("The service’s certificate is not trusted (it is signed by an unknown authority), so the app did not connect");
  else if (flags & G_TLS_CERTIFICATE_INSECURE)
    message = _("The service’s certificate uses an insecure algorithm, so the app did not connect");
  else if (flags != 0)
    message = _("The service’s certificate is not trusted, so the app did not connect");
  else
    message = _("A secure connection to the service could not be set up");

  g_set_error_literal (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_TLS, message);
}

static void
set_error_from_transport (GError   **error,
                          GError    *transport,
                          Request   *request)
{
  if (request->timed_out || g_error_matches (transport, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_TIMEOUT,
                 _("The service did not answer in time"));
  else if (g_error_matches (transport, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_CANCELLED,
                 _("The request was stopped"));
  else if (transport->domain == G_TLS_ERROR || request->tls_errors != 0)
    set_tls_error (error, request);
  else if (g_error_matches (transport, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_set_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NETWORK,
                 _("Could not reach the service: it refused the connection (check the service address)"));
  else if (transport->domain == G_RESOLVER_ERROR)
    g_set_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NETWORK,
                 _("Could not reach the service: its host name was not found (check the service address and the network)"));
  else if (g_error_matches (transport, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
           g_error_matches (transport, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    g_set_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NETWORK,
                 _("Could not reach the service: the network is unreachable"));
  else
    g_set_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NETWORK,
                 _("Could not reach the service: the connection broke off"));
}

static void
return_error (GTask  *task,
              GError *error)
{
  Request *request = g_task_get_task_data (task);

  g_debug ("%s %s: %s", soup_message_get_method (request->msg),
           g_uri_get_path (soup_message_get_uri (request->msg)), error->message);
  g_task_return_error (task, error);
}

/* A 429: how long to wait before the next request, whatever Retry-After says. */
static void
note_rate_limited (InvServiceClient *self,
                   Request          *request)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *header = soup_message_headers_get_one (soup_message_get_response_headers (request->msg),
                                                     "Retry-After");
  gint64 seconds = inv_service_parse_retry_after (header, now);
  gint64 now_us = g_get_monotonic_time ();

  self->n_rate_limited++;

  /* Requests sent before the first 429 was seen answer 429 too: one wait for all. */
  if (self->blocked_until <= now_us)
    self->rate_limited_in_a_row++;

  /* Nothing usable: wait 1 s, then 2, 4, … for 429s in a row. */
  if (seconds < MIN_RATE_LIMIT_SECONDS)
    seconds = (gint64)MIN_RATE_LIMIT_SECONDS << MIN (self->rate_limited_in_a_row - 1, 12);

  seconds = CLAMP (seconds, MIN_RATE_LIMIT_SECONDS, MAX_RATE_LIMIT_SECONDS);
  self->blocked_until = MAX (self->blocked_until, now_us + seconds * G_USEC_PER_SEC);
}

static gboolean
is_success (guint status)
{
  return status >= 200 && status < 300;
}

/* The body was read (in full, or as much of an error answer as is used). */
static void
answer_read (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) parse_error = NULL;
  const char *content_type;
  GError *error = NULL;

  if (!is_success (request->status))
    {
      g_autofree char *message = error_message_for (request->status, request->body);

      error = g_error_new_literal (INV_SERVICE_ERROR,
                                   inv_service_error_code_for_status (request->status), message);
      return_error (task, error);
      return;
    }

  if (request->body->len > 0)
    root = parse_answer ((const char *)request->body->data, request->body->len, &parse_error);

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_pointer (task, g_steal_pointer (&root), (GDestroyNotify)json_node_unref);
      return;
    }

  /* A login page of a proxy, a web server's default page: the address is likely
   * not the service's. */
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (request->msg), NULL);
  if ((content_type != NULL && strstr (content_type, "html") != NULL) ||
      (request->body->len > 0 && request->body->data[0] == '<'))
    error = g_error_new_literal (INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED,
                                 _("The service answered with a web page, not with JSON data; check the service address"));
  else if (root != NULL)
    error = g_error_new_literal (INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED,
                                 _("The service answered with JSON data of an unexpected shape"));
  else if (parse_error != NULL)
    error = g_steal_pointer (&parse_error);
  else
    error = g_error_new_literal (INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED,
                                 _("The service answered something that is not JSON data"));
  return_error (task, error);
}

static void
set_too_large (GError **error)
{
  g_autofree char *size = g_format_size_full (MAX_ANSWER_BYTES, G_FORMAT_SIZE_IEC_UNITS);

  g_set_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_LIMIT,
               _("The service’s answer was larger than %s and was not read; the sync tries again later"),
               size);
}

static void read_more (GTask *task);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) transport = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &transport);
  if (bytes == NULL)
    {
      /* An error answer's status says enough without its body. */
      if (!is_success (request->status) && !request->timed_out &&
          !g_error_matches (transport, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          answer_read (task);
          return;
        }

      set_error_from_transport (&error, transport, request);
      return_error (task, error);
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      request->eof = TRUE;
      answer_read (task);
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (request->body->len > request->limit)
    {
      if (is_success (request->status))
        {
          set_too_large (&error);
          return_error (task, error);
          return;
        }

      g_byte_array_set_size (request->body, request->limit);
      answer_read (task);
      return;
    }

  read_more (g_steal_pointer (&task));
}

static void
read_more (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  /* One byte past the limit tells a body at the limit from a larger one. */
  g_input_stream_read_bytes_async (request->stream,
                                   MIN (READ_CHUNK_BYTES, request->limit + 1 - request->body->len),
                                   G_PRIORITY_DEFAULT, request->cancellable, read_cb, task);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) transport = NULL;
  InvServiceClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  GError *error = NULL;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &transport);
  if (request->stream == NULL)
    {
      set_error_from_transport (&error, transport, request);
      return_error (task, error);
      return;
    }

  request->status = soup_message_get_status (request->msg);
  headers = soup_message_get_response_headers (request->msg);

  /* Redirects are not followed (see send_request()): the key would go along. */
  if (request->status >= 300 && request->status < 400)
    {
      error = g_error_new (INV_SERVICE_ERROR, inv_service_error_code_for_status (request->status),
                           _("The service sent the request on to another address (HTTP %u); the app does not follow it, so that the API key goes nowhere else. Check the service address"),
                           request->status);
      return_error (task, error);
      return;
    }

  if (request->status == 429)
    note_rate_limited (self, request);
  else
    self->rate_limited_in_a_row = 0;

  request->limit = is_success (request->status) ? MAX_ANSWER_BYTES : MAX_ERROR_ANSWER_BYTES;
  request->body = g_byte_array_new ();

  if (is_success (request->status) &&
      soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset)request->limit)
    {
      set_too_large (&error);
      return_error (task, error);
      return;
    }

  read_more (g_steal_pointer (&task));
}

static gboolean
deadline_cb (gpointer user_data)
{
  Request *request = user_data;

  request->deadline_id = 0;
  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);

  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/* Sends one request. @path_and_query is appended to the base URL; @body (nullable) is
 * sent as JSON. The task returns the answer's JSON root object (a JsonNode). */
static void
send_request (InvServiceClient    *self,
              const char          *method,
              const char          *path_and_query,
              JsonNode            *body,
              const char          *idempotency_key,
              GCancellable        *cancellable,
              gpointer             source_tag,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;
  Request *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  if (self->api_key == NULL || *self->api_key == '\0')
    {
      g_task_return_new_error (task, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NO_KEY,
                               _("No API key is set for this service"));
      return;
    }

  url = g_strconcat (self->base_url, path_and_query, NULL);

  request = g_new0 (Request, 1);
  request->msg = soup_message_new (method, url);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  if (request->msg == NULL)
    {
      g_task_return_new_error (task, INV_SERVICE_ERROR, INV_SERVICE_ERROR_INVALID_URL,
                               _("The service address is not valid"));
      return;
    }

  /* A redirect could carry the API key to another host, or from https to http. */
  soup_message_add_flags (request->msg, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (request->msg);
  soup_message_headers_replace (headers, "X-API-KEY", self->api_key);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", idempotency_key);

  if (body != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(GBytes) bytes = NULL;
      gsize length = 0;
      char *text;

      json_generator_set_root (generator, body);
      text = json_generator_to_data (generator, &length);
      bytes = g_bytes_new_take (text, length);
      soup_message_set_request_body_from_bytes (request->msg, "application/json", bytes);
    }

  request->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                       request->cancellable, NULL);
    }

  /* The session's timeout covers each read and write; the deadline covers the whole
   * exchange, the body included, so that a service that answers a byte at a time
   * cannot hold a sync. */
  request->deadline_id = g_timeout_add_seconds (self->timeout * 2, deadline_cb, request);

  g_signal_connect (request->msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), request);

  self->n_requests++;
  soup_session_send_async (self->session, request->msg, G_PRIORITY_DEFAULT,
                           request->cancellable, sent_cb, g_steal_pointer (&task));
}

static JsonNode *
request_finish (InvServiceClient  *self,
                GAsyncResult      *result,
                gpointer           source_tag,
                GError           **error)
{
  g_return_val_if_fail (INV_IS_SERVICE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The object inside {"result": {…}}. */
static JsonObject *
result_object (JsonNode  *root,
               GError   **error)
{
  JsonNode *result = json_object_get_member (json_node_get_object (root), "result");

  if (result == NULL || !JSON_NODE_HOLDS_OBJECT (result))
    {
      inv_service_set_malformed (error, "result");
      return NULL;
    }

  return json_node_get_object (result);
}

static JsonArray *
result_array (JsonObject  *result,
              const char  *member,
              GError     **error)
{
  JsonNode *node = json_object_get_member (result, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      inv_service_set_malformed (error, member);
      return NULL;
    }

  return json_node_get_array (node);
}

/* Reads one item of a page; %NULL when it is unreadable. */
typedef gpointer (*ParseItemFunc) (JsonObject *object);

/* page_finish:
 * @member: the array of the answer's result that holds the items
 * @parse_item: reads one entry of it
 * @free_item: frees what @parse_item returns
 * @total_count: (out) (optional): the `totalCount` of the listing, or the number of
 *   items read when the answer has none
 * @n_entries: (out): how many entries the page held, readable or not
 *
 * Reads one page of a listing, whichever items it holds. Entries that are not
 * objects or cannot be read are skipped: one unreadable entry blocks no other.
 *
 * Returns: (transfer container): the items, or %NULL with @error set
 */
static GPtrArray *
page_finish (InvServiceClient  *self,
             GAsyncResult      *result,
             gpointer           source_tag,
             const char        *member,
             ParseItemFunc      parse_item,
             GDestroyNotify     free_item,
             gint64            *total_count,
             guint             *n_entries,
             GError           **error)
{
  g_autoptr(JsonNode) root = request_finish (self, result, source_tag, error);
  g_autoptr(GPtrArray) items = NULL;
  JsonObject *object;
  JsonArray *array;
  GError *local_error = NULL;

  if (root == NULL || (object = result_object (root, error)) == NULL)
    return NULL;

  array = result_array (object, member, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  *n_entries = array != NULL ? json_array_get_length (array) : 0;
  items = g_ptr_array_new_with_free_func (free_item);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gpointer item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      item = parse_item (json_node_get_object (node));
      if (item != NULL)
        g_ptr_array_add (items, item);
    }

  if (total_count != NULL && !inv_service_json_int64 (object, "totalCount", total_count))
    *total_count = items->len;

  return g_steal_pointer (&items);
}

/* GObject */

static void
inv_service_client_finalize (GObject *object)
{
  InvServiceClient *self = (InvServiceClient *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);
  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));
  g_clear_pointer (&self->api_key, g_free);

  G_OBJECT_CLASS (inv_service_client_parent_class)->finalize (object);
}

static void
inv_service_client_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  InvServiceClient *self = INV_SERVICE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_service_client_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  InvServiceClient *self = INV_SERVICE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      inv_service_client_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_service_client_class_init (InvServiceClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inv_service_client_finalize;
  object_class->get_property = inv_service_client_get_property;
  object_class->set_property = inv_service_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 600, DEFAULT_TIMEOUT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inv_service_client_init (InvServiceClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Invitations/%s ", PACKAGE_VERSION);

  self->timeout = DEFAULT_TIMEOUT_SECONDS;
  /* Enough connections for the sync engine's largest concurrency (16): libsoup's
   * default of two per host would serialise the outbox push. */
  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "idle-timeout", 60,
                                                 "max-conns", 32,
                                                 "max-conns-per-host", 16,
                                                 "user-agent", user_agent,
                                                 NULL);
}

/* Public API */

/**
 * inv_service_client_new:
 * @base_url: the service address; checked with inv_service_url_normalize()
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a client without an API key yet, or %NULL with @error set
 */
InvServiceClient *
inv_service_client_new (const char  *base_url,
                        GError     **error)
{
  g_autofree char *normalized = inv_service_url_normalize (base_url, error);
  InvServiceClient *self;

  if (normalized == NULL)
    return NULL;

  self = g_object_new (INV_TYPE_SERVICE_CLIENT, NULL);
  self->base_url = g_steal_pointer (&normalized);

  return self;
}

const char *
inv_service_client_get_base_url (InvServiceClient *self)
{
  g_return_val_if_fail (INV_IS_SERVICE_CLIENT (self), NULL);

  return self->base_url;
}

/**
 * inv_service_client_set_api_key:
 * @api_key: (nullable): the key sent in `X-API-KEY`; kept in memory only
 */
void
inv_service_client_set_api_key (InvServiceClient *self,
                                const char       *api_key)
{
  g_return_if_fail (INV_IS_SERVICE_CLIENT (self));

  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));
  g_free (self->api_key);
  self->api_key = api_key != NULL ? g_strstrip (g_strdup (api_key)) : NULL;
}

/**
 * inv_service_client_set_timeout:
 * @seconds: how long one read or write may wait; a whole request may take twice that
 */
void
inv_service_client_set_timeout (InvServiceClient *self,
                                guint             seconds)
{
  g_return_if_fail (INV_IS_SERVICE_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  g_object_set (self->session, "timeout", seconds, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * inv_service_client_get_blocked_until:
 *
 * Returns: the monotonic time (µs) until which the service asked, with a 429 and
 *   `Retry-After`, not to be sent requests; in the past when there is no such wish
 */
gint64
inv_service_client_get_blocked_until (InvServiceClient *self)
{
  g_return_val_if_fail (INV_IS_SERVICE_CLIENT (self), 0);

  return self->blocked_until;
}

/**
 * inv_service_client_get_n_requests:
 *
 * Returns: how many requests the client sent so far (the sync bounds its runs by it)
 */
guint
inv_service_client_get_n_requests (InvServiceClient *self)
{
  g_return_val_if_fail (INV_IS_SERVICE_CLIENT (self), 0);

  return self->n_requests;
}

/**
 * inv_service_client_get_n_rate_limited:
 *
 * Returns: how many of the client's requests were answered 429 so far
 */
guint
inv_service_client_get_n_rate_limited (InvServiceClient *self)
{
  g_return_val_if_fail (INV_IS_SERVICE_CLIENT (self), 0);

  return self->n_rate_limited;
}

/* GET /v3/tests */

static void
list_tests_async (InvServiceClient    *self,
                  guint                page_no,
                  guint                page_size,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (INV_IS_SERVICE_CLIENT (self));

  page_size = CLAMP (page_size, 1, INV_SERVICE_TESTS_PAGE_SIZE);
  path = g_strdup_printf ("/v3/tests?pageNo=%u&pageSize=%u", MAX (page_no, 1), page_size);
  send_request (self, "GET", path, NULL, NULL, cancellable,
                list_tests_async, callback, user_data);
}

static gpointer
parse_test_item (JsonObject *object)
{
  return inv_service_parse_page_test (object);
}

/* Answers that are one invitation */

static InvRemoteInvitation *
invitation_finish (InvServiceClient  *self,
                   GAsyncResult      *result,
                   gpointer           source_tag,
                   GError           **error)
{
  g_autoptr(JsonNode) root = request_finish (self, result, source_tag, error);

  if (root == NULL)
    return NULL;

  return inv_service_parse_invitation (json_node_get_object (root), error);
}

/**
 * inv_service_client_invite_async:
 * @test_id: the template's remote id
 * @body: the invite request body (email, name, sendEmail, window, …)
 * @idempotency_key: (nullable): the outbox row's key, so that a repeat acts once
 */
void
inv_service_client_invite_async (InvServiceClient    *self,
                                 gint64               test_id,
                                 JsonObject          *body,
                                 const char          *idempotency_key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *path = NULL;

  g_return_if_fail (INV_IS_SERVICE_CLIENT (self));
  g_return_if_fail (body != NULL);

  json_node_set_object (node, body);
  path = g_strdup_printf ("/v3/tests/%" G_GINT64_FORMAT "/invite", test_id);
  send_request (self, "POST", path, node, idempotency_key, cancellable,
                inv_service_client_invite_async, callback, user_data);
}

/**
 * inv_service_client_invite_finish:
 *
 * Returns: (transfer full): the invitation (its id, link and status), or %NULL with
 *   @error set
 */
InvRemoteInvitation *
inv_service_client_invite_finish (InvServiceClient  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  return invitation_finish (self, result, inv_service_client_invite_async, error);
}

/**
 * inv_service_client_cancel_async:
 * @body: (nullable): reason, notify flags and message; %NULL sends `{}`
 */
void
inv_service_client_cancel_async (InvServiceClient    *self,
                                 gint64               invitation_id,
                                 JsonObject          *body,
                                 const char          *idempotency_key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) empty = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (INV_IS_SERVICE_CLIENT (self));

  if (body == NULL)
    body = empty = json_object_new ();

  json_node_set_object (node, body);
  path = g_strdup_printf ("/v3/invitations/%" G_GINT64_FORMAT "/cancel", invitation_id);
  send_request (self, "POST", path, node, idempotency_key, cancellable,
                inv_service_client_cancel_async, callback, user_data);
}

InvRemoteInvitation *
inv_service_client_cancel_finish (InvServiceClient  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  return invitation_finish (self, result, inv_service_client_cancel_async, error);
}

void
inv_service_client_reattempt_async (InvServiceClient    *self,
                                    gint64               invitation_id,
                                    const char          *idempotency_key,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autofree char *path = NULL;

  g_return_if_fail (INV_IS_SERVICE_CLIENT (self));

  json_node_set_object (node, empty);
  path = g_strdup_printf ("/v3/invitations/%" G_GINT64_FORMAT "/reattempt", invitation_id);
  send_request (self, "POST", path, node, idempotency_key, cancellable,
                inv_service_client_reattempt_async, callback, user_data);
}

/**
 * inv_service_client_reattempt_finish:
 *
 * Returns: (transfer full): the new invitation, or %NULL with @error set
 */
InvRemoteInvitation *
inv_service_client_reattempt_finish (InvServiceClient  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  return invitation_finish (self, result, inv_service_client_reattempt_async, error);
}

/**
 * inv_service_client_get_invitation_async:
 *
 * Reads one invitation (an extension). A service without it answers 404 for every id,
 * which the caller cannot tell from an unknown id: it then falls back to testattempts.
 */
void
inv_service_client_get_invitation_async (InvServiceClient    *self,
                                         gint64               invitation_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (INV_IS_SERVICE_CLIENT (self));

  path = g_strdup_printf ("/v3/invitations/%" G_GINT64_FORMAT, invitation_id);
  send_request (self, "GET", path, NULL, NULL, cancellable,
                inv_service_client_get_invitation_async, callback, user_data);
}

InvRemoteInvitation *
inv_service_client_get_invitation_finish (InvServiceClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  return invitation_finish (self, result, inv_service_client_get_invitation_async, error);
}

/* test_attempts_async:
 * @state: (nullable): a status filter (`all`, `pending`, `inprogress`, …); %NULL is `all`
 * @start: the window's start, UTC seconds
 * @end: the window's end; at most 31 days after @start (longer windows are the
 *   caller's to split)
 */
static void
test_attempts_async (InvServiceClient    *self,
                     const char          *state,
                     gint64               start,
                     gint64               end,
                     guint                page_no,
                     guint                page_size,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GDateTime) start_dt = NULL;
  g_autoptr(GDateTime) end_dt = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (INV_IS_SERVICE_CLIENT (self));
  g_return_if_fail (end >= start);
  g_return_if_fail (end - start <= INV_SERVICE_MAX_WINDOW_SECONDS);

  start_dt = g_date_time_new_from_unix_utc (start);
  end_dt = g_date_time_new_from_unix_utc (end);
  start_text = g_date_time_format (start_dt, "%Y-%m-%dT%H:%M:%SZ");
  end_text = g_date_time_format (end_dt, "%Y-%m-%dT%H:%M:%SZ");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "StartDateTime");
  json_builder_add_string_value (builder, start_text);
  json_builder_set_member_name (builder, "EndDateTime");
  json_builder_add_string_value (builder, end_text);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  escaped = g_uri_escape_string (state != NULL ? state : "all", NULL, FALSE);
  page_size = CLAMP (page_size, 1, INV_SERVICE_ATTEMPTS_PAGE_SIZE);
  path = g_strdup_printf ("/v3/candidates/testattempts?state=%s&pageNo=%u&pageSize=%u",
                          escaped, MAX (page_no, 1), page_size);
  send_request (self, "POST", path, body, NULL, cancellable,
                test_attempts_async, callback, user_data);
}

static gpointer
parse_invitation_item (JsonObject *object)
{
  return inv_service_parse_page_invitation (object);
}

/* Paged reads: one place asks for the pages of a listing in turn and knows when the
 * last one was read, whatever the caller does between pages (wait, retry, stop). */

typedef enum
{
  LISTING_TESTS,
  LISTING_TEST_ATTEMPTS,
} Listing;

struct _InvServicePages
{
  grefcount  ref_count;
  Listing    listing;
  char      *state;         /* owned, test attempts only */
  gint64     start;
  gint64     end;
  guint      page_size;
  guint      page_no;       /* the page read next */
  gboolean   more;          /* the last page read was not the last one */
  GHashTable *seen;         /* owned: the ids of the entries read since the first page */
};

static InvServicePages *
pages_new (Listing listing,
           guint   page_size)
{
  InvServicePages *pages = g_new0 (InvServicePages, 1);

  g_ref_count_init (&pages->ref_count);
  pages->listing = listing;
  pages->page_size = page_size;
  pages->page_no = 1;
  pages->seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  return pages;
}

/**
 * inv_service_pages_new_tests:
 * @page_size: templates per page, at most %INV_SERVICE_TESTS_PAGE_SIZE
 *
 * Returns: (transfer full): the templates of the service, from the first page
 */
InvServicePages *
inv_service_pages_new_tests (guint page_size)
{
  return pages_new (LISTING_TESTS, CLAMP (page_size, 1, INV_SERVICE_TESTS_PAGE_SIZE));
}

/**
 * inv_service_pages_new_test_attempts:
 * @state: (nullable): a status filter (`all`, `pending`, `inprogress`, …); %NULL is `all`
 * @start: the window's start, UTC seconds
 * @end: the window's end; at most 31 days after @start
 * @page_size: changes per page, at most %INV_SERVICE_ATTEMPTS_PAGE_SIZE
 *
 * Returns: (transfer full): the status changes in the window, from the first page
 */
InvServicePages *
inv_service_pages_new_test_attempts (const char *state,
                                     gint64      start,
                                     gint64      end,
                                     guint       page_size)
{
  InvServicePages *pages = pages_new (LISTING_TEST_ATTEMPTS,
                                      CLAMP (page_size, 1, INV_SERVICE_ATTEMPTS_PAGE_SIZE));

  pages->state = g_strdup (state);
  pages->start = start;
  pages->end = end;

  return pages;
}

InvServicePages *
inv_service_pages_ref (InvServicePages *pages)
{
  g_return_val_if_fail (pages != NULL, NULL);

  g_ref_count_inc (&pages->ref_count);

  return pages;
}

void
inv_service_pages_unref (InvServicePages *pages)
{
  g_return_if_fail (pages != NULL);

  if (g_ref_count_dec (&pages->ref_count))
    {
      g_free (pages->state);
      g_hash_table_unref (pages->seen);
      g_free (pages);
    }
}

/**
 * inv_service_pages_set_window:
 *
 * Moves a listing of status changes to another window, from its first page.
 */
void
inv_service_pages_set_window (InvServicePages *pages,
                              gint64           start,
                              gint64           end)
{
  g_return_if_fail (pages != NULL);
  g_return_if_fail (pages->listing == LISTING_TEST_ATTEMPTS);

  pages->start = start;
  pages->end = end;
  inv_service_pages_rewind (pages);
}

/**
 * inv_service_pages_rewind:
 *
 * Reads the listing again from its first page (its content moved while it was read).
 */
void
inv_service_pages_rewind (InvServicePages *pages)
{
  g_return_if_fail (pages != NULL);

  pages->page_no = 1;
  pages->more = FALSE;
  g_hash_table_remove_all (pages->seen);
}

/**
 * inv_service_pages_has_more:
 *
 * Returns: %TRUE when the page read last was not the listing's last one: its
 *   `totalCount` goes beyond it, and it was not empty
 */
gboolean
inv_service_pages_has_more (InvServicePages *pages)
{
  g_return_val_if_fail (pages != NULL, FALSE);

  return pages->more;
}

typedef struct
{
  InvServicePages *pages;   /* owned */
  gint64           total_count;
} PageRead;

static void
page_read_free (PageRead *read)
{
  inv_service_pages_unref (read->pages);
  g_free (read);
}

static void
read_page_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  InvServiceClient *self = INV_SERVICE_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  PageRead *read = g_task_get_task_data (task);
  InvServicePages *pages = read->pages;
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;
  guint n_entries = 0;
  guint n_new = 0;

  /* Templates (InvRemoteTest) or status changes (InvRemoteInvitation). */
  if (pages->listing == LISTING_TESTS)
    items = page_finish (self, result, list_tests_async, "tests", parse_test_item,
                         (GDestroyNotify)inv_remote_test_free, &read->total_count, &n_entries, &error);
  else
    items = page_finish (self, result, test_attempts_async, "testAttempts", parse_invitation_item,
                         (GDestroyNotify)inv_remote_invitation_free, &read->total_count, &n_entries,
                         &error);

  /* A failed page is read again by the next call. */
  if (items == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A service that pages on for ever, or sends everything at once, is not followed:
   * the listing ends here with a message, and the next sync reads it again. */
  if (n_entries > pages->page_size)
    {
      g_task_return_new_error (task, INV_SERVICE_ERROR, INV_SERVICE_ERROR_LIMIT,
                               _("The service sent %u entries in a page of %u; the list was not read"),
                               n_entries, pages->page_size);
      return;
    }

  if (read->total_count > (gint64)MAX_PAGES_PER_LISTING * pages->page_size)
    {
      /* The count is written out apart: a format macro inside the text would hide it
       * from translation. */
      g_autofree char *total = g_strdup_printf ("%'" G_GINT64_FORMAT, read->total_count);

      g_task_return_new_error (task, INV_SERVICE_ERROR, INV_SERVICE_ERROR_LIMIT,
                               _("The service says its list holds %s entries, more than the app reads at once (%'u); the list was not read"),
                               total, MAX_PAGES_PER_LISTING * pages->page_size);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      gint64 id = pages->listing == LISTING_TESTS
                  ? ((InvRemoteTest *)g_ptr_array_index (items, i))->id
                  : ((InvRemoteInvitation *)g_ptr_array_index (items, i))->id;

      if (g_hash_table_add (pages->seen, g_memdup2 (&id, sizeof id)))
        n_new++;
    }

  if (items->len > 0 && n_new == 0)
    {
      g_task_return_new_error (task, INV_SERVICE_ERROR, INV_SERVICE_ERROR_LIMIT,
                               _("The service sent the same entries again on page %u; the list was not read to its end"),
                               pages->page_no);
      return;
    }

  /* With the total at most MAX_PAGES_PER_LISTING pages, so is the listing, however
   * the total moves while it is read. */
  pages->more = (gint64)pages->page_no * pages->page_size < read->total_count && items->len > 0;
  pages->page_no++;

  g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify)g_ptr_array_unref);
}

/**
 * inv_service_client_read_page_async:
 * @pages: the listing; it moves on to the next page once this one was read
 *
 * Reads the next page of @pages (again, after a failure). Between pages the caller
 * asks inv_service_pages_has_more() whether to read on.
 */
void
inv_service_client_read_page_async (InvServiceClient    *self,
                                    InvServicePages     *pages,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PageRead *read;

  g_return_if_fail (INV_IS_SERVICE_CLIENT (self));
  g_return_if_fail (pages != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, inv_service_client_read_page_async);
  read = g_new0 (PageRead, 1);
  read->pages = inv_service_pages_ref (pages);
  g_task_set_task_data (task, read, (GDestroyNotify)page_read_free);

  if (pages->listing == LISTING_TESTS)
    list_tests_async (self, pages->page_no, pages->page_size, cancellable,
                                         read_page_cb, g_steal_pointer (&task));
  else
    test_attempts_async (self, pages->state, pages->start, pages->end,
                                            pages->page_no, pages->page_size, cancellable,
                                            read_page_cb, g_steal_pointer (&task));
}

/**
 * inv_service_client_read_page_finish:
 * @total_count: (out) (optional): the `totalCount` of the listing
 *
 * Returns: (transfer container): one page (#InvRemoteTest or #InvRemoteInvitation,
 *   as the listing holds), or %NULL with @error set
 */
GPtrArray *
inv_service_client_read_page_finish (InvServiceClient  *self,
                                     GAsyncResult      *result,
                                     gint64            *total_count,
                                     GError           **error)
{
  GPtrArray *items;

  g_return_val_if_fail (INV_IS_SERVICE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == inv_service_client_read_page_async, NULL);

  items = g_task_propagate_pointer (G_TASK (result), error);
  if (items != NULL && total_count != NULL)
    *total_count = ((PageRead *)g_task_get_task_data (G_TASK (result)))->total_count;

  return items;
}

typedef struct
{
  InvServicePages *pages;   /* owned */
  GPtrArray       *items;   /* owned, nullable until the first page */
  guint            max_pages;
  guint            n_read;
} PagesRead;

static void
pages_read_free (PagesRead *read)
{
  inv_service_pages_unref (read->pages);
  g_clear_pointer (&read->items, g_ptr_array_unref);
  g_free (read);
}

static void
read_pages_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  InvServiceClient *self = INV_SERVICE_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) page = NULL;
  PagesRead *read = g_task_get_task_data (task);
  GError *error = NULL;

  page = inv_service_client_read_page_finish (self, result, NULL, &error);
  if (page == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  read->n_read++;
  if (read->items == NULL)
    read->items = g_steal_pointer (&page);
  else
    g_ptr_array_extend_and_steal (read->items, g_steal_pointer (&page));

  if (inv_service_pages_has_more (read->pages) &&
      (read->max_pages == 0 || read->n_read < read->max_pages))
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      inv_service_client_read_page_async (self, read->pages, cancellable, read_pages_cb,
                                          g_steal_pointer (&task));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&read->items), (GDestroyNotify)g_ptr_array_unref);
}

/**
 * inv_service_client_read_pages_async:
 * @pages: the listing, read from its next page on
 * @max_pages: the most pages read; 0 for no limit
 *
 * Reads the pages of @pages one after the other, until the last one (or
 * @max_pages). The first failure ends the read.
 */
void
inv_service_client_read_pages_async (InvServiceClient    *self,
                                     InvServicePages     *pages,
                                     guint                max_pages,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PagesRead *read;

  g_return_if_fail (INV_IS_SERVICE_CLIENT (self));
  g_return_if_fail (pages != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, inv_service_client_read_pages_async);
  read = g_new0 (PagesRead, 1);
  read->pages = inv_service_pages_ref (pages);
  read->max_pages = max_pages;
  g_task_set_task_data (task, read, (GDestroyNotify)pages_read_free);

  inv_service_client_read_page_async (self, pages, cancellable, read_pages_cb, g_steal_pointer (&task));
}

/**
 * inv_service_client_read_pages_finish:
 *
 * Returns: (transfer container): the items of every page read, in order, or %NULL
 *   with @error set
 */
GPtrArray *
inv_service_client_read_pages_finish (InvServiceClient  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (INV_IS_SERVICE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == inv_service_client_read_pages_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* POST /v3/gdpr/requests */

void
inv_service_client_erase_async (InvServiceClient    *self,
                                const char          *email,
                                const char          *idempotency_key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (INV_IS_SERVICE_CLIENT (self));
  g_return_if_fail (email != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "CandidateEmail");
  json_builder_add_string_value (builder, email);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  send_request (self, "POST", "/v3/gdpr/requests", body, idempotency_key, cancellable,
                inv_service_client_erase_async, callback, user_data);
}

gboolean
inv_service_client_erase_finish (InvServiceClient  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_autoptr(JsonNode) root = request_finish (self, result, inv_service_client_erase_async, error);

  return root != NULL;
}

/* invitations-test-service.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real HTTP server that implements the invitation service contract
 * (docs/service-api.md) with in-memory state, for the app's tests and for demos.
 * It can misbehave on purpose — latency, server errors, HTML and empty error bodies,
 * connections reset after a change was applied, rate limiting, varying status
 * spellings, a service without the extensions — so that the tests can show that the
 * app's sync survives all of it. Admin endpoints under /admin/ let a test look at
 * and change the state, make particular requests fail (/admin/script) and read when
 * each API request arrived (/admin/requests); they never misbehave. It listens on
 * 127.0.0.1 only.
 */

#define G_LOG_DOMAIN "invitations-test-service"

#include "config.h"

#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

typedef enum
{
  STATUS_PENDING,
  STATUS_IN_PROGRESS,
  STATUS_COMPLETED,
  STATUS_EXPIRED,
  STATUS_CANCELLED,
  STATUS_TEST_LEFT,
  STATUS_TERMINATED,
  N_STATUSES
} Status;

/* The normalised names, as the admin endpoints and the `state` filter use them. */
static const char * const status_names[N_STATUSES] = {
  "pending", "in_progress", "completed", "expired", "cancelled", "test_left", "terminated",
};

/* The spellings the contract says are seen on the wire; the first is the usual one. */
static const char * const * const status_spellings[N_STATUSES] = {
  (const char * const[]) { "Pending", NULL },
  (const char * const[]) { "Inprogress", "InProgress", "In Progress", NULL },
  (const char * const[]) { "Complete", "Completed", NULL },
  (const char * const[]) { "Expired", NULL },
  (const char * const[]) { "Cancelled", "Canceled", "cancelled", NULL },
  (const char * const[]) { "Test Left", "Testleft", "TestLeft", NULL },
  (const char * const[]) { "Terminated", NULL },
};

typedef struct
{
  char *name;
  char *email;
} Person;

typedef struct
{
  gint64     id;
  char      *name;
  gboolean   active;
  gboolean   live;
  int        duration;
  int        validity_days;
  GPtrArray *interviewers;   /* Person */
} Test;

typedef struct
{
  gint64    id;
  gint64    test_id;
  char     *email;
  char     *name;
  Status    status;
  char     *token;            /* the secret part of the current link */
  char     *origin;           /* "api" or "app" (made in the web dashboard) */
  char     *message;
  char     *cancel_reason;
  char     *cancel_subject;   /* the cancellation email's subject */
  char     *cancel_message;   /* what the cancellation email said */
  gint64    start;
  gint64    end;
  gint64    created;
  gint64    updated;
  gint64    reattempt_of;
  gboolean  erased;
  gboolean  reminders;
  guint     invite_requests;  /* invite requests that matched or made it */
  guint     reactivations;
  guint     cancellations;    /* cancels applied: the tests expect exactly one */
  guint     candidate_notices;
  guint     interviewer_notices;
} Invitation;

typedef struct
{
  guint   status;
  char   *body;
  gint64  at;
} StoredAnswer;

/* A fault a test asks for, for particular requests: the next `times` requests with
 * this method and path (and `state` query parameter, when given) are answered with
 * `status` without acting, or (`drop`) acted on and answered by resetting the
 * connection. Tests use it to make exactly the reads they look at fail; with a `body`,
 * the answer is that text as it is (any status from 200), for tests of what the app
 * makes of a hostile or broken answer. */
typedef struct
{
  char     *method;       /* nullable: any */
  char     *path;
  char     *state;        /* nullable: any */
  char     *body;         /* nullable: the answer's body, sent unchanged as JSON */
  guint     status;
  guint     retry_after;  /* seconds; 0 for no Retry-After header */
  gboolean  drop;
  guint     times;
} ScriptRule;

/* One API request as it arrived, for tests that count requests and check their
 * timing. */
typedef struct
{
  char   *method;
  char   *path;
  char   *query;          /* nullable */
  gint64  received_us;    /* monotonic, as the client's own clock on this machine */
  guint   status;         /* 0 while unanswered, or when the connection was reset */
} LoggedRequest;

#define MAX_LOGGED_REQUESTS 10000

typedef struct
{
  SoupServer *server;
  GMainLoop  *loop;
  GRand      *rand;

  /* options */
  char       *api_key;
  guint       latency_ms;
  double      fail_rate;
  double      drop_rate;
  guint       rate_limit;
  gboolean    random_spelling;
  gboolean    extensions;
  guint       port;

  /* state */
  GHashTable *tests;          /* id → Test */
  GPtrArray  *test_order;     /* Test, by id */
  GHashTable *invitations;    /* id → Invitation */
  GPtrArray  *invitation_order;
  GHashTable *by_token;       /* token → Invitation */
  GHashTable *answers;        /* idempotency key → StoredAnswer */
  GPtrArray  *script;         /* ScriptRule, in the order they are tried */
  GQueue      request_log;    /* LoggedRequest, the most recent MAX_LOGGED_REQUESTS */
  guint       first_logged;   /* the number of the oldest request in the log */
  gint64      next_test_id;
  gint64      next_invitation_id;

  /* rate limiting: a token bucket refilled at rate_limit per second */
  double      tokens;
  gint64      tokens_at;

  /* what happened, for /admin/state */
  guint       n_requests;
  guint       n_faults;
  guint       n_drops;
  guint       n_rate_limited;
  guint       n_replays;
} Service;

typedef struct
{
  Service           *service;
  SoupServerMessage *msg;      /* owned */
  char              *path;
  GHashTable        *query;    /* owned, may be NULL */
  guint              number;   /* its place among all API requests, for the log */
} PendingRequest;

#define MAX_WINDOW_SECONDS (31 * 24 * 3600)
#define IDEMPOTENCY_SECONDS (24 * 3600)

static void
person_free (Person *person)
{
  g_free (person->name);
  g_free (person->email);
  g_free (person);
}

static void
test_free (Test *test)
{
  g_free (test->name);
  g_ptr_array_unref (test->interviewers);
  g_free (test);
}

static void
invitation_free (Invitation *invitation)
{
  g_free (invitation->email);
  g_free (invitation->name);
  g_free (invitation->token);
  g_free (invitation->origin);
  g_free (invitation->message);
  g_free (invitation->cancel_message);
  g_free (invitation->cancel_subject);
  g_free (invitation->cancel_reason);
  g_free (invitation);
}

static void
stored_answer_free (StoredAnswer *answer)
{
  g_free (answer->body);
  g_free (answer);
}

static void
script_rule_free (ScriptRule *rule)
{
  g_free (rule->method);
  g_free (rule->path);
  g_free (rule->state);
  g_free (rule->body);
  g_free (rule);
}

static void
logged_request_free (LoggedRequest *logged)
{
  g_free (logged->method);
  g_free (logged->path);
  g_free (logged->query);
  g_free (logged);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
format_time (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
parse_time (const char *text,
            gint64     *t)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return FALSE;

  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    return FALSE;

  *t = g_date_time_to_unix (dt);
  return TRUE;
}

/* Folds a spelling the way the contract normalises it. */
static gboolean
status_from_text (const char *text,
                  Status     *status)
{
  g_autoptr(GString) folded = g_string_new (NULL);

  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p; p++)
    if (*p != ' ' && *p != '_' && *p != '-')
      g_string_append_c (folded, g_ascii_tolower (*p));

  for (guint i = 0; i < N_STATUSES; i++)
    {
      for (guint j = 0; status_spellings[i][j] != NULL; j++)
        {
          g_autoptr(GString) candidate = g_string_new (NULL);

          for (const char *p = status_spellings[i][j]; *p; p++)
            if (*p != ' ')
              g_string_append_c (candidate, g_ascii_tolower (*p));

          if (g_str_equal (candidate->str, folded->str))
            {
              *status = i;
              return TRUE;
            }
        }

      if (g_str_equal (folded->str, status_names[i]) ||
          (i == STATUS_IN_PROGRESS && g_str_equal (folded->str, "inprogress")) ||
          (i == STATUS_TEST_LEFT && g_str_equal (folded->str, "testleft")))
        {
          *status = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* The spelling of @status in an answer: the usual one, or with
 * --status-spelling=random any spelling the contract lists, in any case. */
static char *
spell_status (Service    *self,
              Status      status,
              guint       usual)
{
  const char * const *spellings = status_spellings[status];
  guint n = g_strv_length ((char **)spellings);
  guint pick;

  if (!self->random_spelling)
    return g_strdup (spellings[MIN (usual, n - 1)]);

  pick = g_rand_int_range (self->rand, 0, n);
  switch (g_rand_int_range (self->rand, 0, 4))
    {
    case 0: return g_ascii_strup (spellings[pick], -1);
    case 1: return g_ascii_strdown (spellings[pick], -1);
    default: return g_strdup (spellings[pick]);
    }
}

static char *
link_for (Service    *self,
          Invitation *invitation)
{
  return g_strdup_printf ("http://127.0.0.1:%u/i/%s", self->port, invitation->token);
}

static void
new_token (Service    *self,
           Invitation *invitation)
{
  if (invitation->token != NULL)
    g_hash_table_remove (self->by_token, invitation->token);

  g_free (invitation->token);
  invitation->token = g_uuid_string_random ();
  g_hash_table_insert (self->by_token, invitation->token, invitation);
}

static Test *
add_test (Service    *self,
          gint64      id,
          const char *name,
          gboolean    active,
          gboolean    live,
          int         duration,
          int         validity_days)
{
  Test *test = g_new0 (Test, 1);

  if (id <= 0)
    id = self->next_test_id++;
  else
    self->next_test_id = MAX (self->next_test_id, id + 1);

  test->id = id;
  test->name = g_strdup (name);
  test->active = active;
  test->live = live;
  test->duration = duration > 0 ? duration : 60;
  test->validity_days = validity_days > 0 ? validity_days : 7;
  test->interviewers = g_ptr_array_new_with_free_func ((GDestroyNotify)person_free);

  g_hash_table_insert (self->tests, &test->id, test);
  g_ptr_array_add (self->test_order, test);

  return test;
}

static void
add_interviewer (Test       *test,
                 const char *name,
                 const char *email)
{
  Person *person = g_new0 (Person, 1);

  person->name = g_strdup (name);
  person->email = g_strdup (email);
  g_ptr_array_add (test->interviewers, person);
}

static Invitation *
add_invitation (Service    *self,
                Test       *test,
                const char *email,
                const char *name,
                const char *origin)
{
  Invitation *invitation = g_new0 (Invitation, 1);
  gint64 now = now_seconds ();

  invitation->id = self->next_invitation_id++;
  invitation->test_id = test->id;
  invitation->email = g_strdup (email);
  invitation->name = g_strdup (name != NULL && *name ? name : email);
  invitation->status = STATUS_PENDING;
  invitation->origin = g_strdup (origin);
  invitation->created = now;
  invitation->updated = now;
  invitation->start = now;
  invitation->end = now + (gint64)test->validity_days * 24 * 3600;
  invitation->reminders = TRUE;
  new_token (self, invitation);

  g_hash_table_insert (self->invitations, &invitation->id, invitation);
  g_ptr_array_add (self->invitation_order, invitation);

  return invitation;
}

static void
set_status (Invitation *invitation,
            Status      status)
{
  invitation->status = status;
  invitation->updated = now_seconds ();
  invitation->reminders = status == STATUS_PENDING;
}

/* The most recent invitation of @test for @email, compared case-insensitively. */
static Invitation *
find_invitation_for (Service    *self,
                     gint64      test_id,
                     const char *email)
{
  g_autofree char *key = g_utf8_casefold (email, -1);

  for (guint i = self->invitation_order->len; i > 0; i--)
    {
      Invitation *invitation = g_ptr_array_index (self->invitation_order, i - 1);
      g_autofree char *other = NULL;

      if (invitation->test_id != test_id || invitation->erased)
        continue;

      other = g_utf8_casefold (invitation->email, -1);
      if (g_str_equal (key, other))
        return invitation;
    }

  return NULL;
}

static gboolean
email_is_valid (const char *email)
{
  const char *at;

  if (email == NULL || *email == '\0' || strchr (email, ' ') != NULL)
    return FALSE;

  at = strchr (email, '@');
  if (at == NULL || at == email || strchr (at + 1, '@') != NULL)
    return FALSE;

  return strchr (at + 1, '.') != NULL && at[1] != '.' && email[strlen (email) - 1] != '.';
}

/* Answers */

typedef struct
{
  guint      status;
  JsonNode  *body;          /* owned, or NULL */
  char      *retry_after;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->body, json_node_unref);
  g_clear_pointer (&answer->retry_after, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static void
answer_json (Answer   *answer,
             guint     status,
             JsonNode *body)
{
  answer_clear (answer);
  answer->status = status;
  answer->body = body;
}

static void
answer_error (Answer     *answer,
              guint       status,
              const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "statusCode");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);

  answer_json (answer, status, json_builder_get_root (builder));
}

static char *
node_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static void
send_text (SoupServerMessage *msg,
           guint              status,
           const char        *content_type,
           const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
  else
    soup_server_message_set_response (msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
}

static void
send_answer (SoupServerMessage *msg,
             Answer            *answer)
{
  g_autofree char *body = NULL;

  if (answer->body != NULL)
    body = node_to_string (answer->body);

  if (answer->retry_after != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Retry-After", answer->retry_after);

  send_text (msg, answer->status, "application/json", body);
}

/* JSON helpers for requests */

static JsonObject *
parse_body_object (SoupServerMessage  *msg,
                   JsonNode          **root_out,
                   gboolean           *invalid)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  JsonNode *root;

  *invalid = FALSE;
  *root_out = NULL;

  if (size == 0)
    return NULL;

  if (!json_parser_load_from_data (parser, data, size, NULL))
    {
      *invalid = TRUE;
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      *invalid = TRUE;
      return NULL;
    }

  *root_out = json_node_copy (root);

  return json_node_get_object (*root_out);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
get_bool (JsonObject *object,
          const char *member,
          gboolean    fallback)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strcasecmp (json_node_get_string (node), "yes") == 0 ||
           g_ascii_strcasecmp (json_node_get_string (node), "true") == 0;

  return fallback;
}

static gint64
get_int (JsonObject *object,
         const char *member,
         gint64      fallback)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);

  return json_node_get_int (node);
}

static gint64
query_int (GHashTable *query,
           const char *name,
           gint64      fallback)
{
  const char *value = query != NULL ? g_hash_table_lookup (query, name) : NULL;
  gint64 parsed;
  char *end = NULL;

  if (value == NULL)
    return fallback;

  parsed = g_ascii_strtoll (value, &end, 10);
  if (end == value || *end != '\0')
    return -1;

  return parsed;
}

/* Path segments: "/v3/invitations/123/cancel" → {"v3", "invitations", "123", "cancel"}. */
static char **
split_path (const char *path)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_auto(GStrv) raw = g_strsplit (path, "/", -1);

  for (guint i = 0; raw[i] != NULL; i++)
    if (*raw[i] != '\0')
      g_ptr_array_add (parts, g_strdup (raw[i]));
  g_ptr_array_add (parts, NULL);

  return (char **)g_ptr_array_free (g_steal_pointer (&parts), FALSE);
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;

  *id = g_ascii_strtoll (text, &end, 10);
  return *end == '\0' && *id > 0;
}

/* The contract's objects */

static void
add_test_members (Service     *self,
                  JsonBuilder *builder,
                  Test        *test,
                  gboolean     with_extensions)
{
  json_builder_set_member_name (builder, "testId");
  json_builder_add_int_value (builder, test->id);
  json_builder_set_member_name (builder, "testName");
  json_builder_add_string_value (builder, test->name);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, test->active ? "active" : "inactive");
  json_builder_set_member_name (builder, "duration");
  json_builder_add_int_value (builder, test->duration);
  json_builder_set_member_name (builder, "invitationValidityInDays");
  json_builder_add_int_value (builder, test->validity_days);
  /* A field the contract does not name: clients must ignore it. */
  json_builder_set_member_name (builder, "createdBy");
  json_builder_add_string_value (builder, "dashboard");

  if (with_extensions)
    {
      json_builder_set_member_name (builder, "interviewType");
      json_builder_add_string_value (builder, test->live ? "live" : "automated");
      json_builder_set_member_name (builder, "interviewers");
      json_builder_begin_array (builder);
      for (guint i = 0; i < test->interviewers->len; i++)
        {
          Person *person = g_ptr_array_index (test->interviewers, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, person->name);
          json_builder_set_member_name (builder, "email");
          json_builder_add_string_value (builder, person->email);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
}

static JsonNode *
invitation_short (Service    *self,
                  Invitation *invitation,
                  guint       usual_spelling,
                  gboolean    with_link)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *status = spell_status (self, invitation->status, usual_spelling);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "testInvitationId");
  json_builder_add_int_value (builder, invitation->id);
  if (with_link)
    {
      g_autofree char *url = link_for (self, invitation);

      json_builder_set_member_name (builder, "testUrl");
      json_builder_add_string_value (builder, url);
    }
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
invitation_full (Service    *self,
                 Invitation *invitation)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *status = spell_status (self, invitation->status, 1);
  g_autofree char *url = link_for (self, invitation);
  g_autofree char *start = format_time (invitation->start);
  g_autofree char *end = format_time (invitation->end);
  g_autofree char *updated = format_time (invitation->updated);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "testInvitationId");
  json_builder_add_int_value (builder, invitation->id);
  json_builder_set_member_name (builder, "testId");
  json_builder_add_int_value (builder, invitation->test_id);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, invitation->email);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, invitation->name);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  json_builder_set_member_name (builder, "testUrl");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "startDateTime");
  json_builder_add_string_value (builder, start);
  json_builder_set_member_name (builder, "endDateTime");
  json_builder_add_string_value (builder, end);
  json_builder_set_member_name (builder, "updatedOn");
  json_builder_add_string_value (builder, updated);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The API */

static void
list_tests (Service    *self,
            GHashTable *query,
            Answer     *answer)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 page_no = query_int (query, "pageNo", 1);
  gint64 page_size = query_int (query, "pageSize", 100);
  gint64 first;

  if (page_no < 1 || page_size < 1 || page_size > 100)
    {
      answer_error (answer, 400, "pageNo must be at least 1 and pageSize between 1 and 100");
      return;
    }

  first = (page_no - 1) * page_size;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "result");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tests");
  json_builder_begin_array (builder);
  for (gint64 i = first; i < first + page_size && i < self->test_order->len; i++)
    {
      json_builder_begin_object (builder);
      add_test_members (self, builder, g_ptr_array_index (self->test_order, i), self->extensions);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "pageNo");
  json_builder_add_int_value (builder, page_no);
  json_builder_set_member_name (builder, "pageSize");
  json_builder_add_int_value (builder, page_size);
  json_builder_set_member_name (builder, "totalCount");
  json_builder_add_int_value (builder, self->test_order->len);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  answer_json (answer, 200, json_builder_get_root (builder));
}

static void
invite (Service    *self,
        gint64      test_id,
        JsonObject *body,
        Answer     *answer)
{
  Test *test = g_hash_table_lookup (self->tests, &test_id);
  const char *email = get_string (body, "email");
  const char *name = get_string (body, "name");
  Invitation *invitation;
  guint status = 200;
  gint64 start = 0;
  gint64 end = 0;

  if (test == NULL)
    {
      answer_error (answer, 404, "Test not found");
      return;
    }

  if (!email_is_valid (email))
    {
      answer_error (answer, 400, "Invalid email address");
      return;
    }

  if (!test->active)
    {
      answer_error (answer, 400, "The test is not active and accepts no invitations");
      return;
    }

  if (!parse_time (get_string (body, "startDateTime"), &start))
    start = now_seconds ();
  if (!parse_time (get_string (body, "endDateTime"), &end) || end <= start)
    end = start + (gint64)test->validity_days * 24 * 3600;

  invitation = find_invitation_for (self, test_id, email);
  if (invitation != NULL && invitation->status == STATUS_PENDING)
    {
      /* A repeat while pending: the same invitation, with the new window. */
      invitation->start = start;
      invitation->end = end;
    }
  else if (invitation != NULL &&
           (invitation->status == STATUS_CANCELLED || invitation->status == STATUS_EXPIRED))
    {
      /* Reactivation: the same id, pending again, with a fresh link. */
      set_status (invitation, STATUS_PENDING);
      new_token (self, invitation);
      invitation->start = start;
      invitation->end = end;
      invitation->reactivations++;
    }
  else if (invitation == NULL)
    {
      invitation = add_invitation (self, test, email, name, "api");
      invitation->start = start;
      invitation->end = end;
      status = 201;
    }
  /* else: in progress, completed, test left, terminated: returned unchanged. */

  invitation->invite_requests++;
  if (self->extensions)
    {
      g_free (invitation->message);
      invitation->message = g_strdup (get_string (body, "message"));
    }

  answer_json (answer, status, invitation_short (self, invitation, 0, TRUE));
}

static void
state_refusal (Service    *self,
               Answer     *answer,
               const char *message)
{
  /* With the extensions a state conflict is a 409; without, the vendor's 400. */
  answer_error (answer, self->extensions ? 409 : 400, message);
}

static void
cancel (Service    *self,
        gint64      id,
        JsonObject *body,
        Answer     *answer)
{
  Invitation *invitation = g_hash_table_lookup (self->invitations, &id);
  Test *test;
  gboolean notify_candidate = TRUE;
  gboolean notify_interviewers = TRUE;

  if (invitation == NULL)
    {
      answer_error (answer, 404, "Invitation not found");
      return;
    }

  if (invitation->status != STATUS_PENDING)
    {
      state_refusal (self, answer,
                     "Testinvitation state in inprogress, complete, and expired can not be cancelled.");
      return;
    }

  if (self->extensions)
    {
      notify_candidate = get_bool (body, "notifyCandidate", TRUE);
      notify_interviewers = get_bool (body, "notifyInterviewers", TRUE);
      g_free (invitation->cancel_reason);
      invitation->cancel_reason = g_strdup (get_string (body, "reason"));
      /* Kept as received, for the tests to compare with what was previewed. */
      g_free (invitation->cancel_subject);
      invitation->cancel_subject = g_strdup (get_string (body, "subject"));
      g_free (invitation->cancel_message);
      invitation->cancel_message = g_strdup (get_string (body, "message"));
    }

  test = g_hash_table_lookup (self->tests, &invitation->test_id);
  set_status (invitation, STATUS_CANCELLED);
  invitation->cancellations++;
  if (notify_candidate)
    invitation->candidate_notices++;
  if (notify_interviewers && test != NULL && test->live)
    invitation->interviewer_notices++;

  answer_json (answer, 200, invitation_short (self, invitation, 2, FALSE));
}

static void
reattempt (Service *self,
           gint64   id,
           Answer  *answer)
{
  Invitation *invitation = g_hash_table_lookup (self->invitations, &id);
  Invitation *attempt;
  Test *test;

  if (invitation == NULL || (test = g_hash_table_lookup (self->tests, &invitation->test_id)) == NULL)
    {
      answer_error (answer, 404, "Invitation not found");
      return;
    }

  if (invitation->status == STATUS_PENDING || invitation->status == STATUS_IN_PROGRESS)
    {
      state_refusal (self, answer, "Testinvitation state in pending and inprogress can not be reattempted.");
      return;
    }

  attempt = add_invitation (self, test, invitation->email, invitation->name, "api");
  attempt->reattempt_of = invitation->id;

  answer_json (answer, 201, invitation_short (self, attempt, 0, TRUE));
}

static void
get_invitation (Service *self,
                gint64   id,
                Answer  *answer)
{
  Invitation *invitation = g_hash_table_lookup (self->invitations, &id);

  if (invitation == NULL || !self->extensions)
    {
      answer_error (answer, 404, "Not found");
      return;
    }

  answer_json (answer, 200, invitation_full (self, invitation));
}

static gboolean
state_filter_matches (const char *state,
                      Status      status)
{
  if (state == NULL || g_ascii_strcasecmp (state, "all") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (state, "inprogress") == 0)
    return status == STATUS_IN_PROGRESS;
  if (g_ascii_strcasecmp (state, "completed") == 0)
    return status == STATUS_COMPLETED;

  return g_ascii_strcasecmp (state, status_names[status]) == 0;
}

static int
compare_by_update (gconstpointer a,
                   gconstpointer b)
{
  const Invitation *x = *(Invitation * const *)a;
  const Invitation *y = *(Invitation * const *)b;

  if (x->updated != y->updated)
    return x->updated < y->updated ? -1 : 1;

  return x->id < y->id ? -1 : (x->id > y->id);
}

static void
test_attempts (Service    *self,
               GHashTable *query,
               JsonObject *body,
               Answer     *answer)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  const char *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  gint64 page_no = query_int (query, "pageNo", 1);
  gint64 page_size = query_int (query, "pageSize", 500);
  gint64 start, end, first;

  if (page_no < 1 || page_size < 1 || page_size > 500)
    {
      answer_error (answer, 400, "pageNo must be at least 1 and pageSize between 1 and 500");
      return;
    }

  if (!parse_time (get_string (body, "StartDateTime"), &start) ||
      !parse_time (get_string (body, "EndDateTime"), &end) || end < start)
    {
      answer_error (answer, 400, "StartDateTime and EndDateTime are required, start before end");
      return;
    }

  if (end - start > MAX_WINDOW_SECONDS)
    {
      answer_error (answer, 400, "The date range can not exceed 31 days");
      return;
    }

  for (guint i = 0; i < self->invitation_order->len; i++)
    {
      Invitation *invitation = g_ptr_array_index (self->invitation_order, i);

      if (invitation->updated >= start && invitation->updated <= end &&
          state_filter_matches (state, invitation->status))
        g_ptr_array_add (matches, invitation);
    }
  g_ptr_array_sort (matches, compare_by_update);

  first = (page_no - 1) * page_size;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "result");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "testAttempts");
  json_builder_begin_array (builder);
  for (gint64 i = first; i < first + page_size && i < matches->len; i++)
    {
      Invitation *invitation = g_ptr_array_index (matches, i);
      g_autofree char *status = spell_status (self, invitation->status, 0);
      g_autofree char *updated = format_time (invitation->updated);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "testInvitationId");
      json_builder_add_int_value (builder, invitation->id);
      json_builder_set_member_name (builder, "testId");
      json_builder_add_int_value (builder, invitation->test_id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, invitation->name);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, invitation->email);
      json_builder_set_member_name (builder, "invitationtype");
      json_builder_add_string_value (builder, invitation->origin);
      json_builder_set_member_name (builder, "testStatus");
      json_builder_add_string_value (builder, status);
      json_builder_set_member_name (builder, "updatedOn");
      json_builder_add_string_value (builder, updated);
      json_builder_set_member_name (builder, "score");
      json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "pageNo");
  json_builder_add_int_value (builder, page_no);
  json_builder_set_member_name (builder, "pageSize");
  json_builder_add_int_value (builder, page_size);
  json_builder_set_member_name (builder, "totalCount");
  json_builder_add_int_value (builder, matches->len);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  answer_json (answer, 200, json_builder_get_root (builder));
}

static void
gdpr_request (Service    *self,
              JsonObject *body,
              Answer     *answer)
{
  const char *email = get_string (body, "CandidateEmail");
  g_autofree char *key = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  guint erased = 0;

  if (email == NULL || *email == '\0')
    {
      answer_error (answer, 400, "CandidateEmail is required");
      return;
    }

  key = g_utf8_casefold (email, -1);
  for (guint i = 0; i < self->invitation_order->len; i++)
    {
      Invitation *invitation = g_ptr_array_index (self->invitation_order, i);
      g_autofree char *other = NULL;

      if (invitation->erased)
        continue;

      other = g_utf8_casefold (invitation->email, -1);
      if (!g_str_equal (key, other))
        continue;

      g_free (invitation->email);
      invitation->email = g_strdup_printf ("erased-%" G_GINT64_FORMAT "@erased.invalid", invitation->id);
      g_free (invitation->name);
      invitation->name = g_strdup ("Erased candidate");
      invitation->erased = TRUE;
      erased++;
    }

  if (erased == 0)
    {
      answer_error (answer, 400, "No records found for the given email");
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "result");
  json_builder_add_string_value (builder, "Request accepted for processing");
  json_builder_end_object (builder);
  answer_json (answer, 200, json_builder_get_root (builder));
}

/* Routes one API request; the answer is what a well-behaved service would say. */
static void
route_api (Service           *self,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           Answer            *answer)
{
  g_auto(GStrv) parts = split_path (path);
  g_autoptr(JsonNode) root = NULL;
  const char *method = soup_server_message_get_method (msg);
  gboolean is_post = g_str_equal (method, "POST");
  gboolean invalid = FALSE;
  JsonObject *body = NULL;
  guint n = g_strv_length (parts);
  gint64 id = 0;

  if (is_post)
    {
      body = parse_body_object (msg, &root, &invalid);
      if (invalid)
        {
          answer_error (answer, 400, "The request body is not a JSON object");
          return;
        }
    }

  if (n < 2 || !g_str_equal (parts[0], "v3"))
    {
      answer_error (answer, 404, "Not found");
      return;
    }

  if (n == 2 && g_str_equal (parts[1], "tests") && g_str_equal (method, "GET"))
    list_tests (self, query, answer);
  else if (n == 4 && g_str_equal (parts[1], "tests") && g_str_equal (parts[3], "invite") &&
           is_post && parse_id (parts[2], &id))
    invite (self, id, body, answer);
  else if (n == 4 && g_str_equal (parts[1], "invitations") && g_str_equal (parts[3], "cancel") &&
           is_post && parse_id (parts[2], &id))
    cancel (self, id, body, answer);
  else if (n == 4 && g_str_equal (parts[1], "invitations") && g_str_equal (parts[3], "reattempt") &&
           is_post && parse_id (parts[2], &id))
    reattempt (self, id, answer);
  else if (n == 3 && g_str_equal (parts[1], "invitations") && g_str_equal (method, "GET") &&
           parse_id (parts[2], &id))
    get_invitation (self, id, answer);
  else if (n == 3 && g_str_equal (parts[1], "candidates") && g_str_equal (parts[2], "testattempts") &&
           is_post)
    test_attempts (self, query, body, answer);
  else if (n == 3 && g_str_equal (parts[1], "gdpr") && g_str_equal (parts[2], "requests") && is_post)
    gdpr_request (self, body, answer);
  else if (n == 3 && g_str_equal (parts[1], "invitations") && !parse_id (parts[2], &id))
    answer_error (answer, 404, "Invitation not found");
  else
    answer_error (answer, 404, "Not found");
}

/* Faults */

static gboolean
roll (Service *self,
      double   rate)
{
  return rate > 0 && g_rand_double (self->rand) < rate;
}

/* Takes a token from the bucket; FALSE when the client must slow down. */
static gboolean
rate_allows (Service *self,
             guint   *retry_after)
{
  gint64 now = g_get_monotonic_time ();

  if (self->rate_limit == 0)
    return TRUE;

  self->tokens = MIN ((double)self->rate_limit,
                      self->tokens + (now - self->tokens_at) * self->rate_limit / (double)G_USEC_PER_SEC);
  self->tokens_at = now;

  if (self->tokens >= 1.0)
    {
      self->tokens -= 1.0;
      return TRUE;
    }

  *retry_after = MAX (1, (guint)((1.0 - self->tokens) / self->rate_limit + 0.999));
  return FALSE;
}

static void
send_fault (Service           *self,
            SoupServerMessage *msg)
{
  self->n_faults++;

  switch (g_rand_int_range (self->rand, 0, 3))
    {
    case 0:
      send_text (msg, 500, "application/json",
                 "{\"statusCode\": 500, \"message\": \"Internal server error\"}");
      break;

    case 1:
      /* What a proxy in front of the service says: HTML, not JSON. */
      send_text (msg, 502, "text/html",
                 "<html><head><title>502 Bad Gateway</title></head>"
                 "<body><h1>Bad Gateway</h1><p>The upstream server did not answer.</p></body></html>");
      break;

    default:
      send_text (msg, 503, NULL, NULL);
      break;
    }
}

/* Every answer closes its connection. Clients that sync and exit (or are killed in the
 * middle of a sync, as the reliability tests do) leave their idle keep-alive
 * connections behind, and the server never noticed them end: they piled up until the
 * service ran out of file descriptors (1,024 for an ordinary user), and then it
 * answered nothing. One connection per request costs nothing on this machine. */
static void
close_after_answer_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       gpointer           user_data)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

/* Resets the connection without answering: the client cannot tell whether its
 * request was applied (it was). */
static void
drop_connection (Service           *self,
                 SoupServerMessage *msg)
{
  GIOStream *stream;

  self->n_drops++;

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;

  if (G_IS_SOCKET_CONNECTION (stream))
    {
      GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));
      struct linger linger = { 1, 0 };

      /* A zero linger time makes close() send a reset instead of a clean end. */
      setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    }

  g_io_stream_close (stream, NULL, NULL);
  g_object_unref (stream);
}

static void
pending_request_free (PendingRequest *request)
{
  g_object_unref (request->msg);
  g_free (request->path);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_free (request);
}

static gboolean
api_key_valid (Service           *self,
               SoupServerMessage *msg)
{
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "X-API-KEY");

  if (key == NULL || *key == '\0')
    return FALSE;

  return self->api_key == NULL || g_str_equal (key, self->api_key);
}

/* The first rule for this request that is not used up, used once. */
static ScriptRule *
script_take (Service        *self,
             PendingRequest *request)
{
  const char *method = soup_server_message_get_method (request->msg);
  const char *state = request->query != NULL ? g_hash_table_lookup (request->query, "state") : NULL;

  for (guint i = 0; i < self->script->len; i++)
    {
      ScriptRule *rule = g_ptr_array_index (self->script, i);

      if (rule->times == 0 || !g_str_equal (rule->path, request->path) ||
          (rule->method != NULL && g_ascii_strcasecmp (rule->method, method) != 0) ||
          (rule->state != NULL && g_strcmp0 (rule->state, state) != 0))
        continue;

      rule->times--;
      return rule;
    }

  return NULL;
}

static LoggedRequest *
logged_request (Service *self,
                guint    number)
{
  if (number < self->first_logged)
    return NULL;

  return g_queue_peek_nth (&self->request_log, number - self->first_logged);
}

static void
log_request (Service           *self,
             SoupServerMessage *msg)
{
  LoggedRequest *logged = g_new0 (LoggedRequest, 1);
  GUri *uri = soup_server_message_get_uri (msg);

  logged->method = g_strdup (soup_server_message_get_method (msg));
  logged->path = g_strdup (g_uri_get_path (uri));
  logged->query = g_strdup (g_uri_get_query (uri));
  logged->received_us = g_get_monotonic_time ();
  g_queue_push_tail (&self->request_log, logged);

  if (g_queue_get_length (&self->request_log) > MAX_LOGGED_REQUESTS)
    {
      logged_request_free (g_queue_pop_head (&self->request_log));
      self->first_logged++;
    }
}

/* Returns FALSE when the connection was dropped: the message is gone with it. */
static gboolean
serve_api (PendingRequest *request)
{
  Service *self = request->service;
  SoupServerMessage *msg = request->msg;
  g_auto(Answer) answer = { 0 };
  const char *idempotency_key = NULL;
  guint retry_after = 0;
  ScriptRule *rule;

  if (!rate_allows (self, &retry_after))
    {
      self->n_rate_limited++;
      answer_error (&answer, 429, "Too many requests");
      answer.retry_after = g_strdup_printf ("%u", retry_after);
      send_answer (msg, &answer);
      return TRUE;
    }

  if (!api_key_valid (self, msg))
    {
      answer_error (&answer, 401, "API key not valid or Subscription expired");
      send_answer (msg, &answer);
      return TRUE;
    }

  rule = script_take (self, request);
  if (rule != NULL && !rule->drop && rule->body != NULL)
    {
      self->n_faults++;
      send_text (msg, rule->status, "application/json", rule->body);
      return TRUE;
    }

  if (rule != NULL && !rule->drop)
    {
      if (rule->status == 429)
        self->n_rate_limited++;
      else
        self->n_faults++;

      answer_error (&answer, rule->status, rule->status == 429 ? "Too many requests" : "Scripted failure");
      if (rule->retry_after > 0)
        answer.retry_after = g_strdup_printf ("%u", rule->retry_after);
      send_answer (msg, &answer);
      return TRUE;
    }

  if (roll (self, self->fail_rate))
    {
      send_fault (self, msg);
      return TRUE;
    }

  if (self->extensions && g_str_equal (soup_server_message_get_method (msg), "POST"))
    idempotency_key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Idempotency-Key");

  if (idempotency_key != NULL)
    {
      StoredAnswer *stored = g_hash_table_lookup (self->answers, idempotency_key);

      if (stored != NULL && now_seconds () - stored->at < IDEMPOTENCY_SECONDS)
        {
          self->n_replays++;
          if (roll (self, self->drop_rate))
            {
              drop_connection (self, msg);
              return FALSE;
            }

          send_text (msg, stored->status, "application/json", stored->body);
          return TRUE;
        }
    }

  route_api (self, msg, request->path, request->query, &answer);

  if (idempotency_key != NULL && answer.status < 500)
    {
      StoredAnswer *stored = g_new0 (StoredAnswer, 1);

      stored->status = answer.status;
      stored->body = answer.body != NULL ? node_to_string (answer.body) : NULL;
      stored->at = now_seconds ();
      g_hash_table_replace (self->answers, g_strdup (idempotency_key), stored);
    }

  if ((rule != NULL && rule->drop) || roll (self, self->drop_rate))
    {
      drop_connection (self, msg);
      return FALSE;
    }

  send_answer (msg, &answer);
  return TRUE;
}

static gboolean
serve_api_cb (gpointer data)
{
  PendingRequest *request = data;
  SoupServerMessage *msg = request->msg;
  LoggedRequest *logged;

  if (serve_api (request))
    {
      logged = logged_request (request->service, request->number);
      if (logged != NULL)
        logged->status = soup_server_message_get_status (msg);
      soup_server_message_unpause (msg);
    }
  pending_request_free (request);

  return G_SOURCE_REMOVE;
}

/* Admin endpoints: for tests and demos; they never misbehave. */

static JsonNode *
admin_invitation (Service    *self,
                  Invitation *invitation)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *url = link_for (self, invitation);
  g_autofree char *updated = format_time (invitation->updated);

  json_builder_begin_object (builder);
#define INT_MEMBER(name, value) \
  json_builder_set_member_name (builder, name); json_builder_add_int_value (builder, value)
#define STRING_MEMBER(name, value) \
  json_builder_set_member_name (builder, name); json_builder_add_string_value (builder, value)
  INT_MEMBER ("testInvitationId", invitation->id);
  INT_MEMBER ("testId", invitation->test_id);
  STRING_MEMBER ("email", invitation->email);
  STRING_MEMBER ("name", invitation->name);
  STRING_MEMBER ("status", status_names[invitation->status]);
  STRING_MEMBER ("testUrl", url);
  STRING_MEMBER ("invitationtype", invitation->origin);
  STRING_MEMBER ("updatedOn", updated);
  STRING_MEMBER ("cancelReason", invitation->cancel_reason);
  STRING_MEMBER ("message", invitation->message);
  STRING_MEMBER ("cancelSubject", invitation->cancel_subject);
  STRING_MEMBER ("cancelMessage", invitation->cancel_message);
  INT_MEMBER ("reattemptOf", invitation->reattempt_of);
  INT_MEMBER ("inviteRequests", invitation->invite_requests);
  INT_MEMBER ("reactivations", invitation->reactivations);
  INT_MEMBER ("cancellations", invitation->cancellations);
  INT_MEMBER ("candidateNotices", invitation->candidate_notices);
  INT_MEMBER ("interviewerNotices", invitation->interviewer_notices);
  json_builder_set_member_name (builder, "erased");
  json_builder_add_boolean_value (builder, invitation->erased);
  json_builder_set_member_name (builder, "reminders");
  json_builder_add_boolean_value (builder, invitation->reminders);
#undef INT_MEMBER
#undef STRING_MEMBER
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
admin_state (Service *self,
             Answer  *answer)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tests");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->test_order->len; i++)
    {
      json_builder_begin_object (builder);
      add_test_members (self, builder, g_ptr_array_index (self->test_order, i), TRUE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "invitations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->invitation_order->len; i++)
    json_builder_add_value (builder, admin_invitation (self, g_ptr_array_index (self->invitation_order, i)));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "stats");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_add_int_value (builder, self->n_requests);
  json_builder_set_member_name (builder, "faults");
  json_builder_add_int_value (builder, self->n_faults);
  json_builder_set_member_name (builder, "drops");
  json_builder_add_int_value (builder, self->n_drops);
  json_builder_set_member_name (builder, "rateLimited");
  json_builder_add_int_value (builder, self->n_rate_limited);
  json_builder_set_member_name (builder, "replays");
  json_builder_add_int_value (builder, self->n_replays);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  answer_json (answer, 200, json_builder_get_root (builder));
}

static void
admin_create_invitation (Service    *self,
                         JsonObject *body,
                         Answer     *answer)
{
  gint64 test_id = get_int (body, "testId", 0);
  Test *test = g_hash_table_lookup (self->tests, &test_id);
  const char *email = get_string (body, "email");
  const char *status_text = get_string (body, "status");
  Invitation *invitation;
  Status status = STATUS_PENDING;

  if (test == NULL || !email_is_valid (email))
    {
      answer_error (answer, 400, "testId of a known test and a valid email are required");
      return;
    }

  if (status_text != NULL && !status_from_text (status_text, &status))
    {
      answer_error (answer, 400, "Unknown status");
      return;
    }

  invitation = add_invitation (self, test, email, get_string (body, "name"),
                               get_string (body, "invitationtype") != NULL
                                 ? get_string (body, "invitationtype") : "app");
  if (status != STATUS_PENDING)
    set_status (invitation, status);

  answer_json (answer, 201, admin_invitation (self, invitation));
}

static void
admin_set_status (Service    *self,
                  gint64      id,
                  JsonObject *body,
                  Answer     *answer)
{
  Invitation *invitation = g_hash_table_lookup (self->invitations, &id);
  Status status;

  if (invitation == NULL)
    {
      answer_error (answer, 404, "Invitation not found");
      return;
    }

  if (!status_from_text (get_string (body, "status"), &status))
    {
      answer_error (answer, 400, "Unknown status");
      return;
    }

  set_status (invitation, status);
  answer_json (answer, 200, admin_invitation (self, invitation));
}

static void
admin_create_test (Service    *self,
                   JsonObject *body,
                   Answer     *answer)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *name = get_string (body, "testName");
  const char *status = get_string (body, "status");
  const char *type = get_string (body, "interviewType");
  Test *test;
  JsonNode *interviewers;

  if (name == NULL || *name == '\0')
    {
      answer_error (answer, 400, "testName is required");
      return;
    }

  test = add_test (self, get_int (body, "testId", 0), name,
                   status == NULL || g_ascii_strcasecmp (status, "inactive") != 0,
                   type != NULL && g_ascii_strcasecmp (type, "live") == 0,
                   get_int (body, "duration", 60),
                   get_int (body, "invitationValidityInDays", 7));

  interviewers = body != NULL ? json_object_get_member (body, "interviewers") : NULL;
  if (interviewers != NULL && JSON_NODE_HOLDS_ARRAY (interviewers))
    {
      JsonArray *array = json_node_get_array (interviewers);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (node))
            add_interviewer (test,
                             get_string (json_node_get_object (node), "name"),
                             get_string (json_node_get_object (node), "email"));
        }
    }

  json_builder_begin_object (builder);
  add_test_members (self, builder, test, TRUE);
  json_builder_end_object (builder);
  answer_json (answer, 201, json_builder_get_root (builder));
}

static void
admin_faults (Service    *self,
              JsonObject *body,
              Answer     *answer)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonNode *node;

  if (body != NULL && (node = json_object_get_member (body, "failRate")) != NULL)
    self->fail_rate = json_node_get_double (node);
  if (body != NULL && (node = json_object_get_member (body, "dropRate")) != NULL)
    self->drop_rate = json_node_get_double (node);
  if (body != NULL && (node = json_object_get_member (body, "latencyMs")) != NULL)
    self->latency_ms = json_node_get_int (node);
  if (body != NULL && (node = json_object_get_member (body, "rateLimit")) != NULL)
    {
      self->rate_limit = json_node_get_int (node);
      self->tokens = self->rate_limit;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "failRate");
  json_builder_add_double_value (builder, self->fail_rate);
  json_builder_set_member_name (builder, "dropRate");
  json_builder_add_double_value (builder, self->drop_rate);
  json_builder_set_member_name (builder, "latencyMs");
  json_builder_add_int_value (builder, self->latency_ms);
  json_builder_set_member_name (builder, "rateLimit");
  json_builder_add_int_value (builder, self->rate_limit);
  json_builder_end_object (builder);
  answer_json (answer, 200, json_builder_get_root (builder));
}

static void
admin_script (Service    *self,
              JsonObject *body,
              Answer     *answer)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify)script_rule_free);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonNode *node = body != NULL ? json_object_get_member (body, "rules") : NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      answer_error (answer, 400, "rules must be an array");
      return;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      ScriptRule *rule;

      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          get_string (object = json_node_get_object (element), "path") == NULL)
        {
          answer_error (answer, 400, "Each rule needs a path");
          return;
        }

      rule = g_new0 (ScriptRule, 1);
      rule->method = g_strdup (get_string (object, "method"));
      rule->path = g_strdup (get_string (object, "path"));
      rule->state = g_strdup (get_string (object, "state"));
      rule->body = g_strdup (get_string (object, "body"));
      rule->status = get_int (object, "status", 503);
      rule->retry_after = get_int (object, "retryAfter", 0);
      rule->drop = get_bool (object, "drop", FALSE);
      rule->times = get_int (object, "times", 1);
      g_ptr_array_add (rules, rule);

      if (!rule->drop && (rule->status < (rule->body != NULL ? 200 : 400) || rule->status > 599))
        {
          answer_error (answer, 400, "A rule answers with a status from 400 to 599 (from 200 with a body), or drops");
          return;
        }
    }

  g_ptr_array_unref (self->script);
  self->script = g_steal_pointer (&rules);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rules");
  json_builder_add_int_value (builder, self->script->len);
  json_builder_end_object (builder);
  answer_json (answer, 200, json_builder_get_root (builder));
}

static void
admin_requests (Service *self,
                Answer  *answer)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_begin_array (builder);
  for (GList *l = self->request_log.head; l != NULL; l = l->next)
    {
      LoggedRequest *logged = l->data;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, logged->method);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, logged->path);
      json_builder_set_member_name (builder, "query");
      json_builder_add_string_value (builder, logged->query);
      json_builder_set_member_name (builder, "receivedUs");
      json_builder_add_int_value (builder, logged->received_us);
      json_builder_set_member_name (builder, "status");
      json_builder_add_int_value (builder, logged->status);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  answer_json (answer, 200, json_builder_get_root (builder));
}

static void
serve_admin (Service           *self,
             SoupServerMessage *msg,
             const char        *path)
{
  g_auto(GStrv) parts = split_path (path);
  g_auto(Answer) answer = { 0 };
  g_autoptr(JsonNode) root = NULL;
  const char *method = soup_server_message_get_method (msg);
  gboolean is_post = g_str_equal (method, "POST");
  guint n = g_strv_length (parts);
  JsonObject *body = NULL;
  gboolean invalid = FALSE;
  gint64 id;

  if (is_post)
    {
      body = parse_body_object (msg, &root, &invalid);
      if (invalid)
        {
          answer_error (&answer, 400, "The request body is not a JSON object");
          send_answer (msg, &answer);
          return;
        }
    }

  if (n == 2 && g_str_equal (parts[1], "state") && g_str_equal (method, "GET"))
    admin_state (self, &answer);
  else if (n == 2 && g_str_equal (parts[1], "invitations") && is_post)
    admin_create_invitation (self, body, &answer);
  else if (n == 4 && g_str_equal (parts[1], "invitations") && g_str_equal (parts[3], "status") &&
           is_post && parse_id (parts[2], &id))
    admin_set_status (self, id, body, &answer);
  else if (n == 2 && g_str_equal (parts[1], "tests") && is_post)
    admin_create_test (self, body, &answer);
  else if (n == 2 && g_str_equal (parts[1], "faults") && is_post)
    admin_faults (self, body, &answer);
  else if (n == 2 && g_str_equal (parts[1], "script") && is_post)
    admin_script (self, body, &answer);
  else if (n == 2 && g_str_equal (parts[1], "requests") && g_str_equal (method, "GET"))
    admin_requests (self, &answer);
  else
    answer_error (&answer, 404, "Not found");

  send_answer (msg, &answer);
}

/* A candidate's link: works while the invitation is pending or in progress. */
static void
serve_link (Service           *self,
            SoupServerMessage *msg,
            const char        *token)
{
  Invitation *invitation = g_hash_table_lookup (self->by_token, token);

  if (invitation == NULL)
    send_text (msg, 404, "text/plain", "No such invitation\n");
  else if (invitation->status == STATUS_PENDING || invitation->status == STATUS_IN_PROGRESS)
    send_text (msg, 200, "text/plain", "Welcome to your assessment\n");
  else
    send_text (msg, 410, "text/plain", "This invitation link no longer works\n");
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Service *self = user_data;
  PendingRequest *request;

  if (g_str_has_prefix (path, "/admin/"))
    {
      serve_admin (self, msg, path);
      return;
    }

  if (g_str_has_prefix (path, "/i/"))
    {
      serve_link (self, msg, path + 3);
      return;
    }

  self->n_requests++;
  log_request (self, msg);

  /* Every API answer is delayed by the configured latency; many requests wait at the
   * same time, as they would on a real service. */
  request = g_new0 (PendingRequest, 1);
  request->service = self;
  request->msg = g_object_ref (msg);
  request->path = g_strdup (path);
  request->query = query != NULL ? g_hash_table_ref (query) : NULL;
  request->number = self->n_requests;

  soup_server_message_pause (msg);
  if (self->latency_ms > 0)
    g_timeout_add (self->latency_ms, serve_api_cb, request);
  else
    g_idle_add (serve_api_cb, request);
}

static void
add_sample_tests (Service *self)
{
  Test *test;

  add_test (self, 1001, "Backend Engineer - Screening", TRUE, FALSE, 60, 7);
  test = add_test (self, 1002, "Frontend Engineer - Live Interview", TRUE, TRUE, 45, 5);
  add_interviewer (test, "Ada Admin", "ada@corp.example");
  add_interviewer (test, "Grace Hopper", "grace@corp.example");
  add_test (self, 1003, "Data Analyst - Archived", FALSE, FALSE, 90, 7);
}

static void
populate (Service *self,
          guint    n)
{
  static const char * const first[] = { "Jo", "Sam", "Alex", "Maria", "Chen", "Priya", "Omar", "Lena" };
  static const char * const last[] = { "Example", "Garcia", "Nguyen", "Okafor", "Schmidt", "Rossi" };

  for (guint i = 0; i < n; i++)
    {
      Test *test = g_ptr_array_index (self->test_order, i % 2);
      g_autofree char *name = g_strdup_printf ("%s %s", first[i % G_N_ELEMENTS (first)],
                                               last[(i / G_N_ELEMENTS (first)) % G_N_ELEMENTS (last)]);
      g_autofree char *email = g_strdup_printf ("candidate%u@example.org", i + 1);
      Invitation *invitation = add_invitation (self, test, email, name, "app");

      if (i % 5 == 1)
        set_status (invitation, STATUS_IN_PROGRESS);
      else if (i % 5 == 2)
        set_status (invitation, STATUS_COMPLETED);
    }
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *api_key = NULL;
  g_autofree char *spelling = NULL;
  Service service = { 0 };
  gboolean no_extensions = FALSE;
  int port = 0;
  int latency_ms = 0;
  int rate_limit = 0;
  int populate_n = 0;
  double fail_rate = 0;
  double drop_rate = 0;
  gint64 seed = 0;
  GSList *uris;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0 picks a free one)", "PORT" },
    { "api-key", 0, 0, G_OPTION_ARG_STRING, &api_key, "The only API key accepted (default: any non-empty key)", "KEY" },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms, "Delay every API answer", "MS" },
    { "fail-rate", 0, 0, G_OPTION_ARG_DOUBLE, &fail_rate, "Share of API requests answered with a 5xx, an HTML page or an empty body, without acting", "RATE" },
    { "drop-rate", 0, 0, G_OPTION_ARG_DOUBLE, &drop_rate, "Share of API requests applied and then answered by resetting the connection", "RATE" },
    { "rate-limit", 0, 0, G_OPTION_ARG_INT, &rate_limit, "API requests per second before 429 with Retry-After (0: unlimited)", "N" },
    { "status-spelling", 0, 0, G_OPTION_ARG_STRING, &spelling, "“standard” or “random” status spellings", "MODE" },
    { "no-extensions", 0, 0, G_OPTION_ARG_NONE, &no_extensions, "Behave like a service without the contract’s extensions", NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed for the faults, for reproducible runs", "N" },
    { "populate", 0, 0, G_OPTION_ARG_INT, &populate_n, "Start with N invitations made in the web dashboard", "N" },
    { NULL }
  };

  context = g_option_context_new ("— a local invitation service for tests and demos");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (port < 0 || port > 65535 || latency_ms < 0 || rate_limit < 0 || populate_n < 0 ||
      fail_rate < 0 || fail_rate > 1 || drop_rate < 0 || drop_rate > 1 ||
      (spelling != NULL && !g_str_equal (spelling, "random") && !g_str_equal (spelling, "standard")))
    {
      g_printerr ("Invalid option value; see --help\n");
      return 1;
    }

  if (seed == 0)
    seed = g_get_real_time ();

  service.rand = g_rand_new_with_seed ((guint32)seed);
  service.api_key = api_key;
  service.latency_ms = latency_ms;
  service.fail_rate = fail_rate;
  service.drop_rate = drop_rate;
  service.rate_limit = rate_limit;
  service.tokens = rate_limit;
  service.tokens_at = g_get_monotonic_time ();
  service.random_spelling = spelling != NULL && g_str_equal (spelling, "random");
  service.extensions = !no_extensions;
  service.tests = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify)test_free);
  service.test_order = g_ptr_array_new ();
  service.invitations = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify)invitation_free);
  service.invitation_order = g_ptr_array_new ();
  service.by_token = g_hash_table_new (g_str_hash, g_str_equal);
  service.answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)stored_answer_free);
  service.script = g_ptr_array_new_with_free_func ((GDestroyNotify)script_rule_free);
  g_queue_init (&service.request_log);
  service.first_logged = 1;
  service.next_test_id = 1001;
  /* Ids beyond 2^32 so that a client that keeps them in 32 bits fails at once. */
  service.next_invitation_id = G_GINT64_CONSTANT (5000000001);
  service.loop = g_main_loop_new (NULL, FALSE);

  add_sample_tests (&service);

  service.server = soup_server_new ("server-header", "invitations-test-service", NULL);
  g_signal_connect (service.server, "request-read", G_CALLBACK (close_after_answer_cb), NULL);
  soup_server_add_handler (service.server, NULL, server_callback, &service, NULL);

  if (!soup_server_listen_local (service.server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("Cannot listen on 127.0.0.1:%d: %s\n", port, error->message);
      return 1;
    }

  uris = soup_server_get_uris (service.server);
  service.port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  populate (&service, populate_n);

  g_unix_signal_add (SIGINT, quit_cb, service.loop);
  g_unix_signal_add (SIGTERM, quit_cb, service.loop);

  g_printerr ("seed %" G_GINT64_FORMAT "\n", seed);
  printf ("listening on http://127.0.0.1:%u\n", service.port);
  fflush (stdout);

  g_main_loop_run (service.loop);

  soup_server_disconnect (service.server);
  g_object_unref (service.server);
  g_main_loop_unref (service.loop);
  g_hash_table_unref (service.answers);
  g_ptr_array_unref (service.script);
  g_queue_clear_full (&service.request_log, (GDestroyNotify)logged_request_free);
  g_hash_table_unref (service.by_token);
  g_ptr_array_unref (service.invitation_order);
  g_hash_table_unref (service.invitations);
  g_ptr_array_unref (service.test_order);
  g_hash_table_unref (service.tests);
  g_rand_free (service.rand);

  return 0;
}

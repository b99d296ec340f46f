/* test-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync engine in this process against the real test service.
 */

#include "config.h"

#include <string.h>

#include "inv-cancel.h"
#include "inv-cancel-reason.h"
#include "inv-message-template.h"
#include "inv-remote-store.h"
#include "inv-service-error.h"
#include "inv-sync-engine-private.h"
#include "sync-test-util.h"

#define API_KEY "engine-key"

typedef struct
{
  char          *path;
  InvDatabase   *database;
  InvSyncEngine *engine;
  gint64         backend;    /* local template 1001 */
  gint64         frontend;   /* local template 1002, live */
} Fixture;

/* A network monitor the test turns on and off. */
struct _TestMonitor
{
  GObject  parent_instance;
  gboolean available;
};

enum {
  MONITOR_PROP_0,
  MONITOR_PROP_AVAILABLE,
  MONITOR_PROP_METERED,
  MONITOR_PROP_CONNECTIVITY,
};

#define TEST_TYPE_MONITOR (test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestMonitor, test_monitor, TEST, MONITOR, GObject)

static gboolean
test_monitor_initable_init (GInitable     *initable,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return TRUE;
}

static void
test_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = test_monitor_initable_init;
}

static void
test_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestMonitor, test_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_monitor_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_monitor_iface_init))

static void
test_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TestMonitor *self = TEST_MONITOR (object);

  switch (prop_id)
    {
    case MONITOR_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;

    case MONITOR_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;

    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL : G_NETWORK_CONNECTIVITY_LOCAL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_monitor_class_init (TestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_monitor_get_property;

  g_object_class_override_property (object_class, MONITOR_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
test_monitor_init (TestMonitor *self)
{
}

static void
test_monitor_set_available (TestMonitor *self,
                            gboolean     available)
{
  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_signal_emit_by_name (self, "network-changed", available);
}

/* What the indicator said, each time it changed. */
typedef struct
{
  guint  held;
  guint  waiting;
  guint  sending;
  gint64 next_send_time;
} Shown;

static void
indicator_changed_cb (InvSyncEngine *engine,
                      GParamSpec    *pspec,
                      GArray        *log)
{
  Shown shown = {
    inv_sync_engine_get_n_held (engine),
    inv_sync_engine_get_n_waiting (engine),
    inv_sync_engine_get_n_sending (engine),
    inv_sync_engine_get_next_send_time (engine),
  };

  if (log->len > 0)
    {
      Shown *last = &g_array_index (log, Shown, log->len - 1);

      if (last->held == shown.held && last->waiting == shown.waiting &&
          last->sending == shown.sending && last->next_send_time == shown.next_send_time)
        return;
    }

  g_array_append_val (log, shown);
}

static gboolean
deadline_cb (gpointer data)
{
  gboolean *passed = data;

  *passed = TRUE;

  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done says so; the engine's notifications drive it. */
static void
wait_until (gboolean (*done) (gpointer data),
            gpointer   data)
{
  gboolean passed = FALSE;
  guint deadline = g_timeout_add_seconds (60, deadline_cb, &passed);

  while (!done (data))
    {
      g_assert_false (passed);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (deadline);
}

/* Where a state shows in the log, from @from on; the log's length when it never does. */
static guint
find_shown (GArray *log,
            guint   from,
            int     held,
            int     waiting,
            int     sending)
{
  for (guint i = from; i < log->len; i++)
    {
      Shown *shown = &g_array_index (log, Shown, i);

      if ((held < 0 || shown->held == (guint)held) &&
          (waiting < 0 || shown->waiting == (guint)waiting) &&
          (sending < 0 || shown->sending == (guint)sending))
        return i;
    }

  return log->len;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->path = test_temp_database_path ();
  fixture->database = test_database_new (fixture->path);
  fixture->backend = test_add_template (fixture->database, 1001, "Backend Engineer - Screening");
  fixture->frontend = test_add_template (fixture->database, 1002, "Frontend Engineer - Live Interview");
  fixture->engine = inv_sync_engine_new (fixture->database);
  inv_sync_engine_set_api_key (fixture->engine, API_KEY);
  _inv_sync_engine_set_backoff (fixture->engine, 100, 1000);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->engine);
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

static InvSyncReport *
sync_once (Fixture       *fixture,
           InvSyncFlags   flags,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  inv_sync_engine_sync_async (fixture->engine, flags, NULL, test_result_cb, &result);
  g_assert_true (inv_sync_engine_get_syncing (fixture->engine));

  return inv_sync_engine_sync_finish (fixture->engine, test_wait_result (&result), error);
}

static JsonObject *
find_remote (JsonArray *invitations,
             gint64     id)
{
  for (guint i = 0; i < json_array_get_length (invitations); i++)
    {
      JsonObject *object = json_array_get_object_element (invitations, i);

      if (json_object_get_int_member (object, "testInvitationId") == id)
        return object;
    }

  return NULL;
}

static char *
local_string (Fixture    *fixture,
              const char *column,
              gint64      invitation_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM invitations WHERE id = ?1", column);

  return test_query_string (fixture->database, sql, invitation_id);
}

static void
test_push_creates_and_cancels (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, "--latency-ms=2", NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GError) error = NULL;
  gint64 created[5];
  gint64 live_id, remote_live;
  JsonArray *invitations;

  use_service (fixture, service);

  for (guint i = 0; i < G_N_ELEMENTS (created); i++)
    {
      g_autofree char *email = g_strdup_printf ("new%u@example.org", i);

      test_queue_create (fixture->database, fixture->backend, email, "New Candidate", &created[i]);
    }

  /* A live interview, already on the service, cancelled here. */
  remote_live = test_service_create (service, 1002, "live@example.org", "Live Candidate");
  live_id = test_add_invitation (fixture->database, fixture->frontend, "live@example.org",
                                 "Live Candidate", remote_live, "pending");
  test_queue_cancel (fixture->database, live_id, 0);

  _inv_sync_engine_refresh_counts (fixture->engine);
  g_assert_cmpuint (inv_sync_engine_get_n_waiting (fixture->engine), ==, 6);

  report = sync_once (fixture, INV_SYNC_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pushed, ==, 6);
  g_assert_cmpuint (report->failed, ==, 0);
  g_assert_cmpuint (report->conflicts, ==, 0);
  g_assert_cmpuint (report->waiting, ==, 0);
  g_assert_true (report->pull_complete);
  g_assert_false (inv_sync_engine_get_syncing (fixture->engine));
  g_assert_cmpuint (inv_sync_engine_get_n_waiting (fixture->engine), ==, 0);
  g_assert_cmpint (inv_sync_engine_get_last_synced (fixture->engine), >, 0);

  invitations = test_service_invitations (service, &state);
  g_assert_cmpuint (json_array_get_length (invitations), ==, 6);

  for (guint i = 0; i < G_N_ELEMENTS (created); i++)
    {
      gint64 remote_id = test_query_int (fixture->database, "SELECT remote_id FROM invitations WHERE id = ?1", created[i]);
      g_autofree char *email = g_strdup_printf ("new%u@example.org", i);
      g_autofree char *sync_state = local_string (fixture, "sync_state", created[i]);
      g_autofree char *link = local_string (fixture, "link", created[i]);
      JsonObject *remote = find_remote (invitations, remote_id);

      g_assert_nonnull (remote);
      g_assert_cmpstr (json_object_get_string_member (remote, "email"), ==, email);
      g_assert_cmpint (json_object_get_int_member (remote, "inviteRequests"), ==, 1);
      g_assert_cmpstr (sync_state, ==, "synced");
      g_assert_cmpstr (link, ==, json_object_get_string_member (remote, "testUrl"));
    }

  /* The cancel went with its reason and notices: the candidate and, for a live
   * interview, the interviewers. */
  {
    JsonObject *remote = find_remote (invitations, remote_live);
    g_autofree char *status = local_string (fixture, "status", live_id);
    g_autofree char *sync_state = local_string (fixture, "sync_state", live_id);

    g_assert_cmpstr (json_object_get_string_member (remote, "status"), ==, "cancelled");
    g_assert_cmpint (json_object_get_int_member (remote, "cancellations"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (remote, "candidateNotices"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (remote, "interviewerNotices"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (remote, "cancelReason"), ==, "position_filled");
    g_assert_cmpstr (status, ==, "cancelled");
    g_assert_cmpstr (sync_state, ==, "synced");
    g_assert_cmpint (test_query_int (fixture->database,
                                     "SELECT count(*) FROM history WHERE invitation_id = ?1 AND event = 'cancel-sent'",
                                     live_id), ==, 1);
  }

  g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM outbox", 0), ==, 0);
}

/* A bulk cancel keeps its message once per interview template; the push renders each
 * invitation's own from it, with the names and text as they were when the person
 * confirmed, even when the template's message changed in between. */
static void
test_push_bulk_cancel_messages (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, "--latency-ms=2", NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(InvCancelResult) result = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GError) error = NULL;
  InvCancelOptions options;
  gint64 remote[3];
  gint64 ids[3];
  JsonArray *invitations;
  static const char * const names[] = { "Ann Lee", "Bo Chen", "Cy Diaz" };

  use_service (fixture, service);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *email = g_strdup_printf ("bulk%u@example.org", i);
      gint64 template_id = i == 2 ? fixture->frontend : fixture->backend;

      remote[i] = test_service_create (service, i == 2 ? 1002 : 1001, email, names[i]);
      ids[i] = test_add_invitation (fixture->database, template_id, email, names[i], remote[i], "pending");
    }
  g_assert_true (inv_message_template_save (fixture->database, fixture->backend,
                                            "Dear {first_name}, {position} is closed. {reason}", &error));
  g_assert_no_error (error);

  inv_cancel_options_init (&options);
  options.reason = INV_CANCEL_REASON_POSITION_FILLED;
  options.grace_seconds = 0;
  result = inv_cancel_apply (fixture->database, ids, G_N_ELEMENTS (ids), &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_queued, ==, 3);
  /* Two templates, two texts kept; the outbox rows hold no rendered message. */
  g_assert_cmpint (test_query_int (fixture->database,
                                   "SELECT count(*) FROM cancel_messages WHERE batch_id = ?1",
                                   result->batch_id), ==, 2);
  g_assert_cmpint (test_query_int (fixture->database,
                                   "SELECT count(*) FROM outbox WHERE batch_id = ?1 AND payload LIKE '%closed%'",
                                   result->batch_id), ==, 0);

  /* Changed after the confirm: the candidates still get what was confirmed. */
  g_assert_true (inv_message_template_save (fixture->database, fixture->backend, "Something else", &error));
  g_assert_no_error (error);

  report = sync_once (fixture, INV_SYNC_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pushed, ==, 3);
  g_assert_cmpuint (report->failed, ==, 0);

  invitations = test_service_invitations (service, &state);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      JsonObject *object = find_remote (invitations, remote[i]);
      const char *message = json_object_get_string_member (object, "cancelMessage");

      g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "cancelled");
      if (i < 2)
        {
          g_autofree char *expected = g_strdup_printf ("Dear %s, Backend Engineer - Screening is closed. "
                                                       "The position has now been filled.", names[i]);
          g_assert_cmpstr (message, ==, expected);
        }
      else
        {
          /* The other template's own (default) text, with its own position. */
          g_assert_nonnull (strstr (message, names[2]));
          g_assert_nonnull (strstr (message, "Frontend Engineer - Live Interview"));
          g_assert_null (strchr (message, '{'));
        }
    }
}

/* What the candidate receives is what the dialog previewed: the same subject and the
 * same body, the personal note in it, the company and the signature filled in. */
static void
test_push_cancel_email_as_previewed (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *invitations;
  static const struct {
    const char      *email;
    const char      *name;
    gboolean         live;
    InvCancelReason  reason;
    const char      *note;
    gboolean         notify;
  } cases[] = {
    { "note@example.org", "Nia Okafor", FALSE, INV_CANCEL_REASON_CANDIDATE_WITHDREW,
      "Thank you for the call on Monday.\nAll the best!", TRUE },
    { "live@example.org", "Lev Adler", TRUE, INV_CANCEL_REASON_POSITION_FILLED, NULL, TRUE },
    { "quiet@example.org", "Quinn Park", FALSE, INV_CANCEL_REASON_NOT_STATED, NULL, FALSE },
  };
  gint64 remote[G_N_ELEMENTS (cases)];
  InvCancelEmail *previews[G_N_ELEMENTS (cases)];

  use_service (fixture, service);
  g_assert_true (inv_message_template_set_signature (fixture->database, "Ada Lovelace\nRecruiting, Acme", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(InvCancelResult) result = NULL;
      InvCancelOptions options;
      gint64 id;

      remote[i] = test_service_create (service, cases[i].live ? 1002 : 1001, cases[i].email, cases[i].name);
      id = test_add_invitation (fixture->database, cases[i].live ? fixture->frontend : fixture->backend,
                                cases[i].email, cases[i].name, remote[i], "pending");

      /* What the dialog shows for this person… */
      previews[i] = inv_message_template_render_email (fixture->database, id, cases[i].reason, NULL,
                                                       cases[i].note, &error);
      g_assert_no_error (error);
      g_assert_nonnull (previews[i]);
      g_assert_cmpuint (g_strv_length (previews[i]->unfilled), ==, 0);

      /* …and the cancel it confirms. */
      inv_cancel_options_init (&options);
      options.reason = cases[i].reason;
      options.note = cases[i].note;
      options.notify_candidate = cases[i].notify;
      options.grace_seconds = 0;
      result = inv_cancel_apply (fixture->database, &id, 1, &options, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (result->n_queued, ==, 1);
    }

  /* Changed after the confirm: the candidate still gets what was previewed. */
  g_assert_true (inv_message_template_save (fixture->database, fixture->backend, "Something else", &error));
  g_assert_no_error (error);

  report = sync_once (fixture, INV_SYNC_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pushed, ==, G_N_ELEMENTS (cases));
  g_assert_cmpuint (report->failed, ==, 0);

  invitations = test_service_invitations (service, &state);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      JsonObject *object = find_remote (invitations, remote[i]);
      const char *subject = json_object_get_string_member_with_default (object, "cancelSubject", NULL);
      const char *message = json_object_get_string_member_with_default (object, "cancelMessage", NULL);

      g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "cancelled");
      g_assert_cmpstr (json_object_get_string_member (object, "cancelReason"), ==,
                       inv_cancel_reason_to_string (cases[i].reason));
      if (!cases[i].notify)
        {
          /* No email: neither a subject nor a message is sent. */
          g_assert_null (subject);
          g_assert_null (message);
          continue;
        }

      g_assert_cmpstr (subject, ==, previews[i]->subject);
      g_assert_cmpstr (message, ==, previews[i]->body);
      g_assert_nonnull (strstr (message, cases[i].name));
      g_assert_nonnull (strstr (message, "Ada Lovelace\nRecruiting, Acme"));
      g_assert_nonnull (strstr (subject, "Acme"));
      g_assert_null (strchr (subject, '{'));
      g_assert_null (strchr (message, '{'));
      if (cases[i].note != NULL)
        g_assert_nonnull (strstr (message, cases[i].note));
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    inv_cancel_email_free (previews[i]);
}

static void
test_cancel_conflict_on_push (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(GPtrArray) attention = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *sync_state = NULL;
  gint64 remote_id, invitation_id, cancel;
  InvSyncAttentionItem *item;

  use_service (fixture, service);

  remote_id = test_service_create (service, 1001, "racer@example.org", "Racer");
  invitation_id = test_add_invitation (fixture->database, fixture->backend, "racer@example.org",
                                       "Racer", remote_id, "pending");
  cancel = test_queue_cancel (fixture->database, invitation_id, 0);

  /* The candidate starts before the cancel reaches the service. */
  test_service_set_status (service, remote_id, "in_progress");

  report = sync_once (fixture, INV_SYNC_FLAGS_PUSH_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pushed, ==, 0);
  g_assert_cmpuint (report->conflicts, ==, 1);
  g_assert_cmpuint (report->attention, ==, 1);

  status = local_string (fixture, "status", invitation_id);
  sync_state = local_string (fixture, "sync_state", invitation_id);
  g_assert_cmpstr (status, ==, "in_progress");
  g_assert_cmpstr (sync_state, ==, "conflict");
  g_assert_cmpuint (inv_sync_engine_get_n_attention (fixture->engine), ==, 1);

  attention = inv_sync_engine_list_attention (fixture->engine, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attention->len, ==, 1);
  item = attention->pdata[0];
  g_assert_cmpint (item->entry->id, ==, cancel);
  g_assert_cmpint (item->entry->state, ==, INV_OUTBOX_STATE_CONFLICT);
  g_assert_cmpstr (item->candidate_name, ==, "Racer");
  g_assert_cmpstr (item->status, ==, "in_progress");
  g_assert_nonnull (strstr (item->entry->last_error, "started"));

  g_assert_true (inv_sync_engine_discard (fixture->engine, cancel, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (inv_sync_engine_get_n_attention (fixture->engine), ==, 0);
}

/* Rule 4: a pull that shows the candidate started turns the queued cancel into a
 * conflict before it is ever sent. */
static void
test_cancel_conflict_on_pull (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, "--status-spelling=random", NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  gint64 remote_id, invitation_id;

  use_service (fixture, service);

  remote_id = test_service_create (service, 1001, "early@example.org", "Early");
  invitation_id = test_add_invitation (fixture->database, fixture->backend, "early@example.org",
                                       "Early", remote_id, "pending");
  /* Still inside its undo period: the push leaves it. */
  test_queue_cancel (fixture->database, invitation_id, inv_database_now () + 3600);
  test_service_set_status (service, remote_id, "completed");

  report = sync_once (fixture, INV_SYNC_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->conflicts, ==, 1);
  g_assert_cmpuint (report->waiting, ==, 0);

  status = local_string (fixture, "status", invitation_id);
  g_assert_cmpstr (status, ==, "completed");
  g_assert_cmpint (json_object_get_int_member (find_remote (test_service_invitations (service, &state), remote_id),
                                               "cancellations"), ==, 0);
}

static void
test_pull_imports_and_remote_wins (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, "--status-spelling=random", NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *window_end = NULL;
  gint64 known_remote, known_local;
  gint64 dashboard[3];

  use_service (fixture, service);

  known_remote = test_service_create (service, 1001, "known@example.org", "Known Person");
  known_local = test_add_invitation (fixture->database, fixture->backend, "known@example.org",
                                     "Known Person", known_remote, "pending");
  for (guint i = 0; i < G_N_ELEMENTS (dashboard); i++)
    {
      g_autofree char *email = g_strdup_printf ("colleague%u@example.org", i);

      dashboard[i] = test_service_create (service, 1002, email, "Made Elsewhere");
    }
  test_service_set_status (service, known_remote, "in_progress");
  {
    g_autoptr(JsonNode) answer = test_service_admin (service, "POST", "/admin/tests",
                                                     "{\"testName\": \"Designer - Portfolio\", \"interviewType\": \"live\"}");
  }

  report = sync_once (fixture, INV_SYNC_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pulled, ==, 4);
  g_assert_true (report->pull_complete);

  /* Remote status wins; invitations made elsewhere are imported, once. */
  status = local_string (fixture, "status", known_local);
  g_assert_cmpstr (status, ==, "in_progress");
  for (guint i = 0; i < G_N_ELEMENTS (dashboard); i++)
    g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM invitations WHERE remote_id = ?1",
                                     dashboard[i]), ==, 1);
  g_assert_cmpint (test_query_int (fixture->database,
                                   "SELECT count(*) FROM history WHERE event = 'imported'", 0), ==, 3);
  /* Templates, including the new one, with their type. */
  g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM templates WHERE remote_id IS NOT NULL", 0), ==, 4);
  g_assert_cmpint (test_query_int (fixture->database,
                                   "SELECT count(*) FROM templates WHERE interview_type = 'live'", 0), ==, 2);
  g_assert_cmpint (test_query_int (fixture->database,
                                   "SELECT count(*) FROM interviewers i JOIN templates t ON t.id = i.template_id WHERE t.remote_id = 1002", 0), ==, 2);

  window_end = inv_database_get_meta (fixture->database, INV_META_PULL_WINDOW_END);
  g_assert_nonnull (window_end);
  g_assert_cmpint (g_ascii_strtoll (window_end, NULL, 10), >=, inv_database_now () - 5);

  /* A second sync changes nothing and imports nothing twice. */
  g_clear_pointer (&report, inv_sync_report_free);
  report = sync_once (fixture, INV_SYNC_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pulled, ==, 0);
  g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM invitations", 0), ==, 4);
}

/* The list of changes carries no links: a pending invitation pulled from the service
 * gets its link from a read of it, and one the app created gets the create answer's;
 * nothing else is ever stored as a link. */
static void
test_pull_keeps_links (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) keep_alive = NULL;
  g_autofree char *created_link = NULL;
  JsonArray *remote;
  gint64 pending_remote, started_remote, cancelled_remote, known_remote;
  gint64 known_local, created_local = 0;

  use_service (fixture, service);

  pending_remote = test_service_create (service, 1001, "pending@example.org", "Pending Elsewhere");
  started_remote = test_service_create (service, 1001, "started@example.org", "Started Elsewhere");
  test_service_set_status (service, started_remote, "in_progress");
  cancelled_remote = test_service_create (service, 1001, "cancelled@example.org", "Cancelled Elsewhere");
  test_service_set_status (service, cancelled_remote, "cancelled");
  /* Known here, without its link (an older version's pull). */
  known_remote = test_service_create (service, 1001, "known@example.org", "Known Person");
  known_local = test_add_invitation (fixture->database, fixture->backend, "known@example.org",
                                     "Known Person", known_remote, "pending");
  g_assert_true (inv_database_exec (fixture->database,
                                    "UPDATE invitations SET link = 'urn:invitations:pending:5d1c' WHERE remote_id IS NOT NULL",
                                    NULL));
  test_queue_create (fixture->database, fixture->backend, "new@example.org", "New Candidate", &created_local);

  report = sync_once (fixture, INV_SYNC_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (report->pull_complete);

  remote = test_service_invitations (service, &keep_alive);

  {
    gint64 working[] = { pending_remote, started_remote, known_remote };

    for (guint i = 0; i < G_N_ELEMENTS (working); i++)
      {
        g_autofree char *link = test_query_string (fixture->database,
                                                   "SELECT link FROM invitations WHERE remote_id = ?1",
                                                   working[i]);

        g_assert_nonnull (link);
        g_assert_true (g_str_has_prefix (link, "http://127.0.0.1:"));
        g_assert_cmpstr (link, ==, json_object_get_string_member (find_remote (remote, working[i]), "testUrl"));
      }
  }

  /* A link that no longer works is not fetched. */
  g_assert_null (test_query_string (fixture->database, "SELECT link FROM invitations WHERE remote_id = ?1",
                                    cancelled_remote));

  created_link = local_string (fixture, "link", created_local);
  g_assert_cmpstr (created_link, ==,
                   json_object_get_string_member (find_remote (remote, test_query_int (fixture->database,
                                                                                       "SELECT remote_id FROM invitations WHERE id = ?1",
                                                                                       created_local)),
                                                  "testUrl"));
  g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM invitations WHERE link NOT LIKE 'http://%'", 0), ==, 0);
  g_assert_cmpint (known_local, >, 0);

  /* Each missing link is read once: the next sync reads none again. */
  {
    g_autofree char *path = g_strdup_printf ("/v3/invitations/%" G_GINT64_FORMAT, pending_remote);
    g_autoptr(GArray) before = test_service_request_times (service, "GET", path, NULL);
    g_autoptr(GArray) after = NULL;

    g_assert_cmpuint (before->len, ==, 1);
    g_clear_pointer (&report, inv_sync_report_free);
    report = sync_once (fixture, INV_SYNC_FLAGS_NONE, &error);
    g_assert_no_error (error);
    after = test_service_request_times (service, "GET", path, NULL);
    g_assert_cmpuint (after->len, ==, 1);
  }
}

static void
test_unauthorized_pauses (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=the-right-key", NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(InvOutboxEntry) entry = NULL;
  gint64 outbox_id;

  use_service (fixture, service);
  outbox_id = test_queue_create (fixture->database, fixture->backend, "k@example.org", "K", NULL);

  report = sync_once (fixture, INV_SYNC_FLAGS_NONE, &error);
  g_assert_null (report);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_UNAUTHORIZED);
  g_assert_true (inv_sync_engine_get_needs_key (fixture->engine));
  g_assert_nonnull (inv_sync_engine_get_last_error (fixture->engine));
  g_clear_error (&error);

  /* Nothing dropped, and the refused attempt does not count against the row. */
  entry = inv_outbox_get (fixture->database, outbox_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->state, ==, INV_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (entry->attempts, ==, 0);

  inv_sync_engine_set_api_key (fixture->engine, "the-right-key");
  report = sync_once (fixture, INV_SYNC_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pushed, ==, 1);
  g_assert_false (inv_sync_engine_get_needs_key (fixture->engine));
  g_assert_null (inv_sync_engine_get_last_error (fixture->engine));
}

static void
test_permanent_failure_retry (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(GPtrArray) attention = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sync_state = NULL;
  gint64 invitation_id, outbox_id;

  use_service (fixture, service);
  outbox_id = test_queue_create (fixture->database, fixture->backend, "jo@example", "Jo", &invitation_id);

  report = sync_once (fixture, INV_SYNC_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->failed, ==, 1);
  g_assert_cmpuint (report->waiting, ==, 0);

  attention = inv_sync_engine_list_attention (fixture->engine, &error);
  g_assert_cmpuint (attention->len, ==, 1);
  g_assert_cmpstr (((InvSyncAttentionItem *)attention->pdata[0])->entry->last_error, ==, "Invalid email address");
  sync_state = local_string (fixture, "sync_state", invitation_id);
  g_assert_cmpstr (sync_state, ==, "failed");

  /* The person fixes the address and retries. */
  test_query_int (fixture->database,
                  "UPDATE invitations SET email = 'jo@example.org' WHERE id = ?1 RETURNING id", invitation_id);
  {
    g_autofree char *email = local_string (fixture, "email", invitation_id);

    g_assert_cmpstr (email, ==, "jo@example.org");
  }
  g_assert_true (inv_sync_engine_retry (fixture->engine, outbox_id, &error));
  g_assert_no_error (error);

  g_clear_pointer (&report, inv_sync_report_free);
  report = sync_once (fixture, INV_SYNC_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pushed, ==, 1);
  g_assert_cmpuint (report->attention, ==, 0);
  g_assert_cmpint (test_query_int (fixture->database, "SELECT remote_id FROM invitations WHERE id = ?1", invitation_id), >, 0);
}

static void
test_sample_rows_never_pushed (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GError) error = NULL;
  gint64 invitation_id;

  use_service (fixture, service);
  invitation_id = test_add_invitation (fixture->database, fixture->backend, "demo@example.org",
                                       "Demo", 0, "pending");
  /* Even a row that slipped into the outbox by hand is never sent for demo data. */
  test_query_int (fixture->database, "UPDATE invitations SET is_sample = 1, sync_state = 'local' WHERE id = ?1 RETURNING id",
                  invitation_id);
  test_query_int (fixture->database,
                  "INSERT INTO outbox (operation, invitation_id, idempotency_key, created_at) "
                  "VALUES ('create', ?1, 'demo-key', 0) RETURNING id", invitation_id);

  report = sync_once (fixture, INV_SYNC_FLAGS_NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pushed, ==, 0);
  g_assert_cmpuint (json_array_get_length (test_service_invitations (service, &state)), ==, 0);
}

static void
test_rate_limit_honoured (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, "--rate-limit=10", NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *invitations;

  use_service (fixture, service);
  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *email = g_strdup_printf ("rl%u@example.org", i);

      test_queue_create (fixture->database, fixture->backend, email, "Rate Limited", NULL);
    }

  report = sync_once (fixture, INV_SYNC_FLAGS_PUSH_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pushed, ==, 25);
  g_assert_cmpuint (report->waiting, ==, 0);

  invitations = test_service_invitations (service, &state);
  g_assert_cmpuint (json_array_get_length (invitations), ==, 25);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (state), "stats"),
                                               "rateLimited"), >, 0);
}

static void
test_unreachable_keeps_everything (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  use_service (fixture, service);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *email = g_strdup_printf ("u%u@example.org", i);

      test_queue_create (fixture->database, fixture->backend, email, "U", NULL);
    }

  g_clear_pointer (&service, test_service_stop);

  report = sync_once (fixture, INV_SYNC_FLAGS_NONE, &error);
  g_assert_null (report);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NETWORK);
  g_assert_nonnull (inv_sync_engine_get_last_error (fixture->engine));
  g_assert_false (inv_sync_engine_get_needs_key (fixture->engine));
  /* The push stopped after a few failures in a row instead of trying every row, and
   * everything is still queued. */
  g_assert_cmpuint (inv_sync_engine_get_n_waiting (fixture->engine), ==, 20);
  g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM outbox WHERE attempts > 0", 0), <=, 8 + 4);
  g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM outbox WHERE state = 'queued'", 0), ==, 20);
}


/* Re-invite, a new invite for a candidate whose invitation was cancelled, a reattempt
 * and an erasure: each effect once, and one local row per remote invitation. */
static void
test_other_operations (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  gint64 reinvited_remote, reinvited, old_remote, old_local, fresh, done_remote, done_local, attempt;
  gint64 erase_remote;
  JsonArray *invitations;

  use_service (fixture, service);

  /* A cancelled invitation, re-invited: the service reactivates the same one. */
  reinvited_remote = test_service_create (service, 1001, "again@example.org", "Again");
  test_service_set_status (service, reinvited_remote, "cancelled");
  reinvited = test_add_invitation (fixture->database, fixture->backend, "again@example.org", "Again",
                                   reinvited_remote, "cancelled");
  g_assert_true (inv_outbox_enqueue (fixture->database, INV_OUTBOX_REINVITE, reinvited, NULL, 0, 0,
                                     "cancelled", "synced", NULL, &error));

  /* A new invite for someone whose earlier invitation (another local row) expired: the
   * service reactivates that one, and the two rows become one, the older. */
  old_remote = test_service_create (service, 1001, "back@example.org", "Back");
  test_service_set_status (service, old_remote, "expired");
  old_local = test_add_invitation (fixture->database, fixture->backend, "back@example.org", "Back",
                                   old_remote, "expired");
  test_queue_create (fixture->database, fixture->backend, "back@example.org", "Back", &fresh);

  /* A completed invitation gets a reattempt: a new remote invitation for a new row. */
  done_remote = test_service_create (service, 1001, "done@example.org", "Done");
  test_service_set_status (service, done_remote, "completed");
  done_local = test_add_invitation (fixture->database, fixture->backend, "done@example.org", "Done",
                                    done_remote, "completed");
  attempt = test_add_invitation (fixture->database, fixture->backend, "done@example.org", "Done", 0, "pending");
  payload = g_strdup_printf ("{\"sourceInvitationId\": %" G_GINT64_FORMAT "}", done_local);
  g_assert_true (inv_outbox_enqueue (fixture->database, INV_OUTBOX_REATTEMPT, attempt, payload, 0, 0,
                                     NULL, NULL, NULL, &error));

  /* An erasure request. */
  erase_remote = test_service_create (service, 1002, "forget@example.org", "Forget Me");
  g_assert_true (inv_outbox_enqueue (fixture->database, INV_OUTBOX_ERASE, 0, "{\"email\": \"forget@example.org\"}",
                                     0, 0, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  report = sync_once (fixture, INV_SYNC_FLAGS_PUSH_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pushed, ==, 4);
  g_assert_cmpuint (report->failed, ==, 0);

  invitations = test_service_invitations (service, &state);
  g_assert_cmpuint (json_array_get_length (invitations), ==, 5);

  g_assert_cmpint (test_query_int (fixture->database, "SELECT remote_id FROM invitations WHERE id = ?1", reinvited),
                   ==, reinvited_remote);
  g_assert_cmpstr (json_object_get_string_member (find_remote (invitations, reinvited_remote), "status"), ==, "pending");
  g_assert_cmpint (json_object_get_int_member (find_remote (invitations, reinvited_remote), "reactivations"), ==, 1);
  {
    g_autofree char *status = local_string (fixture, "status", reinvited);
    g_assert_cmpstr (status, ==, "pending");
  }

  g_assert_cmpint (test_query_int (fixture->database, "SELECT remote_id FROM invitations WHERE id = ?1", old_local),
                   ==, old_remote);
  g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM invitations WHERE id = ?1", fresh), ==, 0);
  {
    g_autofree char *status = local_string (fixture, "status", old_local);
    g_assert_cmpstr (status, ==, "pending");
  }
  /* Both rows' history, under the one that stayed */
  g_assert_cmpint (test_query_int (fixture->database,
                                   "SELECT count(*) FROM history WHERE invitation_id = ?1 AND event IN ('merged', 'sent')",
                                   old_local), ==, 2);
  g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM history WHERE invitation_id = ?1", fresh), ==, 0);

  {
    gint64 attempt_remote = test_query_int (fixture->database, "SELECT remote_id FROM invitations WHERE id = ?1", attempt);
    JsonObject *remote = find_remote (invitations, attempt_remote);

    g_assert_cmpint (attempt_remote, !=, done_remote);
    g_assert_nonnull (remote);
    g_assert_cmpint (json_object_get_int_member (remote, "reattemptOf"), ==, done_remote);
  }

  g_assert_true (json_object_get_boolean_member (find_remote (invitations, erase_remote), "erased"));
  g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM outbox", 0), ==, 0);
}


/* A reattempt whose answer was lost, on a service without idempotency keys: the retry
 * finds the invitation the lost attempt made instead of making a second one. */
static void
test_reattempt_answer_lost (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, "--no-extensions", NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  gint64 done_remote, done_local, attempt, attempt_remote;
  JsonArray *invitations;
  guint n_attempts = 0;

  use_service (fixture, service);

  done_remote = test_service_create (service, 1001, "twice@example.org", "Twice");
  test_service_set_status (service, done_remote, "completed");
  done_local = test_add_invitation (fixture->database, fixture->backend, "twice@example.org", "Twice",
                                    done_remote, "completed");
  attempt = test_add_invitation (fixture->database, fixture->backend, "twice@example.org", "Twice", 0, "pending");
  payload = g_strdup_printf ("{\"sourceInvitationId\": %" G_GINT64_FORMAT "}", done_local);
  g_assert_true (inv_outbox_enqueue (fixture->database, INV_OUTBOX_REATTEMPT, attempt, payload, 0, 0,
                                     NULL, NULL, NULL, &error));

  /* Applied, then the connection is reset: no answer. */
  test_service_set_faults (service, "{\"dropRate\": 1}");
  _inv_sync_engine_set_retry_horizon (fixture->engine, 0);
  report = sync_once (fixture, INV_SYNC_FLAGS_PUSH_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pushed, ==, 0);
  g_assert_cmpuint (report->waiting, ==, 1);
  g_clear_pointer (&report, inv_sync_report_free);

  test_service_set_faults (service, "{\"dropRate\": 0}");
  g_usleep (1100 * 1000);
  report = sync_once (fixture, INV_SYNC_FLAGS_NOW | INV_SYNC_FLAGS_PUSH_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pushed, ==, 1);
  g_assert_cmpuint (report->waiting, ==, 0);

  invitations = test_service_invitations (service, &state);
  for (guint i = 0; i < json_array_get_length (invitations); i++)
    if (json_object_get_int_member (json_array_get_object_element (invitations, i), "reattemptOf") == done_remote)
      n_attempts++;
  g_assert_cmpuint (n_attempts, ==, 1);

  attempt_remote = test_query_int (fixture->database, "SELECT remote_id FROM invitations WHERE id = ?1", attempt);
  g_assert_cmpint (json_object_get_int_member (find_remote (invitations, attempt_remote), "reattemptOf"), ==, done_remote);
}

/* Read-backs wait like pushes */

/* Request @i came at least @min_ms after request @i - 1: it waited that long. */
static void
assert_waited (GArray *times,
               guint   i,
               gint64  min_ms)
{
  gint64 gap_us;

  g_assert_cmpuint (i, <, times->len);
  gap_us = g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 1);
  g_assert_cmpint (gap_us, >=, min_ms * 1000);
}

static char *
invitation_path (gint64      remote_id,
                 const char *action)
{
  if (action == NULL)
    return g_strdup_printf ("/v3/invitations/%" G_GINT64_FORMAT, remote_id);

  return g_strdup_printf ("/v3/invitations/%" G_GINT64_FORMAT "/%s", remote_id, action);
}

/* A cancel refused because the invitation is cancelled already (elsewhere, or by an
 * attempt whose answer was lost) is read back; the reads that meet server errors and
 * 429s wait the backoff and what Retry-After asked for, and the cancel is confirmed
 * once. */
static void
test_read_back_waits (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GArray) gets = NULL;
  g_autoptr(GArray) cancels = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *get_path = NULL;
  g_autofree char *cancel_path = NULL;
  g_autofree char *script = NULL;
  g_autofree char *status = NULL;
  gint64 remote_id, invitation_id;

  use_service (fixture, service);
  remote_id = test_service_create (service, 1001, "twice@example.org", "Twice");
  invitation_id = test_add_invitation (fixture->database, fixture->backend, "twice@example.org", "Twice",
                                       remote_id, "pending");
  test_queue_cancel (fixture->database, invitation_id, 0);
  test_service_set_status (service, remote_id, "cancelled");

  get_path = invitation_path (remote_id, NULL);
  cancel_path = invitation_path (remote_id, "cancel");
  script = g_strdup_printf ("{\"rules\": ["
                            "  {\"method\": \"GET\", \"path\": \"%s\", \"status\": 503, \"times\": 2},"
                            "  {\"method\": \"GET\", \"path\": \"%s\", \"status\": 429, \"retryAfter\": 1}]}",
                            get_path, get_path);
  test_service_set_script (service, script);

  report = sync_once (fixture, INV_SYNC_FLAGS_PUSH_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pushed, ==, 1);
  g_assert_cmpuint (report->waiting, ==, 0);

  /* One cancel; four reads: after the first server error at least half the base
   * backoff (100 ms, jitter drops up to half), then twice that, then the second
   * that Retry-After asked for. */
  cancels = test_service_request_times (service, "POST", cancel_path, NULL);
  g_assert_cmpuint (cancels->len, ==, 1);
  gets = test_service_request_times (service, "GET", get_path, NULL);
  g_assert_cmpuint (gets->len, ==, 4);
  assert_waited (gets, 1, 50);
  assert_waited (gets, 2, 100);
  assert_waited (gets, 3, 1000);

  status = local_string (fixture, "status", invitation_id);
  g_assert_cmpstr (status, ==, "cancelled");
  g_assert_cmpint (json_object_get_int_member (find_remote (test_service_invitations (service, &state), remote_id),
                                               "cancellations"), ==, 0);
  g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM outbox", 0), ==, 0);
}

/* Without the service's read of one invitation, a cancel whose answer was lost is
 * found among the status changes; those reads wait too, and the cancel happens
 * once. */
static void
test_read_back_by_window_waits (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, "--no-extensions", NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GArray) windows = NULL;
  g_autoptr(GArray) cancels = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cancel_path = NULL;
  g_autofree char *script = NULL;
  gint64 remote_id, invitation_id;

  use_service (fixture, service);
  remote_id = test_service_create (service, 1001, "lost@example.org", "Lost Answer");
  invitation_id = test_add_invitation (fixture->database, fixture->backend, "lost@example.org", "Lost Answer",
                                       remote_id, "pending");
  test_queue_cancel (fixture->database, invitation_id, 0);

  /* The cancel is applied and its answer lost; its retry is refused, and the reads of
   * the status changes meet a server error and a 429. */
  cancel_path = invitation_path (remote_id, "cancel");
  script = g_strdup_printf ("{\"rules\": ["
                            "  {\"method\": \"POST\", \"path\": \"%s\", \"drop\": true},"
                            "  {\"method\": \"POST\", \"path\": \"/v3/candidates/testattempts\", \"state\": \"all\","
                            "   \"status\": 502},"
                            "  {\"method\": \"POST\", \"path\": \"/v3/candidates/testattempts\", \"state\": \"all\","
                            "   \"status\": 429, \"retryAfter\": 1}]}",
                            cancel_path);
  test_service_set_script (service, script);

  report = sync_once (fixture, INV_SYNC_FLAGS_PUSH_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pushed, ==, 1);
  g_assert_cmpuint (report->conflicts, ==, 0);

  cancels = test_service_request_times (service, "POST", cancel_path, NULL);
  g_assert_cmpuint (cancels->len, ==, 2);
  windows = test_service_request_times (service, "POST", "/v3/candidates/testattempts", "all");
  g_assert_cmpuint (windows->len, ==, 3);
  assert_waited (windows, 1, 50);
  assert_waited (windows, 2, 1000);

  g_assert_cmpint (json_object_get_int_member (find_remote (test_service_invitations (service, &state), remote_id),
                                               "cancellations"), ==, 1);
  g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM outbox", 0), ==, 0);
}

/* A read-back the service asks to wait for longer than the retry horizon is left for
 * a later sync: the row stays queued with the wait recorded, and no request at all
 * goes out until the wait is over, not even the pull's. */
static void
test_read_back_deferred (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(InvOutboxEntry) entry = NULL;
  g_autoptr(GArray) gets = NULL;
  g_autoptr(GArray) tests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *get_path = NULL;
  g_autofree char *script = NULL;
  gint64 remote_id, invitation_id, cancel;
  gint64 before = inv_database_now ();

  use_service (fixture, service);
  remote_id = test_service_create (service, 1001, "later@example.org", "Later");
  invitation_id = test_add_invitation (fixture->database, fixture->backend, "later@example.org", "Later",
                                       remote_id, "pending");
  cancel = test_queue_cancel (fixture->database, invitation_id, 0);
  test_service_set_status (service, remote_id, "cancelled");

  get_path = invitation_path (remote_id, NULL);
  script = g_strdup_printf ("{\"rules\": [{\"method\": \"GET\", \"path\": \"%s\", \"status\": 429, \"retryAfter\": 30}]}",
                            get_path);
  test_service_set_script (service, script);

  report = sync_once (fixture, INV_SYNC_FLAGS_NONE, &error);
  g_assert_null (report);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_RATE_LIMITED);
  g_clear_error (&error);
  g_assert_cmpuint (inv_sync_engine_get_last_report (fixture->engine)->waiting, ==, 1);
  g_assert_false (inv_sync_engine_get_last_report (fixture->engine)->pull_complete);

  gets = test_service_request_times (service, "GET", get_path, NULL);
  g_assert_cmpuint (gets->len, ==, 1);
  tests = test_service_request_times (service, "GET", "/v3/tests", NULL);
  g_assert_cmpuint (tests->len, ==, 0);

  /* Queued, due when the wait is over; the refused cancel was an attempt the service
   * looked at, so it counts. */
  entry = inv_outbox_get (fixture->database, cancel, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->state, ==, INV_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (entry->attempts, ==, 1);
  g_assert_cmpint (entry->next_attempt_at, >=, before + 30);
  g_assert_nonnull (entry->last_error);
  g_assert_cmpuint (inv_sync_engine_get_n_waiting (fixture->engine), ==, 1);

  /* Asked to sync now, the engine still sends nothing while the service said wait
   * (the sync may well end before the call returns). */
  g_clear_pointer (&gets, g_array_unref);
  {
    g_autoptr(GAsyncResult) result = NULL;

    inv_sync_engine_sync_async (fixture->engine, INV_SYNC_FLAGS_NOW, NULL, test_result_cb, &result);
    report = inv_sync_engine_sync_finish (fixture->engine, test_wait_result (&result), &error);
  }
  g_assert_null (report);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_RATE_LIMITED);
  gets = test_service_request_times (service, "GET", get_path, NULL);
  g_assert_cmpuint (gets->len, ==, 1);
  g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM outbox WHERE state = 'queued'", 0), ==, 1);
}

typedef struct
{
  TestService *service;
  const char  *path;
} Requests;

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
was_requested (gpointer data)
{
  Requests *requests = data;
  g_autoptr(GArray) times = test_service_request_times (requests->service, "GET", requests->path, NULL);

  return times->len > 0;
}

/* Stopped while a read-back waits for what a 429 asked, the sync ends without
 * waiting it out, and the row stays queued. */
static void
test_stop_while_read_back_waits (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(InvOutboxEntry) entry = NULL;
  g_autoptr(GArray) gets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *get_path = NULL;
  g_autofree char *script = NULL;
  gint64 remote_id, invitation_id, cancel;
  Requests requests;
  guint tick;

  use_service (fixture, service);
  remote_id = test_service_create (service, 1001, "stop@example.org", "Stop");
  invitation_id = test_add_invitation (fixture->database, fixture->backend, "stop@example.org", "Stop",
                                       remote_id, "pending");
  cancel = test_queue_cancel (fixture->database, invitation_id, 0);
  test_service_set_status (service, remote_id, "cancelled");

  get_path = invitation_path (remote_id, NULL);
  script = g_strdup_printf ("{\"rules\": [{\"method\": \"GET\", \"path\": \"%s\", \"status\": 429, \"retryAfter\": 8}]}",
                            get_path);
  test_service_set_script (service, script);

  inv_sync_engine_sync_async (fixture->engine, INV_SYNC_FLAGS_PUSH_ONLY, NULL, test_result_cb, &result);

  /* The service is asked between main loop turns until the read came. */
  requests.service = service;
  requests.path = get_path;
  tick = g_timeout_add (20, tick_cb, NULL);
  wait_until (was_requested, &requests);
  g_source_remove (tick);
  g_assert_cmpuint (inv_sync_engine_get_n_sending (fixture->engine), ==, 1);

  inv_sync_engine_stop (fixture->engine);
  report = inv_sync_engine_sync_finish (fixture->engine, test_wait_result (&result), &error);
  g_assert_null (report);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_CANCELLED);
  g_clear_error (&error);

  gets = test_service_request_times (service, "GET", get_path, NULL);
  g_assert_cmpuint (gets->len, ==, 1);
  entry = inv_outbox_get (fixture->database, cancel, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->state, ==, INV_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (entry->attempts, ==, 1);
  g_assert_false (inv_sync_engine_get_syncing (fixture->engine));
  g_assert_cmpuint (inv_sync_engine_get_n_sending (fixture->engine), ==, 0);
}

/* The pull's reads wait the same way, and a long wait ends the pull: the next sync
 * reads the rest. */
static void
test_pull_reads_wait (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(GArray) tests = NULL;
  g_autoptr(GArray) windows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *window_end = NULL;
  guint n_windows;

  use_service (fixture, service);
  test_service_set_script (service,
                           "{\"rules\": ["
                           "  {\"method\": \"GET\", \"path\": \"/v3/tests\", \"status\": 500, \"times\": 2},"
                           "  {\"method\": \"POST\", \"path\": \"/v3/candidates/testattempts\", \"status\": 429,"
                           "   \"retryAfter\": 1}]}");

  report = sync_once (fixture, INV_SYNC_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (report->pull_complete);

  tests = test_service_request_times (service, "GET", "/v3/tests", NULL);
  g_assert_cmpuint (tests->len, ==, 3);
  assert_waited (tests, 1, 50);
  assert_waited (tests, 2, 100);
  windows = test_service_request_times (service, "POST", "/v3/candidates/testattempts", NULL);
  g_assert_cmpuint (windows->len, >=, 2);
  assert_waited (windows, 1, 1000);

  /* Asked to wait a minute: one request, and the pull ends where it was. */
  n_windows = windows->len;
  window_end = inv_database_get_meta (fixture->database, INV_META_PULL_WINDOW_END);
  test_service_set_script (service,
                           "{\"rules\": [{\"method\": \"GET\", \"path\": \"/v3/tests\", \"status\": 429,"
                           "  \"retryAfter\": 60}]}");
  g_clear_pointer (&report, inv_sync_report_free);
  report = sync_once (fixture, INV_SYNC_FLAGS_NONE, &error);
  g_assert_null (report);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_RATE_LIMITED);
  g_assert_false (inv_sync_engine_get_last_report (fixture->engine)->pull_complete);

  g_clear_pointer (&tests, g_array_unref);
  tests = test_service_request_times (service, "GET", "/v3/tests", NULL);
  g_assert_cmpuint (tests->len, ==, 4);
  g_clear_pointer (&windows, g_array_unref);
  windows = test_service_request_times (service, "POST", "/v3/candidates/testattempts", NULL);
  g_assert_cmpuint (windows->len, ==, n_windows);
  {
    g_autofree char *still = inv_database_get_meta (fixture->database, INV_META_PULL_WINDOW_END);

    g_assert_cmpstr (still, ==, window_end);
  }
}

/* The look for an earlier reattempt, before a retried reattempt, waits too: one
 * reattempt on the service, however the looks went. */
static void
test_reattempt_lookup_waits (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, "--no-extensions", NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GArray) lookups = NULL;
  g_autoptr(GArray) reattempts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *reattempt_path = NULL;
  g_autofree char *script = NULL;
  gint64 done_remote, done_local, attempt;
  JsonArray *invitations;
  guint n_attempts = 0;

  use_service (fixture, service);
  done_remote = test_service_create (service, 1001, "again@example.org", "Again");
  test_service_set_status (service, done_remote, "completed");
  done_local = test_add_invitation (fixture->database, fixture->backend, "again@example.org", "Again",
                                    done_remote, "completed");
  attempt = test_add_invitation (fixture->database, fixture->backend, "again@example.org", "Again", 0, "pending");
  payload = g_strdup_printf ("{\"sourceInvitationId\": %" G_GINT64_FORMAT "}", done_local);
  g_assert_true (inv_outbox_enqueue (fixture->database, INV_OUTBOX_REATTEMPT, attempt, payload, 0, 0,
                                     NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  reattempt_path = invitation_path (done_remote, "reattempt");
  script = g_strdup_printf ("{\"rules\": ["
                            "  {\"method\": \"POST\", \"path\": \"%s\", \"drop\": true},"
                            "  {\"method\": \"POST\", \"path\": \"/v3/candidates/testattempts\", \"state\": \"pending\","
                            "   \"status\": 503},"
                            "  {\"method\": \"POST\", \"path\": \"/v3/candidates/testattempts\", \"state\": \"pending\","
                            "   \"status\": 429, \"retryAfter\": 1}]}",
                            reattempt_path);
  test_service_set_script (service, script);

  report = sync_once (fixture, INV_SYNC_FLAGS_PUSH_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->pushed, ==, 1);

  reattempts = test_service_request_times (service, "POST", reattempt_path, NULL);
  g_assert_cmpuint (reattempts->len, ==, 1);
  lookups = test_service_request_times (service, "POST", "/v3/candidates/testattempts", "pending");
  g_assert_cmpuint (lookups->len, ==, 3);
  assert_waited (lookups, 1, 50);
  assert_waited (lookups, 2, 1000);

  invitations = test_service_invitations (service, &state);
  for (guint i = 0; i < json_array_get_length (invitations); i++)
    if (json_object_get_int_member (json_array_get_object_element (invitations, i), "reattemptOf") == done_remote)
      n_attempts++;
  g_assert_cmpuint (n_attempts, ==, 1);
}


static gboolean
outbox_empty (gpointer data)
{
  Fixture *fixture = data;

  return test_query_int (fixture->database, "SELECT count(*) FROM outbox", 0) == 0 &&
         !inv_sync_engine_get_syncing (fixture->engine);
}

/* Started, the engine sends a held cancel by itself once its undo period is over, and
 * its counts follow. */
static void
test_start_syncs_when_due (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(JsonNode) state = NULL;
  gint64 remote_id, invitation_id;
  gint64 deadline;

  use_service (fixture, service);
  _inv_sync_engine_set_interval (fixture->engine, 3600);

  remote_id = test_service_create (service, 1001, "held@example.org", "Held");
  invitation_id = test_add_invitation (fixture->database, fixture->backend, "held@example.org", "Held",
                                       remote_id, "pending");
  test_queue_cancel (fixture->database, invitation_id, inv_database_now () + 2);

  /* Nobody tells the engine: the store announces the queued row (held, or already
   * waiting on a slow machine). */
  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (inv_sync_engine_get_n_held (fixture->engine) + inv_sync_engine_get_n_waiting (fixture->engine) != 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  inv_sync_engine_start (fixture->engine);

  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (!outbox_empty (fixture))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_assert_cmpstr (json_object_get_string_member (find_remote (test_service_invitations (service, &state), remote_id),
                                                  "status"), ==, "cancelled");
  g_assert_cmpuint (inv_sync_engine_get_n_waiting (fixture->engine), ==, 0);
  g_assert_cmpuint (inv_sync_engine_get_n_held (fixture->engine), ==, 0);
  g_assert_cmpint (inv_sync_engine_get_last_synced (fixture->engine), >, 0);

  inv_sync_engine_stop (fixture->engine);
}

typedef struct
{
  Fixture       *fixture;
  InvSyncEngine *engine;
  guint          held;
  guint          waiting;
} Expected;

static gboolean
shows (gpointer data)
{
  Expected *expected = data;

  return inv_sync_engine_get_n_held (expected->engine) == expected->held &&
         inv_sync_engine_get_n_waiting (expected->engine) == expected->waiting &&
         inv_sync_engine_get_n_sending (expected->engine) == 0 &&
         !inv_sync_engine_get_syncing (expected->engine) &&
         test_query_int (expected->fixture->database, "SELECT count(*) FROM outbox", 0) == expected->held + expected->waiting;
}

static gboolean
is_online (gpointer data)
{
  return inv_sync_engine_get_online (data);
}

/* The indicator's properties follow a row from queued (offline: nothing is sent) to
 * sent, and a held cancel from held to sent at the end of its undo period; the engine
 * says when it is offline. */
static void
test_indicator_follows_outbox (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, "--latency-ms=50", NULL);
  g_autoptr(TestMonitor) monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (Shown));
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(GError) error = NULL;
  Expected expected = { fixture, NULL, 0, 0 };
  gint64 invitation_id, remote_id, hold_until;
  guint queued, sending, sent, held, sending_held, sent_held;
  JsonObject *remote;

  g_clear_object (&fixture->engine);
  fixture->engine = g_object_new (INV_TYPE_SYNC_ENGINE,
                                  "database", fixture->database,
                                  "network-monitor", monitor,
                                  NULL);
  expected.engine = fixture->engine;
  inv_sync_engine_set_api_key (fixture->engine, API_KEY);
  _inv_sync_engine_set_interval (fixture->engine, 3600);
  use_service (fixture, service);
  g_assert_false (inv_sync_engine_get_online (fixture->engine));

  g_signal_connect (fixture->engine, "notify::n-held", G_CALLBACK (indicator_changed_cb), log);
  g_signal_connect (fixture->engine, "notify::n-waiting", G_CALLBACK (indicator_changed_cb), log);
  g_signal_connect (fixture->engine, "notify::n-sending", G_CALLBACK (indicator_changed_cb), log);
  g_signal_connect (fixture->engine, "notify::next-send-time", G_CALLBACK (indicator_changed_cb), log);
  inv_sync_engine_start (fixture->engine);

  /* Queued while offline: waiting, and it stays so. */
  test_queue_create (fixture->database, fixture->backend, "indicator@example.org", "Indicator", &invitation_id);
  expected.waiting = 1;
  wait_until (shows, &expected);
  g_assert_cmpuint (inv_sync_engine_get_n_held (fixture->engine), ==, 0);
  g_assert_cmpint (inv_sync_engine_get_next_send_time (fixture->engine), ==, 0);

  /* Back online, the engine sends it. */
  test_monitor_set_available (monitor, TRUE);
  wait_until (is_online, fixture->engine);
  expected.waiting = 0;
  wait_until (shows, &expected);

  /* A cancel in its undo period is held until then, and sent at its end. */
  remote_id = test_query_int (fixture->database, "SELECT remote_id FROM invitations WHERE id = ?1", invitation_id);
  g_assert_cmpint (remote_id, >, 0);
  hold_until = inv_database_now () + 4;
  test_queue_cancel (fixture->database, invitation_id, hold_until);
  wait_until (shows, &expected);

  /* The log: waiting, sending, nothing; held (with its end), sending, nothing. */
  queued = find_shown (log, 0, 0, 1, 0);
  sending = find_shown (log, queued, 0, 0, 1);
  sent = find_shown (log, sending, 0, 0, 0);
  held = find_shown (log, sent, 1, 0, 0);
  sending_held = find_shown (log, held, 0, 0, 1);
  sent_held = find_shown (log, sending_held, 0, 0, 0);
  g_assert_cmpuint (sent_held, <, log->len);
  /* A sent row never shows as waiting again on its way out. */
  g_assert_cmpuint (sent, ==, sending + 1);
  g_assert_cmpuint (sent_held, ==, sending_held + 1);
  g_assert_cmpint (g_array_index (log, Shown, queued).next_send_time, ==, 0);
  g_assert_cmpint (g_array_index (log, Shown, held).next_send_time, ==, hold_until);
  g_assert_cmpint (g_array_index (log, Shown, sent_held).next_send_time, ==, 0);

  /* Sent at the end of the undo period, not before. */
  remote = find_remote (test_service_invitations (service, &state), remote_id);
  g_assert_cmpstr (json_object_get_string_member (remote, "status"), ==, "cancelled");
  g_assert_cmpint (json_object_get_int_member (remote, "cancellations"), ==, 1);
  {
    g_autoptr(GDateTime) updated = g_date_time_new_from_iso8601 (json_object_get_string_member (remote, "updatedOn"),
                                                                 NULL);

    g_assert_cmpint (g_date_time_to_unix (updated), >=, hold_until);
  }

  /* Offline again: it says so. */
  test_monitor_set_available (monitor, FALSE);
  g_assert_false (inv_sync_engine_get_online (fixture->engine));

  inv_sync_engine_stop (fixture->engine);
  g_signal_handlers_disconnect_by_data (fixture->engine, log);
}

static void
test_test_connection (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) tests = NULL;
  g_autoptr(GError) error = NULL;

  inv_sync_engine_test_connection_async (fixture->engine, service->url, API_KEY, NULL, test_result_cb, &result);
  tests = inv_sync_engine_test_connection_finish (fixture->engine, test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tests->len, ==, 3);
  g_assert_cmpstr (((InvRemoteTest *)tests->pdata[0])->name, ==, "Backend Engineer - Screening");
  g_clear_object (&result);

  inv_sync_engine_test_connection_async (fixture->engine, service->url, "nope", NULL, test_result_cb, &result);
  g_assert_null (inv_sync_engine_test_connection_finish (fixture->engine, test_wait_result (&result), &error));
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_clear_object (&result);

  inv_sync_engine_test_connection_async (fixture->engine, "http://invites.example.com", API_KEY, NULL,
                                         test_result_cb, &result);
  g_assert_null (inv_sync_engine_test_connection_finish (fixture->engine, test_wait_result (&result), &error));
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_INVALID_URL);

  /* The engine itself was not touched. */
  g_assert_null (inv_sync_engine_get_service_url (fixture->engine));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync/engine/push-creates-and-cancels", test_push_creates_and_cancels);
  ADD ("/sync/engine/push-bulk-cancel-messages", test_push_bulk_cancel_messages);
  ADD ("/sync/engine/push-cancel-email-as-previewed", test_push_cancel_email_as_previewed);
  ADD ("/sync/engine/cancel-conflict-on-push", test_cancel_conflict_on_push);
  ADD ("/sync/engine/cancel-conflict-on-pull", test_cancel_conflict_on_pull);
  ADD ("/sync/engine/pull-imports-and-remote-wins", test_pull_imports_and_remote_wins);
  ADD ("/sync/engine/pull-keeps-links", test_pull_keeps_links);
  ADD ("/sync/engine/unauthorized-pauses", test_unauthorized_pauses);
  ADD ("/sync/engine/permanent-failure-retry", test_permanent_failure_retry);
  ADD ("/sync/engine/sample-rows-never-pushed", test_sample_rows_never_pushed);
  ADD ("/sync/engine/rate-limit-honoured", test_rate_limit_honoured);
  ADD ("/sync/engine/unreachable-keeps-everything", test_unreachable_keeps_everything);
  ADD ("/sync/engine/other-operations", test_other_operations);
  ADD ("/sync/engine/reattempt-answer-lost", test_reattempt_answer_lost);
  ADD ("/sync/engine/read-back-waits", test_read_back_waits);
  ADD ("/sync/engine/read-back-by-window-waits", test_read_back_by_window_waits);
  ADD ("/sync/engine/read-back-deferred", test_read_back_deferred);
  ADD ("/sync/engine/stop-while-read-back-waits", test_stop_while_read_back_waits);
  ADD ("/sync/engine/pull-reads-wait", test_pull_reads_wait);
  ADD ("/sync/engine/reattempt-lookup-waits", test_reattempt_lookup_waits);
  ADD ("/sync/engine/start-syncs-when-due", test_start_syncs_when_due);
  ADD ("/sync/engine/indicator-follows-outbox", test_indicator_follows_outbox);
  ADD ("/sync/engine/test-connection", test_test_connection);
#undef ADD

  return g_test_run ();
}

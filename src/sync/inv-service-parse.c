/* inv-service-parse.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the service's JSON: the contract's invitations and templates, and the
 * members they are made of, leniently (numbers as strings, unknown members ignored)
 * but never guessing what is missing.
 */

#define G_LOG_DOMAIN "inv-service-client"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "inv-invitation.h"
#include "inv-service-error.h"
#include "inv-service-parse.h"

/* The longest wait a 429 may ask for; a longer one is taken as this. */
#define MAX_RETRY_AFTER_SECONDS 3600

gboolean
inv_service_json_int64 (JsonObject *object,
                        const char *member,
                        gint64     *value)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }

  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d != (double)(gint64)d)
        return FALSE;
      *value = (gint64)d;
      return TRUE;
    }

  if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end = NULL;

      *value = g_ascii_strtoll (text, &end, 10);
      return end != text && *end == '\0';
    }

  return FALSE;
}

const char *
inv_service_json_string (JsonObject *object,
                         const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gint64
inv_service_json_time (JsonObject *object,
                       const char *member)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;
  const char *text = inv_service_json_string (object, member);

  if (text == NULL || *text == '\0')
    return 0;

  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);

  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

void
inv_service_set_malformed (GError     **error,
                           const char  *what)
{
  g_set_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED,
               _("The service sent an answer the app does not understand (%s)"), what);
}

/**
 * inv_service_parse_invitation:
 * @object: an invitation as any endpoint returns it: the invite, cancel and reattempt
 *   answers, GET /v3/invitations/{id}, or one entry of testattempts
 *
 * Reads what the app needs and ignores the rest. Only `testInvitationId` is required;
 * the status may come as `status` or `testStatus`, in any spelling.
 *
 * Returns: (transfer full): the invitation, or %NULL with @error set
 */
InvRemoteInvitation *
inv_service_parse_invitation (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(InvRemoteInvitation) invitation = inv_remote_invitation_new ();
  const char *status;

  if (object == NULL || !inv_service_json_int64 (object, "testInvitationId", &invitation->id) ||
      invitation->id <= 0)
    {
      inv_service_set_malformed (error, "testInvitationId");
      return NULL;
    }

  inv_service_json_int64 (object, "testId", &invitation->test_id);
  invitation->email = g_strdup (inv_service_json_string (object, "email"));
  invitation->name = g_strdup (inv_service_json_string (object, "name"));
  /* A link is handed to candidates: anything but an http or https address (a
   * `javascript:` one, say) is dropped as if the answer had none. */
  if (inv_invitation_link_is_web (inv_service_json_string (object, "testUrl")))
    invitation->test_url = g_strdup (inv_service_json_string (object, "testUrl"));
  invitation->origin = g_strdup (inv_service_json_string (object, "invitationtype"));

  status = inv_service_json_string (object, "testStatus");
  if (status == NULL)
    status = inv_service_json_string (object, "status");
  invitation->status_text = g_strdup (status);
  invitation->status = inv_status_from_wire (status);

  invitation->start = inv_service_json_time (object, "startDateTime");
  invitation->end = inv_service_json_time (object, "endDateTime");
  invitation->updated_on = inv_service_json_time (object, "updatedOn");

  return g_steal_pointer (&invitation);
}

/**
 * inv_service_parse_test:
 *
 * Returns: (transfer full): the interview template, or %NULL with @error set
 */
InvRemoteTest *
inv_service_parse_test (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(InvRemoteTest) test = inv_remote_test_new ();
  const char *name;
  const char *status;
  const char *type;
  JsonNode *interviewers;
  gint64 number;

  if (object == NULL || !inv_service_json_int64 (object, "testId", &test->id) || test->id <= 0)
    {
      inv_service_set_malformed (error, "testId");
      return NULL;
    }

  name = inv_service_json_string (object, "testName");
  test->name = g_strdup (name != NULL ? name : "");

  /* Anything but an explicit "inactive" keeps the template open. */
  status = inv_service_json_string (object, "status");
  test->active = status == NULL || g_ascii_strcasecmp (status, "inactive") != 0;

  type = inv_service_json_string (object, "interviewType");
  test->live = type != NULL && g_ascii_strcasecmp (type, "live") == 0;

  if (inv_service_json_int64 (object, "duration", &number) && number > 0 && number < G_MAXINT)
    test->duration = number;
  if (inv_service_json_int64 (object, "invitationValidityInDays", &number) && number > 0 && number < G_MAXINT)
    test->validity_days = number;

  interviewers = json_object_get_member (object, "interviewers");
  if (interviewers != NULL && JSON_NODE_HOLDS_ARRAY (interviewers))
    {
      JsonArray *array = json_node_get_array (interviewers);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (node))
            inv_remote_test_add_interviewer (test,
                                             inv_service_json_string (json_node_get_object (node), "name"),
                                             inv_service_json_string (json_node_get_object (node), "email"));
        }
    }

  return g_steal_pointer (&test);
}

/**
 * inv_service_parse_retry_after:
 * @value: (nullable): a `Retry-After` header: seconds, or an HTTP date
 * @now: the current time, for the date form
 *
 * Returns: how many seconds to wait (capped at an hour), or -1 when @value says nothing
 *   usable
 */
gint64
inv_service_parse_retry_after (const char *value,
                               GDateTime  *now)
{
  g_autoptr(GDateTime) date = NULL;
  const char *p;

  if (value == NULL)
    return -1;

  while (g_ascii_isspace (*value))
    value++;

  for (p = value; g_ascii_isdigit (*p); p++)
    ;

  if (p != value)
    {
      const char *rest = p;

      while (g_ascii_isspace (*rest))
        rest++;
      if (*rest == '\0')
        {
          gint64 seconds = p - value > 6 ? MAX_RETRY_AFTER_SECONDS : g_ascii_strtoll (value, NULL, 10);

          return MIN (seconds, MAX_RETRY_AFTER_SECONDS);
        }
    }

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL || now == NULL)
    return -1;

  return CLAMP (g_date_time_difference (date, now) / G_TIME_SPAN_SECOND, 0, MAX_RETRY_AFTER_SECONDS);
}

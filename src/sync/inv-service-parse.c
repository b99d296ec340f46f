/* inv-service-parse.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the service's JSON, which is checked before anything is kept of it.
 *
 * The document first: before the JSON parser (which recurses once per level of
 * nesting) sees it, a small iterative scan refuses what is nested more than
 * INV_SERVICE_MAX_JSON_DEPTH levels, what is not JSON at all (comments, hex or octal
 * numbers, single quotes: the parser would take them), and integers beyond 64 bits
 * (the parser would wrap them: 99999999999999999999 reads as -1, and a negative one as
 * a small positive id). Within texts, a lone UTF-16 surrogate escape (`\ud800`, which
 * the parser would turn into bytes that are not UTF-8) becomes U+FFFD, and raw control
 * bytes become spaces.
 *
 * Then each member used, by type and range: an id is a whole number from 1 (a JSON
 * integer, or a string of digits, as services send ids beyond 2^53); texts are texts.
 * An entry with a member of the wrong type, or an id out of range, is refused whole;
 * one refused entry of a page blocks no other. Names and status texts are made one
 * safe line (inv_text_sanitize_line()); emails must be valid addresses; a link that is
 * not a plain web address is not kept, and that is logged. docs/architecture.md
 * ("Text from the service") lists each member's rule.
 */

#define G_LOG_DOMAIN "inv-service-client"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "inv-candidate-rules.h"
#include "inv-email.h"
#include "inv-invitation.h"
#include "inv-service-error.h"
#include "inv-service-parse.h"
#include "inv-text-checks.h"

/* The longest wait a 429 may ask for; a longer one is taken as this. */
#define MAX_RETRY_AFTER_SECONDS 3600

/* A double holds every whole number up to this exactly. */
#define MAX_EXACT_DOUBLE 9007199254740992.0

/* Texts that are not names: a status spelling, where an invitation was made. */
#define MAX_STATUS_LENGTH 64
#define MAX_ORIGIN_LENGTH 32

/* Far beyond any real interview or invitation; more is a broken answer. */
#define MAX_DURATION_MINUTES 100000
#define MAX_VALIDITY_DAYS    36500
#define MAX_INTERVIEWERS     100

void
inv_service_set_malformed (GError     **error,
                           const char  *what)
{
  g_set_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED,
               _("The service sent an answer the app does not understand (%s)"), what);
}

/* The document */

typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
  char       *copy;     /* owned, nullable: @data with texts mended, made on the first mend */
} Scan;

static void
scan_mend (Scan       *scan,
           gsize       at,
           const char *with)
{
  if (scan->copy == NULL)
    scan->copy = g_memdup2 (scan->data, scan->length);

  memcpy (scan->copy + at, with, strlen (with));
}

static gboolean
scan_is_delimiter (Scan *scan)
{
  return scan->pos >= scan->length || strchr (" \t\r\n,:]}", scan->data[scan->pos]) != NULL;
}

static int
hex_value (char c)
{
  if (g_ascii_isxdigit (c))
    return g_ascii_xdigit_value (c);

  return -1;
}

/* The code unit of a `\uXXXX` escape at @at, or -1. */
static int
scan_unicode_escape (Scan  *scan,
                     gsize  at)
{
  int value = 0;

  if (at + 6 > scan->length || scan->data[at] != '\\' || scan->data[at + 1] != 'u')
    return -1;

  for (gsize i = at + 2; i < at + 6; i++)
    {
      int digit = hex_value (scan->data[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }

  return value;
}

/* A text, from its opening quote. */
static gboolean
scan_string (Scan    *scan,
             GError **error)
{
  scan->pos++;

  while (scan->pos < scan->length)
    {
      guchar c = scan->data[scan->pos];

      if (c == '"')
        {
          scan->pos++;
          return TRUE;
        }

      if (c < 0x20)
        {
          /* Not allowed raw in JSON; a space keeps the rest of the entry readable. */
          scan_mend (scan, scan->pos, " ");
          scan->pos++;
          continue;
        }

      if (c != '\\')
        {
          scan->pos++;
          continue;
        }

      if (scan->pos + 1 >= scan->length)
        break;

      if (scan->data[scan->pos + 1] == 'u')
        {
          int unit = scan_unicode_escape (scan, scan->pos);

          if (unit < 0)
            {
              inv_service_set_malformed (error, _("a text holds a broken escape"));
              return FALSE;
            }

          if (unit >= 0xD800 && unit <= 0xDBFF)
            {
              int low = scan_unicode_escape (scan, scan->pos + 6);

              if (low >= 0xDC00 && low <= 0xDFFF)
                {
                  scan->pos += 12;
                  continue;
                }
            }

          if (unit >= 0xD800 && unit <= 0xDFFF)
            scan_mend (scan, scan->pos, "\\ufffd");

          scan->pos += 6;
          continue;
        }

      if (strchr ("\"\\/bfnrt", scan->data[scan->pos + 1]) == NULL)
        {
          inv_service_set_malformed (error, _("a text holds a broken escape"));
          return FALSE;
        }

      scan->pos += 2;
    }

  inv_service_set_malformed (error, _("a text is not closed"));
  return FALSE;
}

static void
scan_digits (Scan *scan)
{
  while (scan->pos < scan->length && g_ascii_isdigit (scan->data[scan->pos]))
    scan->pos++;
}

/* A number as JSON writes it; a whole one must fit in 64 bits. */
static gboolean
scan_number (Scan    *scan,
             GError **error)
{
  gboolean whole = TRUE;
  gsize start;
  gsize n_digits;

  if (scan->data[scan->pos] == '-')
    scan->pos++;

  start = scan->pos;
  if (scan->pos >= scan->length || !g_ascii_isdigit (scan->data[scan->pos]))
    goto invalid;

  if (scan->data[scan->pos] == '0')
    scan->pos++;
  else
    scan_digits (scan);
  n_digits = scan->pos - start;

  if (scan->pos < scan->length && scan->data[scan->pos] == '.')
    {
      scan->pos++;
      if (scan->pos >= scan->length || !g_ascii_isdigit (scan->data[scan->pos]))
        goto invalid;
      scan_digits (scan);
      whole = FALSE;
    }

  if (scan->pos < scan->length && (scan->data[scan->pos] == 'e' || scan->data[scan->pos] == 'E'))
    {
      scan->pos++;
      if (scan->pos < scan->length && (scan->data[scan->pos] == '+' || scan->data[scan->pos] == '-'))
        scan->pos++;
      if (scan->pos >= scan->length || !g_ascii_isdigit (scan->data[scan->pos]))
        goto invalid;
      scan_digits (scan);
      whole = FALSE;
    }

  if (!scan_is_delimiter (scan))
    goto invalid;

  if (whole && (n_digits > 19 ||
                (n_digits == 19 && memcmp (scan->data + start, "9223372036854775807", 19) > 0)))
    {
      inv_service_set_malformed (error, _("it holds a whole number too large to read"));
      return FALSE;
    }

  return TRUE;

invalid:
  inv_service_set_malformed (error, _("it is not valid JSON"));
  return FALSE;
}

static gboolean
scan_word (Scan    *scan,
           GError **error)
{
  const char *words[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize n = strlen (words[i]);

      if (scan->length - scan->pos >= n && memcmp (scan->data + scan->pos, words[i], n) == 0)
        {
          scan->pos += n;
          if (scan_is_delimiter (scan))
            return TRUE;
          break;
        }
    }

  inv_service_set_malformed (error, _("it is not valid JSON"));
  return FALSE;
}

/* Walks the whole document once, without recursion. It does not check the grammar
 * (the parser does); it makes sure the parser meets nothing but JSON, and not too
 * deep. */
static gboolean
scan_document (Scan    *scan,
               GError **error)
{
  guint depth = 0;

  while (scan->pos < scan->length)
    {
      char c = scan->data[scan->pos];

      switch (c)
        {
        case ' ': case '\t': case '\r': case '\n': case ',': case ':':
          scan->pos++;
          break;

        case '[': case '{':
          if (++depth > INV_SERVICE_MAX_JSON_DEPTH)
            {
              g_autofree char *what = g_strdup_printf (_("it is nested more than %u levels deep"),
                                                       (guint)INV_SERVICE_MAX_JSON_DEPTH);

              inv_service_set_malformed (error, what);
              return FALSE;
            }
          scan->pos++;
          break;

        case ']': case '}':
          if (depth == 0)
            {
              inv_service_set_malformed (error, _("it is not valid JSON"));
              return FALSE;
            }
          depth--;
          scan->pos++;
          break;

        case '"':
          if (!scan_string (scan, error))
            return FALSE;
          break;

        case '-': case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          if (!scan_number (scan, error))
            return FALSE;
          break;

        case 't': case 'f': case 'n':
          if (!scan_word (scan, error))
            return FALSE;
          break;

        default:
          inv_service_set_malformed (error, _("it is not valid JSON"));
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * inv_service_parse_json:
 * @data: an answer's body, as received
 * @length: its length in bytes
 *
 * Checks the document as the file's comment says, then parses it. Every answer of the
 * contract is an object.
 *
 * Returns: (transfer full): the answer's root, an object; or %NULL with @error set
 *   (%INV_SERVICE_ERROR_MALFORMED)
 */
JsonNode *
inv_service_parse_json (const char  *data,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  Scan scan = { data, length, 0, NULL };
  const char *text;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  /* A byte order mark is not JSON, but harmless. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      scan.data = data += 3;
      scan.length = length -= 3;
    }

  if (!scan_document (&scan, error))
    {
      g_free (scan.copy);
      return NULL;
    }

  text = scan.copy != NULL ? scan.copy : data;
  parser = json_parser_new ();
  if (length == 0 || !json_parser_load_from_data (parser, text, length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_free (scan.copy);
      inv_service_set_malformed (error, _("not a JSON object"));
      return NULL;
    }

  g_free (scan.copy);

  return json_node_ref (root);
}

/* Members */

/**
 * inv_service_json_int64:
 *
 * A whole number: a JSON integer, a double that holds one exactly, or a string of
 * decimal digits (with an optional minus) that fits in 64 bits.
 *
 * Returns: %TRUE if @member is one; %FALSE if it is absent or anything else
 */
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

      if (!isfinite (d) || fabs (d) > MAX_EXACT_DOUBLE || d != floor (d))
        return FALSE;
      *value = (gint64)d;
      return TRUE;
    }

  if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      const char *digits = text[0] == '-' ? text + 1 : text;
      guint64 magnitude;

      if (*digits == '\0' || strlen (digits) > 19)
        return FALSE;
      for (const char *p = digits; *p != '\0'; p++)
        if (!g_ascii_isdigit (*p))
          return FALSE;

      magnitude = g_ascii_strtoull (digits, NULL, 10);
      if (magnitude > G_MAXINT64)
        return FALSE;
      *value = text[0] == '-' ? -(gint64)magnitude : (gint64)magnitude;
      return TRUE;
    }

  return FALSE;
}

/**
 * inv_service_json_string:
 *
 * Returns: (nullable): @member if it is a string, as received (unchecked)
 */
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

  if (text == NULL || *text == '\0' || strlen (text) > 64)
    return 0;

  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);

  return dt != NULL ? MAX (g_date_time_to_unix (dt), 0) : 0;
}

static gboolean
member_is_absent (JsonObject *object,
                  const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

/* An id: a whole number from 1. */
static gboolean
read_id (JsonObject  *object,
         const char  *member,
         gboolean     required,
         gint64      *value,
         GError     **error)
{
  *value = 0;

  if (!required && member_is_absent (object, member))
    return TRUE;

  if (!inv_service_json_int64 (object, member, value) || *value <= 0)
    {
      g_autofree char *what = NULL;

      *value = 0;
      if (member_is_absent (object, member))
        what = g_strdup_printf (_("“%s” is missing"), member);
      else
        what = g_strdup_printf (_("“%s” is not a valid id"), member);
      inv_service_set_malformed (error, what);
      return FALSE;
    }

  return TRUE;
}

/* A count from 0 to @max; 0 when absent. */
static gboolean
read_count (JsonObject  *object,
            const char  *member,
            guint        max,
            int         *value,
            GError     **error)
{
  gint64 number = 0;

  *value = 0;
  if (member_is_absent (object, member))
    return TRUE;

  if (!inv_service_json_int64 (object, member, &number) || number < 0 || number > max)
    {
      g_autofree char *what = g_strdup_printf (_("“%s” is not a number from 0 to %u"),
                                               member, max);

      inv_service_set_malformed (error, what);
      return FALSE;
    }

  *value = number;
  return TRUE;
}

/* A string member, unchecked; %NULL when absent. */
static gboolean
read_string (JsonObject   *object,
             const char   *member,
             const char  **value,
             GError      **error)
{
  *value = NULL;
  if (member_is_absent (object, member))
    return TRUE;

  *value = inv_service_json_string (object, member);
  if (*value == NULL)
    {
      g_autofree char *what = g_strdup_printf (_("“%s” is not text"), member);

      inv_service_set_malformed (error, what);
      return FALSE;
    }

  return TRUE;
}

/* A text shown to a person: one safe line of at most @max_chars. */
static gboolean
read_line (JsonObject  *object,
           const char  *member,
           gsize        max_chars,
           char       **value,
           GError     **error)
{
  const char *text;

  *value = NULL;
  if (!read_string (object, member, &text, error))
    return FALSE;

  if (text != NULL)
    *value = inv_text_sanitize_line (text, -1, max_chars);

  return TRUE;
}

/* An email address: normalised and valid, or absent ("" counts as absent). */
static gboolean
read_email (JsonObject  *object,
            const char  *member,
            char       **value,
            GError     **error)
{
  g_autofree char *email = NULL;
  const char *text;

  *value = NULL;
  if (!read_string (object, member, &text, error))
    return FALSE;

  if (text == NULL)
    return TRUE;

  email = inv_email_normalize (text);
  if (*email == '\0')
    return TRUE;

  if (!inv_email_validate (email, NULL))
    {
      g_autofree char *what = g_strdup_printf (_("“%s” is not a valid email address"), member);

      inv_service_set_malformed (error, what);
      return FALSE;
    }

  *value = g_steal_pointer (&email);
  return TRUE;
}

/* A time; one that cannot be read counts as absent (0), like a missing one. */
static gboolean
read_time (JsonObject  *object,
           const char  *member,
           gint64      *value,
           GError     **error)
{
  const char *text;

  *value = 0;
  if (!read_string (object, member, &text, error))
    return FALSE;

  *value = inv_service_json_time (object, member);
  return TRUE;
}

/* The contract's objects */

/**
 * inv_service_parse_invitation:
 * @object: (nullable): an invitation as any endpoint returns it: the invite, cancel and
 *   reattempt answers, GET /v3/invitations/{id}, or one entry of testattempts
 *
 * Reads what the app needs and ignores the rest. Only `testInvitationId` is required;
 * the status may come as `status` or `testStatus`, in any spelling. A member of the
 * wrong type, an id out of range or an email that is not an address refuses the
 * invitation; names and status texts are made one safe line; a link that is not a
 * plain web address is not kept (and that is logged).
 *
 * Returns: (transfer full): the invitation, or %NULL with @error set
 */
InvRemoteInvitation *
inv_service_parse_invitation (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(InvRemoteInvitation) invitation = inv_remote_invitation_new ();
  const char *status;
  const char *link;

  if (object == NULL)
    {
      inv_service_set_malformed (error, _("not a JSON object"));
      return NULL;
    }

  if (!read_id (object, "testInvitationId", TRUE, &invitation->id, error) ||
      !read_id (object, "testId", FALSE, &invitation->test_id, error) ||
      !read_email (object, "email", &invitation->email, error) ||
      !read_line (object, "name", INV_CANDIDATE_MAX_NAME_LENGTH, &invitation->name, error) ||
      !read_line (object, "invitationtype", MAX_ORIGIN_LENGTH, &invitation->origin, error) ||
      !read_string (object, "testUrl", &link, error) ||
      !read_string (object, "testStatus", &status, error) ||
      (status == NULL && !read_string (object, "status", &status, error)) ||
      !read_time (object, "startDateTime", &invitation->start, error) ||
      !read_time (object, "endDateTime", &invitation->end, error) ||
      !read_time (object, "updatedOn", &invitation->updated_on, error))
    return NULL;

  /* A link is handed to candidates: anything but a plain http or https address (a
   * `javascript:` one, say) is dropped as if the answer had none. */
  if (inv_text_is_web_link (link))
    invitation->test_url = g_strdup (link);
  else if (link != NULL && *link != '\0')
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, invitation->id);

      g_message (_("The service sent a link for invitation %s that is not a web address; it was not kept"), id);
    }

  if (status != NULL)
    {
      invitation->status_text = inv_text_sanitize_line (status, -1, MAX_STATUS_LENGTH);
      invitation->status = inv_status_from_wire (invitation->status_text);
    }
  else
    invitation->status = inv_status_from_wire (NULL);

  return g_steal_pointer (&invitation);
}

static gboolean
read_interviewers (JsonObject     *object,
                   InvRemoteTest  *test,
                   GError        **error)
{
  JsonNode *node;
  JsonArray *array;

  if (member_is_absent (object, "interviewers"))
    return TRUE;

  node = json_object_get_member (object, "interviewers");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      inv_service_set_malformed (error, _("“interviewers” is not a list"));
      return FALSE;
    }

  /* An interviewer who cannot be read is left out: they only get a notice. */
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array) && test->interviewers->len < MAX_INTERVIEWERS; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *name = NULL;
      g_autofree char *email = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          !read_line (json_node_get_object (element), "name", INV_CANDIDATE_MAX_NAME_LENGTH, &name, NULL) ||
          !read_email (json_node_get_object (element), "email", &email, NULL) ||
          email == NULL)
        continue;

      inv_remote_test_add_interviewer (test, name, email);
    }

  return TRUE;
}

/**
 * inv_service_parse_test:
 * @object: (nullable): one entry of the tests listing
 *
 * `testId` is required; a member of the wrong type or a number out of range refuses
 * the template. Its name is made one safe line.
 *
 * Returns: (transfer full): the interview template, or %NULL with @error set
 */
InvRemoteTest *
inv_service_parse_test (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(InvRemoteTest) test = inv_remote_test_new ();
  const char *status;
  const char *type;

  if (object == NULL)
    {
      inv_service_set_malformed (error, _("not a JSON object"));
      return NULL;
    }

  if (!read_id (object, "testId", TRUE, &test->id, error) ||
      !read_line (object, "testName", INV_CANDIDATE_MAX_NAME_LENGTH, &test->name, error) ||
      !read_string (object, "status", &status, error) ||
      !read_string (object, "interviewType", &type, error) ||
      !read_count (object, "duration", MAX_DURATION_MINUTES, &test->duration, error) ||
      !read_count (object, "invitationValidityInDays", MAX_VALIDITY_DAYS, &test->validity_days, error) ||
      !read_interviewers (object, test, error))
    return NULL;

  if (test->name == NULL)
    test->name = g_strdup ("");

  /* Anything but an explicit "inactive" keeps the template open. */
  test->active = status == NULL || g_ascii_strcasecmp (status, "inactive") != 0;
  test->live = type != NULL && g_ascii_strcasecmp (type, "live") == 0;

  return g_steal_pointer (&test);
}

/**
 * inv_service_parse_page_test:
 * @object: one entry of the tests listing
 *
 * Returns: (transfer full) (nullable): the template, or %NULL when it is refused; the
 *   reason is logged
 */
InvRemoteTest *
inv_service_parse_page_test (JsonObject *object)
{
  g_autoptr(GError) error = NULL;
  InvRemoteTest *test = inv_service_parse_test (object, &error);

  if (test == NULL)
    g_message (_("A template the service sent was left out: %s"), error->message);

  return test;
}

/**
 * inv_service_parse_page_invitation:
 * @object: one entry of the testattempts listing
 *
 * Returns: (transfer full) (nullable): the invitation, or %NULL when it is refused;
 *   the reason is logged
 */
InvRemoteInvitation *
inv_service_parse_page_invitation (JsonObject *object)
{
  g_autoptr(GError) error = NULL;
  InvRemoteInvitation *invitation = inv_service_parse_invitation (object, &error);

  if (invitation == NULL)
    g_message (_("An invitation the service sent was left out: %s"), error->message);

  return invitation;
}

/* Whole answers, from their bytes */

typedef gpointer (*ParseEntryFunc) (JsonObject *object);

/* A listing's page, {"result": {"@member": [...], "totalCount": n}}: the entries that
 * can be read. A page whose frame is wrong is refused whole. */
static GPtrArray *
parse_page (const char      *data,
            gsize            length,
            const char      *member,
            ParseEntryFunc   parse_entry,
            GDestroyNotify   free_entry,
            gint64          *total_count,
            GError         **error)
{
  g_autoptr(JsonNode) root = inv_service_parse_json (data, length, error);
  g_autoptr(GPtrArray) entries = NULL;
  JsonObject *result;
  JsonNode *node;
  JsonArray *array = NULL;
  gint64 count = 0;

  if (root == NULL)
    return NULL;

  node = json_object_get_member (json_node_get_object (root), "result");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      inv_service_set_malformed (error, "result");
      return NULL;
    }
  result = json_node_get_object (node);

  if (!member_is_absent (result, member))
    {
      node = json_object_get_member (result, member);
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          inv_service_set_malformed (error, member);
          return NULL;
        }
      array = json_node_get_array (node);
    }

  if (!member_is_absent (result, "totalCount") &&
      (!inv_service_json_int64 (result, "totalCount", &count) || count < 0))
    {
      inv_service_set_malformed (error, "totalCount");
      return NULL;
    }

  entries = g_ptr_array_new_with_free_func (free_entry);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gpointer entry = parse_entry (JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL);

      if (entry != NULL)
        g_ptr_array_add (entries, entry);
    }

  if (total_count != NULL)
    *total_count = member_is_absent (result, "totalCount") ? (gint64)entries->len : count;

  return g_steal_pointer (&entries);
}

/**
 * inv_service_parse_tests_page:
 * @data: the body of a GET /v3/tests answer
 * @total_count: (out) (optional): its `totalCount`, or the number of entries read when
 *   it has none
 *
 * Returns: (transfer container) (element-type InvRemoteTest): the templates that could
 *   be read, or %NULL with @error set when the page itself is refused
 */
GPtrArray *
inv_service_parse_tests_page (const char  *data,
                              gsize        length,
                              gint64      *total_count,
                              GError     **error)
{
  return parse_page (data, length, "tests", (ParseEntryFunc)inv_service_parse_page_test,
                     (GDestroyNotify)inv_remote_test_free, total_count, error);
}

/**
 * inv_service_parse_test_attempts_page:
 * @data: the body of a POST /v3/candidates/testattempts answer
 * @total_count: (out) (optional): its `totalCount`, or the number of entries read when
 *   it has none
 *
 * Returns: (transfer container) (element-type InvRemoteInvitation): the invitations
 *   that could be read, or %NULL with @error set when the page itself is refused
 */
GPtrArray *
inv_service_parse_test_attempts_page (const char  *data,
                                      gsize        length,
                                      gint64      *total_count,
                                      GError     **error)
{
  return parse_page (data, length, "testAttempts", (ParseEntryFunc)inv_service_parse_page_invitation,
                     (GDestroyNotify)inv_remote_invitation_free, total_count, error);
}

/**
 * inv_service_parse_invitation_answer:
 * @data: the body of an answer that is one invitation: invite, cancel, reattempt, or
 *   GET /v3/invitations/{id}
 *
 * Returns: (transfer full): the invitation, or %NULL with @error set
 */
InvRemoteInvitation *
inv_service_parse_invitation_answer (const char  *data,
                                     gsize        length,
                                     GError     **error)
{
  g_autoptr(JsonNode) root = inv_service_parse_json (data, length, error);

  if (root == NULL)
    return NULL;

  return inv_service_parse_invitation (json_node_get_object (root), error);
}

/**
 * inv_service_parse_error_message:
 * @data: (nullable): the body of an error answer, {"statusCode": n, "message": "…"}, or
 *   anything else (empty, a proxy's HTML page)
 *
 * The service's own words are shown and kept in the outbox: they are made one safe
 * line of at most %INV_SERVICE_MAX_MESSAGE_LENGTH characters.
 *
 * Returns: (transfer full) (nullable): the message, or %NULL when the body has none
 */
char *
inv_service_parse_error_message (const char *data,
                                 gsize       length)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = NULL;
  const char *text;

  if (data == NULL || length == 0)
    return NULL;

  root = inv_service_parse_json (data, length, NULL);
  if (root == NULL)
    return NULL;

  text = inv_service_json_string (json_node_get_object (root), "message");
  if (text == NULL)
    return NULL;

  message = inv_text_sanitize_line (text, -1, INV_SERVICE_MAX_MESSAGE_LENGTH);
  if (*message == '\0')
    return NULL;

  return g_steal_pointer (&message);
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

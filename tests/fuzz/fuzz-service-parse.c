/* fuzz-service-parse.c: reading the invitation service's answers under libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte of an input chooses what it is, the rest is the body (or header) as it
 * arrives from the network; each is read the way src/sync/inv-service-client.c reads
 * it: a body becomes a JSON root object (parse_body()), then
 *   0  a page of GET /v3/tests: result.tests[] and totalCount
 *   1  a page of testattempts: result.testAttempts[] and totalCount
 *   2  one invitation: the invite, cancel and reattempt answers, GET /v3/invitations/{id}
 *   3  an error answer's {"message": …}
 *   4  the erase answer (any object)
 *   5  a Retry-After header
 */

#include "config.h"

#include "fuzz-common.h"
#include "inv-service-parse.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  return 0;
}

/* json-glib as the client calls it; no depth limit is checked before parsing. */
static JsonNode *
parse_body_with_json_glib (const char  *data,
                           gsize        size,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (size == 0 || !json_parser_load_from_data (parser, data, size, error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_clear_error (error);
      inv_service_set_malformed (error, "not a JSON object");
      return NULL;
    }

  return json_node_copy (root);
}

/* The one place that says how a body is parsed. Returns: (transfer full): the answer's
 * root, an object, or %NULL with @error set. */
static JsonNode *
parse_body (const char  *data,
            gsize        size,
            GError     **error)
{
  return parse_body_with_json_glib (data, size, error);
}

static void
check_invitation (InvRemoteInvitation *invitation)
{
  fuzz_assert (invitation->id > 0, "an invitation has an id");
  fuzz_assert (invitation->test_url == NULL || g_str_has_prefix (invitation->test_url, "http"),
               "a link is a web address");
}

/* result.MEMBER[] of a listing, each entry read as the client's page_finish() does. */
static void
read_page (JsonNode   *root,
           const char *member,
           gboolean    tests)
{
  JsonNode *result = json_object_get_member (json_node_get_object (root), "result");
  JsonObject *object;
  JsonNode *node;
  gint64 total_count = 0;

  if (result == NULL || !JSON_NODE_HOLDS_OBJECT (result))
    return;

  object = json_node_get_object (result);
  node = json_object_get_member (object, member);
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;

          if (tests)
            {
              g_autoptr(InvRemoteTest) test = inv_service_parse_test (json_node_get_object (element), NULL);

              fuzz_assert (test == NULL || (test->id > 0 && test->name != NULL), "a test has an id and a name");
            }
          else
            {
              g_autoptr(InvRemoteInvitation) invitation = inv_service_parse_invitation (json_node_get_object (element), NULL);

              if (invitation != NULL)
                check_invitation (invitation);
            }
        }
    }

  inv_service_json_int64 (object, "totalCount", &total_count);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *body;
  guint kind;

  if (size < 1)
    return 0;

  kind = data[0] % 6;
  body = (const char *)data + 1;
  size--;

  if (kind == 5)
    {
      g_autofree char *header = g_strndup (body, size);
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (1765000000);
      gint64 seconds = inv_service_parse_retry_after (header, now);

      fuzz_assert (seconds == -1 || (seconds >= 0 && seconds <= 3600), "a wait within an hour");
      return 0;
    }

  root = parse_body (body, size, &error);
  fuzz_assert ((root == NULL) == (error != NULL), "a root or an error");
  if (root == NULL)
    return 0;
  fuzz_assert (JSON_NODE_HOLDS_OBJECT (root), "the root is an object");

  switch (kind)
    {
    case 0:
      read_page (root, "tests", TRUE);
      break;

    case 1:
      read_page (root, "testAttempts", FALSE);
      break;

    case 2:
      {
        g_autoptr(InvRemoteInvitation) invitation = NULL;
        g_autoptr(GError) parse_error = NULL;

        invitation = inv_service_parse_invitation (json_node_get_object (root), &parse_error);
        fuzz_assert ((invitation == NULL) == (parse_error != NULL), "an invitation or an error");
        if (invitation != NULL)
          check_invitation (invitation);
      }
      break;

    case 3:
      inv_service_json_string (json_node_get_object (root), "message");
      break;

    default:
      break;
    }

  return 0;
}

/* test-service-data.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the service sends is checked before it is kept: hostile bytes fed to every
 * parse function, then hostile answers from the real test service through a real
 * sync into a real database, read back from the database and from `--list`.
 */

#include "config.h"

#include <string.h>

#include "inv-database-invitations.h"
#include "inv-invitation.h"
#include "inv-service-error.h"
#include "inv-service-parse.h"
#include "inv-sync-engine-private.h"
#include "inv-text-checks.h"
#include "sync-test-util.h"

#define API_KEY "data-key"
#define LOG_DOMAIN "inv-service-client"

/* Hostile pieces of text, as JSON writes them: a terminal title change and bell, a
 * screen clear, a right-to-left override and a lone surrogate. */
#define OSC_TITLE "\\u001b]0;owned\\u0007"
#define CLEAR_SCREEN "\\u001b[2J\\u001b[H"
#define RLO "\\u202e"
#define LONE_SURROGATE "\\ud800"

/* Text that can be shown and printed: UTF-8, nothing a terminal or a list would take
 * for a command or a reordering. */
static void
assert_safe_text (const char *text)
{
  if (text == NULL)
    return;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_null (inv_text_find_unsafe (text));
}

static void
assert_safe_invitation (const InvRemoteInvitation *invitation)
{
  g_assert_cmpint (invitation->id, >, 0);
  g_assert_cmpint (invitation->test_id, >=, 0);
  assert_safe_text (invitation->name);
  assert_safe_text (invitation->email);
  assert_safe_text (invitation->status_text);
  assert_safe_text (invitation->origin);
  g_assert_true (invitation->test_url == NULL || inv_text_is_web_link (invitation->test_url));
  if (invitation->name != NULL)
    g_assert_cmpuint (g_utf8_strlen (invitation->name, -1), <=, 200);
}

static void
assert_safe_test (const InvRemoteTest *test)
{
  g_assert_cmpint (test->id, >, 0);
  g_assert_cmpint (test->duration, >=, 0);
  g_assert_cmpint (test->validity_days, >=, 0);
  assert_safe_text (test->name);
  g_assert_cmpuint (g_utf8_strlen (test->name, -1), <=, 200);
  for (guint i = 0; i < test->interviewers->len; i++)
    {
      InvRemotePerson *person = g_ptr_array_index (test->interviewers, i);

      assert_safe_text (person->name);
      assert_safe_text (person->email);
      g_assert_nonnull (person->email);
    }
}

static InvRemoteInvitation *
invitation_answer (const char  *json,
                   GError     **error)
{
  return inv_service_parse_invitation_answer (json, strlen (json), error);
}

static char *
error_message (const char *json)
{
  return inv_service_parse_error_message (json, strlen (json));
}

static GPtrArray *
tests_page (const char  *json,
            gint64      *total_count,
            GError     **error)
{
  return inv_service_parse_tests_page (json, strlen (json), total_count, error);
}

static GPtrArray *
attempts_page (const char  *json,
               gint64      *total_count,
               GError     **error)
{
  return inv_service_parse_test_attempts_page (json, strlen (json), total_count, error);
}

/* @json is refused whole by every parse function, with a message containing @why. */
static void
assert_refused_everywhere (const char *json,
                           gsize       length,
                           const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = inv_service_parse_json (json, length, &error);
  g_autoptr(GPtrArray) tests = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(InvRemoteInvitation) invitation = NULL;
  g_autofree char *message = NULL;

  g_assert_null (root);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED);
  if (why != NULL)
    g_assert_nonnull (strstr (error->message, why));
  g_clear_error (&error);

  tests = inv_service_parse_tests_page (json, length, NULL, &error);
  g_assert_null (tests);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED);
  g_clear_error (&error);

  attempts = inv_service_parse_test_attempts_page (json, length, NULL, &error);
  g_assert_null (attempts);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED);
  g_clear_error (&error);

  invitation = inv_service_parse_invitation_answer (json, length, &error);
  g_assert_null (invitation);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED);

  message = inv_service_parse_error_message (json, length);
  g_assert_null (message);
}

static char *
nested (guint       depth,
        const char *inside)
{
  GString *text = g_string_new ("{\"message\": \"deep\", \"result\": ");

  for (guint i = 0; i < depth - 1; i++)
    g_string_append_c (text, '[');
  g_string_append (text, inside);
  for (guint i = 0; i < depth - 1; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');

  return g_string_free (text, FALSE);
}

/* json-glib's parser recurses once per level: 100,000 of them overflowed the stack. */
static void
test_depth (void)
{
  g_autofree char *brackets = g_malloc (100001);
  g_autofree char *at_limit = nested (INV_SERVICE_MAX_JSON_DEPTH, "1");
  g_autofree char *over_limit = nested (INV_SERVICE_MAX_JSON_DEPTH + 1, "1");
  g_autofree char *objects = NULL;
  g_autoptr(GString) deep_objects = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  memset (brackets, '[', 100000);
  brackets[100000] = '\0';
  assert_refused_everywhere (brackets, 100000, "64 levels");

  for (guint i = 0; i < 100000; i++)
    g_string_append (deep_objects, "{\"a\":");
  assert_refused_everywhere (deep_objects->str, deep_objects->len, "64 levels");

  /* Brackets inside a text are text. */
  objects = g_strdup_printf ("{\"message\": \"%s\"}", brackets);
  root = inv_service_parse_json (objects, strlen (objects), &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_clear_pointer (&root, json_node_unref);

  root = inv_service_parse_json (at_limit, strlen (at_limit), &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);

  assert_refused_everywhere (over_limit, strlen (over_limit), "64 levels");
}

/* What the parser would read although it is not JSON. */
static void
test_not_json (void)
{
  const char *refused[] = {
    "",
    "   ",
    "[1, 2]",
    "\"text\"",
    "42",
    "<html><body>Bad gateway</body></html>",
    "{\"testInvitationId\": 0x10}",
    "{\"testInvitationId\": 0123}",
    "{\"testInvitationId\": 12abc}",
    "{\"testInvitationId\": NaN}",
    "{\"testInvitationId\": -}",
    "{\"testInvitationId\": 1.}",
    "{\"testInvitationId\": 1e}",
    "{/* \" */ \"testInvitationId\": 1 /* \" */}",
    "{'testInvitationId': 1}",
    "{\"testInvitationId\": 1, \"name\": \"unterminated}",
    "{\"name\": \"\\x41\", \"testInvitationId\": 1}",
    "{\"name\": \"\\u12\", \"testInvitationId\": 1}",
    "{\"testInvitationId\": tru}",
    "{\"testInvitationId\": 1}}",
    "{\"testInvitationId\": 1",
  };
  const char with_nul[] = "{\"testInvitationId\": 1}\0{";
  g_autoptr(InvRemoteInvitation) invitation = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_message ("refused %u: %s", i, refused[i]);
      assert_refused_everywhere (refused[i], strlen (refused[i]), NULL);
    }

  assert_refused_everywhere (with_nul, sizeof with_nul - 1, NULL);

  /* Not UTF-8. */
  {
    const char *not_utf8 = "{\"testInvitationId\": 1, \"name\": \"\xff\"}";

    assert_refused_everywhere (not_utf8, strlen (not_utf8), NULL);
  }

  /* A byte order mark is harmless. */
  invitation = invitation_answer ("\xEF\xBB\xBF{\"testInvitationId\": 5}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (invitation->id, ==, 5);
}

/* json-glib wraps integers beyond 64 bits: 99999999999999999999 reads as -1 and
 * -99999999999999999999 as 1, a valid id. */
static void
test_huge_numbers (void)
{
  const char *refused[] = {
    "{\"testInvitationId\": 99999999999999999999}",
    "{\"testInvitationId\": -99999999999999999999}",
    "{\"testInvitationId\": 18446744073709551615}",
    "{\"testInvitationId\": -18446744073709551614}",
    "{\"testInvitationId\": 9223372036854775808}",
    "{\"testInvitationId\": 1, \"other\": 123456789012345678901234567890}",
  };
  g_autoptr(InvRemoteInvitation) invitation = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    assert_refused_everywhere (refused[i], strlen (refused[i]), "too large");

  /* The largest id there is, and big ids as strings, as services send them beyond
   * 2^53. */
  invitation = invitation_answer ("{\"testInvitationId\": 9223372036854775807}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (invitation->id, ==, G_MAXINT64);
  g_clear_pointer (&invitation, inv_remote_invitation_free);

  invitation = invitation_answer ("{\"testInvitationId\": \"9007199254740993\", \"testId\": \"1001\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (invitation->id, ==, G_GINT64_CONSTANT (9007199254740993));
  g_assert_cmpint (invitation->test_id, ==, 1001);
  g_clear_pointer (&invitation, inv_remote_invitation_free);

  /* A big number with a fraction or exponent is a double, never an id. */
  invitation = invitation_answer ("{\"testInvitationId\": 1e19}", &error);
  g_assert_null (invitation);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED);
  g_clear_error (&error);

  invitation = invitation_answer ("{\"testInvitationId\": 1e400}", &error);
  g_assert_null (invitation);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED);
  g_clear_error (&error);

  invitation = invitation_answer ("{\"testInvitationId\": 7.0}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (invitation->id, ==, 7);
}

/* Every id, wherever it is: a whole number from 1. */
static void
test_ids (void)
{
  const char *bad_ids[] = {
    "0", "-5", "1.5", "true", "false", "\"abc\"", "\"\"", "\"12abc\"", "\" 12\"", "\"+12\"",
    "\"-12\"", "\"99999999999999999999\"", "\"0x10\"", "[1]", "{\"id\": 1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_ids); i++)
    {
      g_autofree char *as_invitation = g_strdup_printf ("{\"testInvitationId\": %s}", bad_ids[i]);
      g_autofree char *as_test_of_invitation = g_strdup_printf ("{\"testInvitationId\": 3, \"testId\": %s}", bad_ids[i]);
      g_autofree char *as_test = g_strdup_printf ("{\"result\": {\"tests\": [{\"testId\": %s, \"testName\": \"T\"}],"
                                                  " \"totalCount\": 1}}", bad_ids[i]);
      g_autoptr(InvRemoteInvitation) invitation = NULL;
      g_autoptr(GPtrArray) tests = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("id %s", bad_ids[i]);

      invitation = invitation_answer (as_invitation, &error);
      g_assert_null (invitation);
      g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, "testInvitationId"));
      g_clear_error (&error);

      invitation = invitation_answer (as_test_of_invitation, &error);
      g_assert_null (invitation);
      g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, "testId"));
      g_clear_error (&error);

      /* One refused template leaves the page readable, and says why. */
      g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "*template*left out*testId*");
      tests = tests_page (as_test, NULL, &error);
      g_test_assert_expected_messages ();
      g_assert_no_error (error);
      g_assert_cmpuint (tests->len, ==, 0);
    }

  {
    g_autoptr(InvRemoteInvitation) invitation = NULL;
    g_autoptr(GError) error = NULL;

    invitation = invitation_answer ("{\"status\": \"Pending\"}", &error);
    g_assert_null (invitation);
    g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED);
    g_assert_nonnull (strstr (error->message, "missing"));
    g_clear_error (&error);

    /* An absent or null testId is allowed: the answers to a create carry none. */
    invitation = invitation_answer ("{\"testInvitationId\": 3, \"testId\": null}", &error);
    g_assert_no_error (error);
    g_assert_cmpint (invitation->test_id, ==, 0);
  }
}

/* A member of the wrong type refuses the invitation: nothing of it is kept. */
static void
test_invitation_types (void)
{
  const char *members[] = {
    "\"email\": 5", "\"email\": [\"a@example.org\"]", "\"name\": 42", "\"name\": {\"first\": \"Jo\"}",
    "\"testUrl\": true", "\"testStatus\": 3", "\"status\": [\"Pending\"]",
    "\"invitationtype\": 1", "\"updatedOn\": 1795339800", "\"startDateTime\": {}",
    "\"endDateTime\": false", "\"email\": \"not an address\"", "\"email\": \"jo@@example.org\"",
    "\"email\": \"jo\\u001b@example.org\"", "\"email\": \"jo\\u202e@example.org\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"testInvitationId\": 8, \"testId\": 1001, %s}", members[i]);
      g_autoptr(InvRemoteInvitation) invitation = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", json);
      invitation = invitation_answer (json, &error);
      g_assert_null (invitation);
      g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED);
    }

  /* null is absent; an unreadable time is unknown, like a missing one. */
  {
    g_autoptr(InvRemoteInvitation) invitation = NULL;
    g_autoptr(GError) error = NULL;

    invitation = invitation_answer ("{\"testInvitationId\": 8, \"email\": null, \"name\": null, \"testUrl\": null,"
                                    " \"updatedOn\": \"yesterday\", \"email\": \"  Jo@Example.org \"}", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (invitation->email, ==, "Jo@Example.org");
    g_assert_null (invitation->name);
    g_assert_null (invitation->test_url);
    g_assert_cmpint (invitation->updated_on, ==, 0);
  }
}

/* Names and status texts are cleaned, whatever the escapes or raw bytes. */
static void
test_invitation_texts (void)
{
  g_autoptr(GString) long_name = g_string_new (NULL);
  g_autoptr(InvRemoteInvitation) invitation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  invitation = invitation_answer ("{\"testInvitationId\": 9, \"name\": \"" OSC_TITLE "Eve " RLO "gpj.exe" CLEAR_SCREEN "\","
                                  " \"testStatus\": \"In\\nProgress\", \"invitationtype\": \"app\\u0007\"}", &error);
  g_assert_no_error (error);
  assert_safe_invitation (invitation);
  g_assert_cmpstr (invitation->name, ==, "]0;owned Eve gpj.exe [2J [H");
  g_assert_cmpstr (invitation->status_text, ==, "In Progress");
  g_assert_cmpint (invitation->status, ==, INV_STATUS_IN_PROGRESS);
  g_assert_cmpstr (invitation->origin, ==, "app");
  g_clear_pointer (&invitation, inv_remote_invitation_free);

  /* A lone surrogate would have become bytes that are not UTF-8; a pair stays. */
  invitation = invitation_answer ("{\"testInvitationId\": 9, \"name\": \"A" LONE_SURROGATE "B\\udc00C\\ud800\\ud83d\\ude00\","
                                  " \"email\": \"jo@example.org\"}", &error);
  g_assert_no_error (error);
  assert_safe_invitation (invitation);
  g_assert_cmpstr (invitation->name, ==, "A\uFFFD" "B\uFFFD" "C\uFFFD\U0001F600");
  g_clear_pointer (&invitation, inv_remote_invitation_free);

  invitation = invitation_answer ("{\"testInvitationId\": 9, \"name\": \"" LONE_SURROGATE "\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (invitation->name, ==, "\uFFFD");
  g_clear_pointer (&invitation, inv_remote_invitation_free);

  /* Raw control bytes, which JSON does not allow in a text, become spaces. */
  invitation = invitation_answer ("{\"testInvitationId\": 9, \"name\": \"Raw\x1b]0;t\x07\tname\x01\"}", &error);
  g_assert_no_error (error);
  assert_safe_invitation (invitation);
  g_assert_cmpstr (invitation->name, ==, "Raw ]0;t name");
  g_clear_pointer (&invitation, inv_remote_invitation_free);

  /* A nul escape does not hide what follows it from the checks. */
  invitation = invitation_answer ("{\"testInvitationId\": 9, \"name\": \"a\\u0000\\u001b[2J\"}", &error);
  g_assert_no_error (error);
  assert_safe_invitation (invitation);
  g_clear_pointer (&invitation, inv_remote_invitation_free);

  /* Length. */
  for (guint i = 0; i < 10000; i++)
    g_string_append (long_name, "Ab ");
  json = g_strdup_printf ("{\"testInvitationId\": 9, \"name\": \"%s\", \"testStatus\": \"%s\"}",
                          long_name->str, long_name->str);
  invitation = invitation_answer (json, &error);
  g_assert_no_error (error);
  assert_safe_invitation (invitation);
  g_assert_cmpuint (g_utf8_strlen (invitation->name, -1), ==, 200);
  g_assert_true (g_str_has_suffix (invitation->name, "Ab A…"));
  /* No space before the ellipsis. */
  g_assert_cmpuint (g_utf8_strlen (invitation->status_text, -1), ==, 63);
  g_assert_true (g_str_has_suffix (invitation->status_text, "Ab Ab…"));
}

/* Only plain web links are kept, and a dropped one is said. */
static void
test_invitation_links (void)
{
  const char *bad[] = {
    "javascript:alert(1)",
    "JavaScript://invites.example.com/%0Aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "https://bank.example@evil.example/i/1",
    "https://invites.example.com/i/1 onclick",
    "https://invites.example.com/i/" OSC_TITLE,
    "https://invites.example.com/" RLO "gpj.exe",
    "//evil.example/i/1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"testInvitationId\": 10, \"testUrl\": \"%s\", \"status\": \"Pending\"}",
                                               bad[i]);
      g_autoptr(InvRemoteInvitation) invitation = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", bad[i]);
      g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "*invitation 10*not a web address*not kept*");
      invitation = invitation_answer (json, &error);
      g_test_assert_expected_messages ();
      g_assert_no_error (error);
      /* The rest of the answer is kept: the invitation exists on the service. */
      g_assert_cmpint (invitation->id, ==, 10);
      g_assert_cmpint (invitation->status, ==, INV_STATUS_PENDING);
      g_assert_null (invitation->test_url);
    }

  {
    g_autoptr(InvRemoteInvitation) invitation = NULL;
    g_autoptr(GError) error = NULL;

    invitation = invitation_answer ("{\"testInvitationId\": 10, \"testUrl\": \"https://invites.example.com/i/9f2c\"}", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (invitation->test_url, ==, "https://invites.example.com/i/9f2c");
  }
}

static void
test_tests (void)
{
  g_autoptr(GString) many = g_string_new ("{\"result\": {\"tests\": [{\"testId\": 1, \"interviewers\": [");
  g_autoptr(GPtrArray) tests = NULL;
  g_autoptr(GError) error = NULL;
  InvRemoteTest *test;
  InvRemotePerson *person;
  const char *refused[] = {
    "\"testName\": 5", "\"testName\": [\"a\"]", "\"status\": false", "\"interviewType\": 1",
    "\"duration\": \"sixty\"", "\"duration\": -5", "\"duration\": 1e9", "\"duration\": 1.5",
    "\"invitationValidityInDays\": -1", "\"invitationValidityInDays\": 99999999",
    "\"interviewers\": \"Ada\"", "\"interviewers\": {\"name\": \"Ada\"}",
  };

  tests = tests_page ("{\"result\": {\"tests\": [{\"testId\": 1001, \"testName\": \"" OSC_TITLE "Backend " RLO "gpj.exe" LONE_SURROGATE "\","
                      " \"status\": \"inactive\", \"interviewType\": \"live\", \"duration\": 45,"
                      " \"invitationValidityInDays\": \"7\", \"interviewers\": ["
                      "   {\"name\": \"Ada" CLEAR_SCREEN "\", \"email\": \"ada@corp.example\"},"
                      "   {\"name\": \"No Address\"}, {\"name\": \"Bad\", \"email\": \"bad address\"},"
                      "   {\"name\": 5, \"email\": \"five@corp.example\"}, \"Grace\", null,"
                      "   {\"email\": \"grace@corp.example\"}]}], \"totalCount\": 1}}",
                      NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tests->len, ==, 1);
  test = g_ptr_array_index (tests, 0);
  assert_safe_test (test);
  g_assert_cmpstr (test->name, ==, "]0;owned Backend gpj.exe\uFFFD");
  g_assert_false (test->active);
  g_assert_true (test->live);
  g_assert_cmpint (test->duration, ==, 45);
  g_assert_cmpint (test->validity_days, ==, 7);
  g_assert_cmpuint (test->interviewers->len, ==, 2);
  person = g_ptr_array_index (test->interviewers, 0);
  g_assert_cmpstr (person->name, ==, "Ada [2J [H");
  g_assert_cmpstr (person->email, ==, "ada@corp.example");
  person = g_ptr_array_index (test->interviewers, 1);
  g_assert_cmpstr (person->email, ==, "grace@corp.example");
  g_clear_pointer (&tests, g_ptr_array_unref);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"result\": {\"tests\": [{\"testId\": 77, %s},"
                                               " {\"testId\": 78, \"testName\": \"Kept\"}], \"totalCount\": 2}}",
                                               refused[i]);
      g_autofree char *what = g_strdup_printf ("*template*left out*");

      g_test_message ("%s", refused[i]);
      g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, what);
      tests = tests_page (json, NULL, &error);
      g_test_assert_expected_messages ();
      g_assert_no_error (error);
      g_assert_cmpuint (tests->len, ==, 1);
      g_assert_cmpint (((InvRemoteTest *)g_ptr_array_index (tests, 0))->id, ==, 78);
      g_clear_pointer (&tests, g_ptr_array_unref);
    }

  /* At most 100 interviewers are kept. */
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (many, "%s{\"name\": \"P%u\", \"email\": \"p%u@corp.example\"}", i > 0 ? ", " : "", i, i);
  g_string_append (many, "]}]}}");
  tests = tests_page (many->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (((InvRemoteTest *)g_ptr_array_index (tests, 0))->interviewers->len, ==, 100);
}

/* The frame of a page: refused whole when it is wrong; an entry that is wrong is left
 * out, the others kept. */
static void
test_pages (void)
{
  const char *refused[] = {
    "{}",
    "{\"result\": []}",
    "{\"result\": \"ok\"}",
    "{\"result\": {\"testAttempts\": {\"testInvitationId\": 1}}}",
    "{\"result\": {\"testAttempts\": \"none\"}}",
    "{\"result\": {\"testAttempts\": [], \"totalCount\": \"many\"}}",
    "{\"result\": {\"testAttempts\": [], \"totalCount\": -1}}",
    "{\"result\": {\"testAttempts\": [], \"totalCount\": 1.5}}",
  };
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total = -1;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_message ("%s", refused[i]);
      attempts = attempts_page (refused[i], &total, &error);
      g_assert_null (attempts);
      g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED);
      g_clear_error (&error);
    }

  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "*invitation*left out*testInvitationId*");
  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "*invitation*left out*not a JSON object*");
  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "*invitation*left out*email*");
  g_test_expect_message (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "*invitation*left out*testId*");
  attempts = attempts_page ("{\"result\": {\"testAttempts\": ["
                            "  {\"testInvitationId\": \"abc\", \"testId\": 1001},"
                            "  \"text\","
                            "  {\"testInvitationId\": 5, \"testId\": 1001, \"email\": \"x\"},"
                            "  {\"testInvitationId\": 6, \"testId\": -1001},"
                            "  {\"testInvitationId\": 7, \"testId\": 1001, \"name\": \"" OSC_TITLE "Kept\","
                            "   \"email\": \"kept@example.org\", \"testStatus\": \"Completed\"}],"
                            " \"pageNo\": 1, \"pageSize\": 500, \"totalCount\": 5}}", &total, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (attempts->len, ==, 1);
  g_assert_cmpint (total, ==, 5);
  assert_safe_invitation (g_ptr_array_index (attempts, 0));
  g_assert_cmpstr (((InvRemoteInvitation *)g_ptr_array_index (attempts, 0))->name, ==, "]0;owned Kept");
  g_clear_pointer (&attempts, g_ptr_array_unref);

  /* No list and no count: an empty page. */
  attempts = attempts_page ("{\"result\": {\"testAttempts\": null}}", &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attempts->len, ==, 0);
  g_assert_cmpint (total, ==, 0);
}

static void
test_error_message (void)
{
  g_autoptr(GString) flood = g_string_new ("{\"statusCode\": 400, \"message\": \"" OSC_TITLE "Refused" CLEAR_SCREEN);
  g_autofree char *message = NULL;
  g_autofree char *deep = nested (100000, "1");

  message = error_message ("{\"statusCode\": 400, \"message\": \"Invalid email\"}");
  g_assert_cmpstr (message, ==, "Invalid email");
  g_clear_pointer (&message, g_free);

  for (guint i = 0; i < 100000; i++)
    g_string_append (flood, i % 50 == 0 ? "\\n\\u001b[31m" : "A");
  g_string_append (flood, "\"}");
  message = inv_service_parse_error_message (flood->str, flood->len);
  g_assert_nonnull (message);
  assert_safe_text (message);
  g_assert_true (g_str_has_prefix (message, "]0;owned Refused [2J [H"));
  g_assert_cmpuint (g_utf8_strlen (message, -1), ==, INV_SERVICE_MAX_MESSAGE_LENGTH);
  g_clear_pointer (&message, g_free);

  /* Nothing usable: the client says it in its own words. */
  g_assert_null (inv_service_parse_error_message (NULL, 0));
  g_assert_null (error_message (""));
  g_assert_null (error_message ("<html>502</html>"));
  g_assert_null (error_message ("{\"message\": 5}"));
  g_assert_null (error_message ("{\"message\": \"\\u001b\\u0007\"}"));
  g_assert_null (inv_service_parse_error_message (deep, strlen (deep)));
}

static void
count_message_cb (const char     *log_domain,
                  GLogLevelFlags  log_level,
                  const char     *message,
                  gpointer        user_data)
{
  (*(guint *)user_data)++;
}

/* Random damage to real answers: whatever comes out is safe. (The fuzzers go
 * further; this runs in every build.) */
static void
test_mutations (void)
{
  const char *seeds[] = {
    "{\"result\": {\"tests\": [{\"testId\": 1001, \"testName\": \"Backend\", \"status\": \"active\","
    " \"interviewType\": \"live\", \"duration\": 60, \"invitationValidityInDays\": 7,"
    " \"interviewers\": [{\"name\": \"Ada\", \"email\": \"ada@corp.example\"}]}],"
    " \"pageNo\": 1, \"pageSize\": 100, \"totalCount\": 1}}",
    "{\"result\": {\"testAttempts\": [{\"testInvitationId\": 555001, \"testId\": 1001, \"name\": \"Jo\","
    " \"email\": \"jo@example.org\", \"invitationtype\": \"api\", \"testStatus\": \"Inprogress\","
    " \"updatedOn\": \"2026-11-22T09:30:00Z\", \"testUrl\": \"https://x.example/i/1\"}],"
    " \"pageNo\": 1, \"pageSize\": 500, \"totalCount\": 1}}",
    "{\"testInvitationId\": 555001, \"testUrl\": \"https://invites.example.com/i/9f2c\", \"status\": \"Pending\"}",
    "{\"statusCode\": 400, \"message\": \"Testinvitation state in inprogress can not be cancelled.\"}",
  };
  const char *pieces[] = {
    "\\u001b", "\\ud800", "\\udfff", "\\u202e", "[", "{", "]", "}", "\"", "\\", "99999999999999999999",
    "-1", "0x1", "null", "1e400", "\x1b", "\xff", ",", ":", "javascript:", "\\u0000",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);
  guint n_logged = 0;
  guint handler;

  handler = g_log_set_handler (LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, count_message_cb, &n_logged);

  for (guint round = 0; round < 4000; round++)
    {
      g_autoptr(GString) text = g_string_new (seeds[g_rand_int_range (rand, 0, G_N_ELEMENTS (seeds))]);
      guint n_changes = g_rand_int_range (rand, 1, 6);
      g_autoptr(GPtrArray) tests = NULL;
      g_autoptr(GPtrArray) attempts = NULL;
      g_autoptr(InvRemoteInvitation) invitation = NULL;
      g_autofree char *message = NULL;

      for (guint c = 0; c < n_changes; c++)
        {
          gsize at = g_rand_int_range (rand, 0, text->len + 1);

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0:
              g_string_insert (text, at, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
              break;
            case 1:
              if (at < text->len)
                {
                  gsize n = g_rand_int_range (rand, 1, 8);

                  g_string_erase (text, at, MIN (n, text->len - at));
                }
              break;
            default:
              if (at < text->len)
                text->str[at] = g_rand_int_range (rand, 1, 256);
              break;
            }
        }

      tests = inv_service_parse_tests_page (text->str, text->len, NULL, NULL);
      for (guint i = 0; tests != NULL && i < tests->len; i++)
        assert_safe_test (g_ptr_array_index (tests, i));

      attempts = inv_service_parse_test_attempts_page (text->str, text->len, NULL, NULL);
      for (guint i = 0; attempts != NULL && i < attempts->len; i++)
        assert_safe_invitation (g_ptr_array_index (attempts, i));

      invitation = inv_service_parse_invitation_answer (text->str, text->len, NULL);
      if (invitation != NULL)
        assert_safe_invitation (invitation);

      message = inv_service_parse_error_message (text->str, text->len);
      assert_safe_text (message);
      if (message != NULL)
        g_assert_cmpuint (g_utf8_strlen (message, -1), <=, INV_SERVICE_MAX_MESSAGE_LENGTH);
    }

  g_log_remove_handler (LOG_DOMAIN, handler);
  g_test_message ("%u entries left out, and said so", n_logged);
}

/* Through the real test service, a real sync and a real database */

typedef struct
{
  char          *path;
  InvDatabase   *database;
  InvSyncEngine *engine;
  gint64         backend;     /* local template 1001 */
  gint64         frontend;    /* local template 1002 */
  gint64         top;         /* local template with the largest remote id there is */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->path = test_temp_database_path ();
  fixture->database = test_database_new (fixture->path);
  fixture->backend = test_add_template (fixture->database, 1001, "Backend Engineer - Screening");
  fixture->frontend = test_add_template (fixture->database, 1002, "Frontend Engineer - Live Interview");
  fixture->top = test_add_template (fixture->database, G_MAXINT64, "Kept Template");
  fixture->engine = inv_sync_engine_new (fixture->database);
  inv_sync_engine_set_api_key (fixture->engine, API_KEY);
  _inv_sync_engine_set_backoff (fixture->engine, 50, 200);
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
sync_once (Fixture  *fixture,
           GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  inv_sync_engine_sync_async (fixture->engine, INV_SYNC_FLAGS_NONE, NULL, test_result_cb, &result);

  return inv_sync_engine_sync_finish (fixture->engine, test_wait_result (&result), error);
}

/* Scripted answers: each rule answers @times requests of @method @path with @status and
 * @body, as they are. */
typedef struct
{
  const char *method;
  const char *path;
  guint       status;
  const char *body;
  guint       times;
} Rule;

static void
script (TestService *service,
        const Rule  *rules,
        guint        n_rules)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rules");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_rules; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, rules[i].method);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, rules[i].path);
      json_builder_set_member_name (builder, "status");
      json_builder_add_int_value (builder, rules[i].status);
      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, rules[i].body);
      json_builder_set_member_name (builder, "times");
      json_builder_add_int_value (builder, rules[i].times);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  test_service_set_script (service, text);
}

/* Every text the database holds, in every table that keeps what the service said. */
static void
assert_database_safe (InvDatabase *database)
{
  const char *tables[] = { "templates", "interviewers", "candidates", "invitations", "outbox", "history" };
  sqlite3 *db = inv_database_get_handle (database);
  guint n_texts = 0;

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s", tables[t]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          if (sqlite3_column_type (stmt, c) == SQLITE_TEXT)
            {
              const char *text = (const char *)sqlite3_column_text (stmt, c);
              const char *column = sqlite3_column_name (stmt, c);

              g_assert_true (g_utf8_validate (text, sqlite3_column_bytes (stmt, c), NULL));
              /* Stored JSON (an outbox body, a history entry's details) escapes what
               * it holds, and the search index is never shown; everything else is one
               * line of text. */
              if (!g_str_equal (column, "body") && !g_str_equal (column, "details") &&
                  !g_str_equal (column, "payload") && !g_str_equal (column, "search_text"))
                {
                  if (inv_text_find_unsafe (text) != NULL)
                    {
                      g_autofree char *shown = g_strescape (text, NULL);

                      g_error ("%s.%s holds an unsafe character: %s", tables[t], column, shown);
                    }
                }
              if (g_str_equal (column, "link"))
                g_assert_true (inv_text_is_web_link (text));
              n_texts++;
            }
      sqlite3_finalize (stmt);
    }

  g_assert_cmpuint (n_texts, >, 0);
}

/* What `invitations --list` prints, in each format. */
static void
assert_list_safe (const char  *path,
                  const char  *must_contain)
{
  const char *formats[] = { NULL, "csv", "json" };
  const char *bin = g_getenv ("INVITATIONS_BIN");

  if (bin == NULL)
    {
      g_test_message ("No app in this build: --list is not run");
      return;
    }

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *database_arg = g_strconcat ("--database=", path, NULL);
      g_autofree char *format_arg = formats[f] != NULL ? g_strconcat ("--format=", formats[f], NULL) : NULL;
      const char *argv[] = { bin, database_arg, "--list", format_arg, NULL };
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
      g_assert_no_error (error);
      g_test_message ("--list %s:\n%s\n%s", formats[f] != NULL ? formats[f] : "", out, err);
      g_assert_true (g_subprocess_get_if_exited (process));
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

      g_assert_true (g_utf8_validate (out, -1, NULL));
      for (const char *p = out; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          g_assert_true (c == '\n' || c == '\r' || !inv_text_is_unsafe_char (c));
        }
      g_assert_null (strstr (out, "javascript"));
      g_assert_null (strstr (out, "data:text"));
      g_assert_nonnull (strstr (out, must_contain));

      if (g_strcmp0 (formats[f], "json") == 0)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();

          g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
          g_assert_no_error (error);
        }
    }
}

#define HOSTILE_NAME OSC_TITLE "Eve " RLO "gpj.exe" LONE_SURROGATE CLEAR_SCREEN

/* A service that sends control sequences, overrides, lone surrogates, links that are
 * not web addresses, ids that are not ids and an error message of 100 KB: nothing of it
 * reaches the database or the terminal as it came, and the rest of the sync goes on. */
static void
test_sync_hostile_texts (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) flood = g_string_new ("{\"statusCode\": 400, \"message\": \"" OSC_TITLE "Refused" CLEAR_SCREEN);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *updated = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *attempts = NULL;
  g_autofree char *name = NULL;
  g_autofree char *last_error = NULL;
  gint64 created = 0;
  gint64 refused = 0;
  const char *tests =
    "{\"result\": {\"tests\": ["
    " {\"testId\": 1001, \"testName\": \"" OSC_TITLE "Backend " RLO "gpj.exe" LONE_SURROGATE CLEAR_SCREEN "\","
    "  \"status\": \"active\", \"duration\": 60,"
    "  \"interviewers\": [{\"name\": \"Ada" CLEAR_SCREEN "\", \"email\": \"ada@corp.example\"},"
    "                    {\"name\": \"Bad\", \"email\": \"not an address\"}]},"
    " {\"testId\": 1002, \"testName\": \"Frontend Engineer - Live Interview\", \"interviewType\": \"live\"},"
    " {\"testId\": \"99999999999999999999\", \"testName\": \"Overflowed\"},"
    " {\"testId\": -5, \"testName\": \"Negative\"},"
    " {\"testId\": \"abc\", \"testName\": \"Letters\"},"
    " {\"testId\": 1.5, \"testName\": \"Fraction\"},"
    " {\"testId\": 1004, \"testName\": [\"not\", \"text\"]},"
    " {\"testId\": 1005, \"testName\": \"Bad Duration\", \"duration\": \"sixty\"},"
    " {\"testName\": \"No Id\"},"
    " \"not an object\","
    " {\"testId\": 1003, \"testName\": \"Designer - Portfolio\"}],"
    " \"pageNo\": 1, \"pageSize\": 100, \"totalCount\": 11}}";
  const char *invite_answer =
    "{\"testInvitationId\": 900010, \"testUrl\": \"javascript:alert(1)\", \"status\": \"Pending\"}";
  const char *read_900010 =
    "{\"testInvitationId\": 900010, \"testId\": 1001, \"email\": \"new@example.org\", \"name\": \"New Candidate\","
    " \"status\": \"Pending\", \"testUrl\": \"javascript:alert(1)\"}";
  const char *read_900001 =
    "{\"testInvitationId\": 900001, \"testId\": 1001, \"email\": \"eve@example.org\", \"name\": \"" HOSTILE_NAME "\","
    " \"status\": \"Pending\", \"testUrl\": \"javascript:alert(1)\"}";

  use_service (fixture, service);

  attempts = g_strdup_printf (
    "{\"result\": {\"testAttempts\": ["
    " {\"testInvitationId\": 900001, \"testId\": 1001, \"name\": \"" HOSTILE_NAME "\", \"email\": \"eve@example.org\","
    "  \"invitationtype\": \"app\", \"testStatus\": \"Pending\", \"testUrl\": \"javascript:alert(1)\", \"updatedOn\": \"%s\"},"
    " {\"testInvitationId\": 900006, \"testId\": 1001, \"name\": \"Data Link\", \"email\": \"data@example.org\","
    "  \"invitationtype\": \"app" CLEAR_SCREEN "\", \"testStatus\": \"In" OSC_TITLE "Progress\","
    "  \"testUrl\": \"data:text/html,hi\", \"updatedOn\": \"%s\"},"
    " {\"testInvitationId\": \"abc\", \"testId\": 1001, \"name\": \"Letters\", \"email\": \"letters@example.org\","
    "  \"invitationtype\": \"app\", \"testStatus\": \"Pending\"},"
    " {\"testInvitationId\": 900003, \"testId\": 1001, \"name\": \"Bad Email\", \"email\": \"not-an-email\","
    "  \"invitationtype\": \"app\", \"testStatus\": \"Pending\"},"
    " {\"testInvitationId\": 900004, \"testId\": \"99999999999999999999\", \"name\": \"Overflow\","
    "  \"email\": \"over@example.org\", \"invitationtype\": \"app\", \"testStatus\": \"Pending\"},"
    " {\"testInvitationId\": 900005, \"testId\": 1001, \"name\": 42, \"email\": \"number@example.org\","
    "  \"invitationtype\": \"app\", \"testStatus\": \"Pending\"}],"
    " \"pageNo\": 1, \"pageSize\": 500, \"totalCount\": 6}}", updated, updated);

  for (guint i = 0; i < 100000; i++)
    g_string_append (flood, i % 50 == 0 ? "\\n\\u001b[31m" : "A");
  g_string_append (flood, "\"}");

  {
    const Rule rules[] = {
      { "GET", "/v3/tests", 200, tests, 1 },
      { "POST", "/v3/candidates/testattempts", 200, attempts, 1 },
      { "POST", "/v3/tests/1001/invite", 201, invite_answer, 1 },
      { "POST", "/v3/tests/1002/invite", 400, flood->str, 1 },
      { "GET", "/v3/invitations/900010", 200, read_900010, 5 },
      { "GET", "/v3/invitations/900001", 200, read_900001, 5 },
    };

    script (service, rules, G_N_ELEMENTS (rules));
  }

  test_queue_create (fixture->database, fixture->backend, "new@example.org", "New Candidate", &created);
  test_queue_create (fixture->database, fixture->frontend, "refused@example.org", "Refused Candidate", &refused);

  report = sync_once (fixture, &error);
  g_assert_no_error (error);

  /* The template names are one safe line; the template with the largest id is not
   * touched by the id that overflowed, and no id that is not an id was stored. */
  name = test_query_string (fixture->database, "SELECT name FROM templates WHERE id = ?1", fixture->backend);
  g_assert_cmpstr (name, ==, "]0;owned Backend gpj.exe\uFFFD [2J [H");
  g_clear_pointer (&name, g_free);
  name = test_query_string (fixture->database, "SELECT name FROM templates WHERE id = ?1", fixture->top);
  g_assert_cmpstr (name, ==, "Kept Template");
  g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM templates WHERE remote_id <= 0", 0), ==, 0);
  g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM templates WHERE remote_id = 1003", 0), ==, 1);
  g_assert_cmpint (test_query_int (fixture->database,
                                   "SELECT count(*) FROM templates WHERE remote_id IN (1004, 1005) OR name IN "
                                   "('Overflowed', 'Negative', 'Letters', 'Fraction', 'No Id')", 0), ==, 0);
  g_assert_cmpint (test_query_int (fixture->database,
                                   "SELECT count(*) FROM interviewers WHERE template_id = ?1", fixture->backend), ==, 1);

  /* The invitations that could be read are imported with clean names and no link. */
  g_clear_pointer (&name, g_free);
  name = test_query_string (fixture->database, "SELECT candidate_name FROM invitations WHERE remote_id = ?1", 900001);
  g_assert_cmpstr (name, ==, "]0;owned Eve gpj.exe\uFFFD [2J [H");
  g_assert_null (test_query_string (fixture->database, "SELECT link FROM invitations WHERE remote_id = ?1", 900001));
  g_assert_null (test_query_string (fixture->database, "SELECT link FROM invitations WHERE remote_id = ?1", 900006));
  g_assert_cmpint (test_query_int (fixture->database,
                                   "SELECT count(*) FROM invitations WHERE remote_id IN (900003, 900004, 900005)", 0), ==, 0);
  g_assert_cmpint (test_query_int (fixture->database,
                                   "SELECT count(*) FROM candidates WHERE email IN ('letters@example.org', "
                                   "'not-an-email', 'over@example.org', 'number@example.org')", 0), ==, 0);

  /* The create was answered with a `javascript:` link: the invitation is sent, without
   * a link. */
  g_assert_cmpint (test_query_int (fixture->database, "SELECT remote_id FROM invitations WHERE id = ?1", created),
                   ==, 900010);
  g_assert_null (test_query_string (fixture->database, "SELECT link FROM invitations WHERE id = ?1", created));
  g_assert_cmpint (test_query_int (fixture->database,
                                   "SELECT count(*) FROM invitations WHERE link LIKE '%script%' OR link LIKE 'data:%'", 0),
                   ==, 0);

  /* What the window says instead of copying the link. */
  {
    g_autoptr(InvInvitation) invitation = inv_database_load_invitation (fixture->database, created, &error);

    g_assert_no_error (error);
    g_assert_null (inv_invitation_get_link (invitation));
    g_assert_nonnull (strstr (inv_invitation_get_link_unavailable_reason (invitation), "usable link"));
  }

  /* The refusal's 100 KB message is kept as one line of at most 300 characters. */
  last_error = test_query_string (fixture->database,
                                  "SELECT last_error FROM outbox WHERE invitation_id = ?1 AND state = 'failed'",
                                  refused);
  g_assert_nonnull (last_error);
  g_test_message ("kept: %s", last_error);
  g_assert_nonnull (strstr (last_error, "Refused"));
  g_assert_cmpuint (g_utf8_strlen (last_error, -1), <=, INV_SERVICE_MAX_MESSAGE_LENGTH);

  assert_database_safe (fixture->database);
  assert_list_safe (fixture->path, "gpj.exe");
}

/* Answers that cannot be read at all end that read with a message; nothing is stored,
 * nothing crashes, and the sync ends. */
static void
test_sync_unreadable_answers (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" API_KEY, NULL);
  g_autoptr(InvSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autofree char *name = NULL;
  const char *huge_id =
    "{\"result\": {\"tests\": [{\"testId\": 99999999999999999999, \"testName\": \"Renamed\"},"
    " {\"testId\": -99999999999999999999, \"testName\": \"Renamed Too\"}], \"totalCount\": 2}}";
  const char *message;

  use_service (fixture, service);

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');

  {
    const Rule rules[] = {
      { "GET", "/v3/tests", 200, huge_id, 20 },
    };

    script (service, rules, G_N_ELEMENTS (rules));
  }

  report = sync_once (fixture, &error);
  g_clear_error (&error);
  g_assert_false (report != NULL && report->pull_complete);
  message = inv_sync_engine_get_last_error (fixture->engine);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "too large"));

  name = test_query_string (fixture->database, "SELECT name FROM templates WHERE id = ?1", fixture->top);
  g_assert_cmpstr (name, ==, "Kept Template");
  g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM templates WHERE name LIKE 'Renamed%'", 0), ==, 0);
  g_assert_cmpint (test_query_int (fixture->database, "SELECT count(*) FROM templates WHERE remote_id IN (1, -1)", 0), ==, 0);

  /* 100,000 levels of nesting, in a listing and in an error answer. */
  {
    const Rule rules[] = {
      { "GET", "/v3/tests", 200, deep->str, 20 },
      { "POST", "/v3/tests/1001/invite", 400, deep->str, 1 },
    };
    gint64 refused = 0;
    g_autofree char *last_error = NULL;

    script (service, rules, G_N_ELEMENTS (rules));
    test_queue_create (fixture->database, fixture->backend, "deep@example.org", "Deep Error", &refused);

    g_clear_pointer (&report, inv_sync_report_free);
    report = sync_once (fixture, &error);
    g_clear_error (&error);
    g_assert_false (report != NULL && report->pull_complete);
    message = inv_sync_engine_get_last_error (fixture->engine);
    g_assert_nonnull (message);
    g_assert_nonnull (strstr (message, "64 levels"));

    /* The refusal is kept in the client's own words. */
    last_error = test_query_string (fixture->database,
                                    "SELECT last_error FROM outbox WHERE invitation_id = ?1 AND state = 'failed'",
                                    refused);
    g_assert_nonnull (last_error);
    g_assert_null (strchr (last_error, '['));
  }

  assert_database_safe (fixture->database);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service-data/json/depth", test_depth);
  g_test_add_func ("/service-data/json/not-json", test_not_json);
  g_test_add_func ("/service-data/json/huge-numbers", test_huge_numbers);
  g_test_add_func ("/service-data/ids", test_ids);
  g_test_add_func ("/service-data/invitation/types", test_invitation_types);
  g_test_add_func ("/service-data/invitation/texts", test_invitation_texts);
  g_test_add_func ("/service-data/invitation/links", test_invitation_links);
  g_test_add_func ("/service-data/tests", test_tests);
  g_test_add_func ("/service-data/pages", test_pages);
  g_test_add_func ("/service-data/error-message", test_error_message);
  g_test_add_func ("/service-data/mutations", test_mutations);
  g_test_add ("/service-data/sync/hostile-texts", Fixture, NULL,
              fixture_set_up, test_sync_hostile_texts, fixture_tear_down);
  g_test_add ("/service-data/sync/unreadable-answers", Fixture, NULL,
              fixture_set_up, test_sync_unreadable_answers, fixture_tear_down);

  return g_test_run ();
}

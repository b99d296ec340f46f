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

  return g_test_run ();
}

/* test-text-checks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules for text from outside: one safe line, and links that are plain web
 * addresses.
 */

#include "config.h"

#include <string.h>

#include "inv-candidate-rules.h"
#include "inv-invitation.h"
#include "inv-text-checks.h"

/* Nothing a terminal or a list could take for a command or a reordering. */
static void
assert_safe_line (const char *line)
{
  g_assert_nonnull (line);
  g_assert_true (g_utf8_validate (line, -1, NULL));
  g_assert_null (inv_text_find_unsafe (line));
  for (const char *p = line; *p != '\0'; p++)
    g_assert_cmpint ((guchar)*p, >=, 0x20);
}

static void
test_unsafe_chars (void)
{
  gunichar unsafe[] = { 0x00, 0x07, 0x09, 0x0A, 0x0D, 0x1B, 0x7F, 0x80, 0x9B, 0x9D,
                        0x2028, 0x2029, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                        0x2066, 0x2067, 0x2068, 0x2069 };
  gunichar safe[] = { 'a', ' ', 0xE9, 0x05D0 /* hebrew alef */, 0x200E /* LRM */, 0x200F /* RLM */,
                      0x061C /* ALM */, 0x4E2D, 0x1F600, 0xFFFD };

  for (guint i = 0; i < G_N_ELEMENTS (unsafe); i++)
    g_assert_true (inv_text_is_unsafe_char (unsafe[i]));
  for (guint i = 0; i < G_N_ELEMENTS (safe); i++)
    g_assert_false (inv_text_is_unsafe_char (safe[i]));

  g_assert_true (inv_text_is_bidi_control (0x202E));
  g_assert_false (inv_text_is_bidi_control (0x1B));

  g_assert_null (inv_text_find_unsafe (NULL));
  g_assert_null (inv_text_find_unsafe ("Zoë Ångström"));
  g_assert_cmpstr (inv_text_find_unsafe ("Eve\x1b]0;owned\x07"), ==, "\x1b]0;owned\x07");
  g_assert_cmpstr (inv_text_find_unsafe ("gpj.\u202Eexe"), ==, "\u202Eexe");
}

static void
test_sanitize_line (void)
{
  struct {
    const char *in;
    gssize      length;
    const char *out;
  } cases[] = {
    { "Jo Example", -1, "Jo Example" },
    { "  Jo \t\n  Example  ", -1, "Jo Example" },
    /* A terminal title change and a screen clear lose their ESC and BEL. */
    { "\x1b]0;owned\x07" "Eve", -1, "]0;owned Eve" },
    { "\x1b[2J\x1b[HMallory", -1, "[2J [HMallory" },
    /* C1 controls (U+009B is a one-character CSI) and DEL. */
    { "a\xc2\x9b" "31mb\x7f" "c", -1, "a 31mb c" },
    /* A right-to-left override disappears; the marks stay. */
    { "Ann\u202Egpj.exe", -1, "Anngpj.exe" },
    { "\u2067Ann\u2069", -1, "Ann" },
    { "\u05D0\u200F\u05D1", -1, "\u05D0\u200F\u05D1" },
    /* Line separators are breaks like any other. */
    { "one\u2028two\u2029three", -1, "one two three" },
    /* What is not UTF-8, a CESU surrogate included, becomes U+FFFD. */
    { "Bad\xff" "byte", -1, "Bad\uFFFD" "byte" },
    { "S\xed\xa0\x80" "x", -1, "S\uFFFD\uFFFD\uFFFD" "x" },
    /* Composed, so that the same name is stored the same way. */
    { "Zoe\xcc\x88", -1, "Zoë" },
    { NULL, -1, "" },
    { "\x1b\x07\t", -1, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *line = inv_text_sanitize_line (cases[i].in, cases[i].length, 200);

      g_test_message ("case %u", i);
      assert_safe_line (line);
      g_assert_cmpstr (line, ==, cases[i].out);
    }

  /* A nul byte inside the given length does not cut the text short. */
  {
    g_autofree char *line = inv_text_sanitize_line ("ab\0cd", 5, 200);

    assert_safe_line (line);
    g_assert_cmpstr (line, ==, "ab\uFFFD" "cd");
  }
}

static void
test_sanitize_length (void)
{
  g_autoptr(GString) long_name = g_string_new (NULL);
  g_autofree char *line = NULL;
  g_autofree char *short_line = NULL;
  g_autofree char *exact = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (long_name, i % 7 == 0 ? "é " : "ab\x1b");

  line = inv_text_sanitize_line (long_name->str, long_name->len, 300);
  assert_safe_line (line);
  g_assert_cmpuint (g_utf8_strlen (line, -1), ==, 300);
  g_assert_true (g_str_has_suffix (line, "…"));

  /* No space before the ellipsis. */
  short_line = inv_text_sanitize_line ("abcd efgh", -1, 6);
  g_assert_cmpstr (short_line, ==, "abcd…");

  exact = inv_text_sanitize_line ("abcdef", -1, 6);
  g_assert_cmpstr (exact, ==, "abcdef");
}

static void
test_web_link (void)
{
  g_autoptr(GString) long_link = g_string_new ("https://invites.example.com/i/");
  const char *good[] = {
    "https://invites.example.com/i/9f2c",
    "http://127.0.0.1:8080/i/abc?x=1#y",
    "HTTPS://invites.example.com/i/9f2c",
  };
  const char *bad[] = {
    NULL, "",
    "javascript:alert(1)",
    "JavaScript://invites.example.com/%0Aalert(1)",
    "file:///etc/passwd",
    "data:text/html,hi",
    "urn:invitations:pending:0f1e",
    "https://",
    "invites.example.com/i/1",
    "https://invites.example.com/i/1 onclick",
    "https://invites.example.com/i/\x1b]0;x\x07",
    "https://invites.example.com/\u202Egpj.exe",
    "https://bank.example@evil.example/i/1",
    "https://invites.example.com/i/\t1",
    "ftp://invites.example.com/i/1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (inv_text_is_web_link (good[i]));
      g_assert_true (inv_invitation_link_is_web (good[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("bad link %u", i);
      g_assert_false (inv_text_is_web_link (bad[i]));
      g_assert_false (inv_invitation_link_is_web (bad[i]));
    }

  while (long_link->len < INV_TEXT_MAX_LINK_LENGTH)
    g_string_append_c (long_link, 'a');
  g_assert_true (inv_text_is_web_link (long_link->str));
  g_string_append_c (long_link, 'a');
  g_assert_false (inv_text_is_web_link (long_link->str));
}

/* A CSV or a form refuses what the service's names are cleaned of. */
static void
test_candidate_names (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (inv_candidate_rules_check_name (INV_CANDIDATE_FIELD_FIRST_NAME, "\u05D0\u200F\u05D1", &error));
  g_assert_no_error (error);

  g_assert_false (inv_candidate_rules_check_name (INV_CANDIDATE_FIELD_FIRST_NAME, "Ann\u202Egpj.exe", &error));
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_FIRST_NAME_INVALID);
  g_clear_error (&error);

  g_assert_false (inv_candidate_rules_check_name (INV_CANDIDATE_FIELD_LAST_NAME, "\x1b]0;owned\x07", &error));
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_LAST_NAME_INVALID);
  g_clear_error (&error);

  g_assert_false (inv_candidate_rules_check_name (INV_CANDIDATE_FIELD_LAST_NAME, "one\u2028two", &error));
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_LAST_NAME_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-checks/unsafe-chars", test_unsafe_chars);
  g_test_add_func ("/text-checks/sanitize-line", test_sanitize_line);
  g_test_add_func ("/text-checks/sanitize-length", test_sanitize_length);
  g_test_add_func ("/text-checks/web-link", test_web_link);
  g_test_add_func ("/text-checks/candidate-names", test_candidate_names);

  return g_test_run ();
}

/* test-email.c: email addresses as people type them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <glib.h>
#include <string.h>

#include "inv-email.h"

static void
test_valid (void)
{
  static const char * const valid[] = {
    "jo@example.org",
    "Jo.Example@Example.ORG",
    "first.last+tag@sub.domain.example.com",
    "o'brien@example.ie",
    "a!#$%&'*+/=?^_`{|}~-z@example.com",
    "x@a-b.example",
    "1234@example.co.uk",
    "jo@bücher.example",
    "jo@MÜNCHEN.example",
    "jo@xn--bcher-kva.example",
    "user@例え.テスト",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!inv_email_validate (valid[i], &error))
        g_error ("“%s” refused: %s", valid[i], error->message);
    }
}

static void
test_invalid (void)
{
  g_autofree char *long_local = g_strnfill (65, 'a');
  g_autofree char *long_local_ok = g_strnfill (64, 'a');
  g_autofree char *long_label = g_strnfill (64, 'b');
  g_autofree char *email_65 = g_strconcat (long_local, "@example.org", NULL);
  g_autofree char *email_64 = g_strconcat (long_local_ok, "@example.org", NULL);
  g_autofree char *email_label = g_strconcat ("jo@", long_label, ".example", NULL);
  g_autofree char *labels = g_strnfill (63, 'c');
  g_autofree char *email_255 = NULL;
  g_autofree char *email_254 = NULL;
  struct {
    const char *email;
    InvEmailError code;
    const char *in_message;
  } cases[] = {
    { "", INV_EMAIL_ERROR_EMPTY, "missing" },
    { "jo.example.org", INV_EMAIL_ERROR_NO_AT, "@" },
    { "jo@@example.org", INV_EMAIL_ERROR_SEVERAL_AT, "only one" },
    { "jo@ex@ample.org", INV_EMAIL_ERROR_SEVERAL_AT, "only one" },
    { "jo @example.org", INV_EMAIL_ERROR_SPACE, "spaces" },
    { "jo@example.org\t", INV_EMAIL_ERROR_SPACE, "spaces" },
    { "jo\x01@example.org", INV_EMAIL_ERROR_NOT_TEXT, "control" },
    { "jo\xe2\x80\x8b@example.org", INV_EMAIL_ERROR_NOT_TEXT, "control" },
    { "jo\xff@example.org", INV_EMAIL_ERROR_NOT_TEXT, "not text" },
    { "@example.org", INV_EMAIL_ERROR_LOCAL_EMPTY, "before the @" },
    { ".jo@example.org", INV_EMAIL_ERROR_LOCAL_DOTS, "dot" },
    { "jo.@example.org", INV_EMAIL_ERROR_LOCAL_DOTS, "dot" },
    { "j..o@example.org", INV_EMAIL_ERROR_LOCAL_DOTS, "dot" },
    { "jo,x@example.org", INV_EMAIL_ERROR_LOCAL_CHARACTER, "“,”" },
    { "\"jo\"@example.org", INV_EMAIL_ERROR_LOCAL_CHARACTER, "“\"”" },
    { "jö@example.org", INV_EMAIL_ERROR_LOCAL_CHARACTER, "“ö”" },
    { "jo(comment)@example.org", INV_EMAIL_ERROR_LOCAL_CHARACTER, "“(”" },
    { email_65, INV_EMAIL_ERROR_LOCAL_TOO_LONG, "65" },
    { "jo@", INV_EMAIL_ERROR_DOMAIN_EMPTY, "domain" },
    { "jo@[192.0.2.1]", INV_EMAIL_ERROR_DOMAIN_LITERAL, "IP address" },
    { "jo@localhost", INV_EMAIL_ERROR_DOMAIN_NO_DOT, "dot" },
    { "jo@.example.org", INV_EMAIL_ERROR_DOMAIN_INVALID, "dot" },
    { "jo@example.org.", INV_EMAIL_ERROR_DOMAIN_INVALID, "dot" },
    { "jo@example..org", INV_EMAIL_ERROR_DOMAIN_INVALID, "dot" },
    { "jo@-example.org", INV_EMAIL_ERROR_DOMAIN_INVALID, "hyphen" },
    { "jo@example-.org", INV_EMAIL_ERROR_DOMAIN_INVALID, "hyphen" },
    { "jo@exa_mple.org", INV_EMAIL_ERROR_DOMAIN_INVALID, NULL },
    { "jo@example.123", INV_EMAIL_ERROR_DOMAIN_INVALID, "not a valid domain" },
    { "jo@exa!mple.org", INV_EMAIL_ERROR_DOMAIN_INVALID, NULL },
    { email_label, INV_EMAIL_ERROR_DOMAIN_LABEL_TOO_LONG, "63" },
    { NULL, 0, NULL },  /* 255 in all, filled in below */
  };

  /* 64 + 1 + 63 + 1 + 63 + 1 + 57 + 1 + 3 = 254; one more is too long. */
  email_254 = g_strdup_printf ("%s@%s.%s.%.57s.org", long_local_ok, labels, labels, labels);
  email_255 = g_strdup_printf ("%s@%s.%s.%.58s.org", long_local_ok, labels, labels, labels);
  g_assert_cmpuint (strlen (email_254), ==, 254);
  cases[G_N_ELEMENTS (cases) - 1].email = email_255;
  cases[G_N_ELEMENTS (cases) - 1].code = INV_EMAIL_ERROR_TOO_LONG;
  cases[G_N_ELEMENTS (cases) - 1].in_message = "254";

  g_assert_true (inv_email_validate (email_64, NULL));
  g_assert_true (inv_email_validate (email_254, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      /* Escaped: some cases are deliberately not UTF-8, and the log must stay text. */
      g_autofree char *shown = g_strescape (cases[i].email, NULL);

      g_test_message ("%s", shown);
      g_assert_false (inv_email_validate (cases[i].email, &error));
      g_assert_error (error, INV_EMAIL_ERROR, (int)cases[i].code);
      if (cases[i].in_message != NULL && strstr (error->message, cases[i].in_message) == NULL)
        g_error ("“%s”: message “%s” lacks “%s”", cases[i].email, error->message, cases[i].in_message);
    }

  g_assert_false (inv_email_validate (NULL, NULL));
}

static void
test_idn_length_counts_ascii_form (void)
{
  g_autofree char *local = g_strnfill (64, 'a');
  g_autofree char *label = g_strnfill (40, 'b');
  /* Each "ü" becomes several ASCII characters in punycode: the long form counts. */
  g_autofree char *email = g_strdup_printf ("%s@%sü.%sü.%sü.%sü.example", local, label, label, label, label);

  g_assert_cmpuint (strlen (email), <, 260);
  g_assert_false (inv_email_validate (email, NULL));
}

static void
test_normalize_and_key (void)
{
  g_autofree char *trimmed = inv_email_normalize ("  Jo@Example.org \n");
  g_autofree char *composed = inv_email_normalize ("jo@bu\xcc\x88" "cher.example");
  g_autofree char *empty = inv_email_normalize (NULL);
  g_autofree char *key1 = inv_email_key ("Jo@Example.ORG");
  g_autofree char *key2 = inv_email_key ("jo@example.org");
  g_autofree char *key3 = inv_email_key ("JO@BÜCHER.example");
  g_autofree char *key4 = inv_email_key ("jo@bücher.example");

  g_assert_cmpstr (trimmed, ==, "Jo@Example.org");
  g_assert_cmpstr (composed, ==, "jo@bücher.example");
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (key1, ==, key2);
  g_assert_cmpstr (key3, ==, key4);
}

/* Bytes that are not UTF-8 stay what they are: an overlong encoding of "." or "@" (or a
 * tab) must not turn into that character and make an address of something that is not
 * text. */
static void
test_normalize_keeps_invalid_bytes (void)
{
  static const char * const addresses[] = {
    "jo\xc0\xae" "doe@example.org",   /* overlong "." */
    "jo\xc1\x80" "example.org",       /* overlong "@" */
    "$\xc0\x89",                       /* overlong tab */
  };

  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autofree char *normalized = inv_email_normalize (addresses[i]);
      g_autofree char *key = inv_email_key (addresses[i]);
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (normalized, ==, addresses[i]);
      g_assert_cmpstr (key, ==, addresses[i]);
      g_assert_false (inv_email_validate (normalized, &error));
      g_assert_error (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_NOT_TEXT);
    }
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/email/valid", test_valid);
  g_test_add_func ("/email/invalid", test_invalid);
  g_test_add_func ("/email/idn-length", test_idn_length_counts_ascii_form);
  g_test_add_func ("/email/normalize-and-key", test_normalize_and_key);
  g_test_add_func ("/email/normalize-keeps-invalid-bytes", test_normalize_keeps_invalid_bytes);

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

/* test-candidate-rules.c: one set of rules for a candidate's details, whichever way
 * they come in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <gio/gio.h>
#include <string.h>

#include "inv-candidate-edit.h"
#include "inv-candidate-rules.h"
#include "inv-csv.h"
#include "inv-database-candidates.h"
#include "core-test-util.h"

/* A code of the rules domain, or ACCEPTED. */
#define ACCEPTED (-1)

static InvDatabase *
new_database (void)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("rules-%u.db", n++);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;
  InvDatabase *database = inv_database_open (path, &error);

  g_assert_no_error (error);

  return database;
}

static void
assert_phone (const char *phone,
              const char *stored)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = inv_candidate_rules_normalize_phone (phone);

  g_test_message ("phone “%s”", phone != NULL ? phone : "(null)");
  g_assert_true (inv_candidate_rules_check_phone (phone, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, stored);
}

static void
assert_phone_refused (const char *phone,
                      int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = g_utf8_make_valid (phone, -1);

  /* The test log is UTF-8 text: an invalid byte is shown as U+FFFD. */
  g_test_message ("phone “%s”", shown);
  g_assert_false (inv_candidate_rules_check_phone (phone, &error));
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, code);
}

static void
test_phone (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *longest = g_strnfill (INV_CANDIDATE_MAX_PHONE_LENGTH, '5');
  g_autofree char *too_long = g_strnfill (INV_CANDIDATE_MAX_PHONE_LENGTH + 1, '5');

  /* As people write them, and as the store already holds them. */
  assert_phone ("(555) 010 0199 ext. 12", "(555) 010 0199 ext. 12");
  assert_phone ("+49 30 1234-567", "+49 30 1234-567");
  assert_phone ("+49 (0)30 / 1234.567", "+49 (0)30 / 1234.567");
  assert_phone ("555-0100 x12", "555-0100 x12");
  assert_phone ("555 0100 X 12", "555 0100 X 12");
  assert_phone ("555 0100 #12", "555 0100 #12");
  assert_phone ("555 0100 ext 12", "555 0100 ext 12");
  assert_phone ("555 0100 Ext.12", "555 0100 Ext.12");
  assert_phone ("123", "123");
  assert_phone (longest, longest);

  /* Spaces, dashes and digits the way word processors and phones write them. */
  assert_phone ("  +1   555  0100  ", "+1 555 0100");
  assert_phone ("+49\u00a030\u2009123\u2013456", "+49 30 123-456");
  assert_phone ("\uff10\uff13\uff10 \uff11\uff12\uff13", "030 123");

  /* None at all. */
  assert_phone (NULL, "");
  assert_phone ("", "");
  assert_phone ("   ", "");

  assert_phone_refused ("(555) abc", INV_CANDIDATE_RULES_ERROR_PHONE_INVALID);
  assert_phone_refused ("call me", INV_CANDIDATE_RULES_ERROR_PHONE_INVALID);
  assert_phone_refused ("+49 30 1234 (mobile)", INV_CANDIDATE_RULES_ERROR_PHONE_INVALID);
  assert_phone_refused ("555 0100 ext.", INV_CANDIDATE_RULES_ERROR_PHONE_INVALID);
  assert_phone_refused ("555 0100 ext. 12 or 13", INV_CANDIDATE_RULES_ERROR_PHONE_INVALID);
  assert_phone_refused ("555 0100 x12 x13", INV_CANDIDATE_RULES_ERROR_PHONE_INVALID);
  assert_phone_refused ("555\n0100", INV_CANDIDATE_RULES_ERROR_PHONE_INVALID);
  assert_phone_refused ("555 \xff", INV_CANDIDATE_RULES_ERROR_PHONE_INVALID);
  assert_phone_refused ("12", INV_CANDIDATE_RULES_ERROR_PHONE_INVALID);
  assert_phone_refused ("+1-2", INV_CANDIDATE_RULES_ERROR_PHONE_INVALID);
  /* The extension's digits do not make up for the number's. */
  assert_phone_refused ("12 ext. 345", INV_CANDIDATE_RULES_ERROR_PHONE_INVALID);
  assert_phone_refused (too_long, INV_CANDIDATE_RULES_ERROR_PHONE_TOO_LONG);

  /* The messages say what is wrong and what to write instead. */
  g_assert_false (inv_candidate_rules_check_phone ("(555) abc", &error));
  g_assert_cmpstr (error->message, ==,
                   "“(555) abc” is not a phone number: use digits, spaces and + - ( ) / . , "
                   "optionally followed by “ext. 12”.");
  g_clear_error (&error);
  g_assert_false (inv_candidate_rules_check_phone (" 1  2 ", &error));
  g_assert_cmpstr (error->message, ==,
                   "“1 2” has too few digits for a phone number; type the whole number, at least 3 digits.");
  g_clear_error (&error);
  g_assert_false (inv_candidate_rules_check_phone (too_long, &error));
  g_assert_cmpstr (error->message, ==,
                   "The phone number is longer than 40 characters; leave out any notes and write only the number.");
}

static void
test_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) longest = g_string_new (NULL);
  g_autofree char *normalized = NULL;
  InvCandidateField field;

  normalized = inv_candidate_rules_normalize_name ("  Zoë \u00a0 Anne  ");
  g_assert_cmpstr (normalized, ==, "Zoë Anne");
  g_clear_pointer (&normalized, g_free);
  /* Composed, so that the same name typed twice is stored the same way. */
  normalized = inv_candidate_rules_normalize_name ("Zoe\u0308");
  g_assert_cmpstr (normalized, ==, "Zo\u00eb");
  g_clear_pointer (&normalized, g_free);
  normalized = inv_candidate_rules_normalize_name (NULL);
  g_assert_cmpstr (normalized, ==, "");

  /* Either name may be left out; "empty" means the same for both. */
  for (guint i = 0; i < 2; i++)
    {
      InvCandidateField which = i == 0 ? INV_CANDIDATE_FIELD_FIRST_NAME : INV_CANDIDATE_FIELD_LAST_NAME;

      g_assert_true (inv_candidate_rules_check_name (which, NULL, &error));
      g_assert_true (inv_candidate_rules_check_name (which, "", &error));
      g_assert_true (inv_candidate_rules_check_name (which, " \t ", &error));
      g_assert_true (inv_candidate_rules_check_name (which, "Ça\u200cnt", &error));
      g_assert_no_error (error);
    }

  /* Counted in characters, not bytes. */
  for (guint i = 0; i < INV_CANDIDATE_MAX_NAME_LENGTH; i++)
    g_string_append (longest, "ë");
  g_assert_true (inv_candidate_rules_check_name (INV_CANDIDATE_FIELD_LAST_NAME, longest->str, &error));
  g_assert_no_error (error);
  g_string_append (longest, "ë");
  g_assert_false (inv_candidate_rules_check_name (INV_CANDIDATE_FIELD_LAST_NAME, longest->str, &error));
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_LAST_NAME_TOO_LONG);
  g_assert_cmpstr (error->message, ==, "The last name is longer than 200 characters; shorten it to the name alone.");
  g_assert_true (inv_candidate_rules_error_get_field (error, &field));
  g_assert_cmpint (field, ==, INV_CANDIDATE_FIELD_LAST_NAME);
  g_clear_error (&error);
  g_assert_false (inv_candidate_rules_check_name (INV_CANDIDATE_FIELD_FIRST_NAME, longest->str, &error));
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_FIRST_NAME_TOO_LONG);
  g_clear_error (&error);

  g_assert_false (inv_candidate_rules_check_name (INV_CANDIDATE_FIELD_FIRST_NAME, "Zoë\nMüller", &error));
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_FIRST_NAME_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The first name cannot contain line breaks, tabs or other control characters; "
                   "write it on one line without them.");
  g_assert_true (inv_candidate_rules_error_get_field (error, &field));
  g_assert_cmpint (field, ==, INV_CANDIDATE_FIELD_FIRST_NAME);
  g_clear_error (&error);
  g_assert_false (inv_candidate_rules_check_name (INV_CANDIDATE_FIELD_LAST_NAME, "Mül\tler", &error));
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_LAST_NAME_INVALID);
  g_clear_error (&error);
  g_assert_false (inv_candidate_rules_check_name (INV_CANDIDATE_FIELD_LAST_NAME, "M\xfcller", &error));
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_LAST_NAME_INVALID);
  g_clear_error (&error);

  /* Someone known by one name is shown by it; someone with none, by their email. */
  g_clear_pointer (&normalized, g_free);
  normalized = inv_candidate_rules_display_name ("Zoë", "Müller", "zoe@example.org");
  g_assert_cmpstr (normalized, ==, "Zoë Müller");
  g_clear_pointer (&normalized, g_free);
  normalized = inv_candidate_rules_display_name ("", "Müller", "zoe@example.org");
  g_assert_cmpstr (normalized, ==, "Müller");
  g_clear_pointer (&normalized, g_free);
  normalized = inv_candidate_rules_display_name ("", "", "zoe@example.org");
  g_assert_cmpstr (normalized, ==, "zoe@example.org");
}

static void
test_check (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(InvCandidateNormalized) normalized = { 0 };
  InvCandidateField field;

  g_assert_true (inv_candidate_rules_check (" Zoë ", "Müller ", " Zoe@Example.org ", "(555) 010 0199  ext. 12",
                                            &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized.first_name, ==, "Zoë");
  g_assert_cmpstr (normalized.last_name, ==, "Müller");
  g_assert_cmpstr (normalized.email, ==, "Zoe@Example.org");
  g_assert_cmpstr (normalized.phone, ==, "(555) 010 0199 ext. 12");
  inv_candidate_normalized_clear (&normalized);

  /* Without an email to change, none is judged or returned. */
  g_assert_true (inv_candidate_rules_check (NULL, NULL, NULL, NULL, &normalized, &error));
  g_assert_cmpstr (normalized.first_name, ==, "");
  g_assert_cmpstr (normalized.last_name, ==, "");
  g_assert_null (normalized.email);
  g_assert_cmpstr (normalized.phone, ==, "");
  inv_candidate_normalized_clear (&normalized);

  g_assert_false (inv_candidate_rules_check ("Zoë", "Müller", "  ", NULL, &normalized, &error));
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_EMAIL_MISSING);
  g_assert_null (normalized.first_name);
  g_clear_error (&error);

  /* inv-email.c words what is wrong with an address. */
  g_assert_false (inv_candidate_rules_check ("Zoë", "Müller", "zoe@", NULL, NULL, &error));
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_EMAIL_INVALID);
  g_assert_cmpstr (error->message, ==, "The domain after the @ is missing; write the whole address, as in jo@example.org.");
  g_assert_true (inv_candidate_rules_error_get_field (error, &field));
  g_assert_cmpint (field, ==, INV_CANDIDATE_FIELD_EMAIL);
  g_clear_error (&error);

  /* The first wrong field in the order of a form. */
  g_assert_false (inv_candidate_rules_check ("Zo\x01", "Mül\nler", "zoe@", "abc", NULL, &error));
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_FIRST_NAME_INVALID);
  g_clear_error (&error);
  g_assert_false (inv_candidate_rules_check ("Zoë", "Mül\nler", "zoe@", "abc", NULL, &error));
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_LAST_NAME_INVALID);
  g_clear_error (&error);
  g_assert_false (inv_candidate_rules_check ("Zoë", "Müller", "zoe@example.org", "abc", NULL, &error));
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_PHONE_INVALID);
  g_assert_true (inv_candidate_rules_error_get_field (error, &field));
  g_assert_cmpint (field, ==, INV_CANDIDATE_FIELD_PHONE);
  g_clear_error (&error);

  /* Other domains have no field here. */
  g_set_error_literal (&error, INV_CANDIDATE_ERROR, INV_CANDIDATE_ERROR_EMAIL, "taken");
  g_assert_false (inv_candidate_rules_error_get_field (error, &field));
  g_assert_false (inv_candidate_rules_error_get_field (NULL, &field));
}

typedef struct
{
  const char *first;
  const char *last;
  const char *email;   /* NULL: a fresh valid address, so that only the rest is judged */
  const char *phone;
  int         code;    /* ACCEPTED or an InvCandidateRulesError */
} Case;

static char *
csv_quote (const char *field)
{
  g_autofree char *doubled = NULL;
  g_auto(GStrv) parts = g_strsplit (field != NULL ? field : "", "\"", -1);

  doubled = g_strjoinv ("\"\"", parts);

  return g_strconcat ("\"", doubled, "\"", NULL);
}

static InvCsvCandidates *
read_row (const Case *c,
          const char *email)
{
  g_autofree char *first = csv_quote (c->first);
  g_autofree char *last = csv_quote (c->last);
  g_autofree char *address = csv_quote (email);
  g_autofree char *phone = csv_quote (c->phone);
  g_autofree char *text = g_strdup_printf ("First Name,Last Name,Email,Phone\r\n%s,%s,%s,%s\r\n",
                                           first, last, address, phone);
  gsize length = strlen (text);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_steal_pointer (&text), length, g_free);
  g_autoptr(GError) error = NULL;
  InvCsvCandidates *result = inv_csv_read_candidates (stream, NULL, &error);

  g_assert_no_error (error);

  return result;
}

static void
assert_stored (InvDatabase                  *database,
               gint64                        candidate_id,
               const InvCandidateNormalized *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCandidateDetails) details = inv_candidate_details_load (database, candidate_id, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (details->first_name, ==, expected->first_name);
  g_assert_cmpstr (details->last_name, ==, expected->last_name);
  if (expected->email != NULL)
    g_assert_cmpstr (details->email, ==, expected->email);
  /* No phone is stored as NULL. */
  g_assert_cmpstr (details->phone != NULL ? details->phone : "", ==, expected->phone);
}

/* The verdict of the rules is the verdict of adding a candidate in the app, of editing
 * their details, and of a row of a CSV file (which the command line imports). */
static void
test_same_verdict_everywhere (void)
{
  g_autoptr(InvDatabase) database = new_database ();
  g_autoptr(GError) error = NULL;
  g_autofree char *long_name = g_strnfill (INV_CANDIDATE_MAX_NAME_LENGTH + 1, 'a');
  g_autofree char *long_phone = g_strnfill (INV_CANDIDATE_MAX_PHONE_LENGTH + 1, '5');
  gint64 edited;
  const Case cases[] = {
    { "Zoë", "Müller", NULL, "(555) 010 0199 ext. 12", ACCEPTED },
    { "  Zoë  ", " Anne  Müller ", " Zoe.Mueller@Example.org ", "+49 30 1234\u2013567", ACCEPTED },
    { "", "", NULL, "", ACCEPTED },
    { "Zoë", "", NULL, "555-0100 x12", ACCEPTED },
    { "", "Müller", NULL, "555 0100 #12", ACCEPTED },
    { "O'Brien, Jr.", "Jo \"JJ\"", NULL, NULL, ACCEPTED },
    { "Zoë", "Müller", NULL, "(555) abc", INV_CANDIDATE_RULES_ERROR_PHONE_INVALID },
    { "Zoë", "Müller", NULL, "12", INV_CANDIDATE_RULES_ERROR_PHONE_INVALID },
    { "Zoë", "Müller", NULL, "call me after 5", INV_CANDIDATE_RULES_ERROR_PHONE_INVALID },
    { "Zoë", "Müller", NULL, long_phone, INV_CANDIDATE_RULES_ERROR_PHONE_TOO_LONG },
    { "Zo\x01ë", "Müller", NULL, NULL, INV_CANDIDATE_RULES_ERROR_FIRST_NAME_INVALID },
    { "Zoë", "M\x7füller", NULL, NULL, INV_CANDIDATE_RULES_ERROR_LAST_NAME_INVALID },
    { long_name, "Müller", NULL, NULL, INV_CANDIDATE_RULES_ERROR_FIRST_NAME_TOO_LONG },
    { "Zoë", long_name, NULL, NULL, INV_CANDIDATE_RULES_ERROR_LAST_NAME_TOO_LONG },
    { "Zoë", "Müller", "", NULL, INV_CANDIDATE_RULES_ERROR_EMAIL_MISSING },
    { "Zoë", "Müller", "zoe@@example.org", NULL, INV_CANDIDATE_RULES_ERROR_EMAIL_INVALID },
  };

  edited = inv_database_add_candidate (database, "Edit", "Me", "edit.me@example.org", NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autofree char *email = c->email != NULL ? g_strdup (c->email)
                                                : g_strdup_printf ("case%u@example.org", i);
      g_auto(InvCandidateNormalized) normalized = { 0 };
      g_autoptr(GError) rules_error = NULL;
      g_autoptr(GError) add_error = NULL;
      g_autoptr(GError) edit_error = NULL;
      g_autoptr(InvCsvCandidates) csv = NULL;
      gboolean accepted;
      gint64 id;

      g_test_message ("case %u: “%s” “%s” “%s” “%s”", i, c->first, c->last, email,
                      c->phone != NULL ? c->phone : "(null)");

      /* The rules themselves */
      accepted = inv_candidate_rules_check (c->first, c->last, email, c->phone, &normalized, &rules_error);
      if (c->code == ACCEPTED)
        g_assert_no_error (rules_error);
      else
        g_assert_error (rules_error, INV_CANDIDATE_RULES_ERROR, c->code);

      /* Adding a candidate (the add-candidate dialog) */
      id = inv_database_add_candidate (database, c->first, c->last, email, c->phone, &add_error);
      g_assert_cmpint (id != 0, ==, accepted);
      if (accepted)
        assert_stored (database, id, &normalized);
      else
        {
          g_assert_error (add_error, INV_CANDIDATE_RULES_ERROR, c->code);
          g_assert_cmpstr (add_error->message, ==, rules_error->message);
        }

      /* "Edit candidate details", which keeps the email */
      if (c->email == NULL)
        {
          g_assert_cmpint (inv_candidate_edit (database, edited, c->first, c->last, c->phone, NULL, &edit_error),
                           ==, accepted);
          if (accepted)
            assert_stored (database, edited, &(InvCandidateNormalized) {
                             .first_name = normalized.first_name, .last_name = normalized.last_name,
                             .phone = normalized.phone });
          else
            {
              g_assert_error (edit_error, INV_CANDIDATE_RULES_ERROR, c->code);
              g_assert_cmpstr (edit_error->message, ==, rules_error->message);
            }
        }

      /* A row of a CSV file, under another address so that it is new */
      if (c->email == NULL)
        {
          g_free (email);
          email = g_strdup_printf ("file%u@example.org", i);
          inv_candidate_normalized_clear (&normalized);
          g_assert_cmpint (inv_candidate_rules_check (c->first, c->last, email, c->phone, &normalized, NULL),
                           ==, accepted);
        }
      /* A file is judged the same way, except that a wrong phone (optional) is left
       * out with a warning, and that a row needs a name. */
      csv = read_row (c, email);
      {
        gboolean wrong_phone = c->code == INV_CANDIDATE_RULES_ERROR_PHONE_INVALID ||
                               c->code == INV_CANDIDATE_RULES_ERROR_PHONE_TOO_LONG;
        g_autofree char *first = inv_candidate_rules_normalize_name (c->first);
        g_autofree char *last = inv_candidate_rules_normalize_name (c->last);
        gboolean named = *first != '\0' || *last != '\0';
        gboolean kept = (accepted || wrong_phone) && named;

        g_assert_cmpuint (csv->candidates->len, ==, kept ? 1 : 0);
        g_assert_cmpuint (csv->failed->len, ==, kept ? 0 : 1);
        g_assert_cmpuint (csv->warnings->len, ==, kept && wrong_phone ? 1 : 0);
        if (kept)
          {
            InvCsvCandidate *row = csv->candidates->pdata[0];

            g_assert_cmpstr (row->first_name, ==, first);
            g_assert_cmpstr (row->last_name, ==, last);
            g_assert_cmpstr (row->email, ==, accepted ? normalized.email : email);
            g_assert_cmpstr (row->phone, ==, accepted ? normalized.phone : "");
            if (wrong_phone)
              g_assert_true (g_str_has_prefix (((InvCsvRowProblem *)csv->warnings->pdata[0])->reason,
                                               rules_error->message));
          }
        else if (!accepted && !wrong_phone)
          g_assert_cmpstr (((InvCsvRowProblem *)csv->failed->pdata[0])->reason, ==, rules_error->message);
        else
          g_assert_true (g_str_has_prefix (((InvCsvRowProblem *)csv->failed->pdata[0])->reason,
                                           "The row has no name"));
      }
    }
}

/* The reported case: a phone with an extension, imported from a file, is saved back
 * unchanged through "Edit candidate details", and through the candidate dialog. */
static void
test_import_then_edit (void)
{
  g_autoptr(InvDatabase) database = new_database ();
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCsvCandidates) csv = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) row_errors = NULL;
  g_autoptr(InvCandidateDetails) details = NULL;
  const char *text =
    "First Name,Last Name,Email,Phone\n"
    "Zoë,Müller,zoe@example.org,(555) 010 0199 ext. 12\n"
    "Jo,,jo@example.org,+1 555 0100 x7\n";
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (text, strlen (text), NULL);
  guint n_added = 0;
  guint n_invitations = 99;

  csv = inv_csv_read_candidates (stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (csv->failed->len, ==, 0);

  ids = inv_database_import_candidates (database, csv, &n_added, &row_errors, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_added, ==, 2);
  g_assert_null (row_errors->pdata[0]);
  g_assert_null (row_errors->pdata[1]);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      g_clear_pointer (&details, inv_candidate_details_free);
      details = inv_candidate_details_load (database, id, &error);
      g_assert_no_error (error);

      /* What is stored can be saved back as it is, through either dialog. */
      g_assert_true (inv_candidate_edit (database, id, details->first_name, details->last_name,
                                         details->phone, &n_invitations, &error));
      g_assert_no_error (error);
      g_assert_true (inv_database_update_candidate (database, id, details->first_name, details->last_name,
                                                    details->email, details->phone, &error));
      g_assert_no_error (error);
    }

  g_clear_pointer (&details, inv_candidate_details_free);
  details = inv_candidate_details_load (database, g_array_index (ids, gint64, 0), &error);
  g_assert_cmpstr (details->phone, ==, "(555) 010 0199 ext. 12");

  /* A name fixed, the phone kept as it was. */
  g_assert_true (inv_candidate_edit (database, details->id, "Zoe", "Müller", details->phone, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&details, inv_candidate_details_free);
  details = inv_candidate_details_load (database, g_array_index (ids, gint64, 0), &error);
  g_assert_cmpstr (details->first_name, ==, "Zoe");
  g_assert_cmpstr (details->phone, ==, "(555) 010 0199 ext. 12");

  /* Clearing the phone stores none. */
  g_assert_true (inv_candidate_edit (database, details->id, "Zoe", "Müller", "  ", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM candidates WHERE phone IS NULL"), ==, 1);

  /* What the rules refuse changes nothing. */
  g_assert_false (inv_candidate_edit (database, details->id, "Zoe", "Müller", "(555) abc", NULL, &error));
  g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_PHONE_INVALID);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM candidates WHERE phone IS NULL"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/candidate-rules/phone", test_phone);
  g_test_add_func ("/candidate-rules/names", test_names);
  g_test_add_func ("/candidate-rules/check", test_check);
  g_test_add_func ("/candidate-rules/same-verdict-everywhere", test_same_verdict_everywhere);
  g_test_add_func ("/candidate-rules/import-then-edit", test_import_then_edit);

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

/* inv-candidate-rules.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a candidate's details may be, in one place: the add and edit dialogs, the CSV
 * import, the command line and the store all judge a name, an email or a phone here,
 * so that whatever one of them stored can be saved back through another.
 *
 * Names are optional: a file may hold only emails, and the service may know a person
 * by one name only; a candidate without a name is shown by their email. A name that is
 * given must be one line of text of reasonable length. A phone number is written the
 * way people write them ("+49 30 1234-567", "(555) 010 0199 ext. 12"), so the rule
 * accepts their punctuation and an extension but nothing that reads like a note.
 */

#define G_LOG_DOMAIN "inv-candidate-rules"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "inv-candidate-rules.h"
#include "inv-email.h"
#include "inv-text-checks.h"

G_DEFINE_QUARK (inv-candidate-rules-error-quark, inv_candidate_rules_error)

static gboolean
is_space (gunichar c)
{
  return c == ' ' || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
}

/* Runs of spaces (no-break and thin ones too) become one plain space; the ends are
 * trimmed. Other characters are kept, mapped by @map when it is given. */
static char *
collapse_spaces (const char *text,
                 gunichar  (*map) (gunichar))
{
  GString *collapsed = g_string_sized_new (strlen (text));
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_space (c))
        {
          space = TRUE;
          continue;
        }

      if (space && collapsed->len > 0)
        g_string_append_c (collapsed, ' ');
      space = FALSE;
      g_string_append_unichar (collapsed, map != NULL ? map (c) : c);
    }

  return g_string_free (collapsed, FALSE);
}

/**
 * inv_candidate_rules_normalize_name:
 * @name: (nullable): a first or last name as typed or read from a file
 *
 * Trims the name, turns runs of spaces into one and composes its characters (NFC), so
 * that the same name typed twice is stored the same way. Text that is not UTF-8 is
 * only trimmed, for inv_candidate_rules_check_name() to refuse.
 *
 * Returns: (transfer full): the name to check and store; "" for none
 */
char *
inv_candidate_rules_normalize_name (const char *name)
{
  g_autofree char *composed = NULL;

  if (name == NULL)
    return g_strdup ("");

  if (!g_utf8_validate (name, -1, NULL))
    return g_strstrip (g_strdup (name));

  composed = g_utf8_normalize (name, -1, G_NORMALIZE_NFC);

  return collapse_spaces (g_strstrip (composed), NULL);
}

/* Spreadsheets and word processors turn "-" into dashes and minus signs. */
static gunichar
plain_hyphen (gunichar c)
{
  if (g_unichar_type (c) == G_UNICODE_DASH_PUNCTUATION || c == 0x2212 /* MINUS SIGN */)
    return '-';

  return c;
}

/**
 * inv_candidate_rules_normalize_phone:
 * @phone: (nullable): a phone number as typed or read from a file
 *
 * Trims the number, turns runs of spaces into one, and writes full-width digits, no-break
 * spaces and typographic dashes the plain way (NFKC, then dashes as "-"). Text that is
 * not UTF-8 is only trimmed, for inv_candidate_rules_check_phone() to refuse.
 *
 * Returns: (transfer full): the number to check and store; "" for none
 */
char *
inv_candidate_rules_normalize_phone (const char *phone)
{
  g_autofree char *compatible = NULL;

  if (phone == NULL)
    return g_strdup ("");

  if (!g_utf8_validate (phone, -1, NULL))
    return g_strstrip (g_strdup (phone));

  compatible = g_utf8_normalize (phone, -1, G_NORMALIZE_NFKC);

  return collapse_spaces (g_strstrip (compatible), plain_hyphen);
}

static gboolean
check_normalized_name (InvCandidateField   field,
                       const char         *name,
                       GError            **error)
{
  gboolean first = field == INV_CANDIDATE_FIELD_FIRST_NAME;
  gboolean control = FALSE;

  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, INV_CANDIDATE_RULES_ERROR,
                           first ? INV_CANDIDATE_RULES_ERROR_FIRST_NAME_INVALID
                                 : INV_CANDIDATE_RULES_ERROR_LAST_NAME_INVALID,
                           first ? _("The first name contains bytes that are not text; type it again.")
                                 : _("The last name contains bytes that are not text; type it again."));
      return FALSE;
    }

  control = inv_text_find_unsafe (name) != NULL;

  /* Most likely two cells or two fields pasted into one; a bidirectional override
   * would make the name read differently from what it holds. */
  if (control)
    {
      g_set_error_literal (error, INV_CANDIDATE_RULES_ERROR,
                           first ? INV_CANDIDATE_RULES_ERROR_FIRST_NAME_INVALID
                                 : INV_CANDIDATE_RULES_ERROR_LAST_NAME_INVALID,
                           first ? _("The first name cannot contain line breaks, tabs or other control characters; write it on one line without them.")
                                 : _("The last name cannot contain line breaks, tabs or other control characters; write it on one line without them."));
      return FALSE;
    }

  if (g_utf8_strlen (name, -1) > INV_CANDIDATE_MAX_NAME_LENGTH)
    {
      if (first)
        g_set_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_FIRST_NAME_TOO_LONG,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The first name is longer than %u character; shorten it to the name alone.",
                                  "The first name is longer than %u characters; shorten it to the name alone.",
                                  INV_CANDIDATE_MAX_NAME_LENGTH),
                     (guint)INV_CANDIDATE_MAX_NAME_LENGTH);
      else
        g_set_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_LAST_NAME_TOO_LONG,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The last name is longer than %u character; shorten it to the name alone.",
                                  "The last name is longer than %u characters; shorten it to the name alone.",
                                  INV_CANDIDATE_MAX_NAME_LENGTH),
                     (guint)INV_CANDIDATE_MAX_NAME_LENGTH);
      return FALSE;
    }

  return TRUE;
}

/**
 * inv_candidate_rules_check_name:
 * @field: %INV_CANDIDATE_FIELD_FIRST_NAME or %INV_CANDIDATE_FIELD_LAST_NAME: which
 *   name it is, for the error code and message
 * @name: (nullable): the name as typed; it is judged as
 *   inv_candidate_rules_normalize_name() leaves it
 *
 * A name may be empty. One that is given must be text on one line, without control
 * characters (inv_text_is_unsafe_char()), of at most %INV_CANDIDATE_MAX_NAME_LENGTH characters.
 *
 * Returns: %TRUE if the name is acceptable; otherwise @error is an
 *   %INV_CANDIDATE_RULES_ERROR of that field
 */
gboolean
inv_candidate_rules_check_name (InvCandidateField   field,
                                const char         *name,
                                GError            **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (field == INV_CANDIDATE_FIELD_FIRST_NAME ||
                        field == INV_CANDIDATE_FIELD_LAST_NAME, FALSE);

  normalized = inv_candidate_rules_normalize_name (name);

  return check_normalized_name (field, normalized, error);
}

/**
 * inv_candidate_rules_check_has_name:
 * @first_name: (nullable): the first name, normalised
 * @last_name: (nullable): the last name, normalised
 *
 * A candidate from a list must have a name: otherwise the invitation would greet them
 * by their email address, and nobody could tell them apart in the lists.
 *
 * Returns: %TRUE if there is a first name, a last name or both; otherwise @error is
 *   %INV_CANDIDATE_RULES_ERROR_NAME_MISSING (about the first name)
 */
gboolean
inv_candidate_rules_check_has_name (const char  *first_name,
                                    const char  *last_name,
                                    GError     **error)
{
  if ((first_name != NULL && *first_name != '\0') || (last_name != NULL && *last_name != '\0'))
    return TRUE;

  g_set_error_literal (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_NAME_MISSING,
                       _("The row has no name; fill in the first name, the last name or both."));
  return FALSE;
}

static gboolean
check_normalized_email (const char  *email,
                        GError     **error)
{
  g_autoptr(GError) email_error = NULL;

  if (inv_email_validate (email, &email_error))
    return TRUE;

  /* inv-email.c words the reasons; they only change domain here. */
  g_set_error_literal (error, INV_CANDIDATE_RULES_ERROR,
                       g_error_matches (email_error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_EMPTY)
                         ? INV_CANDIDATE_RULES_ERROR_EMAIL_MISSING
                         : INV_CANDIDATE_RULES_ERROR_EMAIL_INVALID,
                       email_error->message);

  return FALSE;
}

/**
 * inv_candidate_rules_check_email:
 * @email: (nullable): the address as typed; it is judged as inv_email_normalize()
 *   leaves it
 *
 * Every candidate needs an email: it is how the invitation reaches them.
 *
 * Returns: %TRUE if the address is acceptable; otherwise @error is
 *   %INV_CANDIDATE_RULES_ERROR_EMAIL_MISSING or %INV_CANDIDATE_RULES_ERROR_EMAIL_INVALID
 *   with inv_email_validate()'s message
 */
gboolean
inv_candidate_rules_check_email (const char  *email,
                                 GError     **error)
{
  g_autofree char *normalized = inv_email_normalize (email);

  return check_normalized_email (normalized, error);
}

/* The digits, spaces and punctuation of a number, then an optional extension: "ext.",
 * "ext", "x" or "#" (any case), spaces, and its digits. */
static gboolean
parse_phone (const char *phone,
             guint      *n_digits)
{
  const char *p = phone;

  *n_digits = 0;

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        (*n_digits)++;
      else if (strchr (" +-()/.", *p) == NULL)
        break;
    }

  if (*p == '\0')
    return TRUE;

  if (g_ascii_strncasecmp (p, "ext", 3) == 0)
    {
      p += 3;
      if (*p == '.')
        p++;
    }
  else if (*p == 'x' || *p == 'X' || *p == '#')
    p++;
  else
    return FALSE;

  while (*p == ' ')
    p++;

  if (!g_ascii_isdigit (*p))
    return FALSE;

  while (g_ascii_isdigit (*p))
    p++;

  return *p == '\0';
}

static gboolean
check_normalized_phone (const char  *phone,
                        GError     **error)
{
  guint n_digits = 0;

  if (*phone == '\0')
    return TRUE;

  if (!g_utf8_validate (phone, -1, NULL) || !parse_phone (phone, &n_digits))
    {
      g_autofree char *shown = g_utf8_make_valid (phone, -1);

      g_set_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_PHONE_INVALID,
                   /* Translators: keep “ext. 12”, the extension as the app reads it */
                   _("“%s” is not a phone number: use digits, spaces and + - ( ) / . , optionally followed by “ext. 12”."),
                   shown);
      return FALSE;
    }

  if (g_utf8_strlen (phone, -1) > INV_CANDIDATE_MAX_PHONE_LENGTH)
    {
      g_set_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_PHONE_TOO_LONG,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The phone number is longer than %u character; leave out any notes and write only the number.",
                                "The phone number is longer than %u characters; leave out any notes and write only the number.",
                                INV_CANDIDATE_MAX_PHONE_LENGTH),
                   (guint)INV_CANDIDATE_MAX_PHONE_LENGTH);
      return FALSE;
    }

  if (n_digits < INV_CANDIDATE_MIN_PHONE_DIGITS)
    {
      g_set_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_PHONE_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” has too few digits for a phone number; type the whole number, at least %u digit.",
                                "“%s” has too few digits for a phone number; type the whole number, at least %u digits.",
                                INV_CANDIDATE_MIN_PHONE_DIGITS),
                   phone, (guint)INV_CANDIDATE_MIN_PHONE_DIGITS);
      return FALSE;
    }

  return TRUE;
}

/**
 * inv_candidate_rules_check_phone:
 * @phone: (nullable): the number as typed; it is judged as
 *   inv_candidate_rules_normalize_phone() leaves it
 *
 * A phone number is optional. One that is given is made of digits, spaces and
 * + - ( ) / . with at least %INV_CANDIDATE_MIN_PHONE_DIGITS digits, optionally followed
 * by an extension ("ext. 12", "ext 12", "x12", "#12"), and has at most
 * %INV_CANDIDATE_MAX_PHONE_LENGTH characters.
 *
 * Returns: %TRUE if the number is acceptable; otherwise @error is
 *   %INV_CANDIDATE_RULES_ERROR_PHONE_INVALID or %INV_CANDIDATE_RULES_ERROR_PHONE_TOO_LONG
 */
gboolean
inv_candidate_rules_check_phone (const char  *phone,
                                 GError     **error)
{
  g_autofree char *normalized = inv_candidate_rules_normalize_phone (phone);

  return check_normalized_phone (normalized, error);
}

/**
 * inv_candidate_rules_check:
 * @first_name: (nullable): the first name as typed
 * @last_name: (nullable): the last name as typed
 * @email: (nullable): the email as typed, or %NULL when the caller does not change it
 *   (it is then neither checked nor returned)
 * @phone: (nullable): the phone number as typed
 * @normalized: (out caller-allocates) (optional): the details as they are to be stored,
 *   set only on success; free its members with inv_candidate_normalized_clear()
 * @error: return location for an %INV_CANDIDATE_RULES_ERROR
 *
 * Normalises and checks a candidate's details, field by field in the order a form shows
 * them, and stops at the first that is wrong. Every way of adding or changing a
 * candidate goes through here.
 *
 * Returns: %TRUE if all the details are acceptable
 */
gboolean
inv_candidate_rules_check (const char              *first_name,
                           const char              *last_name,
                           const char              *email,
                           const char              *phone,
                           InvCandidateNormalized  *normalized,
                           GError                 **error)
{
  g_auto(InvCandidateNormalized) result = { 0 };

  result.first_name = inv_candidate_rules_normalize_name (first_name);
  if (!check_normalized_name (INV_CANDIDATE_FIELD_FIRST_NAME, result.first_name, error))
    return FALSE;

  result.last_name = inv_candidate_rules_normalize_name (last_name);
  if (!check_normalized_name (INV_CANDIDATE_FIELD_LAST_NAME, result.last_name, error))
    return FALSE;

  if (email != NULL)
    {
      result.email = inv_email_normalize (email);
      if (!check_normalized_email (result.email, error))
        return FALSE;
    }

  result.phone = inv_candidate_rules_normalize_phone (phone);
  if (!check_normalized_phone (result.phone, error))
    return FALSE;

  if (normalized != NULL)
    {
      *normalized = result;
      result = (InvCandidateNormalized) { 0 };
    }

  return TRUE;
}

/**
 * inv_candidate_rules_error_get_field:
 * @error: (nullable): an error from adding or changing a candidate
 * @field: (out) (optional): the field the error is about
 *
 * Tells a form next to which field to show @error.
 *
 * Returns: %TRUE if @error is an %INV_CANDIDATE_RULES_ERROR
 */
gboolean
inv_candidate_rules_error_get_field (const GError      *error,
                                     InvCandidateField *field)
{
  InvCandidateField which;

  if (error == NULL || error->domain != INV_CANDIDATE_RULES_ERROR)
    return FALSE;

  switch ((InvCandidateRulesError)error->code)
    {
    case INV_CANDIDATE_RULES_ERROR_FIRST_NAME_INVALID:
    case INV_CANDIDATE_RULES_ERROR_FIRST_NAME_TOO_LONG:
    case INV_CANDIDATE_RULES_ERROR_NAME_MISSING:
      which = INV_CANDIDATE_FIELD_FIRST_NAME;
      break;

    case INV_CANDIDATE_RULES_ERROR_LAST_NAME_INVALID:
    case INV_CANDIDATE_RULES_ERROR_LAST_NAME_TOO_LONG:
      which = INV_CANDIDATE_FIELD_LAST_NAME;
      break;

    case INV_CANDIDATE_RULES_ERROR_EMAIL_MISSING:
    case INV_CANDIDATE_RULES_ERROR_EMAIL_INVALID:
      which = INV_CANDIDATE_FIELD_EMAIL;
      break;

    case INV_CANDIDATE_RULES_ERROR_PHONE_INVALID:
    case INV_CANDIDATE_RULES_ERROR_PHONE_TOO_LONG:
      which = INV_CANDIDATE_FIELD_PHONE;
      break;

    default:
      return FALSE;
    }

  if (field != NULL)
    *field = which;

  return TRUE;
}

/**
 * inv_candidate_rules_display_name:
 * @first_name: a normalised first name, possibly ""
 * @last_name: a normalised last name, possibly ""
 * @email: the email, shown when there is no name
 *
 * Returns: (transfer full): how the candidate is named in lists and invitations
 */
char *
inv_candidate_rules_display_name (const char *first_name,
                                  const char *last_name,
                                  const char *email)
{
  g_return_val_if_fail (first_name != NULL, NULL);
  g_return_val_if_fail (last_name != NULL, NULL);

  if (*first_name != '\0' && *last_name != '\0')
    return g_strconcat (first_name, " ", last_name, NULL);
  if (*first_name != '\0' || *last_name != '\0')
    return g_strconcat (first_name, last_name, NULL);

  return g_strdup (email != NULL ? email : "");
}

/**
 * inv_candidate_normalized_clear:
 *
 * Frees the members of @normalized (not @normalized itself) and sets them to %NULL.
 */
void
inv_candidate_normalized_clear (InvCandidateNormalized *normalized)
{
  g_return_if_fail (normalized != NULL);

  g_clear_pointer (&normalized->first_name, g_free);
  g_clear_pointer (&normalized->last_name, g_free);
  g_clear_pointer (&normalized->email, g_free);
  g_clear_pointer (&normalized->phone, g_free);
}

/* inv-email.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Email addresses as people type them into a form or a spreadsheet. The rules are the
 * practical subset of RFC 5322 that mail services and the invitation service accept:
 * a dot-atom before the @ (no quoted local parts, no comments), a host name after it
 * (internationalised names allowed, no address literals), and the length limits of
 * RFC 5321 (64 before the @, 254 in all, 63 per domain label).
 */

#define G_LOG_DOMAIN "inv-email"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "inv-email.h"

G_DEFINE_QUARK (inv-email-error-quark, inv_email_error)

/* RFC 5322 atext, plus the dot that separates atoms. */
static gboolean
is_atext (guchar c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

static gboolean
check_local_part (const char  *local,
                  gsize        length,
                  GError     **error)
{
  if (length == 0)
    {
      g_set_error_literal (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_LOCAL_EMPTY,
                           _("The name before the @ is missing; write the whole address, as in jo@example.org."));
      return FALSE;
    }

  for (const char *p = local; p < local + length; p = g_utf8_next_char (p))
    {
      guchar c = (guchar)*p;

      if (c == '.' || is_atext (c))
        continue;

      {
        g_autofree char *character = g_strndup (p, g_utf8_next_char (p) - p);

        g_set_error (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_LOCAL_CHARACTER,
                     _("“%s” is not allowed before the @; remove it or check the address with the candidate."), character);
        return FALSE;
      }
    }

  if (local[0] == '.' || local[length - 1] == '.' || g_strstr_len (local, length, "..") != NULL)
    {
      g_set_error_literal (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_LOCAL_DOTS,
                           _("The name before the @ cannot start or end with a dot, or have two dots in a row; remove the extra dot."));
      return FALSE;
    }

  if (length > INV_EMAIL_MAX_LOCAL_LENGTH)
    {
      g_set_error (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_LOCAL_TOO_LONG,
                   _("The name before the @ has %u characters, but at most %u are allowed; check the address with the candidate."),
                   (guint)length, (guint)INV_EMAIL_MAX_LOCAL_LENGTH);
      return FALSE;
    }

  return TRUE;
}

/* Checks @domain and returns its ASCII (punycode) form, the one whose length counts. */
static char *
check_domain (const char  *domain,
              GError     **error)
{
  g_autofree char *ascii = NULL;
  g_auto(GStrv) labels = NULL;
  guint n_labels;
  gboolean numeric_tld = TRUE;

  if (*domain == '\0')
    {
      g_set_error_literal (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_DOMAIN_EMPTY,
                           _("The domain after the @ is missing; write the whole address, as in jo@example.org."));
      return NULL;
    }

  if (domain[0] == '[')
    {
      g_set_error_literal (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_DOMAIN_LITERAL,
                           _("Addresses with an IP address instead of a domain are not accepted; use the address with a domain name, as in jo@example.org."));
      return NULL;
    }

  /* A trailing dot is legal in DNS but not in an address people type. */
  if (domain[0] == '.' || g_str_has_suffix (domain, ".") || strstr (domain, "..") != NULL)
    {
      g_set_error (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_DOMAIN_INVALID,
                   _("The domain “%s” cannot start or end with a dot, or have two dots in a row; remove the extra dot."),
                   domain);
      return NULL;
    }

  ascii = g_hostname_to_ascii (domain);
  if (ascii == NULL)
    {
      g_set_error (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_DOMAIN_INVALID,
                   _("“%s” is not a valid domain; check the address for a typing error."), domain);
      return NULL;
    }

  labels = g_strsplit (ascii, ".", -1);
  n_labels = g_strv_length (labels);

  for (guint i = 0; i < n_labels; i++)
    {
      const char *label = labels[i];
      gsize length = strlen (label);

      if (length > 63)
        {
          g_set_error (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_DOMAIN_LABEL_TOO_LONG,
                       _("A part of the domain “%s” is longer than 63 characters; check the address for a typing error."), domain);
          return NULL;
        }

      for (const char *p = label; *p != '\0'; p++)
        {
          if (!g_ascii_isalnum (*p) && *p != '-')
            {
              g_set_error (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_DOMAIN_INVALID,
                           _("The domain “%s” may only contain letters, digits, hyphens and dots; remove the other characters."),
                           domain);
              return NULL;
            }
        }

      if (length == 0 || label[0] == '-' || label[length - 1] == '-')
        {
          g_set_error (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_DOMAIN_INVALID,
                       _("A part of the domain “%s” starts or ends with a hyphen; check the address for a typing error."), domain);
          return NULL;
        }
    }

  if (n_labels < 2)
    {
      g_set_error (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_DOMAIN_NO_DOT,
                   _("The domain “%s” is incomplete; it needs a dot, as in example.org."), domain);
      return NULL;
    }

  for (const char *p = labels[n_labels - 1]; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      numeric_tld = FALSE;

  if (numeric_tld)
    {
      g_set_error (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_DOMAIN_INVALID,
                   _("“%s” is not a valid domain; check the address for a typing error."), domain);
      return NULL;
    }

  return g_steal_pointer (&ascii);
}

/**
 * inv_email_validate:
 * @email: an address, already trimmed (inv_email_normalize())
 * @error: return location for a #GError in %INV_EMAIL_ERROR, whose message says what
 *   is wrong in words the person can act on
 *
 * Returns: %TRUE if @email is an address the app accepts
 */
gboolean
inv_email_validate (const char  *email,
                    GError     **error)
{
  const char *at;
  g_autofree char *ascii_domain = NULL;
  gsize local_length;

  if (email == NULL || *email == '\0')
    {
      g_set_error_literal (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_EMPTY,
                           _("The email address is missing; add the address the invitation should go to."));
      return FALSE;
    }

  if (!g_utf8_validate (email, -1, NULL))
    {
      g_set_error_literal (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_NOT_TEXT,
                           _("The email address contains characters that are not text; type it again."));
      return FALSE;
    }

  for (const char *p = email; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          g_set_error_literal (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_SPACE,
                               _("An email address cannot contain spaces; remove them."));
          return FALSE;
        }

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        {
          g_set_error_literal (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_NOT_TEXT,
                               _("The email address contains invisible control characters; type it again."));
          return FALSE;
        }
    }

  at = strchr (email, '@');
  if (at == NULL)
    {
      g_set_error_literal (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_NO_AT,
                           _("An email address needs an @ between the name and the domain, as in jo@example.org."));
      return FALSE;
    }

  if (strchr (at + 1, '@') != NULL)
    {
      g_set_error_literal (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_SEVERAL_AT,
                           _("An email address has only one @; remove the extra one."));
      return FALSE;
    }

  local_length = at - email;
  if (!check_local_part (email, local_length, error))
    return FALSE;

  ascii_domain = check_domain (at + 1, error);
  if (ascii_domain == NULL)
    return FALSE;

  if (local_length + 1 + strlen (ascii_domain) > INV_EMAIL_MAX_LENGTH)
    {
      g_set_error (error, INV_EMAIL_ERROR, INV_EMAIL_ERROR_TOO_LONG,
                   _("The email address is too long: at most %u characters are allowed; check it with the candidate."),
                   (guint)INV_EMAIL_MAX_LENGTH);
      return FALSE;
    }

  return TRUE;
}

/**
 * inv_email_normalize:
 * @email: (nullable): an address as typed or read from a file
 *
 * Removes the spaces around it and composes its characters (NFC), so that the same
 * address typed twice is stored the same way. Case is kept: it is shown as typed.
 *
 * Returns: (transfer full): the address to validate and store
 */
char *
inv_email_normalize (const char *email)
{
  g_autofree char *copy = g_strdup (email != NULL ? email : "");
  char *normalized;

  g_strstrip (copy);

  /* g_utf8_normalize() decodes some bytes that are not UTF-8 (an overlong "\xc0\xae"
   * becomes a dot) instead of refusing them: such an address stays as it is, and
   * inv_email_validate() refuses it as not text. */
  if (!g_utf8_validate (copy, -1, NULL))
    return g_steal_pointer (&copy);

  normalized = g_utf8_normalize (copy, -1, G_NORMALIZE_NFC);

  return normalized != NULL ? normalized : g_steal_pointer (&copy);
}

/**
 * inv_email_key:
 * @email: a normalised address
 *
 * What makes two addresses "the same candidate": the address in compatibility form
 * (NFKC) and case-folded, so that Jo@Example.org and jo@example.org meet. It is the
 * same key the sync engine files candidates under (candidates.email_key).
 *
 * Returns: (transfer full): the key
 */
char *
inv_email_key (const char *email)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (email != NULL, NULL);

  if (!g_utf8_validate (email, -1, NULL))
    return g_strdup (email);

  normalized = g_utf8_normalize (email, -1, G_NORMALIZE_NFKC);
  if (normalized == NULL)
    return g_strdup (email);

  return g_utf8_casefold (normalized, -1);
}

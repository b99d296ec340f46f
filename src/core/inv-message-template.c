/* inv-message-template.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cancellation email a candidate receives. Each interview template may have its
 * own text; without one the translated default is used, so that a person who never
 * edits it still sends a courteous message in their own language.
 */

#define G_LOG_DOMAIN "inv-message-template"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "inv-message-template.h"

#define COMPANY_META_KEY "company-name"
#define SIGNATURE_META_KEY "sender-signature"

G_DEFINE_QUARK (inv-message-template-error-quark, inv_message_template_error)

static const char * const placeholders[] = {
  "first_name",
  "candidate_name",
  "position",
  "company",
  "date",
  "time",
  "reason",
  NULL
};

/**
 * inv_message_template_get_placeholders:
 *
 * Returns: (transfer none) (array zero-terminated=1): the names a message may use in
 *   braces, without the braces
 */
const char * const *
inv_message_template_get_placeholders (void)
{
  return placeholders;
}

/**
 * inv_message_template_get_default:
 *
 * The message used when an interview template has none of its own: written from the
 * hiring manager to the candidate — thanks, a clear statement that the interview is
 * cancelled, a short reason, an offer to stay in touch, and a sign-off.
 *
 * Returns: (transfer none): the translated default message
 */
const char *
inv_message_template_get_default (void)
{
  /* Translators: keep the words in braces exactly as they are; they are replaced by
   * the candidate's name, the position and so on when the message is sent. */
  return _("Dear {first_name},\n"
           "\n"
           "Thank you for your interest in the {position} role at {company}, and for the time you have given us so far.\n"
           "\n"
           "I am writing to let you know that we have cancelled your interview invitation for {date} at {time}. "
           "The invitation link no longer works, and there is nothing more you need to do.\n"
           "\n"
           "{reason}\n"
           "\n"
           "We would be glad to stay in touch, and we will reach out if another opportunity comes up that suits you.\n"
           "\n"
           "Thank you again, and all the best.\n"
           "\n"
           "Kind regards,\n"
           "The hiring team");
}

static gboolean
is_placeholder_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-';
}

/* Finds the placeholder that starts at @p ('{'): a name of letters, digits, '_' or
 * '-' closed by '}'. Anything else in braces is ordinary text. */
static gsize
placeholder_length (const char *p)
{
  gsize len = 1;

  g_assert (*p == '{');

  while (is_placeholder_char (p[len]))
    len++;

  if (len == 1 || p[len] != '}')
    return 0;

  return len + 1;
}

static gboolean
is_blank (const char *text)
{
  if (text != NULL)
    for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;

  return TRUE;
}

static gboolean
is_known (const char *name,
          gsize       len)
{
  for (guint i = 0; placeholders[i] != NULL; i++)
    if (strlen (placeholders[i]) == len && strncmp (placeholders[i], name, len) == 0)
      return TRUE;

  return FALSE;
}

/**
 * inv_message_template_validate:
 * @text: (nullable): a message with placeholders
 * @unknown: (out) (optional) (transfer full) (array zero-terminated=1): the unknown
 *   placeholder names, without braces, each once, in order of appearance; %NULL when
 *   there are none
 * @error: return location for a #GError
 *
 * Checks a message before it is saved: it must have text, and every placeholder must
 * be one the app can fill in — a misspelt "{frist_name}" would otherwise reach the
 * candidate as it is.
 *
 * Returns: %TRUE if @text can be saved
 */
gboolean
inv_message_template_validate (const char   *text,
                               char       ***unknown,
                               GError      **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) listed = NULL;

  if (unknown != NULL)
    *unknown = NULL;

  if (is_blank (text))
    {
      g_set_error_literal (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_EMPTY,
                           _("The cancellation message is empty"));
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p++)
    {
      gsize len;
      g_autofree char *name = NULL;
      gboolean seen = FALSE;

      if (*p != '{' || (len = placeholder_length (p)) == 0)
        continue;

      if (is_known (p + 1, len - 2))
        {
          p += len - 1;
          continue;
        }

      name = g_strndup (p + 1, len - 2);
      for (guint i = 0; i < names->len; i++)
        if (strcmp (g_ptr_array_index (names, i), name) == 0)
          seen = TRUE;
      if (!seen)
        g_ptr_array_add (names, g_steal_pointer (&name));
      p += len - 1;
    }

  if (names->len == 0)
    return TRUE;

  listed = g_string_new (NULL);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (listed, "%s{%s}", i > 0 ? ", " : "",
                            (const char *)g_ptr_array_index (names, i));

  {
    g_autoptr(GString) known = g_string_new (NULL);

    for (guint i = 0; placeholders[i] != NULL; i++)
      g_string_append_printf (known, "%s{%s}", i > 0 ? ", " : "", placeholders[i]);

    g_set_error (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER,
                 g_dngettext (GETTEXT_PACKAGE,
                              "The message uses an unknown placeholder: %s. You can use %s.",
                              "The message uses unknown placeholders: %s. You can use %s.",
                              names->len),
                 listed->str, known->str);
  }

  if (unknown != NULL)
    {
      g_ptr_array_add (names, NULL);
      *unknown = (char **)g_ptr_array_free (g_steal_pointer (&names), FALSE);
    }

  return FALSE;
}

static char *
format_when (gint64      when,
             GTimeZone  *time_zone,
             const char *format)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (when <= 0 || (utc = g_date_time_new_from_unix_utc (when)) == NULL)
    return NULL;

  local = time_zone != NULL ? g_date_time_to_timezone (utc, time_zone) : g_date_time_to_local (utc);

  return g_date_time_format (local, format);
}

static char *
value_for (const char             *name,
           gsize                   len,
           const InvMessageValues *values)
{
#define IS(literal) (len == strlen (literal) && strncmp (name, literal, len) == 0)
  if (IS ("first_name"))
    return g_strdup (values->first_name);
  if (IS ("candidate_name"))
    return g_strdup (values->candidate_name);
  if (IS ("position"))
    return g_strdup (values->position);
  if (IS ("company"))
    return g_strdup (values->company != NULL && *values->company != '\0'
                     ? values->company
                     /* Translators: stands in for {company} when no company name is set */
                     : _("our company"));
  if (IS ("date"))
    {
      /* Translators: the interview's date in a cancellation email; see the
       * g_date_time_format() documentation for the codes */
      char *date = format_when (values->when, values->time_zone, C_("cancellation message", "%A, %B %-d, %Y"));
      return date != NULL ? date : g_strdup (_("the agreed date"));
    }
  if (IS ("time"))
    {
      /* Translators: the interview's time of day in a cancellation email */
      char *time = format_when (values->when, values->time_zone, C_("cancellation message", "%H:%M"));
      return time != NULL ? time : g_strdup (_("the agreed time"));
    }
  if (IS ("reason"))
    return g_strdup (inv_cancel_reason_get_phrase (values->reason));
#undef IS

  return NULL;
}

/**
 * inv_message_template_render:
 * @text: a message with placeholders
 * @values: what they stand for
 *
 * Fills in every known placeholder. An unknown one stays as it is (saving refuses
 * such a message, see inv_message_template_validate()).
 *
 * Returns: (transfer full): the message as the candidate reads it
 */
char *
inv_message_template_render (const char             *text,
                             const InvMessageValues *values)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (values != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 64);

  for (const char *p = text; *p != '\0'; p++)
    {
      gsize len;

      if (*p == '{' && (len = placeholder_length (p)) > 0 && is_known (p + 1, len - 2))
        {
          g_autofree char *value = value_for (p + 1, len - 2, values);

          if (value != NULL)
            g_string_append (out, value);
          p += len - 1;
          continue;
        }

      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/**
 * inv_message_template_load:
 * @template_id: the interview template
 * @is_default: (out) (optional): set to %TRUE when the template has no message of its
 *   own and the default is returned
 *
 * Returns: (transfer full): the template's cancellation message, or %NULL with @error
 *   set (%INV_DATABASE_ERROR_NOT_FOUND for an unknown template)
 */
char *
inv_message_template_load (InvDatabase  *database,
                           gint64        template_id,
                           gboolean     *is_default,
                           GError      **error)
{
  sqlite3_stmt *stmt;
  char *text = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);

  stmt = inv_database_prepare (database, "SELECT cancel_message FROM templates WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, template_id);
  if (inv_database_step_row (database, stmt, _("Reading an interview template"), error,
                             _("There is no interview template %lld"), (long long)template_id))
    {
      const char *stored = (const char *)sqlite3_column_text (stmt, 0);

      if (is_default != NULL)
        *is_default = stored == NULL;
      text = g_strdup (stored != NULL ? stored : inv_message_template_get_default ());
    }
  sqlite3_reset (stmt);

  return text;
}

/**
 * inv_message_template_save:
 * @template_id: the interview template
 * @text: (nullable): the new message, or %NULL to go back to the default
 *
 * Saves a template's cancellation message after inv_message_template_validate()
 * accepted it; otherwise nothing is saved and @error says which placeholders are
 * unknown. A text equal to the default is stored as "the default", so that it keeps
 * following the translation.
 *
 * Returns: %TRUE if saved
 */
gboolean
inv_message_template_save (InvDatabase  *database,
                           gint64        template_id,
                           const char   *text,
                           GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  if (text != NULL && !inv_message_template_validate (text, NULL, error))
    return FALSE;

  if (text != NULL && strcmp (text, inv_message_template_get_default ()) == 0)
    text = NULL;

  stmt = inv_database_prepare (database, "UPDATE templates SET cancel_message = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, template_id);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  if (sqlite3_changes (inv_database_get_handle (database)) == 0)
    {
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND,
                   _("There is no interview template %lld"), (long long)template_id);
      return FALSE;
    }

  return TRUE;
}

/**
 * inv_message_template_render_for_invitation:
 * @invitation_id: the invitation to be cancelled
 * @reason: why
 * @override_text: (nullable): a message to use instead of the template's own
 *
 * The cancellation email exactly as it would be sent for one invitation (the warning
 * dialog shows it as a preview).
 *
 * Returns: (transfer full): the message, or %NULL with @error set
 */
char *
inv_message_template_render_for_invitation (InvDatabase      *database,
                                            gint64            invitation_id,
                                            InvCancelReason   reason,
                                            const char       *override_text,
                                            GError          **error)
{
  g_autofree char *company = NULL;
  InvMessageValues values = { 0 };
  sqlite3_stmt *stmt;
  char *message = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);
  g_return_val_if_fail (reason < INV_N_CANCEL_REASONS, NULL);

  company = inv_message_template_get_company (database);

  stmt = inv_database_prepare (database,
                               "SELECT c.first_name, i.candidate_name, t.name, t.cancel_message, "
                               "  CASE WHEN t.interview_type = 'live' AND i.scheduled_at IS NOT NULL "
                               "    THEN i.scheduled_at ELSE i.expires_at END "
                               "FROM invitations i JOIN templates t ON t.id = i.template_id "
                               "  LEFT JOIN candidates c ON c.id = i.candidate_id "
                               "WHERE i.id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, invitation_id);
  if (inv_database_step_row (database, stmt, _("Reading an invitation"), error,
                             _("There is no invitation %lld"), (long long)invitation_id))
    {
      const char *text = override_text;

      if (text == NULL)
        text = (const char *)sqlite3_column_text (stmt, 3);
      if (text == NULL)
        text = inv_message_template_get_default ();

      values.first_name = (const char *)sqlite3_column_text (stmt, 0);
      values.candidate_name = (const char *)sqlite3_column_text (stmt, 1);
      values.position = (const char *)sqlite3_column_text (stmt, 2);
      values.company = company;
      values.when = sqlite3_column_int64 (stmt, 4);
      values.reason = reason;

      message = inv_message_template_render (text, &values);
    }
  sqlite3_reset (stmt);

  return message;
}

/**
 * inv_message_template_get_company:
 *
 * Returns: (transfer full) (nullable): the company name messages use for {company},
 *   or %NULL when none is set (then a neutral phrase stands in)
 */
char *
inv_message_template_get_company (InvDatabase *database)
{
  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);

  return inv_database_get_meta (database, COMPANY_META_KEY);
}

/**
 * inv_message_template_set_company:
 * @company: (nullable): the company name, or %NULL or "" to unset it
 */
gboolean
inv_message_template_set_company (InvDatabase  *database,
                                  const char   *company,
                                  GError      **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  if (company != NULL)
    trimmed = g_strstrip (g_strdup (company));
  if (trimmed != NULL && *trimmed == '\0')
    g_clear_pointer (&trimmed, g_free);

  return inv_database_set_meta (database, COMPANY_META_KEY, trimmed, error);
}

/**
 * inv_message_template_get_signature:
 *
 * Returns: (transfer full) (nullable): the sender's signature that ends every
 *   message (the {signature} placeholder), or %NULL when none is set
 */
char *
inv_message_template_get_signature (InvDatabase *database)
{
  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);

  return inv_database_get_meta (database, SIGNATURE_META_KEY);
}

/**
 * inv_message_template_set_signature:
 * @signature: (nullable): the signature, several lines allowed; %NULL or blank unsets it
 *
 * Surrounding blank lines and spaces are dropped; the lines inside stay as written.
 */
gboolean
inv_message_template_set_signature (InvDatabase  *database,
                                    const char   *signature,
                                    GError      **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  if (signature != NULL)
    trimmed = g_strstrip (g_strdup (signature));
  if (trimmed != NULL && *trimmed == '\0')
    g_clear_pointer (&trimmed, g_free);

  return inv_database_set_meta (database, SIGNATURE_META_KEY, trimmed, error);
}

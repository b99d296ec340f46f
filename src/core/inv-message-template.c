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
  "appointment",
  "date",
  "time",
  "reason",
  "note",
  "signature",
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
   * the candidate's name, the position and so on when the message is sent.
   * {appointment} stands for what is cancelled, e.g. "your interview on Tuesday,
   * December 8, 2026 at 08:00" or "your invitation to the assessment". A line that
   * holds only {reason} or {note} disappears when there is no reason or note. */
  return _("Dear {first_name},\n"
           "\n"
           "Thank you for your interest in the {position} role at {company}, and for the time you have given us so far.\n"
           "\n"
           "I am writing to let you know that we have cancelled {appointment}. "
           "The invitation link no longer works, and there is nothing more you need to do.\n"
           "\n"
           "{reason}\n"
           "\n"
           "{note}\n"
           "\n"
           "We would be glad to stay in touch, and we will reach out if another opportunity comes up that suits you.\n"
           "\n"
           "Thank you again, and all the best.\n"
           "\n"
           "Kind regards,\n"
           "{signature}");
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

  /* Near the end of the calendar the time in another zone may not exist (year 10000). */
  local = time_zone != NULL ? g_date_time_to_timezone (utc, time_zone) : g_date_time_to_local (utc);
  if (local == NULL)
    return NULL;

  return g_date_time_format (local, format);
}

/* What {appointment} stands for: the live interview at its time, or the assessment
 * and its deadline; a date only where there is one, never an invented one. */
static char *
describe_appointment (const InvMessageValues *values)
{
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  if (values->is_live)
    {
      /* Translators: a date in a cancellation email; see the g_date_time_format()
       * documentation for the codes */
      date = format_when (values->scheduled_at, values->time_zone, C_("cancellation message", "%A, %B %-d, %Y"));
      /* Translators: a time of day in a cancellation email */
      time = format_when (values->scheduled_at, values->time_zone, C_("cancellation message", "%H:%M"));

      /* No time, or one no calendar can show (a corrupt value far in the future). */
      if (date == NULL || time == NULL)
        /* Translators: {appointment} for a live interview without a scheduled time */
        return g_strdup (_("your interview invitation"));
      /* Translators: {appointment} for a live interview: "your interview on Tuesday,
       * December 8, 2026 at 08:00" */
      return g_strdup_printf (_("your interview on %s at %s"), date, time);
    }

  date = format_when (values->deadline, values->time_zone, C_("cancellation message", "%A, %B %-d, %Y"));
  if (date == NULL)
    /* Translators: {appointment} for an assessment without a deadline */
    return g_strdup (_("your invitation to the assessment"));

  /* Translators: {appointment} for an assessment: "your invitation to the assessment,
   * which was open until Tuesday, December 8, 2026" */
  return g_strdup_printf (_("your invitation to the assessment, which was open until %s"), date);
}

/* {date} and {time} of texts written before {appointment}: the live interview's time,
 * else the invitation's deadline. */
static gint64
legacy_when (const InvMessageValues *values)
{
  return values->is_live ? values->scheduled_at : values->deadline;
}

static gboolean
is_set (const char *value)
{
  return value != NULL && *value != '\0';
}

/* The value of one placeholder, or %NULL when it cannot be filled (no company or
 * signature set, no date): then it stays in the text as it is, and the message is
 * not sent (see inv_message_template_check_settings()). */
static char *
value_for (const char             *name,
           gsize                   len,
           const InvMessageValues *values)
{
#define IS(literal) (len == strlen (literal) && strncmp (name, literal, len) == 0)
  if (IS ("first_name"))
    return g_strdup (values->first_name != NULL ? values->first_name : "");
  if (IS ("candidate_name"))
    return g_strdup (values->candidate_name != NULL ? values->candidate_name : "");
  if (IS ("position"))
    return g_strdup (values->position != NULL ? values->position : "");
  if (IS ("company"))
    return is_set (values->company) ? g_strdup (values->company) : NULL;
  if (IS ("signature"))
    return is_set (values->signature) ? g_strdup (values->signature) : NULL;
  if (IS ("appointment"))
    return describe_appointment (values);
  if (IS ("date"))
    return format_when (legacy_when (values), values->time_zone, C_("cancellation message", "%A, %B %-d, %Y"));
  if (IS ("time"))
    return format_when (legacy_when (values), values->time_zone, C_("cancellation message", "%H:%M"));
  if (IS ("reason"))
    return g_strdup (inv_cancel_reason_get_phrase (values->reason));
  if (IS ("note"))
    /* The note is put into the text by inv_message_template_add_note(); one left
     * over means there is none. */
    return g_strdup ("");
#undef IS

  return NULL;
}

/* A placeholder that stood alone on its line and became nothing (no reason, no note)
 * leaves no empty paragraph behind. */
static void
drop_empty_paragraphs (GString *out)
{
  gsize w = 0;
  guint newlines = 0;

  for (gsize r = 0; r < out->len; r++)
    {
      char c = out->str[r];

      if (c == '\n')
        {
          if (++newlines > 2)
            continue;
        }
      else
        newlines = 0;

      out->str[w++] = c;
    }
  g_string_truncate (out, w);

  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);
  while (out->len > 0 && out->str[0] == '\n')
    g_string_erase (out, 0, 1);
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
  gboolean emptied = FALSE;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (values != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 64);

  for (const char *p = text; *p != '\0'; p++)
    {
      gsize len;

      if (*p == '{' && (len = placeholder_length (p)) > 0 && is_known (p + 1, len - 2))
        {
          g_autofree char *value = value_for (p + 1, len - 2, values);

          if (value == NULL)
            {
              g_string_append_len (out, p, len);
              p += len - 1;
              continue;
            }

          if (*value == '\0')
            emptied = TRUE;
          g_string_append (out, value);
          p += len - 1;
          continue;
        }

      g_string_append_c (out, *p);
    }

  if (emptied)
    drop_empty_paragraphs (out);

  return g_string_free (out, FALSE);
}

/**
 * inv_message_template_render_subject:
 * @values: what the message is about
 *
 * The subject line of the cancellation email: it names what is cancelled — an
 * interview or an assessment — and the position.
 *
 * Returns: (transfer full): the subject
 */
char *
inv_message_template_render_subject (const InvMessageValues *values)
{
  const char *position;

  g_return_val_if_fail (values != NULL, NULL);

  position = values->position != NULL ? values->position : "";

  if (is_set (values->company))
    return values->is_live
      /* Translators: an email's subject: "Your interview for Backend Engineer at Acme is cancelled" */
      ? g_strdup_printf (_("Your interview for %s at %s is cancelled"), position, values->company)
      /* Translators: an email's subject: "Your assessment for Backend Engineer at Acme is cancelled" */
      : g_strdup_printf (_("Your assessment for %s at %s is cancelled"), position, values->company);

  return values->is_live
    ? g_strdup_printf (_("Your interview for %s is cancelled"), position)
    : g_strdup_printf (_("Your assessment for %s is cancelled"), position);
}

/**
 * inv_message_template_add_note:
 * @text: a message with placeholders
 * @note: (nullable): a personal note for one candidate
 *
 * Puts a personal note into a message: where it has {note}, else in a paragraph of
 * its own before the last one (the sign-off). The result is what is kept with the
 * queued cancel, so that the email sent is the one previewed.
 *
 * Returns: (transfer full): the message with the note
 */
char *
inv_message_template_add_note (const char *text,
                               const char *note)
{
  g_autofree char *trimmed = NULL;
  const char *last;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  if (note != NULL)
    trimmed = g_strstrip (g_strdup (note));
  if (trimmed == NULL || *trimmed == '\0')
    return g_strdup (text);

  if (inv_message_template_uses (text, "note"))
    {
      g_auto(GStrv) parts = g_strsplit (text, "{note}", 2);
      return g_strconcat (parts[0], trimmed, parts[1], NULL);
    }

  out = g_string_new (NULL);
  last = g_strrstr (text, "\n\n");
  if (last == NULL)
    {
      g_string_append_printf (out, "%s\n\n%s", text, trimmed);
      return g_string_free (out, FALSE);
    }

  g_string_append_len (out, text, last - text);
  g_string_append_printf (out, "\n\n%s%s", trimmed, last);

  return g_string_free (out, FALSE);
}

/**
 * inv_message_template_uses:
 * @placeholder: a name without braces ("company")
 *
 * Returns: %TRUE if @text has the placeholder
 */
gboolean
inv_message_template_uses (const char *text,
                           const char *placeholder)
{
  g_autofree char *braced = NULL;

  g_return_val_if_fail (placeholder != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  braced = g_strdup_printf ("{%s}", placeholder);

  return strstr (text, braced) != NULL;
}

/**
 * inv_message_template_get_missing:
 * @text: (nullable): a message with placeholders; %NULL for the default
 *
 * Returns: the settings @text needs that the preferences leave unset
 */
InvMessageSettings
inv_message_template_get_missing (InvDatabase *database,
                                  const char  *text)
{
  InvMessageSettings missing = INV_MESSAGE_SETTING_NONE;

  g_return_val_if_fail (INV_IS_DATABASE (database), INV_MESSAGE_SETTING_NONE);

  if (text == NULL)
    text = inv_message_template_get_default ();

  if (inv_message_template_uses (text, "company"))
    {
      g_autofree char *company = inv_message_template_get_company (database);
      if (!is_set (company))
        missing |= INV_MESSAGE_SETTING_COMPANY;
    }

  if (inv_message_template_uses (text, "signature"))
    {
      g_autofree char *signature = inv_message_template_get_signature (database);
      if (!is_set (signature))
        missing |= INV_MESSAGE_SETTING_SIGNATURE;
    }

  return missing;
}

/**
 * inv_message_template_check_settings:
 * @text: (nullable): a message with placeholders; %NULL for the default
 *
 * Refuses a message whose {company} or {signature} the preferences leave unset: it
 * would reach the candidate with the placeholder in it.
 *
 * Returns: %TRUE if every setting @text uses is set; else %FALSE with @error
 *   (%INV_MESSAGE_TEMPLATE_ERROR_MISSING_SETTING) naming what is missing
 */
gboolean
inv_message_template_check_settings (InvDatabase  *database,
                                     const char   *text,
                                     GError      **error)
{
  InvMessageSettings missing;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  missing = inv_message_template_get_missing (database, text);

  if (missing == (INV_MESSAGE_SETTING_COMPANY | INV_MESSAGE_SETTING_SIGNATURE))
    g_set_error_literal (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_MISSING_SETTING,
                         _("The cancellation message uses {company} and {signature}, but no company name "
                           "and no sender signature are set"));
  else if (missing == INV_MESSAGE_SETTING_COMPANY)
    g_set_error_literal (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_MISSING_SETTING,
                         _("The cancellation message uses {company}, but no company name is set"));
  else if (missing == INV_MESSAGE_SETTING_SIGNATURE)
    g_set_error_literal (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_MISSING_SETTING,
                         _("The cancellation message uses {signature}, but no sender signature is set"));

  return missing == INV_MESSAGE_SETTING_NONE;
}

/* The placeholders left in a rendered text: what could not be filled. */
static GStrv
find_unfilled (const char *rendered)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (const char *p = rendered; *p != '\0'; p++)
    {
      gsize len;

      if (*p == '{' && (len = placeholder_length (p)) > 0 && is_known (p + 1, len - 2))
        {
          g_autofree char *name = g_strndup (p + 1, len - 2);

          g_strv_builder_add (builder, name);
          p += len - 1;
        }
    }

  return g_strv_builder_end (builder);
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

/* Everything one invitation's email needs, read in one statement. */
typedef struct
{
  InvMessageValues  values;
  char             *first_name;
  char             *candidate_name;
  char             *email;
  char             *position;
  char             *company;
  char             *signature;
  char             *text;        /* the template's own, or the default */
  gint64            template_id;
} InvitationEmail;

static void
invitation_email_clear (InvitationEmail *data)
{
  g_free (data->first_name);
  g_free (data->candidate_name);
  g_free (data->email);
  g_free (data->position);
  g_free (data->company);
  g_free (data->signature);
  g_free (data->text);
}

static gboolean
load_invitation_email (InvDatabase      *database,
                       gint64            invitation_id,
                       InvCancelReason   reason,
                       InvitationEmail  *data,
                       GError          **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  memset (data, 0, sizeof *data);

  stmt = inv_database_prepare (database,
                               "SELECT c.first_name, i.candidate_name, t.name, t.cancel_message, "
                               "  t.interview_type = 'live', i.scheduled_at, i.expires_at, i.email, t.id "
                               "FROM invitations i JOIN templates t ON t.id = i.template_id "
                               "  LEFT JOIN candidates c ON c.id = i.candidate_id "
                               "WHERE i.id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, invitation_id);
  found = inv_database_step_row (database, stmt, _("Reading an invitation"), error,
                                 _("There is no invitation %lld"), (long long)invitation_id);
  if (found)
    {
      const char *text = (const char *)sqlite3_column_text (stmt, 3);

      data->first_name = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      data->candidate_name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      data->position = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      data->text = g_strdup (text != NULL ? text : inv_message_template_get_default ());
      data->values.is_live = sqlite3_column_int (stmt, 4) != 0;
      data->values.scheduled_at = sqlite3_column_int64 (stmt, 5);
      data->values.deadline = sqlite3_column_int64 (stmt, 6);
      data->email = g_strdup ((const char *)sqlite3_column_text (stmt, 7));
      data->template_id = sqlite3_column_int64 (stmt, 8);
    }
  sqlite3_reset (stmt);

  if (!found)
    return FALSE;

  /* A candidate imported without a first name is still greeted by name. */
  if (data->first_name == NULL || *data->first_name == '\0')
    {
      g_free (data->first_name);
      data->first_name = g_strdup (data->candidate_name);
    }

  data->company = inv_message_template_get_company (database);
  data->signature = inv_message_template_get_signature (database);

  data->values.first_name = data->first_name;
  data->values.candidate_name = data->candidate_name;
  data->values.position = data->position;
  data->values.company = data->company;
  data->values.signature = data->signature;
  data->values.reason = reason;

  return TRUE;
}

/**
 * inv_message_template_render_for_invitation:
 * @invitation_id: the invitation to be cancelled
 * @reason: why
 * @override_text: (nullable): a message to use instead of the template's own
 *
 * The cancellation email exactly as it is sent for one invitation. A message that
 * would go out with a placeholder unfilled is refused.
 *
 * Returns: (transfer full): the message, or %NULL with @error set
 *   (%INV_MESSAGE_TEMPLATE_ERROR_MISSING_SETTING when {company} or {signature} is not
 *   set, %INV_MESSAGE_TEMPLATE_ERROR_UNFILLED when {date} or {time} has no value)
 */
char *
inv_message_template_render_for_invitation (InvDatabase      *database,
                                            gint64            invitation_id,
                                            InvCancelReason   reason,
                                            const char       *override_text,
                                            GError          **error)
{
  InvitationEmail data;
  g_autofree char *message = NULL;
  g_auto(GStrv) unfilled = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);
  g_return_val_if_fail (reason < INV_N_CANCEL_REASONS, NULL);

  if (!load_invitation_email (database, invitation_id, reason, &data, error))
    return NULL;

  if (override_text == NULL)
    override_text = data.text;

  if (!inv_message_template_check_settings (database, override_text, error))
    {
      invitation_email_clear (&data);
      return NULL;
    }

  message = inv_message_template_render (override_text, &data.values);
  invitation_email_clear (&data);

  unfilled = find_unfilled (message);
  if (unfilled[0] != NULL)
    {
      g_autofree char *names = g_strjoinv ("}, {", unfilled);

      g_set_error (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_UNFILLED,
                   _("The cancellation message of invitation %lld cannot fill {%s}: the invitation has no date for it"),
                   (long long)invitation_id, names);
      return NULL;
    }

  return g_steal_pointer (&message);
}

void
inv_cancel_email_free (InvCancelEmail *email)
{
  if (email == NULL)
    return;

  g_free (email->candidate_name);
  g_free (email->email);
  g_free (email->position);
  g_free (email->subject);
  g_free (email->body);
  g_strfreev (email->interviewers);
  g_strfreev (email->unfilled);
  g_free (email);
}

/**
 * inv_message_template_render_email:
 * @invitation_id: the invitation to be cancelled
 * @reason: why
 * @override_text: (nullable): a message to use instead of the template's own
 * @note: (nullable): a personal note, see inv_message_template_add_note()
 *
 * The whole cancellation email of one invitation for a preview: recipient, subject,
 * text, and a live interview's interviewers. Unlike
 * inv_message_template_render_for_invitation() it does not refuse a placeholder it
 * cannot fill: it leaves it visible and lists it in #InvCancelEmail.unfilled, so that
 * the preview shows what is missing.
 *
 * Returns: (transfer full): the email, or %NULL with @error set
 */
InvCancelEmail *
inv_message_template_render_email (InvDatabase      *database,
                                   gint64            invitation_id,
                                   InvCancelReason   reason,
                                   const char       *override_text,
                                   const char       *note,
                                   GError          **error)
{
  g_autoptr(InvCancelEmail) email = NULL;
  g_autoptr(GStrvBuilder) interviewers = NULL;
  g_autofree char *text = NULL;
  InvitationEmail data;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);
  g_return_val_if_fail (reason < INV_N_CANCEL_REASONS, NULL);

  if (!load_invitation_email (database, invitation_id, reason, &data, error))
    return NULL;

  text = inv_message_template_add_note (override_text != NULL ? override_text : data.text, note);

  email = g_new0 (InvCancelEmail, 1);
  email->invitation_id = invitation_id;
  email->candidate_name = g_strdup (data.candidate_name);
  email->email = g_strdup (data.email);
  email->position = g_strdup (data.position);
  email->is_live = data.values.is_live;
  email->subject = inv_message_template_render_subject (&data.values);
  email->body = inv_message_template_render (text, &data.values);
  email->unfilled = find_unfilled (email->body);

  interviewers = g_strv_builder_new ();
  if (data.values.is_live)
    {
      stmt = inv_database_prepare (database,
                                   "SELECT name, email FROM interviewers WHERE template_id = ?1 "
                                   "ORDER BY name, email",
                                   error);
      if (stmt == NULL)
        {
          invitation_email_clear (&data);
          return NULL;
        }
      sqlite3_bind_int64 (stmt, 1, data.template_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *name = (const char *)sqlite3_column_text (stmt, 0);
          const char *address = (const char *)sqlite3_column_text (stmt, 1);

          if (name != NULL && *name != '\0')
            {
              g_autofree char *named = g_strdup_printf ("%s <%s>", name, address != NULL ? address : "");
              g_strv_builder_add (interviewers, named);
            }
          else
            g_strv_builder_add (interviewers, address != NULL ? address : "");
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          invitation_email_clear (&data);
          inv_database_set_error (database, error, _("Reading the interviewers"));
          return NULL;
        }
    }
  email->interviewers = g_strv_builder_end (interviewers);

  invitation_email_clear (&data);

  return g_steal_pointer (&email);
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

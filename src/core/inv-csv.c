/* inv-csv.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV as spreadsheets write it (RFC 4180): UTF-8 with or without a byte order mark,
 * LF or CRLF line ends, fields in double quotes that may hold commas, doubled quotes
 * and line breaks. The parser streams: it holds one record at a time, so a file of any
 * size costs the memory of its longest row.
 *
 * A malformed row is reported with the line it starts on and the parser carries on with
 * the next one; only a file that is not text at all stops it. A quote that is opened
 * and never closed would otherwise swallow the rest of the file: the parser then gives
 * that row up and reads again from the line after it.
 *
 * Memory stays bounded whatever arrives: a cell, a row and its number of cells have
 * limits (the row is refused), and so have the rows and bytes of a file (the file is
 * refused, with a message that says to split it).
 */

#define G_LOG_DOMAIN "inv-csv"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "inv-candidate-rules.h"
#include "inv-csv-private.h"
#include "inv-email.h"

G_DEFINE_QUARK (inv-csv-error-quark, inv_csv_error)

typedef enum
{
  STATE_FIELD_START,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_IN_QUOTED,   /* a quote inside a quoted field: closing, or the first of "" */
  STATE_SKIP_LINE,         /* the rest of a line whose quoted field was given up */
} State;

struct _InvCsvParser
{
  InvCsvRecordFunc  func;
  gpointer          user_data;
  InvCsvLimits      limits;

  State             state;
  GString          *field;
  GPtrArray        *fields;         /* char *, owned */
  char             *problem;        /* the record's first problem, owned */
  gboolean          field_too_long;
  gboolean          record_too_long;
  gsize             record_length;  /* bytes of the record's fields ended so far */
  guint             n_records;
  guint64           n_bytes;
  gboolean          record_started; /* any byte of a record seen (tells "" from an empty line) */
  gboolean          prev_was_cr;
  gboolean          stopped;
  gboolean          bom_checked;
  char              bom[3];
  guint             bom_length;

  guint             line;           /* the line being read, from 1 */
  guint             record_line;    /* the line the record started on */

  /* The bytes after an opening quote, kept while the field is open, so that a quote
   * that never closes can be given up and the lines after it read again. */
  GString          *raw;
  guint             quote_line;
};

void
inv_csv_limits_init_default (InvCsvLimits *limits)
{
  limits->max_field_length = INV_CSV_MAX_FIELD_LENGTH;
  limits->max_record_length = INV_CSV_MAX_RECORD_LENGTH;
  limits->max_fields = INV_CSV_MAX_FIELDS;
  limits->max_records = INV_CSV_MAX_RECORDS;
  limits->max_file_size = INV_CSV_MAX_FILE_SIZE;
}

InvCsvParser *
inv_csv_parser_new (InvCsvRecordFunc func,
                    gpointer         user_data)
{
  InvCsvParser *self = g_new0 (InvCsvParser, 1);

  self->func = func;
  self->user_data = user_data;
  inv_csv_limits_init_default (&self->limits);
  self->field = g_string_sized_new (64);
  self->fields = g_ptr_array_new_with_free_func (g_free);
  self->raw = g_string_new (NULL);
  self->line = 1;
  self->record_line = 1;

  return self;
}

void
inv_csv_parser_set_limits (InvCsvParser       *self,
                           const InvCsvLimits *limits)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (limits->max_field_length > 0 && limits->max_record_length > 0);
  g_return_if_fail (limits->max_fields > 0 && limits->max_records > 0);

  self->limits = *limits;
}

void
inv_csv_parser_free (InvCsvParser *self)
{
  if (self == NULL)
    return;

  g_string_free (self->field, TRUE);
  g_string_free (self->raw, TRUE);
  g_ptr_array_unref (self->fields);
  g_free (self->problem);
  g_free (self);
}

static void
set_problem (InvCsvParser *self,
             char         *problem)
{
  if (self->problem == NULL)
    self->problem = problem;
  else
    g_free (problem);
}

static gboolean
end_field (InvCsvParser  *self,
           GError       **error)
{
  if (!g_utf8_validate_len (self->field->str, self->field->len, NULL))
    {
      g_set_error (error, INV_CSV_ERROR, INV_CSV_ERROR_NOT_TEXT,
                   _("Line %u is not UTF-8 text; save the file as “CSV UTF-8” in your spreadsheet and import it again."),
                   self->record_line);
      return FALSE;
    }

  if (self->fields->len < self->limits.max_fields)
    {
      g_ptr_array_add (self->fields, g_strndup (self->field->str, self->field->len));
      self->record_length += self->field->len;
    }
  else
    set_problem (self, g_strdup_printf (_("This row has more than %u cells; remove the extra commas, or put a cell that contains a comma in double quotes."),
                                        self->limits.max_fields));
  g_string_truncate (self->field, 0);
  self->field_too_long = FALSE;
  self->state = STATE_FIELD_START;

  return TRUE;
}

static void
reset_record (InvCsvParser *self)
{
  g_ptr_array_set_size (self->fields, 0);
  g_clear_pointer (&self->problem, g_free);
  self->record_started = FALSE;
  self->record_too_long = FALSE;
  self->record_length = 0;
  self->state = STATE_FIELD_START;
  self->record_line = self->line;
}

static gboolean
end_record (InvCsvParser  *self,
            GError       **error)
{
  /* An empty line is no record: spreadsheets leave them at the end. */
  if (!self->record_started && self->fields->len == 0 && self->field->len == 0)
    {
      reset_record (self);
      return TRUE;
    }

  if (!end_field (self, error))
    return FALSE;

  if (self->n_records >= self->limits.max_records)
    {
      g_set_error (error, INV_CSV_ERROR, INV_CSV_ERROR_TOO_LARGE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The file has more than %u row, more than one import takes; split it into smaller files and import them one after another.",
                                "The file has more than %u rows, more than one import takes; split it into smaller files and import them one after another.",
                                self->limits.max_records),
                   self->limits.max_records);
      self->stopped = TRUE;
      return FALSE;
    }
  self->n_records++;

  g_ptr_array_add (self->fields, NULL);
  if (!self->func ((const char * const *)self->fields->pdata, self->fields->len - 1,
                   self->record_line, self->problem, self->user_data))
    self->stopped = TRUE;

  reset_record (self);

  return TRUE;
}

static gboolean feed_bytes (InvCsvParser  *self,
                            const char    *data,
                            gsize          length,
                            GError       **error);

/* Gives up a quoted field that never closes (or grows past the limit): the record ends
 * at the end of the line its quote opened on, and what came after that line is read
 * again as records of its own. */
static gboolean
abandon_quoted_field (InvCsvParser  *self,
                      char          *problem,
                      GError       **error)
{
  g_autoptr(GString) raw = g_steal_pointer (&self->raw);
  const char *newline;
  const char *rest = NULL;
  gsize first_length;

  self->raw = g_string_new (NULL);

  newline = memchr (raw->str, '\n', raw->len);
  if (newline == NULL)
    newline = memchr (raw->str, '\r', raw->len);
  first_length = newline != NULL ? (gsize)(newline - raw->str) : raw->len;
  if (first_length > 0 && raw->str[first_length - 1] == '\r')
    first_length--;
  if (newline != NULL)
    {
      rest = newline + 1;
      if (*newline == '\r' && rest < raw->str + raw->len && *rest == '\n')
        rest++;
    }

  g_string_truncate (self->field, 0);
  g_string_append_c (self->field, '"');
  g_string_append_len (self->field, raw->str, MIN (first_length, self->limits.max_field_length));
  set_problem (self, problem);
  self->record_started = TRUE;
  self->line = self->quote_line;

  if (!end_record (self, error))
    return FALSE;

  if (newline == NULL)
    {
      /* The quote's own line has not ended yet: the rest of it belongs to the record
       * just given up, not to a new one (which would report the line twice and count
       * the lines after it wrong). */
      self->line = self->quote_line;
      self->record_line = self->line;
      self->state = STATE_SKIP_LINE;
      return TRUE;
    }

  self->line = self->quote_line + 1;
  self->record_line = self->line;
  /* A CR that ends the kept part may be the first half of a CRLF still to come. */
  self->prev_was_cr = *newline == '\r' && rest == raw->str + raw->len;

  if (!self->stopped && rest < raw->str + raw->len)
    return feed_bytes (self, rest, raw->str + raw->len - rest, error);

  return TRUE;
}

static gboolean
record_is_full (InvCsvParser *self)
{
  return self->record_length + self->field->len >= self->limits.max_record_length;
}

static void
append_field_byte (InvCsvParser *self,
                   char          c)
{
  if (self->field->len >= self->limits.max_field_length)
    {
      if (!self->field_too_long)
        set_problem (self, g_strdup_printf (_("A cell is longer than %u characters; shorten it, or check for a missing closing quote just before it."),
                                            (guint)self->limits.max_field_length));
      self->field_too_long = TRUE;
      return;
    }

  if (record_is_full (self))
    {
      if (!self->record_too_long)
        set_problem (self, g_strdup_printf (_("This row is longer than %u characters; shorten its cells, or check for a missing line break."),
                                            (guint)self->limits.max_record_length));
      self->record_too_long = TRUE;
      return;
    }

  g_string_append_c (self->field, c);
}

/* Why a quoted cell cannot take one more character, or %NULL when it can. */
static char *
quoted_field_overflow (InvCsvParser *self)
{
  if (self->field->len >= self->limits.max_field_length)
    return g_strdup_printf (_("The quoted cell opened on line %u is longer than %u characters; add the closing quote (\") where the cell ends."),
                            self->quote_line, (guint)self->limits.max_field_length);

  if (record_is_full (self))
    return g_strdup_printf (_("The row with the quoted cell opened on line %u is longer than %u characters; add the closing quote (\") where the cell ends, or shorten the row’s cells."),
                            self->quote_line, (guint)self->limits.max_record_length);

  return NULL;
}

static gboolean
feed_bytes (InvCsvParser  *self,
            const char    *data,
            gsize          length,
            GError       **error)
{
  for (gsize i = 0; i < length && !self->stopped; i++)
    {
      char c = data[i];
      char *why;
      gboolean crlf = c == '\n' && self->prev_was_cr;

      if (c == '\0')
        {
          g_set_error (error, INV_CSV_ERROR, INV_CSV_ERROR_NOT_TEXT,
                       _("Line %u contains binary data, so this is not a CSV text file; export the list from your spreadsheet as CSV and import that file."), self->line);
          return FALSE;
        }

      self->prev_was_cr = c == '\r';

      switch (self->state)
        {
        case STATE_QUOTED:
          if (c == '"')
            {
              self->state = STATE_QUOTE_IN_QUOTED;
              g_string_append_c (self->raw, c);
              break;
            }
          if ((c == '\n' && !crlf) || c == '\r')
            self->line++;
          g_string_append_c (self->raw, c);
          if ((why = quoted_field_overflow (self)) != NULL)
            {
              /* The remainder of this chunk is read after the re-read part. */
              if (!abandon_quoted_field (self, why, error))
                return FALSE;
              break;
            }
          g_string_append_c (self->field, c);
          break;

        case STATE_QUOTE_IN_QUOTED:
          if (c == '"')
            {
              /* A doubled quote is one character of the cell, within its limits too. */
              g_string_append_c (self->raw, c);
              self->state = STATE_QUOTED;
              if ((why = quoted_field_overflow (self)) != NULL)
                {
                  if (!abandon_quoted_field (self, why, error))
                    return FALSE;
                  break;
                }
              g_string_append_c (self->field, '"');
              break;
            }
          g_string_truncate (self->raw, 0);
          if (c == ',')
            {
              if (!end_field (self, error))
                return FALSE;
              break;
            }
          if (c == '\n' || c == '\r')
            {
              self->line++;
              if (!end_record (self, error))
                return FALSE;
              break;
            }
          set_problem (self, g_strdup (_("Text follows the closing quote of a cell; put the whole cell in quotes, and write a quote inside it as two quotes (\"\").")));
          append_field_byte (self, c);
          self->state = STATE_UNQUOTED;
          break;

        case STATE_SKIP_LINE:
          if (c == '\n' || c == '\r')
            {
              self->line++;
              reset_record (self);
            }
          break;

        case STATE_FIELD_START:
        case STATE_UNQUOTED:
          if (crlf)
            break;
          if (c == '\n' || c == '\r')
            {
              self->line++;
              if (!end_record (self, error))
                return FALSE;
              break;
            }
          self->record_started = TRUE;
          if (c == ',')
            {
              if (!end_field (self, error))
                return FALSE;
              break;
            }
          if (c == '"' && self->state == STATE_FIELD_START)
            {
              self->state = STATE_QUOTED;
              self->quote_line = self->line;
              g_string_truncate (self->raw, 0);
              break;
            }
          if (c == '"')
            set_problem (self, g_strdup (_("A quote appears inside a cell that does not start with one; put the whole cell in quotes, and write a quote inside it as two quotes (\"\").")));
          append_field_byte (self, c);
          self->state = STATE_UNQUOTED;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return TRUE;
}

/**
 * inv_csv_parser_feed:
 * @data: the next bytes of the file, in pieces of any size
 *
 * Reads @data and calls the record function for each record it completes.
 *
 * Returns: %FALSE with @error set when the file is not text
 */
gboolean
inv_csv_parser_feed (InvCsvParser  *self,
                     const char    *data,
                     gsize          length,
                     GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->stopped)
    return TRUE;

  self->n_bytes += length;
  if (self->n_bytes > self->limits.max_file_size)
    {
      g_autofree char *size = g_format_size (self->limits.max_file_size);

      g_set_error (error, INV_CSV_ERROR, INV_CSV_ERROR_TOO_LARGE,
                   _("The file is larger than %s, more than one import takes; split it into smaller files and import them one after another."),
                   size);
      self->stopped = TRUE;
      return FALSE;
    }

  /* A byte order mark is only a mark; it may arrive split over pieces. */
  while (!self->bom_checked && length > 0)
    {
      self->bom[self->bom_length++] = *data++;
      length--;

      if (memcmp (self->bom, "\xef\xbb\xbf", self->bom_length) != 0)
        {
          self->bom_checked = TRUE;
          if (!feed_bytes (self, self->bom, self->bom_length, error))
            return FALSE;
        }
      else if (self->bom_length == 3)
        self->bom_checked = TRUE;
    }

  return feed_bytes (self, data, length, error);
}

/**
 * inv_csv_parser_finish:
 *
 * Ends the input: completes the last record (a file need not end with a line break).
 */
gboolean
inv_csv_parser_finish (InvCsvParser  *self,
                       GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->bom_checked && self->bom_length > 0)
    {
      self->bom_checked = TRUE;
      if (!feed_bytes (self, self->bom, self->bom_length, error))
        return FALSE;
    }

  if (self->stopped)
    return TRUE;

  if (self->state == STATE_QUOTED)
    return abandon_quoted_field (self,
                                 g_strdup_printf (_("The quote opened on line %u is never closed; add the closing quote (\") where the cell ends."),
                                                  self->quote_line),
                                 error);

  return end_record (self, error);
}

/* Candidates files ------------------------------------------------------------------ */

enum {
  COLUMN_FIRST_NAME,
  COLUMN_LAST_NAME,
  COLUMN_EMAIL,
  COLUMN_PHONE,
  COLUMN_FULL_NAME,   /* "Name": used as the first name when there is no First Name column */
  N_COLUMNS
};

typedef struct
{
  InvCsvCandidates *result;
  gboolean          have_header;
  int               columns[N_COLUMNS];  /* field index, or -1 */
  guint             n_header_fields;
  GHashTable       *by_email;            /* email key → InvCsvCandidate (borrowed) */
  GError           *header_error;
} ReadState;

void
inv_csv_candidate_free (InvCsvCandidate *candidate)
{
  if (candidate == NULL)
    return;

  g_free (candidate->first_name);
  g_free (candidate->last_name);
  g_free (candidate->email);
  g_free (candidate->phone);
  g_free (candidate);
}

static void
candidate_free (gpointer data)
{
  inv_csv_candidate_free (data);
}

static void
row_problem_free (gpointer data)
{
  InvCsvRowProblem *problem = data;

  g_free (problem->email);
  g_free (problem->reason);
  g_free (problem->first_name);
  g_free (problem->last_name);
  g_free (problem->phone);
  g_free (problem);
}

void
inv_csv_candidates_free (InvCsvCandidates *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->candidates);
  g_ptr_array_unref (self->failed);
  g_ptr_array_unref (self->skipped);
  g_ptr_array_unref (self->warnings);
  g_free (self);
}

/* "First Name", "first_name", "FIRSTNAME" and "First name " all name the same column. */
static char *
column_key (const char *header)
{
  GString *key = g_string_new (NULL);
  g_autofree char *folded = g_utf8_casefold (header, -1);

  for (const char *p = folded; *p != '\0'; p++)
    if (*p != ' ' && *p != '_' && *p != '-' && *p != '\t')
      g_string_append_c (key, *p);

  return g_string_free (key, FALSE);
}

static gboolean
read_header (ReadState          *state,
             const char * const *fields,
             guint               n_fields,
             guint               line)
{
  static const struct {
    const char *key;
    int column;
  } names[] = {
    { "firstname", COLUMN_FIRST_NAME }, { "givenname", COLUMN_FIRST_NAME },
    { "lastname", COLUMN_LAST_NAME }, { "surname", COLUMN_LAST_NAME },
    { "familyname", COLUMN_LAST_NAME },
    { "email", COLUMN_EMAIL }, { "emailaddress", COLUMN_EMAIL },
    { "phone", COLUMN_PHONE }, { "phonenumber", COLUMN_PHONE }, { "telephone", COLUMN_PHONE },
    { "name", COLUMN_FULL_NAME }, { "fullname", COLUMN_FULL_NAME },
    { "candidatename", COLUMN_FULL_NAME },
  };

  for (guint c = 0; c < N_COLUMNS; c++)
    state->columns[c] = -1;

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *key = column_key (fields[i]);

      for (guint n = 0; n < G_N_ELEMENTS (names); n++)
        if (strcmp (key, names[n].key) == 0 && state->columns[names[n].column] < 0)
          state->columns[names[n].column] = i;
    }

  if (state->columns[COLUMN_EMAIL] < 0)
    {
      g_set_error (&state->header_error, INV_CSV_ERROR, INV_CSV_ERROR_NO_HEADER,
                   _("Line %u has no “Email” column; make the first line name the columns, as in: First Name, Last Name, Email, Phone."),
                   line);
      return FALSE;
    }

  if (state->columns[COLUMN_FIRST_NAME] < 0 && state->columns[COLUMN_FULL_NAME] >= 0)
    state->columns[COLUMN_FIRST_NAME] = state->columns[COLUMN_FULL_NAME];

  /* Every candidate needs a name: a list without one would be refused row by row. */
  if (state->columns[COLUMN_FIRST_NAME] < 0 && state->columns[COLUMN_LAST_NAME] < 0)
    {
      g_set_error (&state->header_error, INV_CSV_ERROR, INV_CSV_ERROR_NO_HEADER,
                   _("Line %u has no column for the candidates’ names; add a “First Name” and a “Last Name” column (or one “Name” column), as in: First Name, Last Name, Email, Phone."),
                   line);
      return FALSE;
    }

  state->n_header_fields = n_fields;
  state->have_header = TRUE;

  return TRUE;
}

static InvCsvRowProblem *
add_problem (GPtrArray  *list,
             guint       line,
             const char *email,
             char       *reason,
             guint       duplicate_of)
{
  InvCsvRowProblem *problem = g_new0 (InvCsvRowProblem, 1);

  problem->line = line;
  problem->email = g_strdup (email != NULL ? email : "");
  problem->reason = reason;
  problem->duplicate_of = duplicate_of;
  problem->first_name = g_strdup ("");
  problem->last_name = g_strdup ("");
  problem->phone = g_strdup ("");
  g_ptr_array_add (list, problem);

  return problem;
}

/* A refused row keeps what it held, to be corrected in the app. */
static void
add_refused (GPtrArray  *list,
             guint       line,
             const char *first_name,
             const char *last_name,
             const char *email,
             const char *phone,
             char       *reason)
{
  InvCsvRowProblem *problem = add_problem (list, line, email, reason, 0);

  g_free (problem->first_name);
  g_free (problem->last_name);
  g_free (problem->phone);
  problem->first_name = g_strdup (first_name != NULL ? first_name : "");
  problem->last_name = g_strdup (last_name != NULL ? last_name : "");
  problem->phone = g_strdup (phone != NULL ? phone : "");
}

/* The cell as read, trimmed; the candidate rules normalise it further. */
static char *
field_value (ReadState          *state,
             const char * const *fields,
             guint               n_fields,
             int                 column)
{
  int index = state->columns[column];
  char *copy;

  if (index < 0 || (guint)index >= n_fields)
    return g_strdup ("");

  copy = g_strdup (fields[index]);

  /* A line break or tab inside a name or phone cell is layout (a wrapped cell), not
   * part of the value, which the rules would refuse. */
  if (column != COLUMN_EMAIL)
    for (char *p = copy; *p != '\0'; p++)
      if (*p == '\t' || *p == '\r' || *p == '\n')
        *p = ' ';

  return g_strstrip (copy);
}

static void
merge_field (char       **into,
             const char  *from)
{
  if ((*into == NULL || **into == '\0') && from != NULL && *from != '\0')
    {
      g_free (*into);
      *into = g_strdup (from);
    }
}

/**
 * inv_csv_check_row:
 * @line: the row's line in its file, kept in the result
 * @first_name: (nullable): the First Name cell as read
 * @last_name: (nullable): the Last Name cell as read
 * @email: (nullable): the Email cell as read
 * @phone: (nullable): the Phone cell as read
 * @warning: (out) (optional) (transfer full) (nullable): what was left out of a row
 *   that is kept: a phone number that is not one (it is optional)
 * @error: why the row cannot be used: no name, or a name or email the candidate
 *   rules refuse (an %INV_CANDIDATE_RULES_ERROR naming its field)
 *
 * Checks one row of a candidates file the way a file is read, so that a refused row
 * corrected in the app is judged the same way again: the candidate rules, a name
 * (first, last or both) required, and a wrong phone dropped with a warning.
 *
 * Returns: (transfer full): the candidate, normalised, or %NULL with @error set
 */
InvCsvCandidate *
inv_csv_check_row (guint        line,
                   const char  *first_name,
                   const char  *last_name,
                   const char  *email,
                   const char  *phone,
                   char       **warning,
                   GError     **error)
{
  g_auto(InvCandidateNormalized) normalized = { 0 };
  g_autoptr(GError) phone_error = NULL;
  g_autofree char *kept_phone = NULL;
  InvCsvCandidate *candidate;

  if (warning != NULL)
    *warning = NULL;

  if (!inv_candidate_rules_check (first_name, last_name, email, "", &normalized, error) ||
      !inv_candidate_rules_check_has_name (normalized.first_name, normalized.last_name, error))
    return NULL;

  /* The phone is optional: a wrong one is left out, not a reason to lose the row. */
  kept_phone = inv_candidate_rules_normalize_phone (phone);
  if (!inv_candidate_rules_check_phone (kept_phone, &phone_error))
    {
      if (warning != NULL)
        *warning = g_strdup_printf (_("%s The phone number was left out; the rest of the row was imported."),
                                    phone_error->message);
      g_clear_pointer (&kept_phone, g_free);
      kept_phone = g_strdup ("");
    }

  candidate = g_new0 (InvCsvCandidate, 1);
  candidate->line = line;
  candidate->first_name = g_steal_pointer (&normalized.first_name);
  candidate->last_name = g_steal_pointer (&normalized.last_name);
  candidate->email = g_steal_pointer (&normalized.email);
  candidate->phone = g_steal_pointer (&kept_phone);

  return candidate;
}

static gboolean
read_record (const char * const *fields,
             guint               n_fields,
             guint               line,
             const char         *problem,
             gpointer            user_data)
{
  ReadState *state = user_data;
  g_autoptr(GError) rules_error = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *key = NULL;
  g_autofree char *warning = NULL;
  InvCsvCandidate *earlier;
  InvCsvCandidate *candidate;

  state->result->n_lines = line;

  if (!state->have_header)
    return read_header (state, fields, n_fields, line);

  first_name = field_value (state, fields, n_fields, COLUMN_FIRST_NAME);
  last_name = field_value (state, fields, n_fields, COLUMN_LAST_NAME);
  email = field_value (state, fields, n_fields, COLUMN_EMAIL);
  phone = field_value (state, fields, n_fields, COLUMN_PHONE);

  if (problem != NULL)
    {
      add_refused (state->result->failed, line, first_name, last_name, email, phone, g_strdup (problem));
      return TRUE;
    }

  if (n_fields != state->n_header_fields)
    {
      char *reason;

      if (n_fields > state->n_header_fields)
        reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "This row has %u cells but the first line names %u column; remove the extra commas, or put a cell that contains a comma in double quotes.",
                                               "This row has %u cells but the first line names %u columns; remove the extra commas, or put a cell that contains a comma in double quotes.",
                                               state->n_header_fields),
                                  n_fields, state->n_header_fields);
      else
        reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "This row has %u cells but the first line names %u column; add the missing cells, even empty ones.",
                                               "This row has %u cells but the first line names %u columns; add the missing cells, even empty ones.",
                                               state->n_header_fields),
                                  n_fields, state->n_header_fields);
      add_refused (state->result->failed, line, first_name, last_name, email, phone, reason);
      return TRUE;
    }

  /* The same rules as a candidate typed into the app, so that a row that is kept here
   * is stored and can later be edited and saved as it is. */
  candidate = inv_csv_check_row (line, first_name, last_name, email, phone, &warning, &rules_error);
  if (candidate == NULL)
    {
      add_refused (state->result->failed, line, first_name, last_name, email, phone,
                   g_strdup (rules_error->message));
      return TRUE;
    }

  if (warning != NULL)
    add_refused (state->result->warnings, line, first_name, last_name, email, phone,
                 g_steal_pointer (&warning));

  key = inv_email_key (candidate->email);
  earlier = g_hash_table_lookup (state->by_email, key);
  if (earlier != NULL)
    {
      /* The same person twice: keep the first row, completed with what the repeat adds. */
      merge_field (&earlier->first_name, candidate->first_name);
      merge_field (&earlier->last_name, candidate->last_name);
      merge_field (&earlier->phone, candidate->phone);
      add_problem (state->result->skipped, line, email,
                   g_strdup_printf (_("Repeats %s from line %u; what this row adds was merged into that one."),
                                    earlier->email, earlier->line),
                   earlier->line);
      candidate_free (candidate);
      return TRUE;
    }

  g_ptr_array_add (state->result->candidates, candidate);
  g_hash_table_insert (state->by_email, g_steal_pointer (&key), candidate);

  return TRUE;
}

/**
 * inv_csv_candidates_new:
 *
 * Returns: (transfer full): an empty list of candidates, for rows read elsewhere (a
 *   refused row corrected in the app)
 */
InvCsvCandidates *
inv_csv_candidates_new (void)
{
  InvCsvCandidates *self = g_new0 (InvCsvCandidates, 1);

  self->candidates = g_ptr_array_new_with_free_func (candidate_free);
  self->failed = g_ptr_array_new_with_free_func (row_problem_free);
  self->skipped = g_ptr_array_new_with_free_func (row_problem_free);
  self->warnings = g_ptr_array_new_with_free_func (row_problem_free);

  return self;
}

/**
 * inv_csv_read_candidates:
 * @stream: a CSV file whose first line names the columns First Name, Last Name, Email
 *   and Phone (any case, any order; only Email is required)
 * @error: set when the file as a whole cannot be used: not text, or no Email column
 *
 * Reads a list of candidates. Each row is normalised and checked by
 * inv_csv_check_row(); rows that cannot be used go to ->failed with their line, cells
 * and reason; rows kept without a wrong phone number also go to ->warnings; a row whose email (in any case) repeats an earlier row goes to ->skipped
 * and whatever it adds (a phone the first row lacked) is merged into the first one.
 *
 * Returns: (transfer full): what the file holds, or %NULL with @error set
 */
InvCsvCandidates *
inv_csv_read_candidates (GInputStream  *stream,
                         GCancellable  *cancellable,
                         GError       **error)
{
  InvCsvLimits limits;

  inv_csv_limits_init_default (&limits);

  return inv_csv_read_candidates_with_limits (stream, &limits, cancellable, error);
}

InvCsvCandidates *
inv_csv_read_candidates_with_limits (GInputStream        *stream,
                                     const InvCsvLimits  *limits,
                                     GCancellable        *cancellable,
                                     GError             **error)
{
  g_autoptr(InvCsvParser) parser = NULL;
  g_autoptr(InvCsvCandidates) result = inv_csv_candidates_new ();
  g_autoptr(GHashTable) by_email = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *buffer = g_malloc (64 * 1024);
  ReadState state = { 0 };

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  state.result = result;
  state.by_email = by_email;
  parser = inv_csv_parser_new (read_record, &state);
  inv_csv_parser_set_limits (parser, limits);

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, 64 * 1024, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (!inv_csv_parser_feed (parser, buffer, n, error))
        return NULL;
      if (state.header_error != NULL)
        break;
    }

  if (state.header_error == NULL && !inv_csv_parser_finish (parser, error))
    return NULL;

  if (state.header_error != NULL)
    {
      g_propagate_error (error, state.header_error);
      return NULL;
    }

  if (!state.have_header)
    {
      g_set_error_literal (error, INV_CSV_ERROR, INV_CSV_ERROR_NO_HEADER,
                           _("The file is empty; it needs a first line that names the columns, as in: First Name, Last Name, Email, Phone, then one candidate per line."));
      return NULL;
    }

  return g_steal_pointer (&result);
}

/**
 * inv_csv_read_candidates_file:
 *
 * Like inv_csv_read_candidates() for the file at @path.
 */
InvCsvCandidates *
inv_csv_read_candidates_file (const char    *path,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, INV_CSV_ERROR, INV_CSV_ERROR_IO,
                   _("Cannot read “%s”: %s."), path, local_error->message);
      return NULL;
    }

  return inv_csv_read_candidates (G_INPUT_STREAM (stream), cancellable, error);
}

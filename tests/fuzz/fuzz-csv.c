/* fuzz-csv.c: the CSV parser and the candidates reader under libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every input is read three ways: all at once and in pieces (whose sizes the input's
 * first byte chooses) with limits small enough that the fuzzer reaches them with short
 * inputs, and as a candidates file. The records must be the same however the bytes
 * arrive, start on strictly increasing lines, never more lines than the input has, and
 * stay within the limits.
 */

#include "config.h"

#include <gio/gio.h>

#include "fuzz-common.h"
#include "inv-csv-private.h"

typedef struct
{
  const InvCsvLimits *limits;
  GString            *log;
  guint               last_line;
  guint               max_line;
} Records;

static gboolean
record_cb (const char * const *fields,
           guint               n_fields,
           guint               line,
           const char         *problem,
           gpointer            user_data)
{
  Records *records = user_data;
  gsize record_length = 0;

  fuzz_assert (line > records->last_line, "records start on strictly increasing lines");
  fuzz_assert (line <= records->max_line, "a record starts on a line the input has");
  fuzz_assert (n_fields >= 1 && n_fields <= records->limits->max_fields, "cells within the limit");
  fuzz_assert (fields[n_fields] == NULL, "the cells end with NULL");
  records->last_line = line;

  g_string_append_printf (records->log, "%u:", line);
  for (guint i = 0; i < n_fields; i++)
    {
      gsize length = strlen (fields[i]);

      fuzz_assert (g_utf8_validate (fields[i], length, NULL), "cells are UTF-8");
      /* A given-up quoted cell keeps its opening quote in front. */
      fuzz_assert (length <= records->limits->max_field_length + 1, "a cell within the limit");
      record_length += length;
      g_string_append_len (records->log, fields[i], length);
      g_string_append_c (records->log, '\x1f');
    }
  fuzz_assert (record_length <= records->limits->max_record_length + records->limits->max_field_length + 1,
               "a row within the limit");
  if (problem != NULL)
    {
      fuzz_assert (g_utf8_validate (problem, -1, NULL) && *problem != '\0', "a problem is a sentence");
      g_string_append_printf (records->log, "!%s", problem);
    }
  g_string_append_c (records->log, '\n');

  return TRUE;
}

static guint
count_lines (const uint8_t *data,
             size_t         size)
{
  guint lines = 1;

  for (size_t i = 0; i < size; i++)
    if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
      lines++;

  return lines;
}

/* Parses @data in pieces: @chunk bytes each (G_MAXSIZE: all at once), or, for 0, sizes
 * that vary with @seed. Returns the records as text and the error's message, if any. */
static char *
parse (const uint8_t      *data,
       size_t              size,
       gsize               chunk,
       guint               seed,
       const InvCsvLimits *limits,
       char              **error_message)
{
  g_autoptr(InvCsvParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  Records records = { limits, g_string_new (NULL), 0, count_lines (data, size) };
  gboolean ok = TRUE;
  size_t offset = 0;

  parser = inv_csv_parser_new (record_cb, &records);
  inv_csv_parser_set_limits (parser, limits);

  while (ok && offset < size)
    {
      gsize piece = chunk != 0 ? chunk : 1 + (seed = seed * 1103515245 + 12345) % 13;

      piece = MIN (piece, size - offset);
      ok = inv_csv_parser_feed (parser, (const char *)data + offset, piece, &error);
      offset += piece;
    }
  if (ok)
    ok = inv_csv_parser_finish (parser, &error);

  fuzz_assert (ok == (error == NULL), "an error is set exactly when parsing fails");
  *error_message = error != NULL ? g_strdup (error->message) : NULL;

  return g_string_free (records.log, FALSE);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  InvCsvLimits small;
  InvCsvLimits defaults;
  guint seed;

  if (size < 1)
    return 0;

  seed = data[0];
  data++;
  size--;

  inv_csv_limits_init_default (&defaults);
  small.max_field_length = 8;
  small.max_record_length = 24;
  small.max_fields = 6;
  small.max_records = 40;
  /* The file's size is checked as the pieces arrive, so it would tell the ways of
   * feeding apart; it is fuzzed below through the reader. */
  small.max_file_size = G_MAXSIZE;

  {
    const InvCsvLimits *limits[] = { &small, &defaults };

    for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
      {
        g_autofree char *whole_error = NULL;
        g_autofree char *pieces_error = NULL;
        g_autofree char *bytes_error = NULL;
        g_autofree char *whole = parse (data, size, G_MAXSIZE, seed, limits[l], &whole_error);
        g_autofree char *pieces = parse (data, size, 0, seed | 1, limits[l], &pieces_error);
        g_autofree char *bytes = parse (data, size, 1, seed, limits[l], &bytes_error);

        fuzz_assert (g_strcmp0 (whole, pieces) == 0 && g_strcmp0 (whole, bytes) == 0,
                     "the records do not depend on how the bytes arrive");
        fuzz_assert (g_strcmp0 (whole_error, pieces_error) == 0 && g_strcmp0 (whole_error, bytes_error) == 0,
                     "the error does not depend on how the bytes arrive");
      }
  }

  /* As a candidates file: the data itself, and after a header that makes rows count. */
  for (guint h = 0; h < 2; h++)
    {
      static const char header[] = "First Name,Last Name,Email,Phone\n";
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(InvCsvCandidates) result = NULL;
      g_autoptr(GError) error = NULL;
      InvCsvLimits limits = small;

      if (h == 1)
        g_byte_array_append (bytes, (const guint8 *)header, sizeof header - 1);
      g_byte_array_append (bytes, data, size);
      stream = g_memory_input_stream_new_from_data (g_memdup2 (bytes->data, bytes->len), bytes->len, g_free);

      limits.max_field_length = 64;
      limits.max_record_length = 256;
      limits.max_file_size = 64 + seed * 16;
      result = inv_csv_read_candidates_with_limits (stream, &limits, NULL, &error);
      fuzz_assert ((result == NULL) == (error != NULL), "the reader returns rows or an error");
      if (result == NULL)
        {
          fuzz_assert (error->domain == INV_CSV_ERROR, "the reader's errors are its own");
          continue;
        }

      for (guint i = 0; i < result->candidates->len; i++)
        {
          InvCsvCandidate *candidate = result->candidates->pdata[i];

          fuzz_assert (g_utf8_validate (candidate->email, -1, NULL) && *candidate->email != '\0',
                       "a kept row has an email");
          fuzz_assert (*candidate->first_name != '\0' || *candidate->last_name != '\0',
                       "a kept row has a name");
          fuzz_assert (i == 0 || candidate->line > ((InvCsvCandidate *)result->candidates->pdata[i - 1])->line,
                       "rows are kept in file order");
        }
      for (guint i = 0; i < result->failed->len; i++)
        {
          InvCsvRowProblem *problem = result->failed->pdata[i];

          fuzz_assert (problem->reason != NULL && *problem->reason != '\0', "a refused row says why");
        }
    }

  return 0;
}

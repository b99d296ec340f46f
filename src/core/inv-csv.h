/* inv-csv.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define INV_CSV_ERROR (inv_csv_error_quark ())

/* Problems that make a whole file unusable (as opposed to one bad row). */
typedef enum
{
  INV_CSV_ERROR_NOT_TEXT,      /* binary data or invalid UTF-8 */
  INV_CSV_ERROR_NO_HEADER,     /* empty file, or no Email column in the first line */
  INV_CSV_ERROR_IO,
  INV_CSV_ERROR_CANCELLED,
  INV_CSV_ERROR_TOO_LARGE,     /* more rows or bytes than one import takes */
} InvCsvError;

/* A field longer than this is refused with the row, so that a file with a stray quote
 * cannot swallow memory. */
#define INV_CSV_MAX_FIELD_LENGTH (64 * 1024)
/* The same for a whole row (all its cells) and for the number of its cells. */
#define INV_CSV_MAX_RECORD_LENGTH (1024 * 1024)
#define INV_CSV_MAX_FIELDS 1000
/* A file beyond these is refused as a whole: it is no list of candidates (or an endless
 * stream such as `yes | invitations --import-csv=/dev/stdin`), and what the reader keeps
 * of each row would otherwise grow without limit. */
#define INV_CSV_MAX_RECORDS 200000
#define INV_CSV_MAX_FILE_SIZE (64 * 1000 * 1000)

/* Called for each record of the file (one row of a spreadsheet).
 * @fields: the fields, UTF-8, unquoted (NULL-terminated array of @n_fields strings)
 * @line: the line on which the record starts, counting from 1
 * @problem: (nullable): why the record is malformed (its fields are then what could
 *   be read); %NULL for a well-formed record
 * Return %FALSE to stop reading. */
typedef gboolean (*InvCsvRecordFunc) (const char * const *fields,
                                      guint               n_fields,
                                      guint               line,
                                      const char         *problem,
                                      gpointer            user_data);

typedef struct _InvCsvParser InvCsvParser;

/* A streaming RFC 4180 parser: feed it bytes in pieces of any size. */
InvCsvParser *inv_csv_parser_new      (InvCsvRecordFunc   func,
                                       gpointer           user_data);
void          inv_csv_parser_free     (InvCsvParser      *self);
gboolean      inv_csv_parser_feed     (InvCsvParser      *self,
                                       const char        *data,
                                       gsize              length,
                                       GError           **error);
gboolean      inv_csv_parser_finish   (InvCsvParser      *self,
                                       GError           **error);

/* One good row of a candidates file, normalised and checked by the candidate rules
 * (inv-candidate-rules.h); a name or phone the row lacks is "". */
typedef struct
{
  guint  line;
  char  *first_name;
  char  *last_name;
  char  *email;
  char  *phone;
} InvCsvCandidate;

/* A row that was not kept as it was: refused (@duplicate_of == 0), kept with a
 * warning (without a wrong phone), or a repeat of an earlier row with the same email
 * (@duplicate_of is that row's line; its details were merged). */
typedef struct
{
  guint  line;
  char  *email;        /* as read; may be empty */
  char  *reason;       /* a sentence: what is wrong and how to fix it */
  guint  duplicate_of;
  char  *first_name;   /* the other cells as read (refused rows and warnings), or "" */
  char  *last_name;
  char  *phone;
} InvCsvRowProblem;

typedef struct
{
  GPtrArray *candidates;  /* InvCsvCandidate, in file order */
  GPtrArray *failed;      /* InvCsvRowProblem: rows that cannot be used */
  GPtrArray *skipped;     /* InvCsvRowProblem: repeats merged into an earlier row */
  GPtrArray *warnings;    /* InvCsvRowProblem: rows kept, without their wrong phone */
  guint      n_lines;
} InvCsvCandidates;

InvCsvCandidates *inv_csv_read_candidates      (GInputStream      *stream,
                                                GCancellable      *cancellable,
                                                GError           **error);
InvCsvCandidates *inv_csv_read_candidates_file (const char        *path,
                                                GCancellable      *cancellable,
                                                GError           **error);
InvCsvCandidates *inv_csv_candidates_new       (void);
void              inv_csv_candidates_free      (InvCsvCandidates  *self);
InvCsvCandidate  *inv_csv_check_row            (guint              line,
                                                const char        *first_name,
                                                const char        *last_name,
                                                const char        *email,
                                                const char        *phone,
                                                char             **warning,
                                                GError           **error);
void              inv_csv_candidate_free       (InvCsvCandidate   *candidate);

GQuark            inv_csv_error_quark          (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvCsvParser, inv_csv_parser_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvCsvCandidates, inv_csv_candidates_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvCsvCandidate, inv_csv_candidate_free)

G_END_DECLS

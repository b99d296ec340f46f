/* test-csv.c: reading candidate lists as spreadsheets write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <gio/gio.h>
#include <string.h>

#include "inv-csv.h"
#include "inv-csv-private.h"
#include "inv-candidate-rules.h"

/* Records as the parser reported them, one string per record:
 * "LINE:field|field|…" and "!problem" appended when the record is malformed. */
static gboolean
collect_record (const char * const *fields,
                guint               n_fields,
                guint               line,
                const char         *problem,
                gpointer            user_data)
{
  GPtrArray *records = user_data;
  g_autofree char *joined = g_strjoinv ("|", (char **)fields);

  g_assert_cmpuint (g_strv_length ((char **)fields), ==, n_fields);
  g_ptr_array_add (records, g_strdup_printf ("%u:%s%s%s", line, joined,
                                             problem ? "!" : "", problem ? problem : ""));
  return TRUE;
}

/* Parses @text in pieces of @chunk bytes (0: all at once), within @limits (%NULL: the
 * defaults). */
static GPtrArray *
parse_with_limits (const char          *text,
                   gsize                length,
                   gsize                chunk,
                   const InvCsvLimits  *limits,
                   GError             **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(InvCsvParser) parser = inv_csv_parser_new (collect_record, records);

  if (limits != NULL)
    inv_csv_parser_set_limits (parser, limits);

  if (chunk == 0)
    chunk = MAX (length, 1);

  for (gsize offset = 0; offset < length; offset += chunk)
    if (!inv_csv_parser_feed (parser, text + offset, MIN (chunk, length - offset), error))
      return NULL;

  if (!inv_csv_parser_finish (parser, error))
    return NULL;

  return g_steal_pointer (&records);
}

static GPtrArray *
parse (const char  *text,
       gsize        length,
       gsize        chunk,
       GError     **error)
{
  return parse_with_limits (text, length, chunk, NULL, error);
}

static void
assert_records_with_limits (const char         *text,
                            const InvCsvLimits *limits,
                            const char * const *expected)
{
  /* The result must not depend on how the bytes arrive. */
  static const gsize chunks[] = { 0, 1, 2, 3, 7 };

  for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = parse_with_limits (text, strlen (text), chunks[c], limits, &error);

      g_assert_no_error (error);
      for (guint i = 0; expected[i] != NULL || i < records->len; i++)
        {
          if (i >= records->len || expected[i] == NULL)
            g_error ("chunk %" G_GSIZE_FORMAT ": record %u: expected “%s”, got “%s”", chunks[c], i,
                     i < g_strv_length ((char **)expected) ? expected[i] : "(none)",
                     i < records->len ? (char *)records->pdata[i] : "(none)");
          g_assert_cmpstr (records->pdata[i], ==, expected[i]);
        }
    }
}

static void
assert_records (const char         *text,
                const char * const *expected)
{
  assert_records_with_limits (text, NULL, expected);
}

static InvCsvCandidates *
read_candidates (const char  *text,
                 gssize       length,
                 GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;

  if (length < 0)
    length = strlen (text);
  stream = g_memory_input_stream_new_from_data (g_memdup2 (text, length), length, g_free);

  return inv_csv_read_candidates (stream, NULL, error);
}

static void
test_records (void)
{
  assert_records ("a,b,c\n1,2,3\n", (const char * const []) { "1:a|b|c", "2:1|2|3", NULL });
  /* CRLF, and no line break at the end */
  assert_records ("a,b\r\n1,2", (const char * const []) { "1:a|b", "2:1|2", NULL });
  /* Old Mac line ends */
  assert_records ("a,b\r1,2\r", (const char * const []) { "1:a|b", "2:1|2", NULL });
  /* Byte order mark */
  assert_records ("\xef\xbb\xbf" "a,b\n", (const char * const []) { "1:a|b", NULL });
  /* Empty fields and empty lines */
  assert_records (",,\n\n\r\nx,,\n", (const char * const []) { "1:||", "4:x||", NULL });
  /* Quoted fields: commas, doubled quotes, line breaks (the next record's line counts them) */
  assert_records ("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,\"\",x\n",
                  (const char * const []) { "1:a,b|say \"hi\"|two\nlines", "3:next||x", NULL });
  assert_records ("\"x\r\ny\"\r\nz\r\n", (const char * const []) { "1:x\r\ny", "3:z", NULL });
  /* A line that is only a quoted empty field is a record, not an empty line */
  assert_records ("\"\"\n", (const char * const []) { "1:", NULL });
  /* UTF-8 text */
  assert_records ("Zoë,Çelik,jo@bücher.example\n", (const char * const []) { "1:Zoë|Çelik|jo@bücher.example", NULL });
}

static void
test_malformed_records (void)
{
  /* A quote in the middle of an unquoted field */
  assert_records ("a,b\"c,d\nok\n",
                  (const char * const []) { "1:a|b\"c|d!A quote appears inside a cell that does not start with one; put the whole cell in quotes, and write a quote inside it as two quotes (\"\").", "2:ok", NULL });
  /* Text after a closing quote */
  assert_records ("\"a\"b,c\nok\n",
                  (const char * const []) { "1:ab|c!Text follows the closing quote of a cell; put the whole cell in quotes, and write a quote inside it as two quotes (\"\").", "2:ok", NULL });
  /* A quote that never closes gives up its own line only: the rows after it are read */
  assert_records ("h1,h2\n\"open,x\nkept,1\nkept,2\n",
                  (const char * const []) {
                    "1:h1|h2",
                    "2:\"open,x!The quote opened on line 2 is never closed; add the closing quote (\") where the cell ends.",
                    "3:kept|1",
                    "4:kept|2",
                    NULL });
  /* …also when the unclosed quote is on the last line */
  assert_records ("a\n\"b", (const char * const []) { "1:a", "2:\"b!The quote opened on line 2 is never closed; add the closing quote (\") where the cell ends.", NULL });
}

static void
test_overlong_quoted_field_recovers (void)
{
  g_autoptr(GString) text = g_string_new ("h\n\"");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  /* A stray quote followed by more lines than one field may hold. */
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "row%u\n", i);

  records = parse (text->str, text->len, 4096, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, >, 10000);
  g_assert_true (g_str_has_prefix (records->pdata[1], "2:\"row0!The quoted cell opened on line 2 is longer than"));
  g_assert_cmpstr (records->pdata[2], ==, "3:row1");
  g_assert_cmpstr (records->pdata[records->len - 1], ==, "20001:row19999");
}

/* A quoted cell of 10 MB that does close, on its own line: that line is refused once,
 * and the rows after it keep their line numbers. */
static void
test_huge_quoted_field_reported_once (void)
{
  static const gsize chunks[] = { 64 * 1024, 4096, 1000003 };
  g_autoptr(GString) text = g_string_new ("h1,h2\n\"");

  for (guint i = 0; i < 10 * 1024 * 1024 / 64; i++)
    g_string_append (text, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  g_string_append (text, "\",x@example.org\nkept,1\r\nkept,2\n");

  for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
    {
      g_autoptr(GPtrArray) records = NULL;
      g_autoptr(GError) error = NULL;

      records = parse (text->str, text->len, chunks[c], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (records->len, ==, 4);
      g_assert_cmpstr (records->pdata[0], ==, "1:h1|h2");
      g_assert_true (g_str_has_prefix (records->pdata[1], "2:\"AAAA"));
      g_assert_nonnull (strstr (records->pdata[1], "!The quoted cell opened on line 2 is longer than 65536 characters"));
      g_assert_cmpuint (strlen (records->pdata[1]), <, INV_CSV_MAX_FIELD_LENGTH + 200);
      g_assert_cmpstr (records->pdata[2], ==, "3:kept|1");
      g_assert_cmpstr (records->pdata[3], ==, "4:kept|2");
    }
}

/* The same at the edges, with a small limit: a cell that fills up just at a line break
 * (CR, LF or a CRLF split over two reads), or in the middle of a line. */
static void
test_quoted_field_limit_edges (void)
{
  InvCsvLimits limits;

  inv_csv_limits_init_default (&limits);
  limits.max_field_length = 4;

  assert_records_with_limits ("\"abcd\r\nnext\r\nlast\r\n", &limits,
                              (const char * const []) {
                                "1:\"abcd!The quoted cell opened on line 1 is longer than 4 characters; add the closing quote (\") where the cell ends.",
                                "2:next", "3:last", NULL });
  assert_records_with_limits ("\"abcd\rnext\r", &limits,
                              (const char * const []) {
                                "1:\"abcd!The quoted cell opened on line 1 is longer than 4 characters; add the closing quote (\") where the cell ends.",
                                "2:next", NULL });
  assert_records_with_limits ("x\n\"abcdefgh\"\"\",\"z\"\"\nnext\n\"a\nb\"\n", &limits,
                              (const char * const []) {
                                "1:x",
                                "2:\"abcd!The quoted cell opened on line 2 is longer than 4 characters; add the closing quote (\") where the cell ends.",
                                "3:next", "4:a\nb", NULL });
}

/* Doubled quotes are one character each of a quoted cell, and count towards its limit:
 * a cell of nothing but "" pairs cannot grow past it. */
static void
test_doubled_quotes_within_limit (void)
{
  g_autoptr(GString) text = g_string_new ("h\n\"");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < INV_CSV_MAX_FIELD_LENGTH * 4; i++)
    g_string_append (text, "\"\"");
  g_string_append (text, "\"\nnext\n");

  records = parse (text->str, text->len, 4096, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_nonnull (strstr (records->pdata[1], "!The quoted cell opened on line 2 is longer than 65536 characters"));
  g_assert_cmpuint (strlen (records->pdata[1]), <, INV_CSV_MAX_FIELD_LENGTH + 200);
  g_assert_cmpstr (records->pdata[2], ==, "3:next");
}

/* A row with too many cells, or too long in all, is refused with a reason and without
 * keeping what is beyond the limit; the rows after it are read. */
static void
test_record_limits (void)
{
  InvCsvLimits limits;

  inv_csv_limits_init_default (&limits);
  limits.max_fields = 3;
  assert_records_with_limits ("a,b,c,d,e\nok,1\n", &limits,
                              (const char * const []) {
                                "1:a|b|c!This row has more than 3 cells; remove the extra commas, or put a cell that contains a comma in double quotes.",
                                "2:ok|1", NULL });

  inv_csv_limits_init_default (&limits);
  limits.max_record_length = 6;
  assert_records_with_limits ("abc,def,ghi\nok,1\n\"abc\",\"defgh\"\nok,2\n", &limits,
                              (const char * const []) {
                                "1:abc|def|!This row is longer than 6 characters; shorten its cells, or check for a missing line break.",
                                "2:ok|1",
                                "3:abc|\"defg!The row with the quoted cell opened on line 3 is longer than 6 characters; add the closing quote (\") where the cell ends, or shorten the row’s cells.",
                                "4:ok|2", NULL });
}

/* An input stream without end, like `yes` on standard input: @prefix once, then
 * @pattern over and over. */
typedef struct
{
  GInputStream  parent_instance;
  const char   *prefix;
  const char   *pattern;
  gsize         offset;
  guint64       n_read;
} EndlessStream;

typedef GInputStreamClass EndlessStreamClass;

static GType endless_stream_get_type (void);
G_DEFINE_TYPE (EndlessStream, endless_stream, G_TYPE_INPUT_STREAM)

static gssize
endless_stream_read (GInputStream  *stream,
                     void          *buffer,
                     gsize          count,
                     GCancellable  *cancellable,
                     GError       **error)
{
  EndlessStream *self = (EndlessStream *)stream;
  gsize prefix_length = strlen (self->prefix);
  gsize length = strlen (self->pattern);
  char *out = buffer;

  for (gsize i = 0; i < count; i++, self->n_read++)
    {
      if (self->n_read < prefix_length)
        {
          out[i] = self->prefix[self->n_read];
          continue;
        }
      out[i] = self->pattern[self->offset];
      self->offset = (self->offset + 1) % length;
    }

  return count;
}

static void
endless_stream_class_init (EndlessStreamClass *klass)
{
  klass->read_fn = endless_stream_read;
}

static void
endless_stream_init (EndlessStream *self)
{
}

static GInputStream *
endless_stream_new (const char *prefix,
                    const char *pattern)
{
  EndlessStream *self = g_object_new (endless_stream_get_type (), NULL);

  self->prefix = prefix;
  self->pattern = pattern;

  return G_INPUT_STREAM (self);
}

/* An endless stream of rows (`yes y`) ends with a message, not with all the memory
 * there is. The limit is lowered to keep the test quick; the default one is the same
 * code with another number. */
static void
test_endless_rows (void)
{
  g_autoptr(GInputStream) stream = endless_stream_new ("First Name,Email\n", "y\n");
  g_autoptr(InvCsvCandidates) result = NULL;
  g_autoptr(GError) error = NULL;
  InvCsvLimits limits;

  inv_csv_limits_init_default (&limits);
  limits.max_records = 1000;

  result = inv_csv_read_candidates_with_limits (stream, &limits, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, INV_CSV_ERROR, INV_CSV_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "The file has more than 1000 rows, more than one import takes; split it into smaller files and import them one after another.");
  /* It stopped at the limit (one read of 64 KiB), not at the end of the memory. */
  g_assert_cmpuint (((EndlessStream *)stream)->n_read, <=, 64 * 1024);
}

/* One endless line (no line breaks): the size limit of the file ends it (lowered to
 * 1 MB, to keep the test quick under the sanitizers). */
static void
test_endless_line (void)
{
  g_autoptr(GInputStream) stream = endless_stream_new ("Email,Name,", "y");
  g_autoptr(InvCsvCandidates) result = NULL;
  g_autoptr(GError) error = NULL;
  InvCsvLimits limits;

  inv_csv_limits_init_default (&limits);
  limits.max_file_size = 1000 * 1000;

  result = inv_csv_read_candidates_with_limits (stream, &limits, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, INV_CSV_ERROR, INV_CSV_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "The file is larger than 1.0\u00a0MB, more than one import takes; split it into smaller files and import them one after another.");
  g_assert_cmpuint (((EndlessStream *)stream)->n_read, <=, limits.max_file_size + 64 * 1024);
}

/* The reader everything uses applies the limits of inv-csv.h. */
static void
test_default_limits (void)
{
  g_autoptr(InvCsvCandidates) result = NULL;
  g_autoptr(GString) text = g_string_new ("Email,Name\n");
  g_autoptr(GError) error = NULL;
  InvCsvLimits limits;

  inv_csv_limits_init_default (&limits);
  g_assert_cmpuint (limits.max_field_length, ==, INV_CSV_MAX_FIELD_LENGTH);
  g_assert_cmpuint (limits.max_record_length, ==, INV_CSV_MAX_RECORD_LENGTH);
  g_assert_cmpuint (limits.max_fields, ==, INV_CSV_MAX_FIELDS);
  g_assert_cmpuint (limits.max_records, ==, INV_CSV_MAX_RECORDS);
  g_assert_cmpuint (limits.max_file_size, ==, INV_CSV_MAX_FILE_SIZE);

  /* A row of more cells than the limit, through inv_csv_read_candidates(). */
  g_string_append (text, "jo@example.org,Jo");
  for (guint i = 0; i < INV_CSV_MAX_FIELDS; i++)
    g_string_append_c (text, ',');
  g_string_append_c (text, '\n');
  result = read_candidates (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->failed->len, ==, 1);
  g_assert_cmpstr (((InvCsvRowProblem *)result->failed->pdata[0])->reason, ==,
                   "This row has more than 1000 cells; remove the extra commas, or put a cell that contains a comma in double quotes.");
}

static void
test_not_text (void)
{
  static const char binary[] = "a,b\n\x89PNG\0\0\0";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = parse (binary, sizeof binary - 1, 0, &error);

  g_assert_null (records);
  g_assert_error (error, INV_CSV_ERROR, INV_CSV_ERROR_NOT_TEXT);
  g_assert_nonnull (strstr (error->message, "Line 2"));
  g_clear_error (&error);

  records = parse ("ok\nLatin-1: \xe9t\xe9\n", strlen ("ok\nLatin-1: \xe9t\xe9\n"), 1, &error);
  g_assert_null (records);
  g_assert_error (error, INV_CSV_ERROR, INV_CSV_ERROR_NOT_TEXT);
  g_assert_nonnull (strstr (error->message, "Line 2"));
  g_assert_nonnull (strstr (error->message, "UTF-8"));
}

static void
test_candidates (void)
{
  const char *text =
    "\xef\xbb\xbf" "PHONE,email,Last Name,first name\r\n"
    "+49 30 1234,zoe@example.org,Müller,Zoë\r\n"
    ",\"jo, the second\"@example.org,Example,Jo\r\n"
    ",no-at-sign,Nobody,No\r\n"
    ",,Empty,Email\r\n"
    "+1 555,ZOE@EXAMPLE.ORG,Müller,Zoë\r\n"
    "\"+44\n20\",jo@bücher.example,\"O'Brien, Jr.\",\"Jo \"\"JJ\"\"\"\r\n"
    "too,many,fields,here,x\r\n"
    "short,row\r\n"
    "\r\n"
    ",  ana@example.org  ,Silva,Ana\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCsvCandidates) result = read_candidates (text, -1, &error);
  InvCsvCandidate *c;
  InvCsvRowProblem *p;

  g_assert_no_error (error);
  g_assert_cmpuint (result->candidates->len, ==, 3);
  g_assert_cmpuint (result->failed->len, ==, 5);
  g_assert_cmpuint (result->skipped->len, ==, 1);

  c = result->candidates->pdata[0];
  g_assert_cmpuint (c->line, ==, 2);
  g_assert_cmpstr (c->first_name, ==, "Zoë");
  g_assert_cmpstr (c->last_name, ==, "Müller");
  g_assert_cmpstr (c->email, ==, "zoe@example.org");
  g_assert_cmpstr (c->phone, ==, "+49 30 1234");

  c = result->candidates->pdata[1];
  g_assert_cmpuint (c->line, ==, 7);
  g_assert_cmpstr (c->first_name, ==, "Jo \"JJ\"");
  g_assert_cmpstr (c->last_name, ==, "O'Brien, Jr.");
  g_assert_cmpstr (c->email, ==, "jo@bücher.example");
  /* line breaks inside name and phone cells are layout */
  g_assert_cmpstr (c->phone, ==, "+44 20");

  c = result->candidates->pdata[2];
  g_assert_cmpuint (c->line, ==, 12);
  g_assert_cmpstr (c->email, ==, "ana@example.org");
  g_assert_cmpstr (c->phone, ==, "");

  p = result->failed->pdata[0];
  g_assert_cmpuint (p->line, ==, 3);
  g_assert_nonnull (strstr (p->reason, "quote"));
  p = result->failed->pdata[1];
  g_assert_cmpuint (p->line, ==, 4);
  g_assert_cmpstr (p->email, ==, "no-at-sign");
  g_assert_nonnull (strstr (p->reason, "@"));
  p = result->failed->pdata[2];
  g_assert_cmpuint (p->line, ==, 5);
  g_assert_nonnull (strstr (p->reason, "missing"));
  p = result->failed->pdata[3];
  g_assert_cmpuint (p->line, ==, 9);
  g_assert_cmpstr (p->reason, ==, "This row has 5 cells but the first line names 4 columns; remove the extra commas, or put a cell that contains a comma in double quotes.");
  p = result->failed->pdata[4];
  g_assert_cmpuint (p->line, ==, 10);
  g_assert_cmpstr (p->reason, ==, "This row has 2 cells but the first line names 4 columns; add the missing cells, even empty ones.");

  p = result->skipped->pdata[0];
  g_assert_cmpuint (p->line, ==, 6);
  g_assert_cmpuint (p->duplicate_of, ==, 2);
  g_assert_nonnull (strstr (p->reason, "line 2"));
}

static void
test_duplicates_merge (void)
{
  const char *text =
    "Email,First Name,Last Name,Phone\n"
    "jo@example.org,,Example,\n"
    "JO@example.org,Jo,,+1 555\n"
    "jo@EXAMPLE.org,Joanna,,+2 666\n";
  g_autoptr(InvCsvCandidates) result = read_candidates (text, -1, NULL);
  InvCsvCandidate *c;

  g_assert_nonnull (result);
  g_assert_cmpuint (result->candidates->len, ==, 1);
  g_assert_cmpuint (result->skipped->len, ==, 2);
  c = result->candidates->pdata[0];
  /* What the first row lacked comes from the first repeat that has it. */
  g_assert_cmpstr (c->first_name, ==, "Jo");
  g_assert_cmpstr (c->phone, ==, "+1 555");
  g_assert_cmpstr (c->email, ==, "jo@example.org");
}

/* An optional phone that is not a number costs the row its phone, not the row; a row
 * without a name is refused; every reason says what is wrong and how to fix it. */
static void
test_phone_warning_and_missing_name (void)
{
  const char *text =
    "First Name,Last Name,Email,Phone\n"
    "Pat,Lee,pat@example.org,call me after 5\n"
    ",,nameless@example.org,+1 555 0100\n"
    "Ana,Silva,ana@example.org,+351 21 000\n";
  g_autoptr(InvCsvCandidates) result = read_candidates (text, -1, NULL);
  InvCsvRowProblem *p;
  InvCsvCandidate *c;

  g_assert_nonnull (result);
  g_assert_cmpuint (result->candidates->len, ==, 2);
  g_assert_cmpuint (result->failed->len, ==, 1);
  g_assert_cmpuint (result->warnings->len, ==, 1);

  c = result->candidates->pdata[0];
  g_assert_cmpstr (c->email, ==, "pat@example.org");
  g_assert_cmpstr (c->phone, ==, "");
  p = result->warnings->pdata[0];
  g_assert_cmpuint (p->line, ==, 2);
  g_assert_cmpstr (p->reason, ==,
                   "“call me after 5” is not a phone number: use digits, spaces and + - ( ) / . , optionally "
                   "followed by “ext. 12”. The phone number was left out; the rest of the row was imported.");
  g_assert_cmpstr (p->phone, ==, "call me after 5");

  /* Never the email as the name: the row waits to be corrected, with what it held. */
  p = result->failed->pdata[0];
  g_assert_cmpuint (p->line, ==, 3);
  g_assert_cmpstr (p->reason, ==, "The row has no name; fill in the first name, the last name or both.");
  g_assert_cmpstr (p->email, ==, "nameless@example.org");
  g_assert_cmpstr (p->first_name, ==, "");
  g_assert_cmpstr (p->phone, ==, "+1 555 0100");

  c = result->candidates->pdata[1];
  g_assert_cmpstr (c->phone, ==, "+351 21 000");

  /* Corrected, the row passes the same check. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(InvCsvCandidate) fixed = NULL;
    g_autofree char *warning = NULL;

    g_assert_null (inv_csv_check_row (3, "", " ", "nameless@example.org", "", &warning, &error));
    g_assert_error (error, INV_CANDIDATE_RULES_ERROR, INV_CANDIDATE_RULES_ERROR_NAME_MISSING);
    g_clear_error (&error);

    fixed = inv_csv_check_row (3, "Sam", "", "nameless@example.org", "+1 555 0100", &warning, &error);
    g_assert_no_error (error);
    g_assert_null (warning);
    g_assert_cmpstr (fixed->first_name, ==, "Sam");
    g_assert_cmpuint (fixed->line, ==, 3);
  }

  /* Every reason of a refused or warned row is a sentence. */
  for (guint i = 0; i < result->failed->len; i++)
    g_assert_true (g_str_has_suffix (((InvCsvRowProblem *)result->failed->pdata[i])->reason, "."));
}

static void
test_headers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCsvCandidates) result = NULL;

  result = read_candidates ("", -1, &error);
  g_assert_null (result);
  g_assert_error (error, INV_CSV_ERROR, INV_CSV_ERROR_NO_HEADER);
  g_clear_error (&error);

  result = read_candidates ("\xef\xbb\xbf", -1, &error);
  g_assert_error (error, INV_CSV_ERROR, INV_CSV_ERROR_NO_HEADER);
  g_clear_error (&error);

  result = read_candidates ("Name,Mail\nJo,jo@example.org\n", -1, &error);
  g_assert_null (result);
  g_assert_error (error, INV_CSV_ERROR, INV_CSV_ERROR_NO_HEADER);
  g_assert_nonnull (strstr (error->message, "Email"));
  g_clear_error (&error);

  /* A name column is needed too: a list without names is refused as a whole. */
  result = read_candidates ("E-Mail,Phone\njo@example.org,\n", -1, &error);
  g_assert_null (result);
  g_assert_error (error, INV_CSV_ERROR, INV_CSV_ERROR_NO_HEADER);
  g_assert_nonnull (strstr (error->message, "First Name"));
  g_clear_error (&error);

  /* Email and one name column are enough; spelling variants are accepted. */
  result = read_candidates ("E-Mail,Surname\njo@example.org,Example\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->candidates->len, ==, 1);
  g_clear_pointer (&result, inv_csv_candidates_free);

  /* One "Name" column holds the whole name. */
  result = read_candidates ("Name,Email\nJo Example,jo@example.org\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((InvCsvCandidate *)result->candidates->pdata[0])->first_name, ==, "Jo Example");
  g_clear_pointer (&result, inv_csv_candidates_free);

  result = read_candidates ("first_name,LAST_NAME,EMAIL\nJo,Example,jo@example.org\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((InvCsvCandidate *)result->candidates->pdata[0])->last_name, ==, "Example");
  g_clear_pointer (&result, inv_csv_candidates_free);

  /* A header alone is a valid, empty list. */
  result = read_candidates ("Email,First Name\r\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->candidates->len, ==, 0);
}

static void
test_file (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "list.csv", NULL);
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "missing.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCsvCandidates) result = NULL;

  g_assert_true (g_file_set_contents (path, "Email,Name\njo@example.org,Jo\n", -1, NULL));
  result = inv_csv_read_candidates_file (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->candidates->len, ==, 1);

  g_assert_null (inv_csv_read_candidates_file (missing, NULL, &error));
  g_assert_error (error, INV_CSV_ERROR, INV_CSV_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "missing.csv"));
}

static gboolean
check_record (const char * const *fields,
              guint               n_fields,
              guint               line,
              const char         *problem,
              gpointer            user_data)
{
  guint *last_line = user_data;

  /* Records arrive in file order, each field valid UTF-8 and of bounded size. */
  g_assert_cmpuint (line, >=, *last_line);
  *last_line = line;
  for (guint i = 0; i < n_fields; i++)
    {
      g_assert_true (g_utf8_validate (fields[i], -1, NULL));
      g_assert_cmpuint (strlen (fields[i]), <=, INV_CSV_MAX_FIELD_LENGTH + 1);
    }

  return TRUE;
}

/* Random input must never crash the parser nor the reader of candidate lists. */
static void
test_fuzz (void)
{
  static const char alphabet[] = "ab,\"\r\n\n,\"\xc3\xa9@.x ";
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint iteration = 0; iteration < 3000; iteration++)
    {
      gsize length = g_rand_int_range (rand, 0, 400);
      g_autofree char *text = g_malloc (length + 1);
      gboolean raw_bytes = iteration % 5 == 0;
      g_autoptr(InvCsvParser) parser = NULL;
      g_autoptr(InvCsvCandidates) result = NULL;
      g_autoptr(GError) error = NULL;
      guint last_line = 0;
      gsize offset = 0;
      gboolean ok = TRUE;

      for (gsize i = 0; i < length; i++)
        text[i] = raw_bytes ? (char)g_rand_int_range (rand, 0, 256)
                            : alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      text[length] = '\0';

      parser = inv_csv_parser_new (check_record, &last_line);
      while (ok && offset < length)
        {
          gsize piece = MIN ((gsize)g_rand_int_range (rand, 1, 64), length - offset);

          ok = inv_csv_parser_feed (parser, text + offset, piece, &error);
          offset += piece;
        }
      if (ok)
        ok = inv_csv_parser_finish (parser, &error);
      g_assert_true (ok == (error == NULL));
      g_clear_error (&error);

      /* As a candidates file too, with a header that makes its rows count. */
      {
        static const char header[] = "Email,First Name\n";
        g_autofree char *with_header = g_malloc (sizeof header - 1 + length);

        /* The text may hold NUL bytes: copied by length, not as a string. */
        memcpy (with_header, header, sizeof header - 1);
        memcpy (with_header + sizeof header - 1, text, length);
        result = read_candidates (with_header, sizeof header - 1 + length, &error);
        g_assert_true ((result != NULL) == (error == NULL));
      }
    }
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/records", test_records);
  g_test_add_func ("/csv/malformed-records", test_malformed_records);
  g_test_add_func ("/csv/overlong-quoted-field", test_overlong_quoted_field_recovers);
  g_test_add_func ("/csv/huge-quoted-field-reported-once", test_huge_quoted_field_reported_once);
  g_test_add_func ("/csv/quoted-field-limit-edges", test_quoted_field_limit_edges);
  g_test_add_func ("/csv/record-limits", test_record_limits);
  g_test_add_func ("/csv/doubled-quotes-within-limit", test_doubled_quotes_within_limit);
  g_test_add_func ("/csv/endless-rows", test_endless_rows);
  g_test_add_func ("/csv/endless-line", test_endless_line);
  g_test_add_func ("/csv/default-limits", test_default_limits);
  g_test_add_func ("/csv/phone-warning-and-missing-name", test_phone_warning_and_missing_name);
  g_test_add_func ("/csv/not-text", test_not_text);
  g_test_add_func ("/csv/candidates", test_candidates);
  g_test_add_func ("/csv/duplicates-merge", test_duplicates_merge);
  g_test_add_func ("/csv/headers", test_headers);
  g_test_add_func ("/csv/file", test_file);
  g_test_add_func ("/csv/fuzz", test_fuzz);

  ret = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return ret;
}

/* inv-cli-escape.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything the command line prints may hold text from outside: names and emails
 * from a CSV file or the service, the service's error messages, file names. A
 * terminal runs the control characters in such text (ESC starts sequences that
 * change the window title, clear the screen or rewrite earlier lines; a carriage
 * return or a backspace overwrites what is shown), and bidi overrides show text in
 * another order than it is read. So they are printed as visible escapes instead:
 *
 *   ESC → \e   newline → \n   carriage return → \r   tab → \t
 *   other control characters and DEL → \xNN
 *   C1 controls, bidi controls, line and paragraph separators → \uNNNN
 *   bytes that are not UTF-8 → \xNN
 *
 * JSON output takes the JSON spelling (\u001b, \u202e), which a JSON reader turns
 * back into the same text.
 */

#define G_LOG_DOMAIN "inv-cli"

#define _GNU_SOURCE

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "inv-cli-private.h"

typedef enum
{
  MODE_TEXT,           /* one message: every control character escaped */
  MODE_TEXT_NEWLINES,  /* lines of text: newlines kept */
  MODE_CSV,            /* CSV rows: newlines kept, a carriage return only before one */
  MODE_JSON,           /* JSON text: newlines kept, the rest in JSON's \u form */
} Mode;

/* Characters that are not control characters to GLib but that a terminal or a
 * reader takes as one: the bidi controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI,
 * PDI, LRM, RLM, ALM) and the line and paragraph separators. */
static gboolean
is_invisible_control (gunichar c)
{
  return (c >= 0x80 && c <= 0x9f) ||
         c == 0x061c || c == 0x200e || c == 0x200f ||
         (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069) ||
         c == 0x2028 || c == 0x2029;
}

static void
escape_byte (GString       *out,
             unsigned char  byte,
             Mode           mode)
{
  if (mode == MODE_JSON)
    {
      g_string_append_printf (out, "\\u%04x", byte);
      return;
    }

  switch (byte)
    {
    case 0x1b: g_string_append (out, "\\e"); break;
    case '\n': g_string_append (out, "\\n"); break;
    case '\r': g_string_append (out, "\\r"); break;
    case '\t': g_string_append (out, "\\t"); break;
    default: g_string_append_printf (out, "\\x%02x", byte); break;
    }
}

/* The length of the UTF-8 character at @p that can be printed as it is; 0 when it
 * is to be escaped or is not UTF-8, -1 when it is cut off by @end. Decoded here
 * rather than with g_utf8_get_char_validated(): most of a list is names. */
static gssize
printable_length (const guchar *p,
                  const guchar *end)
{
  guint need;
  gunichar c;

  if (*p >= 0xc2 && *p <= 0xdf)
    {
      need = 1;
      c = *p & 0x1f;
    }
  else if (*p >= 0xe0 && *p <= 0xef)
    {
      need = 2;
      c = *p & 0x0f;
    }
  else if (*p >= 0xf0 && *p <= 0xf4)
    {
      need = 3;
      c = *p & 0x07;
    }
  else
    return 0;

  for (guint i = 1; i <= need; i++)
    {
      if (p + i == end)
        return -1;
      if ((p[i] & 0xc0) != 0x80)
        return 0;
      c = (c << 6) | (p[i] & 0x3f);
    }

  /* Overlong forms, surrogates, beyond U+10FFFF. */
  if ((need == 2 && c < 0x800) || (need == 3 && (c < 0x10000 || c > 0x10ffff)) ||
      (c >= 0xd800 && c <= 0xdfff) || is_invisible_control (c))
    return 0;

  return need + 1;
}

/* Escapes @length bytes at @text into @out. Unless @final, a sequence cut off at the
 * end (the start of a UTF-8 character, a carriage return whose next byte decides)
 * is left for the next call. Returns how many bytes were used. */
static gsize
escape_into (GString    *out,
             const char *text,
             gsize       length,
             Mode        mode,
             gboolean    final)
{
  const char *p = text;
  const char *end = text + length;

  while (p < end)
    {
      const char *run = p;
      unsigned char byte;

      /* What can be printed as it is goes through a run at a time. */
      while (p < end)
        {
          gssize n;

          if ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f)
            {
              p++;
              continue;
            }
          if ((unsigned char)*p < 0x80 || (n = printable_length ((const guchar *)p, (const guchar *)end)) <= 0)
            break;
          p += n;
        }
      g_string_append_len (out, run, p - run);
      if (p == end)
        break;

      byte = (unsigned char)*p;

      if (byte < 0x80)
        {
          gboolean keep = FALSE;

          if (byte == '\n')
            keep = mode != MODE_TEXT;
          else if (byte == '\r' && mode == MODE_CSV)
            {
              if (p + 1 == end && !final)
                break;
              keep = p + 1 < end && p[1] == '\n';
            }

          if (keep)
            g_string_append_c (out, (char)byte);
          else
            escape_byte (out, byte, mode);
          p++;
          continue;
        }

      {
        gunichar c = g_utf8_get_char_validated (p, end - p);

        if (c == (gunichar)-2 && !final)
          break;

        if (c == (gunichar)-1 || c == (gunichar)-2)
          {
            /* Not UTF-8: JSON cannot hold the byte, so it becomes U+FFFD there. */
            if (mode == MODE_JSON)
              g_string_append (out, "\\ufffd");
            else
              g_string_append_printf (out, "\\x%02x", byte);
            p++;
            continue;
          }

        if (is_invisible_control (c))
          g_string_append_printf (out, "\\u%04x", c);
        else
          g_string_append_len (out, p, g_utf8_next_char (p) - p);
        p = g_utf8_next_char (p);
      }
    }

  return p - text;
}

/**
 * _inv_cli_escape:
 * @text: (nullable): text to print
 * @keep_newlines: whether the text is several lines, its newlines to be kept
 *
 * Returns: (transfer full): @text with its control characters, bidi controls and
 *   bytes that are not UTF-8 as visible escapes (see the top of this file); "" for
 *   %NULL
 */
char *
_inv_cli_escape (const char *text,
                 gboolean    keep_newlines)
{
  GString *out;
  gsize length;

  if (text == NULL)
    return g_strdup ("");

  length = strlen (text);
  out = g_string_sized_new (length);
  escape_into (out, text, length, keep_newlines ? MODE_TEXT_NEWLINES : MODE_TEXT, TRUE);

  return g_string_free (out, FALSE);
}

/**
 * _inv_cli_print_escaped:
 * @to_stderr: standard error rather than standard output
 *
 * Prints a line as g_print() or g_printerr() does, with every control character of
 * the formatted text escaped; the newline that ends it is added here.
 */
void
_inv_cli_print_escaped (gboolean    to_stderr,
                        const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  g_autofree char *escaped = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  escaped = _inv_cli_escape (message, FALSE);
  if (to_stderr)
    g_printerr ("%s\n", escaped);
  else
    g_print ("%s\n", escaped);
}

typedef struct
{
  FILE    *out;       /* (not owned) */
  Mode     mode;
  GString *escaped;   /* reused from one write to the next */
  char     carry[8];  /* the cut-off end of the last write */
  gsize    carry_length;
} EscapingStream;

static gboolean
stream_put (EscapingStream *stream,
            const char     *data,
            gsize           length,
            gboolean        final)
{
  GString *out = stream->escaped;
  g_autofree char *joined = NULL;
  const char *text = data;
  gsize used;

  if (stream->carry_length > 0)
    {
      joined = g_malloc (stream->carry_length + length);
      memcpy (joined, stream->carry, stream->carry_length);
      if (length > 0)
        memcpy (joined + stream->carry_length, data, length);
      text = joined;
      length += stream->carry_length;
      stream->carry_length = 0;
    }

  if (text == NULL)
    text = "";

  g_string_truncate (out, 0);
  used = escape_into (out, text, length, stream->mode, final);
  g_assert (length - used <= sizeof stream->carry);
  /* A final flush comes with no data at all: memcpy() must not see its NULL. */
  if (length > used)
    memcpy (stream->carry, text + used, length - used);
  stream->carry_length = length - used;

  return fwrite (out->str, 1, out->len, stream->out) == out->len;
}

static ssize_t
stream_write (void       *cookie,
              const char *data,
              size_t      length)
{
  EscapingStream *stream = cookie;

  if (!stream_put (stream, data, length, FALSE))
    return -1;

  return length;
}

static int
stream_close (void *cookie)
{
  EscapingStream *stream = cookie;
  gboolean ok = stream_put (stream, NULL, 0, TRUE);

  ok = fflush (stream->out) == 0 && ok;
  g_string_free (stream->escaped, TRUE);
  g_free (stream);

  return ok ? 0 : EOF;
}

/**
 * _inv_cli_open_escaping_stream:
 * @out: where the escaped text goes
 * @json: whether the text is JSON (else CSV)
 *
 * Opens a stream that escapes what is written to it, for output made elsewhere (an
 * export) that goes to the terminal. CSV keeps its line ends, "\r\n"; JSON its
 * newlines, and takes JSON's spelling of every escape. fclose() the stream before
 * @out.
 *
 * Returns: (transfer full): the stream
 */
FILE *
_inv_cli_open_escaping_stream (FILE     *out,
                               gboolean  json)
{
  static const cookie_io_functions_t functions = {
    .read = NULL,
    .write = stream_write,
    .seek = NULL,
    .close = stream_close,
  };
  EscapingStream *stream = g_new0 (EscapingStream, 1);
  FILE *file;

  stream->out = out;
  stream->mode = json ? MODE_JSON : MODE_CSV;
  stream->escaped = g_string_sized_new (1 << 16);

  file = fopencookie (stream, "w", functions);
  if (file == NULL)
    g_error ("Could not open a stream: %s", g_strerror (errno));

  return file;
}

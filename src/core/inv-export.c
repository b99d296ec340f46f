/* inv-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-export"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <time.h>

#include "inv-database-invitations.h"
#include "inv-export.h"
#include "inv-invitation.h"

/* The export's keys are a stable interface that scripts rely on: the order and the
 * spelling never change; new keys may only be appended. */
static const char * const export_keys[] = {
  "id", "remote_id", "template", "template_id", "candidate_name", "email",
  "status", "sync_state", "link", "sent_at", "expires_at",
};

/* Columns of INV_INVITATION_COLUMNS, in the order of export_keys. */
enum {
  COL_ID = 0,
  COL_REMOTE_ID = 1,
  COL_TEMPLATE_ID = 2,
  COL_TEMPLATE_NAME = 3,
  COL_CANDIDATE_NAME = 6,
  COL_EMAIL = 7,
  COL_STATUS = 8,
  COL_LINK = 9,
  COL_SENT_AT = 10,
  COL_EXPIRES_AT = 11,
  COL_SYNC_STATE = 13,
};

typedef struct
{
  FILE     *out;
  gboolean  first;
} ExportState;

gboolean
inv_export_format_from_string (const char      *name,
                               InvExportFormat *format)
{
  if (g_strcmp0 (name, "csv") == 0)
    *format = INV_EXPORT_CSV;
  else if (g_strcmp0 (name, "json") == 0)
    *format = INV_EXPORT_JSON;
  else
    return FALSE;

  return TRUE;
}

/* Formats a time the way the service does, without a GDateTime per row. */
static gboolean
format_time (sqlite3_stmt *stmt,
             int           column,
             char          buffer[32])
{
  struct tm tm;
  time_t t;

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return FALSE;

  t = (time_t)sqlite3_column_int64 (stmt, column);
  if (gmtime_r (&t, &tm) == NULL)
    return FALSE;

  strftime (buffer, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);

  return TRUE;
}

/* Only a link the service gave: an older version stored a local stand-in until then. */
static const char *
export_link (sqlite3_stmt *stmt)
{
  const char *link = (const char *)sqlite3_column_text (stmt, COL_LINK);

  return inv_invitation_link_is_web (link) ? link : NULL;
}

static void
write_csv_text (FILE       *out,
                const char *text)
{
  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      fputs (text, out);
      return;
    }

  putc ('"', out);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        putc ('"', out);
      putc (*p, out);
    }
  putc ('"', out);
}

static gboolean
write_csv_row (sqlite3_stmt *stmt,
               gpointer      user_data)
{
  ExportState *state = user_data;
  FILE *out = state->out;
  char time_buffer[32];

  fprintf (out, "%" G_GINT64_FORMAT ",", (gint64)sqlite3_column_int64 (stmt, COL_ID));
  if (sqlite3_column_type (stmt, COL_REMOTE_ID) != SQLITE_NULL)
    fprintf (out, "%" G_GINT64_FORMAT, (gint64)sqlite3_column_int64 (stmt, COL_REMOTE_ID));
  putc (',', out);
  write_csv_text (out, (const char *)sqlite3_column_text (stmt, COL_TEMPLATE_NAME));
  fprintf (out, ",%" G_GINT64_FORMAT ",", (gint64)sqlite3_column_int64 (stmt, COL_TEMPLATE_ID));
  write_csv_text (out, (const char *)sqlite3_column_text (stmt, COL_CANDIDATE_NAME));
  putc (',', out);
  write_csv_text (out, (const char *)sqlite3_column_text (stmt, COL_EMAIL));
  putc (',', out);
  write_csv_text (out, (const char *)sqlite3_column_text (stmt, COL_STATUS));
  putc (',', out);
  write_csv_text (out, (const char *)sqlite3_column_text (stmt, COL_SYNC_STATE));
  putc (',', out);
  write_csv_text (out, export_link (stmt));
  putc (',', out);
  if (format_time (stmt, COL_SENT_AT, time_buffer))
    fputs (time_buffer, out);
  putc (',', out);
  if (format_time (stmt, COL_EXPIRES_AT, time_buffer))
    fputs (time_buffer, out);
  fputs ("\r\n", out);

  return !ferror (out);
}

static void
write_json_string (FILE       *out,
                   const char *text)
{
  if (text == NULL)
    {
      fputs ("null", out);
      return;
    }

  putc ('"', out);
  for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': fputs ("\\\"", out); break;
        case '\\': fputs ("\\\\", out); break;
        case '\n': fputs ("\\n", out); break;
        case '\r': fputs ("\\r", out); break;
        case '\t': fputs ("\\t", out); break;
        default:
          if (*p < 0x20)
            fprintf (out, "\\u%04x", *p);
          else
            putc (*p, out);
        }
    }
  putc ('"', out);
}

static void
write_json_time (FILE         *out,
                 sqlite3_stmt *stmt,
                 int           column)
{
  char time_buffer[32];

  if (format_time (stmt, column, time_buffer))
    fprintf (out, "\"%s\"", time_buffer);
  else
    fputs ("null", out);
}

static gboolean
write_json_row (sqlite3_stmt *stmt,
                gpointer      user_data)
{
  ExportState *state = user_data;
  FILE *out = state->out;

  fputs (state->first ? "\n  {" : ",\n  {", out);
  state->first = FALSE;

  fprintf (out, "\"id\": %" G_GINT64_FORMAT ", \"remote_id\": ", (gint64)sqlite3_column_int64 (stmt, COL_ID));
  if (sqlite3_column_type (stmt, COL_REMOTE_ID) != SQLITE_NULL)
    fprintf (out, "%" G_GINT64_FORMAT, (gint64)sqlite3_column_int64 (stmt, COL_REMOTE_ID));
  else
    fputs ("null", out);
  fputs (", \"template\": ", out);
  write_json_string (out, (const char *)sqlite3_column_text (stmt, COL_TEMPLATE_NAME));
  fprintf (out, ", \"template_id\": %" G_GINT64_FORMAT ", \"candidate_name\": ",
           (gint64)sqlite3_column_int64 (stmt, COL_TEMPLATE_ID));
  write_json_string (out, (const char *)sqlite3_column_text (stmt, COL_CANDIDATE_NAME));
  fputs (", \"email\": ", out);
  write_json_string (out, (const char *)sqlite3_column_text (stmt, COL_EMAIL));
  fputs (", \"status\": ", out);
  write_json_string (out, (const char *)sqlite3_column_text (stmt, COL_STATUS));
  fputs (", \"sync_state\": ", out);
  write_json_string (out, (const char *)sqlite3_column_text (stmt, COL_SYNC_STATE));
  fputs (", \"link\": ", out);
  write_json_string (out, export_link (stmt));
  fputs (", \"sent_at\": ", out);
  write_json_time (out, stmt, COL_SENT_AT);
  fputs (", \"expires_at\": ", out);
  write_json_time (out, stmt, COL_EXPIRES_AT);
  putc ('}', out);

  return !ferror (out);
}

/**
 * inv_export_invitations:
 * @database: the database to read
 * @query: which invitations, in which order
 * @format: CSV (RFC 4180, a header row of the keys) or JSON (one array of objects)
 * @out: where to write
 * @error: return location for a #GError
 *
 * Writes the matching invitations with the stable export keys.
 */
gboolean
inv_export_invitations (InvDatabase               *database,
                        const InvInvitationQuery  *query,
                        InvExportFormat            format,
                        FILE                      *out,
                        GError                   **error)
{
  ExportState state = { out, TRUE };
  gboolean ok;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (format == INV_EXPORT_CSV)
    {
      for (guint i = 0; i < G_N_ELEMENTS (export_keys); i++)
        {
          if (i > 0)
            putc (',', out);
          fputs (export_keys[i], out);
        }
      fputs ("\r\n", out);

      ok = inv_database_foreach_invitation (database, query, write_csv_row, &state, error);
    }
  else
    {
      putc ('[', out);
      ok = inv_database_foreach_invitation (database, query, write_json_row, &state, error);
      fputs (state.first ? "]\n" : "\n]\n", out);
    }

  if (!ok)
    return FALSE;

  if (fflush (out) != 0 || ferror (out))
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write the export: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

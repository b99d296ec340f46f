/* inv-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>
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
  FILE         *out;
  gboolean      first;
  InvRowFilter  filter;
  gpointer      filter_data;
  guint64       n_written;
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

/* A spreadsheet that opens the file runs a cell that starts with one of these as a
 * formula (a tab or carriage return first is read past by some). A leading apostrophe
 * makes it text there, and is what a person who types such a value gets too. */
gboolean
inv_export_csv_text_needs_guard (const char *text)
{
  return text != NULL && text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

static void
write_csv_text (FILE       *out,
                const char *text)
{
  gboolean guard;

  if (text == NULL)
    return;

  guard = inv_export_csv_text_needs_guard (text);

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      if (guard)
        putc ('\'', out);
      fputs (text, out);
      return;
    }

  putc ('"', out);
  if (guard)
    putc ('\'', out);
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

  if (state->filter != NULL)
    {
      InvRowChoice choice = state->filter (stmt, state->filter_data);

      if (choice == INV_ROW_STOP)
        return FALSE;
      if (choice == INV_ROW_SKIP)
        return !ferror (out);
    }
  state->n_written++;

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

  if (state->filter != NULL)
    {
      InvRowChoice choice = state->filter (stmt, state->filter_data);

      if (choice == INV_ROW_STOP)
        return FALSE;
      if (choice == INV_ROW_SKIP)
        return !ferror (out);
    }
  state->n_written++;

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
 * Writes the matching invitations with the stable export keys. A CSV cell that a
 * spreadsheet would run as a formula starts with an apostrophe; JSON is as stored.
 */
gboolean
inv_export_invitations (InvDatabase               *database,
                        const InvInvitationQuery  *query,
                        InvExportFormat            format,
                        FILE                      *out,
                        GError                   **error)
{
  return inv_export_invitations_full (database, query, format, NULL, NULL, out, NULL, error);
}

/**
 * inv_export_invitations_full:
 * @filter: (nullable) (scope call): called for every row the query reads: whether
 *   to write it, leave it out or stop (the export then ends early but is well-formed)
 * @n_written: (out) (optional): how many invitations were written
 *
 * Like inv_export_invitations(), writing only the rows @filter keeps.
 */
gboolean
inv_export_invitations_full (InvDatabase               *database,
                             const InvInvitationQuery  *query,
                             InvExportFormat            format,
                             InvRowFilter               filter,
                             gpointer                   filter_data,
                             FILE                      *out,
                             guint64                   *n_written,
                             GError                   **error)
{
  ExportState state = { out, TRUE, filter, filter_data, 0 };
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

  if (n_written != NULL)
    *n_written = state.n_written;

  return TRUE;
}

/* The export job: the rows of a list, or of its selection, into a file. */

typedef struct
{
  InvInvitationQuery *query;
  GArray             *ids;      /* (nullable) sorted selection */
  InvExportFormat     format;
  GFile              *file;
  InvBulkJob         *job;      /* (unowned) while it runs */
  GCancellable       *cancellable;
  guint64             n_read;
  guint64             n_kept;
  guint64             total;
  gboolean            cancelled;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *export = data;

  g_clear_pointer (&export->query, inv_invitation_query_free);
  g_clear_pointer (&export->ids, g_array_unref);
  g_clear_object (&export->file);
  g_free (export);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

/* Called for every row the query reads, in list order; the id column is first. */
static InvRowChoice
export_job_filter (sqlite3_stmt *stmt,
                   gpointer      user_data)
{
  ExportJob *export = user_data;
  gboolean keep = TRUE;

  if (export->cancelled)
    return INV_ROW_STOP;

  export->n_read++;

  if (export->ids != NULL)
    {
      gint64 id = sqlite3_column_int64 (stmt, COL_ID);

      keep = bsearch (&id, export->ids->data, export->ids->len, sizeof (gint64), compare_ids) != NULL;
    }

  if (keep)
    export->n_kept++;

  /* Progress counts what was written of a selection, what was read of a list. */
  if ((export->n_read & 0xfff) == 0)
    {
      if (g_cancellable_is_cancelled (export->cancellable))
        export->cancelled = TRUE;
      inv_bulk_job_set_progress (export->job,
                                 export->ids != NULL ? export->n_kept : export->n_read,
                                 export->total);
    }

  return keep ? INV_ROW_KEEP : INV_ROW_SKIP;
}

static gpointer
export_job_work (InvBulkJob    *job,
                 InvDatabase   *database,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  ExportJob *export = data;
  g_autofree char *path = g_file_get_path (export->file);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp_path = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 *n_written;
  FILE *out;
  int fd;
  gboolean ok;

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (export->file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot export to “%s”: choose a file on this computer"), uri);
      return NULL;
    }

  export->job = job;
  export->cancellable = cancellable;

  if (export->ids != NULL)
    export->total = export->ids->len;
  else
    {
      guint counts[INV_N_STATUSES] = { 0 };

      if (!inv_database_count_by_status (database, export->query, counts, error))
        return NULL;
      for (guint i = 0; i < INV_N_STATUSES; i++)
        export->total += counts[i];
    }
  inv_bulk_job_set_progress (job, 0, export->total);

  /* Beside the chosen file, so that the rename that puts it in place cannot cross
   * file systems; a person's existing file is replaced only by a finished export. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  temp_path = g_strdup_printf ("%s" G_DIR_SEPARATOR_S ".%s.XXXXXX", dir, base);
  /* Private like the database it comes from: names, emails and links. */
  fd = g_mkstemp_full (temp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create a file in “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  out = fdopen (fd, "w");
  if (out == NULL)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (temp_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write the export: %s"), g_strerror (saved_errno));
      return NULL;
    }

  n_written = g_new0 (guint64, 1);
  ok = inv_export_invitations_full (database, export->query, export->format,
                                    export_job_filter, export, out, n_written, &local_error);
  if (fclose (out) != 0 && ok)
    {
      int saved_errno = errno;

      ok = FALSE;
      g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write the export: %s"), g_strerror (saved_errno));
    }

  if (ok && (export->cancelled || g_cancellable_is_cancelled (cancellable)))
    {
      ok = FALSE;
      g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The export was stopped"));
    }

  if (ok && g_rename (temp_path, path) != 0)
    {
      int saved_errno = errno;

      ok = FALSE;
      g_set_error (&local_error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not save “%s”: %s"), base, g_strerror (saved_errno));
    }

  if (!ok)
    {
      g_unlink (temp_path);
      g_free (n_written);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  inv_bulk_job_set_progress (job, export->total, export->total);

  return n_written;
}

/**
 * inv_export_job_new:
 * @query: the list's query: its filters and order
 * @ids: (nullable): the selection, when only it is exported
 * @n_ids: how many ids @ids holds
 * @format: the file's format
 * @file: where to write: a local file, replaced only once the export is complete
 *
 * Makes a job that exports the rows of a list (or, with @ids, those of its selected
 * rows, in the list's order) to @file, on a worker. It reports the rows done of the
 * total; cancelling it leaves @file as it was. Its result (inv_bulk_job_run_finish())
 * points to a #guint64, the number of invitations written.
 *
 * Returns: (transfer full): the job, to run with inv_bulk_job_run_async()
 */
InvBulkJob *
inv_export_job_new (const InvInvitationQuery *query,
                    const gint64             *ids,
                    guint                     n_ids,
                    InvExportFormat           format,
                    GFile                    *file)
{
  ExportJob *export;

  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  export = g_new0 (ExportJob, 1);
  export->query = inv_invitation_query_copy (query);
  export->format = format;
  export->file = g_object_ref (file);
  if (ids != NULL)
    {
      export->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
      g_array_append_vals (export->ids, ids, n_ids);
      g_array_sort (export->ids, compare_ids);
    }

  return inv_bulk_job_new (INV_BULK_JOB_FLAGS_NONE, export_job_work, export, export_job_free, g_free);
}

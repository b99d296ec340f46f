/* bench-cancel.c: a bulk cancel on a large database, timed (run by hand through
 * bench-cancel.py; never part of the test suite).
 *
 * Usage: bench-cancel DATABASE [N [SEARCH]]
 * Takes the N most recent pending invitations (default 100,000), or with SEARCH the
 * first N pending ones that the list's search for SEARCH shows, previews and applies
 * their cancel the way the window does (inv_cancel_preview(), then
 * inv_cancel_apply_job_new(): one transaction on the database worker's connection,
 * the default message rendered for each), and prints one "name value" line per figure:
 *   ids-ms       reading the N ids (what the window's list already holds)
 *   preview-ms   the warning dialog's numbers
 *   apply-ms     confirm → the cancel committed and reported back (the toast)
 *   durable-ms   confirm → its write-ahead log copied into the database file too
 *   undo-ms      undoing it (within the grace period)
 *   hwm-kb-*     peak resident memory (VmHWM) after the preview, the apply, the undo
 *   cancelled, queued, skipped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inv-cancel.h"
#include "inv-database-invitations.h"

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");

  return line != NULL ? strtol (line + 6, NULL, 10) : -1;
}

typedef struct
{
  GMainLoop       *loop;
  InvCancelResult *result;
  GError          *error;
} Applied;

static void
applied_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  Applied *applied = user_data;

  applied->result = inv_bulk_job_run_finish (INV_BULK_JOB (source), res, &applied->error);
  g_main_loop_quit (applied->loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(InvDatabaseWorker) worker = NULL;
  g_autoptr(InvBulkJob) job = NULL;
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(InvCancelPreview) preview = NULL;
  g_autoptr(InvCancelResult) result = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  InvCancelOptions options;
  guint n = 100000;
  guint n_restored = 0;
  gint64 start;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s DATABASE [N [SEARCH]]\n", argv[0]);
      return 2;
    }
  if (argc > 2)
    n = (guint)strtoul (argv[2], NULL, 10);

  database = inv_database_open (argv[1], &error);
  if (database == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  /* As in the window: the worker is there before anyone cancels. */
  worker = inv_database_worker_new (argv[1]);

  start = g_get_monotonic_time ();
  inv_invitation_query_set_status (query, "pending");
  if (argc > 3)
    inv_invitation_query_set_search (query, argv[3]);
  query->sort_column = INV_SORT_SENT;
  ids = inv_database_query_invitation_ids (database, query, &error);
  if (ids == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  if (ids->len > n)
    g_array_set_size (ids, n);
  printf ("ids-ms %.1f\n", ms_since (start));

  start = g_get_monotonic_time ();
  preview = inv_cancel_preview (database, (const gint64 *)(gpointer)ids->data, ids->len, &error);
  if (preview == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  printf ("preview-ms %.1f\n", ms_since (start));
  printf ("hwm-kb-preview %ld\n", peak_rss_kb ());

  inv_cancel_options_init (&options);
  options.reason = INV_CANCEL_REASON_PIPELINE_CLEANUP;
  options.grace_seconds = 600;

  start = g_get_monotonic_time ();
  {
    Applied applied = { g_main_loop_new (NULL, FALSE), NULL, NULL };

    job = inv_cancel_apply_job_new ((const gint64 *)(gpointer)ids->data, ids->len, &options);
    inv_bulk_job_run_async (job, worker, NULL, applied_cb, &applied);
    g_main_loop_run (applied.loop);
    g_main_loop_unref (applied.loop);
    if (applied.result == NULL)
      {
        fprintf (stderr, "%s\n", applied.error->message);
        return 1;
      }
    result = applied.result;
  }
  printf ("apply-ms %.1f\n", ms_since (start));

  /* Waits (busy timeout) for the worker's own checkpoint, then finishes it. */
  if (!inv_database_exec (database, "PRAGMA wal_checkpoint (TRUNCATE)", &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  printf ("durable-ms %.1f\n", ms_since (start));
  printf ("hwm-kb-apply %ld\n", peak_rss_kb ());
  printf ("cancelled %u\nqueued %u\nskipped %u\n", result->n_cancelled, result->n_queued,
          result->n_skipped + result->n_unknown);

  start = g_get_monotonic_time ();
  if (!inv_cancel_undo (database, result->batch_id, &n_restored, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  printf ("undo-ms %.1f\n", ms_since (start));
  printf ("hwm-kb-undo %ld\n", peak_rss_kb ());

  return 0;
}

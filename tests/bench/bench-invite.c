/* bench-invite.c: preview and queue a bulk invite of N selected candidates, the way
 * the invite dialog does (see bench-invite.py).
 *
 * Usage: bench-invite DATABASE N
 * Adds N candidates and a template, then prints:
 *   preview_ms  inv_invite_preview() of the N (what the dialog shows before sending)
 *   queue_ms    inv_invite_queue() of the N, in batches of 100 (one transaction each)
 *   async_ms    the same for N more candidates through inv_invite_queue_job_new() on
 *               the database worker,
 *               while the main loop runs a 10 ms timer;
 *   stall_ms    the longest the main loop went without running that timer (what a
 *               person would feel as the window freezing)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "inv-database-candidates.h"
#include "inv-invite.h"
#include "inv-transaction.h"

typedef struct
{
  gint64     last_tick;
  gint64     max_gap;
  GPtrArray *outcomes;
  gboolean   done;
} Loop;

static gboolean
tick_cb (gpointer data)
{
  Loop *loop = data;
  gint64 now = g_get_monotonic_time ();

  if (loop->last_tick != 0)
    loop->max_gap = MAX (loop->max_gap, now - loop->last_tick);
  loop->last_tick = now;

  return G_SOURCE_CONTINUE;
}

static void
queued_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Loop *loop = data;
  g_autoptr(GError) error = NULL;

  loop->outcomes = inv_bulk_job_run_finish (INV_BULK_JOB (source), result, &error);
  if (loop->outcomes == NULL)
    g_error ("%s", error->message);
  loop->done = TRUE;
}

static GArray *
add_candidates (InvDatabase *database,
                guint        n,
                const char  *prefix)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GError) error = NULL;
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, &error);
  if (txn == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("%s%u@example.org", prefix, i);
      gint64 id = inv_database_add_candidate (database, "Bench", "Person", email, NULL, &error);

      if (id == 0)
        g_error ("%s", error->message);
      g_array_append_val (ids, id);
    }
  if (!inv_transaction_commit (txn, &error))
    g_error ("%s", error->message);

  return ids;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) more = NULL;
  g_autoptr(InvInvitePreview) preview = NULL;
  g_autoptr(InvInviteRequest) request = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(InvDatabaseWorker) worker = NULL;
  g_autoptr(InvBulkJob) job = NULL;
  Loop loop = { 0 };
  gint64 start, previewed, queued;
  guint n;
  guint timer;

  if (argc != 3)
    {
      g_printerr ("Usage: %s DATABASE N\n", argv[0]);
      return 2;
    }
  n = atoi (argv[2]);

  database = inv_database_open (argv[1], &error);
  if (database == NULL || !inv_database_exec (database,
                                              "INSERT INTO templates (id, remote_id, name, active) "
                                              "VALUES (1, 1001, 'Bench', 1)", &error))
    g_error ("%s", error->message);

  ids = add_candidates (database, n, "first");
  more = add_candidates (database, n, "second");
  request = inv_invite_request_new (1);

  start = g_get_monotonic_time ();
  preview = inv_invite_preview (database, 1, (gint64 *)(gpointer)ids->data, ids->len, &error);
  if (preview == NULL)
    g_error ("%s", error->message);
  previewed = g_get_monotonic_time ();
  outcomes = inv_invite_queue (database, request, (gint64 *)(gpointer)ids->data, ids->len,
                               NULL, NULL, NULL, NULL, &error);
  if (outcomes == NULL)
    g_error ("%s", error->message);
  queued = g_get_monotonic_time ();

  g_print ("ready %u\n", preview->n_ready);
  g_print ("preview_ms %.1f\n", (previewed - start) / 1000.0);
  g_print ("queue_ms %.1f\n", (queued - previewed) / 1000.0);

  timer = g_timeout_add (10, tick_cb, &loop);
  start = g_get_monotonic_time ();
  worker = inv_database_worker_new (inv_database_get_path (database));
  job = inv_invite_queue_job_new (request, (gint64 *)(gpointer)more->data, more->len);
  inv_bulk_job_run_async (job, worker, NULL, queued_cb, &loop);
  while (!loop.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timer);

  g_print ("async_ms %.1f\n", (g_get_monotonic_time () - start) / 1000.0);
  g_print ("stall_ms %.1f\n", loop.max_gap / 1000.0);
  g_print ("queued %u\n", loop.outcomes->len);
  g_ptr_array_unref (loop.outcomes);

  return 0;
}

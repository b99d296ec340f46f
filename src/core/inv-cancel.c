/* inv-cancel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cancelling invitations in bulk. Everything is set-based SQL over a temporary table
 * of the requested ids, so that 100,000 invitations are cancelled in one transaction
 * in about the time SQLite needs to write them; only the outbox rows, which each need
 * a fresh idempotency key and the values of their personal message, are written one
 * by one (with prepared statements, inside the same transaction). The message text
 * is kept once per interview template (inv-cancel-message.c).
 *
 * This file holds what the steps share: the error domain, the options and the boxed
 * types of a preview and a result. The steps are in inv-cancel-staging.c (staging
 * and counting the requested rows), inv-cancel-preview.c, inv-cancel-apply.c,
 * inv-cancel-undo.c; each of the last three also makes its step a job for the database
 * worker, with the settings for bulk work below.
 */

#define G_LOG_DOMAIN "inv-cancel"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#ifdef HAVE_MALLOC_TRIM
# include <malloc.h>
#endif

#include "inv-cancel.h"
#include "inv-cancel-private.h"

G_DEFINE_QUARK (inv-cancel-error-quark, inv_cancel_error)

G_DEFINE_BOXED_TYPE (InvCancelPreview, inv_cancel_preview, inv_cancel_preview_copy, inv_cancel_preview_free)
G_DEFINE_BOXED_TYPE (InvCancelResult, inv_cancel_result, inv_cancel_result_copy, inv_cancel_result_free)

/* How much of the database file a cancel job may read through a memory map. A
 * preview, cancel or undo of 100,000 rows looks up rows all over the table: read
 * through the map, each page costs a page-table entry instead of a system call and a
 * copy, which more than halves the time to stage the rows. The map is dropped again
 * once the job is over, so the worker's memory is not affected afterwards. */
#define BULK_MMAP_BYTES G_GINT64_CONSTANT (2147483648)

static void
set_mmap_size (InvDatabase *database,
               gint64       size)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA mmap_size = %" G_GINT64_FORMAT, size);

  /* Only an optimisation: without it the work is slower, not wrong. */
  inv_database_exec (database, sql, NULL);
}

/* What the afterwards step restores: the worker's setting from before the job. */
typedef struct
{
  int autocheckpoint;
} Saved;

typedef struct
{
  InvBulkJobFunc  func;
  gpointer        data;
  GDestroyNotify  data_free;
  Saved          *saved;      /* the afterwards step's, which runs only after this */
} CancelJob;

static void
cancel_job_free (gpointer data)
{
  CancelJob *cancel_job = data;

  if (cancel_job->data_free != NULL)
    cancel_job->data_free (cancel_job->data);
  g_free (cancel_job);
}

static gpointer
cancel_job_work (InvBulkJob    *job,
                 InvDatabase   *database,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  CancelJob *cancel_job = data;

  cancel_job->saved->autocheckpoint = inv_database_get_autocheckpoint (database);

  set_mmap_size (database, BULK_MMAP_BYTES);

  /* A big cancel leaves a large write-ahead log. Copying it into the database file
   * (the checkpoint) can take as long as the cancel itself, and the person waits for
   * the cancel only: so the commit does not checkpoint, the afterwards step does,
   * once the result is on its way. */
  inv_database_set_autocheckpoint (database, 0);

  return cancel_job->func (job, database, cancel_job->data, cancellable, error);
}

static void
afterwards (InvDatabase *database,
            gpointer     user_data)
{
  Saved *saved = user_data;

  inv_database_set_autocheckpoint (database, saved->autocheckpoint);
  inv_database_exec (database, "PRAGMA wal_checkpoint (PASSIVE)", NULL);
  _inv_cancel_clear_staged (database, NULL);
  set_mmap_size (database, 0);

#ifdef HAVE_MALLOC_TRIM
  /* The cancel's pages and staged rows were freed; hand the memory back to the
   * system rather than keep it in the allocator's free lists. */
  malloc_trim (0);
#endif
}

/**
 * _inv_cancel_job_new:
 * @func: one step of a cancel, run with the connection set up for bulk work
 * @data: data for @func
 * @data_free: frees @data
 * @result_free: frees what @func returns
 *
 * A bulk job for one step of a cancel: cancelling it interrupts the work (nothing
 * changes then), and once its result is back the worker checkpoints and gives the
 * memory of the work back.
 *
 * Returns: (transfer full): the job
 */
InvBulkJob *
_inv_cancel_job_new (InvBulkJobFunc  func,
                     gpointer        data,
                     GDestroyNotify  data_free,
                     GDestroyNotify  result_free)
{
  CancelJob *cancel_job = g_new0 (CancelJob, 1);
  InvBulkJob *job;

  cancel_job->func = func;
  cancel_job->data = data;
  cancel_job->data_free = data_free;
  cancel_job->saved = g_new0 (Saved, 1);

  job = inv_bulk_job_new (INV_BULK_JOB_FLAGS_NONE, cancel_job_work, cancel_job, cancel_job_free,
                          result_free);
  inv_bulk_job_set_afterwards (job, afterwards, cancel_job->saved, g_free);

  return job;
}

/**
 * inv_cancel_options_init:
 *
 * Sets @options to the defaults: no reason stated (the message gives none), candidates and interviewers
 * notified, no grace period, the interview templates' own messages.
 */
void
inv_cancel_options_init (InvCancelOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->reason = INV_CANCEL_REASON_NOT_STATED;
  options->notify_candidate = TRUE;
  options->notify_interviewers = TRUE;
  options->grace_seconds = 0;
  options->message_override = NULL;
  options->note = NULL;
}

InvCancelPreview *
inv_cancel_preview_copy (const InvCancelPreview *preview)
{
  g_return_val_if_fail (preview != NULL, NULL);

  return g_memdup2 (preview, sizeof *preview);
}

void
inv_cancel_preview_free (InvCancelPreview *preview)
{
  g_free (preview);
}

static void
clear_skipped (gpointer data)
{
  InvCancelSkipped *skipped = data;

  g_clear_pointer (&skipped->status_text, g_free);
}

InvCancelResult *
_inv_cancel_result_new (void)
{
  InvCancelResult *result = g_new0 (InvCancelResult, 1);

  result->skipped = g_array_new (FALSE, TRUE, sizeof (InvCancelSkipped));
  g_array_set_clear_func (result->skipped, clear_skipped);
  result->unknown_ids = g_array_new (FALSE, TRUE, sizeof (gint64));

  return result;
}

InvCancelResult *
inv_cancel_result_copy (const InvCancelResult *result)
{
  InvCancelResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = _inv_cancel_result_new ();
  memcpy (copy->skipped_by_status, result->skipped_by_status, sizeof copy->skipped_by_status);
  copy->batch_id = result->batch_id;
  copy->hold_until = result->hold_until;
  copy->n_cancelled = result->n_cancelled;
  copy->n_cancelled_sample = result->n_cancelled_sample;
  copy->n_queued = result->n_queued;
  copy->n_skipped = result->n_skipped;
  copy->n_unknown = result->n_unknown;
  copy->n_live = result->n_live;
  copy->n_interviewers = result->n_interviewers;

  for (guint i = 0; i < result->skipped->len; i++)
    {
      InvCancelSkipped skipped = g_array_index (result->skipped, InvCancelSkipped, i);

      skipped.status_text = g_strdup (skipped.status_text);
      g_array_append_val (copy->skipped, skipped);
    }
  g_array_append_vals (copy->unknown_ids, result->unknown_ids->data, result->unknown_ids->len);

  return copy;
}

void
inv_cancel_result_free (InvCancelResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->skipped, g_array_unref);
  g_clear_pointer (&result->unknown_ids, g_array_unref);
  g_free (result);
}

static char *
describe_one_status (InvStatus status,
                     guint     n)
{
  switch (status)
    {
    case INV_STATUS_IN_PROGRESS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u is in progress", "%'u are in progress", n), n);
    case INV_STATUS_COMPLETED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u is completed", "%'u are completed", n), n);
    case INV_STATUS_EXPIRED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u has expired", "%'u have expired", n), n);
    case INV_STATUS_CANCELLED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u is already cancelled", "%'u are already cancelled", n), n);
    case INV_STATUS_TEST_LEFT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u was left by the candidate", "%'u were left by their candidates", n), n);
    case INV_STATUS_TERMINATED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u was terminated", "%'u were terminated", n), n);
    case INV_STATUS_UNKNOWN:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u has an unknown status", "%'u have an unknown status", n), n);
    case INV_STATUS_PENDING:
    case INV_N_STATUSES:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u cannot be cancelled", "%'u cannot be cancelled", n), n);
    }
}

/**
 * inv_cancel_preview_describe_skipped:
 *
 * Says which invitations a cancel leaves alone and why, for the warning dialog:
 * "3 are in progress, 2 are completed — they will be skipped."
 *
 * Returns: (transfer full) (nullable): a translated sentence, or %NULL when every
 *   requested invitation will be cancelled
 */
char *
inv_cancel_preview_describe_skipped (const InvCancelPreview *preview)
{
  g_autoptr(GString) text = NULL;
  guint n = 0;

  g_return_val_if_fail (preview != NULL, NULL);

  if (preview->n_skipped == 0 && preview->n_unknown == 0)
    return NULL;

  text = g_string_new (NULL);

  /* Known statuses first, in their natural order; an unknown one last. */
  for (guint i = 1; i <= INV_N_STATUSES; i++)
    {
      InvStatus status = i % INV_N_STATUSES;
      g_autofree char *part = NULL;

      if (preview->skipped_by_status[status] == 0)
        continue;

      part = describe_one_status (status, preview->skipped_by_status[status]);
      if (text->len > 0)
        g_string_append (text, _(", "));
      g_string_append (text, part);
      n += preview->skipped_by_status[status];
    }

  if (preview->n_unknown > 0)
    {
      if (text->len > 0)
        g_string_append (text, _(", "));
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "%'u no longer exists", "%'u no longer exist",
                                           preview->n_unknown),
                              preview->n_unknown);
      n += preview->n_unknown;
    }

  /* Translators: %s is a list such as "3 are in progress, 2 are completed" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — it will be skipped.",
                                       "%s — they will be skipped.", n),
                          text->str);
}

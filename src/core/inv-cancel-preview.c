/* inv-cancel-preview.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a cancel would do, counted without changing anything.
 */

#define G_LOG_DOMAIN "inv-cancel"

#include "config.h"

#include "inv-cancel.h"
#include "inv-cancel-private.h"
#include "inv-transaction.h"

static InvCancelPreview *
preview_staged (InvDatabase                *database,
                const gint64               *ids,
                guint                       n_ids,
                const InvInvitationQuery   *query,
                GError                    **error)
{
  g_autoptr(InvCancelPreview) preview = g_new0 (InvCancelPreview, 1);
  g_autoptr(InvTransaction) txn = NULL;
  guint n_requested = 0;

  /* A read transaction: the counts come from one consistent snapshot, and the
   * temporary table fills without a journal commit per id. */
  txn = inv_transaction_begin (database, INV_TRANSACTION_DEFERRED, error);
  if (txn == NULL)
    return NULL;

  if ((query != NULL ? !_inv_cancel_stage_matching (database, query, &n_requested, error)
                     : !_inv_cancel_stage_ids (database, ids, n_ids, &n_requested, error)) ||
      !_inv_cancel_count_staged (database, n_requested, preview, NULL, error) ||
      !inv_transaction_commit (txn, error))
    return NULL;

  return g_steal_pointer (&preview);
}

/**
 * inv_cancel_preview:
 * @database: the app's database
 * @ids: (array length=n_ids): the invitations a person selected (duplicates are fine)
 * @n_ids: how many
 * @error: return location for a #GError
 *
 * Counts what cancelling @ids would do, without changing anything: how many will be
 * cancelled, how many are skipped and why, which ids no longer exist, and how many
 * live interviews have interviewers to notify.
 *
 * Returns: (transfer full): the counts, or %NULL with @error set
 */
InvCancelPreview *
inv_cancel_preview (InvDatabase   *database,
                    const gint64  *ids,
                    guint          n_ids,
                    GError       **error)
{
  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  return preview_staged (database, ids, n_ids, NULL, error);
}

/**
 * inv_cancel_preview_matching:
 * @query: the filter ("all matching"); its order is ignored
 *
 * Like inv_cancel_preview() for every invitation that @query matches.
 *
 * Returns: (transfer full): the counts, or %NULL with @error set
 */
InvCancelPreview *
inv_cancel_preview_matching (InvDatabase               *database,
                             const InvInvitationQuery  *query,
                             GError                   **error)
{
  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return preview_staged (database, NULL, 0, query, error);
}

static void
ids_free (gpointer data)
{
  g_array_unref (data);
}

static gpointer
preview_work (InvBulkJob    *job,
              InvDatabase   *database,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  GArray *ids = data;

  return inv_cancel_preview (database, (const gint64 *)(gpointer)ids->data, ids->len, error);
}

/**
 * inv_cancel_preview_job_new:
 * @ids: (array length=n_ids): copied before this returns
 * @n_ids: how many
 *
 * inv_cancel_preview() as a job for the database worker; cancelling interrupts it.
 *
 * Returns: (transfer full): the job; inv_bulk_job_run_finish() gives an
 *   #InvCancelPreview
 */
InvBulkJob *
inv_cancel_preview_job_new (const gint64 *ids,
                            guint         n_ids)
{
  GArray *copy;

  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (copy, ids, n_ids);

  return _inv_cancel_job_new (preview_work, copy, ids_free, (GDestroyNotify)inv_cancel_preview_free);
}

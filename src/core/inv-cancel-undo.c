/* inv-cancel-undo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Taking a cancel back while its outbox rows are still held locally.
 */

#define G_LOG_DOMAIN "inv-cancel"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-cancel.h"
#include "inv-cancel-private.h"
#include "inv-outbox.h"
#include "inv-transaction.h"

typedef struct
{
  gint64 hold_until;
  gint64 n_queued;
  gboolean undone;
} BatchInfo;

static gboolean
read_batch (InvDatabase  *database,
            gint64        batch_id,
            BatchInfo    *info)
{
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = inv_database_prepare (database,
                               "SELECT hold_until, n_queued, undone_at IS NOT NULL "
                               "FROM cancel_batches WHERE batch_id = ?1",
                               NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, batch_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      info->hold_until = sqlite3_column_int64 (stmt, 0);
      info->n_queued = sqlite3_column_int64 (stmt, 1);
      info->undone = sqlite3_column_int (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);

  return found;
}

/* How many of the batch's outbox rows inv_outbox_withdraw_batch() would take back:
 * queued, still held, never tried. */
static gint64
count_withdrawable (InvDatabase *database,
                    gint64       batch_id,
                    gint64       now)
{
  sqlite3_stmt *stmt;
  gint64 n = -1;

  stmt = inv_database_prepare (database,
                               "SELECT count(*) FROM outbox WHERE batch_id = ?1 AND operation = 'cancel' "
                               "  AND state = 'queued' AND hold_until > ?2 AND attempts = 0",
                               NULL);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return n;
}

static gboolean
check_undoable (InvDatabase  *database,
                gint64        batch_id,
                gint64        now,
                GError      **error)
{
  BatchInfo info = { 0 };

  if (!read_batch (database, batch_id, &info) || info.undone)
    {
      g_set_error_literal (error, INV_CANCEL_ERROR, INV_CANCEL_ERROR_UNKNOWN_BATCH,
                           _("There is no cancellation to undo"));
      return FALSE;
    }

  /* Every row of the batch must still be held: an undo is all or nothing, and a row
   * that may already be on its way to the service cannot be taken back. */
  if (info.hold_until <= now || count_withdrawable (database, batch_id, now) != info.n_queued)
    {
      g_set_error_literal (error, INV_CANCEL_ERROR, INV_CANCEL_ERROR_ALREADY_SENT,
                           _("The cancellation was already sent and can no longer be undone; re-invite the candidates instead"));
      return FALSE;
    }

  return TRUE;
}

/**
 * inv_cancel_can_undo:
 * @batch_id: a batch from inv_cancel_apply()
 * @now: the current time, UTC seconds
 *
 * Returns: %TRUE while inv_cancel_undo() of @batch_id would succeed
 */
gboolean
inv_cancel_can_undo (InvDatabase *database,
                     gint64       batch_id,
                     gint64       now)
{
  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  return check_undoable (database, batch_id, now, NULL);
}

/**
 * inv_cancel_find_last_undoable:
 * @now: the current time, UTC seconds
 * @batch_id: (out): the newest cancel that can still be undone
 * @hold_until: (out) (optional): until when it can
 * @n_invitations: (out) (optional): how many invitations it cancelled
 *
 * What Ctrl+Z undoes: the newest cancel, by anyone on this computer, whose grace
 * period is still running and none of whose rows was sent.
 *
 * Returns: %TRUE when there is one
 */
gboolean
inv_cancel_find_last_undoable (InvDatabase *database,
                               gint64       now,
                               gint64      *batch_id,
                               gint64      *hold_until,
                               guint       *n_invitations)
{
  sqlite3_stmt *stmt;
  gint64 found_id = 0;
  gint64 found_until = 0;
  guint found_n = 0;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (batch_id != NULL, FALSE);

  *batch_id = 0;

  stmt = inv_database_prepare (database,
                               "SELECT batch_id, hold_until, n_invitations FROM cancel_batches "
                               "WHERE undone_at IS NULL AND hold_until > ?1 "
                               "ORDER BY batch_id DESC LIMIT 1",
                               NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found_id = sqlite3_column_int64 (stmt, 0);
      found_until = sqlite3_column_int64 (stmt, 1);
      found_n = (guint)sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);

  if (found_id == 0 || !check_undoable (database, found_id, now, NULL))
    return FALSE;

  *batch_id = found_id;
  if (hold_until != NULL)
    *hold_until = found_until;
  if (n_invitations != NULL)
    *n_invitations = found_n;

  return TRUE;
}

/**
 * inv_cancel_undo:
 * @batch_id: a batch from inv_cancel_apply()
 * @n_restored: (out) (optional): how many invitations got their previous state back
 * @error: return location for a #GError
 *
 * Undoes a whole cancel while it is still held locally: the outbox rows are withdrawn
 * (inv_outbox_withdraw_batch(), which records "undone" in each invitation's history)
 * and every invitation of the batch, demo rows included, gets back exactly its
 * previous status, sync state and cancel reason — in one transaction. After the grace
 * period, or once the sync engine took a row, it refuses with
 * %INV_CANCEL_ERROR_ALREADY_SENT and changes nothing.
 *
 * Returns: %TRUE if the batch was undone
 */
gboolean
inv_cancel_undo (InvDatabase  *database,
                 gint64        batch_id,
                 guint        *n_restored,
                 GError      **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gint64 now = inv_database_now ();
  guint restored;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  if (n_restored != NULL)
    *n_restored = 0;

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;

  if (!check_undoable (database, batch_id, now, error))
    return FALSE;

  inv_outbox_withdraw_batch (database, batch_id, now, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The outbox restored status and sync state of the real rows; this restores the
   * cancel reason too, and the demo rows, which never had an outbox row. */
  /* OR FAIL, as in the apply: no statement journal of every page it changes. */
  stmt = inv_database_prepare (database,
                               "UPDATE OR FAIL invitations SET status = r.previous_status, "
                               "  sync_state = r.previous_sync_state, "
                               "  cancel_reason = r.previous_cancel_reason, updated_at = ?2 "
                               "FROM cancel_batch_rows r "
                               "WHERE r.batch_id = ?1 AND invitations.id = r.invitation_id",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;
  restored = sqlite3_changes (inv_database_get_handle (database));

  /* Demo rows get the same history entry the outbox writes for the real ones. */
  stmt = inv_database_prepare (database,
                               "INSERT INTO history (invitation_id, at, event, detail) "
                               "SELECT r.invitation_id, ?2, 'undone', 'cancel' FROM cancel_batch_rows r "
                               "  CROSS JOIN invitations i ON i.id = r.invitation_id "
                               "WHERE r.batch_id = ?1 AND i.is_sample = 1",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  stmt = inv_database_prepare (database,
                               "UPDATE cancel_batches SET undone_at = ?2 WHERE batch_id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  stmt = inv_database_prepare (database, "DELETE FROM cancel_batch_rows WHERE batch_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  if (!inv_transaction_commit (txn, error))
    return FALSE;

  if (n_restored != NULL)
    *n_restored = restored;

  return TRUE;
}

static gpointer
undo_work (InvBulkJob    *job,
           InvDatabase   *database,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  gint64 *batch_id = data;
  guint n_restored = 0;

  if (!inv_cancel_undo (database, *batch_id, &n_restored, error))
    return NULL;

  return g_memdup2 (&n_restored, sizeof n_restored);
}

/**
 * inv_cancel_undo_job_new:
 * @batch_id: a batch from inv_cancel_apply()
 *
 * inv_cancel_undo() as a job for the database worker; cancelling interrupts it, and
 * the batch stays cancelled then.
 *
 * Returns: (transfer full): the job; inv_bulk_job_run_finish() gives a `guint *`,
 *   how many invitations got their previous state back (free it with g_free())
 */
InvBulkJob *
inv_cancel_undo_job_new (gint64 batch_id)
{
  return _inv_cancel_job_new (undo_work, g_memdup2 (&batch_id, sizeof batch_id), g_free, g_free);
}

/* inv-cancel-preview.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a cancel would do, counted without changing anything.
 */

#define G_LOG_DOMAIN "inv-cancel"

#include "config.h"

#include <glib/gi18n.h>

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

/* How many ids one look-up for recipients reads. */
#define RECIPIENT_CHUNK 256

/**
 * inv_cancel_find_recipient:
 * @ids: (array length=n_ids): the invitations a cancel would get, in the order the
 *   preview pages through them (without duplicates)
 * @n_ids: how many
 * @from: the index in @ids where the search starts (included)
 * @backwards: search towards the start of @ids
 * @found: (out): the index of the invitation found
 * @error: return location for a #GError
 *
 * Finds the next invitation of @ids that the cancel will really cancel — skipping
 * those whose status does not allow it and ids that no longer exist — so that the
 * dialog previews the email of someone who will receive it, one recipient at a
 * time. Reads @ids a small chunk at a time, never the whole selection.
 *
 * Returns: %TRUE if one was found; %FALSE with @error unset when there is none in that
 *   direction, or with @error set
 */
gboolean
inv_cancel_find_recipient (InvDatabase   *database,
                           const gint64  *ids,
                           guint          n_ids,
                           guint          from,
                           gboolean       backwards,
                           guint         *found,
                           GError       **error)
{
  gint64 position = from;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);
  g_return_val_if_fail (found != NULL, FALSE);

  while (position >= 0 && position < (gint64)n_ids)
    {
      g_autoptr(GHashTable) eligible = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_autoptr(GString) sql = g_string_new (NULL);
      gint64 first = backwards ? MAX (position - RECIPIENT_CHUNK + 1, 0) : position;
      gint64 last = backwards ? position : MIN (position + RECIPIENT_CHUNK, (gint64)n_ids) - 1;
      sqlite3_stmt *stmt = NULL;
      int rc;

      /* The ids are numbers from the caller's array, written into the statement;
       * prepared outside the statement cache, as its text differs every time. */
      g_string_append_printf (sql, "SELECT id FROM invitations WHERE status IN (%s) AND id IN (",
                              _inv_cancel_statuses_sql ());
      for (gint64 i = first; i <= last; i++)
        g_string_append_printf (sql, "%s%" G_GINT64_FORMAT, i > first ? "," : "", ids[i]);
      g_string_append_c (sql, ')');

      if (sqlite3_prepare_v2 (inv_database_get_handle (database), sql->str, -1, &stmt, NULL) != SQLITE_OK)
        {
          sqlite3_finalize (stmt);
          inv_database_set_error (database, error, _("Reading the invitations to cancel"));
          return FALSE;
        }

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_hash_table_add (eligible, g_memdup2 (&id, sizeof id));
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          inv_database_set_error (database, error, _("Reading the invitations to cancel"));
          return FALSE;
        }

      for (gint64 i = backwards ? last : first; backwards ? i >= first : i <= last; i += backwards ? -1 : 1)
        if (g_hash_table_contains (eligible, &ids[i]))
          {
            *found = (guint)i;
            return TRUE;
          }

      position = backwards ? first - 1 : last + 1;
    }

  return FALSE;
}

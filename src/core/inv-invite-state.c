/* inv-invite-state.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What became of the invitations a "Send invite" queued: still in the outbox, refused,
 * or confirmed by the service (their create row is gone and they are synced).
 */

#define G_LOG_DOMAIN "inv-invite-state"

#include "config.h"

#include "inv-invite-state.h"
#include "inv-remote-store.h"

static void
entry_free (gpointer data)
{
  InvInviteStateEntry *entry = data;

  g_free (entry->reason);
  g_free (entry);
}

/* An invitation that turned out to be another row's remote invitation lives on in
 * that row (inv_remote_store_confirm_created()); a chain of merges is followed to
 * its end. */
static gint64
followed_id (InvDatabase *database,
             gint64       invitation_id)
{
  for (guint hops = 0; hops < 8; hops++)
    {
      g_autofree char *key = g_strdup_printf (INV_META_MERGED_PREFIX "%" G_GINT64_FORMAT, invitation_id);
      g_autofree char *value = inv_database_get_meta (database, key);
      gint64 next;

      if (value == NULL || (next = g_ascii_strtoll (value, NULL, 10)) <= 0)
        break;
      invitation_id = next;
    }

  return invitation_id;
}

/**
 * inv_invite_read_states:
 * @invitation_ids: (array length=n_ids): invitations made by one "Send invite"
 *
 * Reads, for each invitation, where it stands with the service: queued while an
 * outbox row for it waits, failed with the service's message when one was refused
 * or conflicted, sent once no row is left and the invitation is synced. An invitation
 * joined with another row of the same remote invitation is read there.
 *
 * Returns: (transfer container) (element-type InvInviteStateEntry): one entry per id,
 *   in the order given, or %NULL with @error set
 */
GPtrArray *
inv_invite_read_states (InvDatabase   *database,
                        const gint64  *invitation_ids,
                        guint          n_ids,
                        GError       **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);
  g_return_val_if_fail (n_ids == 0 || invitation_ids != NULL, NULL);

  /* The newest row of the invitation tells: a refused row stays until retried. */
  stmt = inv_database_prepare (database,
                               "SELECT i.sync_state, i.is_sample, "
                               "  (SELECT o.state FROM outbox o WHERE o.invitation_id = i.id ORDER BY o.id DESC LIMIT 1), "
                               "  (SELECT o.id FROM outbox o WHERE o.invitation_id = i.id ORDER BY o.id DESC LIMIT 1), "
                               "  (SELECT o.last_error FROM outbox o WHERE o.invitation_id = i.id ORDER BY o.id DESC LIMIT 1) "
                               "FROM invitations i WHERE i.id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  entries = g_ptr_array_new_full (n_ids, entry_free);

  for (guint i = 0; i < n_ids; i++)
    {
      InvInviteStateEntry *entry = g_new0 (InvInviteStateEntry, 1);

      entry->invitation_id = invitation_ids[i];
      g_ptr_array_add (entries, entry);

      sqlite3_bind_int64 (stmt, 1, followed_id (database, invitation_ids[i]));
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          entry->state = INV_INVITE_STATE_GONE;
          sqlite3_reset (stmt);
          continue;
        }

      {
        const char *sync_state = (const char *)sqlite3_column_text (stmt, 0);
        gboolean is_sample = sqlite3_column_int (stmt, 1) != 0;
        const char *outbox_state = (const char *)sqlite3_column_text (stmt, 2);

        if (is_sample)
          entry->state = INV_INVITE_STATE_LOCAL;
        else if (g_strcmp0 (outbox_state, "failed") == 0 || g_strcmp0 (outbox_state, "conflict") == 0)
          {
            entry->state = INV_INVITE_STATE_FAILED;
            entry->outbox_id = sqlite3_column_int64 (stmt, 3);
            entry->reason = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
          }
        else if (outbox_state != NULL)
          entry->state = INV_INVITE_STATE_QUEUED;
        else if (g_strcmp0 (sync_state, "synced") == 0)
          entry->state = INV_INVITE_STATE_SENT;
        else if (g_strcmp0 (sync_state, "failed") == 0 || g_strcmp0 (sync_state, "conflict") == 0)
          entry->state = INV_INVITE_STATE_FAILED;
        else
          entry->state = INV_INVITE_STATE_QUEUED;
      }
      sqlite3_reset (stmt);
    }

  return g_steal_pointer (&entries);
}

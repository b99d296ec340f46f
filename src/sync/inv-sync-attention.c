/* inv-sync-attention.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows that need a person (failed and conflicting outbox rows) as the Sync page
 * lists them, and what a person can do with them: retry or discard.
 */

#define G_LOG_DOMAIN "inv-sync-engine"

#include "config.h"

#include "inv-database-invitations.h"
#include "inv-sync-engine-private.h"

G_DEFINE_BOXED_TYPE (InvSyncAttentionItem, inv_sync_attention_item,
                     inv_sync_attention_item_copy, inv_sync_attention_item_free)

InvSyncAttentionItem *
inv_sync_attention_item_copy (const InvSyncAttentionItem *item)
{
  InvSyncAttentionItem *copy = g_new0 (InvSyncAttentionItem, 1);

  copy->entry = inv_outbox_entry_copy (item->entry);
  copy->candidate_name = g_strdup (item->candidate_name);
  copy->email = g_strdup (item->email);
  copy->template_name = g_strdup (item->template_name);
  copy->status = g_strdup (item->status);

  return copy;
}

void
inv_sync_attention_item_free (InvSyncAttentionItem *item)
{
  if (item == NULL)
    return;

  inv_outbox_entry_free (item->entry);
  g_free (item->candidate_name);
  g_free (item->email);
  g_free (item->template_name);
  g_free (item->status);
  g_free (item);
}


/**
 * inv_sync_engine_list_attention:
 *
 * Returns: (transfer container) (element-type InvSyncAttentionItem): the failed and
 *   conflicting rows, conflicts first, oldest first, with their invitations' names
 */
GPtrArray *
inv_sync_engine_list_attention (InvSyncEngine  *self,
                                GError        **error)
{
  g_autoptr(GPtrArray) items = NULL;
  InvOutboxState states[] = { INV_OUTBOX_STATE_CONFLICT, INV_OUTBOX_STATE_FAILED };

  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), NULL);

  items = g_ptr_array_new_with_free_func ((GDestroyNotify)inv_sync_attention_item_free);

  for (guint s = 0; s < G_N_ELEMENTS (states); s++)
    {
      g_autoptr(GPtrArray) entries = inv_outbox_list_by_state (self->database, states[s], error);

      if (entries == NULL)
        return NULL;

      for (guint i = 0; i < entries->len; i++)
        {
          InvOutboxEntry *entry = g_ptr_array_index (entries, i);
          InvSyncAttentionItem *item = g_new0 (InvSyncAttentionItem, 1);
          g_autoptr(InvInvitation) invitation = NULL;

          item->entry = inv_outbox_entry_copy (entry);

          /* What the page names the row by; an erasure has no invitation. */
          if (entry->invitation_id > 0)
            invitation = inv_database_load_invitation (self->database, entry->invitation_id, NULL);
          if (invitation != NULL)
            {
              item->candidate_name = g_strdup (inv_invitation_get_candidate_name (invitation));
              item->email = g_strdup (inv_invitation_get_email (invitation));
              item->template_name = g_strdup (inv_invitation_get_template_name (invitation));
              item->status = g_strdup (inv_invitation_get_status_text (invitation));
            }

          g_ptr_array_add (items, item);
        }
    }

  return g_steal_pointer (&items);
}

/**
 * inv_sync_engine_retry:
 *
 * Queues a failed row again (after the person fixed what the service refused) and
 * plans a sync.
 */
gboolean
inv_sync_engine_retry (InvSyncEngine  *self,
                       gint64          outbox_id,
                       GError        **error)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), FALSE);

  if (!inv_outbox_retry (self->database, outbox_id, error))
    return FALSE;

  _inv_sync_engine_refresh_counts (self);

  return TRUE;
}

/**
 * inv_sync_engine_discard:
 *
 * Removes a failed or conflicting row for good (see inv_outbox_discard()).
 */
gboolean
inv_sync_engine_discard (InvSyncEngine  *self,
                         gint64          outbox_id,
                         GError        **error)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), FALSE);

  if (!inv_outbox_discard (self->database, outbox_id, error))
    return FALSE;

  _inv_sync_engine_refresh_counts (self);

  return TRUE;
}

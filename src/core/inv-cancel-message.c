/* inv-cancel-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cancellation message of a bulk cancel, kept once per batch and interview
 * template rather than once per invitation. Rendered, the message is about 650 bytes,
 * most of what a cancel of 100,000 invitations would write, and most of its time. The
 * outbox row names the template; the push renders the text the person confirmed with
 * the invitation's names as they are then, as the dialog's preview did: a typo fixed
 * during the grace period is fixed in the email too, and the outbox keeps no copy of
 * a name that an erasure removes.
 */

#define G_LOG_DOMAIN "inv-cancel"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-cancel-message.h"
#include "inv-cancel-reason.h"

/**
 * _inv_cancel_message_store:
 * @text: the message with its placeholders, which every invitation of @template_id
 *   in the batch is sent
 *
 * Keeps the message of one interview template's invitations in a cancel batch, in the
 * caller's transaction.
 */
gboolean
_inv_cancel_message_store (InvDatabase  *database,
                           gint64        batch_id,
                           gint64        template_id,
                           const char   *text,
                           GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  stmt = inv_database_prepare (database,
                               "INSERT OR REPLACE INTO cancel_messages (batch_id, template_id, text) "
                               "VALUES (?1, ?2, ?3)",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_int64 (stmt, 2, template_id);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);

  return inv_database_step_done (database, stmt, error);
}

/* Messages of batches that have no operation left to send (all sent, or undone). */
gboolean
_inv_cancel_message_prune (InvDatabase  *database,
                           GError      **error)
{
  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  return inv_database_exec (database,
                            "DELETE FROM cancel_messages WHERE NOT EXISTS "
                            "  (SELECT 1 FROM outbox o WHERE o.batch_id = cancel_messages.batch_id)",
                            error);
}

/**
 * inv_cancel_message_complete_request:
 * @batch_id: the batch of the cancel operation (#InvOutboxEntry.batch_id)
 * @invitation_id: the invitation it cancels
 * @payload: the operation's payload, parsed; changed in place
 * @error: return location for a #GError
 *
 * Makes a cancel operation's payload the request body the service expects: the
 * message the batch kept for the invitation's template, rendered for the invitation,
 * in place of the template's id. A payload that holds its message already (written
 * before messages were kept per batch) is left as it is.
 *
 * Returns: %TRUE, or %FALSE with @error set when the batch's message or the
 *   invitation is gone or the payload is damaged
 */
gboolean
inv_cancel_message_complete_request (InvDatabase  *database,
                                     gint64        batch_id,
                                     gint64        invitation_id,
                                     JsonObject   *payload,
                                     GError      **error)
{
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  g_autoptr(InvCancelEmail) email = NULL;
  InvCancelReason reason;
  JsonNode *template_node;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);

  template_node = json_object_get_member (payload, INV_CANCEL_MESSAGE_TEMPLATE_MEMBER);
  if (template_node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (template_node) || json_node_get_value_type (template_node) != G_TYPE_INT64 ||
      !inv_cancel_reason_from_string (json_object_get_string_member_with_default (payload, "reason", ""),
                                      &reason))
    {
      g_set_error_literal (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID,
                           _("The cancellation’s stored request is damaged"));
      return FALSE;
    }

  stmt = inv_database_prepare (database,
                               "SELECT text FROM cancel_messages WHERE batch_id = ?1 AND template_id = ?2",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_int64 (stmt, 2, json_node_get_int (template_node));

  if (inv_database_step_row (database, stmt, _("Reading the cancellation message"), error,
                             _("The cancellation’s message is missing from the database")))
    text = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (text == NULL)
    return FALSE;

  json_object_remove_member (payload, INV_CANCEL_MESSAGE_TEMPLATE_MEMBER);

  /* No email, no message: nothing to fill in, and nothing to refuse. */
  if (!json_object_get_boolean_member_with_default (payload, "notifyCandidate", TRUE))
    return TRUE;

  /* Refused rather than sent with a placeholder in it (the settings it needs were
   * unset after the cancel was queued). */
  message = inv_message_template_render_for_invitation (database, invitation_id, reason, text, error);
  if (message == NULL)
    return FALSE;
  email = inv_message_template_render_email (database, invitation_id, reason, text, NULL, error);
  if (email == NULL)
    return FALSE;

  json_object_set_string_member (payload, "message", message);
  /* An extension field, as "message" is: the subject the dialog showed. */
  json_object_set_string_member (payload, "subject", email->subject);

  return TRUE;
}

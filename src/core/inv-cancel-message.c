/* inv-cancel-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cancellation message of a bulk cancel, kept once per batch and interview
 * template rather than once per invitation. Rendered, the message is about 650 bytes,
 * most of what a cancel of 100,000 invitations would write, and most of its time. The
 * outbox row keeps the values of its placeholders (a few dozen bytes) as they were
 * when the person confirmed; the push renders the same text from them.
 */

#define G_LOG_DOMAIN "inv-cancel"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-cancel.h"
#include "inv-cancel-message.h"

/**
 * _inv_cancel_message_store:
 * @text: the message with its placeholders, as the batch sends it for @template_id
 * @company: (nullable): what {company} stands for
 * @time_zone: the zone {date} and {time} are written in
 *
 * Keeps the message of one interview template's invitations in a cancel batch, in the
 * caller's transaction.
 */
gboolean
_inv_cancel_message_store (InvDatabase  *database,
                           gint64        batch_id,
                           gint64        template_id,
                           const char   *text,
                           const char   *company,
                           GTimeZone    *time_zone,
                           GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (time_zone != NULL, FALSE);

  stmt = inv_database_prepare (database,
                               "INSERT OR REPLACE INTO cancel_messages (batch_id, template_id, text, company, time_zone) "
                               "VALUES (?1, ?2, ?3, ?4, ?5)",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_int64 (stmt, 2, template_id);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, company, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, g_time_zone_get_identifier (time_zone), -1, SQLITE_TRANSIENT);

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

static const char *
values_string (JsonObject *values,
               const char *member)
{
  JsonNode *node = json_object_get_member (values, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/**
 * inv_cancel_message_complete_request:
 * @batch_id: the batch of the cancel operation (#InvOutboxEntry.batch_id)
 * @payload: the operation's payload, parsed; changed in place
 * @error: return location for a #GError
 *
 * Makes a cancel operation's payload the request body the service expects: the
 * message the batch stored for the invitation's template, rendered with the values
 * the operation kept, in place of both. A payload that holds its message already
 * (written before messages were kept per batch) is left as it is.
 *
 * Returns: %TRUE, or %FALSE with @error set when the batch's message is gone or the
 *   payload is not one of a cancel
 */
gboolean
inv_cancel_message_complete_request (InvDatabase  *database,
                                     gint64        batch_id,
                                     JsonObject   *payload,
                                     GError      **error)
{
  g_autoptr(GTimeZone) time_zone = NULL;
  g_autofree char *message = NULL;
  InvMessageValues values = { 0 };
  JsonObject *kept;
  JsonNode *kept_node;
  sqlite3_stmt *stmt;
  gint64 template_id;
  int rc;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);

  if (!json_object_has_member (payload, INV_CANCEL_MESSAGE_TEMPLATE_MEMBER))
    return TRUE;

  template_id = json_object_get_int_member_with_default (payload, INV_CANCEL_MESSAGE_TEMPLATE_MEMBER, 0);
  kept_node = json_object_get_member (payload, INV_CANCEL_MESSAGE_VALUES_MEMBER);
  if (kept_node == NULL || !JSON_NODE_HOLDS_OBJECT (kept_node) ||
      !inv_cancel_reason_from_string (json_object_get_string_member_with_default (payload, "reason", ""),
                                      &values.reason))
    {
      g_set_error_literal (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID,
                           _("The cancellation’s stored message is damaged"));
      return FALSE;
    }
  kept = json_node_get_object (kept_node);

  stmt = inv_database_prepare (database,
                               "SELECT text, company, time_zone FROM cancel_messages "
                               "WHERE batch_id = ?1 AND template_id = ?2",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_int64 (stmt, 2, template_id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error_literal (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND,
                             _("The cancellation’s message is missing from the database"));
      else
        inv_database_set_error (database, error, _("Reading the cancellation message"));
      sqlite3_reset (stmt);
      return FALSE;
    }

  /* The zone the person's machine was in when they confirmed; a name this system
   * does not know falls back to the local zone. */
  if (sqlite3_column_text (stmt, 2) != NULL)
    time_zone = g_time_zone_new_identifier ((const char *)sqlite3_column_text (stmt, 2));
  if (time_zone == NULL)
    time_zone = g_time_zone_new_local ();

  values.first_name = values_string (kept, "firstName");
  values.candidate_name = values_string (kept, "candidateName");
  values.position = values_string (kept, "position");
  values.company = (const char *)sqlite3_column_text (stmt, 1);
  values.when = json_object_get_int_member_with_default (kept, "when", 0);
  values.time_zone = time_zone;
  message = inv_message_template_render ((const char *)sqlite3_column_text (stmt, 0), &values);
  sqlite3_reset (stmt);

  json_object_set_string_member (payload, "message", message);
  json_object_remove_member (payload, INV_CANCEL_MESSAGE_VALUES_MEMBER);
  json_object_remove_member (payload, INV_CANCEL_MESSAGE_TEMPLATE_MEMBER);

  return TRUE;
}

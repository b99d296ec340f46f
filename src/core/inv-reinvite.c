/* inv-reinvite.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A re-invite that can be taken back. Like a cancel, its outbox row is held for a
 * grace period; while it is still held and untried, the undo withdraws it with
 * inv_outbox_withdraw_batch() (status and sync state come back from the row) and puts
 * back what the re-invite changed beside them: the window and the cancel reason.
 * Those are kept in meta under the batch, beside the outbox row, in one transaction.
 */

#define G_LOG_DOMAIN "inv-reinvite"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "inv-invite-private.h"
#include "inv-outbox.h"
#include "inv-reinvite.h"
#include "inv-transaction.h"

#define UNDO_KEY_PREFIX "reinvite.undo."

typedef struct
{
  gint64    invitation_id;
  gint64    hold_until;
  char     *status;
  char     *sync_state;
  gint64    sent_at;
  gint64    expires_at;
  char     *cancel_reason;   /* nullable */
  gboolean  is_sample;
} Before;

static void
before_clear (Before *before)
{
  g_clear_pointer (&before->status, g_free);
  g_clear_pointer (&before->sync_state, g_free);
  g_clear_pointer (&before->cancel_reason, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Before, before_clear)

static char *
undo_key (gint64 batch_id)
{
  return g_strdup_printf (UNDO_KEY_PREFIX "%" G_GINT64_FORMAT, batch_id);
}

static gboolean
read_invitation (InvDatabase  *database,
                 gint64        invitation_id,
                 Before       *before,
                 GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = inv_database_prepare (database,
                               "SELECT status, sync_state, sent_at, expires_at, cancel_reason, is_sample "
                               "FROM invitations WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  if (!_inv_invite_step_invitation (stmt, invitation_id, error))
    return FALSE;

  before->invitation_id = invitation_id;
  before->status = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  before->sync_state = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  before->sent_at = sqlite3_column_int64 (stmt, 2);
  before->expires_at = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 3);
  before->cancel_reason = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
  before->is_sample = sqlite3_column_int (stmt, 5) != 0;
  sqlite3_reset (stmt);

  return TRUE;
}

static char *
before_to_json (const Before *before)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "invitation");
  json_builder_add_int_value (builder, before->invitation_id);
  json_builder_set_member_name (builder, "holdUntil");
  json_builder_add_int_value (builder, before->hold_until);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, before->status);
  json_builder_set_member_name (builder, "syncState");
  json_builder_add_string_value (builder, before->sync_state);
  json_builder_set_member_name (builder, "sentAt");
  json_builder_add_int_value (builder, before->sent_at);
  json_builder_set_member_name (builder, "expiresAt");
  json_builder_add_int_value (builder, before->expires_at);
  json_builder_set_member_name (builder, "cancelReason");
  if (before->cancel_reason != NULL)
    json_builder_add_string_value (builder, before->cancel_reason);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "sample");
  json_builder_add_boolean_value (builder, before->is_sample);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static gboolean
read_before (InvDatabase *database,
             gint64       batch_id,
             Before      *before)
{
  g_autofree char *key = undo_key (batch_id);
  g_autofree char *text = inv_database_get_meta (database, key);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;

  object = json_node_get_object (json_parser_get_root (parser));
  before->invitation_id = json_object_get_int_member_with_default (object, "invitation", 0);
  before->hold_until = json_object_get_int_member_with_default (object, "holdUntil", 0);
  before->status = g_strdup (json_object_get_string_member_with_default (object, "status", NULL));
  before->sync_state = g_strdup (json_object_get_string_member_with_default (object, "syncState", NULL));
  before->sent_at = json_object_get_int_member_with_default (object, "sentAt", 0);
  before->expires_at = json_object_get_int_member_with_default (object, "expiresAt", 0);
  before->cancel_reason = g_strdup (json_object_get_string_member_with_default (object, "cancelReason", NULL));
  before->is_sample = json_object_get_boolean_member_with_default (object, "sample", FALSE);

  return before->invitation_id > 0 && before->status != NULL;
}

/* Undo periods that ended leave nothing behind. */
static gboolean
forget_ended (InvDatabase  *database,
              gint64        now,
              GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = inv_database_prepare (database,
                               "DELETE FROM meta WHERE key LIKE '" UNDO_KEY_PREFIX "%' "
                               "  AND coalesce (json_extract (value, '$.holdUntil'), 0) <= ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);

  return inv_database_step_done (database, stmt, error);
}

/**
 * inv_reinvite:
 * @invitation_id: a cancelled or expired invitation
 * @ends_at: the new deadline, or 0 for the template's validity from now
 * @send_email: whether the candidate gets the invitation email again
 * @grace_seconds: how long the re-invite waits before it is sent, so it can be undone
 * @batch_id: (out): what inv_reinvite_undo() takes
 * @hold_until: (out) (optional): until when it can be undone
 *
 * Re-invites (inv_invite_reinvite_full()) with an undo period.
 *
 * Returns: %TRUE on success
 */
gboolean
inv_reinvite (InvDatabase  *database,
              gint64        invitation_id,
              gint64        ends_at,
              gboolean      send_email,
              guint         grace_seconds,
              gint64       *batch_id,
              gint64       *hold_until,
              GError      **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_auto(Before) before = { 0 };
  g_autofree char *key = NULL;
  g_autofree char *json = NULL;
  gint64 now = inv_database_now ();
  gint64 batch;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (batch_id != NULL, FALSE);

  *batch_id = 0;

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;

  if (!forget_ended (database, now, error) ||
      !read_invitation (database, invitation_id, &before, error))
    return FALSE;

  batch = inv_outbox_new_batch_id (database, error);
  if (batch == 0)
    return FALSE;

  before.hold_until = grace_seconds > 0 ? now + grace_seconds : 0;
  if (!inv_invite_reinvite_full (database, invitation_id, ends_at, send_email, batch,
                                 before.hold_until, error))
    return FALSE;

  if (before.hold_until > 0)
    {
      key = undo_key (batch);
      json = before_to_json (&before);
      if (!inv_database_set_meta (database, key, json, error))
        return FALSE;
    }

  if (!inv_transaction_commit (txn, error))
    return FALSE;

  *batch_id = batch;
  if (hold_until != NULL)
    *hold_until = before.hold_until;

  return TRUE;
}

static gboolean
check_undoable (InvDatabase  *database,
                gint64        batch_id,
                gint64        now,
                Before       *before,
                GError      **error)
{
  sqlite3_stmt *stmt;
  gint64 n_held = 0;

  if (!read_before (database, batch_id, before))
    {
      g_set_error_literal (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND,
                           _("There is no re-invite to undo"));
      return FALSE;
    }

  if (!before->is_sample)
    {
      stmt = inv_database_prepare (database,
                                   "SELECT count(*) FROM outbox WHERE batch_id = ?1 AND operation = 'reinvite' "
                                   "  AND state = 'queued' AND hold_until > ?2 AND attempts = 0",
                                   error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, batch_id);
      sqlite3_bind_int64 (stmt, 2, now);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n_held = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  if (before->hold_until <= now || (!before->is_sample && n_held == 0))
    {
      g_set_error_literal (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID,
                           _("The re-invite was already sent and can no longer be undone"));
      return FALSE;
    }

  return TRUE;
}

/**
 * inv_reinvite_can_undo:
 * @batch_id: from inv_reinvite()
 * @now: the current time, UTC seconds
 *
 * Returns: %TRUE while inv_reinvite_undo() of @batch_id would succeed
 */
gboolean
inv_reinvite_can_undo (InvDatabase *database,
                       gint64       batch_id,
                       gint64       now)
{
  g_auto(Before) before = { 0 };

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  return check_undoable (database, batch_id, now, &before, NULL);
}

/**
 * inv_reinvite_undo:
 * @batch_id: from inv_reinvite()
 *
 * Takes a re-invite back while its outbox row is still held and untried: the row is
 * withdrawn, so nothing reaches the service, and the invitation gets back its status,
 * sync state, window and cancel reason, in one transaction. Afterwards it refuses and
 * changes nothing.
 *
 * Returns: %TRUE if the re-invite was undone
 */
gboolean
inv_reinvite_undo (InvDatabase  *database,
                   gint64        batch_id,
                   GError      **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(Before) before = { 0 };
  g_autofree char *key = undo_key (batch_id);
  sqlite3_stmt *stmt;
  gint64 now = inv_database_now ();

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;

  if (!check_undoable (database, batch_id, now, &before, error))
    return FALSE;

  /* Withdrawing writes the "undone" history entry of a real row. */
  if (!before.is_sample)
    {
      inv_outbox_withdraw_batch (database, batch_id, now, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  else if (!inv_database_append_history (database, before.invitation_id, now, "undone", "reinvite", error))
    return FALSE;

  stmt = inv_database_prepare (database,
                               "UPDATE invitations SET status = ?2, sync_state = ?3, sent_at = ?4, "
                               "  expires_at = ?5, cancel_reason = ?6, updated_at = ?7 WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, before.invitation_id);
  sqlite3_bind_text (stmt, 2, before.status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, before.sync_state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, before.sent_at);
  if (before.expires_at > 0)
    sqlite3_bind_int64 (stmt, 5, before.expires_at);
  else
    sqlite3_bind_null (stmt, 5);
  if (before.cancel_reason != NULL)
    sqlite3_bind_text (stmt, 6, before.cancel_reason, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_int64 (stmt, 7, now);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  stmt = inv_database_prepare (database, "DELETE FROM meta WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  return inv_transaction_commit (txn, error);
}

/**
 * inv_reinvite_find_last_undoable:
 * @now: the current time, UTC seconds
 * @batch_id: (out): the newest re-invite that can still be undone
 * @invitation_id: (out) (optional): the invitation it re-invited
 * @hold_until: (out) (optional): until when it can be undone
 *
 * What Ctrl+Z takes back when the newest undoable change is a re-invite: the newest
 * one whose undo period is still running and that was not sent. Batch ids come from
 * the same counter as a cancel's, so the two compare.
 *
 * Returns: %TRUE when there is one
 */
gboolean
inv_reinvite_find_last_undoable (InvDatabase *database,
                                 gint64       now,
                                 gint64      *batch_id,
                                 gint64      *invitation_id,
                                 gint64      *hold_until)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (batch_id != NULL, FALSE);

  *batch_id = 0;

  /* Few rows: the ended ones are forgotten at the next re-invite. */
  stmt = inv_database_prepare (database,
                               "SELECT CAST (substr (key, length ('" UNDO_KEY_PREFIX "') + 1) AS INTEGER) AS batch "
                               "FROM meta WHERE key LIKE '" UNDO_KEY_PREFIX "%' "
                               "  AND coalesce (json_extract (value, '$.holdUntil'), 0) > ?1 "
                               "ORDER BY batch DESC",
                               NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 batch = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (candidates, batch);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < candidates->len; i++)
    {
      g_auto(Before) before = { 0 };
      gint64 batch = g_array_index (candidates, gint64, i);

      if (!check_undoable (database, batch, now, &before, NULL))
        continue;

      *batch_id = batch;
      if (invitation_id != NULL)
        *invitation_id = before.invitation_id;
      if (hold_until != NULL)
        *hold_until = before.hold_until;

      return TRUE;
    }

  return FALSE;
}

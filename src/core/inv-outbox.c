/* inv-outbox.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox: the remote operations the app decided on, in order, waiting for the
 * service. Everything here is plain SQL on the app's database; the sync engine
 * (src/sync) decides when to send and what an answer means.
 */

#define G_LOG_DOMAIN "inv-outbox"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "inv-outbox.h"
#include "inv-status.h"
#include "inv-text-checks.h"
#include "inv-transaction.h"

static const char * const kind_names[INV_N_OUTBOX_KINDS] = {
  [INV_OUTBOX_CREATE] = "create",
  [INV_OUTBOX_CANCEL] = "cancel",
  [INV_OUTBOX_REINVITE] = "reinvite",
  [INV_OUTBOX_REATTEMPT] = "reattempt",
  [INV_OUTBOX_ERASE] = "erase",
};

static const char * const state_names[INV_N_OUTBOX_STATES] = {
  [INV_OUTBOX_STATE_QUEUED] = "queued",
  [INV_OUTBOX_STATE_FAILED] = "failed",
  [INV_OUTBOX_STATE_CONFLICT] = "conflict",
};

#define ENTRY_COLUMNS \
  "o.id, o.operation, o.invitation_id, o.idempotency_key, o.payload, o.state, " \
  "o.batch_id, o.hold_until, o.attempts, o.next_attempt_at, o.last_error, " \
  "o.previous_status, o.previous_sync_state, o.created_at"

G_DEFINE_BOXED_TYPE (InvOutboxEntry, inv_outbox_entry, inv_outbox_entry_copy, inv_outbox_entry_free)

InvOutboxEntry *
inv_outbox_entry_copy (const InvOutboxEntry *entry)
{
  InvOutboxEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_memdup2 (entry, sizeof *entry);
  copy->idempotency_key = g_strdup (entry->idempotency_key);
  copy->payload = g_strdup (entry->payload);
  copy->last_error = g_strdup (entry->last_error);
  copy->previous_status = g_strdup (entry->previous_status);
  copy->previous_sync_state = g_strdup (entry->previous_sync_state);

  return copy;
}

void
inv_outbox_entry_free (InvOutboxEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->idempotency_key);
  g_free (entry->payload);
  g_free (entry->last_error);
  g_free (entry->previous_status);
  g_free (entry->previous_sync_state);
  g_free (entry);
}

const char *
inv_outbox_kind_to_string (InvOutboxKind kind)
{
  g_return_val_if_fail (kind < INV_N_OUTBOX_KINDS, NULL);

  return kind_names[kind];
}

gboolean
inv_outbox_kind_from_string (const char    *string,
                             InvOutboxKind *kind)
{
  if (string != NULL)
    for (guint i = 0; i < INV_N_OUTBOX_KINDS; i++)
      if (strcmp (string, kind_names[i]) == 0)
        {
          *kind = i;
          return TRUE;
        }

  return FALSE;
}

const char *
inv_outbox_state_to_string (InvOutboxState state)
{
  g_return_val_if_fail (state < INV_N_OUTBOX_STATES, NULL);

  return state_names[state];
}

static InvOutboxState
state_from_string (const char *string)
{
  if (string != NULL)
    for (guint i = 0; i < INV_N_OUTBOX_STATES; i++)
      if (strcmp (string, state_names[i]) == 0)
        return i;

  return INV_OUTBOX_STATE_FAILED;
}

/* The sync state an invitation shows while @kind waits for the service. */
static const char *
pending_sync_state_for (InvOutboxKind kind)
{
  switch (kind)
    {
    case INV_OUTBOX_CANCEL:
      return inv_sync_state_to_string (INV_SYNC_STATE_PENDING_CANCEL);
    case INV_OUTBOX_CREATE:
    case INV_OUTBOX_REINVITE:
    case INV_OUTBOX_REATTEMPT:
      return inv_sync_state_to_string (INV_SYNC_STATE_PENDING_CREATE);
    case INV_OUTBOX_ERASE:
    case INV_N_OUTBOX_KINDS:
    default:
      return NULL;
    }
}

static const char *
nullable_text (sqlite3_stmt *stmt,
               int           column)
{
  return (const char *)sqlite3_column_text (stmt, column);
}

static InvOutboxEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  InvOutboxEntry *entry = g_new0 (InvOutboxEntry, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  if (!inv_outbox_kind_from_string (nullable_text (stmt, 1), &entry->kind))
    entry->kind = INV_OUTBOX_CREATE;
  entry->invitation_id = sqlite3_column_int64 (stmt, 2);
  entry->idempotency_key = g_strdup (nullable_text (stmt, 3));
  entry->payload = g_strdup (nullable_text (stmt, 4));
  entry->state = state_from_string (nullable_text (stmt, 5));
  entry->batch_id = sqlite3_column_int64 (stmt, 6);
  entry->hold_until = sqlite3_column_int64 (stmt, 7);
  entry->attempts = sqlite3_column_int (stmt, 8);
  entry->next_attempt_at = sqlite3_column_int64 (stmt, 9);
  entry->last_error = g_strdup (nullable_text (stmt, 10));
  entry->previous_status = g_strdup (nullable_text (stmt, 11));
  entry->previous_sync_state = g_strdup (nullable_text (stmt, 12));
  entry->created_at = sqlite3_column_int64 (stmt, 13);

  return entry;
}

static gboolean
set_invitation_sync_state (InvDatabase  *database,
                           gint64        invitation_id,
                           const char   *status,
                           const char   *sync_state,
                           GError      **error)
{
  sqlite3_stmt *stmt;

  /* A NULL status keeps the current one. */
  stmt = inv_database_prepare (database,
                               "UPDATE invitations SET "
                               "  status = coalesce (?2, status), "
                               "  sync_state = ?3, "
                               "  updated_at = ?4 "
                               "WHERE id = ?1 AND is_sample = 0",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, invitation_id);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, sync_state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, inv_database_now ());

  return inv_database_step_done (database, stmt, error);
}

static GPtrArray *
collect (InvDatabase   *database,
         sqlite3_stmt  *stmt,
         GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)inv_outbox_entry_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      inv_database_set_error (database, error, _("Reading the outbox"));
      return NULL;
    }

  return g_steal_pointer (&entries);
}

static gboolean
delete_row (InvDatabase  *database,
            gint64        id,
            GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = inv_database_prepare (database, "DELETE FROM outbox WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);

  return inv_database_step_done (database, stmt, error);
}

/* The most characters kept of why a row waits; the service's own words in it are
 * already cut to INV_SERVICE_MAX_MESSAGE_LENGTH. */
#define MAX_STORED_MESSAGE_LENGTH 1000

/* Whoever worded a reason (the service's words are part of many), it is shown on the
 * Sync page and printed by the command line: one safe line, of reasonable length. */
static char *
stored_message (const char *message)
{
  if (message == NULL)
    return NULL;

  return inv_text_sanitize_line (message, -1, MAX_STORED_MESSAGE_LENGTH);
}

/* Marks a row that waits for a person (failed or conflicting), with the message the
 * Sync page shows for it. */
static gboolean
set_row_state (InvDatabase     *database,
               gint64           id,
               InvOutboxState   state,
               const char      *message,
               GError         **error)
{
  g_autofree char *stored = stored_message (message);
  sqlite3_stmt *stmt;

  stmt = inv_database_prepare (database,
                               "UPDATE outbox SET state = ?2, last_error = ?3 WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, state_names[state], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, stored, -1, SQLITE_TRANSIENT);

  return inv_database_step_done (database, stmt, error);
}

/* Opens the transaction in which row @id changes and reads the row in it, so that
 * what the change is based on cannot change under it. */
static InvOutboxEntry *
begin_on_row (InvDatabase     *database,
              gint64           id,
              InvTransaction **txn,
              GError         **error)
{
  *txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (*txn == NULL)
    return NULL;

  return inv_outbox_get (database, id, error);
}

/**
 * inv_outbox_new_batch_id:
 * @database: the app's database
 * @error: return location for a #GError
 *
 * Hands out a number that groups the outbox rows of one bulk action (one "Delete
 * invitations", one "Send invite"), so that the action can be undone as a whole and
 * its results shown together. Numbers are never reused.
 *
 * Returns: a batch id greater than zero, or 0 with @error set
 */
gint64
inv_outbox_new_batch_id (InvDatabase  *database,
                         GError      **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  sqlite3_stmt *stmt;
  gint64 batch_id = 0;

  g_return_val_if_fail (INV_IS_DATABASE (database), 0);

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return 0;

  /* Keeps the counter in meta so that it survives emptying the outbox. */
  stmt = inv_database_prepare (database,
                               "INSERT INTO meta (key, value) VALUES ('outbox.last-batch-id', '1') "
                               "ON CONFLICT (key) DO UPDATE SET value = CAST (value AS INTEGER) + 1 "
                               "RETURNING CAST (value AS INTEGER)",
                               error);
  if (stmt == NULL)
    return 0;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      inv_database_set_error (database, error, _("Numbering a batch"));
      sqlite3_reset (stmt);
      return 0;
    }

  batch_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (!inv_transaction_commit (txn, error))
    return 0;

  return batch_id;
}

/**
 * inv_outbox_enqueue:
 * @database: the app's database
 * @kind: what to ask of the service
 * @invitation_id: the local invitation it concerns, or 0 for %INV_OUTBOX_ERASE
 * @payload: (nullable): a JSON object with what the request needs beyond the
 *   invitation's own columns, or %NULL for `{}`:
 *   - create, reinvite: `{"sendEmail": "yes", "startDateTime": "…", "endDateTime": "…",
 *     "timeZoneId": 0, "message": "…"}`; the test, email and name come from the
 *     invitation row when the operation is sent;
 *   - cancel: `{"reason": "position_filled", "notifyCandidate": true,
 *     "notifyInterviewers": true, "message": "…"}`, sent as the request body; a bulk
 *     cancel writes `"messageTemplate": <template id>, "messageValues": {…}` instead
 *     of the message, which inv_cancel_message_complete_request() renders when sent;
 *   - reattempt: `{"sourceInvitationId": <local id of the completed invitation>}`; the
 *     outbox row's own invitation is the new local invitation that receives the result;
 *   - erase: `{"email": "…"}`.
 * @batch_id: the bulk action this belongs to (inv_outbox_new_batch_id()), or 0
 * @hold_until: UTC seconds before which the row is not sent (the undo grace period),
 *   or 0 to send as soon as possible
 * @previous_status: (nullable): the invitation's normalised status before this change,
 *   restored when the change is undone or discarded
 * @previous_sync_state: (nullable): its sync state before this change, likewise
 * @out_id: (out) (optional): the new outbox row's id, or 0 when nothing was queued
 * @error: return location for a #GError
 *
 * Queues one remote operation with a fresh idempotency key and marks the invitation as
 * waiting for the service (`pending_create` or `pending_cancel`). The caller changes the
 * invitation's status itself. Call it inside the caller's transaction so that the local
 * change and its outbox row are written together (a bulk action is one transaction);
 * outside a transaction it runs in one of its own.
 *
 * Demo rows (`is_sample = 1`) never reach the service: for them nothing is queued,
 * *@out_id is 0 and the call succeeds.
 *
 * Returns: %TRUE on success
 */
gboolean
inv_outbox_enqueue (InvDatabase    *database,
                    InvOutboxKind   kind,
                    gint64          invitation_id,
                    const char     *payload,
                    gint64          batch_id,
                    gint64          hold_until,
                    const char     *previous_status,
                    const char     *previous_sync_state,
                    gint64         *out_id,
                    GError        **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  const char *pending;
  gint64 new_id;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (kind < INV_N_OUTBOX_KINDS, FALSE);

  if (out_id != NULL)
    *out_id = 0;

  if (kind != INV_OUTBOX_ERASE && invitation_id <= 0)
    {
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID,
                   _("A “%s” operation needs an invitation"), kind_names[kind]);
      return FALSE;
    }

  if (payload == NULL)
    payload = "{}";

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;

  if (invitation_id > 0)
    {
      int rc;

      stmt = inv_database_prepare (database,
                                   "SELECT is_sample FROM invitations WHERE id = ?1",
                                   error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, invitation_id);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND,
                       _("There is no invitation %lld"), (long long)invitation_id);
          return FALSE;
        }

      if (sqlite3_column_int (stmt, 0) != 0)
        {
          sqlite3_reset (stmt);
          return inv_transaction_commit (txn, error);
        }
      sqlite3_reset (stmt);
    }

  key = g_uuid_string_random ();

  stmt = inv_database_prepare (database,
                               "INSERT INTO outbox (operation, invitation_id, idempotency_key, "
                               "  payload, state, batch_id, hold_until, previous_status, "
                               "  previous_sync_state, created_at) "
                               "VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?6, ?7, ?8, ?9)",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, kind_names[kind], -1, SQLITE_STATIC);
  if (invitation_id > 0)
    sqlite3_bind_int64 (stmt, 2, invitation_id);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_text (stmt, 3, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, payload, -1, SQLITE_TRANSIENT);
  if (batch_id > 0)
    sqlite3_bind_int64 (stmt, 5, batch_id);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_int64 (stmt, 6, MAX (hold_until, 0));
  sqlite3_bind_text (stmt, 7, previous_status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, previous_sync_state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 9, inv_database_now ());

  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  new_id = sqlite3_last_insert_rowid (inv_database_get_handle (database));

  pending = pending_sync_state_for (kind);
  if (pending != NULL &&
      !set_invitation_sync_state (database, invitation_id, NULL, pending, error))
    return FALSE;

  if (!inv_transaction_commit (txn, error))
    return FALSE;

  if (out_id != NULL)
    *out_id = new_id;

  return TRUE;
}

/**
 * inv_outbox_withdraw_batch:
 * @database: the app's database
 * @batch_id: the bulk action to undo
 * @now: the current time, UTC seconds
 * @error: return location for a #GError
 *
 * Undoes the part of a batch that has not left the app yet: every row of @batch_id
 * that is still inside its grace period (`hold_until` after @now) and was never sent
 * is removed, its invitation gets back its previous status and sync state, and the
 * undo is recorded in the invitation's history. Rows whose grace period ended may be
 * on their way to the service and stay.
 *
 * Returns: how many rows were withdrawn; 0 with @error set on failure
 */
guint
inv_outbox_withdraw_batch (InvDatabase  *database,
                           gint64        batch_id,
                           gint64        now,
                           GError      **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (database), 0);

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return 0;

  stmt = inv_database_prepare (database,
                               "SELECT " ENTRY_COLUMNS " FROM outbox o "
                               "WHERE o.batch_id = ?1 AND o.state = 'queued' "
                               "  AND o.hold_until > ?2 AND o.attempts = 0 "
                               "ORDER BY o.id",
                               error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_int64 (stmt, 2, now);
  entries = collect (database, stmt, error);
  if (entries == NULL)
    return 0;

  for (guint i = 0; i < entries->len; i++)
    {
      const InvOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (!delete_row (database, entry->id, error))
        return 0;

      if (entry->invitation_id > 0)
        {
          const char *sync_state = entry->previous_sync_state;

          if (sync_state == NULL)
            sync_state = inv_sync_state_to_string (INV_SYNC_STATE_SYNCED);

          if (!set_invitation_sync_state (database, entry->invitation_id,
                                          entry->previous_status, sync_state, error) ||
              !inv_database_append_history (database, entry->invitation_id, now, "undone",
                                            kind_names[entry->kind], error))
            return 0;
        }
    }

  if (!inv_transaction_commit (txn, error))
    return 0;

  return entries->len;
}

/**
 * inv_outbox_get:
 *
 * Returns: (transfer full) (nullable): the outbox row @id, or %NULL with @error set
 *   when there is none
 */
InvOutboxEntry *
inv_outbox_get (InvDatabase  *database,
                gint64        id,
                GError      **error)
{
  sqlite3_stmt *stmt;
  InvOutboxEntry *entry = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);

  stmt = inv_database_prepare (database,
                               "SELECT " ENTRY_COLUMNS " FROM outbox o WHERE o.id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (inv_database_step_row (database, stmt, _("Reading the outbox"), error,
                             _("The operation %lld is no longer queued"), (long long)id))
    entry = entry_from_row (stmt);
  sqlite3_reset (stmt);

  return entry;
}

/**
 * inv_outbox_list_due:
 * @database: the app's database
 * @now: the current time, UTC seconds
 * @ignore_backoff: %TRUE to include rows still backing off after a transient failure
 *   (a person asked to sync now); held rows are never included
 * @limit: the most rows to return, or 0 for all
 * @error: return location for a #GError
 *
 * Lists the queued rows that may be sent now, oldest first. A row waits while an
 * earlier row for the same invitation is still queued or failed: a cancel needs the
 * remote id that its invitation's create brings back. Rows of demo invitations are
 * never listed.
 *
 * Returns: (transfer full) (element-type InvOutboxEntry): the rows, or %NULL with
 *   @error set
 */
GPtrArray *
inv_outbox_list_due (InvDatabase  *database,
                     gint64        now,
                     gboolean      ignore_backoff,
                     guint         limit,
                     GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);

  stmt = inv_database_prepare (database,
                               "SELECT " ENTRY_COLUMNS " FROM outbox o "
                               "LEFT JOIN invitations i ON i.id = o.invitation_id "
                               "WHERE o.state = 'queued' AND o.hold_until <= ?1 "
                               "  AND (?2 OR o.next_attempt_at <= ?1) "
                               "  AND coalesce (i.is_sample, 0) = 0 "
                               "  AND (o.invitation_id IS NULL OR NOT EXISTS ("
                               "    SELECT 1 FROM outbox e "
                               "    WHERE e.invitation_id = o.invitation_id AND e.id < o.id "
                               "      AND e.state IN ('queued', 'failed'))) "
                               "ORDER BY o.id LIMIT ?3",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int (stmt, 2, ignore_backoff ? 1 : 0);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64)limit : -1);

  return collect (database, stmt, error);
}

/**
 * inv_outbox_list_by_state:
 *
 * Returns: (transfer full) (element-type InvOutboxEntry): every row in @state, oldest
 *   first, or %NULL with @error set
 */
GPtrArray *
inv_outbox_list_by_state (InvDatabase     *database,
                          InvOutboxState   state,
                          GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);
  g_return_val_if_fail (state < INV_N_OUTBOX_STATES, NULL);

  stmt = inv_database_prepare (database,
                               "SELECT " ENTRY_COLUMNS " FROM outbox o "
                               "WHERE o.state = ?1 ORDER BY o.id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, state_names[state], -1, SQLITE_STATIC);

  return collect (database, stmt, error);
}

/**
 * inv_outbox_get_next_due_time:
 *
 * Returns: the earliest time (UTC seconds) at which a queued row becomes due (a time
 *   in the past when one is due now), or 0 when nothing is queued that could become due (rows behind a failed operation on
 *   the same invitation wait for a person, not for a time)
 */
gint64
inv_outbox_get_next_due_time (InvDatabase *database)
{
  sqlite3_stmt *stmt;
  gint64 due = 0;

  g_return_val_if_fail (INV_IS_DATABASE (database), 0);

  stmt = inv_database_prepare (database,
                               "SELECT min (max (o.hold_until, o.next_attempt_at, 1)) FROM outbox o "
                               "LEFT JOIN invitations i ON i.id = o.invitation_id "
                               "WHERE o.state = 'queued' AND coalesce (i.is_sample, 0) = 0 "
                               "  AND (o.invitation_id IS NULL OR NOT EXISTS ("
                               "    SELECT 1 FROM outbox e WHERE e.invitation_id = o.invitation_id "
                               "      AND e.id < o.id AND e.state = 'failed'))",
                               NULL);
  if (stmt == NULL)
    return 0;

  inv_database_step_int64 (stmt, &due);

  return due;
}

/**
 * inv_outbox_get_send_time:
 * @database: the app's database
 * @invitation_id: a local invitation
 *
 * Tells when the changes queued for one invitation go out, for a list that says
 * "Sends in 8 s" while a cancel can still be undone. Each queued row waits for the end
 * of its undo grace period (`hold_until`), for the end of its backoff after a
 * transient failure (`next_attempt_at`) and for the rows queued before it for the same
 * invitation, so the latest of those times among the invitation's queued rows is when
 * its last change is sent (the sync engine sends a row as soon as it is due). A row
 * on its way to the service is still queued, with a time in the past.
 *
 * Returns: UTC seconds; a time not after now when the invitation's changes are due
 *   now; 0 when nothing is queued for it, or when its changes wait behind an
 *   operation the service refused (they wait for a person, not for a time)
 */
gint64
inv_outbox_get_send_time (InvDatabase *database,
                          gint64       invitation_id)
{
  sqlite3_stmt *stmt;
  gint64 send_time = 0;

  g_return_val_if_fail (INV_IS_DATABASE (database), 0);

  if (invitation_id <= 0)
    return 0;

  /* One invitation has a handful of rows at most, found through its index. */
  stmt = inv_database_prepare (database,
                               "WITH q AS (SELECT max (id) AS last_id, "
                               "    max (max (hold_until, next_attempt_at, created_at, 1)) AS due "
                               "  FROM outbox WHERE invitation_id = ?1 AND state = 'queued') "
                               "SELECT CASE "
                               "  WHEN q.last_id IS NULL THEN 0 "
                               "  WHEN EXISTS (SELECT 1 FROM outbox e WHERE e.invitation_id = ?1 "
                               "    AND e.state = 'failed' AND e.id < q.last_id) THEN 0 "
                               "  ELSE q.due END "
                               "FROM q",
                               NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, invitation_id);
  inv_database_step_int64 (stmt, &send_time);

  return send_time;
}

/**
 * inv_outbox_get_last_id:
 *
 * Returns: the id of the newest row ever queued (ids are never reused), or 0
 */
gint64
inv_outbox_get_last_id (InvDatabase *database)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (INV_IS_DATABASE (database), 0);

  stmt = inv_database_prepare (database, "SELECT coalesce (max (id), 0) FROM outbox", NULL);
  if (stmt == NULL)
    return 0;

  inv_database_step_int64 (stmt, &id);

  return id;
}

/**
 * inv_outbox_has_queued_for:
 * @out_id: (out) (optional): the oldest such row
 *
 * Returns: %TRUE if a row of @kind for @invitation_id is queued
 */
gboolean
inv_outbox_has_queued_for (InvDatabase   *database,
                           gint64         invitation_id,
                           InvOutboxKind  kind,
                           gint64        *out_id)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  stmt = inv_database_prepare (database,
                               "SELECT id FROM outbox WHERE invitation_id = ?1 "
                               "AND operation = ?2 AND state = 'queued' ORDER BY id LIMIT 1",
                               NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, invitation_id);
  sqlite3_bind_text (stmt, 2, kind_names[kind], -1, SQLITE_STATIC);
  if (!inv_database_step_int64 (stmt, &id))
    return FALSE;

  if (out_id != NULL)
    *out_id = id;

  return TRUE;
}

/**
 * inv_outbox_complete:
 *
 * Removes a row the service confirmed. The sync engine calls it in the same
 * transaction that writes what the service answered into the invitation, so that a
 * crash never leaves a confirmed row to be sent again with its result lost.
 */
gboolean
inv_outbox_complete (InvDatabase  *database,
                     gint64        id,
                     GError      **error)
{
  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  return delete_row (database, id, error);
}

/**
 * inv_outbox_claim:
 *
 * Counts an attempt just before the row is sent. From then on the row may have
 * reached the service even if no answer ever comes back (the app may even be killed
 * while waiting), which is what reconciliation needs to know: a create with attempts
 * may already exist remotely.
 */
gboolean
inv_outbox_claim (InvDatabase  *database,
                  gint64        id,
                  GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  stmt = inv_database_prepare (database,
                               "UPDATE outbox SET attempts = attempts + 1 WHERE id = ?1 AND state = 'queued'",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);

  return inv_database_step_done (database, stmt, error);
}

/**
 * inv_outbox_defer:
 * @count_attempt: %FALSE when the service did not look at the request (it asked
 *   everyone to slow down): the attempt inv_outbox_claim() counted is taken back
 * @next_attempt_at: UTC seconds before which the row is not sent again
 * @message: (nullable): why, kept in `last_error` for the Sync page
 *
 * Keeps a row queued after a transient failure.
 */
gboolean
inv_outbox_defer (InvDatabase  *database,
                  gint64        id,
                  gboolean      count_attempt,
                  gint64        next_attempt_at,
                  const char   *message,
                  GError      **error)
{
  g_autofree char *stored = stored_message (message);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  stmt = inv_database_prepare (database,
                               "UPDATE outbox SET attempts = max (attempts - ?2, 0), "
                               "  next_attempt_at = ?3, last_error = ?4 "
                               "WHERE id = ?1 AND state = 'queued'",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, count_attempt ? 0 : 1);
  sqlite3_bind_int64 (stmt, 3, next_attempt_at);
  sqlite3_bind_text (stmt, 4, stored, -1, SQLITE_TRANSIENT);

  return inv_database_step_done (database, stmt, error);
}

/**
 * inv_outbox_fail:
 * @message: the service's message, shown on the Sync page
 *
 * Marks a row as refused for good (400, 403, 404): it stays, visible with @message,
 * until a person retries or discards it, and its invitation shows "Failed".
 */
gboolean
inv_outbox_fail (InvDatabase  *database,
                 gint64        id,
                 const char   *message,
                 GError      **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(InvOutboxEntry) entry = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  entry = begin_on_row (database, id, &txn, error);
  if (entry == NULL)
    return FALSE;

  if (!set_row_state (database, id, INV_OUTBOX_STATE_FAILED, message, error))
    return FALSE;

  /* History outlives an erasure, so it names the operation, never the message, which
   * may quote personal data such as an email address. */
  if (entry->invitation_id > 0 &&
      (!set_invitation_sync_state (database, entry->invitation_id, NULL,
                                   inv_sync_state_to_string (INV_SYNC_STATE_FAILED), error) ||
       !inv_database_append_history (database, entry->invitation_id, inv_database_now (),
                                     "sync-failed", kind_names[entry->kind], error)))
    return FALSE;

  return inv_transaction_commit (txn, error);
}

/**
 * inv_outbox_conflict:
 * @remote_status: the invitation's normalised status on the service, which wins
 * @reason: a translated sentence saying why the operation could not happen
 *
 * Records that the service's state won over a queued change (a cancel that lost the
 * race against the candidate starting): the local change is undone — the invitation
 * takes @remote_status and shows "Conflict" — and the row stays with @reason for the
 * Sync page until a person dismisses it.
 */
gboolean
inv_outbox_conflict (InvDatabase  *database,
                     gint64        id,
                     const char   *remote_status,
                     const char   *reason,
                     GError      **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(InvOutboxEntry) entry = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  entry = begin_on_row (database, id, &txn, error);
  if (entry == NULL)
    return FALSE;

  if (!set_row_state (database, id, INV_OUTBOX_STATE_CONFLICT, reason, error))
    return FALSE;

  if (entry->invitation_id > 0)
    {
      g_autofree char *detail = g_strdup_printf ("%s: %s", kind_names[entry->kind],
                                                 remote_status != NULL ? remote_status : "unknown");

      if (!set_invitation_sync_state (database, entry->invitation_id, remote_status,
                                      inv_sync_state_to_string (INV_SYNC_STATE_CONFLICT), error) ||
          !inv_database_append_history (database, entry->invitation_id, inv_database_now (),
                                        "conflict", detail, error))
        return FALSE;
    }

  return inv_transaction_commit (txn, error);
}

/**
 * inv_outbox_retry:
 *
 * Puts a failed row back in the queue, to be sent at the next sync with its attempt
 * count reset and a new idempotency key (after the person fixed what the service
 * refused; the refused request had no effect). Conflicts cannot be retried: the
 * service's state made the operation impossible.
 */
gboolean
inv_outbox_retry (InvDatabase  *database,
                  gint64        id,
                  GError      **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(InvOutboxEntry) entry = NULL;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  const char *pending;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  entry = begin_on_row (database, id, &txn, error);
  if (entry == NULL)
    return FALSE;

  if (entry->state != INV_OUTBOX_STATE_FAILED)
    {
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID,
                   _("Only failed operations can be retried"));
      return FALSE;
    }

  /* A new key: the service refused the old request and would answer a repeat of
   * its key with the same refusal; the retried request is a new one, after a fix. */
  key = g_uuid_string_random ();

  stmt = inv_database_prepare (database,
                               "UPDATE outbox SET state = 'queued', attempts = 0, "
                               "  next_attempt_at = 0, last_error = NULL, idempotency_key = ?2 "
                               "WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  pending = pending_sync_state_for (entry->kind);
  if (entry->invitation_id > 0 && pending != NULL &&
      (!set_invitation_sync_state (database, entry->invitation_id, NULL, pending, error) ||
       !inv_database_append_history (database, entry->invitation_id, inv_database_now (),
                                     "sync-retried", kind_names[entry->kind], error)))
    return FALSE;

  return inv_transaction_commit (txn, error);
}

/**
 * inv_outbox_discard:
 *
 * Removes a failed or conflicted row for good. A discarded failed cancel gives the
 * invitation back its previous status (it was never cancelled on the service); a
 * discarded failed create leaves the invitation marked "Failed", since it never
 * reached the service; a dismissed conflict leaves the service's status in place.
 * Queued rows cannot be discarded here (the undo of a fresh action is
 * inv_outbox_withdraw_batch()).
 */
gboolean
inv_outbox_discard (InvDatabase  *database,
                    gint64        id,
                    GError      **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(InvOutboxEntry) entry = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  entry = begin_on_row (database, id, &txn, error);
  if (entry == NULL)
    return FALSE;

  if (entry->state == INV_OUTBOX_STATE_QUEUED)
    {
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID,
                   _("Only failed or conflicting operations can be discarded"));
      return FALSE;
    }

  if (!delete_row (database, id, error))
    return FALSE;

  if (entry->invitation_id > 0)
    {
      const char *status = NULL;
      const char *sync_state = inv_sync_state_to_string (INV_SYNC_STATE_SYNCED);

      if (entry->state == INV_OUTBOX_STATE_FAILED)
        {
          if (entry->kind == INV_OUTBOX_CANCEL)
            {
              status = entry->previous_status;
              if (entry->previous_sync_state != NULL)
                sync_state = entry->previous_sync_state;
            }
          else
            sync_state = inv_sync_state_to_string (INV_SYNC_STATE_FAILED);
        }

      if (!set_invitation_sync_state (database, entry->invitation_id, status, sync_state, error) ||
          !inv_database_append_history (database, entry->invitation_id, inv_database_now (),
                                        entry->state == INV_OUTBOX_STATE_FAILED ? "sync-discarded"
                                                                                : "conflict-dismissed",
                                        kind_names[entry->kind], error))
        return FALSE;
    }

  return inv_transaction_commit (txn, error);
}

/**
 * inv_outbox_count:
 * @database: the app's database
 * @now: the current time, UTC seconds: rows whose `hold_until` is after it are held
 * @counts: (out caller-allocates): the counts
 * @error: return location for a #GError
 *
 * Fills @counts for the sync indicator. Held rows are counted as held even when they
 * also wait behind a failed operation: the person can still undo them, which is what
 * the indicator says about them.
 *
 * Returns: %TRUE on success
 */
gboolean
inv_outbox_count (InvDatabase      *database,
                  gint64            now,
                  InvOutboxCounts  *counts,
                  GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);

  stmt = inv_database_prepare (database,
                               "SELECT state, count (*), coalesce (sum (hold_until > ?1), 0), "
                               "  coalesce (min (CASE WHEN hold_until > ?1 THEN hold_until END), 0) "
                               "FROM outbox GROUP BY state",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint n = sqlite3_column_int (stmt, 1);

      switch (state_from_string (nullable_text (stmt, 0)))
        {
        case INV_OUTBOX_STATE_QUEUED:
          counts->queued = n;
          counts->held = sqlite3_column_int (stmt, 2);
          counts->next_send_time = sqlite3_column_int64 (stmt, 3);
          break;
        case INV_OUTBOX_STATE_FAILED:
          counts->failed = n;
          break;
        case INV_OUTBOX_STATE_CONFLICT:
          counts->conflicts = n;
          break;
        case INV_N_OUTBOX_STATES:
        default:
          g_assert_not_reached ();
        }
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      inv_database_set_error (database, error, _("Counting the outbox"));
      return FALSE;
    }

  /* Rows behind a failed one, found from the failed rows: there are few of those,
   * while a bulk cancel can queue a hundred thousand rows. */
  if (counts->failed > 0 && counts->queued > counts->held)
    {
      stmt = inv_database_prepare (database,
                                   "SELECT count (*) FROM outbox q "
                                   "WHERE q.state = 'queued' AND q.hold_until <= ?1 AND q.invitation_id IN ("
                                   "    SELECT invitation_id FROM outbox WHERE state = 'failed') "
                                   "  AND EXISTS (SELECT 1 FROM outbox e WHERE e.invitation_id = q.invitation_id "
                                   "    AND e.id < q.id AND e.state = 'failed')",
                                   error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, now);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        counts->blocked = sqlite3_column_int (stmt, 0);
      sqlite3_reset (stmt);

      if (rc != SQLITE_ROW)
        {
          inv_database_set_error (database, error, _("Counting the outbox"));
          return FALSE;
        }
    }

  counts->waiting = counts->queued - counts->held - counts->blocked;

  return TRUE;
}

/**
 * inv_outbox_backoff_delay:
 * @attempts: how many attempts failed so far (1 after the first failure)
 * @base_ms: the delay after the first failure
 * @max_ms: the longest delay
 * @jitter: a random number in [0, 1]
 *
 * Exponential backoff with jitter: the delay doubles with each failed attempt up to
 * @max_ms, and a random half of it is dropped so that many rows that failed together
 * (a service restart) do not come back together.
 *
 * Returns: the delay in milliseconds
 */
gint64
inv_outbox_backoff_delay (int    attempts,
                          gint64 base_ms,
                          gint64 max_ms,
                          double jitter)
{
  gint64 delay = base_ms;

  for (int i = 1; i < attempts && delay < max_ms; i++)
    delay *= 2;

  delay = MIN (delay, max_ms);
  jitter = CLAMP (jitter, 0.0, 1.0);

  return (gint64)(delay * (0.5 + 0.5 * jitter));
}

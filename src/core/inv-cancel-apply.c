/* inv-cancel-apply.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cancel itself, in one transaction: set-based SQL from the staged rows, and the
 * outbox rows in one statement.
 */

#define G_LOG_DOMAIN "inv-cancel"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "inv-cancel.h"
#include "inv-cancel-message.h"
#include "inv-cancel-private.h"
#include "inv-message-template.h"
#include "inv-outbox.h"
#include "inv-transaction.h"

/* Progress is reported (and the cancellable checked) after this many rows. */
#define PROGRESS_STEP 1024

static gboolean
collect_unknown (InvDatabase      *database,
                 InvCancelResult  *result,
                 GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = inv_database_prepare (database,
                               "SELECT c.id FROM temp.cancel_ids c "
                               "WHERE NOT EXISTS (SELECT 1 FROM invitations i WHERE i.id = c.id) "
                               "ORDER BY c.id",
                               error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (result->unknown_ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      inv_database_set_error (database, error, _("Reading the invitations to cancel"));
      return FALSE;
    }

  return TRUE;
}

/* Batch rows of earlier cancels whose grace period is over can never be used again. */
static gboolean
prune_old_batches (InvDatabase  *database,
                   gint64        now,
                   GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = inv_database_prepare (database,
                               "DELETE FROM cancel_batch_rows WHERE batch_id IN "
                               "  (SELECT batch_id FROM cancel_batches WHERE hold_until <= ?1)",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);

  return inv_database_step_done (database, stmt, error) &&
         _inv_cancel_message_prune (database, error);
}

static gboolean
check_cancelled (GCancellable  *cancellable,
                 GError       **error)
{
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (error, INV_CANCEL_ERROR, INV_CANCEL_ERROR_CANCELLED,
                           _("The cancellation was stopped; nothing was changed"));
      return FALSE;
    }

  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* What the statement that writes a cancel's outbox rows asks of C, row by row, through
 * the SQL function inv_cancel_next_key(template_id): the next idempotency key, and a
 * note of the row's template. It also reports progress and stops a cancelled cancel. */
typedef struct
{
  GPtrArray             *keys;
  guint                  next;
  GHashTable            *templates;
  guint                  total;
  InvProgressFunc        progress;
  gpointer               progress_data;
  GCancellable          *cancellable;
} KeyDealer;

static void
next_key_func (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  KeyDealer *dealer = sqlite3_user_data (context);
  gint64 template_id = sqlite3_value_int64 (argv[0]);

  if (!g_hash_table_contains (dealer->templates, &template_id))
    g_hash_table_add (dealer->templates, g_memdup2 (&template_id, sizeof template_id));

  /* More rows than counted cannot happen inside the transaction; a fresh key anyway. */
  if (dealer->next >= dealer->keys->len)
    g_ptr_array_add (dealer->keys, g_uuid_string_random ());
  sqlite3_result_text (context, g_ptr_array_index (dealer->keys, dealer->next), -1, SQLITE_STATIC);
  dealer->next++;

  if (dealer->next % PROGRESS_STEP == 0)
    {
      if (g_cancellable_is_cancelled (dealer->cancellable))
        {
          sqlite3_result_error (context, "stopped", -1);
          return;
        }
      if (dealer->progress != NULL)
        dealer->progress (dealer->next, dealer->total, dealer->progress_data);
    }
}

/* {date} and {time} (texts written before {appointment}) need a date for every
 * invitation of @template_id in the cancel: a live interview's time, else its
 * deadline. */
static gboolean
check_dates (InvDatabase  *database,
             gint64        template_id,
             const char   *text,
             GError      **error)
{
  sqlite3_stmt *stmt;
  guint n_without = 0;

  if (!inv_message_template_uses (text, "date") && !inv_message_template_uses (text, "time"))
    return TRUE;

  stmt = inv_database_prepare (database,
                               "SELECT count (*) FROM temp.cancel_eligible e "
                               "  CROSS JOIN invitations i ON i.id = e.id "
                               "  JOIN templates t ON t.id = i.template_id "
                               "WHERE i.template_id = ?1 AND i.is_sample = 0 AND "
                               "  (CASE WHEN t.interview_type = 'live' THEN i.scheduled_at "
                               "   ELSE i.expires_at END) IS NULL",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, template_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n_without = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  if (n_without == 0)
    return TRUE;

  g_set_error (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_UNFILLED,
               g_dngettext (GETTEXT_PACKAGE,
                            "The cancellation message uses {date} or {time}, but %'u invitation has no date; "
                            "use {appointment} instead",
                            "The cancellation message uses {date} or {time}, but %'u invitations have no date; "
                            "use {appointment} instead",
                            n_without),
               n_without);
  return FALSE;
}

/* One outbox row per eligible real invitation, each naming its message; the text of
 * the message once per interview template. */
static gboolean
queue_outbox_rows (InvDatabase             *database,
                   const InvCancelOptions  *options,
                   gint64                   batch_id,
                   gint64                   hold_until,
                   guint                    total,
                   guint                    n_expected,
                   InvProgressFunc          progress,
                   gpointer                 progress_data,
                   GCancellable            *cancellable,
                   guint                   *n_queued,
                   GError                 **error)
{
  sqlite3 *db = inv_database_get_handle (database);
  g_autoptr(GHashTable) templates = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_full (n_expected, g_free);
  KeyDealer dealer = { keys, 0, templates, total, progress, progress_data, cancellable };
  GHashTableIter iter;
  gpointer key;
  sqlite3_stmt *stmt;
  gboolean written;

  /* Only demo rows (the counts come from the rows staged in this transaction): none
   * is ever sent, so there is nothing to read them again for. */
  if (n_expected == 0)
    {
      *n_queued = 0;
      return TRUE;
    }

  /* Random keys, handed out in sorted order: the unique index on idempotency_key then
   * grows at its end like the other indexes instead of at random places, which makes
   * writing 100,000 rows markedly faster. The keys stay random version 4 UUIDs. */
  for (guint i = 0; i < n_expected; i++)
    g_ptr_array_add (keys, g_uuid_string_random ());
  g_ptr_array_sort (keys, compare_strings);

  if (sqlite3_create_function_v2 (db, "inv_cancel_next_key", 1, SQLITE_UTF8, &dealer,
                                  next_key_func, NULL, NULL, NULL) != SQLITE_OK)
    {
      inv_database_set_error (database, error, _("Preparing the cancellation"));
      return FALSE;
    }

  /* The same rows inv_outbox_enqueue() writes for a cancel — a fresh idempotency key,
   * queued, held until @hold_until, with what an undo restores — but all in one
   * statement: row by row from C took twice as long, and enqueueing one by one would
   * also re-read each invitation and rewrite its sync state, which the bulk UPDATE of
   * the caller does for all at once. CROSS JOIN keeps the temporary table as the outer
   * loop, in id order, so the keys come in order too. The payload is the one
   * inv_cancel_message_complete_request() completes. */
  stmt = inv_database_prepare (database,
                               "INSERT INTO outbox (operation, invitation_id, idempotency_key, "
                               "  payload, state, batch_id, hold_until, previous_status, "
                               "  previous_sync_state, created_at) "
                               "SELECT ?1, i.id, inv_cancel_next_key (t.id), "
                               "  json_object ('reason', ?2, "
                               "    'notifyCandidate', json (?3), "
                               "    'notifyInterviewers', json (CASE WHEN ?4 AND t.interview_type = 'live' "
                               "      THEN 'true' ELSE 'false' END), "
                               "    '" INV_CANCEL_MESSAGE_TEMPLATE_MEMBER "', t.id), "
                               "  ?5, ?6, ?7, i.status, i.sync_state, ?8 "
                               "FROM temp.cancel_eligible e CROSS JOIN invitations i ON i.id = e.id "
                               "  JOIN templates t ON t.id = i.template_id "
                               "WHERE i.is_sample = 0 "
                               "ORDER BY e.id",
                               error);
  if (stmt == NULL)
    {
      sqlite3_create_function_v2 (db, "inv_cancel_next_key", 1, SQLITE_UTF8, NULL, NULL, NULL, NULL, NULL);
      return FALSE;
    }

  sqlite3_bind_text (stmt, 1, inv_outbox_kind_to_string (INV_OUTBOX_CANCEL), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, inv_cancel_reason_to_string (options->reason), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, options->notify_candidate ? "true" : "false", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, options->notify_interviewers ? 1 : 0);
  sqlite3_bind_text (stmt, 5, inv_outbox_state_to_string (INV_OUTBOX_STATE_QUEUED), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, batch_id);
  sqlite3_bind_int64 (stmt, 7, hold_until);
  sqlite3_bind_int64 (stmt, 8, inv_database_now ());
  written = inv_database_step_done (database, stmt, error);
  sqlite3_create_function_v2 (db, "inv_cancel_next_key", 1, SQLITE_UTF8, NULL, NULL, NULL, NULL, NULL);

  if (!written)
    {
      /* Stopped by the cancellable: say so, not SQLite's words for it. */
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_clear_error (error);
          return check_cancelled (cancellable, error);
        }
      return FALSE;
    }

  *n_queued = dealer.next;

  /* The text each template's invitations get: the one the person wrote for this
   * cancel, else the template's own (or the default), with the person's note. */
  g_hash_table_iter_init (&iter, templates);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 template_id = *(gint64 *)key;
      g_autofree char *template_text = NULL;
      g_autofree char *text = NULL;

      if (options->message_override == NULL)
        {
          template_text = inv_message_template_load (database, template_id, NULL, error);
          if (template_text == NULL)
            return FALSE;
        }

      text = inv_message_template_add_note (options->message_override != NULL
                                            ? options->message_override : template_text,
                                            options->note);

      /* A message is never queued with a placeholder it cannot fill: the candidate
       * would read "{company}". */
      if (options->notify_candidate &&
          (!inv_message_template_check_settings (database, text, error) ||
           !check_dates (database, template_id, text, error)))
        return FALSE;

      if (!_inv_cancel_message_store (database, batch_id, template_id, text, error))
        return FALSE;
    }

  return TRUE;
}

/* Where the time of a big cancel goes, for G_MESSAGES_DEBUG=inv-cancel. */
static void
log_phase (const char *phase,
           gint64      start)
{
  g_debug ("cancel: %s after %.1f ms", phase, (g_get_monotonic_time () - start) / 1000.0);
}

static InvCancelResult *
apply_with_cache (InvDatabase               *database,
                  const gint64              *ids,
                  guint                      n_ids,
                  const InvInvitationQuery  *query,
                  const InvCancelOptions    *options,
                  InvProgressFunc            progress,
                  gpointer                   progress_data,
                  GCancellable              *cancellable,
                  GError                   **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(InvCancelResult) result = _inv_cancel_result_new ();
  InvCancelPreview counts;
  guint n_requested = 0;
  const char *reason;
  sqlite3_stmt *stmt;
  gint64 now = inv_database_now ();
  gint64 start;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (options->reason < INV_N_CANCEL_REASONS, NULL);

  reason = inv_cancel_reason_to_string (options->reason);
  start = g_get_monotonic_time ();

  if (options->message_override != NULL &&
      !inv_message_template_validate (options->message_override, NULL, error))
    return NULL;

  if (!check_cancelled (cancellable, error))
    return NULL;

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return NULL;

  if ((query != NULL ? !_inv_cancel_stage_matching (database, query, &n_requested, error)
                     : !_inv_cancel_stage_ids (database, ids, n_ids, &n_requested, error)) ||
      !prune_old_batches (database, now, error))
    return NULL;
  log_phase ("staged", start);

  if (!_inv_cancel_count_staged (database, n_requested, &counts, result->skipped, error) ||
      (counts.n_unknown > 0 && !collect_unknown (database, result, error)))
    return NULL;
  log_phase ("counted", start);

  memcpy (result->skipped_by_status, counts.skipped_by_status, sizeof result->skipped_by_status);
  result->n_skipped = counts.n_skipped;
  result->n_unknown = counts.n_unknown;

  if (counts.n_eligible > 0)
    {
      guint n_queued = 0;

      result->batch_id = inv_outbox_new_batch_id (database, error);
      if (result->batch_id == 0)
        return NULL;
      result->hold_until = now + MAX (options->grace_seconds, 0);

      stmt = inv_database_prepare (database,
                                   "INSERT INTO cancel_batches (batch_id, created_at, hold_until, reason, "
                                   "  n_invitations, n_queued) VALUES (?1, ?2, ?3, ?4, 0, 0)",
                                   error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, result->batch_id);
      sqlite3_bind_int64 (stmt, 2, now);
      sqlite3_bind_int64 (stmt, 3, result->hold_until);
      sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_STATIC);
      if (!inv_database_step_done (database, stmt, error))
        return NULL;

      /* Set-based, from the staged copy of the rows: writing them one by one from C
       * takes several times as long. */
      stmt = _inv_cancel_prepare_with_statuses (database,
                                                "INSERT INTO temp.cancel_eligible (id) "
                                                "SELECT id FROM temp.cancel_rows WHERE status IN (%s)",
                                                error);
      if (stmt == NULL || !inv_database_step_done (database, stmt, error))
        return NULL;

      /* What an undo restores, for demo rows too (they have no outbox row). */
      stmt = _inv_cancel_prepare_with_statuses (database,
                                                "INSERT INTO cancel_batch_rows (batch_id, invitation_id, previous_status, "
                                                "  previous_sync_state, previous_cancel_reason) "
                                                "SELECT ?1, id, status, sync_state, cancel_reason "
                                                "FROM temp.cancel_rows WHERE status IN (%s)",
                                                error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, result->batch_id);
      if (!inv_database_step_done (database, stmt, error))
        return NULL;
      log_phase ("rows", start);

      if (!queue_outbox_rows (database, options, result->batch_id, result->hold_until,
                              counts.n_eligible, counts.n_eligible - counts.n_eligible_sample,
                              progress, progress_data, cancellable,
                              &n_queued, error))
        return NULL;
      log_phase ("outbox", start);

      /* Demo rows keep their 'local' sync state: they are never pushed. OR FAIL: an
       * error rolls back the whole transaction anyway, so SQLite need not keep a copy
       * of every page this statement changes to undo just the statement (with the
       * temporary store in memory, that copy would be hundreds of megabytes). */
      stmt = inv_database_prepare (database,
                                   "UPDATE OR FAIL invitations SET status = 'cancelled', "
                                   "  sync_state = CASE WHEN is_sample THEN sync_state ELSE 'pending_cancel' END, "
                                   "  cancel_reason = ?1, updated_at = ?2 "
                                   "WHERE id IN (SELECT id FROM temp.cancel_eligible)",
                                   error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, reason, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, now);
      if (!inv_database_step_done (database, stmt, error))
        return NULL;
      result->n_cancelled = sqlite3_changes (inv_database_get_handle (database));
      log_phase ("update", start);

      /* History outlives an erasure of the candidate: the reason only, no message. */
      stmt = inv_database_prepare (database,
                                   "INSERT INTO history (invitation_id, at, event, detail) "
                                   "SELECT id, ?1, 'cancelled', ?2 FROM temp.cancel_eligible",
                                   error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, now);
      sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_STATIC);
      if (!inv_database_step_done (database, stmt, error))
        return NULL;
      log_phase ("history", start);

      /* Counted while writing: demo rows have no outbox row. */
      stmt = inv_database_prepare (database,
                                   "UPDATE cancel_batches SET n_invitations = ?2, n_queued = ?3 "
                                   "WHERE batch_id = ?1",
                                   error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, result->batch_id);
      sqlite3_bind_int64 (stmt, 2, result->n_cancelled);
      sqlite3_bind_int64 (stmt, 3, n_queued);
      if (!inv_database_step_done (database, stmt, error))
        return NULL;

      result->n_queued = n_queued;
      result->n_cancelled_sample = result->n_cancelled - n_queued;
      result->n_live = counts.n_live;
      result->n_interviewers = options->notify_interviewers ? counts.n_interviewers : 0;
    }

  if (!check_cancelled (cancellable, error) ||
      !inv_transaction_commit (txn, error))
    return NULL;
  log_phase ("committed", start);

  if (progress != NULL)
    progress (counts.n_eligible, counts.n_eligible, progress_data);

  return g_steal_pointer (&result);
}

/* How many KiB of pages a bulk cancel may keep in memory. A cancel of 100,000 rows in a
 * table of a million touches pages all over the table and its indexes, about 100 MB of
 * them; with SQLite's default cache (2 MiB) it would read and write most of them
 * several times, and with 64 MiB it still wrote pages out to read them back. Only the
 * cancel's own connection has it, and only while it runs. */
#define BULK_CACHE_KIB 262144

static int
get_cache_size (InvDatabase *database)
{
  sqlite3_stmt *stmt = NULL;
  int size = -2000;

  if (sqlite3_prepare_v2 (inv_database_get_handle (database), "PRAGMA cache_size", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    size = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return size;
}

static void
set_cache_size (InvDatabase *database,
                int          size)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = %d", size);

  inv_database_exec (database, sql, NULL);
}

static InvCancelResult *
apply_staged (InvDatabase               *database,
              const gint64              *ids,
              guint                      n_ids,
              const InvInvitationQuery  *query,
              const InvCancelOptions    *options,
              InvProgressFunc            progress,
              gpointer                   progress_data,
              GCancellable              *cancellable,
              GError                   **error)
{
  InvCancelResult *result;
  int saved = get_cache_size (database);

  /* Only for the duration of the cancel: the window's connection gives the memory
   * back afterwards. */
  if (saved > -BULK_CACHE_KIB && (saved < 0 || saved * 4 < BULK_CACHE_KIB))
    set_cache_size (database, -BULK_CACHE_KIB);

  result = apply_with_cache (database, ids, n_ids, query, options, progress, progress_data,
                             cancellable, error);

  set_cache_size (database, saved);

  return result;
}

/**
 * inv_cancel_apply:
 * @database: the app's database
 * @ids: (array length=n_ids): the invitations to cancel (duplicates are fine)
 * @n_ids: how many
 * @options: reason, notifications, grace period and message
 * @progress: (nullable) (scope call): called as outbox rows are written
 * @progress_data: data for @progress
 * @cancellable: (nullable): stops the cancel before it commits; nothing changes then
 * @error: return location for a #GError
 *
 * Cancels every invitation of @ids whose status allows it, in one transaction (part
 * of the caller's if one is open): status "cancelled", sync state "pending_cancel"
 * (demo rows keep "local"), cancel_reason, a "cancelled" history entry, and for each
 * real invitation an outbox row held until now + grace seconds, with a payload of
 * reason, notify flags and the rendered message. Skipped and unknown ids are left
 * alone and listed in the result.
 *
 * Returns: (transfer full): what was done, or %NULL with @error set (and nothing
 *   changed)
 */
InvCancelResult *
inv_cancel_apply (InvDatabase             *database,
                  const gint64            *ids,
                  guint                    n_ids,
                  const InvCancelOptions  *options,
                  InvProgressFunc          progress,
                  gpointer                 progress_data,
                  GCancellable            *cancellable,
                  GError                 **error)
{
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  return apply_staged (database, ids, n_ids, NULL, options, progress, progress_data,
                       cancellable, error);
}

/**
 * inv_cancel_apply_matching:
 * @query: the filter ("all matching"); its order is ignored
 *
 * Like inv_cancel_apply() for every invitation that @query matches when the
 * transaction starts.
 *
 * Returns: (transfer full): what was done, or %NULL with @error set
 */
InvCancelResult *
inv_cancel_apply_matching (InvDatabase               *database,
                           const InvInvitationQuery  *query,
                           const InvCancelOptions    *options,
                           InvProgressFunc            progress,
                           gpointer                   progress_data,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  g_return_val_if_fail (query != NULL, NULL);

  return apply_staged (database, NULL, 0, query, options, progress, progress_data,
                       cancellable, error);
}

typedef struct
{
  GArray           *ids;
  InvCancelOptions  options;
  char             *message_override;  /* owned; options.message_override points here */
  char             *note;              /* owned; options.note points here */
} ApplyData;

static void
apply_data_free (gpointer data)
{
  ApplyData *apply = data;

  g_array_unref (apply->ids);
  g_free (apply->message_override);
  g_free (apply->note);
  g_free (apply);
}

static gpointer
apply_work (InvBulkJob    *job,
            InvDatabase   *database,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  ApplyData *apply = data;

  return inv_cancel_apply (database, (const gint64 *)(gpointer)apply->ids->data, apply->ids->len,
                           &apply->options, inv_bulk_job_report_progress, job, cancellable, error);
}

/**
 * inv_cancel_apply_job_new:
 * @ids: (array length=n_ids): copied before this returns
 * @n_ids: how many
 * @options: copied before this returns
 *
 * inv_cancel_apply() as a job for the database worker, so that the window stays
 * responsive. Its progress is the number of outbox rows written; cancelling stops it
 * before it commits, and nothing changes then.
 *
 * Returns: (transfer full): the job; inv_bulk_job_run_finish() gives an
 *   #InvCancelResult
 */
InvBulkJob *
inv_cancel_apply_job_new (const gint64           *ids,
                          guint                   n_ids,
                          const InvCancelOptions *options)
{
  ApplyData *apply;

  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  apply = g_new0 (ApplyData, 1);
  apply->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (apply->ids, ids, n_ids);
  apply->options = *options;
  apply->message_override = g_strdup (options->message_override);
  apply->options.message_override = apply->message_override;
  apply->note = g_strdup (options->note);
  apply->options.note = apply->note;

  return _inv_cancel_job_new (apply_work, apply, apply_data_free,
                              (GDestroyNotify)inv_cancel_result_free);
}

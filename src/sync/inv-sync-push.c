/* inv-sync-push.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The push: sends the due outbox rows to the invitation service with bounded
 * concurrency, in outbox order, and records each answer (confirmed, failed for good,
 * a conflict, or deferred with a backoff).
 *
 * Exactly-once effects rest on three things (docs/service-api.md): every POST carries
 * its outbox row's idempotency key; a create is retried until answered, and the
 * service returns the same invitation for the same test and email; a cancel refused
 * as "not pending" is read back to tell a lost answer (cancelled) from a conflict
 * (the candidate started first): see inv-sync-reconcile.c.
 */

#define G_LOG_DOMAIN "inv-sync-engine"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "inv-cancel-message.h"
#include "inv-sync-engine-private.h"

/* A row this engine sent left the queue, for good (@moved_to is %NULL) or to the
 * failed or conflicting rows (the count it joined). The counts follow at once,
 * without reading the whole outbox again; the store's announcement of the same
 * change brings a full count soon after, which replaces them. */
static void
count_settled (InvSyncEngine *self,
               guint         *moved_to)
{
  InvOutboxCounts *counts = &self->counts;

  if (counts->queued > 0)
    counts->queued--;
  if (counts->waiting > 0)
    counts->waiting--;
  if (moved_to != NULL)
    (*moved_to)++;
}

static gint64
backoff_seconds (InvSyncEngine *self,
                 int            attempts)
{
  gint64 ms = inv_outbox_backoff_delay (MAX (attempts, 1), self->backoff_base_ms,
                                        self->backoff_max_ms, g_rand_double (self->rand));

  /* Rows are due by the second: round up so a row is never due before its time. */
  return (ms + 999) / 1000;
}

/* Seconds until the service lets us send again after a 429, or 0. */
static gint64
rate_limit_wait (InvSyncRun *run)
{
  return (_inv_sync_run_rate_limit_wait_ms (run) + 999) / 1000;
}

/* Ops */

static InvSyncOp *
op_new (InvSyncRun     *run,
        InvOutboxEntry *entry)
{
  InvSyncOp *op = g_new0 (InvSyncOp, 1);

  op->run = run;
  op->entry = entry;

  return op;
}

static void
op_free (InvSyncOp *op)
{
  g_assert (op->wait_id == 0);

  inv_outbox_entry_free (op->entry);
  g_clear_error (&op->refusal);
  g_clear_error (&op->read_error);
  g_free (op->source_email);
  g_clear_pointer (&op->found, inv_remote_invitation_free);
  g_clear_pointer (&op->pages, inv_service_pages_unref);
  g_free (op);
}

void
_inv_sync_op_done (InvSyncOp *op)
{
  InvSyncRun *run = op->run;

  g_hash_table_remove (run->in_flight, &op->entry->id);
  run->n_in_flight--;
  op_free (op);

  _inv_sync_engine_update_indicator (run->engine);
  _inv_sync_run_pump (run);
}

/* A write to the store about @op failed: the row stays queued as the store has it,
 * for a later sync, and @op ends here without an outcome. */
void
_inv_sync_op_store_failed (InvSyncOp  *op,
                           const char *doing,
                           GError     *error)
{
  _inv_sync_log_db_error (doing, error);
  _inv_sync_op_done (op);
}

/* The service confirmed the row and it left the outbox. */
void
_inv_sync_op_succeeded (InvSyncOp *op)
{
  op->run->report.pushed++;
  op->run->transport_failures = 0;
  count_settled (op->run->engine, NULL);
  _inv_sync_op_done (op);
}

void
_inv_sync_op_fail (InvSyncOp  *op,
                   const char *message)
{
  g_autoptr(GError) error = NULL;

  if (inv_outbox_fail (op->run->engine->database, op->entry->id, message, &error))
    {
      op->run->report.failed++;
      count_settled (op->run->engine, &op->run->engine->counts.failed);
    }
  else
    _inv_sync_log_db_error ("Recording a failed operation", error);

  op->run->transport_failures = 0;
  _inv_sync_op_done (op);
}

/* The answer to a create was recorded: as the invitation it made or reactivated, or
 * (@conflicted) as a conflict, because it named an invitation that belongs to
 * another local row. */
void
_inv_sync_op_answered (InvSyncOp *op,
                       gboolean   conflicted)
{
  if (!conflicted)
    {
      _inv_sync_op_succeeded (op);
      return;
    }

  op->run->report.conflicts++;
  op->run->transport_failures = 0;
  count_settled (op->run->engine, &op->run->engine->counts.conflicts);
  _inv_sync_op_done (op);
}

void
_inv_sync_op_conflict (InvSyncOp                 *op,
                       const InvRemoteInvitation *remote)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = inv_remote_store_conflict_reason (remote->status, remote->status_text);

  if (inv_outbox_conflict (op->run->engine->database, op->entry->id,
                           inv_remote_invitation_get_status_name (remote), reason, &error))
    {
      op->run->report.conflicts++;
      count_settled (op->run->engine, &op->run->engine->counts.conflicts);
    }
  else
    _inv_sync_log_db_error ("Recording a conflict", error);

  _inv_sync_op_done (op);
}

/* A failure that says nothing against the operation itself: it stays queued, due
 * again after @wait seconds, or (@wait < 0) after what @failure calls for: what a 429
 * asked for, else the row's backoff. */
void
_inv_sync_op_defer_for (InvSyncOp    *op,
                        const GError *failure,
                        gint64        wait)
{
  InvSyncEngine *self = op->run->engine;
  InvSyncRun *run = op->run;
  g_autoptr(GError) error = NULL;
  gboolean counted = TRUE;
  gint64 next = inv_database_now ();

  if (g_error_matches (failure, INV_SERVICE_ERROR, INV_SERVICE_ERROR_RATE_LIMITED))
    {
      if (wait < 0)
        wait = rate_limit_wait (run);
      if (wait <= 0)
        wait = backoff_seconds (self, op->entry->attempts);

      /* The service did not look at the request: the attempt does not count. */
      counted = FALSE;
    }
  else if (_inv_sync_needs_new_key (failure) ||
           g_error_matches (failure, INV_SERVICE_ERROR, INV_SERVICE_ERROR_CANCELLED))
    {
      counted = FALSE;
      wait = MAX (wait, 0);
    }
  else if (wait < 0)
    {
      wait = backoff_seconds (self, op->entry->attempts);
    }

  /* A read that followed the service's answer to this attempt (a refused cancel's
   * read back): the service did look at the request. */
  if (op->answered)
    counted = TRUE;

  next += wait;

  if (!inv_outbox_defer (self->database, op->entry->id, counted, next, failure->message, &error))
    _inv_sync_log_db_error ("Deferring an operation", error);

  if (_inv_sync_needs_new_key (failure))
    {
      run->stop_push = TRUE;
      if (run->error == NULL)
        run->error = g_error_copy (failure);
    }
  else if (_inv_sync_is_transport_failure (failure))
    {
      if (++run->transport_failures >= MAX_TRANSPORT_FAILURES_IN_A_ROW && !run->stop_push)
        {
          run->stop_push = TRUE;
          if (run->error == NULL)
            run->error = g_error_copy (failure);
        }
    }

  if (run->stop_push)
    _inv_sync_run_wake_waiting_ops (run);

  _inv_sync_op_done (op);
}

void
_inv_sync_op_defer (InvSyncOp    *op,
                    const GError *failure)
{
  _inv_sync_op_defer_for (op, failure, -1);
}

/* Answers */

static void
handle_failure (InvSyncOp *op,
                GError    *error)
{
  if (inv_service_error_is_permanent (error))
    _inv_sync_op_fail (op, error->message);
  else
    _inv_sync_op_defer (op, error);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  InvSyncOp *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(InvRemoteInvitation) remote = NULL;
  gboolean conflicted = FALSE;

  if (op->entry->kind == INV_OUTBOX_REATTEMPT)
    remote = inv_service_client_reattempt_finish (INV_SERVICE_CLIENT (object), result, &error);
  else
    remote = inv_service_client_invite_finish (INV_SERVICE_CLIENT (object), result, &error);

  if (remote == NULL)
    {
      handle_failure (op, error);
      return;
    }

  if (inv_remote_store_confirm_created (op->run->engine->database, op->entry->id,
                                        op->entry->invitation_id, remote, &conflicted, &error))
    _inv_sync_op_answered (op, conflicted);
  else
    _inv_sync_op_store_failed (op, "Recording a sent invitation", error);
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  InvSyncOp *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(InvRemoteInvitation) remote = NULL;

  remote = inv_service_client_cancel_finish (INV_SERVICE_CLIENT (object), result, &error);
  if (remote != NULL)
    {
      if (inv_remote_store_confirm_cancelled (op->run->engine->database, op->entry->id,
                                              op->entry->invitation_id, "answered", &error))
        _inv_sync_op_succeeded (op);
      else
        _inv_sync_op_store_failed (op, "Confirming a cancel", error);
      return;
    }

  if (g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_REFUSED) ||
      g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_CONFLICT))
    {
      /* "Can not be cancelled": a lost earlier answer, or a conflict. */
      op->refusal = g_steal_pointer (&error);
      op->answered = TRUE;
      op->read_attempts = 0;
      _inv_sync_op_reconcile_cancel (op);
      return;
    }

  handle_failure (op, error);
}

static void
erased_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  InvSyncOp *op = user_data;
  g_autoptr(GError) error = NULL;

  if (inv_service_client_erase_finish (INV_SERVICE_CLIENT (object), result, &error) ||
      g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_REFUSED))
    {
      g_autoptr(GError) db_error = NULL;

      /* "No records found" means there is nothing left to erase: the goal of the
       * request holds, whether an earlier attempt did it or there never was data. */
      if (inv_outbox_complete (op->run->engine->database, op->entry->id, &db_error))
        _inv_sync_op_succeeded (op);
      else
        _inv_sync_op_store_failed (op, "Confirming an erasure", db_error);
      return;
    }

  handle_failure (op, error);
}


/* Reattempts: the look for an earlier one is in inv-sync-reconcile.c */

void
_inv_sync_op_send_reattempt (InvSyncOp *op)
{
  inv_service_client_reattempt_async (op->run->client, op->source_remote_id, op->entry->idempotency_key,
                                      op->run->cancellable, created_cb, op);
}

static JsonObject *
parse_payload (const char *payload)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (payload != NULL && json_parser_load_from_data (parser, payload, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    return json_object_ref (json_node_get_object (root));

  return json_object_new ();
}

static void
op_send (InvSyncOp *op)
{
  InvSyncRun *run = op->run;
  InvDatabase *database = run->engine->database;
  InvOutboxEntry *entry = op->entry;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) payload = parse_payload (entry->payload);
  g_autofree char *email = NULL;
  g_autofree char *name = NULL;
  gint64 remote_test_id = 0;

  if (entry->invitation_id > 0 &&
      !inv_remote_store_get_push_target (database, entry->invitation_id, &op->remote_id,
                                         &remote_test_id, &email, &name, &op->sent_at, &error))
    {
      _inv_sync_op_fail (op, error->message);
      return;
    }

  /* Counted before sending: from now on the row may have reached the service. */
  if (!inv_outbox_claim (database, entry->id, &error))
    {
      _inv_sync_op_store_failed (op, "Claiming an operation", error);
      return;
    }
  entry->attempts++;

  switch (entry->kind)
    {
    case INV_OUTBOX_CREATE:
    case INV_OUTBOX_REINVITE:
      if (remote_test_id == 0)
        {
          _inv_sync_op_fail (op, _("The interview template is not on the service"));
          return;
        }
      /* The test comes from the invitation's template and the candidate from the
       * invitation as it is now (a person may have fixed a typo after a refusal);
       * the local ids the payload may carry are nobody else's business. */
      if (json_object_has_member (payload, "testId"))
        json_object_remove_member (payload, "testId");
      if (json_object_has_member (payload, "templateId"))
        json_object_remove_member (payload, "templateId");
      json_object_set_string_member (payload, "email", email);
      json_object_set_string_member (payload, "name", name);
      if (!json_object_has_member (payload, "sendEmail"))
        json_object_set_string_member (payload, "sendEmail", "yes");
      inv_service_client_invite_async (run->client, remote_test_id, payload, entry->idempotency_key,
                                       run->cancellable, created_cb, op);
      break;

    case INV_OUTBOX_REATTEMPT:
      {
        gint64 source_id = json_object_get_int_member_with_default (payload, "sourceInvitationId", 0);
        gint64 source_remote_id = 0;
        gint64 source_test_id = 0;
        g_autofree char *source_email = NULL;
        g_autofree char *source_name = NULL;

        if (source_id <= 0 ||
            !inv_remote_store_get_push_target (database, source_id, &source_remote_id, &source_test_id,
                                               &source_email, &source_name, NULL, NULL) ||
            source_remote_id == 0)
          {
            _inv_sync_op_fail (op, _("The invitation to reattempt is not on the service"));
            return;
          }

        op->source_remote_id = source_remote_id;
        op->source_test_id = source_test_id;
        op->source_email = g_steal_pointer (&source_email);

        /* A reattempt makes a new invitation each time it is applied, and a service
         * without idempotency keys would make a second one for a retry. So a retry
         * first looks for the invitation an unanswered attempt may have made. */
        if (entry->attempts > 1)
          _inv_sync_op_find_earlier_reattempt (op);
        else
          _inv_sync_op_send_reattempt (op);
      }
      break;

    case INV_OUTBOX_CANCEL:
      if (op->remote_id == 0)
        {
          _inv_sync_op_fail (op, _("The invitation was never sent to the service"));
          return;
        }
      /* The message is rendered now, from the text the person confirmed. */
      if (!inv_cancel_message_complete_request (database, entry->batch_id, entry->invitation_id,
                                                payload, &error))
        {
          _inv_sync_op_fail (op, error->message);
          return;
        }
      inv_service_client_cancel_async (run->client, op->remote_id, payload, entry->idempotency_key,
                                       run->cancellable, cancelled_cb, op);
      break;

    case INV_OUTBOX_ERASE:
      {
        const char *erase_email = json_object_get_string_member_with_default (payload, "email", NULL);

        if (erase_email == NULL && email != NULL)
          erase_email = email;

        if (erase_email == NULL || *erase_email == '\0')
          {
            _inv_sync_op_fail (op, _("The erasure request names no email address"));
            return;
          }

        inv_service_client_erase_async (run->client, erase_email, entry->idempotency_key,
                                        run->cancellable, erased_cb, op);
      }
      break;

    case INV_N_OUTBOX_KINDS:
    default:
      _inv_sync_op_fail (op, _("Unknown operation"));
      break;
    }
}

/* The push */

static gboolean
wait_done_cb (gpointer data)
{
  InvSyncRun *run = data;

  run->wait_id = 0;
  _inv_sync_run_pump (run);

  return G_SOURCE_REMOVE;
}

static void
run_wait (InvSyncRun *run,
          gint64      seconds)
{
  g_assert (run->wait_id == 0);

  run->wait_id = g_timeout_add_seconds (MAX (seconds, 1), wait_done_cb, run);
}

static gboolean
load_pass (InvSyncRun *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  gboolean ignore_backoff = run->first_pass && (run->flags & INV_SYNC_FLAGS_NOW) != 0;

  run->first_pass = FALSE;

  due = inv_outbox_list_due (run->engine->database, inv_database_now (), ignore_backoff, 0, &error);
  if (due == NULL)
    {
      _inv_sync_log_db_error ("Reading the outbox", error);
      return FALSE;
    }

  for (guint i = 0; i < due->len; i++)
    {
      InvOutboxEntry *entry = g_ptr_array_index (due, i);

      if (!g_hash_table_contains (run->in_flight, &entry->id))
        g_queue_push_tail (&run->queue, inv_outbox_entry_copy (entry));
    }

  return !g_queue_is_empty (&run->queue);
}

/* Keeps up to `concurrency` rows on their way, in outbox order. When a pass is done,
 * the next one picks up what became due meanwhile (a cancel whose create was just
 * confirmed, a row whose short backoff ended); rows that back off longer than the
 * retry horizon are left for a later sync. */
void
_inv_sync_run_pump (InvSyncRun *run)
{
  InvSyncEngine *self = run->engine;

  if (run->wait_id != 0)
    return;

  if (run->stop_push || g_cancellable_is_cancelled (run->cancellable))
    {
      if (run->n_in_flight == 0)
        {
          g_queue_clear_full (&run->queue, (GDestroyNotify)inv_outbox_entry_free);
          _inv_sync_run_start_pull (run);
        }
      return;
    }

  while (run->n_in_flight < self->concurrency)
    {
      InvOutboxEntry *entry;
      gint64 wait;
      InvSyncOp *op;

      wait = rate_limit_wait (run);
      if (wait > 0)
        {
          if (wait <= self->retry_horizon)
            run_wait (run, wait);
          else
            {
              run->stop_push = TRUE;
              _inv_sync_run_wake_waiting_ops (run);
            }

          if (run->stop_push && run->n_in_flight == 0)
            _inv_sync_run_start_pull (run);
          return;
        }

      entry = g_queue_pop_head (&run->queue);
      if (entry == NULL)
        {
          gint64 next_due;
          gint64 now;

          /* A new pass starts once the last one's rows have all come back, so that
           * rows unblocked by them are seen. */
          if (run->n_in_flight > 0)
            return;

          g_debug ("Push pass done: %u pushed, %u failed, %u conflicts so far",
                   run->report.pushed, run->report.failed, run->report.conflicts);

          if (load_pass (run))
            continue;

          now = inv_database_now ();
          next_due = inv_outbox_get_next_due_time (self->database);
          if (next_due > now && next_due - now <= self->retry_horizon)
            {
              run_wait (run, next_due - now);
              return;
            }

          _inv_sync_run_start_pull (run);
          return;
        }

      op = op_new (run, entry);
      g_hash_table_add (run->in_flight, g_memdup2 (&entry->id, sizeof entry->id));
      run->n_in_flight++;
      _inv_sync_engine_update_indicator (self);
      op_send (op);
    }
}

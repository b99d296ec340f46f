/* inv-sync-reconcile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reconciliations: when the service's answer to a row leaves its outcome open, the
 * row's invitation is read back and local state follows the service's. A refused
 * cancel is read back to tell a lost answer (cancelled) from a conflict (the
 * candidate started first); a reattempt sent again first looks for the invitation an
 * unanswered attempt may have made.
 */

#define G_LOG_DOMAIN "inv-sync-engine"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-status.h"
#include "inv-sync-engine-private.h"

/* Reads of a reconciliation (a refused cancel read back, the look for an earlier
 * reattempt) wait between tries as the push does: what a 429 asked for, else the
 * backoff. A wait beyond the retry horizon leaves the row queued for a later sync,
 * due when the wait ends, instead of asking again and again. */

static gboolean
op_stopping (InvSyncOp *op)
{
  return op->run->stop_push || g_cancellable_is_cancelled (op->run->cancellable);
}

/* Ends an op's wait because the sync is stopping: the row stays queued. */
static void
op_defer_stopped (InvSyncOp *op)
{
  g_autoptr(GError) stopped = NULL;

  if (op->read_error != NULL)
    {
      _inv_sync_op_defer (op, op->read_error);
      return;
    }

  stopped = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_CANCELLED, _("The sync was stopped"));
  _inv_sync_op_defer (op, stopped);
}

static void op_request (InvSyncOp *op, InvSyncOpRequest request);

static gboolean
op_request_wait_done_cb (gpointer data)
{
  InvSyncOp *op = data;

  op->wait_id = 0;
  g_queue_delete_link (&op->run->waiting_ops, op->wait_link);
  op->wait_link = NULL;

  if (op_stopping (op))
    op_defer_stopped (op);
  else
    op_request (op, op->request);

  return G_SOURCE_REMOVE;
}

static void
op_request_after (InvSyncOp        *op,
                  InvSyncOpRequest  request,
                  gint64            wait_ms)
{
  InvSyncEngine *self = op->run->engine;

  g_assert (op->wait_id == 0);

  if (_inv_sync_engine_beyond_horizon (self, wait_ms))
    {
      g_autoptr(GError) blocked = NULL;
      const GError *why = op->read_error;

      if (why == NULL || _inv_sync_run_rate_limit_wait_ms (op->run) > 0)
        why = blocked = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_RATE_LIMITED,
                                     _("The service asked to wait before the next request"));

      _inv_sync_op_defer_for (op, why, (wait_ms + 999) / 1000);
      return;
    }

  op->request = request;
  op->wait_id = g_timeout_add (wait_ms, op_request_wait_done_cb, op);
  g_queue_push_tail (&op->run->waiting_ops, op);
  op->wait_link = op->run->waiting_ops.tail;
}

/* Sends an op's next request now, or once the service lets us (a 429 of any request
 * asks the whole client to wait). */
static void
op_request (InvSyncOp        *op,
            InvSyncOpRequest  request)
{
  gint64 blocked = _inv_sync_run_rate_limit_wait_ms (op->run);

  if (blocked > 0)
    op_request_after (op, request, blocked);
  else
    request (op);
}

/* A read failed: tried again after the wait, or the row is left for a later sync. */
static void
op_read_failed (InvSyncOp        *op,
                GError           *error,
                InvSyncOpRequest  retry)
{
  if (!inv_service_error_is_transient (error) || ++op->read_attempts >= READ_ATTEMPTS ||
      op_stopping (op))
    {
      _inv_sync_op_defer (op, error);
      return;
    }

  g_clear_error (&op->read_error);
  op->read_error = g_error_copy (error);
  op_request_after (op, retry, _inv_sync_run_read_wait_ms (op->run, op->read_attempts));
}

/* The page a read of a reconciliation brought; %NULL when the read failed, and then
 * @retry is sent again after the wait or the row is left for a later sync. */
static GPtrArray *
op_page_finish (InvSyncOp        *op,
                GObject          *client,
                GAsyncResult     *result,
                InvSyncOpRequest  retry)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *page;

  page = inv_service_client_read_page_finish (INV_SERVICE_CLIENT (client), result, NULL, &error);
  if (page == NULL)
    {
      op_read_failed (op, error, retry);
      return NULL;
    }

  op->read_attempts = 0;

  return page;
}

/* Wakes the reads that wait, so that a stopping sync ends without waiting for them. */
void
_inv_sync_run_wake_waiting_ops (InvSyncRun *run)
{
  for (GList *l = run->waiting_ops.head; l != NULL; l = l->next)
    {
      InvSyncOp *op = l->data;

      g_source_remove (op->wait_id);
      op->wait_id = g_idle_add (op_request_wait_done_cb, op);
    }
}

/* Reconciliation of a refused cancel (rule 2): read the invitation back. */

static void read_back_by_window (InvSyncOp *op);

static void
reconcile_with (InvSyncOp                 *op,
                const InvRemoteInvitation *remote)
{
  g_autoptr(GError) error = NULL;

  if (remote->status == INV_STATUS_CANCELLED)
    {
      /* An earlier attempt was applied and its answer lost, or someone cancelled it
       * elsewhere first: either way the cancel has happened exactly once. */
      if (inv_remote_store_confirm_cancelled (op->run->engine->database, op->entry->id,
                                              op->entry->invitation_id, "read back", &error))
        _inv_sync_op_succeeded (op);
      else
        _inv_sync_op_store_failed (op, "Confirming a cancel", error);
      return;
    }

  if (remote->status == INV_STATUS_PENDING)
    {
      /* Still pending, yet refused: the refusal was about the request itself. */
      _inv_sync_op_fail (op, op->refusal->message);
      return;
    }

  _inv_sync_op_conflict (op, remote);
}

static void
window_page_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  InvSyncOp *op = user_data;
  g_autoptr(GPtrArray) page = NULL;

  page = op_page_finish (op, object, result, read_back_by_window);
  if (page == NULL)
    return;

  for (guint i = 0; i < page->len; i++)
    {
      InvRemoteInvitation *remote = g_ptr_array_index (page, i);

      if (remote->id == op->remote_id)
        {
          reconcile_with (op, remote);
          return;
        }
    }

  if (inv_service_pages_has_more (op->pages))
    {
      op_request (op, read_back_by_window);
      return;
    }

  /* Not in this window: look further back, as far as the invitation's own age. */
  if (op->window_start > op->earliest)
    {
      op->window_end = op->window_start;
      op->window_start = MAX (op->earliest, op->window_end - INV_SERVICE_MAX_WINDOW_SECONDS);
      inv_service_pages_set_window (op->pages, op->window_start, op->window_end);
      op_request (op, read_back_by_window);
      return;
    }

  /* Not found is not an answer: the list moves while it is read page by page (other
   * invitations change and change places). The cancel stays queued; its next attempt
   * is refused again and read back again. */
  {
    g_autoptr(GError) unknown = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED,
                                             _("The service refused the cancel, and the invitation could not be read back"));

    _inv_sync_op_defer (op, unknown);
  }
}

/* A service without GET /v3/invitations/{id}: find the invitation among the status
 * changes, newest window first. */
static void
read_back_by_window (InvSyncOp *op)
{
  inv_service_client_read_page_async (op->run->client, op->pages, op->run->cancellable,
                                      window_page_cb, op);
}

static void read_back (InvSyncOp *op);

static void
read_back_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  InvSyncOp *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(InvRemoteInvitation) remote = NULL;

  remote = inv_service_client_get_invitation_finish (INV_SERVICE_CLIENT (object), result, &error);
  if (remote != NULL && remote->id != op->remote_id)
    {
      /* Another invitation's state says nothing about this one: the cancel stays
       * queued and is read back again at its next attempt. */
      g_autoptr(GError) other = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED,
                                             _("The service answered with another invitation than the one asked for"));

      _inv_sync_op_defer (op, other);
      return;
    }
  if (remote != NULL)
    {
      reconcile_with (op, remote);
      return;
    }

  if (g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NOT_FOUND))
    {
      gint64 now = inv_database_now ();

      op->window_end = now + 60;
      op->earliest = MIN (op->sent_at, op->entry->created_at) - 24 * 3600;
      op->earliest = MAX (op->earliest, op->window_end - 10 * (gint64)INV_SERVICE_MAX_WINDOW_SECONDS);
      op->window_start = MAX (op->earliest, op->window_end - INV_SERVICE_MAX_WINDOW_SECONDS);
      g_clear_pointer (&op->pages, inv_service_pages_unref);
      op->pages = inv_service_pages_new_test_attempts ("all", op->window_start, op->window_end,
                                                       INV_SERVICE_ATTEMPTS_PAGE_SIZE);
      op->read_attempts = 0;
      g_clear_error (&op->read_error);
      op_request (op, read_back_by_window);
      return;
    }

  op_read_failed (op, error, read_back);
}

static void
read_back (InvSyncOp *op)
{
  inv_service_client_get_invitation_async (op->run->client, op->remote_id, op->run->cancellable,
                                           read_back_cb, op);
}

/**
 * _inv_sync_op_reconcile_cancel:
 *
 * Reads back the invitation of a cancel the service refused (@op's refusal) and
 * settles the row from what the service says.
 */
void
_inv_sync_op_reconcile_cancel (InvSyncOp *op)
{
  g_assert (op->refusal != NULL);

  op_request (op, read_back);
}

/* Reattempts sent again */

static void find_earlier_reattempt_page (InvSyncOp *op);

static void
earlier_reattempt_link_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  InvSyncOp *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(InvRemoteInvitation) full = NULL;
  InvRemoteInvitation *found = op->found;
  gboolean conflicted = FALSE;

  /* The link, where the service offers a read of one invitation; without it the
   * invitation is linked without its link, which the next read may bring. A read
   * that answers about another invitation brings nothing. */
  full = inv_service_client_get_invitation_finish (INV_SERVICE_CLIENT (object), result, &error);
  if (full != NULL && full->id == found->id && full->test_url != NULL)
    {
      g_free (found->test_url);
      found->test_url = g_strdup (full->test_url);
    }

  if (inv_remote_store_confirm_created (op->run->engine->database, op->entry->id,
                                        op->entry->invitation_id, found, &conflicted, &error))
    _inv_sync_op_answered (op, conflicted);
  else
    _inv_sync_op_store_failed (op, "Recording a reattempt", error);
}

static void
read_earlier_reattempt_link (InvSyncOp *op)
{
  inv_service_client_get_invitation_async (op->run->client, op->found->id, op->run->cancellable,
                                           earlier_reattempt_link_cb, op);
}

static void
earlier_reattempt_page_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  InvSyncOp *op = user_data;
  g_autoptr(GPtrArray) page = NULL;
  g_autofree char *key = NULL;

  page = op_page_finish (op, object, result, find_earlier_reattempt_page);
  if (page == NULL)
    return;

  key = g_utf8_casefold (op->source_email, -1);

  for (guint i = 0; i < page->len; i++)
    {
      InvRemoteInvitation *remote = g_ptr_array_index (page, i);
      g_autofree char *other = NULL;

      if (remote->id == op->source_remote_id || remote->test_id != op->source_test_id ||
          remote->email == NULL || remote->status != INV_STATUS_PENDING)
        continue;

      other = g_utf8_casefold (remote->email, -1);
      if (!g_str_equal (key, other))
        continue;

      /* Made by an attempt whose answer was lost. */
      op->found = inv_remote_invitation_copy (remote);
      op_request (op, read_earlier_reattempt_link);
      return;
    }

  if (inv_service_pages_has_more (op->pages))
    {
      op_request (op, find_earlier_reattempt_page);
      return;
    }

  op_request (op, _inv_sync_op_send_reattempt);
}

static void
find_earlier_reattempt_page (InvSyncOp *op)
{
  inv_service_client_read_page_async (op->run->client, op->pages, op->run->cancellable,
                                      earlier_reattempt_page_cb, op);
}

void
_inv_sync_op_find_earlier_reattempt (InvSyncOp *op)
{
  gint64 end = inv_database_now () + 60;
  gint64 start = MAX (op->entry->created_at - 60, end - INV_SERVICE_MAX_WINDOW_SECONDS);

  g_clear_pointer (&op->pages, inv_service_pages_unref);
  op->pages = inv_service_pages_new_test_attempts ("pending", start, end, INV_SERVICE_ATTEMPTS_PAGE_SIZE);
  op->read_attempts = 0;
  op_request (op, find_earlier_reattempt_page);
}

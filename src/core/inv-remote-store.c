/* inv-remote-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes what the invitation service said into the local database: templates,
 * confirmed outbox operations, and pulled status changes. Each function is one
 * transaction (or part of the caller's), so a crash leaves either the old or the new
 * state, never an operation confirmed without its result.
 */

#define G_LOG_DOMAIN "inv-remote-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "inv-email.h"
#include "inv-invitation.h"
#include "inv-invitation-query.h"
#include "inv-invite-private.h"
#include "inv-outbox.h"
#include "inv-remote-store.h"
#include "inv-transaction.h"

/**
 * inv_remote_store_email_key:
 *
 * Returns: (transfer full): the key candidates are unique by: the email, normalised
 *   and case-folded, so that "Jo@Example.org" and "jo@example.org" are one person
 */
char *
inv_remote_store_email_key (const char *email)
{
  return inv_email_key (email != NULL ? email : "");
}

static gboolean
find_template (InvDatabase *database,
               gint64       remote_id,
               gint64      *template_id)
{
  sqlite3_stmt *stmt;

  stmt = inv_database_prepare (database, "SELECT id FROM templates WHERE remote_id = ?1", NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, remote_id);

  return inv_database_step_int64 (stmt, template_id);
}

static gboolean
replace_interviewers (InvDatabase          *database,
                      gint64                template_id,
                      const InvRemoteTest  *test,
                      GError              **error)
{
  sqlite3_stmt *stmt;

  stmt = inv_database_prepare (database, "DELETE FROM interviewers WHERE template_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, template_id);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  for (guint i = 0; i < test->interviewers->len; i++)
    {
      const InvRemotePerson *person = g_ptr_array_index (test->interviewers, i);

      stmt = inv_database_prepare (database,
                                   "INSERT INTO interviewers (template_id, name, email) VALUES (?1, ?2, ?3)",
                                   error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, template_id);
      sqlite3_bind_text (stmt, 2, person->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, person->email, -1, SQLITE_TRANSIENT);
      if (!inv_database_step_done (database, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * inv_remote_store_upsert_tests:
 * @tests: (element-type InvRemoteTest): templates as the service lists them
 * @n_changed: (out) (optional): how many were new or different
 *
 * Adds or updates the local copy of each template, matched by its remote id. The
 * interviewers are replaced only when the service listed some (a service without the
 * extension lists none, and that says nothing about who they are).
 */
gboolean
inv_remote_store_upsert_tests (InvDatabase  *database,
                               GPtrArray    *tests,
                               guint        *n_changed,
                               GError      **error)
{
  sqlite3 *db = inv_database_get_handle (database);
  g_autoptr(InvTransaction) txn = NULL;
  gboolean ok = TRUE;
  guint changed = 0;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (tests != NULL, FALSE);

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;

  for (guint i = 0; ok && i < tests->len; i++)
    {
      const InvRemoteTest *test = g_ptr_array_index (tests, i);
      sqlite3_stmt *stmt;
      gint64 template_id = 0;

      stmt = inv_database_prepare (database,
                                   "INSERT INTO templates (remote_id, name, interview_type, active, "
                                   "  validity_days, duration_minutes, name_key) "
                                   "VALUES (?1, ?2, ?3, ?4, coalesce (nullif (?5, 0), 7), "
                                   "  coalesce (nullif (?6, 0), 60), inv_name_key (?2)) "
                                   "ON CONFLICT (remote_id) DO UPDATE SET "
                                   "  name = excluded.name, name_key = excluded.name_key, "
                                   "  interview_type = excluded.interview_type, "
                                   "  active = excluded.active, validity_days = excluded.validity_days, "
                                   "  duration_minutes = excluded.duration_minutes "
                                   "WHERE name IS NOT excluded.name "
                                   "   OR interview_type IS NOT excluded.interview_type "
                                   "   OR active IS NOT excluded.active "
                                   "   OR validity_days IS NOT excluded.validity_days "
                                   "   OR duration_minutes IS NOT excluded.duration_minutes",
                                   error);
      if (stmt == NULL)
        {
          ok = FALSE;
          break;
        }

      sqlite3_bind_int64 (stmt, 1, test->id);
      sqlite3_bind_text (stmt, 2, test->name != NULL && *test->name ? test->name : "?", -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, test->live ? "live" : "automated", -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, test->active ? 1 : 0);
      sqlite3_bind_int (stmt, 5, MAX (test->validity_days, 0));
      sqlite3_bind_int (stmt, 6, MAX (test->duration, 0));
      ok = inv_database_step_done (database, stmt, error);
      if (ok && sqlite3_changes (db) > 0)
        changed++;

      if (ok && test->interviewers->len > 0 && find_template (database, test->id, &template_id))
        ok = replace_interviewers (database, template_id, test, error);
    }

  if (n_changed != NULL)
    *n_changed = ok ? changed : 0;

  return ok && inv_transaction_commit (txn, error);
}

/**
 * inv_remote_store_get_template_remote_id:
 *
 * Returns: %TRUE if the template is known to the service, with its id in @remote_id
 */
gboolean
inv_remote_store_get_template_remote_id (InvDatabase *database,
                                         gint64       template_id,
                                         gint64      *remote_id)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  stmt = inv_database_prepare (database,
                               "SELECT remote_id FROM templates WHERE id = ?1 AND remote_id IS NOT NULL",
                               NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, template_id);

  return inv_database_step_int64 (stmt, remote_id);
}

/**
 * inv_remote_store_get_push_target:
 * @remote_id: (out): the invitation's remote id, 0 when it has none yet
 * @remote_test_id: (out): its template's remote id, 0 when the template is local only
 * @email: (out) (transfer full): the candidate's email
 * @name: (out) (transfer full): the candidate's name
 * @sent_at: (out) (optional): when it was sent (or queued)
 *
 * Reads what a request about an invitation needs.
 */
gboolean
inv_remote_store_get_push_target (InvDatabase  *database,
                                  gint64        invitation_id,
                                  gint64       *remote_id,
                                  gint64       *remote_test_id,
                                  char        **email,
                                  char        **name,
                                  gint64       *sent_at,
                                  GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  stmt = inv_database_prepare (database,
                               "SELECT i.remote_id, t.remote_id, i.email, i.candidate_name, i.sent_at "
                               "FROM invitations i JOIN templates t ON t.id = i.template_id "
                               "WHERE i.id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  if (!_inv_invite_step_invitation (stmt, invitation_id, error))
    return FALSE;

  *remote_id = sqlite3_column_int64 (stmt, 0);
  *remote_test_id = sqlite3_column_int64 (stmt, 1);
  *email = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  *name = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
  if (sent_at != NULL)
    *sent_at = sqlite3_column_int64 (stmt, 4);
  sqlite3_reset (stmt);

  return TRUE;
}

/* The sync state an invitation shows after one of its operations was confirmed:
 * waiting again when more operations for it are queued; "failed" or "conflict" while
 * an older one waits for a person; "synced" otherwise. */
static const char *
sync_state_after (InvDatabase *database,
                  gint64       invitation_id,
                  gboolean    *more_queued)
{
  sqlite3_stmt *stmt;
  const char *state = inv_sync_state_to_string (INV_SYNC_STATE_SYNCED);

  *more_queued = FALSE;

  /* Queued rows first, then failed before conflicting ones. */
  stmt = inv_database_prepare (database,
                               "SELECT operation, state FROM outbox WHERE invitation_id = ?1 "
                               "ORDER BY CASE state WHEN 'queued' THEN 0 WHEN 'failed' THEN 1 ELSE 2 END, id "
                               "LIMIT 1",
                               NULL);
  if (stmt == NULL)
    return state;

  sqlite3_bind_int64 (stmt, 1, invitation_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *operation = (const char *)sqlite3_column_text (stmt, 0);
      const char *outbox_state = (const char *)sqlite3_column_text (stmt, 1);

      if (g_strcmp0 (outbox_state, "failed") == 0)
        state = inv_sync_state_to_string (INV_SYNC_STATE_FAILED);
      else if (g_strcmp0 (outbox_state, "conflict") == 0)
        state = inv_sync_state_to_string (INV_SYNC_STATE_CONFLICT);
      else
        {
          *more_queued = TRUE;
          if (g_strcmp0 (operation, "cancel") == 0)
            state = inv_sync_state_to_string (INV_SYNC_STATE_PENDING_CANCEL);
          else
            state = inv_sync_state_to_string (INV_SYNC_STATE_PENDING_CREATE);
        }
    }
  sqlite3_reset (stmt);

  return state;
}

/* Who a local invitation is for, as the service tells invitations apart: one per
 * test and email. */
typedef struct
{
  gint64    template_id;
  char     *template_name;
  char     *name;
  char     *email_key;
  gboolean  is_sample;
} Identity;

static void
identity_clear (Identity *identity)
{
  g_clear_pointer (&identity->template_name, g_free);
  g_clear_pointer (&identity->name, g_free);
  g_clear_pointer (&identity->email_key, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Identity, identity_clear)

static gboolean
read_identity (InvDatabase  *database,
               gint64        invitation_id,
               Identity     *identity,
               GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = inv_database_prepare (database,
                               "SELECT i.template_id, t.name, i.candidate_name, i.email, i.is_sample "
                               "FROM invitations i JOIN templates t ON t.id = i.template_id WHERE i.id = ?1",
                               error);
  if (stmt == NULL || !_inv_invite_step_invitation (stmt, invitation_id, error))
    return FALSE;

  identity->template_id = sqlite3_column_int64 (stmt, 0);
  identity->template_name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  identity->name = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  identity->email_key = inv_remote_store_email_key ((const char *)sqlite3_column_text (stmt, 3));
  identity->is_sample = sqlite3_column_int (stmt, 4) != 0;
  sqlite3_reset (stmt);

  return TRUE;
}

/* The invitation an outbox row is about now: a merge may have moved it to another
 * local row after the row was read for sending. */
static gint64
current_invitation (InvDatabase *database,
                    gint64       outbox_id,
                    gint64       invitation_id)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  stmt = inv_database_prepare (database, "SELECT invitation_id FROM outbox WHERE id = ?1", NULL);
  if (stmt == NULL)
    return invitation_id;

  sqlite3_bind_int64 (stmt, 1, outbox_id);
  if (!inv_database_step_int64 (stmt, &id) || id <= 0)
    return invitation_id;

  return id;
}

static gboolean
run_with_ids (InvDatabase  *database,
              const char   *sql,
              gint64        keep,
              gint64        drop,
              GError      **error)
{
  sqlite3_stmt *stmt = inv_database_prepare (database, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, keep);
  sqlite3_bind_int64 (stmt, 2, drop);

  return inv_database_step_done (database, stmt, error);
}

/*
 * merge_invitations:
 * @keep: the older of two local rows of one remote invitation, which stays
 * @drop: the other, which goes
 * @newest: whichever of the two holds what was asked of the service last (the
 *   candidate's name and email, the window): the other takes it
 *
 * Makes one local invitation of two, inside the caller's transaction: every history
 * entry and outbox row of @drop moves to @keep (history stays as it was written,
 * only its owner changes), and meta remembers where @drop went, for the results of
 * the "Send invite" that made it.
 */
static gboolean
merge_invitations (InvDatabase  *database,
                   gint64        keep,
                   gint64        drop,
                   gint64        newest,
                   GError      **error)
{
  g_autofree char *key = g_strdup_printf (INV_META_MERGED_PREFIX "%" G_GINT64_FORMAT, drop);
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, keep);
  g_autofree char *detail = g_strdup_printf ("Invitation %" G_GINT64_FORMAT, drop);

  if (newest == drop &&
      !run_with_ids (database,
                     "UPDATE invitations SET (candidate_id, candidate_name, email, search_text, name_key, "
                     "    sent_at, expires_at, scheduled_at, cancel_reason) = "
                     "  (SELECT candidate_id, candidate_name, email, search_text, name_key, "
                     "    sent_at, expires_at, scheduled_at, cancel_reason FROM invitations WHERE id = ?2) "
                     "WHERE id = ?1",
                     keep, drop, error))
    return FALSE;

  if (!run_with_ids (database, "UPDATE invitations SET remote_id = NULL WHERE id = ?2", keep, drop, error) ||
      !run_with_ids (database, "UPDATE history SET invitation_id = ?1 WHERE invitation_id = ?2", keep, drop, error) ||
      !run_with_ids (database, "UPDATE outbox SET invitation_id = ?1 WHERE invitation_id = ?2", keep, drop, error) ||
      !run_with_ids (database,
                     "UPDATE outbox SET payload = json_set (payload, '$.sourceInvitationId', ?1) "
                     "WHERE operation = 'reattempt' AND json_valid (payload) "
                     "  AND json_extract (payload, '$.sourceInvitationId') = ?2",
                     keep, drop, error) ||
      !run_with_ids (database,
                     "UPDATE OR IGNORE cancel_batch_rows SET invitation_id = ?1 WHERE invitation_id = ?2",
                     keep, drop, error) ||
      !run_with_ids (database, "DELETE FROM cancel_batch_rows WHERE invitation_id = ?2 AND ?1 IS NOT NULL",
                     keep, drop, error) ||
      !run_with_ids (database, "DELETE FROM invitations WHERE id = ?2 AND ?1 IS NOT NULL", keep, drop, error))
    return FALSE;

  return inv_database_set_meta (database, key, value, error) &&
         inv_database_append_history (database, keep, inv_database_now (), "merged", detail, error);
}

/* The id of the invitation a reattempt row starts from, or 0. */
static gint64
reattempt_source (const InvOutboxEntry *entry)
{
  const char *member;
  gint64 id = 0;

  if (entry->kind != INV_OUTBOX_REATTEMPT || entry->payload == NULL)
    return 0;

  member = strstr (entry->payload, "\"sourceInvitationId\"");
  if (member == NULL || (member = strchr (member, ':')) == NULL)
    return 0;

  id = g_ascii_strtoll (member + 1, NULL, 10);

  return MAX (id, 0);
}

/**
 * inv_remote_store_confirm_created:
 * @outbox_id: the create, reinvite or reattempt row the service answered
 * @invitation_id: the local invitation that receives the answer
 * @remote: the service's answer
 * @conflicted: (out) (optional): set when the answer belongs to another invitation
 *   and was refused (the row is then a conflict)
 *
 * Links the local invitation to the remote one, takes its link (none when the answer
 * carried none: a re-invite's old link no longer works, and the next pull asks the
 * service for the new one) and status, and removes the outbox row, in one
 * transaction. When more operations for the invitation wait (a cancel queued before
 * the create was sent), the local status stays as the person left it.
 *
 * The answer's id is taken only where it cannot belong to another row. When another
 * local row already holds it:
 * - the same person (email) and interview template: the service reactivated the
 *   invitation that row records. The two rows become one, under the older row's id,
 *   with the history and outbox rows of both, and the status the service answered;
 * - anyone or anything else (or the invitation a reattempt started from): the id is
 *   not moved; the outbox row becomes a conflict that says whose invitation the
 *   service answered with, and nothing else changes.
 *
 * Returns: %FALSE with @error set if it could not be recorded
 */
gboolean
inv_remote_store_confirm_created (InvDatabase                *database,
                                  gint64                      outbox_id,
                                  gint64                      invitation_id,
                                  const InvRemoteInvitation  *remote,
                                  gboolean                   *conflicted,
                                  GError                    **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(InvTransaction) txn = NULL;
  gboolean more_queued = FALSE;
  const char *sync_state;
  const char *status;
  gint64 now = inv_database_now ();
  gint64 other_id = 0;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (remote != NULL && remote->id > 0, FALSE);

  if (conflicted != NULL)
    *conflicted = FALSE;

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;

  invitation_id = current_invitation (database, outbox_id, invitation_id);

  stmt = inv_database_prepare (database,
                               "SELECT id FROM invitations WHERE remote_id = ?1 AND id != ?2",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, remote->id);
  sqlite3_bind_int64 (stmt, 2, invitation_id);
  inv_database_step_int64 (stmt, &other_id);

  if (other_id != 0)
    {
      g_autoptr(InvOutboxEntry) entry = inv_outbox_get (database, outbox_id, error);
      g_auto(Identity) mine = { 0 };
      g_auto(Identity) theirs = { 0 };

      if (entry == NULL ||
          !read_identity (database, invitation_id, &mine, error) ||
          !read_identity (database, other_id, &theirs, error))
        return FALSE;

      if (mine.template_id != theirs.template_id || mine.is_sample || theirs.is_sample ||
          *mine.email_key == '\0' || !g_str_equal (mine.email_key, theirs.email_key) ||
          reattempt_source (entry) == other_id)
        {
          g_autofree char *reason = NULL;

          /* TRANSLATORS: a candidate's name, then an interview template's name */
          reason = g_strdup_printf (_("The service answered with an invitation that belongs to %s for “%s”; nothing was changed"),
                                    theirs.name, theirs.template_name);
          if (!inv_outbox_conflict (database, outbox_id, NULL, reason, error))
            return FALSE;

          if (conflicted != NULL)
            *conflicted = TRUE;

          return inv_transaction_commit (txn, error);
        }

      /* A reactivation of what the other row records: one invitation, two rows. */
      if (!inv_outbox_complete (database, outbox_id, error) ||
          !merge_invitations (database, MIN (invitation_id, other_id), MAX (invitation_id, other_id),
                              invitation_id, error))
        return FALSE;

      invitation_id = MIN (invitation_id, other_id);
    }
  else if (!inv_outbox_complete (database, outbox_id, error))
    return FALSE;

  sync_state = sync_state_after (database, invitation_id, &more_queued);

  status = inv_remote_invitation_get_status_name (remote);
  if (remote->status == INV_STATUS_UNKNOWN && (remote->status_text == NULL || *remote->status_text == '\0'))
    status = inv_status_to_string (INV_STATUS_PENDING);

  stmt = inv_database_prepare (database,
                               "UPDATE invitations SET remote_id = ?2, link = ?3, "
                               "  status = CASE WHEN ?4 THEN status ELSE ?5 END, "
                               "  sync_state = ?6, updated_at = ?7 "
                               "WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, invitation_id);
  sqlite3_bind_int64 (stmt, 2, remote->id);
  sqlite3_bind_text (stmt, 3, remote->test_url, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, more_queued ? 1 : 0);
  sqlite3_bind_text (stmt, 5, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, sync_state, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, now);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  if (!inv_database_append_history (database, invitation_id, now, "sent", NULL, error))
    return FALSE;

  return inv_transaction_commit (txn, error);
}

/**
 * inv_remote_store_confirm_cancelled:
 * @how: (nullable): how it was confirmed, for the history ("answered", "read back" when
 *   an earlier answer was lost, "pulled")
 *
 * Records a cancel the service applied and removes its outbox row, in one transaction.
 */
gboolean
inv_remote_store_confirm_cancelled (InvDatabase  *database,
                                    gint64        outbox_id,
                                    gint64        invitation_id,
                                    const char   *how,
                                    GError      **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(InvTransaction) txn = NULL;
  gboolean more_queued = FALSE;
  gint64 now = inv_database_now ();

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;

  if (outbox_id > 0)
    invitation_id = current_invitation (database, outbox_id, invitation_id);

  if (!inv_outbox_complete (database, outbox_id, error))
    return FALSE;

  stmt = inv_database_prepare (database,
                               "UPDATE invitations SET status = 'cancelled', sync_state = ?2, "
                               "  updated_at = ?3 WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, invitation_id);
  sqlite3_bind_text (stmt, 2, sync_state_after (database, invitation_id, &more_queued), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  if (!inv_database_append_history (database, invitation_id, now, "cancel-sent", how, error))
    return FALSE;

  return inv_transaction_commit (txn, error);
}

/**
 * inv_remote_store_conflict_reason:
 *
 * Returns: (transfer full): the sentence the Sync page shows for a cancel that the
 *   service's state made impossible
 */
char *
inv_remote_store_conflict_reason (InvStatus   remote_status,
                                  const char *status_text)
{
  const char *why = NULL;

  if (remote_status == INV_STATUS_UNKNOWN)
    return g_strdup_printf (_("The service reports the status “%s”, so the invitation was not cancelled"),
                            status_text != NULL ? status_text : "?");

  inv_status_allows (remote_status, INV_ACTION_CANCEL, &why);
  if (why == NULL)
    why = _("The service refused the cancel");

  /* TRANSLATORS: %s is a reason such as "The candidate has already started" */
  return g_strdup_printf (_("%s, so the invitation was not cancelled"), why);
}

/* Pull */

typedef struct
{
  gint64 id;
  char  *status;
  char  *sync_state;
  gint64 queued_cancel;       /* outbox id of a queued cancel, or 0 */
  gboolean other_queued;      /* another queued operation (a reinvite) */
} LocalRow;

static gboolean
load_local_row (InvDatabase *database,
                gint64       remote_id,
                LocalRow    *row)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  memset (row, 0, sizeof *row);

  stmt = inv_database_prepare (database,
                               "SELECT i.id, i.status, i.sync_state, "
                               "  (SELECT o.id FROM outbox o WHERE o.invitation_id = i.id "
                               "     AND o.operation = 'cancel' AND o.state = 'queued' ORDER BY o.id LIMIT 1), "
                               "  EXISTS (SELECT 1 FROM outbox o WHERE o.invitation_id = i.id "
                               "     AND o.operation != 'cancel' AND o.state = 'queued') "
                               "FROM invitations i WHERE i.remote_id = ?1 AND i.is_sample = 0",
                               NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, remote_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      row->id = sqlite3_column_int64 (stmt, 0);
      row->status = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      row->sync_state = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      row->queued_cancel = sqlite3_column_int64 (stmt, 3);
      row->other_queued = sqlite3_column_int (stmt, 4) != 0;
      found = TRUE;
    }
  sqlite3_reset (stmt);

  return found;
}

static void
local_row_clear (LocalRow *row)
{
  g_clear_pointer (&row->status, g_free);
  g_clear_pointer (&row->sync_state, g_free);
}

static gboolean
set_status_from_remote (InvDatabase                *database,
                        const LocalRow             *row,
                        const InvRemoteInvitation  *remote,
                        gboolean                   *changed,
                        GError                    **error)
{
  const char *status = inv_remote_invitation_get_status_name (remote);
  const char *sync_state = row->sync_state;
  sqlite3_stmt *stmt;
  gint64 now = inv_database_now ();

  *changed = FALSE;

  /* A row that waits for a person (failed or conflicting) keeps showing it. */
  if (g_strcmp0 (sync_state, "failed") != 0 && g_strcmp0 (sync_state, "conflict") != 0)
    sync_state = inv_sync_state_to_string (INV_SYNC_STATE_SYNCED);

  if (g_strcmp0 (row->status, status) == 0 && g_strcmp0 (row->sync_state, sync_state) == 0)
    return TRUE;

  stmt = inv_database_prepare (database,
                               "UPDATE invitations SET status = ?2, sync_state = ?3, "
                               "  updated_at = ?4 WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, row->id);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, sync_state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, remote->updated_on > 0 ? remote->updated_on : now);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  *changed = TRUE;

  if (g_strcmp0 (row->status, status) != 0)
    return inv_database_append_history (database, row->id, now, "status-changed", status, error);

  return TRUE;
}

/* A local invitation whose create was sent but whose answer never came back: the
 * service has an invitation for the same template and email that this database does
 * not know. */
static gint64
find_unconfirmed_create (InvDatabase               *database,
                         gint64                     template_id,
                         const InvRemoteInvitation *remote,
                         gint64                    *outbox_id)
{
  g_autofree char *key = inv_remote_store_email_key (remote->email);
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (remote->email == NULL)
    return 0;

  stmt = inv_database_prepare (database,
                               "SELECT i.id, o.id, i.email FROM invitations i "
                               "JOIN outbox o ON o.invitation_id = i.id "
                               "WHERE i.template_id = ?1 AND i.remote_id IS NULL AND i.is_sample = 0 "
                               "  AND o.operation IN ('create', 'reinvite') AND o.state = 'queued' "
                               "  AND o.attempts > 0 AND i.email = ?2 COLLATE NOCASE "
                               "ORDER BY o.id",
                               NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, template_id);
  sqlite3_bind_text (stmt, 2, remote->email, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *other = inv_remote_store_email_key ((const char *)sqlite3_column_text (stmt, 2));

      if (g_str_equal (key, other))
        {
          id = sqlite3_column_int64 (stmt, 0);
          *outbox_id = sqlite3_column_int64 (stmt, 1);
          break;
        }
    }
  sqlite3_reset (stmt);

  return id;
}

static gboolean
ensure_template (InvDatabase  *database,
                 gint64        remote_test_id,
                 gint64       *template_id,
                 GError      **error)
{
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;

  if (find_template (database, remote_test_id, template_id))
    return TRUE;

  /* A template the listing did not have (yet): a placeholder, named by the next
   * template pull. */
  name = g_strdup_printf (_("Test %lld"), (long long)remote_test_id);
  stmt = inv_database_prepare (database,
                               "INSERT INTO templates (remote_id, name, name_key) VALUES (?1, ?2, inv_name_key (?2))",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, remote_test_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  *template_id = sqlite3_last_insert_rowid (inv_database_get_handle (database));

  return TRUE;
}

static gboolean
ensure_candidate (InvDatabase  *database,
                  const char   *email,
                  const char   *name,
                  gint64       *candidate_id,
                  GError      **error)
{
  g_autofree char *key = inv_remote_store_email_key (email);
  g_autofree char *first = NULL;
  const char *last = "";
  const char *space;
  sqlite3_stmt *stmt;
  int rc;

  if (name == NULL || *name == '\0')
    name = email;

  space = strchr (name, ' ');
  if (space != NULL)
    {
      first = g_strndup (name, space - name);
      last = space + 1;
    }
  else
    first = g_strdup (name);

  stmt = inv_database_prepare (database,
                               "INSERT INTO candidates (first_name, last_name, email, email_key, created_at, name_key) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, inv_candidate_key (?2, ?1)) "
                               "ON CONFLICT (email_key) DO NOTHING",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, last, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, inv_database_now ());
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  stmt = inv_database_prepare (database, "SELECT id FROM candidates WHERE email_key = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *candidate_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    {
      inv_database_set_error (database, error, _("Adding a candidate"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
import_invitation (InvDatabase                *database,
                   gint64                      template_id,
                   const InvRemoteInvitation  *remote,
                   GError                    **error)
{
  g_autofree char *search_text = NULL;
  const char *email = remote->email != NULL ? remote->email : "";
  const char *name = remote->name != NULL && *remote->name ? remote->name : email;
  sqlite3_stmt *stmt;
  gint64 candidate_id = 0;
  gint64 now = inv_database_now ();
  gint64 updated = remote->updated_on > 0 ? remote->updated_on : now;
  gint64 invitation_id;

  if (!ensure_candidate (database, email, name, &candidate_id, error))
    return FALSE;

  search_text = inv_search_text_new (name, email);

  stmt = inv_database_prepare (database,
                               "INSERT INTO invitations (remote_id, template_id, candidate_id, "
                               "  candidate_name, email, search_text, status, link, sent_at, "
                               "  expires_at, updated_at, sync_state, name_key) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'synced', "
                               "  inv_name_key (?4))",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, remote->id);
  sqlite3_bind_int64 (stmt, 2, template_id);
  sqlite3_bind_int64 (stmt, 3, candidate_id);
  sqlite3_bind_text (stmt, 4, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, search_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, inv_remote_invitation_get_status_name (remote), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, remote->test_url, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 9, remote->start > 0 ? remote->start : updated);
  if (remote->end > 0)
    sqlite3_bind_int64 (stmt, 10, remote->end);
  else
    sqlite3_bind_null (stmt, 10);
  sqlite3_bind_int64 (stmt, 11, updated);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  invitation_id = sqlite3_last_insert_rowid (inv_database_get_handle (database));

  return inv_database_append_history (database, invitation_id, now, "imported",
                                      g_strcmp0 (remote->origin, "app") == 0 ? "web dashboard" : remote->origin,
                                      error);
}

static gboolean
apply_one (InvDatabase                *database,
           const InvRemoteInvitation  *remote,
           InvRemoteApplyStats        *stats,
           GError                    **error)
{
  LocalRow row;
  gboolean ok = TRUE;

  if (load_local_row (database, remote->id, &row))
    {
      if (row.queued_cancel != 0)
        {
          /* Rules 2–4 of the contract, decided by what the pull shows. */
          if (remote->status == INV_STATUS_CANCELLED)
            {
              ok = inv_remote_store_confirm_cancelled (database, row.queued_cancel, row.id, "pulled", error);
              stats->changed += ok;
            }
          else if (remote->status != INV_STATUS_PENDING && remote->status != INV_STATUS_UNKNOWN)
            {
              g_autofree char *reason = inv_remote_store_conflict_reason (remote->status, remote->status_text);

              ok = inv_outbox_conflict (database, row.queued_cancel,
                                        inv_remote_invitation_get_status_name (remote), reason, error);
              stats->conflicts += ok;
            }
          /* Pending: the cancel still has to be sent. Unknown: the push reads it back. */
        }
      else if (!row.other_queued)
        {
          gboolean changed = FALSE;

          ok = set_status_from_remote (database, &row, remote, &changed, error);
          stats->changed += changed;
        }

      local_row_clear (&row);
    }
  else if (remote->test_id > 0)
    {
      gint64 template_id = 0;
      gint64 outbox_id = 0;
      gint64 invitation_id;

      ok = ensure_template (database, remote->test_id, &template_id, error);
      if (!ok)
        return FALSE;

      /* A cancelled or expired match is not what a lost create made: a retry of the
       * create reactivates it, and confirm_created() then moves the link over. */
      if (remote->status != INV_STATUS_CANCELLED && remote->status != INV_STATUS_EXPIRED)
        invitation_id = find_unconfirmed_create (database, template_id, remote, &outbox_id);
      else
        invitation_id = 0;
      if (invitation_id != 0)
        {
          /* The lost answer of a local create: not a new invitation. The create stays
           * queued; its retry returns this same invitation with its link, which a
           * status change does not carry. */
          stats->awaiting_push++;
        }
      else
        {
          ok = import_invitation (database, template_id, remote, error);
          stats->imported += ok;
        }
    }

  return ok;
}

/**
 * inv_remote_store_apply_changes:
 * @invitations: (element-type InvRemoteInvitation): one page of pulled changes
 * @stats: (inout): counts to add to
 *
 * Applies pulled status changes in one transaction: remote status wins for every
 * invitation without a local change waiting; a queued cancel for an invitation the
 * service shows as started, finished or expired becomes a conflict and is undone
 * locally, one the service shows as cancelled is confirmed; an invitation this
 * database has not seen is imported — unless it matches a local invitation whose
 * create was sent but not answered: that one is left to the create's retry, which
 * brings back the same invitation and its link.
 */
gboolean
inv_remote_store_apply_changes (InvDatabase          *database,
                                GPtrArray            *invitations,
                                InvRemoteApplyStats  *stats,
                                GError              **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (invitations != NULL, FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;

  for (guint i = 0; ok && i < invitations->len; i++)
    ok = apply_one (database, g_ptr_array_index (invitations, i), stats, error);

  return ok && inv_transaction_commit (txn, error);
}

/**
 * inv_remote_store_list_missing_links:
 * @limit: at most this many
 *
 * The invitations the service has (they have a remote id and are not waiting for
 * their create) whose link still works there but is not stored here: those a pull
 * imported or updated, since the service's list of changes carries no links.
 *
 * Returns: (transfer full) (element-type gint64): their remote ids, or %NULL with
 *   @error set
 */
GArray *
inv_remote_store_list_missing_links (InvDatabase  *database,
                                     guint         limit,
                                     GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);

  stmt = inv_database_prepare (database,
                               "SELECT remote_id FROM invitations "
                               "WHERE remote_id IS NOT NULL AND is_sample = 0 "
                               "  AND status IN ('pending', 'in_progress') "
                               "  AND sync_state NOT IN ('pending_create', 'failed') "
                               "  AND (link IS NULL OR link NOT LIKE 'http%') "
                               "ORDER BY updated_at DESC LIMIT ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, limit);

  return inv_database_read_ids (database, stmt, _("Reading the invitations without a link"), error);
}

/**
 * inv_remote_store_set_link:
 * @remote_id: the service's id of the invitation
 * @link: the link the service gave, an http or https address
 *
 * Stores the link the service gave for an invitation (see
 * inv_remote_store_list_missing_links()).
 *
 * Returns: %FALSE with @error set if it could not be stored
 */
gboolean
inv_remote_store_set_link (InvDatabase  *database,
                           gint64        remote_id,
                           const char   *link,
                           GError      **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (inv_invitation_link_is_web (link), FALSE);

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;

  stmt = inv_database_prepare (database,
                               "UPDATE invitations SET link = ?2 "
                               "WHERE remote_id = ?1 AND is_sample = 0 AND link IS NOT ?2",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, remote_id);
  sqlite3_bind_text (stmt, 2, link, -1, SQLITE_TRANSIENT);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  return inv_transaction_commit (txn, error);
}

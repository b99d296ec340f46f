/* inv-invite.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inviting candidates: one, or a selection of thousands. Nothing is sent from here:
 * each invitation becomes a local row (pending, waiting for the service) plus an outbox
 * row with its own idempotency key, which the sync engine pushes. A selection is queued
 * in batches of INV_INVITE_BATCH_SIZE, each batch one transaction, so that a person can
 * stop between batches and a crash loses at most the batch being written.
 */

#define G_LOG_DOMAIN "inv-invite"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "inv-database-candidates.h"
#include "inv-email.h"
#include "inv-invitation-query.h"
#include "inv-invite-private.h"
#include "inv-outbox.h"
#include "inv-status.h"
#include "inv-transaction.h"

#define DAY (24 * 60 * 60)

/* A candidate's open invitation for a template, found by candidate or by email (an
 * invitation made elsewhere may sit under another candidate row). Two lookups, each on
 * its own index: one OR over both would scan every pending invitation of the template. */
#define OPEN_INVITATION_SQL \
  "SELECT id, status FROM (" \
  "  SELECT id, status FROM invitations " \
  "  WHERE candidate_id = ?2 AND template_id = ?1 AND status IN ('pending', 'in_progress') " \
  "  UNION ALL " \
  "  SELECT id, status FROM invitations " \
  "  WHERE email = ?3 COLLATE NOCASE AND +template_id = ?1 AND +status IN ('pending', 'in_progress')) " \
  "ORDER BY status = 'in_progress' DESC LIMIT 1"

/* A person's cancelled or expired invitation for a template: the service keeps one
 * invitation per test and email and reactivates it, so a new invite is a re-invite
 * of that row. The one the service knows (with a remote id) first, then the newest. */
#define CLOSED_INVITATION_SQL \
  "SELECT id, email FROM invitations " \
  "WHERE email = ?2 COLLATE NOCASE AND +template_id = ?1 AND +status IN ('cancelled', 'expired') " \
  "ORDER BY remote_id IS NULL, id DESC"

typedef struct
{
  gint64    id;
  gint64    remote_id;
  char     *name;
  gboolean  live;
  gboolean  active;
  gboolean  is_sample;
  guint     validity_days;
  guint     duration_minutes;
} Template;

static void
template_clear (Template *template)
{
  g_free (template->name);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Template, template_clear)

static gboolean
load_template (InvDatabase  *database,
               gint64        template_id,
               Template     *template,
               GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = inv_database_prepare (database,
                               "SELECT id, remote_id, name, interview_type = 'live', active, validity_days, "
                               "  duration_minutes, is_sample FROM templates WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, template_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND,
                   _("There is no interview template %lld"), (long long)template_id);
      return FALSE;
    }

  template->id = sqlite3_column_int64 (stmt, 0);
  template->remote_id = sqlite3_column_int64 (stmt, 1);
  template->name = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  template->live = sqlite3_column_int (stmt, 3) != 0;
  template->active = sqlite3_column_int (stmt, 4) != 0;
  template->validity_days = sqlite3_column_int (stmt, 5);
  template->duration_minutes = sqlite3_column_int (stmt, 6);
  template->is_sample = sqlite3_column_int (stmt, 7) != 0;
  sqlite3_reset (stmt);

  return TRUE;
}

static char *
template_refusal (const Template *template)
{
  if (!template->active)
    return g_strdup_printf (_("“%s” is closed: a closed interview template accepts no new invitations"),
                            template->name);

  return NULL;
}

/**
 * inv_invite_check_template:
 *
 * Returns: %TRUE if the template exists and accepts invitations; else @error says why
 */
gboolean
inv_invite_check_template (InvDatabase  *database,
                           gint64        template_id,
                           GError      **error)
{
  g_auto(Template) template = { 0 };
  g_autofree char *refusal = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  if (!load_template (database, template_id, &template, error))
    return FALSE;

  refusal = template_refusal (&template);
  if (refusal != NULL)
    {
      g_set_error_literal (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID, refusal);
      return FALSE;
    }

  return TRUE;
}

InvInviteRequest *
inv_invite_request_new (gint64 template_id)
{
  InvInviteRequest *request = g_new0 (InvInviteRequest, 1);

  request->template_id = template_id;

  return request;
}

InvInviteRequest *
inv_invite_request_copy (const InvInviteRequest *request)
{
  InvInviteRequest *copy;

  g_return_val_if_fail (request != NULL, NULL);

  copy = g_memdup2 (request, sizeof *request);
  copy->message = g_strdup (request->message);

  return copy;
}

void
inv_invite_request_free (InvInviteRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->message);
  g_free (request);
}

static void
preview_entry_free (gpointer data)
{
  InvInvitePreviewEntry *entry = data;

  g_free (entry->name);
  g_free (entry->email);
  g_free (entry->reason);
  g_free (entry);
}

void
inv_invite_preview_free (InvInvitePreview *preview)
{
  if (preview == NULL)
    return;

  g_free (preview->template_name);
  g_free (preview->refusal);
  g_clear_pointer (&preview->entries, g_ptr_array_unref);
  g_free (preview);
}

void
inv_invite_outcome_free (InvInviteOutcome *outcome)
{
  if (outcome == NULL)
    return;

  g_free (outcome->name);
  g_free (outcome->email);
  g_free (outcome->error);
  g_free (outcome);
}

static char *
display_name (const char *first_name,
              const char *last_name,
              const char *email)
{
  if (*first_name != '\0' && *last_name != '\0')
    return g_strconcat (first_name, " ", last_name, NULL);
  if (*first_name != '\0' || *last_name != '\0')
    return g_strconcat (first_name, last_name, NULL);

  return g_strdup (email);
}

/* The cancelled or expired invitation of @template_id that the service would
 * reactivate for @email (it compares emails without case), or 0. */
static gint64
find_closed_invitation (InvDatabase *database,
                        gint64       template_id,
                        const char  *email)
{
  g_autofree char *key = inv_email_key (email);
  sqlite3_stmt *stmt;
  gint64 id = 0;

  stmt = inv_database_prepare (database, CLOSED_INVITATION_SQL, NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, template_id);
  sqlite3_bind_text (stmt, 2, email, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *other = inv_email_key ((const char *)sqlite3_column_text (stmt, 1));

      if (g_str_equal (key, other))
        {
          id = sqlite3_column_int64 (stmt, 0);
          break;
        }
    }
  sqlite3_reset (stmt);

  return id;
}

/* Reads one candidate and decides whether they can be invited to @template_id. */
static InvInvitePreviewEntry *
judge_candidate (InvDatabase *database,
                 gint64       template_id,
                 gint64       candidate_id)
{
  InvInvitePreviewEntry *entry = g_new0 (InvInvitePreviewEntry, 1);
  g_autoptr(GError) email_error = NULL;
  sqlite3_stmt *stmt;
  gboolean erased;

  entry->candidate_id = candidate_id;

  stmt = inv_database_prepare (database,
                               "SELECT first_name, last_name, email, erased FROM candidates WHERE id = ?1",
                               NULL);
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      entry->name = g_strdup ("");
      entry->email = g_strdup ("");
      entry->verdict = INV_INVITE_MISSING;
      entry->reason = g_strdup (_("The candidate no longer exists"));
      return entry;
    }

  entry->email = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  entry->name = display_name ((const char *)sqlite3_column_text (stmt, 0),
                              (const char *)sqlite3_column_text (stmt, 1),
                              entry->email);
  erased = sqlite3_column_int (stmt, 3) != 0;
  sqlite3_reset (stmt);

  if (erased)
    {
      g_free (entry->name);
      entry->name = g_strdup (_("Erased candidate"));
      entry->verdict = INV_INVITE_ERASED;
      entry->reason = g_strdup (_("This candidate’s personal data was erased on request"));
      return entry;
    }

  if (!inv_email_validate (entry->email, &email_error))
    {
      entry->verdict = INV_INVITE_INVALID_EMAIL;
      entry->reason = g_strdup (email_error->message);
      return entry;
    }

  /* The same person may also be known under an invitation made elsewhere with the
   * same email but filed under another candidate row: both count. */
  stmt = inv_database_prepare (database,
                               OPEN_INVITATION_SQL,
                               NULL);
  sqlite3_bind_int64 (stmt, 1, template_id);
  sqlite3_bind_int64 (stmt, 2, candidate_id);
  sqlite3_bind_text (stmt, 3, entry->email, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gboolean in_progress = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 1), "in_progress") == 0;

      entry->existing_id = sqlite3_column_int64 (stmt, 0);
      entry->verdict = INV_INVITE_ALREADY_INVITED;
      entry->reason = g_strdup (in_progress
                                ? _("Already in progress for this template")
                                : _("Already has a pending invitation for this template"));
    }
  sqlite3_reset (stmt);

  if (entry->verdict == INV_INVITE_READY)
    entry->reinvite_id = find_closed_invitation (database, template_id, entry->email);

  return entry;
}

/**
 * inv_invite_preview:
 * @template_id: the template the batch is for
 * @candidate_ids: (array length=n_candidates): the selected candidates
 *
 * Counts what a "Send invite" would do, without changing anything: who is ready, who
 * already has a pending or in-progress invitation for the template (skipped unless
 * included on purpose), whose email is invalid, and whether the template accepts
 * invitations at all (->refusal).
 *
 * Returns: (transfer full): the preview, or %NULL with @error set
 */
InvInvitePreview *
inv_invite_preview (InvDatabase   *database,
                    gint64         template_id,
                    const gint64  *candidate_ids,
                    guint          n_candidates,
                    GError       **error)
{
  g_autoptr(InvInvitePreview) preview = g_new0 (InvInvitePreview, 1);
  g_auto(Template) template = { 0 };

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);
  g_return_val_if_fail (candidate_ids != NULL || n_candidates == 0, NULL);

  if (!load_template (database, template_id, &template, error))
    return NULL;

  /* The statements judge_candidate() uses must exist before the loop trusts them. */
  if (inv_database_prepare (database,
                            "SELECT first_name, last_name, email, erased FROM candidates WHERE id = ?1",
                            error) == NULL ||
      inv_database_prepare (database,
                            OPEN_INVITATION_SQL,
                            error) == NULL ||
      inv_database_prepare (database,
                            CLOSED_INVITATION_SQL,
                            error) == NULL)
    return NULL;

  preview->template_id = template.id;
  preview->template_name = g_strdup (template.name);
  preview->template_is_live = template.live;
  preview->template_is_sample = template.is_sample;
  preview->validity_days = template.validity_days;
  preview->duration_minutes = template.duration_minutes;
  preview->refusal = template_refusal (&template);
  preview->entries = g_ptr_array_new_full (n_candidates, preview_entry_free);

  for (guint i = 0; i < n_candidates; i++)
    {
      InvInvitePreviewEntry *entry = judge_candidate (database, template_id, candidate_ids[i]);

      switch (entry->verdict)
        {
        case INV_INVITE_READY:
          preview->n_ready++;
          if (entry->reinvite_id != 0)
            preview->n_reinvite++;
          break;
        case INV_INVITE_ALREADY_INVITED:
          preview->n_already_invited++;
          break;
        case INV_INVITE_INVALID_EMAIL:
        case INV_INVITE_ERASED:
        case INV_INVITE_MISSING:
        default:
          preview->n_invalid++;
          break;
        }

      g_ptr_array_add (preview->entries, entry);
    }

  return g_steal_pointer (&preview);
}

/**
 * inv_invite_preview_count_to_send:
 *
 * Returns: how many invitations "Send invite" will queue: none for a closed template
 */
guint
inv_invite_preview_count_to_send (const InvInvitePreview *preview,
                                  gboolean                include_already_invited)
{
  g_return_val_if_fail (preview != NULL, 0);

  if (preview->refusal != NULL)
    return 0;

  return preview->n_ready + (include_already_invited ? preview->n_already_invited : 0);
}

static char *
build_create_payload (const Template         *template,
                      const InvInviteRequest *request,
                      const char             *name,
                      const char             *email,
                      gint64                  starts_at,
                      gint64                  ends_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *start = inv_database_format_time (starts_at);
  g_autofree char *end = inv_database_format_time (ends_at);

  json_builder_begin_object (builder);
  if (template->remote_id > 0)
    {
      json_builder_set_member_name (builder, "testId");
      json_builder_add_int_value (builder, template->remote_id);
    }
  json_builder_set_member_name (builder, "templateId");
  json_builder_add_int_value (builder, template->id);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "sendEmail");
  json_builder_add_string_value (builder, request->without_email ? "no" : "yes");
  json_builder_set_member_name (builder, "startDateTime");
  json_builder_add_string_value (builder, start);
  json_builder_set_member_name (builder, "endDateTime");
  json_builder_add_string_value (builder, end);
  json_builder_set_member_name (builder, "timeZoneId");
  json_builder_add_int_value (builder, 0);
  if (request->message != NULL && *request->message != '\0')
    {
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, request->message);
    }
  if (template->live && request->scheduled_at > 0)
    {
      g_autofree char *scheduled = inv_database_format_time (request->scheduled_at);

      json_builder_set_member_name (builder, "scheduledDateTime");
      json_builder_add_string_value (builder, scheduled);
      json_builder_set_member_name (builder, "durationMinutes");
      json_builder_add_int_value (builder, template->duration_minutes);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static void
request_window (const InvInviteRequest *request,
                const Template         *template,
                gint64                  now,
                gint64                 *starts_at,
                gint64                 *ends_at)
{
  *starts_at = request->starts_at > 0 ? request->starts_at : now;
  *ends_at = request->ends_at > *starts_at ? request->ends_at
                                           : *starts_at + (gint64)template->validity_days * DAY;
}

/* Writes one invitation, its outbox row and its history entry; the caller holds the
 * transaction. */
static gboolean
write_invitation (InvDatabase             *database,
                  const Template          *template,
                  const InvInviteRequest  *request,
                  gint64                   candidate_id,
                  const char              *name,
                  const char              *email,
                  gint64                   batch_id,
                  gint64                   now,
                  InvInviteOutcome        *outcome,
                  GError                 **error)
{
  g_autofree char *search_text = inv_search_text_new (name, email);
  g_autofree char *payload = NULL;
  sqlite3_stmt *stmt;
  gint64 starts_at;
  gint64 ends_at;
  gint64 invitation_id;

  request_window (request, template, now, &starts_at, &ends_at);

  stmt = inv_database_prepare (database,
                               "INSERT INTO invitations (template_id, candidate_id, candidate_name, email, "
                               "  search_text, status, link, sent_at, expires_at, scheduled_at, updated_at, "
                               "  sync_state, is_sample, name_key) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, 'pending', NULL, ?7, ?8, ?9, ?7, ?10, ?11, "
                               "  inv_name_key (?3))",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, template->id);
  sqlite3_bind_int64 (stmt, 2, candidate_id);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, search_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, now);
  sqlite3_bind_int64 (stmt, 8, ends_at);
  if (template->live && request->scheduled_at > 0)
    sqlite3_bind_int64 (stmt, 9, request->scheduled_at);
  else
    sqlite3_bind_null (stmt, 9);
  /* A demo template has no remote twin: its invitations stay local demo rows. */
  sqlite3_bind_text (stmt, 10,
                     inv_sync_state_to_string (template->is_sample ? INV_SYNC_STATE_LOCAL
                                                                   : INV_SYNC_STATE_PENDING_CREATE),
                     -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 11, template->is_sample ? 1 : 0);

  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  invitation_id = sqlite3_last_insert_rowid (inv_database_get_handle (database));

  payload = build_create_payload (template, request, name, email, starts_at, ends_at);
  if (!inv_outbox_enqueue (database, INV_OUTBOX_CREATE, invitation_id, payload, batch_id, 0,
                           NULL, NULL, &outcome->outbox_id, error))
    return FALSE;

  {
    g_autofree char *detail = batch_id > 0
      ? g_strdup_printf ("Invited (batch %" G_GINT64_FORMAT ")", batch_id)
      : g_strdup ("Invited");

    if (!inv_database_append_history (database, invitation_id, now, "invited", detail, error))
      return FALSE;
  }

  outcome->invitation_id = invitation_id;

  return TRUE;
}

static GPtrArray *
new_outcomes (guint reserve)
{
  return g_ptr_array_new_full (reserve, (GDestroyNotify)inv_invite_outcome_free);
}

static void
preview_entry_free_ptr (InvInvitePreviewEntry *entry)
{
  preview_entry_free (entry);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvInvitePreviewEntry, preview_entry_free_ptr)

static gboolean reinvite_row (InvDatabase             *database,
                              gint64                   invitation_id,
                              const InvInviteRequest  *request,
                              gint64                   batch_id,
                              gint64                   hold_until,
                              gint64                  *outbox_id,
                              GError                 **error);

/* Queues a batch inside the caller's transaction. */
static gboolean
queue_in_transaction (InvDatabase             *database,
                      const Template          *template,
                      const InvInviteRequest  *request,
                      const gint64            *candidate_ids,
                      guint                    n_candidates,
                      gint64                   batch_id,
                      GPtrArray               *outcomes,
                      GError                 **error)
{
  gint64 now = inv_database_now ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < n_candidates; i++)
    {
      g_autoptr(InvInvitePreviewEntry) entry = judge_candidate (database, template->id, candidate_ids[i]);
      InvInviteOutcome *outcome = g_new0 (InvInviteOutcome, 1);

      outcome->candidate_id = candidate_ids[i];
      outcome->name = g_strdup (entry->name);
      outcome->email = g_strdup (entry->email);
      g_ptr_array_add (outcomes, outcome);

      /* The same candidate twice in one selection is one invitation. */
      if (g_hash_table_contains (seen, &candidate_ids[i]))
        {
          outcome->skipped = TRUE;
          continue;
        }
      g_hash_table_add (seen, (gpointer)&candidate_ids[i]);

      switch (entry->verdict)
        {
        case INV_INVITE_READY:
          break;

        case INV_INVITE_ALREADY_INVITED:
          if (request->include_already_invited)
            break;
          outcome->skipped = TRUE;
          outcome->error = g_strdup (entry->reason);
          continue;

        case INV_INVITE_INVALID_EMAIL:
        case INV_INVITE_ERASED:
        case INV_INVITE_MISSING:
        default:
          outcome->error = g_strdup (entry->reason);
          continue;
        }

      if (entry->reinvite_id != 0)
        {
          /* One invitation per person and template: the service reactivates the
           * cancelled or expired one, so this row becomes pending again instead of a
           * second row beside it. */
          if (!reinvite_row (database, entry->reinvite_id, request, batch_id, 0,
                             &outcome->outbox_id, error))
            return FALSE;
          outcome->invitation_id = entry->reinvite_id;
          outcome->reinvited = TRUE;
          continue;
        }

      if (!write_invitation (database, template, request, entry->candidate_id, entry->name,
                             entry->email, batch_id, now, outcome, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * inv_invite_queue_batch:
 * @candidate_ids: (array length=n_candidates): at most %INV_INVITE_BATCH_SIZE candidates
 * @batch_id: the "Send invite" this belongs to (inv_outbox_new_batch_id()), or 0
 *
 * Queues one invitation per candidate in ONE transaction: a pending local row without
 * a link (the service makes it when the create reaches it), an outbox `create` row with its own idempotency key, and a history
 * entry. Candidates that cannot be invited (invalid email, erased) are reported in
 * their outcome's ->error; those already invited are ->skipped unless the request
 * includes them. Someone whose invitation of the template was cancelled or expired
 * gets that invitation re-invited (->reinvited, ->invitation_id is it), as the
 * service reactivates it: one invitation per person and template, its history kept.
 * A closed template refuses the whole batch.
 *
 * Returns: (transfer full) (element-type InvInviteOutcome): one outcome per candidate,
 *   or %NULL with @error set (then nothing was queued)
 */
GPtrArray *
inv_invite_queue_batch (InvDatabase             *database,
                        const InvInviteRequest  *request,
                        const gint64            *candidate_ids,
                        guint                    n_candidates,
                        gint64                   batch_id,
                        GError                 **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GPtrArray) outcomes = new_outcomes (n_candidates);
  g_auto(Template) template = { 0 };
  g_autofree char *refusal = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (!load_template (database, request->template_id, &template, error))
    return NULL;

  refusal = template_refusal (&template);
  if (refusal != NULL)
    {
      g_set_error_literal (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID, refusal);
      return NULL;
    }

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return NULL;

  if (!queue_in_transaction (database, &template, request, candidate_ids, n_candidates,
                             batch_id, outcomes, error) ||
      !inv_transaction_commit (txn, error))
    return NULL;

  return g_steal_pointer (&outcomes);
}

/**
 * inv_invite_queue:
 * @progress: (nullable): called after each batch; return %FALSE to stop
 * @cancellable: (nullable): cancelling stops before the next batch
 * @batch_id: (inout) (optional): the batch the outbox rows are filed under; when it
 *   points to 0 a new one is made and returned (a retry passes the first one's)
 *
 * Queues invitations for many candidates, in batches of %INV_INVITE_BATCH_SIZE, one
 * transaction each, one after another. A stop between batches keeps what was queued.
 *
 * Returns: (transfer full) (element-type InvInviteOutcome): an outcome for each
 *   candidate of the batches that were queued (fewer than @n_candidates after a stop),
 *   or %NULL with @error set when the first batch failed
 */
GPtrArray *
inv_invite_queue (InvDatabase             *database,
                  const InvInviteRequest  *request,
                  const gint64            *candidate_ids,
                  guint                    n_candidates,
                  InvInviteProgressFunc    progress,
                  gpointer                 progress_data,
                  GCancellable            *cancellable,
                  gint64                  *batch_id,
                  GError                 **error)
{
  g_autoptr(GPtrArray) outcomes = new_outcomes (n_candidates);
  gint64 batch = batch_id != NULL ? *batch_id : 0;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (!inv_invite_check_template (database, request->template_id, error))
    return NULL;

  if (batch <= 0)
    {
      batch = inv_outbox_new_batch_id (database, error);
      if (batch == 0)
        return NULL;
    }
  if (batch_id != NULL)
    *batch_id = batch;

  for (guint done = 0; done < n_candidates;)
    {
      guint n = MIN (INV_INVITE_BATCH_SIZE, n_candidates - done);
      g_autoptr(GPtrArray) part = NULL;
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      part = inv_invite_queue_batch (database, request, candidate_ids + done, n, batch, &local_error);
      if (part == NULL)
        {
          /* What earlier batches queued stays queued; the caller learns where it stopped. */
          if (outcomes->len == 0)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          for (guint i = 0; i < n; i++)
            {
              InvInviteOutcome *outcome = g_new0 (InvInviteOutcome, 1);
              /* Read outside the failed transaction: who they are, for the report. */
              g_autoptr(InvCandidate) candidate = inv_database_load_candidate (database, candidate_ids[done + i], NULL);

              outcome->candidate_id = candidate_ids[done + i];
              outcome->error = g_strdup (local_error->message);
              if (candidate != NULL)
                {
                  outcome->name = g_strstrip (g_strjoin (" ", inv_candidate_get_first_name (candidate),
                                                         inv_candidate_get_last_name (candidate), NULL));
                  outcome->email = g_strdup (inv_candidate_get_email (candidate));
                }
              g_ptr_array_add (outcomes, outcome);
            }
          break;
        }

      g_ptr_array_extend_and_steal (outcomes, g_steal_pointer (&part));
      done += n;

      if (progress != NULL && !progress (done, n_candidates, progress_data))
        break;
    }

  return g_steal_pointer (&outcomes);
}

/* Queueing and previewing on the database worker ---------------------------------- */

typedef struct
{
  InvInviteRequest *request;
  GArray           *ids;
} QueueData;

static void
queue_data_free (gpointer data)
{
  QueueData *queue = data;

  inv_invite_request_free (queue->request);
  g_array_unref (queue->ids);
  g_free (queue);
}

/* Runs on the worker after each batch's commit: the job carries the numbers to the
 * window, and the lists' reads queued meanwhile run before the next batch, so they
 * show the invitations as they are queued. A stop is asked through the cancellable,
 * which inv_invite_queue() checks between batches. */
static gboolean
queue_progress (guint    done,
                guint    total,
                gpointer user_data)
{
  inv_bulk_job_set_progress (user_data, done, total);
  inv_bulk_job_yield (user_data);

  return TRUE;
}

static gpointer
queue_work (InvBulkJob    *job,
            InvDatabase   *database,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  QueueData *queue = data;
  gint64 batch_id = queue->request->batch_id;

  return inv_invite_queue (database, queue->request,
                           (const gint64 *)(gpointer)queue->ids->data, queue->ids->len,
                           queue_progress, job, cancellable, &batch_id, error);
}

/**
 * inv_invite_queue_job_new:
 * @request: copied before this returns; its batch_id is the batch to file under
 * @candidate_ids: (array length=n_candidates): copied before this returns
 *
 * inv_invite_queue() as a job for the database worker, so the window stays responsive
 * while thousands are queued. Its progress is the number of candidates queued; a
 * cancel stops it between batches, and its result is then what was queued.
 *
 * Returns: (transfer full): the job; inv_bulk_job_run_finish() gives a
 *   #GPtrArray of #InvInviteOutcome, see inv_invite_queue()
 */
InvBulkJob *
inv_invite_queue_job_new (const InvInviteRequest *request,
                          const gint64           *candidate_ids,
                          guint                   n_candidates)
{
  QueueData *queue;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (candidate_ids != NULL || n_candidates == 0, NULL);

  queue = g_new0 (QueueData, 1);
  queue->request = inv_invite_request_copy (request);
  queue->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_candidates);
  g_array_append_vals (queue->ids, candidate_ids, n_candidates);

  return inv_bulk_job_new (INV_BULK_JOB_STOPS_ITSELF, queue_work, queue, queue_data_free,
                           (GDestroyNotify)g_ptr_array_unref);
}

typedef struct
{
  gint64  template_id;
  GArray *ids;
} PreviewData;

static void
preview_data_free (gpointer data)
{
  PreviewData *preview = data;

  g_array_unref (preview->ids);
  g_free (preview);
}

static gpointer
preview_work (InvBulkJob    *job,
              InvDatabase   *database,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  PreviewData *preview = data;

  return inv_invite_preview (database, preview->template_id,
                             (const gint64 *)(gpointer)preview->ids->data, preview->ids->len, error);
}

/**
 * inv_invite_preview_job_new:
 * @candidate_ids: (array length=n_candidates): copied before this returns
 *
 * inv_invite_preview() as a job for the database worker; cancelling interrupts it.
 *
 * Returns: (transfer full): the job; inv_bulk_job_run_finish() gives an
 *   #InvInvitePreview
 */
InvBulkJob *
inv_invite_preview_job_new (gint64        template_id,
                            const gint64 *candidate_ids,
                            guint         n_candidates)
{
  PreviewData *preview;

  g_return_val_if_fail (candidate_ids != NULL || n_candidates == 0, NULL);

  preview = g_new0 (PreviewData, 1);
  preview->template_id = template_id;
  preview->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_candidates);
  g_array_append_vals (preview->ids, candidate_ids, n_candidates);

  return inv_bulk_job_new (INV_BULK_JOB_FLAGS_NONE, preview_work, preview, preview_data_free,
                           (GDestroyNotify)inv_invite_preview_free);
}

/* One candidate ------------------------------------------------------------------- */

/**
 * inv_invite_one:
 * @email: the candidate's email; a new candidate is added when nobody has it
 * @invitation_id: (out) (optional): the new invitation
 * @reinvited: (out) (optional): whether that is the person's cancelled or expired
 *   invitation, pending again, rather than a new one
 *
 * Invites one person (from a template's Invite tab), in one transaction. Someone who
 * already has a pending or in-progress invitation for the template is refused unless
 * the request includes them on purpose; someone whose invitation was cancelled or
 * expired is re-invited, and @invitation_id is that invitation.
 *
 * Returns: %TRUE on success; an %INV_CANDIDATE_RULES_ERROR names a wrong field,
 *   %INV_CANDIDATE_ERROR_EMAIL says why the person cannot be invited, and
 *   %G_IO_ERROR_EXISTS that they already have a pending or in-progress invitation
 *   for the template (send again with include_already_invited to invite anyway)
 */
gboolean
inv_invite_one (InvDatabase             *database,
                const InvInviteRequest  *request,
                const char              *first_name,
                const char              *last_name,
                const char              *email,
                gint64                  *invitation_id,
                gboolean                *reinvited,
                GError                 **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GPtrArray) outcomes = new_outcomes (1);
  g_auto(Template) template = { 0 };
  InvInviteOutcome *outcome;
  gint64 candidate_id;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);

  if (!inv_invite_check_template (database, request->template_id, error) ||
      !load_template (database, request->template_id, &template, error))
    return FALSE;

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;

  candidate_id = inv_database_ensure_candidate (database, first_name, last_name, email, NULL, NULL, error);
  if (candidate_id == 0)
    return FALSE;

  if (!queue_in_transaction (database, &template, request, &candidate_id, 1, 0, outcomes, error))
    return FALSE;

  outcome = outcomes->pdata[0];
  if (outcome->invitation_id == 0)
    {
      /* Already invited is a question for the person ("invite anyway?"), not a
       * wrong field: it gets its own error. */
      if (outcome->skipped)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                             outcome->error != NULL ? outcome->error : _("Already invited to this template"));
      else
        g_set_error_literal (error, INV_CANDIDATE_ERROR, INV_CANDIDATE_ERROR_EMAIL,
                             outcome->error != NULL ? outcome->error : _("The candidate cannot be invited"));
      return FALSE;
    }

  if (!inv_transaction_commit (txn, error))
    return FALSE;

  if (invitation_id != NULL)
    *invitation_id = outcome->invitation_id;
  if (reinvited != NULL)
    *reinvited = outcome->reinvited;

  return TRUE;
}

/* Re-invite and reattempt ---------------------------------------------------------- */

typedef struct
{
  gint64     id;
  gint64     template_id;
  gint64     candidate_id;
  char      *candidate_name;
  char      *email;
  char      *search_text;
  InvStatus  status;
  char      *status_text;
  char      *sync_state;
  gboolean   is_sample;
} Source;

static void
source_clear (Source *source)
{
  g_free (source->candidate_name);
  g_free (source->email);
  g_free (source->search_text);
  g_free (source->status_text);
  g_free (source->sync_state);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Source, source_clear)

/*
 * _inv_invite_step_invitation:
 * @stmt: a query for the row of one invitation, by its id as ?1
 * @invitation_id: the invitation
 *
 * Binds @invitation_id and steps @stmt to the invitation's row, for the caller to read
 * and reset. Every caller tells the person the same when there is no such row.
 *
 * Returns: %TRUE on a row, otherwise %FALSE with @stmt reset and @error set
 */
gboolean
_inv_invite_step_invitation (sqlite3_stmt  *stmt,
                             gint64         invitation_id,
                             GError       **error)
{
  sqlite3_bind_int64 (stmt, 1, invitation_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error_literal (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND,
                           _("The invitation no longer exists"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_source (InvDatabase  *database,
             gint64        invitation_id,
             InvAction     action,
             Source       *source,
             GError      **error)
{
  sqlite3_stmt *stmt;
  const char *why_not = NULL;

  stmt = inv_database_prepare (database,
                               "SELECT id, template_id, candidate_id, candidate_name, email, search_text, "
                               "  status, sync_state, is_sample FROM invitations WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  if (!_inv_invite_step_invitation (stmt, invitation_id, error))
    return FALSE;

  source->id = sqlite3_column_int64 (stmt, 0);
  source->template_id = sqlite3_column_int64 (stmt, 1);
  source->candidate_id = sqlite3_column_int64 (stmt, 2);
  source->candidate_name = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
  source->email = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
  source->search_text = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
  source->status_text = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
  source->sync_state = g_strdup ((const char *)sqlite3_column_text (stmt, 7));
  source->is_sample = sqlite3_column_int (stmt, 8) != 0;
  source->status = inv_status_from_string (source->status_text);
  sqlite3_reset (stmt);

  if (!inv_status_allows (source->status, action, &why_not))
    {
      g_set_error_literal (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID, why_not);
      return FALSE;
    }

  if (source->email == NULL || *source->email == '\0')
    {
      g_set_error_literal (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID,
                           _("This candidate’s personal data was erased on request"));
      return FALSE;
    }

  return inv_invite_check_template (database, source->template_id, error);
}

/**
 * inv_invite_reinvite:
 * @invitation_id: a cancelled or expired invitation
 * @ends_at: the new deadline, or 0 for the template's validity from now
 *
 * Invites the candidate again to the same template. The service reactivates the same
 * remote invitation for the same test and email, so the local invitation is the same
 * one too: it goes back to pending (waiting for the service) with an outbox `reinvite`
 * row, rather than a second row that would duplicate it.
 *
 * Returns: %TRUE on success
 */
gboolean
inv_invite_reinvite (InvDatabase  *database,
                     gint64        invitation_id,
                     gint64        ends_at,
                     GError      **error)
{
  return inv_invite_reinvite_full (database, invitation_id, ends_at, TRUE, 0, 0, error);
}

/**
 * inv_invite_reinvite_full:
 * @invitation_id: a cancelled or expired invitation
 * @ends_at: the new deadline, or 0 for the template's validity from now
 * @send_email: whether the service emails the candidate the invitation again
 * @batch_id: the batch to file the outbox row under, or 0
 * @hold_until: UTC seconds before which the row is not sent (its undo period), or 0
 *
 * inv_invite_reinvite() with the choices of the re-invite dialog. A held row can be
 * withdrawn while it is held (inv_reinvite_undo()).
 *
 * Returns: %TRUE on success
 */
gboolean
inv_invite_reinvite_full (InvDatabase  *database,
                          gint64        invitation_id,
                          gint64        ends_at,
                          gboolean      send_email,
                          gint64        batch_id,
                          gint64        hold_until,
                          GError      **error)
{
  g_autoptr(InvInviteRequest) request = inv_invite_request_new (0);

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  request->ends_at = ends_at;
  request->without_email = !send_email;

  return reinvite_row (database, invitation_id, request, batch_id, hold_until, NULL, error);
}

/* Re-invites @invitation_id with what @request asks for (its template is the
 * invitation's): the row goes back to pending with an outbox `reinvite` row and a
 * history entry, in one transaction or the caller's. The row menu's Re-invite and an
 * invite of someone whose invitation was cancelled or expired both come here. */
static gboolean
reinvite_row (InvDatabase             *database,
              gint64                   invitation_id,
              const InvInviteRequest  *request,
              gint64                   batch_id,
              gint64                   hold_until,
              gint64                  *outbox_id,
              GError                 **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_auto(Source) source = { 0 };
  g_auto(Template) template = { 0 };
  g_autofree char *payload = NULL;
  sqlite3_stmt *stmt;
  gint64 now = inv_database_now ();
  gint64 starts_at;
  gint64 ends_at;

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;

  if (!load_source (database, invitation_id, INV_ACTION_REINVITE, &source, error) ||
      !load_template (database, source.template_id, &template, error))
    return FALSE;

  request_window (request, &template, now, &starts_at, &ends_at);
  payload = build_create_payload (&template, request, source.candidate_name, source.email,
                                  starts_at, ends_at);

  stmt = inv_database_prepare (database,
                               "UPDATE invitations SET status = 'pending', sent_at = ?2, expires_at = ?3, "
                               "  scheduled_at = coalesce (?4, scheduled_at), cancel_reason = NULL, "
                               "  updated_at = ?2 WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, invitation_id);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, ends_at);
  if (template.live && request->scheduled_at > 0)
    sqlite3_bind_int64 (stmt, 4, request->scheduled_at);
  else
    sqlite3_bind_null (stmt, 4);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  if (!inv_outbox_enqueue (database, INV_OUTBOX_REINVITE, invitation_id, payload, batch_id, hold_until,
                           source.status_text, source.sync_state, outbox_id, error))
    return FALSE;

  if (!inv_database_append_history (database, invitation_id, now, "reinvited",
                                    source.status == INV_STATUS_EXPIRED ? "Re-invited after it expired"
                                                                        : "Re-invited after it was cancelled",
                                    error))
    return FALSE;

  return inv_transaction_commit (txn, error);
}

/**
 * inv_invite_reattempt:
 * @invitation_id: a completed invitation, or one whose candidate left the test
 * @new_invitation_id: (out) (optional): the new attempt
 *
 * Gives the candidate a new attempt: the service makes a new invitation, so locally it
 * is a new invitation too, linked to its source by the outbox `reattempt` row's
 * payload and by both histories.
 *
 * Returns: %TRUE on success
 */
gboolean
inv_invite_reattempt (InvDatabase  *database,
                      gint64        invitation_id,
                      gint64       *new_invitation_id,
                      GError      **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_auto(Source) source = { 0 };
  g_auto(Template) template = { 0 };
  g_autofree char *payload = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 now = inv_database_now ();
  gint64 id;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  if (!load_source (database, invitation_id, INV_ACTION_REATTEMPT, &source, error) ||
      !load_template (database, source.template_id, &template, error))
    return FALSE;

  payload = g_strdup_printf ("{\"sourceInvitationId\":%" G_GINT64_FORMAT "}", invitation_id);

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;

  stmt = inv_database_prepare (database,
                               "INSERT INTO invitations (template_id, candidate_id, candidate_name, email, "
                               "  search_text, status, link, sent_at, expires_at, updated_at, sync_state, is_sample, "
                               "  name_key) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, 'pending', NULL, ?7, ?8, ?7, ?9, ?10, "
                               "  inv_name_key (?3))",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, source.template_id);
  sqlite3_bind_int64 (stmt, 2, source.candidate_id);
  sqlite3_bind_text (stmt, 3, source.candidate_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, source.email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, source.search_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, now);
  sqlite3_bind_int64 (stmt, 8, now + (gint64)template.validity_days * DAY);
  sqlite3_bind_text (stmt, 9,
                     inv_sync_state_to_string (source.is_sample ? INV_SYNC_STATE_LOCAL
                                                                : INV_SYNC_STATE_PENDING_CREATE),
                     -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 10, source.is_sample ? 1 : 0);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  id = sqlite3_last_insert_rowid (inv_database_get_handle (database));

  if (!inv_outbox_enqueue (database, INV_OUTBOX_REATTEMPT, id, payload, 0, 0, NULL, NULL, NULL, error))
    return FALSE;

  detail = g_strdup_printf ("Reattempt of invitation %" G_GINT64_FORMAT, invitation_id);
  if (!inv_database_append_history (database, id, now, "reattempt", detail, error))
    return FALSE;

  g_free (detail);
  detail = g_strdup_printf ("New attempt: invitation %" G_GINT64_FORMAT, id);
  if (!inv_database_append_history (database, invitation_id, now, "reattempted", detail, error))
    return FALSE;

  if (!inv_transaction_commit (txn, error))
    return FALSE;

  if (new_invitation_id != NULL)
    *new_invitation_id = id;

  return TRUE;
}

/**
 * inv_invite_list_failed:
 * @batch_id: a "Send invite" batch
 *
 * The invitations of a batch that the service refused (an outbox row that failed for
 * good or conflicted), with the service's reason in ->error and the outbox row in
 * ->outbox_id (for inv_outbox_retry() after the person fixed the email).
 *
 * Returns: (transfer full) (element-type InvInviteOutcome): the refusals, or %NULL
 *   with @error set
 */
GPtrArray *
inv_invite_list_failed (InvDatabase  *database,
                        gint64        batch_id,
                        GError      **error)
{
  g_autoptr(GPtrArray) outcomes = new_outcomes (0);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);

  stmt = inv_database_prepare (database,
                               "SELECT o.id, o.invitation_id, o.last_error, i.candidate_id, i.candidate_name, "
                               "  i.email FROM outbox o JOIN invitations i ON i.id = o.invitation_id "
                               "WHERE o.batch_id = ?1 AND o.state IN ('failed', 'conflict') ORDER BY o.id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, batch_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      InvInviteOutcome *outcome = g_new0 (InvInviteOutcome, 1);
      const char *message = (const char *)sqlite3_column_text (stmt, 2);

      outcome->outbox_id = sqlite3_column_int64 (stmt, 0);
      outcome->invitation_id = sqlite3_column_int64 (stmt, 1);
      outcome->error = g_strdup (message != NULL ? message : _("The service refused the invitation"));
      outcome->candidate_id = sqlite3_column_int64 (stmt, 3);
      outcome->name = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      outcome->email = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
      g_ptr_array_add (outcomes, outcome);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      inv_database_set_error (database, error, _("Reading the refused invitations"));
      return NULL;
    }

  return g_steal_pointer (&outcomes);
}

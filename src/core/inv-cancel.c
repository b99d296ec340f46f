/* inv-cancel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cancelling invitations in bulk. Everything is set-based SQL over a temporary table
 * of the requested ids, so that 100,000 invitations are cancelled in one transaction
 * in about the time SQLite needs to write them; only the outbox rows, which each need
 * a fresh idempotency key and the values of their personal message, are written one
 * by one (with prepared statements, inside the same transaction). The message text
 * is kept once per interview template (inv-cancel-message.c).
 */

#define G_LOG_DOMAIN "inv-cancel"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#ifdef HAVE_MALLOC_TRIM
# include <malloc.h>
#endif

#include "inv-cancel.h"
#include "inv-cancel-message.h"
#include "inv-message-template.h"
#include "inv-outbox.h"

/* Progress is reported (and the cancellable checked) after this many rows. */
#define PROGRESS_STEP 1024

G_DEFINE_QUARK (inv-cancel-error-quark, inv_cancel_error)

G_DEFINE_BOXED_TYPE (InvCancelPreview, inv_cancel_preview, inv_cancel_preview_copy, inv_cancel_preview_free)
G_DEFINE_BOXED_TYPE (InvCancelResult, inv_cancel_result, inv_cancel_result_copy, inv_cancel_result_free)

static const struct {
  const char *name;
  const char *label;
  const char *phrase;
} reasons[INV_N_CANCEL_REASONS] = {
  [INV_CANCEL_REASON_CANDIDATE_WITHDREW] = {
    "candidate_withdrew", N_("Candidate withdrew"),
    N_("As you let us know, you have withdrawn from the process, and we respect your decision.") },
  [INV_CANCEL_REASON_SENT_BY_MISTAKE] = {
    "sent_by_mistake", N_("Sent by mistake"),
    N_("The invitation was sent to you by mistake, and we apologise for the confusion.") },
  [INV_CANCEL_REASON_POSITION_FILLED] = {
    "position_filled", N_("Position filled"),
    N_("The position has now been filled.") },
  [INV_CANCEL_REASON_PIPELINE_CLEANUP] = {
    "pipeline_cleanup", N_("Pipeline clean-up"),
    N_("We are closing this round of our hiring process.") },
  [INV_CANCEL_REASON_OTHER] = {
    "other", N_("Other"),
    N_("Our plans for this role have changed.") },
};

/* ---------------------------------------------------------------------------------- */
/* Reasons, options, boxed types                                                     */

/**
 * inv_cancel_reason_to_string:
 *
 * Returns: (transfer none): the name stored in cancel_reason and sent to the service
 */
const char *
inv_cancel_reason_to_string (InvCancelReason reason)
{
  g_return_val_if_fail (reason < INV_N_CANCEL_REASONS, NULL);

  return reasons[reason].name;
}

/**
 * inv_cancel_reason_from_string:
 * @string: (nullable): a reason name ("position_filled"); a dash may stand for an
 *   underscore, and case does not matter, so that typed command lines work
 *
 * Returns: %TRUE if @string names a reason
 */
gboolean
inv_cancel_reason_from_string (const char      *string,
                               InvCancelReason *reason)
{
  g_autofree char *folded = NULL;

  if (string == NULL)
    return FALSE;

  folded = g_ascii_strdown (string, -1);
  g_strdelimit (folded, "-", '_');

  for (guint i = 0; i < INV_N_CANCEL_REASONS; i++)
    if (strcmp (folded, reasons[i].name) == 0)
      {
        if (reason != NULL)
          *reason = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * inv_cancel_reason_get_label:
 *
 * Returns: (transfer none): the translated label for a choice of reasons
 */
const char *
inv_cancel_reason_get_label (InvCancelReason reason)
{
  g_return_val_if_fail (reason < INV_N_CANCEL_REASONS, NULL);

  return _(reasons[reason].label);
}

/**
 * inv_cancel_reason_get_phrase:
 *
 * Returns: (transfer none): the translated sentence that {reason} stands for in a
 *   cancellation message, addressed to the candidate
 */
const char *
inv_cancel_reason_get_phrase (InvCancelReason reason)
{
  g_return_val_if_fail (reason < INV_N_CANCEL_REASONS, NULL);

  return _(reasons[reason].phrase);
}

/**
 * inv_cancel_options_init:
 *
 * Sets @options to the defaults: reason "other", candidates and interviewers
 * notified, no grace period, the interview templates' own messages.
 */
void
inv_cancel_options_init (InvCancelOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->reason = INV_CANCEL_REASON_OTHER;
  options->notify_candidate = TRUE;
  options->notify_interviewers = TRUE;
  options->grace_seconds = 0;
  options->message_override = NULL;
}

InvCancelPreview *
inv_cancel_preview_copy (const InvCancelPreview *preview)
{
  g_return_val_if_fail (preview != NULL, NULL);

  return g_memdup2 (preview, sizeof *preview);
}

void
inv_cancel_preview_free (InvCancelPreview *preview)
{
  g_free (preview);
}

static void
clear_skipped (gpointer data)
{
  InvCancelSkipped *skipped = data;

  g_clear_pointer (&skipped->status_text, g_free);
}

static InvCancelResult *
result_new (void)
{
  InvCancelResult *result = g_new0 (InvCancelResult, 1);

  result->skipped = g_array_new (FALSE, TRUE, sizeof (InvCancelSkipped));
  g_array_set_clear_func (result->skipped, clear_skipped);
  result->unknown_ids = g_array_new (FALSE, TRUE, sizeof (gint64));

  return result;
}

InvCancelResult *
inv_cancel_result_copy (const InvCancelResult *result)
{
  InvCancelResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = result_new ();
  memcpy (copy->skipped_by_status, result->skipped_by_status, sizeof copy->skipped_by_status);
  copy->batch_id = result->batch_id;
  copy->hold_until = result->hold_until;
  copy->n_cancelled = result->n_cancelled;
  copy->n_cancelled_sample = result->n_cancelled_sample;
  copy->n_queued = result->n_queued;
  copy->n_skipped = result->n_skipped;
  copy->n_unknown = result->n_unknown;
  copy->n_live = result->n_live;
  copy->n_interviewers = result->n_interviewers;

  for (guint i = 0; i < result->skipped->len; i++)
    {
      InvCancelSkipped skipped = g_array_index (result->skipped, InvCancelSkipped, i);

      skipped.status_text = g_strdup (skipped.status_text);
      g_array_append_val (copy->skipped, skipped);
    }
  g_array_append_vals (copy->unknown_ids, result->unknown_ids->data, result->unknown_ids->len);

  return copy;
}

void
inv_cancel_result_free (InvCancelResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->skipped, g_array_unref);
  g_clear_pointer (&result->unknown_ids, g_array_unref);
  g_free (result);
}

static char *
describe_one_status (InvStatus status,
                     guint     n)
{
  switch (status)
    {
    case INV_STATUS_IN_PROGRESS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u is in progress", "%u are in progress", n), n);
    case INV_STATUS_COMPLETED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u is completed", "%u are completed", n), n);
    case INV_STATUS_EXPIRED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u has expired", "%u have expired", n), n);
    case INV_STATUS_CANCELLED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u is already cancelled", "%u are already cancelled", n), n);
    case INV_STATUS_TEST_LEFT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u was left by the candidate", "%u were left by their candidates", n), n);
    case INV_STATUS_TERMINATED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u was terminated", "%u were terminated", n), n);
    case INV_STATUS_UNKNOWN:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u has an unknown status", "%u have an unknown status", n), n);
    case INV_STATUS_PENDING:
    case INV_N_STATUSES:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u cannot be cancelled", "%u cannot be cancelled", n), n);
    }
}

/**
 * inv_cancel_preview_describe_skipped:
 *
 * Says which invitations a cancel leaves alone and why, for the warning dialog:
 * "3 are in progress, 2 are completed — they will be skipped."
 *
 * Returns: (transfer full) (nullable): a translated sentence, or %NULL when every
 *   requested invitation will be cancelled
 */
char *
inv_cancel_preview_describe_skipped (const InvCancelPreview *preview)
{
  g_autoptr(GString) text = NULL;
  guint n = 0;

  g_return_val_if_fail (preview != NULL, NULL);

  if (preview->n_skipped == 0 && preview->n_unknown == 0)
    return NULL;

  text = g_string_new (NULL);

  /* Known statuses first, in their natural order; an unknown one last. */
  for (guint i = 1; i <= INV_N_STATUSES; i++)
    {
      InvStatus status = i % INV_N_STATUSES;
      g_autofree char *part = NULL;

      if (preview->skipped_by_status[status] == 0)
        continue;

      part = describe_one_status (status, preview->skipped_by_status[status]);
      if (text->len > 0)
        g_string_append (text, _(", "));
      g_string_append (text, part);
      n += preview->skipped_by_status[status];
    }

  if (preview->n_unknown > 0)
    {
      if (text->len > 0)
        g_string_append (text, _(", "));
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "%u no longer exists", "%u no longer exist",
                                           preview->n_unknown),
                              preview->n_unknown);
      n += preview->n_unknown;
    }

  /* Translators: %s is a list such as "3 are in progress, 2 are completed" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — it will be skipped.",
                                       "%s — they will be skipped.", n),
                          text->str);
}

/* ---------------------------------------------------------------------------------- */
/* Helpers                                                                           */

/* The statuses inv_status_allows() lets be cancelled, as an SQL list of literals.
 * Computed from the rules rather than written here, so that the rules stay in one
 * place. The names are the app's own identifiers, never user input. */
static const char *
cancellable_statuses_sql (void)
{
  static char *list = NULL;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      GString *sql = g_string_new (NULL);

      for (guint status = 0; status < INV_N_STATUSES; status++)
        {
          if (!inv_status_allows (status, INV_ACTION_CANCEL, NULL))
            continue;
          if (sql->len > 0)
            g_string_append_c (sql, ',');
          g_string_append_printf (sql, "'%s'", inv_status_to_string (status));
        }

      /* No status at all: a list that matches nothing. */
      if (sql->len == 0)
        g_string_append (sql, "NULL");

      list = g_string_free (sql, FALSE);
      g_once_init_leave (&initialized, 1);
    }

  return list;
}

/* Prepares @sql_format, whose "%s" stands for the list of cancellable statuses; the
 * statement is cached by its final text, so it is prepared once per connection. */
static sqlite3_stmt *
prepare_with_statuses (InvDatabase  *database,
                       const char   *sql_format,
                       GError      **error)
{
  g_autofree char *sql = NULL;

  /* The format always comes from this file. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  sql = g_strdup_printf (sql_format, cancellable_statuses_sql ());
#pragma GCC diagnostic pop

  return inv_database_prepare (database, sql, error);
}

/* The requested ids go into a temporary table (private to this connection and kept in
 * memory, see temp_store) so that every later step is one set-based statement. */
static gboolean
prepare_staging (InvDatabase  *database,
                 GError      **error)
{
  return inv_database_exec (database,
                            "CREATE TEMP TABLE IF NOT EXISTS cancel_ids (id INTEGER PRIMARY KEY);"
                            "CREATE TEMP TABLE IF NOT EXISTS cancel_rows (id INTEGER PRIMARY KEY, "
                            "  status TEXT, is_sample INTEGER, template_id INTEGER, sync_state TEXT, "
                            "  cancel_reason TEXT);"
                            "CREATE TEMP TABLE IF NOT EXISTS cancel_eligible (id INTEGER PRIMARY KEY);"
                            "DELETE FROM temp.cancel_ids;"
                            "DELETE FROM temp.cancel_rows;"
                            "DELETE FROM temp.cancel_eligible;",
                            error);
}

/* What the counting and the writing read of each staged invitation, copied once into
 * temp.cancel_rows: then neither has to look the rows up in the table again. */
#define STAGED_COLUMNS "i.id, i.status, i.is_sample, i.template_id, i.sync_state, i.cancel_reason"

static gboolean
stage_ids (InvDatabase   *database,
           const gint64  *ids,
           guint          n_ids,
           guint         *n_requested,
           GError       **error)
{
  sqlite3_stmt *stmt;

  if (!prepare_staging (database, error))
    return FALSE;

  stmt = inv_database_prepare (database, "INSERT OR IGNORE INTO temp.cancel_ids (id) VALUES (?1)", error);
  if (stmt == NULL)
    return FALSE;

  *n_requested = 0;
  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (!inv_database_step_done (database, stmt, error))
        return FALSE;
      *n_requested += sqlite3_changes (inv_database_get_handle (database));
    }

  stmt = inv_database_prepare (database,
                               "INSERT INTO temp.cancel_rows "
                               "SELECT " STAGED_COLUMNS " "
                               "FROM temp.cancel_ids c CROSS JOIN invitations i ON i.id = c.id",
                               error);

  return stmt != NULL && inv_database_step_done (database, stmt, error);
}

static gboolean
stage_matching (InvDatabase               *database,
                const InvInvitationQuery  *query,
                guint                     *n_requested,
                GError                   **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT OR IGNORE INTO temp.cancel_rows "
                                         "SELECT " STAGED_COLUMNS " FROM invitations i");
  sqlite3_stmt *stmt;

  if (!prepare_staging (database, error))
    return FALSE;

  _inv_invitation_query_append_sql (query, sql, FALSE);

  stmt = inv_database_prepare (database, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  _inv_invitation_query_bind (query, stmt);

  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  *n_requested = sqlite3_changes (inv_database_get_handle (database));

  return TRUE;
}

static gboolean
count_interviewers (InvDatabase  *database,
                    GArray       *template_ids,
                    guint        *n_interviewers,
                    GError      **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count (DISTINCT lower (email)) FROM interviewers "
                                         "WHERE template_id IN (");
  sqlite3_stmt *count = NULL;

  for (guint i = 0; i < template_ids->len; i++)
    g_string_append_printf (sql, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (template_ids, gint64, i));
  g_string_append_c (sql, ')');

  /* Not through the statement cache: the text differs with every set of templates. */
  if (sqlite3_prepare_v2 (inv_database_get_handle (database), sql->str, -1, &count, NULL) != SQLITE_OK ||
      sqlite3_step (count) != SQLITE_ROW)
    {
      inv_database_set_error (database, error, _("Counting the interviewers to notify"));
      sqlite3_finalize (count);
      return FALSE;
    }

  *n_interviewers = sqlite3_column_int (count, 0);
  sqlite3_finalize (count);

  return TRUE;
}

/* Counts what the staged ids hold — the numbers of the warning dialog, and of a
 * result — in one pass over them in id order, aggregated here rather than with GROUP
 * BY, which would sort 100,000 rows first. Per template, one small query says whether
 * its interviewers are to be told. When @skipped is given, the ids left alone are
 * collected too. */
static gboolean
count_staged (InvDatabase       *database,
              guint              n_requested,
              InvCancelPreview  *preview,
              GArray            *skipped,
              GError           **error)
{
  g_autoptr(GHashTable) per_template = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GArray) live_templates = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  sqlite3_stmt *stmt;
  guint n_known = 0;
  int rc;

  memset (preview, 0, sizeof *preview);

  preview->n_requested = n_requested;

  stmt = inv_database_prepare (database,
                               "SELECT id, status, is_sample, template_id FROM temp.cancel_rows",
                               error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *)sqlite3_column_text (stmt, 1);
      InvStatus status = inv_status_from_string (text);
      gint64 template_id = sqlite3_column_int64 (stmt, 3);
      guint *n_for_template;

      n_known++;

      if (!inv_status_allows (status, INV_ACTION_CANCEL, NULL))
        {
          preview->skipped_by_status[status]++;
          preview->n_skipped++;

          if (skipped != NULL)
            {
              InvCancelSkipped entry = { 0 };

              entry.id = sqlite3_column_int64 (stmt, 0);
              entry.status = status;
              entry.status_text = g_strdup (text);
              inv_status_allows (status, INV_ACTION_CANCEL, &entry.why_not);
              g_array_append_val (skipped, entry);
            }
          continue;
        }

      preview->n_eligible++;
      if (sqlite3_column_int (stmt, 2) != 0)
        preview->n_eligible_sample++;

      n_for_template = g_hash_table_lookup (per_template, &template_id);
      if (n_for_template == NULL)
        {
          n_for_template = g_new0 (guint, 1);
          g_hash_table_insert (per_template, g_memdup2 (&template_id, sizeof template_id), n_for_template);
        }
      (*n_for_template)++;
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      inv_database_set_error (database, error, _("Counting the invitations to cancel"));
      return FALSE;
    }

  preview->n_unknown = preview->n_requested - n_known;

  stmt = inv_database_prepare (database,
                               "SELECT interview_type = 'live' AND EXISTS "
                               "  (SELECT 1 FROM interviewers WHERE template_id = ?1) "
                               "FROM templates WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, per_template);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gboolean notifies;

      sqlite3_bind_int64 (stmt, 1, *(gint64 *)key);
      notifies = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
      sqlite3_reset (stmt);

      if (notifies)
        {
          preview->n_live += *(guint *)value;
          g_array_append_val (live_templates, *(gint64 *)key);
        }
    }

  if (live_templates->len > 0 &&
      !count_interviewers (database, live_templates, &preview->n_interviewers, error))
    return FALSE;

  return TRUE;
}

/* ---------------------------------------------------------------------------------- */
/* Preview                                                                           */

static InvCancelPreview *
preview_staged (InvDatabase                *database,
                const gint64               *ids,
                guint                       n_ids,
                const InvInvitationQuery   *query,
                GError                    **error)
{
  g_autoptr(InvCancelPreview) preview = g_new0 (InvCancelPreview, 1);
  g_autoptr(InvTransaction) txn = NULL;
  guint n_requested = 0;

  /* A read transaction: the counts come from one consistent snapshot, and the
   * temporary table fills without a journal commit per id. */
  txn = inv_transaction_begin (database, INV_TRANSACTION_DEFERRED, error);
  if (txn == NULL)
    return NULL;

  if ((query != NULL ? !stage_matching (database, query, &n_requested, error)
                     : !stage_ids (database, ids, n_ids, &n_requested, error)) ||
      !count_staged (database, n_requested, preview, NULL, error) ||
      !inv_transaction_commit (txn, error))
    return NULL;

  return g_steal_pointer (&preview);
}

/**
 * inv_cancel_preview:
 * @database: the app's database
 * @ids: (array length=n_ids): the invitations a person selected (duplicates are fine)
 * @n_ids: how many
 * @error: return location for a #GError
 *
 * Counts what cancelling @ids would do, without changing anything: how many will be
 * cancelled, how many are skipped and why, which ids no longer exist, and how many
 * live interviews have interviewers to notify.
 *
 * Returns: (transfer full): the counts, or %NULL with @error set
 */
InvCancelPreview *
inv_cancel_preview (InvDatabase   *database,
                    const gint64  *ids,
                    guint          n_ids,
                    GError       **error)
{
  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  return preview_staged (database, ids, n_ids, NULL, error);
}

/**
 * inv_cancel_preview_matching:
 * @query: the filter ("all matching"); its order is ignored
 *
 * Like inv_cancel_preview() for every invitation that @query matches.
 *
 * Returns: (transfer full): the counts, or %NULL with @error set
 */
InvCancelPreview *
inv_cancel_preview_matching (InvDatabase               *database,
                             const InvInvitationQuery  *query,
                             GError                   **error)
{
  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return preview_staged (database, NULL, 0, query, error);
}

/* ---------------------------------------------------------------------------------- */
/* Apply                                                                             */

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
  InvCancelProgressFunc  progress;
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

/* One outbox row per eligible real invitation, each naming its message; the text of
 * the message once per interview template. */
static gboolean
queue_outbox_rows (InvDatabase             *database,
                   const InvCancelOptions  *options,
                   gint64                   batch_id,
                   gint64                   hold_until,
                   guint                    total,
                   guint                    n_expected,
                   InvCancelProgressFunc    progress,
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
   * cancel, else the template's own (or the default). */
  g_hash_table_iter_init (&iter, templates);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 template_id = *(gint64 *)key;
      g_autofree char *template_text = NULL;
      const char *text = options->message_override;

      if (text == NULL)
        {
          template_text = inv_message_template_load (database, template_id, NULL, error);
          if (template_text == NULL)
            return FALSE;
          text = template_text;
        }

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
              InvCancelProgressFunc      progress,
              gpointer                   progress_data,
              GCancellable              *cancellable,
              GError                   **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(InvCancelResult) result = result_new ();
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

  if ((query != NULL ? !stage_matching (database, query, &n_requested, error)
                     : !stage_ids (database, ids, n_ids, &n_requested, error)) ||
      !prune_old_batches (database, now, error))
    return NULL;
  log_phase ("staged", start);

  if (!count_staged (database, n_requested, &counts, result->skipped, error) ||
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
      stmt = prepare_with_statuses (database,
                                    "INSERT INTO temp.cancel_eligible (id) "
                                    "SELECT id FROM temp.cancel_rows WHERE status IN (%s)",
                                    error);
      if (stmt == NULL || !inv_database_step_done (database, stmt, error))
        return NULL;

      /* What an undo restores, for demo rows too (they have no outbox row). */
      stmt = prepare_with_statuses (database,
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
              InvCancelProgressFunc      progress,
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
                  InvCancelProgressFunc    progress,
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
                           InvCancelProgressFunc      progress,
                           gpointer                   progress_data,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  g_return_val_if_fail (query != NULL, NULL);

  return apply_staged (database, NULL, 0, query, options, progress, progress_data,
                       cancellable, error);
}

/* ---------------------------------------------------------------------------------- */
/* Undo                                                                              */

typedef struct
{
  gint64 hold_until;
  gint64 n_queued;
  gboolean undone;
} BatchInfo;

static gboolean
read_batch (InvDatabase  *database,
            gint64        batch_id,
            BatchInfo    *info)
{
  sqlite3_stmt *stmt;
  gboolean found;

  stmt = inv_database_prepare (database,
                               "SELECT hold_until, n_queued, undone_at IS NOT NULL "
                               "FROM cancel_batches WHERE batch_id = ?1",
                               NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, batch_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      info->hold_until = sqlite3_column_int64 (stmt, 0);
      info->n_queued = sqlite3_column_int64 (stmt, 1);
      info->undone = sqlite3_column_int (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);

  return found;
}

/* How many of the batch's outbox rows inv_outbox_withdraw_batch() would take back:
 * queued, still held, never tried. */
static gint64
count_withdrawable (InvDatabase *database,
                    gint64       batch_id,
                    gint64       now)
{
  sqlite3_stmt *stmt;
  gint64 n = -1;

  stmt = inv_database_prepare (database,
                               "SELECT count(*) FROM outbox WHERE batch_id = ?1 AND operation = 'cancel' "
                               "  AND state = 'queued' AND hold_until > ?2 AND attempts = 0",
                               NULL);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return n;
}

static gboolean
check_undoable (InvDatabase  *database,
                gint64        batch_id,
                gint64        now,
                GError      **error)
{
  BatchInfo info = { 0 };

  if (!read_batch (database, batch_id, &info) || info.undone)
    {
      g_set_error_literal (error, INV_CANCEL_ERROR, INV_CANCEL_ERROR_UNKNOWN_BATCH,
                           _("There is no cancellation to undo"));
      return FALSE;
    }

  /* Every row of the batch must still be held: an undo is all or nothing, and a row
   * that may already be on its way to the service cannot be taken back. */
  if (info.hold_until <= now || count_withdrawable (database, batch_id, now) != info.n_queued)
    {
      g_set_error_literal (error, INV_CANCEL_ERROR, INV_CANCEL_ERROR_ALREADY_SENT,
                           _("The cancellation was already sent and can no longer be undone; re-invite the candidates instead"));
      return FALSE;
    }

  return TRUE;
}

/**
 * inv_cancel_can_undo:
 * @batch_id: a batch from inv_cancel_apply()
 * @now: the current time, UTC seconds
 *
 * Returns: %TRUE while inv_cancel_undo() of @batch_id would succeed
 */
gboolean
inv_cancel_can_undo (InvDatabase *database,
                     gint64       batch_id,
                     gint64       now)
{
  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  return check_undoable (database, batch_id, now, NULL);
}

/**
 * inv_cancel_find_last_undoable:
 * @now: the current time, UTC seconds
 * @batch_id: (out): the newest cancel that can still be undone
 * @hold_until: (out) (optional): until when it can
 * @n_invitations: (out) (optional): how many invitations it cancelled
 *
 * What Ctrl+Z undoes: the newest cancel, by anyone on this computer, whose grace
 * period is still running and none of whose rows was sent.
 *
 * Returns: %TRUE when there is one
 */
gboolean
inv_cancel_find_last_undoable (InvDatabase *database,
                               gint64       now,
                               gint64      *batch_id,
                               gint64      *hold_until,
                               guint       *n_invitations)
{
  sqlite3_stmt *stmt;
  gint64 found_id = 0;
  gint64 found_until = 0;
  guint found_n = 0;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (batch_id != NULL, FALSE);

  *batch_id = 0;

  stmt = inv_database_prepare (database,
                               "SELECT batch_id, hold_until, n_invitations FROM cancel_batches "
                               "WHERE undone_at IS NULL AND hold_until > ?1 "
                               "ORDER BY batch_id DESC LIMIT 1",
                               NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found_id = sqlite3_column_int64 (stmt, 0);
      found_until = sqlite3_column_int64 (stmt, 1);
      found_n = (guint)sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);

  if (found_id == 0 || !check_undoable (database, found_id, now, NULL))
    return FALSE;

  *batch_id = found_id;
  if (hold_until != NULL)
    *hold_until = found_until;
  if (n_invitations != NULL)
    *n_invitations = found_n;

  return TRUE;
}

/**
 * inv_cancel_undo:
 * @batch_id: a batch from inv_cancel_apply()
 * @n_restored: (out) (optional): how many invitations got their previous state back
 * @error: return location for a #GError
 *
 * Undoes a whole cancel while it is still held locally: the outbox rows are withdrawn
 * (inv_outbox_withdraw_batch(), which records "undone" in each invitation's history)
 * and every invitation of the batch, demo rows included, gets back exactly its
 * previous status, sync state and cancel reason — in one transaction. After the grace
 * period, or once the sync engine took a row, it refuses with
 * %INV_CANCEL_ERROR_ALREADY_SENT and changes nothing.
 *
 * Returns: %TRUE if the batch was undone
 */
gboolean
inv_cancel_undo (InvDatabase  *database,
                 gint64        batch_id,
                 guint        *n_restored,
                 GError      **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gint64 now = inv_database_now ();
  guint restored;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  if (n_restored != NULL)
    *n_restored = 0;

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;

  if (!check_undoable (database, batch_id, now, error))
    return FALSE;

  inv_outbox_withdraw_batch (database, batch_id, now, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The outbox restored status and sync state of the real rows; this restores the
   * cancel reason too, and the demo rows, which never had an outbox row. */
  /* OR FAIL, as in the apply: no statement journal of every page it changes. */
  stmt = inv_database_prepare (database,
                               "UPDATE OR FAIL invitations SET status = r.previous_status, "
                               "  sync_state = r.previous_sync_state, "
                               "  cancel_reason = r.previous_cancel_reason, updated_at = ?2 "
                               "FROM cancel_batch_rows r "
                               "WHERE r.batch_id = ?1 AND invitations.id = r.invitation_id",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;
  restored = sqlite3_changes (inv_database_get_handle (database));

  /* Demo rows get the same history entry the outbox writes for the real ones. */
  stmt = inv_database_prepare (database,
                               "INSERT INTO history (invitation_id, at, event, detail) "
                               "SELECT r.invitation_id, ?2, 'undone', 'cancel' FROM cancel_batch_rows r "
                               "  CROSS JOIN invitations i ON i.id = r.invitation_id "
                               "WHERE r.batch_id = ?1 AND i.is_sample = 1",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  stmt = inv_database_prepare (database,
                               "UPDATE cancel_batches SET undone_at = ?2 WHERE batch_id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  stmt = inv_database_prepare (database, "DELETE FROM cancel_batch_rows WHERE batch_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  if (!inv_transaction_commit (txn, error))
    return FALSE;

  if (n_restored != NULL)
    *n_restored = restored;

  return TRUE;
}

/* ---------------------------------------------------------------------------------- */
/* Off the main thread                                                               */

/* Each worker opens its own connection to the same file: one connection per thread,
 * and WAL lets the window keep reading while the cancel writes. */

typedef struct
{
  gatomicrefcount        ref_count;
  InvCancelProgressFunc  func;
  gpointer               data;
  GDestroyNotify         destroy;
  GMainContext          *context;
} Progress;

static Progress *
progress_ref (Progress *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static gboolean
progress_finalize (gpointer user_data)
{
  Progress *self = user_data;

  if (self->destroy != NULL)
    self->destroy (self->data);
  g_main_context_unref (self->context);
  g_free (self);

  return G_SOURCE_REMOVE;
}

/* The last reference may drop in the worker thread; the caller's data is still freed
 * on the caller's main context, after the last progress update. */
static void
progress_unref (Progress *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, progress_finalize, self, NULL);
}

typedef struct
{
  Progress *progress;
  guint     done;
  guint     total;
} ProgressUpdate;

static gboolean
progress_dispatch (gpointer user_data)
{
  ProgressUpdate *update = user_data;

  update->progress->func (update->done, update->total, update->progress->data);

  return G_SOURCE_REMOVE;
}

static void
progress_update_free (gpointer user_data)
{
  ProgressUpdate *update = user_data;

  progress_unref (update->progress);
  g_free (update);
}

static void
progress_from_thread (guint    done,
                      guint    total,
                      gpointer user_data)
{
  Progress *progress = user_data;
  ProgressUpdate *update = g_new0 (ProgressUpdate, 1);

  update->progress = progress_ref (progress);
  update->done = done;
  update->total = total;
  g_main_context_invoke_full (progress->context, G_PRIORITY_DEFAULT, progress_dispatch,
                              update, progress_update_free);
}

typedef struct
{
  char               *path;
  GArray             *ids;
  InvCancelOptions    options;
  char               *message_override;
  Progress           *progress;
  gint64              batch_id;
} TaskData;

static void
task_data_free (gpointer user_data)
{
  TaskData *data = user_data;

  g_free (data->path);
  g_clear_pointer (&data->ids, g_array_unref);
  g_free (data->message_override);
  g_clear_pointer (&data->progress, progress_unref);
  g_free (data);
}

static TaskData *
task_data_new (InvDatabase   *database,
               const gint64  *ids,
               guint          n_ids)
{
  TaskData *data = g_new0 (TaskData, 1);

  data->path = g_strdup (inv_database_get_path (database));
  data->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  if (n_ids > 0)
    g_array_append_vals (data->ids, ids, n_ids);

  return data;
}

/* How much of the database file a bulk connection may read through a memory map.
 * A preview, cancel or undo of 100,000 rows opens a connection with an empty cache
 * and looks up rows all over the table: read through the map, each page costs a
 * page-table entry instead of a system call and a copy, which more than halves the
 * time to stage the rows. The map goes with the connection, which lives only as long
 * as the one operation, so the window's memory is not affected afterwards. */
#define BULK_MMAP_BYTES G_GINT64_CONSTANT (2147483648)

/* A connection of its own for one bulk operation in a worker thread. */
static InvDatabase *
open_bulk_connection (const char  *path,
                      GError     **error)
{
  g_autoptr(InvDatabase) database = inv_database_open (path, error);
  g_autofree char *mmap_sql = NULL;

  if (database == NULL)
    return NULL;

  /* Only an optimisation: without it the operation is slower, not wrong. */
  mmap_sql = g_strdup_printf ("PRAGMA mmap_size = %" G_GINT64_FORMAT, BULK_MMAP_BYTES);
  inv_database_exec (database, mmap_sql, NULL);

  return g_steal_pointer (&database);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  InvCancelPreview *preview;

  database = open_bulk_connection (data->path, &error);
  if (database == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  preview = inv_cancel_preview (database, (const gint64 *)(gpointer)data->ids->data, data->ids->len, &error);
  if (preview == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, preview, (GDestroyNotify)inv_cancel_preview_free);
}

/**
 * inv_cancel_preview_async:
 * @ids: (array length=n_ids): copied before this returns
 *
 * inv_cancel_preview() in a worker thread with its own connection to @database's file.
 */
void
inv_cancel_preview_async (InvDatabase         *database,
                          const gint64        *ids,
                          guint                n_ids,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (INV_IS_DATABASE (database));
  g_return_if_fail (ids != NULL || n_ids == 0);

  task = g_task_new (database, cancellable, callback, user_data);
  g_task_set_source_tag (task, inv_cancel_preview_async);
  g_task_set_task_data (task, task_data_new (database, ids, n_ids), task_data_free);
  g_task_run_in_thread (task, preview_thread);
}

/**
 * inv_cancel_preview_finish:
 *
 * Returns: (transfer full): the counts, or %NULL with @error set
 */
InvCancelPreview *
inv_cancel_preview_finish (InvDatabase   *database,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, database), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == inv_cancel_preview_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Takes over @data, the worker's connection, checkpoints, and closes it. */
static gpointer
checkpoint_thread (gpointer data)
{
  InvDatabase *database = data;

  inv_database_exec (database, "PRAGMA wal_checkpoint (PASSIVE)", NULL);
  g_object_unref (database);

#ifdef HAVE_MALLOC_TRIM
  /* The cancel's page cache was freed with its connection; hand the memory back to
   * the system rather than keep it in the allocator's free lists. */
  malloc_trim (0);
#endif

  return NULL;
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  InvCancelResult *result;

  database = open_bulk_connection (data->path, &error);
  if (database == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A big cancel leaves a large write-ahead log. Copying it into the database file
   * (the checkpoint) can take as long as the cancel itself, and the person waits for
   * the cancel only: so this connection does not checkpoint as part of its commit,
   * but in a thread of its own once the result is on its way. */
  inv_database_set_autocheckpoint (database, 0);

  result = inv_cancel_apply (database, (const gint64 *)(gpointer)data->ids->data, data->ids->len,
                             &data->options,
                             data->progress != NULL ? progress_from_thread : NULL, data->progress,
                             cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify)inv_cancel_result_free);

  /* A task run in a thread reports back only when its function returns. */
  g_thread_unref (g_thread_new ("inv-cancel-checkpoint", checkpoint_thread, g_steal_pointer (&database)));
}

/**
 * inv_cancel_apply_async:
 * @database: the window's connection; the work runs on a connection of its own
 * @ids: (array length=n_ids): copied before this returns
 * @options: copied before this returns
 * @progress: (nullable) (scope notified): called on the thread-default main context
 *   of the caller
 * @progress_data: data for @progress
 * @progress_data_destroy: (nullable): frees @progress_data when no more progress comes
 * @cancellable: (nullable): stops the cancel before it commits
 * @callback: called on the caller's main context when done
 * @user_data: data for @callback
 *
 * inv_cancel_apply() in a worker thread, so that the window stays responsive.
 */
void
inv_cancel_apply_async (InvDatabase             *database,
                        const gint64            *ids,
                        guint                    n_ids,
                        const InvCancelOptions  *options,
                        InvCancelProgressFunc    progress,
                        gpointer                 progress_data,
                        GDestroyNotify           progress_data_destroy,
                        GCancellable            *cancellable,
                        GAsyncReadyCallback      callback,
                        gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (INV_IS_DATABASE (database));
  g_return_if_fail (ids != NULL || n_ids == 0);
  g_return_if_fail (options != NULL);

  data = task_data_new (database, ids, n_ids);
  data->options = *options;
  data->message_override = g_strdup (options->message_override);
  data->options.message_override = data->message_override;

  if (progress != NULL)
    {
      data->progress = g_new0 (Progress, 1);
      g_atomic_ref_count_init (&data->progress->ref_count);
      data->progress->func = progress;
      data->progress->data = progress_data;
      data->progress->destroy = progress_data_destroy;
      data->progress->context = g_main_context_ref_thread_default ();
    }
  else if (progress_data_destroy != NULL)
    progress_data_destroy (progress_data);

  task = g_task_new (database, cancellable, callback, user_data);
  g_task_set_source_tag (task, inv_cancel_apply_async);
  g_task_set_task_data (task, data, task_data_free);
  g_task_run_in_thread (task, apply_thread);
}

/**
 * inv_cancel_apply_finish:
 *
 * Returns: (transfer full): what was done, or %NULL with @error set
 */
InvCancelResult *
inv_cancel_apply_finish (InvDatabase   *database,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, database), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == inv_cancel_apply_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
undo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  guint n_restored = 0;

  database = open_bulk_connection (data->path, &error);
  if (database == NULL || !inv_cancel_undo (database, data->batch_id, &n_restored, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, n_restored);
}

/**
 * inv_cancel_undo_async:
 *
 * inv_cancel_undo() in a worker thread with its own connection.
 */
void
inv_cancel_undo_async (InvDatabase         *database,
                       gint64               batch_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (INV_IS_DATABASE (database));

  data = task_data_new (database, NULL, 0);
  data->batch_id = batch_id;

  task = g_task_new (database, cancellable, callback, user_data);
  g_task_set_source_tag (task, inv_cancel_undo_async);
  g_task_set_task_data (task, data, task_data_free);
  g_task_run_in_thread (task, undo_thread);
}

/**
 * inv_cancel_undo_finish:
 * @n_restored: (out) (optional): how many invitations got their previous state back
 *
 * Returns: %TRUE if the batch was undone
 */
gboolean
inv_cancel_undo_finish (InvDatabase   *database,
                        GAsyncResult  *result,
                        guint         *n_restored,
                        GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, database), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == inv_cancel_undo_async, FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;

  if (n_restored != NULL)
    *n_restored = (guint)n;

  return TRUE;
}

/* inv-database-candidates.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The candidates: people who can be invited. A candidate is unique by email, compared
 * case-insensitively (candidates.email_key). Invitations repeat the candidate's name and
 * email; a change here is carried into them (with their search_text).
 */

#define G_LOG_DOMAIN "inv-database-candidates"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "inv-candidate-rules.h"
#include "inv-database-candidates.h"
#include "inv-email.h"
#include "inv-invitation-query.h"
#include "inv-outbox.h"
#include "inv-status.h"
#include "inv-transaction.h"

G_DEFINE_QUARK (inv-candidate-error-quark, inv_candidate_error)

/* The details as they will be stored: normalised and checked by the candidate rules,
 * with the key that makes the email unique. */
typedef struct
{
  InvCandidateNormalized  fields;
  char                   *email_key;
} Details;

static void
details_clear (Details *details)
{
  inv_candidate_normalized_clear (&details->fields);
  g_free (details->email_key);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Details, details_clear)

static gboolean
prepare_details (Details     *details,
                 const char  *first_name,
                 const char  *last_name,
                 const char  *email,
                 const char  *phone,
                 GError     **error)
{
  /* Without an email the rules would not judge one; every candidate needs it. */
  if (!inv_candidate_rules_check (first_name, last_name, email != NULL ? email : "", phone,
                                  &details->fields, error))
    return FALSE;

  details->email_key = inv_email_key (details->fields.email);

  return TRUE;
}

/* Says whose the email already is, so the person can find that candidate. */
static void
set_email_taken_error (InvDatabase  *self,
                       const char   *email_key,
                       GError      **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *name = NULL;

  stmt = inv_database_prepare (self,
                               "SELECT first_name, last_name, email FROM candidates WHERE email_key = ?1",
                               NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, email_key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        name = inv_candidate_rules_display_name ((const char *)sqlite3_column_text (stmt, 0),
                                                 (const char *)sqlite3_column_text (stmt, 1),
                                                 (const char *)sqlite3_column_text (stmt, 2));
      sqlite3_reset (stmt);
    }

  g_set_error (error, INV_CANDIDATE_ERROR, INV_CANDIDATE_ERROR_EMAIL,
               _("%s already has this email address"), name != NULL ? name : _("Another candidate"));
}

/* Returns: the new candidate's id, or 0 with @error set */
static gint64
insert_candidate (InvDatabase    *self,
                  const Details  *details,
                  GError        **error)
{
  sqlite3_stmt *stmt;

  stmt = inv_database_prepare (self,
                               "INSERT INTO candidates (first_name, last_name, email, email_key, phone, created_at, "
                               "  name_key) "
                               "VALUES (?1, ?2, ?3, ?4, nullif (?5, ''), ?6, inv_candidate_key (?2, ?1))",
                               error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_text (stmt, 1, details->fields.first_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, details->fields.last_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, details->fields.email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, details->email_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, details->fields.phone, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, inv_database_now ());

  if (!inv_database_step_done (self, stmt, error))
    return 0;

  return sqlite3_last_insert_rowid (inv_database_get_handle (self));
}

/**
 * inv_database_add_candidate:
 * @phone: (nullable): a phone number, or %NULL / "" for none
 * @error: an %INV_CANDIDATE_RULES_ERROR naming the field that breaks the candidate rules,
 *   %INV_CANDIDATE_ERROR_EMAIL when another candidate has the email, or a database error
 *
 * Returns: the new candidate's id, or 0 with @error set
 */
gint64
inv_database_add_candidate (InvDatabase  *self,
                            const char   *first_name,
                            const char   *last_name,
                            const char   *email,
                            const char   *phone,
                            GError      **error)
{
  g_auto(Details) details = { 0 };

  g_return_val_if_fail (INV_IS_DATABASE (self), 0);

  if (!prepare_details (&details, first_name, last_name, email, phone, error))
    return 0;

  if (inv_database_find_candidate (self, details.fields.email) != 0)
    {
      set_email_taken_error (self, details.email_key, error);
      return 0;
    }

  return insert_candidate (self, &details, error);
}

/* Carries a candidate's new name and email into their invitations. An invitation the
 * service already has keeps the email it was sent to: changing it here would not change
 * it there. One that never reached the service takes the new email, so that a failed
 * invite retried after a typo fix goes to the right address. */
static gboolean
update_invitations (InvDatabase  *self,
                    gint64        candidate_id,
                    const char   *name,
                    const char   *email,
                    GError      **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) remote_emails = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *search_text = inv_search_text_new (name, email);
  gint64 now = inv_database_now ();

  stmt = inv_database_prepare (self,
                               "UPDATE invitations SET candidate_name = ?2, email = ?3, search_text = ?4, "
                               "  name_key = inv_name_key (?2), updated_at = ?5 "
                               "WHERE candidate_id = ?1 AND remote_id IS NULL",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, search_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, now);
  if (!inv_database_step_done (self, stmt, error))
    return FALSE;

  stmt = inv_database_prepare (self,
                               "SELECT DISTINCT email FROM invitations "
                               "WHERE candidate_id = ?1 AND remote_id IS NOT NULL",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (remote_emails, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  for (guint i = 0; i < remote_emails->len; i++)
    {
      const char *old_email = remote_emails->pdata[i];
      g_autofree char *text = inv_search_text_new (name, old_email);

      stmt = inv_database_prepare (self,
                                   "UPDATE invitations SET candidate_name = ?2, search_text = ?3, "
                                   "  name_key = inv_name_key (?2), updated_at = ?5 "
                                   "WHERE candidate_id = ?1 AND remote_id IS NOT NULL AND email = ?4",
                                   error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, candidate_id);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, old_email, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, now);
      if (!inv_database_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_erased (InvDatabase *self,
           gint64       candidate_id,
           gboolean    *exists)
{
  sqlite3_stmt *stmt = inv_database_prepare (self, "SELECT erased FROM candidates WHERE id = ?1", NULL);
  gboolean erased = FALSE;

  *exists = FALSE;
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, candidate_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *exists = TRUE;
      erased = sqlite3_column_int (stmt, 0) != 0;
    }
  sqlite3_reset (stmt);

  return erased;
}

/**
 * inv_database_update_candidate:
 *
 * Changes a candidate's details and carries the name (and, for invitations not yet
 * sent, the email) into their invitations, in one transaction.
 *
 * Returns: %TRUE on success; otherwise @error is as for inv_database_add_candidate(), or
 *   %INV_CANDIDATE_ERROR_ERASED
 */
gboolean
inv_database_update_candidate (InvDatabase  *self,
                               gint64        candidate_id,
                               const char   *first_name,
                               const char   *last_name,
                               const char   *email,
                               const char   *phone,
                               GError      **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_auto(Details) details = { 0 };
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;
  gboolean exists;
  gint64 owner;

  g_return_val_if_fail (INV_IS_DATABASE (self), FALSE);

  if (is_erased (self, candidate_id, &exists))
    {
      g_set_error_literal (error, INV_CANDIDATE_ERROR, INV_CANDIDATE_ERROR_ERASED,
                           _("This candidate’s personal data was erased; it cannot be edited"));
      return FALSE;
    }
  if (!exists)
    {
      g_set_error_literal (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND,
                           _("The candidate no longer exists"));
      return FALSE;
    }

  if (!prepare_details (&details, first_name, last_name, email, phone, error))
    return FALSE;

  owner = inv_database_find_candidate (self, details.fields.email);
  if (owner != 0 && owner != candidate_id)
    {
      set_email_taken_error (self, details.email_key, error);
      return FALSE;
    }

  name = inv_candidate_rules_display_name (details.fields.first_name, details.fields.last_name,
                                           details.fields.email);

  txn = inv_transaction_begin (self, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;

  stmt = inv_database_prepare (self,
                               "UPDATE candidates SET first_name = ?2, last_name = ?3, email = ?4, "
                               "  email_key = ?5, phone = nullif (?6, ''), "
                               "  name_key = inv_candidate_key (?3, ?2) WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  sqlite3_bind_text (stmt, 2, details.fields.first_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, details.fields.last_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, details.fields.email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, details.email_key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, details.fields.phone, -1, SQLITE_STATIC);
  if (!inv_database_step_done (self, stmt, error))
    return FALSE;

  if (!update_invitations (self, candidate_id, name, details.fields.email, error))
    return FALSE;

  return inv_transaction_commit (txn, error);
}

/**
 * inv_database_load_candidate:
 *
 * Returns: (transfer full): the candidate, or %NULL with @error set
 */
InvCandidate *
inv_database_load_candidate (InvDatabase  *self,
                             gint64        candidate_id,
                             GError      **error)
{
  sqlite3_stmt *stmt;
  InvCandidate *candidate = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (self), NULL);

  stmt = inv_database_prepare (self,
                               "SELECT " INV_CANDIDATE_COLUMNS " FROM candidates c WHERE c.id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, candidate_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    candidate = _inv_candidate_new_from_row (stmt);
  else
    g_set_error_literal (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND,
                         _("The candidate no longer exists"));
  sqlite3_reset (stmt);

  return candidate;
}

/**
 * inv_database_find_candidate:
 * @email: an email, in any case
 *
 * Returns: the id of the candidate with that email, or 0
 */
gint64
inv_database_find_candidate (InvDatabase *self,
                             const char  *email)
{
  g_autofree char *normalized = NULL;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (INV_IS_DATABASE (self), 0);

  if (email == NULL)
    return 0;

  normalized = inv_email_normalize (email);
  key = inv_email_key (normalized);

  stmt = inv_database_prepare (self, "SELECT id FROM candidates WHERE email_key = ?1", NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  inv_database_step_int64 (stmt, &id);

  return id;
}

static char *
like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

/**
 * inv_database_query_candidate_ids:
 * @search: (nullable): part of a name ("Jo Ex" or "Example Jo") or of an email
 *
 * Returns: (transfer full) (element-type gint64): the ids of the matching candidates
 *   (erased ones excepted), by last name, then first name
 */
GArray *
inv_database_query_candidate_ids (InvDatabase  *self,
                                  const char   *search,
                                  GError      **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (search != NULL ? search : ""));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (self), NULL);

  if (*trimmed == '\0')
    {
      stmt = inv_database_prepare (self,
                                   "SELECT id FROM candidates WHERE erased = 0 "
                                   "ORDER BY name_key, id",
                                   error);
      if (stmt == NULL)
        return NULL;
    }
  else
    {
      /* Trimmed and composed the way stored emails are; names are composed alike. */
      g_autofree char *normalized = inv_email_normalize (trimmed);
      g_autofree char *folded = inv_search_fold (normalized);
      g_autofree char *folded_key = inv_email_key (normalized);

      /* Emails: the key is already case-folded. Names: plain LIKE first (cheap, ASCII
       * case), then both sides case-folded for letters beyond ASCII. */
      stmt = inv_database_prepare (self,
                                   "SELECT id FROM candidates WHERE erased = 0 AND ("
                                   "  email_key LIKE ?1 ESCAPE '\\' OR "
                                   "  (first_name || ' ' || last_name) LIKE ?2 ESCAPE '\\' OR "
                                   "  (last_name || ' ' || first_name) LIKE ?2 ESCAPE '\\' OR "
                                   "  inv_casefold (first_name || ' ' || last_name) LIKE ?3 ESCAPE '\\' OR "
                                   "  inv_casefold (last_name || ' ' || first_name) LIKE ?3 ESCAPE '\\') "
                                   "ORDER BY name_key, id",
                                   error);
      if (stmt == NULL)
        return NULL;

      {
        g_autofree char *key_pattern = like_pattern (folded_key);
        g_autofree char *name_pattern = like_pattern (normalized);
        g_autofree char *folded_pattern = like_pattern (folded);

        sqlite3_bind_text (stmt, 1, key_pattern, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 2, name_pattern, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 3, folded_pattern, -1, SQLITE_TRANSIENT);
      }
    }

  return inv_database_read_ids (self, stmt, _("Reading the candidates"), error);
}

/**
 * inv_database_ensure_candidate:
 * @created: (out) (optional): whether a new candidate was added
 *
 * Finds the candidate with @email, or adds one. An existing candidate keeps their
 * details; only what they lack (a first name, a phone) is filled in. Runs inside the
 * caller's transaction when there is one.
 *
 * Returns: the candidate's id, or 0 with @error set
 */
gint64
inv_database_ensure_candidate (InvDatabase  *self,
                               const char   *first_name,
                               const char   *last_name,
                               const char   *email,
                               const char   *phone,
                               gboolean     *created,
                               GError      **error)
{
  g_auto(Details) details = { 0 };
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (INV_IS_DATABASE (self), 0);

  if (created != NULL)
    *created = FALSE;

  if (!prepare_details (&details, first_name, last_name, email, phone, error))
    return 0;

  id = inv_database_find_candidate (self, details.fields.email);
  if (id != 0)
    {
      stmt = inv_database_prepare (self,
                                   "UPDATE candidates SET "
                                   "  first_name = CASE WHEN first_name = '' THEN ?2 ELSE first_name END, "
                                   "  last_name = CASE WHEN last_name = '' THEN ?3 ELSE last_name END, "
                                   "  phone = coalesce (phone, nullif (?4, '')), "
                                   "  name_key = inv_candidate_key ("
                                   "    CASE WHEN last_name = '' THEN ?3 ELSE last_name END, "
                                   "    CASE WHEN first_name = '' THEN ?2 ELSE first_name END) "
                                   "WHERE id = ?1 AND (first_name = '' OR last_name = '' OR phone IS NULL)",
                                   error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, details.fields.first_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, details.fields.last_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, details.fields.phone, -1, SQLITE_STATIC);
      if (!inv_database_step_done (self, stmt, error))
        return 0;

      return id;
    }

  id = insert_candidate (self, &details, error);
  if (id != 0 && created != NULL)
    *created = TRUE;

  return id;
}

/**
 * inv_database_import_candidates:
 * @candidates: the good rows of a candidates file (inv_csv_read_candidates())
 * @n_added: (out) (optional): how many were new
 * @row_errors: (out) (optional) (transfer full) (element-type utf8): for each row, why
 *   it was refused (its id is then 0), or %NULL
 *
 * Adds the candidates of a file, or finds them when their email is known, in one
 * transaction. A row the store refuses is reported with its reason and the others are
 * kept; a file's rows already passed the candidate rules when it was read.
 *
 * Returns: (transfer full) (element-type gint64): the candidates' ids, in the order of
 *   @candidates->candidates, or %NULL with @error set (and nothing added)
 */
GArray *
inv_database_import_candidates (InvDatabase             *self,
                                const InvCsvCandidates  *candidates,
                                guint                   *n_added,
                                GPtrArray              **row_errors,
                                GError                 **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  guint added = 0;

  g_return_val_if_fail (INV_IS_DATABASE (self), NULL);
  g_return_val_if_fail (candidates != NULL, NULL);

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), candidates->candidates->len);
  errors = g_ptr_array_new_full (candidates->candidates->len, g_free);

  txn = inv_transaction_begin (self, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return NULL;

  for (guint i = 0; i < candidates->candidates->len; i++)
    {
      const InvCsvCandidate *row = candidates->candidates->pdata[i];
      g_autoptr(GError) local_error = NULL;
      gboolean created = FALSE;
      gint64 id;

      id = inv_database_ensure_candidate (self, row->first_name, row->last_name, row->email,
                                          row->phone, &created, &local_error);
      if (id == 0 && local_error->domain != INV_CANDIDATE_ERROR &&
          local_error->domain != INV_CANDIDATE_RULES_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      if (created)
        added++;
      g_array_append_val (ids, id);
      g_ptr_array_add (errors, id == 0 ? g_strdup (local_error->message) : NULL);
    }

  if (!inv_transaction_commit (txn, error))
    return NULL;

  if (n_added != NULL)
    *n_added = added;
  if (row_errors != NULL)
    *row_errors = g_steal_pointer (&errors);

  return g_steal_pointer (&ids);
}

/* Unsent invitations of an erased candidate must not be sent after all: their queued
 * operations are dropped and the invitations end as cancelled, locally. */
static gboolean
withdraw_unsent (InvDatabase  *self,
                 gint64        candidate_id,
                 gint64        now,
                 GError      **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GArray) withdrawn = NULL;

  stmt = inv_database_prepare (self,
                               "DELETE FROM outbox WHERE (attempts = 0 OR state = 'failed') "
                               "  AND operation IN ('create', 'reinvite', 'reattempt') "
                               "  AND invitation_id IN (SELECT id FROM invitations WHERE candidate_id = ?1 "
                               "                        AND remote_id IS NULL) "
                               "RETURNING invitation_id",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  withdrawn = inv_database_read_ids (self, stmt, _("Withdrawing unsent invitations"), error);
  if (withdrawn == NULL)
    return FALSE;

  for (guint i = 0; i < withdrawn->len; i++)
    {
      gint64 id = g_array_index (withdrawn, gint64, i);

      stmt = inv_database_prepare (self,
                                   "UPDATE invitations SET status = 'cancelled', sync_state = 'local', "
                                   "  updated_at = ?2 WHERE id = ?1",
                                   error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, now);
      if (!inv_database_step_done (self, stmt, error) ||
          !inv_database_append_history (self, id, now, "withdrawn",
                                        "Not sent: the candidate's data was erased", error))
        return FALSE;
    }

  return TRUE;
}

/**
 * inv_database_erase_candidate:
 *
 * Honours a request to erase a person's data: the candidate's name, email and phone
 * are removed from this database, their invitations keep only an anonymous name,
 * unsent invitations are withdrawn, each invitation's history gets an anonymous entry,
 * and the service is asked to erase the person too (an outbox `erase` row; demo
 * candidates excepted). One transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
inv_database_erase_candidate (InvDatabase  *self,
                              gint64        candidate_id,
                              GError      **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(InvCandidate) candidate = NULL;
  g_autofree char *erased_name = g_strdup (_("Erased candidate"));
  g_autofree char *search_text = inv_search_text_new (erased_name, "");
  g_autoptr(GArray) invitation_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *erased_key = g_strdup_printf ("erased:%" G_GINT64_FORMAT, candidate_id);
  sqlite3_stmt *stmt;
  gint64 now = inv_database_now ();
  gboolean any_real = FALSE;

  g_return_val_if_fail (INV_IS_DATABASE (self), FALSE);

  candidate = inv_database_load_candidate (self, candidate_id, error);
  if (candidate == NULL)
    return FALSE;

  if (inv_candidate_get_erased (candidate))
    return TRUE;

  txn = inv_transaction_begin (self, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;

  if (!withdraw_unsent (self, candidate_id, now, error))
    return FALSE;

  stmt = inv_database_prepare (self,
                               "UPDATE invitations SET candidate_name = ?2, email = '', search_text = ?3, "
                               "  name_key = inv_name_key (?2), updated_at = ?4 WHERE candidate_id = ?1 "
                               "RETURNING id, is_sample",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  sqlite3_bind_text (stmt, 2, erased_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, search_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, now);
  {
    int rc;

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);

        if (sqlite3_column_int (stmt, 1) == 0)
          any_real = TRUE;
        g_array_append_val (invitation_ids, id);
      }
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
      {
        inv_database_set_error (self, error, _("Erasing the candidate’s invitations"));
        return FALSE;
      }
  }

  for (guint i = 0; i < invitation_ids->len; i++)
    if (!inv_database_append_history (self, g_array_index (invitation_ids, gint64, i), now,
                                      "candidate-erased", "Personal data erased on request", error))
      return FALSE;

  stmt = inv_database_prepare (self,
                               "UPDATE candidates SET first_name = '', last_name = '', email = '', "
                               "  email_key = ?2, phone = NULL, erased = 1, "
                               "  name_key = inv_candidate_key ('', '') WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, candidate_id);
  sqlite3_bind_text (stmt, 2, erased_key, -1, SQLITE_STATIC);
  if (!inv_database_step_done (self, stmt, error))
    return FALSE;

  /* A demo candidate never reached the service; anyone else may have, also through a
   * colleague's invitation the app has not pulled yet. */
  if (!inv_candidate_get_is_sample (candidate) || any_real)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *payload = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, inv_candidate_get_email (candidate));
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      payload = json_to_string (root, FALSE);

      if (!inv_outbox_enqueue (self, INV_OUTBOX_ERASE, 0, payload, 0, 0, NULL, NULL, NULL, error))
        return FALSE;
    }

  return inv_transaction_commit (txn, error);
}

/* inv-candidate-edit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Edit candidate details": the fix for a typo in a name, instead of cancelling the
 * invitation and inviting again. The invitations table repeats the candidate's name
 * (and its search text), so an edit rewrites those copies in the same transaction.
 */

#define G_LOG_DOMAIN "inv-candidate-edit"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-candidate-edit.h"
#include "inv-candidate-rules.h"
#include "inv-invitation-query.h"
#include "inv-transaction.h"

G_DEFINE_BOXED_TYPE (InvCandidateDetails, inv_candidate_details,
                     inv_candidate_details_copy, inv_candidate_details_free)

InvCandidateDetails *
inv_candidate_details_copy (const InvCandidateDetails *details)
{
  InvCandidateDetails *copy;

  g_return_val_if_fail (details != NULL, NULL);

  copy = g_memdup2 (details, sizeof *details);
  copy->first_name = g_strdup (details->first_name);
  copy->last_name = g_strdup (details->last_name);
  copy->email = g_strdup (details->email);
  copy->phone = g_strdup (details->phone);

  return copy;
}

void
inv_candidate_details_free (InvCandidateDetails *details)
{
  if (details == NULL)
    return;

  g_free (details->first_name);
  g_free (details->last_name);
  g_free (details->email);
  g_free (details->phone);
  g_free (details);
}

/**
 * inv_candidate_details_load:
 * @candidate_id: the candidate (inv_invitation_get_candidate_id())
 *
 * Returns: (transfer full): the candidate's current details, or %NULL with @error set
 *   (%INV_DATABASE_ERROR_NOT_FOUND when there is no such candidate)
 */
InvCandidateDetails *
inv_candidate_details_load (InvDatabase  *database,
                            gint64        candidate_id,
                            GError      **error)
{
  InvCandidateDetails *details = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);

  stmt = inv_database_prepare (database,
                               "SELECT id, first_name, last_name, email, phone, erased "
                               "FROM candidates WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, candidate_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      details = g_new0 (InvCandidateDetails, 1);
      details->id = sqlite3_column_int64 (stmt, 0);
      details->first_name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      details->last_name = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      details->email = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      details->phone = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      details->erased = sqlite3_column_int (stmt, 5) != 0;
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND,
                 _("There is no candidate %lld"), (long long)candidate_id);
  else
    inv_database_set_error (database, error, _("Reading a candidate"));
  sqlite3_reset (stmt);

  return details;
}

/* Rewrites the copies of the name in the candidate's invitations. search_text folds
 * the name with each row's email, so it is computed once per distinct email. */
static gboolean
update_invitations (InvDatabase  *database,
                    gint64        candidate_id,
                    const char   *full_name,
                    gint64        now,
                    guint        *n_updated,
                    GError      **error)
{
  g_autoptr(GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  *n_updated = 0;

  stmt = inv_database_prepare (database,
                               "SELECT DISTINCT email FROM invitations WHERE candidate_id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, candidate_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (emails, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      inv_database_set_error (database, error, _("Reading the candidate’s invitations"));
      return FALSE;
    }

  for (guint i = 0; i < emails->len; i++)
    {
      const char *email = g_ptr_array_index (emails, i);
      g_autofree char *search_text = inv_search_text_new (full_name, email);

      stmt = inv_database_prepare (database,
                                   "UPDATE invitations SET candidate_name = ?3, search_text = ?4, "
                                   "  name_key = inv_name_key (?3), updated_at = ?5 "
                                   "WHERE candidate_id = ?1 AND email = ?2",
                                   error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, candidate_id);
      sqlite3_bind_text (stmt, 2, email, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, full_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, search_text, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, now);
      if (!inv_database_step_done (database, stmt, error))
        return FALSE;

      *n_updated += sqlite3_changes (inv_database_get_handle (database));
    }

  return TRUE;
}

/**
 * inv_candidate_edit:
 * @candidate_id: the candidate
 * @first_name: (nullable): the new first name, or %NULL or "" for none
 * @last_name: (nullable): the new last name, likewise
 * @phone: (nullable): the new phone number, likewise
 * @n_invitations: (out) (optional): how many invitations now show the new name
 * @error: return location for a #GError
 *
 * Corrects a candidate's details. The candidates row and the name repeated in every
 * invitation of the candidate (with its search text) change together, in one
 * transaction, and each invitation's history records "candidate-edited" with the
 * names of the fields that changed — never their values, because history outlives an
 * erasure. The details are judged by inv_candidate_rules_check(), as when the candidate
 * was added: invalid input changes nothing and @error is an %INV_CANDIDATE_RULES_ERROR
 * saying what is wrong. A candidate whose data was erased cannot be edited
 * (%INV_DATABASE_ERROR_INVALID).
 *
 * Returns: %TRUE if saved
 */
gboolean
inv_candidate_edit (InvDatabase  *database,
                    gint64        candidate_id,
                    const char   *first_name,
                    const char   *last_name,
                    const char   *phone,
                    guint        *n_invitations,
                    GError      **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(InvCandidateDetails) before = NULL;
  g_auto(InvCandidateNormalized) after = { 0 };
  g_autofree char *full_name = NULL;
  g_autoptr(GString) changed = g_string_new (NULL);
  sqlite3_stmt *stmt;
  gint64 now = inv_database_now ();
  guint n_updated = 0;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  if (n_invitations != NULL)
    *n_invitations = 0;

  /* The email is not edited here, so it is not judged either. */
  if (!inv_candidate_rules_check (first_name, last_name, NULL, phone, &after, error))
    return FALSE;

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;

  before = inv_candidate_details_load (database, candidate_id, error);
  if (before == NULL)
    return FALSE;

  if (before->erased)
    {
      g_set_error_literal (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID,
                           _("This candidate’s details were erased on request and cannot be edited"));
      return FALSE;
    }

  if (g_strcmp0 (before->first_name, after.first_name) != 0)
    g_string_append (changed, "first_name");
  if (g_strcmp0 (before->last_name, after.last_name) != 0)
    g_string_append_printf (changed, "%slast_name", changed->len > 0 ? "," : "");
  /* No phone is stored as NULL and checked as "". */
  if (g_strcmp0 (before->phone != NULL ? before->phone : "", after.phone) != 0)
    g_string_append_printf (changed, "%sphone", changed->len > 0 ? "," : "");

  /* Nothing changed: nothing to write, nothing to record; leaving the scope ends the
   * transaction. */
  if (changed->len == 0)
    return TRUE;

  stmt = inv_database_prepare (database,
                               "UPDATE candidates SET first_name = ?2, last_name = ?3, phone = nullif (?4, ''), "
                               "  name_key = inv_candidate_key (?3, ?2) WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, candidate_id);
  sqlite3_bind_text (stmt, 2, after.first_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, after.last_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, after.phone, -1, SQLITE_STATIC);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  full_name = inv_candidate_rules_display_name (after.first_name, after.last_name, before->email);
  if (!update_invitations (database, candidate_id, full_name, now, &n_updated, error))
    return FALSE;

  stmt = inv_database_prepare (database,
                               "INSERT INTO history (invitation_id, at, event, detail) "
                               "SELECT id, ?2, 'candidate-edited', ?3 FROM invitations "
                               "WHERE candidate_id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, candidate_id);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_text (stmt, 3, changed->str, -1, SQLITE_STATIC);
  if (!inv_database_step_done (database, stmt, error))
    return FALSE;

  if (!inv_transaction_commit (txn, error))
    return FALSE;

  if (n_invitations != NULL)
    *n_invitations = n_updated;

  return TRUE;
}

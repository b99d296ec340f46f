/* inv-cancel-staging.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The requested rows of a preview or a cancel, copied into temporary tables and
 * counted: what both show a person, and what the apply then writes from.
 */

#define G_LOG_DOMAIN "inv-cancel"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "inv-cancel.h"
#include "inv-cancel-private.h"

/* The statuses inv_status_allows() lets be cancelled, as an SQL list of literals.
 * Computed from the rules rather than written here, so that the rules stay in one
 * place. The names are the app's own identifiers, never user input. */
const char *
_inv_cancel_statuses_sql (void)
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
sqlite3_stmt *
_inv_cancel_prepare_with_statuses (InvDatabase  *database,
                                   const char   *sql_format,
                                   GError      **error)
{
  g_autofree char *sql = NULL;

  /* The formats always come from the cancel's own files. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  sql = g_strdup_printf (sql_format, _inv_cancel_statuses_sql ());
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

/* A connection that stays open (the database worker's) keeps the tables of its last
 * cancel in memory: dropped once the cancel is over, they give the memory back. */
gboolean
_inv_cancel_clear_staged (InvDatabase  *database,
                          GError      **error)
{
  return inv_database_exec (database,
                            "DROP TABLE IF EXISTS temp.cancel_ids;"
                            "DROP TABLE IF EXISTS temp.cancel_rows;"
                            "DROP TABLE IF EXISTS temp.cancel_eligible;",
                            error);
}

/* What the counting and the writing read of each staged invitation, copied once into
 * temp.cancel_rows: then neither has to look the rows up in the table again. */
#define STAGED_COLUMNS "i.id, i.status, i.is_sample, i.template_id, i.sync_state, i.cancel_reason"

gboolean
_inv_cancel_stage_ids (InvDatabase   *database,
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

gboolean
_inv_cancel_stage_matching (InvDatabase               *database,
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
gboolean
_inv_cancel_count_staged (InvDatabase       *database,
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

/* inv-database-invitations.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-database"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "inv-database-invitations.h"

/**
 * inv_database_query_invitation_ids:
 * @self: a #InvDatabase
 * @query: which rows and in which order
 * @error: return location for a #GError
 *
 * The one query a list makes over the whole table: the ids of every matching row,
 * in order. Everything else it shows is read row by row, on demand.
 *
 * Returns: (transfer full) (element-type gint64): the ids, or %NULL with @error set
 */
GArray *
inv_database_query_invitation_ids (InvDatabase               *self,
                                   const InvInvitationQuery  *query,
                                   GError                   **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT i.id");
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  _inv_invitation_query_append_from (query, sql, FALSE);
  _inv_invitation_query_append_sql (query, sql, TRUE);

  stmt = inv_database_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;

  _inv_invitation_query_bind (query, stmt);

  return inv_database_read_ids (self, stmt, _("Reading the invitations"), error);
}

/**
 * inv_database_filter_invitation_ids:
 * @query: the filter to check against (its order does not matter)
 * @ids: (array length=n_ids): invitations that just changed
 *
 * Which of @ids match @query now: what a list needs to follow a change of a few rows
 * in place, without reading the ids of all of its rows again. One lookup by primary
 * key each.
 *
 * Returns: (transfer full) (element-type gint64): the matching ids, in the order of
 *   @ids, or %NULL with @error set
 */
GArray *
inv_database_filter_invitation_ids (InvDatabase               *self,
                                    const InvInvitationQuery  *query,
                                    const gint64              *ids,
                                    guint                      n_ids,
                                    GError                   **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT 1 FROM invitations i");
  g_autoptr(GArray) matching = NULL;
  sqlite3_stmt *stmt;
  gsize where_at;

  g_return_val_if_fail (INV_IS_DATABASE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  /* The filter's own conditions, on every index SQLite likes, and the row by id. */
  where_at = sql->len;
  _inv_invitation_query_append_sql_full (query, sql, FALSE, FALSE);
  g_string_append_printf (sql, "%si.id = ?%d", sql->len > where_at ? " AND " : " WHERE ",
                          INV_INVITATION_QUERY_N_PARAMS + 1);

  stmt = inv_database_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;

  matching = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < n_ids; i++)
    {
      int rc;

      sqlite3_reset (stmt);
      _inv_invitation_query_bind (query, stmt);
      sqlite3_bind_int64 (stmt, INV_INVITATION_QUERY_N_PARAMS + 1, ids[i]);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_array_append_val (matching, ids[i]);
      else if (rc != SQLITE_DONE)
        {
          inv_database_set_error (self, error, _("Reading the invitations"));
          sqlite3_reset (stmt);
          return NULL;
        }
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&matching);
}

/**
 * inv_database_query_leading_invitation_ids:
 * @query: which rows and in which order; one with inv_invitation_query_has_leading_walk()
 * @max_ids: how many of the first matching rows to find
 * @max_rows: how many invitations to walk at most, matching or not
 * @complete: (out): whether the ids are all the rows of @query
 * @error: return location for a #GError
 *
 * The first matching rows of a query, found by walking the invitations in order and
 * stopping at @max_ids matches: a list shows them while
 * inv_database_query_invitation_ids() reads the rest, which for a sorted filter or a
 * short search takes far longer. Walking in order keeps them the true first rows;
 * @max_rows bounds the walk for a rare filter or search, whose first rows this cannot
 * find fast.
 *
 * Returns: (transfer full) (element-type gint64): the first ids in order: @max_ids of
 *   them, or fewer with @complete set when there are no more rows, or fewer (not
 *   complete, of no use) when @max_rows rows held too few; %NULL with @error set
 */
GArray *
inv_database_query_leading_invitation_ids (InvDatabase               *self,
                                           const InvInvitationQuery  *query,
                                           guint                      max_ids,
                                           guint                      max_rows,
                                           gboolean                  *complete,
                                           GError                   **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt;
  guint n_rows = 0;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (INV_IS_DATABASE (self), NULL);
  g_return_val_if_fail (query != NULL && inv_invitation_query_has_leading_walk (query), NULL);
  g_return_val_if_fail (max_ids > 0 && max_rows > 0, NULL);
  g_return_val_if_fail (complete != NULL, NULL);

  _inv_invitation_query_append_leading_sql (query, sql, max_rows);

  stmt = inv_database_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;

  _inv_invitation_query_bind (query, stmt);

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), max_ids);
  while (ids->len < max_ids && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      n_rows++;
      if (sqlite3_column_int (stmt, 1))
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, id);
        }
    }

  if (ids->len < max_ids && rc != SQLITE_DONE)
    {
      inv_database_set_error (self, error, _("Reading the invitations"));
      sqlite3_reset (stmt);
      return NULL;
    }

  /* Done before the limit: every row of the filter was seen. */
  *complete = ids->len < max_ids && n_rows < max_rows;
  sqlite3_reset (stmt);

  return g_steal_pointer (&ids);
}

/**
 * inv_database_load_invitation:
 *
 * Returns: (transfer full): the invitation with @id, or %NULL with @error set
 *   (%INV_DATABASE_ERROR_NOT_FOUND when there is none)
 */
InvInvitation *
inv_database_load_invitation (InvDatabase  *self,
                              gint64        id,
                              GError      **error)
{
  sqlite3_stmt *stmt;
  InvInvitation *invitation = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (self), NULL);

  stmt = inv_database_prepare (self,
                               "SELECT " INV_INVITATION_COLUMNS ", " INV_INVITATION_CANCELLED_AT_COLUMN
                               " FROM " INV_INVITATION_FROM " WHERE i.id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (inv_database_step_row (self, stmt, _("Reading an invitation"), error,
                             _("There is no invitation %lld"), (long long)id))
    invitation = _inv_invitation_new_from_row (stmt);
  sqlite3_reset (stmt);

  return invitation;
}

/**
 * inv_database_foreach_invitation:
 * @func: (scope call): called for each matching row, in order
 *
 * Streams the matching rows without making an object of each: exports of a million
 * rows stay as fast as SQLite itself.
 */
gboolean
inv_database_foreach_invitation (InvDatabase               *self,
                                 const InvInvitationQuery  *query,
                                 InvInvitationRowFunc       func,
                                 gpointer                   user_data,
                                 GError                   **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " INV_INVITATION_COLUMNS);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (INV_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  _inv_invitation_query_append_from (query, sql, TRUE);
  _inv_invitation_query_append_sql (query, sql, TRUE);

  stmt = inv_database_prepare (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  _inv_invitation_query_bind (query, stmt);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!func (stmt, user_data))
        {
          rc = SQLITE_DONE;
          break;
        }
    }

  if (rc != SQLITE_DONE)
    {
      inv_database_set_error (self, error, _("Reading the invitations"));
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);

  return TRUE;
}

/**
 * inv_database_has_invitations:
 * @has_invitations: (out): whether the database holds any invitation at all
 *
 * Reads one row at the most, however large the table.
 *
 * Returns: %FALSE with @error set when the database could not be read
 */
gboolean
inv_database_has_invitations (InvDatabase  *self,
                              gboolean     *has_invitations,
                              GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (INV_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (has_invitations != NULL, FALSE);

  stmt = inv_database_prepare (self, "SELECT 1 FROM invitations LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      inv_database_set_error (self, error, "checking for invitations");
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  *has_invitations = rc == SQLITE_ROW;

  return TRUE;
}

/**
 * inv_database_count_by_status:
 * @query: the filter; its status and order are ignored, so the counts show what each
 *   status filter would give
 * @counts: (out caller-allocates): the number of matching rows per status
 */
gboolean
inv_database_count_by_status (InvDatabase               *self,
                              const InvInvitationQuery  *query,
                              guint                      counts[INV_N_STATUSES],
                              GError                   **error)
{
  g_autoptr(InvInvitationQuery) all_statuses = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT i.status, count(*)");
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (INV_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  all_statuses = inv_invitation_query_copy (query);
  inv_invitation_query_set_status (all_statuses, NULL);
  all_statuses->sort_column = INV_SORT_SENT;
  _inv_invitation_query_append_from (all_statuses, sql, FALSE);
  _inv_invitation_query_append_sql (all_statuses, sql, FALSE);
  g_string_append (sql, " GROUP BY i.status");

  stmt = inv_database_prepare (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  _inv_invitation_query_bind (all_statuses, stmt);

  for (guint i = 0; i < INV_N_STATUSES; i++)
    counts[i] = 0;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      InvStatus status = inv_status_from_string ((const char *)sqlite3_column_text (stmt, 0));
      counts[status] += (guint)sqlite3_column_int64 (stmt, 1);
    }

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      inv_database_set_error (self, error, _("Counting the invitations"));
      return FALSE;
    }

  return TRUE;
}

/**
 * inv_database_template_exists:
 * @name_or_id: a template's name (any case) or its local id
 * @template_id: (out) (optional): its local id
 *
 * Returns: %TRUE if such a template exists
 */
gboolean
inv_database_template_exists (InvDatabase *self,
                              const char  *name_or_id,
                              gint64      *template_id)
{
  sqlite3_stmt *stmt;
  gboolean found;
  gint64 as_number = 0;
  char *end = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (name_or_id != NULL, FALSE);

  as_number = g_ascii_strtoll (name_or_id, &end, 10);
  if (end == name_or_id || *end != '\0')
    as_number = -1;

  stmt = inv_database_prepare (self,
                               "SELECT id FROM templates WHERE name = ?1 COLLATE NOCASE OR id = ?2 "
                               "ORDER BY name = ?1 COLLATE NOCASE DESC LIMIT 1",
                               NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, name_or_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, as_number);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found && template_id != NULL)
    *template_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return found;
}

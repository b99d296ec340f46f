/* inv-database-templates.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-database"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-database-templates.h"

/* The columns template_from_row() reads, in order. The pending count runs on the
 * invitations_by_template index (template_id, status, …), so it costs the number of
 * pending rows of that template, never a scan of the whole table. */
#define TEMPLATE_COLUMNS \
  "t.id, t.remote_id, t.name, t.interview_type, t.active, t.validity_days," \
  " t.duration_minutes, t.cancel_message, t.is_sample," \
  " (SELECT count(*) FROM invitations i WHERE i.template_id = t.id AND i.status = 'pending')"

typedef struct
{
  GPtrArray *names;   /* char*, NULL-terminated when stolen */
  GPtrArray *emails;
} Interviewers;

static void
interviewers_free (gpointer data)
{
  Interviewers *interviewers = data;

  g_ptr_array_unref (interviewers->names);
  g_ptr_array_unref (interviewers->emails);
  g_free (interviewers);
}

static Interviewers *
interviewers_new (void)
{
  Interviewers *interviewers = g_new0 (Interviewers, 1);

  interviewers->names = g_ptr_array_new_with_free_func (g_free);
  interviewers->emails = g_ptr_array_new_with_free_func (g_free);

  return interviewers;
}

static InvTemplate *
template_from_row (sqlite3_stmt *stmt,
                   Interviewers *interviewers)
{
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) emails = NULL;

  if (interviewers != NULL)
    {
      g_ptr_array_add (interviewers->names, NULL);
      g_ptr_array_add (interviewers->emails, NULL);
      names = g_strdupv ((char **)interviewers->names->pdata);
      emails = g_strdupv ((char **)interviewers->emails->pdata);
      g_ptr_array_remove_index (interviewers->names, interviewers->names->len - 1);
      g_ptr_array_remove_index (interviewers->emails, interviewers->emails->len - 1);
    }

  return g_object_new (INV_TYPE_TEMPLATE,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "remote-id", sqlite3_column_int64 (stmt, 1),
                       "name", (const char *)sqlite3_column_text (stmt, 2),
                       "interview-type", (const char *)sqlite3_column_text (stmt, 3),
                       "active", sqlite3_column_int (stmt, 4) != 0,
                       "validity-days", (guint)MAX (0, sqlite3_column_int (stmt, 5)),
                       "duration-minutes", (guint)MAX (0, sqlite3_column_int (stmt, 6)),
                       "cancel-message", (const char *)sqlite3_column_text (stmt, 7),
                       "is-sample", sqlite3_column_int (stmt, 8) != 0,
                       "interviewers", names,
                       "interviewer-emails", emails,
                       "n-pending", (guint)sqlite3_column_int64 (stmt, 9),
                       NULL);
}

/* Reads the interviewers of one template (@template_id > 0) or of all of them (0),
 * keyed by template id. */
static GHashTable *
read_interviewers (InvDatabase  *self,
                   gint64        template_id,
                   GError      **error)
{
  g_autoptr(GHashTable) by_template = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = inv_database_prepare (self,
                               "SELECT template_id, name, email FROM interviewers"
                               " WHERE ?1 = 0 OR template_id = ?1 ORDER BY template_id, id",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, template_id);

  by_template = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, interviewers_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      Interviewers *interviewers = g_hash_table_lookup (by_template, &id);

      if (interviewers == NULL)
        {
          interviewers = interviewers_new ();
          g_hash_table_insert (by_template, g_memdup2 (&id, sizeof id), interviewers);
        }

      g_ptr_array_add (interviewers->names, g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
      g_ptr_array_add (interviewers->emails, g_strdup ((const char *)sqlite3_column_text (stmt, 2)));
    }

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      inv_database_set_error (self, error, _("Reading the interviewers"));
      return NULL;
    }

  return g_steal_pointer (&by_template);
}

/**
 * inv_database_list_templates:
 * @self: a #InvDatabase
 * @error: return location for a #GError
 *
 * Reads every interview template with its interviewers and the number of its pending
 * invitations: active ones first, then closed ones, each by name.
 *
 * Returns: (transfer full): a #GListModel of #InvTemplate, or %NULL with @error set
 */
GListModel *
inv_database_list_templates (InvDatabase  *self,
                             GError      **error)
{
  g_autoptr(GHashTable) interviewers = NULL;
  g_autoptr(GListStore) store = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (INV_IS_DATABASE (self), NULL);

  interviewers = read_interviewers (self, 0, error);
  if (interviewers == NULL)
    return NULL;

  stmt = inv_database_prepare (self,
                               "SELECT " TEMPLATE_COLUMNS " FROM templates t"
                               " ORDER BY t.active DESC, t.name_key, t.id",
                               error);
  if (stmt == NULL)
    return NULL;

  store = g_list_store_new (INV_TYPE_TEMPLATE);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autoptr(InvTemplate) template = template_from_row (stmt, g_hash_table_lookup (interviewers, &id));

      g_list_store_append (store, template);
    }

  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      inv_database_set_error (self, error, _("Reading the interview templates"));
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * inv_database_load_template:
 *
 * Returns: (transfer full): the template with @id, or %NULL with @error set
 *   (%INV_DATABASE_ERROR_NOT_FOUND when there is none)
 */
InvTemplate *
inv_database_load_template (InvDatabase  *self,
                            gint64        id,
                            GError      **error)
{
  g_autoptr(GHashTable) interviewers = NULL;
  InvTemplate *template = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (self), NULL);

  if (id <= 0)
    {
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND,
                   _("There is no interview template %lld"), (long long)id);
      return NULL;
    }

  interviewers = read_interviewers (self, id, error);
  if (interviewers == NULL)
    return NULL;

  stmt = inv_database_prepare (self,
                               "SELECT " TEMPLATE_COLUMNS " FROM templates t WHERE t.id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (inv_database_step_row (self, stmt, _("Reading an interview template"), error,
                             _("There is no interview template %lld"), (long long)id))
    template = template_from_row (stmt, g_hash_table_lookup (interviewers, &id));
  sqlite3_reset (stmt);

  return template;
}

/**
 * inv_database_rename_template:
 * @name: the new name; surrounding white space is dropped, and it must not be empty
 *
 * Gives a template a new name. Invitations refer to templates by id, so they show the
 * new name at once.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%INV_DATABASE_ERROR_INVALID for
 *   an empty name, %INV_DATABASE_ERROR_NOT_FOUND for an unknown id)
 */
gboolean
inv_database_rename_template (InvDatabase  *self,
                              gint64        id,
                              const char   *name,
                              GError      **error)
{
  g_autofree char *stripped = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (INV_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID,
                   _("A template name must be valid text"));
      return FALSE;
    }

  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0')
    {
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_INVALID,
                   _("A template needs a name"));
      return FALSE;
    }

  stmt = inv_database_prepare (self, "UPDATE templates SET name = ?2, name_key = inv_name_key (?2) WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, stripped, -1, SQLITE_STATIC);

  if (!inv_database_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (inv_database_get_handle (self)) == 0)
    {
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND,
                   _("There is no interview template %lld"), (long long)id);
      return FALSE;
    }

  return TRUE;
}

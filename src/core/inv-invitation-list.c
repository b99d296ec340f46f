/* inv-invitation-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invitation-list"

#include "config.h"

#include <string.h>

#include "inv-database-invitations.h"
#include "inv-invitation-list.h"
#include "inv-status.h"

struct _InvInvitationList
{
  InvIdList           parent_instance;

  InvInvitationQuery *query;     /* owned */
  gboolean            partial;   /* the ids are only the first rows of query */
};

G_DEFINE_FINAL_TYPE (InvInvitationList, inv_invitation_list, INV_TYPE_ID_LIST)

static gpointer
inv_invitation_list_load_item (InvIdList  *list,
                               gint64      id,
                               GError    **error)
{
  return inv_database_load_invitation (inv_id_list_get_database (list), id, error);
}

static gpointer
inv_invitation_list_make_missing_row (InvIdList *list,
                                      gint64     id)
{
  return _inv_invitation_new_missing (id);
}

/* The query's filter as a value, for "select all matching": its order is left out. */
static GVariant *
filter_from_query (const InvInvitationQuery *query)
{
  return g_variant_new ("(msxmsms)", query->status, query->template_id,
                        query->template_name, query->search);
}

static InvInvitationQuery *
query_from_filter (GVariant *filter)
{
  InvInvitationQuery *query = inv_invitation_query_new ();

  g_variant_get (filter, "(msxmsms)", &query->status, &query->template_id,
                 &query->template_name, &query->search);

  return query;
}

/* Every change of query goes through here, so that the filter follows it. */
static void
take_query (InvInvitationList  *self,
            InvInvitationQuery *query)
{
  g_clear_pointer (&self->query, inv_invitation_query_free);
  self->query = query;
  _inv_id_list_set_filter (INV_ID_LIST (self), filter_from_query (query));
}

static GArray *
inv_invitation_list_query_ids (InvIdList  *list,
                               GVariant   *filter,
                               GError    **error)
{
  g_autoptr(InvInvitationQuery) query = query_from_filter (filter);

  return inv_database_query_invitation_ids (inv_id_list_get_database (list), query, error);
}

static gboolean
inv_invitation_list_count_ids (InvIdList  *list,
                               GVariant   *filter,
                               guint      *n_ids,
                               GError    **error)
{
  g_autoptr(InvInvitationQuery) query = query_from_filter (filter);
  guint counts[INV_N_STATUSES];

  /* A count is cheaper than reading every id, and usually all that is needed. */
  if (!inv_database_count_by_status (inv_id_list_get_database (list), query, counts, error))
    return FALSE;

  if (query->status != NULL)
    {
      *n_ids = counts[inv_status_from_string (query->status)];
      return TRUE;
    }

  *n_ids = 0;
  for (guint i = 0; i < INV_N_STATUSES; i++)
    *n_ids += counts[i];

  return TRUE;
}

static gboolean
inv_invitation_list_real_is_partial (InvIdList *list)
{
  return INV_INVITATION_LIST (list)->partial;
}

static void
inv_invitation_list_finalize (GObject *object)
{
  InvInvitationList *self = (InvInvitationList *)object;

  g_clear_pointer (&self->query, inv_invitation_query_free);

  G_OBJECT_CLASS (inv_invitation_list_parent_class)->finalize (object);
}

static void
inv_invitation_list_class_init (InvInvitationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  InvIdListClass *id_list_class = INV_ID_LIST_CLASS (klass);

  object_class->finalize = inv_invitation_list_finalize;

  id_list_class->item_type = INV_TYPE_INVITATION;
  id_list_class->item_kind = INV_CHANGE_INVITATIONS;
  id_list_class->load_item = inv_invitation_list_load_item;
  id_list_class->make_missing_row = inv_invitation_list_make_missing_row;
  id_list_class->query_ids = inv_invitation_list_query_ids;
  id_list_class->count_ids = inv_invitation_list_count_ids;
  id_list_class->is_partial = inv_invitation_list_real_is_partial;
}

static void
inv_invitation_list_init (InvInvitationList *self)
{
}

/**
 * inv_invitation_list_new:
 * @database: the database to read
 * @query: (nullable): the rows to show; %NULL for all, newest first
 *
 * Creates the list and reads the matching ids once. A read error leaves it empty
 * (and is logged); call inv_invitation_list_reload() to see the error.
 *
 * Returns: (transfer full): a new #InvInvitationList
 */
InvInvitationList *
inv_invitation_list_new (InvDatabase              *database,
                         const InvInvitationQuery *query)
{
  InvInvitationList *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);

  self = g_object_new (INV_TYPE_INVITATION_LIST, "database", database, NULL);
  take_query (self, query != NULL ? inv_invitation_query_copy (query) : inv_invitation_query_new ());

  if (!inv_invitation_list_reload (self, &error))
    g_warning ("Could not read the invitations: %s", error->message);

  return self;
}

static void replace_ids (InvInvitationList        *self,
                         const InvInvitationQuery *query,
                         GArray                   *ids,
                         gboolean                  partial);

/**
 * inv_invitation_list_new_first_rows:
 * @database: the database to read
 * @query: (nullable): the rows to show; %NULL for all, newest first
 * @max_ids: how many first rows to find
 * @max_rows: how many invitations to walk for them at most
 *
 * Creates the list with only the first rows of @query, when a walk of its order's
 * index finds them (see inv_database_query_leading_invitation_ids()): a millisecond,
 * where the ids of a million rows take a fifth of a second. Then
 * inv_invitation_list_is_partial() is %TRUE and the caller reads the rest, off the
 * main thread, for inv_invitation_list_complete(). Otherwise (no such walk, a filter
 * too rare for it, a read error) this reads every id, as inv_invitation_list_new().
 *
 * Returns: (transfer full): a new #InvInvitationList
 */
InvInvitationList *
inv_invitation_list_new_first_rows (InvDatabase              *database,
                                    const InvInvitationQuery *query,
                                    guint                     max_ids,
                                    guint                     max_rows)
{
  g_autoptr(InvInvitationQuery) own_query = query != NULL ? inv_invitation_query_copy (query)
                                                          : inv_invitation_query_new ();
  g_autoptr(InvInvitationList) self = NULL;
  g_autoptr(GArray) ids = NULL;
  gboolean complete = FALSE;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);

  if (inv_invitation_query_has_leading_walk (own_query))
    ids = inv_database_query_leading_invitation_ids (database, own_query, max_ids, max_rows,
                                                     &complete, NULL);
  if (ids == NULL || (!complete && ids->len < max_ids))
    return inv_invitation_list_new (database, own_query);

  self = g_object_new (INV_TYPE_INVITATION_LIST, "database", database, NULL);
  take_query (self, g_steal_pointer (&own_query));
  replace_ids (self, self->query, ids, !complete);

  return g_steal_pointer (&self);
}

const InvInvitationQuery *
inv_invitation_list_get_query (InvInvitationList *self)
{
  g_return_val_if_fail (INV_IS_INVITATION_LIST (self), NULL);

  return self->query;
}

/**
 * inv_invitation_list_set_query:
 *
 * Shows the rows of @query instead; reads the ids again when it differs.
 */
void
inv_invitation_list_set_query (InvInvitationList        *self,
                               const InvInvitationQuery *query)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (INV_IS_INVITATION_LIST (self));
  g_return_if_fail (query != NULL);

  if (inv_invitation_query_equal (self->query, query))
    return;

  take_query (self, inv_invitation_query_copy (query));

  if (!inv_invitation_list_reload (self, &error))
    g_warning ("Could not read the invitations: %s", error->message);
}

/**
 * inv_invitation_list_reload:
 *
 * Reads the ids of the matching rows again and forgets the cached rows, so the list
 * shows the database as it is now (after a change made here or by a sync).
 *
 * Returns: %TRUE on success; on error the list keeps what it showed
 */
gboolean
inv_invitation_list_reload (InvInvitationList  *self,
                            GError            **error)
{
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (INV_IS_INVITATION_LIST (self), FALSE);

  ids = inv_database_query_invitation_ids (inv_id_list_get_database (INV_ID_LIST (self)),
                                           self->query, error);
  if (ids == NULL)
    return FALSE;

  self->partial = FALSE;
  inv_id_list_set_ids (INV_ID_LIST (self), ids);

  return TRUE;
}

static void
replace_ids (InvInvitationList        *self,
             const InvInvitationQuery *query,
             GArray                   *ids,
             gboolean                  partial)
{
  if (self->query != query)
    take_query (self, inv_invitation_query_copy (query));

  self->partial = partial;
  inv_id_list_set_ids (INV_ID_LIST (self), ids);
}

/**
 * inv_invitation_list_replace:
 * @query: the query @ids are the result of
 * @ids: (transfer none) (element-type gint64): the matching ids in list order, read
 *   elsewhere (a worker thread with its own connection)
 *
 * Shows @ids as the rows of @query, without reading them again here: the way to
 * change the query without running the id query on this thread.
 */
void
inv_invitation_list_replace (InvInvitationList        *self,
                             const InvInvitationQuery *query,
                             GArray                   *ids)
{
  g_return_if_fail (INV_IS_INVITATION_LIST (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (ids != NULL);

  replace_ids (self, query, ids, FALSE);
}

/**
 * inv_invitation_list_replace_partial:
 * @query: the query @ids are the first rows of
 * @ids: (transfer none) (element-type gint64): the first matching ids, in list order
 *
 * Shows the first rows of @query while the rest are read: the list is partial until
 * inv_invitation_list_complete() hands it all of them. A partial list is not the
 * number of matching rows; selections and counts wait for the whole.
 */
void
inv_invitation_list_replace_partial (InvInvitationList        *self,
                                     const InvInvitationQuery *query,
                                     GArray                   *ids)
{
  g_return_if_fail (INV_IS_INVITATION_LIST (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (ids != NULL);

  replace_ids (self, query, ids, TRUE);
}

/**
 * inv_invitation_list_complete:
 * @ids: (transfer none) (element-type gint64): every matching id of the list's query
 *
 * Ends a partial list. When the rows shown first are still the first of @ids (the
 * usual case: nothing was written in between), the others are added after them and
 * the rows on screen stay as they are; otherwise the list is replaced.
 */
void
inv_invitation_list_complete (InvInvitationList *self,
                              GArray            *ids)
{
  const gint64 *shown;
  guint n_shown;

  g_return_if_fail (INV_IS_INVITATION_LIST (self));
  g_return_if_fail (ids != NULL);

  shown = inv_id_list_peek_ids (INV_ID_LIST (self), &n_shown);
  if (!self->partial || ids->len < n_shown ||
      memcmp (ids->data, shown, n_shown * sizeof (gint64)) != 0)
    {
      replace_ids (self, self->query, ids, FALSE);
      return;
    }

  self->partial = FALSE;
  inv_id_list_append_ids (INV_ID_LIST (self), &g_array_index (ids, gint64, n_shown),
                          ids->len - n_shown);
}

/**
 * inv_invitation_list_update:
 * @ids: (transfer none) (element-type gint64): every matching id of the list's query,
 *   read again after a change
 *
 * Shows the query's rows as they are after a change, in place: see
 * inv_id_list_update_ids(). A partial list is completed this way too.
 */
void
inv_invitation_list_update (InvInvitationList *self,
                            GArray            *ids)
{
  g_return_if_fail (INV_IS_INVITATION_LIST (self));
  g_return_if_fail (ids != NULL);

  self->partial = FALSE;
  inv_id_list_update_ids (INV_ID_LIST (self), ids);
}

/**
 * inv_invitation_list_is_partial:
 *
 * Returns: %TRUE while the list shows only the first rows of its query
 */
gboolean
inv_invitation_list_is_partial (InvInvitationList *self)
{
  g_return_val_if_fail (INV_IS_INVITATION_LIST (self), FALSE);

  return self->partial;
}

/**
 * inv_invitation_list_get_id:
 *
 * Returns: the id of the invitation at @position, without reading the row, or 0
 */
gint64
inv_invitation_list_get_id (InvInvitationList *self,
                            guint              position)
{
  return inv_id_list_get_id (INV_ID_LIST (self), position);
}

/**
 * inv_invitation_list_find:
 * @position: (out) (optional): where the invitation is
 *
 * Returns: %TRUE if the invitation with @id is in the list
 */
gboolean
inv_invitation_list_find (InvInvitationList *self,
                          gint64             id,
                          guint             *position)
{
  return inv_id_list_find (INV_ID_LIST (self), id, position);
}

/**
 * inv_invitation_list_peek_ids:
 * @n_ids: (out): the number of ids
 *
 * Returns: (transfer none) (array length=n_ids): the ids in list order; valid until
 *   the list changes
 */
const gint64 *
inv_invitation_list_peek_ids (InvInvitationList *self,
                              guint             *n_ids)
{
  return inv_id_list_peek_ids (INV_ID_LIST (self), n_ids);
}

/**
 * inv_invitation_list_get_cache_size:
 *
 * Returns: how many row objects the list holds now (never more than a few hundred)
 */
guint
inv_invitation_list_get_cache_size (InvInvitationList *self)
{
  return inv_id_list_get_cache_size (INV_ID_LIST (self));
}

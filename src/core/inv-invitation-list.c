/* inv-invitation-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invitation-list"

#include "config.h"

#include <string.h>

#include "inv-database-invitations.h"
#include "inv-invitation-list.h"

/* Enough rows for a few screens of a tall window, scrolled back and forth. */
#define CACHE_CAPACITY 512

struct _InvInvitationList
{
  GObject             parent_instance;

  InvDatabase        *database;  /* owned */
  InvInvitationQuery *query;     /* owned */
  GArray             *ids;       /* gint64, in list order */
  GHashTable         *cache;     /* id → InvInvitation, owned */
  GQueue              cache_order; /* ids as GINT64 pointers, oldest first */
  gboolean            partial;   /* ids holds only the first rows of query */
};

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (InvInvitationList, inv_invitation_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties[N_PROPS];

static void
clear_cache (InvInvitationList *self)
{
  g_hash_table_remove_all (self->cache);
  g_queue_clear_full (&self->cache_order, g_free);
}

static GType
inv_invitation_list_get_item_type (GListModel *model)
{
  return INV_TYPE_INVITATION;
}

static guint
inv_invitation_list_get_n_items (GListModel *model)
{
  InvInvitationList *self = INV_INVITATION_LIST (model);

  return self->ids->len;
}

static gpointer
inv_invitation_list_get_item (GListModel *model,
                              guint       position)
{
  InvInvitationList *self = INV_INVITATION_LIST (model);
  g_autoptr(GError) error = NULL;
  InvInvitation *invitation;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);

  invitation = g_hash_table_lookup (self->cache, &id);
  if (invitation != NULL)
    return g_object_ref (invitation);

  invitation = inv_database_load_invitation (self->database, id, &error);
  if (invitation == NULL)
    {
      /* The row went away since the ids were read (another process deleted it); the
       * next reload drops it. GListModel cannot fail, so say so and show nothing. */
      g_debug ("Invitation %" G_GINT64_FORMAT " could not be read: %s", id, error->message);
      return NULL;
    }

  if (g_queue_get_length (&self->cache_order) >= CACHE_CAPACITY)
    {
      gint64 *oldest = g_queue_pop_head (&self->cache_order);

      g_hash_table_remove (self->cache, oldest);
      g_free (oldest);
    }

  g_hash_table_insert (self->cache, g_memdup2 (&id, sizeof id), g_object_ref (invitation));
  g_queue_push_tail (&self->cache_order, g_memdup2 (&id, sizeof id));

  return invitation;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = inv_invitation_list_get_item_type;
  iface->get_n_items = inv_invitation_list_get_n_items;
  iface->get_item = inv_invitation_list_get_item;
}

static void
inv_invitation_list_finalize (GObject *object)
{
  InvInvitationList *self = (InvInvitationList *)object;

  clear_cache (self);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->query, inv_invitation_query_free);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (inv_invitation_list_parent_class)->finalize (object);
}

static void
inv_invitation_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  InvInvitationList *self = INV_INVITATION_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invitation_list_class_init (InvInvitationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inv_invitation_list_finalize;
  object_class->get_property = inv_invitation_list_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inv_invitation_list_init (InvInvitationList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_queue_init (&self->cache_order);
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

  self = g_object_new (INV_TYPE_INVITATION_LIST, NULL);
  self->database = g_object_ref (database);
  self->query = query != NULL ? inv_invitation_query_copy (query) : inv_invitation_query_new ();

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

  self = g_object_new (INV_TYPE_INVITATION_LIST, NULL);
  self->database = g_object_ref (database);
  self->query = g_steal_pointer (&own_query);
  replace_ids (self, self->query, ids, !complete);

  return g_steal_pointer (&self);
}

InvDatabase *
inv_invitation_list_get_database (InvInvitationList *self)
{
  g_return_val_if_fail (INV_IS_INVITATION_LIST (self), NULL);

  return self->database;
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

  g_clear_pointer (&self->query, inv_invitation_query_free);
  self->query = inv_invitation_query_copy (query);

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
  guint old_n_items;

  g_return_val_if_fail (INV_IS_INVITATION_LIST (self), FALSE);

  ids = inv_database_query_invitation_ids (self->database, self->query, error);
  if (ids == NULL)
    return FALSE;

  old_n_items = self->ids->len;
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  self->partial = FALSE;
  clear_cache (self);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->ids->len);
  if (old_n_items != self->ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  return TRUE;
}

static void
replace_ids (InvInvitationList        *self,
             const InvInvitationQuery *query,
             GArray                   *ids,
             gboolean                  partial)
{
  guint old_n_items;

  if (self->query != query)
    {
      g_clear_pointer (&self->query, inv_invitation_query_free);
      self->query = inv_invitation_query_copy (query);
    }

  old_n_items = self->ids->len;
  g_array_unref (self->ids);
  self->ids = g_array_ref (ids);
  self->partial = partial;
  clear_cache (self);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->ids->len);
  if (old_n_items != self->ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
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
  guint old_n_items;

  g_return_if_fail (INV_IS_INVITATION_LIST (self));
  g_return_if_fail (ids != NULL);

  old_n_items = self->ids->len;
  if (!self->partial || ids->len < old_n_items ||
      memcmp (ids->data, self->ids->data, old_n_items * sizeof (gint64)) != 0)
    {
      replace_ids (self, self->query, ids, FALSE);
      return;
    }

  g_array_unref (self->ids);
  self->ids = g_array_ref (ids);
  self->partial = FALSE;

  if (ids->len > old_n_items)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), old_n_items, 0, ids->len - old_n_items);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
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
  g_return_val_if_fail (INV_IS_INVITATION_LIST (self), 0);

  if (position >= self->ids->len)
    return 0;

  return g_array_index (self->ids, gint64, position);
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
  const gint64 *ids;

  g_return_val_if_fail (INV_IS_INVITATION_LIST (self), FALSE);

  ids = (const gint64 *)(gpointer)self->ids->data;
  for (guint i = 0; i < self->ids->len; i++)
    {
      if (ids[i] == id)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * inv_invitation_list_peek_ids:
 * @n_ids: (out): the number of ids
 *
 * Returns: (transfer none) (array length=n_ids): the ids in list order; valid until
 *   the next reload
 */
const gint64 *
inv_invitation_list_peek_ids (InvInvitationList *self,
                              guint             *n_ids)
{
  g_return_val_if_fail (INV_IS_INVITATION_LIST (self), NULL);
  g_return_val_if_fail (n_ids != NULL, NULL);

  *n_ids = self->ids->len;

  return (const gint64 *)(gpointer)self->ids->data;
}

/**
 * inv_invitation_list_get_cache_size:
 *
 * Returns: how many row objects the list holds now (never more than a few hundred)
 */
guint
inv_invitation_list_get_cache_size (InvInvitationList *self)
{
  g_return_val_if_fail (INV_IS_INVITATION_LIST (self), 0);

  return g_hash_table_size (self->cache);
}

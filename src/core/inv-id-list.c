/* inv-id-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-id-list"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "inv-id-list.h"

/* Enough rows for a few screens of a tall window, scrolled back and forth. */
#define CACHE_CAPACITY 512

/* One cached row. The link sits in the recency queue, least recently used first. */
typedef struct
{
  GList     link;
  gint64    id;
  GObject  *item;      /* owned */
  guint     position;  /* where the row was when it was read: a hint, checked on use */
} CacheEntry;

typedef struct
{
  InvDatabase *database;  /* owned */
  GVariant    *filter;    /* owned: which rows the ids are, see _inv_id_list_set_filter() */
  GArray      *ids;       /* gint64, in list order */
  GHashTable  *cache;     /* &entry->id → CacheEntry, owned */
  GQueue       recency;   /* CacheEntry links, least recently used at the head */
} InvIdListPrivate;

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_N_ITEMS,
  N_PROPS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (InvIdList, inv_id_list, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (InvIdList)
                                  G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties[N_PROPS];

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_clear_object (&entry->item);
  g_free (entry);
}

static void
cache_remove (InvIdList  *self,
              CacheEntry *entry)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);

  g_queue_unlink (&priv->recency, &entry->link);
  g_hash_table_remove (priv->cache, &entry->id);
}

static void
cache_clear (InvIdList *self)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);

  /* The entries' links live inside them: empty the queue before freeing them. */
  priv->recency.head = priv->recency.tail = NULL;
  priv->recency.length = 0;
  g_hash_table_remove_all (priv->cache);
}

static GType
inv_id_list_get_item_type (GListModel *model)
{
  return INV_ID_LIST_GET_CLASS (model)->item_type;
}

static guint
inv_id_list_get_n_items (GListModel *model)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (INV_ID_LIST (model));

  return priv->ids->len;
}

static gpointer
inv_id_list_get_item (GListModel *model,
                      guint       position)
{
  InvIdList *self = INV_ID_LIST (model);
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  CacheEntry *entry;
  GObject *item;
  gint64 id;

  if (position >= priv->ids->len)
    return NULL;

  id = g_array_index (priv->ids, gint64, position);

  entry = g_hash_table_lookup (priv->cache, &id);
  if (entry != NULL)
    {
      g_queue_unlink (&priv->recency, &entry->link);
      g_queue_push_tail_link (&priv->recency, &entry->link);
      entry->position = position;
      return g_object_ref (entry->item);
    }

  item = INV_ID_LIST_GET_CLASS (self)->load_item (self, id, &error);
  if (item == NULL)
    {
      /* The row went away since the ids were read (another process deleted it); the
       * change that did it brings the update that drops it. */
      g_debug ("Row %" G_GINT64_FORMAT " could not be read: %s", id, error->message);
      g_assert (INV_ID_LIST_GET_CLASS (self)->make_missing_row != NULL);
      item = INV_ID_LIST_GET_CLASS (self)->make_missing_row (self, id);
    }

  if (priv->recency.length >= CACHE_CAPACITY)
    cache_remove (self, priv->recency.head->data);

  entry = g_new0 (CacheEntry, 1);
  entry->link.data = entry;
  entry->id = id;
  entry->item = g_object_ref (item);
  entry->position = position;
  g_hash_table_insert (priv->cache, &entry->id, entry);
  g_queue_push_tail_link (&priv->recency, &entry->link);

  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = inv_id_list_get_item_type;
  iface->get_n_items = inv_id_list_get_n_items;
  iface->get_item = inv_id_list_get_item;
}

static GArray *
inv_id_list_real_query_ids (InvIdList  *self,
                            GVariant   *filter,
                            GError    **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               "%s cannot read the rows of a filter", G_OBJECT_TYPE_NAME (self));
  return NULL;
}

static gboolean
inv_id_list_real_count_ids (InvIdList  *self,
                            GVariant   *filter,
                            guint      *n_ids,
                            GError    **error)
{
  g_autoptr(GArray) ids = INV_ID_LIST_GET_CLASS (self)->query_ids (self, filter, error);

  if (ids == NULL)
    return FALSE;

  *n_ids = ids->len;

  return TRUE;
}

static gboolean
inv_id_list_real_is_partial (InvIdList *self)
{
  return FALSE;
}

static void
inv_id_list_finalize (GObject *object)
{
  InvIdList *self = (InvIdList *)object;
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);

  cache_clear (self);
  g_clear_pointer (&priv->cache, g_hash_table_unref);
  g_clear_pointer (&priv->ids, g_array_unref);
  g_clear_pointer (&priv->filter, g_variant_unref);
  g_clear_object (&priv->database);

  G_OBJECT_CLASS (inv_id_list_parent_class)->finalize (object);
}

static void
inv_id_list_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  InvIdList *self = INV_ID_LIST (object);
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, priv->database);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, priv->ids->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_id_list_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  InvIdList *self = INV_ID_LIST (object);
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_DATABASE:
      priv->database = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_id_list_class_init (InvIdListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inv_id_list_finalize;
  object_class->get_property = inv_id_list_get_property;
  object_class->set_property = inv_id_list_set_property;

  klass->query_ids = inv_id_list_real_query_ids;
  klass->count_ids = inv_id_list_real_count_ids;
  klass->is_partial = inv_id_list_real_is_partial;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL,
                         INV_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inv_id_list_init (InvIdList *self)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);

  /* A list that never says otherwise shows every row of one unfiltered query. */
  priv->filter = g_variant_ref_sink (g_variant_new ("()"));
  priv->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  priv->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, cache_entry_free);
  g_queue_init (&priv->recency);
}

InvDatabase *
inv_id_list_get_database (InvIdList *self)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);

  g_return_val_if_fail (INV_IS_ID_LIST (self), NULL);

  return priv->database;
}

/**
 * inv_id_list_get_id:
 *
 * Returns: the id of the row at @position, or 0 past the end
 */
gint64
inv_id_list_get_id (InvIdList *self,
                    guint      position)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);

  g_return_val_if_fail (INV_IS_ID_LIST (self), 0);

  if (position >= priv->ids->len)
    return 0;

  return g_array_index (priv->ids, gint64, position);
}

/**
 * inv_id_list_peek_ids:
 * @n_ids: (out): the number of ids
 *
 * Returns: (transfer none) (array length=n_ids): the ids in list order, valid until
 *   the list changes
 */
const gint64 *
inv_id_list_peek_ids (InvIdList *self,
                      guint     *n_ids)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);

  g_return_val_if_fail (INV_IS_ID_LIST (self), NULL);
  g_return_val_if_fail (n_ids != NULL, NULL);

  *n_ids = priv->ids->len;

  return (const gint64 *)(gpointer)priv->ids->data;
}

/**
 * inv_id_list_find:
 * @position: (out) (optional): where the row is
 *
 * Looks for a row: where it was last read first, else through the whole list.
 *
 * Returns: %TRUE when @id is in the list
 */
gboolean
inv_id_list_find (InvIdList *self,
                  gint64     id,
                  guint     *position)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);
  const gint64 *ids;
  CacheEntry *entry;

  g_return_val_if_fail (INV_IS_ID_LIST (self), FALSE);

  ids = (const gint64 *)(gpointer)priv->ids->data;

  entry = g_hash_table_lookup (priv->cache, &id);
  if (entry != NULL && entry->position < priv->ids->len && ids[entry->position] == id)
    {
      if (position != NULL)
        *position = entry->position;
      return TRUE;
    }

  for (guint i = 0; i < priv->ids->len; i++)
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
 * inv_id_list_get_cache_size:
 *
 * Returns: how many row objects the list holds now
 */
guint
inv_id_list_get_cache_size (InvIdList *self)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);

  g_return_val_if_fail (INV_IS_ID_LIST (self), 0);

  return priv->recency.length;
}

static void
replace_range (InvIdList *self,
               GArray    *ids,
               guint      position,
               guint      removed,
               guint      added)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);
  guint old_n_items = priv->ids->len;

  g_array_unref (priv->ids);
  priv->ids = g_array_ref (ids);

  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (old_n_items != priv->ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/**
 * inv_id_list_set_ids:
 * @ids: (transfer none) (element-type gint64): the rows of a new query, in order
 *
 * Shows another result: every row is read again.
 */
void
inv_id_list_set_ids (InvIdList *self,
                     GArray    *ids)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);

  g_return_if_fail (INV_IS_ID_LIST (self));
  g_return_if_fail (ids != NULL);

  cache_clear (self);
  replace_range (self, ids, 0, priv->ids->len, ids->len);
}

/**
 * inv_id_list_update_ids:
 * @ids: (transfer none) (element-type gint64): the same query's rows, read again
 *
 * Shows the new result of the same query with one items-changed that spans only
 * what differs: the rows before the first difference and after the last one are
 * untouched, so a view keeps its rows, its scroll position and its selection. Rows
 * still cached keep their objects: call inv_id_list_refresh_changed() for the ones
 * whose contents changed.
 */
void
inv_id_list_update_ids (InvIdList *self,
                        GArray    *ids)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);
  const gint64 *old_ids;
  const gint64 *new_ids;
  guint old_n, new_n;
  guint prefix = 0;
  guint suffix = 0;

  g_return_if_fail (INV_IS_ID_LIST (self));
  g_return_if_fail (ids != NULL);

  old_ids = (const gint64 *)(gpointer)priv->ids->data;
  new_ids = (const gint64 *)(gpointer)ids->data;
  old_n = priv->ids->len;
  new_n = ids->len;

  while (prefix < old_n && prefix < new_n && old_ids[prefix] == new_ids[prefix])
    prefix++;
  while (suffix < old_n - prefix && suffix < new_n - prefix &&
         old_ids[old_n - 1 - suffix] == new_ids[new_n - 1 - suffix])
    suffix++;

  replace_range (self, ids, prefix, old_n - prefix - suffix, new_n - prefix - suffix);
}

/**
 * inv_id_list_append_ids:
 * @ids: (array length=n_ids): rows to add at the end
 */
void
inv_id_list_append_ids (InvIdList    *self,
                        const gint64 *ids,
                        guint         n_ids)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);
  g_autoptr(GArray) all = NULL;
  guint old_n;

  g_return_if_fail (INV_IS_ID_LIST (self));

  if (n_ids == 0)
    return;

  old_n = priv->ids->len;
  all = g_array_sized_new (FALSE, FALSE, sizeof (gint64), old_n + n_ids);
  g_array_append_vals (all, priv->ids->data, old_n);
  g_array_append_vals (all, ids, n_ids);

  replace_range (self, all, old_n, 0, n_ids);
}

/**
 * inv_id_list_remove_at:
 * @position: a row of the list
 *
 * Takes one row out, as a change that made it leave the query does: the rows
 * around it stay where they are on screen.
 */
void
inv_id_list_remove_at (InvIdList *self,
                       guint      position)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);
  GArray *ids;

  g_return_if_fail (INV_IS_ID_LIST (self));
  g_return_if_fail (position < priv->ids->len);

  /* The array may be shared with whoever read it (a worker's result): copy on write. */
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), priv->ids->len - 1);
  g_array_append_vals (ids, priv->ids->data, position);
  g_array_append_vals (ids, &g_array_index (priv->ids, gint64, position + 1),
                       priv->ids->len - position - 1);

  replace_range (self, ids, position, 1, 0);
  g_array_unref (ids);
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint x = *(const guint *)a;
  guint y = *(const guint *)b;

  return (x > y) - (x < y);
}

/**
 * inv_id_list_refresh_changed:
 * @changes: what was committed
 *
 * Forgets the cached rows @changes touched and tells the view that they changed,
 * so the rows on screen show the new state at once, without reading the ids again.
 * Where they are in the list does not change here (see inv_id_list_update_ids()).
 *
 * Returns: how many rows were refreshed
 */
guint
inv_id_list_refresh_changed (InvIdList    *self,
                             InvChangeSet *changes)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);
  InvChangeKind kind;
  g_autoptr(GArray) positions = NULL;
  GList *next;

  g_return_val_if_fail (INV_IS_ID_LIST (self), 0);
  g_return_val_if_fail (changes != NULL, 0);

  kind = INV_ID_LIST_GET_CLASS (self)->item_kind;
  if (!inv_change_set_has (changes, kind))
    return 0;

  positions = g_array_new (FALSE, FALSE, sizeof (guint));

  for (GList *l = priv->recency.head; l != NULL; l = next)
    {
      CacheEntry *entry = l->data;
      guint position;

      next = l->next;

      if (!inv_change_set_contains (changes, kind, entry->id))
        continue;

      if (inv_id_list_find (self, entry->id, &position))
        g_array_append_val (positions, position);

      cache_remove (self, entry);
    }

  /* One signal per run of neighbouring rows: a screenful of cancelled rows is one.
   * (An empty array may have no data at all, which qsort() must not be given.) */
  if (positions->len > 1)
    qsort (positions->data, positions->len, sizeof (guint), compare_positions);
  for (guint i = 0; i < positions->len;)
    {
      guint first = g_array_index (positions, guint, i);
      guint n = 1;

      while (i + n < positions->len && g_array_index (positions, guint, i + n) == first + n)
        n++;

      g_list_model_items_changed (G_LIST_MODEL (self), first, n, n);
      i += n;
    }

  return positions->len;
}

/**
 * inv_id_list_get_filter:
 *
 * Two lists with equal filters hold the same rows, whatever their order.
 *
 * Returns: (transfer none): which rows the list holds
 */
GVariant *
inv_id_list_get_filter (InvIdList *self)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);

  g_return_val_if_fail (INV_IS_ID_LIST (self), NULL);

  return priv->filter;
}

/**
 * inv_id_list_is_partial:
 *
 * Returns: %TRUE while the list holds only the first rows of its filter, so that its
 *   length is not yet the number that matches
 */
gboolean
inv_id_list_is_partial (InvIdList *self)
{
  g_return_val_if_fail (INV_IS_ID_LIST (self), FALSE);

  return INV_ID_LIST_GET_CLASS (self)->is_partial (self);
}

/**
 * inv_id_list_query_ids:
 * @filter: a filter of this kind of list, see inv_id_list_get_filter()
 *
 * Reads which rows match @filter now, with the list's connection.
 *
 * Returns: (transfer full) (element-type gint64): their ids, or %NULL with @error set
 */
GArray *
inv_id_list_query_ids (InvIdList  *self,
                       GVariant   *filter,
                       GError    **error)
{
  g_return_val_if_fail (INV_IS_ID_LIST (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return INV_ID_LIST_GET_CLASS (self)->query_ids (self, filter, error);
}

/**
 * inv_id_list_count_ids:
 * @filter: a filter of this kind of list, see inv_id_list_get_filter()
 * @n_ids: (out): how many rows match
 *
 * Counts the rows that match @filter now, which may be cheaper than reading them.
 *
 * Returns: %TRUE on success
 */
gboolean
inv_id_list_count_ids (InvIdList  *self,
                       GVariant   *filter,
                       guint      *n_ids,
                       GError    **error)
{
  g_return_val_if_fail (INV_IS_ID_LIST (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (n_ids != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return INV_ID_LIST_GET_CLASS (self)->count_ids (self, filter, n_ids, error);
}

/**
 * _inv_id_list_set_filter:
 * @filter: (transfer floating): which rows the list is going to hold
 *
 * For subclasses: call it before setting the ids of another query, so that whoever
 * follows items-changed (a selection) compares against the new filter already.
 */
void
_inv_id_list_set_filter (InvIdList *self,
                         GVariant  *filter)
{
  InvIdListPrivate *priv = inv_id_list_get_instance_private (self);
  g_autoptr(GVariant) owned = NULL;

  g_return_if_fail (INV_IS_ID_LIST (self));
  g_return_if_fail (filter != NULL);

  owned = g_variant_ref_sink (filter);
  if (g_variant_equal (priv->filter, owned))
    return;

  g_variant_unref (priv->filter);
  priv->filter = g_steal_pointer (&owned);
}

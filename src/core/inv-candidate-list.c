/* inv-candidate-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-candidate-list"

#include "config.h"

#include "inv-candidate-list.h"
#include "inv-database-candidates.h"

/* Enough rows for a few screens of a tall window, scrolled back and forth. */
#define CACHE_CAPACITY 512

struct _InvCandidateList
{
  GObject      parent_instance;

  InvDatabase *database;     /* owned */
  char        *search;       /* owned, nullable */
  GArray      *ids;          /* gint64, in list order */
  GHashTable  *cache;        /* id → InvCandidate, owned */
  GQueue       cache_order;  /* ids as gint64 *, oldest first, owned */
};

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_SEARCH,
  N_PROPS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (InvCandidateList, inv_candidate_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties[N_PROPS];

static void
clear_cache (InvCandidateList *self)
{
  g_hash_table_remove_all (self->cache);
  g_queue_clear_full (&self->cache_order, g_free);
}

static GType
inv_candidate_list_get_item_type (GListModel *model)
{
  return INV_TYPE_CANDIDATE;
}

static guint
inv_candidate_list_get_n_items (GListModel *model)
{
  return INV_CANDIDATE_LIST (model)->ids->len;
}

static gpointer
inv_candidate_list_get_item (GListModel *model,
                             guint       position)
{
  InvCandidateList *self = INV_CANDIDATE_LIST (model);
  g_autoptr(GError) error = NULL;
  InvCandidate *candidate;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);

  candidate = g_hash_table_lookup (self->cache, &id);
  if (candidate != NULL)
    return g_object_ref (candidate);

  candidate = inv_database_load_candidate (self->database, id, &error);
  if (candidate == NULL)
    {
      /* Deleted since the ids were read; the next reload drops it. */
      g_debug ("Candidate %" G_GINT64_FORMAT " could not be read: %s", id, error->message);
      return NULL;
    }

  if (g_queue_get_length (&self->cache_order) >= CACHE_CAPACITY)
    {
      gint64 *oldest = g_queue_pop_head (&self->cache_order);

      g_hash_table_remove (self->cache, oldest);
      g_free (oldest);
    }

  g_hash_table_insert (self->cache, g_memdup2 (&id, sizeof id), g_object_ref (candidate));
  g_queue_push_tail (&self->cache_order, g_memdup2 (&id, sizeof id));

  return candidate;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = inv_candidate_list_get_item_type;
  iface->get_n_items = inv_candidate_list_get_n_items;
  iface->get_item = inv_candidate_list_get_item;
}

static void
inv_candidate_list_finalize (GObject *object)
{
  InvCandidateList *self = (InvCandidateList *)object;

  clear_cache (self);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->search, g_free);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (inv_candidate_list_parent_class)->finalize (object);
}

static void
inv_candidate_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  InvCandidateList *self = INV_CANDIDATE_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_candidate_list_class_init (InvCandidateListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inv_candidate_list_finalize;
  object_class->get_property = inv_candidate_list_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inv_candidate_list_init (InvCandidateList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_queue_init (&self->cache_order);
}

/**
 * inv_candidate_list_new:
 * @search: (nullable): part of a name or email; %NULL for all candidates
 *
 * Returns: (transfer full): a list of the matching candidates, by name
 */
InvCandidateList *
inv_candidate_list_new (InvDatabase *database,
                        const char  *search)
{
  InvCandidateList *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);

  self = g_object_new (INV_TYPE_CANDIDATE_LIST, NULL);
  self->database = g_object_ref (database);
  self->search = g_strdup (search);

  if (!inv_candidate_list_reload (self, &error))
    g_warning ("Could not read the candidates: %s", error->message);

  return self;
}

InvDatabase *
inv_candidate_list_get_database (InvCandidateList *self)
{
  g_return_val_if_fail (INV_IS_CANDIDATE_LIST (self), NULL);

  return self->database;
}

const char *
inv_candidate_list_get_search (InvCandidateList *self)
{
  g_return_val_if_fail (INV_IS_CANDIDATE_LIST (self), NULL);

  return self->search;
}

void
inv_candidate_list_set_search (InvCandidateList *self,
                               const char       *search)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (INV_IS_CANDIDATE_LIST (self));

  if (search != NULL && *search == '\0')
    search = NULL;

  if (g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);

  if (!inv_candidate_list_reload (self, &error))
    g_warning ("Could not read the candidates: %s", error->message);
}

/**
 * inv_candidate_list_reload:
 *
 * Reads the matching ids again and forgets the cached rows.
 *
 * Returns: %TRUE on success; on error the list keeps what it showed
 */
gboolean
inv_candidate_list_reload (InvCandidateList  *self,
                           GError           **error)
{
  g_autoptr(GArray) ids = NULL;
  guint old_n_items;

  g_return_val_if_fail (INV_IS_CANDIDATE_LIST (self), FALSE);

  ids = inv_database_query_candidate_ids (self->database, self->search, error);
  if (ids == NULL)
    return FALSE;

  old_n_items = self->ids->len;
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  clear_cache (self);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->ids->len);
  if (old_n_items != self->ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  return TRUE;
}

gint64
inv_candidate_list_get_id (InvCandidateList *self,
                           guint             position)
{
  g_return_val_if_fail (INV_IS_CANDIDATE_LIST (self), 0);

  if (position >= self->ids->len)
    return 0;

  return g_array_index (self->ids, gint64, position);
}

/**
 * inv_candidate_list_peek_ids:
 * @n_ids: (out): the number of ids
 *
 * Returns: (transfer none) (array length=n_ids): the ids in list order, valid until
 *   the next reload
 */
const gint64 *
inv_candidate_list_peek_ids (InvCandidateList *self,
                             guint            *n_ids)
{
  g_return_val_if_fail (INV_IS_CANDIDATE_LIST (self), NULL);
  g_return_val_if_fail (n_ids != NULL, NULL);

  *n_ids = self->ids->len;

  return (const gint64 *)(gpointer)self->ids->data;
}

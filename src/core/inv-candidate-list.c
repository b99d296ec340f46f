/* inv-candidate-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-candidate-list"

#include "config.h"

#include "inv-candidate-list.h"
#include "inv-database-candidates.h"

struct _InvCandidateList
{
  InvIdList    parent_instance;

  char        *search;       /* owned, nullable */
};

enum {
  PROP_0,
  PROP_SEARCH,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvCandidateList, inv_candidate_list, INV_TYPE_ID_LIST)

static GParamSpec *properties[N_PROPS];

static gpointer
inv_candidate_list_load_item (InvIdList  *list,
                              gint64      id,
                              GError    **error)
{
  return inv_database_load_candidate (inv_id_list_get_database (list), id, error);
}

static gpointer
inv_candidate_list_make_missing_row (InvIdList *list,
                                     gint64     id)
{
  return _inv_candidate_new_missing (id);
}

static GVariant *
filter_from_search (const char *search)
{
  return g_variant_new ("ms", search);
}

static GArray *
inv_candidate_list_query_ids (InvIdList  *list,
                              GVariant   *filter,
                              GError    **error)
{
  g_autofree char *search = NULL;

  g_variant_get (filter, "ms", &search);

  return inv_database_query_candidate_ids (inv_id_list_get_database (list), search, error);
}

static void
inv_candidate_list_finalize (GObject *object)
{
  InvCandidateList *self = (InvCandidateList *)object;

  g_clear_pointer (&self->search, g_free);

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
  InvIdListClass *id_list_class = INV_ID_LIST_CLASS (klass);

  object_class->finalize = inv_candidate_list_finalize;
  object_class->get_property = inv_candidate_list_get_property;

  id_list_class->item_type = INV_TYPE_CANDIDATE;
  id_list_class->item_kind = INV_CHANGE_CANDIDATES;
  id_list_class->load_item = inv_candidate_list_load_item;
  id_list_class->make_missing_row = inv_candidate_list_make_missing_row;
  id_list_class->query_ids = inv_candidate_list_query_ids;

  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inv_candidate_list_init (InvCandidateList *self)
{
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

  if (search != NULL && *search == '\0')
    search = NULL;

  self = g_object_new (INV_TYPE_CANDIDATE_LIST, "database", database, NULL);
  self->search = g_strdup (search);
  _inv_id_list_set_filter (INV_ID_LIST (self), filter_from_search (search));

  if (!inv_candidate_list_reload (self, &error))
    g_warning ("Could not read the candidates: %s", error->message);

  return self;
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
  _inv_id_list_set_filter (INV_ID_LIST (self), filter_from_search (search));
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

  g_return_val_if_fail (INV_IS_CANDIDATE_LIST (self), FALSE);

  ids = inv_database_query_candidate_ids (inv_id_list_get_database (INV_ID_LIST (self)),
                                          self->search, error);
  if (ids == NULL)
    return FALSE;

  inv_id_list_set_ids (INV_ID_LIST (self), ids);

  return TRUE;
}

gint64
inv_candidate_list_get_id (InvCandidateList *self,
                           guint             position)
{
  return inv_id_list_get_id (INV_ID_LIST (self), position);
}

/**
 * inv_candidate_list_peek_ids:
 * @n_ids: (out): the number of ids
 *
 * Returns: (transfer none) (array length=n_ids): the ids in list order, valid until
 *   the list changes
 */
const gint64 *
inv_candidate_list_peek_ids (InvCandidateList *self,
                             guint            *n_ids)
{
  return inv_id_list_peek_ids (INV_ID_LIST (self), n_ids);
}

/* inv-selection-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-selection-model"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "inv-list-row.h"
#include "inv-selection-model.h"

/* A selection over an InvIdList (the invitations, the candidates) that is keyed by
 * row id, never by position or row object, so that it survives sorting, filtering and
 * reloads.
 *
 * The selected set is
 *     (all_matching ? ids matching matching_filter − excluded : ∅) ∪ explicit
 * "Select all matching" is therefore a flag and a copy of the list's filter: selecting
 * a million rows costs nothing until someone asks for the ids. GtkMultiSelection would
 * keep a reference to every selected item instead. */
struct _InvSelectionModel
{
  GObject             parent_instance;

  InvIdList          *list;            /* owned */
  GType               row_type;        /* an InvListRow type: what the items are */
  GHashTable         *explicit_ids;    /* gint64 set, owned: ticked one by one */

  gboolean            all_matching;
  GVariant           *matching_filter; /* owned; the filter "select all" was made for */
  GHashTable         *excluded;        /* gint64 set, owned: unticked after select-all */
  GArray             *matching_sorted; /* gint64, ascending; lazily read, NULL when stale */

  guint               n_selected;
  gboolean            counted;         /* n_selected was counted for this select-all */

  /* The rows handed out, by position; weak (a row lives as long as GTK shows it).
   * A new query gives each row the list's item now at its position. */
  GHashTable         *rows;            /* position → InvListRow */
};

enum {
  PROP_0,
  PROP_LIST,
  PROP_ROW_TYPE,
  PROP_N_SELECTED,
  PROP_ALL_MATCHING,
  N_PROPS
};

static void list_model_iface_init      (GListModelInterface        *iface);
static void selection_model_iface_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (InvSelectionModel, inv_selection_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL, selection_model_iface_init))

static GParamSpec *properties[N_PROPS];

static GHashTable *
id_set_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static void
id_set_add (GHashTable *set,
            gint64      id)
{
  if (!g_hash_table_contains (set, &id))
    g_hash_table_add (set, g_memdup2 (&id, sizeof id));
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

/* Whether the rows the list shows all match the select-all filter: its first rows
 * while a partial list is being completed, all of them otherwise. Filters leave the
 * order out, so a sort keeps this. */
static gboolean
list_shows_matching_rows (InvSelectionModel *self)
{
  return self->all_matching &&
         g_variant_equal (inv_id_list_get_filter (self->list), self->matching_filter);
}

/* Whether the list's ids are exactly the rows the select-all filter matches. */
static gboolean
list_shows_matching_query (InvSelectionModel *self)
{
  return list_shows_matching_rows (self) && !inv_id_list_is_partial (self->list);
}

/* The ids of the select-all query, sorted for bsearch. Read only when the list shows
 * something else, or when exclusions must be checked against what matches now. */
static const GArray *
ensure_matching_sorted (InvSelectionModel *self)
{
  g_autoptr(GError) error = NULL;

  g_assert (self->all_matching);

  if (self->matching_sorted != NULL)
    return self->matching_sorted;

  if (list_shows_matching_query (self))
    {
      const gint64 *ids;
      guint n_ids;

      ids = inv_id_list_peek_ids (self->list, &n_ids);
      self->matching_sorted = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
      g_array_append_vals (self->matching_sorted, ids, n_ids);
    }
  else
    {
      self->matching_sorted = inv_id_list_query_ids (self->list, self->matching_filter, &error);
      if (self->matching_sorted == NULL)
        {
          g_warning ("Could not read the selected rows: %s", error->message);
          self->matching_sorted = g_array_new (FALSE, FALSE, sizeof (gint64));
        }
    }

  g_array_sort (self->matching_sorted, compare_ids);

  return self->matching_sorted;
}

static gboolean
id_matches (InvSelectionModel *self,
            gint64             id)
{
  const GArray *sorted;

  /* A row shown first is known to match without reading the rest. */
  if (list_shows_matching_rows (self) && inv_id_list_is_partial (self->list) &&
      inv_id_list_find (self->list, id, NULL))
    return TRUE;

  sorted = ensure_matching_sorted (self);

  return bsearch (&id, sorted->data, sorted->len, sizeof (gint64), compare_ids) != NULL;
}

/* Membership of the row at @position in the select-all set, without a lookup when
 * the list is the select-all query's own result. */
static gboolean
position_matches (InvSelectionModel *self,
                  guint              position,
                  gint64             id)
{
  if (!self->all_matching)
    return FALSE;
  if (list_shows_matching_rows (self))
    return position < g_list_model_get_n_items (G_LIST_MODEL (self->list));

  return id_matches (self, id);
}

static gboolean
id_is_selected (InvSelectionModel *self,
                gint64             id,
                gboolean           matches)
{
  if (g_hash_table_contains (self->explicit_ids, &id))
    return TRUE;

  return matches && !g_hash_table_contains (self->excluded, &id);
}

static guint
count_matching (InvSelectionModel *self)
{
  g_autoptr(GError) error = NULL;
  guint n_ids = 0;

  if (list_shows_matching_query (self))
    return g_list_model_get_n_items (G_LIST_MODEL (self->list));

  if (self->matching_sorted != NULL)
    return self->matching_sorted->len;

  if (!inv_id_list_count_ids (self->list, self->matching_filter, &n_ids, &error))
    {
      g_warning ("Could not count the selected rows: %s", error->message);
      return ensure_matching_sorted (self)->len;
    }

  return n_ids;
}

static void
update_n_selected (InvSelectionModel *self)
{
  guint n = 0;

  if (self->all_matching)
    {
      GHashTableIter iter;
      gpointer key;

      /* Only the first rows are in: the count made for this filter before stands
       * until the rest arrive, rather than counting on this thread meanwhile. */
      if (self->counted && list_shows_matching_rows (self) &&
          inv_id_list_is_partial (self->list))
        return;

      n = count_matching (self);
      self->counted = TRUE;

      /* Exclusions and extra rows are few; each is checked against what matches now,
       * so a reload that moved a row out of the filter keeps the count exact. */
      g_hash_table_iter_init (&iter, self->excluded);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (id_matches (self, *(gint64 *)key) && n > 0)
          n--;

      g_hash_table_iter_init (&iter, self->explicit_ids);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!id_matches (self, *(gint64 *)key))
          n++;
    }
  else
    {
      n = g_hash_table_size (self->explicit_ids);
    }

  if (n != self->n_selected)
    {
      self->n_selected = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
    }
}

static void
set_all_matching (InvSelectionModel *self,
                  gboolean           all_matching)
{
  if (self->all_matching == all_matching)
    return;

  self->all_matching = all_matching;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALL_MATCHING]);
}

static void
emit_all_changed (InvSelectionModel *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->list));

  update_n_selected (self);
  if (n_items > 0)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), 0, n_items);
}

static void
clear_state (InvSelectionModel *self)
{
  g_hash_table_remove_all (self->explicit_ids);
  g_hash_table_remove_all (self->excluded);
  g_clear_pointer (&self->matching_sorted, g_array_unref);
  g_clear_pointer (&self->matching_filter, g_variant_unref);
  self->counted = FALSE;
  set_all_matching (self, FALSE);
}

/* Selects or unselects one id; returns whether anything changed. */
static gboolean
set_selected (InvSelectionModel *self,
              gint64             id,
              gboolean           matches,
              gboolean           selected)
{
  if (selected == id_is_selected (self, id, matches))
    return FALSE;

  if (selected)
    {
      if (matches)
        g_hash_table_remove (self->excluded, &id);
      else
        id_set_add (self->explicit_ids, id);
    }
  else
    {
      g_hash_table_remove (self->explicit_ids, &id);
      if (matches)
        id_set_add (self->excluded, id);
    }

  return TRUE;
}

static void
row_finalized_cb (gpointer  data,
                  GObject  *where_the_row_was)
{
  InvSelectionModel *self = data;
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    if (row == (gpointer)where_the_row_was)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

static void
forget_rows (InvSelectionModel *self)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    g_object_weak_unref (row, row_finalized_cb, self);
  g_hash_table_remove_all (self->rows);
}

/* Past this many rows, see list_items_changed_cb(). */
#define LARGE_CHANGE 4096

static void
list_items_changed_cb (InvSelectionModel *self,
                       guint              position,
                       guint              removed,
                       guint              added,
                       GListModel        *list)
{
  g_autoptr(GHashTable) moved = NULL;
  guint overlap;
  GHashTableIter iter;
  gpointer key, row;

  /* A large change in the middle (a hundred thousand rows cancelled) told to GTK 4.8
   * as such costs it a quarter of a second, and new widgets for every row on screen.
   * Told as a change of every row from @position to the end, the rows on screen are
   * only given their new invitations, as for a new query below. */
  if (removed + added > LARGE_CHANGE)
    {
      guint n_items = g_list_model_get_n_items (list);

      removed = n_items + removed - added - position;
      added = n_items - position;
    }
  overlap = MIN (removed, added);

  /* What matches may have changed (a reload after a cancel or a sync): read it again
   * when needed. The selection itself is ids, so it needs no remapping. */
  g_clear_pointer (&self->matching_sorted, g_array_unref);

  /* A new query (or a reload) replaces every row. Told to GTK 4.8 as such, its list
   * views would destroy every row widget and make new ones, and first look up each
   * added item (a million) for one to reuse. Instead the rows handed out stay: each
   * is given the item now at its position, and GTK is told only about the positions
   * that appeared or disappeared at the end. */
  moved = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &row))
    {
      guint at = GPOINTER_TO_UINT (key);

      if (at < position)
        continue;

      g_hash_table_iter_steal (&iter);
      if (at < position + overlap)
        {
          g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->list), at);

          inv_list_row_set_item (row, item);
          g_hash_table_insert (moved, key, row);
        }
      else if (at >= position + removed)
        g_hash_table_insert (moved, GUINT_TO_POINTER (at - removed + added), row);
      else
        g_object_weak_unref (row, row_finalized_cb, self);  /* its position is gone */
    }

  g_hash_table_iter_init (&iter, moved);
  while (g_hash_table_iter_next (&iter, &key, &row))
    g_hash_table_insert (self->rows, key, row);

  if (removed != added)
    g_list_model_items_changed (G_LIST_MODEL (self), position + overlap,
                                removed - overlap, added - overlap);
  update_n_selected (self);
  /* The rows that stayed may show other items now, selected or not. */
  if (overlap > 0)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), position, overlap);
}

static GType
inv_selection_model_get_item_type (GListModel *model)
{
  return INV_SELECTION_MODEL (model)->row_type;
}

static guint
inv_selection_model_get_n_items (GListModel *model)
{
  InvSelectionModel *self = INV_SELECTION_MODEL (model);

  return g_list_model_get_n_items (G_LIST_MODEL (self->list));
}

static gpointer
inv_selection_model_get_item (GListModel *model,
                              guint       position)
{
  InvSelectionModel *self = INV_SELECTION_MODEL (model);
  g_autoptr(GObject) item = NULL;
  InvListRow *row;

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->list)))
    return NULL;

  row = g_hash_table_lookup (self->rows, GUINT_TO_POINTER (position));
  if (row != NULL)
    return g_object_ref (row);

  item = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  row = g_object_new (self->row_type, "item", item, NULL);
  g_object_weak_ref (G_OBJECT (row), row_finalized_cb, self);
  g_hash_table_insert (self->rows, GUINT_TO_POINTER (position), row);

  return row;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = inv_selection_model_get_item_type;
  iface->get_n_items = inv_selection_model_get_n_items;
  iface->get_item = inv_selection_model_get_item;
}

static gboolean
inv_selection_model_is_selected (GtkSelectionModel *model,
                                 guint              position)
{
  InvSelectionModel *self = INV_SELECTION_MODEL (model);
  gint64 id = inv_id_list_get_id (self->list, position);

  if (id == 0)
    return FALSE;

  return id_is_selected (self, id, position_matches (self, position, id));
}

static gboolean
inv_selection_model_select_item (GtkSelectionModel *model,
                                 guint              position,
                                 gboolean           unselect_rest)
{
  InvSelectionModel *self = INV_SELECTION_MODEL (model);
  gint64 id = inv_id_list_get_id (self->list, position);

  if (id == 0)
    return FALSE;

  /* The selection is the rows' check buttons. GTK 4.8's list views ask for "this row
   * alone" when a row is clicked or reached with the arrow keys; honouring that would
   * throw away every tick on a stray click. Only ticking changes the selection. */
  if (unselect_rest)
    return FALSE;

  if (set_selected (self, id, position_matches (self, position, id), TRUE))
    {
      update_n_selected (self);
      gtk_selection_model_selection_changed (model, position, 1);
    }

  return TRUE;
}

static gboolean
inv_selection_model_unselect_item (GtkSelectionModel *model,
                                   guint              position)
{
  InvSelectionModel *self = INV_SELECTION_MODEL (model);
  gint64 id = inv_id_list_get_id (self->list, position);

  if (id == 0)
    return FALSE;

  if (set_selected (self, id, position_matches (self, position, id), FALSE))
    {
      update_n_selected (self);
      gtk_selection_model_selection_changed (model, position, 1);
    }

  return TRUE;
}

static gboolean
inv_selection_model_select_all (GtkSelectionModel *model)
{
  inv_selection_model_select_all_matching (INV_SELECTION_MODEL (model));

  return TRUE;
}

static gboolean
inv_selection_model_select_range (GtkSelectionModel *model,
                                  guint              position,
                                  guint              n_items,
                                  gboolean           unselect_rest)
{
  InvSelectionModel *self = INV_SELECTION_MODEL (model);
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->list));

  if (position == 0 && n_items >= total)
    {
      inv_selection_model_select_all_matching (self);
      return TRUE;
    }

  /* A shift-click ticks the range it spans and keeps the other ticks, for the same
   * reason a plain click keeps them (see select_item()). */
  for (guint i = position; i < position + n_items && i < total; i++)
    {
      gint64 id = inv_id_list_get_id (self->list, i);
      set_selected (self, id, position_matches (self, i, id), TRUE);
    }

  update_n_selected (self);
  if (position < total)
    gtk_selection_model_selection_changed (model, position, MIN (n_items, total - position));

  return TRUE;
}

static gboolean
inv_selection_model_unselect_range (GtkSelectionModel *model,
                                    guint              position,
                                    guint              n_items)
{
  InvSelectionModel *self = INV_SELECTION_MODEL (model);
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->list));

  if (position == 0 && n_items >= total && !self->all_matching)
    {
      inv_selection_model_clear (self);
      return TRUE;
    }

  for (guint i = position; i < position + n_items && i < total; i++)
    {
      gint64 id = inv_id_list_get_id (self->list, i);
      set_selected (self, id, position_matches (self, i, id), FALSE);
    }

  update_n_selected (self);
  if (position < total)
    gtk_selection_model_selection_changed (model, position, MIN (n_items, total - position));

  return TRUE;
}

static gboolean
inv_selection_model_unselect_all (GtkSelectionModel *model)
{
  inv_selection_model_clear (INV_SELECTION_MODEL (model));

  return TRUE;
}

static void
selection_model_iface_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = inv_selection_model_is_selected;
  iface->select_item = inv_selection_model_select_item;
  iface->unselect_item = inv_selection_model_unselect_item;
  iface->select_range = inv_selection_model_select_range;
  iface->unselect_range = inv_selection_model_unselect_range;
  iface->select_all = inv_selection_model_select_all;
  iface->unselect_all = inv_selection_model_unselect_all;
}

static void
inv_selection_model_dispose (GObject *object)
{
  InvSelectionModel *self = (InvSelectionModel *)object;

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_func (self->list, list_items_changed_cb, self);
  g_clear_object (&self->list);
  forget_rows (self);

  G_OBJECT_CLASS (inv_selection_model_parent_class)->dispose (object);
}

static void
inv_selection_model_finalize (GObject *object)
{
  InvSelectionModel *self = (InvSelectionModel *)object;

  g_clear_pointer (&self->explicit_ids, g_hash_table_unref);
  g_clear_pointer (&self->excluded, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->matching_sorted, g_array_unref);
  g_clear_pointer (&self->matching_filter, g_variant_unref);

  G_OBJECT_CLASS (inv_selection_model_parent_class)->finalize (object);
}

static void
inv_selection_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  InvSelectionModel *self = INV_SELECTION_MODEL (object);

  switch (prop_id)
    {
    case PROP_LIST:
      g_value_set_object (value, self->list);
      break;

    case PROP_ROW_TYPE:
      g_value_set_gtype (value, self->row_type);
      break;

    case PROP_N_SELECTED:
      g_value_set_uint (value, self->n_selected);
      break;

    case PROP_ALL_MATCHING:
      g_value_set_boolean (value, self->all_matching);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_selection_model_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  InvSelectionModel *self = INV_SELECTION_MODEL (object);

  switch (prop_id)
    {
    case PROP_LIST:
      self->list = g_value_dup_object (value);
      g_signal_connect_object (self->list, "items-changed",
                               G_CALLBACK (list_items_changed_cb), self, G_CONNECT_SWAPPED);
      break;

    case PROP_ROW_TYPE:
      self->row_type = g_value_get_gtype (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_selection_model_class_init (InvSelectionModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = inv_selection_model_dispose;
  object_class->finalize = inv_selection_model_finalize;
  object_class->get_property = inv_selection_model_get_property;
  object_class->set_property = inv_selection_model_set_property;

  properties[PROP_LIST] =
    g_param_spec_object ("list", NULL, NULL, INV_TYPE_ID_LIST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROW_TYPE] =
    g_param_spec_gtype ("row-type", NULL, NULL, INV_TYPE_LIST_ROW,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SELECTED] =
    g_param_spec_uint ("n-selected", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALL_MATCHING] =
    g_param_spec_boolean ("all-matching", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inv_selection_model_init (InvSelectionModel *self)
{
  self->explicit_ids = id_set_new ();
  self->excluded = id_set_new ();
  self->rows = g_hash_table_new (g_direct_hash, g_direct_equal);
}

/**
 * inv_selection_model_new:
 * @list: the rows to select from
 * @row_type: the #InvListRow type that hands each of them to the view
 *
 * Returns: (transfer full): a new, empty selection over @list, whose items are rows
 *   of @row_type
 */
InvSelectionModel *
inv_selection_model_new (InvIdList *list,
                         GType      row_type)
{
  g_return_val_if_fail (INV_IS_ID_LIST (list), NULL);
  g_return_val_if_fail (g_type_is_a (row_type, INV_TYPE_LIST_ROW), NULL);

  return g_object_new (INV_TYPE_SELECTION_MODEL,
                       "list", list,
                       "row-type", row_type,
                       NULL);
}

/**
 * inv_selection_model_get_list:
 *
 * Returns: (transfer none): the list the selection is over
 */
InvIdList *
inv_selection_model_get_list (InvSelectionModel *self)
{
  g_return_val_if_fail (INV_IS_SELECTION_MODEL (self), NULL);

  return self->list;
}

/**
 * inv_selection_model_get_n_selected:
 *
 * Returns: how many rows are selected, including the ones the list does not show now
 *   (selected under another filter, or by "select all matching")
 */
guint
inv_selection_model_get_n_selected (InvSelectionModel *self)
{
  g_return_val_if_fail (INV_IS_SELECTION_MODEL (self), 0);

  return self->n_selected;
}

gboolean
inv_selection_model_get_all_matching (InvSelectionModel *self)
{
  g_return_val_if_fail (INV_IS_SELECTION_MODEL (self), FALSE);

  return self->all_matching;
}

/**
 * inv_selection_model_get_matching_filter:
 *
 * Returns: (transfer none) (nullable): the list's filter "select all matching" was
 *   made for (see inv_id_list_get_filter()), or %NULL when it is not in effect
 */
GVariant *
inv_selection_model_get_matching_filter (InvSelectionModel *self)
{
  g_return_val_if_fail (INV_IS_SELECTION_MODEL (self), NULL);

  return self->all_matching ? self->matching_filter : NULL;
}

gboolean
inv_selection_model_is_id_selected (InvSelectionModel *self,
                                    gint64             id)
{
  g_return_val_if_fail (INV_IS_SELECTION_MODEL (self), FALSE);

  return id_is_selected (self, id, self->all_matching && id_matches (self, id));
}

/**
 * inv_selection_model_set_id_selected:
 *
 * Selects or unselects the row @id, wherever it is in the list (or when the list does
 * not show it now).
 */
void
inv_selection_model_set_id_selected (InvSelectionModel *self,
                                     gint64             id,
                                     gboolean           selected)
{
  guint position;

  g_return_if_fail (INV_IS_SELECTION_MODEL (self));

  if (!set_selected (self, id, self->all_matching && id_matches (self, id), selected))
    return;

  update_n_selected (self);
  if (inv_id_list_find (self->list, id, &position))
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), position, 1);
}

/**
 * inv_selection_model_select_all_matching:
 *
 * Selects every row that matches the list's filter — also the ones further down that
 * were never shown, and the ones that come to match later — without reading or
 * making any row.
 */
void
inv_selection_model_select_all_matching (InvSelectionModel *self)
{
  g_return_if_fail (INV_IS_SELECTION_MODEL (self));

  clear_state (self);
  self->matching_filter = g_variant_ref (inv_id_list_get_filter (self->list));
  set_all_matching (self, TRUE);
  emit_all_changed (self);
}

/**
 * inv_selection_model_clear:
 *
 * Unselects everything, including what the list does not show now.
 */
void
inv_selection_model_clear (InvSelectionModel *self)
{
  g_return_if_fail (INV_IS_SELECTION_MODEL (self));

  if (!self->all_matching && g_hash_table_size (self->explicit_ids) == 0)
    return;

  clear_state (self);
  emit_all_changed (self);
}

/**
 * inv_selection_model_select_ids:
 * @ids: (array length=n_ids): rows to select as well, e.g. the ones shown now
 */
void
inv_selection_model_select_ids (InvSelectionModel *self,
                                const gint64      *ids,
                                guint              n_ids)
{
  g_return_if_fail (INV_IS_SELECTION_MODEL (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  for (guint i = 0; i < n_ids; i++)
    if (ids[i] != 0)
      set_selected (self, ids[i], self->all_matching && id_matches (self, ids[i]), TRUE);

  emit_all_changed (self);
}

/**
 * inv_selection_model_unselect_ids:
 * @ids: (array length=n_ids): rows to unselect, e.g. the invitations just cancelled
 */
void
inv_selection_model_unselect_ids (InvSelectionModel *self,
                                  const gint64      *ids,
                                  guint              n_ids)
{
  g_return_if_fail (INV_IS_SELECTION_MODEL (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  for (guint i = 0; i < n_ids; i++)
    set_selected (self, ids[i], self->all_matching && id_matches (self, ids[i]), FALSE);

  emit_all_changed (self);
}

/**
 * inv_selection_model_dup_selected_ids:
 * @error: return location for a #GError
 *
 * The selection as ids for the core API. For "select all matching" this reads the
 * ids of the query it was made for, as they are now, minus the exclusions.
 *
 * Returns: (transfer full) (element-type gint64): the selected ids in ascending order,
 *   or %NULL with @error set
 */
GArray *
inv_selection_model_dup_selected_ids (InvSelectionModel  *self,
                                      GError            **error)
{
  g_autoptr(GArray) ids = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (INV_IS_SELECTION_MODEL (self), NULL);

  if (self->all_matching)
    {
      const GArray *matching;

      /* Read afresh: the count the person confirms must be the rows as they are. */
      g_clear_pointer (&self->matching_sorted, g_array_unref);
      if (!list_shows_matching_query (self))
        {
          self->matching_sorted = inv_id_list_query_ids (self->list, self->matching_filter, error);
          if (self->matching_sorted == NULL)
            return NULL;
          g_array_sort (self->matching_sorted, compare_ids);
        }
      matching = ensure_matching_sorted (self);

      ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), matching->len);
      for (guint i = 0; i < matching->len; i++)
        {
          gint64 id = g_array_index (matching, gint64, i);

          if (!g_hash_table_contains (self->excluded, &id))
            g_array_append_val (ids, id);
        }

      g_hash_table_iter_init (&iter, self->explicit_ids);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!id_matches (self, *(gint64 *)key))
          g_array_append_val (ids, *(gint64 *)key);
    }
  else
    {
      ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64),
                               g_hash_table_size (self->explicit_ids));
      g_hash_table_iter_init (&iter, self->explicit_ids);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_array_append_val (ids, *(gint64 *)key);
    }

  g_array_sort (ids, compare_ids);

  return g_steal_pointer (&ids);
}

/**
 * inv_selection_model_get_shown_selected:
 *
 * Whether a "select all" check box over the list is ticked.
 *
 * Returns: %TRUE when the list shows rows and every one of them is selected
 */
gboolean
inv_selection_model_get_shown_selected (InvSelectionModel *self)
{
  const gint64 *ids;
  guint n_ids;

  g_return_val_if_fail (INV_IS_SELECTION_MODEL (self), FALSE);

  ids = inv_id_list_peek_ids (self->list, &n_ids);
  if (n_ids == 0)
    return FALSE;

  for (guint i = 0; i < n_ids; i++)
    if (!id_is_selected (self, ids[i], position_matches (self, i, ids[i])))
      return FALSE;

  return TRUE;
}

/* inv-list-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-list-row"

#include "config.h"

#include "inv-list-row.h"

/* One row of a list as its view sees it (the items of an InvSelectionModel): a place
 * that shows a row object, and keeps showing whatever object comes to its position
 * when the list is read again, searched or sorted. GTK 4.8's list views reuse a row's
 * widgets only for the very same item; because the row stays the same object, a new
 * result re-fills the row widgets on screen instead of destroying and rebuilding them,
 * and the view keeps its scroll position. */
typedef struct
{
  GObject *item;  /* owned, nullable */
} InvListRowPrivate;

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

G_DEFINE_TYPE_WITH_PRIVATE (InvListRow, inv_list_row, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
inv_list_row_finalize (GObject *object)
{
  InvListRow *self = (InvListRow *)object;
  InvListRowPrivate *priv = inv_list_row_get_instance_private (self);

  g_clear_object (&priv->item);

  G_OBJECT_CLASS (inv_list_row_parent_class)->finalize (object);
}

static void
inv_list_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  InvListRow *self = INV_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, inv_list_row_get_item (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_list_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  InvListRow *self = INV_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      inv_list_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_list_row_class_init (InvListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inv_list_row_finalize;
  object_class->get_property = inv_list_row_get_property;
  object_class->set_property = inv_list_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inv_list_row_init (InvListRow *self)
{
}

/**
 * inv_list_row_new:
 * @item: (type GObject) (nullable): what the row shows first
 *
 * Returns: (transfer full): a new row
 */
InvListRow *
inv_list_row_new (gpointer item)
{
  g_return_val_if_fail (item == NULL || G_IS_OBJECT (item), NULL);

  return g_object_new (INV_TYPE_LIST_ROW, "item", item, NULL);
}

/**
 * inv_list_row_get_item:
 *
 * Returns: (transfer none) (type GObject) (nullable): the row object shown now
 */
gpointer
inv_list_row_get_item (InvListRow *self)
{
  InvListRowPrivate *priv = inv_list_row_get_instance_private (self);

  g_return_val_if_fail (INV_IS_LIST_ROW (self), NULL);

  return priv->item;
}

/**
 * inv_list_row_set_item:
 * @item: (type GObject) (nullable): what the row shows from now on
 *
 * Notifies #InvListRow:item, also for a fresh copy of the same row (read again after
 * a change), so the widgets showing it update.
 */
void
inv_list_row_set_item (InvListRow *self,
                       gpointer    item)
{
  InvListRowPrivate *priv = inv_list_row_get_instance_private (self);

  g_return_if_fail (INV_IS_LIST_ROW (self));
  g_return_if_fail (item == NULL || G_IS_OBJECT (item));

  if (g_set_object (&priv->item, item))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

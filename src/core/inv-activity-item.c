/* inv-activity-item.c: one activity entry as an item of a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-activity"

#include "config.h"

#include "inv-activity-item.h"

struct _InvActivityItem
{
  GObject           parent_instance;

  InvActivityEntry *entry;  /* owned */
};

G_DEFINE_FINAL_TYPE (InvActivityItem, inv_activity_item, G_TYPE_OBJECT)

static void
inv_activity_item_finalize (GObject *object)
{
  InvActivityItem *self = INV_ACTIVITY_ITEM (object);

  g_clear_pointer (&self->entry, inv_activity_entry_free);

  G_OBJECT_CLASS (inv_activity_item_parent_class)->finalize (object);
}

static void
inv_activity_item_class_init (InvActivityItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = inv_activity_item_finalize;
}

static void
inv_activity_item_init (InvActivityItem *self)
{
}

/**
 * inv_activity_item_new:
 * @entry: (transfer full): the entry
 *
 * Returns: (transfer full): an item holding @entry
 */
InvActivityItem *
inv_activity_item_new (InvActivityEntry *entry)
{
  InvActivityItem *self;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (INV_TYPE_ACTIVITY_ITEM, NULL);
  self->entry = entry;

  return self;
}

/**
 * inv_activity_item_get_entry:
 *
 * Returns: (transfer none): the entry
 */
const InvActivityEntry *
inv_activity_item_get_entry (InvActivityItem *self)
{
  g_return_val_if_fail (INV_IS_ACTIVITY_ITEM (self), NULL);

  return self->entry;
}

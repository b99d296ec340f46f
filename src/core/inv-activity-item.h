/* inv-activity-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "inv-activity.h"

G_BEGIN_DECLS

#define INV_TYPE_ACTIVITY_ITEM (inv_activity_item_get_type ())

G_DECLARE_FINAL_TYPE (InvActivityItem, inv_activity_item, INV, ACTIVITY_ITEM, GObject)

InvActivityItem        *inv_activity_item_new       (InvActivityEntry *entry);
const InvActivityEntry *inv_activity_item_get_entry (InvActivityItem  *self);

G_END_DECLS

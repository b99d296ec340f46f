/* inv-activity-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inv-activity-item.h"

G_BEGIN_DECLS

#define INV_TYPE_ACTIVITY_ROW (inv_activity_row_get_type ())

G_DECLARE_FINAL_TYPE (InvActivityRow, inv_activity_row, INV, ACTIVITY_ROW, GtkWidget)

GtkWidget       *inv_activity_row_new      (void);
InvActivityItem *inv_activity_row_get_item (InvActivityRow  *self);
void             inv_activity_row_set_item (InvActivityRow  *self,
                                            InvActivityItem *item);

G_END_DECLS

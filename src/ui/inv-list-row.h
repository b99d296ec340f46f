/* inv-list-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define INV_TYPE_LIST_ROW (inv_list_row_get_type ())

G_DECLARE_DERIVABLE_TYPE (InvListRow, inv_list_row, INV, LIST_ROW, GObject)

struct _InvListRowClass
{
  GObjectClass parent_class;
};

InvListRow *inv_list_row_new      (gpointer    item);
gpointer    inv_list_row_get_item (InvListRow *self);
void        inv_list_row_set_item (InvListRow *self,
                                   gpointer    item);

G_END_DECLS

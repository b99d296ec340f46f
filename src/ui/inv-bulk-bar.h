/* inv-bulk-bar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define INV_TYPE_BULK_BAR (inv_bulk_bar_get_type ())

G_DECLARE_FINAL_TYPE (InvBulkBar, inv_bulk_bar, INV, BULK_BAR, GtkWidget)

void       inv_bulk_bar_set_counts     (InvBulkBar *self,
                                        guint       n_selected,
                                        guint       n_matching,
                                        gboolean    all_matching);
guint      inv_bulk_bar_get_n_selected (InvBulkBar *self);
gboolean   inv_bulk_bar_get_revealed   (InvBulkBar *self);

char      *inv_bulk_bar_format_selected   (guint n_selected);
char      *inv_bulk_bar_format_select_all (guint n_matching);

G_END_DECLS

/* inv-focus.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean inv_focus_leave           (GtkWidget *area,
                                    GtkDirectionType direction);
void     inv_focus_tab_leaves_list (GtkWidget *list);

G_END_DECLS

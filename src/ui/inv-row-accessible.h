/* inv-row-accessible.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inv-invitation.h"

G_BEGIN_DECLS

GtkWidget *inv_row_accessible_find_row (GtkWidget     *widget_in_row);
char      *inv_row_accessible_describe (InvInvitation *invitation);
void       inv_row_accessible_update   (GtkWidget     *widget_in_row,
                                        InvInvitation *invitation);
void       inv_row_accessible_set_label (GtkWidget    *widget_in_row,
                                         const char   *label);
void       inv_row_accessible_name_header (GtkColumnView *view);

G_END_DECLS

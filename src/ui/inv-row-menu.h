/* inv-row-menu.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * InvRowMenuAllowFunc:
 * @action: the detailed-less action name of a menu item, "list.reinvite"
 * @why_not: (out) (optional) (transfer none): set to why not, when the menu is to say so
 *
 * Returns: whether the row allows @action now
 */
typedef gboolean (*InvRowMenuAllowFunc) (const char  *action,
                                         const char **why_not,
                                         gpointer     user_data);

GMenuModel *inv_row_menu_new (GMenuModel          *model,
                              GVariant            *target,
                              const char          *unavailable_action,
                              InvRowMenuAllowFunc  allow,
                              gpointer             user_data);

/**
 * InvRowMenuMakeFunc:
 *
 * Returns: (transfer full) (nullable): the row's menu as it is now, from
 *   inv_row_menu_new(), or %NULL while the row shows nothing
 */
typedef GMenuModel *(*InvRowMenuMakeFunc) (gpointer user_data);

void        inv_row_menu_attach (GtkMenuButton       *button,
                                 InvRowMenuMakeFunc   make,
                                 gpointer             user_data);

G_END_DECLS

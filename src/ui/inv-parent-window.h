/* inv-parent-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWindow *inv_parent_window (GtkWidget *widget);

G_END_DECLS

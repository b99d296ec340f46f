/* inv-parent-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-parent-window"

#include "config.h"

#include "inv-parent-window.h"

/**
 * inv_parent_window:
 * @widget: a widget that opens a dialog
 *
 * A page may be shown outside a window (in a test, or before it is added), so the
 * dialogs it opens take their parent from here rather than from a cast.
 *
 * Returns: (transfer none) (nullable): the window @widget is in, to be the parent
 *   of the dialog, or %NULL when it is in none
 */
GtkWindow *
inv_parent_window (GtkWidget *widget)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

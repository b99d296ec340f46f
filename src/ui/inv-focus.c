/* inv-focus.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK's lists (list boxes, list and column views) take Tab to their next row, and a
 * list box in single selection also selects the row it reaches: Tab through the
 * sidebar would open each page in turn, and Tab into a long list would keep the
 * keyboard for as many presses as it has rows. Here Tab leaves a list as it leaves
 * any other control; the arrows go through its rows.
 */

#define G_LOG_DOMAIN "inv-focus"

#include "config.h"

#include "inv-focus.h"

/**
 * inv_focus_leave:
 * @area: a widget that holds the focus
 * @direction: %GTK_DIR_TAB_FORWARD or %GTK_DIR_TAB_BACKWARD
 *
 * Moves the focus to what comes after @area (or before it) in its window's Tab
 * order, round to the window's start at its end, as Tab does.
 *
 * Returns: %TRUE if the focus moved
 */
gboolean
inv_focus_leave (GtkWidget        *area,
                 GtkDirectionType  direction)
{
  GtkRoot *root;
  gboolean moved;

  g_return_val_if_fail (GTK_IS_WIDGET (area), FALSE);

  root = gtk_widget_get_root (area);
  if (root == NULL)
    return FALSE;

  /* Refusing focus for a moment makes the focus chain step over @area. */
  gtk_widget_set_can_focus (area, FALSE);
  moved = gtk_widget_child_focus (GTK_WIDGET (root), direction);
  if (!moved)
    {
      gtk_root_set_focus (root, NULL);
      moved = gtk_widget_child_focus (GTK_WIDGET (root), direction);
    }
  gtk_widget_set_can_focus (area, TRUE);

  return moved;
}

static gboolean
key_pressed_cb (GtkWidget             *list,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();
  GtkRoot *root = gtk_widget_get_root (list);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *area;
  GtkWidget *row;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return GDK_EVENT_PROPAGATE;
  if ((mods & ~GDK_SHIFT_MASK) != 0 || focus == NULL || !gtk_widget_is_ancestor (focus, list))
    return GDK_EVENT_PROPAGATE;

  /* Controls inside a row keep Tab among themselves. */
  for (row = focus; gtk_widget_get_parent (row) != list; row = gtk_widget_get_parent (row))
    ;
  if (row != focus &&
      gtk_widget_child_focus (row, (mods & GDK_SHIFT_MASK) != 0 || keyval == GDK_KEY_ISO_Left_Tab
                                   ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD))
    return GDK_EVENT_STOP;

  /* The scrolled window around the list, or it would take the focus itself. */
  area = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
  if (area == NULL || gtk_widget_get_ancestor (gtk_widget_get_parent (list), GTK_TYPE_LIST_BOX) != NULL)
    area = list;

  return inv_focus_leave (area, (mods & GDK_SHIFT_MASK) != 0 || keyval == GDK_KEY_ISO_Left_Tab
                                ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);
}

/**
 * inv_focus_tab_leaves_list:
 * @list: a list box or a list view
 *
 * Makes Tab and Shift+Tab leave @list (and the scrolled window it is in) from any of
 * its rows, instead of going to the next row (and, in a sidebar, selecting it).
 */
void
inv_focus_tab_leaves_list (GtkWidget *list)
{
  GtkEventController *controller;

  g_return_if_fail (GTK_IS_WIDGET (list));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (controller, "inv-focus-tab-leaves");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (key_pressed_cb), list);
  gtk_widget_add_controller (list, controller);
}

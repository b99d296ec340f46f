/* inv-row-menu.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-row-menu"

#include "config.h"

#include "inv-row-menu.h"

/* A row's menu is declared once in a .ui file, with the page's actions ("list.reinvite",
 * "candidates.edit"); each row shows a copy whose items carry the row's id as their
 * target, so one action of the page serves every row. What the row does not allow
 * now points at the page's never-enabled @unavailable_action instead, which greys it
 * out, with the reason as its tooltip and its accessible description: a line of its
 * own would be read out as one more item and make the menu wide. */

static GMenuItem *
copy_item (GMenuModel          *model,
           int                  index,
           GVariant            *target,
           const char          *unavailable_action,
           InvRowMenuAllowFunc  allow,
           gpointer             user_data,
           const char         **why_not)
{
  g_autoptr(GMenuItem) item = g_menu_item_new_from_model (model, index);
  g_autofree char *action = NULL;

  *why_not = NULL;
  if (!g_menu_item_get_attribute (item, G_MENU_ATTRIBUTE_ACTION, "s", &action))
    return g_steal_pointer (&item);

  if (allow (action, why_not, user_data))
    g_menu_item_set_action_and_target_value (item, action, target);
  else
    {
      g_menu_item_set_action_and_target_value (item, unavailable_action, target);
      if (*why_not != NULL)
        g_menu_item_set_attribute (item, "tooltip", "s", *why_not);
    }

  return g_steal_pointer (&item);
}

static GMenu *
copy_menu (GMenuModel          *model,
           GVariant            *target,
           const char          *unavailable_action,
           InvRowMenuAllowFunc  allow,
           gpointer             user_data)
{
  GMenu *menu = g_menu_new ();
  int n = g_menu_model_get_n_items (model);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      g_autoptr(GMenuItem) item = NULL;
      const char *why_not;

      if (section != NULL)
        {
          g_autoptr(GMenu) copy = copy_menu (section, target, unavailable_action, allow, user_data);

          g_menu_append_section (menu, NULL, G_MENU_MODEL (copy));
          continue;
        }

      item = copy_item (model, i, target, unavailable_action, allow, user_data, &why_not);
      g_menu_append_item (menu, item);
    }

  return menu;
}

/**
 * inv_row_menu_new:
 * @model: the menu as the .ui declares it, sections of items
 * @target: (transfer floating): the row's id, the target of every item
 * @unavailable_action: a never-enabled action taking @target's type
 * @allow: (scope call): says which of the items the row allows now
 *
 * Returns: (transfer full): the menu of one row, as it is now
 */
GMenuModel *
inv_row_menu_new (GMenuModel          *model,
                  GVariant            *target,
                  const char          *unavailable_action,
                  InvRowMenuAllowFunc  allow,
                  gpointer             user_data)
{
  g_autoptr(GVariant) owned_target = NULL;

  g_return_val_if_fail (G_IS_MENU_MODEL (model), NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (unavailable_action != NULL, NULL);
  g_return_val_if_fail (allow != NULL, NULL);

  owned_target = g_variant_ref_sink (target);

  return G_MENU_MODEL (copy_menu (model, owned_target, unavailable_action, allow, user_data));
}

/* The label of every item of @model that has a tooltip, to that tooltip. */
static void
collect_tooltips (GMenuModel *model,
                  GHashTable *tooltips)
{
  int n = g_menu_model_get_n_items (model);

  for (int i = 0; i < n; i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      char *label = NULL;
      char *tooltip = NULL;

      if (section != NULL)
        {
          collect_tooltips (section, tooltips);
          continue;
        }

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label) &&
          g_menu_model_get_item_attribute (model, i, "tooltip", "s", &tooltip))
        g_hash_table_insert (tooltips, g_steal_pointer (&label), g_steal_pointer (&tooltip));

      g_free (label);
      g_free (tooltip);
    }
}

static void
apply_tooltips (GtkWidget  *widget,
                GType       item_type,
                GHashTable *tooltips)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, item_type))
        {
          g_autofree char *text = NULL;
          const char *tooltip;

          g_object_get (child, "text", &text, NULL);
          tooltip = text != NULL ? g_hash_table_lookup (tooltips, text) : NULL;
          if (tooltip != NULL)
            {
              gtk_widget_set_tooltip_text (child, tooltip);
              gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                              -1);
            }
        }

      apply_tooltips (child, item_type, tooltips);
    }
}

/* GTK 4.8 makes menu items without the "tooltip" attribute of their model, so the
 * items it made are given theirs here, found by their label. */
static void
show_tooltips (GtkPopoverMenu *popover)
{
  GMenuModel *model = gtk_popover_menu_get_menu_model (popover);
  g_autoptr(GHashTable) tooltips = NULL;
  GType item_type = g_type_from_name ("GtkModelButton");

  if (model == NULL || item_type == G_TYPE_INVALID)
    return;

  tooltips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  collect_tooltips (model, tooltips);
  if (g_hash_table_size (tooltips) > 0)
    apply_tooltips (GTK_WIDGET (popover), item_type, tooltips);
}

typedef struct
{
  InvRowMenuMakeFunc make;
  gpointer           user_data;
} Attached;

/* Every time the menu opens, it is made again for the row as it is then. */
static void
popover_show_cb (GtkPopover *popover,
                 Attached   *attached)
{
  g_autoptr(GMenuModel) menu = attached->make (attached->user_data);

  if (menu != NULL)
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (popover), menu);
  show_tooltips (GTK_POPOVER_MENU (popover));
}

/* Escape, or a click outside, closes the menu with the keyboard still on one of its
 * items, which GTK 4.8 leaves there even once the menu is made anew: the keys would
 * go nowhere. They go back to the row's ⋮ button, as in any menu. */
static void
popover_closed_cb (GtkMenuButton *button,
                   GtkPopover    *popover)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (root == NULL || !gtk_widget_get_mapped (GTK_WIDGET (button)))
    return;

  if (focus == NULL ||
      gtk_widget_get_root (focus) != root ||
      gtk_widget_is_ancestor (focus, GTK_WIDGET (popover)))
    gtk_widget_grab_focus (GTK_WIDGET (button));
}

static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  Attached *attached = user_data;
  g_autoptr(GMenuModel) menu = attached->make (attached->user_data);

  if (menu == NULL)
    return;

  gtk_menu_button_set_menu_model (button, menu);
  g_signal_connect (gtk_menu_button_get_popover (button), "show",
                    G_CALLBACK (popover_show_cb), attached);
  g_signal_connect_object (gtk_menu_button_get_popover (button), "closed",
                           G_CALLBACK (popover_closed_cb), button, G_CONNECT_SWAPPED);
}

/**
 * inv_row_menu_attach:
 * @make: makes the menu for the row as it is when the menu opens
 * @user_data: the row, which owns @button
 *
 * Gives @button a menu made when it opens. The popover, once made, is kept for the
 * life of the button and only its menu is made again: a row is bound anew as soon as
 * an action from its menu changed or removed it, while the menu is still closing, and
 * GTK 4.8 crashes when a closing popover loses its button.
 */
void
inv_row_menu_attach (GtkMenuButton      *button,
                     InvRowMenuMakeFunc  make,
                     gpointer            user_data)
{
  Attached *attached = g_new0 (Attached, 1);

  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (make != NULL);

  attached->make = make;
  attached->user_data = user_data;
  gtk_menu_button_set_create_popup_func (button, create_popup_cb, attached, g_free);
}

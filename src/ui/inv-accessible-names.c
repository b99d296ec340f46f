/* inv-accessible-names.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two names GTK 4.8 gets wrong for screen readers, put right once for every window
 * and dialog of the app rather than widget by widget:
 *
 * - A button with a mnemonic ("_Import CSV…") is read with its label twice, the
 *   first time with the underscore ("_Import CSV… Import CSV…"): GTK gives it the
 *   label as typed and also has it labelled by its own label widget. Dropping the
 *   first leaves the name as the button shows it.
 * - The button inside a GtkDropDown, the part that takes the focus, has no name of
 *   its own and is read by its type name. It is labelled by its drop-down, whose
 *   name says what the drop-down chooses ("Status filter").
 * - Icon-only buttons that GTK and libadwaita make inside their own widgets (the
 *   shortcuts window's search, the about window's back button, a password row's
 *   "show", the about window's version) have no name: they get their tooltip, what
 *   their icon means, or the text they show.
 */

#define G_LOG_DOMAIN "inv-accessible-names"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "inv-accessible-names.h"

static void
fix_mnemonic_button (GtkWidget *widget)
{
  if (!GTK_IS_BUTTON (widget) || !gtk_button_get_use_underline (GTK_BUTTON (widget)))
    return;
  if (gtk_button_get_label (GTK_BUTTON (widget)) == NULL)
    return;

  gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
fix_drop_down (GtkWidget *widget)
{
  if (!GTK_IS_DROP_DOWN (widget))
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_relation (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, widget, NULL,
                                      -1);
}

static const char *
icon_meaning (const char *icon_name)
{
  static const struct { const char *icon; const char *label; } meanings[] = {
    { "go-previous-symbolic", N_("Back") },
    { "edit-find-symbolic", N_("Search") },
    { "view-reveal-symbolic", N_("Show Text") },
    { "view-conceal-symbolic", N_("Hide Text") },
    { "edit-copy-symbolic", N_("Copy") },
    { "window-close-symbolic", N_("Close") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (meanings); i++)
    if (g_strcmp0 (icon_name, meanings[i].icon) == 0)
      return _(meanings[i].label);

  return NULL;
}

/* Only inside widgets of GTK's and libadwaita's own: the app names its own buttons. */
static gboolean
in_toolkit_widget (GtkWidget *widget)
{
  return gtk_widget_get_ancestor (widget, GTK_TYPE_SHORTCUTS_WINDOW) != NULL ||
         gtk_widget_get_ancestor (widget, ADW_TYPE_ABOUT_WINDOW) != NULL ||
         gtk_widget_get_ancestor (widget, ADW_TYPE_PASSWORD_ENTRY_ROW) != NULL;
}

static void
fix_toolkit_icon_button (GtkWidget *widget)
{
  const char *icon_name = NULL;
  GtkWidget *child;
  const char *label;

  if (!GTK_IS_BUTTON (widget) || gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return;
  if (!in_toolkit_widget (widget))
    return;

  child = gtk_button_get_child (GTK_BUTTON (widget));

  /* A label of its own inside (the about window's version): read what it shows. */
  if (GTK_IS_LABEL (child))
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (GTK_LABEL (child)),
                                      -1);
      return;
    }

  if (gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL)
    icon_name = gtk_button_get_icon_name (GTK_BUTTON (widget));
  else if (GTK_IS_IMAGE (child))
    icon_name = gtk_image_get_icon_name (GTK_IMAGE (child));
  else
    return;

  label = gtk_widget_get_tooltip_text (widget);
  if (label == NULL)
    label = icon_meaning (icon_name);
  if (label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
}

/* The rows of a drop-down's list (and a combo row's) are read by what they show. */
static void
fix_popup_list_row (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  GtkWidget *popover;
  GtkWidget *label = NULL;

  if (parent == NULL || !GTK_IS_LIST_VIEW (parent))
    return;
  popover = gtk_widget_get_ancestor (parent, GTK_TYPE_POPOVER);
  if (popover == NULL ||
      (gtk_widget_get_ancestor (popover, GTK_TYPE_DROP_DOWN) == NULL &&
       gtk_widget_get_ancestor (popover, ADW_TYPE_COMBO_ROW) == NULL))
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL && label == NULL;
       child = gtk_widget_get_first_child (child))
    if (GTK_IS_LABEL (child))
      label = child;
    else if (GTK_IS_BOX (child))
      for (GtkWidget *inner = gtk_widget_get_first_child (child); inner != NULL; inner = gtk_widget_get_next_sibling (inner))
        if (GTK_IS_LABEL (inner))
          {
            label = inner;
            break;
          }

  if (label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_label_get_text (GTK_LABEL (label)),
                                    -1);
}

static gboolean
map_hook (GSignalInvocationHint *hint,
              guint                  n_values,
              const GValue          *values,
              gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  fix_mnemonic_button (widget);
  fix_drop_down (widget);
  fix_toolkit_icon_button (widget);
  fix_popup_list_row (widget);

  return TRUE;
}

/**
 * inv_accessible_names_install:
 *
 * Puts the names above right in every widget mapped from now on. Call once, after
 * GTK is initialised.
 */
void
inv_accessible_names_install (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      g_autoptr(GTypeClass) widget_class = g_type_class_ref (GTK_TYPE_WIDGET);

      /* On every map, not once: a button's label set again ("_Delete 3 Invitations")
       * brings the typed label back. */
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                                  map_hook, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}

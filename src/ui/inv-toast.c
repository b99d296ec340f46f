/* inv-toast.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every toast of the app goes through inv_toast_overlay_add(). The toast overlay of
 * libadwaita 1.2 tells assistive technology nothing when a toast slides in, and GTK
 * 4.8 has no way to announce a text. Here the toast's title is a label with the alert
 * role (a notification over AT-SPI), hidden from assistive technology until the toast
 * is on screen and then shown to it. On GTK 4.8 under test, that change has not been
 * seen to reach the accessibility bus yet; the title is plain text either way (a
 * candidate's name with an ampersand is not markup), and the toast's close button
 * gets a name.
 */

#define G_LOG_DOMAIN "inv-toast"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-toast.h"

/* The toast's close button shows only an icon: give it a name where it is made. */
static void
name_close_button (GtkWidget *title)
{
  GtkWidget *toast_widget = gtk_widget_get_parent (gtk_widget_get_parent (title));

  if (toast_widget == NULL)
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (toast_widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child) &&
        g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)), "window-close-symbolic") == 0)
      {
        gtk_widget_set_tooltip_text (child, _("Dismiss"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dismiss"),
                                        -1);
      }
}

static gboolean
show_title_cb (gpointer data)
{
  GtkWidget *title = data;

  if (gtk_widget_get_mapped (title))
    gtk_accessible_update_state (GTK_ACCESSIBLE (title),
                                 GTK_ACCESSIBLE_STATE_HIDDEN, FALSE,
                                 -1);

  return G_SOURCE_REMOVE;
}

/* After the toast is in the tree that assistive technology knows of, not while GTK
 * is still adding it: a change before then reaches nobody. */
static void
title_map_cb (GtkWidget *title)
{
  name_close_button (title);
  g_idle_add_full (G_PRIORITY_LOW, show_title_cb, g_object_ref (title), g_object_unref);
}

static void
title_unmap_cb (GtkWidget *title)
{
  gtk_accessible_update_state (GTK_ACCESSIBLE (title),
                               GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                               -1);
}

/**
 * inv_toast_overlay_add:
 * @overlay: where the toast shows
 * @toast: (transfer full): the toast, with its title set
 *
 * Shows @toast in @overlay and has its title announced when it appears.
 */
void
inv_toast_overlay_add (AdwToastOverlay *overlay,
                       AdwToast        *toast)
{
  const char *title;
  GtkWidget *label;

  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));
  g_return_if_fail (ADW_IS_TOAST (toast));

  title = adw_toast_get_title (toast);

  if (title != NULL && *title != '\0' && adw_toast_get_custom_title (toast) == NULL)
    {
      /* Looks like the title libadwaita makes, but as plain text: a name with an
       * ampersand is not markup. */
      label = g_object_new (GTK_TYPE_LABEL,
                            "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT,
                            "label", title,
                            "ellipsize", PANGO_ELLIPSIZE_END,
                            "xalign", 0.0f,
                            "single-line-mode", TRUE,
                            NULL);
      gtk_widget_add_css_class (label, "heading");
      gtk_accessible_update_state (GTK_ACCESSIBLE (label),
                                   GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                                   -1);
      g_signal_connect (label, "map", G_CALLBACK (title_map_cb), NULL);
      g_signal_connect (label, "unmap", G_CALLBACK (title_unmap_cb), NULL);
      adw_toast_set_custom_title (toast, label);
    }

  adw_toast_overlay_add_toast (overlay, toast);
}

/* inv-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-window"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-window.h"

struct _InvWindow
{
  AdwApplicationWindow  parent_instance;

  AdwStatusPage        *status_page;
};

G_DEFINE_FINAL_TYPE (InvWindow, inv_window, ADW_TYPE_APPLICATION_WINDOW)

static void
inv_window_class_init (InvWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-window.ui");
  gtk_widget_class_bind_template_child (widget_class, InvWindow, status_page);
}

static void
inv_window_init (InvWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

InvWindow *
inv_window_new (InvApplication *application,
                const char     *database_error)
{
  InvWindow *self = g_object_new (INV_TYPE_WINDOW, "application", application, NULL);

  if (database_error != NULL)
    adw_status_page_set_description (self->status_page, database_error);

  return self;
}

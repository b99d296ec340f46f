/* inv-invitations-view-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list's Export action: the rows it shows (its filters, search and order), or
 * only the selected ones when there is a selection, to a CSV or JSON file.
 */

#define G_LOG_DOMAIN "inv-invitations-view"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-export-dialog.h"
#include "inv-invitations-view-private.h"

static void
launched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_warning ("Could not open the export: %s", error->message);
}

static void
open_clicked_cb (AdwToast *toast,
                 GFile    *file)
{
  g_autoptr(GAppLaunchContext) context = NULL;
  g_autofree char *uri = g_file_get_uri (file);

  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gdk_display_get_default ()));
  g_app_info_launch_default_for_uri_async (uri, context, NULL, launched_cb, NULL);
}

static void
exported_cb (InvInvitationsView *self,
             GFile              *file,
             guint64             n_written,
             InvExportDialog    *dialog)
{
  g_autofree char *count = g_strdup_printf ("%'" G_GUINT64_FORMAT, n_written);
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* Translators: after an export, "Exported 1,234 invitations" */
  title = g_strdup_printf (ngettext ("Exported %s invitation", "Exported %s invitations",
                                     (gulong)MIN (n_written, G_MAXULONG)),
                           count);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Open"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_clicked_cb),
                         g_object_ref (file), (GClosureNotify)(void (*) (void))g_object_unref, 0);
  _inv_invitations_view_show_toast (self, toast);
}

static void
stopped_cb (InvInvitationsView *self,
            GFile              *file,
            InvExportDialog    *dialog)
{
  _inv_invitations_view_show_message (self, _("Export stopped. No file was saved or changed."));
}

/* list.export: asks where, then exports what the list shows, or its selection. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);
  g_autoptr(GArray) ids = NULL;
  InvExportDialog *dialog;

  if (inv_selection_model_get_n_selected (self->selection) > 0)
    {
      g_autoptr(GError) error = NULL;

      ids = inv_selection_model_dup_selected_ids (self->selection, &error);
      if (ids == NULL)
        {
          _inv_invitations_view_show_message (self, error->message);
          return;
        }
    }

  dialog = inv_export_dialog_new (self->session, self->query, ids);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "stopped", G_CALLBACK (stopped_cb), self, G_CONNECT_SWAPPED);
  inv_export_dialog_choose_file (dialog, _inv_invitations_view_get_window (self));
}

void
_inv_invitations_view_class_export_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "list.export", NULL, export_action);
}

/* inv-export-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exporting a list from the window: the file chooser (the portal's under Flatpak),
 * then the export job on the session's bulk worker while this window shows how far
 * it got and offers to stop. The file is written beside the chosen one and put in its
 * place only when complete (inv_export_job_new()), so stopping or failing leaves what
 * was there. The list's view shows the outcome as a toast.
 */

#define G_LOG_DOMAIN "inv-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-export-dialog.h"
#include "inv-invitations-view-private.h"

/* Below this, the progress window would only flash. */
#define SHOW_PROGRESS_AFTER_MS 400

struct _InvExportDialog
{
  AdwWindow              parent_instance;

  InvSession            *session;      /* owned */
  InvInvitationQuery    *query;        /* owned */
  GArray                *ids;          /* owned, nullable: the selection */
  GtkFileChooserNative  *chooser;      /* owned while it is open */
  InvBulkJob            *job;          /* owned while it runs */
  GCancellable          *cancellable;  /* owned while it runs */
  GFile                 *file;         /* owned */
  guint                  show_id;
  gboolean               disposed;

  GtkLabel              *file_label;
  GtkProgressBar        *progress_bar;
  GtkLabel              *progress_label;
};

G_DEFINE_FINAL_TYPE (InvExportDialog, inv_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  STOPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
progress_changed_cb (InvExportDialog *self,
                     GParamSpec      *pspec,
                     InvBulkJob      *job)
{
  guint64 done = inv_bulk_job_get_done (job);
  guint64 total = inv_bulk_job_get_total (job);
  g_autofree char *done_text = g_strdup_printf ("%'" G_GUINT64_FORMAT, done);
  g_autofree char *total_text = g_strdup_printf ("%'" G_GUINT64_FORMAT, total);
  g_autofree char *text = NULL;

  gtk_progress_bar_set_fraction (self->progress_bar, inv_bulk_job_get_fraction (job));
  /* Translators: progress of an export, "12,000 of 250,000 invitations" */
  text = g_strdup_printf (ngettext ("%s of %s invitation", "%s of %s invitations", (gulong)MIN (total, G_MAXULONG)),
                          done_text, total_text);
  gtk_label_set_label (self->progress_label, text);
}

static gboolean
show_progress_cb (gpointer data)
{
  InvExportDialog *self = data;

  self->show_id = 0;
  gtk_window_present (GTK_WINDOW (self));

  return G_SOURCE_REMOVE;
}

static void
finish (InvExportDialog *self)
{
  g_clear_handle_id (&self->show_id, g_source_remove);
  g_clear_object (&self->cancellable);
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  if (!self->disposed)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(InvExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree guint64 *n_written = NULL;

  n_written = inv_bulk_job_run_finish (INV_BULK_JOB (object), result, &error);

  if (n_written != NULL)
    g_signal_emit (self, signals[EXPORTED], 0, self->file, *n_written);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[STOPPED], 0, self->file);
  else
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Export Failed"), NULL));
      /* Translators: the export's error follows, and says which file */
      adw_message_dialog_format_body (dialog, _("Nothing was saved. %s"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }

  finish (self);
}

/**
 * inv_export_dialog_start:
 * @file: where to write
 * @format: in which format
 *
 * Starts the export to @file on the session's bulk worker. The window shows itself
 * if the export takes more than a moment, and goes when it ends; then
 * #InvExportDialog::exported or #InvExportDialog::stopped tells the outcome, or a
 * message dialog the error.
 */
void
inv_export_dialog_start (InvExportDialog *self,
                         GFile           *file,
                         InvExportFormat  format)
{
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (INV_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->job == NULL);

  g_set_object (&self->file, file);
  name = g_file_get_basename (file);
  /* Translators: the name of the file an export writes */
  text = g_strdup_printf (_("Writing “%s”"), name);
  gtk_label_set_label (self->file_label, text);

  self->job = inv_export_job_new (self->query,
                                  self->ids != NULL ? (const gint64 *)(gpointer)self->ids->data : NULL,
                                  self->ids != NULL ? self->ids->len : 0,
                                  format, file);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->job, "notify::done", G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->job, "notify::total", G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);

  self->show_id = g_timeout_add (SHOW_PROGRESS_AFTER_MS, show_progress_cb, self);
  inv_bulk_job_run_async (self->job, inv_session_get_bulk_worker (self->session), self->cancellable,
                          export_done_cb, g_object_ref (self));
}

/**
 * inv_export_dialog_stop:
 *
 * Stops the export; the file stays as it was.
 */
void
inv_export_dialog_stop (InvExportDialog *self)
{
  g_return_if_fail (INV_IS_EXPORT_DIALOG (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
stop_clicked_cb (InvExportDialog *self)
{
  inv_export_dialog_stop (self);
}

static gboolean
close_request_cb (GtkWindow *window)
{
  /* Closing the window stops the export: it is how a person leaves it. */
  inv_export_dialog_stop (INV_EXPORT_DIALOG (window));

  return TRUE;
}

static void
chooser_response_cb (InvExportDialog      *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  InvExportFormat format = INV_EXPORT_CSV;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      g_object_unref (self);
      return;
    }

  /* The name says the format, as it will say it to whatever opens the file: JSON
   * for ".json", else CSV. (A choice in the chooser could contradict the name, and
   * not every chooser hands the choice back.) */
  name = g_file_get_basename (file);
  if (name != NULL)
    {
      g_autofree char *lower = g_utf8_strdown (name, -1);

      if (g_str_has_suffix (lower, ".json"))
        format = INV_EXPORT_JSON;
    }

  inv_export_dialog_start (self, file, format);
  g_object_unref (self);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern,
            const char     *mime_type)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_chooser_add_filter (chooser, filter);
}

/**
 * inv_export_dialog_choose_file:
 * @parent: the window the chooser belongs to
 *
 * Asks where to export, with the file chooser (the portal's where there is one),
 * and starts the export once a file is chosen.
 */
void
inv_export_dialog_choose_file (InvExportDialog *self,
                               GtkWindow       *parent)
{
  GtkFileChooser *chooser;

  g_return_if_fail (INV_IS_EXPORT_DIALOG (self));
  g_return_if_fail (self->chooser == NULL);

  /* A window that closes takes its export with it; the file stays as it was. */
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  self->chooser = gtk_file_chooser_native_new (self->ids != NULL ? _("Export Selected Invitations")
                                                                 : _("Export Invitations"),
                                               parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  chooser = GTK_FILE_CHOOSER (self->chooser);
  gtk_file_chooser_set_current_name (chooser, "invitations.csv");
  add_filter (chooser, _("CSV for spreadsheets (.csv)"), "*.csv", "text/csv");
  add_filter (chooser, _("JSON (.json)"), "*.json", "application/json");

  /* The chooser's answer holds the window until then. */
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  g_object_ref (self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
inv_export_dialog_dispose (GObject *object)
{
  InvExportDialog *self = INV_EXPORT_DIALOG (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->show_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (inv_export_dialog_parent_class)->dispose (object);
}

static void
inv_export_dialog_finalize (GObject *object)
{
  InvExportDialog *self = INV_EXPORT_DIALOG (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->query, inv_invitation_query_free);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_object (&self->chooser);
  g_clear_object (&self->job);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (inv_export_dialog_parent_class)->finalize (object);
}

static void
inv_export_dialog_class_init (InvExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = inv_export_dialog_dispose;
  object_class->finalize = inv_export_dialog_finalize;
  window_class->close_request = close_request_cb;

  /**
   * InvExportDialog::exported:
   * @file: the file written
   * @n_written: how many invitations it holds
   */
  signals[EXPORTED] =
    g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_FILE, G_TYPE_UINT64);

  /**
   * InvExportDialog::stopped:
   * @file: the file that was left as it was
   */
  signals[STOPPED] =
    g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/invitations/Invitations/inv-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, InvExportDialog, file_label);
  gtk_widget_class_bind_template_child (widget_class, InvExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, InvExportDialog, progress_label);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
inv_export_dialog_init (InvExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * inv_export_dialog_new:
 * @session: the app's session, whose bulk worker writes the file
 * @query: the list's filters, search and order
 * @ids: (nullable): the selected invitations, when only they are exported
 *
 * Returns: (transfer none): a new export window, which GTK owns; show it with
 *   inv_export_dialog_choose_file() or start it with inv_export_dialog_start()
 */
InvExportDialog *
inv_export_dialog_new (InvSession               *session,
                       const InvInvitationQuery *query,
                       GArray                   *ids)
{
  InvExportDialog *self;

  g_return_val_if_fail (INV_IS_SESSION (session), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  self = g_object_new (INV_TYPE_EXPORT_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->query = inv_invitation_query_copy (query);
  self->ids = ids != NULL ? g_array_ref (ids) : NULL;

  return self;
}

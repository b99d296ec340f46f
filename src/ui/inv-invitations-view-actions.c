/* inv-invitations-view-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invitations-view"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-bulk-job.h"
#include "inv-cancel-dialog.h"
#include "inv-cancel.h"
#include "inv-database-invitations.h"
#include "inv-edit-candidate-dialog.h"
#include "inv-history-dialog.h"
#include "inv-invitations-view-private.h"
#include "inv-invite.h"
#include "inv-message-template-dialog.h"
#include "inv-reinvite-dialog.h"
#include "inv-undo-toast.h"

/* ---- Cancelling --------------------------------------------------------------- */

typedef struct
{
  InvInvitationsView *self;
  GArray             *ids;       /* owned */
  char               *candidate_name;
  guint               n_total;
} CancelData;

static void
cancel_data_free (CancelData *data)
{
  g_clear_object (&data->self);
  g_clear_pointer (&data->ids, g_array_unref);
  g_free (data->candidate_name);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CancelData, cancel_data_free)

static void
set_busy (InvInvitationsView *self,
          gboolean            busy,
          const char         *message,
          guint               n_total)
{
  self->busy = busy;
  _inv_invitations_view_update_actions (self);

  if (busy && n_total >= PROGRESS_THRESHOLD)
    {
      gtk_label_set_label (self->progress_label, message);
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
    }
  else if (!busy)
    {
      gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
    }
}

static void
job_fraction_cb (InvInvitationsView *self,
                 GParamSpec         *pspec,
                 InvBulkJob         *job)
{
  gtk_progress_bar_set_fraction (self->progress_bar, inv_bulk_job_get_fraction (job));
}

static void
job_finished_cb (InvInvitationsView *self,
                 GParamSpec         *pspec,
                 InvBulkJob         *job)
{
  if (inv_bulk_job_get_finished (job))
    set_busy (self, FALSE, NULL, 0);
}

/* Runs @job on the session's worker, the view busy (with the progress bar for a big
 * one) until it has finished. */
static void
run_job (InvInvitationsView  *self,
         InvBulkJob          *job,
         const char          *message,
         guint                n_total,
         GAsyncReadyCallback  callback,
         CancelData          *data)
{
  set_busy (self, TRUE, message, n_total);

  g_signal_connect_object (job, "notify::fraction", G_CALLBACK (job_fraction_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "notify::finished", G_CALLBACK (job_finished_cb),
                           self, G_CONNECT_SWAPPED);
  inv_bulk_job_run_async (job, inv_session_get_bulk_worker (self->session), self->cancellable, callback, data);
}

static void
apply_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CancelData) data = user_data;
  InvInvitationsView *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCancelResult) cancel_result = NULL;
  g_autoptr(GHashTable) left = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) cancelled = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *message = NULL;
  AdwToast *toast;
  guint grace;

  cancel_result = inv_bulk_job_run_finish (INV_BULK_JOB (object), result, &error);
  if (cancel_result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _inv_invitations_view_show_message (self, error->message);
      return;
    }

  /* What was cancelled leaves the selection; what was skipped stays selected. */
  for (guint i = 0; i < cancel_result->skipped->len; i++)
    g_hash_table_add (left, &g_array_index (cancel_result->skipped, InvCancelSkipped, i).id);
  for (guint i = 0; i < cancel_result->unknown_ids->len; i++)
    g_hash_table_add (left, &g_array_index (cancel_result->unknown_ids, gint64, i));
  for (guint i = 0; i < data->ids->len; i++)
    if (!g_hash_table_contains (left, &g_array_index (data->ids, gint64, i)))
      g_array_append_val (cancelled, g_array_index (data->ids, gint64, i));

  if (inv_selection_model_get_all_matching (self->selection) && cancel_result->n_skipped == 0)
    inv_selection_model_clear (self->selection);
  else
    inv_selection_model_unselect_ids (self->selection, (const gint64 *)(gpointer)cancelled->data,
                                      cancelled->len);

  if (cancel_result->n_cancelled == 1 && data->candidate_name != NULL)
    message = g_strdup_printf (_("Invitation of %s deleted"), data->candidate_name);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%'u invitation deleted",
                                            "%'u invitations deleted",
                                            cancel_result->n_cancelled),
                               cancel_result->n_cancelled);

  toast = adw_toast_new (message);
  /* The undo period started with the cancel, not with this toast: a long cancel
   * leaves less of it. */
  grace = (guint)CLAMP (cancel_result->hold_until - inv_database_now (), 0, G_MAXINT);
  if (cancel_result->batch_id != 0 && grace > 0)
    {
      /* Undo is an application action carrying the batch: it works wherever the
       * person went meanwhile, even after this view is gone, and is offered exactly
       * as long as the batch is held back from the sync. */
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_timeout (toast, grace);
      adw_toast_set_action_name (toast, "app.undo-cancel");
      adw_toast_set_action_target_value (toast, g_variant_new_int64 (cancel_result->batch_id));
      inv_undo_toast_follow (toast, self->session, cancel_result->batch_id, inv_cancel_can_undo);
    }
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  _inv_invitations_view_show_toast (self, toast);
}

static void
cancel_response_cb (InvCancelDialog *dialog,
                    const char      *response,
                    gpointer         user_data)
{
  g_autoptr(CancelData) data = user_data;
  InvInvitationsView *self = data->self;
  g_autoptr(InvBulkJob) job = NULL;
  g_autofree char *message = NULL;
  InvCancelOptions options;
  guint n_ids;

  if (g_strcmp0 (response, INV_CANCEL_DIALOG_RESPONSE_DELETE) != 0)
    return;

  inv_cancel_dialog_get_options (dialog, &options);
  options.grace_seconds = g_settings_get_uint (self->settings, "cancel-grace-seconds");

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Deleting %'u invitation…",
                                          "Deleting %'u invitations…",
                                          inv_cancel_dialog_get_preview (dialog)->n_eligible),
                             inv_cancel_dialog_get_preview (dialog)->n_eligible);
  n_ids = data->ids->len;
  job = inv_cancel_apply_job_new ((const gint64 *)(gpointer)data->ids->data, n_ids, &options);
  run_job (self, job, message, n_ids, apply_done_cb, g_steal_pointer (&data));
}

static void
open_cancel_dialog (InvInvitationsView     *self,
                    CancelData             *data,
                    const InvCancelPreview *preview)
{
  InvCancelDialog *dialog;
  g_autoptr(InvInvitation) invitation = NULL;

  /* One invitation: the dialog names the message its template sends. */
  if (data->ids->len == 1)
    invitation = inv_database_load_invitation (self->database, g_array_index (data->ids, gint64, 0), NULL);

  dialog = inv_cancel_dialog_new (_inv_invitations_view_get_window (self), self->session, preview,
                                  (const gint64 *)(gpointer)data->ids->data, data->ids->len,
                                  data->candidate_name,
                                  invitation != NULL ? inv_invitation_get_template_name (invitation) : NULL,
                                  g_settings_get_boolean (self->settings, "notify-candidates-default"),
                                  g_settings_get_uint (self->settings, "cancel-grace-seconds"));
  g_signal_connect (dialog, "response", G_CALLBACK (cancel_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
preview_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CancelData *data = user_data;
  InvInvitationsView *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCancelPreview) preview = NULL;

  preview = inv_bulk_job_run_finish (INV_BULK_JOB (object), result, &error);
  if (preview == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _inv_invitations_view_show_message (self, error->message);
      cancel_data_free (data);
      return;
    }

  open_cancel_dialog (self, data, preview);
}

/* Takes @ids; works out what the cancel would do (off the main thread for big
 * selections), then asks. */
static void
start_cancel (InvInvitationsView *self,
              GArray             *ids,
              const char         *candidate_name)
{
  g_autoptr(InvBulkJob) job = NULL;
  CancelData *data;

  if (self->busy || ids->len == 0)
    return;

  data = g_new0 (CancelData, 1);
  data->self = g_object_ref (self);
  data->ids = g_array_ref (ids);
  data->candidate_name = g_strdup (candidate_name);
  data->n_total = ids->len;

  if (ids->len < PROGRESS_THRESHOLD)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(InvCancelPreview) preview = NULL;

      preview = inv_cancel_preview (self->database, (const gint64 *)(gpointer)ids->data, ids->len, &error);
      if (preview == NULL)
        {
          _inv_invitations_view_show_message (self, error->message);
          cancel_data_free (data);
          return;
        }
      open_cancel_dialog (self, data, preview);
      return;
    }

  job = inv_cancel_preview_job_new ((const gint64 *)(gpointer)ids->data, ids->len);
  run_job (self, job, _("Checking the selected invitations…"), ids->len, preview_done_cb, data);
}

/* ---- Actions ------------------------------------------------------------------ */

static void
delete_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  const char *name = NULL;

  if (self->busy || inv_selection_model_get_n_selected (self->selection) == 0)
    return;

  ids = inv_selection_model_dup_selected_ids (self->selection, &error);
  if (ids == NULL)
    {
      _inv_invitations_view_show_message (self, error->message);
      return;
    }

  if (ids->len == 1)
    {
      g_autoptr(InvInvitation) invitation =
        inv_database_load_invitation (self->database, g_array_index (ids, gint64, 0), NULL);

      if (invitation != NULL)
        name = inv_invitation_get_candidate_name (invitation);
      start_cancel (self, ids, name);
      return;
    }

  start_cancel (self, ids, NULL);
}

static void
select_all_matching_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  inv_selection_model_select_all_matching (INV_INVITATIONS_VIEW (widget)->selection);
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  inv_selection_model_clear (INV_INVITATIONS_VIEW (widget)->selection);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);

  self->updating_filters = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  if (self->template_id == 0)
    gtk_drop_down_set_selected (self->template_dropdown, 0);
  self->updating_filters = FALSE;

  inv_invitation_query_set_search (self->query, NULL);
  inv_invitation_query_set_status (self->query, NULL);
  self->query->template_id = self->template_id;
  _inv_invitations_view_apply_query (self);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (INV_INVITATIONS_VIEW (widget)->search_entry));
}

static void
edit_message_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);
  GtkWidget *dialog;

  if (self->template_id == 0)
    return;

  dialog = inv_message_template_dialog_new (_inv_invitations_view_get_window (self), self->session, self->template_id);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Row actions ---------------------------------------------------------------
 *
 * The rows' menus (inv-invitation-menu-button.ui) and check buttons activate these
 * with the invitation's id as the target. */

/* The invitation as it is now, or %NULL (and nothing to do) when it is gone. */
static InvInvitation *
load_target (InvInvitationsView *self,
             GVariant           *parameter)
{
  return inv_database_load_invitation (self->database, g_variant_get_int64 (parameter), NULL);
}

static void
select_invitation_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);
  gint64 id;
  gboolean selected;

  g_variant_get (parameter, "(xb)", &id, &selected);
  inv_selection_model_set_id_selected (self->selection, id, selected);
}

static void
delete_invitation_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);
  g_autoptr(InvInvitation) invitation = load_target (self, parameter);
  g_autoptr(GArray) ids = NULL;
  gint64 id;

  if (invitation == NULL)
    return;

  id = inv_invitation_get_id (invitation);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (ids, id);
  start_cancel (self, ids, inv_invitation_get_candidate_name (invitation));
}

static void
candidate_saved_cb (InvInvitationsView *self)
{
  _inv_invitations_view_show_message (self, _("Candidate details saved"));
}

static void
edit_candidate_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);
  g_autoptr(InvInvitation) invitation = load_target (self, parameter);
  GtkWidget *dialog;

  if (invitation == NULL)
    return;

  dialog = inv_edit_candidate_dialog_new (_inv_invitations_view_get_window (self), self->session,
                                          inv_invitation_get_candidate_id (invitation));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (candidate_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
copy_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);
  g_autoptr(InvInvitation) invitation = load_target (self, parameter);
  const char *why_not;
  const char *link;

  if (invitation == NULL)
    return;

  /* The menu offers this only when there is a link; the row may have changed since
   * it opened. */
  why_not = inv_invitation_get_link_unavailable_reason (invitation);
  link = inv_invitation_get_link (invitation);
  if (why_not != NULL || !inv_invitation_link_is_web (link))
    {
      _inv_invitations_view_show_message (self, why_not != NULL ? why_not : _("This invitation has no link to copy"));
      return;
    }

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), link);
  _inv_invitations_view_show_message (self, _("Invitation link copied"));
}

static void
reinvited_cb (InvInvitationsView *self,
              AdwToast           *toast)
{
  _inv_invitations_view_show_toast (self, toast);
}

static void
reinvite_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);
  g_autoptr(InvInvitation) invitation = load_target (self, parameter);
  InvReinviteDialog *dialog;

  if (invitation == NULL)
    return;

  /* The dialog asks for the deadline and the email; its toast offers Undo. */
  dialog = inv_reinvite_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->session, invitation);
  g_signal_connect_object (dialog, "reinvited", G_CALLBACK (reinvited_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reattempt_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);
  g_autoptr(InvInvitation) invitation = load_target (self, parameter);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (invitation == NULL)
    return;

  if (!inv_invite_reattempt (self->database, inv_invitation_get_id (invitation), NULL, &error))
    {
      _inv_invitations_view_show_message (self, error->message);
      return;
    }

  message = g_strdup_printf (_("New attempt for %s"), inv_invitation_get_candidate_name (invitation));
  _inv_invitations_view_show_message (self, message);
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);
  g_autoptr(InvInvitation) invitation = load_target (self, parameter);
  GtkWidget *dialog;

  if (invitation == NULL)
    return;

  dialog = inv_history_dialog_new (_inv_invitations_view_get_window (self), self->session,
                                   inv_invitation_get_id (invitation),
                                   inv_invitation_get_candidate_name (invitation));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Never enabled: what a row's menu greys out points here (see inv-row-menu.c). */
static void
unavailable_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
}

void
_inv_invitations_view_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "list.delete-selected", NULL, delete_selected_action);
  gtk_widget_class_install_action (widget_class, "list.select-all-matching", NULL, select_all_matching_action);
  gtk_widget_class_install_action (widget_class, "list.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_install_action (widget_class, "list.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "list.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "list.edit-message", NULL, edit_message_action);

  gtk_widget_class_install_action (widget_class, "list.select-invitation", "(xb)", select_invitation_action);
  gtk_widget_class_install_action (widget_class, "list.delete-invitation", "x", delete_invitation_action);
  gtk_widget_class_install_action (widget_class, "list.edit-candidate", "x", edit_candidate_action);
  gtk_widget_class_install_action (widget_class, "list.copy-link", "x", copy_link_action);
  gtk_widget_class_install_action (widget_class, "list.reinvite", "x", reinvite_action);
  gtk_widget_class_install_action (widget_class, "list.reattempt", "x", reattempt_action);
  gtk_widget_class_install_action (widget_class, "list.history", "x", history_action);
  gtk_widget_class_install_action (widget_class, "list.unavailable", "x", unavailable_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "list.find", NULL);
  /* Ctrl+A ticks the rows on screen (inv-invitations-view-keys.c); with Shift it
   * takes every matching one at once. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "list.select-all-matching", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "list.clear-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "list.delete-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "list.delete-selected", NULL);
}

/* inv-invite-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invite-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-database-templates.h"
#include "inv-invite-dialog.h"
#include "inv-invite-results.h"
#include "inv-invite.h"
#include "inv-outbox.h"

/* How many names the warnings list before "and N more". */
#define MAX_LISTED 50

#define DAY (24 * 60 * 60)

struct _InvInviteDialog
{
  AdwWindow         parent_instance;

  InvSession       *session;         /* owned */
  InvDatabase      *database;        /* owned, the session's */
  GArray           *candidate_ids;   /* gint64, owned */
  GArray           *template_ids;    /* gint64 per combo position, owned */
  GListModel       *templates;       /* InvTemplate of the combo, owned */
  InvInvitePreview *preview;         /* owned, nullable while it is computed */
  GCancellable     *preview_cancellable;
  GCancellable     *send_cancellable;
  GPtrArray        *extra_rows;      /* rows added to the expanders, to remove them again */
  gboolean          sending;
  gint64            batch_id;
  InvInviteRequest *send_request;    /* owned while sending: the results show what was asked */

  GtkButton        *cancel_button;
  GtkButton        *send_button;
  GtkStack         *stack;
  AdwComboRow      *template_row;
  AdwActionRow     *duration_row;
  GtkSpinButton    *duration_spin;
  AdwEntryRow      *schedule_row;
  AdwEntryRow      *message_row;
  AdwPreferencesGroup *template_group;
  AdwActionRow     *ready_row;
  AdwExpanderRow   *already_row;
  AdwActionRow     *include_row;
  GtkSwitch        *include_switch;
  AdwExpanderRow   *invalid_row;
  AdwActionRow     *batches_row;
  GtkLabel         *progress_label;
  GtkProgressBar   *progress_bar;
  GtkButton        *stop_button;
  AdwBin           *results_bin;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

enum {
  SENT,
  RESULTS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (InvInviteDialog, inv_invite_dialog, ADW_TYPE_WINDOW)

/* Work in a thread may end after the dialog was closed (with its window): the callbacks
 * reach the dialog through a weak reference and do nothing when it is gone. */
typedef struct
{
  GWeakRef      dialog;
  GCancellable *cancellable;   /* owned, nullable: the preview's, to tell a stale one */
} Handle;

static Handle *
handle_new (InvInviteDialog *self)
{
  Handle *handle = g_new0 (Handle, 1);

  g_weak_ref_init (&handle->dialog, self);

  return handle;
}

static void
handle_free (Handle *handle)
{
  g_weak_ref_clear (&handle->dialog);
  g_clear_object (&handle->cancellable);
  g_free (handle);
}

static InvTemplate *
selected_template (InvInviteDialog *self)
{
  guint position = adw_combo_row_get_selected (self->template_row);

  if (self->templates == NULL || position >= g_list_model_get_n_items (self->templates))
    return NULL;

  return g_list_model_get_item (self->templates, position);
}

/**
 * inv_invite_dialog_get_n_to_send:
 *
 * Returns: how many invitations "Send" will queue now (the number on its button)
 */
guint
inv_invite_dialog_get_n_to_send (InvInviteDialog *self)
{
  g_return_val_if_fail (INV_IS_INVITE_DIALOG (self), 0);

  if (self->preview == NULL)
    return 0;

  return inv_invite_preview_count_to_send (self->preview, gtk_switch_get_active (self->include_switch));
}

static gboolean
parse_schedule (InvInviteDialog *self,
                gint64          *scheduled_at)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->schedule_row));
  int year, month, day, hour, minute;
  g_autoptr(GDateTime) local = NULL;
  char trailing;

  if (sscanf (text, "%d-%d-%d %d:%d%c", &year, &month, &day, &hour, &minute, &trailing) != 5)
    return FALSE;

  local = g_date_time_new_local (year, month, day, hour, minute, 0);
  if (local == NULL)
    return FALSE;

  *scheduled_at = g_date_time_to_unix (local);

  return *scheduled_at > inv_database_now ();
}

static void
update_send_button (InvInviteDialog *self)
{
  guint n = inv_invite_dialog_get_n_to_send (self);
  g_autofree char *label = NULL;
  g_autoptr(InvTemplate) template = selected_template (self);
  gboolean schedule_ok = TRUE;
  gint64 scheduled_at;

  if (template != NULL && inv_template_get_is_live (template))
    schedule_ok = parse_schedule (self, &scheduled_at);

  if (self->preview == NULL)
    label = g_strdup (_("Checking…"));
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Send Invite to %'u Candidate",
                                          "Send Invite to %'u Candidates", n),
                             n);

  gtk_button_set_label (self->send_button, label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "invite.send",
                                 !self->sending && self->preview != NULL && n > 0 && schedule_ok);
}

static void
clear_extra_rows (InvInviteDialog *self)
{
  for (guint i = 0; i < self->extra_rows->len; i++)
    {
      GtkWidget *row = self->extra_rows->pdata[i];
      GtkWidget *expander = gtk_widget_get_ancestor (row, ADW_TYPE_EXPANDER_ROW);

      if (expander != NULL)
        adw_expander_row_remove (ADW_EXPANDER_ROW (expander), row);
    }
  g_ptr_array_set_size (self->extra_rows, 0);
}

static void
add_entry_row (InvInviteDialog       *self,
               AdwExpanderRow        *expander,
               const char            *title,
               const char            *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_expander_row_add_row (expander, row);
  g_ptr_array_add (self->extra_rows, row);
}

static void
show_preview (InvInviteDialog *self)
{
  InvInvitePreview *preview = self->preview;
  g_autofree char *ready = NULL;
  g_autofree char *already = NULL;
  g_autofree char *invalid = NULL;
  guint listed_already = 0;
  guint listed_invalid = 0;
  guint n_to_send;

  clear_extra_rows (self);

  if (preview == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->ready_row), _("Checking the selection…"));
      gtk_widget_set_visible (GTK_WIDGET (self->already_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->include_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->invalid_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->batches_row), FALSE);
      update_send_button (self);
      return;
    }

  n_to_send = inv_invite_dialog_get_n_to_send (self);

  if (preview->refusal != NULL)
    ready = g_strdup (preview->refusal);
  else
    ready = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%'u of %'u selected will be invited to “%s”",
                                          "%'u of %'u selected will be invited to “%s”",
                                          n_to_send),
                             n_to_send, self->candidate_ids->len, preview->template_name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->ready_row), ready);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->ready_row), FALSE);
  if (preview->template_is_sample)
    adw_action_row_set_subtitle (self->ready_row,
                                 _("This is a sample template: the invitations stay on this computer and are never sent."));
  else
    adw_action_row_set_subtitle (self->ready_row,
                                 _("Queued now and sent at the next sync: each candidate gets their own email with a unique, single-use link."));

  already = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%'u already has a pending or in-progress invitation for this template",
                                          "%'u already have a pending or in-progress invitation for this template",
                                          preview->n_already_invited),
                             preview->n_already_invited);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->already_row), already);
  gtk_widget_set_visible (GTK_WIDGET (self->already_row), preview->n_already_invited > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->include_row), preview->n_already_invited > 0);

  invalid = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%'u cannot be invited",
                                          "%'u cannot be invited",
                                          preview->n_invalid),
                             preview->n_invalid);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->invalid_row), invalid);
  gtk_widget_set_visible (GTK_WIDGET (self->invalid_row), preview->n_invalid > 0);

  for (guint i = 0; i < preview->entries->len; i++)
    {
      InvInvitePreviewEntry *entry = preview->entries->pdata[i];
      g_autofree char *subtitle = NULL;

      if (entry->verdict == INV_INVITE_READY)
        continue;

      subtitle = g_strdup_printf ("%s — %s", entry->email, entry->reason);
      if (entry->verdict == INV_INVITE_ALREADY_INVITED && listed_already++ < MAX_LISTED)
        add_entry_row (self, self->already_row, entry->name, subtitle);
      else if (entry->verdict != INV_INVITE_ALREADY_INVITED && listed_invalid++ < MAX_LISTED)
        add_entry_row (self, self->invalid_row, entry->name, subtitle);
    }

  if (listed_already > MAX_LISTED)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "…and %'u more", "…and %'u more",
                                                            listed_already - MAX_LISTED),
                                               listed_already - MAX_LISTED);
      add_entry_row (self, self->already_row, more, NULL);
    }
  if (listed_invalid > MAX_LISTED)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "…and %'u more", "…and %'u more",
                                                            listed_invalid - MAX_LISTED),
                                               listed_invalid - MAX_LISTED);
      add_entry_row (self, self->invalid_row, more, NULL);
    }

  /* A short list is shown at once; a long one waits to be opened. */
  adw_expander_row_set_expanded (self->already_row, preview->n_already_invited <= 5);
  adw_expander_row_set_expanded (self->invalid_row, preview->n_invalid <= 5);

  if (n_to_send > INV_INVITE_BATCH_SIZE)
    {
      guint n_batches = (n_to_send + INV_INVITE_BATCH_SIZE - 1) / INV_INVITE_BATCH_SIZE;
      g_autofree char *batches = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "Queued in %'u batch of up to %u, one after another; you can stop between batches",
                                                               "Queued in %'u batches of up to %u, one after another; you can stop between batches",
                                                               n_batches),
                                                  n_batches, INV_INVITE_BATCH_SIZE);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->batches_row), batches);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->batches_row), n_to_send > INV_INVITE_BATCH_SIZE);

  update_send_button (self);
}

static void
preview_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Handle *handle = user_data;
  g_autoptr(InvInviteDialog) self = g_weak_ref_get (&handle->dialog);
  g_autoptr(GError) error = NULL;
  InvInvitePreview *preview;

  preview = inv_bulk_job_run_finish (INV_BULK_JOB (source), result, &error);
  if (self == NULL || g_cancellable_is_cancelled (handle->cancellable))
    {
      handle_free (handle);
      g_clear_pointer (&preview, inv_invite_preview_free);
      return;
    }
  handle_free (handle);

  if (preview == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->ready_row), error->message);
      return;
    }

  g_clear_pointer (&self->preview, inv_invite_preview_free);
  self->preview = preview;
  show_preview (self);
}

static void
refresh_preview (InvInviteDialog *self)
{
  g_autoptr(InvTemplate) template = selected_template (self);
  g_autoptr(InvBulkJob) job = NULL;
  Handle *handle;

  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_pointer (&self->preview, inv_invite_preview_free);
  show_preview (self);

  if (template == NULL)
    return;

  /* The preview reads every selected candidate: for thousands, off the main thread. */
  self->preview_cancellable = g_cancellable_new ();
  handle = handle_new (self);
  handle->cancellable = g_object_ref (self->preview_cancellable);
  job = inv_invite_preview_job_new (inv_template_get_id (template),
                                    (const gint64 *)(gpointer)self->candidate_ids->data,
                                    self->candidate_ids->len);
  inv_bulk_job_run_async (job, inv_session_get_bulk_worker (self->session), self->preview_cancellable,
                          preview_done_cb, handle);
}

static void
template_changed_cb (InvInviteDialog *self)
{
  g_autoptr(InvTemplate) template = selected_template (self);
  gboolean live;

  if (template == NULL)
    return;

  live = inv_template_get_is_live (template);
  gtk_spin_button_set_value (self->duration_spin, inv_template_get_validity_days (template));
  adw_action_row_set_subtitle (self->duration_row, NULL);
  {
    g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The template’s default is %u day",
                                                              "The template’s default is %u days",
                                                              inv_template_get_validity_days (template)),
                                                 inv_template_get_validity_days (template));
    adw_action_row_set_subtitle (self->duration_row, subtitle);
  }

  gtk_widget_set_visible (GTK_WIDGET (self->schedule_row), live);
  if (live)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Live interview, %u minute: date and time (YYYY-MM-DD HH:MM)",
                                                             "Live interview, %u minutes: date and time (YYYY-MM-DD HH:MM)",
                                                             inv_template_get_duration_minutes (template)),
                                                inv_template_get_duration_minutes (template));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->schedule_row), title);
      if (*gtk_editable_get_text (GTK_EDITABLE (self->schedule_row)) == '\0')
        {
          /* Tomorrow at ten, a time most people can read as a suggestion. */
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();
          g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
          g_autoptr(GDateTime) ten = g_date_time_new_local (g_date_time_get_year (tomorrow),
                                                            g_date_time_get_month (tomorrow),
                                                            g_date_time_get_day_of_month (tomorrow),
                                                            10, 0, 0);
          g_autofree char *text = g_date_time_format (ten, "%Y-%m-%d %H:%M");

          gtk_editable_set_text (GTK_EDITABLE (self->schedule_row), text);
        }
    }

  refresh_preview (self);
}

static void
schedule_changed_cb (InvInviteDialog *self)
{
  gint64 scheduled_at;

  if (parse_schedule (self, &scheduled_at))
    gtk_widget_remove_css_class (GTK_WIDGET (self->schedule_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->schedule_row), "error");

  update_send_button (self);
}

static void
include_changed_cb (InvInviteDialog *self)
{
  if (self->preview != NULL)
    show_preview (self);
}

/* Sending -------------------------------------------------------------------------- */

static void
show_progress (InvInviteDialog *self,
               guint            done,
               guint            total)
{
  guint n_batches = (total + INV_INVITE_BATCH_SIZE - 1) / INV_INVITE_BATCH_SIZE;
  guint batch = (done + INV_INVITE_BATCH_SIZE - 1) / INV_INVITE_BATCH_SIZE;
  g_autofree char *label = NULL;

  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Queued %'u of %'u — batch %'u of %'u",
                                        "Queued %'u of %'u — batch %'u of %'u", total),
                           done, total, batch, n_batches);
  gtk_label_set_label (self->progress_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double)done / total : 1.0);
}

static void
send_progress_cb (InvInviteDialog *self,
                  GParamSpec      *pspec,
                  InvBulkJob      *job)
{
  if (self->sending)
    show_progress (self, inv_bulk_job_get_done (job), inv_bulk_job_get_total (job));
}

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Handle *handle = user_data;
  g_autoptr(InvInviteDialog) self = g_weak_ref_get (&handle->dialog);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(InvInviteRequest) request = NULL;
  InvInviteResults *results;
  const char *stop_reason = NULL;
  guint n_queued = 0;

  outcomes = inv_bulk_job_run_finish (INV_BULK_JOB (source), result, &error);
  handle_free (handle);
  if (self == NULL)
    return;

  request = g_steal_pointer (&self->send_request);
  self->sending = FALSE;

  if (outcomes == NULL)
    {
      AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                                             _("Nothing Was Queued"),
                                                                             error->message));

      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      gtk_stack_set_visible_child_name (self->stack, "setup");
      gtk_widget_set_visible (GTK_WIDGET (self->send_button), TRUE);
      update_send_button (self);
      return;
    }

  for (guint i = 0; i < outcomes->len; i++)
    if (((InvInviteOutcome *)outcomes->pdata[i])->invitation_id != 0)
      n_queued++;

  /* Unless the person stopped, queueing ends early only when a batch could not be
   * written: its rows carry why, the last one among them. */
  if (outcomes->len < self->candidate_ids->len && outcomes->len > 0 &&
      !g_cancellable_is_cancelled (self->send_cancellable))
    stop_reason = ((InvInviteOutcome *)outcomes->pdata[outcomes->len - 1])->error;

  results = inv_invite_results_new (self->session, request, self->batch_id);
  /* Outcomes follow the selection's order: the rest was never reached. */
  inv_invite_results_set_outcomes (results, outcomes,
                                   &g_array_index (self->candidate_ids, gint64, MIN (outcomes->len, self->candidate_ids->len)),
                                   self->candidate_ids->len - MIN (outcomes->len, self->candidate_ids->len),
                                   stop_reason);
  adw_bin_set_child (self->results_bin, GTK_WIDGET (results));
  gtk_stack_set_visible_child_name (self->stack, "results");
  gtk_button_set_label (self->cancel_button, _("_Close"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);

  g_signal_emit (self, signals[RESULTS], 0, results);
  if (n_queued > 0)
    g_signal_emit (self, signals[SENT], 0);
}

static void start_send (InvInviteDialog *self);

static void
confirm_response_cb (InvInviteDialog *self,
                     const char      *response)
{
  if (g_strcmp0 (response, "send") == 0)
    start_send (self);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  InvInviteDialog *self = INV_INVITE_DIALOG (widget);
  guint n = inv_invite_dialog_get_n_to_send (self);
  guint n_batches = (n + INV_INVITE_BATCH_SIZE - 1) / INV_INVITE_BATCH_SIZE;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *label = NULL;
  AdwMessageDialog *dialog;

  if (self->preview == NULL || self->sending)
    return;

  if (n <= INV_INVITE_BATCH_SIZE)
    {
      start_send (self);
      return;
    }

  /* Above the service's soft limit, once more with the exact numbers. */
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Invite %'u Candidate?", "Invite %'u Candidates?", n), n);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "That is more than %u at once, the invitation service’s limit: the invitations are queued in %'u batch of up to %u, one after another. You can stop between batches.",
                                       "That is more than %u at once, the invitation service’s limit: the invitations are queued in %'u batches of up to %u, one after another. You can stop between batches.",
                                       n_batches),
                          INV_INVITE_BATCH_SIZE, n_batches, INV_INVITE_BATCH_SIZE);
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Invite %'u Candidate", "_Invite %'u Candidates", n), n);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "send", label, NULL);
  adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "send");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
start_send (InvInviteDialog *self)
{
  g_autoptr(InvTemplate) template = selected_template (self);
  InvInviteRequest *request;
  g_autoptr(InvBulkJob) job = NULL;
  g_autoptr(GError) error = NULL;

  if (template == NULL || self->preview == NULL || self->sending)
    return;

  request = inv_invite_request_new (inv_template_get_id (template));
  request->starts_at = inv_database_now ();
  request->ends_at = request->starts_at + (gint64)gtk_spin_button_get_value_as_int (self->duration_spin) * DAY;
  request->include_already_invited = gtk_switch_get_active (self->include_switch);
  request->message = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->message_row)));
  g_strstrip (request->message);
  if (inv_template_get_is_live (template) && !parse_schedule (self, &request->scheduled_at))
    {
      inv_invite_request_free (request);
      gtk_widget_add_css_class (GTK_WIDGET (self->schedule_row), "error");
      return;
    }

  /* A batch number now, so a retry of the failed ones later joins the same results. */
  self->batch_id = inv_outbox_new_batch_id (self->database, &error);
  if (self->batch_id == 0)
    g_warning ("Could not number the batch: %s", error->message);
  request->batch_id = self->batch_id;

  self->sending = TRUE;
  g_clear_object (&self->send_cancellable);
  self->send_cancellable = g_cancellable_new ();
  g_clear_pointer (&self->send_request, inv_invite_request_free);
  self->send_request = request;

  gtk_widget_set_visible (GTK_WIDGET (self->send_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stop_button), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "sending");
  show_progress (self, 0, inv_invite_dialog_get_n_to_send (self));

  /* On the session's worker, which stops between batches when asked. */
  job = inv_invite_queue_job_new (request, (const gint64 *)(gpointer)self->candidate_ids->data,
                                  self->candidate_ids->len);
  g_signal_connect_object (job, "notify::done", G_CALLBACK (send_progress_cb), self, G_CONNECT_SWAPPED);
  inv_bulk_job_run_async (job, inv_session_get_bulk_worker (self->session), self->send_cancellable,
                          send_done_cb, handle_new (self));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  InvInviteDialog *self = INV_INVITE_DIALOG (widget);

  g_cancellable_cancel (self->send_cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stop_button), FALSE);
  gtk_label_set_label (self->progress_label, _("Stopping after this batch…"));
}

static gboolean
inv_invite_dialog_close_request (GtkWindow *window)
{
  InvInviteDialog *self = INV_INVITE_DIALOG (window);

  /* Closing while sending stops between batches; what was queued stays queued. */
  g_cancellable_cancel (self->send_cancellable);
  g_cancellable_cancel (self->preview_cancellable);

  return GTK_WINDOW_CLASS (inv_invite_dialog_parent_class)->close_request (window);
}

static void
inv_invite_dialog_constructed (GObject *object)
{
  InvInviteDialog *self = INV_INVITE_DIALOG (object);

  G_OBJECT_CLASS (inv_invite_dialog_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));

  self->database = g_object_ref (inv_session_get_database (self->session));
}

static void
inv_invite_dialog_dispose (GObject *object)
{
  InvInviteDialog *self = INV_INVITE_DIALOG (object);

  /* A worker may hold the dialog a little longer than its parent window lives. */
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);

  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->send_cancellable);
  g_clear_pointer (&self->preview, inv_invite_preview_free);
  g_clear_pointer (&self->send_request, inv_invite_request_free);
  g_clear_pointer (&self->candidate_ids, g_array_unref);
  g_clear_pointer (&self->template_ids, g_array_unref);
  g_clear_pointer (&self->extra_rows, g_ptr_array_unref);
  g_clear_object (&self->templates);
  g_clear_object (&self->database);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (inv_invite_dialog_parent_class)->dispose (object);
}

static void
inv_invite_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  InvInviteDialog *self = INV_INVITE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invite_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  InvInviteDialog *self = INV_INVITE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invite_dialog_class_init (InvInviteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = inv_invite_dialog_constructed;
  object_class->dispose = inv_invite_dialog_dispose;
  object_class->get_property = inv_invite_dialog_get_property;
  object_class->set_property = inv_invite_dialog_set_property;
  window_class->close_request = inv_invite_dialog_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * InvInviteDialog::results:
   * @results: the results view, which follows the sync; keep a reference to show it
   *   again after the dialog closed
   */
  signals[RESULTS] = g_signal_new ("results", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, INV_TYPE_INVITE_RESULTS);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-invite-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, template_row);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, duration_row);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, message_row);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, template_group);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, ready_row);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, already_row);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, include_row);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, include_switch);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, invalid_row);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, batches_row);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, InvInviteDialog, results_bin);
  gtk_widget_class_bind_template_callback (widget_class, template_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, schedule_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, include_changed_cb);

  gtk_widget_class_install_action (widget_class, "invite.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "invite.stop", NULL, stop_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (INV_TYPE_INVITE_RESULTS);
}

static void
inv_invite_dialog_init (InvInviteDialog *self)
{
  self->extra_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The picker shows each template's whole name, wrapped, with what tells two alike
 * apart: a demo template is labelled, and so is a live interview. */
static void
template_item_setup_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        gpointer                  in_list)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *tag = gtk_label_new (NULL);
  GtkWidget *about = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (name), in_list != NULL ? 48 : 36);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (tag, "caption-heading");
  gtk_widget_add_css_class (tag, "warning");
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), tag);
  gtk_box_append (GTK_BOX (box), top);

  gtk_label_set_xalign (GTK_LABEL (about), 0);
  gtk_label_set_wrap (GTK_LABEL (about), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (about), 48);
  gtk_widget_add_css_class (about, "caption");
  gtk_widget_add_css_class (about, "dim-label");
  gtk_widget_set_visible (about, in_list != NULL);
  gtk_box_append (GTK_BOX (box), about);

  gtk_list_item_set_child (item, box);
}

static void
template_item_bind_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  in_list)
{
  InvTemplate *template = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *top = gtk_widget_get_first_child (box);
  GtkWidget *name = gtk_widget_get_first_child (top);
  GtkWidget *tag = gtk_widget_get_next_sibling (name);
  GtkWidget *about = gtk_widget_get_next_sibling (top);
  g_autofree char *details = NULL;
  gboolean sample = inv_template_get_is_sample (template);

  gtk_label_set_label (GTK_LABEL (name), inv_template_get_name (template));
  gtk_label_set_label (GTK_LABEL (tag), sample ? C_("template", "Sample") : NULL);
  gtk_widget_set_visible (tag, sample);

  if (sample)
    details = g_strdup (_("Sample template: its invitations stay on this computer and are never sent"));
  else if (inv_template_get_is_live (template))
    {
      /* Two counts, each with its own plural form. */
      guint minutes = inv_template_get_duration_minutes (template);
      guint days = inv_template_get_validity_days (template);
      g_autofree char *length = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Live interview of %u minute",
                                                              "Live interview of %u minutes", minutes),
                                                 minutes);
      g_autofree char *validity = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "valid %u day",
                                                                "valid %u days", days),
                                                   days);

      /* Translators: a live interview template's length and how long its invitations
       * are valid, "Live interview of 45 minutes, valid 7 days" */
      details = g_strdup_printf (C_("template details", "%s, %s"), length, validity);
    }
  else
    details = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Assessment, valid %u day",
                                            "Assessment, valid %u days",
                                            inv_template_get_validity_days (template)),
                               inv_template_get_validity_days (template));
  gtk_label_set_label (GTK_LABEL (about), details);
}

static GtkListItemFactory *
template_factory_new (gboolean in_list)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (template_item_setup_cb), GINT_TO_POINTER (in_list));
  g_signal_connect (factory, "bind", G_CALLBACK (template_item_bind_cb), GINT_TO_POINTER (in_list));

  return factory;
}

static void
load_templates (InvInviteDialog *self)
{
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListStore) open = g_list_store_new (INV_TYPE_TEMPLATE);
  g_autoptr(GPtrArray) demo = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) closed = g_string_new (NULL);
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkListItemFactory) list_factory = NULL;
  g_autoptr(GError) error = NULL;
  guint n_closed = 0;

  self->template_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  all = inv_database_list_templates (self->database, &error);
  if (all == NULL)
    {
      g_warning ("Could not read the templates: %s", error->message);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(InvTemplate) template = g_list_model_get_item (all, i);

      /* A closed template accepts no invitations: it cannot be chosen, and the note
       * below the choice says so. */
      if (!inv_template_get_active (template))
        {
          if (n_closed++ > 0)
            g_string_append (closed, ", ");
          g_string_append_printf (closed, "“%s”", inv_template_get_name (template));
          continue;
        }

      /* Demo templates come after the real ones, so the first choice is real. */
      if (inv_template_get_is_sample (template))
        {
          g_ptr_array_add (demo, g_steal_pointer (&template));
          continue;
        }

      {
        gint64 id = inv_template_get_id (template);

        g_array_append_val (self->template_ids, id);
        g_list_store_append (open, template);
      }
    }

  for (guint i = 0; i < demo->len; i++)
    {
      gint64 id = inv_template_get_id (demo->pdata[i]);

      g_array_append_val (self->template_ids, id);
      g_list_store_append (open, demo->pdata[i]);
    }

  self->templates = G_LIST_MODEL (g_steal_pointer (&open));
  factory = template_factory_new (FALSE);
  list_factory = template_factory_new (TRUE);
  adw_combo_row_set_factory (self->template_row, GTK_LIST_ITEM_FACTORY (factory));
  adw_combo_row_set_list_factory (self->template_row, GTK_LIST_ITEM_FACTORY (list_factory));
  adw_combo_row_set_model (self->template_row, self->templates);

  if (n_closed > 0)
    {
      g_autofree char *note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "A closed template accepts no new invitations and cannot be chosen: %s.",
                                                            "Closed templates accept no new invitations and cannot be chosen: %s.",
                                                            n_closed),
                                               closed->str);

      adw_preferences_group_set_description (self->template_group, note);
    }
}

/**
 * inv_invite_dialog_new:
 * @candidate_ids: (array length=n_candidates): the selected candidates
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
InvInviteDialog *
inv_invite_dialog_new (GtkWindow    *parent,
                       InvSession   *session,
                       const gint64 *candidate_ids,
                       guint         n_candidates)
{
  InvInviteDialog *self;

  g_return_val_if_fail (INV_IS_SESSION (session), NULL);

  self = g_object_new (INV_TYPE_INVITE_DIALOG,
                       "transient-for", parent,
                       "session", session,
                       NULL);
  self->candidate_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_candidates);
  g_array_append_vals (self->candidate_ids, candidate_ids, n_candidates);

  load_templates (self);
  template_changed_cb (self);
  if (self->template_ids->len == 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->ready_row),
                                     _("No interview template accepts invitations: sync with the invitation service to get its open templates"));
      update_send_button (self);
    }

  return self;
}

/**
 * inv_invite_dialog_set_template:
 *
 * Chooses the template, as a person picking it in the list would.
 */
void
inv_invite_dialog_set_template (InvInviteDialog *self,
                                gint64           template_id)
{
  g_return_if_fail (INV_IS_INVITE_DIALOG (self));

  for (guint i = 0; i < self->template_ids->len; i++)
    if (g_array_index (self->template_ids, gint64, i) == template_id)
      adw_combo_row_set_selected (self->template_row, i);
}

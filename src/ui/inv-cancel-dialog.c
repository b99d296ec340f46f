/* inv-cancel-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-cancel-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-cancel-dialog.h"
#include "inv-database-invitations.h"
#include "inv-invitation.h"
#include "inv-message-template.h"

/* The warning before a cancel. It says exactly what will happen — how many will be
 * cancelled, how many skipped and why, who gets notified — from a preview the core
 * computed, so the number on the destructive button is the number that is applied.
 * The email preview pages through the invitations that will really be cancelled, one
 * recipient at a time, asking the core for the next one: a selection of a million
 * is never read whole. */
struct _InvCancelDialog
{
  AdwMessageDialog  parent_instance;

  InvSession       *session;         /* owned */
  InvDatabase      *database;        /* owned, the session's */
  InvCancelPreview *preview;         /* owned */
  GArray           *ids;             /* owned: the selection, sorted, without duplicates */
  guint             index;           /* in ids: the recipient shown */
  guint             position;        /* its number among the recipients, from 0 */
  gboolean          has_recipient;
  GArray           *reasons;         /* owned: InvCancelReason of each choice after the
                                      * first ("Choose a reason") */
  InvMessageSettings missing;

  GtkLabel         *skipped_label;
  GtkLabel         *interviewers_label;
  GtkWidget        *settings_box;
  GtkLabel         *settings_label;
  AdwEntryRow      *company_row;
  AdwEntryRow      *signature_row;
  AdwActionRow     *notify_row;
  GtkSwitch        *notify_switch;
  AdwComboRow      *reason_row;
  AdwEntryRow      *note_row;
  GtkWidget        *email_group;
  GtkWidget        *pager_box;
  GtkButton        *previous_button;
  GtkButton        *next_button;
  GtkLabel         *position_label;
  GtkScrolledWindow *preview_scroller;
  GtkLabel         *recipient_label;
  GtkLabel         *subject_label;
  GtkLabel         *email_label;
  GtkLabel         *notice_label;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvCancelDialog, inv_cancel_dialog, ADW_TYPE_MESSAGE_DIALOG)

static GParamSpec *properties[N_PROPS];

/* The chosen reason; FALSE while none is chosen. */
static gboolean
get_reason (InvCancelDialog *self,
            InvCancelReason *reason)
{
  guint selected = adw_combo_row_get_selected (self->reason_row);

  if (self->reasons == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION ||
      selected > self->reasons->len)
    return FALSE;

  if (reason != NULL)
    *reason = g_array_index (self->reasons, InvCancelReason, selected - 1);

  return TRUE;
}

static const char *
get_note (InvCancelDialog *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->note_row)))
    return NULL;

  return gtk_editable_get_text (GTK_EDITABLE (self->note_row));
}

static char *
describe_interviewers (const InvCancelEmail *email)
{
  g_autofree char *names = NULL;
  guint n = g_strv_length (email->interviewers);

  if (!email->is_live)
    return NULL;

  if (n == 0)
    return g_strdup (_("This live interview has no interviewers to notify."));

  /* Translators: separates interviewers: "Ada <ada@example.org>, Bo <bo@example.org>" */
  names = g_strjoinv (_(", "), email->interviewers);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Interviewer %s gets a notice that this interview is cancelled.",
                                       "Interviewers %s get a notice that this interview is cancelled.",
                                       n),
                          names);
}

static void
update_email_preview (InvCancelDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCancelEmail) email = NULL;
  g_autofree char *position = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *notice = NULL;
  InvCancelReason reason = INV_CANCEL_REASON_NOT_STATED;
  gboolean notify = gtk_switch_get_active (self->notify_switch);
  guint n = self->preview->n_eligible;

  gtk_widget_set_visible (self->email_group, self->has_recipient);
  if (!self->has_recipient)
    return;

  /* Until a reason is chosen the preview shows the message without one. */
  get_reason (self, &reason);

  gtk_widget_set_visible (self->pager_box, n > 1);
  /* Translators: the recipient shown in the email preview: "3 of 1,250" */
  position = g_strdup_printf (_("%'u of %'u"), self->position + 1, n);
  gtk_label_set_label (self->position_label, position);
  gtk_widget_set_sensitive (GTK_WIDGET (self->previous_button), self->position > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), self->position + 1 < n);

  email = inv_message_template_render_email (self->database, g_array_index (self->ids, gint64, self->index),
                                             reason, NULL, get_note (self), &error);
  if (email == NULL)
    {
      gtk_label_set_label (self->recipient_label, "");
      gtk_label_set_label (self->subject_label, "");
      gtk_label_set_label (self->email_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->notice_label), FALSE);
      return;
    }

  /* Translators: the email preview's recipient: "To: Zoë Müller <zoe@example.org>" */
  recipient = g_strdup_printf (_("To: %s <%s>"), email->candidate_name, email->email);
  gtk_label_set_label (self->recipient_label, recipient);
  /* Translators: the email preview's subject line */
  subject = g_strdup_printf (_("Subject: %s"), email->subject);
  gtk_label_set_label (self->subject_label, subject);
  gtk_label_set_label (self->email_label, email->body);

  /* The candidate's email is not sent, but interviewers are still told. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->recipient_label), notify);
  gtk_widget_set_sensitive (GTK_WIDGET (self->subject_label), notify);
  gtk_widget_set_sensitive (GTK_WIDGET (self->email_label), notify);

  notice = describe_interviewers (email);
  gtk_label_set_label (self->notice_label, notice != NULL ? notice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), notice != NULL);
}

/* What the Preferences leave unset that the message needs: said plainly, with the
 * way to set it, and the cancel cannot be confirmed meanwhile. */
static void
update_settings (InvCancelDialog *self)
{
  g_autoptr(GHashTable) texts = NULL;
  gboolean notify = gtk_switch_get_active (self->notify_switch);
  const char *text = NULL;
  gulong n;

  self->missing = INV_MESSAGE_SETTING_NONE;

  if (notify && self->preview->n_eligible > self->preview->n_eligible_sample)
    {
      g_autofree char *message = NULL;

      if (self->has_recipient)
        {
          g_autoptr(InvInvitation) invitation =
            inv_database_load_invitation (self->database, g_array_index (self->ids, gint64, self->index), NULL);

          if (invitation != NULL)
            message = inv_message_template_load (self->database, inv_invitation_get_template_id (invitation),
                                                 NULL, NULL);
        }
      /* The default is what most templates use; a template with its own text is
       * checked when it is queued. */
      self->missing = inv_message_template_get_missing (self->database, message);
    }

  n = self->preview->n_eligible - self->preview->n_eligible_sample;
  if (self->missing == (INV_MESSAGE_SETTING_COMPANY | INV_MESSAGE_SETTING_SIGNATURE))
    text = ngettext ("No company name and no sender signature are set. The email would reach the candidate "
                     "with “{company}” and “{signature}” in it: set them below, or send no email.",
                     "No company name and no sender signature are set. The emails would reach the candidates "
                     "with “{company}” and “{signature}” in them: set them below, or send no emails.", n);
  else if (self->missing == INV_MESSAGE_SETTING_COMPANY)
    text = ngettext ("No company name is set. The email would reach the candidate with “{company}” in it: "
                     "set it below, or send no email.",
                     "No company name is set. The emails would reach the candidates with “{company}” in them: "
                     "set it below, or send no emails.", n);
  else if (self->missing == INV_MESSAGE_SETTING_SIGNATURE)
    text = ngettext ("No sender signature is set. The email would reach the candidate with “{signature}” in it: "
                     "set it below, or send no email.",
                     "No sender signature is set. The emails would reach the candidates with “{signature}” in them: "
                     "set it below, or send no emails.", n);

  gtk_label_set_label (self->settings_label, text != NULL ? text : "");
  gtk_widget_set_visible (self->settings_box, text != NULL);
  /* Only what is missing is asked for; the values are kept for every later message. */
  gtk_widget_set_visible (GTK_WIDGET (self->company_row), (self->missing & INV_MESSAGE_SETTING_COMPANY) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->signature_row), (self->missing & INV_MESSAGE_SETTING_SIGNATURE) != 0);
}

static void
update_response (InvCancelDialog *self)
{
  gboolean enabled = self->preview->n_eligible > 0 &&
                     get_reason (self, NULL) &&
                     self->missing == INV_MESSAGE_SETTING_NONE;

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self),
                                           INV_CANCEL_DIALOG_RESPONSE_DELETE, enabled);
}

static void refresh_cb (InvCancelDialog *self);

static void
store_setting (InvCancelDialog *self,
               AdwEntryRow     *row,
               gboolean         signature)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  gboolean stored;

  if (signature)
    stored = inv_message_template_set_signature (self->database, text, &error);
  else
    stored = inv_message_template_set_company (self->database, text, &error);

  if (!stored)
    {
      gtk_label_set_label (self->settings_label, error->message);
      return;
    }

  refresh_cb (self);
}

static void
company_apply_cb (InvCancelDialog *self)
{
  store_setting (self, self->company_row, FALSE);
}

static void
signature_apply_cb (InvCancelDialog *self)
{
  store_setting (self, self->signature_row, TRUE);
}

static void
refresh_cb (InvCancelDialog *self)
{
  /* Building the template lands here before there is anything to show. */
  if (self->preview == NULL)
    return;

  update_settings (self);
  update_email_preview (self);
  update_response (self);
}

static void
step (InvCancelDialog *self,
      gboolean         backwards)
{
  g_autoptr(GError) error = NULL;
  guint found = 0;

  if (backwards ? self->index == 0 : self->index + 1 >= self->ids->len)
    return;

  if (!inv_cancel_find_recipient (self->database, (const gint64 *)(gpointer)self->ids->data, self->ids->len,
                                  backwards ? self->index - 1 : self->index + 1, backwards, &found, &error))
    {
      if (error != NULL)
        g_warning ("Cannot find the next recipient: %s", error->message);
      return;
    }

  self->index = found;
  self->position = backwards ? self->position - 1 : self->position + 1;
  refresh_cb (self);
}

static void
previous_cb (InvCancelDialog *self)
{
  step (self, TRUE);
}

static void
next_cb (InvCancelDialog *self)
{
  step (self, FALSE);
}

/* A part of the preview reached with Tab is scrolled into view from its start: the
 * email is usually taller than its card, and the viewport would show its end. */
static void
preview_focus_cb (GtkEventControllerFocus *controller,
                  InvCancelDialog         *self)
{
  GtkWidget *label = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->preview_scroller);
  GtkWidget *content = gtk_viewport_get_child (GTK_VIEWPORT (viewport));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->preview_scroller);
  graphene_rect_t bounds;
  double top;
  double page;

  /* Measured within the content, which a scroll not yet laid out does not move. */
  if (!gtk_widget_compute_bounds (label, content, &bounds))
    return;

  top = bounds.origin.y + gtk_widget_get_margin_top (content);
  page = gtk_adjustment_get_page_size (adjustment);
  gtk_adjustment_clamp_page (adjustment,
                             MAX (top - gtk_widget_get_margin_top (content), 0),
                             top + MIN (bounds.size.height, page - gtk_widget_get_margin_top (content)));
}

static void
inv_cancel_dialog_constructed (GObject *object)
{
  InvCancelDialog *self = (InvCancelDialog *)object;

  G_OBJECT_CLASS (inv_cancel_dialog_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));

  self->database = g_object_ref (inv_session_get_database (self->session));
}

static void
inv_cancel_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INV_TYPE_CANCEL_DIALOG);

  G_OBJECT_CLASS (inv_cancel_dialog_parent_class)->dispose (object);
}

static void
inv_cancel_dialog_finalize (GObject *object)
{
  InvCancelDialog *self = (InvCancelDialog *)object;

  g_clear_object (&self->database);
  g_clear_object (&self->session);
  g_clear_pointer (&self->preview, inv_cancel_preview_free);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->reasons, g_array_unref);

  G_OBJECT_CLASS (inv_cancel_dialog_parent_class)->finalize (object);
}

static void
inv_cancel_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  InvCancelDialog *self = INV_CANCEL_DIALOG (object);

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
inv_cancel_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  InvCancelDialog *self = INV_CANCEL_DIALOG (object);

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
inv_cancel_dialog_class_init (InvCancelDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = inv_cancel_dialog_constructed;
  object_class->dispose = inv_cancel_dialog_dispose;
  object_class->finalize = inv_cancel_dialog_finalize;
  object_class->get_property = inv_cancel_dialog_get_property;
  object_class->set_property = inv_cancel_dialog_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-cancel-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, skipped_label);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, interviewers_label);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, settings_box);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, settings_label);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, company_row);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, signature_row);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, notify_row);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, notify_switch);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, email_group);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, pager_box);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, previous_button);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, position_label);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, preview_scroller);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, recipient_label);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, subject_label);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, email_label);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, notice_label);
  gtk_widget_class_bind_template_callback (widget_class, refresh_cb);
  gtk_widget_class_bind_template_callback (widget_class, company_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, signature_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_cb);
  gtk_widget_class_bind_template_callback (widget_class, preview_focus_cb);
}

static void
inv_cancel_dialog_init (InvCancelDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

/* No reason is chosen for the person: each adds a sentence to every email, and only
 * they know whether it is true. A reason that states a fact about one candidate is
 * not offered for several. */
static void
fill_reasons (InvCancelDialog *self,
              guint            n)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  self->reasons = g_array_new (FALSE, FALSE, sizeof (InvCancelReason));
  gtk_string_list_append (labels, _("Choose a reason…"));
  for (InvCancelReason i = 0; i < INV_N_CANCEL_REASONS; i++)
    {
      if (n > 1 && inv_cancel_reason_is_personal (i))
        continue;
      g_array_append_val (self->reasons, i);
      gtk_string_list_append (labels, inv_cancel_reason_get_label (i));
    }

  adw_combo_row_set_model (self->reason_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->reason_row, 0);
}

/**
 * inv_cancel_dialog_new:
 * @preview: what the cancel would do, from inv_cancel_preview()
 * @sample_invitation_id: an eligible invitation to show the email for, or 0
 * @candidate_name: (nullable): for a single invitation, whose it is
 * @notify_default: whether "Email the candidates" starts on
 *
 * Returns: (transfer full): a new dialog; the caller presents it and listens to
 *   #AdwMessageDialog::response
 */
/* When the links really stop working: a cancel is held for the undo period, then
 * sent — and only reaches the service once the app can reach it. Demo invitations
 * never leave this computer. Never "at once" when it is not. */
static char *
describe_delivery (InvSession             *session,
                   const InvCancelPreview *preview,
                   guint                   grace_seconds)
{
  guint n = preview->n_eligible;
  InvSyncEngine *engine = inv_session_get_sync_engine (session);
  g_autofree char *undo = NULL;
  const char *when;

  if (n == 0)
    return NULL;

  if (preview->n_eligible_sample == n)
    when = g_dngettext (GETTEXT_PACKAGE,
                        "It is a sample invitation: it is cancelled on this computer only.",
                        "They are sample invitations: they are cancelled on this computer only.",
                        n);
  else if (inv_sync_engine_get_service_url (engine) == NULL)
    when = g_dngettext (GETTEXT_PACKAGE,
                        "No invitation service is set up yet: the link stops working once one is, and the cancellation is sent to it.",
                        "No invitation service is set up yet: the links stop working once one is, and the cancellations are sent to it.",
                        n);
  else if (!inv_sync_engine_get_online (engine))
    when = g_dngettext (GETTEXT_PACKAGE,
                        "You are offline: the link stops working when the network is back and the cancellation has been sent.",
                        "You are offline: the links stop working when the network is back and the cancellations have been sent.",
                        n);
  else if (grace_seconds > 0)
    when = g_dngettext (GETTEXT_PACKAGE,
                        "Then the cancellation is sent and the link stops working.",
                        "Then the cancellations are sent and the links stop working.",
                        n);
  else
    when = g_dngettext (GETTEXT_PACKAGE,
                        "The cancellation is sent at once, and the link stops working.",
                        "The cancellations are sent at once, and the links stop working.",
                        n);

  if (grace_seconds == 0)
    return g_strdup (when);

  undo = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "You can undo for %u second.",
                                       "You can undo for %u seconds.",
                                       grace_seconds),
                          grace_seconds);

  /* Translators: "You can undo for 10 seconds. Then the cancellations are sent…" */
  return g_strdup_printf (_("%s %s"), undo, when);
}

/**
 * inv_cancel_dialog_new:
 * @preview: what the cancel would do, from inv_cancel_preview()
 * @ids: (array length=n_ids): the selection the cancel is for; copied
 * @n_ids: how many
 * @candidate_name: (nullable): for a single invitation, whose it is
 * @template_name: (nullable): for a single invitation, its interview template
 * @notify_default: whether "Email the candidates" starts on
 * @grace_seconds: how long the cancel can be undone
 *
 * Returns: (transfer full): a new dialog; the caller presents it and listens to
 *   #AdwMessageDialog::response
 */
InvCancelDialog *
inv_cancel_dialog_new (GtkWindow              *parent,
                       InvSession             *session,
                       const InvCancelPreview *preview,
                       const gint64           *ids,
                       guint                   n_ids,
                       const char             *candidate_name,
                       const char             *template_name,
                       gboolean                notify_default,
                       guint                   grace_seconds)
{
  InvCancelDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *response = NULL;
  g_autofree char *skipped = NULL;
  g_autofree char *delivery = NULL;
  g_autofree char *subtitle = NULL;
  guint n = preview->n_eligible;
  gboolean one = preview->n_requested == 1 && candidate_name != NULL;
  guint found = 0;

  g_return_val_if_fail (INV_IS_SESSION (session), NULL);
  g_return_val_if_fail (preview != NULL, NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  /* With the application set, the dialog reaches the "app." actions. */
  self = g_object_new (INV_TYPE_CANCEL_DIALOG,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "modal", TRUE,
                       "session", session,
                       NULL);

  /* Sorted once, so that paging is stable and a duplicate is never shown twice. */
  self->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (self->ids, ids, n_ids);
  g_array_sort (self->ids, compare_ids);
  for (guint r = 1, w = 1; r <= self->ids->len; r++)
    {
      if (r == self->ids->len)
        {
          if (self->ids->len > 0)
            g_array_set_size (self->ids, w);
          break;
        }
      if (g_array_index (self->ids, gint64, r) != g_array_index (self->ids, gint64, w - 1))
        g_array_index (self->ids, gint64, w++) = g_array_index (self->ids, gint64, r);
    }

  fill_reasons (self, n);

  if (n > 0 &&
      inv_cancel_find_recipient (self->database, (const gint64 *)(gpointer)self->ids->data, self->ids->len,
                                 0, FALSE, &found, &error))
    {
      self->index = found;
      self->has_recipient = TRUE;
    }
  else if (error != NULL)
    g_warning ("Cannot find an invitation to preview: %s", error->message);

  /* The heading's verb is the action's ("Delete"); the body says what deleting does. */
  if (one)
    {
      heading = g_strdup (_("Delete Invitation?"));
      if (n == 1)
        body = g_strdup_printf (_("Deleting the invitation of %s cancels it: its link stops working and no more reminders are sent."),
                                candidate_name);
      else
        body = g_strdup_printf (_("The invitation of %s cannot be deleted."), candidate_name);
    }
  else
    {
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Delete %'u Invitation?",
                                              "Delete %'u Invitations?", n), n);
      if (n > 0)
        body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Deleting %'u invitation cancels it: its link stops working and no more reminders are sent.",
                                             "Deleting %'u invitations cancels them: their links stop working and no more reminders are sent.",
                                             n), n);
      else
        body = g_strdup (_("None of the selected invitations can be deleted."));
    }

  delivery = describe_delivery (session, preview, grace_seconds);
  if (delivery != NULL)
    {
      g_autofree char *whole = g_strdup_printf ("%s %s", body, delivery);

      g_free (body);
      body = g_steal_pointer (&whole);
    }

  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);

  skipped = inv_cancel_preview_describe_skipped (preview);
  gtk_label_set_label (self->skipped_label, skipped != NULL ? skipped : "");
  gtk_widget_set_visible (GTK_WIDGET (self->skipped_label), skipped != NULL && *skipped != '\0');

  if (preview->n_live > 0 && preview->n_live < n)
    {
      g_autofree char *text = NULL;

      /* Only part of the selection: say which part gets a notice, and how many
       * people that is. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%'u of them is a live interview: ",
                                           "%'u of them are live interviews: ",
                                           preview->n_live),
                              preview->n_live);
      {
        g_autofree char *who = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%'u interviewer gets a notice.",
                                                             "%'u interviewers get a notice.",
                                                             preview->n_interviewers),
                                                preview->n_interviewers);
        g_autofree char *whole = g_strconcat (text, who, NULL);
        gtk_label_set_label (self->interviewers_label, whole);
      }
    }
  else if (preview->n_live > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%'u interviewer gets a notice that the interview is cancelled.",
                                                            "%'u interviewers get a notice that the interview is cancelled.",
                                                            preview->n_interviewers),
                                               preview->n_interviewers);
      gtk_label_set_label (self->interviewers_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->interviewers_label), preview->n_live > 0);

  /* One person: say whom and with which message; the note is for them alone. */
  if (one && n == 1)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->notify_row), _("Email the candidate"));
      if (template_name != NULL)
        subtitle = g_strdup_printf (_("With the cancellation message of “%s”"), template_name);
      gtk_widget_set_visible (GTK_WIDGET (self->note_row), TRUE);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->notify_row), _("Email the candidates"));
      subtitle = g_strdup (_("With the cancellation message of each invitation’s interview template"));
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->notify_row), subtitle != NULL ? subtitle : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->notify_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->notify_row)),
                                  -1);

  gtk_switch_set_active (self->notify_switch, notify_default);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "cancel", _("_Keep"));
  response = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "_Delete %'u Invitation",
                                           "_Delete %'u Invitations", n), n);
  if (one)
    {
      g_free (response);
      response = g_strdup (_("_Delete Invitation"));
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), INV_CANCEL_DIALOG_RESPONSE_DELETE, response);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self),
                                              INV_CANCEL_DIALOG_RESPONSE_DELETE,
                                              ADW_RESPONSE_DESTRUCTIVE);
  /* The safe answer is the default: Enter never deletes. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  self->preview = inv_cancel_preview_copy (preview);
  refresh_cb (self);

  return self;
}

const InvCancelPreview *
inv_cancel_dialog_get_preview (InvCancelDialog *self)
{
  g_return_val_if_fail (INV_IS_CANCEL_DIALOG (self), NULL);

  return self->preview;
}

/**
 * inv_cancel_dialog_get_options:
 * @options: (out caller-allocates): what the person chose; grace_seconds is left at
 *   its default for the caller to set
 */
void
inv_cancel_dialog_get_options (InvCancelDialog  *self,
                               InvCancelOptions *options)
{
  g_return_if_fail (INV_IS_CANCEL_DIALOG (self));
  g_return_if_fail (options != NULL);

  inv_cancel_options_init (options);
  get_reason (self, &options->reason);
  options->notify_candidate = gtk_switch_get_active (self->notify_switch);
  /* Owned by the dialog: the caller copies the options before the dialog goes. */
  if (options->notify_candidate && get_note (self) != NULL && *get_note (self) != '\0')
    options->note = get_note (self);
}

const char *
inv_cancel_dialog_get_skipped_text (InvCancelDialog *self)
{
  g_return_val_if_fail (INV_IS_CANCEL_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->skipped_label))
    ? gtk_label_get_label (self->skipped_label) : NULL;
}

const char *
inv_cancel_dialog_get_preview_text (InvCancelDialog *self)
{
  g_return_val_if_fail (INV_IS_CANCEL_DIALOG (self), NULL);

  return gtk_label_get_label (self->email_label);
}

/**
 * inv_cancel_dialog_get_recipient_position:
 *
 * Returns: the number of the recipient the preview shows, from 0
 */
guint
inv_cancel_dialog_get_recipient_position (InvCancelDialog *self)
{
  g_return_val_if_fail (INV_IS_CANCEL_DIALOG (self), 0);

  return self->position;
}

/**
 * inv_cancel_dialog_get_recipient:
 *
 * Returns: the invitation whose email the preview shows, or 0 when none
 */
gint64
inv_cancel_dialog_get_recipient (InvCancelDialog *self)
{
  g_return_val_if_fail (INV_IS_CANCEL_DIALOG (self), 0);

  return self->has_recipient ? g_array_index (self->ids, gint64, self->index) : 0;
}

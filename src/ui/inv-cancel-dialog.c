/* inv-cancel-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-cancel-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-cancel-dialog.h"
#include "inv-message-template.h"

/* The warning before a cancel. It says exactly what will happen — how many will be
 * cancelled, how many skipped and why, who gets notified — from a preview the core
 * computed, so the number on the destructive button is the number that is applied. */
struct _InvCancelDialog
{
  AdwMessageDialog  parent_instance;

  InvSession       *session;         /* owned */
  InvDatabase      *database;        /* owned, the session's */
  InvCancelPreview *preview;         /* owned */
  gint64            sample_id;       /* an invitation to render the email preview for */

  GtkLabel         *skipped_label;
  GtkLabel         *interviewers_label;
  GtkSwitch        *notify_switch;
  AdwComboRow      *reason_row;
  GtkLabel         *email_label;
  GtkWidget        *email_group;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvCancelDialog, inv_cancel_dialog, ADW_TYPE_MESSAGE_DIALOG)

static GParamSpec *properties[N_PROPS];

static void
update_email_preview (InvCancelDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  InvCancelReason reason = adw_combo_row_get_selected (self->reason_row);
  gboolean notify = gtk_switch_get_active (self->notify_switch);

  /* Filling the reasons while the template is built lands here before there is
   * anything to preview. */
  if (self->preview == NULL)
    return;

  gtk_widget_set_sensitive (self->email_group, notify);
  gtk_widget_set_visible (self->email_group, self->sample_id != 0 && self->preview->n_eligible > 0);
  if (!gtk_widget_get_visible (self->email_group))
    return;

  text = inv_message_template_render_for_invitation (self->database, self->sample_id,
                                                     reason, NULL, &error);
  if (text == NULL)
    gtk_label_set_label (self->email_label, error->message);
  else
    gtk_label_set_label (self->email_label, text);
}

static void
reason_changed_cb (InvCancelDialog *self)
{
  update_email_preview (self);
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
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, notify_switch);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, email_label);
  gtk_widget_class_bind_template_child (widget_class, InvCancelDialog, email_group);
  gtk_widget_class_bind_template_callback (widget_class, reason_changed_cb);
}

static void
inv_cancel_dialog_init (InvCancelDialog *self)
{
  g_autoptr(GtkStringList) reasons = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < INV_N_CANCEL_REASONS; i++)
    gtk_string_list_append (reasons, inv_cancel_reason_get_label (i));
  adw_combo_row_set_model (self->reason_row, G_LIST_MODEL (reasons));
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
                        "It is a demo invitation: it is cancelled on this computer only.",
                        "They are demo invitations: they are cancelled on this computer only.",
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

InvCancelDialog *
inv_cancel_dialog_new (GtkWindow              *parent,
                       InvSession             *session,
                       const InvCancelPreview *preview,
                       gint64                  sample_invitation_id,
                       const char             *candidate_name,
                       gboolean                notify_default,
                       guint                   grace_seconds)
{
  InvCancelDialog *self;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *response = NULL;
  g_autofree char *skipped = NULL;
  g_autofree char *delivery = NULL;
  guint n = preview->n_eligible;

  g_return_val_if_fail (INV_IS_SESSION (session), NULL);
  g_return_val_if_fail (preview != NULL, NULL);

  self = g_object_new (INV_TYPE_CANCEL_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "session", session,
                       NULL);
  self->preview = inv_cancel_preview_copy (preview);
  self->sample_id = sample_invitation_id;

  if (preview->n_requested == 1 && candidate_name != NULL)
    {
      heading = g_strdup (_("Delete Invitation?"));
      if (n == 1)
        body = g_strdup_printf (_("The invitation of %s will be cancelled and no more reminders are sent."),
                                candidate_name);
      else
        body = g_strdup_printf (_("The invitation of %s cannot be cancelled."), candidate_name);
    }
  else
    {
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Delete %'u Invitation?",
                                              "Delete %'u Invitations?", n), n);
      if (n > 0)
        body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%'u invitation will be cancelled and no more reminders are sent.",
                                             "%'u invitations will be cancelled and no more reminders are sent.",
                                             n), n);
      else
        body = g_strdup (_("None of the selected invitations can be cancelled."));
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

  if (preview->n_live > 0)
    {
      g_autofree char *live = NULL;
      g_autofree char *interviewers = NULL;
      g_autofree char *text = NULL;

      live = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%'u is a live interview",
                                           "%'u are live interviews", preview->n_live),
                              preview->n_live);
      interviewers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "its %'u interviewer will be notified",
                                                   "their %'u interviewers will be notified",
                                                   preview->n_interviewers),
                                      preview->n_interviewers);
      /* Translators: "3 are live interviews — their 2 interviewers will be notified" */
      text = g_strdup_printf (_("%s — %s"), live, interviewers);
      gtk_label_set_label (self->interviewers_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->interviewers_label), preview->n_live > 0);

  gtk_switch_set_active (self->notify_switch, notify_default);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"));
  response = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "_Delete %'u Invitation",
                                           "_Delete %'u Invitations", n), n);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), INV_CANCEL_DIALOG_RESPONSE_DELETE, response);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self),
                                              INV_CANCEL_DIALOG_RESPONSE_DELETE,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self),
                                           INV_CANCEL_DIALOG_RESPONSE_DELETE, n > 0);
  /* The safe answer is the default: Enter never deletes. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  update_email_preview (self);

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
  options->reason = adw_combo_row_get_selected (self->reason_row);
  options->notify_candidate = gtk_switch_get_active (self->notify_switch);
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

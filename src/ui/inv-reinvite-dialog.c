/* inv-reinvite-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Re-inviting a cancelled or expired invitation: a deadline from a calendar, whether
 * the candidate is emailed, then a toast whose Undo withdraws the re-invite while it
 * is held back from the sync, as a cancel's does.
 */

#define G_LOG_DOMAIN "inv-reinvite-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-database-templates.h"
#include "inv-date-row.h"
#include "inv-reinvite.h"
#include "inv-reinvite-dialog.h"
#include "inv-undo-toast.h"
#include "inv-window.h"

#define DAY (24 * 60 * 60)

struct _InvReinviteDialog
{
  AdwWindow             parent_instance;

  InvSession           *session;      /* owned */
  InvInvitation        *invitation;   /* owned */

  AdwPreferencesGroup  *group;
  InvDateRow           *deadline_row;
  GtkSwitch            *notify_switch;
  GtkLabel             *error_label;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

enum {
  REINVITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (InvReinviteDialog, inv_reinvite_dialog, ADW_TYPE_WINDOW)

typedef struct
{
  InvSession *session;   /* owned */
  gint64      batch_id;
  char       *name;
} UndoData;

static void
undo_data_free (gpointer data,
                GClosure *closure)
{
  UndoData *undo = data;

  g_clear_object (&undo->session);
  g_free (undo->name);
  g_free (undo);
}

/* The outcome of Undo goes where the person is: the toast's window may have gone. */
static void
tell (const char *message)
{
  GApplication *app = g_application_get_default ();
  GtkWindow *window = GTK_IS_APPLICATION (app) ? gtk_application_get_active_window (GTK_APPLICATION (app)) : NULL;

  if (INV_IS_WINDOW (window))
    inv_window_add_toast (INV_WINDOW (window), adw_toast_new (message));
  else
    g_message ("%s", message);
}

static void
undo_clicked_cb (AdwToast *toast,
                 UndoData *undo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  /* One row, one small transaction, like the re-invite itself. */
  if (!inv_reinvite_undo (inv_session_get_database (undo->session), undo->batch_id, &error))
    {
      tell (error->message);
      return;
    }

  message = g_strdup_printf (_("Re-invite of %s undone"), undo->name);
  tell (message);
}

static void
deadline_changed_cb (InvReinviteDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  InvReinviteDialog *self = INV_REINVITE_DIALOG (widget);
  InvDatabase *database = inv_session_get_database (self->session);
  GSettings *settings = inv_session_get_settings (self->session);
  g_autoptr(GSettings) own_settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 ends_at = inv_date_row_get_end_of_day (self->deadline_row);
  gint64 batch_id = 0;
  gint64 hold_until = 0;
  guint grace;
  AdwToast *toast;

  if (ends_at <= inv_database_now ())
    {
      gtk_label_set_label (self->error_label, _("The deadline must be in the future"));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  if (settings == NULL)
    settings = own_settings = g_settings_new (APP_ID);
  /* The same undo period as a cancel's. */
  grace = g_settings_get_uint (settings, "cancel-grace-seconds");

  if (!inv_reinvite (database, inv_invitation_get_id (self->invitation), ends_at,
                     gtk_switch_get_active (self->notify_switch), grace,
                     &batch_id, &hold_until, &error))
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  if (inv_invitation_get_is_sample (self->invitation))
    message = g_strdup_printf (_("%s re-invited (a sample invitation: nothing is sent)"),
                               inv_invitation_get_candidate_name (self->invitation));
  else
    message = g_strdup_printf (_("%s re-invited: queued for the invitation service"),
                               inv_invitation_get_candidate_name (self->invitation));
  toast = adw_toast_new (message);
  grace = (guint)CLAMP (hold_until - inv_database_now (), 0, G_MAXINT);
  if (grace > 0)
    {
      UndoData *undo = g_new0 (UndoData, 1);

      undo->session = g_object_ref (self->session);
      undo->batch_id = batch_id;
      undo->name = g_strdup (inv_invitation_get_candidate_name (self->invitation));
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_timeout (toast, grace);
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), undo,
                             undo_data_free, 0);
      inv_undo_toast_follow (toast, self->session, batch_id, inv_reinvite_can_undo);
    }
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);

  g_object_ref_sink (toast);
  g_signal_emit (self, signals[REINVITED], 0, toast);
  g_object_unref (toast);

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
inv_reinvite_dialog_dispose (GObject *object)
{
  InvReinviteDialog *self = INV_REINVITE_DIALOG (object);

  g_clear_object (&self->invitation);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (inv_reinvite_dialog_parent_class)->dispose (object);
}

static void
inv_reinvite_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  InvReinviteDialog *self = INV_REINVITE_DIALOG (object);

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
inv_reinvite_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  InvReinviteDialog *self = INV_REINVITE_DIALOG (object);

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
inv_reinvite_dialog_class_init (InvReinviteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inv_reinvite_dialog_dispose;
  object_class->get_property = inv_reinvite_dialog_get_property;
  object_class->set_property = inv_reinvite_dialog_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * InvReinviteDialog::reinvited:
   * @toast: the toast to show, with Undo while the re-invite is held
   */
  signals[REINVITED] = g_signal_new ("reinvited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-reinvite-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, InvReinviteDialog, group);
  gtk_widget_class_bind_template_child (widget_class, InvReinviteDialog, deadline_row);
  gtk_widget_class_bind_template_child (widget_class, InvReinviteDialog, notify_switch);
  gtk_widget_class_bind_template_child (widget_class, InvReinviteDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, deadline_changed_cb);

  gtk_widget_class_install_action (widget_class, "reinvite.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (INV_TYPE_DATE_ROW);
}

static void
inv_reinvite_dialog_init (InvReinviteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * inv_reinvite_dialog_new:
 * @invitation: a cancelled or expired invitation
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
InvReinviteDialog *
inv_reinvite_dialog_new (GtkWindow     *parent,
                         InvSession    *session,
                         InvInvitation *invitation)
{
  InvReinviteDialog *self;
  g_autoptr(InvTemplate) template = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) deadline = NULL;
  g_autofree char *about = NULL;
  guint validity = 7;

  g_return_val_if_fail (INV_IS_SESSION (session), NULL);
  g_return_val_if_fail (INV_IS_INVITATION (invitation), NULL);

  self = g_object_new (INV_TYPE_REINVITE_DIALOG,
                       "transient-for", parent,
                       "session", session,
                       NULL);
  self->invitation = g_object_ref (invitation);

  template = inv_database_load_template (inv_session_get_database (session),
                                         inv_invitation_get_template_id (invitation), NULL);
  if (template != NULL)
    validity = inv_template_get_validity_days (template);

  if (inv_invitation_get_status (invitation) == INV_STATUS_EXPIRED)
    about = g_strdup_printf (_("%s’s invitation to “%s” expired. Re-inviting makes the same invitation pending again, with a new deadline."),
                             inv_invitation_get_candidate_name (invitation),
                             inv_invitation_get_template_name (invitation));
  else
    about = g_strdup_printf (_("%s’s invitation to “%s” was cancelled. Re-inviting makes the same invitation pending again, with a new deadline."),
                             inv_invitation_get_candidate_name (invitation),
                             inv_invitation_get_template_name (invitation));
  adw_preferences_group_set_description (self->group, about);

  /* The template's validity from today, as a new invitation would get. */
  deadline = g_date_time_add_days (now, validity);
  inv_date_row_set_date (self->deadline_row, deadline);

  return self;
}

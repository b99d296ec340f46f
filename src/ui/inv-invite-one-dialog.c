/* inv-invite-one-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invite-one-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "inv-candidate-rules.h"
#include "inv-database-candidates.h"
#include "inv-database-templates.h"
#include "inv-date-row.h"
#include "inv-field-error.h"
#include "inv-invite-one-dialog.h"
#include "inv-invite.h"
#include "inv-parent-window.h"
#include "inv-toast.h"
#include "inv-window.h"


struct _InvInviteOneDialog
{
  AdwWindow    parent_instance;

  InvSession  *session;      /* owned */
  InvDatabase *database;     /* owned, the session's */
  InvTemplate *template;     /* owned */

  GtkLabel    *template_label;
  AdwEntryRow *first_name_row;
  AdwEntryRow *last_name_row;
  AdwEntryRow *email_row;
  GtkTextView *message_view;
  InvDateRow  *deadline_row;
  AdwEntryRow *schedule_row;
  GtkLabel    *first_name_error;
  GtkLabel    *last_name_error;
  GtkLabel    *email_error;
  GtkLabel    *deadline_error;
  GtkLabel    *schedule_error;
  GtkLabel    *general_error;
  GtkWidget   *demo_box;
  GtkWidget   *duplicate_box;
  GtkLabel    *duplicate_label;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

enum {
  SENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (InvInviteOneDialog, inv_invite_one_dialog, ADW_TYPE_WINDOW)

static void
field_changed_cb (InvInviteOneDialog *self,
                  GtkEditable        *editable)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->first_name_row), GTK_WIDGET (self->last_name_row), GTK_WIDGET (self->email_row),
    GTK_WIDGET (self->schedule_row),
  };
  GtkLabel *labels[] = {
    self->first_name_error, self->last_name_error, self->email_error, self->schedule_error,
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (GTK_WIDGET (editable) == rows[i])
      inv_field_error_show (rows[i], labels[i], NULL);
  inv_field_error_show (NULL, self->general_error, NULL);
  /* Another person or another address: the warning was about someone else. */
  gtk_widget_set_visible (self->duplicate_box, FALSE);
}

static void
deadline_changed_cb (InvInviteOneDialog *self)
{
  inv_field_error_show (GTK_WIDGET (self->deadline_row), self->deadline_error, NULL);
}

static char *
message_text (InvInviteOneDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->message_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static GtkWidget *
find_toast_overlay (GtkWidget *widget)
{
  if (ADW_IS_TOAST_OVERLAY (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toast_overlay (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The confirmation goes to the window the dialog came from, which stays. */
static void
show_toast (InvInviteOneDialog *self,
            const char         *message)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  AdwToast *toast = adw_toast_new (message);
  GtkWidget *overlay;

  if (INV_IS_WINDOW (parent))
    {
      inv_window_add_toast (INV_WINDOW (parent), toast);
      return;
    }

  overlay = parent != NULL ? find_toast_overlay (GTK_WIDGET (parent)) : NULL;
  if (overlay != NULL)
    inv_toast_overlay_add (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static gboolean
parse_schedule (const char *text,
                gint64     *when)
{
  int year, month, day, hour, minute;
  char trailing;
  g_autoptr(GDateTime) local = NULL;

  if (sscanf (text, "%d-%d-%d %d:%d%c", &year, &month, &day, &hour, &minute, &trailing) != 5)
    return FALSE;

  local = g_date_time_new_local (year, month, day, hour, minute, 0);
  if (local == NULL)
    return FALSE;

  *when = g_date_time_to_unix (local);

  return TRUE;
}

static void
send (InvInviteOneDialog *self,
      gboolean            anyway)
{
  g_autoptr(InvInviteRequest) request = inv_invite_request_new (inv_template_get_id (self->template));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 now = inv_database_now ();
  gint64 invitation_id = 0;
  gboolean reinvited = FALSE;

  request->ends_at = inv_date_row_get_end_of_day (self->deadline_row);
  if (request->ends_at <= now)
    {
      inv_field_error_show (GTK_WIDGET (self->deadline_row), self->deadline_error, _("The deadline must be in the future"));
      return;
    }

  if (inv_template_get_is_live (self->template))
    {
      if (!parse_schedule (gtk_editable_get_text (GTK_EDITABLE (self->schedule_row)), &request->scheduled_at))
        {
          inv_field_error_show (GTK_WIDGET (self->schedule_row), self->schedule_error,
                                _("Enter the date and time as year-month-day hours:minutes, for example 2026-11-23 10:00"));
          return;
        }
      if (request->scheduled_at <= now || request->scheduled_at > request->ends_at)
        {
          inv_field_error_show (GTK_WIDGET (self->schedule_row), self->schedule_error,
                                _("The interview must be in the future and before the deadline"));
          return;
        }
    }

  request->starts_at = now;
  request->message = message_text (self);
  /* The same rule as "Send invite" for many: someone already invited to this template
   * is asked about, and invited again only on purpose. */
  request->include_already_invited = anyway;

  if (!inv_invite_one (self->database, request,
                       gtk_editable_get_text (GTK_EDITABLE (self->first_name_row)),
                       gtk_editable_get_text (GTK_EDITABLE (self->last_name_row)),
                       gtk_editable_get_text (GTK_EDITABLE (self->email_row)),
                       &invitation_id, &reinvited, &error))
    {
      InvCandidateField field = INV_CANDIDATE_FIELD_EMAIL;
      gboolean about_candidate;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          /* TRANSLATORS: an email, then why it is not invited, e.g. "Already has a pending invitation for this template" */
          g_autofree char *warning = g_strdup_printf (_("%s: %s. Sending another one is rarely what you want."),
                                                      gtk_editable_get_text (GTK_EDITABLE (self->email_row)),
                                                      error->message);

          gtk_label_set_label (self->duplicate_label, warning);
          gtk_widget_set_visible (self->duplicate_box, TRUE);
          return;
        }

      about_candidate = inv_candidate_rules_error_get_field (error, &field) ||
                        error->domain == INV_CANDIDATE_ERROR;

      /* No phone is asked for here; anything else about the person goes by the email. */
      if (!about_candidate)
        inv_field_error_show (NULL, self->general_error, error->message);
      else if (field == INV_CANDIDATE_FIELD_FIRST_NAME)
        inv_field_error_show (GTK_WIDGET (self->first_name_row), self->first_name_error, error->message);
      else if (field == INV_CANDIDATE_FIELD_LAST_NAME)
        inv_field_error_show (GTK_WIDGET (self->last_name_row), self->last_name_error, error->message);
      else
        inv_field_error_show (GTK_WIDGET (self->email_row), self->email_error, error->message);
      return;
    }

  {
    g_autofree char *name = g_strstrip (g_strjoin (" ", gtk_editable_get_text (GTK_EDITABLE (self->first_name_row)),
                                                   gtk_editable_get_text (GTK_EDITABLE (self->last_name_row)), NULL));
    g_autofree char *done = NULL;

    if (*name == '\0')
      {
        g_free (name);
        name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_row)));
      }
    if (inv_template_get_is_sample (self->template))
      done = g_strdup_printf (_("Sample invitation for %s added; it is never sent"), name);
    else if (reinvited)
      /* TRANSLATORS: %s is the candidate's name */
      done = g_strdup_printf (_("%s’s cancelled or expired invitation is pending again; it is sent at the next sync"), name);
    else
      done = g_strdup_printf (_("Invitation for %s queued; it is sent at the next sync"), name);
    show_toast (self, done);
  }

  g_signal_emit (self, signals[SENT], 0, invitation_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  send (INV_INVITE_ONE_DIALOG (widget), FALSE);
}

static void
send_anyway_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  send (INV_INVITE_ONE_DIALOG (widget), TRUE);
}

static void
inv_invite_one_dialog_constructed (GObject *object)
{
  InvInviteOneDialog *self = INV_INVITE_ONE_DIALOG (object);

  G_OBJECT_CLASS (inv_invite_one_dialog_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));

  self->database = g_object_ref (inv_session_get_database (self->session));
}

static void
inv_invite_one_dialog_dispose (GObject *object)
{
  InvInviteOneDialog *self = INV_INVITE_ONE_DIALOG (object);

  g_clear_object (&self->template);
  g_clear_object (&self->database);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (inv_invite_one_dialog_parent_class)->dispose (object);
}

static void
inv_invite_one_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  InvInviteOneDialog *self = INV_INVITE_ONE_DIALOG (object);

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
inv_invite_one_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  InvInviteOneDialog *self = INV_INVITE_ONE_DIALOG (object);

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
inv_invite_one_dialog_class_init (InvInviteOneDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = inv_invite_one_dialog_constructed;
  object_class->dispose = inv_invite_one_dialog_dispose;
  object_class->get_property = inv_invite_one_dialog_get_property;
  object_class->set_property = inv_invite_one_dialog_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-invite-one-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, InvInviteOneDialog, template_label);
  gtk_widget_class_bind_template_child (widget_class, InvInviteOneDialog, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, InvInviteOneDialog, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, InvInviteOneDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, InvInviteOneDialog, message_view);
  gtk_widget_class_bind_template_child (widget_class, InvInviteOneDialog, deadline_row);
  gtk_widget_class_bind_template_child (widget_class, InvInviteOneDialog, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, InvInviteOneDialog, first_name_error);
  gtk_widget_class_bind_template_child (widget_class, InvInviteOneDialog, last_name_error);
  gtk_widget_class_bind_template_child (widget_class, InvInviteOneDialog, email_error);
  gtk_widget_class_bind_template_child (widget_class, InvInviteOneDialog, deadline_error);
  gtk_widget_class_bind_template_child (widget_class, InvInviteOneDialog, schedule_error);
  gtk_widget_class_bind_template_child (widget_class, InvInviteOneDialog, general_error);
  gtk_widget_class_bind_template_child (widget_class, InvInviteOneDialog, demo_box);
  gtk_widget_class_bind_template_child (widget_class, InvInviteOneDialog, duplicate_box);
  gtk_widget_class_bind_template_child (widget_class, InvInviteOneDialog, duplicate_label);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, deadline_changed_cb);

  gtk_widget_class_install_action (widget_class, "invite-one.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "invite-one.send-anyway", NULL, send_anyway_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
inv_invite_one_dialog_init (InvInviteOneDialog *self)
{
  g_type_ensure (INV_TYPE_DATE_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * inv_invite_one_dialog_new:
 *
 * Returns: (transfer none) (nullable): the dialog, not yet presented; %NULL when the
 *   template does not exist
 */
InvInviteOneDialog *
inv_invite_one_dialog_new (GtkWindow   *parent,
                           InvSession  *session,
                           gint64       template_id)
{
  InvInviteOneDialog *self;
  g_autoptr(InvTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) deadline = NULL;
  g_autofree char *about = NULL;

  g_return_val_if_fail (INV_IS_SESSION (session), NULL);

  template = inv_database_load_template (inv_session_get_database (session), template_id, &error);
  if (template == NULL)
    {
      g_warning ("Cannot invite to template %" G_GINT64_FORMAT ": %s", template_id, error->message);
      return NULL;
    }

  self = g_object_new (INV_TYPE_INVITE_ONE_DIALOG,
                       "transient-for", parent,
                       "session", session,
                       NULL);
  self->template = g_steal_pointer (&template);

  if (inv_template_get_is_live (self->template))
    about = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "To “%s”, a live interview of %u minute with its interviewers.",
                                          "To “%s”, a live interview of %u minutes with its interviewers.",
                                          inv_template_get_duration_minutes (self->template)),
                             inv_template_get_name (self->template),
                             inv_template_get_duration_minutes (self->template));
  else
    about = g_strdup_printf (_("To “%s”."), inv_template_get_name (self->template));
  gtk_label_set_label (self->template_label, about);
  /* A demo template looks like a real one by its name; the dialog says what it is. */
  gtk_widget_set_visible (self->demo_box, inv_template_get_is_sample (self->template));

  /* The deadline starts at the template's validity; the person may change it. */
  deadline = g_date_time_add_days (now, inv_template_get_validity_days (self->template));
  inv_date_row_set_date (self->deadline_row, deadline);

  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->schedule_row)),
                          inv_template_get_is_live (self->template));
  if (inv_template_get_is_live (self->template))
    {
      g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
      g_autoptr(GDateTime) ten = g_date_time_new_local (g_date_time_get_year (tomorrow),
                                                        g_date_time_get_month (tomorrow),
                                                        g_date_time_get_day_of_month (tomorrow),
                                                        10, 0, 0);
      g_autofree char *text = g_date_time_format (ten, "%Y-%m-%d %H:%M");

      gtk_editable_set_text (GTK_EDITABLE (self->schedule_row), text);
    }

  if (!inv_template_get_active (self->template))
    {
      inv_field_error_show (NULL, self->general_error,
                            _("This template is closed: a closed template accepts no new invitations."));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "invite-one.send", FALSE);
    }

  return self;
}

/**
 * inv_invite_one_dialog_present:
 * @parent: any widget of the window the dialog belongs to
 * @template_id: the template of the Invite tab
 *
 * Shows the dialog; what the "Invite Candidate" button of a template's Invite tab calls.
 */
void
inv_invite_one_dialog_present (GtkWidget   *parent,
                               InvSession  *session,
                               gint64       template_id)
{
  InvInviteOneDialog *self;

  self = inv_invite_one_dialog_new (parent != NULL ? inv_parent_window (parent) : NULL, session, template_id);
  if (self != NULL)
    gtk_window_present (GTK_WINDOW (self));
}

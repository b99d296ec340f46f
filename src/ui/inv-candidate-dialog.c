/* inv-candidate-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-candidate-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-candidate-dialog.h"
#include "inv-candidate-rules.h"
#include "inv-database-candidates.h"
#include "inv-field-error.h"

struct _InvCandidateDialog
{
  AdwWindow    parent_instance;

  InvSession  *session;       /* owned */
  InvDatabase *database;      /* owned, the session's */
  gint64       candidate_id;  /* 0 when adding */

  GtkButton   *save_button;
  AdwEntryRow *first_name_row;
  AdwEntryRow *last_name_row;
  AdwEntryRow *email_row;
  AdwEntryRow *phone_row;
  GtkLabel    *first_name_error;
  GtkLabel    *last_name_error;
  GtkLabel    *email_error;
  GtkLabel    *phone_error;
  GtkLabel    *general_error;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (InvCandidateDialog, inv_candidate_dialog, ADW_TYPE_WINDOW)

static void
clear_errors (InvCandidateDialog *self)
{
  inv_field_error_show (GTK_WIDGET (self->first_name_row), self->first_name_error, NULL);
  inv_field_error_show (GTK_WIDGET (self->last_name_row), self->last_name_error, NULL);
  inv_field_error_show (GTK_WIDGET (self->email_row), self->email_error, NULL);
  inv_field_error_show (GTK_WIDGET (self->phone_row), self->phone_error, NULL);
  inv_field_error_show (NULL, self->general_error, NULL);
}

/* A person fixing a field should see its message go away as they type. */
static void
field_changed_cb (InvCandidateDialog *self,
                  GtkEditable        *editable)
{
  if (editable == GTK_EDITABLE (self->first_name_row))
    inv_field_error_show (GTK_WIDGET (self->first_name_row), self->first_name_error, NULL);
  else if (editable == GTK_EDITABLE (self->last_name_row))
    inv_field_error_show (GTK_WIDGET (self->last_name_row), self->last_name_error, NULL);
  else if (editable == GTK_EDITABLE (self->email_row))
    inv_field_error_show (GTK_WIDGET (self->email_row), self->email_error, NULL);
  else if (editable == GTK_EDITABLE (self->phone_row))
    inv_field_error_show (GTK_WIDGET (self->phone_row), self->phone_error, NULL);
}

static void
save (InvCandidateDialog *self)
{
  g_autoptr(GError) error = NULL;
  const char *first_name = gtk_editable_get_text (GTK_EDITABLE (self->first_name_row));
  const char *last_name = gtk_editable_get_text (GTK_EDITABLE (self->last_name_row));
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
  const char *phone = gtk_editable_get_text (GTK_EDITABLE (self->phone_row));
  gint64 id = self->candidate_id;

  clear_errors (self);

  if (id == 0)
    id = inv_database_add_candidate (self->database, first_name, last_name, email, phone, &error);
  else if (!inv_database_update_candidate (self->database, id, first_name, last_name, email, phone, &error))
    id = 0;

  if (id == 0)
    {
      GtkWidget *row = NULL;
      GtkLabel *label = self->general_error;
      InvCandidateField field;

      /* The candidate rules' message goes next to the field it is about. */
      if (inv_candidate_rules_error_get_field (error, &field))
        switch (field)
          {
          case INV_CANDIDATE_FIELD_FIRST_NAME:
            row = GTK_WIDGET (self->first_name_row);
            label = self->first_name_error;
            break;
          case INV_CANDIDATE_FIELD_LAST_NAME:
            row = GTK_WIDGET (self->last_name_row);
            label = self->last_name_error;
            break;
          case INV_CANDIDATE_FIELD_EMAIL:
            row = GTK_WIDGET (self->email_row);
            label = self->email_error;
            break;
          case INV_CANDIDATE_FIELD_PHONE:
            row = GTK_WIDGET (self->phone_row);
            label = self->phone_error;
            break;
          default:
            break;
          }
      else if (g_error_matches (error, INV_CANDIDATE_ERROR, INV_CANDIDATE_ERROR_EMAIL))
        {
          row = GTK_WIDGET (self->email_row);
          label = self->email_error;
        }

      inv_field_error_show (row, label, error->message);
      if (row != NULL)
        gtk_widget_grab_focus (row);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
entry_activated_cb (InvCandidateDialog *self)
{
  save (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (INV_CANDIDATE_DIALOG (widget));
}

static void
inv_candidate_dialog_constructed (GObject *object)
{
  InvCandidateDialog *self = INV_CANDIDATE_DIALOG (object);

  G_OBJECT_CLASS (inv_candidate_dialog_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));

  self->database = g_object_ref (inv_session_get_database (self->session));
}

static void
inv_candidate_dialog_dispose (GObject *object)
{
  InvCandidateDialog *self = INV_CANDIDATE_DIALOG (object);

  g_clear_object (&self->database);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (inv_candidate_dialog_parent_class)->dispose (object);
}

static void
inv_candidate_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  InvCandidateDialog *self = INV_CANDIDATE_DIALOG (object);

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
inv_candidate_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  InvCandidateDialog *self = INV_CANDIDATE_DIALOG (object);

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
inv_candidate_dialog_class_init (InvCandidateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = inv_candidate_dialog_constructed;
  object_class->dispose = inv_candidate_dialog_dispose;
  object_class->get_property = inv_candidate_dialog_get_property;
  object_class->set_property = inv_candidate_dialog_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * InvCandidateDialog::saved:
   * @candidate_id: the candidate that was added or changed
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-candidate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, InvCandidateDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, InvCandidateDialog, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, InvCandidateDialog, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, InvCandidateDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, InvCandidateDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, InvCandidateDialog, first_name_error);
  gtk_widget_class_bind_template_child (widget_class, InvCandidateDialog, last_name_error);
  gtk_widget_class_bind_template_child (widget_class, InvCandidateDialog, email_error);
  gtk_widget_class_bind_template_child (widget_class, InvCandidateDialog, phone_error);
  gtk_widget_class_bind_template_child (widget_class, InvCandidateDialog, general_error);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "candidate.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
inv_candidate_dialog_init (InvCandidateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * inv_candidate_dialog_new:
 * @candidate_id: the candidate to edit, or 0 to add one
 *
 * Returns: (transfer none): the dialog, not yet presented
 */
InvCandidateDialog *
inv_candidate_dialog_new (GtkWindow   *parent,
                          InvSession  *session,
                          gint64       candidate_id)
{
  InvCandidateDialog *self;

  g_return_val_if_fail (INV_IS_SESSION (session), NULL);

  self = g_object_new (INV_TYPE_CANDIDATE_DIALOG,
                       "transient-for", parent,
                       "session", session,
                       NULL);
  self->candidate_id = candidate_id;

  if (candidate_id == 0)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Add Candidate"));
      gtk_button_set_label (self->save_button, _("_Add"));
    }
  else
    {
      g_autoptr(InvCandidate) candidate = inv_database_load_candidate (self->database, candidate_id, NULL);

      gtk_window_set_title (GTK_WINDOW (self), _("Edit Candidate Details"));
      gtk_button_set_label (self->save_button, _("_Save"));
      if (candidate != NULL)
        {
          gtk_editable_set_text (GTK_EDITABLE (self->first_name_row), inv_candidate_get_first_name (candidate));
          gtk_editable_set_text (GTK_EDITABLE (self->last_name_row), inv_candidate_get_last_name (candidate));
          gtk_editable_set_text (GTK_EDITABLE (self->email_row), inv_candidate_get_email (candidate));
          gtk_editable_set_text (GTK_EDITABLE (self->phone_row), inv_candidate_get_phone (candidate));
        }
    }

  return self;
}

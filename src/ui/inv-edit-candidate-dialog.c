/* inv-edit-candidate-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-edit-candidate-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-candidate-edit.h"
#include "inv-candidate-rules.h"
#include "inv-edit-candidate-dialog.h"

/* "Edit candidate details": a typo in a name is fixed here, on every invitation of
 * the candidate, instead of cancelling and inviting again. */
struct _InvEditCandidateDialog
{
  AdwWindow    parent_instance;

  InvSession  *session;     /* owned */
  InvDatabase *database;    /* owned, the session's */
  gint64       candidate_id;

  AdwEntryRow *first_name_row;
  AdwEntryRow *last_name_row;
  AdwEntryRow *phone_row;
  AdwActionRow *email_row;
  GtkLabel    *error_label;
  GtkButton   *save_button;
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

G_DEFINE_FINAL_TYPE (InvEditCandidateDialog, inv_edit_candidate_dialog, ADW_TYPE_WINDOW)

static void
show_error (InvEditCandidateDialog *self,
            const char             *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Marks the row the candidate rules refused, or none. */
static void
mark_row (InvEditCandidateDialog *self,
          GtkWidget              *wrong)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->first_name_row), GTK_WIDGET (self->last_name_row), GTK_WIDGET (self->phone_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      if (rows[i] == wrong)
        gtk_widget_add_css_class (rows[i], "error");
      else
        gtk_widget_remove_css_class (rows[i], "error");
    }
}

/* The names and the phone may all be empty, as when the candidate was added; the
 * candidate rules judge the rest when the details are saved. */
static void
changed_cb (InvEditCandidateDialog *self)
{
  mark_row (self, NULL);
  show_error (self, NULL);
}

static void
save_clicked_cb (InvEditCandidateDialog *self)
{
  if (inv_edit_candidate_dialog_save (self))
    gtk_window_close (GTK_WINDOW (self));
}

static void
cancel_clicked_cb (InvEditCandidateDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
inv_edit_candidate_dialog_constructed (GObject *object)
{
  InvEditCandidateDialog *self = (InvEditCandidateDialog *)object;

  G_OBJECT_CLASS (inv_edit_candidate_dialog_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));

  self->database = g_object_ref (inv_session_get_database (self->session));
}

static void
inv_edit_candidate_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INV_TYPE_EDIT_CANDIDATE_DIALOG);

  G_OBJECT_CLASS (inv_edit_candidate_dialog_parent_class)->dispose (object);
}

static void
inv_edit_candidate_dialog_finalize (GObject *object)
{
  InvEditCandidateDialog *self = (InvEditCandidateDialog *)object;

  g_clear_object (&self->database);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (inv_edit_candidate_dialog_parent_class)->finalize (object);
}

static void
inv_edit_candidate_dialog_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  InvEditCandidateDialog *self = INV_EDIT_CANDIDATE_DIALOG (object);

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
inv_edit_candidate_dialog_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  InvEditCandidateDialog *self = INV_EDIT_CANDIDATE_DIALOG (object);

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
inv_edit_candidate_dialog_class_init (InvEditCandidateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = inv_edit_candidate_dialog_constructed;
  object_class->dispose = inv_edit_candidate_dialog_dispose;
  object_class->finalize = inv_edit_candidate_dialog_finalize;
  object_class->get_property = inv_edit_candidate_dialog_get_property;
  object_class->set_property = inv_edit_candidate_dialog_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * InvEditCandidateDialog::saved:
   *
   * The details were written; lists showing the candidate should reload.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-edit-candidate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, InvEditCandidateDialog, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, InvEditCandidateDialog, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, InvEditCandidateDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, InvEditCandidateDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, InvEditCandidateDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, InvEditCandidateDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
inv_edit_candidate_dialog_init (InvEditCandidateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * inv_edit_candidate_dialog_new:
 *
 * Returns: (transfer none): a new dialog, filled with the candidate's details
 */
GtkWidget *
inv_edit_candidate_dialog_new (GtkWindow   *parent,
                               InvSession  *session,
                               gint64       candidate_id)
{
  InvEditCandidateDialog *self;
  g_autoptr(InvCandidateDetails) details = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (INV_IS_SESSION (session), NULL);

  self = g_object_new (INV_TYPE_EDIT_CANDIDATE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "session", session,
                       NULL);
  self->candidate_id = candidate_id;

  details = inv_candidate_details_load (self->database, candidate_id, &error);
  if (details == NULL)
    {
      show_error (self, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->first_name_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->last_name_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->phone_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
      return GTK_WIDGET (self);
    }

  gtk_editable_set_text (GTK_EDITABLE (self->first_name_row), details->first_name);
  gtk_editable_set_text (GTK_EDITABLE (self->last_name_row), details->last_name);
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), details->phone != NULL ? details->phone : "");
  adw_action_row_set_subtitle (self->email_row, details->email);

  if (details->erased)
    {
      show_error (self, _("This candidate’s personal data was erased on request: it cannot be edited"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
    }

  return GTK_WIDGET (self);
}

/**
 * inv_edit_candidate_dialog_save:
 *
 * Writes the details as entered. On error the dialog says why and keeps the input.
 *
 * Returns: %TRUE if they were saved
 */
gboolean
inv_edit_candidate_dialog_save (InvEditCandidateDialog *self)
{
  g_autoptr(GError) error = NULL;
  InvCandidateField field;

  g_return_val_if_fail (INV_IS_EDIT_CANDIDATE_DIALOG (self), FALSE);

  if (!inv_candidate_edit (self->database, self->candidate_id,
                           gtk_editable_get_text (GTK_EDITABLE (self->first_name_row)),
                           gtk_editable_get_text (GTK_EDITABLE (self->last_name_row)),
                           gtk_editable_get_text (GTK_EDITABLE (self->phone_row)),
                           NULL, &error))
    {
      GtkWidget *row = NULL;

      if (inv_candidate_rules_error_get_field (error, &field))
        {
          if (field == INV_CANDIDATE_FIELD_FIRST_NAME)
            row = GTK_WIDGET (self->first_name_row);
          else if (field == INV_CANDIDATE_FIELD_LAST_NAME)
            row = GTK_WIDGET (self->last_name_row);
          else if (field == INV_CANDIDATE_FIELD_PHONE)
            row = GTK_WIDGET (self->phone_row);
        }

      mark_row (self, row);
      show_error (self, error->message);
      if (row != NULL)
        gtk_widget_grab_focus (row);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0);

  return TRUE;
}

/* inv-message-template-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-message-template-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-message-template-dialog.h"
#include "inv-message-template.h"

/* Edits the cancellation email of one interview template, and the company name and
 * signature every template's message may use. A placeholder the app cannot fill is
 * refused when saving — it would reach candidates as "{frist_name}". */
struct _InvMessageTemplateDialog
{
  AdwWindow      parent_instance;

  InvSession    *session;    /* owned */
  InvDatabase   *database;   /* owned, the session's */
  gint64         template_id;

  GtkTextView   *text_view;
  GtkGrid       *placeholders_grid;
  GtkLabel      *error_label;
  AdwEntryRow   *company_row;
  GtkTextView   *signature_view;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvMessageTemplateDialog, inv_message_template_dialog, ADW_TYPE_WINDOW)

static GParamSpec *properties[N_PROPS];

static void
show_error (InvMessageTemplateDialog *self,
            const char               *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
text_changed_cb (InvMessageTemplateDialog *self)
{
  show_error (self, NULL);
}

static void
save_clicked_cb (InvMessageTemplateDialog *self)
{
  if (inv_message_template_dialog_save (self))
    gtk_window_close (GTK_WINDOW (self));
}

static void
cancel_clicked_cb (InvMessageTemplateDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
default_clicked_cb (InvMessageTemplateDialog *self)
{
  inv_message_template_dialog_set_text (self, inv_message_template_get_default ());
}

static void
inv_message_template_dialog_constructed (GObject *object)
{
  InvMessageTemplateDialog *self = (InvMessageTemplateDialog *)object;
  g_autofree char *company = NULL;
  g_autofree char *signature = NULL;

  G_OBJECT_CLASS (inv_message_template_dialog_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));

  self->database = g_object_ref (inv_session_get_database (self->session));

  company = inv_message_template_get_company (self->database);
  signature = inv_message_template_get_signature (self->database);
  gtk_editable_set_text (GTK_EDITABLE (self->company_row), company != NULL ? company : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->signature_view), signature != NULL ? signature : "", -1);
}

/* What each placeholder stands for, one line each, in the order of
 * inv_message_template_get_placeholders(). */
static const char *
explain_placeholder (const char *name)
{
  static const struct {
    const char *name;
    const char *text;
  } explanations[] = {
    { "first_name", N_("the candidate’s first name") },
    { "candidate_name", N_("the candidate’s full name") },
    { "position", N_("the name of the interview template") },
    { "company", N_("your company name, set below") },
    { "appointment", N_("what is cancelled: “your interview on Tuesday, December 8, 2026 at 08:00” or "
                        "“your invitation to the assessment, which was open until …”") },
    { "date", N_("the interview’s date, or the assessment’s deadline") },
    { "time", N_("the interview’s time, or the time of the assessment’s deadline") },
    { "reason", N_("a sentence for the reason chosen when cancelling; nothing when no reason is given") },
    { "note", N_("the personal note written when cancelling one invitation; nothing when there is none") },
    { "signature", N_("your sender signature, set below") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (explanations); i++)
    if (g_str_equal (explanations[i].name, name))
      return _(explanations[i].text);

  return NULL;
}

static void
inv_message_template_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INV_TYPE_MESSAGE_TEMPLATE_DIALOG);

  G_OBJECT_CLASS (inv_message_template_dialog_parent_class)->dispose (object);
}

static void
inv_message_template_dialog_finalize (GObject *object)
{
  InvMessageTemplateDialog *self = (InvMessageTemplateDialog *)object;

  g_clear_object (&self->database);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (inv_message_template_dialog_parent_class)->finalize (object);
}

static void
inv_message_template_dialog_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  InvMessageTemplateDialog *self = INV_MESSAGE_TEMPLATE_DIALOG (object);

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
inv_message_template_dialog_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  InvMessageTemplateDialog *self = INV_MESSAGE_TEMPLATE_DIALOG (object);

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
inv_message_template_dialog_class_init (InvMessageTemplateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = inv_message_template_dialog_constructed;
  object_class->dispose = inv_message_template_dialog_dispose;
  object_class->finalize = inv_message_template_dialog_finalize;
  object_class->get_property = inv_message_template_dialog_get_property;
  object_class->set_property = inv_message_template_dialog_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-message-template-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, InvMessageTemplateDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, InvMessageTemplateDialog, placeholders_grid);
  gtk_widget_class_bind_template_child (widget_class, InvMessageTemplateDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, InvMessageTemplateDialog, company_row);
  gtk_widget_class_bind_template_child (widget_class, InvMessageTemplateDialog, signature_view);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, default_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
inv_message_template_dialog_init (InvMessageTemplateDialog *self)
{
  const char * const *placeholders = inv_message_template_get_placeholders ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* One line each: the placeholder as it is typed, then what it becomes. */
  for (guint i = 0; placeholders[i] != NULL; i++)
    {
      g_autofree char *braced = g_strdup_printf ("{%s}", placeholders[i]);
      const char *explanation = explain_placeholder (placeholders[i]);
      GtkWidget *name = gtk_label_new (braced);
      GtkWidget *text = gtk_label_new (explanation != NULL ? explanation : "");

      gtk_label_set_selectable (GTK_LABEL (name), TRUE);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_yalign (GTK_LABEL (name), 0);
      gtk_widget_add_css_class (name, "monospace");
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_widget_set_hexpand (text, TRUE);
      gtk_widget_add_css_class (text, "dim-label");
      gtk_grid_attach (self->placeholders_grid, name, 0, i, 1, 1);
      gtk_grid_attach (self->placeholders_grid, text, 1, i, 1, 1);
    }

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (text_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * inv_message_template_dialog_new:
 *
 * Returns: (transfer none): a new dialog showing the template's message (or the
 *   default text when it has none of its own)
 */
GtkWidget *
inv_message_template_dialog_new (GtkWindow   *parent,
                                 InvSession  *session,
                                 gint64       template_id)
{
  InvMessageTemplateDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (INV_IS_SESSION (session), NULL);

  self = g_object_new (INV_TYPE_MESSAGE_TEMPLATE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "session", session,
                       NULL);
  self->template_id = template_id;

  text = inv_message_template_load (self->database, template_id, NULL, &error);
  if (text == NULL)
    show_error (self, error->message);
  else
    inv_message_template_dialog_set_text (self, text);

  return GTK_WIDGET (self);
}

void
inv_message_template_dialog_set_text (InvMessageTemplateDialog *self,
                                      const char               *text)
{
  g_return_if_fail (INV_IS_MESSAGE_TEMPLATE_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
}

char *
inv_message_template_dialog_get_text (InvMessageTemplateDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (INV_IS_MESSAGE_TEMPLATE_DIALOG (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/**
 * inv_message_template_dialog_save:
 *
 * Checks the text and writes it, with the company name and the signature (an empty
 * one unsets it). Unknown placeholders are named in the dialog and nothing is
 * written; the text stays as typed.
 *
 * Returns: %TRUE if it was saved
 */
gboolean
inv_message_template_dialog_save (InvMessageTemplateDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) unknown = NULL;
  g_autofree char *text = NULL;
  g_autofree char *signature = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (INV_IS_MESSAGE_TEMPLATE_DIALOG (self), FALSE);

  text = inv_message_template_dialog_get_text (self);
  buffer = gtk_text_view_get_buffer (self->signature_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  signature = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  if (!inv_message_template_validate (text, &unknown, &error) ||
      !inv_message_template_set_company (self->database, gtk_editable_get_text (GTK_EDITABLE (self->company_row)),
                                         &error) ||
      !inv_message_template_set_signature (self->database, signature, &error) ||
      !inv_message_template_save (self->database, self->template_id, text, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * inv_message_template_dialog_get_error:
 *
 * Returns: (nullable): what is wrong with the text, as the dialog shows it
 */
const char *
inv_message_template_dialog_get_error (InvMessageTemplateDialog *self)
{
  g_return_val_if_fail (INV_IS_MESSAGE_TEMPLATE_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
    ? gtk_label_get_label (self->error_label) : NULL;
}

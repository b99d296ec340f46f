/* inv-history-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-history-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-history-dialog.h"
#include "inv-history.h"

/* "History" in a row's More actions menu: what happened to one invitation, oldest
 * first, so the latest change is at the bottom where the eye ends. Read once when the
 * dialog opens; an invitation's history is a few lines. */
struct _InvHistoryDialog
{
  AdwWindow       parent_instance;

  InvSession     *session;   /* owned */
  InvDatabase    *database;  /* owned, the session's */
  guint           n_entries;

  AdwWindowTitle *window_title;
  GtkStack       *stack;
  GtkListBox     *list_box;
  AdwStatusPage  *status_page;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvHistoryDialog, inv_history_dialog, ADW_TYPE_WINDOW)

static GParamSpec *properties[N_PROPS];

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);

  /* Translators: when something happened to an invitation, see g_date_time_format() */
  return g_date_time_format (dt, _("%e %b %Y, %H:%M"));
}

static GtkWidget *
make_row (const InvHistoryEntry *entry)
{
  g_autofree char *detail = inv_history_entry_dup_detail (entry);
  g_autofree char *when = format_time (entry->at);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *time_label = gtk_label_new (when);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), inv_history_entry_get_label (entry));
  /* Details are the app's own words or labels, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (detail != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);

  gtk_widget_add_css_class (time_label, "dim-label");
  gtk_widget_add_css_class (time_label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), time_label);

  return row;
}

static void
load (InvHistoryDialog *self,
      gint64            invitation_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = inv_history_list (self->database, invitation_id, &error);

  if (entries == NULL)
    {
      adw_status_page_set_title (self->status_page, _("History Unavailable"));
      adw_status_page_set_description (self->status_page, error->message);
      adw_status_page_set_icon_name (self->status_page, "dialog-warning-symbolic");
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->n_entries = entries->len;
  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (self->list_box, make_row (g_ptr_array_index (entries, i)));

  gtk_stack_set_visible_child_name (self->stack, entries->len > 0 ? "entries" : "empty");
}

static void
inv_history_dialog_constructed (GObject *object)
{
  InvHistoryDialog *self = (InvHistoryDialog *)object;

  G_OBJECT_CLASS (inv_history_dialog_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));

  self->database = g_object_ref (inv_session_get_database (self->session));
}

static void
inv_history_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INV_TYPE_HISTORY_DIALOG);

  G_OBJECT_CLASS (inv_history_dialog_parent_class)->dispose (object);
}

static void
inv_history_dialog_finalize (GObject *object)
{
  InvHistoryDialog *self = (InvHistoryDialog *)object;

  g_clear_object (&self->database);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (inv_history_dialog_parent_class)->finalize (object);
}

static void
inv_history_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  InvHistoryDialog *self = INV_HISTORY_DIALOG (object);

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
inv_history_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  InvHistoryDialog *self = INV_HISTORY_DIALOG (object);

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
inv_history_dialog_class_init (InvHistoryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = inv_history_dialog_constructed;
  object_class->dispose = inv_history_dialog_dispose;
  object_class->finalize = inv_history_dialog_finalize;
  object_class->get_property = inv_history_dialog_get_property;
  object_class->set_property = inv_history_dialog_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-history-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, InvHistoryDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, InvHistoryDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, InvHistoryDialog, list_box);
  gtk_widget_class_bind_template_child (widget_class, InvHistoryDialog, status_page);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
inv_history_dialog_init (InvHistoryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * inv_history_dialog_new:
 * @parent: (nullable): the window to stay above
 * @candidate_name: (nullable): whose invitation it is, for the title
 *
 * Returns: (transfer none): a new dialog; present it
 */
GtkWidget *
inv_history_dialog_new (GtkWindow   *parent,
                        InvSession  *session,
                        gint64       invitation_id,
                        const char  *candidate_name)
{
  InvHistoryDialog *self;

  g_return_val_if_fail (INV_IS_SESSION (session), NULL);

  self = g_object_new (INV_TYPE_HISTORY_DIALOG,
                       "transient-for", parent,
                       "session", session,
                       NULL);

  if (candidate_name != NULL && *candidate_name != '\0')
    adw_window_title_set_subtitle (self->window_title, candidate_name);

  load (self, invitation_id);

  return GTK_WIDGET (self);
}

/**
 * inv_history_dialog_get_n_entries:
 *
 * Returns: how many history entries the dialog lists
 */
guint
inv_history_dialog_get_n_entries (InvHistoryDialog *self)
{
  g_return_val_if_fail (INV_IS_HISTORY_DIALOG (self), 0);

  return self->n_entries;
}

/* inv-template-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-template-page"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-database-templates.h"
#include "inv-message-template.h"
#include "inv-message-template-dialog.h"
#include "inv-parent-window.h"
#include "inv-template-page.h"
#include "inv-invitations-view.h"
#include "inv-invite-one-dialog.h"

/* One interview template: the Invite tab holds the invitations list scoped to it, the
 * Details tab what the template is. */
struct _InvTemplatePage
{
  AdwBin                parent_instance;

  InvSession           *session;   /* owned */
  InvDatabase          *database;  /* owned, the session's */
  InvTemplate          *template;  /* owned */
  gboolean              folded;

  /* Template widgets */
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *view_stack;
  AdwBin               *invite_bin;
  GtkLabel             *name_label;
  GtkLabel             *type_badge;
  GtkLabel             *state_badge;
  GtkLabel             *type_value;
  GtkLabel             *state_value;
  GtkLabel             *validity_value;
  GtkLabel             *duration_value;
  GtkLabel             *pending_value;
  AdwPreferencesGroup  *interviewers_group;
  AdwPreferencesGroup  *message_group;
  GtkLabel             *message_label;

  GPtrArray            *interviewer_rows;  /* the rows fill_details() added */
  guint                 reload_id;         /* a coalesced re-read after changes */
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_TEMPLATE,
  PROP_FOLDED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvTemplatePage, inv_template_page, ADW_TYPE_BIN)

static GParamSpec *properties[N_PROPS];

static char *
format_duration (guint minutes)
{
  guint hours = minutes / 60;
  guint rest = minutes % 60;

  if (hours == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes), minutes);

  if (rest == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", hours), hours);

  /* Translators: a duration such as "1 h 30 min" */
  return g_strdup_printf (_("%u h %u min"), hours, rest);
}

static void
fill_message (InvTemplatePage *self)
{
  const char *message = inv_template_get_cancel_message (self->template);

  gboolean is_default = message == NULL || *message == '\0';

  gtk_label_set_text (self->message_label, is_default ? inv_message_template_get_default () : message);
  adw_preferences_group_set_description (self->message_group,
                                         is_default
                                         ? _("What candidates receive by email when their invitation is cancelled. This template uses the default message.")
                                         : _("What candidates receive by email when their invitation is cancelled. This template has its own message."));
}

static void
edit_message_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  InvTemplatePage *self = INV_TEMPLATE_PAGE (widget);
  GtkWidget *dialog;

  dialog = inv_message_template_dialog_new (inv_parent_window (widget),
                                            self->session,
                                            inv_template_get_id (self->template));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fill_details (InvTemplatePage *self)
{
  InvTemplate *template = self->template;
  const char * const *names = inv_template_get_interviewers (template);
  const char * const *emails = inv_template_get_interviewer_emails (template);
  gboolean live = inv_template_get_is_live (template);
  gboolean active = inv_template_get_active (template);
  guint days = inv_template_get_validity_days (template);
  guint n_pending = inv_template_get_n_pending (template);
  g_autofree char *validity = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *pending = NULL;

  adw_view_switcher_title_set_title (self->switcher_title, inv_template_get_name (template));
  gtk_label_set_text (self->name_label, inv_template_get_name (template));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), inv_template_get_name (template));

  gtk_label_set_text (self->type_badge, live ? _("Live") : _("Automated"));
  gtk_label_set_text (self->type_value, live ? _("Live interview") : _("Automated assessment"));

  gtk_label_set_text (self->state_badge, active ? _("Active") : _("Closed"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_badge), active ? "neutral" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->state_badge), active ? "success" : "neutral");
  gtk_label_set_text (self->state_value,
                      active ? _("Active — accepts new invitations") : _("Closed — accepts no new invitations"));

  validity = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", days), days);
  gtk_label_set_text (self->validity_value, validity);

  duration = format_duration (inv_template_get_duration_minutes (template));
  gtk_label_set_text (self->duration_value, duration);

  pending = g_strdup_printf ("%'u", n_pending);
  gtk_label_set_text (self->pending_value, pending);

  /* Filled again after a change: the rows of the last fill go first. */
  for (guint i = 0; i < self->interviewer_rows->len; i++)
    adw_preferences_group_remove (self->interviewers_group, g_ptr_array_index (self->interviewer_rows, i));
  g_ptr_array_set_size (self->interviewer_rows, 0);

  /* Automated assessments have nobody to notify. */
  gtk_widget_set_visible (GTK_WIDGET (self->interviewers_group), live);
  if (live && (names == NULL || names[0] == NULL))
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No interviewers assigned"));
      adw_preferences_group_add (self->interviewers_group, row);
      g_ptr_array_add (self->interviewer_rows, row);
    }
  for (guint i = 0; live && names != NULL && names[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names[i]);
      if (emails != NULL && emails[i] != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), emails[i]);
      adw_preferences_group_add (self->interviewers_group, row);
      g_ptr_array_add (self->interviewer_rows, row);
    }

  fill_message (self);
}

/* The template as the database has it now: its name, state, interviewers, message
 * and pending count, after a sync, a cancel or an invite anywhere. */
static gboolean
reload_template_cb (gpointer user_data)
{
  InvTemplatePage *self = user_data;
  g_autoptr(InvTemplate) template = NULL;
  g_autoptr(GError) error = NULL;

  self->reload_id = 0;

  template = inv_database_load_template (self->database, inv_template_get_id (self->template), &error);
  if (template == NULL)
    {
      g_debug ("Cannot read the template again: %s", error->message);
      return G_SOURCE_REMOVE;
    }

  g_set_object (&self->template, template);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPLATE]);
  fill_details (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "template.invite-one",
                                 inv_template_get_active (self->template));

  return G_SOURCE_REMOVE;
}

/* Its invitations change its pending count; a sync may rename or close it. Changes
 * come in bursts during a sync: one re-read for each burst. */
static void
database_changed_cb (InvTemplatePage *self,
                     InvChangeSet    *changes)
{
  if (!inv_change_set_contains (changes, INV_CHANGE_TEMPLATES, inv_template_get_id (self->template)) &&
      !inv_change_set_has (changes, INV_CHANGE_INVITATIONS))
    return;

  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (250, reload_template_cb, self);
}

static void
invite_one_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  InvTemplatePage *self = INV_TEMPLATE_PAGE (widget);

  inv_invite_one_dialog_present (widget, self->session, inv_template_get_id (self->template));
}

static void
inv_template_page_constructed (GObject *object)
{
  InvTemplatePage *self = (InvTemplatePage *)object;

  G_OBJECT_CLASS (inv_template_page_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));
  g_assert (self->template != NULL);

  self->database = g_object_ref (inv_session_get_database (self->session));

  fill_details (self);
  g_signal_connect_object (self->session, "changed", G_CALLBACK (database_changed_cb),
                           self, G_CONNECT_SWAPPED);

  /* A closed template accepts no invitations; the Details tab says so. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "template.invite-one",
                                 inv_template_get_active (self->template));

  adw_bin_set_child (self->invite_bin,
                     inv_invitations_view_new (self->session,
                                               inv_template_get_id (self->template)));
}

static void
inv_template_page_finalize (GObject *object)
{
  InvTemplatePage *self = (InvTemplatePage *)object;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_pointer (&self->interviewer_rows, g_ptr_array_unref);
  g_clear_object (&self->database);
  g_clear_object (&self->session);
  g_clear_object (&self->template);

  G_OBJECT_CLASS (inv_template_page_parent_class)->finalize (object);
}

static void
inv_template_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  InvTemplatePage *self = INV_TEMPLATE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_TEMPLATE:
      g_value_set_object (value, self->template);
      break;

    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_template_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  InvTemplatePage *self = INV_TEMPLATE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_TEMPLATE:
      self->template = g_value_dup_object (value);
      break;

    case PROP_FOLDED:
      if (self->folded != g_value_get_boolean (value))
        {
          self->folded = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_template_page_class_init (InvTemplatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = inv_template_page_constructed;
  object_class->finalize = inv_template_page_finalize;
  object_class->get_property = inv_template_page_get_property;
  object_class->set_property = inv_template_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEMPLATE] =
    g_param_spec_object ("template", NULL, NULL,
                         INV_TYPE_TEMPLATE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Whether the window shows one side at a time (then the header shows all the
   * window buttons). */
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-template-page.ui");
  gtk_widget_class_install_action (widget_class, "template.invite-one", NULL, invite_one_action);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatePage, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatePage, invite_bin);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatePage, name_label);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatePage, type_badge);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatePage, state_badge);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatePage, type_value);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatePage, state_value);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatePage, validity_value);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatePage, duration_value);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatePage, pending_value);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatePage, interviewers_group);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatePage, message_group);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatePage, message_label);

  gtk_widget_class_install_action (widget_class, "template.edit-message", NULL, edit_message_action);
}

static void
inv_template_page_init (InvTemplatePage *self)
{
  self->interviewer_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * inv_template_page_new:
 * @session: the app's session
 * @template: the template to show
 *
 * Returns: (transfer floating): the page of @template, with its Invite tab in front
 */
GtkWidget *
inv_template_page_new (InvSession  *session,
                       InvTemplate *template)
{
  g_return_val_if_fail (INV_IS_SESSION (session), NULL);
  g_return_val_if_fail (INV_IS_TEMPLATE (template), NULL);

  return g_object_new (INV_TYPE_TEMPLATE_PAGE,
                       "session", session,
                       "template", template,
                       NULL);
}

/**
 * inv_template_page_get_template:
 *
 * Returns: (transfer none): the template shown
 */
InvTemplate *
inv_template_page_get_template (InvTemplatePage *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATE_PAGE (self), NULL);

  return self->template;
}

/**
 * inv_template_page_get_stack:
 *
 * Returns: (transfer none): the stack of tabs ("invite" and "details")
 */
AdwViewStack *
inv_template_page_get_stack (InvTemplatePage *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATE_PAGE (self), NULL);

  return self->view_stack;
}

/**
 * inv_template_page_get_list:
 *
 * Returns: (transfer none): the invitations list of the Invite tab
 */
GtkWidget *
inv_template_page_get_list (InvTemplatePage *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATE_PAGE (self), NULL);

  return adw_bin_get_child (self->invite_bin);
}

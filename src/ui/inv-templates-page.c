/* inv-templates-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-templates-page"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-database-templates.h"
#include "inv-template-page.h"
#include "inv-templates-page.h"

/* The Templates page: every interview template, active ones first, each opening its
 * own page (Invite and Details tabs) on top of the list. */
struct _InvTemplatesPage
{
  AdwBin         parent_instance;

  InvSession    *session;    /* owned */
  InvDatabase   *database;   /* owned, the session's */
  GListStore    *templates;  /* owned; InvTemplate, replaced in place on reload */
  GListModel    *active_templates;  /* owned; what active_list shows */
  GListModel    *closed_templates;  /* owned; what closed_list shows */
  guint          reload_id;  /* a coalesced reload after changes */
  gboolean       folded;

  /* Template widgets */
  AdwLeaflet    *leaflet;
  GtkStack      *list_stack;
  AdwStatusPage *error_page;
  GtkListBox    *active_list;
  GtkListBox    *closed_list;
  GtkWidget     *active_heading;
  GtkWidget     *closed_heading;
  AdwBin        *template_bin;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_FOLDED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvTemplatesPage, inv_templates_page, ADW_TYPE_BIN)

static GParamSpec *properties[N_PROPS];

static char *
describe_template (InvTemplate *template)
{
  guint n_pending = inv_template_get_n_pending (template);
  const char *type = inv_template_get_is_live (template) ? _("Live interview") : _("Automated assessment");
  g_autofree char *pending = NULL;

  if (n_pending == 0)
    pending = g_strdup (_("no pending invitations"));
  else
    /* Translators: part of a template's subtitle, e.g. "Live interview · 1,204 pending" */
    pending = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u pending", "%'u pending", n_pending),
                               n_pending);

  /* Translators: a template's subtitle: its type, then how many invitations are pending */
  return g_strdup_printf (_("%s · %s"), type, pending);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  InvTemplate *template = item;
  g_autofree char *subtitle = describe_template (template);
  GtkWidget *row;
  GtkWidget *badge;
  GtkWidget *arrow;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), inv_template_get_name (template));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  /* The row is labelled by its title already: a label of its own as well would
   * have the name read twice. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                  -1);

  badge = gtk_label_new (inv_template_get_active (template) ? _("Active") : _("Closed"));
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_add_css_class (badge, inv_template_get_active (template) ? "success" : "neutral");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);

  arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open"),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);

  return row;
}

static void
row_activated_cb (InvTemplatesPage *self,
                  GtkListBoxRow    *row,
                  GtkListBox       *list)
{
  GListModel *model = list == self->active_list ? self->active_templates : self->closed_templates;
  g_autoptr(InvTemplate) template = NULL;

  /* A row is the template at its place in its list's model. */
  if (model != NULL)
    template = g_list_model_get_item (model, gtk_list_box_row_get_index (row));
  if (template != NULL)
    inv_templates_page_open_template (self, inv_template_get_id (template));
}

static void
update_headings (InvTemplatesPage *self)
{
  gboolean has_active = gtk_list_box_get_row_at_index (self->active_list, 0) != NULL;
  gboolean has_closed = gtk_list_box_get_row_at_index (self->closed_list, 0) != NULL;

  gtk_widget_set_visible (self->active_heading, has_active);
  gtk_widget_set_visible (GTK_WIDGET (self->active_list), has_active);
  gtk_widget_set_visible (self->closed_heading, has_closed);
  gtk_widget_set_visible (GTK_WIDGET (self->closed_list), has_closed);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  InvTemplatesPage *self = INV_TEMPLATES_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

static void
bind_list (InvTemplatesPage *self,
           GtkListBox       *list,
           gboolean          active)
{
  GtkExpression *expression;
  GtkBoolFilter *filter;
  GtkFilterListModel *model;

  expression = gtk_property_expression_new (INV_TYPE_TEMPLATE, NULL, "active");
  filter = gtk_bool_filter_new (expression);
  gtk_bool_filter_set_invert (filter, !active);
  model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->templates)), GTK_FILTER (filter));

  gtk_list_box_bind_model (list, G_LIST_MODEL (model), create_row_cb, self, NULL);
  if (active)
    g_set_object (&self->active_templates, G_LIST_MODEL (model));
  else
    g_set_object (&self->closed_templates, G_LIST_MODEL (model));
  g_object_unref (model);
}

static gboolean
reload_cb (gpointer user_data)
{
  InvTemplatesPage *self = user_data;

  self->reload_id = 0;
  inv_templates_page_reload (self);

  return G_SOURCE_REMOVE;
}

/* Pending counts change with every invite and cancel, anywhere; a sync brings new or
 * renamed templates. Changes come in bursts during a sync: one read for each. */
static void
database_changed_cb (InvTemplatesPage *self,
                     InvChangeSet     *changes)
{
  if (!inv_change_set_has (changes, INV_CHANGE_TEMPLATES | INV_CHANGE_INVITATIONS))
    return;

  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (250, reload_cb, self);
}

static void
inv_templates_page_constructed (GObject *object)
{
  InvTemplatesPage *self = (InvTemplatesPage *)object;

  G_OBJECT_CLASS (inv_templates_page_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));

  self->database = g_object_ref (inv_session_get_database (self->session));

  bind_list (self, self->active_list, TRUE);
  bind_list (self, self->closed_list, FALSE);

  g_signal_connect_object (self->session, "changed", G_CALLBACK (database_changed_cb),
                           self, G_CONNECT_SWAPPED);
  inv_templates_page_reload (self);
}

static void
inv_templates_page_finalize (GObject *object)
{
  InvTemplatesPage *self = (InvTemplatesPage *)object;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_object (&self->database);
  g_clear_object (&self->session);
  g_clear_object (&self->templates);
  g_clear_object (&self->active_templates);
  g_clear_object (&self->closed_templates);

  G_OBJECT_CLASS (inv_templates_page_parent_class)->finalize (object);
}

static void
inv_templates_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  InvTemplatesPage *self = INV_TEMPLATES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_templates_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  InvTemplatesPage *self = INV_TEMPLATES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
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
inv_templates_page_class_init (InvTemplatesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = inv_templates_page_constructed;
  object_class->finalize = inv_templates_page_finalize;
  object_class->get_property = inv_templates_page_get_property;
  object_class->set_property = inv_templates_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* Whether the window shows only one side at a time; the list's header then offers
   * the way back to the sidebar. */
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INV_TYPE_TEMPLATE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-templates-page.ui");
  gtk_widget_class_bind_template_child (widget_class, InvTemplatesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatesPage, active_list);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatesPage, closed_list);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatesPage, active_heading);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatesPage, closed_heading);
  gtk_widget_class_bind_template_child (widget_class, InvTemplatesPage, template_bin);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "templates.back", NULL, back_action);
}

static void
inv_templates_page_init (InvTemplatesPage *self)
{
  self->templates = g_list_store_new (INV_TYPE_TEMPLATE);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * inv_templates_page_new:
 * @session: the session whose database holds the templates
 *
 * Returns: (transfer floating): a new Templates page
 */
GtkWidget *
inv_templates_page_new (InvSession *session)
{
  g_return_val_if_fail (INV_IS_SESSION (session), NULL);

  return g_object_new (INV_TYPE_TEMPLATES_PAGE, "session", session, NULL);
}

/**
 * inv_templates_page_reload:
 *
 * Reads the templates and their pending counts again. A template page that is open
 * stays as it is.
 */
void
inv_templates_page_reload (InvTemplatesPage *self)
{
  g_autoptr(GListModel) templates = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint n_items;

  g_return_if_fail (INV_IS_TEMPLATES_PAGE (self));

  templates = inv_database_list_templates (self->database, &error);
  if (templates == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->list_stack, "error");
      return;
    }

  n_items = g_list_model_get_n_items (templates);
  items = g_ptr_array_new_full (n_items, g_object_unref);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (items, g_list_model_get_item (templates, i));

  g_list_store_splice (self->templates, 0, g_list_model_get_n_items (G_LIST_MODEL (self->templates)),
                       items->pdata, items->len);

  update_headings (self);
  gtk_stack_set_visible_child_name (self->list_stack, n_items > 0 ? "list" : "empty");
}

/**
 * inv_templates_page_get_templates:
 *
 * Returns: (transfer none): the templates the page lists, a #GListModel of #InvTemplate
 */
GListModel *
inv_templates_page_get_templates (InvTemplatesPage *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATES_PAGE (self), NULL);

  return G_LIST_MODEL (self->templates);
}

/**
 * inv_templates_page_open_template:
 * @template_id: the local id of the template
 *
 * Shows the page of one template, with its Invite tab in front.
 *
 * Returns: %TRUE if the template exists and is shown
 */
gboolean
inv_templates_page_open_template (InvTemplatesPage *self,
                                  gint64            template_id)
{
  g_autoptr(InvTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  g_return_val_if_fail (INV_IS_TEMPLATES_PAGE (self), FALSE);

  /* Read it afresh: the list may be older than the last change. */
  template = inv_database_load_template (self->database, template_id, &error);
  if (template == NULL)
    {
      g_debug ("Cannot open template %" G_GINT64_FORMAT ": %s", template_id, error->message);
      inv_templates_page_reload (self);
      return FALSE;
    }

  page = inv_template_page_new (self->session, template);
  g_object_bind_property (self, "folded", page, "folded", G_BINDING_SYNC_CREATE);
  adw_bin_set_child (self->template_bin, page);
  adw_leaflet_set_visible_child_name (self->leaflet, "template");

  return TRUE;
}

/* inv-invitations-view-columns.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which columns the invitations list shows. A right click on any column's header
 * offers every column that can be hidden, each a check item; the choice is kept in
 * the "visible-columns" setting, so it lasts and every list (the Invitations page and
 * each template's Invite tab) follows it. The candidate and the status always show.
 */

#define G_LOG_DOMAIN "inv-invitations-view"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-invitations-view-private.h"

static const struct {
  const char *name;    /* in the setting, and the action's name */
  const char *label;
  gsize       offset;  /* of the column in the view */
} hideable[] = {
  { "email", N_("Email"), G_STRUCT_OFFSET (InvInvitationsView, email_column) },
  { "template", N_("Template"), G_STRUCT_OFFSET (InvInvitationsView, template_column) },
  { "sent", N_("Sent"), G_STRUCT_OFFSET (InvInvitationsView, sent_column) },
  { "deadline", N_("Deadline"), G_STRUCT_OFFSET (InvInvitationsView, deadline_column) },
  { "sync", N_("Sync"), G_STRUCT_OFFSET (InvInvitationsView, sync_column) },
  { "cancelled-on", N_("Cancelled On"), G_STRUCT_OFFSET (InvInvitationsView, cancelled_column) },
  { "reason", N_("Reason"), G_STRUCT_OFFSET (InvInvitationsView, reason_column) },
};

#define COLUMN_AT(self, i) (*(GtkColumnViewColumn **)G_STRUCT_MEMBER_P ((self), hideable[i].offset))

/* A template's own list never shows the template. */
static gboolean
offered (InvInvitationsView *self,
         guint               i)
{
  return self->template_id == 0 || !g_str_equal (hideable[i].name, "template");
}

static void
apply_setting (InvInvitationsView *self)
{
  g_auto(GStrv) visible = g_settings_get_strv (self->settings, "visible-columns");
  GActionMap *group = G_ACTION_MAP (self->column_actions);

  for (guint i = 0; i < G_N_ELEMENTS (hideable); i++)
    {
      gboolean shown;

      if (!offered (self, i))
        continue;

      shown = g_strv_contains ((const char * const *)visible, hideable[i].name);
      gtk_column_view_column_set_visible (COLUMN_AT (self, i), shown);
      g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (group, hideable[i].name)),
                                 g_variant_new_boolean (shown));
    }
}

static void
change_state_cb (GSimpleAction      *action,
                 GVariant           *state,
                 InvInvitationsView *self)
{
  g_auto(GStrv) visible = g_settings_get_strv (self->settings, "visible-columns");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  const char *name = g_action_get_name (G_ACTION (action));
  gboolean show = g_variant_get_boolean (state);

  /* The other columns stay as the setting has them, including any this list does
   * not offer. */
  for (guint i = 0; visible[i] != NULL; i++)
    if (!g_str_equal (visible[i], name))
      g_strv_builder_add (builder, visible[i]);
  if (show)
    g_strv_builder_add (builder, name);
  updated = g_strv_builder_end (builder);

  g_simple_action_set_state (action, state);
  g_settings_set_strv (self->settings, "visible-columns", (const char * const *)updated);
  apply_setting (self);
}

void
_inv_invitations_view_setup_columns (InvInvitationsView *self)
{
  GSimpleActionGroup *group;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  GListModel *columns;

  group = self->column_actions = g_simple_action_group_new ();
  for (guint i = 0; i < G_N_ELEMENTS (hideable); i++)
    {
      g_autoptr(GSimpleAction) action = NULL;
      g_autofree char *detailed = NULL;

      if (!offered (self, i))
        continue;

      action = g_simple_action_new_stateful (hideable[i].name, NULL, g_variant_new_boolean (TRUE));
      g_signal_connect_object (action, "change-state", G_CALLBACK (change_state_cb), self, 0);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));

      detailed = g_strconcat ("columns.", hideable[i].name, NULL);
      g_menu_append (section, _(hideable[i].label), detailed);
    }
  /* Translators: the heading of the menu of a list's column headers */
  g_menu_append_section (menu, _("Show Columns"), G_MENU_MODEL (section));

  gtk_widget_insert_action_group (GTK_WIDGET (self), "columns", G_ACTION_GROUP (group));

  /* Every header offers the menu: a person right-clicks the one nearest. */
  columns = gtk_column_view_get_columns (self->column_view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      gtk_column_view_column_set_header_menu (column, G_MENU_MODEL (menu));
    }

  g_signal_connect_object (self->settings, "changed::visible-columns",
                           G_CALLBACK (apply_setting), self, G_CONNECT_SWAPPED);
  apply_setting (self);
}

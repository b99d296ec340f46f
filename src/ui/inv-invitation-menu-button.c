/* inv-invitation-menu-button.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invitation-menu-button"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-invitation-menu-button.h"
#include "inv-row-menu.h"

/* The "More actions" button of a row of the invitations list. Its menu, declared in
 * the .ui, activates the view's actions with the invitation's id; it is made when it
 * opens, for the row as it is then. */
struct _InvInvitationMenuButton
{
  GtkWidget      parent_instance;

  InvInvitation *item;    /* owned, nullable */

  GtkMenuButton *button;
  GMenuModel    *menu;    /* the menu as declared */
};

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvInvitationMenuButton, inv_invitation_menu_button, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* What each item of the menu needs the status to allow, and whether the menu says
 * why not. */
static const struct {
  const char *action;
  InvAction   needs;
  gboolean    explained;
} requirements[] = {
  { "list.delete-invitation", INV_ACTION_CANCEL, TRUE },
  { "list.edit-candidate", INV_ACTION_EDIT_CANDIDATE, FALSE },
  { "list.reinvite", INV_ACTION_REINVITE, TRUE },
  { "list.reattempt", INV_ACTION_REATTEMPT, TRUE },
};

static gboolean
allow_cb (const char  *action,
          const char **why_not,
          gpointer     user_data)
{
  InvInvitation *invitation = user_data;
  InvStatus status = inv_invitation_get_status (invitation);

  /* A link is there to copy only once the service made it, and while it works. */
  if (g_strcmp0 (action, "list.copy-link") == 0)
    {
      *why_not = inv_invitation_get_link_unavailable_reason (invitation);
      return *why_not == NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (requirements); i++)
    {
      const char *reason = NULL;

      if (g_strcmp0 (action, requirements[i].action) != 0)
        continue;

      if (inv_status_allows (status, requirements[i].needs, &reason))
        return TRUE;

      if (requirements[i].explained)
        *why_not = reason;
      return FALSE;
    }

  return TRUE;
}

static GMenuModel *
make_menu_cb (gpointer user_data)
{
  InvInvitationMenuButton *self = user_data;

  if (self->item == NULL)
    return NULL;

  return inv_row_menu_new (self->menu, g_variant_new_int64 (inv_invitation_get_id (self->item)),
                           "list.unavailable", allow_cb, self->item);
}

static void
set_item (InvInvitationMenuButton *self,
          InvInvitation           *item)
{
  if (!g_set_object (&self->item, item))
    return;

  if (item != NULL)
    {
      g_autofree char *label = g_strdup_printf (_("More actions for %s"),
                                                inv_invitation_get_candidate_name (item));

      /* The accessible name stays "More actions"; the description says whose. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label,
                                      -1);
    }

  /* The menu is made for the new item when it next opens (inv_row_menu_attach()). */

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

static void
inv_invitation_menu_button_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INV_TYPE_INVITATION_MENU_BUTTON);

  G_OBJECT_CLASS (inv_invitation_menu_button_parent_class)->dispose (object);
}

static void
inv_invitation_menu_button_finalize (GObject *object)
{
  InvInvitationMenuButton *self = INV_INVITATION_MENU_BUTTON (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (inv_invitation_menu_button_parent_class)->finalize (object);
}

static void
inv_invitation_menu_button_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  InvInvitationMenuButton *self = INV_INVITATION_MENU_BUTTON (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invitation_menu_button_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  InvInvitationMenuButton *self = INV_INVITATION_MENU_BUTTON (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invitation_menu_button_class_init (InvInvitationMenuButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inv_invitation_menu_button_dispose;
  object_class->finalize = inv_invitation_menu_button_finalize;
  object_class->get_property = inv_invitation_menu_button_get_property;
  object_class->set_property = inv_invitation_menu_button_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, INV_TYPE_INVITATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-invitation-menu-button.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationMenuButton, button);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationMenuButton, menu);
}

static void
inv_invitation_menu_button_init (InvInvitationMenuButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  inv_row_menu_attach (self->button, make_menu_cb, self);
}

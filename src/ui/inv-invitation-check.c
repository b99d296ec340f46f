/* inv-invitation-check.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invitation-check"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-invitation-check.h"

/* The check button of a row of the invitations list. The view's .ui binds
 * #InvInvitationCheck:item to the row's invitation and #InvInvitationCheck:selected to
 * the list item's selection; a tick activates "list.select-invitation" with the
 * invitation's id, so the selection stays keyed by id whatever row shows whom. */
struct _InvInvitationCheck
{
  GtkCheckButton  parent_instance;

  InvInvitation  *item;     /* owned, nullable */
  gboolean        selected;
  gboolean        syncing;  /* the check follows the selection: not a tick */
};

enum {
  PROP_0,
  PROP_ITEM,
  PROP_SELECTED,
  N_PROPS
};

/* A check button itself, not a box around one: two hundred rows are on hand at a time,
 * and every widget of a row costs memory. */
G_DEFINE_FINAL_TYPE (InvInvitationCheck, inv_invitation_check, GTK_TYPE_CHECK_BUTTON)

static GParamSpec *properties[N_PROPS];

static void
sync_check (InvInvitationCheck *self)
{
  if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self)) == self->selected)
    return;

  self->syncing = TRUE;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self), self->selected);
  self->syncing = FALSE;
}

static void
check_toggled_cb (InvInvitationCheck *self)
{
  if (self->syncing || self->item == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "list.select-invitation", "(xb)",
                              inv_invitation_get_id (self->item),
                              gtk_check_button_get_active (GTK_CHECK_BUTTON (self)));

  /* Back to what the selection says, should the view not have taken the tick. */
  sync_check (self);
}

static void
set_item (InvInvitationCheck *self,
          InvInvitation      *item)
{
  g_autofree char *label = NULL;

  if (!g_set_object (&self->item, item))
    return;

  if (item != NULL)
    {
      label = g_strdup_printf (_("Select %s"), inv_invitation_get_candidate_name (item));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

static void
set_selected (InvInvitationCheck *self,
              gboolean            selected)
{
  selected = !!selected;
  if (self->selected == selected)
    return;

  self->selected = selected;
  sync_check (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
inv_invitation_check_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INV_TYPE_INVITATION_CHECK);

  G_OBJECT_CLASS (inv_invitation_check_parent_class)->dispose (object);
}

static void
inv_invitation_check_finalize (GObject *object)
{
  InvInvitationCheck *self = INV_INVITATION_CHECK (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (inv_invitation_check_parent_class)->finalize (object);
}

static void
inv_invitation_check_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  InvInvitationCheck *self = INV_INVITATION_CHECK (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    case PROP_SELECTED:
      g_value_set_boolean (value, self->selected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invitation_check_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  InvInvitationCheck *self = INV_INVITATION_CHECK (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      set_item (self, g_value_get_object (value));
      break;

    case PROP_SELECTED:
      set_selected (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invitation_check_class_init (InvInvitationCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inv_invitation_check_dispose;
  object_class->finalize = inv_invitation_check_finalize;
  object_class->get_property = inv_invitation_check_get_property;
  object_class->set_property = inv_invitation_check_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, INV_TYPE_INVITATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_boolean ("selected", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-invitation-check.ui");
  gtk_widget_class_bind_template_callback (widget_class, check_toggled_cb);
}

static void
inv_invitation_check_init (InvInvitationCheck *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

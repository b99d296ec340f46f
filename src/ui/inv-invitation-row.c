/* inv-invitation-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invitation-row"

#include "config.h"

#include "inv-invitation-row.h"

/* One row of the invitations list: an InvListRow whose item is an invitation, under
 * that name, so the column view's cells read it without casting. */
struct _InvInvitationRow
{
  InvListRow parent_instance;
};

enum {
  PROP_0,
  PROP_INVITATION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvInvitationRow, inv_invitation_row, INV_TYPE_LIST_ROW)

static GParamSpec *properties[N_PROPS];

static void
inv_invitation_row_notify (GObject    *object,
                           GParamSpec *pspec)
{
  /* "invitation" is "item" under another name: whoever watches one sees both change. */
  if (g_strcmp0 (pspec->name, "item") == 0)
    g_object_notify_by_pspec (object, properties[PROP_INVITATION]);

  if (G_OBJECT_CLASS (inv_invitation_row_parent_class)->notify != NULL)
    G_OBJECT_CLASS (inv_invitation_row_parent_class)->notify (object, pspec);
}

static void
inv_invitation_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  InvInvitationRow *self = INV_INVITATION_ROW (object);

  switch (prop_id)
    {
    case PROP_INVITATION:
      g_value_set_object (value, inv_invitation_row_get_invitation (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invitation_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  InvInvitationRow *self = INV_INVITATION_ROW (object);

  switch (prop_id)
    {
    case PROP_INVITATION:
      inv_invitation_row_set_invitation (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invitation_row_class_init (InvInvitationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->notify = inv_invitation_row_notify;
  object_class->get_property = inv_invitation_row_get_property;
  object_class->set_property = inv_invitation_row_set_property;

  properties[PROP_INVITATION] =
    g_param_spec_object ("invitation", NULL, NULL, INV_TYPE_INVITATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inv_invitation_row_init (InvInvitationRow *self)
{
}

/**
 * inv_invitation_row_new:
 * @invitation: (nullable): what the row shows first
 *
 * Returns: (transfer full): a new row
 */
InvInvitationRow *
inv_invitation_row_new (InvInvitation *invitation)
{
  return g_object_new (INV_TYPE_INVITATION_ROW, "item", invitation, NULL);
}

/**
 * inv_invitation_row_get_invitation:
 *
 * Returns: (transfer none) (nullable): the invitation the row shows now
 */
InvInvitation *
inv_invitation_row_get_invitation (InvInvitationRow *self)
{
  g_return_val_if_fail (INV_IS_INVITATION_ROW (self), NULL);

  return inv_list_row_get_item (INV_LIST_ROW (self));
}

/**
 * inv_invitation_row_set_invitation:
 * @invitation: (nullable): what the row shows from now on
 *
 * Notifies #InvInvitationRow:invitation, also for a fresh copy of the same invitation
 * (read again after a change), so the widgets showing it update.
 */
void
inv_invitation_row_set_invitation (InvInvitationRow *self,
                                   InvInvitation    *invitation)
{
  g_return_if_fail (INV_IS_INVITATION_ROW (self));
  g_return_if_fail (invitation == NULL || INV_IS_INVITATION (invitation));

  inv_list_row_set_item (INV_LIST_ROW (self), invitation);
}

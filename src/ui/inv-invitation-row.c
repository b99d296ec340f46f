/* inv-invitation-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invitation-row"

#include "config.h"

#include "inv-invitation-row.h"

/* One row of the invitations list as the column view sees it: a place that shows an
 * invitation, and keeps showing whatever invitation comes to its position when the
 * filter, search or sort changes. GTK 4.8's list views reuse a row's widgets only for
 * the very same item; because the row stays the same object, a new query re-fills
 * the row widgets on screen instead of destroying and rebuilding two hundred of them. */
struct _InvInvitationRow
{
  GObject        parent_instance;

  InvInvitation *invitation;  /* owned, nullable */
};

enum {
  PROP_0,
  PROP_INVITATION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvInvitationRow, inv_invitation_row, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
inv_invitation_row_finalize (GObject *object)
{
  InvInvitationRow *self = (InvInvitationRow *)object;

  g_clear_object (&self->invitation);

  G_OBJECT_CLASS (inv_invitation_row_parent_class)->finalize (object);
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
      g_value_set_object (value, self->invitation);
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

  object_class->finalize = inv_invitation_row_finalize;
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
  return g_object_new (INV_TYPE_INVITATION_ROW, "invitation", invitation, NULL);
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

  return self->invitation;
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

  if (self->invitation == invitation)
    return;

  g_set_object (&self->invitation, invitation);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INVITATION]);
}

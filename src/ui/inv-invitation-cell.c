/* inv-invitation-cell.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invitation-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-database.h"
#include "inv-invitation-cell.h"
#include "inv-invitations-view-private.h"
#include "inv-status-badge.h"

/* One cell of the invitations list: the #InvInvitationCell:field of the invitation its
 * row shows now. The view's .ui binds #InvInvitationCell:item to the row's invitation,
 * which changes (also to a fresh copy of the same one) when the list is read again. */
struct _InvInvitationCell
{
  GtkWidget           parent_instance;

  InvInvitation      *item;   /* owned, nullable */
  InvInvitationField  field;

  GtkLabel           *label;
  InvStatusBadge     *badge;  /* the status, or "Deadline approaching"; nullable */
};

enum {
  PROP_0,
  PROP_ITEM,
  PROP_FIELD,
  N_PROPS
};

G_DEFINE_ENUM_TYPE (InvInvitationField, inv_invitation_field,
                    G_DEFINE_ENUM_VALUE (INV_INVITATION_FIELD_CANDIDATE, "candidate"),
                    G_DEFINE_ENUM_VALUE (INV_INVITATION_FIELD_EMAIL, "email"),
                    G_DEFINE_ENUM_VALUE (INV_INVITATION_FIELD_TEMPLATE, "template"),
                    G_DEFINE_ENUM_VALUE (INV_INVITATION_FIELD_STATUS, "status"),
                    G_DEFINE_ENUM_VALUE (INV_INVITATION_FIELD_SENT, "sent"),
                    G_DEFINE_ENUM_VALUE (INV_INVITATION_FIELD_DEADLINE, "deadline"),
                    G_DEFINE_ENUM_VALUE (INV_INVITATION_FIELD_SYNC, "sync"))

G_DEFINE_FINAL_TYPE (InvInvitationCell, inv_invitation_cell, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static char *
format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return g_strdup ("—");

  dt = g_date_time_new_from_unix_local (unix_time);
  /* Translators: a date in the list, see g_date_time_format() */
  return g_date_time_format (dt, _("%e %b %Y"));
}

static char *
format_date_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return NULL;

  dt = g_date_time_new_from_unix_local (unix_time);
  /* Translators: a date and time in a tooltip, see g_date_time_format() */
  return g_date_time_format (dt, _("%A, %e %B %Y, %H:%M"));
}

/* Tooltips are worked out when the pointer rests on a cell, not when a row changes:
 * setting a tooltip makes GTK ask the display where the pointer is, and a new query
 * changes the invitation of some two hundred rows at once. */
static gboolean
query_tooltip_cb (InvInvitationCell *self,
                  int                x,
                  int                y,
                  gboolean           keyboard_mode,
                  GtkTooltip        *tooltip)
{
  g_autofree char *text = NULL;

  if (self->item == NULL)
    return FALSE;

  switch (self->field)
    {
    case INV_INVITATION_FIELD_TEMPLATE:
      text = g_strdup (inv_invitation_get_template_name (self->item));
      break;

    case INV_INVITATION_FIELD_SENT:
      text = format_date_time (inv_invitation_get_sent_at (self->item));
      break;

    case INV_INVITATION_FIELD_DEADLINE:
      text = format_date_time (inv_invitation_get_expires_at (self->item));
      break;

    case INV_INVITATION_FIELD_CANDIDATE:
    case INV_INVITATION_FIELD_EMAIL:
    case INV_INVITATION_FIELD_STATUS:
    case INV_INVITATION_FIELD_SYNC:
    default:
      break;
    }

  if (text == NULL || *text == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static void
set_field (InvInvitationCell  *self,
           InvInvitationField  field)
{
  self->field = field;

  switch (field)
    {
    case INV_INVITATION_FIELD_EMAIL:
      /* Addresses run longer than names: the column starts wide enough to tell
       * most of them apart. The list scrolls sideways in narrow windows. */
      gtk_label_set_width_chars (self->label, 18);
      break;

    case INV_INVITATION_FIELD_SENT:
      /* A date is read whole or not at all. */
      gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_NONE);
      break;

    case INV_INVITATION_FIELD_SYNC:
      gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_NONE);
      gtk_widget_add_css_class (GTK_WIDGET (self->label), "dim-label");
      break;

    case INV_INVITATION_FIELD_STATUS:
      self->badge = INV_STATUS_BADGE (inv_status_badge_new ());
      gtk_widget_set_visible (GTK_WIDGET (self->label), FALSE);
      gtk_widget_set_parent (GTK_WIDGET (self->badge), GTK_WIDGET (self));
      break;

    case INV_INVITATION_FIELD_DEADLINE:
      self->badge = INV_STATUS_BADGE (inv_status_badge_new ());
      inv_status_badge_set_custom (self->badge, _("Deadline approaching"), "badge-warning");
      gtk_widget_set_parent (GTK_WIDGET (self->badge), GTK_WIDGET (self));
      break;

    case INV_INVITATION_FIELD_CANDIDATE:
    case INV_INVITATION_FIELD_TEMPLATE:
    default:
      break;
    }

  if (field == INV_INVITATION_FIELD_TEMPLATE ||
      field == INV_INVITATION_FIELD_SENT ||
      field == INV_INVITATION_FIELD_DEADLINE)
    {
      gtk_widget_set_has_tooltip (GTK_WIDGET (self->label), TRUE);
      g_signal_connect_object (self->label, "query-tooltip", G_CALLBACK (query_tooltip_cb),
                               self, G_CONNECT_SWAPPED);
    }
}

static InvInvitationsView *
get_view (InvInvitationCell *self)
{
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (self), INV_TYPE_INVITATIONS_VIEW);

  return view != NULL ? INV_INVITATIONS_VIEW (view) : NULL;
}

static void
inv_invitation_cell_root (GtkWidget *widget)
{
  InvInvitationCell *self = INV_INVITATION_CELL (widget);
  InvInvitationsView *view;

  GTK_WIDGET_CLASS (inv_invitation_cell_parent_class)->root (widget);

  /* The Sync column counts down, and follows the network: the view says when. */
  if (self->field == INV_INVITATION_FIELD_SYNC && (view = get_view (self)) != NULL)
    {
      _inv_invitations_view_add_sync_cell (view, self);
      inv_invitation_cell_update (self);
    }
}

static void
inv_invitation_cell_unroot (GtkWidget *widget)
{
  InvInvitationCell *self = INV_INVITATION_CELL (widget);
  InvInvitationsView *view;

  if (self->field == INV_INVITATION_FIELD_SYNC && (view = get_view (self)) != NULL)
    _inv_invitations_view_remove_sync_cell (view, self);

  GTK_WIDGET_CLASS (inv_invitation_cell_parent_class)->unroot (widget);
}

static void
inv_invitation_cell_dispose (GObject *object)
{
  InvInvitationCell *self = INV_INVITATION_CELL (object);

  if (self->badge != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->badge));
      self->badge = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), INV_TYPE_INVITATION_CELL);

  G_OBJECT_CLASS (inv_invitation_cell_parent_class)->dispose (object);
}

static void
inv_invitation_cell_finalize (GObject *object)
{
  InvInvitationCell *self = INV_INVITATION_CELL (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (inv_invitation_cell_parent_class)->finalize (object);
}

static void
inv_invitation_cell_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  InvInvitationCell *self = INV_INVITATION_CELL (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    case PROP_FIELD:
      g_value_set_enum (value, self->field);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invitation_cell_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  InvInvitationCell *self = INV_INVITATION_CELL (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      inv_invitation_cell_set_item (self, g_value_get_object (value));
      break;

    case PROP_FIELD:
      set_field (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invitation_cell_class_init (InvInvitationCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inv_invitation_cell_dispose;
  object_class->finalize = inv_invitation_cell_finalize;
  object_class->get_property = inv_invitation_cell_get_property;
  object_class->set_property = inv_invitation_cell_set_property;

  widget_class->root = inv_invitation_cell_root;
  widget_class->unroot = inv_invitation_cell_unroot;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, INV_TYPE_INVITATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIELD] =
    g_param_spec_enum ("field", NULL, NULL,
                       INV_TYPE_INVITATION_FIELD, INV_INVITATION_FIELD_CANDIDATE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-invitation-cell.ui");
  gtk_widget_class_bind_template_child (widget_class, InvInvitationCell, label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
inv_invitation_cell_init (InvInvitationCell *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);
}

/**
 * inv_invitation_cell_get_item:
 *
 * Returns: (transfer none) (nullable): the invitation the cell shows
 */
InvInvitation *
inv_invitation_cell_get_item (InvInvitationCell *self)
{
  g_return_val_if_fail (INV_IS_INVITATION_CELL (self), NULL);

  return self->item;
}

/**
 * inv_invitation_cell_set_item:
 * @item: (nullable): what the cell shows from now on, also a fresh copy of the same
 *   invitation read again after a change
 */
void
inv_invitation_cell_set_item (InvInvitationCell *self,
                              InvInvitation     *item)
{
  g_return_if_fail (INV_IS_INVITATION_CELL (self));
  g_return_if_fail (item == NULL || INV_IS_INVITATION (item));

  if (!g_set_object (&self->item, item))
    return;

  inv_invitation_cell_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * inv_invitation_cell_update:
 *
 * Shows the invitation again, for what changes with time (a countdown, the network).
 */
void
inv_invitation_cell_update (InvInvitationCell *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (INV_IS_INVITATION_CELL (self));

  /* The row's invitation was deleted elsewhere since the ids were read: show nothing
   * until the next reload drops the row. */
  if (self->item == NULL)
    {
      gtk_label_set_label (self->label, NULL);
      return;
    }

  switch (self->field)
    {
    case INV_INVITATION_FIELD_CANDIDATE:
      gtk_label_set_label (self->label, inv_invitation_get_candidate_name (self->item));
      break;

    case INV_INVITATION_FIELD_EMAIL:
      gtk_label_set_label (self->label, inv_invitation_get_email (self->item));
      break;

    case INV_INVITATION_FIELD_TEMPLATE:
      gtk_label_set_label (self->label, inv_invitation_get_template_name (self->item));
      break;

    case INV_INVITATION_FIELD_STATUS:
      inv_status_badge_set_status (self->badge,
                                   inv_invitation_get_status (self->item),
                                   inv_invitation_get_status_text (self->item));
      break;

    case INV_INVITATION_FIELD_SENT:
      text = format_date (inv_invitation_get_sent_at (self->item));
      gtk_label_set_label (self->label, text);
      break;

    case INV_INVITATION_FIELD_DEADLINE:
      text = format_date (inv_invitation_get_expires_at (self->item));
      gtk_label_set_label (self->label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->badge),
                              inv_invitation_is_deadline_near (self->item, inv_database_now ()));
      break;

    case INV_INVITATION_FIELD_SYNC:
      text = _inv_invitations_view_describe_sync_state (get_view (self), self->item);
      gtk_label_set_label (self->label, text);
      break;

    default:
      g_assert_not_reached ();
    }
}

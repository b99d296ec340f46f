/* inv-invitation-cell.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invitation-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-cancel-reason.h"
#include "inv-database.h"
#include "inv-invitation-cell.h"
#include "inv-invitations-view-private.h"
#include "inv-status-badge.h"

/* One cell of the invitations list: the #InvInvitationCell:field of the invitation its
 * row shows now. The view binds #InvInvitationCell:item to the row's invitation, which
 * changes (also to a fresh copy of the same one) when the list is read again.
 *
 * The cell draws its text itself rather than holding a label: GTK keeps some two
 * hundred rows at hand, and a label inside each text cell was a thousand widgets more
 * to lay out and keep. It reads like a label to assistive technologies. */
struct _InvInvitationCell
{
  GtkWidget           parent_instance;

  InvInvitation      *item;    /* owned, nullable */
  InvInvitationField  field;

  char               *text;    /* owned, nullable: what is drawn */
  PangoLayout        *layout;  /* owned, nullable: made when first measured or drawn */
  guint               ellipsize : 1;
  int                 min_chars;
  int                 max_chars;  /* the natural width at most, or 0 */

  InvStatusBadge     *badge;   /* the status, or "Deadline approaching"; nullable */
  int                 badge_floor;  /* the widest status badge; -1 until measured */

  GtkImage           *icon;    /* before the sync state; nullable */
  char               *detail;  /* owned, nullable: the whole sync state, for the tooltip */
};

/* Between the deadline and its badge. */
#define BADGE_SPACING 6
/* Between the sync icon and its word. */
#define ICON_SPACING 6

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
                    G_DEFINE_ENUM_VALUE (INV_INVITATION_FIELD_SYNC, "sync"),
                    G_DEFINE_ENUM_VALUE (INV_INVITATION_FIELD_CANCELLED_ON, "cancelled-on"),
                    G_DEFINE_ENUM_VALUE (INV_INVITATION_FIELD_REASON, "reason"))

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

/* A reason by its label; one the app does not know, as stored. */
static char *
reason_text (const char *reason)
{
  InvCancelReason value;

  if (reason == NULL || *reason == '\0')
    return NULL;
  if (inv_cancel_reason_from_string (reason, &value))
    return g_strdup (inv_cancel_reason_get_label (value));

  return g_strdup (reason);
}

/* Tooltips are worked out when the pointer rests on a cell, not when a row changes:
 * setting a tooltip makes GTK ask the display where the pointer is, and a new query
 * changes the invitation of some two hundred rows at once. */
static gboolean
query_tooltip_cb (InvInvitationCell *self,
                  int                x,
                  int                y,
                  gboolean           keyboard_mode,
                  GtkTooltip        *tooltip,
                  gpointer           user_data)
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

    case INV_INVITATION_FIELD_CANCELLED_ON:
      text = format_date_time (inv_invitation_get_cancelled_at (self->item));
      break;

    case INV_INVITATION_FIELD_SYNC:
      text = g_strdup (self->detail);
      break;

    case INV_INVITATION_FIELD_REASON:
    case INV_INVITATION_FIELD_CANDIDATE:
    case INV_INVITATION_FIELD_EMAIL:
    case INV_INVITATION_FIELD_STATUS:
    default:
      break;
    }

  if (text == NULL || *text == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

/* What is drawn, and what a screen reader reads. */
static void
set_text (InvInvitationCell *self,
          const char        *text)
{
  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, text != NULL ? text : "", -1);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text != NULL ? text : "",
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* The whole sync state behind the word the cell shows: in the tooltip, and read by
 * screen readers after the word. */
static void
set_detail (InvInvitationCell *self,
            const char        *detail)
{
  if (g_strcmp0 (self->detail, detail) == 0)
    return;

  g_free (self->detail);
  self->detail = g_strdup (detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail != NULL ? detail : "",
                                  -1);
}

static const char *
sync_icon_name (InvSyncState state)
{
  switch (state)
    {
    case INV_SYNC_STATE_LOCAL: return "applications-science-symbolic";
    case INV_SYNC_STATE_SYNCED: return "emblem-ok-symbolic";
    case INV_SYNC_STATE_PENDING_CREATE:
    case INV_SYNC_STATE_PENDING_CANCEL: return "emblem-synchronizing-symbolic";
    case INV_SYNC_STATE_FAILED: return "dialog-error-symbolic";
    case INV_SYNC_STATE_CONFLICT: return "dialog-warning-symbolic";
    case INV_N_SYNC_STATES:
    default:
      return "dialog-question-symbolic";
    }
}

static PangoLayout *
ensure_layout (InvInvitationCell *self)
{
  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
      pango_layout_set_ellipsize (self->layout, self->ellipsize ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
    }

  return self->layout;
}

static gboolean
badge_shown (InvInvitationCell *self)
{
  return self->badge != NULL && gtk_widget_get_visible (GTK_WIDGET (self->badge));
}

/* The width taken before the text by the sync icon and the space after it. */
static int
icon_lead (InvInvitationCell *self)
{
  int icon_width = 0;

  if (self->icon == NULL)
    return 0;

  gtk_widget_measure (GTK_WIDGET (self->icon), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &icon_width, NULL, NULL);

  return icon_width + ICON_SPACING;
}

/* The least width of the badge: a status is never cut short ("Cance…"), and the
 * status column keeps the width of the widest status rather than changing with
 * the rows on screen. */
static int
badge_min_width (InvInvitationCell *self,
                 int                badge_min,
                 int                badge_nat)
{
  if (self->field != INV_INVITATION_FIELD_STATUS)
    return badge_min;

  if (self->badge_floor < 0)
    self->badge_floor = inv_status_badge_measure_widest_status (self->badge);

  /* A status the app does not know, shown as the service spells it, may be wider. */
  return MAX (badge_nat, self->badge_floor);
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
       * most of them apart. Narrower windows show two-line rows. */
      self->min_chars = 14;
      break;

    case INV_INVITATION_FIELD_SENT:
    case INV_INVITATION_FIELD_CANCELLED_ON:
      /* A date is read whole or not at all. */
      self->ellipsize = FALSE;
      break;

    case INV_INVITATION_FIELD_REASON:
      /* A reason is a short label of the app's, read whole like a date. */
      self->ellipsize = FALSE;
      break;

    case INV_INVITATION_FIELD_SYNC:
      /* A word and an icon: the whole state ("Cancel waiting to sync") is in the
       * tooltip and read by screen readers, the column stays narrow. */
      self->ellipsize = FALSE;
      gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");
      self->icon = GTK_IMAGE (gtk_image_new ());
      gtk_widget_set_parent (GTK_WIDGET (self->icon), GTK_WIDGET (self));
      break;

    case INV_INVITATION_FIELD_STATUS:
      /* The badge alone: no room kept for text it never has. */
      self->min_chars = 0;
      self->badge = INV_STATUS_BADGE (inv_status_badge_new ());
      gtk_widget_set_parent (GTK_WIDGET (self->badge), GTK_WIDGET (self));
      break;

    case INV_INVITATION_FIELD_DEADLINE:
      self->badge = INV_STATUS_BADGE (inv_status_badge_new ());
      inv_status_badge_set_custom (self->badge, _("Deadline approaching"), "badge-warning");
      gtk_widget_set_parent (GTK_WIDGET (self->badge), GTK_WIDGET (self));
      break;

    case INV_INVITATION_FIELD_TEMPLATE:
      /* A template's long name asks for no more than this: the names and emails
       * beside it have the width first, and the whole name is in the tooltip. */
      self->max_chars = 12;
      break;

    case INV_INVITATION_FIELD_CANDIDATE:
    default:
      break;
    }

  if (self->layout != NULL)
    pango_layout_set_ellipsize (self->layout, self->ellipsize ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);

  if (field == INV_INVITATION_FIELD_TEMPLATE ||
      field == INV_INVITATION_FIELD_SENT ||
      field == INV_INVITATION_FIELD_CANCELLED_ON ||
      field == INV_INVITATION_FIELD_DEADLINE ||
      field == INV_INVITATION_FIELD_SYNC)
    {
      gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
      g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
    }
}

static void
inv_invitation_cell_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  InvInvitationCell *self = INV_INVITATION_CELL (widget);
  PangoLayout *layout = ensure_layout (self);
  int badge_min = 0;
  int badge_nat = 0;
  int text_width;
  int text_height;

  pango_layout_set_width (layout, -1);
  if (self->text != NULL && *self->text != '\0')
    pango_layout_get_pixel_size (layout, &text_width, &text_height);
  else
    text_width = text_height = 0;

  if (badge_shown (self))
    {
      gtk_widget_measure (GTK_WIDGET (self->badge), orientation, -1, &badge_min, &badge_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        badge_min = badge_min_width (self, badge_min, badge_nat);
      badge_nat = MAX (badge_nat, badge_min);
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int chars_width = 0;

      int max_width = G_MAXINT;

      if (self->ellipsize && (self->min_chars > 0 || self->max_chars > 0))
        {
          PangoFontMetrics *metrics = pango_context_get_metrics (pango_layout_get_context (layout), NULL, NULL);

          /* As a label measures its width in characters. */
          int char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                                pango_font_metrics_get_approximate_digit_width (metrics));

          chars_width = PANGO_PIXELS_CEIL (char_width * self->min_chars);
          if (self->max_chars > 0)
            max_width = PANGO_PIXELS_CEIL (char_width * self->max_chars);
          pango_font_metrics_unref (metrics);
        }

      *minimum = self->ellipsize ? chars_width : text_width;
      *natural = MAX (MIN (text_width, max_width), chars_width);

      if (badge_shown (self))
        {
          int spacing = text_width > 0 ? BADGE_SPACING : 0;

          *minimum += badge_min + spacing;
          *natural += badge_nat + spacing;
        }

      *minimum += icon_lead (self);
      *natural += icon_lead (self);
    }
  else
    {
      /* A row keeps the height of a line of text even when the cell is empty. */
      PangoRectangle logical;
      int icon_height = 0;

      if (self->icon != NULL)
        gtk_widget_measure (GTK_WIDGET (self->icon), orientation, -1, NULL, &icon_height, NULL, NULL);

      pango_layout_get_pixel_extents (layout, NULL, &logical);
      *minimum = *natural = MAX (MAX (MAX (text_height, logical.height), badge_nat), icon_height);
    }
}

/* The text's share of the width: what the badge beside it leaves. */
static int
text_width_for (InvInvitationCell *self,
                int                width,
                int               *badge_width)
{
  int badge_min = 0;
  int badge_nat = 0;

  *badge_width = 0;
  if (!badge_shown (self))
    return MAX (0, width - icon_lead (self));

  gtk_widget_measure (GTK_WIDGET (self->badge), GTK_ORIENTATION_HORIZONTAL, -1, &badge_min, &badge_nat, NULL, NULL);
  badge_min = badge_min_width (self, badge_min, badge_nat);
  *badge_width = CLAMP (width, badge_min, MAX (badge_min, badge_nat));

  if (self->text == NULL || *self->text == '\0')
    return 0;

  return MAX (0, width - *badge_width - BADGE_SPACING);
}

static void
inv_invitation_cell_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  InvInvitationCell *self = INV_INVITATION_CELL (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int badge_width;
  int text_width = text_width_for (self, width, &badge_width);
  int used = 0;

  if (self->icon != NULL)
    {
      int icon_width = MAX (0, icon_lead (self) - ICON_SPACING);

      gtk_widget_size_allocate (GTK_WIDGET (self->icon),
                                &(GtkAllocation) { rtl ? width - icon_width : 0, 0, icon_width, height },
                                -1);
    }

  if (self->badge == NULL)
    return;

  if (text_width > 0)
    {
      PangoLayout *layout = ensure_layout (self);
      int natural_width;

      pango_layout_set_width (layout, -1);
      pango_layout_get_pixel_size (layout, &natural_width, NULL);
      used = MIN (natural_width, text_width) + BADGE_SPACING;
    }

  /* A badge alone in a cell aligned to the end keeps to the end, beside what follows
   * it (a two-line row's deadline), however wide the widest status. */
  if (text_width == 0 && gtk_widget_get_halign (widget) == GTK_ALIGN_END)
    {
      int badge_nat = 0;

      gtk_widget_measure (GTK_WIDGET (self->badge), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &badge_nat, NULL, NULL);
      badge_width = MIN (badge_width, badge_nat);
      used = width - badge_width;
    }

  gtk_widget_size_allocate (GTK_WIDGET (self->badge),
                            &(GtkAllocation) { rtl ? width - used - badge_width : used, 0, badge_width, height },
                            -1);
}

static void
inv_invitation_cell_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  InvInvitationCell *self = INV_INVITATION_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int badge_width;
  int text_width = text_width_for (self, width, &badge_width);

  if (self->text != NULL && *self->text != '\0' && text_width > 0)
    {
      PangoLayout *layout = ensure_layout (self);
      GtkStyleContext *style = gtk_widget_get_style_context (widget);
      GdkRGBA color;
      PangoRectangle logical;
      int layout_width;
      int layout_height;
      float x;

      pango_layout_set_width (layout, self->ellipsize ? text_width * PANGO_SCALE : -1);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      layout_width = logical.width;
      layout_height = logical.height;
      gtk_style_context_get_color (style, &color);
      /* In a right-to-left window the text ends at the cell's end; where it starts
       * inside its layout (logical.x) depends on the text's own direction. */
      x = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL
          ? width - icon_lead (self) - layout_width - logical.x
          : icon_lead (self) - logical.x;

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, (height - layout_height) / 2));
      gtk_snapshot_append_layout (snapshot, layout, &color);
      gtk_snapshot_restore (snapshot);
    }

  if (self->badge != NULL)
    gtk_widget_snapshot_child (widget, GTK_WIDGET (self->badge), snapshot);
  if (self->icon != NULL)
    gtk_widget_snapshot_child (widget, GTK_WIDGET (self->icon), snapshot);
}

/* A new font or text direction: the text is laid out again. */
static void
inv_invitation_cell_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  InvInvitationCell *self = INV_INVITATION_CELL (widget);

  GTK_WIDGET_CLASS (inv_invitation_cell_parent_class)->css_changed (widget, change);

  g_clear_object (&self->layout);
  self->badge_floor = -1;
  gtk_widget_queue_resize (widget);
}

static void
inv_invitation_cell_direction_changed (GtkWidget        *widget,
                                       GtkTextDirection  previous)
{
  InvInvitationCell *self = INV_INVITATION_CELL (widget);

  g_clear_object (&self->layout);
  gtk_widget_queue_resize (widget);
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
  if (self->icon != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->icon));
      self->icon = NULL;
    }
  g_clear_object (&self->layout);

  G_OBJECT_CLASS (inv_invitation_cell_parent_class)->dispose (object);
}

static void
inv_invitation_cell_finalize (GObject *object)
{
  InvInvitationCell *self = INV_INVITATION_CELL (object);

  g_clear_object (&self->item);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->detail, g_free);

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
  widget_class->measure = inv_invitation_cell_measure;
  widget_class->size_allocate = inv_invitation_cell_size_allocate;
  widget_class->snapshot = inv_invitation_cell_snapshot;
  widget_class->css_changed = inv_invitation_cell_css_changed;
  widget_class->direction_changed = inv_invitation_cell_direction_changed;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, INV_TYPE_INVITATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIELD] =
    g_param_spec_enum ("field", NULL, NULL,
                       INV_TYPE_INVITATION_FIELD, INV_INVITATION_FIELD_CANDIDATE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "invitationcell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
inv_invitation_cell_init (InvInvitationCell *self)
{
  self->ellipsize = TRUE;
  self->min_chars = 6;
  self->badge_floor = -1;
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

InvInvitationField
inv_invitation_cell_get_field (InvInvitationCell *self)
{
  g_return_val_if_fail (INV_IS_INVITATION_CELL (self), INV_INVITATION_FIELD_CANDIDATE);

  return self->field;
}

/**
 * inv_invitation_cell_get_text:
 *
 * Returns: (transfer none) (nullable): the text the cell shows, as a screen reader
 *   reads it (a status or deadline badge aside)
 */
const char *
inv_invitation_cell_get_text (InvInvitationCell *self)
{
  g_return_val_if_fail (INV_IS_INVITATION_CELL (self), NULL);

  return self->text;
}

/**
 * inv_invitation_cell_get_detail:
 *
 * Returns: (transfer none) (nullable): what the cell's tooltip says beyond its text:
 *   the whole sync state beside the word the Sync column shows
 */
const char *
inv_invitation_cell_get_detail (InvInvitationCell *self)
{
  g_return_val_if_fail (INV_IS_INVITATION_CELL (self), NULL);

  return self->detail;
}

/**
 * inv_invitation_cell_get_badge:
 *
 * Returns: (transfer none) (nullable): the status or deadline badge
 */
GtkWidget *
inv_invitation_cell_get_badge (InvInvitationCell *self)
{
  g_return_val_if_fail (INV_IS_INVITATION_CELL (self), NULL);

  return (GtkWidget *)self->badge;
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
      set_text (self, NULL);
      return;
    }

  switch (self->field)
    {
    case INV_INVITATION_FIELD_CANDIDATE:
      set_text (self, inv_invitation_get_candidate_name (self->item));
      break;

    case INV_INVITATION_FIELD_EMAIL:
      set_text (self, inv_invitation_get_email (self->item));
      break;

    case INV_INVITATION_FIELD_TEMPLATE:
      set_text (self, inv_invitation_get_template_name (self->item));
      break;

    case INV_INVITATION_FIELD_STATUS:
      inv_status_badge_set_status (self->badge,
                                   inv_invitation_get_status (self->item),
                                   inv_invitation_get_status_text (self->item));
      break;

    case INV_INVITATION_FIELD_SENT:
      text = format_date (inv_invitation_get_sent_at (self->item));
      set_text (self, text);
      break;

    case INV_INVITATION_FIELD_DEADLINE:
      text = format_date (inv_invitation_get_expires_at (self->item));
      set_text (self, text);
      gtk_widget_set_visible (GTK_WIDGET (self->badge),
                              inv_invitation_is_deadline_near (self->item, inv_database_now ()));
      break;

    case INV_INVITATION_FIELD_SYNC:
      {
        const char *word = NULL;

        text = _inv_invitations_view_describe_sync_state (get_view (self), self->item, &word);
        set_text (self, word);
        set_detail (self, text);
        gtk_image_set_from_icon_name (self->icon,
                                      sync_icon_name (inv_invitation_get_sync_state (self->item)));
      }
      break;

    case INV_INVITATION_FIELD_CANCELLED_ON:
      /* Only a cancelled invitation has a date; one cancelled before the app knew
       * it shows a dash. */
      if (inv_invitation_get_status (self->item) == INV_STATUS_CANCELLED)
        text = format_date (inv_invitation_get_cancelled_at (self->item));
      set_text (self, text);
      break;

    case INV_INVITATION_FIELD_REASON:
      if (inv_invitation_get_status (self->item) == INV_STATUS_CANCELLED)
        text = reason_text (inv_invitation_get_cancel_reason (self->item));
      set_text (self, text);
      break;

    default:
      g_assert_not_reached ();
    }
}

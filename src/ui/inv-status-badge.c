/* inv-status-badge.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-status-badge"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-status-badge.h"

/* A small coloured pill with a status name. The colour is a hint only: the text
 * always says the status, so it reads the same without colour. */
struct _InvStatusBadge
{
  GtkWidget  parent_instance;

  GtkLabel  *label;
  char      *style_class;  /* owned; the colour class currently applied */
};

G_DEFINE_FINAL_TYPE (InvStatusBadge, inv_status_badge, GTK_TYPE_WIDGET)

static const char *
style_class_for_status (InvStatus status)
{
  switch (status)
    {
    case INV_STATUS_PENDING: return "badge-pending";
    case INV_STATUS_IN_PROGRESS: return "badge-in-progress";
    case INV_STATUS_COMPLETED: return "badge-completed";
    case INV_STATUS_EXPIRED: return "badge-expired";
    case INV_STATUS_CANCELLED: return "badge-cancelled";
    case INV_STATUS_TEST_LEFT:
    case INV_STATUS_TERMINATED: return "badge-ended";
    case INV_STATUS_UNKNOWN:
    case INV_N_STATUSES:
    default:
      return "badge-unknown";
    }
}

/* The badge colours follow the light or dark style through libadwaita's named
 * colours; one provider serves every badge on the display. */
static void
ensure_css (void)
{
  static GdkDisplay *done_for = NULL;
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || display == done_for)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_PATH "/inv-status-badge.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  done_for = display;
}

static void
set_style_class (InvStatusBadge *self,
                 const char     *style_class)
{
  if (g_strcmp0 (self->style_class, style_class) == 0)
    return;

  if (self->style_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self), self->style_class);
  g_free (self->style_class);
  self->style_class = g_strdup (style_class);
  if (style_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), style_class);
}

static void
inv_status_badge_dispose (GObject *object)
{
  InvStatusBadge *self = (InvStatusBadge *)object;

  if (self->label != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->label));
      self->label = NULL;
    }
  g_clear_pointer (&self->style_class, g_free);

  G_OBJECT_CLASS (inv_status_badge_parent_class)->dispose (object);
}

static void
inv_status_badge_class_init (InvStatusBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inv_status_badge_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statusbadge");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
inv_status_badge_init (InvStatusBadge *self)
{
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);

  ensure_css ();
}

GtkWidget *
inv_status_badge_new (void)
{
  return g_object_new (INV_TYPE_STATUS_BADGE, NULL);
}

/**
 * inv_status_badge_set_status:
 * @status_text: (nullable): the stored spelling, shown verbatim when @status is
 *   %INV_STATUS_UNKNOWN
 */
void
inv_status_badge_set_status (InvStatusBadge *self,
                             InvStatus       status,
                             const char     *status_text)
{
  const char *text;

  g_return_if_fail (INV_IS_STATUS_BADGE (self));

  if (status == INV_STATUS_UNKNOWN && status_text != NULL && *status_text != '\0')
    text = status_text;
  else
    text = inv_status_get_label (status);

  gtk_label_set_label (self->label, text);
  set_style_class (self, style_class_for_status (status));
}

/**
 * inv_status_badge_set_custom:
 * @style_class: (nullable): "badge-warning", "badge-accent", … (see the CSS)
 */
void
inv_status_badge_set_custom (InvStatusBadge *self,
                             const char     *label,
                             const char     *style_class)
{
  g_return_if_fail (INV_IS_STATUS_BADGE (self));

  gtk_label_set_label (self->label, label);
  set_style_class (self, style_class);
}

/**
 * inv_status_badge_measure_widest_status:
 *
 * The width the badge needs to show any known status whole, in its current style:
 * a column of badges keeps it whatever rows are on screen, so it neither cuts a
 * status short nor changes width while the list scrolls.
 *
 * Returns: the width in pixels
 */
int
inv_status_badge_measure_widest_status (InvStatusBadge *self)
{
  int badge_width;
  int label_width;
  int widest = 0;

  g_return_val_if_fail (INV_IS_STATUS_BADGE (self), 0);

  /* What the badge adds around its text: padding and border. */
  gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &badge_width, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (self->label), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &label_width, NULL, NULL);

  for (InvStatus status = 0; status < INV_N_STATUSES; status++)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->label),
                                                                      inv_status_get_label (status));
      PangoRectangle logical;

      pango_layout_get_extents (layout, NULL, &logical);
      widest = MAX (widest, PANGO_PIXELS_CEIL (logical.width));
    }

  return badge_width - label_width + widest;
}

/* inv-bulk-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-bulk-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-bulk-bar.h"

/* The bar that slides in at the bottom of the list while invitations are ticked. Its
 * buttons activate the list's actions (list.select-all-matching, list.clear-selection,
 * list.delete-selected), so the bar holds no state beyond the numbers it shows. */
struct _InvBulkBar
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *count_label;
  GtkButton   *select_all_button;
  GtkLabel    *compact_count_label;
  GtkButton   *compact_select_all_button;
  GtkButton   *delete_button;

  guint        n_selected;
};

G_DEFINE_FINAL_TYPE (InvBulkBar, inv_bulk_bar, GTK_TYPE_WIDGET)

static void
inv_bulk_bar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INV_TYPE_BULK_BAR);

  G_OBJECT_CLASS (inv_bulk_bar_parent_class)->dispose (object);
}

static void
inv_bulk_bar_class_init (InvBulkBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inv_bulk_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-bulk-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, InvBulkBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, InvBulkBar, count_label);
  gtk_widget_class_bind_template_child (widget_class, InvBulkBar, select_all_button);
  gtk_widget_class_bind_template_child (widget_class, InvBulkBar, compact_count_label);
  gtk_widget_class_bind_template_child (widget_class, InvBulkBar, compact_select_all_button);
  gtk_widget_class_bind_template_child (widget_class, InvBulkBar, delete_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
inv_bulk_bar_init (InvBulkBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * inv_bulk_bar_set_counts:
 * @n_selected: how many invitations are selected
 * @n_matching: how many match the current filter
 * @all_matching: whether "select all matching" is in effect
 *
 * Shows the bar while anything is selected, and offers to select every matching
 * invitation while fewer are selected.
 */
void
inv_bulk_bar_set_counts (InvBulkBar *self,
                         guint       n_selected,
                         guint       n_matching,
                         gboolean    all_matching)
{
  g_autofree char *count = NULL;
  g_autofree char *select_all = NULL;

  g_return_if_fail (INV_IS_BULK_BAR (self));

  self->n_selected = n_selected;

  count = inv_bulk_bar_format_selected (n_selected);
  gtk_label_set_label (self->count_label, count);

  select_all = inv_bulk_bar_format_select_all (n_matching);
  gtk_button_set_label (self->select_all_button, select_all);
  gtk_widget_set_visible (GTK_WIDGET (self->select_all_button),
                          !all_matching && n_matching > n_selected);

  /* The narrow bar says the same, its button by tooltip and accessible name. */
  gtk_label_set_label (self->compact_count_label, count);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->compact_select_all_button), select_all);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->compact_select_all_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, select_all,
                                  -1);
  gtk_widget_set_visible (GTK_WIDGET (self->compact_select_all_button),
                          !all_matching && n_matching > n_selected);

  gtk_revealer_set_reveal_child (self->revealer, n_selected > 0);
}

/**
 * inv_bulk_bar_format_selected:
 * @n_selected: how many rows are selected
 *
 * The count of a selection bar, here and on the Candidates page. The full number,
 * with separators, so "Select all 12,408 matching" cannot be mistaken for the rows
 * on screen.
 *
 * Returns: (transfer full): "12,408 selected"
 */
char *
inv_bulk_bar_format_selected (guint n_selected)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u selected", "%'u selected", n_selected),
                          n_selected);
}

/**
 * inv_bulk_bar_format_select_all:
 * @n_matching: how many rows match the search
 *
 * Returns: (transfer full): the label of a selection bar's button that selects the
 *   search itself, "Select all 12,408 matching"
 */
char *
inv_bulk_bar_format_select_all (guint n_matching)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Select all %'u matching",
                                       "Select all %'u matching", n_matching),
                          n_matching);
}

guint
inv_bulk_bar_get_n_selected (InvBulkBar *self)
{
  g_return_val_if_fail (INV_IS_BULK_BAR (self), 0);

  return self->n_selected;
}

gboolean
inv_bulk_bar_get_revealed (InvBulkBar *self)
{
  g_return_val_if_fail (INV_IS_BULK_BAR (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

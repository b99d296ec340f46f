/* inv-import-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-import-row"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-import-row.h"

/* One row of a candidates file that could not be imported: its line, why, and its
 * cells in entries, to be corrected in place and imported again. */
struct _InvImportRow
{
  GtkListBoxRow  parent_instance;

  guint          line;

  GtkLabel      *reason_label;
  GtkEditable   *first_name;
  GtkEditable   *last_name;
  GtkEditable   *email;
  GtkEditable   *phone;
};

G_DEFINE_FINAL_TYPE (InvImportRow, inv_import_row, GTK_TYPE_LIST_BOX_ROW)

static void
inv_import_row_class_init (InvImportRowClass *klass)
{
}

static void
inv_import_row_init (InvImportRow *self)
{
}

static GtkEditable *
add_entry (GtkGrid    *grid,
           int         column,
           int         row,
           const char *label,
           const char *text,
           const char *line_label)
{
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *accessible = g_strdup_printf ("%s, %s", label, line_label);

  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), label);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_set_tooltip_text (entry, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_grid_attach (grid, entry, column, row, 1, 1);

  return GTK_EDITABLE (entry);
}

/**
 * inv_import_row_new:
 * @line: the row's line in the file
 * @reason: why it was not imported: what is wrong and how to fix it
 *
 * Returns: (transfer floating): the row, its cells as the file held them
 */
GtkWidget *
inv_import_row_new (guint       line,
                    const char *first_name,
                    const char *last_name,
                    const char *email,
                    const char *phone,
                    const char *reason)
{
  InvImportRow *self = g_object_new (INV_TYPE_IMPORT_ROW, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *line_label = g_strdup_printf (_("Line %u"), line);
  GtkWidget *heading = gtk_label_new (line_label);
  GtkWidget *reason_label = gtk_label_new (reason);
  GtkWidget *grid = gtk_grid_new ();

  self->line = line;
  self->reason_label = GTK_LABEL (reason_label);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 12);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");

  gtk_label_set_xalign (GTK_LABEL (reason_label), 0);
  gtk_label_set_wrap (GTK_LABEL (reason_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (reason_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (reason_label, "error");

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  self->first_name = add_entry (GTK_GRID (grid), 0, 0, _("First name"), first_name, line_label);
  self->last_name = add_entry (GTK_GRID (grid), 1, 0, _("Last name"), last_name, line_label);
  self->email = add_entry (GTK_GRID (grid), 0, 1, _("Email"), email, line_label);
  self->phone = add_entry (GTK_GRID (grid), 1, 1, _("Phone (optional)"), phone, line_label);
  gtk_entry_set_input_purpose (GTK_ENTRY (self->email), GTK_INPUT_PURPOSE_EMAIL);
  gtk_entry_set_input_purpose (GTK_ENTRY (self->phone), GTK_INPUT_PURPOSE_PHONE);

  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), reason_label);
  gtk_box_append (GTK_BOX (box), grid);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, reason_label, NULL,
                                  -1);

  return GTK_WIDGET (self);
}

guint
inv_import_row_get_line (InvImportRow *self)
{
  g_return_val_if_fail (INV_IS_IMPORT_ROW (self), 0);

  return self->line;
}

const char *
inv_import_row_get_first_name (InvImportRow *self)
{
  g_return_val_if_fail (INV_IS_IMPORT_ROW (self), NULL);

  return gtk_editable_get_text (self->first_name);
}

const char *
inv_import_row_get_last_name (InvImportRow *self)
{
  g_return_val_if_fail (INV_IS_IMPORT_ROW (self), NULL);

  return gtk_editable_get_text (self->last_name);
}

const char *
inv_import_row_get_email (InvImportRow *self)
{
  g_return_val_if_fail (INV_IS_IMPORT_ROW (self), NULL);

  return gtk_editable_get_text (self->email);
}

const char *
inv_import_row_get_phone (InvImportRow *self)
{
  g_return_val_if_fail (INV_IS_IMPORT_ROW (self), NULL);

  return gtk_editable_get_text (self->phone);
}

const char *
inv_import_row_get_reason (InvImportRow *self)
{
  g_return_val_if_fail (INV_IS_IMPORT_ROW (self), NULL);

  return gtk_label_get_label (self->reason_label);
}

void
inv_import_row_set_reason (InvImportRow *self,
                           const char   *reason)
{
  g_return_if_fail (INV_IS_IMPORT_ROW (self));

  gtk_label_set_label (self->reason_label, reason);
}

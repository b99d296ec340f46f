/* inv-field-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-field-error"

#include "config.h"

#include "inv-field-error.h"

/**
 * inv_field_error_show:
 * @row: (nullable): the entry row the message is about, or %NULL for a message
 *   about the whole form
 * @label: the label under @row that shows the message
 * @message: (nullable): what is wrong, or %NULL to take the message away
 *
 * Shows @message in @label and marks @row red, or, with no @message, hides
 * the label and clears the mark. The dialogs' forms keep a label under each
 * field so that a message stands next to what it is about.
 */
void
inv_field_error_show (GtkWidget  *row,
                      GtkLabel   *label,
                      const char *message)
{
  g_return_if_fail (row == NULL || GTK_IS_WIDGET (row));
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_label (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (row == NULL)
    return;

  if (message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

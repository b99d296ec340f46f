/* inv-field-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void inv_field_error_show (GtkWidget  *row,
                           GtkLabel   *label,
                           const char *message);

G_END_DECLS

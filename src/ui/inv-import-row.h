/* inv-import-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define INV_TYPE_IMPORT_ROW (inv_import_row_get_type ())

G_DECLARE_FINAL_TYPE (InvImportRow, inv_import_row, INV, IMPORT_ROW, GtkListBoxRow)

GtkWidget  *inv_import_row_new            (guint         line,
                                           const char   *first_name,
                                           const char   *last_name,
                                           const char   *email,
                                           const char   *phone,
                                           const char   *reason);
guint       inv_import_row_get_line       (InvImportRow *self);
const char *inv_import_row_get_first_name (InvImportRow *self);
const char *inv_import_row_get_last_name  (InvImportRow *self);
const char *inv_import_row_get_email      (InvImportRow *self);
const char *inv_import_row_get_phone      (InvImportRow *self);
const char *inv_import_row_get_reason     (InvImportRow *self);
void        inv_import_row_set_reason     (InvImportRow *self,
                                           const char   *reason);

G_END_DECLS

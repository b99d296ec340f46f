/* inv-import-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-csv.h"
#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_IMPORT_DIALOG (inv_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (InvImportDialog, inv_import_dialog, INV, IMPORT_DIALOG, AdwWindow)

InvImportDialog *inv_import_dialog_new             (GtkWindow              *parent,
                                                    InvSession             *session,
                                                    const char             *file_name,
                                                    const InvCsvCandidates *csv,
                                                    const GArray           *ids,
                                                    const GPtrArray        *row_errors,
                                                    guint                   n_added);
guint            inv_import_dialog_get_n_imported  (InvImportDialog        *self);
guint            inv_import_dialog_get_n_rejected  (InvImportDialog        *self);
void             inv_import_dialog_import_again    (InvImportDialog        *self);

G_END_DECLS

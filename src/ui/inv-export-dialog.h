/* inv-export-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-export.h"
#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_EXPORT_DIALOG (inv_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (InvExportDialog, inv_export_dialog, INV, EXPORT_DIALOG, AdwWindow)

InvExportDialog *inv_export_dialog_new            (InvSession               *session,
                                                   const InvInvitationQuery *query,
                                                   GArray                   *ids);
void             inv_export_dialog_choose_file    (InvExportDialog          *self,
                                                   GtkWindow                *parent);
void             inv_export_dialog_start          (InvExportDialog          *self,
                                                   GFile                    *file,
                                                   InvExportFormat           format);
void             inv_export_dialog_stop           (InvExportDialog          *self);

G_END_DECLS

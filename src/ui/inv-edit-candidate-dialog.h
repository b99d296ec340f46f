/* inv-edit-candidate-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_EDIT_CANDIDATE_DIALOG (inv_edit_candidate_dialog_get_type ())

G_DECLARE_FINAL_TYPE (InvEditCandidateDialog, inv_edit_candidate_dialog, INV, EDIT_CANDIDATE_DIALOG, AdwWindow)

GtkWidget *inv_edit_candidate_dialog_new  (GtkWindow              *parent,
                                           InvSession             *session,
                                           gint64                  candidate_id);
gboolean   inv_edit_candidate_dialog_save (InvEditCandidateDialog *self);

G_END_DECLS

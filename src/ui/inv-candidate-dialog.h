/* inv-candidate-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_CANDIDATE_DIALOG (inv_candidate_dialog_get_type ())

G_DECLARE_FINAL_TYPE (InvCandidateDialog, inv_candidate_dialog, INV, CANDIDATE_DIALOG, AdwWindow)

/* Adds a candidate (@candidate_id 0) or edits one. Emits "saved" with the candidate's
 * id after the store accepted the details, then closes. */
InvCandidateDialog *inv_candidate_dialog_new (GtkWindow   *parent,
                                              InvSession  *session,
                                              gint64       candidate_id);

G_END_DECLS

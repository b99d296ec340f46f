/* inv-candidate-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inv-candidate.h"

G_BEGIN_DECLS

#define INV_TYPE_CANDIDATE_ROW (inv_candidate_row_get_type ())

G_DECLARE_FINAL_TYPE (InvCandidateRow, inv_candidate_row, INV, CANDIDATE_ROW, GtkWidget)

InvCandidate *inv_candidate_row_get_candidate (InvCandidateRow *self);
void          inv_candidate_row_set_candidate (InvCandidateRow *self,
                                               InvCandidate    *candidate);
void          inv_candidate_row_set_selected  (InvCandidateRow *self,
                                               gboolean         selected);

G_END_DECLS

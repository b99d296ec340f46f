/* inv-candidates-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_CANDIDATES_PAGE (inv_candidates_page_get_type ())

G_DECLARE_FINAL_TYPE (InvCandidatesPage, inv_candidates_page, INV, CANDIDATES_PAGE, GtkWidget)

GtkWidget *inv_candidates_page_new             (InvSession        *session);
void       inv_candidates_page_import_file     (InvCandidatesPage *self,
                                                GFile             *file);
guint      inv_candidates_page_get_n_selected  (InvCandidatesPage *self);
GArray    *inv_candidates_page_dup_selected_ids (InvCandidatesPage *self);

G_END_DECLS

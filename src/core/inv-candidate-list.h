/* inv-candidate-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inv-candidate.h"
#include "inv-database.h"
#include "inv-id-list.h"

G_BEGIN_DECLS

/* A GListModel of InvCandidate over the result of one search, read lazily like
 * InvInvitationList: only the ids are held, rows are made on demand. */
#define INV_TYPE_CANDIDATE_LIST (inv_candidate_list_get_type ())

G_DECLARE_FINAL_TYPE (InvCandidateList, inv_candidate_list, INV, CANDIDATE_LIST, InvIdList)

InvCandidateList *inv_candidate_list_new        (InvDatabase       *database,
                                                 const char        *search);
const char       *inv_candidate_list_get_search (InvCandidateList  *self);
void              inv_candidate_list_set_search (InvCandidateList  *self,
                                                 const char        *search);
gboolean          inv_candidate_list_reload     (InvCandidateList  *self,
                                                 GError           **error);
gint64            inv_candidate_list_get_id     (InvCandidateList  *self,
                                                 guint              position);
const gint64     *inv_candidate_list_peek_ids   (InvCandidateList  *self,
                                                 guint             *n_ids);

G_END_DECLS

/* inv-database-candidates.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inv-candidate.h"
#include "inv-csv.h"
#include "inv-database.h"

G_BEGIN_DECLS

/* What only the store knows about an add or edit. Details that break the candidate
 * rules are refused with an %INV_CANDIDATE_RULES_ERROR (inv-candidate-rules.h). */
#define INV_CANDIDATE_ERROR (inv_candidate_error_quark ())

typedef enum
{
  INV_CANDIDATE_ERROR_EMAIL,        /* already another candidate's */
  INV_CANDIDATE_ERROR_ERASED,       /* the candidate's data was erased on request */
} InvCandidateError;

GQuark        inv_candidate_error_quark             (void);

gint64        inv_database_add_candidate            (InvDatabase       *self,
                                                     const char        *first_name,
                                                     const char        *last_name,
                                                     const char        *email,
                                                     const char        *phone,
                                                     GError           **error);
gboolean      inv_database_update_candidate         (InvDatabase       *self,
                                                     gint64             candidate_id,
                                                     const char        *first_name,
                                                     const char        *last_name,
                                                     const char        *email,
                                                     const char        *phone,
                                                     GError           **error);
InvCandidate *inv_database_load_candidate           (InvDatabase       *self,
                                                     gint64             candidate_id,
                                                     GError           **error);
gint64        inv_database_find_candidate           (InvDatabase       *self,
                                                     const char        *email);
GArray       *inv_database_query_candidate_ids      (InvDatabase       *self,
                                                     const char        *search,
                                                     GError           **error);
gint64        inv_database_ensure_candidate         (InvDatabase       *self,
                                                     const char        *first_name,
                                                     const char        *last_name,
                                                     const char        *email,
                                                     const char        *phone,
                                                     gboolean          *created,
                                                     GError           **error);
GArray       *inv_database_import_candidates        (InvDatabase       *self,
                                                     const InvCsvCandidates *candidates,
                                                     guint             *n_added,
                                                     GPtrArray        **row_errors,
                                                     GError           **error);
gboolean      inv_database_erase_candidate          (InvDatabase       *self,
                                                     gint64             candidate_id,
                                                     GError           **error);

G_END_DECLS

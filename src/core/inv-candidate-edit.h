/* inv-candidate-edit.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "inv-database.h"

G_BEGIN_DECLS

/* "Edit candidate details": a typo in a name is fixed here, not by cancelling. */

/* A candidate's details as stored (a plain copy). */
typedef struct
{
  gint64    id;
  char     *first_name;
  char     *last_name;
  char     *email;
  char     *phone;      /* (nullable) */
  gboolean  erased;     /* personal data erased on request: cannot be edited */
} InvCandidateDetails;

#define INV_TYPE_CANDIDATE_DETAILS (inv_candidate_details_get_type ())

GType                inv_candidate_details_get_type (void) G_GNUC_CONST;
InvCandidateDetails *inv_candidate_details_copy     (const InvCandidateDetails *details);
void                 inv_candidate_details_free     (InvCandidateDetails       *details);

InvCandidateDetails *inv_candidate_details_load     (InvDatabase               *database,
                                                     gint64                     candidate_id,
                                                     GError                   **error);
gboolean             inv_candidate_edit             (InvDatabase               *database,
                                                     gint64                     candidate_id,
                                                     const char                *first_name,
                                                     const char                *last_name,
                                                     const char                *phone,
                                                     guint                     *n_invitations,
                                                     GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvCandidateDetails, inv_candidate_details_free)

G_END_DECLS

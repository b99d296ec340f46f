/* inv-candidate.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define INV_TYPE_CANDIDATE (inv_candidate_get_type ())

G_DECLARE_FINAL_TYPE (InvCandidate, inv_candidate, INV, CANDIDATE, GObject)

/* The columns _inv_candidate_new_from_row() reads, in order. */
#define INV_CANDIDATE_COLUMNS \
  "c.id, c.first_name, c.last_name, c.email, c.phone, c.created_at, c.erased, c.is_sample"

InvCandidate *_inv_candidate_new_from_row     (sqlite3_stmt *stmt);
InvCandidate *_inv_candidate_new_missing      (gint64        id);

gint64        inv_candidate_get_id            (InvCandidate *self);
const char   *inv_candidate_get_first_name    (InvCandidate *self);
const char   *inv_candidate_get_last_name     (InvCandidate *self);
const char   *inv_candidate_get_full_name     (InvCandidate *self);
const char   *inv_candidate_get_email         (InvCandidate *self);
const char   *inv_candidate_get_phone         (InvCandidate *self);
gint64        inv_candidate_get_created_at    (InvCandidate *self);
gboolean      inv_candidate_get_erased        (InvCandidate *self);
gboolean      inv_candidate_get_is_sample     (InvCandidate *self);

G_END_DECLS

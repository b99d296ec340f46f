/* inv-invitation.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <sqlite3.h>

#include "inv-status.h"

G_BEGIN_DECLS

#define INV_TYPE_INVITATION (inv_invitation_get_type ())

G_DECLARE_FINAL_TYPE (InvInvitation, inv_invitation, INV, INVITATION, GObject)

/* The columns _inv_invitation_new_from_row() reads, in order; every query that makes
 * invitation objects selects exactly these. */
#define INV_INVITATION_COLUMNS \
  "i.id, i.remote_id, i.template_id, t.name, t.interview_type, i.candidate_id, " \
  "i.candidate_name, i.email, i.status, i.link, i.sent_at, i.expires_at, " \
  "i.updated_at, i.sync_state, i.cancel_reason, i.is_sample, i.scheduled_at"

/* When a cancelled invitation was cancelled, for the list's "Cancelled On" column: the
 * latest cancel in its history, whoever made it (here, a withdrawal, or a status the
 * service reported). NULL for any other status, and for a cancel the app never saw
 * (an invitation imported already cancelled). One short look in the history index
 * per cancelled row; an export, which reads every row and has no such key, leaves it
 * out. Selected after INV_INVITATION_COLUMNS. */
#define INV_INVITATION_CANCELLED_AT_COLUMN \
  "CASE WHEN i.status = 'cancelled' THEN (SELECT max (h.at) FROM history h" \
  " WHERE h.invitation_id = i.id AND (h.event IN ('cancelled', 'withdrawn')" \
  " OR (h.event = 'status-changed' AND h.detail = 'cancelled'))) END"

#define INV_INVITATION_FROM "invitations i JOIN templates t ON t.id = i.template_id"

InvInvitation *_inv_invitation_new_from_row         (sqlite3_stmt  *stmt);
InvInvitation *_inv_invitation_new_missing          (gint64         id);

gint64         inv_invitation_get_id                (InvInvitation *self);
gint64         inv_invitation_get_remote_id         (InvInvitation *self);
gint64         inv_invitation_get_template_id       (InvInvitation *self);
const char    *inv_invitation_get_template_name     (InvInvitation *self);
gboolean       inv_invitation_get_is_live           (InvInvitation *self);
gint64         inv_invitation_get_candidate_id      (InvInvitation *self);
const char    *inv_invitation_get_candidate_name    (InvInvitation *self);
const char    *inv_invitation_get_email             (InvInvitation *self);
InvStatus      inv_invitation_get_status            (InvInvitation *self);
const char    *inv_invitation_get_status_text       (InvInvitation *self);
const char    *inv_invitation_get_status_label      (InvInvitation *self);
const char    *inv_invitation_get_link              (InvInvitation *self);
const char    *inv_invitation_get_link_unavailable_reason (InvInvitation *self);
gboolean       inv_invitation_link_is_web           (const char    *link);
gint64         inv_invitation_get_sent_at           (InvInvitation *self);
gint64         inv_invitation_get_expires_at        (InvInvitation *self);
gint64         inv_invitation_get_scheduled_at      (InvInvitation *self);
gint64         inv_invitation_get_updated_at        (InvInvitation *self);
InvSyncState   inv_invitation_get_sync_state        (InvInvitation *self);
gint64         inv_invitation_get_cancelled_at      (InvInvitation *self);
const char    *inv_invitation_get_cancel_reason     (InvInvitation *self);
gboolean       inv_invitation_get_is_sample         (InvInvitation *self);
gboolean       inv_invitation_is_deadline_near      (InvInvitation *self,
                                                     gint64         now);

G_END_DECLS

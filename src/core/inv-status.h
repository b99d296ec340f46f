/* inv-status.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The normalised invitation status (see docs/service-api.md). Wire spellings vary
 * between endpoints; every layer above the wire speaks only these values. A spelling
 * the app does not know is kept verbatim beside INV_STATUS_UNKNOWN so it can be shown. */
typedef enum
{
  INV_STATUS_UNKNOWN = 0,
  INV_STATUS_PENDING,
  INV_STATUS_IN_PROGRESS,
  INV_STATUS_COMPLETED,
  INV_STATUS_EXPIRED,
  INV_STATUS_CANCELLED,
  INV_STATUS_TEST_LEFT,
  INV_STATUS_TERMINATED,
  INV_N_STATUSES
} InvStatus;

/* What a person can do with one invitation. The rules for which status allows which
 * action live in inv_status_allows() and nowhere else. */
typedef enum
{
  INV_ACTION_CANCEL,
  INV_ACTION_REINVITE,
  INV_ACTION_REATTEMPT,
  INV_ACTION_EDIT_CANDIDATE,
  INV_ACTION_COPY_LINK,
  INV_N_ACTIONS
} InvAction;

/* How far a local row is from the service. Stored as text in the database. */
typedef enum
{
  INV_SYNC_STATE_LOCAL = 0,      /* demo data: never pushed anywhere */
  INV_SYNC_STATE_SYNCED,
  INV_SYNC_STATE_PENDING_CREATE,
  INV_SYNC_STATE_PENDING_CANCEL,
  INV_SYNC_STATE_FAILED,
  INV_SYNC_STATE_CONFLICT,
  INV_N_SYNC_STATES
} InvSyncState;

InvStatus     inv_status_from_wire          (const char    *spelling);
InvStatus     inv_status_from_string        (const char    *normalised);
const char   *inv_status_to_string          (InvStatus      status);
const char   *inv_status_get_label          (InvStatus      status);
gboolean      inv_status_allows             (InvStatus      status,
                                             InvAction      action,
                                             const char   **why_not);
gboolean      inv_status_is_final           (InvStatus      status);

const char   *inv_action_to_string          (InvAction      action);

InvSyncState  inv_sync_state_from_string    (const char    *string);
const char   *inv_sync_state_to_string      (InvSyncState   state);
const char   *inv_sync_state_get_label      (InvSyncState   state);
const char   *inv_sync_state_get_short_label (InvSyncState  state);

G_END_DECLS

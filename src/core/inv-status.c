/* inv-status.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-status"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "inv-status.h"

static const char * const status_names[INV_N_STATUSES] = {
  [INV_STATUS_UNKNOWN] = "unknown",
  [INV_STATUS_PENDING] = "pending",
  [INV_STATUS_IN_PROGRESS] = "in_progress",
  [INV_STATUS_COMPLETED] = "completed",
  [INV_STATUS_EXPIRED] = "expired",
  [INV_STATUS_CANCELLED] = "cancelled",
  [INV_STATUS_TEST_LEFT] = "test_left",
  [INV_STATUS_TERMINATED] = "terminated",
};

static const char * const sync_state_names[INV_N_SYNC_STATES] = {
  [INV_SYNC_STATE_LOCAL] = "local",
  [INV_SYNC_STATE_SYNCED] = "synced",
  [INV_SYNC_STATE_PENDING_CREATE] = "pending_create",
  [INV_SYNC_STATE_PENDING_CANCEL] = "pending_cancel",
  [INV_SYNC_STATE_FAILED] = "failed",
  [INV_SYNC_STATE_CONFLICT] = "conflict",
};

static const char * const action_names[INV_N_ACTIONS] = {
  [INV_ACTION_CANCEL] = "cancel",
  [INV_ACTION_REINVITE] = "reinvite",
  [INV_ACTION_REATTEMPT] = "reattempt",
  [INV_ACTION_EDIT_CANDIDATE] = "edit-candidate",
  [INV_ACTION_COPY_LINK] = "copy-link",
};

/* Wire spellings folded the way the contract asks: case-insensitively, without
 * spaces, underscores or dashes. "Canceled" and "Complete" are variants seen on the wire. */
static const struct {
  const char *folded;
  InvStatus status;
} wire_spellings[] = {
  { "pending", INV_STATUS_PENDING },
  { "inprogress", INV_STATUS_IN_PROGRESS },
  { "complete", INV_STATUS_COMPLETED },
  { "completed", INV_STATUS_COMPLETED },
  { "expired", INV_STATUS_EXPIRED },
  { "cancelled", INV_STATUS_CANCELLED },
  { "canceled", INV_STATUS_CANCELLED },
  { "testleft", INV_STATUS_TEST_LEFT },
  { "terminated", INV_STATUS_TERMINATED },
};

/**
 * inv_status_from_wire:
 * @spelling: (nullable): a status as the service spells it
 *
 * Returns: the normalised status, or %INV_STATUS_UNKNOWN for a spelling the app
 *   does not know (the caller keeps the spelling to show it).
 */
InvStatus
inv_status_from_wire (const char *spelling)
{
  char folded[32];
  gsize len = 0;

  if (spelling == NULL)
    return INV_STATUS_UNKNOWN;

  for (const char *p = spelling; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '_' || *p == '-')
        continue;
      if (len + 1 >= sizeof folded)
        return INV_STATUS_UNKNOWN;
      folded[len++] = g_ascii_tolower (*p);
    }
  folded[len] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (wire_spellings); i++)
    if (strcmp (folded, wire_spellings[i].folded) == 0)
      return wire_spellings[i].status;

  return INV_STATUS_UNKNOWN;
}

/**
 * inv_status_from_string:
 * @normalised: (nullable): one of the normalised names ("pending", "in_progress", …)
 *
 * Returns: the status, or %INV_STATUS_UNKNOWN when @normalised is not one of them.
 */
InvStatus
inv_status_from_string (const char *normalised)
{
  if (normalised == NULL)
    return INV_STATUS_UNKNOWN;

  for (guint i = 1; i < INV_N_STATUSES; i++)
    if (strcmp (normalised, status_names[i]) == 0)
      return i;

  return INV_STATUS_UNKNOWN;
}

const char *
inv_status_to_string (InvStatus status)
{
  g_return_val_if_fail (status < INV_N_STATUSES, "unknown");

  return status_names[status];
}

/**
 * inv_status_get_label:
 *
 * Returns: the translated, human-readable name of @status.
 */
const char *
inv_status_get_label (InvStatus status)
{
  switch (status)
    {
    case INV_STATUS_PENDING: return _("Pending");
    case INV_STATUS_IN_PROGRESS: return _("In Progress");
    case INV_STATUS_COMPLETED: return _("Completed");
    case INV_STATUS_EXPIRED: return _("Expired");
    case INV_STATUS_CANCELLED: return _("Cancelled");
    case INV_STATUS_TEST_LEFT: return _("Test Left");
    case INV_STATUS_TERMINATED: return _("Terminated");
    case INV_STATUS_UNKNOWN:
    case INV_N_STATUSES:
    default:
      return _("Unknown");
    }
}

/**
 * inv_status_is_final:
 *
 * Returns: %TRUE when the service will never move an invitation out of @status on
 *   its own (only a new action by a person can).
 */
gboolean
inv_status_is_final (InvStatus status)
{
  return status == INV_STATUS_COMPLETED ||
         status == INV_STATUS_CANCELLED ||
         status == INV_STATUS_EXPIRED ||
         status == INV_STATUS_TEST_LEFT ||
         status == INV_STATUS_TERMINATED;
}

static const char *
cancel_refusal (InvStatus status)
{
  switch (status)
    {
    case INV_STATUS_PENDING:
      return NULL;
    case INV_STATUS_IN_PROGRESS:
      return _("The candidate has already started");
    case INV_STATUS_COMPLETED:
      return _("The candidate has already completed it");
    case INV_STATUS_EXPIRED:
      return _("The invitation has expired");
    case INV_STATUS_CANCELLED:
      return _("The invitation is already cancelled");
    case INV_STATUS_TEST_LEFT:
      return _("The candidate left the test");
    case INV_STATUS_TERMINATED:
      return _("The invitation was terminated");
    case INV_STATUS_UNKNOWN:
    case INV_N_STATUSES:
    default:
      return _("The invitation’s status is not known");
    }
}

/**
 * inv_status_allows:
 * @status: the invitation's status
 * @action: what the person wants to do
 * @why_not: (out) (optional) (transfer none): a translated, user-facing reason when
 *   the action is not allowed, %NULL otherwise
 *
 * The one place that says which action each status allows: only pending invitations
 * can be cancelled; a cancelled or expired one is re-invited; a completed one or one
 * whose candidate left the test gets a reattempt. Candidate details can always be
 * edited, and a link can be copied while it still works.
 *
 * Returns: %TRUE if @action is allowed for an invitation in @status
 */
gboolean
inv_status_allows (InvStatus    status,
                   InvAction    action,
                   const char **why_not)
{
  const char *reason = NULL;

  g_return_val_if_fail (action < INV_N_ACTIONS, FALSE);

  switch (action)
    {
    case INV_ACTION_CANCEL:
      reason = cancel_refusal (status);
      break;

    case INV_ACTION_REINVITE:
      if (status != INV_STATUS_CANCELLED && status != INV_STATUS_EXPIRED)
        reason = _("Only cancelled or expired invitations can be re-invited");
      break;

    case INV_ACTION_REATTEMPT:
      if (status != INV_STATUS_COMPLETED && status != INV_STATUS_TEST_LEFT)
        reason = _("Only completed invitations or ones whose candidate left the test can be reattempted");
      break;

    case INV_ACTION_COPY_LINK:
      if (status != INV_STATUS_PENDING && status != INV_STATUS_IN_PROGRESS)
        reason = _("The link no longer works");
      break;

    case INV_ACTION_EDIT_CANDIDATE:
      break;

    case INV_N_ACTIONS:
    default:
      g_assert_not_reached ();
    }

  if (why_not != NULL)
    *why_not = reason;

  return reason == NULL;
}

const char *
inv_action_to_string (InvAction action)
{
  g_return_val_if_fail (action < INV_N_ACTIONS, NULL);

  return action_names[action];
}

InvSyncState
inv_sync_state_from_string (const char *string)
{
  if (string != NULL)
    for (guint i = 0; i < INV_N_SYNC_STATES; i++)
      if (strcmp (string, sync_state_names[i]) == 0)
        return i;

  return INV_SYNC_STATE_FAILED;
}

const char *
inv_sync_state_to_string (InvSyncState state)
{
  g_return_val_if_fail (state < INV_N_SYNC_STATES, "failed");

  return sync_state_names[state];
}

const char *
inv_sync_state_get_label (InvSyncState state)
{
  switch (state)
    {
    case INV_SYNC_STATE_LOCAL: return _("Sample data");
    case INV_SYNC_STATE_SYNCED: return _("Synced");
    case INV_SYNC_STATE_PENDING_CREATE: return _("Waiting to send");
    case INV_SYNC_STATE_PENDING_CANCEL: return _("Cancel waiting to sync");
    case INV_SYNC_STATE_FAILED: return _("Failed");
    case INV_SYNC_STATE_CONFLICT: return _("Conflict");
    case INV_N_SYNC_STATES:
    default:
      return _("Unknown");
    }
}

/**
 * inv_sync_state_get_short_label:
 *
 * A word for a narrow column, beside an icon: the long label
 * (inv_sync_state_get_label()) goes with it where it can be read in full.
 *
 * Returns: the translated word
 */
const char *
inv_sync_state_get_short_label (InvSyncState state)
{
  switch (state)
    {
    /* Translators: the sync state of made-up invitations, in a narrow column */
    case INV_SYNC_STATE_LOCAL: return _("Sample");
    /* Translators: a sync state in a narrow column */
    case INV_SYNC_STATE_SYNCED: return _("Synced");
    /* Translators: a sync state in a narrow column: a new invitation or a
     * cancellation not on the invitation service yet */
    case INV_SYNC_STATE_PENDING_CREATE:
    case INV_SYNC_STATE_PENDING_CANCEL: return _("Waiting");
    /* Translators: a sync state in a narrow column */
    case INV_SYNC_STATE_FAILED: return _("Failed");
    /* Translators: a sync state in a narrow column */
    case INV_SYNC_STATE_CONFLICT: return _("Conflict");
    case INV_N_SYNC_STATES:
    default:
      return _("Unknown");
    }
}

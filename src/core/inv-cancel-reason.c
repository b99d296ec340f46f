/* inv-cancel-reason.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why invitations are cancelled: the names stored and sent, the labels of the
 * choice, and the sentences that {reason} stands for in a message.
 */

#define G_LOG_DOMAIN "inv-cancel"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "inv-cancel-reason.h"

static const struct {
  const char *name;
  const char *label;
  const char *phrase;
} reasons[INV_N_CANCEL_REASONS] = {
  [INV_CANCEL_REASON_CANDIDATE_WITHDREW] = {
    "candidate_withdrew", N_("Candidate withdrew"),
    N_("As you let us know, you have withdrawn from the process, and we respect your decision.") },
  [INV_CANCEL_REASON_SENT_BY_MISTAKE] = {
    "sent_by_mistake", N_("Sent by mistake"),
    N_("The invitation was sent to you by mistake, and we apologise for the confusion.") },
  [INV_CANCEL_REASON_POSITION_FILLED] = {
    "position_filled", N_("Position filled"),
    N_("The position has now been filled.") },
  [INV_CANCEL_REASON_PIPELINE_CLEANUP] = {
    "pipeline_cleanup", N_("Pipeline clean-up"),
    N_("We are closing this round of our hiring process.") },
  [INV_CANCEL_REASON_OTHER] = {
    "other", N_("Other"),
    N_("Our plans for this role have changed.") },
  /* The default of the command line: a sentence true of everyone, so none at all. */
  [INV_CANCEL_REASON_NOT_STATED] = {
    "not_stated", N_("No reason given"),
    "" },
};

/**
 * inv_cancel_reason_to_string:
 *
 * Returns: (transfer none): the name stored in cancel_reason and sent to the service
 */
const char *
inv_cancel_reason_to_string (InvCancelReason reason)
{
  g_return_val_if_fail (reason < INV_N_CANCEL_REASONS, NULL);

  return reasons[reason].name;
}

/**
 * inv_cancel_reason_from_string:
 * @string: (nullable): a reason name ("position_filled"); a dash may stand for an
 *   underscore, and case does not matter, so that typed command lines work
 *
 * Returns: %TRUE if @string names a reason
 */
gboolean
inv_cancel_reason_from_string (const char      *string,
                               InvCancelReason *reason)
{
  g_autofree char *folded = NULL;

  if (string == NULL)
    return FALSE;

  folded = g_ascii_strdown (string, -1);
  g_strdelimit (folded, "-", '_');

  for (guint i = 0; i < INV_N_CANCEL_REASONS; i++)
    if (strcmp (folded, reasons[i].name) == 0)
      {
        if (reason != NULL)
          *reason = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * inv_cancel_reason_get_label:
 *
 * Returns: (transfer none): the translated label for a choice of reasons
 */
const char *
inv_cancel_reason_get_label (InvCancelReason reason)
{
  g_return_val_if_fail (reason < INV_N_CANCEL_REASONS, NULL);

  return _(reasons[reason].label);
}

/**
 * inv_cancel_reason_get_phrase:
 *
 * Returns: (transfer none): the translated sentence that {reason} stands for in a
 *   cancellation message, addressed to the candidate
 */
const char *
inv_cancel_reason_get_phrase (InvCancelReason reason)
{
  g_return_val_if_fail (reason < INV_N_CANCEL_REASONS, NULL);

  return *reasons[reason].phrase != '\0' ? _(reasons[reason].phrase) : "";
}

/**
 * inv_cancel_reason_is_personal:
 *
 * Returns: %TRUE if the reason states a fact about one candidate ("you have
 *   withdrawn"): it cannot be true of everyone in a batch, so a cancel of several
 *   invitations does not offer it
 */
gboolean
inv_cancel_reason_is_personal (InvCancelReason reason)
{
  g_return_val_if_fail (reason < INV_N_CANCEL_REASONS, FALSE);

  return reason == INV_CANCEL_REASON_CANDIDATE_WITHDREW;
}

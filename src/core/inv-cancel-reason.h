/* inv-cancel-reason.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Why invitations are cancelled. Stored and sent as text ("position_filled", …).
 * Apart from the rest of cancelling so that a message template can name a reason
 * without depending on the cancel that uses the template. */
typedef enum
{
  INV_CANCEL_REASON_CANDIDATE_WITHDREW = 0,
  INV_CANCEL_REASON_SENT_BY_MISTAKE,
  INV_CANCEL_REASON_POSITION_FILLED,
  INV_CANCEL_REASON_PIPELINE_CLEANUP,
  INV_CANCEL_REASON_OTHER,
  INV_CANCEL_REASON_NOT_STATED,   /* neutral: the message gives no reason */
  INV_N_CANCEL_REASONS
} InvCancelReason;

const char *inv_cancel_reason_to_string   (InvCancelReason  reason);
gboolean    inv_cancel_reason_from_string (const char      *string,
                                           InvCancelReason *reason);
const char *inv_cancel_reason_get_label   (InvCancelReason  reason);
const char *inv_cancel_reason_get_phrase  (InvCancelReason  reason);
gboolean    inv_cancel_reason_is_personal (InvCancelReason  reason);

G_END_DECLS

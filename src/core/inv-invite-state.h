/* inv-invite-state.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "inv-database.h"

G_BEGIN_DECLS

/* Where one queued invitation stands with the service. */
typedef enum
{
  INV_INVITE_STATE_QUEUED = 0,  /* waiting in the outbox, or on its way */
  INV_INVITE_STATE_SENT,        /* the service confirmed it */
  INV_INVITE_STATE_FAILED,      /* the service refused it (reason), or it conflicted */
  INV_INVITE_STATE_LOCAL,       /* a demo invitation: never sent */
  INV_INVITE_STATE_GONE,        /* the invitation no longer exists */
} InvInviteState;

typedef struct
{
  gint64          invitation_id;
  InvInviteState  state;
  gint64          outbox_id;    /* FAILED: the refused outbox row, else 0 */
  char           *reason;       /* FAILED: the service's message; else %NULL */
} InvInviteStateEntry;

GPtrArray *inv_invite_read_states (InvDatabase   *database,
                                   const gint64  *invitation_ids,
                                   guint          n_ids,
                                   GError       **error);

G_END_DECLS

/* inv-invite-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "inv-invite.h"

G_BEGIN_DECLS

/* What the files that read one invitation by its id share (inv-invite.c,
 * inv-reinvite.c, inv-remote-store.c). */

gboolean _inv_invite_step_invitation (sqlite3_stmt  *stmt,
                                      gint64         invitation_id,
                                      GError       **error);

G_END_DECLS

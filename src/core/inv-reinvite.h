/* inv-reinvite.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "inv-database.h"

G_BEGIN_DECLS

gboolean inv_reinvite          (InvDatabase  *database,
                                gint64        invitation_id,
                                gint64        ends_at,
                                gboolean      send_email,
                                guint         grace_seconds,
                                gint64       *batch_id,
                                gint64       *hold_until,
                                GError      **error);
gboolean inv_reinvite_can_undo (InvDatabase  *database,
                                gint64        batch_id,
                                gint64        now);
gboolean inv_reinvite_undo     (InvDatabase  *database,
                                gint64        batch_id,
                                GError      **error);
gboolean inv_reinvite_find_last_undoable (InvDatabase *database,
                                          gint64       now,
                                          gint64      *batch_id,
                                          gint64      *invitation_id,
                                          gint64      *hold_until);

G_END_DECLS

/* inv-change-hub.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inv-change-set.h"

G_BEGIN_DECLS

#define INV_TYPE_CHANGE_HUB (inv_change_hub_get_type ())

G_DECLARE_FINAL_TYPE (InvChangeHub, inv_change_hub, INV, CHANGE_HUB, GObject)

/* Where the commits to one database file are announced. Every connection that
 * inv_database_open() makes to the file publishes here by itself, after each commit,
 * from whatever thread it runs on; the hub emits "changed" on the main context,
 * coalescing what arrived in between into one set. Nobody announces by hand. */
InvChangeHub *inv_change_hub_get_for_path   (const char   *path);
void          inv_change_hub_publish        (InvChangeHub *self,
                                             InvChangeSet *changes);

G_END_DECLS

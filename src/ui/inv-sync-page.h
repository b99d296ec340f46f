/* inv-sync-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_SYNC_PAGE (inv_sync_page_get_type ())

G_DECLARE_FINAL_TYPE (InvSyncPage, inv_sync_page, INV, SYNC_PAGE, AdwBin)

GtkWidget     *inv_sync_page_new        (InvSession    *session);
InvSyncEngine *inv_sync_page_get_engine (InvSyncPage   *self);

G_END_DECLS

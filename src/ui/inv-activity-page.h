/* inv-activity-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_ACTIVITY_PAGE (inv_activity_page_get_type ())

G_DECLARE_FINAL_TYPE (InvActivityPage, inv_activity_page, INV, ACTIVITY_PAGE, AdwBin)

GtkWidget  *inv_activity_page_new         (InvSession      *session);
GListModel *inv_activity_page_get_model   (InvActivityPage *self);
gboolean    inv_activity_page_get_loading (InvActivityPage *self);

G_END_DECLS

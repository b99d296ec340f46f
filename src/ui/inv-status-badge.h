/* inv-status-badge.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inv-status.h"

G_BEGIN_DECLS

#define INV_TYPE_STATUS_BADGE (inv_status_badge_get_type ())

G_DECLARE_FINAL_TYPE (InvStatusBadge, inv_status_badge, INV, STATUS_BADGE, GtkWidget)

GtkWidget  *inv_status_badge_new        (void);
void        inv_status_badge_set_status (InvStatusBadge *self,
                                         InvStatus       status,
                                         const char     *status_text);
void        inv_status_badge_set_custom (InvStatusBadge *self,
                                         const char     *label,
                                         const char     *style_class);
int         inv_status_badge_measure_widest_status (InvStatusBadge *self);

G_END_DECLS

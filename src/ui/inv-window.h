/* inv-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-application.h"
#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_WINDOW (inv_window_get_type ())

G_DECLARE_FINAL_TYPE (InvWindow, inv_window, INV, WINDOW, AdwApplicationWindow)

/* How many sample invitations "Explore with Sample Data" adds. */
#define INV_WINDOW_N_SAMPLE_INVITATIONS 1000

InvWindow *inv_window_new        (InvApplication *application,
                                  InvSession     *session,
                                  const char     *database_error);
void       inv_window_add_toast  (InvWindow      *self,
                                  AdwToast       *toast);
void       inv_window_save_state (InvWindow      *self);

G_END_DECLS

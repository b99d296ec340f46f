/* inv-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_PREFERENCES_WINDOW (inv_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (InvPreferencesWindow, inv_preferences_window, INV, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The groups inv_preferences_window_show_group() can show. */
#define INV_PREFERENCES_SERVICE "service"
#define INV_PREFERENCES_COMPANY "company"

GtkWindow *inv_preferences_window_new        (GtkWindow            *parent,
                                              InvSession           *session);
void       inv_preferences_window_show_group (InvPreferencesWindow *self,
                                              const char           *group);

G_END_DECLS

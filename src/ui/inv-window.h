/* inv-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-application.h"

G_BEGIN_DECLS

#define INV_TYPE_WINDOW (inv_window_get_type ())

G_DECLARE_FINAL_TYPE (InvWindow, inv_window, INV, WINDOW, AdwApplicationWindow)

InvWindow *inv_window_new (InvApplication *application,
                           const char     *database_error);

G_END_DECLS

/* inv-toast.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void inv_toast_overlay_add (AdwToastOverlay *overlay,
                            AdwToast        *toast);

G_END_DECLS

/* ui-test-screenshot.h: pictures of what the tests show, for a person to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ui_test_screenshot (GtkWidget  *widget,
                         const char *name);

G_END_DECLS

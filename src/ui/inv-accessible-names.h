/* inv-accessible-names.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void inv_accessible_names_install (void);

G_END_DECLS

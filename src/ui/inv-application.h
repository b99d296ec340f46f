/* inv-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_APPLICATION (inv_application_get_type ())

G_DECLARE_FINAL_TYPE (InvApplication, inv_application, INV, APPLICATION, AdwApplication)

InvApplication *inv_application_new                (void);
InvSession     *inv_application_get_session        (InvApplication *self);
const char     *inv_application_get_database_error (InvApplication *self);

G_END_DECLS

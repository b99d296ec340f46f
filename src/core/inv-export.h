/* inv-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include "inv-database.h"
#include "inv-invitation-query.h"

G_BEGIN_DECLS

typedef enum
{
  INV_EXPORT_CSV,
  INV_EXPORT_JSON,
} InvExportFormat;

gboolean inv_export_format_from_string (const char               *name,
                                        InvExportFormat          *format);
gboolean inv_export_invitations        (InvDatabase              *database,
                                        const InvInvitationQuery *query,
                                        InvExportFormat           format,
                                        FILE                     *out,
                                        GError                  **error);

G_END_DECLS

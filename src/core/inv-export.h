/* inv-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include "inv-bulk-job.h"
#include "inv-database.h"
#include "inv-database-invitations.h"
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

typedef enum
{
  INV_ROW_KEEP,
  INV_ROW_SKIP,
  INV_ROW_STOP,
} InvRowChoice;

/* Decides about each row an export reads. */
typedef InvRowChoice (*InvRowFilter) (sqlite3_stmt *stmt,
                                      gpointer      user_data);

gboolean inv_export_invitations_full   (InvDatabase              *database,
                                        const InvInvitationQuery *query,
                                        InvExportFormat           format,
                                        InvRowFilter              filter,
                                        gpointer                  filter_data,
                                        FILE                     *out,
                                        guint64                  *n_written,
                                        GError                  **error);
gboolean inv_export_csv_text_needs_guard (const char             *text);

InvBulkJob *inv_export_job_new         (const InvInvitationQuery *query,
                                        const gint64             *ids,
                                        guint                     n_ids,
                                        InvExportFormat           format,
                                        GFile                    *file);

G_END_DECLS

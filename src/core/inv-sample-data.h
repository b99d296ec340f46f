/* inv-sample-data.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "inv-bulk-job.h"
#include "inv-database.h"

G_BEGIN_DECLS

#define INV_SAMPLE_DATA_N_TEMPLATES 20

gboolean inv_sample_data_add (InvDatabase      *database,
                              guint64           n_invitations,
                              guint32           seed,
                              InvProgressFunc   progress,
                              gpointer          progress_data,
                              GError          **error);
InvBulkJob *inv_sample_data_job_new (guint64 n_invitations,
                                     guint32 seed);

G_END_DECLS

/* inv-sample-data.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "inv-database.h"

G_BEGIN_DECLS

/* Reports progress of a long insert: @done of @total rows written. */
typedef void (*InvProgressFunc) (guint64  done,
                                 guint64  total,
                                 gpointer user_data);

#define INV_SAMPLE_DATA_N_TEMPLATES 20

gboolean inv_sample_data_add (InvDatabase      *database,
                              guint64           n_invitations,
                              guint32           seed,
                              InvProgressFunc   progress,
                              gpointer          progress_data,
                              GError          **error);

G_END_DECLS

/* inv-cancel-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "inv-cancel.h"

G_BEGIN_DECLS

/* What the steps of a cancel (inv-cancel-*.c) share. A preview and an apply stage the
 * requested rows in temporary tables of the connection (temp.cancel_ids,
 * temp.cancel_rows, temp.cancel_eligible), then count them; an apply writes from them. */

InvCancelResult *_inv_cancel_result_new             (void);

const char      *_inv_cancel_statuses_sql           (void);

sqlite3_stmt    *_inv_cancel_prepare_with_statuses  (InvDatabase               *database,
                                                     const char                *sql_format,
                                                     GError                   **error);
gboolean         _inv_cancel_stage_ids              (InvDatabase               *database,
                                                     const gint64              *ids,
                                                     guint                      n_ids,
                                                     guint                     *n_requested,
                                                     GError                   **error);
gboolean         _inv_cancel_stage_matching         (InvDatabase               *database,
                                                     const InvInvitationQuery  *query,
                                                     guint                     *n_requested,
                                                     GError                   **error);
gboolean         _inv_cancel_count_staged           (InvDatabase               *database,
                                                     guint                      n_requested,
                                                     InvCancelPreview          *preview,
                                                     GArray                    *skipped,
                                                     GError                   **error);

gboolean         _inv_cancel_clear_staged           (InvDatabase               *database,
                                                     GError                   **error);

InvBulkJob      *_inv_cancel_job_new                (InvBulkJobFunc             func,
                                                     gpointer                   data,
                                                     GDestroyNotify             data_free,
                                                     GDestroyNotify             result_free);

G_END_DECLS

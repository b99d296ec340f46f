/* inv-cancel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inv-bulk-job.h"
#include "inv-cancel-reason.h"
#include "inv-database.h"
#include "inv-invitation-query.h"
#include "inv-status.h"

G_BEGIN_DECLS

/* Cancelling invitations: one, many, or all that match a filter. The same rules hold
 * for the window and the command line: only invitations whose status allows it
 * (inv_status_allows() with %INV_ACTION_CANCEL) are cancelled, the others are skipped
 * with their reason, and ids the database does not know are reported, never fatal.
 *
 * A cancel is one transaction: every eligible invitation becomes "cancelled" (sync
 * state "pending_cancel"), gets a "cancelled" history entry, and — unless it is demo
 * data — one outbox row for the sync engine, held back for a grace period during which
 * the whole batch can be undone with inv_cancel_undo(). */

#define INV_CANCEL_ERROR (inv_cancel_error_quark ())

typedef enum
{
  INV_CANCEL_ERROR_UNKNOWN_BATCH,   /* no such cancellation (or it was already undone) */
  INV_CANCEL_ERROR_ALREADY_SENT,    /* the grace period is over: re-invite instead */
  INV_CANCEL_ERROR_CANCELLED,       /* the GCancellable was triggered; nothing changed */
} InvCancelError;

/* What a cancel would do (inv_cancel_preview()), for the warning dialog. */
typedef struct
{
  guint n_requested;                    /* distinct ids asked for (or matching rows) */
  guint n_eligible;                     /* would be cancelled */
  guint n_eligible_sample;              /* of those, demo rows: cancelled locally only */
  guint n_skipped;                      /* known ids whose status does not allow it */
  guint skipped_by_status[INV_N_STATUSES]; /* n_skipped split by status; statuses the
                                         * app does not know count as INV_STATUS_UNKNOWN */
  guint n_unknown;                      /* ids that are not in the database */
  guint n_live;                         /* eligible live interviews whose interviewers
                                         * get a notice */
  guint n_interviewers;                 /* distinct interviewers of those */
} InvCancelPreview;

/* How to cancel. Initialise with inv_cancel_options_init(). */
typedef struct
{
  InvCancelReason  reason;
  gboolean         notify_candidate;     /* send the cancellation email (default TRUE) */
  gboolean         notify_interviewers;  /* tell interviewers of a live interview
                                          * (default TRUE) */
  gint64           grace_seconds;        /* undo window: the window passes GSettings
                                          * cancel-grace-seconds, the command line 0 */
  const char      *message_override;     /* (nullable): a message template used for every
                                          * invitation instead of its interview template's
                                          * own; must pass inv_message_template_validate() */
  const char      *note;                 /* (nullable): a personal note added to the
                                          * message (inv_message_template_add_note()),
                                          * meant for a cancel of one invitation */
} InvCancelOptions;

/* One invitation a cancel left alone. */
typedef struct
{
  gint64     id;
  InvStatus  status;       /* INV_STATUS_UNKNOWN for a status the app does not know */
  char      *status_text;  /* the stored status, verbatim */
  const char *why_not;     /* (transfer none): translated, from inv_status_allows() */
} InvCancelSkipped;

/* What a cancel did (inv_cancel_apply()). */
typedef struct
{
  gint64   batch_id;          /* for inv_cancel_undo(); 0 when nothing was cancelled */
  gint64   hold_until;        /* UTC seconds until which the batch can be undone */
  guint    n_cancelled;       /* invitations now cancelled, demo rows included */
  guint    n_cancelled_sample;/* of those, demo rows (no outbox row) */
  guint    n_queued;          /* outbox rows written (n_cancelled - n_cancelled_sample) */
  guint    n_skipped;
  guint    skipped_by_status[INV_N_STATUSES];
  guint    n_unknown;
  guint    n_live;
  guint    n_interviewers;
  GArray  *skipped;           /* (element-type InvCancelSkipped), in id order */
  GArray  *unknown_ids;       /* (element-type gint64), in id order */
} InvCancelResult;

#define INV_TYPE_CANCEL_PREVIEW (inv_cancel_preview_get_type ())
#define INV_TYPE_CANCEL_RESULT  (inv_cancel_result_get_type ())

GQuark            inv_cancel_error_quark            (void);

void              inv_cancel_options_init           (InvCancelOptions        *options);

GType             inv_cancel_preview_get_type       (void) G_GNUC_CONST;
InvCancelPreview *inv_cancel_preview_copy           (const InvCancelPreview  *preview);
void              inv_cancel_preview_free           (InvCancelPreview        *preview);
char             *inv_cancel_preview_describe_skipped (const InvCancelPreview *preview);

GType             inv_cancel_result_get_type        (void) G_GNUC_CONST;
InvCancelResult  *inv_cancel_result_copy            (const InvCancelResult   *result);
void              inv_cancel_result_free            (InvCancelResult         *result);

/* Preview: read-only, fast at 100,000 ids. */
InvCancelPreview *inv_cancel_preview                (InvDatabase             *database,
                                                     const gint64            *ids,
                                                     guint                    n_ids,
                                                     GError                 **error);
InvCancelPreview *inv_cancel_preview_matching       (InvDatabase             *database,
                                                     const InvInvitationQuery *query,
                                                     GError                 **error);

/* Apply: one transaction. */
InvCancelResult  *inv_cancel_apply                  (InvDatabase             *database,
                                                     const gint64            *ids,
                                                     guint                    n_ids,
                                                     const InvCancelOptions  *options,
                                                     InvProgressFunc          progress,
                                                     gpointer                 progress_data,
                                                     GCancellable            *cancellable,
                                                     GError                 **error);
InvCancelResult  *inv_cancel_apply_matching         (InvDatabase             *database,
                                                     const InvInvitationQuery *query,
                                                     const InvCancelOptions  *options,
                                                     InvProgressFunc          progress,
                                                     gpointer                 progress_data,
                                                     GCancellable            *cancellable,
                                                     GError                 **error);

/* The recipients of a cancel's emails, one at a time, for the dialog's preview. */
gboolean          inv_cancel_find_recipient         (InvDatabase             *database,
                                                     const gint64            *ids,
                                                     guint                    n_ids,
                                                     guint                    from,
                                                     gboolean                 backwards,
                                                     guint                   *found,
                                                     GError                 **error);

/* Undo: only while the batch is still held locally. */
gboolean          inv_cancel_can_undo               (InvDatabase             *database,
                                                     gint64                   batch_id,
                                                     gint64                   now);
gboolean          inv_cancel_find_last_undoable     (InvDatabase             *database,
                                                     gint64                   now,
                                                     gint64                  *batch_id,
                                                     gint64                  *hold_until,
                                                     guint                   *n_invitations);
gboolean          inv_cancel_undo                   (InvDatabase             *database,
                                                     gint64                   batch_id,
                                                     guint                   *n_restored,
                                                     GError                 **error);

/* The same on the session's database worker, as bulk jobs (inv-bulk-job.h): the
 * window stays responsive, and cancelling interrupts the work with nothing changed. */
InvBulkJob       *inv_cancel_preview_job_new        (const gint64            *ids,
                                                     guint                    n_ids);
InvBulkJob       *inv_cancel_apply_job_new          (const gint64            *ids,
                                                     guint                    n_ids,
                                                     const InvCancelOptions  *options);
InvBulkJob       *inv_cancel_undo_job_new           (gint64                   batch_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvCancelPreview, inv_cancel_preview_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvCancelResult, inv_cancel_result_free)

G_END_DECLS

/* inv-invite.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inv-bulk-job.h"
#include "inv-database.h"

G_BEGIN_DECLS

/* The soft limit of the service: a bigger selection is queued in batches of this size,
 * each batch one transaction, so a person can stop between batches. */
#define INV_INVITE_BATCH_SIZE 100

/* What one "Send invite" asks for; the same for every candidate of the batch. */
typedef struct
{
  gint64    template_id;
  gint64    starts_at;        /* UTC seconds; 0 for "now" */
  gint64    ends_at;          /* the deadline; 0 for the template's validity from starts_at */
  gint64    scheduled_at;     /* live interviews: the interview's date and time, else 0 */
  char     *message;          /* (nullable) a personal note in the invitation email */
  gboolean  include_already_invited;  /* invite even who has a pending or in-progress one */
  gint64    batch_id;         /* inv_invite_queue_job_new(): the batch to file under, 0 for a new one */
  gboolean  without_email;    /* the service sends the candidate no email (sendEmail "no") */
} InvInviteRequest;

/* Where one selected candidate stands before sending. */
typedef enum
{
  INV_INVITE_READY = 0,
  INV_INVITE_ALREADY_INVITED,   /* pending or in progress for this template: skipped by default */
  INV_INVITE_INVALID_EMAIL,
  INV_INVITE_ERASED,            /* personal data erased on request: cannot be invited */
  INV_INVITE_MISSING,           /* the candidate no longer exists */
} InvInviteVerdict;

typedef struct
{
  gint64            candidate_id;
  char             *name;
  char             *email;
  InvInviteVerdict  verdict;
  char             *reason;          /* (nullable) why not ready, for the person */
  gint64            existing_id;     /* ALREADY_INVITED: the invitation that is open */
  gint64            reinvite_id;     /* READY: the person's cancelled or expired invitation
                                      * of the template, which the invite re-invites
                                      * (the service reactivates it), or 0 */
} InvInvitePreviewEntry;

/* What a "Send invite" will do, counted before anything is queued. */
typedef struct
{
  gint64     template_id;
  char      *template_name;
  gboolean   template_is_live;
  gboolean   template_is_sample;     /* demo template: invitations stay local */
  guint      validity_days;
  guint      duration_minutes;
  char      *refusal;                /* (nullable) why the template accepts no invitations */
  GPtrArray *entries;                /* InvInvitePreviewEntry, in selection order */
  guint      n_ready;
  guint      n_reinvite;             /* of n_ready: re-invite a cancelled or expired one */
  guint      n_already_invited;
  guint      n_invalid;              /* invalid email, erased or missing */
} InvInvitePreview;

/* The result for one candidate after queueing. */
typedef struct
{
  gint64  candidate_id;
  char   *name;
  char   *email;
  gint64  invitation_id;     /* 0 when it failed or was skipped */
  gint64  outbox_id;         /* 0 for demo invitations, which are never sent */
  char   *error;             /* (nullable) why it could not be queued */
  gboolean skipped;          /* already invited and not included */
  gboolean reinvited;        /* invitation_id is the person's cancelled or expired
                              * invitation of the template, pending again */
} InvInviteOutcome;

/* Called after each batch, on the thread that queues. Return %FALSE to stop before
 * the next batch. */
typedef gboolean (*InvInviteProgressFunc) (guint     done,
                                           guint     total,
                                           gpointer  user_data);

InvInviteRequest *inv_invite_request_new             (gint64                 template_id);
InvInviteRequest *inv_invite_request_copy            (const InvInviteRequest *request);
void              inv_invite_request_free            (InvInviteRequest      *request);

InvInvitePreview *inv_invite_preview                 (InvDatabase           *database,
                                                      gint64                 template_id,
                                                      const gint64          *candidate_ids,
                                                      guint                  n_candidates,
                                                      GError               **error);
guint             inv_invite_preview_count_to_send   (const InvInvitePreview *preview,
                                                      gboolean               include_already_invited);
void              inv_invite_preview_free            (InvInvitePreview      *preview);

gboolean          inv_invite_check_template          (InvDatabase           *database,
                                                      gint64                 template_id,
                                                      GError               **error);

GPtrArray        *inv_invite_queue_batch             (InvDatabase           *database,
                                                      const InvInviteRequest *request,
                                                      const gint64          *candidate_ids,
                                                      guint                  n_candidates,
                                                      gint64                 batch_id,
                                                      GError               **error);
GPtrArray        *inv_invite_queue                   (InvDatabase           *database,
                                                      const InvInviteRequest *request,
                                                      const gint64          *candidate_ids,
                                                      guint                  n_candidates,
                                                      InvInviteProgressFunc  progress,
                                                      gpointer               progress_data,
                                                      GCancellable          *cancellable,
                                                      gint64                *batch_id,
                                                      GError               **error);
InvBulkJob       *inv_invite_queue_job_new           (const InvInviteRequest *request,
                                                      const gint64          *candidate_ids,
                                                      guint                  n_candidates);
InvBulkJob       *inv_invite_preview_job_new         (gint64                 template_id,
                                                      const gint64          *candidate_ids,
                                                      guint                  n_candidates);

gboolean          inv_invite_one                     (InvDatabase           *database,
                                                      const InvInviteRequest *request,
                                                      const char            *first_name,
                                                      const char            *last_name,
                                                      const char            *email,
                                                      gint64                *invitation_id,
                                                      gboolean              *reinvited,
                                                      GError               **error);

gboolean          inv_invite_reinvite                (InvDatabase           *database,
                                                      gint64                 invitation_id,
                                                      gint64                 ends_at,
                                                      GError               **error);
gboolean          inv_invite_reinvite_full           (InvDatabase           *database,
                                                      gint64                 invitation_id,
                                                      gint64                 ends_at,
                                                      gboolean               send_email,
                                                      gint64                 batch_id,
                                                      gint64                 hold_until,
                                                      GError               **error);
gboolean          inv_invite_reattempt               (InvDatabase           *database,
                                                      gint64                 invitation_id,
                                                      gint64                *new_invitation_id,
                                                      GError               **error);

GPtrArray        *inv_invite_list_failed             (InvDatabase           *database,
                                                      gint64                 batch_id,
                                                      GError               **error);

void              inv_invite_outcome_free            (InvInviteOutcome      *outcome);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvInviteRequest, inv_invite_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvInvitePreview, inv_invite_preview_free)

G_END_DECLS

/* inv-outbox.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "inv-database.h"

G_BEGIN_DECLS

/* What an outbox row asks the service to do. Stored as text ("create", "cancel", …). */
typedef enum
{
  INV_OUTBOX_CREATE = 0,   /* POST /v3/tests/{testId}/invite for a new local invitation */
  INV_OUTBOX_CANCEL,       /* POST /v3/invitations/{id}/cancel */
  INV_OUTBOX_REINVITE,     /* POST /v3/tests/{testId}/invite for a cancelled or expired one */
  INV_OUTBOX_REATTEMPT,    /* POST /v3/invitations/{sourceId}/reattempt */
  INV_OUTBOX_ERASE,        /* POST /v3/gdpr/requests */
  INV_N_OUTBOX_KINDS
} InvOutboxKind;

/* Where an outbox row stands. A row leaves the outbox only when the service confirmed
 * it, or when a person discards it after it failed or conflicted. */
typedef enum
{
  INV_OUTBOX_STATE_QUEUED = 0,  /* waiting to be sent (maybe held, maybe backing off) */
  INV_OUTBOX_STATE_FAILED,      /* refused for good (400/403/404): needs a person */
  INV_OUTBOX_STATE_CONFLICT,    /* the service's state won; the local change was undone */
  INV_N_OUTBOX_STATES
} InvOutboxState;

/* One outbox row, as read from the database (a plain copy: changing it changes nothing). */
typedef struct
{
  gint64          id;
  InvOutboxKind   kind;
  gint64          invitation_id;     /* 0 when the operation has no invitation (erase) */
  char           *idempotency_key;
  char           *payload;           /* JSON object, see inv_outbox_enqueue() */
  InvOutboxState  state;
  gint64          batch_id;
  gint64          hold_until;
  int             attempts;
  gint64          next_attempt_at;
  char           *last_error;
  char           *previous_status;
  char           *previous_sync_state;
  gint64          created_at;
} InvOutboxEntry;

/* Counts for the sync indicator. Every queued row is in exactly one of held, waiting
 * and blocked; a row on its way to the service is still queued (only the sync engine
 * knows which rows are on their way). */
typedef struct
{
  guint  queued;          /* every queued row */
  guint  held;            /* queued, still inside the undo grace period */
  guint  waiting;         /* queued, not held, not blocked: due now or backing off */
  guint  blocked;         /* queued behind a failed operation on the same invitation */
  guint  failed;
  guint  conflicts;
  gint64 next_send_time;  /* UTC seconds: the earliest end of a held row's grace period,
                           * 0 when no row is held */
} InvOutboxCounts;

#define INV_TYPE_OUTBOX_ENTRY (inv_outbox_entry_get_type ())

GType           inv_outbox_entry_get_type      (void) G_GNUC_CONST;
InvOutboxEntry *inv_outbox_entry_copy          (const InvOutboxEntry *entry);
void            inv_outbox_entry_free          (InvOutboxEntry       *entry);

const char     *inv_outbox_kind_to_string      (InvOutboxKind         kind);
gboolean        inv_outbox_kind_from_string    (const char           *string,
                                                InvOutboxKind        *kind);
const char     *inv_outbox_state_to_string     (InvOutboxState        state);

gint64          inv_outbox_new_batch_id        (InvDatabase          *database,
                                                GError              **error);
gboolean        inv_outbox_enqueue             (InvDatabase          *database,
                                                InvOutboxKind         kind,
                                                gint64                invitation_id,
                                                const char           *payload,
                                                gint64                batch_id,
                                                gint64                hold_until,
                                                const char           *previous_status,
                                                const char           *previous_sync_state,
                                                gint64               *out_id,
                                                GError              **error);
guint           inv_outbox_withdraw_batch      (InvDatabase          *database,
                                                gint64                batch_id,
                                                gint64                now,
                                                GError              **error);

InvOutboxEntry *inv_outbox_get                 (InvDatabase          *database,
                                                gint64                id,
                                                GError              **error);
GPtrArray      *inv_outbox_list_due            (InvDatabase          *database,
                                                gint64                now,
                                                gboolean              ignore_backoff,
                                                guint                 limit,
                                                GError              **error);
GPtrArray      *inv_outbox_list_by_state       (InvDatabase          *database,
                                                InvOutboxState        state,
                                                GError              **error);
gint64          inv_outbox_get_next_due_time   (InvDatabase          *database);
gint64          inv_outbox_get_send_time       (InvDatabase          *database,
                                                gint64                invitation_id);
gint64          inv_outbox_get_last_id         (InvDatabase          *database);
gboolean        inv_outbox_has_queued_for      (InvDatabase          *database,
                                                gint64                invitation_id,
                                                InvOutboxKind         kind,
                                                gint64               *out_id);

gboolean        inv_outbox_claim               (InvDatabase          *database,
                                                gint64                id,
                                                GError              **error);
gboolean        inv_outbox_complete            (InvDatabase          *database,
                                                gint64                id,
                                                GError              **error);
gboolean        inv_outbox_defer               (InvDatabase          *database,
                                                gint64                id,
                                                gboolean              count_attempt,
                                                gint64                next_attempt_at,
                                                const char           *message,
                                                GError              **error);
gboolean        inv_outbox_fail                (InvDatabase          *database,
                                                gint64                id,
                                                const char           *message,
                                                GError              **error);
gboolean        inv_outbox_conflict            (InvDatabase          *database,
                                                gint64                id,
                                                const char           *remote_status,
                                                const char           *reason,
                                                GError              **error);

gboolean        inv_outbox_retry               (InvDatabase          *database,
                                                gint64                id,
                                                GError              **error);
gboolean        inv_outbox_discard             (InvDatabase          *database,
                                                gint64                id,
                                                GError              **error);

gboolean        inv_outbox_count               (InvDatabase          *database,
                                                gint64                now,
                                                InvOutboxCounts      *counts,
                                                GError              **error);

gint64          inv_outbox_backoff_delay       (int                   attempts,
                                                gint64                base_ms,
                                                gint64                max_ms,
                                                double                jitter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvOutboxEntry, inv_outbox_entry_free)

G_END_DECLS

/* inv-invitation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invitation"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "inv-invitation.h"
#include "inv-text-checks.h"

/* A snapshot of one invitation row. Immutable: the list replaces the object when the
 * row changes, so a bound widget never shows half of an old row and half of a new one. */
struct _InvInvitation
{
  GObject       parent_instance;

  gint64        id;
  gint64        remote_id;
  gint64        template_id;
  gint64        candidate_id;
  gint64        sent_at;
  gint64        expires_at;
  gint64        scheduled_at;
  gint64        updated_at;
  char         *template_name;
  char         *candidate_name;
  char         *email;
  char         *status_text;
  char         *link;
  char         *cancel_reason;
  gint64        cancelled_at;  /* 0 when unknown or not cancelled */
  InvStatus     status;
  InvSyncState  sync_state;
  guint         is_live : 1;
  guint         is_sample : 1;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_TEMPLATE_NAME,
  PROP_CANDIDATE_NAME,
  PROP_EMAIL,
  PROP_STATUS_TEXT,
  PROP_STATUS_LABEL,
  PROP_SYNC_STATE_LABEL,
  PROP_SENT_AT,
  PROP_EXPIRES_AT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvInvitation, inv_invitation, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
inv_invitation_finalize (GObject *object)
{
  InvInvitation *self = (InvInvitation *)object;

  g_free (self->template_name);
  g_free (self->candidate_name);
  g_free (self->email);
  g_free (self->status_text);
  g_free (self->link);
  g_free (self->cancel_reason);

  G_OBJECT_CLASS (inv_invitation_parent_class)->finalize (object);
}

static void
inv_invitation_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  InvInvitation *self = INV_INVITATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_TEMPLATE_NAME:
      g_value_set_string (value, self->template_name);
      break;

    case PROP_CANDIDATE_NAME:
      g_value_set_string (value, self->candidate_name);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;

    case PROP_STATUS_LABEL:
      g_value_set_string (value, inv_invitation_get_status_label (self));
      break;

    case PROP_SYNC_STATE_LABEL:
      g_value_set_string (value, inv_sync_state_get_label (self->sync_state));
      break;

    case PROP_SENT_AT:
      g_value_set_int64 (value, self->sent_at);
      break;

    case PROP_EXPIRES_AT:
      g_value_set_int64 (value, self->expires_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invitation_class_init (InvInvitationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inv_invitation_finalize;
  object_class->get_property = inv_invitation_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEMPLATE_NAME] =
    g_param_spec_string ("template-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CANDIDATE_NAME] =
    g_param_spec_string ("candidate-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_LABEL] =
    g_param_spec_string ("status-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_STATE_LABEL] =
    g_param_spec_string ("sync-state-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SENT_AT] =
    g_param_spec_int64 ("sent-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPIRES_AT] =
    g_param_spec_int64 ("expires-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inv_invitation_init (InvInvitation *self)
{
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

/**
 * _inv_invitation_new_from_row:
 * @stmt: a statement positioned on a row that selected %INV_INVITATION_COLUMNS
 *
 * Returns: (transfer full): the invitation of that row
 */
InvInvitation *
_inv_invitation_new_from_row (sqlite3_stmt *stmt)
{
  InvInvitation *self = g_object_new (INV_TYPE_INVITATION, NULL);
  const char *interview_type;

  self->id = sqlite3_column_int64 (stmt, 0);
  self->remote_id = sqlite3_column_int64 (stmt, 1);
  self->template_id = sqlite3_column_int64 (stmt, 2);
  self->template_name = dup_column (stmt, 3);
  interview_type = (const char *)sqlite3_column_text (stmt, 4);
  self->is_live = g_strcmp0 (interview_type, "live") == 0;
  self->candidate_id = sqlite3_column_int64 (stmt, 5);
  self->candidate_name = dup_column (stmt, 6);
  self->email = dup_column (stmt, 7);
  self->status_text = dup_column (stmt, 8);
  self->status = inv_status_from_string (self->status_text);
  /* Only a web address is ever a link: older databases hold a local stand-in
   * ("urn:invitations:pending:…") where the service's link was yet to come. */
  if (inv_invitation_link_is_web ((const char *)sqlite3_column_text (stmt, 9)))
    self->link = dup_column (stmt, 9);
  self->sent_at = sqlite3_column_int64 (stmt, 10);
  self->expires_at = sqlite3_column_int64 (stmt, 11);
  self->updated_at = sqlite3_column_int64 (stmt, 12);
  self->sync_state = inv_sync_state_from_string ((const char *)sqlite3_column_text (stmt, 13));
  self->cancel_reason = dup_column (stmt, 14);
  self->is_sample = sqlite3_column_int (stmt, 15) != 0;
  self->scheduled_at = sqlite3_column_int64 (stmt, 16);
  if (sqlite3_column_count (stmt) > 17)
    self->cancelled_at = sqlite3_column_int64 (stmt, 17);

  return self;
}

/**
 * _inv_invitation_new_missing:
 * @id: a row that is gone
 *
 * Stands for an invitation deleted since a list read its ids, until the list reads
 * them again: empty texts, an unknown status, nothing to act on.
 *
 * Returns: (transfer full): the stand-in
 */
InvInvitation *
_inv_invitation_new_missing (gint64 id)
{
  InvInvitation *self = g_object_new (INV_TYPE_INVITATION, NULL);

  self->id = id;
  self->template_name = g_strdup ("");
  self->candidate_name = g_strdup ("");
  self->email = g_strdup ("");
  self->status_text = g_strdup ("");
  self->status = INV_STATUS_UNKNOWN;
  self->sync_state = INV_SYNC_STATE_SYNCED;

  return self;
}

gint64
inv_invitation_get_id (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), 0);
  return self->id;
}

/**
 * inv_invitation_get_remote_id:
 *
 * Returns: the service's id of this invitation, or 0 while the service has not
 *   answered its creation yet
 */
gint64
inv_invitation_get_remote_id (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), 0);
  return self->remote_id;
}

gint64
inv_invitation_get_template_id (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), 0);
  return self->template_id;
}

const char *
inv_invitation_get_template_name (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), NULL);
  return self->template_name;
}

gboolean
inv_invitation_get_is_live (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), FALSE);
  return self->is_live;
}

gint64
inv_invitation_get_candidate_id (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), 0);
  return self->candidate_id;
}

const char *
inv_invitation_get_candidate_name (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), NULL);
  return self->candidate_name;
}

const char *
inv_invitation_get_email (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), NULL);
  return self->email;
}

InvStatus
inv_invitation_get_status (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), INV_STATUS_UNKNOWN);
  return self->status;
}

/**
 * inv_invitation_get_status_text:
 *
 * Returns: the normalised status name, or the service's own spelling when the app
 *   does not know it
 */
const char *
inv_invitation_get_status_text (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), NULL);
  return self->status_text;
}

/**
 * inv_invitation_get_status_label:
 *
 * Returns: the translated status; an unknown status is shown as the service spelled it
 */
const char *
inv_invitation_get_status_label (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), NULL);

  if (self->status == INV_STATUS_UNKNOWN && self->status_text != NULL)
    return self->status_text;

  return inv_status_get_label (self->status);
}

/**
 * inv_invitation_get_link:
 *
 * Returns: (nullable): the link the service made for the candidate, always an http or
 *   https address; %NULL while there is none
 */
const char *
inv_invitation_get_link (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), NULL);
  return self->link;
}

/**
 * inv_invitation_get_link_unavailable_reason:
 *
 * Says why the invitation's link cannot be copied now: it was not sent yet, it no
 * longer works, or the service has not told it yet.
 *
 * Returns: (nullable): a translated reason, or %NULL when inv_invitation_get_link()
 *   is a link that works
 */
const char *
inv_invitation_get_link_unavailable_reason (InvInvitation *self)
{
  const char *reason = NULL;

  g_return_val_if_fail (INV_IS_INVITATION (self), NULL);

  switch (self->status)
    {
    case INV_STATUS_PENDING:
    case INV_STATUS_IN_PROGRESS:
      break;

    case INV_STATUS_CANCELLED:
      if (self->sync_state == INV_SYNC_STATE_PENDING_CANCEL)
        return _("Cancelled: the link stops working once the cancellation is sent");
      return _("Cancelled: the link no longer works");

    case INV_STATUS_EXPIRED:
      return _("Expired: the link no longer works");

    case INV_STATUS_COMPLETED:
      return _("Completed: the link no longer works");

    default:
      if (!inv_status_allows (self->status, INV_ACTION_COPY_LINK, &reason))
        return reason;
      break;
    }

  /* Sample invitations carry made-up addresses that lead nowhere. */
  if (self->is_sample)
    return _("Sample invitation: it was never sent, so it has no real link");

  /* A stored link of a re-invite waiting to be sent is the old, dead one. */
  if (self->sync_state == INV_SYNC_STATE_PENDING_CREATE)
    return _("Not sent yet: the invitation service makes the link when it receives the invitation");

  if (self->link != NULL)
    return NULL;

  if (self->sync_state == INV_SYNC_STATE_FAILED)
    return _("The invitation service refused this invitation, so it has no link; see the Sync page");

  /* A link that was not a web address was not kept (inv-service-parse.c). */
  return _("The invitation service has not given a usable link for this invitation yet; the app asks for it at each sync");
}

/**
 * inv_invitation_link_is_web:
 * @link: (nullable): a link as stored or received
 *
 * Only a plain http or https address with a host may be kept, shown or copied as an
 * invitation's link: nothing else (a local identifier, a `javascript:` or `file:`
 * address) should ever reach a candidate. The rule is inv_text_is_web_link()'s.
 *
 * Returns: %TRUE if @link is an http or https address
 */
gboolean
inv_invitation_link_is_web (const char *link)
{
  return inv_text_is_web_link (link);
}

gint64
inv_invitation_get_sent_at (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), 0);
  return self->sent_at;
}

gint64
inv_invitation_get_expires_at (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), 0);
  return self->expires_at;
}

gint64
inv_invitation_get_scheduled_at (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), 0);
  return self->scheduled_at;
}

gint64
inv_invitation_get_updated_at (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), 0);
  return self->updated_at;
}

InvSyncState
inv_invitation_get_sync_state (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), INV_SYNC_STATE_FAILED);
  return self->sync_state;
}

/**
 * inv_invitation_get_cancelled_at:
 *
 * Returns: when a cancelled invitation was cancelled (UTC seconds), or 0 when it is
 *   not cancelled or the app does not know when
 */
gint64
inv_invitation_get_cancelled_at (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), 0);
  return self->cancelled_at;
}

const char *
inv_invitation_get_cancel_reason (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), NULL);
  return self->cancel_reason;
}

gboolean
inv_invitation_get_is_sample (InvInvitation *self)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), FALSE);
  return self->is_sample;
}

/**
 * inv_invitation_is_deadline_near:
 * @now: the current time, seconds since the epoch
 *
 * Returns: %TRUE for a pending invitation whose deadline falls within 48 hours
 */
gboolean
inv_invitation_is_deadline_near (InvInvitation *self,
                                 gint64         now)
{
  g_return_val_if_fail (INV_IS_INVITATION (self), FALSE);

  return self->status == INV_STATUS_PENDING &&
         self->expires_at > now &&
         self->expires_at - now <= 48 * 60 * 60;
}

/* inv-message-template.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "inv-cancel-reason.h"
#include "inv-database.h"

G_BEGIN_DECLS

/* The cancellation email: a text per interview template (templates.cancel_message;
 * NULL means the translated default) with placeholders in braces, filled in for each
 * invitation when it is cancelled. */

#define INV_MESSAGE_TEMPLATE_ERROR (inv_message_template_error_quark ())

typedef enum
{
  INV_MESSAGE_TEMPLATE_ERROR_EMPTY,                /* the message has no text */
  INV_MESSAGE_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER,  /* {…} names something we cannot fill */
  INV_MESSAGE_TEMPLATE_ERROR_MISSING_SETTING,      /* {company} or {signature} is used but
                                                    * not set in the preferences */
  INV_MESSAGE_TEMPLATE_ERROR_UNFILLED,             /* {date} or {time} has no value for
                                                    * this invitation */
} InvMessageTemplateError;

/* The settings a message may need (inv_message_template_get_missing()). */
typedef enum
{
  INV_MESSAGE_SETTING_NONE      = 0,
  INV_MESSAGE_SETTING_COMPANY   = 1 << 0,
  INV_MESSAGE_SETTING_SIGNATURE = 1 << 1,
} InvMessageSettings;

/* What the placeholders stand for in one message. */
typedef struct
{
  const char      *first_name;      /* {first_name} */
  const char      *candidate_name;  /* {candidate_name} */
  const char      *position;        /* {position}: the interview template's name */
  const char      *company;         /* {company}; left unfilled when NULL */
  const char      *signature;       /* {signature}; left unfilled when NULL */
  gboolean         is_live;         /* a live interview, else an assessment */
  gint64           scheduled_at;    /* a live interview's time; 0 when not scheduled */
  gint64           deadline;        /* the invitation's deadline; 0 when there is none */
  InvCancelReason  reason;          /* {reason}: inv_cancel_reason_get_phrase() */
  GTimeZone       *time_zone;       /* (nullable): for {date} and {time}; the local zone
                                     * when NULL (pass one when rendering many messages:
                                     * finding the local zone reads the system's files) */
} InvMessageValues;

GQuark              inv_message_template_error_quark       (void);

const char * const *inv_message_template_get_placeholders  (void);
const char         *inv_message_template_get_default       (void);
gboolean            inv_message_template_validate          (const char             *text,
                                                            char                 ***unknown,
                                                            GError                **error);
char               *inv_message_template_render            (const char             *text,
                                                            const InvMessageValues *values);
char               *inv_message_template_render_subject    (const InvMessageValues *values);
char               *inv_message_template_add_note          (const char             *text,
                                                            const char             *note);
gboolean            inv_message_template_uses              (const char             *text,
                                                            const char             *placeholder);
InvMessageSettings  inv_message_template_get_missing       (InvDatabase            *database,
                                                            const char             *text);
gboolean            inv_message_template_check_settings    (InvDatabase            *database,
                                                            const char             *text,
                                                            GError                **error);

char               *inv_message_template_load              (InvDatabase            *database,
                                                            gint64                  template_id,
                                                            gboolean               *is_default,
                                                            GError                **error);
gboolean            inv_message_template_save              (InvDatabase            *database,
                                                            gint64                  template_id,
                                                            const char             *text,
                                                            GError                **error);
char               *inv_message_template_render_for_invitation (InvDatabase        *database,
                                                            gint64                  invitation_id,
                                                            InvCancelReason         reason,
                                                            const char             *override_text,
                                                            GError                **error);

/* One cancellation email as it is sent: to whom, its subject and its text, and who
 * else hears of the cancel (a live interview's interviewers). */
typedef struct
{
  gint64   invitation_id;
  char    *candidate_name;
  char    *email;
  char    *position;        /* the interview template's name */
  gboolean is_live;
  char    *subject;
  char    *body;
  GStrv    interviewers;    /* "Name <email>" of a live interview's interviewers;
                             * empty for an assessment */
  GStrv    unfilled;        /* placeholders the body or subject could not fill (no
                             * company or signature set, no date); empty when none */
} InvCancelEmail;

void                inv_cancel_email_free                  (InvCancelEmail         *email);
InvCancelEmail     *inv_message_template_render_email      (InvDatabase            *database,
                                                            gint64                  invitation_id,
                                                            InvCancelReason         reason,
                                                            const char             *override_text,
                                                            const char             *note,
                                                            GError                **error);

char               *inv_message_template_get_company       (InvDatabase            *database);
gboolean            inv_message_template_set_company       (InvDatabase            *database,
                                                            const char             *company,
                                                            GError                **error);
char               *inv_message_template_get_signature     (InvDatabase            *database);
gboolean            inv_message_template_set_signature     (InvDatabase            *database,
                                                            const char             *signature,
                                                            GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvCancelEmail, inv_cancel_email_free)

G_END_DECLS

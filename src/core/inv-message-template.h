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
} InvMessageTemplateError;

/* What the placeholders stand for in one message. */
typedef struct
{
  const char      *first_name;      /* {first_name} */
  const char      *candidate_name;  /* {candidate_name} */
  const char      *position;        /* {position}: the interview template's name */
  const char      *company;         /* {company} */
  gint64           when;            /* {date} and {time}: the live interview's time, else
                                     * the invitation's deadline; 0 when there is none */
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

char               *inv_message_template_get_company       (InvDatabase            *database);
gboolean            inv_message_template_set_company       (InvDatabase            *database,
                                                            const char             *company,
                                                            GError                **error);
char               *inv_message_template_get_signature     (InvDatabase            *database);
gboolean            inv_message_template_set_signature     (InvDatabase            *database,
                                                            const char             *signature,
                                                            GError                **error);

G_END_DECLS

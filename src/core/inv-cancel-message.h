/* inv-cancel-message.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "inv-database.h"
#include "inv-message-template.h"

G_BEGIN_DECLS

/* The member of a cancel operation's payload that stands for its message until it is
 * sent: the interview template whose text the batch kept. */
#define INV_CANCEL_MESSAGE_TEMPLATE_MEMBER "messageTemplate"

gboolean _inv_cancel_message_store       (InvDatabase  *database,
                                          gint64        batch_id,
                                          gint64        template_id,
                                          const char   *text,
                                          GError      **error);
gboolean _inv_cancel_message_prune       (InvDatabase  *database,
                                          GError      **error);
gboolean inv_cancel_message_complete_request (InvDatabase  *database,
                                          gint64        batch_id,
                                          gint64        invitation_id,
                                          JsonObject   *payload,
                                          GError      **error);

G_END_DECLS

/* inv-service-parse.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "inv-remote.h"

G_BEGIN_DECLS

/* The contract's objects. */
InvRemoteInvitation *inv_service_parse_invitation  (JsonObject  *object,
                                                    GError     **error);
InvRemoteTest       *inv_service_parse_test        (JsonObject  *object,
                                                    GError     **error);
gint64               inv_service_parse_retry_after (const char  *value,
                                                    GDateTime   *now);

/* Their members. */
gboolean             inv_service_json_int64        (JsonObject  *object,
                                                    const char  *member,
                                                    gint64      *value);
const char          *inv_service_json_string       (JsonObject  *object,
                                                    const char  *member);
gint64               inv_service_json_time         (JsonObject  *object,
                                                    const char  *member);
void                 inv_service_set_malformed     (GError     **error,
                                                    const char  *what);

G_END_DECLS

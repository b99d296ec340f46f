/* inv-service-parse.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "inv-remote.h"

G_BEGIN_DECLS

/* An answer nested deeper than this is refused before it is parsed: the contract's
 * answers are five levels deep, and the JSON parser recurses once per level. */
#define INV_SERVICE_MAX_JSON_DEPTH 64
/* The most characters kept of the service's own message in an error answer. */
#define INV_SERVICE_MAX_MESSAGE_LENGTH 300

/* From the bytes of an answer, as they came off the wire; each checks the document
 * (inv_service_parse_json()) and then every member it uses. Safe on any bytes: the
 * fuzzers call them. */
JsonNode            *inv_service_parse_json               (const char  *data,
                                                           gsize        length,
                                                           GError     **error);
GPtrArray           *inv_service_parse_tests_page         (const char  *data,
                                                           gsize        length,
                                                           gint64      *total_count,
                                                           GError     **error);
GPtrArray           *inv_service_parse_test_attempts_page (const char  *data,
                                                           gsize        length,
                                                           gint64      *total_count,
                                                           GError     **error);
InvRemoteInvitation *inv_service_parse_invitation_answer  (const char  *data,
                                                           gsize        length,
                                                           GError     **error);
char                *inv_service_parse_error_message      (const char  *data,
                                                           gsize        length);

/* The contract's objects. */
InvRemoteInvitation *inv_service_parse_invitation         (JsonObject  *object,
                                                           GError     **error);
InvRemoteTest       *inv_service_parse_test               (JsonObject  *object,
                                                           GError     **error);
gint64               inv_service_parse_retry_after        (const char  *value,
                                                           GDateTime   *now);

/* One entry of a page: %NULL, and the reason logged, when it is refused. */
InvRemoteTest       *inv_service_parse_page_test          (JsonObject  *object);
InvRemoteInvitation *inv_service_parse_page_invitation    (JsonObject  *object);

/* Their members. */
gboolean             inv_service_json_int64               (JsonObject  *object,
                                                           const char  *member,
                                                           gint64      *value);
const char          *inv_service_json_string              (JsonObject  *object,
                                                           const char  *member);
gint64               inv_service_json_time                (JsonObject  *object,
                                                           const char  *member);
void                 inv_service_set_malformed            (GError     **error,
                                                           const char  *what);

G_END_DECLS

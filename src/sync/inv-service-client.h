/* inv-service-client.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "inv-remote.h"
#include "inv-service-error.h"

G_BEGIN_DECLS

#define INV_TYPE_SERVICE_CLIENT (inv_service_client_get_type ())

G_DECLARE_FINAL_TYPE (InvServiceClient, inv_service_client, INV, SERVICE_CLIENT, GObject)

/* The largest page the contract allows for each paged endpoint. */
#define INV_SERVICE_TESTS_PAGE_SIZE 100
#define INV_SERVICE_ATTEMPTS_PAGE_SIZE 500
/* The longest window /v3/candidates/testattempts accepts. */
#define INV_SERVICE_MAX_WINDOW_SECONDS (31 * 24 * 3600)
/* The largest answer the client reads; a larger one is refused (%INV_SERVICE_ERROR_LIMIT). */
#define INV_SERVICE_MAX_ANSWER_BYTES (8 * 1024 * 1024)

InvServiceClient    *inv_service_client_new                  (const char           *base_url,
                                                              GError              **error);
const char          *inv_service_client_get_base_url         (InvServiceClient     *self);
void                 inv_service_client_set_api_key          (InvServiceClient     *self,
                                                              const char           *api_key);
void                 inv_service_client_set_timeout          (InvServiceClient     *self,
                                                              guint                 seconds);
gint64               inv_service_client_get_blocked_until    (InvServiceClient     *self);
guint                inv_service_client_get_n_requests       (InvServiceClient     *self);
guint                inv_service_client_get_n_rate_limited   (InvServiceClient     *self);

void                 inv_service_client_invite_async         (InvServiceClient     *self,
                                                              gint64                test_id,
                                                              JsonObject           *body,
                                                              const char           *idempotency_key,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
InvRemoteInvitation *inv_service_client_invite_finish        (InvServiceClient     *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

void                 inv_service_client_cancel_async         (InvServiceClient     *self,
                                                              gint64                invitation_id,
                                                              JsonObject           *body,
                                                              const char           *idempotency_key,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
InvRemoteInvitation *inv_service_client_cancel_finish        (InvServiceClient     *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

void                 inv_service_client_reattempt_async      (InvServiceClient     *self,
                                                              gint64                invitation_id,
                                                              const char           *idempotency_key,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
InvRemoteInvitation *inv_service_client_reattempt_finish     (InvServiceClient     *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

void                 inv_service_client_get_invitation_async (InvServiceClient     *self,
                                                              gint64                invitation_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
InvRemoteInvitation *inv_service_client_get_invitation_finish (InvServiceClient    *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);


void                 inv_service_client_erase_async          (InvServiceClient     *self,
                                                              const char           *email,
                                                              const char           *idempotency_key,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean             inv_service_client_erase_finish         (InvServiceClient     *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

/* A paged listing of the service (templates, or the status changes of a window) and
 * the page of it that is read next. */
typedef struct _InvServicePages InvServicePages;

InvServicePages     *inv_service_pages_new_tests             (guint                 page_size);
InvServicePages     *inv_service_pages_new_test_attempts     (const char           *state,
                                                              gint64                start,
                                                              gint64                end,
                                                              guint                 page_size);
InvServicePages     *inv_service_pages_ref                   (InvServicePages      *pages);
void                 inv_service_pages_unref                 (InvServicePages      *pages);
void                 inv_service_pages_set_window            (InvServicePages      *pages,
                                                              gint64                start,
                                                              gint64                end);
void                 inv_service_pages_rewind                (InvServicePages      *pages);
gboolean             inv_service_pages_has_more              (InvServicePages      *pages);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvServicePages, inv_service_pages_unref)

void                 inv_service_client_read_page_async      (InvServiceClient     *self,
                                                              InvServicePages      *pages,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
GPtrArray           *inv_service_client_read_page_finish     (InvServiceClient     *self,
                                                              GAsyncResult         *result,
                                                              gint64               *total_count,
                                                              GError              **error);

void                 inv_service_client_read_pages_async     (InvServiceClient     *self,
                                                              InvServicePages      *pages,
                                                              guint                 max_pages,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
GPtrArray           *inv_service_client_read_pages_finish    (InvServiceClient     *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

G_END_DECLS

/* sync-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the sync tests share: a real test service on 127.0.0.1, its admin endpoints,
 * and databases with queued work.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "inv-database.h"
#include "inv-outbox.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *url;
  guint        port;
} TestService;

TestService *test_service_start         (const char  *first_option,
                                         ...) G_GNUC_NULL_TERMINATED;
void         test_service_stop          (TestService *service);
JsonNode    *test_service_admin         (TestService *service,
                                         const char  *method,
                                         const char  *path,
                                         const char  *body);
JsonArray   *test_service_invitations   (TestService *service,
                                         JsonNode   **keep_alive);
gint64       test_service_create        (TestService *service,
                                         gint64       test_id,
                                         const char  *email,
                                         const char  *name);
char        *test_service_get_status    (TestService *service,
                                         gint64       remote_id);
void         test_service_set_status    (TestService *service,
                                         gint64       remote_id,
                                         const char  *status);
void         test_service_set_faults    (TestService *service,
                                         const char  *json);
void         test_service_set_script    (TestService *service,
                                         const char  *json);
GArray      *test_service_request_times (TestService *service,
                                         const char  *method,
                                         const char  *path,
                                         const char  *state);

char        *test_temp_database_path    (void);
InvDatabase *test_database_new          (const char  *path);
gint64       test_add_template          (InvDatabase *database,
                                         gint64       remote_id,
                                         const char  *name);
gint64       test_add_invitation        (InvDatabase *database,
                                         gint64       template_id,
                                         const char  *email,
                                         const char  *name,
                                         gint64       remote_id,
                                         const char  *status);
gint64       test_queue_create          (InvDatabase *database,
                                         gint64       template_id,
                                         const char  *email,
                                         const char  *name,
                                         gint64      *invitation_id);
gint64       test_queue_cancel          (InvDatabase *database,
                                         gint64       invitation_id,
                                         gint64       hold_until);
char        *test_query_string          (InvDatabase *database,
                                         const char  *sql,
                                         gint64       id);
gint64       test_query_int             (InvDatabase *database,
                                         const char  *sql,
                                         gint64       id);

void         test_result_cb             (GObject      *object,
                                         GAsyncResult *result,
                                         gpointer      user_data);
GAsyncResult *test_wait_result          (GAsyncResult **slot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestService, test_service_stop)

G_END_DECLS

/* hostile-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hostile service (tests/service/hostile-service.py) for the sync tests: start it
 * with a scenario, read what it counted, and run `invitations --sync` against it.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *url;
  guint        port;
} HostileService;

HostileService *hostile_service_start    (const char     *scenario,
                                          const char     *tls);
void            hostile_service_stop     (HostileService *service);
JsonObject     *hostile_service_stats    (HostileService *service);
gint64          hostile_service_requests (HostileService *service);

typedef struct
{
  int    wait_status;
  gint64 max_rss_kb;     /* the process's peak resident memory */
  gint64 elapsed_ms;
  char  *out;
  char  *err;
} SyncProcess;

SyncProcess    *sync_process_run         (const char     *database_path,
                                          const char     *url,
                                          const char     *api_key);
void            sync_process_free        (SyncProcess    *process);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HostileService, hostile_service_stop)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncProcess, sync_process_free)

G_END_DECLS

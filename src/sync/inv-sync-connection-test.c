/* inv-sync-connection-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preferences' "Test Connection": lists the service's templates with an address
 * and a key that may not be saved yet, touching neither the engine nor the database.
 */

#define G_LOG_DOMAIN "inv-sync-engine"

#include "config.h"

#include "inv-sync-engine-private.h"

/* A service whose listing never ends does not hold the test. */
#define MAX_PAGES 100

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *tests;

  tests = inv_service_client_read_pages_finish (INV_SERVICE_CLIENT (object), result, &error);
  if (tests == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, tests, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * inv_sync_engine_test_connection_async:
 * @url: the service address to try (perhaps not saved yet)
 * @api_key: (nullable): the key to try; %NULL for the engine's own
 *
 * Lists the service's interview templates with @url and @api_key, without changing
 * the engine or the database: the preferences' "Test Connection".
 */
void
inv_sync_engine_test_connection_async (InvSyncEngine       *self,
                                       const char          *url,
                                       const char          *api_key,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(InvServiceClient) client = NULL;
  g_autoptr(InvServicePages) pages = NULL;

  g_return_if_fail (INV_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, inv_sync_engine_test_connection_async);

  client = inv_service_client_new (url, &error);
  if (client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  inv_service_client_set_api_key (client, api_key != NULL ? api_key : self->api_key);
  inv_service_client_set_timeout (client, 15);
  pages = inv_service_pages_new_tests (INV_SERVICE_TESTS_PAGE_SIZE);
  inv_service_client_read_pages_async (client, pages, MAX_PAGES, cancellable, probe_cb,
                                       g_steal_pointer (&task));
}

/**
 * inv_sync_engine_test_connection_finish:
 *
 * Returns: (transfer container) (element-type InvRemoteTest): the templates, or
 *   %NULL with @error set
 */
GPtrArray *
inv_sync_engine_test_connection_finish (InvSyncEngine  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  g_return_val_if_fail (INV_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

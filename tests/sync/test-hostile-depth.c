/* test-hostile-depth.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An answer nested 100,000 levels deep (`{"result": [[[[…`) is refused with a
 * message, by the client and by `invitations --sync`, instead of exhausting the
 * stack of a recursive parser.
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <sys/wait.h>

#include "inv-service-client.h"
#include "hostile-test-util.h"
#include "sync-test-util.h"

#define API_KEY "hostile-test-key"

static void
test_client_deep (void)
{
  g_autoptr(HostileService) service = hostile_service_start ("deep", NULL);
  g_autoptr(InvServicePages) pages = inv_service_pages_new_tests (INV_SERVICE_TESTS_PAGE_SIZE);
  g_autoptr(InvServiceClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;

  client = inv_service_client_new (service->url, &error);
  g_assert_no_error (error);
  inv_service_client_set_api_key (client, API_KEY);

  inv_service_client_read_page_async (client, pages, NULL, test_result_cb, &result);
  page = inv_service_client_read_page_finish (client, test_wait_result (&result), NULL, &error);
  g_assert_null (page);
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_MALFORMED);
  g_assert_true (inv_service_error_is_transient (error));
}

static void
test_cli_deep (void)
{
  g_autoptr(HostileService) service = hostile_service_start ("deep", NULL);
  g_autofree char *path = test_temp_database_path ();
  g_autoptr(InvDatabase) database = test_database_new (path);
  g_autoptr(SyncProcess) sync = NULL;

  g_clear_object (&database);
  sync = sync_process_run (path, service->url, API_KEY);

  /* Ended on its own, with a message, not by a signal. */
  g_assert_true (WIFEXITED (sync->wait_status));
  g_assert_cmpint (WEXITSTATUS (sync->wait_status), !=, 0);
  g_assert_cmpstr (sync->err, !=, "");
  g_assert_cmpint (hostile_service_requests (service), >=, 1);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile/depth/client", test_client_deep);
  g_test_add_func ("/hostile/depth/cli", test_cli_deep);

  return g_test_run ();
}

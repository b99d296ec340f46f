/* inv-cli-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `invitations --sync` and `invitations --set-api-key`: one full sync without a
 * display, and storing the API key in the keyring. The key is read from the keyring
 * or the environment and from standard input, never from the command line, where
 * every user of the computer could read it.
 */

#define G_LOG_DOMAIN "inv-cli-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "inv-cli-private.h"
#include "inv-cli-sync.h"
#include "inv-credentials.h"
#include "inv-database.h"
#include "inv-service-error.h"
#include "inv-service-url.h"
#include "inv-sync-engine.h"

#define EXIT_OK      0
#define EXIT_FAILURE_CONFIG 1

typedef struct
{
  GMainLoop     *loop;
  InvSyncReport *report;
  GError        *error;
} SyncWait;

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SyncWait *wait = user_data;

  wait->report = inv_sync_engine_sync_finish (INV_SYNC_ENGINE (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* The parallel requests setting, when the app's settings are installed. */
static guint
configured_concurrency (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source == NULL || (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) == NULL ||
      !g_settings_schema_has_key (schema, "sync-concurrency"))
    return 4;

  settings = g_settings_new (APP_ID);

  return g_settings_get_uint (settings, "sync-concurrency");
}

static char *
find_api_key (const char *url)
{
  g_autoptr(GError) error = NULL;
  char *key;

  /* The keyring, else the environment: as the window does. */
  key = inv_credentials_lookup_sync (url, NULL, &error);
  if (error != NULL)
    g_debug ("The keyring could not be read: %s", error->message);
  if (key != NULL && *key == '\0')
    g_clear_pointer (&key, g_free);

  return key;
}

/**
 * inv_cli_sync_run:
 * @database_path: the database to sync
 * @service_url: the service to sync with
 *
 * Runs one full sync: pushes everything due (rows backing off included), then pulls.
 * Prints `pushed N, pulled M, conflicts C, failed F, waiting W`.
 *
 * Returns: 0 when nothing retryable is left waiting, 2 when some is (run it again),
 *   1 on a configuration or authentication error
 */
int
inv_cli_sync_run (const char *database_path,
                  const char *service_url)
{
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(InvSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *api_key = NULL;
  SyncWait wait = { 0 };
  InvSyncReport last = { 0 };
  InvSyncReport *report;
  int status;

  g_return_val_if_fail (database_path != NULL, EXIT_FAILURE_CONFIG);

  if (service_url == NULL)
    return _inv_cli_fail (_("--sync needs --service-url=URL"));

  url = inv_service_url_normalize (service_url, &error);
  if (url == NULL)
    return _inv_cli_fail ("%s", error->message);

  api_key = find_api_key (url);
  if (api_key == NULL)
    return _inv_cli_fail (_("No API key for %s: store one with --set-api-key --service-url=%s, or set %s"),
                 url, url, INV_CLI_API_KEY_VARIABLE);

  database = inv_database_open (database_path, &error);
  if (database == NULL)
    return _inv_cli_fail ("%s", error->message);

  engine = inv_sync_engine_new (database);
  inv_sync_engine_set_concurrency (engine, configured_concurrency ());
  if (!inv_sync_engine_set_service_url (engine, url, &error))
    return _inv_cli_fail ("%s", error->message);
  inv_sync_engine_set_api_key (engine, api_key);

  /* The engine works on the main context, as it does in the app. */
  wait.loop = g_main_loop_new (NULL, FALSE);
  inv_sync_engine_sync_async (engine, INV_SYNC_FLAGS_NOW, NULL, sync_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);

  last = *inv_sync_engine_get_last_report (engine);
  g_clear_object (&engine);

  if (wait.error != NULL)
    {
      g_autoptr(GError) sync_error = wait.error;

      if (g_error_matches (sync_error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_UNAUTHORIZED) ||
          g_error_matches (sync_error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NO_KEY))
        return _inv_cli_fail (_("The service refused the API key (%s); store a new one with --set-api-key"),
                     sync_error->message);

      if (g_error_matches (sync_error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_INVALID_URL) ||
          sync_error->domain == INV_DATABASE_ERROR)
        return _inv_cli_fail ("%s", sync_error->message);

      /* The service could not be reached or the pull broke off: retryable. What
       * was confirmed before is in the database; the rest waits for the next run. */
      g_printerr ("invitations: %s\n", sync_error->message);
      g_print ("pushed %u, pulled %u, conflicts %u, failed %u, waiting %u\n",
               last.pushed, last.pulled, last.conflicts, last.failed, last.waiting);
      return INV_CLI_EXIT_SYNC_WAITING;
    }

  report = wait.report;
  g_print ("pushed %u, pulled %u, conflicts %u, failed %u, waiting %u\n",
           report->pushed, report->pulled, report->conflicts, report->failed, report->waiting);

  if (report->attention > 0)
    g_printerr (ngettext ("invitations: %'u operation needs attention (see the Sync page)\n",
                          "invitations: %'u operations need attention (see the Sync page)\n",
                          report->attention),
                report->attention);

  status = report->waiting > 0 || !report->pull_complete ? INV_CLI_EXIT_SYNC_WAITING : EXIT_OK;
  inv_sync_report_free (report);

  return status;
}

/**
 * inv_cli_sync_set_api_key:
 * @service_url: the service the key belongs to
 *
 * Reads an API key from standard input (one line) and stores it in the keyring for
 * @service_url.
 *
 * Returns: 0 on success, 1 on failure
 */
int
inv_cli_sync_set_api_key (const char *service_url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  char line[4096];
  gsize length;

  if (service_url == NULL)
    return _inv_cli_fail (_("--set-api-key needs --service-url=URL"));

  url = inv_service_url_normalize (service_url, &error);
  if (url == NULL)
    return _inv_cli_fail ("%s", error->message);

  if (fgets (line, sizeof line, stdin) == NULL)
    return _inv_cli_fail (_("No API key on standard input"));

  g_strstrip (line);
  length = strlen (line);
  if (length == 0)
    return _inv_cli_fail (_("No API key on standard input"));

  if (!inv_credentials_store_sync (url, line, NULL, &error))
    {
      memset (line, 0, sizeof line);
      return _inv_cli_fail (_("Could not store the API key in the keyring: %s"), error->message);
    }

  memset (line, 0, sizeof line);
  g_print (_("Stored the API key for %s in the keyring\n"), url);

  return EXIT_OK;
}

/**
 * inv_cli_sync_wanted:
 *
 * Returns: %TRUE if @options ask for --sync or --set-api-key (or give their
 *   --service-url)
 */
gboolean
inv_cli_sync_wanted (GVariantDict *options)
{
  g_return_val_if_fail (options != NULL, FALSE);

  return _inv_cli_lookup_flag (options, "sync") || _inv_cli_lookup_flag (options, "set-api-key") ||
         g_variant_dict_contains (options, "service-url");
}

/**
 * inv_cli_sync_handle_options:
 * @options: the parsed command line; inv_cli_sync_wanted() returned %TRUE
 * @database_path: the database to sync
 *
 * Runs --sync or --set-api-key.
 *
 * Returns: the exit status
 */
int
inv_cli_sync_handle_options (GVariantDict *options,
                             const char   *database_path)
{
  const char *service_url = NULL;
  gboolean sync = _inv_cli_lookup_flag (options, "sync");
  gboolean set_api_key = _inv_cli_lookup_flag (options, "set-api-key");

  g_return_val_if_fail (options != NULL, EXIT_FAILURE_CONFIG);

  g_variant_dict_lookup (options, "service-url", "&s", &service_url);

  if (sync && set_api_key)
    return _inv_cli_fail (_("--sync and --set-api-key cannot be used together"));

  if (set_api_key)
    return inv_cli_sync_set_api_key (service_url);

  if (sync)
    return inv_cli_sync_run (database_path, service_url);

  return _inv_cli_fail (_("--service-url goes with --sync or --set-api-key"));
}

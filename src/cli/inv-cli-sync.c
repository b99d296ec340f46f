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

/* The keyring, else the environment: as the window does. A key that is there but
 * cannot be used (a line break in INVITATIONS_API_KEY) is an error; a keyring that
 * cannot be read is only one when the environment has no key either. */
static char *
find_api_key (const char  *url,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *key;

  key = inv_credentials_lookup_sync (url, NULL, &local_error);
  if (g_error_matches (local_error, INV_CREDENTIALS_ERROR, INV_CREDENTIALS_ERROR_INVALID_KEY))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (local_error != NULL)
    g_debug ("The keyring could not be read: %s", local_error->message);
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

  api_key = find_api_key (url, &error);
  if (error != NULL)
    return _inv_cli_fail ("%s", error->message);
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
       * was confirmed before is in the database; the rest waits for the next run.
       * The message may quote the service: its control characters are escaped. */
      _inv_cli_print_escaped (TRUE, "invitations: %s", sync_error->message);
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

/* Reads all of standard input, up to one byte more than a key with a line end can
 * take, into @buffer. Returns the length, or -1 when there is more. */
static gssize
read_key (char  *buffer,
          gsize  size)
{
  gsize length = 0;

  /* Unbuffered: no copy of the key is left behind in stdio's buffer. */
  setvbuf (stdin, NULL, _IONBF, 0);

  while (length < size)
    {
      gsize n = fread (buffer + length, 1, size - length, stdin);

      if (n == 0)
        break;
      length += n;
    }

  if (length == size)
    return -1;

  buffer[length] = '\0';

  return length;
}

/**
 * inv_cli_sync_set_api_key:
 * @service_url: the service the key belongs to
 *
 * Reads an API key from standard input (one line; spaces and the line end around it
 * are dropped) and stores it in the keyring for @service_url. A key that
 * inv_credentials_check_key() refuses — several lines, control characters, longer
 * than %INV_CREDENTIALS_MAX_KEY_LENGTH — is refused as a whole.
 *
 * Returns: 0 on success, 1 on failure
 */
int
inv_cli_sync_set_api_key (const char *service_url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  /* Room for the longest key, a "\r\n" after it, and one byte to notice more. */
  char buffer[INV_CREDENTIALS_MAX_KEY_LENGTH + 3];
  gssize length;
  char *key;
  gboolean has_nul;
  int status = EXIT_OK;

  if (service_url == NULL)
    return _inv_cli_fail (_("--set-api-key needs --service-url=URL"));

  url = inv_service_url_normalize (service_url, &error);
  if (url == NULL)
    return _inv_cli_fail ("%s", error->message);

  length = read_key (buffer, sizeof buffer);
  if (length < 0)
    {
      memset (buffer, 0, sizeof buffer);
      return _inv_cli_fail (_("The API key on standard input is too long (more than %'d characters); "
                              "give only the key. Nothing was stored."), INV_CREDENTIALS_MAX_KEY_LENGTH);
    }

  /* A NUL would end the key early: refused like any other control character. */
  has_nul = memchr (buffer, '\0', length) != NULL;
  key = g_strstrip (buffer);
  if (has_nul)
    status = _inv_cli_fail (_("The API key has a NUL byte, which cannot be sent; copy the key again. "
                              "Nothing was stored."));
  else if (*key == '\0')
    status = _inv_cli_fail (_("No API key on standard input"));
  else if (!inv_credentials_check_key (key, &error))
    status = _inv_cli_fail (_("%s. Nothing was stored."), error->message);
  else if (!inv_credentials_store_sync (url, key, NULL, &error))
    status = _inv_cli_fail (_("Could not store the API key in the keyring: %s"), error->message);

  memset (buffer, 0, sizeof buffer);
  if (status != EXIT_OK)
    return status;

  _inv_cli_print_escaped (FALSE, _("Stored the API key for %s in the keyring"), url);

  return EXIT_OK;
}

/**
 * inv_cli_sync_handle_options:
 * @options: the parsed command line, with --sync or --set-api-key
 * @database_path: the database to sync
 *
 * Runs --sync or --set-api-key. A database named with --database must exist, as
 * for the other commands: a mistyped path is refused rather than synced into a
 * new, empty database. The default database may be new: a first sync fills it.
 *
 * Returns: the exit status
 */
int
inv_cli_sync_handle_options (GVariantDict *options,
                             const char   *database_path)
{
  const char *service_url = _inv_cli_lookup_string (options, "service-url");

  g_return_val_if_fail (options != NULL, EXIT_FAILURE_CONFIG);
  g_return_val_if_fail (database_path != NULL, EXIT_FAILURE_CONFIG);

  if (_inv_cli_lookup_flag (options, "set-api-key"))
    return inv_cli_sync_set_api_key (service_url);

  g_assert (_inv_cli_lookup_flag (options, "sync"));

  if (g_variant_dict_contains (options, "database") && !g_file_test (database_path, G_FILE_TEST_EXISTS))
    return _inv_cli_fail (_("There is no database at “%s”; check the path given with --database."), database_path);

  return inv_cli_sync_run (database_path, service_url);
}

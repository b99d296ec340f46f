/* test-credentials.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The API key in a real keyring: libsecret's file backend, in a throwaway file.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "inv-credentials.h"
#include "inv-service-error.h"
#include "sync-test-util.h"

#define SECRET "s3cr3t-key-do-not-log"

static char *keyring_path;

/* The exit status, with what the program said when it is not the expected one. */
static void
assert_exit (GSubprocess *process,
             int          expected,
             const char  *err)
{
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != expected)
    g_error ("expected exit status %d; stderr: %s", expected, err);
}

static void
test_store_and_lookup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  key = inv_credentials_lookup_sync ("https://invites.example.com", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (key);

  g_assert_true (inv_credentials_store_sync ("https://invites.example.com/", SECRET, NULL, &error));
  g_assert_no_error (error);

  /* Keyed by the normalised address: the same service spelled differently. */
  key = inv_credentials_lookup_sync ("HTTPS://Invites.Example.com", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, SECRET);
  g_clear_pointer (&key, g_free);

  /* Another service has its own key. */
  key = inv_credentials_lookup_sync ("https://other.example.com", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (key);

  /* Replacing, then clearing. */
  g_assert_true (inv_credentials_store_sync ("https://invites.example.com", "second", NULL, &error));
  key = inv_credentials_lookup_sync ("https://invites.example.com", NULL, &error);
  g_assert_cmpstr (key, ==, "second");
  g_clear_pointer (&key, g_free);

  g_assert_true (inv_credentials_clear_sync ("https://invites.example.com", NULL, &error));
  g_assert_no_error (error);
  key = inv_credentials_lookup_sync ("https://invites.example.com", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (key);

  /* An address the app would never send a key to is refused. */
  g_assert_false (inv_credentials_store_sync ("http://invites.example.com", SECRET, NULL, &error));
  g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_INVALID_URL);
}

static void
test_async (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  inv_credentials_store_async ("https://async.example.com", "async-key", NULL, test_result_cb, &result);
  g_assert_true (inv_credentials_store_finish (test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  inv_credentials_lookup_async ("https://async.example.com/", NULL, test_result_cb, &result);
  key = inv_credentials_lookup_finish (test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "async-key");
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  /* Byte by byte: the files are binary. */
  for (gsize i = 0; i + strlen (needle) <= length; i++)
    if (memcmp (contents + i, needle, strlen (needle)) == 0)
      return TRUE;

  return FALSE;
}

/* --set-api-key reads stdin; --sync then finds the key in the keyring, and the key
 * appears nowhere but the (encrypted) keyring. */
static void
test_command_line (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" SECRET, NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *path = test_temp_database_path ();
  g_autofree char *wal = NULL;

  g_subprocess_launcher_unsetenv (launcher, "INVITATIONS_API_KEY");

  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("INV_SYNC_RUNNER"),
                                         "--set-api-key", service->url, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, SECRET "\n", NULL, &out, &err, &error);
  g_assert_no_error (error);
  assert_exit (process, 0, err);
  g_assert_null (strstr (out, SECRET));
  g_assert_null (strstr (err, SECRET));
  g_clear_object (&process);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The sync finds the key in the keyring: the service accepts only that key, and
   * the environment has none. (This process's file backend read the keyring file
   * before the other process wrote it, so the check is the sync itself.) */
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("INV_SYNC_RUNNER"),
                                         path, service->url, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  assert_exit (process, 0, err);
  g_assert_true (g_str_has_prefix (out, "pushed 0, pulled 0, conflicts 0, failed 0, waiting 0"));
  g_assert_null (strstr (err, SECRET));

  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (file_contains (path, SECRET));
  wal = g_strconcat (path, "-wal", NULL);
  g_assert_false (file_contains (wal, SECRET));
  /* The keyring file holds it encrypted, not in clear. */
  g_assert_false (file_contains (keyring_path, SECRET));
}

static void
test_command_line_without_key (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=" SECRET, NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *path = test_temp_database_path ();

  /* No key stored for this address and none in the environment: a configuration
   * error. */
  g_subprocess_launcher_unsetenv (launcher, "INVITATIONS_API_KEY");
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("INV_SYNC_RUNNER"),
                                         path, "http://localhost:1", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  assert_exit (process, 1, err);
  g_assert_nonnull (strstr (err, "No API key"));
  g_clear_object (&process);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A wrong key from the environment: an authentication error. */
  g_subprocess_launcher_setenv (launcher, "INVITATIONS_API_KEY", "wrong", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("INV_SYNC_RUNNER"),
                                         path, service->url, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  assert_exit (process, 1, err);
  g_assert_nonnull (strstr (err, "refused the API key"));
  g_clear_object (&process);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A service that cannot be reached: retryable, exit 2, and the summary still. */
  {
    g_autoptr(GSocketListener) listener = g_socket_listener_new ();
    g_autofree char *closed = NULL;
    guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

    g_assert_no_error (error);
    g_socket_listener_close (listener);
    closed = g_strdup_printf ("http://127.0.0.1:%u", port);

    process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("INV_SYNC_RUNNER"),
                                           path, closed, NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
    assert_exit (process, 2, err);
    g_assert_true (g_str_has_prefix (out, "pushed 0, pulled 0, conflicts 0, failed 0, waiting 0"));
    g_assert_nonnull (strstr (err, "Could not reach the service"));
    g_clear_object (&process);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* Plain http to another host is refused before anything is sent. */
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("INV_SYNC_RUNNER"),
                                         path, "http://invites.example.com", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  assert_exit (process, 1, err);
  g_assert_nonnull (strstr (err, "https://"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int status;

  /* A throwaway file keyring, set before libsecret is first used. */
  dir = g_dir_make_tmp ("inv-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  keyring_path = g_build_filename (dir, "keyring", NULL);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring_path, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test-keyring-password", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/credentials/store-and-lookup", test_store_and_lookup);
  g_test_add_func ("/sync/credentials/async", test_async);
  g_test_add_func ("/sync/credentials/command-line", test_command_line);
  g_test_add_func ("/sync/credentials/command-line-without-key", test_command_line_without_key);

  status = g_test_run ();

  g_unlink (keyring_path);
  g_rmdir (dir);
  g_free (keyring_path);

  return status;
}

/* test-cli-key.c: the API key is checked, and never leaks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A key that cannot be sent (a line break, a control character, too long) is refused
 * with a message, never cut. A good key, given on standard input or in
 * INVITATIONS_API_KEY, goes to the service it belongs to and nowhere else: after full
 * syncs (pull, invite, cancel) it is in no file under the test's home (database,
 * -wal, -shm, settings, the keyring file in clear), in nothing the app printed with
 * every debug message on, in no command line, and not at a host a redirect names.
 *
 * libsecret's file backend keeps the keyring in a throwaway file; the settings use
 * the keyfile backend, in the same throwaway home. With every debug message on,
 * GLib prints some on stdout too: the tests look for the lines they expect among
 * them.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "cli-test-http.h"
#include "cli-test-util.h"
#include "inv-credentials.h"
#include "inv-sync-engine.h"
#include "sync-test-util.h"

static char *home;

/* Everything the app printed during the test, to look for the key in at the end. */
static GString *printed;

static char *
make_key (const char *prefix,
          guint       length)
{
  GString *key = g_string_new (prefix);

  while (key->len < length)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_string_append (key, uuid);
    }
  g_string_truncate (key, length);

  return g_string_free (key, FALSE);
}

static gboolean
memory_contains (const char *data,
                 gsize       length,
                 const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (data + i, needle, needle_length) == 0)
      return TRUE;

  return FALSE;
}

/* The key, or a good part of it (a log line cut short, a copy cut to a limit). */
static gboolean
text_leaks (const char *data,
            gsize       length,
            const char *key)
{
  g_autofree char *middle = g_strndup (key + strlen (key) / 2, 24);

  return memory_contains (data, length, key) || memory_contains (data, length, middle);
}

static guint
assert_no_file_holds (const char *dir_path,
                      const char *key)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n_files = 0;

  if (dir == NULL)
    return 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          n_files += assert_no_file_holds (path, key);
          continue;
        }

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_test_message ("checked %s (%zu bytes)", path, length);
      if (text_leaks (contents, length, key))
        g_error ("The API key is in %s", path);
      n_files++;
    }

  return n_files;
}

static Run *
run_logged (const char         *input,
            const char * const *environment,
            const char * const *args)
{
  Run *run;

  g_assert_true (g_strv_length ((char **)args) <= 4);
  run = run_app_with (input, environment, args[0], args[1],
                      args[1] != NULL ? args[2] : NULL,
                      args[1] != NULL && args[2] != NULL ? args[3] : NULL, NULL);
  g_string_append_printf (printed, "%s\n%s\n", run->out, run->err);

  return run;
}

/* Runs a sync, and reads the process's command line (and environment) while it
 * runs: the service answers slowly enough for that. */
static Run *
run_sync_watched (const char         *database_option,
                  const char         *service_option,
                  const char * const *environment,
                  char              **cmdline,
                  char              **process_environment)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *proc = NULL;
  g_autofree char *cmdline_path = NULL;
  g_autofree char *environ_path = NULL;
  gsize length = 0;
  Run *run = g_new0 (Run, 1);

  for (guint i = 0; environment[i] != NULL; i++)
    {
      const char *equals = strchr (environment[i], '=');
      g_autofree char *name = g_strndup (environment[i], equals - environment[i]);

      if (equals[1] == '\0')
        g_subprocess_launcher_unsetenv (launcher, name);
      else
        g_subprocess_launcher_setenv (launcher, name, equals + 1, TRUE);
    }

  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("INVITATIONS_BIN"),
                                         database_option, "--sync", service_option, NULL);
  g_assert_no_error (error);

  proc = g_strdup_printf ("/proc/%s", g_subprocess_get_identifier (process));
  cmdline_path = g_build_filename (proc, "cmdline", NULL);
  environ_path = g_build_filename (proc, "environ", NULL);
  g_assert_true (g_file_get_contents (cmdline_path, cmdline, &length, NULL));
  /* The arguments are NUL-separated: one string to search. */
  for (gsize i = 0; i < length; i++)
    if ((*cmdline)[i] == '\0')
      (*cmdline)[i] = ' ';
  g_test_message ("command line while syncing: %s", *cmdline);
  g_assert_nonnull (strstr (*cmdline, "--sync"));
  g_assert_true (g_file_get_contents (environ_path, process_environment, &length, NULL));
  for (gsize i = 0; i < length; i++)
    if ((*process_environment)[i] == '\0')
      (*process_environment)[i] = '\n';

  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error));
  g_assert_no_error (error);
  run->exit_status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->exit_status, run->out, run->err);
  g_string_append_printf (printed, "%s\n%s\n", run->out, run->err);

  return run;
}

static gint64
query_int (const char *path,
           const char *sql)
{
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_nonnull (database);
  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* Pulls, invites three candidates from a CSV file, cancels one, syncs each time:
 * every kind of request carries the key. Then looks for the key everywhere. */
static void
full_sync_and_search (const char         *name,
                      const char         *key,
                      const char         *stdin_key,
                      const char * const *environment,
                      gboolean            key_in_environment)
{
  g_autofree char *api_key_option = g_strconcat ("--api-key=", key, NULL);
  g_autoptr(TestService) service = test_service_start (api_key_option, "--latency-ms=150", NULL);
  g_autofree char *service_option = g_strconcat ("--service-url=", service->url, NULL);
  g_autofree char *db_name = g_strconcat (name, ".db", NULL);
  g_autofree char *csv_name = g_strconcat (name, ".csv", NULL);
  g_autofree char *path = g_build_filename (home, "data", db_name, NULL);
  g_autofree char *csv = g_build_filename (home, csv_name, NULL);
  g_autofree char *database_option = g_strconcat ("--database=", path, NULL);
  g_autofree char *import_option = g_strconcat ("--import-csv=", csv, NULL);
  g_autofree char *cancel_option = NULL;
  g_autoptr(JsonNode) requests = NULL;
  g_autoptr(JsonNode) keep = NULL;
  g_autoptr(InvDatabase) holder = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  JsonArray *list;
  guint n_api_requests = 0;

  /* Held open while the app works, so that its -wal and -shm stay for the search
   * (the last connection to close removes them). */
  holder = inv_database_open (path, NULL);
  g_assert_nonnull (holder);

  if (stdin_key != NULL)
    {
      const char *args[] = { "--set-api-key", service_option, NULL };
      g_autoptr(Run) run = run_logged (stdin_key, environment, args);

      g_assert_cmpint (run->exit_status, ==, 0);
      g_assert_nonnull (strstr (run->out, "Stored the API key for http://127.0.0.1:"));
    }

  for (guint round = 0; round < 3; round++)
    {
      g_autofree char *cmdline = NULL;
      g_autofree char *process_environment = NULL;
      g_autoptr(Run) run = run_sync_watched (database_option, service_option, environment,
                                             &cmdline, &process_environment);

      g_assert_cmpint (run->exit_status, ==, 0);
      g_assert_false (text_leaks (cmdline, strlen (cmdline), key));
      /* The key given on standard input is in no variable either. */
      if (!key_in_environment)
        g_assert_false (text_leaks (process_environment, strlen (process_environment), key));

      if (round == 0)
        {
          const char *args[] = { database_option, import_option, "--template=Backend Engineer - Screening", NULL };
          g_autoptr(Run) import = NULL;

          g_assert_true (g_file_set_contents (csv,
                                              "Email,First Name,Last Name\n"
                                              "ada@example.org,Ada,Lovelace\n"
                                              "alan@example.org,Alan,Turing\n"
                                              "grace@example.org,Grace,Hopper\n",
                                              -1, NULL));
          import = run_logged (NULL, environment, args);
          g_assert_cmpint (import->exit_status, ==, 0);
          g_assert_nonnull (strstr (import->out, "3 imported"));
        }
      else if (round == 1)
        {
          const char *args[] = { database_option, NULL, "--no-notify", NULL };
          g_autoptr(Run) cancel = NULL;

          g_assert_nonnull (strstr (run->out, "pushed 3,"));
          cancel_option = g_strdup_printf ("--cancel=%" G_GINT64_FORMAT,
                                           query_int (path, "SELECT min(id) FROM invitations WHERE remote_id IS NOT NULL"));
          args[1] = cancel_option;
          cancel = run_logged (NULL, environment, args);
          g_assert_cmpint (cancel->exit_status, ==, 0);
          g_assert_nonnull (strstr (cancel->out, "1 cancelled, 0 skipped"));
        }
      else
        g_assert_nonnull (strstr (run->out, "pushed 1,"));
    }

  /* The search finds the key where it is: the test service's command line. */
  {
    g_autofree char *service_cmdline_path = g_strdup_printf ("/proc/%s/cmdline",
                                                             g_subprocess_get_identifier (service->process));
    g_autofree char *service_cmdline = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (service_cmdline_path, &service_cmdline, &length, NULL));
    g_assert_true (text_leaks (service_cmdline, length, key));
  }

  /* The service got every request with the key: none was refused. */
  requests = test_service_admin (service, "GET", "/admin/requests", NULL);
  list = json_object_get_array_member (json_node_get_object (requests), "requests");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *request = json_array_get_object_element (list, i);

      g_assert_cmpint (json_object_get_int_member (request, "status"), !=, 401);
      n_api_requests++;
    }
  g_assert_cmpuint (n_api_requests, >=, 6);
  g_assert_cmpuint (json_array_get_length (test_service_invitations (service, &keep)), ==, 3);

  /* The database is there, with its -wal while it is used; the search below sees
   * it and everything else under the home. */
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (assert_no_file_holds (home, key), >=, 4);
  g_assert_false (text_leaks (printed->str, printed->len, key));
  /* The debug messages were on: the search above looked at them. */
  g_assert_nonnull (strstr (printed->str, "inv-"));
}

static void
test_never_leaks_from_stdin (void)
{
  g_autofree char *key = make_key ("stdin-leak-check-", 600);
  g_autofree char *input = g_strconcat (key, "\n", NULL);
  const char *environment[] = { "INVITATIONS_API_KEY=", NULL };

  full_sync_and_search ("leak-stdin", key, input, environment, FALSE);

  /* The keyring file holds it, encrypted. */
  g_assert_true (g_file_test (g_getenv ("SECRET_FILE_TEST_PATH"), G_FILE_TEST_EXISTS));
}

static void
test_never_leaks_from_environment (void)
{
  g_autofree char *key = make_key ("environment-leak-check-", 600);
  g_autofree char *variable = g_strconcat ("INVITATIONS_API_KEY=", key, NULL);
  const char *environment[] = { variable, NULL };

  full_sync_and_search ("leak-environment", key, NULL, environment, TRUE);
}

/* A service that redirects elsewhere: the key went to the service's own address,
 * and the other host never sees it. */
static void
test_not_sent_to_redirect_target (void)
{
  g_autofree char *key = make_key ("redirect-leak-check-", 200);
  g_autofree char *variable = g_strconcat ("INVITATIONS_API_KEY=", key, NULL);
  const char *environment[] = { variable, NULL };
  g_autoptr(TinyServer) target = tiny_server_new ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                                  "Content-Length: 2\r\nConnection: close\r\n\r\n[]");
  g_autofree char *target_url = tiny_server_url (target);
  g_autofree char *answer = g_strdup_printf ("HTTP/1.1 302 Found\r\nLocation: %s/v3/tests\r\n"
                                             "Content-Length: 0\r\nConnection: close\r\n\r\n", target_url);
  g_autoptr(TinyServer) redirector = tiny_server_new (answer);
  g_autofree char *url = tiny_server_url (redirector);
  g_autofree char *service_option = g_strconcat ("--service-url=", url, NULL);
  g_autofree char *path = g_build_filename (home, "data", "redirect.db", NULL);
  g_autofree char *database_option = g_strconcat ("--database=", path, NULL);
  g_autofree char *sent_to_service = NULL;
  g_autofree char *sent_to_target = NULL;
  g_autofree char *header = g_strconcat ("X-API-KEY: ", key, NULL);

  {
    g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
    g_assert_nonnull (database);
  }

  {
    const char *args[] = { database_option, "--sync", service_option, NULL };
    g_autoptr(Run) run = run_logged (NULL, environment, args);

    g_assert_cmpint (run->exit_status, !=, 0);
    g_assert_cmpint (run->exit_status, !=, -1);
    g_assert_cmpstr (run->out, !=, "");
  }

  sent_to_service = tiny_server_received (redirector);
  sent_to_target = tiny_server_received (target);
  g_test_message ("to the service:\n%s\nto the other host:\n%s", sent_to_service, sent_to_target);
  g_assert_cmpuint (tiny_server_n_requests (redirector), >, 0);
  g_assert_true (memory_contains (sent_to_service, strlen (sent_to_service), header));
  g_assert_false (text_leaks (sent_to_target, strlen (sent_to_target), key));
  g_assert_false (text_leaks (printed->str, printed->len, key));
}

/* The rules of a key, whatever brings it. */
static void
test_check_key (void)
{
  g_autofree char *longest = make_key ("", INV_CREDENTIALS_MAX_KEY_LENGTH);
  g_autofree char *too_long = make_key ("", INV_CREDENTIALS_MAX_KEY_LENGTH + 1);
  static const struct
  {
    const char *key;
    const char *message;
  } refused[] = {
    { "", "empty" },
    { "secret-part\r\nX-Injected: 1", "line break" },
    { "secret-part\n", "line break" },
    { "secret-part\r", "line break" },
    { "secret-part\tmore", "Character 12 of the API key cannot be sent" },
    { "secret-part\x1b[2J", "Character 12 of the API key cannot be sent" },
    { "secret-part\x7f", "cannot be sent" },
    { "secret-partü", "Character 12 of" },
    { "secret-part\xe2\x80\xae", "Character 12 of" },
    { "secret-part\xff", "Character 12 of" },
    { " secret-part", "starts or ends with a space" },
    { "secret-part ", "starts or ends with a space" },
  };

  g_assert_true (inv_credentials_check_key ("0123-abcd_EFGH.ijkl~!$%&=+/", NULL));
  g_assert_true (inv_credentials_check_key ("with inner space", NULL));
  g_assert_true (inv_credentials_check_key (longest, NULL));

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (inv_credentials_check_key (too_long, &error));
    g_assert_error (error, INV_CREDENTIALS_ERROR, INV_CREDENTIALS_ERROR_INVALID_KEY);
    g_assert_nonnull (strstr (error->message, "too long: at most 4096 characters"));
    g_assert_false (text_leaks (error->message, strlen (error->message), too_long));
  }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (inv_credentials_check_key (refused[i].key, &error));
      g_assert_error (error, INV_CREDENTIALS_ERROR, INV_CREDENTIALS_ERROR_INVALID_KEY);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, refused[i].message));
      /* The message never quotes the key. */
      g_assert_null (strstr (error->message, "secret-part"));
    }
}

/* --set-api-key refuses a key it cannot send, stores nothing, and never cuts one. */
static void
test_set_api_key_refused (void)
{
  g_autofree char *longest = make_key ("longest-", INV_CREDENTIALS_MAX_KEY_LENGTH);
  g_autofree char *too_long = make_key ("too-long-", INV_CREDENTIALS_MAX_KEY_LENGTH + 1);
  g_autofree char *too_long_line = g_strconcat (too_long, "\n", NULL);
  g_autofree char *longest_line = g_strconcat (longest, "\r\n", NULL);
  g_autofree char *endless = NULL;
  g_autofree char *api_key_option = g_strconcat ("--api-key=", longest, NULL);
  g_autoptr(TestService) service = test_service_start (api_key_option, NULL);
  g_autofree char *service_option = g_strconcat ("--service-url=", service->url, NULL);
  g_autofree char *path = g_build_filename (home, "data", "set-key.db", NULL);
  g_autofree char *database_option = g_strconcat ("--database=", path, NULL);
  const char *environment[] = { "INVITATIONS_API_KEY=", NULL };
  const char *set_args[] = { "--set-api-key", service_option, NULL };
  const char *sync_args[] = { database_option, "--sync", service_option, NULL };
  GString *yes = g_string_new (NULL);
  struct
  {
    const char *input;
    const char *message;
  } refused[] = {
    { "secret-part\r\nX-Injected: 1\r\n", "line break" },
    { "secret-part\nsecond-line\n", "line break" },
    { "secret-part\x1b]0;t\x07\n", "cannot be sent" },
    { "secret-part\tmore\n", "cannot be sent" },
    { too_long_line, "too long: at most 4096" },
    { NULL, "too long (more than 4096 characters)" },
    { "\n", "No API key on standard input" },
  };

  /* `yes | invitations --set-api-key`: refused after a few kilobytes. */
  while (yes->len < 1024 * 1024)
    g_string_append (yes, "y\n");
  endless = g_string_free (yes, FALSE);
  refused[5].input = endless;

  {
    g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
    g_assert_nonnull (database);
  }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(Run) run = run_logged (refused[i].input, environment, set_args);

      g_assert_cmpint (run->exit_status, ==, 1);
      g_assert_null (strstr (run->out, "Stored"));
      g_assert_nonnull (strstr (run->err, refused[i].message));
      g_assert_null (strstr (run->err, "secret-part"));
    }

  /* A NUL byte would have ended the key early: refused, not cut there. */
  {
    g_autofree char *file = g_build_filename (home, "key-with-nul", NULL);
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                         G_SUBPROCESS_FLAGS_STDERR_PIPE);
    g_autoptr(GSubprocess) process = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_true (g_file_set_contents (file, "secret-part\0rest\n", 17, NULL));
    g_subprocess_launcher_set_stdin_file_path (launcher, file);
    g_subprocess_launcher_unsetenv (launcher, "INVITATIONS_API_KEY");
    process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("INVITATIONS_BIN"),
                                           "--set-api-key", service_option, NULL);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
    g_assert_no_error (error);
    g_test_message ("stderr: %s", err);
    g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
    g_assert_nonnull (strstr (err, "NUL byte"));
    g_assert_null (strstr (err, "secret-part"));
    g_unlink (file);
  }

  /* Nothing was stored. */
  {
    g_autoptr(Run) run = run_logged (NULL, environment, sync_args);

    g_assert_cmpint (run->exit_status, ==, 1);
    g_assert_nonnull (strstr (run->err, "No API key for"));
  }

  /* The longest key, with a Windows line end, is stored whole: the service accepts
   * only that exact key. */
  {
    g_autoptr(Run) run = run_logged (longest_line, environment, set_args);

    g_assert_cmpint (run->exit_status, ==, 0);
    g_assert_nonnull (strstr (run->out, "Stored the API key"));
  }
  {
    g_autoptr(Run) run = run_logged (NULL, environment, sync_args);

    g_assert_cmpint (run->exit_status, ==, 0);
    g_assert_nonnull (strstr (run->out, "pushed 0, pulled 0"));
  }
}

/* A key in INVITATIONS_API_KEY that cannot be sent stops the sync with a message
 * (instead of a critical and requests without a key); nothing is sent. */
static void
test_environment_key_refused (void)
{
  g_autoptr(TestService) service = test_service_start ("--seed=1", NULL);
  g_autofree char *service_option = g_strconcat ("--service-url=", service->url, NULL);
  g_autofree char *path = g_build_filename (home, "data", "environment-key.db", NULL);
  g_autofree char *database_option = g_strconcat ("--database=", path, NULL);
  g_autofree char *too_long = make_key ("INVITATIONS_API_KEY=secret-part", INV_CREDENTIALS_MAX_KEY_LENGTH + 40);
  const char *sync_args[] = { database_option, "--sync", service_option, NULL };
  struct
  {
    const char *variable;
    const char *message;
  } refused[] = {
    { "INVITATIONS_API_KEY=secret-part\r\nX-Injected: 1", "line break" },
    { "INVITATIONS_API_KEY=secret-part\n", "line break" },
    { "INVITATIONS_API_KEY=secret-part\x1b[2J", "cannot be sent" },
    { too_long, "too long" },
  };
  g_autoptr(JsonNode) requests = NULL;

  {
    g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
    g_assert_nonnull (database);
  }

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      const char *environment[] = { refused[i].variable, NULL };
      g_autoptr(Run) run = run_logged (NULL, environment, sync_args);

      /* Exit 1, not a crash on a critical (G_DEBUG=fatal-criticals). */
      g_assert_cmpint (run->exit_status, ==, 1);
      g_assert_null (strstr (run->out, "pushed"));
      g_assert_nonnull (strstr (run->err, "INVITATIONS_API_KEY holds an API key that cannot be used. "));
      g_assert_nonnull (strstr (run->err, refused[i].message));
      g_assert_null (strstr (run->err, "secret-part"));
    }

  requests = test_service_admin (service, "GET", "/admin/requests", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (requests), "requests")), ==, 0);
}

static gboolean
engine_has_error (gpointer data)
{
  return inv_sync_engine_get_last_error (data) != NULL;
}

/* The window's sync engine says the same of a bad INVITATIONS_API_KEY, rather than
 * that the keyring could not be read. */
static void
test_engine_says_environment_key_refused (void)
{
  g_autofree char *path = g_build_filename (home, "data", "engine.db", NULL);
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
  g_autoptr(InvSyncEngine) engine = NULL;
  g_autoptr(GSettings) settings = NULL;
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    {
      g_test_skip ("The app's settings schema is not built");
      return;
    }

  g_assert_nonnull (database);
  g_setenv ("INVITATIONS_API_KEY", "secret-part\r\nX-Injected: 1", TRUE);
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "service-url", "https://invites.example.com");
  engine = inv_sync_engine_new (database);
  inv_sync_engine_bind_settings (engine, settings);

  while (!engine_has_error (engine) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_unsetenv ("INVITATIONS_API_KEY");

  g_assert_cmpstr (inv_sync_engine_get_last_error (engine), ==,
                   "INVITATIONS_API_KEY holds an API key that cannot be used. "
                   "The API key has a line break; it must be one line.");
  g_settings_reset (settings, "service-url");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *keyring = NULL;
  const char *schema_dir = g_getenv ("INV_TEST_SCHEMA_DIR");
  int status;

  /* One throwaway home for everything the app may write; the processes the test
   * starts inherit it. */
  home = g_dir_make_tmp ("inv-cli-key-XXXXXX", &error);
  g_assert_no_error (error);
  keyring = g_build_filename (home, "keyring", NULL);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test-keyring-password", TRUE);
  for (guint i = 0; i < 4; i++)
    {
      static const char * const variables[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };
      static const char * const dirs[] = { "config", "data", "cache", "state" };
      g_autofree char *dir = g_build_filename (home, dirs[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (variables[i], dir, TRUE);
    }
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  if (schema_dir != NULL && g_file_test (schema_dir, G_FILE_TEST_IS_DIR))
    g_setenv ("GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  printed = g_string_new (NULL);
  /* The app stops reading an endless key early; the test goes on writing. */
  signal (SIGPIPE, SIG_IGN);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/key/check", test_check_key);
  g_test_add_func ("/cli/key/set-api-key-refused", test_set_api_key_refused);
  g_test_add_func ("/cli/key/environment-key-refused", test_environment_key_refused);
  g_test_add_func ("/cli/key/never-leaks-from-stdin", test_never_leaks_from_stdin);
  g_test_add_func ("/cli/key/never-leaks-from-environment", test_never_leaks_from_environment);
  g_test_add_func ("/cli/key/not-sent-to-redirect-target", test_not_sent_to_redirect_target);
  g_test_add_func ("/cli/key/engine-says-environment-key-refused", test_engine_says_environment_key_refused);

  status = g_test_run ();

  if (status == 0)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", home);
      g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
    }
  g_string_free (printed, TRUE);
  g_free (home);

  return status;
}

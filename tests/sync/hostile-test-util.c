/* hostile-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hostile-test-util.h"

/**
 * hostile_service_start:
 * @scenario: how the service answers (see hostile-service.py)
 * @tls: (nullable): "self-signed" or "expired" for https, %NULL for http
 */
HostileService *
hostile_service_start (const char *scenario,
                       const char *tls)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                                         G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *scenario_arg = g_strconcat ("--scenario=", scenario, NULL);
  g_autofree char *tls_arg = g_strconcat ("--tls=", tls != NULL ? tls : "none", NULL);
  g_autofree char *line = NULL;
  HostileService *service = g_new0 (HostileService, 1);

  service->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("INV_PYTHON"),
                                                  g_getenv ("INV_HOSTILE_SERVICE"),
                                                  scenario_arg, tls_arg, "--exit-with-stdin", NULL);
  g_assert_no_error (error);

  /* The service says its port once it listens. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (service->process));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  service->port = (guint)g_ascii_strtoull (line, NULL, 10);
  g_assert_cmpuint (service->port, >, 0);
  service->url = g_strdup_printf ("%s://%s:%u", tls != NULL ? "https" : "http",
                                  tls != NULL ? "localhost" : "127.0.0.1", service->port);

  return service;
}

void
hostile_service_stop (HostileService *service)
{
  if (service == NULL)
    return;

  g_subprocess_send_signal (service->process, SIGTERM);
  g_subprocess_wait (service->process, NULL, NULL);
  g_object_unref (service->process);
  g_free (service->url);
  g_free (service);
}

/* What the service counted: requests, paths, bytes sent, requests its redirect
 * target received (with their headers). */
JsonObject *
hostile_service_stats (HostileService *service)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/control/stats", service->port);

  g_assert_cmpstr (g_uri_peek_scheme (service->url), ==, "http");
  msg = soup_message_new ("GET", url);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

gint64
hostile_service_requests (HostileService *service)
{
  g_autoptr(JsonObject) stats = hostile_service_stats (service);

  return json_object_get_int_member (stats, "requests");
}

static char *
read_all (int fd)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  lseek (fd, 0, SEEK_SET);
  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (text, buffer, n);
  close (fd);

  return g_string_free (text, FALSE);
}

static int
temp_fd (void)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("hostile-sync-XXXXXX", &path, NULL);

  g_assert_cmpint (fd, >=, 0);
  unlink (path);

  return fd;
}

/**
 * sync_process_run:
 *
 * Runs `invitations --sync` (the sync runner: the same code path) against @url and
 * waits for it to end, measuring its peak memory.
 */
SyncProcess *
sync_process_run (const char *database_path,
                  const char *url,
                  const char *api_key)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { g_getenv ("INV_SYNC_RUNNER"), database_path, url, NULL };
  SyncProcess *process = g_new0 (SyncProcess, 1);
  int out = temp_fd ();
  int err = temp_fd ();
  gint64 start = g_get_monotonic_time ();
  struct rusage usage;
  GPid pid;

  env = g_environ_setenv (env, "INVITATIONS_API_KEY", api_key, TRUE);
  env = g_environ_unsetenv (env, "G_MESSAGES_DEBUG");

  g_spawn_async_with_pipes_and_fds (NULL, argv, (const char * const *)env,
                                    G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                    -1, out, err, NULL, NULL, 0,
                                    &pid, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  while (wait4 (pid, &process->wait_status, 0, &usage) < 0)
    g_assert_cmpint (errno, ==, EINTR);
  g_spawn_close_pid (pid);

  process->elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  process->max_rss_kb = usage.ru_maxrss;
  process->out = read_all (out);
  process->err = read_all (err);
  g_test_message ("sync: status %d, %" G_GINT64_FORMAT " ms, %" G_GINT64_FORMAT " kB; out: %s; err: %s",
                  process->wait_status, process->elapsed_ms, process->max_rss_kb, process->out, process->err);

  return process;
}

void
sync_process_free (SyncProcess *process)
{
  g_free (process->out);
  g_free (process->err);
  g_free (process);
}

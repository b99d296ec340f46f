/* cli-test-http.c: a one-answer HTTP server, for what the real test service will not do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cli-test-http.h"

struct _TinyServer
{
  GSocketListener *listener;
  GCancellable   *stop;
  GThread        *thread;
  guint16         port;
  char           *answer;
  GMutex          lock;
  GString        *received;  /* the heads of the requests, one after the other */
  guint           n_requests;
};

static void
serve (TinyServer        *server,
       GSocketConnection *connection)
{
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) head = g_string_new (NULL);

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);

      if (line == NULL)
        return;
      g_string_append_printf (head, "%s\n", line);
      if (line[0] == '\0' || g_str_equal (line, "\r"))
        break;
    }

  g_mutex_lock (&server->lock);
  g_string_append (server->received, head->str);
  server->n_requests++;
  g_mutex_unlock (&server->lock);

  g_output_stream_write_all (out, server->answer, strlen (server->answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

/* Accepts on a thread of its own: the test's main thread waits for the app. */
static gpointer
accept_thread (gpointer user_data)
{
  TinyServer *server = user_data;

  for (;;)
    {
      g_autoptr(GSocketConnection) connection = g_socket_listener_accept (server->listener, NULL,
                                                                          server->stop, NULL);

      if (connection == NULL)
        return NULL;
      serve (server, connection);
    }
}

TinyServer *
tiny_server_new (const char *answer)
{
  TinyServer *server = g_new0 (TinyServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&server->lock);
  server->answer = g_strdup (answer);
  server->received = g_string_new (NULL);
  server->listener = g_socket_listener_new ();
  server->stop = g_cancellable_new ();
  g_assert_true (g_socket_listener_add_address (server->listener, address,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &bound, &error));
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  server->thread = g_thread_new ("tiny-server", accept_thread, server);

  return server;
}

void
tiny_server_free (TinyServer *server)
{
  g_cancellable_cancel (server->stop);
  g_thread_join (server->thread);
  g_socket_listener_close (server->listener);
  g_object_unref (server->listener);
  g_object_unref (server->stop);
  g_string_free (server->received, TRUE);
  g_free (server->answer);
  g_mutex_clear (&server->lock);
  g_free (server);
}

char *
tiny_server_url (TinyServer *server)
{
  return g_strdup_printf ("http://127.0.0.1:%u", server->port);
}

guint16
tiny_server_port (TinyServer *server)
{
  return server->port;
}

char *
tiny_server_received (TinyServer *server)
{
  char *copy;

  g_mutex_lock (&server->lock);
  copy = g_strdup (server->received->str);
  g_mutex_unlock (&server->lock);

  return copy;
}

guint
tiny_server_n_requests (TinyServer *server)
{
  guint n;

  g_mutex_lock (&server->lock);
  n = server->n_requests;
  g_mutex_unlock (&server->lock);

  return n;
}

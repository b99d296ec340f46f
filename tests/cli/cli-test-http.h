/* cli-test-http.h: a one-answer HTTP server, for what the real test service will not do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Answers every request on 127.0.0.1 with the same raw HTTP answer, from a thread of
 * its own (so a test may wait for the app synchronously), and keeps the head of
 * every request it got. */
typedef struct _TinyServer TinyServer;

TinyServer *tiny_server_new        (const char *answer);
void        tiny_server_free       (TinyServer *server);
char       *tiny_server_url        (TinyServer *server);
guint16     tiny_server_port       (TinyServer *server);
char       *tiny_server_received   (TinyServer *server);
guint       tiny_server_n_requests (TinyServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TinyServer, tiny_server_free)

G_END_DECLS

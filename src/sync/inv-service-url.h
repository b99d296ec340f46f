/* inv-service-url.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  inv_service_url_host_is_loopback (const char  *host);
char     *inv_service_url_normalize        (const char  *url,
                                            GError     **error);

G_END_DECLS

/* inv-cli-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the command-line commands share: reading their options and saying why they
 * stop.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

int         _inv_cli_fail          (const char   *format,
                                    ...) G_GNUC_PRINTF (1, 2);
const char *_inv_cli_lookup_string (GVariantDict *options,
                                    const char   *name);
gboolean    _inv_cli_lookup_flag   (GVariantDict *options,
                                    const char   *name);

G_END_DECLS

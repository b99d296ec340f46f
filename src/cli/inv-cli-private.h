/* inv-cli-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the command-line commands share: reading their options, saying why they
 * stop, and printing text from outside safely.
 */

#pragma once

#include <gio/gio.h>
#include <stdio.h>

G_BEGIN_DECLS

int         _inv_cli_fail          (const char   *format,
                                    ...) G_GNUC_PRINTF (1, 2);
const char *_inv_cli_lookup_string (GVariantDict *options,
                                    const char   *name);
gboolean    _inv_cli_lookup_flag   (GVariantDict *options,
                                    const char   *name);

char       *_inv_cli_escape                (const char *text,
                                            gboolean    keep_newlines);
void        _inv_cli_print_escaped         (gboolean    to_stderr,
                                            const char *format,
                                            ...) G_GNUC_PRINTF (2, 3);
FILE       *_inv_cli_open_escaping_stream  (FILE       *out,
                                            gboolean    json);

G_END_DECLS

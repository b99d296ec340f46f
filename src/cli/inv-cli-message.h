/* inv-cli-message.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

int      inv_cli_message_handle_options (GVariantDict *options,
                                         const char   *database_path);

G_END_DECLS

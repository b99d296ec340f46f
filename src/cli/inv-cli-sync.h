/* inv-cli-sync.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "inv-credentials.h"

#include <gio/gio.h>

G_BEGIN_DECLS

/* Exit status of --sync when retryable work is left: run it again. */
#define INV_CLI_EXIT_SYNC_WAITING 2

/* The environment variable that holds the API key when the keyring has none. */
#define INV_CLI_API_KEY_VARIABLE INV_CREDENTIALS_KEY_VARIABLE

int      inv_cli_sync_handle_options (GVariantDict *options,
                                      const char   *database_path);

int      inv_cli_sync_run            (const char   *database_path,
                                      const char   *service_url);
int      inv_cli_sync_set_api_key    (const char   *service_url);

G_END_DECLS

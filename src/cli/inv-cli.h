/* inv-cli.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Exit statuses of the command-line commands. */
#define INV_CLI_EXIT_OK      0
#define INV_CLI_EXIT_FAILURE 1

/* Returned by inv_cli_handle_options() when the options ask for the window. */
#define INV_CLI_CONTINUE (-1)

void inv_cli_add_options    (GApplication  *application);
int  inv_cli_handle_options (GVariantDict  *options,
                             char         **database_path);

G_END_DECLS

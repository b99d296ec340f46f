/* inv-sync-runner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `inv-sync-runner DATABASE URL` does what `invitations --database=DATABASE --sync
 * --service-url=URL` does, and `inv-sync-runner --set-api-key URL` what
 * `invitations --set-api-key --service-url=URL` does, through the same functions, in
 * a program without the window's libraries: the reliability tests run it again and
 * again and kill it.
 */

#include "config.h"

#include <locale.h>

#include "inv-cli-sync.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");

  if (argc == 3 && g_str_equal (argv[1], "--set-api-key"))
    return inv_cli_sync_set_api_key (argv[2]);

  if (argc != 3)
    {
      g_printerr ("usage: %s DATABASE SERVICE-URL\n"
                  "       %s --set-api-key SERVICE-URL < key\n", argv[0], argv[0]);
      return 1;
    }

  return inv_cli_sync_run (argv[1], argv[2]);
}

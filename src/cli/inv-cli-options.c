/* inv-cli-options.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-cli"

#include "config.h"

#include "inv-cli.h"
#include "inv-cli-private.h"

/**
 * _inv_cli_fail:
 *
 * Says on standard error why a command stops, as `invitations: …`. The message is
 * one line; control characters in it (from a file name, a CSV file or the service)
 * are printed as visible escapes.
 *
 * Returns: %INV_CLI_EXIT_FAILURE, for the command to return
 */
int
_inv_cli_fail (const char *format,
               ...)
{
  g_autofree char *message = NULL;
  g_autofree char *escaped = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  escaped = _inv_cli_escape (message, FALSE);
  g_printerr ("invitations: %s\n", escaped);

  return INV_CLI_EXIT_FAILURE;
}

/**
 * _inv_cli_lookup_string:
 *
 * Returns: (transfer none) (nullable): the value of the string option @name, or
 *   %NULL when it was not given
 */
const char *
_inv_cli_lookup_string (GVariantDict *options,
                        const char   *name)
{
  const char *value = NULL;

  if (!g_variant_dict_lookup (options, name, "&s", &value))
    return NULL;

  return value;
}

/**
 * _inv_cli_lookup_flag:
 *
 * Returns: %TRUE if the flag @name was given (and not as `--name=false`)
 */
gboolean
_inv_cli_lookup_flag (GVariantDict *options,
                      const char   *name)
{
  gboolean value = FALSE;

  return g_variant_dict_lookup (options, name, "b", &value) && value;
}

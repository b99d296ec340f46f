/* inv-cli-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * --set-company and --set-signature: the two settings the cancellation email fills
 * in for {company} and {signature}, so a script can set up a database that
 * cancels with the email on.
 */

#define G_LOG_DOMAIN "inv-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "inv-cli-message.h"
#include "inv-cli-private.h"
#include "inv-cli.h"
#include "inv-database.h"
#include "inv-message-template.h"

/* A shell passes a newline only with some effort ($'…'); the two characters "\n"
 * stand for one too, and "\\" for a backslash. */
static char *
unescape_newlines (const char *text)
{
  GString *result = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] == 'n')
        {
          g_string_append_c (result, '\n');
          p++;
        }
      else if (p[0] == '\\' && p[1] == '\\')
        {
          g_string_append_c (result, '\\');
          p++;
        }
      else
        g_string_append_c (result, *p);
    }

  return g_string_free (result, FALSE);
}

/**
 * inv_cli_message_handle_options:
 *
 * Stores the values of --set-company and --set-signature in the database; an
 * empty value unsets the setting.
 *
 * Returns: the exit status
 */
int
inv_cli_message_handle_options (GVariantDict *options,
                                const char   *database_path)
{
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *stored_company = NULL;
  g_autofree char *stored_signature = NULL;
  const char *company = _inv_cli_lookup_string (options, "set-company");
  const char *signature_text = _inv_cli_lookup_string (options, "set-signature");

  g_return_val_if_fail (options != NULL, INV_CLI_EXIT_FAILURE);
  g_return_val_if_fail (database_path != NULL, INV_CLI_EXIT_FAILURE);

  if (!g_file_test (database_path, G_FILE_TEST_EXISTS))
    return _inv_cli_fail (_("There is no database at “%s”"), database_path);

  database = inv_database_open (database_path, &error);
  if (database == NULL)
    return _inv_cli_fail ("%s", error->message);

  if (company != NULL)
    {
      if (!inv_message_template_set_company (database, company, &error))
        return _inv_cli_fail (_("Could not store the company name: %s"), error->message);

      stored_company = inv_message_template_get_company (database);
      if (stored_company != NULL)
        {
          g_autofree char *escaped = _inv_cli_escape (stored_company, FALSE);
          g_print (_("Company name: %s\n"), escaped);
        }
      else
        g_print (_("Company name: not set\n"));
    }

  if (signature_text != NULL)
    {
      signature = unescape_newlines (signature_text);
      if (!inv_message_template_set_signature (database, signature, &error))
        return _inv_cli_fail (_("Could not store the signature: %s"), error->message);

      stored_signature = inv_message_template_get_signature (database);
      if (stored_signature != NULL)
        {
          g_autofree char *escaped = _inv_cli_escape (stored_signature, TRUE);
          g_print (_("Signature:\n%s\n"), escaped);
        }
      else
        g_print (_("Signature: not set\n"));
    }

  return INV_CLI_EXIT_OK;
}

/* inv-cli-cancel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `invitations --cancel=ID[,ID…]` and `--cancel-matching` with the --list filters:
 * the same rules as the window (only pending invitations are cancelled, the others
 * are skipped with their reason), without a grace period.
 */

#define G_LOG_DOMAIN "inv-cli-cancel"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "inv-cancel.h"
#include "inv-cli.h"
#include "inv-cli-private.h"
#include "inv-message-template.h"
#include "inv-cli-cancel.h"
#include "inv-database-invitations.h"
#include "inv-status.h"

/* "12,13, 14": every item a positive invitation id. Anything else is refused as a
 * whole, so that a typo never cancels part of a list. */
static GArray *
parse_ids (const char  *text,
           GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(GStrv) items = g_strsplit (text, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      char *item = g_strstrip (items[i]);
      guint64 id = 0;

      if (!g_ascii_string_to_unsigned (item, 10, 1, G_MAXINT64, &id, NULL))
        {
          if (*item == '\0')
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("--cancel needs invitation ids separated by commas; “%s” has an empty item"),
                         text);
          else
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("--cancel needs invitation ids separated by commas; “%s” is not an invitation id"),
                         item);
          return NULL;
        }

      g_array_append_val (ids, id);
    }

  return g_steal_pointer (&ids);
}

static char *
list_of_reasons (void)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < INV_N_CANCEL_REASONS; i++)
    {
      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, inv_cancel_reason_to_string (i));
    }

  return g_string_free (list, FALSE);
}

/* One line per invitation left alone, in id order (unknown ids among them), then the
 * total. Scripts read these lines. */
static void
print_result (const InvCancelResult *result)
{
  guint s = 0;
  guint u = 0;

  while (s < result->skipped->len || u < result->unknown_ids->len)
    {
      const InvCancelSkipped *skipped = s < result->skipped->len
        ? &g_array_index (result->skipped, InvCancelSkipped, s) : NULL;
      gint64 unknown = u < result->unknown_ids->len ? g_array_index (result->unknown_ids, gint64, u) : 0;

      if (skipped != NULL && (u >= result->unknown_ids->len || skipped->id < unknown))
        {
          /* Not translated: scripts parse "skipped ID:"; only the reason is. */
          _inv_cli_print_escaped (FALSE, "skipped %" G_GINT64_FORMAT ": %s", skipped->id, skipped->why_not);
          s++;
        }
      else
        {
          g_print ("skipped %" G_GINT64_FORMAT ": %s\n", unknown, _("There is no such invitation"));
          u++;
        }
    }

  /* Not translated: scripts parse this last line, "N cancelled, M skipped". */
  g_print ("%u cancelled, %u skipped\n", result->n_cancelled, result->n_skipped + result->n_unknown);
}

/**
 * inv_cli_cancel_handle_options:
 * @options: the parsed command line, with --cancel or --cancel-matching
 * @database_path: the database to change
 *
 * Runs --cancel or --cancel-matching. Bad input (a malformed id list, an unknown
 * reason or status, a filter without --cancel-matching) is refused before the
 * database is opened, so nothing changes.
 *
 * Returns: the exit status
 */
int
inv_cli_cancel_handle_options (GVariantDict *options,
                               const char   *database_path)
{
  g_autoptr(InvInvitationQuery) query = NULL;
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(InvCancelResult) result = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids_text = _inv_cli_lookup_string (options, "cancel");
  const char *reason_name = _inv_cli_lookup_string (options, "reason");
  const char *status = _inv_cli_lookup_string (options, "status");
  const char *template_name = _inv_cli_lookup_string (options, "template");
  const char *search = _inv_cli_lookup_string (options, "search");
  gboolean matching = _inv_cli_lookup_flag (options, "cancel-matching");
  gboolean filtered = status != NULL || template_name != NULL || search != NULL;
  InvCancelOptions cancel_options;

  g_return_val_if_fail (options != NULL, INV_CLI_EXIT_FAILURE);
  g_return_val_if_fail (database_path != NULL, INV_CLI_EXIT_FAILURE);

  inv_cancel_options_init (&cancel_options);
  /* No undo on the command line: the cancel is ready for the next sync at once. */
  cancel_options.grace_seconds = 0;

  /* inv_cli_handle_options() has made sure that exactly one of the two is given,
   * and the filters only with --cancel-matching. */
  g_assert ((ids_text != NULL) != matching);
  g_assert (matching || !filtered);

  /* "All matching" with no filter at all would be every invitation: ask for it
   * explicitly rather than cancel everything by accident. */
  if (matching && !filtered)
    return _inv_cli_fail (_("--cancel-matching needs at least one of --status, --template or --search "
                   "(to cancel every pending invitation, add --status=pending)"));

  if (status != NULL && inv_status_from_string (status) == INV_STATUS_UNKNOWN)
    return _inv_cli_fail (_("Unknown status “%s”"), status);

  if (reason_name != NULL && !inv_cancel_reason_from_string (reason_name, &cancel_options.reason))
    {
      g_autofree char *reasons = list_of_reasons ();
      return _inv_cli_fail (_("Unknown reason “%s”; use one of: %s"), reason_name, reasons);
    }

  /* Interviewers of a live interview are still told: they would otherwise wait for a
   * candidate who will not come. */
  cancel_options.notify_candidate = !_inv_cli_lookup_flag (options, "no-notify");

  if (ids_text != NULL)
    {
      ids = parse_ids (ids_text, &error);
      if (ids == NULL)
        return _inv_cli_fail ("%s", error->message);
    }

  if (!g_file_test (database_path, G_FILE_TEST_EXISTS))
    return _inv_cli_fail (_("There is no database at “%s”"), database_path);

  database = inv_database_open (database_path, &error);
  if (database == NULL)
    return _inv_cli_fail ("%s", error->message);

  if (matching)
    {
      query = inv_invitation_query_new ();
      inv_invitation_query_set_status (query, status);
      inv_invitation_query_set_search (query, search);
      if (template_name != NULL &&
          !inv_database_template_exists (database, template_name, &query->template_id))
        return _inv_cli_fail (_("There is no interview template “%s”"), template_name);

      result = inv_cancel_apply_matching (database, query, &cancel_options, NULL, NULL, NULL, &error);
    }
  else
    result = inv_cancel_apply (database, (const gint64 *)(gpointer)ids->data, ids->len,
                               &cancel_options, NULL, NULL, NULL, &error);

  /* The preferences the core speaks of are, here, two options. */
  if (result == NULL && g_error_matches (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_MISSING_SETTING))
    return _inv_cli_fail (_("Could not cancel: %s. Set them with --set-company and --set-signature, "
                            "or cancel without the email (--no-notify)."), error->message);

  if (result == NULL)
    return _inv_cli_fail (_("Could not cancel: %s"), error->message);

  print_result (result);

  return INV_CLI_EXIT_OK;
}

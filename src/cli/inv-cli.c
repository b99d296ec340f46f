/* inv-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inv-cli.h"
#include "inv-cli-private.h"
#include "inv-cli-cancel.h"
#include "inv-cli-import.h"
#include "inv-cli-message.h"
#include "inv-cli-sync.h"
#include "inv-database.h"
#include "inv-database-invitations.h"
#include "inv-export.h"
#include "inv-sample-data.h"
#include "inv-status.h"

/* The command-line interface is a stable interface that scripts and tests rely on:
 * every command runs without a display, prints its result on stdout and its
 * problems on stderr, and exits non-zero when it could not do what was asked. */

static const GOptionEntry option_entries[] = {
  { "database", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use this database file instead of the default one"), N_("PATH") },
  /* A string, not an integer option: GApplication drops integer options equal to 0,
   * and "--sample-data=0" deserves an answer rather than a window. */
  { "sample-data", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Add N sample invitations to the database and exit"), N_("N") },
  { "list", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the matching invitations and exit"), NULL },
  { "status", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Only invitations with this status (pending, in_progress, completed, expired, cancelled, test_left, terminated)"),
    N_("STATUS") },
  { "template", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Only invitations to this interview template (name or id)"), N_("NAME") },
  { "search", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Only invitations whose candidate name or email contains TEXT"), N_("TEXT") },
  { "format", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Output format of --list: csv (default; a value a spreadsheet would run as a formula starts with ') or json"),
    N_("FORMAT") },
  { "import-csv", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Invite every candidate of a CSV file (First Name, Last Name, Email, Phone) to --template and exit"),
    N_("FILE") },
  { "duration-days", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --import-csv: days the invitations stay valid (default: the template's)"), N_("N") },
  { "cancel", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Cancel these invitations (only pending ones; the others are skipped) and exit"),
    N_("ID[,ID…]") },
  { "cancel-matching", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Cancel every pending invitation that --status, --template and --search match, and exit"), NULL },
  { "reason", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Why they are cancelled, as the email says: not_stated (default: the email gives no reason), "
       "candidate_withdrew, sent_by_mistake, position_filled, pipeline_cleanup or other"),
    N_("REASON") },
  { "no-notify", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Do not send the candidates a cancellation email"), NULL },
  { "set-company", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Store the company name that cancellation emails name ({company}) and exit; empty unsets it"),
    N_("TEXT") },
  { "set-signature", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Store the signature that ends cancellation emails ({signature}; \\n starts a new line) and exit; "
       "empty unsets it"),
    N_("TEXT") },
  { "sync", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Send queued changes to --service-url, fetch its changes, print a summary and exit"), NULL },
  { "set-api-key", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Read the API key of --service-url from standard input, keep it in the keyring and exit"), NULL },
  { "service-url", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The invitation service for --sync and --set-api-key"), N_("URL") },
  { "restrict-permissions", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Make the database, its companion files and the app's data folder readable by you only, and exit"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

void
inv_cli_add_options (GApplication *application)
{
  g_return_if_fail (G_IS_APPLICATION (application));

  g_application_add_main_option_entries (application, option_entries);
  g_application_set_option_context_parameter_string (application, NULL);
  g_application_set_option_context_summary (application,
                                            _("Invite candidates to interviews and assessments, and cancel invitations safely."));
}

static char *
lookup_path (GVariantDict *options,
             const char   *name)
{
  const char *value = NULL;

  if (!g_variant_dict_lookup (options, name, "^&ay", &value) || value == NULL || *value == '\0')
    return NULL;

  return g_strdup (value);
}

static char *
list_of_statuses (void)
{
  GString *list = g_string_new (NULL);

  for (guint i = 1; i < INV_N_STATUSES; i++)
    {
      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, inv_status_to_string (i));
    }

  return g_string_free (list, FALSE);
}

/* Opens the database a command reads; a file that does not exist is an error rather
 * than a new, empty database, so a mistyped path is noticed. */
static InvDatabase *
open_existing (const char  *path,
               GError     **error)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND,
                   _("There is no database at “%s”"), path);
      return NULL;
    }

  return inv_database_open (path, error);
}

/* The database holds candidates' personal data: say so when other accounts may read
 * it, with the one command that fixes it. */
static void
warn_if_exposed (const char *path)
{
  g_autoptr(GPtrArray) exposed = inv_database_find_exposed_files (path);
  g_autofree char *option = NULL;
  g_autofree char *quoted = NULL;

  if (exposed->len == 0)
    return;

  option = g_strconcat ("--database=", path, NULL);
  quoted = g_shell_quote (option);
  _inv_cli_print_escaped (TRUE, _("invitations: other accounts on this computer can read “%s”; to make it private, run: invitations %s --restrict-permissions"),
                          (const char *)exposed->pdata[0], quoted);
}

static int
restrict_permissions_command (GVariantDict *options,
                              const char   *path)
{
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return _inv_cli_fail (_("There is no database at “%s”"), path);

  if (!inv_database_restrict_access (path, &error))
    return _inv_cli_fail ("%s", error->message);

  _inv_cli_print_escaped (FALSE, _("Only you can read “%s” now"), path);

  return INV_CLI_EXIT_OK;
}

static void
print_sample_progress (guint64  done,
                       guint64  total,
                       gpointer user_data)
{
  /* The numbers are formatted apart so the message can be extracted for translation. */
  g_autofree char *done_text = g_strdup_printf ("%'" G_GUINT64_FORMAT, done);
  g_autofree char *total_text = g_strdup_printf ("%'" G_GUINT64_FORMAT, total);

  g_printerr ("\r");
  g_printerr (_("Adding sample invitations: %s of %s"), done_text, total_text);
  if (done == total)
    g_printerr ("\n");
}

static int
run_sample_data (const char *path,
                 const char *count)
{
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[INV_N_STATUSES];
  g_autoptr(InvInvitationQuery) all = inv_invitation_query_new ();
  g_autofree char *shown_path = _inv_cli_escape (path, FALSE);
  guint32 seed;
  guint64 existing = 0;
  guint64 n = 0;

  /* The demo rows are drawn in memory before they are written in sent order. */
  if (!g_ascii_string_to_unsigned (count, 10, 1, 10000000, &n, NULL))
    return _inv_cli_fail (_("--sample-data needs a number of invitations from 1 to 10000000, not “%s”"), count);

  database = inv_database_open (path, &error);
  if (database == NULL)
    return _inv_cli_fail ("%s", error->message);

  /* A new seed for each addition, so adding twice does not repeat the same rows. */
  if (!inv_database_count_by_status (database, all, counts, &error))
    return _inv_cli_fail ("%s", error->message);
  for (guint i = 0; i < INV_N_STATUSES; i++)
    existing += counts[i];
  seed = (guint32)(20261122u + existing);

  if (!inv_sample_data_add (database, n, seed,
                            isatty (STDERR_FILENO) ? print_sample_progress : NULL, NULL,
                            &error))
    return _inv_cli_fail (_("Could not add sample invitations: %s"), error->message);

  g_print (g_dngettext (GETTEXT_PACKAGE, "Added %'lu sample invitation to %s\n",
                        "Added %'lu sample invitations to %s\n", (gulong)n),
           (gulong)n, shown_path);

  return INV_CLI_EXIT_OK;
}

static int
run_list (const char         *path,
          InvInvitationQuery *query,
          InvExportFormat     format)
{
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  static char buffer[1 << 16];
  FILE *out;
  gboolean written;

  database = open_existing (path, &error);
  if (database == NULL)
    return _inv_cli_fail ("%s", error->message);

  warn_if_exposed (path);
  if (inv_database_is_disk_full (database))
    g_printerr (_("invitations: the disk is full: “%s” can be listed and exported, but nothing in it can be changed until you free some space\n"),
                path);
  else if (inv_database_is_read_only (database))
    g_printerr (_("invitations: “%s” is read-only: it can be listed and exported, but nothing in it can be changed\n"),
                path);

  if (query->template_name != NULL &&
      !inv_database_template_exists (database, query->template_name, &query->template_id))
    return _inv_cli_fail (_("There is no interview template “%s”"), query->template_name);
  inv_invitation_query_set_template_name (query, NULL);

  /* Names and emails may come from a CSV file or the service: their control
   * characters are escaped on the way out, so that printing the list on a terminal
   * cannot change it (see inv-cli-escape.c). */
  out = _inv_cli_open_escaping_stream (stdout, format == INV_EXPORT_JSON);
  setvbuf (out, buffer, _IOFBF, sizeof buffer);

  written = inv_export_invitations (database, query, format, out, &error);
  if (fclose (out) != 0 && written)
    {
      written = FALSE;
      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Could not write the list: %s"), g_strerror (errno));
    }
  if (!written)
    return _inv_cli_fail ("%s", error->message);

  return INV_CLI_EXIT_OK;
}

static int
list_command (GVariantDict *options,
              const char   *path)
{
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  const char *status = _inv_cli_lookup_string (options, "status");
  const char *format_name = _inv_cli_lookup_string (options, "format");
  InvExportFormat format = INV_EXPORT_CSV;

  if (status != NULL && inv_status_from_string (status) == INV_STATUS_UNKNOWN)
    {
      g_autofree char *statuses = list_of_statuses ();
      return _inv_cli_fail (_("Unknown status “%s”; use one of: %s"), status, statuses);
    }

  if (format_name != NULL && !inv_export_format_from_string (format_name, &format))
    return _inv_cli_fail (_("Unknown format “%s”; use csv or json"), format_name);

  inv_invitation_query_set_status (query, status);
  inv_invitation_query_set_template_name (query, _inv_cli_lookup_string (options, "template"));
  inv_invitation_query_set_search (query, _inv_cli_lookup_string (options, "search"));

  return run_list (path, query, format);
}

static int
sample_data_command (GVariantDict *options,
                     const char   *path)
{
  return run_sample_data (path, _inv_cli_lookup_string (options, "sample-data"));
}

typedef int (*CommandFunc) (GVariantDict *options,
                            const char   *database_path);

/* The options that each name a command. One command runs at a time: two given
 * together are refused rather than one of them silently left out, except where
 * @joins names the one other command a command goes with. A new command is one
 * more row here (and its entry in option_entries). */
typedef struct
{
  const char  *option;
  const char  *joins;  /* nullable */
  CommandFunc  run;
} Command;

static const Command commands[] = {
  { "list", NULL, list_command },
  { "sample-data", NULL, sample_data_command },
  { "cancel", NULL, inv_cli_cancel_handle_options },
  { "cancel-matching", NULL, inv_cli_cancel_handle_options },
  { "import-csv", NULL, inv_cli_import_handle_options },
  { "sync", NULL, inv_cli_sync_handle_options },
  { "set-api-key", NULL, inv_cli_sync_handle_options },
  { "set-company", "set-signature", inv_cli_message_handle_options },
  { "set-signature", "set-company", inv_cli_message_handle_options },
  { "restrict-permissions", NULL, restrict_permissions_command },
};

/* The options that only change what a command does, with the commands they go
 * with; given with no command or another one, they are refused rather than
 * ignored. (--database goes with every command, and with the window.) */
typedef struct
{
  const char *option;
  const char *commands[4];
  const char *hint;
} Modifier;

static const Modifier modifiers[] = {
  { "status", { "list", "cancel-matching" },
    N_("--status, --template and --search filter --list and choose what --cancel-matching cancels") },
  { "search", { "list", "cancel-matching" },
    N_("--status, --template and --search filter --list and choose what --cancel-matching cancels") },
  { "template", { "list", "cancel-matching", "import-csv" },
    N_("--template filters --list and --cancel-matching, and names the template --import-csv invites to") },
  { "format", { "list" },
    N_("--format applies to --list") },
  { "duration-days", { "import-csv" },
    N_("--duration-days applies to --import-csv") },
  { "reason", { "cancel", "cancel-matching" },
    N_("--reason and --no-notify apply to --cancel or --cancel-matching") },
  { "no-notify", { "cancel", "cancel-matching" },
    N_("--reason and --no-notify apply to --cancel or --cancel-matching") },
  { "service-url", { "sync", "set-api-key" },
    N_("--service-url goes with --sync or --set-api-key") },
};

/* Whether an option was given: a flag only when it is on (not --flag=false). */
static gboolean
option_given (GVariantDict *options,
              const char   *name)
{
  g_autoptr(GVariant) value = g_variant_dict_lookup_value (options, name, NULL);

  if (value == NULL)
    return FALSE;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return g_variant_get_boolean (value);

  return TRUE;
}

static gboolean
modifier_goes_with (const Modifier *modifier,
                    const char     *command)
{
  for (guint i = 0; i < G_N_ELEMENTS (modifier->commands) && modifier->commands[i] != NULL; i++)
    if (g_str_equal (modifier->commands[i], command))
      return TRUE;

  return FALSE;
}

/* Finds the one command @options name. Returns %FALSE, having said why, when they
 * name two that do not go together, or give an option that does not go with the
 * command (or with the window). */
static gboolean
find_command (GVariantDict   *options,
              const Command **found)
{
  const Command *command = NULL;

  *found = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!option_given (options, commands[i].option))
        continue;

      if (command == NULL)
        command = &commands[i];
      else if (g_strcmp0 (command->joins, commands[i].option) != 0)
        {
          _inv_cli_fail (_("Choose one of --%s and --%s: they are separate commands, run one after the other"),
                         command->option, commands[i].option);
          return FALSE;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    {
      const Modifier *modifier = &modifiers[i];

      if (!option_given (options, modifier->option))
        continue;

      if (command == NULL)
        {
          /* TRANSLATORS: the first %s says which commands the option goes with */
          _inv_cli_fail (_("%s: add the command, or leave --%s out"), _(modifier->hint), modifier->option);
          return FALSE;
        }

      if (!modifier_goes_with (modifier, command->option))
        {
          /* TRANSLATORS: the last %s says which commands the option goes with */
          _inv_cli_fail (_("--%s does not go with --%s: %s"), modifier->option, command->option, _(modifier->hint));
          return FALSE;
        }
    }

  *found = command;

  return TRUE;
}

/**
 * inv_cli_handle_options:
 * @options: the parsed command line
 * @database_path: (out) (transfer full): the database the app is to use
 *
 * Runs the command that @options name.
 *
 * Returns: the exit status of the command, or %INV_CLI_CONTINUE when the options
 *   ask for the window
 */
int
inv_cli_handle_options (GVariantDict  *options,
                        char         **database_path)
{
  g_autofree char *path = NULL;
  const Command *command = NULL;

  g_return_val_if_fail (options != NULL, INV_CLI_EXIT_FAILURE);
  g_return_val_if_fail (database_path != NULL, INV_CLI_EXIT_FAILURE);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("invitations %s\n", PACKAGE_VERSION);
      return INV_CLI_EXIT_OK;
    }

  if (!find_command (options, &command))
    return INV_CLI_EXIT_FAILURE;

  path = lookup_path (options, "database");
  if (path == NULL)
    path = inv_database_get_default_path ();

  if (command != NULL)
    return command->run (options, path);

  *database_path = g_steal_pointer (&path);

  return INV_CLI_CONTINUE;
}

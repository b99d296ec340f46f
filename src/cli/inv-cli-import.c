/* inv-cli-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * invitations --database=PATH --import-csv=FILE --template=NAME_OR_ID [--duration-days=N]
 *
 * Invites every good row of a candidates file. Everything that makes the whole file or
 * the template unusable is found before anything is queued; then one line is printed
 * per row that was rejected, skipped, kept with a warning or re-invited (with its line
 * in the file), and a last line with the counts:
 *
 *   N imported, M rejected, K skipped, W warnings
 *
 * Every data row is counted once as imported (its candidate stored and an invitation
 * queued), rejected (not used: fix it and import it again) or skipped (a repeat of an
 * earlier row, or a candidate already invited); warnings counts the imported rows that
 * lost a detail (a phone number that is not one). A row whose candidate's invitation
 * of the template was cancelled or expired re-invites that invitation: it is imported,
 * and its line says "re-invited". The exit status is 0 when no row was
 * rejected.
 */

#define G_LOG_DOMAIN "inv-cli-import"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "inv-cli.h"
#include "inv-cli-private.h"
#include "inv-cli-import.h"
#include "inv-csv.h"
#include "inv-database-candidates.h"
#include "inv-database-invitations.h"
#include "inv-invite.h"

#define DAY (24 * 60 * 60)

typedef struct
{
  guint  line;
  guint  order;  /* for the lines of one row to keep the order they were found in */
  char  *text;
} Report;

static void
report_free (gpointer data)
{
  Report *report = data;

  g_free (report->text);
  g_free (report);
}

static int
compare_reports (gconstpointer a,
                 gconstpointer b)
{
  const Report *ra = *(const Report * const *)a;
  const Report *rb = *(const Report * const *)b;

  if (ra->line != rb->line)
    return (ra->line > rb->line) - (ra->line < rb->line);

  return (ra->order > rb->order) - (ra->order < rb->order);
}

static void
add_report (GPtrArray  *reports,
            guint       line,
            char       *text)
{
  Report *report = g_new0 (Report, 1);

  report->line = line;
  report->order = reports->len;
  report->text = text;
  g_ptr_array_add (reports, report);
}

static const char *
format_email (const char *email)
{
  return email != NULL && *email != '\0' ? email : _("no email");
}

static int
run_import (const char *database_path,
            const char *csv_path,
            const char *template_name,
            const char *duration_days)
{
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(InvCsvCandidates) csv = NULL;
  g_autoptr(InvInviteRequest) request = NULL;
  g_autoptr(GArray) candidate_ids = NULL;
  g_autoptr(GArray) to_invite = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) row_errors = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func (report_free);
  g_autoptr(GError) error = NULL;
  guint64 days = 0;
  gint64 template_id = 0;
  guint n_imported = 0;
  guint n_rejected = 0;
  guint n_skipped = 0;
  guint n_warnings = 0;
  guint n_not_queued = 0;

  if (duration_days != NULL &&
      !g_ascii_string_to_unsigned (duration_days, 10, 1, 365, &days, NULL))
    return _inv_cli_fail (_("--duration-days needs a number of days from 1 to 365, not “%s”"), duration_days);

  if (!g_file_test (database_path, G_FILE_TEST_EXISTS))
    return _inv_cli_fail (_("There is no database at “%s”; check the path given with --database."), database_path);

  database = inv_database_open (database_path, &error);
  if (database == NULL)
    return _inv_cli_fail ("%s", error->message);

  if (!inv_database_template_exists (database, template_name, &template_id))
    return _inv_cli_fail (_("There is no interview template “%s”; give the name or number of one the Templates page lists."), template_name);

  if (!inv_invite_check_template (database, template_id, &error))
    return _inv_cli_fail ("%s", error->message);

  csv = inv_csv_read_candidates_file (csv_path, NULL, &error);
  if (csv == NULL && g_error_matches (error, INV_CSV_ERROR, INV_CSV_ERROR_IO))
    return _inv_cli_fail ("%s", error->message);
  if (csv == NULL)
    return _inv_cli_fail (_("%s: %s"), csv_path, error->message);

  /* The report lines read "Line N: rejected (EMAIL): REASON", and so for "skipped" and
   * "warning"; all but the reasons untranslated, because scripts parse them. */
  for (guint i = 0; i < csv->failed->len; i++)
    {
      InvCsvRowProblem *problem = csv->failed->pdata[i];

      add_report (reports, problem->line,
                  g_strdup_printf ("Line %u: rejected (%s): %s", problem->line,
                                   format_email (problem->email), problem->reason));
      n_rejected++;
    }

  for (guint i = 0; i < csv->skipped->len; i++)
    {
      InvCsvRowProblem *problem = csv->skipped->pdata[i];

      add_report (reports, problem->line,
                  g_strdup_printf ("Line %u: skipped (%s): %s", problem->line,
                                   format_email (problem->email), problem->reason));
      n_skipped++;
    }

  /* The people of the file become candidates (one transaction), then each is invited
   * in batches; a row can still fail here, e.g. when its email belongs to a candidate
   * whose data was erased. */
  candidate_ids = inv_database_import_candidates (database, csv, NULL, &row_errors, &error);
  if (candidate_ids == NULL)
    return _inv_cli_fail (_("Could not add the candidates, so nothing was imported: %s"), error->message);

  /* Only the rows the store took are invited; rows[i] is the file row of to_invite[i]. */
  to_invite = g_array_sized_new (FALSE, FALSE, sizeof (gint64), candidate_ids->len);
  rows = g_ptr_array_sized_new (candidate_ids->len);
  for (guint i = 0; i < candidate_ids->len; i++)
    {
      InvCsvCandidate *row = csv->candidates->pdata[i];

      if (g_array_index (candidate_ids, gint64, i) == 0)
        {
          add_report (reports, row->line,
                      g_strdup_printf ("Line %u: rejected (%s): %s", row->line, row->email,
                                       (const char *)row_errors->pdata[i]));
          n_rejected++;
          continue;
        }
      g_array_append_val (to_invite, g_array_index (candidate_ids, gint64, i));
      g_ptr_array_add (rows, row);
    }

  request = inv_invite_request_new (template_id);
  if (days > 0)
    {
      request->starts_at = inv_database_now ();
      request->ends_at = request->starts_at + (gint64)days * DAY;
    }

  if (to_invite->len > 0)
    {
      outcomes = inv_invite_queue (database, request,
                                   (const gint64 *)(gpointer)to_invite->data, to_invite->len,
                                   NULL, NULL, NULL, NULL, &error);
      if (outcomes == NULL)
        return _inv_cli_fail (_("The candidates were added, but their invitations could not be queued: %s"), error->message);
    }
  else
    outcomes = g_ptr_array_new ();

  for (guint i = 0; i < outcomes->len; i++)
    {
      InvInviteOutcome *outcome = outcomes->pdata[i];
      InvCsvCandidate *row = rows->pdata[i];

      if (outcome->invitation_id != 0)
        {
          n_imported++;
          if (outcome->reinvited)
            add_report (reports, row->line,
                        g_strdup_printf ("Line %u: re-invited (%s): %s", row->line, row->email,
                                         _("The candidate’s cancelled or expired invitation for this template is pending again.")));
          for (guint w = 0; w < csv->warnings->len; w++)
            {
              InvCsvRowProblem *warning = csv->warnings->pdata[w];

              if (warning->line != row->line)
                continue;
              add_report (reports, row->line,
                          g_strdup_printf ("Line %u: warning (%s): %s", row->line, row->email,
                                           warning->reason));
              n_warnings++;
            }
        }
      else if (outcome->skipped)
        {
          add_report (reports, row->line,
                      g_strdup_printf ("Line %u: skipped (%s): %s", row->line, row->email,
                                       outcome->error != NULL ? outcome->error : _("This candidate is already invited to this template.")));
          n_skipped++;
        }
      else
        {
          add_report (reports, row->line,
                      g_strdup_printf ("Line %u: rejected (%s): %s", row->line, row->email,
                                       outcome->error != NULL ? outcome->error
                                                              : _("The invitation could not be queued; import the row again.")));
          n_rejected++;
        }
    }

  /* A batch that failed after others were queued ends the queueing: the rows after it
   * were not queued either, and are counted with the rejected ones. */
  n_not_queued = rows->len - MIN (outcomes->len, rows->len);
  for (guint i = outcomes->len; i < rows->len; i++)
    {
      InvCsvCandidate *row = rows->pdata[i];

      add_report (reports, row->line,
                  g_strdup_printf ("Line %u: rejected (%s): %s", row->line, row->email,
                                   _("The invitation was not queued because the import stopped at an earlier error; import the row again.")));
      n_rejected++;
    }

  g_ptr_array_sort (reports, compare_reports);
  /* Emails and reasons quote the file: its control characters are escaped. */
  for (guint i = 0; i < reports->len; i++)
    _inv_cli_print_escaped (FALSE, "%s", ((Report *)reports->pdata[i])->text);

  /* Why the rest of the file was not imported, and what to do: the last failed batch
   * holds the reason (a full disk, a read-only file). */
  if (n_not_queued > 0 && outcomes->len > 0)
    {
      InvInviteOutcome *last = outcomes->pdata[outcomes->len - 1];

      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "invitations: the import stopped: %s %'u row was not queued; import the file again to queue it (the rows already imported are skipped).\n",
                               "invitations: the import stopped: %s %'u rows were not queued; import the file again to queue them (the rows already imported are skipped).\n",
                               n_not_queued),
                  last->error != NULL ? last->error : "", n_not_queued);
    }

  /* Not translated: scripts parse this last line (see the top of this file). */
  g_print ("%u imported, %u rejected, %u skipped, %u %s\n", n_imported, n_rejected, n_skipped,
           n_warnings, n_warnings == 1 ? "warning" : "warnings");

  return n_rejected == 0 ? INV_CLI_EXIT_OK : INV_CLI_EXIT_FAILURE;
}

/**
 * inv_cli_import_handle_options:
 * @database_path: the database to use
 *
 * Runs `--import-csv`.
 *
 * Returns: the exit status
 */
int
inv_cli_import_handle_options (GVariantDict *options,
                               const char   *database_path)
{
  const char *csv_path = NULL;
  const char *template_name = NULL;
  const char *duration_days = NULL;

  g_return_val_if_fail (options != NULL, INV_CLI_EXIT_FAILURE);

  g_variant_dict_lookup (options, "import-csv", "^&ay", &csv_path);
  g_variant_dict_lookup (options, "template", "&s", &template_name);
  g_variant_dict_lookup (options, "duration-days", "&s", &duration_days);

  if (csv_path == NULL || *csv_path == '\0')
    return _inv_cli_fail (_("--import-csv needs the path of a CSV file"));

  if (template_name == NULL || *template_name == '\0')
    return _inv_cli_fail (_("--import-csv needs --template=NAME_OR_ID: the interview template to invite to"));

  return run_import (database_path, csv_path, template_name, duration_days);
}

/* bench-import.c: read a candidates CSV and store it, the way the Candidates page
 * imports a file (see bench-import.py, which runs it and the baseline).
 *
 * Usage: bench-import DATABASE CSV
 * Prints "parse_ms N", "store_ms N", "total_ms N", "rows N".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "inv-csv.h"
#include "inv-database-candidates.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(InvCsvCandidates) csv = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 start, parsed, stored;
  guint added = 0;

  if (argc != 3)
    {
      g_printerr ("Usage: %s DATABASE CSV\n", argv[0]);
      return 2;
    }

  database = inv_database_open (argv[1], &error);
  if (database == NULL)
    g_error ("%s", error->message);

  start = g_get_monotonic_time ();
  csv = inv_csv_read_candidates_file (argv[2], NULL, &error);
  if (csv == NULL)
    g_error ("%s", error->message);
  parsed = g_get_monotonic_time ();

  ids = inv_database_import_candidates (database, csv, &added, NULL, &error);
  if (ids == NULL)
    g_error ("%s", error->message);
  stored = g_get_monotonic_time ();

  g_print ("parse_ms %.1f\n", (parsed - start) / 1000.0);
  g_print ("store_ms %.1f\n", (stored - parsed) / 1000.0);
  g_print ("total_ms %.1f\n", (stored - start) / 1000.0);
  g_print ("rows %u\n", csv->candidates->len);
  g_print ("failed %u\n", csv->failed->len);
  g_print ("added %u\n", added);

  return 0;
}

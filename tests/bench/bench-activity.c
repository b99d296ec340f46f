/* bench-activity.c: how long a page of the Activity page takes to read (run by hand;
 * never part of the test suite).
 *
 * Usage: bench-activity DATABASE
 *
 * Reads the first page and the tenth page (following the cursor) of every filter the
 * page offers: all actions, each kind, the last 7 days, a search, and a search with a
 * kind. Prints one "name first-page-ms page-ms rows" line per filter (page-ms: the
 * mean of ten pages read one after another), each the best of three runs.
 *
 * Measured on 1,000,000 demo invitations (1.6 million history entries; two shared
 * cores), 100 entries a page:
 *   filter                   first-ms  page-ms   rows
 *   all                          0.44     2.47   1000
 *   Invites                      0.15     0.15   1000
 *   Cancellations                0.32     2.80   1000
 *   Sync and Service             0.28     1.70   1000
 *   Candidate Edits              0.01     0.00      0
 *   last 7 days                  0.14     0.01     85
 *   search zoë                 38.03    15.93   1000
 *   search example               2.59     3.51   1000
 *   cancels + search müller    34.69    41.74   1000
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "inv-activity.h"

#define PAGE_SIZE 100

static double
read_pages (InvDatabase            *database,
            const InvActivityQuery *query,
            guint                   n_pages,
            guint                  *n_rows)
{
  InvActivityCursor cursor = { 0, 0 };
  gint64 t0 = g_get_monotonic_time ();

  *n_rows = 0;
  for (guint i = 0; i < n_pages; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = inv_activity_list (database, query, i > 0 ? &cursor : NULL,
                                                     PAGE_SIZE, &error);
      InvActivityEntry *last;

      if (page == NULL)
        g_error ("%s", error->message);
      *n_rows += page->len;
      if (page->len < PAGE_SIZE)
        break;
      last = g_ptr_array_index (page, page->len - 1);
      cursor.at = last->at;
      cursor.id = last->id;
    }

  return (g_get_monotonic_time () - t0) / 1000.0;
}

static void
measure (InvDatabase            *database,
         const char             *name,
         const InvActivityQuery *query)
{
  double first = G_MAXDOUBLE;
  double ten = G_MAXDOUBLE;
  guint n_rows = 0;

  for (int run = 0; run < 3; run++)
    {
      first = MIN (first, read_pages (database, query, 1, &n_rows));
      ten = MIN (ten, read_pages (database, query, 10, &n_rows));
    }

  printf ("%-24s %8.2f %8.2f %6u\n", name, first, ten / 10, n_rows);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(InvActivityQuery) query = inv_activity_query_new ();
  g_autoptr(GError) error = NULL;
  gint64 newest = 0;

  if (argc != 2)
    {
      fprintf (stderr, "Usage: %s DATABASE\n", argv[0]);
      return 2;
    }

  database = inv_database_open (argv[1], &error);
  if (database == NULL)
    g_error ("%s", error->message);

  printf ("%-24s %8s %8s %6s\n", "filter", "first-ms", "page-ms", "rows");
  measure (database, "all", query);
  for (int kind = 1; kind < INV_ACTIVITY_N_KINDS; kind++)
    {
      query->kind = kind;
      measure (database, inv_activity_kind_get_label (kind), query);
    }

  query->kind = INV_ACTIVITY_KIND_ALL;
  {
    g_autoptr(GPtrArray) first = inv_activity_list (database, query, NULL, 1, NULL);

    if (first != NULL && first->len > 0)
      newest = ((InvActivityEntry *)g_ptr_array_index (first, 0))->at;
  }
  query->since = newest - 7 * 24 * 3600;
  measure (database, "last 7 days", query);
  query->since = 0;

  inv_activity_query_set_search (query, "zoë");
  measure (database, "search zoë", query);
  inv_activity_query_set_search (query, "example");
  measure (database, "search example", query);
  query->kind = INV_ACTIVITY_KIND_CANCELS;
  inv_activity_query_set_search (query, "müller");
  measure (database, "cancels + search müller", query);

  return 0;
}

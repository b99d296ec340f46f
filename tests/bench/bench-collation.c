/* bench-collation.c: the sort by candidate in the language's order against the byte
 * order it replaced, and what making the sort keys costs (run by hand; never part of
 * the test suite).
 *
 * Usage: bench-collation [N_ROWS] [REPEATS]    (1,000,000 and 200 when not given)
 *
 * Writes a schema-9 file of N_ROWS invitations (names from 40 first names × 60 last
 * names, with letters beyond ASCII), then prints one "name value" line per figure:
 *   migration-s         opening it: the upgrade to schema 10 (keys, search text
 *                       folded anew, trigram index rebuilt)
 *   keys-c-s            computing N_ROWS sort keys in C alone (ICU)
 *   open-in-other-locale-s  opening it in another locale, keys left for later
 *   locale-change-s     then making every key anew (on a worker in the app)
 *   first-page-key-ms   median of the first 50 ids sorted by name_key (its index)
 *   first-page-nocase-ms  the same by candidate_name COLLATE NOCASE, through an index
 *                       on it as the list had before (the baseline)
 *   first-page-ratio    key / nocase
 *   pending-page-*      the same for the first 50 pending invitations
 *   all-ids-*           every id in each order (both still through their index)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "inv-collation.h"
#include "inv-database.h"

static const char * const first_names[] = {
  "Łukasz", "Lukas", "Émile", "Eva", "Çelik", "Celina", "Zofia", "Ömer", "Oskar", "Ángel",
  "Anna", "Bartosz", "Björn", "Chloé", "Dariusz", "Đorđe", "Elif", "François", "Gülşen",
  "Hanna", "Ingrid", "İlker", "Jürgen", "Karolina", "Leïla", "Małgorzata", "Nuño", "Øystein",
  "Paweł", "Quentin", "Renée", "Šárka", "Tomasz", "Ugne", "Václav", "Wojciech", "Xavier",
  "Yusuf", "Żaneta", "Zoë",
};

static const char * const last_names[] = {
  "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
  "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
  "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski", "Nowakowski", "Pawłowski",
  "Michalski", "Król", "Wieczorek", "Jabłoński", "Wróbel", "Majewski", "Olszewski",
  "Stępień", "Malinowski", "Jaworski", "Adamczyk", "Dudek", "Nowicki", "Pietrzak",
  "Walczak", "Baran", "Rutkowski", "Michalak", "Szewczyk", "Ostrowski", "Tomaszewski",
  "Müller", "Schmidt", "Schäfer", "Öztürk", "Yılmaz", "Çelik", "Şahin", "Doğan", "Åberg",
  "Ødegård", "Łoś", "Żak", "Émond", "Lefèvre", "García", "Núñez", "Ibáñez", "Nguyễn", "Zola",
};

static double
seconds_since (gint64 started)
{
  return (g_get_monotonic_time () - started) / 1e6;
}

static void
exec_or_die (InvDatabase *database,
             const char  *sql)
{
  g_autoptr(GError) error = NULL;

  if (!inv_database_exec (database, sql, &error))
    g_error ("%s: %s", sql, error->message);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

/* The median time, in ms, of reading every row of @sql, @repeats times. */
static double
median_ms (InvDatabase *database,
           const char  *sql,
           guint        repeats,
           guint       *n_rows)
{
  g_autofree double *times = g_new (double, repeats);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (inv_database_get_handle (database), sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (inv_database_get_handle (database)));

  for (guint r = 0; r < repeats; r++)
    {
      gint64 started = g_get_monotonic_time ();
      guint n = 0;

      while (sqlite3_step (stmt) == SQLITE_ROW)
        n++;
      sqlite3_reset (stmt);
      times[r] = (g_get_monotonic_time () - started) / 1000.0;
      *n_rows = n;
    }
  sqlite3_finalize (stmt);
  qsort (times, repeats, sizeof (double), compare_doubles);

  return times[repeats / 2];
}

static void
compare (InvDatabase *database,
         const char  *name,
         const char  *key_sql,
         const char  *nocase_sql,
         guint        repeats)
{
  guint key_rows = 0, nocase_rows = 0;
  double key_ms = median_ms (database, key_sql, repeats, &key_rows);
  double nocase_ms = median_ms (database, nocase_sql, repeats, &nocase_rows);

  g_assert (key_rows == nocase_rows);
  printf ("%s-key-ms %.3f\n%s-nocase-ms %.3f\n%s-ratio %.2f\n",
          name, key_ms, name, nocase_ms, name, key_ms / nocase_ms);
}

int
main (int   argc,
      char *argv[])
{
  guint n_rows = argc > 1 ? (guint)g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  guint repeats = argc > 2 ? (guint)g_ascii_strtoull (argv[2], NULL, 10) : 200;
  g_autofree char *folder = g_dir_make_tmp ("bench-collation-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (folder, "bench.db", NULL);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  InvDatabase *database;
  gint64 started;

  g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);

  /* A file as the previous version left it. */
  database = inv_database_open_at_version (path, 9, &error);
  if (database == NULL)
    g_error ("%s", error->message);
  g_string_append (sql, "CREATE TEMP TABLE firsts (n INTEGER PRIMARY KEY, name TEXT);"
                        "CREATE TEMP TABLE lasts (n INTEGER PRIMARY KEY, name TEXT);");
  for (guint i = 0; i < G_N_ELEMENTS (first_names); i++)
    g_string_append_printf (sql, "INSERT INTO firsts VALUES (%u, '%s');", i, first_names[i]);
  for (guint i = 0; i < G_N_ELEMENTS (last_names); i++)
    g_string_append_printf (sql, "INSERT INTO lasts VALUES (%u, '%s');", i, last_names[i]);
  g_string_append_printf (sql,
                          "BEGIN;"
                          "INSERT INTO templates (id, name) VALUES (1, 'One');"
                          "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at)"
                          "  VALUES (1, 'Ann', 'Example', 'ann@example.org', 'ann@example.org', 0);"
                          "WITH RECURSIVE s (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %u)"
                          " INSERT INTO invitations (id, template_id, candidate_id, candidate_name, email,"
                          "  search_text, status, sent_at, updated_at)"
                          " SELECT i, 1, 1, f.name || ' ' || l.name, 'p' || i || '@example.org',"
                          "  inv_casefold (f.name || ' ' || l.name) || char (10) || 'p' || i || '@example.org',"
                          "  CASE i %% 3 WHEN 0 THEN 'pending' WHEN 1 THEN 'completed' ELSE 'expired' END,"
                          "  i, i"
                          " FROM s JOIN firsts f ON f.n = i %% %u JOIN lasts l ON l.n = (i / %u) %% %u;"
                          "COMMIT;",
                          n_rows, (guint)G_N_ELEMENTS (first_names), (guint)G_N_ELEMENTS (first_names),
                          (guint)G_N_ELEMENTS (last_names));
  started = g_get_monotonic_time ();
  exec_or_die (database, sql->str);
  fprintf (stderr, "schema-9 file of %u rows written in %.1f s\n", n_rows, seconds_since (started));
  g_object_unref (database);

  started = g_get_monotonic_time ();
  database = inv_database_open (path, &error);
  if (database == NULL)
    g_error ("%s", error->message);
  printf ("migration-s %.2f\n", seconds_since (started));

  /* ICU alone, the keys of the same names. */
  {
    InvCollation *collation = inv_database_get_collation (database);
    gsize length, total = 0;

    started = g_get_monotonic_time ();
    for (guint i = 1; i <= n_rows; i++)
      {
        char name[128];
        guint8 *key;

        g_snprintf (name, sizeof name, "%s %s", first_names[i % G_N_ELEMENTS (first_names)],
                    last_names[(i / G_N_ELEMENTS (first_names)) % G_N_ELEMENTS (last_names)]);
        key = inv_collation_key (collation, name, &length);
        total += length;
        g_free (key);
      }
    printf ("keys-c-s %.2f\nkey-bytes-mean %.1f\n", seconds_since (started), (double)total / n_rows);
  }
  g_object_unref (database);

  /* In another language the app opens the file at once and makes the keys anew on a
   * worker, as here. */
  g_setenv ("LC_ALL", "pl_PL.UTF-8", TRUE);
  started = g_get_monotonic_time ();
  database = inv_database_open_full (path, INV_DATABASE_OPEN_KEEP_SORT_KEYS, &error);
  if (database == NULL)
    g_error ("%s", error->message);
  printf ("open-in-other-locale-s %.2f\n", seconds_since (started));
  started = g_get_monotonic_time ();
  if (!inv_database_update_sort_keys (database, NULL, &error))
    g_error ("%s", error->message);
  printf ("locale-change-s %.2f\n", seconds_since (started));

  /* The index the byte-order sort had, for the baseline. */
  exec_or_die (database, "CREATE INDEX bench_by_name ON invitations (candidate_name COLLATE NOCASE);"
                         "ANALYZE;");

  compare (database, "first-page",
           "SELECT id FROM invitations INDEXED BY invitations_by_name_key ORDER BY name_key, id LIMIT 50",
           "SELECT id FROM invitations INDEXED BY bench_by_name"
           " ORDER BY candidate_name COLLATE NOCASE, id LIMIT 50",
           repeats);
  compare (database, "first-page-desc",
           "SELECT id FROM invitations INDEXED BY invitations_by_name_key"
           " ORDER BY name_key DESC, id DESC LIMIT 50",
           "SELECT id FROM invitations INDEXED BY bench_by_name"
           " ORDER BY candidate_name COLLATE NOCASE DESC, id DESC LIMIT 50",
           repeats);
  compare (database, "pending-page",
           "SELECT id FROM invitations INDEXED BY invitations_by_name_key"
           " WHERE status = 'pending' ORDER BY name_key, id LIMIT 50",
           "SELECT id FROM invitations INDEXED BY bench_by_name"
           " WHERE status = 'pending' ORDER BY candidate_name COLLATE NOCASE, id LIMIT 50",
           repeats);
  compare (database, "all-ids",
           "SELECT id FROM invitations INDEXED BY invitations_by_name_key ORDER BY name_key, id",
           "SELECT id FROM invitations INDEXED BY bench_by_name"
           " ORDER BY candidate_name COLLATE NOCASE, id",
           MAX (repeats / 20, 3));

  g_object_unref (database);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
    g_unlink (path);
    g_rmdir (folder);
  }

  return 0;
}

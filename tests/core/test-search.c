/* test-search.c: searching through the trigram index, and keeping it in step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <glib.h>
#include <string.h>

#include "inv-cancel.h"
#include "inv-candidate-edit.h"
#include "inv-database.h"
#include "inv-database-candidates.h"
#include "inv-database-invitations.h"
#include "inv-sample-data.h"
#include "core-test-util.h"

/* Names and emails with what a search must get right: letters beyond ASCII that fold
 * to more or other letters, SQL and FTS5 syntax, pieces that are all there but not in
 * that order ("abc bcd" holds every trigram of "abcd"). */
static const char * const search_fragments[] = {
  "Çelik", "ÇELİK", "çelik", "Straße", "STRASSE", "ß", "ẞ", "ﬁnn", "Fiona", "Ångström",
  "Σίσυφος", "ΣΊΣΥΦΟΣ", "Łukasz", "O’Brien", "O'Brien", "Nguyễn", "李小龙", "😀", "100%",
  "a_b", "x*y", "what?", "[draft]", "back\\slash", "\"quoted\"", "Abc", "Bcd", "Anna-Lena",
  "Van der Berg", "İstanbul", "ı", "ǅemal", "ｆｕｌｌ", "AND", "OR", "NOT", "NEAR",
};

static const char * const search_domains[] = {
  "example.com", "bücher.example", "EXAMPLE.org", "x_y.example", "100%.example", "a*b.example",
};

static const char * const extra_patterns[] = {
  "çelik", "ÇELIK", "celik", "strasse", "ß", "ss", "SS", "ẞ", "fi", "ﬁ", "finn", "σίσ", "ς",
  "Σ", "ö", "ström", "李小", "😀", "%", "100%", "%.ex", "_", "a_b", "a%b", "*", "x*y", "?",
  "what?", "[", "[draft]", "]", "\\", "back\\slash", "\"", "\"quoted\"", "\"\"", "r c", "abcd",
  "abc bcd", "bcd", "an", "a", "@", "@bücher", "ÜCHER.EX", "example", "ｆｕｌｌ", "full", "i̇st",
  "and", "\"and\"", "near", "n\nx", "a\nb", "k\n", "no such text at all", "ab", "é",
};

static InvDatabase *
search_database (GRand      *rand,
                 const char *file_name)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), file_name, NULL);
  InvDatabase *database = inv_database_open (path, NULL);
  sqlite3_stmt *candidate = NULL;
  sqlite3_stmt *invitation = NULL;
  sqlite3 *db = inv_database_get_handle (database);
  static const char * const statuses[] = { "pending", "completed", "cancelled", "expired" };

  g_assert_true (inv_database_exec (database,
                                    "BEGIN;"
                                    "INSERT INTO templates (id, name) VALUES (1, 'One'), (2, 'Two');",
                                    NULL));
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO candidates (first_name, last_name, email, email_key, created_at)"
                                       " VALUES ('', ?1, ?2, ?2, 0)",
                                       -1, &candidate, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO invitations (template_id, candidate_id, candidate_name, email,"
                                       " search_text, status, sent_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)",
                                       -1, &invitation, NULL), ==, SQLITE_OK);

  for (guint n = 0; n < 1500; n++)
    {
      g_autoptr(GString) name = g_string_new (NULL);
      g_autoptr(GString) email = g_string_new (NULL);
      g_autofree char *search_text = NULL;
      guint n_parts = g_rand_int_range (rand, 1, 4);

      for (guint i = 0; i < n_parts; i++)
        {
          if (i > 0)
            g_string_append_c (name, ' ');
          g_string_append (name, search_fragments[g_rand_int_range (rand, 0, G_N_ELEMENTS (search_fragments))]);
        }
      if (n == 0)
        g_string_assign (name, "Abc Bcd");

      for (guint i = g_rand_int_range (rand, 1, 8); i > 0; i--)
        g_string_append_c (email, "abcdefghijklmnopqrstuvwxyz._%"[g_rand_int_range (rand, 0, 29)]);
      g_string_append_printf (email, ".%u@%s", n,
                              search_domains[g_rand_int_range (rand, 0, G_N_ELEMENTS (search_domains))]);
      search_text = inv_search_text_new (name->str, email->str);

      sqlite3_reset (candidate);
      sqlite3_bind_text (candidate, 1, name->str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (candidate, 2, email->str, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (candidate), ==, SQLITE_DONE);

      sqlite3_reset (invitation);
      sqlite3_bind_int (invitation, 1, g_rand_int_range (rand, 1, 3));
      sqlite3_bind_int64 (invitation, 2, sqlite3_last_insert_rowid (db));
      sqlite3_bind_text (invitation, 3, name->str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (invitation, 4, email->str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (invitation, 5, search_text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (invitation, 6, statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))], -1, SQLITE_STATIC);
      /* Few distinct times, so that the order also rests on the ids. */
      sqlite3_bind_int64 (invitation, 7, g_rand_int_range (rand, 0, 50));
      g_assert_cmpint (sqlite3_step (invitation), ==, SQLITE_DONE);
    }

  sqlite3_finalize (candidate);
  sqlite3_finalize (invitation);
  g_assert_true (inv_database_exec (database, "COMMIT", NULL));

  return database;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

/* The ids @query gives, in its order, through the statement the store makes or a
 * scan of the whole table. With @cancel_from, in the shape a cancel of the matching
 * rows stages them (its own FROM, no order), sorted by id. */
static GArray *
search_ids (InvDatabase              *database,
            const InvInvitationQuery *query,
            gboolean                  use_index,
            gboolean                  cancel_from,
            gboolean                 *used_index)
{
  g_autoptr(GString) sql = g_string_new ("SELECT i.id");
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (cancel_from)
    g_string_append (sql, " FROM invitations i");
  else
    _inv_invitation_query_append_from (query, sql, FALSE);
  _inv_invitation_query_append_sql_full (query, sql, !cancel_from, use_index);
  if (used_index != NULL)
    *used_index = strstr (sql->str, "invitation_search") != NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), sql->str, -1, &stmt, NULL), ==, SQLITE_OK);
  _inv_invitation_query_bind (query, stmt);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  if (cancel_from)
    g_array_sort (ids, compare_ids);

  return ids;
}

/* A random piece of @text, one to eight characters long. */
static char *
random_piece (GRand      *rand,
              const char *text)
{
  glong n_chars = g_utf8_strlen (text, -1);
  glong start = g_rand_int_range (rand, 0, n_chars);
  glong length = g_rand_int_range (rand, 1, 9);

  return g_utf8_substring (text, start, MIN (n_chars, start + length));
}

/* The trigram index is only a faster way to the same rows: for any search, any filter
 * and any order, the ids and their order are those of a scan of the whole table. */
static void
test_search_same_as_scan (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  g_autoptr(InvDatabase) database = search_database (rand, "search.db");
  g_autoptr(GPtrArray) patterns = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  guint n_found = 0;
  guint n_indexed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (extra_patterns); i++)
    g_ptr_array_add (patterns, g_strdup (extra_patterns[i]));
  for (guint i = 0; i < G_N_ELEMENTS (search_fragments); i++)
    g_ptr_array_add (patterns, g_strdup (search_fragments[i]));

  /* Pieces of stored names and emails as they were typed, any case. */
  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database),
                                       "SELECT candidate_name, email FROM invitations WHERE id % 25 = 0",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (patterns, random_piece (rand, (const char *)sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (patterns, random_piece (rand, (const char *)sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);

  for (guint p = 0; p < patterns->len; p++)
    {
      const char *pattern = patterns->pdata[p];

      for (guint shape = 0; shape < 5; shape++)
        {
          g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
          g_autoptr(GArray) indexed = NULL;
          g_autoptr(GArray) scanned = NULL;
          gboolean used_index = FALSE;

          inv_invitation_query_set_search (query, pattern);
          if (query->search == NULL)
            continue;

          switch (shape)
            {
            case 1:
              inv_invitation_query_set_status (query, "pending");
              query->sort_column = INV_SORT_CANDIDATE;
              query->descending = FALSE;
              break;
            case 2:
              query->template_id = 1;
              query->sort_column = INV_SORT_EMAIL;
              break;
            case 3:
              query->sort_column = INV_SORT_TEMPLATE;
              break;
            case 4:
              inv_invitation_query_set_status (query, "pending");
              inv_invitation_query_set_template_name (query, "two");
              break;
            default:
              break;
            }

          indexed = search_ids (database, query, TRUE, shape == 4, &used_index);
          scanned = search_ids (database, query, FALSE, shape == 4, NULL);

          if (indexed->len != scanned->len ||
              (indexed->len > 0 &&
               memcmp (indexed->data, scanned->data, indexed->len * sizeof (gint64)) != 0))
            g_error ("“%s” (shape %u): %u rows through the index, %u by a scan",
                     pattern, shape, indexed->len, scanned->len);

          if (shape == 0)
            {
              g_autofree char *folded = inv_search_text_new (query->search, NULL);
              guint counts[INV_N_STATUSES];
              guint64 total = 0;

              /* The separator after the name is one more character. */
              g_assert_true (used_index == (g_utf8_strlen (folded, -1) > 3));
              n_found += indexed->len > 0;
              n_indexed += used_index;

              g_assert_true (inv_database_count_by_status (database, query, counts, NULL));
              for (guint i = 0; i < INV_N_STATUSES; i++)
                total += counts[i];
              g_assert_cmpuint (total, ==, scanned->len);
            }
        }
    }

  g_test_message ("%u searches, %u found rows, %u used the index", patterns->len, n_found, n_indexed);
  g_assert_cmpuint (n_found, >, patterns->len / 2);
  g_assert_cmpuint (n_indexed, >, patterns->len / 2);

  /* Every piece of "abcd" is in "Abc Bcd", the text is not. */
  {
    g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
    g_autoptr(GArray) ids = NULL;

    inv_invitation_query_set_search (query, "ABC BCD");
    ids = inv_database_query_invitation_ids (database, query, NULL);
    g_assert_cmpuint (ids->len, >=, 1);
    inv_invitation_query_set_search (query, "abcd");
    g_array_unref (ids);
    ids = inv_database_query_invitation_ids (database, query, NULL);
    g_assert_cmpuint (ids->len, ==, 0);
  }
}

/* The first rows of a filter or a short search, found by walking the order's index,
 * are the first rows of the whole read, in every order the walk serves and under
 * every filter; when the walk says it saw every row, they are all of them. */
static void
test_search_leading_rows (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261207);
  g_autoptr(InvDatabase) database = search_database (rand, "leading.db");
  static const char * const short_searches[] = {
    NULL, "a", "an", "é", "ß", "%", "_", "ab", "zq", "😀", "Σ", "\\", "b ", "ı",
  };
  static const guint max_ids[] = { 1, 7, 200, 5000 };
  static const guint max_rows[] = { 1, 30, 400, 100000 };
  guint n_full_pages = 0;
  guint n_complete = 0;
  guint n_short = 0;

  for (guint p = 0; p < G_N_ELEMENTS (short_searches); p++)
    for (guint sort = 0; sort < INV_N_SORTS; sort++)
      for (guint filter = 0; filter < 4; filter++)
        {
          g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
          g_autoptr(GArray) all = NULL;
          g_autoptr(GError) error = NULL;

          inv_invitation_query_set_search (query, short_searches[p]);
          g_assert_true (inv_invitation_query_reads_whole_table (query) == (short_searches[p] != NULL));
          query->sort_column = sort;
          /* Few values shared by most rows, and no index: read whole. */
          if (sort == INV_SORT_SYNC_STATE)
            {
              g_assert_false (inv_invitation_query_has_leading_walk (query));
              continue;
            }
          g_assert_true (inv_invitation_query_has_leading_walk (query));
          query->descending = (sort + filter) % 2 == 0;
          if (filter == 1)
            inv_invitation_query_set_status (query, "pending");
          else if (filter == 2)
            query->template_id = 2;
          else if (filter == 3)
            {
              inv_invitation_query_set_status (query, "cancelled");
              inv_invitation_query_set_template_name (query, "ONE");
            }

          all = inv_database_query_invitation_ids (database, query, &error);
          g_assert_no_error (error);

          for (guint i = 0; i < G_N_ELEMENTS (max_ids); i++)
            for (guint r = 0; r < G_N_ELEMENTS (max_rows); r++)
              {
                g_autoptr(GArray) leading = NULL;
                gboolean complete = FALSE;

                leading = inv_database_query_leading_invitation_ids (database, query, max_ids[i],
                                                                     max_rows[r], &complete, &error);
                g_assert_no_error (error);
                g_assert_nonnull (leading);
                g_assert_cmpuint (leading->len, <=, max_ids[i]);
                g_assert_cmpuint (leading->len, <=, all->len);
                if (leading->len > 0 &&
                    memcmp (leading->data, all->data, leading->len * sizeof (gint64)) != 0)
                  g_error ("“%s” (sort %u, filter %u): the first %u rows differ from the whole read",
                           short_searches[p], sort, filter, leading->len);

                if (complete)
                  {
                    g_assert_cmpuint (leading->len, ==, all->len);
                    n_complete++;
                  }
                else if (leading->len == max_ids[i])
                  n_full_pages++;
                else
                  n_short++;

                /* A walk long enough for every row always ends complete or full. */
                if (max_rows[r] >= 1500)
                  g_assert_true (complete || leading->len == max_ids[i]);
              }
        }

  g_test_message ("%u full pages, %u complete, %u too rare", n_full_pages, n_complete, n_short);
  g_assert_cmpuint (n_full_pages, >, 0);
  g_assert_cmpuint (n_complete, >, 0);
  g_assert_cmpuint (n_short, >, 0);

  /* Three characters and more ask the index and are read whole at once. */
  {
    g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();

    g_assert_false (inv_invitation_query_reads_whole_table (query));
    inv_invitation_query_set_search (query, "abc");
    g_assert_false (inv_invitation_query_reads_whole_table (query));
    g_assert_false (inv_invitation_query_has_leading_walk (query));
    inv_invitation_query_set_search (query, " ab ");
    g_assert_true (inv_invitation_query_reads_whole_table (query));
  }
}

static guint
n_found (InvDatabase *database,
         const char  *search)
{
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  inv_invitation_query_set_search (query, search);
  ids = inv_database_query_invitation_ids (database, query, &error);
  g_assert_no_error (error);

  return ids != NULL ? ids->len : G_MAXUINT;
}

/* Every way the app writes invitations keeps the search index in step: a large demo
 * load (which rebuilds it), a small one (row by row), a cancel, an edit of a name and
 * an erasure. */
static void
test_search_index_in_step (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "in-step.db", NULL);
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(InvCancelResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *erased_email = NULL;
  InvCancelOptions options;
  gint64 edited;
  gint64 erased;
  guint n_invitations;

  g_assert_true (inv_sample_data_add (database, 1000, 7, NULL, NULL, &error));
  g_assert_no_error (error);
  core_test_assert_search_index_in_step (database, TRUE);

  inv_cancel_options_init (&options);
  options.grace_seconds = 0;
  inv_invitation_query_set_status (query, "pending");
  inv_invitation_query_set_search (query, "ana");
  result = inv_cancel_apply_matching (database, query, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_cancelled, >, 0);
  core_test_assert_search_index_in_step (database, TRUE);

  edited = core_test_scalar (database, "SELECT candidate_id FROM invitations WHERE id = 1");
  n_invitations = core_test_scalar (database, "SELECT count(*) FROM invitations WHERE candidate_id = (SELECT candidate_id FROM invitations WHERE id = 1)");
  g_assert_cmpuint (n_found (database, "Quirinus Zzyzx"), ==, 0);
  g_assert_true (inv_candidate_edit (database, edited, "Quirinus", "Zzyzx", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_found (database, "quirinus zzyzx"), ==, n_invitations);
  core_test_assert_search_index_in_step (database, TRUE);

  erased = core_test_scalar (database, "SELECT candidate_id FROM invitations WHERE id = 2");
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database),
                                         "SELECT email FROM invitations WHERE id = 2", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    erased_email = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
  }
  g_assert_cmpuint (n_found (database, erased_email), >=, 1);
  g_assert_true (inv_database_erase_candidate (database, erased, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_found (database, erased_email), ==, 0);
  core_test_assert_search_index_in_step (database, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/search/same-as-scan", test_search_same_as_scan);
  g_test_add_func ("/search/index-in-step", test_search_index_in_step);
  g_test_add_func ("/search/leading-rows", test_search_leading_rows);

  status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return status;
}

/* test-invitations.c: queries, the lazy list model, sample data and export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "inv-database.h"
#include "inv-database-invitations.h"
#include "inv-export.h"
#include "inv-invitation-list.h"
#include "inv-sample-data.h"
#include "core-test-util.h"

#define N_SAMPLE 100000

/* One database of sample rows shared by the read-only tests of this file. */
static InvDatabase *shared_database;

static void
test_sample_data_shape (void)
{
  InvDatabase *database = shared_database;
  gint64 now = inv_database_now ();
  g_autofree char *near_sql = g_strdup_printf ("SELECT count(*) FROM invitations WHERE status = 'pending'"
                                               " AND expires_at > %" G_GINT64_FORMAT
                                               " AND expires_at <= %" G_GINT64_FORMAT,
                                               now - 60, now + 48 * 3600);
  g_autofree char *expired_pending_sql = g_strdup_printf ("SELECT count(*) FROM invitations WHERE status = 'pending'"
                                                          " AND expires_at <= %" G_GINT64_FORMAT, now - 60);

  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations"), ==, N_SAMPLE);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM templates"), ==, INV_SAMPLE_DATA_N_TEMPLATES);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM templates WHERE active = 0"), >=, 1);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM templates WHERE interview_type = 'live'"), >=, 3);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM interviewers"), >=, 3);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(DISTINCT status) FROM invitations"), ==, 7);
  /* Pending ones that end soon exist, and no pending one has already expired. */
  g_assert_cmpint (core_test_scalar (database, near_sql), >, 100);
  g_assert_cmpint (core_test_scalar (database, expired_pending_sql), ==, 0);
  /* Demo data never reaches the outbox and is marked as such. */
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations WHERE is_sample = 0 OR sync_state <> 'local'"), ==, 0);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM outbox"), ==, 0);
  /* International names and internationalised domains. */
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM candidates WHERE first_name GLOB '*[^ -~]*' OR last_name GLOB '*[^ -~]*'"), >, 1000);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations WHERE email LIKE '%@bücher.example'"), >, 100);
  /* Every link is unique, every invitation has a history. */
  g_assert_cmpint (core_test_scalar (database, "SELECT count(DISTINCT link) FROM invitations"), ==, N_SAMPLE);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(DISTINCT invitation_id) FROM history"), ==, N_SAMPLE);
  /* Written in the order they were sent, as a real database grows; each history and
   * each candidate still belongs to its own invitation. */
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations a JOIN invitations b ON b.id = a.id + 1"
                                     " WHERE b.sent_at < a.sent_at"), ==, 0);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM history h JOIN invitations i ON i.id = h.invitation_id"
                                     " WHERE h.event = 'invited' AND h.at <> i.sent_at"), ==, 0);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM history h JOIN invitations i ON i.id = h.invitation_id"
                                     " WHERE h.event <> 'invited' AND h.detail <> i.status"), ==, 0);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations i JOIN candidates c ON c.id = i.candidate_id"
                                     " WHERE c.email <> i.email OR i.candidate_name <> c.first_name || ' ' || c.last_name"), ==, 0);
  /* Closed templates have no pending invitations. */
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations i JOIN templates t ON t.id = i.template_id"
                                     " WHERE t.active = 0 AND i.status IN ('pending', 'in_progress')"), ==, 0);
}

static void
test_sample_data_adds (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "adds.db", NULL);
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (inv_sample_data_add (database, 1000, 1, NULL, NULL, &error));
  g_assert_no_error (error);
  /* Adding again reuses the templates and never repeats a candidate's email. */
  g_assert_true (inv_sample_data_add (database, 1000, 2, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations"), ==, 2000);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM templates"), ==, INV_SAMPLE_DATA_N_TEMPLATES);
}

static char *
sample_rows_digest (guint32 seed)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "seeded.db", NULL);
  g_autoptr(InvDatabase) database = NULL;
  sqlite3_stmt *stmt;
  char *digest;

  g_unlink (path);
  database = inv_database_open (path, NULL);
  g_assert_true (inv_sample_data_add (database, 500, seed, NULL, NULL, NULL));
  stmt = inv_database_prepare (database,
                               "SELECT group_concat(id || ' ' || email || ' ' || status || ' '"
                               " || (expires_at - sent_at) || ' ' || (updated_at - sent_at) || ' ' || link, '\n') FROM"
                               " (SELECT * FROM invitations ORDER BY id)", NULL);
  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  digest = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  g_clear_object (&database);
  g_unlink (path);

  return digest;
}

static void
test_sample_data_seeded (void)
{
  g_autofree char *first = sample_rows_digest (11);
  g_autofree char *again = sample_rows_digest (11);
  g_autofree char *other = sample_rows_digest (12);

  /* The same seed on an empty database gives the same rows, another seed others. Times
   * follow the clock, so the digest holds each row's deadline and last change relative to
   * when it was sent. */
  g_assert_cmpstr (first, ==, again);
  g_assert_cmpstr (first, !=, other);
}

static void
test_count_by_status (void)
{
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  guint counts[INV_N_STATUSES];
  guint64 total = 0;

  /* The status of the query is ignored: counts say what each status filter gives. */
  inv_invitation_query_set_status (query, "completed");
  g_assert_true (inv_database_count_by_status (shared_database, query, counts, NULL));

  for (guint i = 0; i < INV_N_STATUSES; i++)
    total += counts[i];
  g_assert_cmpuint (total, ==, N_SAMPLE);
  g_assert_cmpuint (counts[INV_STATUS_UNKNOWN], ==, 0);
  g_assert_cmpint (counts[INV_STATUS_PENDING], ==,
                   core_test_scalar (shared_database, "SELECT count(*) FROM invitations WHERE status = 'pending'"));
}

static void
test_filters (void)
{
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) pending = NULL;
  g_autoptr(GArray) template_pending = NULL;
  g_autoptr(GArray) search = NULL;
  g_autoptr(GArray) wildcard = NULL;
  gint64 template_id = 0;

  all = inv_database_query_invitation_ids (shared_database, query, NULL);
  g_assert_cmpuint (all->len, ==, N_SAMPLE);

  inv_invitation_query_set_status (query, "pending");
  pending = inv_database_query_invitation_ids (shared_database, query, NULL);
  g_assert_cmpint (pending->len, ==, core_test_scalar (shared_database, "SELECT count(*) FROM invitations WHERE status = 'pending'"));

  g_assert_true (inv_database_template_exists (shared_database, "backend engineer – screening", &template_id));
  g_assert_false (inv_database_template_exists (shared_database, "No such template", NULL));
  query->template_id = template_id;
  template_pending = inv_database_query_invitation_ids (shared_database, query, NULL);
  g_assert_cmpuint (template_pending->len, >, 0);
  g_assert_cmpuint (template_pending->len, <, pending->len);

  for (guint i = 0; i < template_pending->len; i++)
    {
      g_autoptr(InvInvitation) row = inv_database_load_invitation (shared_database,
                                                                   g_array_index (template_pending, gint64, i), NULL);
      g_assert_cmpint (inv_invitation_get_status (row), ==, INV_STATUS_PENDING);
      g_assert_cmpint (inv_invitation_get_template_id (row), ==, template_id);
    }

  /* Search matches names and emails anywhere, case-insensitively. */
  inv_invitation_query_free (g_steal_pointer (&query));
  query = inv_invitation_query_new ();
  inv_invitation_query_set_search (query, "  MÜNCHEN.example ");
  search = inv_database_query_invitation_ids (shared_database, query, NULL);
  g_assert_cmpuint (search->len, >, 0);
  for (guint i = 0; i < MIN (search->len, 50); i++)
    {
      g_autoptr(InvInvitation) row = inv_database_load_invitation (shared_database, g_array_index (search, gint64, i), NULL);
      g_assert_nonnull (strstr (inv_invitation_get_email (row), "münchen.example"));
    }

  /* LIKE's wildcards are taken literally. */
  inv_invitation_query_set_search (query, "%");
  wildcard = inv_database_query_invitation_ids (shared_database, query, NULL);
  g_assert_cmpuint (wildcard->len, ==, 0);
}

static int
compare_ci (const char *a,
            const char *b)
{
  g_autofree char *fa = g_ascii_strdown (a, -1);
  g_autofree char *fb = g_ascii_strdown (b, -1);

  return strcmp (fa, fb);
}

/* Every sort, both directions: rows come in the order the column promises. */
static void
test_sorts (void)
{
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();

  inv_invitation_query_set_search (query, "ana");

  for (InvSortColumn column = 0; column < INV_N_SORTS; column++)
    {
      for (int descending = 0; descending <= 1; descending++)
        {
          g_autoptr(GArray) ids = NULL;
          g_autoptr(InvInvitation) previous = NULL;

          query->sort_column = column;
          query->descending = descending;
          ids = inv_database_query_invitation_ids (shared_database, query, NULL);
          g_assert_cmpuint (ids->len, >, 100);

          for (guint i = 0; i < ids->len; i++)
            {
              g_autoptr(InvInvitation) row = inv_database_load_invitation (shared_database,
                                                                           g_array_index (ids, gint64, i), NULL);
              int order = 0;

              if (previous != NULL)
                {
                  switch (column)
                    {
                    case INV_SORT_SENT:
                      order = (inv_invitation_get_sent_at (previous) > inv_invitation_get_sent_at (row)) -
                              (inv_invitation_get_sent_at (previous) < inv_invitation_get_sent_at (row));
                      break;
                    case INV_SORT_CANDIDATE:
                      order = inv_collation_compare (inv_database_get_collation (shared_database),
                                                     inv_invitation_get_candidate_name (previous),
                                                     inv_invitation_get_candidate_name (row));
                      break;
                    case INV_SORT_EMAIL:
                      order = compare_ci (inv_invitation_get_email (previous), inv_invitation_get_email (row));
                      break;
                    case INV_SORT_TEMPLATE:
                      order = compare_ci (inv_invitation_get_template_name (previous), inv_invitation_get_template_name (row));
                      break;
                    case INV_SORT_STATUS:
                      order = strcmp (inv_invitation_get_status_text (previous), inv_invitation_get_status_text (row));
                      break;
                    case INV_SORT_DEADLINE:
                      order = (inv_invitation_get_expires_at (previous) > inv_invitation_get_expires_at (row)) -
                              (inv_invitation_get_expires_at (previous) < inv_invitation_get_expires_at (row));
                      break;
                    case INV_SORT_SYNC_STATE:
                      order = 0;
                      break;
                    case INV_N_SORTS:
                    default:
                      g_assert_not_reached ();
                    }

                  if (descending)
                    g_assert_cmpint (order, >=, 0);
                  else
                    g_assert_cmpint (order, <=, 0);
                }

              g_set_object (&previous, row);
            }
        }
    }
}

/* SQLite's plan for @sql ("EXPLAIN QUERY PLAN …") with @query's values bound. */
static char *
bound_plan (InvDatabase              *database,
            const InvInvitationQuery *query,
            const char               *sql)
{
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  _inv_invitation_query_bind (query, stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);

  return g_string_free (g_steal_pointer (&plan), FALSE);
}

/* The plan of the whole read of @query's ids. */
static char *
query_plan (InvDatabase              *database,
            const InvInvitationQuery *query)
{
  g_autoptr(GString) sql = g_string_new ("EXPLAIN QUERY PLAN SELECT i.id");

  _inv_invitation_query_append_from (query, sql, FALSE);
  _inv_invitation_query_append_sql (query, sql, TRUE);

  return bound_plan (database, query, sql->str);
}

/* The plan of the walk for @query's first rows. */
static char *
leading_plan (InvDatabase              *database,
              const InvInvitationQuery *query)
{
  g_autoptr(GString) sql = g_string_new ("EXPLAIN QUERY PLAN ");

  _inv_invitation_query_append_leading_sql (query, sql, 10000);

  return bound_plan (database, query, sql->str);
}

/* At a million rows a sort of the whole table takes longer than a person waits for a
 * click on a column header. Every list's first rows come from a walk of its order's
 * index, under any filter and a short search, which never sorts; the whole read of
 * the rows of the list without a filter, sorted by date, sorts nothing either. (The
 * sync-state sort is the exception: most rows share a handful of values, and it is
 * rarely used.) A search reads the table in storage order instead of fetching rows at
 * random through a sort index. */
static void
test_query_plans (void)
{
  for (InvSortColumn column = 0; column < INV_N_SORTS; column++)
    {
      for (int filter = 0; filter < 4; filter++)
        {
          g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
          g_autofree char *plan = NULL;
          g_autofree char *walk = NULL;

          query->sort_column = column;
          query->descending = filter % 2 == 0;
          if (filter == 1)
            inv_invitation_query_set_status (query, "pending");
          else if (filter == 2)
            query->template_id = 1;
          else if (filter == 3)
            inv_invitation_query_set_search (query, "mü");

          plan = query_plan (shared_database, query);
          g_test_message ("sort %d, filter %d:\n%s", column, filter, plan);

          if (column == INV_SORT_SYNC_STATE)
            {
              g_assert_false (inv_invitation_query_has_leading_walk (query));
              continue;
            }

          walk = leading_plan (shared_database, query);
          g_test_message ("first rows:\n%s", walk);
          g_assert_null (strstr (walk, "TEMP B-TREE"));
          if (column != INV_SORT_TEMPLATE)
            g_assert_nonnull (strstr (walk, "INDEX invitations_by_"));

          if (filter == 0 && (column == INV_SORT_SENT || column == INV_SORT_TEMPLATE))
            g_assert_null (strstr (plan, "TEMP B-TREE"));
        }
    }

  /* A search of three characters or more asks the trigram index for its rows and
   * fetches them by row id; a shorter one reads the table. */
  {
    g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
    g_autofree char *plan = NULL;

    inv_invitation_query_set_search (query, "müller");
    plan = query_plan (shared_database, query);
    g_test_message ("search:\n%s", plan);
    g_assert_nonnull (strstr (plan, "SEARCH i USING INTEGER PRIMARY KEY"));
    g_assert_nonnull (strstr (plan, "SCAN invitation_search VIRTUAL TABLE"));
    g_assert_null (strstr (plan, "SCAN i\n"));
  }

  {
    g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
    g_autofree char *plan = NULL;

    inv_invitation_query_set_search (query, "mü");
    plan = query_plan (shared_database, query);
    g_assert_nonnull (strstr (plan, "SCAN i"));
    g_assert_null (strstr (plan, "USING INDEX"));
    g_assert_null (strstr (plan, "invitation_search"));
  }

  /* A cancel of the matching rows names its own FROM, where SQLite may pick any index:
   * the status and template must not take over from the search index. */
  {
    g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
    g_autoptr(GString) sql = g_string_new ("EXPLAIN QUERY PLAN SELECT i.id FROM invitations i");
    g_autofree char *plan = NULL;

    inv_invitation_query_set_status (query, "pending");
    inv_invitation_query_set_template_name (query, "Backend Engineer – Screening");
    query->template_id = 1;
    inv_invitation_query_set_search (query, "müller");
    _inv_invitation_query_append_sql (query, sql, FALSE);
    plan = bound_plan (shared_database, query, sql->str);

    g_test_message ("cancel matching:\n%s", plan);
    g_assert_nonnull (strstr (plan, "SEARCH i USING INTEGER PRIMARY KEY"));
    g_assert_null (strstr (plan, "invitations_by"));
  }
}

/* A list made with its first rows only shows the true first rows of its query, says
 * it is partial, and completes to exactly the list a whole read makes; a query the
 * walk cannot serve, or whose rows it finds all, is read whole at once. */
static void
test_list_first_rows (void)
{
  for (guint c = 0; c < 4; c++)
    {
      g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
      g_autoptr(InvInvitationList) first = NULL;
      g_autoptr(InvInvitationList) whole = NULL;
      g_autoptr(GArray) ids = NULL;
      g_autoptr(GError) error = NULL;
      guint n;

      if (c == 1)
        {
          inv_invitation_query_set_status (query, "pending");
          query->sort_column = INV_SORT_CANDIDATE;
          query->descending = FALSE;
        }
      else if (c == 2)
        query->sort_column = INV_SORT_SYNC_STATE;
      else if (c == 3)
        inv_invitation_query_set_search (query, "no such person anywhere");

      first = inv_invitation_list_new_first_rows (shared_database, query, 200, 10000);
      whole = inv_invitation_list_new (shared_database, query);
      n = g_list_model_get_n_items (G_LIST_MODEL (whole));

      if (c >= 2)
        {
          /* No walk for the sync-state order, and a search the index serves. */
          g_assert_false (inv_invitation_list_is_partial (first));
          g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (first)), ==, n);
          continue;
        }

      g_assert_cmpuint (n, >, 200);
      g_assert_true (inv_invitation_list_is_partial (first));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (first)), ==, 200);
      for (guint i = 0; i < 200; i += 37)
        {
          g_autoptr(InvInvitation) a = g_list_model_get_item (G_LIST_MODEL (first), i);
          g_autoptr(InvInvitation) b = g_list_model_get_item (G_LIST_MODEL (whole), i);

          g_assert_cmpint (inv_invitation_get_id (a), ==, inv_invitation_get_id (b));
        }

      ids = inv_database_query_invitation_ids (shared_database, query, &error);
      g_assert_no_error (error);
      inv_invitation_list_complete (first, ids);
      g_assert_false (inv_invitation_list_is_partial (first));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (first)), ==, n);
      {
        g_autoptr(InvInvitation) a = g_list_model_get_item (G_LIST_MODEL (first), n - 1);
        g_autoptr(InvInvitation) b = g_list_model_get_item (G_LIST_MODEL (whole), n - 1);

        g_assert_cmpint (inv_invitation_get_id (a), ==, inv_invitation_get_id (b));
      }
    }
}

/* A large demo load drops the search index's triggers and rebuilds it once. */
static void
test_search_index_after_large_load (void)
{
  core_test_assert_search_index_in_step (shared_database, FALSE);
}

/* The list model at 100,000 rows: it knows its size from one query, makes rows only
 * when asked, and never holds more than a small cache of them. */
static void
test_list_model (void)
{
  g_autoptr(InvInvitationList) list = inv_invitation_list_new (shared_database, NULL);
  g_autoptr(InvInvitationQuery) pending = inv_invitation_query_new ();
  GListModel *model = G_LIST_MODEL (list);
  guint items_changed = 0;
  guint position = 0;
  gint64 last_sent = G_MAXINT64;
  gint64 id;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_SAMPLE);
  g_assert_true (g_list_model_get_item_type (model) == INV_TYPE_INVITATION);
  g_assert_cmpuint (inv_invitation_list_get_cache_size (list), ==, 0);

  /* Newest first by default. */
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(InvInvitation) row = g_list_model_get_item (model, i);

      g_assert_nonnull (row);
      g_assert_cmpint (inv_invitation_get_sent_at (row), <=, last_sent);
      last_sent = inv_invitation_get_sent_at (row);
      g_assert_cmpint (inv_invitation_get_id (row), ==, inv_invitation_list_get_id (list, i));
    }

  /* Walk the whole list: the cache stays bounded. */
  for (guint i = 0; i < N_SAMPLE; i += 7)
    g_object_unref (g_list_model_get_item (model, i));
  g_assert_cmpuint (inv_invitation_list_get_cache_size (list), <=, 512);

  g_assert_null (g_list_model_get_item (model, N_SAMPLE));
  g_assert_cmpint (inv_invitation_list_get_id (list, N_SAMPLE), ==, 0);

  id = inv_invitation_list_get_id (list, 4242);
  g_assert_true (inv_invitation_list_find (list, id, &position));
  g_assert_cmpuint (position, ==, 4242);
  g_assert_false (inv_invitation_list_find (list, -5, NULL));

  g_signal_connect_swapped (model, "items-changed", G_CALLBACK (g_atomic_int_inc), &items_changed);
  inv_invitation_query_set_status (pending, "pending");
  inv_invitation_list_set_query (list, pending);
  g_assert_cmpuint (items_changed, ==, 1);
  g_assert_cmpint (g_list_model_get_n_items (model), ==,
                   core_test_scalar (shared_database, "SELECT count(*) FROM invitations WHERE status = 'pending'"));

  /* The same query again reads nothing. */
  inv_invitation_list_set_query (list, pending);
  g_assert_cmpuint (items_changed, ==, 1);
}

static char *
export_to_string (InvDatabase              *database,
                  const InvInvitationQuery *query,
                  InvExportFormat           format)
{
  char *buffer = NULL;
  size_t length = 0;
  FILE *out = open_memstream (&buffer, &length);
  g_autoptr(GError) error = NULL;

  g_assert_true (inv_export_invitations (database, query, format, out, &error));
  g_assert_no_error (error);
  fclose (out);

  return buffer;
}

static InvDatabase *
tricky_database (void)
{
  static guint serial;
  g_autofree char *name = g_strdup_printf ("tricky-%u.db", ++serial);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  InvDatabase *database = inv_database_open (path, NULL);

  g_assert_true (inv_database_exec (database,
                                    "INSERT INTO templates (id, name) VALUES (1, 'Engineer, \"Senior\"');"
                                    "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at)"
                                    "  VALUES (1, 'Zoë', 'O''Brien, Jr.', 'zoe@bücher.example', 'zoe@bücher.example', 0);"
                                    "INSERT INTO invitations (id, remote_id, template_id, candidate_id, candidate_name, email,"
                                    "  status, link, sent_at, expires_at, updated_at, sync_state) VALUES"
                                    "  (1, 5550000001234, 1, 1, 'Zoë \"Zo\" O''Brien, Jr.', 'zoe@bücher.example',"
                                    "   'pending', 'https://x.example/i/1', 1795338000, 1795942800, 1795338000, 'synced'),"
                                    "  (2, NULL, 1, 1, 'Line' || char(10) || 'Break', 'zoe@bücher.example',"
                                    "   'Archived', NULL, 1795338001, NULL, 1795338001, 'pending_create');",
                                    NULL));

  return database;
}

static void
test_export_csv (void)
{
  g_autoptr(InvDatabase) database = tricky_database ();
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autofree char *csv = NULL;

  query->sort_column = INV_SORT_SENT;
  query->descending = FALSE;
  csv = export_to_string (database, query, INV_EXPORT_CSV);

  g_assert_cmpstr (csv, ==,
                   "id,remote_id,template,template_id,candidate_name,email,status,sync_state,link,sent_at,expires_at\r\n"
                   "1,5550000001234,\"Engineer, \"\"Senior\"\"\",1,\"Zoë \"\"Zo\"\" O'Brien, Jr.\",zoe@bücher.example,"
                   "pending,synced,https://x.example/i/1,2026-11-22T09:00:00Z,2026-11-29T09:00:00Z\r\n"
                   "2,,\"Engineer, \"\"Senior\"\"\",1,\"Line\nBreak\",zoe@bücher.example,Archived,pending_create,,"
                   "2026-11-22T09:00:01Z,\r\n");
}

static void
test_export_json (void)
{
  g_autoptr(InvDatabase) database = tricky_database ();
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonArray *array;
  JsonObject *first;
  JsonObject *second;
  static const char * const keys[] = {
    "id", "remote_id", "template", "template_id", "candidate_name", "email",
    "status", "sync_state", "link", "sent_at", "expires_at",
  };

  query->descending = FALSE;
  json = export_to_string (database, query, INV_EXPORT_JSON);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);

  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  first = json_array_get_object_element (array, 0);
  second = json_array_get_object_element (array, 1);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_assert_true (json_object_has_member (first, keys[i]));
      g_assert_true (json_object_has_member (second, keys[i]));
    }
  g_assert_cmpuint (json_object_get_size (first), ==, G_N_ELEMENTS (keys));

  g_assert_cmpint (json_object_get_int_member (first, "remote_id"), ==, G_GINT64_CONSTANT (5550000001234));
  g_assert_cmpstr (json_object_get_string_member (first, "candidate_name"), ==, "Zoë \"Zo\" O'Brien, Jr.");
  g_assert_cmpstr (json_object_get_string_member (first, "template"), ==, "Engineer, \"Senior\"");
  g_assert_cmpstr (json_object_get_string_member (first, "sent_at"), ==, "2026-11-22T09:00:00Z");
  g_assert_true (json_object_get_null_member (second, "remote_id"));
  g_assert_true (json_object_get_null_member (second, "expires_at"));
  g_assert_cmpstr (json_object_get_string_member (second, "candidate_name"), ==, "Line\nBreak");
  g_assert_cmpstr (json_object_get_string_member (second, "status"), ==, "Archived");

  /* No rows is an empty array, still valid JSON. */
  {
    g_autofree char *empty = NULL;

    inv_invitation_query_set_status (query, "terminated");
    empty = export_to_string (database, query, INV_EXPORT_JSON);
    g_assert_true (json_parser_load_from_data (parser, empty, -1, &error));
    g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 0);
  }
}

static void
test_unknown_status_row (void)
{
  g_autoptr(InvDatabase) database = tricky_database ();
  g_autoptr(InvInvitation) row = inv_database_load_invitation (database, 2, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(InvInvitation) missing = NULL;

  /* An unknown spelling is kept and shown as it is. */
  g_assert_cmpint (inv_invitation_get_status (row), ==, INV_STATUS_UNKNOWN);
  g_assert_cmpstr (inv_invitation_get_status_label (row), ==, "Archived");
  g_assert_cmpint (inv_invitation_get_remote_id (row), ==, 0);
  g_assert_cmpint (inv_invitation_get_sync_state (row), ==, INV_SYNC_STATE_PENDING_CREATE);

  missing = inv_database_load_invitation (database, 999, &error);
  g_assert_null (missing);
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  g_autofree char *path = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  path = g_build_filename (g_get_tmp_dir (), "shared-sample.db", NULL);
  shared_database = inv_database_open (path, NULL);
  g_assert_nonnull (shared_database);
  g_assert_true (inv_sample_data_add (shared_database, N_SAMPLE, 20261122, NULL, NULL, NULL));

  g_test_add_func ("/invitations/sample-data/shape", test_sample_data_shape);
  g_test_add_func ("/invitations/sample-data/adds", test_sample_data_adds);
  g_test_add_func ("/invitations/sample-data/seeded", test_sample_data_seeded);
  g_test_add_func ("/invitations/count-by-status", test_count_by_status);
  g_test_add_func ("/invitations/filters", test_filters);
  g_test_add_func ("/invitations/sorts", test_sorts);
  g_test_add_func ("/invitations/query-plans", test_query_plans);
  g_test_add_func ("/invitations/search/index-after-large-load", test_search_index_after_large_load);
  g_test_add_func ("/invitations/list-model", test_list_model);
  g_test_add_func ("/invitations/list-first-rows", test_list_first_rows);
  g_test_add_func ("/invitations/export/csv", test_export_csv);
  g_test_add_func ("/invitations/export/json", test_export_json);
  g_test_add_func ("/invitations/unknown-status-row", test_unknown_status_row);

  status = g_test_run ();
  g_clear_object (&shared_database);

  inv_test_remove_tmpdir (tmpdir);

  return status;
}

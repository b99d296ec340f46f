/* test-collation.c: names in the order of the person's language, searches that
 * ignore case and accents, at a million rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <glib.h>
#include <string.h>

#include "inv-collation.h"
#include "inv-database.h"
#include "inv-database-candidates.h"
#include "inv-database-invitations.h"
#include "inv-database-templates.h"
#include "inv-template.h"
#include "inv-database-worker.h"
#include "core-test-util.h"

#define N_MILLION_ROWS 1000000

/* @names sorted by @locale's collation. */
static GPtrArray *
sorted (const char         *locale,
        const char * const *names)
{
  g_autoptr(InvCollation) collation = inv_collation_new (locale, NULL);
  GPtrArray *array = g_ptr_array_new ();

  g_assert_nonnull (collation);
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (array, (gpointer)names[i]);

  /* Insertion sort: the arrays are short and the comparison needs the collation. */
  for (guint i = 1; i < array->len; i++)
    for (guint j = i; j > 0 && inv_collation_compare (collation, array->pdata[j - 1], array->pdata[j]) > 0; j--)
      {
        gpointer swap = array->pdata[j];
        array->pdata[j] = array->pdata[j - 1];
        array->pdata[j - 1] = swap;
      }

  return array;
}

static void
assert_order (const char         *locale,
              const char * const *names,
              const char * const *expected)
{
  g_autoptr(GPtrArray) array = sorted (locale, names);
  g_autofree char *got = NULL;
  g_autofree char *want = g_strjoinv (" | ", (char **)expected);

  g_ptr_array_add (array, NULL);
  got = g_strjoinv (" | ", (char **)array->pdata);
  g_test_message ("%s: %s", locale, got);
  g_assert_cmpstr (got, ==, want);
}

/* Letters with an accent or a stroke sort with their base letter, not after Z as
 * their bytes would; where a language has its own rule, its rule. */
static void
test_collation_order (void)
{
  static const char * const names[] = {
    "Zofia", "Łukasz", "Lukas", "Émile", "Eva", "Çelik", "Celina", "Mateusz", "Öberg",
    "Oskar", "Peters", "Zetterlund", NULL
  };
  static const char * const root[] = {
    "Çelik", "Celina", "Émile", "Eva", "Lukas", "Łukasz", "Mateusz", "Öberg", "Oskar",
    "Peters", "Zetterlund", "Zofia", NULL
  };
  /* Polish: Ł is a letter of its own after L (still before M). */
  static const char * const polish[] = {
    "Çelik", "Celina", "Émile", "Eva", "Lukas", "Łukasz", "Mateusz", "Öberg", "Oskar",
    "Peters", "Zetterlund", "Zofia", NULL
  };
  /* Swedish: Ö is a letter of its own after Z. */
  static const char * const swedish[] = {
    "Çelik", "Celina", "Émile", "Eva", "Lukas", "Łukasz", "Mateusz", "Oskar", "Peters",
    "Zetterlund", "Zofia", "Öberg", NULL
  };

  assert_order ("root", names, root);
  assert_order ("pl_PL", names, polish);
  assert_order ("de_DE", names, root);
  assert_order ("sv_SE", names, swedish);

  /* Polish puts "Lz" before "Łukasz"; in any language Ł comes before M. */
  {
    g_autoptr(InvCollation) pl = inv_collation_new ("pl_PL", NULL);

    g_assert_cmpint (inv_collation_compare (pl, "Lz", "Łukasz"), <, 0);
    g_assert_cmpint (inv_collation_compare (pl, "Łukasz", "Ma"), <, 0);
    g_assert_cmpint (inv_collation_compare (pl, "łukasz", "Łukasz"), !=, 0);
    g_assert_cmpint (inv_collation_compare (pl, "Anna", "Anna"), ==, 0);
  }

  /* A last name decides before a first name, whatever their lengths. */
  {
    g_autoptr(InvCollation) root_collation = inv_collation_new ("root", NULL);
    gsize a_length, b_length;
    g_autofree guint8 *a = inv_collation_key_of_pair (root_collation, "Nowak", "Zofia", &a_length);
    g_autofree guint8 *b = inv_collation_key_of_pair (root_collation, "Nowakowski", "Adam", &b_length);
    g_autofree guint8 *c = inv_collation_key_of_pair (root_collation, "Nowak", "Anna", &b_length);

    g_assert_cmpint (memcmp (a, b, MIN (a_length, b_length)), <, 0);
    g_assert_cmpint (memcmp (c, a, MIN (a_length, b_length)), <, 0);
  }
}

/* The session's locale, as the C library reads it; C and POSIX get ICU's root order,
 * which still puts Ł beside L. */
static void
test_collation_locale (void)
{
  static const struct { const char *lc_all, *lc_collate, *lang, *expected; } cases[] = {
    { "pl_PL.UTF-8", "de_DE.UTF-8", "sv_SE.UTF-8", "pl_PL" },
    { NULL, "de_DE.UTF-8@euro", "sv_SE.UTF-8", "de_DE" },
    { "", NULL, "sv_SE", "sv_SE" },
    { "C.UTF-8", NULL, "pl_PL.UTF-8", "root" },
    { NULL, "POSIX", NULL, "root" },
    { NULL, NULL, NULL, "root" },
  };
  g_autofree char *saved = g_strdup (g_getenv ("LC_ALL"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *locale = NULL;
      g_autoptr(InvCollation) collation = NULL;

      g_setenv ("LC_ALL", cases[i].lc_all ? cases[i].lc_all : "", TRUE);
      if (cases[i].lc_all == NULL)
        g_unsetenv ("LC_ALL");
      if (cases[i].lc_collate != NULL)
        g_setenv ("LC_COLLATE", cases[i].lc_collate, TRUE);
      else
        g_unsetenv ("LC_COLLATE");
      if (cases[i].lang != NULL)
        g_setenv ("LANG", cases[i].lang, TRUE);
      else
        g_unsetenv ("LANG");

      locale = inv_collation_locale_from_environment ();
      g_assert_cmpstr (locale, ==, cases[i].expected);

      collation = inv_collation_new (NULL, NULL);
      g_assert_cmpstr (inv_collation_get_locale (collation), ==, cases[i].expected);
      g_assert_nonnull (strchr (inv_collation_get_id (collation), ' '));
    }

  g_unsetenv ("LC_COLLATE");
  g_unsetenv ("LANG");
  if (saved != NULL)
    g_setenv ("LC_ALL", saved, TRUE);
  else
    g_unsetenv ("LC_ALL");
}

static void
test_search_fold (void)
{
  static const struct { const char *text, *folded; } cases[] = {
    { "Çelik", "celik" },
    { "ÇELİK", "celik" },
    { "Łódź", "lodz" },
    { "Straße", "strasse" },
    { "STRASSE", "strasse" },
    { "ẞ", "ss" },
    { "ﬁnn", "finn" },
    { "Ångström", "angstrom" },
    { "Nguyễn", "nguyen" },
    { "Søren Ærø", "soren aero" },
    { "Đorđe", "dorde" },
    { "ｆｕｌｌ", "full" },
    { "Σίσυφος", "σισυφοσ" },
    { "李小龙", "李小龙" },
    { "a\nb", "a\nb" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = inv_search_fold (cases[i].text);

      g_assert_cmpstr (folded, ==, cases[i].folded);
    }

  /* Text that is not UTF-8 folds to nothing rather than to something unfindable. */
  {
    g_autofree char *folded = inv_search_fold ("\xff\xfe");

    g_assert_cmpstr (folded, ==, "");
  }
}

/* The ids a search (or none) gives, sorted by candidate. */
static GArray *
query_ids (InvDatabase *database,
           const char  *search,
           gboolean     descending)
{
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  g_autoptr(GError) error = NULL;
  GArray *ids;

  query->sort_column = INV_SORT_CANDIDATE;
  query->descending = descending;
  inv_invitation_query_set_search (query, search);
  ids = inv_database_query_invitation_ids (database, query, &error);
  g_assert_no_error (error);

  return ids;
}

static char *
names_of (InvDatabase *database,
          GArray      *ids)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(InvInvitation) invitation = inv_database_load_invitation (database, g_array_index (ids, gint64, i), NULL);

      g_string_append_printf (names, "%s%s", i > 0 ? " | " : "", inv_invitation_get_candidate_name (invitation));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static char *
candidate_names_of (InvDatabase *database,
                    GArray      *ids)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(InvCandidate) candidate = inv_database_load_candidate (database, g_array_index (ids, gint64, i), NULL);

      g_string_append_printf (names, "%s%s", i > 0 ? " | " : "", inv_candidate_get_last_name (candidate));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* The store sorts invitations and candidates by their keys, the writers keep the keys
 * in step with the names, searches find names without their accents, and opening the
 * file in another language makes every key anew. */
static void
test_store_order (void)
{
  static const char * const last_names[] = { "Zola", "Żak", "Lis", "Łoś", "Ek", "Émond", "Çelik", "Celnik", "Öberg", "Oskarsson" };
  g_autofree char *saved = g_strdup (g_getenv ("LC_ALL"));
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "store-order.db", NULL);
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *names = NULL;
  g_autofree char *collation = NULL;

  g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
  database = core_test_open_database ("store-order.db",
                                      "INSERT INTO templates (id, name) VALUES (1, 'One');");
  g_assert_cmpstr (inv_collation_get_locale (inv_database_get_collation (database)), ==, "de_DE");

  for (guint i = 0; i < G_N_ELEMENTS (last_names); i++)
    {
      g_autofree char *email = g_strdup_printf ("person%u@example.org", i);
      gint64 id = inv_database_add_candidate (database, "Ann", last_names[i], email, NULL, &error);

      g_assert_no_error (error);
      /* Invitations name people first name first; the list sorts them that way. */
      g_assert_true (inv_database_exec (database,
                                        "INSERT INTO invitations (template_id, candidate_id, candidate_name,"
                                        " email, status, sent_at, updated_at)"
                                        " SELECT 1, id, last_name, email, 'pending', 0, 0 FROM candidates"
                                        " WHERE id = last_insert_rowid ()",
                                        &error));
      g_assert_no_error (error);
      /* A rename is what writes the invitations' names, keys and search texts. */
      g_assert_true (inv_database_update_candidate (database, id, "", last_names[i], email, NULL, &error));
      g_assert_no_error (error);
    }

  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations WHERE name_key IS NULL"), ==, 0);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM candidates WHERE name_key IS NULL"), ==, 0);

  ids = query_ids (database, NULL, FALSE);
  names = names_of (database, ids);
  g_assert_cmpstr (names, ==, "Çelik | Celnik | Ek | Émond | Lis | Łoś | Öberg | Oskarsson | Żak | Zola");
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&names, g_free);

  ids = inv_database_query_candidate_ids (database, NULL, &error);
  g_assert_no_error (error);
  names = candidate_names_of (database, ids);
  g_assert_cmpstr (names, ==, "Çelik | Celnik | Ek | Émond | Lis | Łoś | Öberg | Oskarsson | Żak | Zola");
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&names, g_free);

  /* The candidates page's order comes from its index, not from a sort. */
  {
    g_autoptr(GString) plan = g_string_new (NULL);
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database),
                                         "EXPLAIN QUERY PLAN SELECT id FROM candidates WHERE erased = 0"
                                         " ORDER BY name_key, id", -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));
    sqlite3_finalize (stmt);

    g_assert_nonnull (strstr (plan->str, "candidates_by_name_key"));
    g_assert_null (strstr (plan->str, "TEMP B-TREE"));
  }

  /* Searches ignore case and accents, through the trigram index (three characters
   * or more) and without it. */
  {
    static const struct { const char *search, *found; } cases[] = {
      { "celik", "Çelik" }, { "CELIK", "Çelik" }, { "Çelik", "Çelik" }, { "los", "Łoś" },
      { "ŁOŚ", "Łoś" }, { "zak", "Żak" }, { "emo", "Émond" }, { "ob", "Öberg" },
      { "Œ", "" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GArray) found = query_ids (database, cases[i].search, FALSE);
        g_autofree char *found_names = names_of (database, found);

        g_assert_cmpstr (found_names, ==, cases[i].found);
      }

    ids = inv_database_query_candidate_ids (database, "celik", &error);
    g_assert_no_error (error);
    names = candidate_names_of (database, ids);
    g_assert_cmpstr (names, ==, "Çelik");
    g_clear_pointer (&ids, g_array_unref);
    g_clear_pointer (&names, g_free);
  }

  /* Interview templates too, as renamed (the Templates page, the sort by template). */
  {
    static const char * const template_names[] = { "Zagreb", "Łódź", "Lisbon", "Évora", "Edinburgh" };
    g_autoptr(GListModel) templates = NULL;
    g_autoptr(GString) order = g_string_new (NULL);

    g_assert_true (inv_database_exec (database,
                                      "INSERT INTO templates (id, name) VALUES (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')",
                                      &error));
    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (template_names); i++)
      {
        g_assert_true (inv_database_rename_template (database, i + 1, template_names[i], &error));
        g_assert_no_error (error);
      }

    templates = inv_database_list_templates (database, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < g_list_model_get_n_items (templates); i++)
      {
        g_autoptr(InvTemplate) template = g_list_model_get_item (templates, i);

        g_string_append_printf (order, "%s%s", i > 0 ? " | " : "", inv_template_get_name (template));
      }
    g_assert_cmpstr (order->str, ==, "Edinburgh | Évora | Lisbon | Łódź | Zagreb");
  }

  collation = core_test_text (database, "SELECT value FROM meta WHERE key = 'collation'");
  g_assert_cmpstr (collation, ==, inv_collation_get_id (inv_database_get_collation (database)));
  g_clear_pointer (&collation, g_free);
  g_clear_object (&database);

  /* In Swedish, Ö comes after Z: the keys are made anew when the file is opened. */
  g_setenv ("LC_ALL", "sv_SE.UTF-8", TRUE);
  database = inv_database_open (path, &error);
  g_assert_no_error (error);
  collation = core_test_text (database, "SELECT value FROM meta WHERE key = 'collation'");
  g_assert_true (g_str_has_prefix (collation, "sv"));

  ids = query_ids (database, NULL, FALSE);
  names = names_of (database, ids);
  g_assert_cmpstr (names, ==, "Çelik | Celnik | Ek | Émond | Lis | Łoś | Oskarsson | Żak | Zola | Öberg");
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&names, g_free);

  ids = inv_database_query_candidate_ids (database, NULL, &error);
  g_assert_no_error (error);
  names = candidate_names_of (database, ids);
  g_assert_cmpstr (names, ==, "Çelik | Celnik | Ek | Émond | Lis | Łoś | Oskarsson | Żak | Zola | Öberg");
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&names, g_free);

  {
    g_autofree char *check = core_test_text (database, "PRAGMA integrity_check");

    g_assert_cmpstr (check, ==, "ok");
  }

  if (saved != NULL)
    g_setenv ("LC_ALL", saved, TRUE);
  else
    g_unsetenv ("LC_ALL");
}

static gpointer
update_sort_keys_job (InvDatabase   *database,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return inv_database_update_sort_keys (database, cancellable, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (inv_database_worker_run_finish (INV_DATABASE_WORKER (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* The app opens a file sorted for another language without waiting: the list reads
 * the old order until a worker has made the keys anew in one transaction, then the
 * new one. */
static void
test_deferred_update (void)
{
  static const char * const last_names[] = { "Zola", "Öberg", "Oskarsson", "Łoś", "Lis" };
  g_autofree char *saved = g_strdup (g_getenv ("LC_ALL"));
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "deferred.db", NULL);
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(InvDatabaseWorker) worker = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *names = NULL;
  gboolean done = FALSE;

  g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
  database = core_test_open_database ("deferred.db", "INSERT INTO templates (id, name) VALUES (1, 'One');");
  core_test_invite_last_names (database, last_names, G_N_ELEMENTS (last_names), "deferred");
  g_clear_object (&database);

  g_setenv ("LC_ALL", "sv_SE.UTF-8", TRUE);
  database = inv_database_open_full (path, INV_DATABASE_OPEN_KEEP_SORT_KEYS, &error);
  g_assert_no_error (error);
  g_assert_false (inv_database_sort_keys_are_current (database));
  ids = query_ids (database, NULL, FALSE);
  names = names_of (database, ids);
  g_assert_cmpstr (names, ==, "Lis | Łoś | Öberg | Oskarsson | Zola");
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&names, g_free);

  worker = inv_database_worker_new (path);
  inv_database_worker_run_async (worker, update_sort_keys_job, NULL, NULL, NULL, NULL, job_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (inv_database_sort_keys_are_current (database));
  ids = query_ids (database, NULL, FALSE);
  names = names_of (database, ids);
  g_assert_cmpstr (names, ==, "Lis | Łoś | Oskarsson | Zola | Öberg");
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&names, g_free);

  ids = inv_database_query_candidate_ids (database, NULL, &error);
  g_assert_no_error (error);
  names = candidate_names_of (database, ids);
  g_assert_cmpstr (names, ==, "Lis | Łoś | Oskarsson | Zola | Öberg");

  if (saved != NULL)
    g_setenv ("LC_ALL", saved, TRUE);
  else
    g_unsetenv ("LC_ALL");
}

/* Names whose byte order and language order disagree; the million rows take them in
 * turn. In byte order "Celina Dion" comes first and "Łukasz Żak" last; in the
 * language's order "Çelik Aydın" first and "Zofia Nowak" last. */
static const char * const million_names[] = {
  "Zofia Nowak", "Łukasz Żak", "Lukas Berg", "Émile Zola", "Eva Ek", "Çelik Aydın",
  "Celina Dion", "Öztürk Can",
};

#define FIRST_NAME_INDEX 5  /* Çelik Aydın */
#define LAST_NAME_INDEX 0   /* Zofia Nowak */

static InvDatabase *
million_database (void)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) sql = g_string_new (NULL);
  InvDatabase *database;
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (million_names); i++)
    g_string_append_printf (names, "%s(%u, '%s')", i > 0 ? ", " : "", i, million_names[i]);

  /* One INSERT … SELECT: each name's key and folded text are computed once by the
   * store's own SQL functions, and each row takes its name's. */
  g_string_append_printf (sql,
                          "CREATE TEMP TABLE names (n INTEGER PRIMARY KEY, name TEXT, name_key BLOB, folded TEXT);"
                          "INSERT INTO names (n, name) VALUES %s;"
                          "UPDATE names SET name_key = inv_name_key (name), folded = inv_search_text (name, '');"
                          "BEGIN;"
                          "INSERT INTO templates (id, name) VALUES (1, 'One');"
                          "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at)"
                          "  VALUES (1, 'Ann', 'Example', 'ann@example.org', 'ann@example.org', 0);"
                          "WITH RECURSIVE s (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %d)"
                          " INSERT INTO invitations (id, template_id, candidate_id, candidate_name, email,"
                          "  search_text, status, sent_at, updated_at, name_key)"
                          " SELECT i, 1, 1, names.name, 'p' || i || '@example.org',"
                          "  names.folded || 'p' || i || '@example.org',"
                          "  CASE i %% 3 WHEN 0 THEN 'pending' WHEN 1 THEN 'completed' ELSE 'expired' END,"
                          "  i, i, names.name_key"
                          " FROM s JOIN names ON names.n = i %% %u;"
                          "COMMIT;"
                          "DROP TABLE temp.names;",
                          names->str, N_MILLION_ROWS, (guint)G_N_ELEMENTS (million_names));

  database = core_test_open_database ("million.db", sql->str);
  g_test_message ("%d rows written in %.1f s", N_MILLION_ROWS, (g_get_monotonic_time () - started) / 1e6);
  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations"), ==, N_MILLION_ROWS);
  (void)error;

  return database;
}

/* At a million rows the list's first page sorted by candidate comes from a walk of
 * the key's index, in the language's order, without sorting the table; searches find
 * names without their accents through the trigram index. */
static void
test_million (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("LC_ALL"));
  g_autoptr(InvDatabase) database = NULL;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  database = million_database ();

  for (int descending = 0; descending <= 1; descending++)
    {
      for (int filter = 0; filter <= 1; filter++)
        {
          g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
          g_autoptr(GString) sql = g_string_new ("EXPLAIN QUERY PLAN ");
          g_autoptr(GString) plan = g_string_new (NULL);
          g_autoptr(GArray) page = NULL;
          g_autoptr(GError) error = NULL;
          sqlite3_stmt *stmt = NULL;
          guint name_index = descending ? LAST_NAME_INDEX : FIRST_NAME_INDEX;
          gboolean complete = FALSE;
          gint64 started;
          gint64 expected;

          query->sort_column = INV_SORT_CANDIDATE;
          query->descending = descending;
          if (filter)
            inv_invitation_query_set_status (query, "pending");

          /* The walk for the first rows, as the list runs it. */
          _inv_invitation_query_append_leading_sql (query, sql, 10000);
          g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), sql->str, -1, &stmt, NULL), ==, SQLITE_OK);
          _inv_invitation_query_bind (query, stmt);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));
          sqlite3_finalize (stmt);
          g_test_message ("descending %d, pending %d:\n%s", descending, filter, plan->str);
          g_assert_nonnull (strstr (plan->str, "INDEX invitations_by_name_key"));
          g_assert_null (strstr (plan->str, "TEMP B-TREE"));

          started = g_get_monotonic_time ();
          page = inv_database_query_leading_invitation_ids (database, query, 50, 10000, &complete, &error);
          g_test_message ("first page in %.2f ms", (g_get_monotonic_time () - started) / 1000.0);
          g_assert_no_error (error);
          g_assert_cmpuint (page->len, ==, 50);

          /* Rows of the first name in the language's order, by id (its tie-breaker);
           * rows i with i % 8 == name_index, pending ones those with i % 3 == 0. */
          expected = descending ? N_MILLION_ROWS + 1 : 0;
          for (guint i = 0; i < page->len; i++)
            {
              do
                expected += descending ? -1 : 1;
              while (expected % G_N_ELEMENTS (million_names) != name_index ||
                     (filter && expected % 3 != 0));
              g_assert_cmpint (g_array_index (page, gint64, i), ==, expected);
            }
        }
    }

  /* Without accents and case, through the trigram index. */
  {
    static const struct { const char *search; guint name_index; } cases[] = {
      { "celik", 5 }, { "AYDIN", 5 }, { "zak", 1 }, { "lukasz", 1 }, { "emile", 3 },
      { "ozturk", 7 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        gint64 started = g_get_monotonic_time ();
        g_autoptr(GArray) found = query_ids (database, cases[i].search, FALSE);

        g_test_message ("“%s”: %u rows in %.1f ms", cases[i].search, found->len,
                        (g_get_monotonic_time () - started) / 1000.0);
        g_assert_cmpuint (found->len, ==, N_MILLION_ROWS / G_N_ELEMENTS (million_names));
        for (guint j = 0; j < found->len; j += 997)
          g_assert_cmpint (g_array_index (found, gint64, j) % G_N_ELEMENTS (million_names), ==, cases[i].name_index);
      }
  }

  g_clear_object (&database);
  if (saved != NULL)
    g_setenv ("LC_ALL", saved, TRUE);
  else
    g_unsetenv ("LC_ALL");
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/collation/order", test_collation_order);
  g_test_add_func ("/collation/locale", test_collation_locale);
  g_test_add_func ("/collation/search-fold", test_search_fold);
  g_test_add_func ("/collation/store-order", test_store_order);
  g_test_add_func ("/collation/deferred-update", test_deferred_update);
  g_test_add_func ("/collation/million", test_million);

  status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return status;
}

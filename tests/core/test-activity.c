/* test-activity.c: the history of every invitation, filtered and paged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "core-test-util.h"
#include "inv-activity-private.h"
#include "inv-history.h"
#include "inv-outbox.h"
#include "inv-remote-store.h"
#include "inv-sample-data.h"
#include "inv-test-tmpdir.h"

static InvDatabase *
open_database (const char *name)
{
  return core_test_open_database (name,
                                  "INSERT INTO templates (id, name) VALUES (1, 'Engineer');"
                                  "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at)"
                                  "  VALUES (1, 'A', 'B', 'a@example.com', 'a@example.com', 0);"
                                  "INSERT INTO invitations (id, template_id, candidate_id, candidate_name, email,"
                                  "  search_text, status, sent_at, updated_at, sync_state) VALUES"
                                  "  (1, 1, 1, 'Ann Able', 'ann@example.com', 'ann able\nann@example.com', 'pending', 100, 0, 'synced'),"
                                  "  (2, 1, 1, 'Bob Baker', 'bob@example.com', 'bob baker\nbob@example.com', 'pending', 200, 0, 'synced'),"
                                  "  (3, 1, 1, 'Cy Cole', 'cy@example.com', 'cy cole\ncy@example.com', 'pending', 300, 0, 'synced');");
}

static void
append (InvDatabase *database,
        gint64       invitation_id,
        gint64       at,
        const char  *event,
        const char  *detail)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (inv_database_append_history (database, invitation_id, at, event, detail, &error));
  g_assert_no_error (error);
}

static GPtrArray *
list (InvDatabase             *database,
      const InvActivityQuery  *query,
      const InvActivityCursor *after,
      guint                    limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = inv_activity_list (database, query, after, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);

  return entries;
}

#define ENTRY(entries, i) ((InvActivityEntry *)g_ptr_array_index ((entries), (i)))

static void
test_pages_and_order (void)
{
  g_autoptr(InvDatabase) database = open_database ("activity-pages.db");
  g_autoptr(InvActivityQuery) query = inv_activity_query_new ();
  g_autoptr(GPtrArray) all = NULL;
  InvActivityCursor cursor = { 0, 0 };
  guint n_seen = 0;

  /* Written out of time order, and two in the same second. */
  append (database, 1, 100, "invited", NULL);
  append (database, 3, 300, "invited", NULL);
  append (database, 2, 200, "invited", NULL);
  append (database, 2, 400, "candidate-edited", "phone");
  append (database, 3, 500, "status-changed", "completed");
  append (database, 1, 500, "cancelled", "sent_by_mistake");

  all = list (database, query, NULL, 100);
  g_assert_cmpuint (all->len, ==, 6);

  /* Newest first; in the same second, the later written first. */
  g_assert_cmpint (ENTRY (all, 0)->at, ==, 500);
  g_assert_cmpstr (ENTRY (all, 0)->event, ==, "cancelled");
  g_assert_cmpstr (ENTRY (all, 1)->event, ==, "status-changed");
  for (guint i = 1; i < all->len; i++)
    g_assert_true (ENTRY (all, i - 1)->at > ENTRY (all, i)->at ||
                   (ENTRY (all, i - 1)->at == ENTRY (all, i)->at &&
                    ENTRY (all, i - 1)->id > ENTRY (all, i)->id));

  g_assert_cmpstr (ENTRY (all, 0)->candidate_name, ==, "Ann Able");
  g_assert_cmpstr (ENTRY (all, 0)->email, ==, "ann@example.com");
  g_assert_cmpstr (ENTRY (all, 0)->template_name, ==, "Engineer");
  g_assert_cmpstr (ENTRY (all, 0)->detail, ==, "sent_by_mistake");
  g_assert_cmpint (ENTRY (all, 0)->actor, ==, INV_ACTIVITY_ACTOR_YOU);
  g_assert_cmpint (ENTRY (all, 1)->actor, ==, INV_ACTIVITY_ACTOR_SERVICE);
  g_assert_cmpint (ENTRY (all, 1)->outcome, ==, INV_ACTIVITY_OUTCOME_NONE);
  g_assert_cmpint (ENTRY (all, 2)->outcome, ==, INV_ACTIVITY_OUTCOME_NONE);

  /* Pages of two give the same rows in the same order, then nothing. */
  for (;;)
    {
      g_autoptr(GPtrArray) page = list (database, query, n_seen > 0 ? &cursor : NULL, 2);

      if (page->len == 0)
        break;

      g_assert_cmpuint (page->len, <=, 2);
      for (guint i = 0; i < page->len; i++, n_seen++)
        g_assert_cmpint (ENTRY (page, i)->id, ==, ENTRY (all, n_seen)->id);

      cursor.at = ENTRY (page, page->len - 1)->at;
      cursor.id = ENTRY (page, page->len - 1)->id;
    }
  g_assert_cmpuint (n_seen, ==, all->len);
}

static void
test_filters (void)
{
  g_autoptr(InvDatabase) database = open_database ("activity-filters.db");
  g_autoptr(InvActivityQuery) query = inv_activity_query_new ();

  append (database, 1, 100, "invited", NULL);
  append (database, 2, 200, "invited", NULL);
  append (database, 3, 300, "invited", NULL);
  append (database, 2, 400, "candidate-edited", "phone");
  append (database, 3, 500, "status-changed", "completed");
  append (database, 1, 600, "cancelled", "other");
  append (database, 1, 700, "cancel-sent", "answered");

  {
    g_autoptr(GPtrArray) entries = NULL;

    query->kind = INV_ACTIVITY_KIND_INVITES;
    entries = list (database, query, NULL, 100);
    g_assert_cmpuint (entries->len, ==, 3);
    for (guint i = 0; i < entries->len; i++)
      g_assert_cmpstr (ENTRY (entries, i)->event, ==, "invited");
  }
  {
    g_autoptr(GPtrArray) entries = NULL;

    query->kind = INV_ACTIVITY_KIND_CANCELS;
    entries = list (database, query, NULL, 100);
    g_assert_cmpuint (entries->len, ==, 2);
    g_assert_cmpstr (ENTRY (entries, 0)->event, ==, "cancel-sent");
    g_assert_cmpint (ENTRY (entries, 0)->actor, ==, INV_ACTIVITY_ACTOR_SERVICE);
    g_assert_cmpstr (ENTRY (entries, 1)->event, ==, "cancelled");
    /* Its outbox row is gone without an undo: the service has it. */
    g_assert_cmpint (ENTRY (entries, 1)->outcome, ==, INV_ACTIVITY_OUTCOME_SENT);
  }
  {
    g_autoptr(GPtrArray) entries = NULL;

    query->kind = INV_ACTIVITY_KIND_EDITS;
    entries = list (database, query, NULL, 100);
    g_assert_cmpuint (entries->len, ==, 1);
    g_assert_cmpstr (ENTRY (entries, 0)->candidate_name, ==, "Bob Baker");
  }
  {
    g_autoptr(GPtrArray) entries = NULL;

    query->kind = INV_ACTIVITY_KIND_SYNC;
    entries = list (database, query, NULL, 100);
    g_assert_cmpuint (entries->len, ==, 1);
    g_assert_cmpstr (ENTRY (entries, 0)->event, ==, "status-changed");
  }

  /* Text: a name or an email, any case. */
  query->kind = INV_ACTIVITY_KIND_ALL;
  {
    g_autoptr(GPtrArray) entries = NULL;

    inv_activity_query_set_search (query, "  BAKER ");
    entries = list (database, query, NULL, 100);
    g_assert_cmpuint (entries->len, ==, 2);
    for (guint i = 0; i < entries->len; i++)
      g_assert_cmpint (ENTRY (entries, i)->invitation_id, ==, 2);
  }
  {
    g_autoptr(GPtrArray) entries = NULL;

    inv_activity_query_set_search (query, "cy@");
    entries = list (database, query, NULL, 100);
    g_assert_cmpuint (entries->len, ==, 2);
  }
  {
    g_autoptr(GPtrArray) entries = NULL;

    inv_activity_query_set_search (query, "nobody");
    entries = list (database, query, NULL, 100);
    g_assert_cmpuint (entries->len, ==, 0);
  }

  /* Dates: from inclusive, to exclusive; with a kind too. */
  inv_activity_query_set_search (query, NULL);
  g_assert_null (query->search);
  query->since = 200;
  query->until = 500;
  {
    g_autoptr(GPtrArray) entries = list (database, query, NULL, 100);

    g_assert_cmpuint (entries->len, ==, 3);
    g_assert_cmpint (ENTRY (entries, 0)->at, ==, 400);
    g_assert_cmpint (ENTRY (entries, 2)->at, ==, 200);
  }
  query->kind = INV_ACTIVITY_KIND_INVITES;
  {
    g_autoptr(GPtrArray) entries = list (database, query, NULL, 100);

    g_assert_cmpuint (entries->len, ==, 2);
  }
}

static void
test_outcome (void)
{
  g_autoptr(InvDatabase) database = open_database ("activity-outcome.db");
  g_autoptr(InvActivityQuery) query = inv_activity_query_new ();
  g_autoptr(GError) error = NULL;
  gint64 now = inv_database_now ();
  gint64 outbox_1 = 0;
  gint64 outbox_2 = 0;

  query->kind = INV_ACTIVITY_KIND_CANCELS;

  /* Cancelled here, in the outbox: waiting. */
  append (database, 1, now, "cancelled", "other");
  g_assert_true (inv_outbox_enqueue (database, INV_OUTBOX_CANCEL, 1, "{}", 0, 0, "pending", "synced",
                                     &outbox_1, &error));
  g_assert_no_error (error);
  append (database, 2, now, "cancelled", "other");
  g_assert_true (inv_outbox_enqueue (database, INV_OUTBOX_CANCEL, 2, "{}", 0, 0, "pending", "synced",
                                     &outbox_2, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) entries = list (database, query, NULL, 100);

    g_assert_cmpuint (entries->len, ==, 2);
    g_assert_cmpint (ENTRY (entries, 0)->outcome, ==, INV_ACTIVITY_OUTCOME_WAITING);
    g_assert_cmpint (ENTRY (entries, 1)->outcome, ==, INV_ACTIVITY_OUTCOME_WAITING);
  }

  /* One refused for good, the other confirmed. */
  g_assert_true (inv_outbox_fail (database, outbox_1, "Not allowed", &error));
  g_assert_no_error (error);
  g_assert_true (inv_remote_store_confirm_cancelled (database, outbox_2, 2, "answered", &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) entries = list (database, query, NULL, 100);

    for (guint i = 0; i < entries->len; i++)
      {
        InvActivityEntry *entry = ENTRY (entries, i);

        if (g_str_equal (entry->event, "cancelled") && entry->invitation_id == 1)
          g_assert_cmpint (entry->outcome, ==, INV_ACTIVITY_OUTCOME_FAILED);
        else if (g_str_equal (entry->event, "cancelled"))
          g_assert_cmpint (entry->outcome, ==, INV_ACTIVITY_OUTCOME_SENT);
        else
          g_assert_cmpstr (entry->event, ==, "cancel-sent");
      }
  }

  /* Cancelled and undone before it was sent: never sent. A demo row: local. */
  append (database, 3, now, "cancelled", "other");
  append (database, 3, now, "undone", "cancel");
  append (database, 2, now - 100, "invited", "demo data");
  query->kind = INV_ACTIVITY_KIND_ALL;
  g_assert_true (inv_database_exec (database, "UPDATE invitations SET is_sample = 1, sync_state = 'local' WHERE id = 2", NULL));
  {
    g_autoptr(GPtrArray) entries = list (database, query, NULL, 100);

    for (guint i = 0; i < entries->len; i++)
      {
        InvActivityEntry *entry = ENTRY (entries, i);

        if (g_str_equal (entry->event, "cancelled") && entry->invitation_id == 3)
          g_assert_cmpint (entry->outcome, ==, INV_ACTIVITY_OUTCOME_NOT_SENT);
        if (g_str_equal (entry->event, "invited") && entry->invitation_id == 2)
          {
            /* Made up with the demo data. */
            g_assert_cmpint (entry->actor, ==, INV_ACTIVITY_ACTOR_DEMO);
            g_assert_cmpint (entry->outcome, ==, INV_ACTIVITY_OUTCOME_LOCAL);
          }
        if (entry->invitation_id == 2 && g_str_equal (entry->event, "cancelled"))
          {
            /* The person cancelled a demo row: theirs, and never sent. */
            g_assert_cmpint (entry->actor, ==, INV_ACTIVITY_ACTOR_YOU);
            g_assert_cmpint (entry->outcome, ==, INV_ACTIVITY_OUTCOME_LOCAL);
          }
      }
  }
}

/* The index's SQL and the C table file every event under the same kind. */
static void
test_kinds_agree (void)
{
  g_autoptr(InvDatabase) database = open_database ("activity-kinds.db");
  static const char * const names[] = {
    "invited", "sent", "imported", "cancelled", "cancel-sent", "undone", "cancel-undone",
    "status-changed", "candidate-edited", "reinvited", "reattempt", "reattempted",
    "reactivated-elsewhere", "merged", "synced", "sync-failed", "sync-retried", "sync-discarded",
    "conflict", "conflict-dismissed", "withdrawn", "candidate-erased", "erased", "unheard-of",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      char *sql = sqlite3_mprintf ("SELECT " INV_ACTIVITY_KIND_SQL " FROM (SELECT %Q AS event)", names[i]);

      g_assert_cmpint (core_test_scalar (database, sql), ==, inv_activity_kind_of_event (names[i]));
      g_assert_nonnull (inv_activity_kind_get_label (inv_activity_kind_of_event (names[i])));
      sqlite3_free (sql);
    }
}

/* Both ways of searching give the same entries, page after page. */
static void
test_search_ways_agree (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "activity-search.db", NULL);
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
  g_autoptr(InvActivityQuery) query = inv_activity_query_new ();
  static const char * const searches[] = { "zo", "ZOË", "example", "müller", "nobody at all", "%" };

  g_assert_true (inv_sample_data_add (database, 3000, 11, NULL, NULL, NULL));

  for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
    for (int kind = INV_ACTIVITY_KIND_ALL; kind < INV_ACTIVITY_N_KINDS; kind++)
      {
        InvActivityCursor cursor = { 0, 0 };
        guint n = 0;

        query->kind = kind;
        inv_activity_query_set_search (query, searches[s]);

        for (guint page = 0; page < 5; page++)
          {
            g_autoptr(GError) error = NULL;
            g_autoptr(GPtrArray) by_set = _inv_activity_list_full (database, query, page > 0 ? &cursor : NULL,
                                                                   50, FALSE, &error);
            g_autoptr(GPtrArray) by_walk = _inv_activity_list_full (database, query, page > 0 ? &cursor : NULL,
                                                                    50, TRUE, &error);

            g_assert_no_error (error);
            g_assert_cmpuint (by_set->len, ==, by_walk->len);
            for (guint i = 0; i < by_set->len; i++)
              g_assert_cmpint (ENTRY (by_set, i)->id, ==, ENTRY (by_walk, i)->id);
            n += by_set->len;
            if (by_set->len == 0)
              break;
            cursor.at = ENTRY (by_set, by_set->len - 1)->at;
            cursor.id = ENTRY (by_set, by_set->len - 1)->id;
          }

        if (g_str_equal (searches[s], "example") && kind == INV_ACTIVITY_KIND_ALL)
          g_assert_cmpuint (n, >, 0);
        if (g_str_equal (searches[s], "nobody at all"))
          g_assert_cmpuint (n, ==, 0);
      }
}

static char *
plan_of (InvDatabase            *database,
         const InvActivityQuery *query,
         gboolean                paged)
{
  g_autoptr(GString) sql = g_string_new ("EXPLAIN QUERY PLAN ");
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autoptr(InvInvitationQuery) search = _inv_activity_append_sql (query, paged, FALSE, sql);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database), sql->str, -1, &stmt, NULL), ==, SQLITE_OK);
  if (search != NULL)
    _inv_invitation_query_bind (search, stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  g_test_message ("%s", plan->str);

  return g_string_free (g_steal_pointer (&plan), FALSE);
}

/* Every filter but the text walks an index in order, never sorting the history. */
static void
test_query_plans (void)
{
  g_autoptr(InvDatabase) database = open_database ("activity-plans.db");
  g_autoptr(InvActivityQuery) query = inv_activity_query_new ();

  for (int kind = INV_ACTIVITY_KIND_ALL; kind < INV_ACTIVITY_N_KINDS; kind++)
    for (int dated = 0; dated < 2; dated++)
      for (int paged = 0; paged < 2; paged++)
        {
          g_autofree char *plan = NULL;

          query->kind = kind;
          query->since = dated ? 100 : 0;
          query->until = dated ? 1000 : 0;
          plan = plan_of (database, query, paged);
          g_assert_nonnull (strstr (plan, kind == INV_ACTIVITY_KIND_ALL ? "history_by_time" : "history_by_kind"));
          g_assert_null (strstr (plan, "TEMP B-TREE"));
        }
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/activity/pages-and-order", test_pages_and_order);
  g_test_add_func ("/activity/filters", test_filters);
  g_test_add_func ("/activity/outcome", test_outcome);
  g_test_add_func ("/activity/kinds-agree", test_kinds_agree);
  g_test_add_func ("/activity/query-plans", test_query_plans);
  g_test_add_func ("/activity/search-ways-agree", test_search_ways_agree);

  status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return status;
}

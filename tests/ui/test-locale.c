/* test-locale.c: the invitations list counts in the person's language, at a million
 * invitations. Run once per language (see meson.build): LC_ALL names it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "inv-application.h"
#include "inv-database.h"
#include "inv-invitations-view.h"
#include "inv-window.h"
#include "ui-test-screenshot.h"
#include "ui-test-util.h"

#define N_ROWS 1000000

typedef struct
{
  const char *locale;
  const char *all;      /* the status filter's first item */
  const char *pending;  /* its "Pending only" item */
} Expected;

static const Expected expectations[] = {
  { "en_US.UTF-8", "All (1,000,000)", "Pending only (333,333)" },
  { "de_DE.UTF-8", "Alle (1.000.000)", "Nur ausstehende (333.333)" },
};

static const Expected *expected;
static gboolean locale_installed;

/* A million invitations in one statement; the list needs their statuses, names and
 * times, not a search text. */
static char *
million_database (void)
{
  g_autofree char *path = ui_test_temp_path ("million.db");
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (
    "BEGIN;"
    "INSERT INTO templates (id, name) VALUES (1, 'Backend Engineer');"
    "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at, name_key)"
    "  VALUES (1, 'Łucja', 'Çelik', 'lucja@example.org', 'lucja@example.org', 0,"
    "          inv_candidate_key ('Çelik', 'Łucja'));"
    "WITH RECURSIVE s (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %d),"
    "  k (name_key) AS (SELECT inv_name_key ('Łucja Çelik'))"
    " INSERT INTO invitations (id, template_id, candidate_id, candidate_name, email, status,"
    "  sent_at, expires_at, updated_at, sync_state, is_sample, name_key)"
    " SELECT i, 1, 1, 'Łucja Çelik', 'lucja@example.org',"
    "  CASE i %% 3 WHEN 0 THEN 'pending' WHEN 1 THEN 'completed' ELSE 'expired' END,"
    "  1700000000 + i, 1800000000 + i, 1700000000 + i, 'local', 1, k.name_key"
    " FROM s, k;"
    "COMMIT;",
    N_ROWS);

  database = inv_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (inv_database_exec (database, sql, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

static gboolean
status_filter_counts (gpointer data)
{
  GListModel *labels = gtk_drop_down_get_model (data);

  const char *first;

  if (labels == NULL || g_list_model_get_n_items (labels) == 0)
    return FALSE;

  first = gtk_string_list_get_string (GTK_STRING_LIST (labels), 0);
  if (g_strcmp0 (first, expected->all) == 0)
    return TRUE;

  /* What it says meanwhile explains a wait in vain. */
  g_debug ("The status filter says “%s”", first);

  return FALSE;
}

static void
counts_body (InvApplication *app,
             InvWindow      *window,
             gpointer        user_data)
{
  InvInvitationsView *view = ui_test_main_view (window);
  g_autoptr(GPtrArray) dropdowns = ui_test_find_all (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN);
  g_autofree char *what = g_strdup_printf ("the status filter says “%s”", expected->all);
  GListModel *labels;
  gboolean found_pending = FALSE;

  g_assert_cmpuint (dropdowns->len, >, 0);
  ui_test_wait_until (status_filter_counts, dropdowns->pdata[0], what);

  labels = gtk_drop_down_get_model (dropdowns->pdata[0]);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      const char *label = gtk_string_list_get_string (GTK_STRING_LIST (labels), i);

      g_test_message ("status filter: %s", label);
      if (g_strcmp0 (label, expected->pending) == 0)
        found_pending = TRUE;
    }
  g_assert_true (found_pending);

  ui_test_screenshot (GTK_WIDGET (window), expected->locale);
}

static void
test_status_filter_counts (void)
{
  g_autofree char *path = NULL;

  if (!locale_installed)
    {
      g_test_skip ("The locale is not installed; build-aux/install-deps test makes it");
      return;
    }

  path = million_database ();
  ui_test_run_app (path, counts_body, NULL);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  const char *lc_all = g_getenv ("LC_ALL");
  int status;

  for (guint i = 0; i < G_N_ELEMENTS (expectations); i++)
    if (g_strcmp0 (lc_all, expectations[i].locale) == 0)
      expected = &expectations[i];
  g_assert_nonnull (expected);

  ui_test_init (&argc, &argv, tmpdir);

  /* gtk_test_init() chose en_US for every test; this one runs in the language the
   * environment names, as the app does. */
  locale_installed = setlocale (LC_ALL, "") != NULL;
  /* The translations built with the app, not those of an installed copy. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("INV_TEST_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/locale/status-filter-counts", test_status_filter_counts);

  status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return status;
}

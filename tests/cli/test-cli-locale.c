/* test-cli-locale.c: numbers on the command line in the person's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <locale.h>
#include <string.h>

#include "cli-test-util.h"

/* Whether the C library has @locale (build-aux/install-deps test makes them). */
static gboolean
have_locale (const char *locale)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  gboolean found = setlocale (LC_ALL, locale) != NULL;

  setlocale (LC_ALL, saved);

  return found;
}

/* A count a person reads comes with the digit grouping of their language; the lines
 * scripts read ("N cancelled, N skipped") keep plain digits. */
static void
test_sample_data_count (void)
{
  static const struct { const char *locale, *count; } cases[] = {
    { "en_US.UTF-8", "1,500" },
    { "de_DE.UTF-8", "1.500" },
    /* Polish groups with a narrow no-break space. */
    { "pl_PL.UTF-8", "1\u202f500" },
    { "C.UTF-8", "1500" },
  };
  g_autofree char *saved = g_strdup (g_getenv ("LC_ALL"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("count-%u.db", i);
      g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
      g_autofree char *option = g_strconcat ("--database=", path, NULL);
      g_autofree char *expected = g_strdup_printf (" %s ", cases[i].count);
      g_autoptr(Run) run = NULL;

      if (!have_locale (cases[i].locale))
        {
          g_autofree char *why = g_strdup_printf ("The locale %s is not installed; "
                                                  "build-aux/install-deps test makes it",
                                                  cases[i].locale);
          g_test_skip (why);
          continue;
        }

      g_setenv ("LC_ALL", cases[i].locale, TRUE);
      run = run_app (option, "--sample-data=1500", NULL);
      g_assert_cmpint (run->exit_status, ==, 0);
      g_assert_nonnull (strstr (run->out, expected));
    }

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

  g_test_add_func ("/cli/locale/sample-data-count", test_sample_data_count);

  status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return status;
}

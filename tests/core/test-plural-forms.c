/* test-plural-forms.c: counts read in the person's language with its own plural rules —
 * Polish has three forms (1; 2–4, 22–24…; 5–21, 25…), German two — through the
 * translations built with the app. Run once per language (see meson.build): LC_ALL
 * names it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "inv-cancel.h"

typedef struct
{
  guint       n;
  const char *sentence;
} Expected;

/* What the warning dialog says of invitations a cancel leaves alone because they
 * are completed. Polish groups digits with a narrow no-break space, German with a
 * full stop. */
static const Expected polish[] = {
  { 1, "1 ukończone — to zaproszenie zostanie pominięte." },
  { 2, "2 ukończone — te zaproszenia zostaną pominięte." },
  { 4, "4 ukończone — te zaproszenia zostaną pominięte." },
  { 5, "5 ukończonych — te zaproszenia zostaną pominięte." },
  { 12, "12 ukończonych — te zaproszenia zostaną pominięte." },
  { 22, "22 ukończone — te zaproszenia zostaną pominięte." },
  { 25, "25 ukończonych — te zaproszenia zostaną pominięte." },
  { 1500, "1\u202f500 ukończonych — te zaproszenia zostaną pominięte." },
};

static const Expected german[] = {
  { 1, "1 ist abgeschlossen – sie wird übersprungen." },
  { 2, "2 sind abgeschlossen – sie werden übersprungen." },
  { 5, "5 sind abgeschlossen – sie werden übersprungen." },
  { 1500, "1.500 sind abgeschlossen – sie werden übersprungen." },
};

static const Expected *expected;
static guint n_expected;

static void
test_skipped_sentence (void)
{
  if (expected == NULL)
    {
      g_test_skip ("The locale is not installed; build-aux/install-deps test makes it");
      return;
    }

  for (guint i = 0; i < n_expected; i++)
    {
      InvCancelPreview preview = { 0 };
      g_autofree char *sentence = NULL;

      preview.n_requested = expected[i].n;
      preview.n_skipped = expected[i].n;
      preview.skipped_by_status[INV_STATUS_COMPLETED] = expected[i].n;

      sentence = inv_cancel_preview_describe_skipped (&preview);
      g_assert_cmpstr (sentence, ==, expected[i].sentence);
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *lc_all = g_getenv ("LC_ALL");

  g_test_init (&argc, &argv, NULL);

  /* The language the environment names, with the translations built beside the app. */
  if (setlocale (LC_ALL, "") != NULL)
    {
      if (g_strcmp0 (lc_all, "pl_PL.UTF-8") == 0)
        {
          expected = polish;
          n_expected = G_N_ELEMENTS (polish);
        }
      else if (g_strcmp0 (lc_all, "de_DE.UTF-8") == 0)
        {
          expected = german;
          n_expected = G_N_ELEMENTS (german);
        }
      else
        g_error ("No expectations for the language %s", lc_all);
    }
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("INV_TEST_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/plural-forms/skipped-sentence", test_skipped_sentence);

  return g_test_run ();
}

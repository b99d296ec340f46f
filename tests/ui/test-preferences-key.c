/* test-preferences-key.c: Preferences refuse an API key that cannot be sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A key typed or pasted with a line break, a control character or more characters
 * than a key can have is not saved (nor cut to fit): a toast says why, the keyring
 * stays as it was. A good key is then saved as before.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "inv-credentials.h"
#include "inv-preferences-window.h"
#include "inv-test-tmpdir.h"
#include "inv-ui-resources.h"
#include "sync-test-util.h"
#include "ui-test-screenshot.h"
#include "ui-test-util.h"

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  data)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  GtkWidget *row = ui_test_find_widget (root, is_row_titled, title);

  g_assert_nonnull (row);

  return row;
}

/* Types @text into an entry row and presses Enter, as the keyboard does. */
static void
type_and_press_enter (GtkWidget  *row,
                      const char *text)
{
  GtkWidget *field = ui_test_find_widget (row, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT));

  g_assert_nonnull (field);
  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  ui_test_drain ();
  g_signal_emit_by_name (field, "activate");
  ui_test_drain ();
}

typedef struct
{
  GtkWidget  *window;
  const char *text;
} Toast;

static gboolean
toast_shown (gpointer data)
{
  Toast *toast = data;
  GtkWidget *label = ui_test_find_widget (toast->window, ui_test_is_label_with, toast->text);

  return label != NULL && gtk_widget_get_mapped (label);
}

static void
test_bad_keys_refused (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=good-prefs-key", NULL);
  g_autofree char *path = test_temp_database_path ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(InvDatabase) database = test_database_new (path);
  g_autoptr(InvSession) session = inv_session_new (database, settings);
  g_autofree char *too_long = NULL;
  GString *text = g_string_new ("secret-part-");
  struct
  {
    const char *key;
    const char *message;
  } refused[] = {
    { "secret-part\nsecond-line", "line break" },
    { "secret-part\x1b]0;t\x07", "Character 12 of the API key cannot be sent" },
    { "secret-part\t", "Character 12 of the API key cannot be sent" },
    { NULL, "The API key is too long" },
  };

  while (text->len <= INV_CREDENTIALS_MAX_KEY_LENGTH)
    g_string_append (text, "0123456789");
  too_long = g_string_free (text, FALSE);
  refused[3].key = too_long;

  g_settings_set_string (settings, "service-url", service->url);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      GtkWindow *window = inv_preferences_window_new (NULL, session);
      GtkWidget *key_row;
      Toast toast = { GTK_WIDGET (window), refused[i].message };
      g_autofree char *stored = NULL;

      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "sync");
      gtk_window_present (window);
      ui_test_wait_until (ui_test_widget_mapped, window, "the preferences are shown");
      key_row = find_row (GTK_WIDGET (window), "API Key");

      type_and_press_enter (key_row, refused[i].key);
      /* The field holds what was typed, line break and all. */
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, refused[i].key);
      ui_test_wait_until (toast_shown, &toast, refused[i].message);
      /* For a person to see that the message fits the toast. */
      if (g_getenv ("INV_TEST_SCREENSHOTS") != NULL)
        {
          g_autofree char *name = g_strdup_printf ("preferences-key-refused-%u", i);

          ui_test_wait_for_frames (GTK_WIDGET (window), 30);
          ui_test_screenshot (GTK_WIDGET (window), name);
        }

      /* Nothing saved, and the row does not claim otherwise. */
      stored = inv_credentials_lookup_sync (service->url, NULL, NULL);
      g_assert_null (stored);
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (key_row)), ==, "API Key");

      ui_test_destroy_window (window);
    }

  /* A good key is saved as before. */
  {
    GtkWindow *window = inv_preferences_window_new (NULL, session);
    Toast toast = { GTK_WIDGET (window), "API key saved in the keyring" };
    g_autofree char *stored = NULL;

    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "sync");
    gtk_window_present (window);
    ui_test_wait_until (ui_test_widget_mapped, window, "the preferences are shown");
    type_and_press_enter (find_row (GTK_WIDGET (window), "API Key"), "good-prefs-key");
    ui_test_wait_until (toast_shown, &toast, "the key is saved");
    stored = inv_credentials_lookup_sync (service->url, NULL, NULL);
    g_assert_cmpstr (stored, ==, "good-prefs-key");
    ui_test_destroy_window (window);
  }
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int status;

  /* A key from the environment would stand in for a missing one. */
  g_unsetenv (INV_CREDENTIALS_KEY_VARIABLE);

  /* Keys go to a throwaway file keyring below the test's own folder. */
  ui_test_init (&argc, &argv, tmpdir);
  inv_ui_register_resource ();

  g_test_add_func ("/preferences/key/bad-keys-refused", test_bad_keys_refused);

  status = g_test_run ();

  inv_test_remove_tmpdir (tmpdir);

  return status;
}

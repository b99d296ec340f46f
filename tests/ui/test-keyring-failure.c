/* test-keyring-failure.c: a keyring that cannot store the API key is named as the
 * problem, and the key can still be used for this session only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "inv-preferences-window.h"
#include "inv-ui-resources.h"
#include "inv-session.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

static gboolean
synced (gpointer data)
{
  return inv_sync_engine_get_last_synced (data) > 0;
}

static void
test_keyring_cannot_store (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=session-only-key", NULL);
  g_autofree char *path = test_temp_database_path ();
  g_autoptr(InvDatabase) database = test_database_new (path);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(InvSession) session = inv_session_new (database, settings);
  InvSyncEngine *engine = inv_session_get_sync_engine (session);
  GtkWindow *window;
  AdwMessageDialog *dialog;
  GtkWidget *url_row;
  GtkWidget *key_row;

  inv_session_start (session);
  window = inv_preferences_window_new (NULL, session);
  gtk_window_present (window);
  ui_test_drain ();

  url_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), INV_TYPE_PREFERENCES_WINDOW, "url_row"));
  key_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), INV_TYPE_PREFERENCES_WINDOW, "key_row"));
  g_assert_nonnull (url_row);
  g_assert_nonnull (key_row);

  gtk_editable_set_text (GTK_EDITABLE (url_row), service->url);
  g_signal_emit_by_name (url_row, "apply");
  gtk_editable_set_text (GTK_EDITABLE (key_row), "session-only-key");
  g_signal_emit_by_name (key_row, "apply");

  /* The keyring is named as the problem; nothing says the service refused the key. */
  ui_test_wait_until (ui_test_toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the keyring failure is explained");
  dialog = ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Keyring Could Not Store the API Key");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "for this session only"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "refused"));

  /* Using it for this session lets the sync run now. */
  ui_test_click (ui_test_find_button (GTK_WIDGET (dialog), "Use for This Session Only"));
  ui_test_wait_until (synced, engine, "a sync with the session's key");
  g_assert_false (inv_sync_engine_get_needs_key (engine));

  g_settings_reset (settings, "service-url");
  gtk_window_destroy (window);
  inv_session_stop (session);
  while (inv_sync_engine_get_syncing (engine))
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  /* A keyring file that cannot be written: a path below a file. */
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", "/proc/version/keyring", TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "ui-test-keyring", TRUE);
  g_unsetenv ("INVITATIONS_API_KEY");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  inv_ui_register_resource ();

  g_test_add_func ("/preferences/keyring-cannot-store", test_keyring_cannot_store);

  return g_test_run ();
}

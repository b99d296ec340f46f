/* test-preferences.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preferences window and the first-run page, driven the way a person does: text
 * typed and Enter pressed, buttons clicked, rows chosen. What they change is checked
 * where it is kept: the settings, the keyring, the database.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "inv-application.h"
#include "inv-candidates-page.h"
#include "inv-credentials.h"
#include "inv-invite-one-dialog.h"
#include "inv-message-template.h"
#include "inv-outbox.h"
#include "inv-preferences-window.h"
#include "inv-sample-data.h"
#include "inv-sync-page.h"
#include "inv-test-tmpdir.h"
#include "inv-ui-resources.h"
#include "inv-window.h"
#include "sync-test-util.h"
#include "ui-test-screenshot.h"
#include "ui-test-util.h"

/* ---- Finding things ------------------------------------------------------------- */

/* A title as it reads: mnemonic underscores left out. */
static gboolean
title_is (const char *title,
          const char *wanted)
{
  g_autofree char *plain = NULL;

  if (title == NULL)
    return FALSE;

  plain = g_strdup (title);
  for (char *from = plain, *to = plain;; from++)
    {
      if (*from != '_')
        *to++ = *from;
      if (*from == '\0')
        break;
    }

  return g_str_equal (plain, wanted);
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  data)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         title_is (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data);
}

static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  GtkWidget *row = ui_test_find_widget (root, is_row_titled, title);

  g_assert_nonnull (row);

  return row;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && title_is (gtk_button_get_label (GTK_BUTTON (widget)), data);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  GtkWidget *button = ui_test_find_widget (root, is_button_labelled, label);

  g_assert_nonnull (button);

  return button;
}

static gpointer
find_in_row (GtkWidget *row,
             GType      type)
{
  GtkWidget *widget = ui_test_find_widget (row, ui_test_is_of_type, GSIZE_TO_POINTER (type));

  g_assert_nonnull (widget);

  return widget;
}

/* Types @text into an entry row and presses Enter, as the keyboard does: Enter
 * activates the row's text field. */
static void
type_and_press_enter (GtkWidget  *row,
                      const char *text)
{
  GtkWidget *field = find_in_row (row, GTK_TYPE_TEXT);

  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  ui_test_drain ();
  g_signal_emit_by_name (field, "activate");
  ui_test_drain ();
}

static GtkWindow *
open_preferences_at (InvSession *session,
                     const char *page)
{
  GtkWindow *window = inv_preferences_window_new (NULL, session);

  /* As the page switcher at the top does. */
  if (page != NULL)
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), page);
  gtk_window_present (window);
  ui_test_wait_until (ui_test_widget_mapped, window, "the preferences are shown");
  ui_test_drain ();

  return window;
}

static GtkWindow *
open_preferences (InvSession *session)
{
  return open_preferences_at (session, NULL);
}

/* ---- Service address, key and connection test ----------------------------------- */

typedef struct
{
  const char *url;
  const char *key;
} KeyStored;

static gboolean
keyring_holds (gpointer data)
{
  KeyStored *wanted = data;
  g_autofree char *key = inv_credentials_lookup_sync (wanted->url, NULL, NULL);

  return g_strcmp0 (key, wanted->key) == 0;
}

static gboolean
row_titled (gpointer data)
{
  GtkWidget *row = ((gpointer *)data)[0];
  const char *title = ((gpointer *)data)[1];

  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0;
}

static void
wait_for_title (GtkWidget  *row,
                const char *title)
{
  gpointer data[] = { row, (gpointer)title };

  ui_test_wait_until (row_titled, data, title);
}

static gboolean
test_finished (gpointer data)
{
  const char *subtitle = adw_action_row_get_subtitle (data);

  return subtitle != NULL && (g_str_has_prefix (subtitle, "Connected") ||
                              g_str_has_prefix (subtitle, "Failed") ||
                              g_str_has_prefix (subtitle, "Not tested"));
}

static const char *
run_connection_test (GtkWidget *window)
{
  GtkWidget *test_row = find_row (window, "Connection");

  adw_action_row_set_subtitle (ADW_ACTION_ROW (test_row), "");
  ui_test_press (find_button (test_row, "Test Connection"));
  ui_test_wait_until (test_finished, test_row, "the connection test is over");

  return adw_action_row_get_subtitle (ADW_ACTION_ROW (test_row));
}

static void
test_service_and_key (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=prefs-key", NULL);
  g_autofree char *path = test_temp_database_path ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *saved = NULL;
  KeyStored stored = { NULL, NULL };

  /* Enter saves the address and the key; the test uses what is saved. */
  {
    g_autoptr(InvDatabase) database = test_database_new (path);
    g_autoptr(InvSession) session = inv_session_new (database, settings);
    GtkWindow *window = open_preferences_at (session, "sync");
    GtkWidget *url_row = find_row (GTK_WIDGET (window), "Service Address");
    GtkWidget *key_row = find_row (GTK_WIDGET (window), "API Key");

    /* The service group says that Enter saves. */
    g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (url_row, ADW_TYPE_PREFERENCES_GROUP))),
                              "Press Enter to save"));

    type_and_press_enter (url_row, service->url);
    saved = g_settings_get_string (settings, "service-url");
    g_assert_cmpstr (saved, ==, service->url);
    g_clear_pointer (&saved, g_free);

    type_and_press_enter (key_row, "prefs-key");
    stored = (KeyStored) { service->url, "prefs-key" };
    ui_test_wait_until (keyring_holds, &stored, "the key is in the keyring");
    wait_for_title (key_row, "API Key (Stored in the Keyring)");
    /* The row forgets the key once it is saved: it is never shown again. */
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");

    g_assert_cmpstr (run_connection_test (GTK_WIDGET (window)), ==, "Connected: 3 interview templates");

    /* The keyring's key is what the test uses: replaced behind the window's back, the
     * test follows it. */
    g_assert_true (inv_credentials_store_sync (service->url, "stale-key", NULL, NULL));
    g_assert_cmpstr (run_connection_test (GTK_WIDGET (window)), ==,
                     "Failed: API key not valid or Subscription expired");

    /* Typed but not yet saved: the test saves it first, then uses it. */
    gtk_editable_set_text (GTK_EDITABLE (key_row), "prefs-key");
    g_assert_cmpstr (run_connection_test (GTK_WIDGET (window)), ==, "Connected: 3 interview templates");
    ui_test_wait_until (keyring_holds, &stored, "the tested key is the saved one");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");

    /* An address that is not valid is not saved, and nothing is tested. */
    gtk_editable_set_text (GTK_EDITABLE (url_row), "http://invites.example.com");
    g_assert_cmpstr (run_connection_test (GTK_WIDGET (window)), ==, "Not tested: the service address is not valid");
    saved = g_settings_get_string (settings, "service-url");
    g_assert_cmpstr (saved, ==, service->url);
    g_clear_pointer (&saved, g_free);

    ui_test_destroy_window (window);
  }

  /* A restart: a new session and window on the same database and keyring. The key row
   * says a key is stored, and shows nothing of it. */
  {
    g_autoptr(InvDatabase) database = test_database_new (path);
    g_autoptr(InvSession) session = inv_session_new (database, settings);
    GtkWindow *window = open_preferences_at (session, "sync");
    GtkWidget *key_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), INV_TYPE_PREFERENCES_WINDOW, "key_row"));
    GtkWidget *url_row = find_row (GTK_WIDGET (window), "Service Address");

    wait_for_title (key_row, "API Key (Stored in the Keyring)");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, service->url);

    /* Another address has no key yet, and the row says so; nothing is tested without
     * one, least of all with another address's key. */
    type_and_press_enter (url_row, "https://elsewhere.example.com");
    wait_for_title (key_row, "API Key");
    g_assert_cmpstr (run_connection_test (GTK_WIDGET (window)), ==,
                     "Not tested: no API key is saved for this address. Type it and press Enter.");

    /* Emptied, the address turns syncing off. */
    type_and_press_enter (url_row, "");
    saved = g_settings_get_string (settings, "service-url");
    g_assert_cmpstr (saved, ==, "");
    g_clear_pointer (&saved, g_free);

    ui_test_destroy_window (window);
  }

  g_settings_reset (settings, "service-url");
}

/* ---- Company, signature, cancelling, advanced ------------------------------------ */

static char *
stored_company (const char *path)
{
  g_autoptr(InvDatabase) database = test_database_new (path);

  return inv_message_template_get_company (database);
}

static char *
stored_signature (const char *path)
{
  g_autoptr(InvDatabase) database = test_database_new (path);

  return inv_message_template_get_signature (database);
}

static void
set_signature_text (GtkWidget  *view,
                    const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  ui_test_drain ();
}

static char *
signature_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_company_and_signature (void)
{
  g_autofree char *path = test_temp_database_path ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *value = NULL;
  const char *signature = "Maria Keller\nHead of Talent\nAcme Robotics GmbH";

  {
    g_autoptr(InvDatabase) database = test_database_new (path);
    g_autoptr(InvSession) session = inv_session_new (database, settings);
    GtkWindow *window = open_preferences (session);
    GtkWidget *company_row = find_row (GTK_WIDGET (window), "Company Name");
    GtkWidget *view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), INV_TYPE_PREFERENCES_WINDOW,
                                                                 "signature_view"));
    GtkWidget *save_button;
    gpointer alive = window;

    /* The first page people see is about them, not about the service. */
    g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (window)), ==, "general");
    g_assert_cmpstr (ui_test_group_of (company_row), ==, "Your Company");

    type_and_press_enter (company_row, "  Acme Robotics GmbH ");
    value = stored_company (path);
    g_assert_cmpstr (value, ==, "Acme Robotics GmbH");
    g_clear_pointer (&value, g_free);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (company_row)), ==, "Acme Robotics GmbH");

    /* The signature has several lines, and is saved with its button... */
    g_assert_true (GTK_IS_TEXT_VIEW (view));
    g_assert_true (gtk_widget_get_mapped (view));
    save_button = find_button (GTK_WIDGET (window), "Save");
    g_assert_false (gtk_widget_get_sensitive (save_button));
    set_signature_text (view, signature);
    g_assert_true (gtk_widget_get_sensitive (save_button));
    ui_test_click (save_button);
    value = stored_signature (path);
    g_assert_cmpstr (value, ==, signature);
    g_clear_pointer (&value, g_free);
    g_assert_false (gtk_widget_get_sensitive (save_button));

    /* ...and when the window is closed with a change not yet saved. */
    set_signature_text (view, "Maria Keller\nAcme Robotics GmbH");
    g_object_add_weak_pointer (G_OBJECT (window), &alive);
    gtk_window_close (window);
    ui_test_wait_until (ui_test_pointer_cleared, &alive, "the preferences are closed");
    value = stored_signature (path);
    g_assert_cmpstr (value, ==, "Maria Keller\nAcme Robotics GmbH");
    g_clear_pointer (&value, g_free);
  }

  /* Read back by a new window. */
  {
    g_autoptr(InvDatabase) database = test_database_new (path);
    g_autoptr(InvSession) session = inv_session_new (database, settings);
    GtkWindow *window = open_preferences (session);
    GtkWidget *view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), INV_TYPE_PREFERENCES_WINDOW,
                                                                 "signature_view"));

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (GTK_WIDGET (window), "Company Name"))), ==,
                     "Acme Robotics GmbH");
    value = signature_text (view);
    g_assert_cmpstr (value, ==, "Maria Keller\nAcme Robotics GmbH");
    g_clear_pointer (&value, g_free);

    /* Focus leaving the field saves it too. */
    gtk_widget_grab_focus (view);
    ui_test_drain ();
    set_signature_text (view, "M. Keller");
    gtk_widget_grab_focus (find_row (GTK_WIDGET (window), "Company Name"));
    ui_test_drain ();
    g_assert_false (gtk_widget_has_focus (view));
    value = stored_signature (path);
    g_assert_cmpstr (value, ==, "M. Keller");
    g_clear_pointer (&value, g_free);

    ui_test_destroy_window (window);
  }
}

typedef struct
{
  GSettings *settings;
  gboolean   wanted;
} NotifyDefault;

static gboolean
notify_default_is (gpointer data)
{
  NotifyDefault *expected = data;

  return g_settings_get_boolean (expected->settings, "notify-candidates-default") == expected->wanted;
}

static void
test_cancelling_and_advanced (void)
{
  g_autofree char *path = test_temp_database_path ();
  g_autoptr(InvDatabase) database = test_database_new (path);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(InvSession) session = inv_session_new (database, settings);
  GtkWindow *window = open_preferences (session);
  GtkWidget *grace_row = find_row (GTK_WIDGET (window), "Undo Period");
  GtkWidget *notify_row = find_row (GTK_WIDGET (window), "Notify Candidates by Default");
  GtkSpinButton *spin = find_in_row (grace_row, GTK_TYPE_SPIN_BUTTON);
  GtkSwitch *toggle = find_in_row (notify_row, GTK_TYPE_SWITCH);
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  gboolean notify_before = g_settings_get_boolean (settings, "notify-candidates-default");
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) limits = NULL;
  const char *kind;
  guint32 low, high;
  NotifyDefault expected_notify;

  /* Each explains itself. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (grace_row)), "can still be undone"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (notify_row)), "cancellation email"));

  /* The spin offers exactly what the setting accepts. */
  g_object_get (settings, "settings-schema", &schema, NULL);
  key = g_settings_schema_get_key (schema, "cancel-grace-seconds");
  range = g_settings_schema_key_get_range (key);
  g_variant_get (range, "(&sv)", &kind, &limits);
  g_assert_cmpstr (kind, ==, "range");
  g_variant_get (limits, "(uu)", &low, &high);
  g_assert_cmpfloat (gtk_adjustment_get_lower (adjustment), ==, low);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, high);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, g_settings_get_uint (settings, "cancel-grace-seconds"));

  gtk_spin_button_set_value (spin, 45);
  ui_test_drain ();
  g_assert_cmpuint (g_settings_get_uint (settings, "cancel-grace-seconds"), ==, 45);
  gtk_spin_button_set_value (spin, 0);
  ui_test_drain ();
  g_assert_cmpuint (g_settings_get_uint (settings, "cancel-grace-seconds"), ==, 0);

  g_assert_cmpint (gtk_switch_get_active (toggle), ==, notify_before);
  /* Choosing the row flips its switch (which slides over first). */
  gtk_widget_activate (notify_row);
  expected_notify = (NotifyDefault) { settings, !notify_before };
  ui_test_wait_until (notify_default_is, &expected_notify, "the setting is flipped");
  g_assert_cmpint (g_settings_get_boolean (settings, "notify-candidates-default"), ==, !notify_before);
  g_assert_cmpint (gtk_switch_get_active (toggle), ==, !notify_before);
  gtk_widget_activate (notify_row);
  expected_notify = (NotifyDefault) { settings, notify_before };
  ui_test_wait_until (notify_default_is, &expected_notify, "the setting is flipped back");
  g_assert_cmpint (g_settings_get_boolean (settings, "notify-candidates-default"), ==, notify_before);

  /* Technical settings wait under Advanced; the everyday ones do not. */
  g_assert_cmpstr (ui_test_group_of (find_row (GTK_WIDGET (window), "Parallel Requests")), ==, "Advanced");
  g_assert_cmpstr (ui_test_group_of (find_row (GTK_WIDGET (window), "Sync Interval")), !=, "Advanced");
  g_assert_cmpstr (ui_test_group_of (grace_row), ==, "Cancelling");
  {
    GtkSpinButton *parallel = find_in_row (find_row (GTK_WIDGET (window), "Parallel Requests"), GTK_TYPE_SPIN_BUTTON);

    gtk_spin_button_set_value (parallel, 2);
    ui_test_drain ();
    g_assert_cmpuint (g_settings_get_uint (settings, "sync-concurrency"), ==, 2);
  }

  ui_test_destroy_window (window);
  g_settings_reset (settings, "cancel-grace-seconds");
  g_settings_reset (settings, "notify-candidates-default");
  g_settings_reset (settings, "sync-concurrency");
}

/* ---- The first-run page ---------------------------------------------------------- */

static gboolean
preferences_shown (gpointer data)
{
  GtkWidget *window = ui_test_find_toplevel (INV_TYPE_PREFERENCES_WINDOW);

  return window != NULL && gtk_widget_get_mapped (window);
}

static gboolean
invite_dialog_shown (gpointer data)
{
  GtkWidget *dialog = ui_test_find_toplevel (INV_TYPE_INVITE_ONE_DIALOG);

  return dialog != NULL && gtk_widget_get_mapped (dialog);
}

static gboolean
file_chooser_shown (gpointer data)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_FILE_CHOOSER (l->data) && gtk_widget_get_visible (l->data))
      return TRUE;

  return FALSE;
}

static gboolean
file_chooser_gone (gpointer data)
{
  return !file_chooser_shown (data);
}

static gboolean
widget_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

static gboolean
popover_shown (gpointer data)
{
  GtkWidget *popover = ui_test_find_widget (data, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_POPOVER));

  return popover != NULL && gtk_widget_get_mapped (popover);
}

static gboolean
is_template_label (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

static void
close_toplevel (GType type)
{
  GtkWindow *window = ui_test_find_toplevel (type);

  g_assert_nonnull (window);
  ui_test_destroy_window (window);
}

/* The Sync page's way to set the service up leads to the service's settings. */
static void
test_sync_page_opens_service (void)
{
  g_autofree char *path = test_temp_database_path ();
  g_autoptr(InvDatabase) database = test_database_new (path);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(InvSession) session = inv_session_new (database, settings);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *page = inv_sync_page_new (session);
  AdwPreferencesWindow *preferences;

  gtk_window_set_default_size (window, 800, 900);
  gtk_window_set_child (window, page);
  gtk_window_present (window);
  ui_test_wait_until (ui_test_widget_mapped, page, "the page is shown");

  ui_test_click (find_button (page, "Preferences"));
  ui_test_wait_until (preferences_shown, NULL, "the preferences are shown");
  preferences = ui_test_find_toplevel (INV_TYPE_PREFERENCES_WINDOW);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (preferences), ==, "sync");
  g_assert_true (gtk_widget_get_mapped (find_row (GTK_WIDGET (preferences), "Service Address")));

  ui_test_destroy_window (GTK_WINDOW (preferences));
  ui_test_destroy_window (window);
}

/* The number of invitations the sample row says it adds: "Adds 1,000 made-up…". */
static guint
stated_sample_count (const char *subtitle)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *p = strstr (subtitle, "Adds ");

  g_assert_nonnull (p);
  for (p += strlen ("Adds "); *p != '\0' && *p != ' '; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);

  g_assert_cmpuint (digits->len, >, 0);

  return (guint)strtoul (digits->str, NULL, 10);
}

static void
first_run_body (InvApplication *app,
                InvWindow      *window,
                gpointer        user_data)
{
  const char *path = user_data;
  GtkStack *invitations = ui_test_window_child (window, "invitations_stack");
  GtkWidget *empty_page = ui_test_window_child (window, "empty_page");
  GtkWidget *invite_row;
  GtkWidget *sample_row;
  GtkWidget *company_row;
  g_autoptr(InvDatabase) database = test_database_new (path);
  g_autoptr(GError) error = NULL;
  const char *subtitle;
  guint stated;
  gint64 n_templates;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (invitations), ==, "empty");
  g_assert_true (gtk_widget_get_mapped (empty_page));

  /* The four ways to start, in order. */
  {
    const char *titles[] = { "Connect to a Service", "Invite a Candidate", "Import CSV", "Explore with Sample Data" };
    GtkWidget *list = gtk_widget_get_parent (find_row (empty_page, titles[0]));
    GtkWidget *row = gtk_widget_get_first_child (list);

    for (guint i = 0; i < G_N_ELEMENTS (titles); i++, row = gtk_widget_get_next_sibling (row))
      {
        g_assert_true (ADW_IS_ACTION_ROW (row));
        g_assert_true (gtk_widget_get_mapped (row));
        g_assert_true (is_row_titled (row, titles[i]));
      }
    g_assert_null (row);
  }

  /* Connect to a Service: the preferences, at the service's address. */
  gtk_widget_activate (find_row (empty_page, "Connect to a Service"));
  ui_test_wait_until (preferences_shown, NULL, "the preferences are shown");
  {
    GtkWidget *preferences = ui_test_find_toplevel (INV_TYPE_PREFERENCES_WINDOW);
    GtkWidget *url_row = find_row (preferences, "Service Address");

    g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (preferences)), ==, "sync");
    g_assert_true (gtk_widget_get_mapped (url_row));
    g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (preferences)), url_row));
  }
  close_toplevel (INV_TYPE_PREFERENCES_WINDOW);

  /* The company name and signature are asked for on the same page, and set there
   * the row says so. */
  company_row = find_row (empty_page, "Company Name and Signature");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (company_row)), "not set yet"));
  gtk_widget_activate (company_row);
  ui_test_wait_until (preferences_shown, NULL, "the preferences are shown");
  {
    GtkWidget *preferences = ui_test_find_toplevel (INV_TYPE_PREFERENCES_WINDOW);
    GtkWidget *view = GTK_WIDGET (gtk_widget_get_template_child (preferences, INV_TYPE_PREFERENCES_WINDOW, "signature_view"));

    g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (preferences)), ==, "general");
    type_and_press_enter (find_row (preferences, "Company Name"), "Acme Robotics");
    set_signature_text (view, "Maria Keller\nHead of Talent");
  }
  close_toplevel (INV_TYPE_PREFERENCES_WINDOW);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (company_row)), ==,
                   "Cancellation emails are sent for Acme Robotics, with your signature");

  /* Invite a Candidate: without an open template there is nobody to invite to, and
   * the row says why. */
  invite_row = find_row (empty_page, "Invite a Candidate");
  g_assert_false (gtk_widget_get_sensitive (invite_row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (invite_row)), "connect to it first"));

  /* Templates arrive (from a sync, here from another connection): the row offers them. */
  test_add_template (database, 501, "Data Engineer – Screening");
  test_add_template (database, 502, "Site Reliability – Live Interview");
  ui_test_wait_until (widget_sensitive, invite_row, "the row can be chosen");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (invite_row)), ==,
                   "Send one candidate a link to one of 2 open interview templates");
  gtk_widget_activate (invite_row);
  ui_test_wait_until (popover_shown, invite_row, "the templates are offered");
  {
    GtkWidget *label = ui_test_find_widget (invite_row, is_template_label, "Site Reliability – Live Interview");

    g_assert_nonnull (label);
    gtk_widget_activate (gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW));
  }
  ui_test_wait_until (invite_dialog_shown, NULL, "the invite dialog is shown");
  {
    GtkWidget *dialog = ui_test_find_toplevel (INV_TYPE_INVITE_ONE_DIALOG);

    g_assert_nonnull (ui_test_find_label_containing (dialog, "Site Reliability – Live Interview"));
  }
  close_toplevel (INV_TYPE_INVITE_ONE_DIALOG);

  /* Import CSV: the candidates' page, and the file chooser. */
  gtk_widget_activate (find_row (empty_page, "Import CSV"));
  ui_test_wait_until (file_chooser_shown, NULL, "the file chooser is shown");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui_test_window_child (window, "content_stack")), ==, "candidates");
  g_assert_true (INV_IS_CANDIDATES_PAGE (adw_bin_get_child (ui_test_window_child (window, "candidates_bin"))));
  {
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

    for (GList *l = toplevels; l != NULL; l = l->next)
      if (GTK_IS_FILE_CHOOSER (l->data) && gtk_widget_get_visible (l->data))
        gtk_dialog_response (l->data, GTK_RESPONSE_CANCEL);
  }
  ui_test_wait_until (file_chooser_gone, NULL, "the file chooser is closed");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "invitations"));
  ui_test_drain ();

  /* Explore with Sample Data: it says how much it adds and that it is never sent,
   * and adds exactly that, with nothing for the service. */
  sample_row = find_row (empty_page, "Explore with Sample Data");
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (sample_row));
  g_assert_nonnull (strstr (subtitle, "never sent to your invitation service"));
  stated = stated_sample_count (subtitle);
  {
    g_autofree char *templates = g_strdup_printf ("They belong to %d sample interview templates,", INV_SAMPLE_DATA_N_TEMPLATES);

    g_assert_nonnull (strstr (subtitle, templates));
  }
  n_templates = test_query_int (database, "SELECT count(*) FROM templates", 0);

  gtk_widget_activate (sample_row);
  ui_test_wait_until (ui_test_stack_shows_list, invitations, "the list is shown");

  g_assert_cmpint (test_query_int (database, "SELECT count(*) FROM invitations", 0), ==, stated);
  g_assert_cmpint (test_query_int (database, "SELECT count(*) FROM invitations WHERE is_sample = 1", 0), ==, stated);
  g_assert_cmpint (test_query_int (database, "SELECT count(*) FROM templates", 0), ==,
                   n_templates + INV_SAMPLE_DATA_N_TEMPLATES);
  g_assert_cmpint (test_query_int (database, "SELECT count(*) FROM outbox", 0), ==, 0);
  {
    InvOutboxCounts counts = { 0 };

    g_assert_true (inv_outbox_count (database, inv_database_now (), &counts, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (counts.queued + counts.failed + counts.conflicts, ==, 0);
  }
}

/* ---- A database other accounts can read ----------------------------------------- */

static int
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);

  return st.st_mode & 0777;
}

static void
test_privacy_warning (void)
{
  g_autofree char *path = test_temp_database_path ();
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(InvDatabase) database = test_database_new (path);
  g_autoptr(InvSession) session = inv_session_new (database, settings);
  GtkWindow *window;
  GtkWidget *row;
  GtkWidget *group;

  /* A private database (as the app makes it): no warning. */
  window = open_preferences (session);
  group = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), INV_TYPE_PREFERENCES_WINDOW,
                                                     "privacy_group"));
  g_assert_false (gtk_widget_get_visible (group));
  ui_test_destroy_window (window);

  /* As an older version, or a copy, left it. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    g_assert_cmpint (g_chmod (wal, 0644), ==, 0);

  window = open_preferences (session);
  row = find_row (GTK_WIDGET (window), "Other Accounts Can Read Your Candidates’ Data");
  g_assert_true (gtk_widget_get_mapped (row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), path));
  ui_test_screenshot (GTK_WIDGET (window), "preferences-privacy-warning");

  ui_test_click (find_button (row, "Restrict Access"));
  ui_test_drain ();
  g_assert_cmpint (mode_of (path), ==, 0600);
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    g_assert_cmpint (mode_of (wal), ==, 0600);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)));

  /* The database works on, and a new window has nothing to say. */
  g_assert_true (inv_message_template_set_company (database, "Acme", NULL));
  ui_test_destroy_window (window);
  window = open_preferences (session);
  group = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), INV_TYPE_PREFERENCES_WINDOW,
                                                     "privacy_group"));
  g_assert_false (gtk_widget_get_visible (group));
  ui_test_destroy_window (window);
}

static void
test_first_run (void)
{
  g_autofree char *path = test_temp_database_path ();

  ui_test_run_app (path, first_run_body, path);
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

  g_test_add_func ("/preferences/service-and-key", test_service_and_key);
  g_test_add_func ("/preferences/company-and-signature", test_company_and_signature);
  g_test_add_func ("/preferences/cancelling-and-advanced", test_cancelling_and_advanced);
  g_test_add_func ("/preferences/sync-page-opens-service", test_sync_page_opens_service);
  g_test_add_func ("/preferences/first-run", test_first_run);
  g_test_add_func ("/preferences/privacy-warning", test_privacy_warning);

  status = g_test_run ();

  inv_test_remove_tmpdir (tmpdir);

  return status;
}

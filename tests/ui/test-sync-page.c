/* test-sync-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Sync page and the sync preferences, driven the way a person does: rows read,
 * buttons clicked, addresses typed and applied.
 */

#include "config.h"

#include <stdio.h>

#include <adwaita.h>

#include "inv-cancel.h"
#include "inv-preferences-window.h"
#include "inv-remote-store.h"
#include "inv-sync-page.h"
#include "inv-ui-resources.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

static gboolean
is_mapped_button_labelled (GtkWidget *widget,
                           gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static gboolean
is_mapped_row_titled (GtkWidget *widget,
                      gconstpointer data)
{
  return ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static gboolean
is_row_titled (GtkWidget *widget,
               gconstpointer data)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static gboolean
is_numeric_label (GtkWidget *widget,
                  gconstpointer data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "numeric");
}

/* The number a count row shows (its suffix), or NULL while the row is not shown. */
static const char *
shown_count (GtkWidget  *page,
             const char *title)
{
  GtkWidget *row = ui_test_find_widget (page, is_mapped_row_titled, (gpointer)title);
  GtkWidget *label;

  if (row == NULL)
    return NULL;

  label = ui_test_find_widget (row, is_numeric_label, NULL);
  g_assert_nonnull (label);

  return gtk_label_get_label (GTK_LABEL (label));
}

static const char *
shown_subtitle (GtkWidget  *page,
                const char *title)
{
  GtkWidget *row = ui_test_find_widget (page, is_mapped_row_titled, (gpointer)title);

  g_assert_nonnull (row);

  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

typedef struct
{
  GtkWidget  *page;
  const char *title;
  const char *count;   /* NULL: the row is not shown */
} CountShown;

static gboolean
count_shown (gpointer data)
{
  CountShown *wanted = data;

  return g_strcmp0 (shown_count (wanted->page, wanted->title), wanted->count) == 0;
}

static void
wait_for_count (GtkWidget  *page,
                const char *title,
                const char *count)
{
  CountShown wanted = { page, title, count };

  ui_test_wait_until (count_shown, &wanted, "count shown");
}

/* The seconds of "Sends in N s", or -1 when the held row does not count down. */
static int
shown_countdown (GtkWidget *page)
{
  const char *subtitle = shown_subtitle (page, "Held");
  unsigned seconds;

  if (subtitle == NULL || sscanf (subtitle, "Sends in %u s", &seconds) != 1)
    return -1;

  return (int)seconds;
}

typedef struct
{
  GtkWidget *page;
  int        below;
} CountdownBelow;

static gboolean
countdown_below (gpointer data)
{
  CountdownBelow *wanted = data;
  int seconds = shown_countdown (wanted->page);

  return seconds >= 0 && seconds < wanted->below;
}

static gboolean
countdown_gone (gpointer data)
{
  return shown_countdown (data) < 0;
}


static GtkWindow *
show_in_window (GtkWidget *child)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 800, 900);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  ui_test_drain ();

  return window;
}

static void
test_page_lists_what_needs_attention (void)
{
  g_autofree char *path = test_temp_database_path ();
  g_autoptr(InvDatabase) database = test_database_new (path);
  g_autoptr(InvSession) session = NULL;
  InvSyncEngine *engine;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = inv_remote_store_conflict_reason (INV_STATUS_IN_PROGRESS, NULL);
  GtkWindow *window;
  GtkWidget *page;
  GtkWidget *button;
  gint64 template_id, started, refused, refused_outbox, started_outbox;

  template_id = test_add_template (database, 1001, "Backend Engineer - Screening");
  started = test_add_invitation (database, template_id, "ada@example.org", "Ada Lovelace", 11, "pending");
  started_outbox = test_queue_cancel (database, started, 0);
  g_assert_true (inv_outbox_conflict (database, started_outbox, "in_progress", reason, &error));
  refused_outbox = test_queue_create (database, template_id, "grace@example", "Grace Hopper", &refused);
  g_assert_true (inv_outbox_fail (database, refused_outbox, "Invalid email address", &error));
  g_assert_no_error (error);

  session = inv_session_new (database, NULL);
  engine = inv_session_get_sync_engine (session);
  page = inv_sync_page_new (session);
  window = show_in_window (page);

  /* Not set up: it says so, and offers the preferences. */
  g_assert_nonnull (ui_test_find_widget (page, is_mapped_row_titled, "Set Up the Invitation Service"));
  g_assert_nonnull (ui_test_find_widget (page, is_mapped_button_labelled, "Preferences"));
  g_assert_false (gtk_widget_get_sensitive (ui_test_find_widget (page, is_mapped_button_labelled, "Sync Now")));
  g_assert_cmpstr (shown_subtitle (page, "Waiting to Send"), ==, "Not set up: everything stays on this computer");

  /* The refusal and the conflict are counted apart. */
  g_assert_cmpstr (shown_count (page, "Failed"), ==, "1");
  g_assert_cmpstr (shown_count (page, "Conflicts"), ==, "1");
  g_assert_cmpstr (shown_count (page, "Waiting to Send"), ==, "0");
  g_assert_cmpstr (shown_count (page, "Held"), ==, "0");
  g_assert_null (shown_count (page, "Sending"));

  /* The conflict with its reason and real status; the refusal with its message. */
  g_assert_nonnull (ui_test_find_widget (page, is_mapped_row_titled, "Cancel: Ada Lovelace"));
  g_assert_nonnull (ui_test_find_widget (page, is_mapped_row_titled, "Invite: Grace Hopper"));
  {
    AdwActionRow *row = ADW_ACTION_ROW (ui_test_find_widget (page, is_mapped_row_titled, "Cancel: Ada Lovelace"));

    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), reason));
    row = ADW_ACTION_ROW (ui_test_find_widget (page, is_mapped_row_titled, "Invite: Grace Hopper"));
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (row), "Invalid email address"));
  }
  g_assert_cmpuint (ui_test_count_widgets (page, is_mapped_button_labelled, "Retry"), ==, 1);

  /* Retry puts the refused invite back in the queue. */
  button = ui_test_find_widget (page, is_mapped_button_labelled, "Retry");
  ui_test_press (button);
  g_assert_cmpint (test_query_int (database, "SELECT count(*) FROM outbox WHERE id = ?1 AND state = 'queued'",
                                   refused_outbox), ==, 1);
  g_assert_null (ui_test_find_widget (page, is_mapped_row_titled, "Invite: Grace Hopper"));
  g_assert_cmpuint (inv_sync_engine_get_n_waiting (engine), ==, 1);
  g_assert_cmpuint (inv_sync_engine_get_n_attention (engine), ==, 1);
  wait_for_count (page, "Failed", "0");
  wait_for_count (page, "Waiting to Send", "1");
  g_assert_cmpstr (shown_count (page, "Conflicts"), ==, "1");

  /* Dismissing the conflict leaves nothing that needs attention. */
  button = ui_test_find_widget (page, is_mapped_button_labelled, "Dismiss");
  ui_test_press (button);
  g_assert_null (ui_test_find_widget (page, is_mapped_row_titled, "Cancel: Ada Lovelace"));
  g_assert_cmpuint (inv_sync_engine_get_n_attention (engine), ==, 0);
  wait_for_count (page, "Conflicts", "0");
  g_assert_cmpint (test_query_int (database, "SELECT count(*) FROM outbox WHERE state != 'queued'", 0), ==, 0);

  gtk_window_destroy (window);
}

static void
test_page_follows_a_sync (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=page-key", NULL);
  g_autofree char *path = test_temp_database_path ();
  g_autoptr(InvDatabase) database = test_database_new (path);
  g_autoptr(InvSession) session = inv_session_new (database, NULL);
  InvSyncEngine *engine = inv_session_get_sync_engine (session);
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  GtkWidget *page;
  AdwActionRow *state_row;

  g_assert_true (inv_sync_engine_set_service_url (engine, service->url, &error));
  inv_sync_engine_set_api_key (engine, "wrong-key");
  page = inv_sync_page_new (session);
  window = show_in_window (page);

  state_row = ADW_ACTION_ROW (ui_test_find_widget (page, is_mapped_row_titled, "Status"));
  g_assert_cmpstr (adw_action_row_get_subtitle (state_row), ==, "Never synced");

  /* Sync Now with a key the service answers 401 to: paused, the page says the key was
   * refused (not that it is missing) and asks for a new one. */
  ui_test_press (ui_test_find_widget (page, is_mapped_button_labelled, "Sync Now"));
  ui_test_wait_until (ui_test_engine_idle, engine, "sync done");
  ui_test_drain ();
  g_assert_cmpint (inv_sync_engine_get_key_problem (engine), ==, INV_SYNC_KEY_PROBLEM_REFUSED);
  g_assert_cmpstr (adw_action_row_get_subtitle (state_row), ==, "Paused: the service refused the API key");
  g_assert_nonnull (ui_test_find_widget (page, is_mapped_row_titled, "Enter a New API Key"));
  g_assert_true (g_str_has_prefix (shown_subtitle (page, "Enter a New API Key"), "The service refused the key."));
  g_assert_null (strstr (adw_action_row_get_subtitle (state_row), "No API key"));
  g_assert_cmpstr (shown_subtitle (page, "Waiting to Send"), ==, "Waiting for an API key");

  inv_sync_engine_set_api_key (engine, "page-key");
  ui_test_press (ui_test_find_widget (page, is_mapped_button_labelled, "Sync Now"));
  ui_test_wait_until (ui_test_engine_idle, engine, "sync done");
  ui_test_drain ();
  g_assert_cmpstr (adw_action_row_get_subtitle (state_row), ==, "Last synced just now");
  g_assert_null (ui_test_find_widget (page, is_mapped_row_titled, "Enter a New API Key"));

  gtk_window_destroy (window);
}

/* An invitation the service knows, pending on both sides. */
static gint64
add_known_invitation (TestService *service,
                      InvDatabase *database,
                      gint64       template_id,
                      const char  *email,
                      const char  *name)
{
  gint64 remote_id = test_service_create (service, 1001, email, name);

  return test_add_invitation (database, template_id, email, name, remote_id, "pending");
}

static InvCancelResult *
cancel_one (InvDatabase *database,
            gint64       invitation_id,
            gint64       grace_seconds)
{
  g_autoptr(GError) error = NULL;
  InvCancelOptions options;
  InvCancelResult *result;

  inv_cancel_options_init (&options);
  options.reason = INV_CANCEL_REASON_POSITION_FILLED;
  options.grace_seconds = grace_seconds;
  result = inv_cancel_apply (database, &invitation_id, 1, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_queued, ==, 1);

  return result;
}

/* A cancel inside its undo period is held, and the page counts down to its sending by
 * itself; undone, it leaves the count. */
static void
test_page_counts_down_a_held_cancel (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=page-key", NULL);
  g_autofree char *path = test_temp_database_path ();
  g_autoptr(InvDatabase) database = test_database_new (path);
  g_autoptr(InvSession) session = inv_session_new (database, NULL);
  InvSyncEngine *engine = inv_session_get_sync_engine (session);
  g_autoptr(InvCancelResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CountdownBelow below;
  GtkWindow *window;
  GtkWidget *page;
  gint64 template_id, invitation_id;
  int seconds;

  template_id = test_add_template (database, 1001, "Backend Engineer - Screening");
  invitation_id = add_known_invitation (service, database, template_id, "held@example.org", "Held Person");
  g_assert_true (inv_sync_engine_set_service_url (engine, service->url, &error));
  inv_sync_engine_set_api_key (engine, "page-key");

  page = inv_sync_page_new (session);
  window = show_in_window (page);
  g_assert_cmpstr (shown_count (page, "Held"), ==, "0");
  g_assert_cmpint (shown_countdown (page), <, 0);
  g_assert_cmpstr (shown_subtitle (page, "Waiting to Send"), ==, "Queued for the service");

  result = cancel_one (database, invitation_id, 30);

  wait_for_count (page, "Held", "1");
  seconds = shown_countdown (page);
  g_assert_cmpint (seconds, >, 0);
  g_assert_cmpint (seconds, <=, 30);
  g_assert_cmpstr (shown_count (page, "Waiting to Send"), ==, "0");
  g_assert_null (shown_count (page, "Sending"));

  /* It counts down with nothing else happening. */
  below = (CountdownBelow) { page, seconds };
  ui_test_wait_until (countdown_below, &below, "countdown below");
  g_assert_cmpstr (shown_count (page, "Held"), ==, "1");

  /* Undone, nothing is held and nothing counts down. */
  g_assert_true (inv_cancel_undo (database, result->batch_id, NULL, &error));
  g_assert_no_error (error);
  wait_for_count (page, "Held", "0");
  ui_test_wait_until (countdown_gone, page, "countdown gone");
  g_assert_cmpstr (shown_count (page, "Waiting to Send"), ==, "0");

  gtk_window_destroy (window);
}

typedef struct
{
  TestService *service;
  gint64       remote_id;
  const char  *status;
} RemoteStatus;

static gboolean
remote_has_status (gpointer data)
{
  RemoteStatus *wanted = data;
  g_autofree char *status = test_service_get_status (wanted->service, wanted->remote_id);

  return g_strcmp0 (status, wanted->status) == 0;
}

/* A cancel with no undo period waits, is sent (the service answers slowly, so it is
 * seen on its way), and the counts go back to 0 by themselves. */
static void
test_page_follows_a_row_until_sent (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=page-key", "--latency-ms=400", NULL);
  g_autofree char *path = test_temp_database_path ();
  g_autoptr(InvDatabase) database = test_database_new (path);
  g_autoptr(InvSession) session = inv_session_new (database, NULL);
  InvSyncEngine *engine = inv_session_get_sync_engine (session);
  g_autoptr(InvCancelResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RemoteStatus cancelled;
  GtkWindow *window;
  GtkWidget *page;
  gint64 template_id, invitation_id;

  template_id = test_add_template (database, 1001, "Backend Engineer - Screening");
  invitation_id = add_known_invitation (service, database, template_id, "now@example.org", "Now Person");
  cancelled = (RemoteStatus) { service, test_query_int (database, "SELECT remote_id FROM invitations WHERE id = ?1",
                                                        invitation_id), "cancelled" };
  g_assert_true (inv_sync_engine_set_service_url (engine, service->url, &error));
  inv_sync_engine_set_api_key (engine, "page-key");

  page = inv_sync_page_new (session);
  window = show_in_window (page);

  result = cancel_one (database, invitation_id, 0);
  wait_for_count (page, "Waiting to Send", "1");
  g_assert_cmpstr (shown_count (page, "Held"), ==, "0");
  g_assert_null (shown_count (page, "Sending"));

  ui_test_press (ui_test_find_widget (page, is_mapped_button_labelled, "Sync Now"));
  wait_for_count (page, "Sending", "1");
  g_assert_cmpstr (shown_count (page, "Waiting to Send"), ==, "0");

  ui_test_wait_until (ui_test_engine_idle, engine, "sync done");
  wait_for_count (page, "Sending", NULL);
  wait_for_count (page, "Waiting to Send", "0");
  g_assert_cmpstr (shown_count (page, "Held"), ==, "0");
  g_assert_cmpstr (shown_count (page, "Failed"), ==, "0");
  g_assert_cmpstr (shown_count (page, "Conflicts"), ==, "0");
  g_assert_true (remote_has_status (&cancelled));

  gtk_window_destroy (window);
}

/* What the service refused shows under Failed, what it overruled under Conflicts,
 * each in its own list. */
static void
test_page_shows_failed_and_conflicts (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=page-key", NULL);
  g_autofree char *path = test_temp_database_path ();
  g_autoptr(InvDatabase) database = test_database_new (path);
  g_autoptr(InvSession) session = inv_session_new (database, NULL);
  InvSyncEngine *engine = inv_session_get_sync_engine (session);
  g_autoptr(InvCancelResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  GtkWidget *page;
  GtkWidget *row;
  gint64 template_id, started;

  template_id = test_add_template (database, 1001, "Backend Engineer - Screening");
  /* The service refuses an address without a domain. */
  test_queue_create (database, template_id, "jo@example", "Jo Example", NULL);
  /* The candidate starts on the service before the cancel arrives. */
  started = add_known_invitation (service, database, template_id, "started@example.org", "Started Person");
  test_service_set_status (service, test_query_int (database, "SELECT remote_id FROM invitations WHERE id = ?1", started),
                           "in_progress");
  result = cancel_one (database, started, 0);

  g_assert_true (inv_sync_engine_set_service_url (engine, service->url, &error));
  inv_sync_engine_set_api_key (engine, "page-key");
  page = inv_sync_page_new (session);
  window = show_in_window (page);
  wait_for_count (page, "Waiting to Send", "2");

  ui_test_press (ui_test_find_widget (page, is_mapped_button_labelled, "Sync Now"));
  ui_test_wait_until (ui_test_engine_idle, engine, "sync done");
  wait_for_count (page, "Failed", "1");
  wait_for_count (page, "Conflicts", "1");
  wait_for_count (page, "Waiting to Send", "0");

  row = ui_test_find_widget (page, is_mapped_row_titled, "Invite: Jo Example");
  g_assert_nonnull (row);
  g_assert_cmpstr (ui_test_group_of (row), ==, "Refused by the Service");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Invalid email address"));

  row = ui_test_find_widget (page, is_mapped_row_titled, "Cancel: Started Person");
  g_assert_nonnull (row);
  g_assert_cmpstr (ui_test_group_of (row), ==, "Conflicts");

  gtk_window_destroy (window);
}

static gboolean
key_missing (gpointer data)
{
  return inv_sync_engine_get_key_problem (data) == INV_SYNC_KEY_PROBLEM_MISSING;
}

/* With no key at all, the page says that none is stored and how to give one, and
 * never that the service refused it: nothing was sent to refuse. */
static void
test_page_tells_a_missing_key (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=page-key", NULL);
  g_autofree char *path = test_temp_database_path ();
  g_autoptr(InvDatabase) database = test_database_new (path);
  g_autoptr(GError) error = NULL;
  const char *expected = "No API key is stored for this service: enter it in Preferences, or set INVITATIONS_API_KEY";

  /* A sync tried without a key. */
  {
    g_autoptr(InvSession) session = inv_session_new (database, NULL);
    InvSyncEngine *engine = inv_session_get_sync_engine (session);
    GtkWindow *window;
    GtkWidget *page;

    g_assert_true (inv_sync_engine_set_service_url (engine, service->url, &error));
    page = inv_sync_page_new (session);
    window = show_in_window (page);

    ui_test_press (ui_test_find_widget (page, is_mapped_button_labelled, "Sync Now"));
    ui_test_wait_until (ui_test_engine_idle, engine, "sync done");
    ui_test_wait_until (key_missing, engine, "key missing");
    ui_test_drain ();
    g_assert_cmpstr (shown_subtitle (page, "Status"), ==, expected);
    g_assert_nonnull (ui_test_find_widget (page, is_mapped_row_titled, "Enter the API Key"));
    g_assert_null (strstr (shown_subtitle (page, "Enter the API Key"), "refused"));
    g_assert_null (ui_test_find_widget (page, is_mapped_row_titled, "Enter a New API Key"));
    g_assert_cmpstr (shown_subtitle (page, "Waiting to Send"), ==, "Waiting for an API key");

    gtk_window_destroy (window);
  }

  /* The app's way: the settings name a service whose key the keyring does not have. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autoptr(InvSession) session = inv_session_new (database, settings);
    InvSyncEngine *engine = inv_session_get_sync_engine (session);
    GtkWindow *window;
    GtkWidget *page;

    page = inv_sync_page_new (session);
    window = show_in_window (page);

    g_settings_set_string (settings, "service-url", service->url);
    ui_test_wait_until (key_missing, engine, "key missing");
    ui_test_drain ();
    g_assert_cmpstr (shown_subtitle (page, "Status"), ==, expected);
    g_assert_null (strstr (shown_subtitle (page, "Enter the API Key"), "refused"));
    g_assert_false (gtk_widget_get_sensitive (ui_test_find_widget (page, is_mapped_button_labelled, "Sync Now")));

    g_settings_set_string (settings, "service-url", "");
    gtk_window_destroy (window);
  }
}

static gboolean
test_finished (gpointer data)
{
  AdwActionRow *row = data;
  const char *subtitle = adw_action_row_get_subtitle (row);

  return subtitle != NULL && (g_str_has_prefix (subtitle, "Connected") || g_str_has_prefix (subtitle, "Failed"));
}

static void
test_preferences (void)
{
  g_autoptr(TestService) service = test_service_start ("--api-key=prefs-key", NULL);
  g_autofree char *path = test_temp_database_path ();
  g_autoptr(InvDatabase) database = test_database_new (path);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(InvSession) session = inv_session_new (database, settings);
  InvSyncEngine *engine = inv_session_get_sync_engine (session);
  g_autofree char *saved = NULL;
  GtkWindow *window = inv_preferences_window_new (NULL, session);
  GtkWidget *url_row;
  GtkWidget *key_row;
  GtkWidget *test_row;

  /* The service's settings are on the Sync page. */
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "sync");
  gtk_window_present (window);
  ui_test_drain ();

  url_row = ui_test_find_widget (GTK_WIDGET (window), is_mapped_row_titled, "Service Address");
  key_row = ui_test_find_widget (GTK_WIDGET (window), is_mapped_row_titled, "API Key");
  test_row = ui_test_find_widget (GTK_WIDGET (window), is_mapped_row_titled, "Connection");
  g_assert_true (ADW_IS_ENTRY_ROW (url_row));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (key_row));

  /* Plain http to another computer is refused and not saved. */
  gtk_editable_set_text (GTK_EDITABLE (url_row), "http://invites.example.com");
  g_signal_emit_by_name (url_row, "apply");
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));
  saved = g_settings_get_string (settings, "service-url");
  g_assert_cmpstr (saved, ==, "");
  g_clear_pointer (&saved, g_free);

  /* A good address is saved normalised. */
  {
    g_autofree char *typed = g_strconcat (service->url, "/", NULL);

    gtk_editable_set_text (GTK_EDITABLE (url_row), typed);
  }
  g_signal_emit_by_name (url_row, "apply");
  g_assert_false (gtk_widget_has_css_class (url_row, "error"));
  saved = g_settings_get_string (settings, "service-url");
  g_assert_cmpstr (saved, ==, service->url);
  /* The session's engine follows the settings the preferences write. */
  g_assert_cmpstr (inv_sync_engine_get_service_url (engine), ==, service->url);

  /* Test Connection saves the typed key, then lists the service's templates with it. */
  gtk_editable_set_text (GTK_EDITABLE (key_row), "prefs-key");
  ui_test_press (ui_test_find_widget (GTK_WIDGET (window), is_mapped_button_labelled, "Test Connection"));
  ui_test_wait_until (test_finished, test_row, "test finished");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (test_row)), ==, "Connected: 3 interview templates");
  ui_test_drain ();
  /* In the expander row, which opens with an animation. */
  g_assert_cmpuint (ui_test_count_widgets (GTK_WIDGET (window), is_row_titled, "Backend Engineer - Screening"), ==, 1);

  /* A wrong key (saved, then tested) says why. */
  gtk_editable_set_text (GTK_EDITABLE (key_row), "nope");
  ui_test_press (ui_test_find_widget (GTK_WIDGET (window), is_mapped_button_labelled, "Test Connection"));
  ui_test_wait_until (test_finished, test_row, "test finished");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (test_row)), ==,
                   "Failed: API key not valid or Subscription expired");

  g_settings_set_string (settings, "service-url", "");
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("inv-sync-test-XXXXXX", NULL);

  /* A key from the environment would hide a missing one. */
  g_unsetenv ("INVITATIONS_API_KEY");

  /* The preferences' engine reads the API key of a new address from the keyring: a
   * throwaway file keyring, beside the tests' databases. */
  ui_test_init (&argc, &argv, dir);
  inv_ui_register_resource ();

  g_test_add_func ("/sync/page/lists-what-needs-attention", test_page_lists_what_needs_attention);
  g_test_add_func ("/sync/page/follows-a-sync", test_page_follows_a_sync);
  g_test_add_func ("/sync/page/counts-down-a-held-cancel", test_page_counts_down_a_held_cancel);
  g_test_add_func ("/sync/page/follows-a-row-until-sent", test_page_follows_a_row_until_sent);
  g_test_add_func ("/sync/page/shows-failed-and-conflicts", test_page_shows_failed_and_conflicts);
  g_test_add_func ("/sync/page/tells-a-missing-key", test_page_tells_a_missing_key);
  g_test_add_func ("/sync/preferences", test_preferences);

  return g_test_run ();
}

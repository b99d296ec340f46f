/* inv-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-application"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-accessible-names.h"
#include "inv-application.h"
#include "inv-cli.h"
#include "inv-preferences-window.h"
#include "inv-ui-resources.h"
#include "inv-window.h"

struct _InvApplication
{
  AdwApplication  parent_instance;

  char           *database_path;  /* owned; chosen on the command line or the default */
  InvSession     *session;        /* owned; made at startup, NULL without a database */
  char           *database_error; /* owned; why the database could not be opened */
  gboolean        sending_queued; /* held while queued changes go out after the last window */
  gboolean        quitting;       /* Quit was chosen: queued changes wait for the next start */
};

/* How long the app stays without a window to send what was queued (a cancel whose
 * undo period had not ended when the window closed). */
#define SEND_QUEUED_SECONDS 60

G_DEFINE_FINAL_TYPE (InvApplication, inv_application, ADW_TYPE_APPLICATION)

static int
inv_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  InvApplication *self = INV_APPLICATION (application);
  g_autofree char *path = NULL;
  int status;

  status = inv_cli_handle_options (options, &path);
  if (status != INV_CLI_CONTINUE)
    return status;

  /* A window on another database is another instance: it must not be handed over to
   * a running app that shows a different file. */
  if (g_variant_dict_contains (options, "database"))
    g_application_set_flags (application,
                             g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);

  g_free (self->database_path);
  self->database_path = g_steal_pointer (&path);

  return -1;
}

/* The outcome of Undo, wherever it was asked for: in the window in front. */
static void
undo_finished_cb (InvApplication *self,
                  guint           n_restored,
                  const char     *error_message,
                  InvSession     *session)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (!INV_IS_WINDOW (window))
    return;

  if (error_message != NULL)
    message = g_strdup (error_message);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%'u invitation restored",
                                            "%'u invitations restored",
                                            n_restored),
                               n_restored);

  toast = adw_toast_new (message);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  inv_window_add_toast (INV_WINDOW (window), toast);
}

static void
inv_application_startup (GApplication *application)
{
  InvApplication *self = INV_APPLICATION (application);
  g_autoptr(InvDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (inv_application_parent_class)->startup (application);
  inv_accessible_names_install ();

  if (self->database_path == NULL)
    self->database_path = inv_database_get_default_path ();

  /* Names sorted for another language are sorted anew by the session, on a worker:
   * the window does not wait for it. */
  database = inv_database_open_full (self->database_path, INV_DATABASE_OPEN_KEEP_SORT_KEYS, &error);
  if (database != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);

      /* Syncs in the background while the app runs, following the settings; with no
       * service address set it does nothing. */
      self->session = inv_session_new (database, settings);
      inv_session_start (self->session);

      /* Undo of a cancel ("app.undo-cancel" from its toast, "app.undo" for Ctrl+Z
       * through the window's "win.undo") belongs to the app, not to the page that
       * cancelled. */
      inv_session_add_actions (self->session, G_ACTION_MAP (self));
      g_signal_connect_object (self->session, "undo-finished", G_CALLBACK (undo_finished_cb),
                               self, G_CONNECT_SWAPPED);
    }
  else
    {
      g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "preferences")),
                                   FALSE);

      /* Not a warning: a file the app refuses is the user's situation, not a bug.
       * The window explains it; this line is for whoever started us from a terminal. */
      g_message ("%s", error->message);
      self->database_error = g_strdup (error->message);
    }
}

static void
inv_application_activate (GApplication *application)
{
  InvApplication *self = INV_APPLICATION (application);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window == NULL)
    {
      window = GTK_WINDOW (inv_window_new (self, self->session, self->database_error));

      /* A database that cannot be written is shown all the same; say so before a
       * change is refused. */
      if (self->session != NULL && inv_database_is_read_only (inv_session_get_database (self->session)))
        {
          InvDatabase *database = inv_session_get_database (self->session);
          AdwToast *toast;

          toast = adw_toast_new (inv_database_is_disk_full (database)
                                 ? _("The disk is full: you can look through and export invitations, but not change them until you free some space")
                                 : _("This database is read-only: you can look through and export invitations, but not change them"));
          adw_toast_set_timeout (toast, 0);
          inv_window_add_toast (INV_WINDOW (window), toast);
        }
    }

  gtk_window_present (window);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  InvApplication *self = user_data;
  static const char *developers[] = { "The Invitations developers", NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *debug_info = NULL;
  GtkWidget *about;

  /* What a bug report needs first: which file, which schema, which libraries. */
  debug_info = g_strdup_printf ("Invitations %s\n"
                                "Database: %s\n"
                                "Schema version: %d\n"
                                "GLib %u.%u.%u, GTK %u.%u.%u, libadwaita %u.%u.%u, SQLite %s\n",
                                PACKAGE_VERSION,
                                self->database_path != NULL ? self->database_path : "",
                                self->session != NULL ? inv_database_get_version (inv_session_get_database (self->session)) : -1,
                                glib_major_version, glib_minor_version, glib_micro_version,
                                gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                                adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
                                sqlite3_libversion ());

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-name", _("Invitations"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Invitations developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Invite candidates to interviews and assessments, and cancel invitations safely — one or a thousand, even offline."),
                        "website", "https://invitations.example.org",
                        "issue-url", "https://invitations.example.org/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        "debug-info", debug_info,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  InvApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->session == NULL)
    return;

  gtk_window_present (inv_preferences_window_new (window, self->session));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (application);

  INV_APPLICATION (application)->quitting = TRUE;

  /* Quitting skips close-request: let each main window keep its size first. */
  for (GList *l = windows; l != NULL; l = l->next)
    {
      if (INV_IS_WINDOW (l->data))
        inv_window_save_state (INV_WINDOW (l->data));
    }

  g_application_quit (G_APPLICATION (application));
}

/* Inside a Flatpak the app asks before it goes on without a window. */
static void
request_background (InvApplication *self)
{
  g_autoptr(GDBusConnection) bus = NULL;
  GVariantBuilder options;

  if (!g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    return;

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Sending the changes you made before closing the window")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (FALSE));
  g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                          "org.freedesktop.portal.Background", "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
}

static void
send_queued_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(InvApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->sending_queued = FALSE;

  if (!inv_session_send_queued_finish (INV_SESSION (object), result, &error))
    {
      g_autoptr(GNotification) notification = g_notification_new (_("Not every change was sent"));

      g_message ("%s", error->message);
      g_notification_set_body (notification, error->message);
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
      g_notification_set_default_action (notification, "app.open");
      g_application_send_notification (G_APPLICATION (self), "unsent-changes", notification);
    }

  g_application_release (G_APPLICATION (self));
}

/* The last window closed: a cancel confirmed a moment before may still be inside its
 * undo period. The app stays, without a window, until it is sent (bounded), so that
 * closing the window never leaves a candidate with a working link. */
static void
inv_application_window_removed (GtkApplication *application,
                                GtkWindow      *window)
{
  InvApplication *self = INV_APPLICATION (application);

  GTK_APPLICATION_CLASS (inv_application_parent_class)->window_removed (application, window);

  if (gtk_application_get_windows (application) != NULL || self->session == NULL ||
      self->quitting || self->sending_queued || !inv_session_has_queued (self->session) ||
      !inv_session_can_send (self->session))
    return;

  g_debug ("Last window closed with changes queued: sending them first");
  self->sending_queued = TRUE;
  g_application_hold (G_APPLICATION (self));
  request_background (self);
  inv_session_send_queued_async (self->session, SEND_QUEUED_SECONDS, NULL,
                                 send_queued_done_cb, g_object_ref (self));
}

static void
inv_application_shutdown (GApplication *application)
{
  InvApplication *self = INV_APPLICATION (application);

  /* Rows on their way stay queued, with their idempotency keys, for the next start. */
  if (self->session != NULL)
    inv_session_stop (self->session);

  G_APPLICATION_CLASS (inv_application_parent_class)->shutdown (application);

  /* Settings are written in the background; make sure they reach the disk. */
  g_settings_sync ();
}

/* Opens the window: what a notification does when clicked. */
static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_activate (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "open", open_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

static void
inv_application_finalize (GObject *object)
{
  InvApplication *self = (InvApplication *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->database_error, g_free);

  G_OBJECT_CLASS (inv_application_parent_class)->finalize (object);
}

static void
inv_application_class_init (InvApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->finalize = inv_application_finalize;

  /* The resources live in a static library: registering them by hand keeps the
   * linker from dropping them. */
  inv_ui_register_resource ();

  app_class->handle_local_options = inv_application_handle_local_options;
  app_class->startup = inv_application_startup;
  app_class->activate = inv_application_activate;
  app_class->shutdown = inv_application_shutdown;
  gtk_app_class->window_removed = inv_application_window_removed;
}

static void
inv_application_init (InvApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  /* Accelerators are seen before the widget with the keyboard: while a change can be
   * undone, Ctrl+Z undoes it even from a text field; otherwise the action is off
   * and the field has the key for its own undo. */
  static const char *undo_accels[] = { "<Control>z", NULL };
  static const char *sync_accels[] = { "<Control>r", "F5", NULL };
  static const char *invite_accels[] = { "<Control>n", NULL };
  static const char *find_accels[] = { "<Control>f", NULL };

  inv_cli_add_options (G_APPLICATION (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.undo", undo_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.sync-now", sync_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.invite-candidate", invite_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.find", find_accels);
}

InvApplication *
inv_application_new (void)
{
  return g_object_new (INV_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_PATH,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * inv_application_get_session:
 *
 * The one session of the app: its database, sync engine and settings. Windows get
 * it when they are made; this is for whoever holds only the application.
 *
 * Returns: (transfer none) (nullable): the session, or %NULL when the database could
 *   not be opened (the window then says why)
 */
InvSession *
inv_application_get_session (InvApplication *self)
{
  g_return_val_if_fail (INV_IS_APPLICATION (self), NULL);

  return self->session;
}

/**
 * inv_application_get_database_error:
 *
 * Returns: (nullable): why the database could not be opened, or %NULL when it is open
 */
const char *
inv_application_get_database_error (InvApplication *self)
{
  g_return_val_if_fail (INV_IS_APPLICATION (self), NULL);

  return self->database_error;
}

/* inv-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences: the invitation service's address, its API key (kept in the keyring,
 * never shown again once saved), a connection test that lists the service's
 * interview templates, and how often and how widely to sync.
 */

#define G_LOG_DOMAIN "inv-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-credentials.h"
#include "inv-preferences-window.h"
#include "inv-remote.h"
#include "inv-service-url.h"

struct _InvPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  InvSession           *session;     /* owned */
  InvSyncEngine        *engine;      /* owned, the session's */
  GSettings            *settings;    /* owned, the session's */
  GCancellable         *cancellable; /* owned: the test and keyring calls in progress */
  GPtrArray            *test_rows;   /* GtkWidget in tests_row */

  AdwEntryRow          *url_row;
  AdwPasswordEntryRow  *key_row;
  AdwActionRow         *test_row;
  GtkSpinner           *test_spinner;
  GtkButton            *test_button;
  AdwExpanderRow       *tests_row;
  GtkAdjustment        *interval_adjustment;
  GtkAdjustment        *concurrency_adjustment;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvPreferencesWindow, inv_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static GParamSpec *properties[N_PROPS];

static void
toast (InvPreferencesWindow *self,
       const char           *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static char *
typed_url (InvPreferencesWindow  *self,
           GError               **error)
{
  return inv_service_url_normalize (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), error);
}

/* The typed address, or %NULL after marking the row and saying what is wrong with it. */
static char *
checked_url (InvPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  char *url = typed_url (self, &error);

  if (url == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      toast (self, error->message);
    }

  return url;
}

static void
url_changed_cb (InvPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
}

static void
url_applied_cb (InvPreferencesWindow *self)
{
  g_autofree char *url = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_row));

  /* An empty address turns syncing off. */
  if (*text == '\0')
    {
      g_settings_set_string (self->settings, "service-url", "");
      toast (self, _("Syncing is off: everything stays on this computer"));
      return;
    }

  url = checked_url (self);
  if (url == NULL)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  g_settings_set_string (self->settings, "service-url", url);
}

/* The key the keyring refused, for the dialog that offers to use it for this session
 * only; freed with the dialog. */
typedef struct
{
  GWeakRef  window;
  char     *key;
} SessionKeyOffer;

static void
session_key_offer_free (gpointer  data,
                        GClosure *closure)
{
  SessionKeyOffer *offer = data;

  g_weak_ref_clear (&offer->window);
  g_free (offer->key);
  g_free (offer);
}

static void
keyring_failed_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            SessionKeyOffer  *offer)
{
  g_autoptr(InvPreferencesWindow) self = g_weak_ref_get (&offer->window);
  const char *key = offer->key;

  if (self == NULL || g_strcmp0 (response, "session") != 0 || key == NULL)
    return;

  /* In memory only, until the app quits: the engine uses it at once. */
  inv_sync_engine_set_api_key (self->engine, key);
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row), _("API Key (for this session only)"));
  toast (self, _("The API key is used until Invitations quits"));
  inv_sync_engine_sync_async (self->engine, INV_SYNC_FLAGS_NOW, NULL, NULL, NULL);
}

/* The keyring refused: say exactly that, and offer what is possible. */
static void
show_keyring_failure (InvPreferencesWindow *self,
                      const char           *key,
                      const GError         *error)
{
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  SessionKeyOffer *offer;

  body = g_strdup_printf (_("The keyring answered: %s\n\n"
                            "The key can be used for this session only: it is kept in memory until Invitations quits and is written nowhere. "
                            "Next time, enter it again, or set the %s environment variable."),
                          error->message, INV_CREDENTIALS_KEY_VARIABLE);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("The Keyring Could Not Store the API Key"),
                                                       body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "session", _("_Use for This Session Only"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "session", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "session");
  adw_message_dialog_set_close_response (dialog, "cancel");
  offer = g_new0 (SessionKeyOffer, 1);
  g_weak_ref_init (&offer->window, self);
  offer->key = g_strdup (key);
  g_signal_connect_data (dialog, "response", G_CALLBACK (keyring_failed_response_cb),
                         offer, session_key_offer_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
key_stored_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  InvPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!inv_credentials_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_keyring_failure (self, gtk_editable_get_text (GTK_EDITABLE (self->key_row)), error);
      g_object_unref (self);
      return;
    }

  /* The key is saved: the entry forgets it, the engine reads it from the keyring. */
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row), _("API Key (saved in the keyring)"));
  toast (self, _("API key saved in the keyring"));
  inv_sync_engine_reload_api_key (self->engine);
  g_object_unref (self);
}

static void
key_applied_cb (InvPreferencesWindow *self)
{
  g_autofree char *url = NULL;
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));

  if (*key == '\0')
    return;

  /* The key belongs to the address as typed; save the address first if it changed. */
  url = checked_url (self);
  if (url == NULL)
    return;

  url_applied_cb (self);
  inv_credentials_store_async (url, key, self->cancellable, key_stored_cb, g_object_ref (self));
}

static void
clear_test_rows (InvPreferencesWindow *self)
{
  for (guint i = 0; i < self->test_rows->len; i++)
    adw_expander_row_remove (self->tests_row, g_ptr_array_index (self->test_rows, i));
  g_ptr_array_set_size (self->test_rows, 0);
}

static void
tested_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  InvPreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tests = inv_sync_engine_test_connection_finish (INV_SYNC_ENGINE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }

  gtk_spinner_set_spinning (self->test_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);

  if (tests == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Failed: %s"), error->message);

      adw_action_row_set_subtitle (self->test_row, text);
      gtk_widget_set_visible (GTK_WIDGET (self->tests_row), FALSE);
      g_object_unref (self);
      return;
    }

  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "Connected: %u interview template",
                                                          "Connected: %u interview templates",
                                                          tests->len),
                                             tests->len);
    adw_action_row_set_subtitle (self->test_row, text);
  }

  for (guint i = 0; i < tests->len; i++)
    {
      const InvRemoteTest *test = g_ptr_array_index (tests, i);
      GtkWidget *row = adw_action_row_new ();
      const char *kind = test->live ? _("Live interview") : _("Automated");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), test->name);
      if (!test->active)
        {
          /* TRANSLATORS: "Automated, closed" */
          g_autofree char *subtitle = g_strdup_printf (_("%s, closed"), kind);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kind);

      adw_expander_row_add_row (self->tests_row, row);
      g_ptr_array_add (self->test_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->tests_row), tests->len > 0);
  adw_expander_row_set_expanded (self->tests_row, TRUE);
  g_object_unref (self);
}

static void
test_clicked_cb (InvPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = typed_url (self, &error);
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));

  clear_test_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->tests_row), FALSE);

  if (url == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Failed: %s"), error->message);
      adw_action_row_set_subtitle (self->test_row, text);
      return;
    }

  /* Without a typed key, only the saved service is tried with its saved key: never
   * is one service's key sent to another address. */
  if (*key == '\0' && g_strcmp0 (url, inv_sync_engine_get_service_url (self->engine)) != 0)
    {
      adw_action_row_set_subtitle (self->test_row, _("Enter the API key for this address"));
      return;
    }

  adw_action_row_set_subtitle (self->test_row, _("Connecting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), TRUE);
  gtk_spinner_set_spinning (self->test_spinner, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);

  inv_sync_engine_test_connection_async (self->engine, url, *key != '\0' ? key : NULL,
                                         self->cancellable, tested_cb, g_object_ref (self));
}

static void
inv_preferences_window_constructed (GObject *object)
{
  InvPreferencesWindow *self = INV_PREFERENCES_WINDOW (object);
  g_autofree char *url = NULL;

  G_OBJECT_CLASS (inv_preferences_window_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));
  g_assert (inv_session_get_settings (self->session) != NULL);

  self->engine = g_object_ref (inv_session_get_sync_engine (self->session));
  /* The settings the engine follows: what is applied here is what it syncs with. */
  self->settings = g_object_ref (inv_session_get_settings (self->session));

  url = g_settings_get_string (self->settings, "service-url");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");

  g_settings_bind (self->settings, "sync-interval-minutes", self->interval_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sync-concurrency", self->concurrency_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);

  if (*url != '\0' && !inv_sync_engine_get_needs_key (self->engine))
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row), _("API Key (saved in the keyring)"));
}

static void
inv_preferences_window_dispose (GObject *object)
{
  InvPreferencesWindow *self = INV_PREFERENCES_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->engine);
  g_clear_object (&self->session);
  g_clear_pointer (&self->test_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (inv_preferences_window_parent_class)->dispose (object);
}

static void
inv_preferences_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  InvPreferencesWindow *self = INV_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  InvPreferencesWindow *self = INV_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_preferences_window_class_init (InvPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = inv_preferences_window_constructed;
  object_class->dispose = inv_preferences_window_dispose;
  object_class->get_property = inv_preferences_window_get_property;
  object_class->set_property = inv_preferences_window_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, key_row);
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, test_row);
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, test_button);
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, tests_row);
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, interval_adjustment);
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, concurrency_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, url_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
}

static void
inv_preferences_window_init (InvPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->test_rows = g_ptr_array_new ();
}

/**
 * inv_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @session: the app's session, made with the app's settings: its sync engine is used
 *   for the connection test and the key
 *
 * Returns: (transfer none): the preferences window; present it
 */
GtkWindow *
inv_preferences_window_new (GtkWindow  *parent,
                            InvSession *session)
{
  g_return_val_if_fail (INV_IS_SESSION (session), NULL);
  g_return_val_if_fail (inv_session_get_settings (session) != NULL, NULL);

  return g_object_new (INV_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "session", session,
                       NULL);
}

/* inv-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences: what cancellation emails are signed with (the company name and the
 * signature, kept in the database), how cancelling behaves (the undo period, whether
 * candidates are notified by default), the invitation service's address, its API key
 * (kept in the keyring, never shown again once saved), a connection test that lists
 * the service's interview templates with what is saved, and how often and how widely
 * to sync.
 */

#define G_LOG_DOMAIN "inv-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-credentials.h"
#include "inv-message-template.h"
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
  GCancellable         *key_lookup;  /* owned while the keyring is asked about the saved key */
  gboolean              test_after_store;  /* a test waits for the typed key to be saved */
  gboolean              test_after_lookup; /* a test waits for the saved key */
  gboolean              session_key;       /* the engine holds a key for this session only */
  gboolean              signature_changed;  /* typed since last saved */


  AdwPreferencesPage   *general_page;
  AdwPreferencesGroup  *privacy_group;
  AdwActionRow         *privacy_row;
  GtkButton            *restrict_button;
  AdwPreferencesPage   *sync_page;
  AdwEntryRow          *company_row;
  GtkTextView          *signature_view;
  GtkButton            *signature_save_button;
  GtkAdjustment        *grace_adjustment;
  GtkSwitch            *notify_switch;
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

static void look_up_saved_key (InvPreferencesWindow *self,
                               gboolean              then_test);

/* Saves the typed address, as Enter or the apply button do. Returns %FALSE when it is
 * not an address the app can use; nothing is saved then. */
static gboolean
save_url (InvPreferencesWindow *self)
{
  g_autofree char *url = NULL;
  g_autofree char *saved = g_settings_get_string (self->settings, "service-url");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_row));

  /* An empty address turns syncing off. */
  if (*text == '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
      if (*saved != '\0')
        {
          g_settings_set_string (self->settings, "service-url", "");
          toast (self, _("Syncing is off: everything stays on this computer"));
          look_up_saved_key (self, FALSE);
        }
      return TRUE;
    }

  url = checked_url (self);
  if (url == NULL)
    return FALSE;

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  if (g_strcmp0 (url, saved) != 0)
    {
      g_settings_set_string (self->settings, "service-url", url);
      /* A key kept for this session belonged to the old address. */
      self->session_key = FALSE;
      toast (self, _("Service address saved"));
      /* Another address has its own key, or none yet. */
      look_up_saved_key (self, FALSE);
    }

  return TRUE;
}

static void
url_applied_cb (InvPreferencesWindow *self)
{
  save_url (self);
}

/* What the API key row says about the saved key; it never shows the key itself. */
static void
show_key_state (InvPreferencesWindow *self,
                const char           *key,
                const GError         *error)
{
  const char *from_environment = g_getenv (INV_CREDENTIALS_KEY_VARIABLE);
  g_autofree char *title = NULL;

  if (key == NULL && error != NULL)
    title = g_strdup (_("API Key (The Keyring Could Not Be Read)"));
  else if (key == NULL)
    title = g_strdup (_("API Key"));
  else if (g_strcmp0 (key, from_environment) == 0)
    /* Translators: %s is the name of an environment variable */
    title = g_strdup_printf (_("API Key (Taken from %s)"), INV_CREDENTIALS_KEY_VARIABLE);
  else
    title = g_strdup (_("API Key (Stored in the Keyring)"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row), title);
}

/* The connection test is over (or never started): the row says how it went. */
static void
end_test (InvPreferencesWindow *self,
          const char           *subtitle)
{
  gtk_spinner_set_spinning (self->test_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (self->test_row, subtitle);
}

static void tested_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data);

/* Tests the saved address with @key, the key saved for it (%NULL: the engine's own,
 * which may be one kept for this session only). */
static void
run_test (InvPreferencesWindow *self,
          const char           *key)
{
  g_autofree char *url = g_settings_get_string (self->settings, "service-url");

  if (*url == '\0')
    {
      end_test (self, _("Not tested: no service address is saved"));
      return;
    }

  inv_sync_engine_test_connection_async (self->engine, url, key, self->cancellable,
                                         tested_cb, g_object_ref (self));
}

static void
saved_key_found_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(InvPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = inv_credentials_lookup_finish (result, &error);
  gboolean then_test;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->key_lookup);
  then_test = self->test_after_lookup;
  self->test_after_lookup = FALSE;

  if (error != NULL)
    g_debug ("The keyring could not be read: %s", error->message);

  /* A key kept for this session only is not in the keyring: the row keeps saying so. */
  if (key != NULL || !self->session_key)
    show_key_state (self, key, error);

  if (!then_test)
    return;

  if (key == NULL && !self->session_key)
    end_test (self, _("Not tested: no API key is saved for this address. Type it and press Enter."));
  else
    run_test (self, key);
}

/* Asks the keyring for the key saved for the saved address, to say whether there is
 * one, and, with @then_test, to test the connection with it. */
static void
look_up_saved_key (InvPreferencesWindow *self,
                   gboolean              then_test)
{
  g_autofree char *url = g_settings_get_string (self->settings, "service-url");

  if (self->key_lookup != NULL)
    g_cancellable_cancel (self->key_lookup);
  g_clear_object (&self->key_lookup);
  self->test_after_lookup = then_test || self->test_after_lookup;

  if (*url == '\0')
    {
      self->test_after_lookup = FALSE;
      self->session_key = FALSE;
      show_key_state (self, NULL, NULL);
      if (then_test)
        run_test (self, NULL);
      return;
    }

  self->key_lookup = g_cancellable_new ();
  inv_credentials_lookup_async (url, self->key_lookup, saved_key_found_cb, g_object_ref (self));
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
  self->session_key = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row), _("API Key (For This Session Only)"));
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
  g_autoptr(InvPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean then_test = self->test_after_store;

  if (!inv_credentials_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      self->test_after_store = FALSE;
      if (then_test)
        end_test (self, _("Not tested: the API key could not be saved"));
      show_keyring_failure (self, gtk_editable_get_text (GTK_EDITABLE (self->key_row)), error);
      return;
    }

  /* The key is saved: the entry forgets it, the engine reads it from the keyring. */
  self->test_after_store = FALSE;
  self->session_key = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  show_key_state (self, "", NULL);
  toast (self, _("API key saved in the keyring"));
  inv_sync_engine_reload_api_key (self->engine);
  look_up_saved_key (self, then_test);
}

/* Saves the typed key for the address (saving the address first when it changed), as
 * Enter or the apply button do. Returns %FALSE when nothing is being saved. */
static gboolean
save_key (InvPreferencesWindow *self)
{
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));

  if (*key == '\0')
    return FALSE;

  /* A key that cannot be sent (a line break, a control character, too long) is
   * refused as typed, not stored or cut to fit. */
  if (!inv_credentials_check_key (key, &error))
    {
      toast (self, error->message);
      return FALSE;
    }

  /* The key belongs to the address as typed; save the address first if it changed. */
  url = checked_url (self);
  if (url == NULL || !save_url (self))
    return FALSE;

  inv_credentials_store_async (url, key, self->cancellable, key_stored_cb, g_object_ref (self));

  return TRUE;
}

static void
key_applied_cb (InvPreferencesWindow *self)
{
  save_key (self);
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

  end_test (self, NULL);

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
                                                          "Connected: %'u interview template",
                                                          "Connected: %'u interview templates",
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

/* The test uses what is saved: what is typed is saved first, as Enter would. */
static void
test_clicked_cb (InvPreferencesWindow *self)
{
  clear_test_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->tests_row), FALSE);

  if (!save_url (self))
    {
      end_test (self, _("Not tested: the service address is not valid"));
      return;
    }

  adw_action_row_set_subtitle (self->test_row, _("Connecting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), TRUE);
  gtk_spinner_set_spinning (self->test_spinner, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);

  self->test_after_store = TRUE;
  if (!save_key (self))
    {
      self->test_after_store = FALSE;
      look_up_saved_key (self, TRUE);
    }
}

/* ---- Company and signature ---------------------------------------------------- */

static void
company_applied_cb (InvPreferencesWindow *self)
{
  InvDatabase *database = inv_session_get_database (self->session);
  g_autoptr(GError) error = NULL;
  g_autofree char *company = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->company_row))));

  if (!inv_message_template_set_company (database, company, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the company name: %s"), error->message);

      toast (self, message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->company_row), company);
  toast (self, *company != '\0' ? _("Company name saved") : _("Company name removed"));
}

static char *
typed_signature (InvPreferencesWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->signature_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Saves the signature if it changed; @tell says so in a toast (not while closing). */
static void
save_signature (InvPreferencesWindow *self,
                gboolean              tell)
{
  InvDatabase *database = inv_session_get_database (self->session);
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = NULL;

  if (!self->signature_changed)
    return;

  signature = typed_signature (self);

  if (!inv_message_template_set_signature (database, signature, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the signature: %s"), error->message);

      if (tell)
        toast (self, message);
      else
        g_warning ("%s", message);
      return;
    }

  self->signature_changed = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->signature_save_button), FALSE);
  if (tell)
    toast (self, *g_strstrip (signature) != '\0' ? _("Signature saved") : _("Signature removed"));
}

static void
signature_changed_cb (InvPreferencesWindow *self)
{
  self->signature_changed = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->signature_save_button), TRUE);
}

static void
signature_save_clicked_cb (InvPreferencesWindow *self)
{
  save_signature (self, TRUE);
}

/* Leaving the field saves it: nobody should lose a signature to a forgotten button. */
static void
signature_focus_left_cb (InvPreferencesWindow *self)
{
  save_signature (self, TRUE);
}

static void
load_company (InvPreferencesWindow *self)
{
  InvDatabase *database = inv_session_get_database (self->session);
  g_autofree char *company = inv_message_template_get_company (database);
  g_autofree char *signature = inv_message_template_get_signature (database);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->signature_view);

  gtk_editable_set_text (GTK_EDITABLE (self->company_row), company != NULL ? company : "");
  g_signal_handlers_block_by_func (buffer, signature_changed_cb, self);
  gtk_text_buffer_set_text (buffer, signature != NULL ? signature : "", -1);
  g_signal_handlers_unblock_by_func (buffer, signature_changed_cb, self);
  self->signature_changed = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->signature_save_button), FALSE);
}

/* The database holds candidates' names, emails and phone numbers. A file that other
 * accounts on this computer may read (an older version made it so, or a copy) is
 * shown at the top of the first page, with the one click that makes it private. */
static void
check_privacy (InvPreferencesWindow *self)
{
  InvDatabase *database = inv_session_get_database (self->session);
  const char *path = inv_database_get_path (database);
  g_autoptr(GPtrArray) exposed = inv_database_find_exposed_files (path);
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->privacy_group), exposed->len > 0);
  if (exposed->len == 0)
    return;

  subtitle = g_strdup_printf (_("“%s” holds candidates’ names, emails and phone numbers, and other accounts on this computer can read it. Restrict access so that only you can."),
                              (const char *)exposed->pdata[0]);
  adw_action_row_set_subtitle (self->privacy_row, subtitle);
}

static void
restrict_clicked_cb (InvPreferencesWindow *self)
{
  InvDatabase *database = inv_session_get_database (self->session);
  g_autoptr(GError) error = NULL;

  if (!inv_database_restrict_access (inv_database_get_path (database), &error))
    {
      toast (self, error->message);
      return;
    }

  check_privacy (self);
  toast (self, _("Only you can read the database now"));
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

  g_settings_bind (self->settings, "cancel-grace-seconds", self->grace_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notify-candidates-default", self->notify_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  /* The row says whether a key is saved once the keyring has answered. */
  look_up_saved_key (self, FALSE);

  check_privacy (self);
  load_company (self);
  g_signal_connect_object (gtk_text_view_get_buffer (self->signature_view), "changed",
                           G_CALLBACK (signature_changed_cb), self, G_CONNECT_SWAPPED);
  {
    GtkEventController *focus = gtk_event_controller_focus_new ();

    g_signal_connect_object (focus, "leave", G_CALLBACK (signature_focus_left_cb), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->signature_view), focus);
  }
}

static void
inv_preferences_window_dispose (GObject *object)
{
  InvPreferencesWindow *self = INV_PREFERENCES_WINDOW (object);

  /* However the window goes, a signature typed and not yet saved is kept. */
  if (self->session != NULL)
    save_signature (self, FALSE);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->key_lookup != NULL)
    g_cancellable_cancel (self->key_lookup);
  g_clear_object (&self->key_lookup);
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
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, general_page);
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, privacy_group);
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, privacy_row);
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, restrict_button);
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, sync_page);
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, company_row);
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, signature_view);
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, signature_save_button);
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, grace_adjustment);
  gtk_widget_class_bind_template_child (widget_class, InvPreferencesWindow, notify_switch);
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
  gtk_widget_class_bind_template_callback (widget_class, company_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, signature_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, restrict_clicked_cb);
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

/**
 * inv_preferences_window_show_group:
 * @group: which settings to show: %INV_PREFERENCES_SERVICE or %INV_PREFERENCES_COMPANY
 *
 * Shows the page of @group and puts the focus on its first field, for the places
 * that send a person here to set something up.
 */
void
inv_preferences_window_show_group (InvPreferencesWindow *self,
                                   const char           *group)
{
  g_return_if_fail (INV_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (group != NULL);

  if (g_strcmp0 (group, INV_PREFERENCES_SERVICE) == 0)
    {
      adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self), self->sync_page);
      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
    }
  else if (g_strcmp0 (group, INV_PREFERENCES_COMPANY) == 0)
    {
      adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self), self->general_page);
      gtk_widget_grab_focus (GTK_WIDGET (self->company_row));
    }
  else
    g_return_if_reached ();
}

/* inv-credentials.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-credentials"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "inv-credentials.h"
#include "inv-service-url.h"

#define ATTRIBUTE_URL "service-url"

G_DEFINE_QUARK (inv-credentials-error-quark, inv_credentials_error)

/**
 * inv_credentials_check_key:
 * @api_key: a key as typed, pasted or read
 * @error: return location for an %INV_CREDENTIALS_ERROR_INVALID_KEY error
 *
 * Checks that @api_key can be sent as it is: one line of printable ASCII, no space
 * at either end (the service would not see it), at most
 * %INV_CREDENTIALS_MAX_KEY_LENGTH bytes. A key with a line break would otherwise be
 * refused by the HTTP library, and requests would go out without a key. The
 * messages are short enough for a toast, and never quote the key.
 *
 * Returns: %TRUE if @api_key can be used
 */
gboolean
inv_credentials_check_key (const char  *api_key,
                           GError     **error)
{
  gsize length;

  g_return_val_if_fail (api_key != NULL, FALSE);

  length = strlen (api_key);

  if (length == 0)
    {
      g_set_error_literal (error, INV_CREDENTIALS_ERROR, INV_CREDENTIALS_ERROR_INVALID_KEY,
                           _("The API key is empty"));
      return FALSE;
    }

  if (length > INV_CREDENTIALS_MAX_KEY_LENGTH)
    {
      g_set_error (error, INV_CREDENTIALS_ERROR, INV_CREDENTIALS_ERROR_INVALID_KEY,
                   _("The API key is too long: at most %'d characters"),
                   INV_CREDENTIALS_MAX_KEY_LENGTH);
      return FALSE;
    }

  if (strpbrk (api_key, "\r\n") != NULL)
    {
      g_set_error_literal (error, INV_CREDENTIALS_ERROR, INV_CREDENTIALS_ERROR_INVALID_KEY,
                           _("The API key has a line break; it must be one line"));
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar)api_key[i];

      if (c < 0x20 || c > 0x7e)
        {
          g_set_error (error, INV_CREDENTIALS_ERROR, INV_CREDENTIALS_ERROR_INVALID_KEY,
                       _("Character %'zu of the API key cannot be sent"),
                       g_utf8_validate (api_key, i, NULL) ? (gsize)g_utf8_strlen (api_key, i) + 1 : i + 1);
          return FALSE;
        }
    }

  if (api_key[0] == ' ' || api_key[length - 1] == ' ')
    {
      g_set_error_literal (error, INV_CREDENTIALS_ERROR, INV_CREDENTIALS_ERROR_INVALID_KEY,
                           _("The API key starts or ends with a space"));
      return FALSE;
    }

  return TRUE;
}

/**
 * inv_credentials_get_schema:
 *
 * Returns: (transfer none): the keyring schema of the app's API keys: one secret per
 *   service address
 */
const SecretSchema *
inv_credentials_get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID ".ApiKey", SECRET_SCHEMA_NONE,
    {
      { ATTRIBUTE_URL, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* Keys are filed under the normalised address, so "https://Example.org/" and
 * "https://example.org" find the same key. */
static char *
key_url (const char  *service_url,
         GError     **error)
{
  return inv_service_url_normalize (service_url, error);
}

/* key_url() for an asynchronous call: an address that is not valid ends @task. */
static char *
task_key_url (GTask      *task,
              const char *service_url)
{
  GError *error = NULL;
  char *url = key_url (service_url, &error);

  if (url == NULL)
    g_task_return_error (task, error);

  return url;
}

static char *
label_for (const char *url)
{
  /* TRANSLATORS: the name of the API key in the keyring (Passwords and Keys) */
  return g_strdup_printf (_("Invitations API key for %s"), url);
}

/**
 * inv_credentials_store_sync:
 *
 * Stores @api_key for @service_url in the default keyring, replacing an older one.
 * A key that inv_credentials_check_key() refuses is not stored, nor cut to fit.
 * Blocks: for the command line; the window uses inv_credentials_store_async().
 */
gboolean
inv_credentials_store_sync (const char    *service_url,
                            const char    *api_key,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *url = key_url (service_url, error);
  g_autofree char *label = NULL;

  g_return_val_if_fail (api_key != NULL, FALSE);

  if (url == NULL || !inv_credentials_check_key (api_key, error))
    return FALSE;

  label = label_for (url);

  return secret_password_store_sync (inv_credentials_get_schema (), SECRET_COLLECTION_DEFAULT,
                                     label, api_key, cancellable, error,
                                     ATTRIBUTE_URL, url, NULL);
}

/* Where the keyring has no key (none stored, or no keyring at all: a server, a CI
 * job, a sandbox without the Secret portal), the environment may have one. The
 * window and the command line ask in the same order. */
static char *
key_from_environment (GError **error)
{
  const char *key = g_getenv (INV_CREDENTIALS_KEY_VARIABLE);
  g_autoptr(GError) local_error = NULL;

  if (key == NULL || *key == '\0')
    return NULL;

  if (!inv_credentials_check_key (key, &local_error))
    {
      g_set_error (error, INV_CREDENTIALS_ERROR, INV_CREDENTIALS_ERROR_INVALID_KEY,
                   /* TRANSLATORS: the first %s is the name of an environment variable, the
                    * second why its key is refused */
                   _("%s holds an API key that cannot be used. %s."),
                   INV_CREDENTIALS_KEY_VARIABLE, local_error->message);
      return NULL;
    }

  return g_strdup (key);
}

/* What a keyring lookup comes to, for both lookups: the key the keyring gave, as an
 * ordinary string (libsecret's copy is wiped on free), else the environment's. Takes
 * @secret and @keyring_error, the keyring's answer. Returns %NULL when there is no key,
 * with @error set when the keyring could not be read. */
static char *
key_from_lookup (char    *secret,
                 GError  *keyring_error,
                 GError **error)
{
  g_autoptr(GError) local_error = keyring_error;
  char *copy;

  if (secret == NULL)
    {
      g_autoptr(GError) environment_error = NULL;
      char *from_environment = key_from_environment (&environment_error);

      if (from_environment != NULL)
        {
          if (local_error != NULL)
            g_debug ("The keyring could not be read, using %s: %s",
                     INV_CREDENTIALS_KEY_VARIABLE, local_error->message);
          return from_environment;
        }

      /* A key that is there but unusable says so, rather than "no key". */
      if (environment_error != NULL)
        g_propagate_error (error, g_steal_pointer (&environment_error));
      else if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* A key stored by an older version, which did not check keys, is not sent. */
  if (!inv_credentials_check_key (secret, &local_error))
    {
      g_set_error (error, INV_CREDENTIALS_ERROR, INV_CREDENTIALS_ERROR_INVALID_KEY,
                   _("The API key in the keyring cannot be used. %s. Store a new one."),
                   local_error->message);
      secret_password_free (secret);
      return NULL;
    }

  copy = g_strdup (secret);
  secret_password_free (secret);

  return copy;
}

/**
 * inv_credentials_lookup_sync:
 *
 * Returns: (transfer full) (nullable): the key stored for @service_url, else the one
 *   in the environment variable %INV_CREDENTIALS_KEY_VARIABLE; %NULL when there is
 *   none (@error unset) or the keyring could not be read and the environment has none
 *   (@error set)
 */
char *
inv_credentials_lookup_sync (const char    *service_url,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *url = key_url (service_url, error);
  GError *keyring_error = NULL;
  char *secret;

  if (url == NULL)
    return NULL;

  secret = secret_password_lookup_sync (inv_credentials_get_schema (), cancellable, &keyring_error,
                                        ATTRIBUTE_URL, url, NULL);

  return key_from_lookup (secret, keyring_error, error);
}

gboolean
inv_credentials_clear_sync (const char    *service_url,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *url = key_url (service_url, error);
  g_autoptr(GError) local_error = NULL;

  if (url == NULL)
    return FALSE;

  /* Clearing a key that is not there is not an error. */
  secret_password_clear_sync (inv_credentials_get_schema (), cancellable, &local_error,
                              ATTRIBUTE_URL, url, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
inv_credentials_store_async (const char          *service_url,
                             const char          *api_key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *url = NULL;
  g_autofree char *label = NULL;
  GError *error = NULL;

  g_return_if_fail (api_key != NULL);

  g_task_set_source_tag (task, inv_credentials_store_async);

  url = task_key_url (task, service_url);
  if (url == NULL)
    return;

  if (!inv_credentials_check_key (api_key, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  label = label_for (url);
  secret_password_store (inv_credentials_get_schema (), SECRET_COLLECTION_DEFAULT, label, api_key,
                         cancellable, store_cb, g_steal_pointer (&task),
                         ATTRIBUTE_URL, url, NULL);
}

gboolean
inv_credentials_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *keyring_error = NULL;
  GError *error = NULL;
  char *secret = secret_password_lookup_finish (result, &keyring_error);
  char *key = key_from_lookup (secret, keyring_error, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, g_free);
}

void
inv_credentials_lookup_async (const char          *service_url,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *url = NULL;

  g_task_set_source_tag (task, inv_credentials_lookup_async);

  url = task_key_url (task, service_url);
  if (url == NULL)
    return;

  secret_password_lookup (inv_credentials_get_schema (), cancellable, lookup_cb,
                          g_steal_pointer (&task), ATTRIBUTE_URL, url, NULL);
}

/**
 * inv_credentials_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the key, %NULL when none is stored (@error
 *   unset) or on failure (@error set)
 */
char *
inv_credentials_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* inv-credentials.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

/* The API key of each service lives in the user's keyring (libsecret), keyed by the
 * normalised service address, else in the environment; it is never written to the
 * database, the settings, logs or command lines. The window and the command line
 * look it up the same way. */

/* Where there is no keyring (a server, a CI job), the key may come from here. */
#define INV_CREDENTIALS_KEY_VARIABLE "INVITATIONS_API_KEY"

/* The longest API key taken, in bytes: far above any service's keys, and a bound for
 * what is read from standard input. A longer one is refused, never cut. */
#define INV_CREDENTIALS_MAX_KEY_LENGTH 4096

#define INV_CREDENTIALS_ERROR (inv_credentials_error_quark ())

typedef enum
{
  INV_CREDENTIALS_ERROR_INVALID_KEY,
} InvCredentialsError;

GQuark              inv_credentials_error_quark  (void);

gboolean            inv_credentials_check_key    (const char           *api_key,
                                                  GError              **error);

const SecretSchema *inv_credentials_get_schema   (void) G_GNUC_CONST;

gboolean            inv_credentials_store_sync   (const char           *service_url,
                                                  const char           *api_key,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
char               *inv_credentials_lookup_sync  (const char           *service_url,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
gboolean            inv_credentials_clear_sync   (const char           *service_url,
                                                  GCancellable         *cancellable,
                                                  GError              **error);

void                inv_credentials_store_async  (const char           *service_url,
                                                  const char           *api_key,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean            inv_credentials_store_finish (GAsyncResult         *result,
                                                  GError              **error);
void                inv_credentials_lookup_async (const char           *service_url,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
char               *inv_credentials_lookup_finish (GAsyncResult        *result,
                                                  GError              **error);

G_END_DECLS

/* inv-service-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define INV_SERVICE_ERROR (inv_service_error_quark ())

/* What went wrong talking to the invitation service, by what the app must do about
 * it (docs/service-api.md, "Errors"). */
typedef enum
{
  INV_SERVICE_ERROR_INVALID_URL,    /* not a usable service address (or http:// off loopback) */
  INV_SERVICE_ERROR_NO_KEY,         /* no API key configured */
  INV_SERVICE_ERROR_UNAUTHORIZED,   /* 401: stop syncing, ask for a new key */
  INV_SERVICE_ERROR_REFUSED,        /* 400: permanent for this operation */
  INV_SERVICE_ERROR_FORBIDDEN,      /* 403: permanent for this operation */
  INV_SERVICE_ERROR_NOT_FOUND,      /* 404: permanent for this operation */
  INV_SERVICE_ERROR_CONFLICT,       /* 409: like the state 400 */
  INV_SERVICE_ERROR_RATE_LIMITED,   /* 429: wait (Retry-After), then retry */
  INV_SERVICE_ERROR_SERVER,         /* 5xx or an unexpected status: retry with backoff */
  INV_SERVICE_ERROR_NETWORK,        /* unreachable, reset, closed: retry with backoff */
  INV_SERVICE_ERROR_TIMEOUT,        /* no answer in time: retry with backoff */
  INV_SERVICE_ERROR_TLS,            /* certificate not trusted: never ignored, retried later */
  INV_SERVICE_ERROR_MALFORMED,      /* a success answer that is not the expected JSON: retry */
  INV_SERVICE_ERROR_CANCELLED,      /* the app stopped the request */
  INV_SERVICE_ERROR_LIMIT,          /* an answer or a listing beyond the app's limits (too
                                     * large, pages that never end or repeat, too many
                                     * requests or 429s in one sync): not tried again in
                                     * this sync, kept for the next one */
} InvServiceError;

GQuark    inv_service_error_quark          (void);
gboolean  inv_service_error_is_transient   (const GError *error);
gboolean  inv_service_error_is_permanent   (const GError *error);
guint     inv_service_error_code_for_status (guint        http_status);

G_END_DECLS

/* inv-service-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-service-error"

#include "config.h"

#include "inv-service-error.h"

G_DEFINE_QUARK (inv-service-error-quark, inv_service_error)

/**
 * inv_service_error_is_transient:
 *
 * Returns: %TRUE if the operation that met @error should be tried again later:
 *   server errors, timeouts, resets, malformed answers, rate limiting, answers
 *   beyond the app's limits and certificate problems (the operation is kept;
 *   nothing is dropped)
 */
gboolean
inv_service_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != INV_SERVICE_ERROR)
    return FALSE;

  switch ((InvServiceError)error->code)
    {
    case INV_SERVICE_ERROR_RATE_LIMITED:
    case INV_SERVICE_ERROR_SERVER:
    case INV_SERVICE_ERROR_NETWORK:
    case INV_SERVICE_ERROR_TIMEOUT:
    case INV_SERVICE_ERROR_TLS:
    case INV_SERVICE_ERROR_MALFORMED:
    case INV_SERVICE_ERROR_LIMIT:
      return TRUE;

    case INV_SERVICE_ERROR_INVALID_URL:
    case INV_SERVICE_ERROR_NO_KEY:
    case INV_SERVICE_ERROR_UNAUTHORIZED:
    case INV_SERVICE_ERROR_REFUSED:
    case INV_SERVICE_ERROR_FORBIDDEN:
    case INV_SERVICE_ERROR_NOT_FOUND:
    case INV_SERVICE_ERROR_CONFLICT:
    case INV_SERVICE_ERROR_CANCELLED:
    default:
      return FALSE;
    }
}

/**
 * inv_service_error_is_permanent:
 *
 * Returns: %TRUE if the service refused the one operation for good (400, 403, 404,
 *   409): it stays visible with the service's message until a person acts
 */
gboolean
inv_service_error_is_permanent (const GError *error)
{
  return g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_REFUSED) ||
         g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_FORBIDDEN) ||
         g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NOT_FOUND) ||
         g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_CONFLICT);
}

/**
 * inv_service_error_code_for_status:
 * @http_status: a status other than 2xx
 *
 * Returns: the #InvServiceError for an HTTP answer, following the contract's table
 */
guint
inv_service_error_code_for_status (guint http_status)
{
  switch (http_status)
    {
    case 400: return INV_SERVICE_ERROR_REFUSED;
    case 401: return INV_SERVICE_ERROR_UNAUTHORIZED;
    case 403: return INV_SERVICE_ERROR_FORBIDDEN;
    case 404: return INV_SERVICE_ERROR_NOT_FOUND;
    case 409: return INV_SERVICE_ERROR_CONFLICT;
    case 429: return INV_SERVICE_ERROR_RATE_LIMITED;
    default:
      /* 5xx, and anything the contract does not name (a proxy's 3xx or 407):
       * nothing says the operation is wrong, so it is retried. */
      return INV_SERVICE_ERROR_SERVER;
    }
}

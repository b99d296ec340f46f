/* inv-service-url.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-service-url"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "inv-service-error.h"
#include "inv-service-url.h"

/**
 * inv_service_url_host_is_loopback:
 * @host: a host name or address as it appears in a URL (IPv6 without brackets)
 *
 * Returns: %TRUE for `localhost`, 127.0.0.0/8 and ::1: the only hosts the API key may
 *   be sent to without TLS, because the traffic never leaves the computer
 */
gboolean
inv_service_url_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (host == NULL || *host == '\0')
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;

  /* "[::1]" from a hand-written string, "::1" from GUri. */
  if (host[0] == '[' && g_str_has_suffix (host, "]"))
    bare = g_strndup (host + 1, strlen (host) - 2);
  else
    bare = g_strdup (host);

  address = g_inet_address_new_from_string (bare);
  if (address == NULL)
    return FALSE;

  return g_inet_address_get_is_loopback (address);
}

/**
 * inv_service_url_normalize:
 * @url: the service address a person typed
 * @error: return location for a #GError
 *
 * Checks a service address and gives it the one spelling the app stores and keys the
 * keyring by: `https://host[:port][/path]` without a trailing slash. `http://` is
 * accepted only for loopback hosts (tests, local demos): anywhere else it would send
 * the API key in clear. Addresses with a user name, password, query or fragment are
 * refused: none of them belongs in a base URL, and a password there would end up in
 * settings.
 *
 * Returns: (transfer full): the normalised address, or %NULL with @error set
 *   (%INV_SERVICE_ERROR_INVALID_URL)
 */
char *
inv_service_url_normalize (const char  *url,
                           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *path = NULL;
  const char *host;
  gboolean https;

  if (url == NULL || *(trimmed = g_strstrip (g_strdup (url))) == '\0')
    {
      g_set_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_INVALID_URL,
                   _("No service address is set"));
      return NULL;
    }

  uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_scheme (uri) == NULL)
    {
      g_set_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_INVALID_URL,
                   _("“%s” is not a web address; it should look like https://invites.example.com"),
                   trimmed);
      return NULL;
    }

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  host = g_uri_get_host (uri);
  https = g_str_equal (scheme, "https");

  if (!https && !g_str_equal (scheme, "http"))
    {
      g_set_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_INVALID_URL,
                   _("The service address must start with https://"));
      return NULL;
    }

  if (host == NULL || *host == '\0')
    {
      g_set_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_INVALID_URL,
                   _("The service address has no host name"));
      return NULL;
    }

  if (!https && !inv_service_url_host_is_loopback (host))
    {
      g_set_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_INVALID_URL,
                   _("The service address must use https:// (plain http:// is only allowed for this computer, such as http://localhost)"));
      return NULL;
    }

  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_INVALID_URL,
                   _("The service address must not contain a user name, password, “?” or “#”"));
      return NULL;
    }

  path = g_strdup (g_uri_get_path (uri));
  while (g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';

  {
    g_autofree char *lower_host = g_ascii_strdown (host, -1);
    g_autoptr(GUri) normalized = g_uri_build (G_URI_FLAGS_NONE, scheme, NULL, lower_host,
                                              g_uri_get_port (uri), path, NULL, NULL);

    return g_uri_to_string (normalized);
  }
}

/* test-service-url.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-service-error.h"
#include "inv-service-url.h"

static void
test_https_normalised (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "https://invites.example.com", "https://invites.example.com" },
    { "  https://Invites.Example.COM/ ", "https://invites.example.com" },
    { "HTTPS://invites.example.com/api/", "https://invites.example.com/api" },
    { "https://invites.example.com:8443//", "https://invites.example.com:8443" },
    { "http://127.0.0.1:8080/", "http://127.0.0.1:8080" },
    { "http://127.1.2.3", "http://127.1.2.3" },
    { "http://localhost:9000", "http://localhost:9000" },
    { "http://[::1]:9000", "http://[::1]:9000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = inv_service_url_normalize (cases[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, cases[i].out);
    }
}

static void
test_refused (void)
{
  /* Plain http off loopback would send the key in clear; the rest is not a base URL. */
  static const char * const refused[] = {
    "", "   ", "invites.example.com", "ftp://invites.example.com",
    "http://invites.example.com", "http://10.0.0.1", "http://128.0.0.1",
    "http://localhost.example.com", "https://user:secret@invites.example.com",
    "https://invites.example.com/?key=1", "https://invites.example.com/#x", "https://",
    "file:///etc/passwd",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = inv_service_url_normalize (refused[i], &error);

      g_assert_null (url);
      g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_INVALID_URL);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *url = inv_service_url_normalize (NULL, &error);

    g_assert_null (url);
    g_assert_error (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_INVALID_URL);
  }
}

static void
test_loopback_hosts (void)
{
  g_assert_true (inv_service_url_host_is_loopback ("localhost"));
  g_assert_true (inv_service_url_host_is_loopback ("LOCALHOST"));
  g_assert_true (inv_service_url_host_is_loopback ("127.0.0.1"));
  g_assert_true (inv_service_url_host_is_loopback ("127.255.255.254"));
  g_assert_true (inv_service_url_host_is_loopback ("::1"));
  g_assert_true (inv_service_url_host_is_loopback ("[::1]"));
  g_assert_false (inv_service_url_host_is_loopback ("::2"));
  g_assert_false (inv_service_url_host_is_loopback ("192.168.1.1"));
  g_assert_false (inv_service_url_host_is_loopback ("example.com"));
  g_assert_false (inv_service_url_host_is_loopback ("127.0.0.1.example.com"));
  g_assert_false (inv_service_url_host_is_loopback (""));
  g_assert_false (inv_service_url_host_is_loopback (NULL));
}

static void
test_error_classes (void)
{
  static const struct { guint status; guint code; gboolean transient; gboolean permanent; } cases[] = {
    { 400, INV_SERVICE_ERROR_REFUSED, FALSE, TRUE },
    { 401, INV_SERVICE_ERROR_UNAUTHORIZED, FALSE, FALSE },
    { 403, INV_SERVICE_ERROR_FORBIDDEN, FALSE, TRUE },
    { 404, INV_SERVICE_ERROR_NOT_FOUND, FALSE, TRUE },
    { 409, INV_SERVICE_ERROR_CONFLICT, FALSE, TRUE },
    { 429, INV_SERVICE_ERROR_RATE_LIMITED, TRUE, FALSE },
    { 500, INV_SERVICE_ERROR_SERVER, TRUE, FALSE },
    { 502, INV_SERVICE_ERROR_SERVER, TRUE, FALSE },
    { 503, INV_SERVICE_ERROR_SERVER, TRUE, FALSE },
    { 302, INV_SERVICE_ERROR_SERVER, TRUE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint code = inv_service_error_code_for_status (cases[i].status);

      g_assert_cmpuint (code, ==, cases[i].code);
      error = g_error_new_literal (INV_SERVICE_ERROR, code, "x");
      g_assert_cmpint (inv_service_error_is_transient (error), ==, cases[i].transient);
      g_assert_cmpint (inv_service_error_is_permanent (error), ==, cases[i].permanent);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/service-url/https-normalised", test_https_normalised);
  g_test_add_func ("/sync/service-url/refused", test_refused);
  g_test_add_func ("/sync/service-url/loopback-hosts", test_loopback_hosts);
  g_test_add_func ("/sync/service-error/classes", test_error_classes);

  return g_test_run ();
}

/* fuzz-email.c: the email rules under libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes, as typed or read from a file: normalising is idempotent, an accepted
 * address stays within the length limits and is accepted again once normalised, a
 * refused one has a message, and the key of an accepted address is text.
 */

#include "config.h"

#include "fuzz-common.h"
#include "inv-email.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  return 0;
}

static gboolean
validate (const char  *email,
          GError     **error)
{
  gboolean ok = inv_email_validate (email, error);

  fuzz_assert (error == NULL || ok == (*error == NULL), "an error is set exactly when refused");
  if (!ok && error != NULL)
    {
      fuzz_assert ((*error)->domain == INV_EMAIL_ERROR, "the error is the email rules' own");
      fuzz_assert (g_utf8_validate ((*error)->message, -1, NULL), "the message is text");
    }

  return ok;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *email = g_strndup ((const char *)data, size);
  g_autofree char *normalized = inv_email_normalize (email);
  g_autofree char *again = inv_email_normalize (normalized);
  g_autoptr(GError) error = NULL;

  fuzz_assert (g_strcmp0 (normalized, again) == 0, "normalising twice changes nothing");

  validate (email, NULL);
  if (!validate (normalized, &error))
    return 0;

  {
    const char *at = strchr (normalized, '@');
    g_autofree char *key = inv_email_key (normalized);
    g_autofree char *key_again = NULL;

    fuzz_assert (g_utf8_validate (normalized, -1, NULL), "an accepted address is text");
    fuzz_assert (at != NULL && at != normalized && at[1] != '\0', "an accepted address has both parts");
    fuzz_assert ((gsize)(at - normalized) <= INV_EMAIL_MAX_LOCAL_LENGTH, "the local part within the limit");
    fuzz_assert (key != NULL && g_utf8_validate (key, -1, NULL), "the key is text");

    /* The key of the key is the key: the same person is found under it. */
    key_again = inv_email_key (key);
    fuzz_assert (g_strcmp0 (key, key_again) == 0, "the key is stable");
  }

  return 0;
}

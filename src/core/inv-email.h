/* inv-email.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define INV_EMAIL_ERROR (inv_email_error_quark ())

/* Why an address is refused; each reason has its own message for the person who typed
 * it (inv_email_validate() sets it). */
typedef enum
{
  INV_EMAIL_ERROR_EMPTY,
  INV_EMAIL_ERROR_NOT_TEXT,          /* not valid UTF-8, or control characters */
  INV_EMAIL_ERROR_SPACE,
  INV_EMAIL_ERROR_NO_AT,
  INV_EMAIL_ERROR_SEVERAL_AT,
  INV_EMAIL_ERROR_TOO_LONG,          /* more than 254 characters in all */
  INV_EMAIL_ERROR_LOCAL_EMPTY,
  INV_EMAIL_ERROR_LOCAL_TOO_LONG,    /* more than 64 before the @ */
  INV_EMAIL_ERROR_LOCAL_CHARACTER,
  INV_EMAIL_ERROR_LOCAL_DOTS,        /* leading, trailing or doubled dot */
  INV_EMAIL_ERROR_DOMAIN_EMPTY,
  INV_EMAIL_ERROR_DOMAIN_LITERAL,    /* [192.0.2.1]: not accepted by the service */
  INV_EMAIL_ERROR_DOMAIN_NO_DOT,
  INV_EMAIL_ERROR_DOMAIN_INVALID,
  INV_EMAIL_ERROR_DOMAIN_LABEL_TOO_LONG,
} InvEmailError;

#define INV_EMAIL_MAX_LENGTH       254
#define INV_EMAIL_MAX_LOCAL_LENGTH 64

GQuark    inv_email_error_quark (void);
gboolean  inv_email_validate    (const char  *email,
                                 GError     **error);
char     *inv_email_normalize   (const char  *email);
char     *inv_email_key         (const char  *email);

G_END_DECLS

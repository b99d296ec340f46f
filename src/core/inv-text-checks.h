/* inv-text-checks.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest link kept: far more than any real invitation link needs. */
#define INV_TEXT_MAX_LINK_LENGTH 2048

gboolean     inv_text_is_bidi_control  (gunichar     c);
gboolean     inv_text_is_unsafe_char   (gunichar     c);
const char  *inv_text_find_unsafe      (const char  *text);
char        *inv_text_sanitize_line    (const char  *text,
                                        gssize       length,
                                        gsize        max_chars);
gboolean     inv_text_is_web_link      (const char  *link);

G_END_DECLS

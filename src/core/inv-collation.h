/* inv-collation.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How names sort in the person's language (ICU collation), and how text is folded so
 * that a search ignores case and accents. */
typedef struct _InvCollation InvCollation;

char         *inv_collation_locale_from_environment (void);
InvCollation *inv_collation_new                     (const char   *locale,
                                                     GError      **error);
void          inv_collation_free                    (InvCollation *self);
const char   *inv_collation_get_locale              (InvCollation *self);
const char   *inv_collation_get_id                  (InvCollation *self);
guint8       *inv_collation_key                     (InvCollation *self,
                                                     const char   *text,
                                                     gsize        *length);
guint8       *inv_collation_key_of_pair             (InvCollation *self,
                                                     const char   *first,
                                                     const char   *second,
                                                     gsize        *length);
int           inv_collation_compare                 (InvCollation *self,
                                                     const char   *a,
                                                     const char   *b);

char         *inv_search_fold                       (const char   *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvCollation, inv_collation_free)

G_END_DECLS

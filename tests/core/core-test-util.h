/* core-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "inv-database.h"

G_BEGIN_DECLS

InvDatabase *core_test_open_database               (const char  *name,
                                                    const char  *sql);
gint64       core_test_scalar                      (InvDatabase *database,
                                                    const char  *sql);
char        *core_test_text                        (InvDatabase *database,
                                                    const char  *sql);
void         core_test_assert_search_index_in_step (InvDatabase *database,
                                                    gboolean     exact);
void         core_test_invite_last_names          (InvDatabase        *database,
                                                    const char * const *last_names,
                                                    guint               n_names,
                                                    const char         *email_prefix);

G_END_DECLS

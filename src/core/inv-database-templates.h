/* inv-database-templates.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inv-database.h"
#include "inv-template.h"

G_BEGIN_DECLS

GListModel  *inv_database_list_templates  (InvDatabase  *self,
                                           GError      **error);
InvTemplate *inv_database_load_template   (InvDatabase  *self,
                                           gint64        id,
                                           GError      **error);
gboolean     inv_database_rename_template (InvDatabase  *self,
                                           gint64        id,
                                           const char   *name,
                                           GError      **error);

G_END_DECLS

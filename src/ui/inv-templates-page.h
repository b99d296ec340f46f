/* inv-templates-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_TEMPLATES_PAGE (inv_templates_page_get_type ())

G_DECLARE_FINAL_TYPE (InvTemplatesPage, inv_templates_page, INV, TEMPLATES_PAGE, AdwBin)

GtkWidget  *inv_templates_page_new           (InvSession       *session);
void        inv_templates_page_reload        (InvTemplatesPage *self);
GListModel *inv_templates_page_get_templates (InvTemplatesPage *self);
gboolean    inv_templates_page_open_template (InvTemplatesPage *self,
                                              gint64            template_id);

G_END_DECLS

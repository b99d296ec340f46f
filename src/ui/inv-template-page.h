/* inv-template-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-session.h"
#include "inv-template.h"

G_BEGIN_DECLS

#define INV_TYPE_TEMPLATE_PAGE (inv_template_page_get_type ())

G_DECLARE_FINAL_TYPE (InvTemplatePage, inv_template_page, INV, TEMPLATE_PAGE, AdwBin)

GtkWidget    *inv_template_page_new          (InvSession      *session,
                                              InvTemplate     *template);
InvTemplate  *inv_template_page_get_template (InvTemplatePage *self);
AdwViewStack *inv_template_page_get_stack    (InvTemplatePage *self);
GtkWidget    *inv_template_page_get_list     (InvTemplatePage *self);

G_END_DECLS

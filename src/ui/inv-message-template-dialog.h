/* inv-message-template-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_MESSAGE_TEMPLATE_DIALOG (inv_message_template_dialog_get_type ())

G_DECLARE_FINAL_TYPE (InvMessageTemplateDialog, inv_message_template_dialog, INV, MESSAGE_TEMPLATE_DIALOG, AdwWindow)

GtkWidget *inv_message_template_dialog_new      (GtkWindow                *parent,
                                                 InvSession               *session,
                                                 gint64                    template_id);
void       inv_message_template_dialog_set_text (InvMessageTemplateDialog *self,
                                                 const char               *text);
char      *inv_message_template_dialog_get_text (InvMessageTemplateDialog *self);
gboolean   inv_message_template_dialog_save     (InvMessageTemplateDialog *self);
const char *inv_message_template_dialog_get_error (InvMessageTemplateDialog *self);

G_END_DECLS

/* inv-cancel-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "inv-cancel.h"
#include "inv-session.h"

G_BEGIN_DECLS

#define INV_TYPE_CANCEL_DIALOG (inv_cancel_dialog_get_type ())

G_DECLARE_FINAL_TYPE (InvCancelDialog, inv_cancel_dialog, INV, CANCEL_DIALOG, AdwMessageDialog)

/* The response id of the destructive answer. */
#define INV_CANCEL_DIALOG_RESPONSE_DELETE "delete"

InvCancelDialog        *inv_cancel_dialog_new         (GtkWindow              *parent,
                                                       InvSession             *session,
                                                       const InvCancelPreview *preview,
                                                       const gint64           *ids,
                                                       guint                   n_ids,
                                                       const char             *candidate_name,
                                                       const char             *template_name,
                                                       gboolean                notify_default,
                                                       guint                   grace_seconds);
const InvCancelPreview *inv_cancel_dialog_get_preview (InvCancelDialog        *self);
void                    inv_cancel_dialog_get_options (InvCancelDialog        *self,
                                                       InvCancelOptions       *options);
const char             *inv_cancel_dialog_get_skipped_text (InvCancelDialog   *self);
const char             *inv_cancel_dialog_get_preview_text (InvCancelDialog   *self);
guint                   inv_cancel_dialog_get_recipient_position (InvCancelDialog *self);
gint64                  inv_cancel_dialog_get_recipient (InvCancelDialog      *self);

G_END_DECLS

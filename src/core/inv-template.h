/* inv-template.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define INV_TYPE_TEMPLATE (inv_template_get_type ())

G_DECLARE_FINAL_TYPE (InvTemplate, inv_template, INV, TEMPLATE, GObject)

/* One interview template as the store read it, with the number of its pending
 * invitations at that moment. Immutable: a change is read again as a new object. */
const char   *inv_template_get_name               (InvTemplate *self);
gint64        inv_template_get_id                 (InvTemplate *self);
gint64        inv_template_get_remote_id          (InvTemplate *self);
const char   *inv_template_get_interview_type     (InvTemplate *self);
gboolean      inv_template_get_is_live            (InvTemplate *self);
gboolean      inv_template_get_active             (InvTemplate *self);
guint         inv_template_get_validity_days      (InvTemplate *self);
guint         inv_template_get_duration_minutes   (InvTemplate *self);
const char   *inv_template_get_cancel_message     (InvTemplate *self);
gboolean      inv_template_get_is_sample          (InvTemplate *self);
const char * const *inv_template_get_interviewers       (InvTemplate *self);
const char * const *inv_template_get_interviewer_emails (InvTemplate *self);
guint         inv_template_get_n_pending          (InvTemplate *self);

G_END_DECLS

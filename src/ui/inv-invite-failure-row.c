/* inv-invite-failure-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invite-failure-row"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-invite-failure-row.h"

/* One failed candidate of a "Send invite": who, why, and their email to correct
 * before the retry. */
struct _InvInviteFailureRow
{
  GtkListBoxRow  parent_instance;

  gint64         candidate_id;  /* 0 for a candidate erased since */
  gint64         outbox_id;     /* a refusal by the service; 0 for one the app could not queue */
  char          *email;         /* as it failed, or as last corrected */

  GtkLabel      *reason_label;
  GtkEditable   *entry;
};

G_DEFINE_FINAL_TYPE (InvInviteFailureRow, inv_invite_failure_row, GTK_TYPE_LIST_BOX_ROW)

static void
inv_invite_failure_row_finalize (GObject *object)
{
  InvInviteFailureRow *self = INV_INVITE_FAILURE_ROW (object);

  g_free (self->email);

  G_OBJECT_CLASS (inv_invite_failure_row_parent_class)->finalize (object);
}

static void
inv_invite_failure_row_class_init (InvInviteFailureRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inv_invite_failure_row_finalize;
}

static void
inv_invite_failure_row_init (InvInviteFailureRow *self)
{
}

GtkWidget *
inv_invite_failure_row_new (gint64      candidate_id,
                            gint64      outbox_id,
                            const char *name,
                            const char *email,
                            const char *reason)
{
  InvInviteFailureRow *self = g_object_new (INV_TYPE_INVITE_FAILURE_ROW, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *name_label = gtk_label_new (name != NULL && *name != '\0' ? name : email);
  GtkWidget *reason_label = gtk_label_new (reason);
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *entry_label = g_strdup_printf (_("Email of %s"), name != NULL ? name : "");

  self->candidate_id = candidate_id;
  self->outbox_id = outbox_id;
  self->email = g_strdup (email != NULL ? email : "");
  self->reason_label = GTK_LABEL (reason_label);
  self->entry = GTK_EDITABLE (entry);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);

  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name_label, "heading");

  gtk_label_set_xalign (GTK_LABEL (reason_label), 0);
  gtk_label_set_wrap (GTK_LABEL (reason_label), TRUE);
  gtk_widget_add_css_class (reason_label, "error");
  gtk_widget_add_css_class (reason_label, "caption");

  gtk_editable_set_text (self->entry, self->email);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_EMAIL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, entry_label, -1);
  /* An erased candidate has nothing left to fix. */
  gtk_widget_set_sensitive (entry, candidate_id != 0);

  gtk_box_append (GTK_BOX (box), name_label);
  gtk_box_append (GTK_BOX (box), reason_label);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);

  return GTK_WIDGET (self);
}

gint64
inv_invite_failure_row_get_candidate_id (InvInviteFailureRow *self)
{
  g_return_val_if_fail (INV_IS_INVITE_FAILURE_ROW (self), 0);

  return self->candidate_id;
}

gint64
inv_invite_failure_row_get_outbox_id (InvInviteFailureRow *self)
{
  g_return_val_if_fail (INV_IS_INVITE_FAILURE_ROW (self), 0);

  return self->outbox_id;
}

/**
 * inv_invite_failure_row_get_email:
 *
 * Returns: the email as it failed, or as last corrected
 */
const char *
inv_invite_failure_row_get_email (InvInviteFailureRow *self)
{
  g_return_val_if_fail (INV_IS_INVITE_FAILURE_ROW (self), NULL);

  return self->email;
}

void
inv_invite_failure_row_set_email (InvInviteFailureRow *self,
                                  const char          *email)
{
  g_return_if_fail (INV_IS_INVITE_FAILURE_ROW (self));

  if (g_strcmp0 (self->email, email) == 0)
    return;

  g_free (self->email);
  self->email = g_strdup (email);
}

/**
 * inv_invite_failure_row_get_entered_email:
 *
 * Returns: the email as the person typed it
 */
const char *
inv_invite_failure_row_get_entered_email (InvInviteFailureRow *self)
{
  g_return_val_if_fail (INV_IS_INVITE_FAILURE_ROW (self), NULL);

  return gtk_editable_get_text (self->entry);
}

void
inv_invite_failure_row_set_reason (InvInviteFailureRow *self,
                                   const char          *reason)
{
  g_return_if_fail (INV_IS_INVITE_FAILURE_ROW (self));

  gtk_label_set_label (self->reason_label, reason);
}

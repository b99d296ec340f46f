/* inv-row-accessible.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a screen reader says when a list row gets the focus. The rows of a GtkListView
 * or GtkColumnView are widgets of GTK's own, and GTK 4.8 has no way to give them a
 * label (gtk_list_item_set_accessible_label() came with 4.12): left alone, a row is
 * read as a bare "row". A row is still a GtkWidget, so an accessible: these functions
 * find it among the ancestors of a widget the list's factory made, and set its label.
 * A list item widget is reused for other items, so whoever binds the row sets the
 * label again on every bind and clears it when the row shows nothing.
 */

#define G_LOG_DOMAIN "inv-row-accessible"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-row-accessible.h"
#include "inv-status.h"

/**
 * inv_row_accessible_find_row:
 * @widget_in_row: a widget inside a row of a list
 *
 * Returns: (transfer none) (nullable): the row widget of the list view, column view
 *   or list box that holds @widget_in_row, or %NULL while it is in none
 */
GtkWidget *
inv_row_accessible_find_row (GtkWidget *widget_in_row)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget_in_row), NULL);

  for (GtkWidget *widget = widget_in_row; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      GtkWidget *parent = gtk_widget_get_parent (widget);

      if (GTK_IS_LIST_BOX_ROW (widget))
        return widget;
      /* A column view's rows are children of its inner list view. */
      if (parent != NULL && (GTK_IS_LIST_VIEW (parent) || GTK_IS_GRID_VIEW (parent)))
        return widget;
    }

  return NULL;
}

/**
 * inv_row_accessible_describe:
 * @invitation: an invitation
 *
 * Returns: (transfer full): how a row of @invitation is read: the candidate, the
 *   interview template, the status and the deadline, and the sync state when the
 *   invitation is not synced
 */
char *
inv_row_accessible_describe (InvInvitation *invitation)
{
  g_autofree char *text = NULL;
  const char *candidate;
  const char *template_name;
  const char *status;
  gint64 expires_at;
  InvSyncState sync_state;

  g_return_val_if_fail (INV_IS_INVITATION (invitation), NULL);

  candidate = inv_invitation_get_candidate_name (invitation);
  template_name = inv_invitation_get_template_name (invitation);
  status = inv_invitation_get_status_label (invitation);
  expires_at = inv_invitation_get_expires_at (invitation);

  if (expires_at > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (expires_at);
      /* Translators: the deadline as the list shows it, without padding, see g_date_time_format() */
      g_autofree char *date = g_date_time_format (dt, _("%-e %b %Y"));

      /* Translators: what a screen reader reads of a row of the invitations list:
       * candidate, interview template, status and deadline */
      text = g_strdup_printf (_("%s, %s, %s, deadline %s"),
                              candidate, template_name, status, g_strstrip (date));
    }
  else
    {
      /* Translators: what a screen reader reads of a row of the invitations list:
       * candidate, interview template and status */
      text = g_strdup_printf (_("%s, %s, %s, no deadline"), candidate, template_name, status);
    }

  sync_state = inv_invitation_get_sync_state (invitation);
  if (sync_state != INV_SYNC_STATE_SYNCED)
    {
      char *with_sync;

      /* Translators: a row as a screen reader reads it, then its sync state */
      with_sync = g_strdup_printf (C_("row and sync state", "%s, %s"),
                                   text, inv_sync_state_get_label (sync_state));
      g_free (text);
      text = with_sync;
    }

  return g_steal_pointer (&text);
}

/**
 * inv_row_accessible_set_label:
 * @widget_in_row: a widget inside a row of a list
 * @label: (nullable): what the row is read as, or %NULL while it shows nothing
 *
 * Sets the accessible label of the row that holds @widget_in_row. Does nothing
 * while @widget_in_row is in no row yet.
 */
void
inv_row_accessible_set_label (GtkWidget  *widget_in_row,
                              const char *label)
{
  GtkWidget *row;

  g_return_if_fail (GTK_IS_WIDGET (widget_in_row));

  row = inv_row_accessible_find_row (widget_in_row);
  if (row == NULL)
    return;

  if (label != NULL && *label != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

/**
 * inv_row_accessible_update:
 * @widget_in_row: a widget inside a row of an invitations list
 * @invitation: (nullable): the row's invitation, or %NULL when the row is unbound
 *
 * Has the row read as inv_row_accessible_describe() says, or clears its label.
 */
void
inv_row_accessible_update (GtkWidget     *widget_in_row,
                           InvInvitation *invitation)
{
  g_autofree char *label = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget_in_row));
  g_return_if_fail (invitation == NULL || INV_IS_INVITATION (invitation));

  if (invitation != NULL)
    label = inv_row_accessible_describe (invitation);

  inv_row_accessible_set_label (widget_in_row, label);
}

/**
 * inv_row_accessible_name_header:
 * @view: a column view
 *
 * Names the row of column titles of @view. It is a row widget of GTK's own, which
 * takes the focus like the others and is read as a bare "row" without a label.
 */
void
inv_row_accessible_name_header (GtkColumnView *view)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  /* The header is the column view's child beside its inner list view. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!GTK_IS_LIST_VIEW (child) && !GTK_IS_SCROLLBAR (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Column titles"),
                                      -1);
}

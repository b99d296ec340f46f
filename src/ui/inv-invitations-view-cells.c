/* inv-invitations-view-cells.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cells of the invitations list. The column view's factories are declared in
 * inv-invitations-view.ui; each one's "setup" lands here, makes the column's cell
 * widget and binds its #InvInvitationCell:item (or the check's and menu button's) to
 * the invitation of the row it is given, for as long as the list item lives.
 *
 * The binding is made from one expression built once, not from a template parsed per
 * list item: GTK keeps some two hundred rows of nine cells at hand, and parsing a
 * builder template for each of them made the list's first frame a third slower.
 */

#define G_LOG_DOMAIN "inv-invitations-view"

#include "config.h"

#include "inv-invitation-cell.h"
#include "inv-invitation-check.h"
#include "inv-invitation-compact-row.h"
#include "inv-invitation-menu-button.h"
#include "inv-invitation-row.h"
#include "inv-invitations-view-private.h"
#include "inv-row-accessible.h"

/* The row's invitation, seen from its list item: `item.invitation`. */
static GtkExpression *
row_invitation_expression (void)
{
  static GtkExpression *expression = NULL;

  if (g_once_init_enter (&expression))
    {
      GtkExpression *item = gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item");
      GtkExpression *invitation = gtk_property_expression_new (INV_TYPE_INVITATION_ROW, item, "invitation");

      g_once_init_leave (&expression, invitation);
    }

  return expression;
}

/* The binding belongs to the cell: it ends when the cell goes. */
static void
bind_to_row_invitation (GtkListItem *item,
                        GtkWidget   *child)
{
  gtk_expression_bind (gtk_expression_ref (row_invitation_expression ()), child, "item", item);
  gtk_list_item_set_child (item, child);
}

static void
setup_field (GtkListItem        *item,
             InvInvitationField  field)
{
  bind_to_row_invitation (item, g_object_new (INV_TYPE_INVITATION_CELL, "field", field, NULL));
}

static void
check_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                InvInvitationsView       *self)
{
  static GtkExpression *selected = NULL;
  GtkWidget *check = g_object_new (INV_TYPE_INVITATION_CHECK, NULL);

  if (g_once_init_enter (&selected))
    g_once_init_leave (&selected, gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "selected"));

  gtk_expression_bind (gtk_expression_ref (selected), check, "selected", item);
  bind_to_row_invitation (item, check);
}

/* The candidate's cell is in every row: it keeps the row's accessible label, read
 * when the row has the focus, in step with the invitation it shows. */
static void
candidate_item_changed_cb (InvInvitationCell *cell)
{
  inv_row_accessible_update (GTK_WIDGET (cell), inv_invitation_cell_get_item (cell));
}

static void
candidate_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    InvInvitationsView       *self)
{
  GtkWidget *cell = g_object_new (INV_TYPE_INVITATION_CELL, "field", INV_INVITATION_FIELD_CANDIDATE, NULL);

  g_signal_connect (cell, "notify::item", G_CALLBACK (candidate_item_changed_cb), NULL);
  bind_to_row_invitation (item, cell);
}

static void
email_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                InvInvitationsView       *self)
{
  setup_field (item, INV_INVITATION_FIELD_EMAIL);
}

static void
template_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   InvInvitationsView       *self)
{
  setup_field (item, INV_INVITATION_FIELD_TEMPLATE);
}

static void
status_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 InvInvitationsView       *self)
{
  setup_field (item, INV_INVITATION_FIELD_STATUS);
}

static void
sent_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               InvInvitationsView       *self)
{
  setup_field (item, INV_INVITATION_FIELD_SENT);
}

static void
deadline_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   InvInvitationsView       *self)
{
  setup_field (item, INV_INVITATION_FIELD_DEADLINE);
}

static void
sync_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               InvInvitationsView       *self)
{
  setup_field (item, INV_INVITATION_FIELD_SYNC);
}

static void
cancelled_on_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       InvInvitationsView       *self)
{
  setup_field (item, INV_INVITATION_FIELD_CANCELLED_ON);
}

static void
reason_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 InvInvitationsView       *self)
{
  setup_field (item, INV_INVITATION_FIELD_REASON);
}

static void
menu_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               InvInvitationsView       *self)
{
  bind_to_row_invitation (item, g_object_new (INV_TYPE_INVITATION_MENU_BUTTON, NULL));
}

/* A narrow window's two-line row: the same cells, check and menu in one widget. */
static void
compact_row_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      InvInvitationsView       *self)
{
  static GtkExpression *selected = NULL;
  GtkWidget *row = inv_invitation_compact_row_new ();

  if (g_once_init_enter (&selected))
    g_once_init_leave (&selected, gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "selected"));

  inv_invitation_compact_row_set_template_visible (INV_INVITATION_COMPACT_ROW (row), self->template_id == 0);
  gtk_expression_bind (gtk_expression_ref (selected), row, "selected", item);
  bind_to_row_invitation (item, row);
}

void
_inv_invitations_view_class_cells_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (INV_TYPE_INVITATION_ROW);

  gtk_widget_class_bind_template_callback (widget_class, check_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, candidate_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, email_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, template_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, sent_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, deadline_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, sync_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancelled_on_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, reason_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, menu_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, compact_row_setup_cb);
}

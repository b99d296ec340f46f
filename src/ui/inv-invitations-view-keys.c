/* inv-invitations-view-keys.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The invitations list without a pointer: Space ticks the row that has the keyboard,
 * Ctrl+A ticks the rows on screen (the bulk bar then offers every matching one),
 * Delete asks to delete the selection, or the row that has the keyboard when nothing
 * is selected, and Tab leaves the list rather than walking through every row.
 *
 * The list may show its rows in more than one way (a column view, or a list of
 * two-line rows in a narrow window), over the same selection model. So nothing here
 * asks a particular list: the row is found from the widget that has the keyboard,
 * through whichever of its ancestors shows an invitation.
 */

#define G_LOG_DOMAIN "inv-invitations-view"

#include "config.h"

#include "inv-focus.h"
#include "inv-invitations-view-private.h"

/* The invitation @widget shows, if it is one of a row's parts (a cell, the check, the
 * menu button, or a whole row): a readable "item" or "invitation" property holding
 * one. */
static InvInvitation *
dup_widget_invitation (GtkWidget *widget)
{
  static const char * const names[] = { "item", "invitation" };
  GObjectClass *klass = G_OBJECT_GET_CLASS (widget);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GParamSpec *pspec = g_object_class_find_property (klass, names[i]);
      InvInvitation *invitation = NULL;

      if (pspec == NULL || (pspec->flags & G_PARAM_READABLE) == 0 ||
          !g_type_is_a (pspec->value_type, INV_TYPE_INVITATION))
        continue;

      g_object_get (widget, names[i], &invitation, NULL);
      if (invitation != NULL)
        return invitation;
    }

  return NULL;
}

static InvInvitation *
dup_subtree_invitation (GtkWidget *widget)
{
  InvInvitation *invitation = dup_widget_invitation (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL && invitation == NULL;
       child = gtk_widget_get_next_sibling (child))
    invitation = dup_subtree_invitation (child);

  return invitation;
}

/* Lists, their scrolled windows and the view itself hold many rows: the search for
 * the focused one stops below them. */
static gboolean
holds_many_rows (InvInvitationsView *self,
                 GtkWidget          *widget)
{
  return widget == GTK_WIDGET (self) ||
         GTK_IS_LIST_VIEW (widget) ||
         GTK_IS_COLUMN_VIEW (widget) ||
         GTK_IS_GRID_VIEW (widget) ||
         GTK_IS_SCROLLED_WINDOW (widget) ||
         GTK_IS_VIEWPORT (widget);
}

/* The invitation of the row that has the keyboard, or %NULL: the nearest ancestor of
 * the focus widget below the list that shows one. */
static InvInvitation *
dup_focused_invitation (InvInvitationsView *self,
                        GtkWidget          *focus)
{
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return NULL;

  for (GtkWidget *widget = focus;
       widget != NULL && !holds_many_rows (self, widget);
       widget = gtk_widget_get_parent (widget))
    {
      InvInvitation *invitation = dup_subtree_invitation (widget);

      if (invitation != NULL)
        return invitation;
    }

  return NULL;
}

/* The ids of the rows on screen, whole or in part, in whichever list shows them. */
static void
collect_shown_ids (GtkWidget  *widget,
                   GHashTable *seen,
                   GArray     *ids)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autoptr(InvInvitation) invitation = NULL;
      GtkWidget *scrolled;
      graphene_rect_t bounds;

      if (!gtk_widget_get_mapped (child))
        continue;

      invitation = dup_widget_invitation (child);
      if (invitation == NULL)
        {
          collect_shown_ids (child, seen, ids);
          continue;
        }

      /* The list keeps rows ready above and below what it shows: only what the
       * person can see is what they tick. */
      scrolled = gtk_widget_get_ancestor (child, GTK_TYPE_SCROLLED_WINDOW);
      if (scrolled != NULL &&
          gtk_widget_compute_bounds (child, scrolled, &bounds) &&
          bounds.origin.y + bounds.size.height > 0 &&
          bounds.origin.y < gtk_widget_get_height (scrolled))
        {
          gint64 id = inv_invitation_get_id (invitation);

          if (g_hash_table_add (seen, g_memdup2 (&id, sizeof id)))
            g_array_append_val (ids, id);
        }
    }
}

static gboolean
select_shown (InvInvitationsView *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") != 0)
    return FALSE;

  collect_shown_ids (GTK_WIDGET (self->stack), seen, ids);
  if (ids->len == 0)
    return FALSE;

  inv_selection_model_select_ids (self->selection, (const gint64 *)(gpointer)ids->data, ids->len);

  return TRUE;
}

static gboolean
toggle_focused (InvInvitationsView *self,
                GtkWidget          *focus)
{
  g_autoptr(InvInvitation) invitation = NULL;
  gint64 id;

  /* A button in the row (its check, its menu) does what Space does to it. */
  if (GTK_IS_BUTTON (focus) || GTK_IS_CHECK_BUTTON (focus) ||
      gtk_widget_get_ancestor (focus, GTK_TYPE_MENU_BUTTON) != NULL)
    return FALSE;

  invitation = dup_focused_invitation (self, focus);
  if (invitation == NULL)
    return FALSE;

  id = inv_invitation_get_id (invitation);
  inv_selection_model_set_id_selected (self->selection, id,
                                       !inv_selection_model_is_id_selected (self->selection, id));

  return TRUE;
}

static gboolean
delete_selected_or_focused (InvInvitationsView *self,
                            GtkWidget          *focus)
{
  g_autoptr(InvInvitation) invitation = NULL;

  if (inv_selection_model_get_n_selected (self->selection) > 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "list.delete-selected", NULL);
      return TRUE;
    }

  invitation = dup_focused_invitation (self, focus);
  if (invitation == NULL)
    return FALSE;

  gtk_widget_activate_action (GTK_WIDGET (self), "list.delete-invitation", "x",
                              inv_invitation_get_id (invitation));

  return TRUE;
}

/* Tab goes through the controls of the row it is in (the check, the menu), then leaves
 * the list (inv-focus.c); the arrows go through the rows. */
static gboolean
leave_list (InvInvitationsView *self,
            GtkWidget          *focus,
            GtkDirectionType    direction)
{
  GtkWidget *list = gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_VIEW);
  GtkWidget *row = focus;
  GtkWidget *outer;

  if (list == NULL || list == focus || !gtk_widget_is_ancestor (list, GTK_WIDGET (self)))
    return FALSE;

  while (gtk_widget_get_parent (row) != list)
    row = gtk_widget_get_parent (row);
  if (gtk_widget_child_focus (row, direction))
    return TRUE;

  /* The column view around its rows, and the scrolled window around that. */
  outer = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
  if (outer == NULL || !gtk_widget_is_ancestor (outer, GTK_WIDGET (self)))
    outer = list;

  return inv_focus_leave (outer, direction);
}

static GtkWidget *
find_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_widget_get_mapped (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Menu or Shift+F10, the desktop's keys for a context menu: the ⋮ menu of the row
 * that has the keyboard, as a click on it would open it. */
static gboolean
open_row_menu (InvInvitationsView *self,
               GtkWidget          *focus)
{
  GtkWidget *list = gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_VIEW);
  GtkWidget *row = focus;
  GtkWidget *button;

  if (list == NULL || list == focus || !gtk_widget_is_ancestor (list, GTK_WIDGET (self)))
    return FALSE;

  while (gtk_widget_get_parent (row) != list)
    row = gtk_widget_get_parent (row);

  button = find_menu_button (row);
  if (button == NULL)
    return FALSE;

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));

  return TRUE;
}

static gboolean
key_pressed_cb (InvInvitationsView    *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  /* Text fields keep their keys (Space, Ctrl+A, Delete); so do menus and the
   * dropdowns' lists, which are popovers of widgets inside the view. */
  if (focus == NULL ||
      GTK_IS_EDITABLE (focus) ||
      gtk_widget_get_ancestor (focus, GTK_TYPE_EDITABLE) != NULL ||
      gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      if (mods == 0)
        return toggle_focused (self, focus);
      break;

    case GDK_KEY_a:
    case GDK_KEY_A:
      if (mods == GDK_CONTROL_MASK)
        return select_shown (self);
      break;

    case GDK_KEY_Tab:
    case GDK_KEY_KP_Tab:
    case GDK_KEY_ISO_Left_Tab:
      if ((mods & ~GDK_SHIFT_MASK) == 0)
        return leave_list (self, focus,
                           (mods & GDK_SHIFT_MASK) != 0 || keyval == GDK_KEY_ISO_Left_Tab
                           ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);
      break;

    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      if (mods == 0)
        return delete_selected_or_focused (self, focus);
      break;

    case GDK_KEY_Menu:
      if (mods == 0)
        return open_row_menu (self, focus);
      break;

    case GDK_KEY_F10:
      if (mods == GDK_SHIFT_MASK)
        return open_row_menu (self, focus);
      break;

    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

/* Called from the view's init. The keys are caught on their way down to the focus
 * widget, before the row: GTK's list rows have their own Space (their selection) and
 * Tab (the next row). */
void
_inv_invitations_view_init_keys (InvInvitationsView *self)
{
  GtkEventController *controller = gtk_event_controller_key_new ();

  gtk_event_controller_set_name (controller, "inv-invitations-view-keys");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (key_pressed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

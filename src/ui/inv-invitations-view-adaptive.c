/* inv-invitations-view-adaptive.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The invitations list in any width. Wide, it is the column view; once its columns
 * no longer fit, it is a list of two-line rows (InvInvitationCompactRow) over the
 * same selection, in the same place, and the filters go on a line under the search.
 * Nothing of the list ever scrolls sideways.
 *
 * libadwaita 1.2 has no breakpoints: the view decides as it is given its width. It
 * turns compact when the columns' least width no longer fits, and turns wide again
 * only once the width is some way past what the columns needed, so that a window
 * resized around that width does not flip between the two.
 */

#define G_LOG_DOMAIN "inv-invitations-view"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-invitation-check.h"
#include "inv-invitations-view-private.h"

/* How far past the columns' least width a compact list turns wide again. */
#define HYSTERESIS 24

/* GNOME's smallest window: the view never asks for more, the compact list fits it. */
#define NARROWEST 360

/* The first check button shown in @widget: one in each row of either list. */
static GtkWidget *
first_check (GtkWidget *widget)
{
  if (INV_IS_INVITATION_CHECK (widget) && gtk_widget_get_mapped (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = first_check (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The list item widget holding @widget: a child of the list's GtkListView. */
static GtkWidget *
row_of (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (GTK_IS_LIST_VIEW (gtk_widget_get_parent (widget)))
      return widget;

  return NULL;
}

/* The height of one row of @list, or 0 before it shows any. The rows of each list
 * are all as high, so a scroll offset is a row's position times this. */
static int
row_height (GtkWidget *list)
{
  GtkWidget *check = first_check (list);
  GtkWidget *row = check != NULL ? row_of (check) : NULL;
  graphene_rect_t bounds;

  /* With its padding, which a widget's height leaves out. */
  if (row == NULL || !gtk_widget_compute_bounds (row, row, &bounds))
    return 0;

  return (int)bounds.size.height;
}

/* The invitation whose row holds @widget (the row itself or any part of it), or 0. */
static gint64
invitation_id_of (GtkWidget *widget)
{
  g_autoptr(InvInvitation) item = NULL;
  GtkWidget *row = row_of (widget);
  GtkWidget *check = row != NULL ? first_check (row) : NULL;

  if (check == NULL)
    return 0;

  g_object_get (check, "item", &item, NULL);

  return item != NULL ? inv_invitation_get_id (item) : 0;
}

/* The row of @list that shows invitation @id, if it is on hand. */
static GtkWidget *
find_row (GtkWidget *list,
          gint64     id)
{
  if (INV_IS_INVITATION_CHECK (list) && gtk_widget_get_mapped (list) && invitation_id_of (list) == id)
    return row_of (list);

  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
shown_list (InvInvitationsView *self)
{
  return self->compact ? GTK_WIDGET (self->compact_list_view) : GTK_WIDGET (self->column_view);
}

static GtkScrolledWindow *
shown_scrolled_window (InvInvitationsView *self)
{
  return self->compact ? self->compact_scrolled_window : self->scrolled_window;
}

/* Once the list just shown has laid out its rows, it scrolls to the row that was at
 * the top of the other one, and the row that had the focus has it again. A list
 * allocated anew may move its rows once more: the scroll is checked at the next
 * frames, a few times at most. */
static gboolean
restore_place_cb (GtkWidget     *widget,
                  GdkFrameClock *frame_clock,
                  gpointer       user_data)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);
  GtkWidget *list = shown_list (self);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (shown_scrolled_window (self));
  int height;
  double target;
  GtkWidget *row;

  if (++self->place_ticks > 30 || g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0)
    goto done;

  if (!self->place_allocated || (height = row_height (list)) <= 0)
    return G_SOURCE_CONTINUE;

  target = MIN ((double)self->place_position * height,
                gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  if (ABS (gtk_adjustment_get_value (adjustment) - target) >= 1)
    {
      g_debug ("Scrolling to row %u: %.0f px of %.0f", self->place_position, target,
               gtk_adjustment_get_upper (adjustment));
      gtk_adjustment_set_value (adjustment, target);
      self->place_steady = 0;
      return G_SOURCE_CONTINUE;
    }
  if (++self->place_steady < 2)
    return G_SOURCE_CONTINUE;

done:
  self->place_tick_id = 0;
  if (self->place_focus_id != 0 &&
      (row = find_row (list, self->place_focus_id)) != NULL)
    gtk_widget_grab_focus (row);

  return G_SOURCE_REMOVE;
}

static void
set_compact (InvInvitationsView *self,
             gboolean            compact)
{
  GtkWidget *old_list = shown_list (self);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (shown_scrolled_window (self));
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  int height = row_height (old_list);

  self->place_position = height > 0 ? (guint)(gtk_adjustment_get_value (adjustment) / height + 0.5) : 0;
  g_debug ("Switching lists at row %u (%.0f px, rows of %d px)", self->place_position,
           gtk_adjustment_get_value (adjustment), height);
  self->place_focus_id = focus != NULL && gtk_widget_is_ancestor (focus, old_list) ? invitation_id_of (focus) : 0;
  self->place_ticks = 0;
  self->place_steady = 0;
  self->place_allocated = FALSE;

  self->compact = compact;

  /* The search keeps the whole width; the filters go under it and share theirs. */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->filter_bar),
                                  compact ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->status_dropdown), compact);
  gtk_widget_set_hexpand (GTK_WIDGET (self->template_dropdown), compact);
  gtk_widget_set_visible (GTK_WIDGET (self->sort_button), compact);

  /* Only the list shown makes rows. */
  gtk_list_view_set_model (self->compact_list_view,
                           compact ? GTK_SELECTION_MODEL (self->selection) : NULL);
  _inv_invitations_view_update_empty_state (self);

  if (self->place_tick_id == 0)
    self->place_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), restore_place_cb, NULL, NULL);

  g_object_notify (G_OBJECT (self), "compact");
}

/* The least width the wide list needs: its columns, and the filters on one line. */
static int
wide_width (InvInvitationsView *self)
{
  int filters = 0;
  int columns = 0;

  gtk_widget_measure (GTK_WIDGET (self->filter_bar), GTK_ORIENTATION_HORIZONTAL, -1, &filters, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (self->column_view), GTK_ORIENTATION_HORIZONTAL, -1, &columns, NULL, NULL, NULL);

  return MAX (filters, columns);
}

static void
inv_invitations_view_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->toast_overlay), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);

  /* Whatever the wide list needs, the view fits the narrowest window: it turns
   * compact when it is given less. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = MIN (*minimum, NARROWEST);
}

static void
inv_invitations_view_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);
  int minimum = 0;

  if (!self->compact)
    {
      int wide = wide_width (self);

      if (width < wide)
        {
          g_debug ("Two-line rows at %d px: the columns need %d px", width, wide);
          self->wide_from = wide + HYSTERESIS;
          set_compact (self, TRUE);
        }
    }
  else if (width >= self->wide_from)
    set_compact (self, FALSE);

  gtk_widget_measure (GTK_WIDGET (self->toast_overlay), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  gtk_widget_allocate (GTK_WIDGET (self->toast_overlay), MAX (width, minimum), height, baseline, NULL);
  self->place_allocated = TRUE;
}

static GtkSizeRequestMode
inv_invitations_view_get_request_mode (GtkWidget *widget)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);

  return gtk_widget_get_request_mode (GTK_WIDGET (self->toast_overlay));
}

/* ---- Sorting two-line rows ----------------------------------------------------- */

/* What the column headers offer, for a list without them: choosing one sorts by its
 * column, so the order, the setting and the headers stay one. */
static const struct {
  InvSortColumn  column;
  const char    *name;    /* the action's target */
  const char    *label;
  gsize          offset;  /* of the column in the view */
} sorts[] = {
  { INV_SORT_SENT, "sent", N_("Sent"), G_STRUCT_OFFSET (InvInvitationsView, sent_column) },
  { INV_SORT_CANDIDATE, "candidate", N_("Candidate"), G_STRUCT_OFFSET (InvInvitationsView, candidate_column) },
  { INV_SORT_EMAIL, "email", N_("Email"), G_STRUCT_OFFSET (InvInvitationsView, email_column) },
  { INV_SORT_TEMPLATE, "template", N_("Template"), G_STRUCT_OFFSET (InvInvitationsView, template_column) },
  { INV_SORT_STATUS, "status", N_("Status"), G_STRUCT_OFFSET (InvInvitationsView, status_column) },
  { INV_SORT_DEADLINE, "deadline", N_("Deadline"), G_STRUCT_OFFSET (InvInvitationsView, deadline_column) },
  { INV_SORT_SYNC_STATE, "sync", N_("Sync"), G_STRUCT_OFFSET (InvInvitationsView, sync_column) },
};

#define SORT_COLUMN_AT(self, i) (*(GtkColumnViewColumn **)G_STRUCT_MEMBER_P ((self), sorts[i].offset))

static void
sort_by (InvInvitationsView *self,
         guint               i,
         gboolean            descending)
{
  gtk_column_view_sort_by_column (self->column_view, SORT_COLUMN_AT (self, i),
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

static guint
current_sort (InvInvitationsView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    if (sorts[i].column == self->query->sort_column)
      return i;

  return 0;
}

/* The menu shows the order the list has, whoever chose it. */
static void
sort_changed_cb (InvInvitationsView *self)
{
  GActionMap *map = G_ACTION_MAP (self->sort_actions);

  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "by")),
                             g_variant_new_string (sorts[current_sort (self)].name));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "descending")),
                             g_variant_new_boolean (self->query->descending));
}

static void
sort_by_cb (GSimpleAction      *action,
            GVariant           *state,
            InvInvitationsView *self)
{
  const char *name = g_variant_get_string (state, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    if (g_str_equal (sorts[i].name, name))
      sort_by (self, i, self->query->descending);
}

static void
sort_descending_cb (GSimpleAction      *action,
                    GVariant           *state,
                    InvInvitationsView *self)
{
  sort_by (self, current_sort (self), g_variant_get_boolean (state));
}

static void
setup_sort_menu (InvInvitationsView *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) columns = g_menu_new ();
  g_autoptr(GMenu) order = g_menu_new ();
  g_autoptr(GSimpleAction) by = NULL;
  g_autoptr(GSimpleAction) descending = NULL;

  self->sort_actions = g_simple_action_group_new ();
  by = g_simple_action_new_stateful ("by", G_VARIANT_TYPE_STRING, g_variant_new_string ("sent"));
  g_signal_connect_object (by, "change-state", G_CALLBACK (sort_by_cb), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self->sort_actions), G_ACTION (by));
  descending = g_simple_action_new_stateful ("descending", NULL, g_variant_new_boolean (TRUE));
  g_signal_connect_object (descending, "change-state", G_CALLBACK (sort_descending_cb), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self->sort_actions), G_ACTION (descending));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "sort", G_ACTION_GROUP (self->sort_actions));

  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    {
      g_autoptr(GMenuItem) item = NULL;

      /* A template's own list has no template to sort by. */
      if (sorts[i].column == INV_SORT_TEMPLATE && self->template_id != 0)
        continue;

      item = g_menu_item_new (_(sorts[i].label), NULL);
      g_menu_item_set_action_and_target_value (item, "sort.by", g_variant_new_string (sorts[i].name));
      g_menu_append_item (columns, item);
    }
  /* Translators: the heading of the sort menu of a narrow window's list */
  g_menu_append_section (menu, _("Sort By"), G_MENU_MODEL (columns));
  /* Translators: in the sort menu, the order: the last first, the newest first */
  g_menu_append (order, _("Descending"), "sort.descending");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (order));
  gtk_menu_button_set_menu_model (self->sort_button, G_MENU_MODEL (menu));

  /* After the view's own handler, which reads the new order into the query. */
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sort_changed_cb), self, G_CONNECT_SWAPPED);
  sort_changed_cb (self);
}

/* A filter's choice is cut short ("Senior Backend Eng…") rather than widen the bar:
 * the dropdowns' own labels never shorten. In the open list, a tick marks the choice
 * made, as in any dropdown. */
static void
choice_selected_cb (GtkListItem *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *tick = gtk_widget_get_last_child (box);

  gtk_widget_set_opacity (tick, gtk_list_item_get_selected (item) ? 1 : 0);
}

static void
choice_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *tick = g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name", "object-select-symbolic",
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 6);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), tick);
  gtk_list_item_set_child (item, box);
  g_signal_connect (item, "notify::selected", G_CALLBACK (choice_selected_cb), NULL);
}

static void
choice_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkStringObject *string = gtk_list_item_get_item (item);
  const char *text = string != NULL ? gtk_string_object_get_string (string) : "";
  gboolean in_list = gtk_widget_get_ancestor (box, GTK_TYPE_POPOVER) != NULL;

  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (box)), text);
  /* The whole choice, where the button cuts it short. */
  gtk_widget_set_tooltip_text (box, in_list ? NULL : text);
  /* The button shows the choice alone, shortened if need be; the open list shows
   * every choice whole, the one made ticked. */
  gtk_label_set_ellipsize (GTK_LABEL (gtk_widget_get_first_child (box)),
                           in_list ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
  gtk_widget_set_visible (gtk_widget_get_last_child (box), in_list);
  choice_selected_cb (item);
}

static GtkListItemFactory *
choice_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (choice_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (choice_bind_cb), NULL);

  return factory;
}

void
_inv_invitations_view_setup_adaptive (InvInvitationsView *self)
{
  g_autoptr(GtkListItemFactory) status_factory = choice_factory_new ();
  g_autoptr(GtkListItemFactory) template_factory = choice_factory_new ();

  gtk_drop_down_set_factory (self->status_dropdown, status_factory);
  gtk_drop_down_set_factory (self->template_dropdown, template_factory);
  setup_sort_menu (self);
}

void
_inv_invitations_view_dispose_adaptive (InvInvitationsView *self)
{
  if (self->place_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->place_tick_id);
      self->place_tick_id = 0;
    }
  if (self->compact_list_view != NULL)
    gtk_list_view_set_model (self->compact_list_view, NULL);
}

void
_inv_invitations_view_class_adaptive_init (GtkWidgetClass *widget_class)
{
  widget_class->measure = inv_invitations_view_measure;
  widget_class->size_allocate = inv_invitations_view_size_allocate;
  widget_class->get_request_mode = inv_invitations_view_get_request_mode;
}

/* test-adaptive.c: the invitations list at every width a person gives the window —
 * GNOME's narrowest (360 px), a half screen, the default size and a wide screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <adwaita.h>
#include <string.h>

#include "inv-application.h"
#include "inv-bulk-bar.h"
#include "inv-invitation-cell.h"
#include "inv-invitation-check.h"
#include "inv-invitation-compact-row.h"
#include "inv-invitation-menu-button.h"
#include "inv-invitations-view.h"
#include "inv-invitations-view-private.h"
#include "inv-sample-data.h"
#include "inv-session.h"
#include "inv-selection-model.h"
#include "inv-row-accessible.h"
#include "inv-window.h"
#include "ui-test-screenshot.h"
#include "ui-test-util.h"

#define N_ROWS 2000
#define HEIGHT 720

typedef struct
{
  InvWindow          *window;
  InvInvitationsView *view;
  int                 width;
  int                 frame;     /* between the window's size and its widget's width */
  guint               n_compact_changes;
  guint               top;       /* the row expected at the top of the list */
  int                 last_width;
  gint64              same_since; /* the frame since which the list has that width */
} Adaptive;

static GtkWidget *
shown_list (Adaptive *a)
{
  return inv_invitations_view_get_compact (a->view)
         ? GTK_WIDGET (inv_invitations_view_get_compact_list_view (a->view))
         : GTK_WIDGET (inv_invitations_view_get_column_view (a->view));
}

static GtkScrolledWindow *
shown_scrolled_window (Adaptive *a)
{
  return GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (shown_list (a), GTK_TYPE_SCROLLED_WINDOW));
}

static gboolean
is_mapped_of_type (GtkWidget     *widget,
                   gconstpointer  type)
{
  return gtk_widget_get_mapped (widget) && G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static GPtrArray *
mapped (GtkWidget *root,
        GType      type)
{
  return ui_test_collect (root, is_mapped_of_type, GSIZE_TO_POINTER (type));
}

/* The window's own width inside the size asked for (which holds its shadow), never
 * under the 360 px it asks for. */
static int
inner_width (Adaptive *a)
{
  return MAX (a->width - a->frame, 360);
}

static gboolean
window_has_width (gpointer data)
{
  Adaptive *a = data;

  return gtk_widget_get_width (GTK_WIDGET (a->window)) == inner_width (a);
}

/* A leaflet that unfolds slides its sidebar in, giving the list widths on the way
 * that the window does not keep: the list's width has held for some frames. */
static gboolean
width_steady (gpointer data)
{
  Adaptive *a = data;
  int width = gtk_widget_get_width (GTK_WIDGET (a->view));
  gint64 frame = gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (GTK_WIDGET (a->window)));

  /* Frames come only when something is drawn. */
  gtk_widget_queue_draw (GTK_WIDGET (a->window));
  if (width != a->last_width)
    {
      a->last_width = width;
      a->same_since = frame;
      return FALSE;
    }

  return frame - a->same_since >= 8;
}

/* The window has its new width, and the list shown has laid out its rows. */
static gboolean
settled (gpointer data)
{
  Adaptive *a = data;
  g_autoptr(GPtrArray) checks = NULL;

  if (!window_has_width (a) ||
      inv_invitations_view_get_loading (a->view) ||
      !gtk_widget_get_mapped (shown_list (a)))
    return FALSE;

  checks = mapped (shown_list (a), INV_TYPE_INVITATION_CHECK);

  return checks->len > 0;
}

static void
resize (Adaptive *a,
        int       width)
{
  AdwLeaflet *leaflet = ui_test_window_child (a->window, "leaflet");

  a->width = width;
  gtk_window_set_default_size (GTK_WINDOW (a->window), width, HEIGHT);
  /* A folded window shows the list, as after a click on "Invitations". */
  ui_test_wait_until (window_has_width, a, "the window has its new width");
  if (adw_leaflet_get_folded (leaflet))
    adw_leaflet_set_visible_child_name (leaflet, "content");
  ui_test_wait_until (settled, a, "the window has its new width and rows");
  a->last_width = -1;
  ui_test_wait_until (width_steady, a, "the list keeps its width");
  /* The switch of lists, if any, is drawn. */
  ui_test_wait_for_frames (GTK_WIDGET (a->window), 3);
  ui_test_wait_until (settled, a, "the list shown has rows");
  g_test_message ("%d px window: %d px list, %s", width, gtk_widget_get_width (GTK_WIDGET (a->view)),
                  inv_invitations_view_get_compact (a->view) ? "two-line rows" : "columns");
}

/* The list item widget of the row holding @widget. */
static GtkWidget *
row_of (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (GTK_IS_LIST_VIEW (gtk_widget_get_parent (widget)))
      return widget;

  return NULL;
}

static int
row_height (Adaptive *a)
{
  g_autoptr(GPtrArray) checks = mapped (shown_list (a), INV_TYPE_INVITATION_CHECK);
  graphene_rect_t bounds;

  g_assert_cmpuint (checks->len, >, 0);
  /* With its padding, which a widget's height leaves out. */
  g_assert_true (gtk_widget_compute_bounds (row_of (checks->pdata[0]), row_of (checks->pdata[0]), &bounds));

  return (int)bounds.size.height;
}

static GtkWidget *
first_of_type (GtkWidget *widget,
               GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = first_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The invitation whose row in the list shown has the keyboard focus, or 0. */
static gint64
focused_id (Adaptive *a)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (a->window));
  GtkWidget *row;
  GtkWidget *check;
  g_autoptr(InvInvitation) item = NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, shown_list (a)) ||
      (row = row_of (focus)) == NULL ||
      (check = first_of_type (row, INV_TYPE_INVITATION_CHECK)) == NULL)
    return 0;

  g_object_get (check, "item", &item, NULL);

  return item != NULL ? inv_invitation_get_id (item) : 0;
}

static gboolean
focus_on_top_row (gpointer data)
{
  Adaptive *a = data;

  return focused_id (a) == inv_invitation_list_get_id (inv_invitations_view_get_list (a->view), a->top);
}

static gboolean
top_row_is (gpointer data)
{
  Adaptive *a = data;
  GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (shown_scrolled_window (a));

  return (guint)(gtk_adjustment_get_value (v) / row_height (a) + 0.5) == a->top;
}

/* Whether @widget lies wholly inside the window, seen whole by the person. */
static gboolean
inside_window (Adaptive  *a,
               GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (a->window), &bounds));

  return bounds.origin.x >= 0 &&
         bounds.origin.x + bounds.size.width <= gtk_widget_get_width (GTK_WIDGET (a->window)) + 0.5;
}

/* What every width must give: no sideways scrolling of the list, every status badge
 * whole, and each row's status and "More actions" on screen. */
static void
assert_list_fits (Adaptive *a)
{
  GtkScrolledWindow *scrolled = shown_scrolled_window (a);
  GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (scrolled);
  g_autoptr(GPtrArray) cells = mapped (shown_list (a), INV_TYPE_INVITATION_CELL);
  g_autoptr(GPtrArray) menus = mapped (shown_list (a), INV_TYPE_INVITATION_MENU_BUTTON);
  guint n_badges = 0;

  g_test_message ("%d px: %s list, %.0f of %.0f px wide", a->width,
                  inv_invitations_view_get_compact (a->view) ? "compact" : "wide",
                  gtk_adjustment_get_upper (h), gtk_adjustment_get_page_size (h));
  g_assert_cmpfloat (gtk_adjustment_get_upper (h), <=, gtk_adjustment_get_page_size (h) + 0.5);
  g_assert_false (gtk_widget_get_visible (gtk_scrolled_window_get_hscrollbar (scrolled)) &&
                  gtk_widget_get_child_visible (gtk_scrolled_window_get_hscrollbar (scrolled)) &&
                  gtk_adjustment_get_upper (h) > gtk_adjustment_get_page_size (h));

  for (guint i = 0; i < cells->len; i++)
    {
      InvInvitationCell *cell = cells->pdata[i];
      GtkWidget *badge = inv_invitation_cell_get_badge (cell);
      g_autoptr(GPtrArray) labels = NULL;
      int natural;

      if (inv_invitation_cell_get_field (cell) != INV_INVITATION_FIELD_STATUS || badge == NULL ||
          inv_invitation_cell_get_item (cell) == NULL)
        continue;

      /* The text inside the pill, whole (a widget's width leaves out its padding). */
      labels = ui_test_find_all (badge, GTK_TYPE_LABEL);
      g_assert_cmpuint (labels->len, ==, 1);
      gtk_widget_measure (labels->pdata[0], GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      g_assert_cmpint (gtk_widget_get_width (labels->pdata[0]), >=, natural);
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (labels->pdata[0])));
      /* Rows partly scrolled out at the bottom are still on screen sideways. */
      g_assert_true (inside_window (a, badge));
      n_badges++;
    }
  g_assert_cmpuint (n_badges, >=, 8);

  g_assert_cmpuint (menus->len, >=, 8);
  for (guint i = 0; i < menus->len; i++)
    g_assert_true (inside_window (a, menus->pdata[i]));

  /* The search field keeps room to read what is typed. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (a->view->search_entry)), >=, 200);
}

static gboolean
popover_mapped (gpointer data)
{
  GtkWidget *popover = ui_test_find_widget (data, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_POPOVER));

  return popover != NULL && gtk_widget_get_mapped (popover) &&
         ui_test_count_widgets (popover, is_mapped_of_type, GSIZE_TO_POINTER (GTK_TYPE_LABEL)) > 0;
}

/* A filter's choices, cut short in its button if need be, are listed whole with the
 * choice made ticked. */
static void
assert_filter_choices (Adaptive *a)
{
  GtkWidget *dropdown = GTK_WIDGET (a->view->status_dropdown);
  GtkWidget *toggle = ui_test_find_widget (dropdown, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_TOGGLE_BUTTON));
  GtkWidget *popover;
  g_autoptr(GPtrArray) labels = NULL;
  guint n_ticked = 0;

  gtk_widget_activate (toggle);
  ui_test_wait_until (popover_mapped, dropdown, "the status choices are shown");
  popover = ui_test_find_widget (dropdown, ui_test_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_POPOVER));
  ui_test_wait_for_frames (popover, 2);
  labels = mapped (popover, GTK_TYPE_LABEL);
  g_assert_cmpuint (labels->len, >=, 2);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *tick = gtk_widget_get_next_sibling (labels->pdata[i]);

      g_assert_true (GTK_IS_IMAGE (tick) && gtk_widget_get_visible (tick));
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (labels->pdata[i])));
      if (gtk_widget_get_opacity (tick) > 0.5)
        {
          n_ticked++;
          g_assert_cmpstr (gtk_label_get_text (labels->pdata[i]), ==,
                           gtk_string_object_get_string (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dropdown))));
        }
    }
  g_assert_cmpuint (n_ticked, ==, 1);
  ui_test_screenshot (popover, "adaptive-360-status-filter");
  gtk_popover_popdown (GTK_POPOVER (popover));
}

/* In a narrow window the filters go on a line under the search, on screen. */
static void
assert_filters_under_search (Adaptive *a)
{
  GtkWidget *filters[] = {
    GTK_WIDGET (a->view->status_dropdown),
    GTK_WIDGET (a->view->template_dropdown),
  };
  graphene_rect_t search;

  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (a->view->search_entry), GTK_WIDGET (a->window), &search));
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_get_mapped (filters[i]));
      g_assert_true (gtk_widget_compute_bounds (filters[i], GTK_WIDGET (a->window), &bounds));
      g_assert_cmpfloat (bounds.origin.y, >=, search.origin.y + search.size.height);
      g_assert_true (inside_window (a, filters[i]));
    }
}

static void
compact_changed_cb (Adaptive *a)
{
  a->n_compact_changes++;
}

static gboolean
bulk_bar_revealed (gpointer data)
{
  Adaptive *a = data;

  return inv_bulk_bar_get_revealed (a->view->bulk_bar) &&
         gtk_widget_get_mapped (GTK_WIDGET (a->view->bulk_bar));
}

typedef struct
{
  GtkWidget  *root;
  const char *label;
} Wanted;

static gboolean
is_mapped_button_labelled (GtkWidget     *widget,
                           gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static gboolean
button_shown (gpointer data)
{
  Wanted *wanted = data;
  GtkWidget *button = ui_test_find_widget (wanted->root, is_mapped_button_labelled, wanted->label);

  AdwSqueezer *squeezer;
  GtkRevealer *revealer;

  if (button == NULL)
    return FALSE;

  /* The bar has slid in and chosen between words and icons. */
  squeezer = ADW_SQUEEZER (gtk_widget_get_ancestor (button, ADW_TYPE_SQUEEZER));
  revealer = GTK_REVEALER (gtk_widget_get_ancestor (button, GTK_TYPE_REVEALER));

  return gtk_revealer_get_child_revealed (revealer) &&
         !adw_squeezer_get_transition_running (squeezer) &&
         gtk_widget_is_ancestor (button, adw_squeezer_get_visible_child (squeezer));
}

/* At the default size, the number the help pages warn of is written out. */
static void
assert_select_all_written (Adaptive *a)
{
  g_autofree char *label = inv_bulk_bar_format_select_all (N_ROWS);
  g_autoptr(GPtrArray) checks = mapped (shown_list (a), INV_TYPE_INVITATION_CHECK);
  Wanted wanted = { GTK_WIDGET (a->view->bulk_bar), label };
  GtkWidget *button;
  GtkWidget *text;
  int natural;

  gtk_widget_activate (checks->pdata[0]);
  ui_test_wait_until (bulk_bar_revealed, a, "the bulk bar is shown");
  ui_test_wait_until (button_shown, &wanted, "Select all N matching is written out");
  /* Laid out in the bar. */
  ui_test_wait_for_frames (GTK_WIDGET (a->window), 2);

  button = ui_test_find_widget (GTK_WIDGET (a->view->bulk_bar), is_mapped_button_labelled, label);
  /* Its words whole (a widget's width leaves out its padding). */
  text = gtk_button_get_child (GTK_BUTTON (button));
  g_assert_true (GTK_IS_LABEL (text));
  gtk_widget_measure (text, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_width (text), >=, natural);
  g_assert_true (gtk_widget_get_child_visible (button) && gtk_widget_get_opacity (button) > 0.99);
  g_assert_true (inside_window (a, button));
  ui_test_screenshot (GTK_WIDGET (a->window), "adaptive-1100-selected");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (a->view), "list.clear-selection", NULL));
}

/* At 360 px: two-line rows, whose check and menu are the wide rows' own. */
static void
assert_compact_rows (Adaptive *a)
{
  g_autoptr(GPtrArray) rows = mapped (shown_list (a), INV_TYPE_INVITATION_COMPACT_ROW);
  InvInvitationCompactRow *row;
  InvInvitation *item;
  GtkWidget *menu_button;
  GtkWidget *popover;

  g_assert_cmpuint (rows->len, >=, 8);
  row = rows->pdata[1];
  item = inv_invitation_compact_row_get_item (row);
  g_assert_nonnull (item);

  /* A screen reader reads the row as its candidate, template, status and deadline,
   * as in the wide list. */
  {
    g_autofree char *expected = inv_row_accessible_describe (item);
    g_autofree char *differs = NULL;

    g_assert_nonnull (strstr (expected, inv_invitation_get_candidate_name (item)));
    g_assert_nonnull (strstr (expected, inv_invitation_get_template_name (item)));
    g_assert_nonnull (strstr (expected, inv_invitation_get_status_label (item)));
    differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row_of (GTK_WIDGET (row))),
                                                  GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
    g_assert_null (differs);
  }

  /* Two lines: the name and email above the template, status and deadline. */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (row)), >, 2 * gtk_widget_get_height (inv_invitation_compact_row_get_status_cell (row)) - 4);

  /* The check selects in the same selection the column view shows. */
  gtk_widget_activate (inv_invitation_compact_row_get_check (row));
  g_assert_cmpuint (inv_selection_model_get_n_selected (inv_invitations_view_get_selection (a->view)), ==, 1);
  g_assert_true (inv_selection_model_is_id_selected (inv_invitations_view_get_selection (a->view),
                                                     inv_invitation_get_id (item)));
  ui_test_wait_until (bulk_bar_revealed, a, "the bulk bar is shown");
  g_assert_true (inside_window (a, GTK_WIDGET (a->view->bulk_bar)));

  /* The menu is the row menu, for this row. */
  menu_button = ui_test_find_widget (inv_invitation_compact_row_get_menu_button (row), ui_test_is_of_type,
                                     GSIZE_TO_POINTER (GTK_TYPE_MENU_BUTTON));
  popover = ui_test_open_menu (GTK_MENU_BUTTON (menu_button));
  g_assert_nonnull (ui_test_find_menu_item (popover, "Delete invitation"));
  g_assert_nonnull (ui_test_find_menu_item (popover, "Edit candidate details"));
  g_assert_nonnull (ui_test_find_menu_item (popover, "History"));
  ui_test_screenshot (GTK_WIDGET (a->window), "adaptive-360-menu");
  ui_test_close_menu (popover);
}

static gboolean
sorted_by_candidate (gpointer data)
{
  Adaptive *a = data;

  return a->view->query->sort_column == INV_SORT_CANDIDATE && !a->view->query->descending &&
         !inv_invitations_view_get_loading (a->view);
}

static gboolean
sorted_newest_first (gpointer data)
{
  Adaptive *a = data;

  return a->view->query->sort_column == INV_SORT_SENT && a->view->query->descending &&
         !inv_invitations_view_get_loading (a->view);
}

/* Without column headers, the sort menu orders the rows, as the headers would. */
static void
assert_sort_menu (Adaptive *a)
{
  GtkWidget *popover;
  g_autoptr(GVariant) state = NULL;

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (a->view->sort_button)));
  g_assert_true (inside_window (a, GTK_WIDGET (a->view->sort_button)));
  popover = ui_test_open_menu (a->view->sort_button);
  g_assert_nonnull (ui_test_find_menu_item (popover, "Candidate"));
  g_assert_nonnull (ui_test_find_menu_item (popover, "Deadline"));
  g_assert_nonnull (ui_test_find_menu_item (popover, "Descending"));
  ui_test_screenshot (GTK_WIDGET (popover), "adaptive-360-sort-menu");
  ui_test_close_menu (popover);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (a->view), "sort.descending", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (a->view), "sort.by", "s", "candidate"));
  ui_test_wait_until (sorted_by_candidate, a, "the rows are sorted by candidate, A to Z");
  state = g_action_group_get_action_state (G_ACTION_GROUP (a->view->sort_actions), "by");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "candidate");

  /* Back to the newest first, as the other steps expect. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (a->view), "sort.by", "s", "sent"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (a->view), "sort.descending", NULL));
  ui_test_wait_until (sorted_newest_first, a, "the rows are newest first again");
  ui_test_wait_until (settled, a, "the list shows its rows");
}

static void
widths_body (InvApplication *app,
             InvWindow      *window,
             gpointer        user_data)
{
  Adaptive a = { window, NULL, 0, 0, 0, 0, 0, 0 };
  UiTestRowCount count = { window, N_ROWS };
  GtkAdjustment *v;
  int window_extra;
  int wide_from;
  int n_rows_seen;
  gint64 top_id;

  ui_test_wait_until (ui_test_main_list_has_n_rows, &count, "the list has every row");
  a.view = ui_test_main_view (window);
  gtk_window_get_default_size (GTK_WINDOW (window), &a.frame, &n_rows_seen);
  a.frame -= gtk_widget_get_width (GTK_WIDGET (window));
  g_signal_connect_swapped (a.view, "notify::compact", G_CALLBACK (compact_changed_cb), &a);

  /* Full screen. */
  resize (&a, 1280);
  g_assert_false (inv_invitations_view_get_compact (a.view));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (a.view->sort_button)));
  assert_list_fits (&a);
  ui_test_screenshot (GTK_WIDGET (window), "adaptive-1280");

  /* The default size: the columns, at least sixteen rows of them, and the bulk bar
   * written out. */
  resize (&a, 1100);
  g_assert_false (inv_invitations_view_get_compact (a.view));
  assert_list_fits (&a);
  v = gtk_scrolled_window_get_vadjustment (shown_scrolled_window (&a));
  n_rows_seen = (int)(gtk_adjustment_get_page_size (v) / row_height (&a));
  g_test_message ("%d px rows, %d in %.0f px", row_height (&a), n_rows_seen, gtk_adjustment_get_page_size (v));
  g_assert_cmpint (row_height (&a) * 16, <=, (int)gtk_adjustment_get_page_size (v));
  ui_test_screenshot (GTK_WIDGET (window), "adaptive-1100");
  assert_select_all_written (&a);

  /* Half a screen. */
  resize (&a, 800);
  assert_list_fits (&a);
  ui_test_screenshot (GTK_WIDGET (window), "adaptive-800");

  /* GNOME's narrowest: two-line rows. */
  resize (&a, 360);
  g_assert_true (inv_invitations_view_get_compact (a.view));
  assert_list_fits (&a);
  assert_filters_under_search (&a);
  assert_filter_choices (&a);
  ui_test_screenshot (GTK_WIDGET (window), "adaptive-360");
  assert_compact_rows (&a);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (a.view), "list.clear-selection", NULL));
  assert_sort_menu (&a);

  /* The place in the list is kept across a switch: scrolled some way down in two-line
   * rows, the columns open on the same row. */
  v = gtk_scrolled_window_get_vadjustment (shown_scrolled_window (&a));
  gtk_adjustment_set_value (v, 120.0 * row_height (&a));
  a.top = 120;
  ui_test_wait_until (top_row_is, &a, "row 120 is at the top");
  top_id = inv_invitation_list_get_id (inv_invitations_view_get_list (a.view), 120);
  /* The row at the top has the focus, as after a click. */
  ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  {
    g_autoptr(GPtrArray) rows = mapped (shown_list (&a), INV_TYPE_INVITATION_COMPACT_ROW);

    for (guint i = 0; i < rows->len; i++)
      if (inv_invitation_get_id (inv_invitation_compact_row_get_item (rows->pdata[i])) == top_id)
        gtk_widget_grab_focus (row_of (rows->pdata[i]));
  }
  g_assert_cmpint (focused_id (&a), ==, top_id);

  resize (&a, 1280);
  g_assert_false (inv_invitations_view_get_compact (a.view));
  ui_test_wait_until (top_row_is, &a, "row 120 is at the top of the columns too");
  ui_test_wait_until (focus_on_top_row, &a, "its row has the focus in the columns too");
  g_assert_cmpint (inv_invitation_list_get_id (inv_invitations_view_get_list (a.view), 120), ==, top_id);

  /* Around the threshold, no flip-flop: wide again only some way past it. */
  window_extra = a.width - gtk_widget_get_width (GTK_WIDGET (a.view));
  resize (&a, 360);
  g_assert_true (inv_invitations_view_get_compact (a.view));
  wide_from = a.view->wide_from;
  g_test_message ("wide from %d px of list (%d px of window)", wide_from, wide_from + window_extra);
  g_assert_cmpint (wide_from + window_extra, <=, 1100);

  /* From two-line rows beside the sidebar. */
  resize (&a, 800);
  g_assert_true (inv_invitations_view_get_compact (a.view));
  a.n_compact_changes = 0;
  resize (&a, wide_from + window_extra - 8);
  g_assert_true (inv_invitations_view_get_compact (a.view));
  resize (&a, wide_from + window_extra);
  g_assert_false (inv_invitations_view_get_compact (a.view));
  assert_list_fits (&a);
  resize (&a, wide_from + window_extra - 8);
  g_assert_false (inv_invitations_view_get_compact (a.view));
  resize (&a, wide_from + window_extra);
  resize (&a, wide_from + window_extra - 24);
  g_assert_false (inv_invitations_view_get_compact (a.view));
  assert_list_fits (&a);
  g_assert_cmpuint (a.n_compact_changes, ==, 1);

  /* Below what the columns need, two-line rows again. */
  resize (&a, wide_from + window_extra - 2 * 24 - 8);
  g_assert_true (inv_invitations_view_get_compact (a.view));
  assert_list_fits (&a);
}

static void
test_widths (void)
{
  g_autofree char *path = ui_test_temp_path ("adaptive.db");
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);

  g_assert_true (inv_sample_data_add (database, N_ROWS, 11, NULL, NULL, NULL));
  g_clear_object (&database);

  ui_test_run_app (path, widths_body, NULL);
}

static gboolean
view_has_compact_rows (gpointer data)
{
  InvInvitationsView *view = data;
  g_autoptr(GPtrArray) rows = NULL;

  if (!inv_invitations_view_get_compact (view) || inv_invitations_view_get_loading (view))
    return FALSE;

  rows = mapped (GTK_WIDGET (inv_invitations_view_get_compact_list_view (view)), INV_TYPE_INVITATION_COMPACT_ROW);

  return rows->len >= 8;
}

/* A template's Invite tab at 360 px: two-line rows without the template, whose status
 * and deadline keep to the end of the line. */
static void
test_template_tab (void)
{
  g_autofree char *path = ui_test_temp_path ("adaptive-template.db");
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);
  g_autoptr(InvSession) session = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt = NULL;
  InvInvitationsView *view;
  GtkWindow *window;
  gint64 template_id;

  g_assert_true (inv_sample_data_add (database, 400, 11, NULL, NULL, NULL));
  g_assert_cmpint (sqlite3_prepare_v2 (inv_database_get_handle (database),
                                       "SELECT template_id FROM invitations GROUP BY template_id ORDER BY count(*) DESC LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  template_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  session = inv_session_new (database, NULL);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 360, HEIGHT);
  view = INV_INVITATIONS_VIEW (inv_invitations_view_new (session, template_id));
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  ui_test_wait_until (view_has_compact_rows, view, "the template's invitations in two-line rows");
  ui_test_wait_for_frames (GTK_WIDGET (view), 2);

  rows = mapped (GTK_WIDGET (inv_invitations_view_get_compact_list_view (view)), INV_TYPE_INVITATION_COMPACT_ROW);
  for (guint i = 0; i < rows->len; i++)
    {
      InvInvitationCompactRow *row = rows->pdata[i];
      g_autoptr(GPtrArray) cells = ui_test_find_all (GTK_WIDGET (row), INV_TYPE_INVITATION_CELL);
      GtkWidget *status = inv_invitation_compact_row_get_status_cell (row);
      GtkWidget *menu = inv_invitation_compact_row_get_menu_button (row);
      graphene_rect_t status_bounds;
      graphene_rect_t menu_bounds;

      for (guint j = 0; j < cells->len; j++)
        if (inv_invitation_cell_get_field (cells->pdata[j]) == INV_INVITATION_FIELD_TEMPLATE)
          g_assert_false (gtk_widget_get_visible (cells->pdata[j]));

      /* The status and the deadline after it sit at the end, before the menu. */
      g_assert_true (gtk_widget_compute_bounds (status, GTK_WIDGET (row), &status_bounds));
      g_assert_true (gtk_widget_compute_bounds (menu, GTK_WIDGET (row), &menu_bounds));
      g_assert_cmpfloat (status_bounds.origin.x, >, gtk_widget_get_width (GTK_WIDGET (row)) / 3.0);
      g_assert_cmpfloat (status_bounds.origin.x + status_bounds.size.width, <, menu_bounds.origin.x);
      g_assert_cmpfloat (menu_bounds.origin.x + menu_bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (row)) + 0.5);
    }
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (view->template_dropdown)));
  ui_test_screenshot (GTK_WIDGET (window), "adaptive-360-template-tab");

  ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int status;

  ui_test_init (&argc, &argv, tmpdir);

  g_test_add_func ("/adaptive/widths", test_widths);
  g_test_add_func ("/adaptive/template-tab", test_template_tab);

  status = g_test_run ();

  inv_test_remove_tmpdir (tmpdir);

  return status;
}

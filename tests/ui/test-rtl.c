/* test-rtl.c: the window in a right-to-left language (Arabic, Hebrew, Persian): the
 * sidebar on the right, the list read from the right — checkbox first, ⋮ menu last —
 * and nothing of it scrolled off the screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <adwaita.h>

#include "inv-application.h"
#include "inv-invitations-view.h"
#include "inv-sample-data.h"
#include "inv-window.h"
#include "ui-test-screenshot.h"
#include "ui-test-util.h"

#define N_SAMPLE_INVITATIONS 300

typedef struct
{
  int         width;
  int         height;
  const char *screenshot;
} WindowSize;

/* The horizontal centre of @widget in @window's coordinates. */
static double
centre_x (GtkWidget *widget,
          GtkWidget *window)
{
  graphene_point_t centre = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0, 0);
  graphene_point_t in_window;

  g_assert_true (gtk_widget_compute_point (widget, window, &centre, &in_window));

  return in_window.x;
}

static gboolean
window_has_width (gpointer data)
{
  const WindowSize *size = g_object_get_data (data, "expected-size");

  return ABS (gtk_widget_get_width (data) - size->width) <= 24;
}

static gboolean
list_has_rows (gpointer data)
{
  return ui_test_view_n_rows (data) == N_SAMPLE_INVITATIONS;
}

static gboolean
is_mapped_check (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_CHECK_BUTTON (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
rows_drawn (gpointer data)
{
  return ui_test_find_widget (data, is_mapped_check, NULL) != NULL;
}

static gboolean
is_mapped_menu_button (GtkWidget     *widget,
                       gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_widget_get_mapped (widget);
}

/* All of @widget is drawn inside the visible part of @viewport. */
static void
assert_inside (GtkWidget *widget,
               GtkWidget *viewport)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, viewport, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, -0.5);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (viewport) + 0.5);
}

static void
right_to_left_body (InvApplication *app,
                    InvWindow      *window,
                    gpointer        user_data)
{
  const WindowSize *size = user_data;
  GtkWidget *window_widget = GTK_WIDGET (window);
  InvInvitationsView *view = ui_test_main_view (window);
  GtkScrolledWindow *scrolled;
  GtkAdjustment *hadjustment;
  GtkWidget *sidebar = ui_test_window_child (window, "sidebar_list");
  GtkWidget *check;
  GtkWidget *menu_button;

  g_assert_cmpint (gtk_widget_get_direction (window_widget), ==, GTK_TEXT_DIR_RTL);

  g_object_set_data (G_OBJECT (window), "expected-size", (gpointer)size);
  gtk_window_set_default_size (GTK_WINDOW (window), size->width, size->height);
  ui_test_wait_until (window_has_width, window, "window has the asked width");
  /* A folded window shows the list, as after a tap on "Invitations". */
  if (adw_leaflet_get_folded (ui_test_window_child (window, "leaflet")))
    adw_leaflet_set_visible_child_name (ui_test_window_child (window, "leaflet"), "content");
  ui_test_wait_until (list_has_rows, view, "list shows every sample invitation");
  ui_test_wait_for_frames (window_widget, 2);
  ui_test_wait_until (rows_drawn, view, "rows are drawn");

  /* A row reads from the right: its checkbox is right of its ⋮ menu, both on screen. */
  check = ui_test_find_widget (GTK_WIDGET (view), is_mapped_check, NULL);
  menu_button = ui_test_find_widget (GTK_WIDGET (view), is_mapped_menu_button, NULL);
  g_assert_nonnull (check);
  g_assert_nonnull (menu_button);
  g_assert_cmpfloat (centre_x (check, window_widget), >, centre_x (menu_button, window_widget));

  /* Wide enough for both, the sidebar stands right of the list. */
  if (gtk_widget_get_mapped (sidebar) && gtk_widget_get_mapped (GTK_WIDGET (view)))
    g_assert_cmpfloat (centre_x (sidebar, window_widget), >, centre_x (GTK_WIDGET (view), window_widget));

  /* Mirrored, the list still fits: nothing scrolls sideways. */
  scrolled = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (check, GTK_TYPE_SCROLLED_WINDOW));
  g_assert_nonnull (scrolled);
  hadjustment = gtk_scrolled_window_get_hadjustment (scrolled);
  g_assert_cmpfloat (gtk_adjustment_get_upper (hadjustment) - gtk_adjustment_get_lower (hadjustment), <=,
                     gtk_adjustment_get_page_size (hadjustment) + 0.5);
  assert_inside (check, GTK_WIDGET (scrolled));
  assert_inside (menu_button, GTK_WIDGET (scrolled));

  ui_test_screenshot (window_widget, size->screenshot);
}

static void
test_right_to_left (gconstpointer data)
{
  const WindowSize *size = data;
  g_autofree char *name = g_strdup_printf ("rtl-%d.db", size->width);
  g_autofree char *path = ui_test_temp_path (name);
  g_autoptr(InvDatabase) database = inv_database_open (path, NULL);

  g_assert_true (inv_sample_data_add (database, N_SAMPLE_INVITATIONS, 7, NULL, NULL, NULL));
  g_clear_object (&database);

  ui_test_run_app (path, right_to_left_body, (gpointer)size);
}

int
main (int   argc,
      char *argv[])
{
  static const WindowSize wide = { 1280, 800, "rtl-1280" };
  static const WindowSize standard = { 1100, 720, "rtl-1100" };
  static const WindowSize narrow = { 800, 720, "rtl-800" };
  static const WindowSize phone = { 360, 720, "rtl-360" };
  char *tmpdir = inv_test_make_tmpdir ();
  int status;

  ui_test_init (&argc, &argv, tmpdir);
  /* What GTK does by itself when the language of the desktop is written right to left. */
  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);

  g_test_add_data_func ("/rtl/window/1280", &wide, test_right_to_left);
  g_test_add_data_func ("/rtl/window/1100", &standard, test_right_to_left);
  g_test_add_data_func ("/rtl/window/800", &narrow, test_right_to_left);
  g_test_add_data_func ("/rtl/window/360", &phone, test_right_to_left);

  status = g_test_run ();

  inv_test_remove_tmpdir (tmpdir);

  return status;
}

/* ui-test-screenshot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "ui-test-screenshot.h"
#include "ui-test-util.h"

/* A change of style is drawn at the next frames. */
static void
wait_for_frames (GtkWidget *widget)
{
  gtk_widget_queue_draw (widget);
  ui_test_wait_for_frames (widget, 2);
}

static void
save (GtkWidget  *widget,
      const char *dir,
      const char *name,
      const char *scheme)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strdup_printf ("%s-%s.png", name, scheme);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL || renderer == NULL)
    {
      g_test_message ("Nothing drawn for %s", path);
      return;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_save_to_png (texture, path);
}

/**
 * ui_test_screenshot:
 * @widget: a widget on screen, usually a window
 * @name: the file's name, without the scheme and extension
 *
 * Saves @widget in light and dark to $INV_TEST_SCREENSHOTS/@name-light.png and
 * -dark.png when that variable is set; otherwise does nothing.
 */
void
ui_test_screenshot (GtkWidget  *widget,
                    const char *name)
{
  const char *dir = g_getenv ("INV_TEST_SCREENSHOTS");
  AdwStyleManager *style = adw_style_manager_get_default ();
  AdwColorScheme scheme = adw_style_manager_get_color_scheme (style);

  if (dir == NULL)
    return;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  ui_test_drain ();
  wait_for_frames (widget);
  save (widget, dir, name, "light");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  ui_test_drain ();
  wait_for_frames (widget);
  save (widget, dir, name, "dark");
  adw_style_manager_set_color_scheme (style, scheme);
  ui_test_drain ();
}

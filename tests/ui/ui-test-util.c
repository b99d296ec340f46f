/* ui-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gdk/x11/gdkx.h>

#include "inv-application.h"
#include "inv-candidates-page.h"
#include "inv-invitation-cell.h"
#include "inv-invitations-view.h"
#include "inv-sync-engine.h"
#include "inv-ui-resources.h"
#include "inv-window.h"
#include "ui-test-util.h"

static gboolean
keep_ticking_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/**
 * ui_test_wait_until:
 * @what: what is awaited, for the failure message
 *
 * Runs the main loop until @condition holds; fails the test after
 * %UI_TEST_WAIT_SECONDS. The condition is checked after every event and every
 * couple of milliseconds, so it may also look at what the main loop does not see
 * (another process's writes, the test service).
 */
void
ui_test_wait_until (UiTestCondition  condition,
                    gpointer         data,
                    const char      *what)
{
  gint64 deadline = g_get_monotonic_time () + UI_TEST_WAIT_SECONDS * G_USEC_PER_SEC;
  /* Wakes the loop now and then for what sends it no event; events wake it at once. */
  guint tick = g_timeout_add (2, keep_ticking_cb, NULL);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Waited in vain until %s", what);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (tick);
}

/**
 * ui_test_drain:
 *
 * Runs what is ready to run now (idles, layouts, what they in turn make ready),
 * without waiting for anything.
 */
void
ui_test_drain (void)
{
  for (guint round = 0; round < 20; round++)
    for (guint i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
      ;
}

/**
 * ui_test_find_widget:
 *
 * Returns: (transfer none) (nullable): the first widget under @root, @root
 *   included and shown or not, that @match accepts
 */
GtkWidget *
ui_test_find_widget (GtkWidget         *root,
                     UiTestWidgetMatch  match,
                     gconstpointer      data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
collect_matching (GtkWidget         *widget,
                  UiTestWidgetMatch  match,
                  gconstpointer      data,
                  GPtrArray         *found)
{
  if (match (widget, data))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_matching (child, match, data, found);
}

/**
 * ui_test_collect:
 *
 * Returns: (transfer container): every widget under @root, shown or not, that
 *   @match accepts, in order
 */
GPtrArray *
ui_test_collect (GtkWidget         *root,
                 UiTestWidgetMatch  match,
                 gconstpointer      data)
{
  GPtrArray *found = g_ptr_array_new ();

  collect_matching (root, match, data, found);

  return found;
}

guint
ui_test_count_widgets (GtkWidget         *root,
                       UiTestWidgetMatch  match,
                       gconstpointer      data)
{
  g_autoptr(GPtrArray) found = ui_test_collect (root, match, data);

  return found->len;
}

/* A match for ui_test_find_widget(): @type is a GType passed as a pointer. */
gboolean
ui_test_is_of_type (GtkWidget     *widget,
                    gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

/**
 * ui_test_find_all:
 *
 * Returns: (transfer container): the mapped widgets of @type under @root, in order
 */
GPtrArray *
ui_test_find_all (GtkWidget *root,
                  GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (root, type, found);

  return found;
}

/* A label as it reads, mnemonic underscores left out. */
static gboolean
label_starts_with (const char *label,
                   const char *prefix)
{
  g_autofree char *plain = NULL;

  if (label == NULL)
    return FALSE;

  plain = g_strdup (label);
  g_strdelimit (plain, "_", ' ');
  g_strchug (plain);

  return g_str_has_prefix (label, prefix) || g_str_has_prefix (plain, prefix);
}

GtkWidget *
ui_test_find_button (GtkWidget  *root,
                     const char *label)
{
  g_autoptr(GPtrArray) buttons = ui_test_find_all (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (label_starts_with (gtk_button_get_label (buttons->pdata[i]), label))
      return buttons->pdata[i];

  return NULL;
}

GtkWidget *
ui_test_find_label (GtkWidget  *root,
                    const char *prefix)
{
  g_autoptr(GPtrArray) labels = ui_test_find_all (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (g_str_has_prefix (gtk_label_get_text (labels->pdata[i]), prefix))
      return labels->pdata[i];

  return NULL;
}

/* A cell of the invitations list, shown, whose text starts with @prefix: the cells
 * draw their text themselves, so they are not labels. */
GtkWidget *
ui_test_find_cell (GtkWidget  *root,
                   const char *prefix)
{
  g_autoptr(GPtrArray) cells = ui_test_find_all (root, INV_TYPE_INVITATION_CELL);

  for (guint i = 0; i < cells->len; i++)
    {
      const char *text = inv_invitation_cell_get_text (cells->pdata[i]);

      if (text != NULL && g_str_has_prefix (text, prefix))
        return cells->pdata[i];
    }

  return NULL;
}

GtkWidget *
ui_test_find_label_containing (GtkWidget  *root,
                               const char *text)
{
  g_autoptr(GPtrArray) labels = ui_test_find_all (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (labels->pdata[i]), text) != NULL)
      return labels->pdata[i];

  return NULL;
}

/* A menu item of a popover menu (GTK's own button type for them). */
GtkWidget *
ui_test_find_menu_item (GtkWidget  *popover,
                        const char *text)
{
  g_autoptr(GPtrArray) items = ui_test_find_all (popover, g_type_from_name ("GtkModelButton"));

  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *item_text = NULL;

      g_object_get (items->pdata[i], "text", &item_text, NULL);
      if (g_strcmp0 (item_text, text) == 0)
        return items->pdata[i];
    }

  return NULL;
}

/* The button's menu is on screen with its items. The popover is looked up each time:
 * the button may have made a new one meanwhile. */
static gboolean
menu_shown (gpointer data)
{
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (data));
  g_autoptr(GPtrArray) items = NULL;

  if (popover == NULL || !gtk_widget_get_mapped (popover))
    return FALSE;

  items = ui_test_find_all (popover, g_type_from_name ("GtkModelButton"));

  return items->len > 0;
}

/**
 * ui_test_open_menu:
 *
 * Opens the menu of @button as a click would, and waits until it is on screen with
 * its items (a popover is mapped once its surface is, which a loaded machine takes
 * its time over).
 *
 * Returns: (transfer none): the menu's popover
 */
GtkWidget *
ui_test_open_menu (GtkMenuButton *button)
{
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  gtk_menu_button_popup (button);
  ui_test_wait_until (menu_shown, button, "the menu is shown with its items");

  return GTK_WIDGET (gtk_menu_button_get_popover (button));
}

static gboolean
widget_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* Closes a menu that ui_test_open_menu() opened and waits until it is off screen. */
void
ui_test_close_menu (GtkWidget *popover)
{
  gtk_popover_popdown (GTK_POPOVER (popover));
  ui_test_wait_until (widget_unmapped, popover, "the menu is closed");
}

/* A condition: the pointer at @pointer, a weak pointer, is cleared. */
gboolean
ui_test_pointer_cleared (gpointer pointer)
{
  return *(gpointer *)pointer == NULL;
}

/**
 * ui_test_destroy_window:
 *
 * Destroys @window, which the caller holds no reference to, and waits until it is
 * finalized, so that the next test starts without it.
 */
void
ui_test_destroy_window (GtkWindow *window)
{
  gpointer gone = window;

  g_object_add_weak_pointer (G_OBJECT (window), &gone);
  gtk_window_destroy (window);
  ui_test_wait_until (ui_test_pointer_cleared, &gone, "the window is destroyed");
}

/**
 * ui_test_find_toplevel:
 *
 * Returns: (transfer none) (nullable): a visible window of @type
 */
gpointer
ui_test_find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

/* Presses a button as a pointer would: only a sensitive one. */
void
ui_test_click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  ui_test_drain ();
}

static void
pressed_button_clicked_cb (GtkButton *button,
                           gboolean  *clicked)
{
  *clicked = TRUE;
}

/* A condition: the gboolean at @flag is set. */
gboolean
ui_test_flag_is_set (gpointer flag)
{
  return *(gboolean *)flag;
}

/* Presses a button with the keyboard: activation shows it pressed for a moment
 * before it clicks, so this waits for the click. */
void
ui_test_press (GtkWidget *button)
{
  g_autoptr(GtkWidget) held = g_object_ref (button);
  gboolean clicked = FALSE;
  gulong handler;

  g_assert_true (gtk_widget_is_sensitive (button));
  handler = g_signal_connect (button, "clicked", G_CALLBACK (pressed_button_clicked_cb), &clicked);
  g_assert_true (gtk_widget_activate (button));
  ui_test_wait_until (ui_test_flag_is_set, &clicked, "the button clicks");
  g_signal_handler_disconnect (button, handler);
  ui_test_drain ();
}

typedef struct
{
  UiTestAppFunc func;
  gpointer      user_data;
  gboolean      ran;
} AppTest;

static void
run_test_body_cb (gpointer data)
{
  AppTest *test = data;
  GApplication *app = g_application_get_default ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GList *windows;

  g_assert_true (INV_IS_WINDOW (window));
  ui_test_drain ();

  test->func (INV_APPLICATION (app), INV_WINDOW (window), test->user_data);
  test->ran = TRUE;

  /* Closing the last window ends g_application_run(), as it does for a person
   * (once what the app still has to send is sent). */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));
}

static void
activated_cb (GApplication *app,
              AppTest      *test)
{
  g_idle_add_once (run_test_body_cb, test);
}

/**
 * ui_test_init:
 * @tmpdir: the test's own temporary folder
 *
 * What every window test starts with: GTK and libadwaita for tests, and API keys in a
 * throwaway file keyring below @tmpdir, never the user's.
 */
void
ui_test_init (int          *argc,
              char       ***argv,
              const char   *tmpdir)
{
  g_autofree char *keyring = g_build_filename (tmpdir, "keyring", NULL);

  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "ui-test-keyring", TRUE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();
}

/**
 * ui_test_run_app:
 *
 * Runs the app as `invitations --database=PATH` does, calls @func once its window
 * is up, closes the window after it, and returns when the app has ended.
 */
void
ui_test_run_app (const char    *database_path,
                 UiTestAppFunc  func,
                 gpointer       user_data)
{
  g_autoptr(InvApplication) app = inv_application_new ();
  g_autofree char *option = g_strconcat ("--database=", database_path, NULL);
  char *argv[] = { (char *)"invitations", option, NULL };
  AppTest test = { func, user_data, FALSE };

  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), &test);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 2, argv), ==, 0);
  g_assert_true (test.ran);
}

/**
 * ui_test_choose_cancel_reason:
 * @dialog: the warning dialog
 * @label: (nullable): the reason as the list shows it, or %NULL for the last one
 *
 * Chooses a reason in the warning dialog, as a person must before confirming: none
 * is chosen for them.
 */
void
ui_test_choose_cancel_reason (GtkWidget  *dialog,
                              const char *label)
{
  g_autoptr(GPtrArray) combos = ui_test_find_all (dialog, ADW_TYPE_COMBO_ROW);
  AdwComboRow *reason;
  GListModel *labels;
  guint n;

  g_assert_cmpuint (combos->len, >, 0);
  reason = g_ptr_array_index (combos, 0);
  labels = adw_combo_row_get_model (reason);
  n = g_list_model_get_n_items (labels);

  for (guint i = 0; i < n; i++)
    if (label == NULL ? i == n - 1
                      : g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), label) == 0)
      {
        adw_combo_row_set_selected (reason, i);
        ui_test_drain ();
        return;
      }

  g_error ("The warning dialog offers no reason “%s”", label);
}

/**
 * ui_test_init_widgets:
 *
 * What a test of single widgets starts with: GTK and libadwaita for tests, the
 * app's resources, and no animations (what a person sees is the end of each
 * transition; the test need not wait for it).
 */
void
ui_test_init_widgets (int    *argc,
                      char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  inv_ui_register_resource ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

/* Returns: (transfer full): @name in the temporary folder. */
char *
ui_test_temp_path (const char *name)
{
  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

/* Destroys every window still open, the newest first, so that the next test
 * starts without them. */
void
ui_test_destroy_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);
      gtk_window_destroy (window);
    }
  ui_test_drain ();
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  guint *n_frames = data;

  (*n_frames)++;

  return G_SOURCE_CONTINUE;
}

typedef struct
{
  guint n_frames;
  guint wanted;
} FrameCount;

static gboolean
frames_counted (gpointer data)
{
  FrameCount *count = data;

  return count->n_frames >= count->wanted;
}

/**
 * ui_test_wait_for_frames:
 *
 * Waits until @widget's frame clock has ticked @n_frames times: a list view settles
 * its row heights, and a change of style is drawn, over the frames after it.
 */
void
ui_test_wait_for_frames (GtkWidget *widget,
                         guint      n_frames)
{
  FrameCount count = { 0, n_frames };
  g_autofree char *what = g_strdup_printf ("%u frames", n_frames);
  guint id = gtk_widget_add_tick_callback (widget, count_frame_cb, &count.n_frames, NULL);

  ui_test_wait_until (frames_counted, &count, what);
  gtk_widget_remove_tick_callback (widget, id);
}

/* A condition: @widget is mapped. */
gboolean
ui_test_widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* A condition: a visible window of @type (a GType passed as a pointer) is open. */
gboolean
ui_test_toplevel_shown (gpointer type)
{
  return ui_test_find_toplevel (GPOINTER_TO_SIZE (type)) != NULL;
}

/* A condition: no visible window of @type (a GType passed as a pointer) is open. */
gboolean
ui_test_toplevel_gone (gpointer type)
{
  return ui_test_find_toplevel (GPOINTER_TO_SIZE (type)) == NULL;
}

/* A condition: the InvSyncEngine @engine is not syncing. */
gboolean
ui_test_engine_idle (gpointer engine)
{
  return !inv_sync_engine_get_syncing (engine);
}

/* A condition: the window's GtkStack @stack shows the list, not an empty state. */
gboolean
ui_test_stack_shows_list (gpointer stack)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "list") == 0;
}

/* A match for ui_test_find_widget(): a label that can be seen and contains @text. */
gboolean
ui_test_is_label_with (GtkWidget     *widget,
                       gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL &&
         gtk_widget_is_drawable (widget);
}

/* The title of the preferences group that @row is in. */
const char *
ui_test_group_of (GtkWidget *row)
{
  GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

  g_assert_nonnull (group);

  return adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group));
}

/* Returns: (transfer none): the child @name of @window's template; it must exist. */
gpointer
ui_test_window_child (InvWindow  *window,
                      const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), INV_TYPE_WINDOW, name);

  g_assert_nonnull (child);

  return child;
}

/* Returns: (transfer none) (nullable): the invitations list of @window, once it shows one. */
InvInvitationsView *
ui_test_main_view (InvWindow *window)
{
  GtkWidget *child = adw_bin_get_child (ui_test_window_child (window, "invitations_bin"));

  return INV_IS_INVITATIONS_VIEW (child) ? INV_INVITATIONS_VIEW (child) : NULL;
}

guint
ui_test_view_n_rows (InvInvitationsView *view)
{
  return g_list_model_get_n_items (G_LIST_MODEL (inv_invitations_view_get_list (view)));
}

/* A condition: the window's invitations list has loaded @row_count->n rows. */
gboolean
ui_test_main_list_has_n_rows (gpointer row_count)
{
  UiTestRowCount *count = row_count;
  InvInvitationsView *view = ui_test_main_view (count->window);

  return view != NULL && !inv_invitations_view_get_loading (view) && ui_test_view_n_rows (view) == count->n;
}

/**
 * ui_test_present_candidates_page:
 * @window: (out): the window it is shown in, which ui_test_destroy_toplevels() ends
 *
 * Shows a candidates page of @session alone in a window, as large as the app's.
 *
 * Returns: (transfer none): the page
 */
GtkWidget *
ui_test_present_candidates_page (InvSession  *session,
                                 GtkWindow  **window)
{
  GtkWidget *page;

  *window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (*window, 900, 700);
  page = inv_candidates_page_new (session);
  adw_window_set_content (ADW_WINDOW (*window), page);
  gtk_window_present (*window);
  ui_test_drain ();

  return page;
}

/* ---- Keys and focus ------------------------------------------------------------ */

static void
run_xdotool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

static gboolean
window_is_active (gpointer window)
{
  return gtk_window_is_active (window);
}

/**
 * ui_test_send_keys:
 * @window: the window that gets the keyboard
 * @keys: key names as xdotool takes them, separated by spaces ("ctrl+a Tab space")
 *
 * Presses @keys on the X server, as a keyboard does: GTK gets them as key events in
 * @window and sends them through its controllers and shortcuts to the focus widget.
 * With no window manager under the test, nobody gives the window the keyboard: this
 * does, as a click on its title would. The caller waits for what the keys do.
 */
void
ui_test_send_keys (GtkWindow  *window,
                   const char *keys)
{
  GdkSurface *surface;
  g_autofree char *xid = NULL;
  g_auto(GStrv) names = g_strsplit (keys, " ", -1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  ui_test_wait_until (ui_test_widget_mapped, window, "the window is shown");
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xid = g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (surface));

  if (!gtk_window_is_active (window))
    {
      const char *focus[] = { "xdotool", "windowfocus", xid, NULL };

      run_xdotool (focus);
      ui_test_wait_until (window_is_active, window, "the window has the keyboard");
    }

  g_ptr_array_add (argv, (gpointer)"xdotool");
  g_ptr_array_add (argv, (gpointer)"key");
  g_ptr_array_add (argv, (gpointer)"--clearmodifiers");
  for (guint i = 0; names[i] != NULL; i++)
    if (*names[i] != '\0')
      g_ptr_array_add (argv, names[i]);
  g_ptr_array_add (argv, NULL);
  run_xdotool ((const char * const *)argv->pdata);
}

GtkWidget *
ui_test_focus_widget (GtkWindow *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

/**
 * ui_test_walk_tab:
 * @start: (nullable): where the walk starts; %NULL for where the focus is
 *
 * Presses Tab in @window as its key binding does ("move-focus", which wraps around
 * at the end) until the focus comes back to where the walk first landed, or after
 * @max_steps.
 *
 * Returns: (transfer container) (element-type GtkWidget): every stop, in order
 */
GPtrArray *
ui_test_walk_tab (GtkWindow *window,
                  GtkWidget *start,
                  guint      max_steps)
{
  GPtrArray *stops = g_ptr_array_new ();
  GtkWidget *first = NULL;

  if (start != NULL)
    g_assert_true (gtk_widget_grab_focus (start));

  for (guint step = 0; step < max_steps; step++)
    {
      GtkWidget *focus;

      g_signal_emit_by_name (window, "move-focus", GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (focus == NULL)
        continue;
      if (focus == first)
        break;
      if (first == NULL)
        first = focus;
      g_ptr_array_add (stops, focus);
    }

  return stops;
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) ||
         GTK_IS_MENU_BUTTON (widget) ||
         GTK_IS_SWITCH (widget) ||
         GTK_IS_CHECK_BUTTON (widget) ||
         GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_SPIN_BUTTON (widget) ||
         GTK_IS_TEXT (widget) ||
         GTK_IS_TEXT_VIEW (widget) ||
         GTK_IS_SCALE (widget) ||
         GTK_IS_CALENDAR (widget) ||
         GTK_IS_EXPANDER (widget) ||
         ADW_IS_COMBO_ROW (widget);
}

static void
collect_controls (GtkWidget *widget,
                  GPtrArray *controls)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child) || !gtk_widget_is_sensitive (child) ||
          GTK_IS_POPOVER (child) || GTK_IS_WINDOW_CONTROLS (child))
        continue;

      /* A list's rows are one stop: the arrows go through them. */
      if (GTK_IS_LIST_VIEW (child) || GTK_IS_COLUMN_VIEW (child) || GTK_IS_GRID_VIEW (child))
        {
          g_ptr_array_add (controls, child);
          continue;
        }

      if (is_control (child))
        {
          /* What a read-only label shows is no control; a selectable one is a stop
           * but not a place one must reach. */
          if (!(GTK_IS_TEXT_VIEW (child) && !gtk_text_view_get_editable (GTK_TEXT_VIEW (child))))
            g_ptr_array_add (controls, child);
          /* An expander's content is reached through it, when it is open. */
          if (!GTK_IS_EXPANDER (child))
            continue;
        }

      collect_controls (child, controls);
    }
}

/**
 * ui_test_collect_controls:
 *
 * Returns: (transfer container) (element-type GtkWidget): what a person can operate
 *   in @root now: buttons, switches, checks, fields, dropdowns, combo rows, and each
 *   list as one control, shown and sensitive. The title bar's window buttons are not
 *   among them: the window manager's keys reach those.
 */
GPtrArray *
ui_test_collect_controls (GtkWidget *root)
{
  GPtrArray *controls = g_ptr_array_new ();

  collect_controls (root, controls);

  return controls;
}

gboolean
ui_test_focus_reached (GPtrArray *stops,
                       GtkWidget *control)
{
  for (guint i = 0; i < stops->len; i++)
    {
      GtkWidget *stop = stops->pdata[i];

      if (stop == control || gtk_widget_is_ancestor (stop, control) || gtk_widget_is_ancestor (control, stop))
        return TRUE;
    }

  return FALSE;
}

/* What a person would call @widget, for test messages: its type, and its label, tooltip,
 * row title or accessible text, whichever it has. */
char *
ui_test_describe_widget (GtkWidget *widget)
{
  const char *text = NULL;
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

  if (GTK_IS_BUTTON (widget))
    text = gtk_button_get_label (GTK_BUTTON (widget));
  if (text == NULL && GTK_IS_MENU_BUTTON (widget))
    text = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));
  if (text == NULL && GTK_IS_CHECK_BUTTON (widget))
    text = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
  if (text == NULL && GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));
  if (text == NULL)
    text = gtk_widget_get_tooltip_text (widget);
  if (text == NULL && row != NULL)
    text = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

  return g_strdup_printf ("%s “%s”", G_OBJECT_TYPE_NAME (widget), text != NULL ? text : "");
}

static gboolean
is_response (GtkWidget  *widget,
             const char *label)
{
  GtkWidget *button = GTK_IS_BUTTON (widget) ? widget : gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON);
  const char *text;

  if (button == NULL || (text = gtk_button_get_label (GTK_BUTTON (button))) == NULL)
    return FALSE;

  return g_str_equal (text, label) || (text[0] == '_' && g_str_equal (text + 1, label));
}

/**
 * ui_test_assert_tab_reaches_all:
 * @start: (nullable): where Tab starts from; %NULL for where the focus is
 * @responses: (array zero-terminated=1): labels of the buttons that answer the
 *   dialog, each of which Tab must reach
 *
 * Walks Tab through @window and fails with the controls it never reached, or the
 * responses, if any. Tab must also come back around: it is stuck otherwise.
 */
void
ui_test_assert_tab_reaches_all (GtkWindow          *window,
                                GtkWidget          *start,
                                const char * const *responses)
{
  g_autoptr(GPtrArray) stops = ui_test_walk_tab (window, start, 200);
  g_autoptr(GPtrArray) controls = ui_test_collect_controls (GTK_WIDGET (window));
  g_autoptr(GString) missed = g_string_new (NULL);

  for (guint i = 0; i < stops->len; i++)
    {
      g_autofree char *name = ui_test_describe_widget (stops->pdata[i]);

      g_test_message ("%s: Tab %u: %s", G_OBJECT_TYPE_NAME (window), i, name);
    }
  /* Round in fewer than 200 presses: Tab is caught nowhere. */
  g_assert_cmpuint (stops->len, <, 200);
  g_test_message ("%s: %u controls, %u Tab stops", G_OBJECT_TYPE_NAME (window), controls->len, stops->len);
  /* Tab lands somewhere, even in a window with nothing to operate but its list. */
  g_assert_cmpuint (stops->len, >, 0);

  for (guint i = 0; i < controls->len; i++)
    if (!ui_test_focus_reached (stops, controls->pdata[i]))
      {
        g_autofree char *name = ui_test_describe_widget (controls->pdata[i]);

        g_string_append_printf (missed, " %s;", name);
      }

  for (guint r = 0; responses != NULL && responses[r] != NULL; r++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < stops->len && !found; i++)
        found = is_response (stops->pdata[i], responses[r]);
      if (!found)
        g_string_append_printf (missed, " response “%s”;", responses[r]);
    }

  if (missed->len > 0)
    g_error ("%s: Tab never reaches%s", G_OBJECT_TYPE_NAME (window), missed->str);
}

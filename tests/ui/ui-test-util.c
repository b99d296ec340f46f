/* ui-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

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

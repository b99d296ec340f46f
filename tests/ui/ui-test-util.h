/* ui-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the window tests share: waiting for a state (never for a time), finding
 * widgets as a person sees them, and pressing them.
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Generous, for a loaded two-core machine: a wait ends as soon as its state holds. */
#define UI_TEST_WAIT_SECONDS 60

typedef gboolean (*UiTestCondition) (gpointer data);
typedef gboolean (*UiTestWidgetMatch) (GtkWidget     *widget,
                                       gconstpointer  data);

void        ui_test_wait_until        (UiTestCondition  condition,
                                       gpointer         data,
                                       const char      *what);
void        ui_test_drain             (void);
GPtrArray  *ui_test_find_all          (GtkWidget       *root,
                                       GType            type);
GtkWidget  *ui_test_find_widget       (GtkWidget       *root,
                                       UiTestWidgetMatch match,
                                       gconstpointer    data);
GPtrArray  *ui_test_collect           (GtkWidget       *root,
                                       UiTestWidgetMatch match,
                                       gconstpointer    data);
guint       ui_test_count_widgets     (GtkWidget       *root,
                                       UiTestWidgetMatch match,
                                       gconstpointer    data);
gboolean    ui_test_is_of_type        (GtkWidget       *widget,
                                       gconstpointer    type);
GtkWidget  *ui_test_find_button       (GtkWidget       *root,
                                       const char      *label);
void        ui_test_choose_cancel_reason (GtkWidget    *dialog,
                                       const char      *label);
GtkWidget  *ui_test_find_label        (GtkWidget       *root,
                                       const char      *prefix);
GtkWidget  *ui_test_find_cell         (GtkWidget       *root,
                                       const char      *prefix);
GtkWidget  *ui_test_find_label_containing (GtkWidget  *root,
                                           const char *text);
GtkWidget  *ui_test_find_menu_item    (GtkWidget       *popover,
                                       const char      *text);
GtkWidget  *ui_test_open_menu         (GtkMenuButton   *button);
void        ui_test_close_menu        (GtkWidget       *popover);
void        ui_test_destroy_window    (GtkWindow       *window);
gpointer    ui_test_find_toplevel     (GType            type);
void        ui_test_click             (GtkWidget       *button);
void        ui_test_press             (GtkWidget       *button);
void        ui_test_init              (int             *argc,
                                       char          ***argv,
                                       const char      *tmpdir);

typedef struct _InvApplication InvApplication;
typedef struct _InvWindow InvWindow;

typedef void (*UiTestAppFunc) (InvApplication *app,
                               InvWindow      *window,
                               gpointer        user_data);

void        ui_test_run_app           (const char      *database_path,
                                       UiTestAppFunc    func,
                                       gpointer         user_data);

void        ui_test_init_widgets      (int             *argc,
                                       char          ***argv);
char       *ui_test_temp_path         (const char      *name);
void        ui_test_destroy_toplevels (void);
void        ui_test_wait_for_frames   (GtkWidget       *widget,
                                       guint            n_frames);

/* Conditions for ui_test_wait_until(). */
gboolean    ui_test_flag_is_set       (gpointer         flag);
gboolean    ui_test_pointer_cleared   (gpointer         pointer);
gboolean    ui_test_widget_mapped     (gpointer         widget);
gboolean    ui_test_toplevel_shown    (gpointer         type);
gboolean    ui_test_toplevel_gone     (gpointer         type);
gboolean    ui_test_engine_idle       (gpointer         engine);
gboolean    ui_test_stack_shows_list  (gpointer         stack);

gboolean    ui_test_is_label_with     (GtkWidget       *widget,
                                       gconstpointer    text);
const char *ui_test_group_of          (GtkWidget       *row);

typedef struct _InvInvitationsView InvInvitationsView;

gpointer            ui_test_window_child   (InvWindow          *window,
                                            const char         *name);
InvInvitationsView *ui_test_main_view      (InvWindow          *window);
guint               ui_test_view_n_rows    (InvInvitationsView *view);

typedef struct
{
  InvWindow *window;
  guint      n;
} UiTestRowCount;

gboolean    ui_test_main_list_has_n_rows (gpointer      row_count);

/* Keys and focus: real key presses through the X server, and Tab walks. */
void        ui_test_send_keys         (GtkWindow       *window,
                                       const char      *keys);
GtkWidget  *ui_test_focus_widget      (GtkWindow       *window);
GPtrArray  *ui_test_walk_tab          (GtkWindow       *window,
                                       GtkWidget       *start,
                                       guint            max_steps);
GPtrArray  *ui_test_collect_controls  (GtkWidget       *root);
gboolean    ui_test_focus_reached     (GPtrArray       *stops,
                                       GtkWidget       *control);
char       *ui_test_describe_widget   (GtkWidget       *widget);
void        ui_test_assert_tab_reaches_all (GtkWindow  *window,
                                            GtkWidget  *start,
                                            const char * const *responses);

typedef struct _InvSession InvSession;

GtkWidget  *ui_test_present_candidates_page (InvSession  *session,
                                             GtkWindow  **window);

G_END_DECLS

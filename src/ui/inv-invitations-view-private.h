/* inv-invitations-view-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "inv-bulk-bar.h"
#include "inv-database-worker.h"
#include "inv-invitation-cell.h"
#include "inv-invitations-view.h"

G_BEGIN_DECLS

/* Above this many invitations a cancel shows its progress while it runs. */
#define PROGRESS_THRESHOLD 500

/* The whole read of a new query's rows sorts the rows of its filter, or reads every
 * row for a search of one or two letters, or at least reads a million ids: the first
 * screenful comes sooner from walking the order's index, and is shown meanwhile. The
 * walk stops after LEADING_MAX_ROWS rows: a rare filter or search waits for the whole
 * read. A small list is complete after the walk alone. */
#define LEADING_IDS 200
#define LEADING_MAX_ROWS 10000

typedef struct
{
  InvInvitationsView *view;
  InvSortColumn       column;
} SortProbe;

/* The view is one object in several files: the widget (inv-invitations-view.c), reading
 * its rows (inv-invitations-view-loading.c), what the person does with them
 * (inv-invitations-view-actions.c) and its layout at any width
 * (inv-invitations-view-adaptive.c), among others. */
struct _InvInvitationsView
{
  GtkWidget            parent_instance;

  InvSession          *session;          /* owned */
  InvDatabase         *database;         /* owned, the session's */
  GSettings           *settings;         /* owned */
  gint64               template_id;
  InvInvitationQuery  *query;            /* owned; what the filters say now */
  InvInvitationList   *list;             /* owned */
  InvSelectionModel   *selection;        /* owned */
  GArray              *template_ids;     /* gint64 by template dropdown position − 1 */
  SortProbe            probes[INV_N_SORTS];
  int                  probed_column;    /* set by the column sorters during a probe */
  InvDatabaseWorker   *worker;           /* owned, the session's: reads off the main thread */
  GCancellable        *load_cancellable; /* owned: the id query on its way */
  GCancellable        *counts_cancellable; /* owned: the counts on their way */
  gboolean             counts_shown;
  gulong               first_paint_handler;
  gboolean             updating_filters; /* the dropdowns are being refilled */
  gboolean             busy;             /* a cancel or undo is running */
  gboolean             loading;          /* the rows of a new query are being read */
  gboolean             reload_pending;   /* a change arrived while the rows were read */
  gboolean             load_is_visible;  /* the load on its way is one the person asked for */
  GHashTable          *sync_cells;       /* the Sync column's cells on screen */
  guint                countdown_id;     /* ticks while a row shows "Sends in N s" */
  guint                reconcile_id;     /* the read that follows changes made in place */
  GCancellable        *cancellable;      /* owned */
  AdwToast            *last_message;     /* weak */
  gboolean             compact;          /* two-line rows: the columns do not fit */
  int                  wide_from;        /* the width from which a compact list turns wide */
  guint                place_tick_id;    /* restores the scroll position after a switch */
  guint                place_ticks;
  guint                place_steady;     /* frames the restored scroll has held */
  gboolean             place_allocated;  /* the list shown was allocated since the switch */
  guint                place_position;   /* the row at the top before the switch */
  gint64               place_focus_id;   /* the invitation whose row had the focus, or 0 */

  AdwToastOverlay     *toast_overlay;
  GtkBox              *filter_bar;
  GtkSearchEntry      *search_entry;
  GtkSpinner          *loading_spinner;
  GtkScrolledWindow   *scrolled_window;
  GtkDropDown         *status_dropdown;
  GtkDropDown         *template_dropdown;
  GtkMenuButton       *sort_button;
  GtkButton           *message_button;
  GtkRevealer         *progress_revealer;
  GtkLabel            *progress_label;
  GtkProgressBar      *progress_bar;
  GtkStack            *stack;
  AdwStatusPage       *empty_page;
  GtkButton           *clear_filters_button;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *select_column;
  GtkColumnViewColumn *candidate_column;
  GtkColumnViewColumn *email_column;
  GtkColumnViewColumn *template_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *sent_column;
  GtkColumnViewColumn *deadline_column;
  GtkColumnViewColumn *sync_column;
  GtkColumnViewColumn *cancelled_column;
  GtkColumnViewColumn *reason_column;
  GtkColumnViewColumn *actions_column;
  InvBulkBar          *bulk_bar;
  GtkScrolledWindow   *compact_scrolled_window;
  GtkListView         *compact_list_view;

  GSimpleActionGroup  *column_actions;   /* owned: "columns.*", which columns show */
  GSimpleActionGroup  *sort_actions;     /* owned: "sort.*", the order of two-line rows */
};

/* inv-invitations-view.c */
GtkWindow *_inv_invitations_view_get_window         (InvInvitationsView *self);
void       _inv_invitations_view_show_toast         (InvInvitationsView *self,
                                                     AdwToast           *toast);
void       _inv_invitations_view_show_message       (InvInvitationsView *self,
                                                     const char         *message);
void       _inv_invitations_view_update_bulk_bar    (InvInvitationsView *self);
void       _inv_invitations_view_update_actions     (InvInvitationsView *self);
void       _inv_invitations_view_update_empty_state (InvInvitationsView *self);
void       _inv_invitations_view_add_sync_cell      (InvInvitationsView *self,
                                                     InvInvitationCell  *cell);
void       _inv_invitations_view_remove_sync_cell   (InvInvitationsView *self,
                                                     InvInvitationCell  *cell);
char      *_inv_invitations_view_describe_sync_state (InvInvitationsView *self,
                                                      InvInvitation      *invitation,
                                                      const char        **short_label);

/* inv-invitations-view-loading.c */
void       _inv_invitations_view_class_loading_init (GtkWidgetClass     *widget_class);
void       _inv_invitations_view_open_list          (InvInvitationsView *self);
void       _inv_invitations_view_start_loading      (InvInvitationsView *self);
void       _inv_invitations_view_apply_query        (InvInvitationsView *self);

/* inv-invitations-view-actions.c */
void       _inv_invitations_view_class_actions_init (GtkWidgetClass     *widget_class);

/* inv-invitations-view-columns.c */
void       _inv_invitations_view_setup_columns      (InvInvitationsView *self);

/* inv-invitations-view-export.c */
void       _inv_invitations_view_class_export_init  (GtkWidgetClass     *widget_class);

/* inv-invitations-view-adaptive.c */
void       _inv_invitations_view_class_adaptive_init (GtkWidgetClass    *widget_class);
void       _inv_invitations_view_setup_adaptive     (InvInvitationsView *self);
void       _inv_invitations_view_dispose_adaptive   (InvInvitationsView *self);

/* inv-invitations-view-keys.c */
void       _inv_invitations_view_init_keys          (InvInvitationsView *self);

/* inv-invitations-view-cells.c */
void       _inv_invitations_view_class_cells_init   (GtkWidgetClass     *widget_class);

G_END_DECLS

/* inv-invitations-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invitations-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "inv-bulk-bar.h"
#include "inv-cancel-dialog.h"
#include "inv-cancel.h"
#include "inv-database-invitations.h"
#include "inv-database-templates.h"
#include "inv-database-worker.h"
#include "inv-edit-candidate-dialog.h"
#include "inv-history-dialog.h"
#include "inv-invitation-row.h"
#include "inv-invitations-view.h"
#include "inv-invite.h"
#include "inv-message-template-dialog.h"
#include "inv-status-badge.h"
#include "inv-sync-engine.h"
#include "inv-window.h"

/* Above this many invitations a cancel shows its progress while it runs. */
#define PROGRESS_THRESHOLD 500

/* The statuses the filter offers, in the order a hiring manager thinks of them. */
static const InvStatus filter_statuses[] = {
  INV_STATUS_PENDING,
  INV_STATUS_IN_PROGRESS,
  INV_STATUS_COMPLETED,
  INV_STATUS_EXPIRED,
  INV_STATUS_CANCELLED,
  INV_STATUS_TEST_LEFT,
  INV_STATUS_TERMINATED,
};

/* GSettings spellings of the sort columns, by InvSortColumn. */
static const char * const sort_names[INV_N_SORTS] = {
  [INV_SORT_SENT] = "sent",
  [INV_SORT_CANDIDATE] = "candidate",
  [INV_SORT_EMAIL] = "email",
  [INV_SORT_TEMPLATE] = "template",
  [INV_SORT_STATUS] = "status",
  [INV_SORT_DEADLINE] = "deadline",
  [INV_SORT_SYNC_STATE] = "sync-state",
};

typedef struct
{
  InvInvitationsView *view;
  InvSortColumn       column;
} SortProbe;

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
  GHashTable          *sync_items;       /* the bound list items of the Sync column */
  guint                countdown_id;     /* ticks while a row shows "Sends in N s" */
  guint                reconcile_id;     /* the read that follows changes made in place */
  GCancellable        *cancellable;      /* owned */
  AdwToast            *last_message;     /* weak */

  AdwToastOverlay     *toast_overlay;
  GtkSearchEntry      *search_entry;
  GtkSpinner          *loading_spinner;
  GtkScrolledWindow   *scrolled_window;
  GtkDropDown         *status_dropdown;
  GtkDropDown         *template_dropdown;
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
  GtkColumnViewColumn *actions_column;
  InvBulkBar          *bulk_bar;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvInvitationsView, inv_invitations_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void start_load   (InvInvitationsView *self,
                          gboolean            new_query);
static void start_cancel (InvInvitationsView *self,
                          GArray             *ids,
                          const char         *candidate_name);

static GtkWindow *
get_window (InvInvitationsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Takes @toast. Inside the main window the window shows it, over everything: the
 * view may be in a template's Invite tab, whose own overlay would be hidden when the
 * person switches tabs. Elsewhere (a test, a benchmark) the view's own overlay does. */
static void
show_toast (InvInvitationsView *self,
            AdwToast           *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (INV_IS_WINDOW (root))
    inv_window_add_toast (INV_WINDOW (root), toast);
  else
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A message replaces the previous one: it answers what the person just did, and
 * should not wait behind the answer to what they did before. An Undo toast is never
 * replaced this way. */
static void
show_message (InvInvitationsView *self,
              const char         *message)
{
  AdwToast *toast = adw_toast_new (message);

  if (self->last_message != NULL)
    adw_toast_dismiss (self->last_message);
  g_set_weak_pointer (&self->last_message, toast);

  adw_toast_set_timeout (toast, 8);
  show_toast (self, toast);
}

static char *
format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return g_strdup ("—");

  dt = g_date_time_new_from_unix_local (unix_time);
  /* Translators: a date in the list, see g_date_time_format() */
  return g_date_time_format (dt, _("%e %b %Y"));
}

static char *
format_date_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time <= 0)
    return NULL;

  dt = g_date_time_new_from_unix_local (unix_time);
  /* Translators: a date and time in a tooltip, see g_date_time_format() */
  return g_date_time_format (dt, _("%A, %e %B %Y, %H:%M"));
}

static gboolean
filters_active (InvInvitationsView *self)
{
  return self->query->status != NULL ||
         self->query->search != NULL ||
         (self->template_id == 0 && self->query->template_id != 0);
}

/* ---- Counts and filters ------------------------------------------------------ */

static void
update_bulk_bar (InvInvitationsView *self)
{
  /* The first rows of a search are not the number that matches: no offer to
   * select them all until the rest are in. */
  inv_bulk_bar_set_counts (self->bulk_bar,
                           inv_selection_model_get_n_selected (self->selection),
                           inv_invitation_list_is_partial (self->list)
                           ? 0 : g_list_model_get_n_items (G_LIST_MODEL (self->list)),
                           inv_selection_model_get_all_matching (self->selection));
}

static void
update_actions (InvInvitationsView *self)
{
  guint n_selected = inv_selection_model_get_n_selected (self->selection);
  gboolean partial = inv_invitation_list_is_partial (self->list);

  /* While only the first rows of a search are in, "all matching" has no number yet. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.delete-selected",
                                 n_selected > 0 && !self->busy &&
                                 !(partial && inv_selection_model_get_all_matching (self->selection)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.clear-selection", n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.select-all-matching",
                                 !partial && g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.clear-filters", filters_active (self));
}

static void
update_empty_state (InvInvitationsView *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0;

  if (filters_active (self))
    {
      adw_status_page_set_title (self->empty_page, _("No Matching Invitations"));
      adw_status_page_set_description (self->empty_page, _("Try another search or filter"));
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->clear_filters_button), TRUE);
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Invitations"));
      adw_status_page_set_description (self->empty_page,
                                       self->template_id != 0
                                       ? _("Nobody has been invited to this interview yet")
                                       : _("Invitations you send appear here"));
      adw_status_page_set_icon_name (self->empty_page, "mail-send-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->clear_filters_button), FALSE);
    }

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

/* Fills the status filter; @counts is %NULL until the counts are read. */
static void
refill_status_filter (InvInvitationsView *self,
                      const guint        *counts)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint total = 0;
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  /* Before the first fill the dropdown has no selection: start on "All". */
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;

  if (counts != NULL)
    {
      g_autofree char *all = NULL;

      for (guint i = 0; i < INV_N_STATUSES; i++)
        total += counts[i];
      all = g_strdup_printf (_("All (%'u)"), total);
      gtk_string_list_append (labels, all);
    }
  else
    gtk_string_list_append (labels, _("All"));

  for (guint i = 0; i < G_N_ELEMENTS (filter_statuses); i++)
    {
      InvStatus status = filter_statuses[i];
      g_autofree char *label = NULL;

      if (counts == NULL)
        label = g_strdup (status == INV_STATUS_PENDING ? _("Pending only") : inv_status_get_label (status));
      else if (status == INV_STATUS_PENDING)
        label = g_strdup_printf (_("Pending only (%'u)"), counts[status]);
      else
        /* Translators: a status filter with its number of invitations, "Completed (12)" */
        label = g_strdup_printf (_("%s (%'u)"), inv_status_get_label (status), counts[status]);
      gtk_string_list_append (labels, label);
    }

  self->updating_filters = TRUE;
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->status_dropdown, selected);
  self->updating_filters = FALSE;
}

/* ---- Reading off the main thread ------------------------------------------------
 *
 * The id query of a new filter, search or sort, the counts per status and the
 * template names run on the view's database worker (a thread with its own
 * connection), so that typing and clicking never wait for SQL. Each kind of job
 * has its own cancellable: a newer request cancels (interrupts) the older one. */

typedef struct
{
  InvInvitationsView *self;     /* owned */
  InvInvitationQuery *query;    /* owned */
  gboolean            new_query;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->self);
  g_clear_pointer (&data->query, inv_invitation_query_free);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

/* The whole read of a new query's rows sorts the rows of its filter, or reads every
 * row for a search of one or two letters, or at least reads a million ids: the first
 * screenful comes sooner from walking the order's index, and is shown meanwhile. The
 * walk stops after LEADING_MAX_ROWS rows: a rare filter or search waits for the whole
 * read. A small list is complete after the walk alone. */
#define LEADING_IDS 200
#define LEADING_MAX_ROWS 10000

typedef struct
{
  GArray   *ids;
  gboolean  complete;
} LeadingIds;

static void
leading_ids_free (LeadingIds *leading)
{
  g_clear_pointer (&leading->ids, g_array_unref);
  g_free (leading);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LeadingIds, leading_ids_free)

static gpointer
leading_ids_job (InvDatabase   *database,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(LeadingIds) leading = g_new0 (LeadingIds, 1);

  leading->ids = inv_database_query_leading_invitation_ids (database, data, LEADING_IDS,
                                                            LEADING_MAX_ROWS,
                                                            &leading->complete, error);
  if (leading->ids == NULL)
    return NULL;

  return g_steal_pointer (&leading);
}

static gpointer
ids_job (InvDatabase   *database,
         gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  return inv_database_query_invitation_ids (database, data, error);
}

typedef struct
{
  guint counts[INV_N_STATUSES];
} Counts;

static gpointer
counts_job (InvDatabase   *database,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree Counts *counts = g_new0 (Counts, 1);

  if (!inv_database_count_by_status (database, data, counts->counts, error))
    return NULL;

  return g_steal_pointer (&counts);
}

static gpointer
templates_job (InvDatabase   *database,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  return inv_database_list_templates (database, error);
}

static void
set_loading (InvInvitationsView *self,
             gboolean            loading)
{
  /* The spinner says the rows of what the person asked for are on their way; a
   * change made elsewhere is followed quietly, the rows on screen staying. */
  gboolean shown = loading && (self->load_is_visible || inv_invitation_list_is_partial (self->list));

  self->loading = loading;
  gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), shown);
  gtk_spinner_set_spinning (self->loading_spinner, shown);
}

static void
counts_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(InvInvitationsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree Counts *counts = inv_database_worker_run_finish (NULL, result, &error);

  if (counts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not count the invitations: %s", error->message);
      return;
    }

  refill_status_filter (self, counts->counts);
  self->counts_shown = TRUE;
}

/* The counts of what the list shows now, behind its rows. */
static void
queue_counts (InvInvitationsView *self)
{
  g_cancellable_cancel (self->counts_cancellable);
  g_clear_object (&self->counts_cancellable);
  self->counts_cancellable = g_cancellable_new ();

  inv_database_worker_run_async (self->worker, counts_job,
                                 inv_invitation_query_copy (inv_invitation_list_get_query (self->list)),
                                 (GDestroyNotify)inv_invitation_query_free, g_free,
                                 self->counts_cancellable, counts_done_cb, g_object_ref (self));
}

static void
refill_template_filter (InvInvitationsView *self,
                        GListModel         *templates)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;
  guint n;

  g_array_set_size (self->template_ids, 0);
  gtk_string_list_append (labels, _("All templates"));

  n = templates != NULL ? g_list_model_get_n_items (templates) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(InvTemplate) template = g_list_model_get_item (templates, i);
      gint64 id = inv_template_get_id (template);

      g_array_append_val (self->template_ids, id);
      gtk_string_list_append (labels, inv_template_get_name (template));
      if (id == self->query->template_id)
        selected = i + 1;
    }

  self->updating_filters = TRUE;
  gtk_drop_down_set_model (self->template_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->template_dropdown, selected);
  self->updating_filters = FALSE;
}

static void
templates_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(InvInvitationsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) templates = inv_database_worker_run_finish (NULL, result, &error);

  if (templates == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the interview templates: %s", error->message);
      return;
    }

  refill_template_filter (self, templates);
}

static void
queue_templates (InvInvitationsView *self)
{
  inv_database_worker_run_async (self->worker, templates_job, NULL, NULL, g_object_unref,
                                 self->cancellable, templates_done_cb, g_object_ref (self));
}

static void
scroll_to_top (InvInvitationsView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

/* The rows of a load are in: @ids, all of them. */
static void
finish_load (InvInvitationsView *self,
             LoadData           *data,
             GArray             *ids)
{
  gboolean same_query = inv_invitation_query_equal (inv_invitation_list_get_query (self->list),
                                                   data->query);


  set_loading (self, FALSE);

  /* The first rows of this query are on screen already: the rest go after them. The
   * same query read again after a change updates the rows in place, keeping the
   * scroll position and the rows on screen. */
  if (same_query && inv_invitation_list_is_partial (self->list) && data->new_query)
    inv_invitation_list_complete (self->list, ids);
  else if (same_query && !data->new_query)
    inv_invitation_list_update (self->list, ids);
  else
    inv_invitation_list_replace (self->list, data->query, ids);
  /* Another filter shows other rows: from the top, as a new list would. */
  if (data->new_query)
    scroll_to_top (self);

  update_empty_state (self);
  update_bulk_bar (self);
  update_actions (self);
  queue_counts (self);

  if (self->reload_pending)
    {
      self->reload_pending = FALSE;
      start_load (self, FALSE);
    }
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  InvInvitationsView *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = inv_database_worker_run_finish (NULL, result, &error);

  /* Cancelled: a newer query is on its way, or the view is going away. */
  if (ids == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (ids == NULL)
    {
      set_loading (self, FALSE);
      show_message (self, error->message);
      return;
    }

  finish_load (self, data, ids);
}

static void
start_ids_load (InvInvitationsView *self,
                LoadData           *data)
{
  inv_database_worker_run_async (self->worker, ids_job,
                                 inv_invitation_query_copy (data->query),
                                 (GDestroyNotify)inv_invitation_query_free,
                                 (GDestroyNotify)g_array_unref,
                                 self->load_cancellable, load_done_cb, data);
}

static void
leading_ids_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  LoadData *data = user_data;
  InvInvitationsView *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(LeadingIds) leading = inv_database_worker_run_finish (NULL, result, &error);

  if (leading == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      load_data_free (data);
      return;
    }

  /* Nothing to show early (or the walk failed): the whole read decides, and says
   * what went wrong if anything did. */
  if (leading == NULL || (!leading->complete && leading->ids->len < LEADING_IDS))
    {
      start_ids_load (self, data);
      return;
    }

  if (leading->complete)
    {
      finish_load (self, data, leading->ids);
      load_data_free (data);
      return;
    }

  inv_invitation_list_replace_partial (self->list, data->query, leading->ids);
  if (data->new_query)
    scroll_to_top (self);
  /* The rest must not move the rows someone may be looking at already. */
  data->new_query = FALSE;

  update_empty_state (self);
  update_bulk_bar (self);
  update_actions (self);

  start_ids_load (self, data);
}

/* Reads the rows of the view's query; @new_query when the query changed (rather than
 * the data under it). */
static void
start_load (InvInvitationsView *self,
            gboolean            new_query)
{
  LoadData *data;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  /* The rows come first: counts still on their way would hold up the worker, and
   * they are read again once the rows are in. */
  g_cancellable_cancel (self->counts_cancellable);

  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->query = inv_invitation_query_copy (self->query);
  data->new_query = new_query;

  self->load_is_visible = new_query;
  set_loading (self, TRUE);
  /* Only for a new query, which starts from the top anyway: a reload of the same
   * one keeps the scrolled position, which a list of only its first rows would lose. */
  if (new_query && inv_invitation_query_has_leading_walk (self->query))
    inv_database_worker_run_async (self->worker, leading_ids_job,
                                   inv_invitation_query_copy (self->query),
                                   (GDestroyNotify)inv_invitation_query_free,
                                   (GDestroyNotify)leading_ids_free,
                                   self->load_cancellable, leading_ids_done_cb, data);
  else
    start_ids_load (self, data);
}

/* The rows' data changed: read the ids again, in place, once the read on its way (if
 * any) is done. Changes that arrive meanwhile make one more read, not one each. */
static void
queue_reload (InvInvitationsView *self)
{
  if (self->loading)
    {
      self->reload_pending = TRUE;
      return;
    }

  start_load (self, FALSE);
}

static gboolean
reconcile_cb (gpointer user_data)
{
  InvInvitationsView *self = user_data;

  self->reconcile_id = 0;
  queue_reload (self);

  return G_SOURCE_REMOVE;
}

/* Past this many rows leaving the list at once, reading its ids again is cheaper. */
#define MAX_ROWS_REMOVED_IN_PLACE 32

/* A change that names its rows (a cancel of one, a few invites' confirmations) is
 * followed at once, without reading every id again: rows that no longer match leave
 * the list where they are. Returns %FALSE when it cannot be (a row that newly
 * matches has no known place): the ids must be read again. */
static gboolean
follow_in_place (InvInvitationsView *self,
                 InvChangeSet       *changes)
{
  g_autoptr(GHashTable) changed = NULL;
  g_autoptr(GHashTable) matching = NULL;
  g_autoptr(GArray) still_matching = NULL;
  g_autoptr(GArray) leaving = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 *changed_ids;
  const gint64 *list_ids;
  guint n_changed, n_list, n_found = 0;

  if (self->loading || inv_invitation_list_is_partial (self->list) ||
      inv_change_set_is_many (changes, INV_CHANGE_INVITATIONS))
    return FALSE;

  changed_ids = inv_change_set_get_ids (changes, INV_CHANGE_INVITATIONS, &n_changed);
  if (changed_ids == NULL)
    return TRUE;

  still_matching = inv_database_filter_invitation_ids (self->database, inv_invitation_list_get_query (self->list),
                                                       changed_ids, n_changed, &error);
  if (still_matching == NULL)
    {
      g_debug ("Cannot follow the change in place: %s", error->message);
      return FALSE;
    }

  changed = g_hash_table_new (g_int64_hash, g_int64_equal);
  matching = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < n_changed; i++)
    g_hash_table_add (changed, (gpointer)&changed_ids[i]);
  for (guint i = 0; i < still_matching->len; i++)
    g_hash_table_add (matching, &g_array_index (still_matching, gint64, i));

  /* One pass over the ids (a few milliseconds at a million). */
  leaving = g_array_new (FALSE, FALSE, sizeof (guint));
  list_ids = inv_invitation_list_peek_ids (self->list, &n_list);
  for (guint i = 0; i < n_list && n_found < n_changed; i++)
    {
      if (!g_hash_table_contains (changed, &list_ids[i]))
        continue;

      n_found++;
      if (!g_hash_table_contains (matching, &list_ids[i]))
        g_array_append_val (leaving, i);
    }

  /* A matching row that is not in the list is new to it: where it goes takes the
   * query's order. */
  if (still_matching->len > n_found - leaving->len || leaving->len > MAX_ROWS_REMOVED_IN_PLACE)
    return FALSE;

  for (guint i = leaving->len; i > 0; i--)
    inv_id_list_remove_at (INV_ID_LIST (self->list), g_array_index (leaving, guint, i - 1));

  return TRUE;
}

/* Every commit to the database is announced, whoever made it: this view's own cancel,
 * an invite from another page, the sync engine's pull, the command line in another
 * process. The rows on screen that it touched are read again at once, and rows that
 * left the filter leave the list; when that is not enough, or to make sure of the
 * order of rows whose sort column changed, the ids are read again on the worker. */
static void
database_changed_cb (InvInvitationsView *self,
                     InvChangeSet       *changes)
{
  if (inv_change_set_has (changes, INV_CHANGE_INVITATIONS))
    {
      inv_id_list_refresh_changed (INV_ID_LIST (self->list), changes);

      if (follow_in_place (self, changes))
        {
          update_empty_state (self);
          update_bulk_bar (self);
          update_actions (self);
          queue_counts (self);
          if (self->reconcile_id == 0)
            self->reconcile_id = g_timeout_add_seconds (1, reconcile_cb, self);
        }
      else
        queue_reload (self);
    }

  if (self->template_id == 0 && inv_change_set_has (changes, INV_CHANGE_TEMPLATES))
    queue_templates (self);
}

static void
apply_query (InvInvitationsView *self)
{
  update_actions (self);

  /* Back to what the list shows already (a search typed and erased): nothing to read,
   * but a read on its way for the other query must not land. Only the first rows of
   * it shown: the rest are read again, where the list is. */
  if (inv_invitation_query_equal (inv_invitation_list_get_query (self->list), self->query))
    {
      if (inv_invitation_list_is_partial (self->list))
        {
          start_load (self, FALSE);
          return;
        }

      if (self->loading)
        {
          g_cancellable_cancel (self->load_cancellable);
          set_loading (self, FALSE);
        }
      return;
    }

  start_load (self, TRUE);
}

static void
status_filter_changed_cb (InvInvitationsView *self)
{
  guint selected;

  if (self->updating_filters)
    return;

  selected = gtk_drop_down_get_selected (self->status_dropdown);
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION ||
      selected > G_N_ELEMENTS (filter_statuses))
    inv_invitation_query_set_status (self->query, NULL);
  else
    inv_invitation_query_set_status (self->query,
                                     inv_status_to_string (filter_statuses[selected - 1]));

  apply_query (self);
}

static void
template_filter_changed_cb (InvInvitationsView *self)
{
  guint selected;

  if (self->updating_filters || self->template_id != 0)
    return;

  selected = gtk_drop_down_get_selected (self->template_dropdown);
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > self->template_ids->len)
    self->query->template_id = 0;
  else
    self->query->template_id = g_array_index (self->template_ids, gint64, selected - 1);

  apply_query (self);
}

static void
search_changed_cb (InvInvitationsView *self)
{
  inv_invitation_query_set_search (self->query,
                                   gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  apply_query (self);
}

/* ---- Sorting ------------------------------------------------------------------ */

/* The column view's sorter is never asked to sort anything: the rows are sorted in
 * SQL. GTK 4.8 has no public way to ask it for its primary column, so each column's
 * sorter reports itself when the view's sorter compares two dummies: the one that is
 * asked first is the primary column, and the sign of the answer is the direction. */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  SortProbe *probe = user_data;

  if (probe->view->probed_column < 0)
    probe->view->probed_column = probe->column;

  return GTK_ORDERING_SMALLER;
}

static void
sorter_changed_cb (InvInvitationsView *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;

  self->probed_column = -1;
  order = gtk_sorter_compare (sorter, a, b);

  if (self->probed_column < 0 || order == GTK_ORDERING_EQUAL)
    {
      /* No header chosen: newest first, as the list opens. */
      self->query->sort_column = INV_SORT_SENT;
      self->query->descending = TRUE;
    }
  else
    {
      self->query->sort_column = self->probed_column;
      self->query->descending = order == GTK_ORDERING_LARGER;
    }

  g_settings_set_string (self->settings, "sort-column", sort_names[self->query->sort_column]);
  g_settings_set_boolean (self->settings, "sort-descending", self->query->descending);

  apply_query (self);
}

static GtkColumnViewColumn *
column_for_sort (InvInvitationsView *self,
                 InvSortColumn       column)
{
  switch (column)
    {
    case INV_SORT_CANDIDATE: return self->candidate_column;
    case INV_SORT_EMAIL: return self->email_column;
    case INV_SORT_TEMPLATE: return self->template_column;
    case INV_SORT_STATUS: return self->status_column;
    case INV_SORT_DEADLINE: return self->deadline_column;
    case INV_SORT_SYNC_STATE: return self->sync_column;
    case INV_SORT_SENT:
    case INV_N_SORTS:
    default:
      return self->sent_column;
    }
}

static void
setup_sorting (InvInvitationsView *self)
{
  g_autofree char *saved = g_settings_get_string (self->settings, "sort-column");
  gboolean descending = g_settings_get_boolean (self->settings, "sort-descending");
  InvSortColumn initial = INV_SORT_SENT;

  for (guint i = 0; i < INV_N_SORTS; i++)
    {
      g_autoptr(GtkSorter) sorter = NULL;

      self->probes[i].view = self;
      self->probes[i].column = i;
      sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, &self->probes[i], NULL));
      gtk_column_view_column_set_sorter (column_for_sort (self, i), sorter);

      if (g_strcmp0 (saved, sort_names[i]) == 0)
        initial = i;
    }

  self->query->sort_column = initial;
  self->query->descending = descending;

  gtk_column_view_sort_by_column (self->column_view, column_for_sort (self, initial),
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
}

/* ---- Cells -------------------------------------------------------------------- */

typedef enum
{
  CELL_SELECT,
  CELL_CANDIDATE,
  CELL_EMAIL,
  CELL_TEMPLATE,
  CELL_STATUS,
  CELL_SENT,
  CELL_DEADLINE,
  CELL_SYNC,
  CELL_ACTIONS,
} CellKind;

static void
check_sync_from_item (GtkListItem    *item,
                      GParamSpec     *pspec,
                      GtkCheckButton *check)
{
  gboolean selected = gtk_list_item_get_selected (item);

  if (gtk_check_button_get_active (check) != selected)
    {
      g_object_set_data (G_OBJECT (check), "syncing", GINT_TO_POINTER (TRUE));
      gtk_check_button_set_active (check, selected);
      g_object_set_data (G_OBJECT (check), "syncing", NULL);
    }
}

static void
check_toggled_cb (GtkCheckButton *check,
                  GtkListItem    *item)
{
  InvInvitationsView *self = g_object_get_data (G_OBJECT (check), "view");
  guint position = gtk_list_item_get_position (item);

  if (g_object_get_data (G_OBJECT (check), "syncing") != NULL ||
      position == GTK_INVALID_LIST_POSITION)
    return;

  if (gtk_check_button_get_active (check))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, FALSE);
  else
    gtk_selection_model_unselect_item (GTK_SELECTION_MODEL (self->selection), position);
}

static InvInvitation *
item_get_invitation (GtkListItem *item)
{
  InvInvitationRow *row = item != NULL ? gtk_list_item_get_item (item) : NULL;

  return row != NULL ? inv_invitation_row_get_invitation (row) : NULL;
}

static InvInvitation *
action_group_get_invitation (GActionGroup *group)
{
  return item_get_invitation (g_object_get_data (G_OBJECT (group), "list-item"));
}

static void
row_delete_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  InvInvitationsView *self = g_object_get_data (G_OBJECT (user_data), "view");
  InvInvitation *invitation = action_group_get_invitation (user_data);
  g_autoptr(GArray) ids = NULL;
  gint64 id;

  if (invitation == NULL)
    return;

  id = inv_invitation_get_id (invitation);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (ids, id);
  start_cancel (self, ids, inv_invitation_get_candidate_name (invitation));
}

static void
candidate_saved_cb (InvInvitationsView *self)
{
  show_message (self, _("Candidate details saved"));
}

static void
row_edit_cb (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  InvInvitationsView *self = g_object_get_data (G_OBJECT (user_data), "view");
  InvInvitation *invitation = action_group_get_invitation (user_data);
  GtkWidget *dialog;

  if (invitation == NULL)
    return;

  dialog = inv_edit_candidate_dialog_new (get_window (self), self->session,
                                          inv_invitation_get_candidate_id (invitation));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (candidate_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
row_copy_link_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  InvInvitationsView *self = g_object_get_data (G_OBJECT (user_data), "view");
  InvInvitation *invitation = action_group_get_invitation (user_data);
  const char *link;

  if (invitation == NULL)
    return;

  link = inv_invitation_get_link (invitation);
  if (link == NULL || *link == '\0')
    {
      show_message (self, _("This invitation has no link yet: it is made when the invitation is sent"));
      return;
    }

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), link);
  show_message (self, _("Invitation link copied"));
}

static void
row_reinvite_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  InvInvitationsView *self = g_object_get_data (G_OBJECT (user_data), "view");
  InvInvitation *invitation = action_group_get_invitation (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (invitation == NULL)
    return;

  /* One row, one small transaction: quick enough for the main thread. */
  if (!inv_invite_reinvite (self->database, inv_invitation_get_id (invitation), 0, &error))
    {
      show_message (self, error->message);
      return;
    }

  message = g_strdup_printf (_("%s re-invited"), inv_invitation_get_candidate_name (invitation));
  show_message (self, message);
}

static void
row_reattempt_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  InvInvitationsView *self = g_object_get_data (G_OBJECT (user_data), "view");
  InvInvitation *invitation = action_group_get_invitation (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (invitation == NULL)
    return;

  if (!inv_invite_reattempt (self->database, inv_invitation_get_id (invitation), NULL, &error))
    {
      show_message (self, error->message);
      return;
    }

  message = g_strdup_printf (_("New attempt for %s"), inv_invitation_get_candidate_name (invitation));
  show_message (self, message);
}

static void
row_history_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  InvInvitationsView *self = g_object_get_data (G_OBJECT (user_data), "view");
  InvInvitation *invitation = action_group_get_invitation (user_data);
  GtkWidget *dialog;

  if (invitation == NULL)
    return;

  dialog = inv_history_dialog_new (get_window (self), self->session,
                                   inv_invitation_get_id (invitation),
                                   inv_invitation_get_candidate_name (invitation));
  gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry row_actions[] = {
  { "delete", row_delete_cb },
  { "edit", row_edit_cb },
  { "copy-link", row_copy_link_cb },
  { "reinvite", row_reinvite_cb },
  { "reattempt", row_reattempt_cb },
  { "history", row_history_cb },
  { "reason", NULL },
  { "link-reason", NULL },
  { "reinvite-reason", NULL },
  { "reattempt-reason", NULL },
};

static void
row_actions_update (GActionGroup  *group,
                    InvInvitation *invitation)
{
  InvStatus status = invitation != NULL ? inv_invitation_get_status (invitation) : INV_STATUS_UNKNOWN;
  GActionMap *map = G_ACTION_MAP (group);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "delete")),
                               invitation != NULL && inv_status_allows (status, INV_ACTION_CANCEL, NULL));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "edit")),
                               invitation != NULL && inv_status_allows (status, INV_ACTION_EDIT_CANDIDATE, NULL));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "copy-link")),
                               invitation != NULL && inv_status_allows (status, INV_ACTION_COPY_LINK, NULL));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "reinvite")),
                               invitation != NULL && inv_status_allows (status, INV_ACTION_REINVITE, NULL));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "reattempt")),
                               invitation != NULL && inv_status_allows (status, INV_ACTION_REATTEMPT, NULL));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "history")),
                               invitation != NULL);
  /* The reasons are shown as greyed-out items: their actions are never enabled. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "reason")), FALSE);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "link-reason")), FALSE);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "reinvite-reason")), FALSE);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "reattempt-reason")), FALSE);
}

/* The menu is made when it opens, for the row as it is then. */
static void
create_row_menu (GtkMenuButton *button,
                 gpointer       user_data)
{
  GActionGroup *group = user_data;
  InvInvitation *invitation = action_group_get_invitation (group);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) cancel_section = g_menu_new ();
  g_autoptr(GMenu) other_section = g_menu_new ();
  g_autoptr(GMenu) again_section = g_menu_new ();
  g_autoptr(GMenu) history_section = g_menu_new ();
  const char *why_not = NULL;
  InvStatus status;

  if (invitation == NULL)
    return;

  status = inv_invitation_get_status (invitation);
  row_actions_update (group, invitation);

  g_menu_append (cancel_section, _("Delete invitation"), "row.delete");
  if (!inv_status_allows (status, INV_ACTION_CANCEL, &why_not))
    g_menu_append (cancel_section, why_not, "row.reason");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (cancel_section));

  g_menu_append (other_section, _("Edit candidate details"), "row.edit");
  g_menu_append (other_section, _("Copy invitation link"), "row.copy-link");
  if (!inv_status_allows (status, INV_ACTION_COPY_LINK, &why_not))
    g_menu_append (other_section, why_not, "row.link-reason");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (other_section));

  /* The fix for a wrong cancel (re-invite) and a second chance (reattempt). */
  g_menu_append (again_section, _("Re-invite"), "row.reinvite");
  if (!inv_status_allows (status, INV_ACTION_REINVITE, &why_not))
    g_menu_append (again_section, why_not, "row.reinvite-reason");
  g_menu_append (again_section, _("Reattempt"), "row.reattempt");
  if (!inv_status_allows (status, INV_ACTION_REATTEMPT, &why_not))
    g_menu_append (again_section, why_not, "row.reattempt-reason");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (again_section));

  g_menu_append (history_section, _("History"), "row.history");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (history_section));

  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static GtkWidget *
make_label (gboolean dim)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 6);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");

  return label;
}

/* Tooltips are worked out when the pointer rests on a cell, not when a row changes:
 * setting a tooltip makes GTK ask the display where the pointer is, and a new query
 * changes the invitation of some two hundred rows at once. */
static gboolean
cell_query_tooltip_cb (GtkWidget   *child,
                       int          x,
                       int          y,
                       gboolean     keyboard_mode,
                       GtkTooltip  *tooltip,
                       GtkListItem *item)
{
  CellKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "kind"));
  InvInvitation *invitation = item_get_invitation (item);
  g_autofree char *text = NULL;

  if (invitation == NULL)
    return FALSE;

  switch (kind)
    {
    case CELL_TEMPLATE:
      text = g_strdup (inv_invitation_get_template_name (invitation));
      break;

    case CELL_SENT:
      text = format_date_time (inv_invitation_get_sent_at (invitation));
      break;

    case CELL_DEADLINE:
      text = format_date_time (inv_invitation_get_expires_at (invitation));
      break;

    default:
      break;
    }

  if (text == NULL || *text == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               InvInvitationsView       *self)
{
  CellKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kind"));
  GtkWidget *child = NULL;

  switch (kind)
    {
    case CELL_SELECT:
      child = gtk_check_button_new ();
      g_object_set_data (G_OBJECT (child), "view", self);
      g_signal_connect_object (item, "notify::selected", G_CALLBACK (check_sync_from_item), child, 0);
      g_signal_connect_object (child, "toggled", G_CALLBACK (check_toggled_cb), item, 0);
      break;

    case CELL_STATUS:
      child = inv_status_badge_new ();
      break;

    case CELL_DEADLINE:
      {
        GtkWidget *badge = inv_status_badge_new ();

        child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        gtk_box_append (GTK_BOX (child), make_label (FALSE));
        inv_status_badge_set_custom (INV_STATUS_BADGE (badge), _("Deadline approaching"), "badge-warning");
        gtk_box_append (GTK_BOX (child), badge);
      }
      break;

    case CELL_ACTIONS:
      {
        GSimpleActionGroup *group = g_simple_action_group_new ();

        child = gtk_menu_button_new ();
        gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (child), "view-more-symbolic");
        gtk_menu_button_set_has_frame (GTK_MENU_BUTTON (child), FALSE);
        gtk_widget_set_halign (child, GTK_ALIGN_CENTER);
        gtk_widget_set_tooltip_text (child, _("More actions"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, _("More actions"),
                                        -1);
        g_action_map_add_action_entries (G_ACTION_MAP (group), row_actions,
                                         G_N_ELEMENTS (row_actions), group);
        g_object_set_data (G_OBJECT (group), "view", self);
        g_object_set_data (G_OBJECT (group), "list-item", item);
        gtk_widget_insert_action_group (child, "row", G_ACTION_GROUP (group));
        gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (child), create_row_menu,
                                               group, g_object_unref);
      }
      break;

    case CELL_SYNC:
      child = make_label (TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_NONE);
      break;

    case CELL_EMAIL:
      /* Addresses run longer than names: the column starts wide enough to tell
       * most of them apart. The list scrolls sideways in narrow windows. */
      child = make_label (FALSE);
      gtk_label_set_width_chars (GTK_LABEL (child), 18);
      break;

    case CELL_SENT:
      /* A date is read whole or not at all. */
      child = make_label (FALSE);
      gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_NONE);
      break;

    case CELL_CANDIDATE:
    case CELL_TEMPLATE:
    default:
      child = make_label (FALSE);
      break;
    }

  if (kind == CELL_TEMPLATE || kind == CELL_SENT || kind == CELL_DEADLINE)
    {
      gtk_widget_set_has_tooltip (child, TRUE);
      g_signal_connect_object (child, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), item, 0);
    }

  gtk_list_item_set_child (item, child);
}

/* Fills one cell from the invitation its row shows now. */
static void cell_update (GtkListItem *item);

static gboolean
countdown_cb (gpointer user_data)
{
  InvInvitationsView *self = user_data;
  GHashTableIter iter;
  gpointer item;

  /* Each update asks for the next tick if it still counts down. */
  self->countdown_id = 0;
  g_hash_table_iter_init (&iter, self->sync_items);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    cell_update (item);

  return G_SOURCE_REMOVE;
}

/* What the Sync column says of a row whose change is not on the service yet: when it
 * will be sent ("Sends in 8 s" during the undo period), that it waits for the network,
 * or that it is on its way, rather than only "waiting to sync". */
static char *
describe_sync_state (InvInvitationsView *self,
                     InvInvitation      *invitation)
{
  InvSyncState state = inv_invitation_get_sync_state (invitation);
  InvSyncEngine *engine;
  gint64 send_at;
  gint64 now;

  if (self == NULL || (state != INV_SYNC_STATE_PENDING_CREATE && state != INV_SYNC_STATE_PENDING_CANCEL))
    return g_strdup (inv_sync_state_get_label (state));

  engine = inv_session_get_sync_engine (self->session);
  if (inv_sync_engine_get_service_url (engine) == NULL)
    return g_strdup (inv_sync_state_get_label (state));

  if (!inv_sync_engine_get_online (engine))
    return g_strdup (_("Waiting for network"));

  send_at = inv_outbox_get_send_time (self->database, inv_invitation_get_id (invitation));
  now = inv_database_now ();
  if (send_at > now)
    {
      if (self->countdown_id == 0)
        self->countdown_id = g_timeout_add_seconds (1, countdown_cb, self);

      if (send_at - now <= 120)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sends in %u s", "Sends in %u s",
                                             (guint)(send_at - now)),
                                (guint)(send_at - now));
      else
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (send_at);
          g_autofree char *time = g_date_time_format (when, "%X");

          /* Translators: a change backing off after a failure, "Sends at 14:05:10" */
          return g_strdup_printf (_("Sends at %s"), time);
        }
    }

  if (send_at > 0)
    return g_strdup (_("Sending…"));

  return g_strdup (inv_sync_state_get_label (state));
}

static void
sync_column_changed_cb (InvInvitationsView *self)
{
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  countdown_cb (self);
}

static void
cell_update (GtkListItem *item)
{
  CellKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "kind"));
  InvInvitation *invitation = item_get_invitation (item);
  GtkWidget *child = gtk_list_item_get_child (item);

  /* The row's invitation was deleted elsewhere since the ids were read: show nothing
   * until the next reload drops the row. */
  if (invitation == NULL)
    {
      if (GTK_IS_LABEL (child))
        gtk_label_set_label (GTK_LABEL (child), NULL);
      return;
    }

  switch (kind)
    {
    case CELL_SELECT:
      {
        g_autofree char *label = g_strdup_printf (_("Select %s"),
                                                  inv_invitation_get_candidate_name (invitation));

        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                        -1);
        check_sync_from_item (item, NULL, GTK_CHECK_BUTTON (child));
      }
      break;

    case CELL_CANDIDATE:
      gtk_label_set_label (GTK_LABEL (child), inv_invitation_get_candidate_name (invitation));
      break;

    case CELL_EMAIL:
      gtk_label_set_label (GTK_LABEL (child), inv_invitation_get_email (invitation));
      break;

    case CELL_TEMPLATE:
      gtk_label_set_label (GTK_LABEL (child), inv_invitation_get_template_name (invitation));
      break;

    case CELL_STATUS:
      inv_status_badge_set_status (INV_STATUS_BADGE (child),
                                   inv_invitation_get_status (invitation),
                                   inv_invitation_get_status_text (invitation));
      break;

    case CELL_SENT:
      {
        g_autofree char *date = format_date (inv_invitation_get_sent_at (invitation));

        gtk_label_set_label (GTK_LABEL (child), date);
      }
      break;

    case CELL_DEADLINE:
      {
        GtkWidget *label = gtk_widget_get_first_child (child);
        GtkWidget *badge = gtk_widget_get_last_child (child);
        gint64 expires = inv_invitation_get_expires_at (invitation);
        g_autofree char *date = format_date (expires);

        gtk_label_set_label (GTK_LABEL (label), date);
        gtk_widget_set_visible (badge, inv_invitation_is_deadline_near (invitation,
                                                                       inv_database_now ()));
      }
      break;

    case CELL_SYNC:
      {
        GtkWidget *view = gtk_widget_get_ancestor (child, INV_TYPE_INVITATIONS_VIEW);
        g_autofree char *text = describe_sync_state (view != NULL ? INV_INVITATIONS_VIEW (view) : NULL,
                                                     invitation);

        gtk_label_set_label (GTK_LABEL (child), text);
      }
      break;

    case CELL_ACTIONS:
      {
        g_autofree char *label = g_strdup_printf (_("More actions for %s"),
                                                  inv_invitation_get_candidate_name (invitation));

        /* The accessible name stays "More actions"; the description says whose. */
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label,
                                        -1);
        /* The menu is rebuilt for this row the next time it opens. */
        gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (child), NULL);
      }
      break;

    default:
      break;
    }
}

static void
row_invitation_changed_cb (GtkListItem *item)
{
  cell_update (item);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              InvInvitationsView       *self)
{
  InvInvitationRow *row = gtk_list_item_get_item (item);
  gulong handler;

  g_object_set_data (G_OBJECT (item), "kind", g_object_get_data (G_OBJECT (factory), "kind"));
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kind")) == CELL_SYNC)
    g_hash_table_add (self->sync_items, item);

  /* The row stays when the query changes; the invitation it shows does not. */
  handler = g_signal_connect_swapped (row, "notify::invitation",
                                      G_CALLBACK (row_invitation_changed_cb), item);
  g_object_set_data (G_OBJECT (item), "row-handler", GSIZE_TO_POINTER (handler));

  cell_update (item);
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                InvInvitationsView       *self)
{
  InvInvitationRow *row = gtk_list_item_get_item (item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (item), "row-handler"));

  if (row != NULL && handler != 0)
    g_signal_handler_disconnect (row, handler);
  g_object_set_data (G_OBJECT (item), "row-handler", NULL);
  g_hash_table_remove (self->sync_items, item);
}

static void
add_factory (InvInvitationsView  *self,
             GtkColumnViewColumn *column,
             CellKind             kind)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "kind", GINT_TO_POINTER (kind));
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), self);
  gtk_column_view_column_set_factory (column, factory);
}

/* ---- Cancelling --------------------------------------------------------------- */

typedef struct
{
  InvInvitationsView *self;
  GArray             *ids;       /* owned */
  char               *candidate_name;
  guint               n_total;
} CancelData;

static void
cancel_data_free (CancelData *data)
{
  g_clear_object (&data->self);
  g_clear_pointer (&data->ids, g_array_unref);
  g_free (data->candidate_name);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CancelData, cancel_data_free)

static void
set_busy (InvInvitationsView *self,
          gboolean            busy,
          const char         *message,
          guint               n_total)
{
  self->busy = busy;
  update_actions (self);

  if (busy && n_total >= PROGRESS_THRESHOLD)
    {
      gtk_label_set_label (self->progress_label, message);
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
    }
  else if (!busy)
    {
      gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
    }
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  InvInvitationsView *self = user_data;

  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, (double)done / total);
}

static void
apply_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CancelData) data = user_data;
  InvInvitationsView *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCancelResult) cancel_result = NULL;
  g_autoptr(GHashTable) left = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) cancelled = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *message = NULL;
  AdwToast *toast;
  guint grace;

  set_busy (self, FALSE, NULL, 0);

  cancel_result = inv_cancel_apply_finish (INV_DATABASE (object), result, &error);
  if (cancel_result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      return;
    }

  /* What was cancelled leaves the selection; what was skipped stays selected. */
  for (guint i = 0; i < cancel_result->skipped->len; i++)
    g_hash_table_add (left, &g_array_index (cancel_result->skipped, InvCancelSkipped, i).id);
  for (guint i = 0; i < cancel_result->unknown_ids->len; i++)
    g_hash_table_add (left, &g_array_index (cancel_result->unknown_ids, gint64, i));
  for (guint i = 0; i < data->ids->len; i++)
    if (!g_hash_table_contains (left, &g_array_index (data->ids, gint64, i)))
      g_array_append_val (cancelled, g_array_index (data->ids, gint64, i));

  if (inv_selection_model_get_all_matching (self->selection) && cancel_result->n_skipped == 0)
    inv_selection_model_clear (self->selection);
  else
    inv_selection_model_unselect_ids (self->selection, (const gint64 *)(gpointer)cancelled->data,
                                      cancelled->len);

  if (cancel_result->n_cancelled == 1 && data->candidate_name != NULL)
    message = g_strdup_printf (_("Invitation of %s deleted"), data->candidate_name);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%'u invitation deleted",
                                            "%'u invitations deleted",
                                            cancel_result->n_cancelled),
                               cancel_result->n_cancelled);

  toast = adw_toast_new (message);
  /* The undo period started with the cancel, not with this toast: a long cancel
   * leaves less of it. */
  grace = (guint)CLAMP (cancel_result->hold_until - inv_database_now (), 0, G_MAXINT);
  if (cancel_result->batch_id != 0 && grace > 0)
    {
      /* Undo is an application action carrying the batch: it works wherever the
       * person went meanwhile, even after this view is gone, and is offered exactly
       * as long as the batch is held back from the sync. */
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_timeout (toast, grace);
      adw_toast_set_action_name (toast, "app.undo-cancel");
      adw_toast_set_action_target_value (toast, g_variant_new_int64 (cancel_result->batch_id));
    }
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  show_toast (self, toast);
}

static void
cancel_response_cb (InvCancelDialog *dialog,
                    const char      *response,
                    gpointer         user_data)
{
  g_autoptr(CancelData) data = user_data;
  InvInvitationsView *self = data->self;
  g_autofree char *message = NULL;
  InvCancelOptions options;
  const gint64 *ids;
  guint n_ids;

  if (g_strcmp0 (response, INV_CANCEL_DIALOG_RESPONSE_DELETE) != 0)
    return;

  inv_cancel_dialog_get_options (dialog, &options);
  options.grace_seconds = g_settings_get_uint (self->settings, "cancel-grace-seconds");

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Deleting %'u invitation…",
                                          "Deleting %'u invitations…",
                                          inv_cancel_dialog_get_preview (dialog)->n_eligible),
                             inv_cancel_dialog_get_preview (dialog)->n_eligible);
  set_busy (self, TRUE, message, data->ids->len);

  /* The ids stay alive with @data until the apply finishes. */
  ids = (const gint64 *)(gpointer)data->ids->data;
  n_ids = data->ids->len;
  inv_cancel_apply_async (self->database, ids, n_ids, &options,
                          progress_cb, g_object_ref (self), g_object_unref,
                          self->cancellable,
                          apply_done_cb, g_steal_pointer (&data));
}

static void
open_cancel_dialog (InvInvitationsView     *self,
                    CancelData             *data,
                    const InvCancelPreview *preview)
{
  InvCancelDialog *dialog;
  gint64 sample_id = data->ids->len > 0 ? g_array_index (data->ids, gint64, 0) : 0;

  dialog = inv_cancel_dialog_new (get_window (self), self->session, preview, sample_id,
                                  data->candidate_name,
                                  g_settings_get_boolean (self->settings, "notify-candidates-default"),
                                  g_settings_get_uint (self->settings, "cancel-grace-seconds"));
  g_signal_connect (dialog, "response", G_CALLBACK (cancel_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
preview_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CancelData *data = user_data;
  InvInvitationsView *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCancelPreview) preview = NULL;

  set_busy (self, FALSE, NULL, 0);

  preview = inv_cancel_preview_finish (INV_DATABASE (object), result, &error);
  if (preview == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      cancel_data_free (data);
      return;
    }

  open_cancel_dialog (self, data, preview);
}

/* Takes @ids; works out what the cancel would do (off the main thread for big
 * selections), then asks. */
static void
start_cancel (InvInvitationsView *self,
              GArray             *ids,
              const char         *candidate_name)
{
  CancelData *data;

  if (self->busy || ids->len == 0)
    return;

  data = g_new0 (CancelData, 1);
  data->self = g_object_ref (self);
  data->ids = g_array_ref (ids);
  data->candidate_name = g_strdup (candidate_name);
  data->n_total = ids->len;

  if (ids->len < PROGRESS_THRESHOLD)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(InvCancelPreview) preview = NULL;

      preview = inv_cancel_preview (self->database, (const gint64 *)(gpointer)ids->data, ids->len, &error);
      if (preview == NULL)
        {
          show_message (self, error->message);
          cancel_data_free (data);
          return;
        }
      open_cancel_dialog (self, data, preview);
      return;
    }

  set_busy (self, TRUE, _("Checking the selected invitations…"), ids->len);
  inv_cancel_preview_async (self->database, (const gint64 *)(gpointer)ids->data, ids->len,
                            self->cancellable, preview_done_cb, data);
}

/* ---- Actions ------------------------------------------------------------------ */

static void
delete_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  const char *name = NULL;

  if (self->busy || inv_selection_model_get_n_selected (self->selection) == 0)
    return;

  ids = inv_selection_model_dup_selected_ids (self->selection, &error);
  if (ids == NULL)
    {
      show_message (self, error->message);
      return;
    }

  if (ids->len == 1)
    {
      g_autoptr(InvInvitation) invitation =
        inv_database_load_invitation (self->database, g_array_index (ids, gint64, 0), NULL);

      if (invitation != NULL)
        name = inv_invitation_get_candidate_name (invitation);
      start_cancel (self, ids, name);
      return;
    }

  start_cancel (self, ids, NULL);
}

static void
select_all_matching_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  inv_selection_model_select_all_matching (INV_INVITATIONS_VIEW (widget)->selection);
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  inv_selection_model_clear (INV_INVITATIONS_VIEW (widget)->selection);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);

  self->updating_filters = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  if (self->template_id == 0)
    gtk_drop_down_set_selected (self->template_dropdown, 0);
  self->updating_filters = FALSE;

  inv_invitation_query_set_search (self->query, NULL);
  inv_invitation_query_set_status (self->query, NULL);
  self->query->template_id = self->template_id;
  apply_query (self);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (INV_INVITATIONS_VIEW (widget)->search_entry));
}

static void
edit_message_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);
  GtkWidget *dialog;

  if (self->template_id == 0)
    return;

  dialog = inv_message_template_dialog_new (get_window (self), self->session, self->template_id);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
selection_changed_cb (InvInvitationsView *self)
{
  update_bulk_bar (self);
  update_actions (self);
}

/* ---- Object ------------------------------------------------------------------- */

/* Says once when the first rows have been painted: the benchmarks time a start by
 * this line (G_MESSAGES_DEBUG=inv-invitations-view). */
static void
first_paint_cb (GdkFrameClock      *clock,
                InvInvitationsView *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->list));

  if (n_items == 0)
    return;

  g_debug ("First rows on screen (%u invitations)", n_items);
  g_clear_signal_handler (&self->first_paint_handler, clock);
}

static void
inv_invitations_view_map (GtkWidget *widget)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (widget);
  static gboolean logged;

  GTK_WIDGET_CLASS (inv_invitations_view_parent_class)->map (widget);

  if (!logged)
    {
      logged = TRUE;
      self->first_paint_handler = g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                                                           G_CALLBACK (first_paint_cb), self, 0);
    }
}

static void
inv_invitations_view_constructed (GObject *object)
{
  InvInvitationsView *self = (InvInvitationsView *)object;
  GSettings *settings;

  G_OBJECT_CLASS (inv_invitations_view_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));

  self->database = g_object_ref (inv_session_get_database (self->session));
  self->worker = g_object_ref (inv_session_get_worker (self->session));

  /* The session's settings object, so that a change is seen everywhere at once; a
   * session made without settings (a benchmark's) leaves the view to make its own. */
  settings = inv_session_get_settings (self->session);
  self->settings = settings != NULL ? g_object_ref (settings) : g_settings_new (APP_ID);
}

static void
inv_invitations_view_dispose (GObject *object)
{
  InvInvitationsView *self = (InvInvitationsView *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->counts_cancellable);
  g_clear_handle_id (&self->reconcile_id, g_source_remove);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  g_hash_table_remove_all (self->sync_items);
  g_clear_weak_pointer (&self->last_message);
  if (self->column_view != NULL)
    {
      /* Taking the columns down changes the sorter: nothing to re-query any more. */
      g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
      gtk_column_view_set_model (self->column_view, NULL);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), INV_TYPE_INVITATIONS_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  /* The worker goes on for the session; what it ran for this view was just
   * cancelled, and what it still had queued for it is answered as cancelled. */
  g_clear_object (&self->worker);

  G_OBJECT_CLASS (inv_invitations_view_parent_class)->dispose (object);
}

static void
inv_invitations_view_finalize (GObject *object)
{
  InvInvitationsView *self = (InvInvitationsView *)object;

  g_clear_object (&self->database);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->counts_cancellable);
  g_clear_pointer (&self->query, inv_invitation_query_free);
  g_clear_pointer (&self->template_ids, g_array_unref);
  g_clear_pointer (&self->sync_items, g_hash_table_unref);

  G_OBJECT_CLASS (inv_invitations_view_parent_class)->finalize (object);
}

static void
inv_invitations_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invitations_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  InvInvitationsView *self = INV_INVITATIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invitations_view_class_init (InvInvitationsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = inv_invitations_view_constructed;
  object_class->dispose = inv_invitations_view_dispose;
  object_class->finalize = inv_invitations_view_finalize;
  object_class->get_property = inv_invitations_view_get_property;
  object_class->set_property = inv_invitations_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->map = inv_invitations_view_map;

  g_type_ensure (INV_TYPE_BULK_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-invitations-view.ui");
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, template_dropdown);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, message_button);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, stack);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, clear_filters_button);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, select_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, candidate_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, email_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, template_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, status_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, sent_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, deadline_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, sync_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, actions_column);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationsView, bulk_bar);
  gtk_widget_class_bind_template_callback (widget_class, status_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, template_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "list.delete-selected", NULL, delete_selected_action);
  gtk_widget_class_install_action (widget_class, "list.select-all-matching", NULL, select_all_matching_action);
  gtk_widget_class_install_action (widget_class, "list.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_install_action (widget_class, "list.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "list.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "list.edit-message", NULL, edit_message_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "list.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "list.select-all-matching", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "list.clear-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "list.delete-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "list.delete-selected", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
inv_invitations_view_init (InvInvitationsView *self)
{
  self->sync_items = g_hash_table_new (NULL, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->template_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cancellable = g_cancellable_new ();
  self->query = inv_invitation_query_new ();

  gtk_search_entry_set_search_delay (self->search_entry, 250);

  add_factory (self, self->select_column, CELL_SELECT);
  add_factory (self, self->candidate_column, CELL_CANDIDATE);
  add_factory (self, self->email_column, CELL_EMAIL);
  add_factory (self, self->template_column, CELL_TEMPLATE);
  add_factory (self, self->status_column, CELL_STATUS);
  add_factory (self, self->sent_column, CELL_SENT);
  add_factory (self, self->deadline_column, CELL_DEADLINE);
  add_factory (self, self->sync_column, CELL_SYNC);
  add_factory (self, self->actions_column, CELL_ACTIONS);
}

/**
 * inv_invitations_view_new:
 * @session: the session whose database the view shows
 * @template_id: the interview template to show the invitations of, or 0 for all
 *
 * The invitations list with its filters, the per-row menu, the bulk bar and the
 * cancel flows. Scoped to a template (the template's Invite tab) it hides the
 * template filter and column.
 *
 * Returns: (transfer floating): a new view
 */
GtkWidget *
inv_invitations_view_new (InvSession *session,
                          gint64      template_id /* 0 = all templates */)
{
  InvInvitationsView *self;

  g_return_val_if_fail (INV_IS_SESSION (session), NULL);

  self = g_object_new (INV_TYPE_INVITATIONS_VIEW, "session", session, NULL);
  self->template_id = template_id;
  self->query->template_id = template_id;

  gtk_widget_set_visible (GTK_WIDGET (self->template_dropdown), template_id == 0);
  gtk_column_view_column_set_visible (self->template_column, template_id == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->message_button), template_id != 0);

  setup_sorting (self);

  /* Before the first frame, the first rows only: the ids of every row, the counts and
   * the template names follow from the worker. */
  self->list = inv_invitation_list_new_first_rows (self->database, self->query, LEADING_IDS, LEADING_MAX_ROWS);
  self->selection = inv_selection_model_new (INV_ID_LIST (self->list), INV_TYPE_INVITATION_ROW);
  g_signal_connect_object (self->selection, "notify::n-selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::all-matching",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::n-items",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->session, "changed",
                           G_CALLBACK (database_changed_cb), self, G_CONNECT_SWAPPED);
  /* The Sync column says "Waiting for network" while offline. */
  g_signal_connect_object (inv_session_get_sync_engine (self->session), "notify::online",
                           G_CALLBACK (sync_column_changed_cb), self, G_CONNECT_SWAPPED);

  refill_status_filter (self, NULL);
  refill_template_filter (self, NULL);
  if (template_id == 0)
    queue_templates (self);
  if (inv_invitation_list_is_partial (self->list))
    start_load (self, FALSE);
  else
    queue_counts (self);
  update_empty_state (self);
  update_bulk_bar (self);
  update_actions (self);

  return GTK_WIDGET (self);
}

gint64
inv_invitations_view_get_template_id (InvInvitationsView *self)
{
  g_return_val_if_fail (INV_IS_INVITATIONS_VIEW (self), 0);

  return self->template_id;
}

/**
 * inv_invitations_view_get_list:
 *
 * Returns: (transfer none): the rows shown
 */
InvInvitationList *
inv_invitations_view_get_list (InvInvitationsView *self)
{
  g_return_val_if_fail (INV_IS_INVITATIONS_VIEW (self), NULL);

  return self->list;
}

/**
 * inv_invitations_view_get_selection:
 *
 * Returns: (transfer none): the selection
 */
InvSelectionModel *
inv_invitations_view_get_selection (InvInvitationsView *self)
{
  g_return_val_if_fail (INV_IS_INVITATIONS_VIEW (self), NULL);

  return self->selection;
}

/**
 * inv_invitations_view_get_column_view:
 *
 * Returns: (transfer none): the column view
 */
GtkColumnView *
inv_invitations_view_get_column_view (InvInvitationsView *self)
{
  g_return_val_if_fail (INV_IS_INVITATIONS_VIEW (self), NULL);

  return self->column_view;
}

/**
 * inv_invitations_view_get_busy:
 *
 * Returns: %TRUE while a cancel or an undo is being written
 */
gboolean
inv_invitations_view_get_busy (InvInvitationsView *self)
{
  g_return_val_if_fail (INV_IS_INVITATIONS_VIEW (self), FALSE);

  return self->busy;
}

/**
 * inv_invitations_view_get_loading:
 *
 * Returns: %TRUE while the rows of a new filter, search or sort are being read
 */
gboolean
inv_invitations_view_get_loading (InvInvitationsView *self)
{
  g_return_val_if_fail (INV_IS_INVITATIONS_VIEW (self), FALSE);

  return self->loading;
}

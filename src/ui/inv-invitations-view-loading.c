/* inv-invitations-view-loading.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invitations-view"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-database-invitations.h"
#include "inv-database-templates.h"
#include "inv-invitations-view-private.h"

static void start_load (InvInvitationsView *self,
                        gboolean            new_query);

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

  _inv_invitations_view_update_empty_state (self);
  _inv_invitations_view_update_bulk_bar (self);
  _inv_invitations_view_update_actions (self);
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
      _inv_invitations_view_show_message (self, error->message);
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

  _inv_invitations_view_update_empty_state (self);
  _inv_invitations_view_update_bulk_bar (self);
  _inv_invitations_view_update_actions (self);

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
          _inv_invitations_view_update_empty_state (self);
          _inv_invitations_view_update_bulk_bar (self);
          _inv_invitations_view_update_actions (self);
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

void
_inv_invitations_view_apply_query (InvInvitationsView *self)
{
  _inv_invitations_view_update_actions (self);

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

  _inv_invitations_view_apply_query (self);
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

  _inv_invitations_view_apply_query (self);
}

static void
search_changed_cb (InvInvitationsView *self)
{
  inv_invitation_query_set_search (self->query,
                                   gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  _inv_invitations_view_apply_query (self);
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

  _inv_invitations_view_apply_query (self);
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


/* ---- Starting ----------------------------------------------------------------- */

/* Says once when the first rows have been painted: the benchmarks time a start by
 * this line (G_MESSAGES_DEBUG=inv-invitations-view). Only then are frames watched. */
static gboolean
first_paint_logged (void)
{
  static gsize wanted;

  if (g_once_init_enter (&wanted))
    g_once_init_leave (&wanted, g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN) ? 1 : 2);

  return wanted == 2;
}

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
first_map_cb (InvInvitationsView *self)
{
  g_signal_handlers_disconnect_by_func (self, first_map_cb, NULL);
  self->first_paint_handler = g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)),
                                                       "after-paint",
                                                       G_CALLBACK (first_paint_cb), self, 0);
}

/**
 * _inv_invitations_view_open_list:
 *
 * Makes the view's list, as the saved sort says, with its first rows only: before the
 * first frame, the ids of every row, the counts and the template names follow from
 * the worker (see _inv_invitations_view_start_loading()).
 */
void
_inv_invitations_view_open_list (InvInvitationsView *self)
{
  g_assert (self->list == NULL);

  self->query->template_id = self->template_id;
  setup_sorting (self);
  self->list = inv_invitation_list_new_first_rows (self->database, self->query, LEADING_IDS, LEADING_MAX_ROWS);
}

/**
 * _inv_invitations_view_start_loading:
 *
 * Reads what the first rows left for later, and follows every change to the database
 * from now on.
 */
void
_inv_invitations_view_start_loading (InvInvitationsView *self)
{
  static gboolean first_view = TRUE;

  g_signal_connect_object (self->session, "changed",
                           G_CALLBACK (database_changed_cb), self, G_CONNECT_SWAPPED);

  /* The first view of the process is the one a start shows. */
  if (first_view && first_paint_logged ())
    g_signal_connect (self, "map", G_CALLBACK (first_map_cb), NULL);
  first_view = FALSE;

  refill_status_filter (self, NULL);
  refill_template_filter (self, NULL);
  if (self->template_id == 0)
    queue_templates (self);
  if (inv_invitation_list_is_partial (self->list))
    start_load (self, FALSE);
  else
    queue_counts (self);
}

void
_inv_invitations_view_class_loading_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, status_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, template_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
}

/* inv-activity-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Activity page: every action on any invitation, newest first — who did it, what,
 * when, with which reason, and whether it reached the service. Filtered by kind of
 * action, by candidate and by date. Pages of entries are read on the session's
 * worker as the list scrolls to its end; the session's changes re-read what is
 * loaded, so a cancel made anywhere shows here at once, and its sync outcome follows
 * the outbox.
 */

#define G_LOG_DOMAIN "inv-activity-page"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-focus.h"
#include "inv-activity-item.h"
#include "inv-activity-page.h"
#include "inv-activity-row.h"
#include "inv-change-set.h"

/* Entries read at a time: a few screens. */
#define PAGE_SIZE 100

/* Changes come in bursts (a sync's answers, a bulk cancel's batches): one re-read
 * follows the burst. */
#define REFRESH_DELAY_MS 150

/* The next page is read when the end of the list is this close. */
#define LOAD_MORE_MARGIN_PX 600

struct _InvActivityPage
{
  AdwBin             parent_instance;

  InvSession        *session;      /* owned */
  InvActivityQuery  *query;        /* owned: what the filters say now */
  GListStore        *store;        /* owned: InvActivityItem */
  GCancellable      *cancellable;  /* owned: the read on its way */
  InvActivityCursor  cursor;       /* the last entry loaded */
  guint              refresh_id;
  gboolean           loading;
  gboolean           at_end;       /* every matching entry is loaded */
  gboolean           folded;
  gboolean           stale;        /* a change came while a read was running */
  gboolean           reading_more; /* the read on its way is the next page */
  guint              read_limit;   /* … and asks for this many */

  GtkSearchEntry    *search_entry;
  GtkDropDown       *kind_dropdown;
  GtkDropDown       *date_dropdown;
  GtkStack          *stack;
  GtkScrolledWindow *scrolled_window;
  GtkListView       *list_view;
  AdwStatusPage     *empty_page;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_FOLDED,
  PROP_LOADING,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvActivityPage, inv_activity_page, ADW_TYPE_BIN)

static GParamSpec *properties[N_PROPS];

typedef struct
{
  InvActivityQuery  *query;
  InvActivityCursor  after;
  gboolean           paged;
  guint              limit;
} ReadData;

static void
read_data_free (gpointer data)
{
  ReadData *read = data;

  inv_activity_query_free (read->query);
  g_free (read);
}

static gpointer
read_job (InvDatabase   *database,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  ReadData *read = data;

  return inv_activity_list (database, read->query, read->paged ? &read->after : NULL, read->limit, error);
}

static void start_read (InvActivityPage *self,
                        gboolean         more);

static void
set_loading (InvActivityPage *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
filters_active (InvActivityPage *self)
{
  return self->query->kind != INV_ACTIVITY_KIND_ALL || self->query->search != NULL ||
         self->query->since != 0;
}

static void
update_state (InvActivityPage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  if (filters_active (self))
    {
      adw_status_page_set_title (self->empty_page, _("No Matching Activity"));
      adw_status_page_set_description (self->empty_page,
                                       _("No action matches the search and filters. Try another kind of action or a longer time."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Activity Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Invites, cancellations, candidate edits and what the invitation service reports show up here as they happen."));
    }
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
maybe_load_more (InvActivityPage *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  double distance = gtk_adjustment_get_upper (adjustment) -
                    (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment));

  if (!self->loading && !self->at_end && distance < LOAD_MORE_MARGIN_PX)
    start_read (self, TRUE);
}

static void
read_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(InvActivityPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint n_old;

  entries = inv_database_worker_run_finish (INV_DATABASE_WORKER (object), result, &error);
  /* A newer read took its place. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);

  if (entries == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("Activity Unavailable"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  items = g_ptr_array_new_full (entries->len, g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (items, inv_activity_item_new (g_steal_pointer (&g_ptr_array_index (entries, i))));

  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  if (self->reading_more)
    g_list_store_splice (self->store, n_old, 0, items->pdata, items->len);
  else
    g_list_store_splice (self->store, 0, n_old, items->pdata, items->len);

  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  if (n_old > 0)
    {
      g_autoptr(InvActivityItem) last = g_list_model_get_item (G_LIST_MODEL (self->store), n_old - 1);
      const InvActivityEntry *entry = inv_activity_item_get_entry (last);

      self->cursor.at = entry->at;
      self->cursor.id = entry->id;
    }
  self->at_end = items->len < self->read_limit;

  update_state (self);

  if (self->stale)
    start_read (self, FALSE);
  else
    maybe_load_more (self);
}

static void
start_read (InvActivityPage *self,
            gboolean         more)
{
  ReadData *read = g_new0 (ReadData, 1);
  guint n_loaded = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->stale = FALSE;

  read->query = inv_activity_query_copy (self->query);
  read->paged = more;
  read->after = self->cursor;
  /* A re-read covers what is loaded, so that nothing on screen goes away. */
  read->limit = more ? PAGE_SIZE : MAX (PAGE_SIZE, n_loaded);
  self->read_limit = read->limit;
  self->reading_more = more;

  set_loading (self, TRUE);
  inv_database_worker_run_async (inv_session_get_worker (self->session), read_job, read, read_data_free,
                                 (GDestroyNotify)g_ptr_array_unref, self->cancellable,
                                 read_done_cb, g_object_ref (self));
}

static gboolean
refresh_cb (gpointer data)
{
  InvActivityPage *self = data;

  self->refresh_id = 0;
  start_read (self, FALSE);

  return G_SOURCE_REMOVE;
}

static void
session_changed_cb (InvActivityPage *self,
                    InvChangeSet    *changes)
{
  /* New entries are history; outcomes follow the outbox; names and emails the
   * invitations. */
  if (!inv_change_set_has (changes, INV_CHANGE_HISTORY) &&
      !inv_change_set_has (changes, INV_CHANGE_OUTBOX) &&
      !inv_change_set_has (changes, INV_CHANGE_INVITATIONS))
    return;

  if (self->loading && !self->reading_more)
    {
      self->stale = TRUE;
      return;
    }

  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_cb, self);
}

static void
filters_changed_cb (InvActivityPage *self)
{
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint date = gtk_drop_down_get_selected (self->date_dropdown);
  g_autoptr(InvActivityQuery) query = inv_activity_query_copy (self->query);
  static const int days[] = { 0, 0, 7, 30 };

  query->kind = kind < INV_ACTIVITY_N_KINDS ? kind : INV_ACTIVITY_KIND_ALL;
  inv_activity_query_set_search (query, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  query->since = 0;
  if (date == 1)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                             g_date_time_get_month (now),
                                                             g_date_time_get_day_of_month (now),
                                                             0, 0, 0);

      query->since = g_date_time_to_unix (midnight);
    }
  else if (date < G_N_ELEMENTS (days) && days[date] > 0)
    query->since = g_get_real_time () / G_USEC_PER_SEC - days[date] * 24 * 3600;

  if (inv_activity_query_equal (query, self->query))
    return;

  inv_activity_query_free (self->query);
  self->query = g_steal_pointer (&query);

  /* A new filter starts from the top. */
  g_list_store_remove_all (self->store);
  self->at_end = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "loading");
  start_read (self, FALSE);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *row = inv_activity_row_new ();

  gtk_list_item_set_child (list_item, row);
  gtk_list_item_set_activatable (list_item, FALSE);
  g_object_bind_property (list_item, "item", row, "item", G_BINDING_SYNC_CREATE);
}

static void
inv_activity_page_constructed (GObject *object)
{
  InvActivityPage *self = INV_ACTIVITY_PAGE (object);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkAdjustment *adjustment;

  G_OBJECT_CLASS (inv_activity_page_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));

  for (guint i = 0; i < INV_ACTIVITY_N_KINDS; i++)
    gtk_string_list_append (kinds, inv_activity_kind_get_label (i));
  g_signal_handlers_block_by_func (self->kind_dropdown, filters_changed_cb, self);
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
  g_signal_handlers_unblock_by_func (self->kind_dropdown, filters_changed_cb, self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  {
    g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->store)));

    gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  }

  adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (maybe_load_more), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "notify::upper", G_CALLBACK (maybe_load_more), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);

  start_read (self, FALSE);
}

static void
inv_activity_page_dispose (GObject *object)
{
  InvActivityPage *self = INV_ACTIVITY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), INV_TYPE_ACTIVITY_PAGE);

  G_OBJECT_CLASS (inv_activity_page_parent_class)->dispose (object);
}

static void
inv_activity_page_finalize (GObject *object)
{
  InvActivityPage *self = INV_ACTIVITY_PAGE (object);

  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_pointer (&self->query, inv_activity_query_free);

  G_OBJECT_CLASS (inv_activity_page_parent_class)->finalize (object);
}

static void
inv_activity_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  InvActivityPage *self = INV_ACTIVITY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_activity_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  InvActivityPage *self = INV_ACTIVITY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_FOLDED:
      if (self->folded != g_value_get_boolean (value))
        {
          self->folded = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_activity_page_class_init (InvActivityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = inv_activity_page_constructed;
  object_class->dispose = inv_activity_page_dispose;
  object_class->finalize = inv_activity_page_finalize;
  object_class->get_property = inv_activity_page_get_property;
  object_class->set_property = inv_activity_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* Whether the window shows one side at a time: the page then offers the way back. */
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Whether a read of entries is on its way. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-activity-page.ui");
  gtk_widget_class_bind_template_child (widget_class, InvActivityPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, InvActivityPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, InvActivityPage, date_dropdown);
  gtk_widget_class_bind_template_child (widget_class, InvActivityPage, stack);
  gtk_widget_class_bind_template_child (widget_class, InvActivityPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, InvActivityPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, InvActivityPage, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
}

static void
inv_activity_page_init (InvActivityPage *self)
{
  self->query = inv_activity_query_new ();
  self->store = g_list_store_new (INV_TYPE_ACTIVITY_ITEM);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Tab leaves the list instead of walking every row. */
  inv_focus_tab_leaves_list (GTK_WIDGET (self->list_view));
}

/**
 * inv_activity_page_new:
 * @session: the app's session; the page reads on its worker and follows its changes
 *
 * Returns: (transfer floating): the Activity page, for the window's sidebar
 */
GtkWidget *
inv_activity_page_new (InvSession *session)
{
  g_return_val_if_fail (INV_IS_SESSION (session), NULL);

  return g_object_new (INV_TYPE_ACTIVITY_PAGE, "session", session, NULL);
}

/**
 * inv_activity_page_get_model:
 *
 * Returns: (transfer none): the entries loaded, newest first (#InvActivityItem)
 */
GListModel *
inv_activity_page_get_model (InvActivityPage *self)
{
  g_return_val_if_fail (INV_IS_ACTIVITY_PAGE (self), NULL);

  return G_LIST_MODEL (self->store);
}

gboolean
inv_activity_page_get_loading (InvActivityPage *self)
{
  g_return_val_if_fail (INV_IS_ACTIVITY_PAGE (self), FALSE);

  return self->loading;
}

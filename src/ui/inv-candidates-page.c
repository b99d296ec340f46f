/* inv-candidates-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Candidates page: a searchable list with a check button per row, selected by
 * id through an InvSelectionModel, the bulk bar ("N selected", "Select all M
 * matching", "Send invite"), adding and editing one candidate, importing a CSV file
 * (file chooser or drop), and erasing a candidate's personal data on request. The
 * list follows every change to the candidates in place, whoever makes it.
 */

#define G_LOG_DOMAIN "inv-candidates-page"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-focus.h"
#include "inv-bulk-bar.h"
#include "inv-candidate-dialog.h"
#include "inv-candidate-list.h"
#include "inv-candidate-row.h"
#include "inv-candidates-page.h"
#include "inv-bulk-job.h"
#include "inv-csv.h"
#include "inv-import-dialog.h"
#include "inv-database-candidates.h"
#include "inv-database-worker.h"
#include "inv-invite-dialog.h"
#include "inv-invite-results.h"
#include "inv-list-row.h"
#include "inv-parent-window.h"
#include "inv-selection-model.h"
#include "inv-toast.h"

struct _InvCandidatesPage
{
  GtkWidget          parent_instance;

  InvSession        *session;         /* owned */
  InvDatabase       *database;        /* owned, the session's */
  InvCandidateList  *list;            /* owned */
  InvSelectionModel *selection;       /* owned: by candidate id, over list */

  /* Following changes: one read of the search's ids on the worker at a time, and one
   * more after it when changes come in meanwhile, however many. */
  GCancellable      *ids_cancellable; /* owned */
  gboolean           ids_reading;
  gboolean           ids_queued;

  gboolean           syncing_header;  /* the header check follows the selection */

  AdwToastOverlay   *toast_overlay;
  GtkCheckButton    *select_all_check;
  GtkSearchEntry    *search_entry;
  GtkStack          *stack;
  GtkListView       *list_view;
  GtkRevealer       *bulk_revealer;
  GtkLabel          *count_label;
  GtkButton         *select_all_button;
  GtkButton         *send_button;

  GtkButton         *results_button;

  GtkFileChooserNative *chooser;      /* owned while open */
  InvInviteResults  *last_results;    /* owned: the last "Send invite", to show again */
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvCandidatesPage, inv_candidates_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
collect_shown_rows (GtkWidget *widget,
                    GtkWidget *viewport,
                    int        height,
                    GArray    *ids)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_mapped (child))
        continue;

      if (INV_IS_CANDIDATE_ROW (child))
        {
          InvCandidate *candidate = inv_candidate_row_get_candidate (INV_CANDIDATE_ROW (child));

          /* Seen whole or in part: what the person can see is what they tick. */
          if (candidate != NULL &&
              gtk_widget_compute_bounds (child, viewport, &bounds) &&
              bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < height)
            {
              gint64 id = inv_candidate_get_id (candidate);

              g_array_append_val (ids, id);
            }
          continue;
        }

      collect_shown_rows (child, viewport, height, ids);
    }
}

/* The candidates whose rows are on screen now. */
static GArray *
shown_ids (InvCandidatesPage *self)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->list_view), GTK_TYPE_SCROLLED_WINDOW);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (gtk_stack_get_visible_child (self->stack) == scrolled)
    collect_shown_rows (GTK_WIDGET (self->list_view), scrolled, gtk_widget_get_height (scrolled), ids);

  return ids;
}

static gboolean
all_shown_selected (InvCandidatesPage *self)
{
  g_autoptr(GArray) ids = shown_ids (self);

  if (ids->len == 0)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    if (!inv_selection_model_is_id_selected (self->selection, g_array_index (ids, gint64, i)))
      return FALSE;

  return TRUE;
}

guint
inv_candidates_page_get_n_selected (InvCandidatesPage *self)
{
  g_return_val_if_fail (INV_IS_CANDIDATES_PAGE (self), 0);

  return inv_selection_model_get_n_selected (self->selection);
}

static void
update_bulk_bar (InvCandidatesPage *self)
{
  guint n_selected = inv_selection_model_get_n_selected (self->selection);
  guint n_matching = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  g_autofree char *count = NULL;
  g_autofree char *select_all = NULL;

  /* The full number, with separators: the count to check before sending. */
  count = inv_bulk_bar_format_selected (n_selected);
  gtk_label_set_label (self->count_label, count);

  /* The header check ticks the rows on screen; this selects the whole search, also
   * people added to it later, and is a step of its own. */
  select_all = inv_bulk_bar_format_select_all (n_matching);
  gtk_button_set_label (self->select_all_button, select_all);
  gtk_widget_set_visible (GTK_WIDGET (self->select_all_button), n_matching > n_selected);

  gtk_revealer_set_reveal_child (self->bulk_revealer, n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "candidates.send-invite", n_selected > 0);

  self->syncing_header = TRUE;
  gtk_check_button_set_active (self->select_all_check, all_shown_selected (self));
  self->syncing_header = FALSE;
}

/**
 * inv_candidates_page_dup_selected_ids:
 *
 * Returns: (transfer full) (element-type gint64): the selected candidates, also the
 *   ones the search does not show now, in the order of their ids
 */
GArray *
inv_candidates_page_dup_selected_ids (InvCandidatesPage *self)
{
  g_autoptr(GError) error = NULL;
  GArray *ids;

  g_return_val_if_fail (INV_IS_CANDIDATES_PAGE (self), NULL);

  ids = inv_selection_model_dup_selected_ids (self->selection, &error);
  if (ids == NULL)
    {
      g_warning ("Could not read the selected candidates: %s", error->message);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  return ids;
}

static void
update_stack (InvCandidatesPage *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (search != NULL && *search != '\0')
    gtk_stack_set_visible_child_name (self->stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* Following changes --------------------------------------------------------------- */

typedef struct
{
  InvCandidatesPage *self;    /* owned */
  char              *search;  /* owned, nullable: the search the ids are read for */
} IdsRead;

static void
ids_read_free (IdsRead *read)
{
  g_clear_object (&read->self);
  g_free (read->search);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IdsRead, ids_read_free)

static gpointer
candidate_ids_job (InvDatabase   *database,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return inv_database_query_candidate_ids (database, data, error);
}

static void start_ids_read (InvCandidatesPage *self);

static void
ids_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(IdsRead) read = user_data;
  InvCandidatesPage *self = read->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = inv_database_worker_run_finish (NULL, result, &error);

  /* Cancelled: the page is going away. */
  if (ids == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->ids_reading = FALSE;

  if (ids == NULL)
    g_warning ("Could not read the candidates: %s", error->message);
  /* Another search since: it read its own ids, and these are not its rows. */
  else if (g_strcmp0 (read->search, inv_candidate_list_get_search (self->list)) == 0)
    inv_id_list_update_ids (INV_ID_LIST (self->list), ids);

  if (self->ids_queued)
    {
      self->ids_queued = FALSE;
      start_ids_read (self);
    }
}

static void
start_ids_read (InvCandidatesPage *self)
{
  IdsRead *read = g_new0 (IdsRead, 1);

  read->self = g_object_ref (self);
  read->search = g_strdup (inv_candidate_list_get_search (self->list));
  self->ids_reading = TRUE;

  inv_database_worker_run_async (inv_session_get_worker (self->session), candidate_ids_job,
                                 g_strdup (read->search), g_free,
                                 (GDestroyNotify)g_array_unref,
                                 self->ids_cancellable, ids_read_cb, read);
}

/* A read started before a commit may not see it: one more read follows the one on
 * its way, and covers every change that comes in until it starts. */
static void
queue_ids_read (InvCandidatesPage *self)
{
  if (self->ids_reading)
    self->ids_queued = TRUE;
  else
    start_ids_read (self);
}

/* Every commit is announced, whoever made it: this page's add, edit, erase and
 * import, the invite dialog, another window, another process. The rows on screen it
 * touched show the change at once; which rows match the search, and in which order,
 * follows from the ids read on the worker, applied in place so the scroll position
 * and the rows on screen stay. */
static void
session_changed_cb (InvCandidatesPage *self,
                    InvChangeSet      *changes)
{
  if (!inv_change_set_has (changes, INV_CHANGE_CANDIDATES))
    return;

  inv_id_list_refresh_changed (INV_ID_LIST (self->list), changes);
  queue_ids_read (self);
}

static void
list_items_changed_cb (InvCandidatesPage *self,
                       guint              position,
                       guint              removed,
                       guint              added)
{
  update_stack (self);
  update_bulk_bar (self);
}

static void
selection_changed_cb (InvCandidatesPage *self)
{
  update_bulk_bar (self);
}

/* Selecting ---------------------------------------------------------------------- */

static void
search_changed_cb (InvCandidatesPage *self)
{
  /* The selection is by id: what the old search selected stays selected. */
  inv_candidate_list_set_search (self->list, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_stack (self);
  update_bulk_bar (self);
}

static void
select_all_toggled_cb (InvCandidatesPage *self)
{
  g_autoptr(GArray) ids = NULL;

  if (self->syncing_header)
    return;

  /* The rows on screen, and only those, as the box says; "Select all N matching"
   * is the explicit step for the rest of the search. */
  ids = shown_ids (self);
  if (gtk_check_button_get_active (self->select_all_check))
    inv_selection_model_select_ids (self->selection, (const gint64 *)(gpointer)ids->data, ids->len);
  else
    inv_selection_model_unselect_ids (self->selection, (const gint64 *)(gpointer)ids->data, ids->len);

  /* With no rows to tick, the check goes back. */
  update_bulk_bar (self);
}

static void
scrolled_cb (InvCandidatesPage *self)
{
  self->syncing_header = TRUE;
  gtk_check_button_set_active (self->select_all_check, all_shown_selected (self));
  self->syncing_header = FALSE;
}

static void
set_selected_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  InvCandidatesPage *self = INV_CANDIDATES_PAGE (widget);
  gboolean selected;
  gint64 id;

  g_variant_get (parameter, "(xb)", &id, &selected);
  inv_selection_model_set_id_selected (self->selection, id, selected);
}

static GtkWindow *
parent_window (InvCandidatesPage *self)
{
  return inv_parent_window (GTK_WIDGET (self));
}

static void
toast (InvCandidatesPage *self,
       const char        *title)
{
  inv_toast_overlay_add (self->toast_overlay, adw_toast_new (title));
}

/* What the dialog saves comes back as a change of the candidates, like any other. */
static void
open_candidate_dialog (InvCandidatesPage *self,
                       gint64             id)
{
  InvCandidateDialog *dialog = inv_candidate_dialog_new (parent_window (self), self->session, id);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_candidate_dialog (INV_CANDIDATES_PAGE (widget), 0);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_candidate_dialog (INV_CANDIDATES_PAGE (widget), g_variant_get_int64 (parameter));
}

/* Never enabled: what a row's menu greys out points here (see inv-row-menu.c). */
static void
unavailable_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
}

/* What the "Erase Candidate?" dialog answers about; freed with the dialog. The page
 * may be gone by the time the person answers. */
typedef struct
{
  GWeakRef page;
  gint64   candidate_id;
} EraseRequest;

static void
erase_request_free (gpointer  data,
                    GClosure *closure)
{
  EraseRequest *request = data;

  g_weak_ref_clear (&request->page);
  g_free (request);
}

static void
erase_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   EraseRequest     *request)
{
  g_autoptr(InvCandidatesPage) self = g_weak_ref_get (&request->page);
  g_autoptr(GError) error = NULL;

  if (self == NULL || g_strcmp0 (response, "erase") != 0)
    return;

  if (!inv_database_erase_candidate (self->database, request->candidate_id, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not erase the candidate: %s"), error->message);
      toast (self, message);
      return;
    }

  /* The row leaves the list with the announcement of the erasure. */
  inv_selection_model_set_id_selected (self->selection, request->candidate_id, FALSE);
  toast (self, _("Candidate erased"));
}

static void
erase_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  InvCandidatesPage *self = INV_CANDIDATES_PAGE (widget);
  g_autoptr(InvCandidate) candidate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  gint64 id = g_variant_get_int64 (parameter);
  AdwMessageDialog *dialog;
  EraseRequest *request;

  candidate = inv_database_load_candidate (self->database, id, &error);
  if (candidate == NULL)
    {
      toast (self, error->message);
      return;
    }

  body = g_strdup_printf (_("The name, email address and phone number of %s are removed from this computer. "
                            "Their invitations stay, without their name, and their history keeps an anonymous entry. "
                            "Invitations not sent yet are withdrawn, and the invitation service is asked to erase "
                            "their data too.\n\nThis cannot be undone."),
                          inv_candidate_get_full_name (candidate));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), _("Erase Candidate?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "erase", _("_Erase"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "erase", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  request = g_new0 (EraseRequest, 1);
  g_weak_ref_init (&request->page, self);
  request->candidate_id = id;
  g_signal_connect_data (dialog, "response", G_CALLBACK (erase_response_cb),
                         request, erase_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
select_all_matching_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  inv_selection_model_select_all_matching (INV_CANDIDATES_PAGE (widget)->selection);
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  inv_selection_model_clear (INV_CANDIDATES_PAGE (widget)->selection);
}

static void
invite_sent_cb (InvCandidatesPage *self)
{
  inv_selection_model_clear (self->selection);
}

static void
invite_results_cb (InvCandidatesPage *self,
                   InvInviteResults  *results)
{
  g_set_object (&self->last_results, results);
  gtk_widget_set_visible (GTK_WIDGET (self->results_button), TRUE);
}

/* The results of the last "Send invite", after its dialog was closed: they go on
 * following the sync. */
static void
show_results_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  InvCandidatesPage *self = INV_CANDIDATES_PAGE (widget);
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *header;

  if (self->last_results == NULL)
    return;

  if (gtk_widget_get_parent (GTK_WIDGET (self->last_results)) != NULL)
    {
      gtk_window_present (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self->last_results))));
      return;
    }

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Invite Results"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent_window (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 640);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (GTK_WIDGET (self->last_results), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->last_results));
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

static void
send_invite_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  InvCandidatesPage *self = INV_CANDIDATES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = inv_selection_model_dup_selected_ids (self->selection, &error);
  InvInviteDialog *dialog;

  if (ids == NULL)
    {
      toast (self, error->message);
      return;
    }
  if (ids->len == 0)
    return;

  dialog = inv_invite_dialog_new (parent_window (self), self->session,
                                  (const gint64 *)(gpointer)ids->data, ids->len);
  g_signal_connect_object (dialog, "sent", G_CALLBACK (invite_sent_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "results", G_CALLBACK (invite_results_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Importing ------------------------------------------------------------------------ */

typedef struct
{
  GFile            *file;
  InvCsvCandidates *csv;
  GArray           *ids;
  GPtrArray        *row_errors;
  guint             n_added;
} ImportData;

static void
import_data_free (gpointer data)
{
  ImportData *import = data;

  g_clear_object (&import->file);
  g_clear_pointer (&import->csv, inv_csv_candidates_free);
  g_clear_pointer (&import->ids, g_array_unref);
  g_clear_pointer (&import->row_errors, g_ptr_array_unref);
  g_free (import);
}

/* Reading and storing thousands of rows happens on the session's database worker,
 * with its connection, so the window stays responsive. */
static gpointer
import_work (InvBulkJob    *job,
             InvDatabase   *database,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  ImportData *import = data;
  g_autoptr(GFileInputStream) stream = NULL;

  stream = g_file_read (import->file, cancellable, error);
  if (stream == NULL)
    return NULL;

  import->csv = inv_csv_read_candidates (G_INPUT_STREAM (stream), cancellable, error);
  if (import->csv == NULL)
    return NULL;

  import->ids = inv_database_import_candidates (database, import->csv, &import->n_added,
                                                &import->row_errors, error);
  if (import->ids == NULL)
    return NULL;

  /* What was read and stored is in @import, which the job keeps. */
  return import;
}

static void
import_send_invite_cb (InvCandidatesPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "candidates.send-invite", NULL);
}

/* Rows corrected in the import's report join the people of the file, selected. */
static void
import_again_cb (InvCandidatesPage *self,
                 const GArray      *ids)
{
  inv_selection_model_select_ids (self->selection, (const gint64 *)(gpointer)ids->data, ids->len);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(InvCandidatesPage) self = user_data;
  ImportData *import = inv_bulk_job_get_data (INV_BULK_JOB (source));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) imported = NULL;
  g_autofree char *name = g_file_get_basename (import->file);
  InvImportDialog *report;

  /* The page went away while the file was read. */
  if (self->selection == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), TRUE);

  if (inv_bulk_job_run_finish (INV_BULK_JOB (source), result, &error) == NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Could Not Import “%s”"), name);
      AdwMessageDialog *dialog;

      /* The file as a whole is unusable: nothing was added. */
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), title, error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  imported = g_array_sized_new (FALSE, FALSE, sizeof (gint64), import->ids->len);
  for (guint i = 0; i < import->ids->len; i++)
    if (g_array_index (import->ids, gint64, i) != 0)
      g_array_append_val (imported, g_array_index (import->ids, gint64, i));

  /* The people of the file are selected, ready for "Send invite". The selection is by
   * id: their rows come in with the announcement of the import, ticked. */
  inv_selection_model_clear (self->selection);
  inv_selection_model_select_ids (self->selection, (const gint64 *)(gpointer)imported->data,
                                  imported->len);

  /* The report, where refused rows are corrected and imported again. */
  report = inv_import_dialog_new (parent_window (self), self->session, name, import->csv, import->ids,
                                  import->row_errors, import->n_added);
  g_signal_connect_object (report, "imported", G_CALLBACK (import_again_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (report, "send-invite", G_CALLBACK (import_send_invite_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (report));
}

/**
 * inv_candidates_page_import_file:
 * @file: a CSV file with the columns First Name, Last Name, Email, Phone
 *
 * Imports the candidates of @file in the background, then selects them and reports
 * the rows that could not be imported, with their line numbers.
 */
void
inv_candidates_page_import_file (InvCandidatesPage *self,
                                 GFile             *file)
{
  g_autoptr(InvBulkJob) job = NULL;
  ImportData *import;

  g_return_if_fail (INV_IS_CANDIDATES_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  import = g_new0 (ImportData, 1);
  import->file = g_object_ref (file);

  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), FALSE);

  job = inv_bulk_job_new (INV_BULK_JOB_FLAGS_NONE, import_work, import, import_data_free, NULL);
  inv_bulk_job_run_async (job, inv_session_get_bulk_worker (self->session), NULL,
                          import_done_cb, g_object_ref (self));
}

static void
chooser_response_cb (InvCandidatesPage *self,
                     int                response,
                     GtkNativeDialog   *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        inv_candidates_page_import_file (self, file);
    }

  g_clear_object (&self->chooser);
  g_clear_object (&self->last_results);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  InvCandidatesPage *self = INV_CANDIDATES_PAGE (widget);
  g_autoptr(GtkFileFilter) csv_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Import Candidates"), parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (csv_filter, _("CSV files"));
  gtk_file_filter_add_mime_type (csv_filter, "text/csv");
  gtk_file_filter_add_suffix (csv_filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv_filter);
  gtk_file_filter_set_name (all_filter, _("All files"));
  gtk_file_filter_add_pattern (all_filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all_filter);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
drop_cb (InvCandidatesPage *self,
         const GValue      *value,
         double             x,
         double             y)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      if (files != NULL)
        file = files->data;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);

  if (file == NULL)
    return FALSE;

  inv_candidates_page_import_file (self, file);

  return TRUE;
}

/* Class ---------------------------------------------------------------------------- */

static void
inv_candidates_page_constructed (GObject *object)
{
  InvCandidatesPage *self = INV_CANDIDATES_PAGE (object);

  G_OBJECT_CLASS (inv_candidates_page_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));

  self->database = g_object_ref (inv_session_get_database (self->session));
  self->list = inv_candidate_list_new (self->database, NULL);
  self->selection = inv_selection_model_new (INV_ID_LIST (self->list), INV_TYPE_LIST_ROW);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  /* After the selection's own handler: its count follows the list first. */
  g_signal_connect_object (self->list, "items-changed",
                           G_CALLBACK (list_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::n-selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "changed",
                           G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);

  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->list_view), GTK_TYPE_SCROLLED_WINDOW);

    g_signal_connect_object (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                             "value-changed", G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);
  }

  update_stack (self);
  update_bulk_bar (self);
}

static void
inv_candidates_page_dispose (GObject *object)
{
  InvCandidatesPage *self = INV_CANDIDATES_PAGE (object);

  g_cancellable_cancel (self->ids_cancellable);
  g_clear_object (&self->ids_cancellable);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  {
    GtkWidget *child;

    gtk_widget_dispose_template (GTK_WIDGET (self), INV_TYPE_CANDIDATES_PAGE);
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }

  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->database);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (inv_candidates_page_parent_class)->dispose (object);
}

static void
inv_candidates_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  InvCandidatesPage *self = INV_CANDIDATES_PAGE (object);

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
inv_candidates_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  InvCandidatesPage *self = INV_CANDIDATES_PAGE (object);

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
inv_candidates_page_class_init (InvCandidatesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = inv_candidates_page_constructed;
  object_class->dispose = inv_candidates_page_dispose;
  object_class->get_property = inv_candidates_page_get_property;
  object_class->set_property = inv_candidates_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INV_TYPE_CANDIDATE_ROW);
  g_type_ensure (INV_TYPE_LIST_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-candidates-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, InvCandidatesPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, InvCandidatesPage, select_all_check);
  gtk_widget_class_bind_template_child (widget_class, InvCandidatesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, InvCandidatesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, InvCandidatesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, InvCandidatesPage, bulk_revealer);
  gtk_widget_class_bind_template_child (widget_class, InvCandidatesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, InvCandidatesPage, select_all_button);
  gtk_widget_class_bind_template_child (widget_class, InvCandidatesPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, InvCandidatesPage, results_button);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, select_all_toggled_cb);

  gtk_widget_class_install_action (widget_class, "candidates.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "candidates.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "candidates.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "candidates.erase", "x", erase_action);
  gtk_widget_class_install_action (widget_class, "candidates.set-selected", "(xb)", set_selected_action);
  gtk_widget_class_install_action (widget_class, "candidates.unavailable", "x", unavailable_action);
  gtk_widget_class_install_action (widget_class, "candidates.select-all-matching", NULL, select_all_matching_action);
  gtk_widget_class_install_action (widget_class, "candidates.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_install_action (widget_class, "candidates.send-invite", NULL, send_invite_action);
  gtk_widget_class_install_action (widget_class, "candidates.show-results", NULL, show_results_action);

  /* Ctrl+N invites, everywhere in the window. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "candidates.add", NULL);
}

static void
inv_candidates_page_init (InvCandidatesPage *self)
{
  GtkDropTarget *drop;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  self->ids_cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Tab leaves the list instead of walking every row. */
  inv_focus_tab_leaves_list (GTK_WIDGET (self->list_view));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "candidates.unavailable", FALSE);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

/**
 * inv_candidates_page_new:
 * @session: the app's session
 *
 * Returns: (transfer floating): the Candidates page
 */
GtkWidget *
inv_candidates_page_new (InvSession *session)
{
  g_return_val_if_fail (INV_IS_SESSION (session), NULL);

  return g_object_new (INV_TYPE_CANDIDATES_PAGE, "session", session, NULL);
}

/* inv-import-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-candidate-rules.h"
#include "inv-database-candidates.h"
#include "inv-import-dialog.h"
#include "inv-import-row.h"
#include "inv-toast.h"

/* Each refused row listed is a row of entries: a file refused wholesale (a wrong column
 * count on every line) lists the first ones and counts the rest. */
#define MAX_LISTED_ROWS 200

/* What an import of a candidates file did: how many were imported, the rows kept
 * with a warning, and each row that was not imported with its reason and its cells
 * in entries, to be corrected here and imported again ("Import Again") under the
 * same rules as the file (inv_csv_check_row()). */
struct _InvImportDialog
{
  AdwWindow        parent_instance;

  InvSession      *session;      /* owned */
  guint            n_imported;
  guint            n_added;
  guint            n_merged;
  guint            n_unlisted;   /* refused rows beyond MAX_LISTED_ROWS */

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkLabel        *heading_label;
  GtkLabel        *summary_label;
  AdwPreferencesGroup *rejected_group;
  GtkListBox      *rejected_list;
  AdwPreferencesGroup *warnings_group;
  GtkListBox      *warnings_list;
  GtkButton       *invite_button;
  GtkButton       *import_button;
};

enum {
  PROP_0,
  PROP_N_IMPORTED,
  PROP_N_REJECTED,
  N_PROPS
};

enum {
  IMPORTED,
  SEND_INVITE,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (InvImportDialog, inv_import_dialog, ADW_TYPE_WINDOW)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += INV_IS_IMPORT_ROW (child) || ADW_IS_ACTION_ROW (child);

  return n;
}

static void
update_summary (InvImportDialog *self)
{
  g_autofree char *heading = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  guint n_rejected = count_rows (self->rejected_list);
  guint n_warnings = count_rows (self->warnings_list);

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u Candidate Imported", "%'u Candidates Imported",
                                          self->n_imported),
                             self->n_imported);
  gtk_label_set_label (self->heading_label, heading);

  if (self->n_imported > 0)
    {
      g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%'u new", "%'u new", self->n_added),
                              self->n_added);
      g_string_append (summary, ", ");
      g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE, "%'u already known.", "%'u already known.",
                                                    self->n_imported - self->n_added),
                              self->n_imported - self->n_added);
    }
  if (self->n_merged > 0)
    {
      if (summary->len > 0)
        g_string_append_c (summary, ' ');
      g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE,
                                                    "%'u repeated row was merged into an earlier one.",
                                                    "%'u repeated rows were merged into earlier ones.",
                                                    self->n_merged),
                              self->n_merged);
    }
  if (n_rejected > 0)
    {
      if (summary->len > 0)
        g_string_append_c (summary, ' ');
      g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE,
                                                    "%'u row was not imported; it is listed below to be corrected.",
                                                    "%'u rows were not imported; they are listed below to be corrected.",
                                                    n_rejected),
                              n_rejected);
    }
  if (self->n_unlisted > 0)
    {
      g_string_append_c (summary, ' ');
      g_string_append_printf (summary, g_dngettext (GETTEXT_PACKAGE,
                                                    "%'u more row was not imported and is not listed; correct it in the file and import the file again.",
                                                    "%'u more rows were not imported and are not listed; correct them in the file and import the file again.",
                                                    self->n_unlisted),
                              self->n_unlisted);
    }
  if (summary->len == 0)
    g_string_append (summary, _("The file has no candidates: it holds only its first line, which names the columns."));
  gtk_label_set_label (self->summary_label, summary->str);

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u Row Not Imported", "%'u Rows Not Imported",
                                        n_rejected + self->n_unlisted),
                           n_rejected + self->n_unlisted);
  adw_preferences_group_set_title (self->rejected_group, title);
  gtk_widget_set_visible (GTK_WIDGET (self->rejected_group), n_rejected > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), n_rejected > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_group), n_warnings > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->invite_button), self->n_imported > 0);

  /* The next step is the suggested one: correcting what is left, else inviting. */
  if (n_rejected > 0)
    gtk_widget_remove_css_class (GTK_WIDGET (self->invite_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->invite_button), "suggested-action");
}

static void
add_warning (InvImportDialog *self,
             guint            line,
             const char      *email,
             const char      *reason)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf (_("Line %u: %s"), line, email);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reason);
  gtk_list_box_append (self->warnings_list, row);
}

static void
add_rejected (InvImportDialog *self,
              guint            line,
              const char      *first_name,
              const char      *last_name,
              const char      *email,
              const char      *phone,
              const char      *reason)
{
  GtkWidget *row;

  if (count_rows (self->rejected_list) >= MAX_LISTED_ROWS)
    {
      self->n_unlisted++;
      return;
    }

  row = inv_import_row_new (line, first_name, last_name, email, phone, reason);

  /* In file order, whichever step refused the row. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->rejected_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (INV_IS_IMPORT_ROW (child) && inv_import_row_get_line (INV_IMPORT_ROW (child)) > line)
      {
        gtk_list_box_insert (self->rejected_list, row, gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (child)));
        return;
      }

  gtk_list_box_append (self->rejected_list, row);
}

static void
close_clicked_cb (InvImportDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
invite_clicked_cb (InvImportDialog *self)
{
  g_signal_emit (self, signals[SEND_INVITE], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
import_clicked_cb (InvImportDialog *self)
{
  inv_import_dialog_import_again (self);
}

static void
inv_import_dialog_dispose (GObject *object)
{
  InvImportDialog *self = INV_IMPORT_DIALOG (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (inv_import_dialog_parent_class)->dispose (object);
}

static void
inv_import_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  InvImportDialog *self = INV_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_N_IMPORTED:
      g_value_set_uint (value, self->n_imported);
      break;

    case PROP_N_REJECTED:
      g_value_set_uint (value, inv_import_dialog_get_n_rejected (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_import_dialog_class_init (InvImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inv_import_dialog_dispose;
  object_class->get_property = inv_import_dialog_get_property;

  properties[PROP_N_IMPORTED] =
    g_param_spec_uint ("n-imported", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_REJECTED] =
    g_param_spec_uint ("n-rejected", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * InvImportDialog::imported:
   * @ids: (type GArray) (element-type gint64): the candidates just imported again
   */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  /* The person wants to invite the imported candidates. */
  signals[SEND_INVITE] = g_signal_new ("send-invite", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, InvImportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, InvImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, InvImportDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, InvImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, InvImportDialog, rejected_group);
  gtk_widget_class_bind_template_child (widget_class, InvImportDialog, rejected_list);
  gtk_widget_class_bind_template_child (widget_class, InvImportDialog, warnings_group);
  gtk_widget_class_bind_template_child (widget_class, InvImportDialog, warnings_list);
  gtk_widget_class_bind_template_child (widget_class, InvImportDialog, invite_button);
  gtk_widget_class_bind_template_child (widget_class, InvImportDialog, import_button);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, invite_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
}

static void
inv_import_dialog_init (InvImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * inv_import_dialog_new:
 * @file_name: the file's name, shown as the subtitle
 * @csv: what inv_csv_read_candidates() read
 * @ids: (element-type gint64): inv_database_import_candidates()'s answer for @csv
 * @row_errors: (element-type utf8): its reasons for the rows it refused
 * @n_added: how many of @ids are new candidates
 *
 * Returns: (transfer full): the report of the import, with its refused rows to correct
 */
InvImportDialog *
inv_import_dialog_new (GtkWindow              *parent,
                       InvSession             *session,
                       const char             *file_name,
                       const InvCsvCandidates *csv,
                       const GArray           *ids,
                       const GPtrArray        *row_errors,
                       guint                   n_added)
{
  InvImportDialog *self;

  g_return_val_if_fail (INV_IS_SESSION (session), NULL);
  g_return_val_if_fail (csv != NULL && ids != NULL && row_errors != NULL, NULL);
  g_return_val_if_fail (ids->len == csv->candidates->len, NULL);

  self = g_object_new (INV_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->session = g_object_ref (session);
  self->n_added = n_added;
  self->n_merged = csv->skipped->len;
  adw_window_title_set_subtitle (self->window_title, file_name);

  for (guint i = 0; i < csv->failed->len; i++)
    {
      const InvCsvRowProblem *problem = csv->failed->pdata[i];

      add_rejected (self, problem->line, problem->first_name, problem->last_name, problem->email,
                    problem->phone, problem->reason);
    }

  for (guint i = 0; i < ids->len; i++)
    {
      const InvCsvCandidate *row = csv->candidates->pdata[i];

      if (g_array_index (ids, gint64, i) != 0)
        {
          self->n_imported++;
          for (guint w = 0; w < csv->warnings->len; w++)
            {
              const InvCsvRowProblem *warning = csv->warnings->pdata[w];

              if (warning->line == row->line)
                add_warning (self, warning->line, row->email, warning->reason);
            }
        }
      else
        add_rejected (self, row->line, row->first_name, row->last_name, row->email, row->phone,
                      row_errors->pdata[i]);
    }

  update_summary (self);

  return self;
}

guint
inv_import_dialog_get_n_imported (InvImportDialog *self)
{
  g_return_val_if_fail (INV_IS_IMPORT_DIALOG (self), 0);

  return self->n_imported;
}

guint
inv_import_dialog_get_n_rejected (InvImportDialog *self)
{
  g_return_val_if_fail (INV_IS_IMPORT_DIALOG (self), 0);

  return count_rows (self->rejected_list);
}

static void
show_toast (InvImportDialog *self,
            const char      *text)
{
  g_autoptr(AdwToast) toast = adw_toast_new (text);

  inv_toast_overlay_add (self->toast_overlay, g_steal_pointer (&toast));
}

/**
 * inv_import_dialog_import_again:
 *
 * Checks every refused row as it is corrected now, imports those that pass (in one
 * transaction, a few rows: on the main thread) and leaves the others with their new
 * reason. Emits #InvImportDialog::imported with the ids of the imported ones.
 */
void
inv_import_dialog_import_again (InvImportDialog *self)
{
  g_autoptr(InvCsvCandidates) fixed = inv_csv_candidates_new ();
  g_autoptr(GPtrArray) fixed_rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) imported = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) row_errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n_added = 0;
  guint n_before;
  guint n_left;

  g_return_if_fail (INV_IS_IMPORT_DIALOG (self));

  n_before = count_rows (self->rejected_list);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->rejected_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      InvImportRow *row;
      InvCsvCandidate *candidate;
      g_autoptr(GError) row_error = NULL;
      char *warning = NULL;

      if (!INV_IS_IMPORT_ROW (child))
        continue;

      row = INV_IMPORT_ROW (child);
      candidate = inv_csv_check_row (inv_import_row_get_line (row),
                                     inv_import_row_get_first_name (row), inv_import_row_get_last_name (row),
                                     inv_import_row_get_email (row), inv_import_row_get_phone (row),
                                     &warning, &row_error);
      if (candidate == NULL)
        {
          inv_import_row_set_reason (row, row_error->message);
          continue;
        }

      g_ptr_array_add (fixed->candidates, candidate);
      g_ptr_array_add (fixed_rows, row);
      g_ptr_array_add (warnings, warning);
    }

  if (fixed->candidates->len > 0)
    {
      ids = inv_database_import_candidates (inv_session_get_database (self->session), fixed, &n_added,
                                            &row_errors, &error);
      if (ids == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("The rows could not be imported: %s"), error->message);

          show_toast (self, text);
          return;
        }

      for (guint i = 0; i < ids->len; i++)
        {
          InvImportRow *row = fixed_rows->pdata[i];
          const InvCsvCandidate *candidate = fixed->candidates->pdata[i];

          if (g_array_index (ids, gint64, i) == 0)
            {
              inv_import_row_set_reason (row, row_errors->pdata[i]);
              continue;
            }

          g_array_append_val (imported, g_array_index (ids, gint64, i));
          if (warnings->pdata[i] != NULL)
            add_warning (self, candidate->line, candidate->email, warnings->pdata[i]);
          gtk_list_box_remove (self->rejected_list, GTK_WIDGET (row));
        }
    }

  self->n_imported += imported->len;
  self->n_added += n_added;
  n_left = count_rows (self->rejected_list);
  update_summary (self);

  if (imported->len > 0 && n_left > 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%'u row imported; the others still need correcting",
                                            "%'u rows imported; the others still need correcting",
                                            imported->len),
                               imported->len);
  else if (imported->len > 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u row imported", "%'u rows imported",
                                            imported->len),
                               imported->len);
  else
    message = g_strdup (_("Nothing imported: correct the rows as their messages say"));
  show_toast (self, message);

  if (imported->len > 0)
    {
      g_signal_emit (self, signals[IMPORTED], 0, imported);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_IMPORTED]);
    }
  if (n_left != n_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_REJECTED]);
}

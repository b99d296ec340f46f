/* inv-invite-results.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The result of a "Send invite", per candidate, in the states that are true: queued
 * (in the outbox, waiting for the sync), sent (the service confirmed it), failed (with
 * the reason: an email the app could not queue, or one the service refused), skipped
 * (already invited) and not queued (the person stopped before their batch). The states
 * follow the sync as it goes: every change to the outbox or the invitations re-reads
 * them. Failed ones can have their email corrected and be retried, alone.
 */

#define G_LOG_DOMAIN "inv-invite-results"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "inv-change-set.h"
#include "inv-database-candidates.h"
#include "inv-invite-failure-row.h"
#include "inv-invite-results.h"
#include "inv-invite-state.h"
#include "inv-outbox.h"

/* Rows past this many are counted, not listed: thousands of rows would make the
 * results slow to open. */
#define MAX_ROWS 500

typedef enum
{
  STATE_QUEUED,
  STATE_SENT,
  STATE_FAILED,
  STATE_SKIPPED,
  STATE_DEMO,
  STATE_NOT_QUEUED,
  N_STATES
} State;

typedef struct
{
  gint64      candidate_id;
  char       *name;
  char       *email;
  gint64      invitation_id;
  gint64      outbox_id;      /* FAILED by the service: the refused row */
  State       state;
  char       *reason;         /* FAILED, SKIPPED */
  gboolean    reinvited;      /* the person's cancelled or expired invitation, again */
  AdwActionRow *row;          /* (nullable): in candidates_list */
  GtkLabel   *state_label;
  GtkWidget  *failure_row;    /* (nullable): in failures_list while failed */
} Entry;

struct _InvInviteResults
{
  GtkWidget         parent_instance;

  InvSession       *session;    /* owned */
  InvDatabase      *database;   /* owned, the session's */
  InvInviteRequest *request;    /* owned */
  gint64            batch_id;
  GPtrArray        *entries;    /* Entry, in selection order */
  char             *stop_reason; /* (nullable): why queueing stopped, when the person did not stop it */
  guint             refresh_id;
  GtkWidget        *more_row;

  GtkImage         *icon;
  GtkLabel         *title_label;
  GtkLabel         *details_label;
  GtkLabel         *failures_heading;
  GtkListBox       *failures_list;
  GtkListBox       *candidates_list;
  GtkButton        *retry_button;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvInviteResults, inv_invite_results, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->name);
  g_free (entry->email);
  g_free (entry->reason);
  g_free (entry);
}

static guint
count (InvInviteResults *self,
       State             state)
{
  guint n = 0;

  for (guint i = 0; i < self->entries->len; i++)
    if (((Entry *)self->entries->pdata[i])->state == state)
      n++;

  return n;
}

static char *
state_text (const Entry *entry)
{
  switch (entry->state)
    {
    case STATE_QUEUED:
      return g_strdup (C_("invite result", "Queued"));
    case STATE_SENT:
      return g_strdup (C_("invite result", "Sent"));
    case STATE_FAILED:
      return g_strdup (C_("invite result", "Failed"));
    case STATE_SKIPPED:
      return g_strdup (C_("invite result", "Skipped"));
    case STATE_DEMO:
      return g_strdup (C_("invite result", "Sample, not sent"));
    case STATE_NOT_QUEUED:
      return g_strdup (C_("invite result", "Not queued"));
    case N_STATES:
    default:
      g_assert_not_reached ();
    }
}

static const char *state_classes[N_STATES] = {
  [STATE_QUEUED] = "dim-label",
  [STATE_SENT] = "success",
  [STATE_FAILED] = "error",
  [STATE_SKIPPED] = "warning",
  [STATE_DEMO] = "dim-label",
  [STATE_NOT_QUEUED] = "warning",
};

static void
show_entry (InvInviteResults *self,
            Entry            *entry)
{
  g_autofree char *text = NULL;
  g_autofree char *subtitle = NULL;

  if (entry->row == NULL)
    return;

  text = state_text (entry);
  gtk_label_set_label (entry->state_label, text);
  for (guint i = 0; i < N_STATES; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (entry->state_label), state_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (entry->state_label), state_classes[entry->state]);

  if (entry->reason != NULL && (entry->state == STATE_FAILED || entry->state == STATE_SKIPPED))
    subtitle = g_strdup_printf ("%s — %s", entry->email, entry->reason);
  else if (entry->reinvited)
    /* TRANSLATORS: an email, then what happened to the candidate's earlier invitation */
    subtitle = g_strdup_printf ("%s — %s", entry->email,
                                _("Re-invited: their cancelled or expired invitation for this template is pending again"));
  else
    subtitle = g_strdup (entry->email);
  adw_action_row_set_subtitle (entry->row, subtitle);
}

static void
add_row (InvInviteResults *self,
         Entry            *entry)
{
  GtkWidget *row;
  GtkWidget *label;
  guint n_rows = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->candidates_list));
       child != NULL && n_rows <= MAX_ROWS;
       child = gtk_widget_get_next_sibling (child))
    n_rows++;

  if (n_rows >= MAX_ROWS)
    return;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->name);
  label = gtk_label_new (NULL);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (self->candidates_list, row);
  entry->row = ADW_ACTION_ROW (row);
  entry->state_label = GTK_LABEL (label);
  show_entry (self, entry);
}

static void
set_failed (InvInviteResults *self,
            Entry            *entry,
            gboolean          failed)
{
  if (failed && entry->failure_row == NULL)
    {
      entry->failure_row = inv_invite_failure_row_new (entry->candidate_id, entry->outbox_id,
                                                       entry->name, entry->email,
                                                       entry->reason != NULL ? entry->reason : "");
      gtk_list_box_append (self->failures_list, entry->failure_row);
    }
  else if (!failed && entry->failure_row != NULL)
    {
      gtk_list_box_remove (self->failures_list, entry->failure_row);
      entry->failure_row = NULL;
    }
}

static void
append_part (GString    *title,
             const char *part)
{
  if (title->len > 0)
    /* TRANSLATORS: between the counts of the results, as in "4 queued, 1 failed" */
    g_string_append (title, C_("invite result", ", "));
  g_string_append (title, part);
}

static void
update_summary (InvInviteResults *self)
{
  guint n[N_STATES];
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GString) details = g_string_new (NULL);
  guint listed = 0;

  for (guint i = 0; i < N_STATES; i++)
    n[i] = count (self, i);

#define PART(state, singular, plural)                                                   \
  if (n[state] > 0)                                                                     \
    {                                                                                   \
      g_autofree char *part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, singular,  \
                                                            plural, n[state]),          \
                                               n[state]);                               \
      append_part (title, part);                                                        \
    }
  /* TRANSLATORS: waiting in this computer's outbox for the sync */
  PART (STATE_QUEUED, "%'u queued", "%'u queued")
  /* TRANSLATORS: the invitation service confirmed them */
  PART (STATE_SENT, "%'u sent", "%'u sent")
  PART (STATE_FAILED, "%'u failed", "%'u failed")
  PART (STATE_SKIPPED, "%'u skipped", "%'u skipped")
  PART (STATE_DEMO, "%'u demo invitation", "%'u demo invitations")
  PART (STATE_NOT_QUEUED, "%'u not queued", "%'u not queued")
#undef PART
  if (title->len == 0)
    g_string_append (title, _("Nobody was invited"));
  gtk_label_set_label (self->title_label, title->str);

  if (n[STATE_FAILED] > 0)
    gtk_image_set_from_icon_name (self->icon, "dialog-warning-symbolic");
  else if (n[STATE_QUEUED] == 0 && n[STATE_SENT] > 0)
    gtk_image_set_from_icon_name (self->icon, "emblem-ok-symbolic");
  else
    gtk_image_set_from_icon_name (self->icon, "mail-send-symbolic");

  if (n[STATE_QUEUED] > 0)
    g_string_append (details, _("Queued invitations wait on this computer until the app syncs with the invitation service; they show as sent once the service confirms them."));
  else if (n[STATE_SENT] > 0)
    g_string_append (details, _("The invitation service confirmed the sent ones: each candidate gets their own email with a unique, single-use link."));
  if (n[STATE_DEMO] > 0)
    {
      if (details->len > 0)
        g_string_append_c (details, '\n');
      g_string_append (details, _("Sample invitations stay on this computer and are never sent."));
    }
  if (n[STATE_SKIPPED] > 0)
    {
      if (details->len > 0)
        g_string_append_c (details, '\n');
      g_string_append_printf (details, g_dngettext (GETTEXT_PACKAGE,
                                                    "%'u skipped: already invited to this template.",
                                                    "%'u skipped: already invited to this template.",
                                                    n[STATE_SKIPPED]),
                              n[STATE_SKIPPED]);
    }
  if (n[STATE_NOT_QUEUED] > 0)
    {
      if (details->len > 0)
        g_string_append_c (details, '\n');
      if (self->stop_reason != NULL)
        g_string_append_printf (details, g_dngettext (GETTEXT_PACKAGE,
                                                      "%'u not queued: queueing stopped when a batch could not be written (%s). Once that is fixed, invite them again: the ones already invited are skipped.",
                                                      "%'u not queued: queueing stopped when a batch could not be written (%s). Once that is fixed, invite them again: the ones already invited are skipped.",
                                                      n[STATE_NOT_QUEUED]),
                                n[STATE_NOT_QUEUED], self->stop_reason);
      else
        g_string_append_printf (details, g_dngettext (GETTEXT_PACKAGE,
                                                      "%'u not queued: you stopped before their batch.",
                                                      "%'u not queued: you stopped before their batch.",
                                                      n[STATE_NOT_QUEUED]),
                                n[STATE_NOT_QUEUED]);
    }

  gtk_label_set_label (self->details_label, details->str);
  /* A batch that could not be written fails for a reason no email correction fixes. */
  gtk_label_set_label (self->failures_heading,
                       self->stop_reason != NULL ? _("Failed: Retry Once the Problem Is Fixed")
                                                 : _("Failed: Correct the Email, Then Retry"));
  gtk_widget_set_visible (GTK_WIDGET (self->failures_heading), n[STATE_FAILED] > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->failures_list), n[STATE_FAILED] > 0);
  /* Retrying is offered only when something failed. */
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), n[STATE_FAILED] > 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->candidates_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != self->more_row)
      listed++;
  if (self->entries->len > listed)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "…and %'u more, counted above",
                                                            "…and %'u more, counted above",
                                                            self->entries->len - listed),
                                               self->entries->len - listed);

      if (self->more_row == NULL)
        {
          self->more_row = adw_action_row_new ();
          gtk_list_box_append (self->candidates_list, self->more_row);
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->more_row), more);
    }
}

/* Re-reads where each queued invitation stands: the sync confirms or refuses them. */
static void
refresh_states (InvInviteResults *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) tracked = g_ptr_array_new ();
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = self->entries->pdata[i];

      if (entry->invitation_id != 0 && entry->state != STATE_DEMO)
        {
          g_array_append_val (ids, entry->invitation_id);
          g_ptr_array_add (tracked, entry);
        }
    }

  if (ids->len == 0)
    return;

  states = inv_invite_read_states (self->database, (const gint64 *)(gpointer)ids->data, ids->len, &error);
  if (states == NULL)
    {
      g_warning ("Could not read the state of the invitations: %s", error->message);
      return;
    }

  for (guint i = 0; i < states->len; i++)
    {
      InvInviteStateEntry *state = states->pdata[i];
      Entry *entry = tracked->pdata[i];
      State was = entry->state;

      switch (state->state)
        {
        case INV_INVITE_STATE_QUEUED:
          entry->state = STATE_QUEUED;
          break;
        case INV_INVITE_STATE_SENT:
          entry->state = STATE_SENT;
          break;
        case INV_INVITE_STATE_LOCAL:
          entry->state = STATE_DEMO;
          break;
        case INV_INVITE_STATE_FAILED:
          entry->state = STATE_FAILED;
          entry->outbox_id = state->outbox_id;
          g_free (entry->reason);
          entry->reason = g_strdup (state->reason != NULL ? state->reason
                                                          : _("The invitation service refused it"));
          break;
        case INV_INVITE_STATE_GONE:
        default:
          entry->state = STATE_FAILED;
          g_free (entry->reason);
          entry->reason = g_strdup (_("The invitation was deleted"));
          break;
        }

      if (was != entry->state || entry->state == STATE_FAILED)
        {
          if (entry->failure_row != NULL && entry->state == STATE_FAILED)
            inv_invite_failure_row_set_reason (INV_INVITE_FAILURE_ROW (entry->failure_row), entry->reason);
          set_failed (self, entry, entry->state == STATE_FAILED);
          show_entry (self, entry);
        }
    }

  update_summary (self);
}

static gboolean
refresh_cb (gpointer user_data)
{
  InvInviteResults *self = user_data;

  self->refresh_id = 0;
  refresh_states (self);

  return G_SOURCE_REMOVE;
}

static void
session_changed_cb (InvInviteResults *self,
                    InvChangeSet     *changes)
{
  /* A sync's burst of commits is one read. */
  if (inv_change_set_has (changes, INV_CHANGE_OUTBOX | INV_CHANGE_INVITATIONS) && self->refresh_id == 0)
    self->refresh_id = g_timeout_add (100, refresh_cb, self);
}

static Entry *
find_failure (InvInviteResults *self,
              GtkWidget        *failure_row)
{
  for (guint i = 0; i < self->entries->len; i++)
    if (((Entry *)self->entries->pdata[i])->failure_row == failure_row)
      return self->entries->pdata[i];

  return NULL;
}

/**
 * inv_invite_results_set_outcomes:
 * @outcomes: (element-type InvInviteOutcome): what inv_invite_queue() returned
 * @not_queued: (array length=n_not_queued) (nullable): the candidates never reached
 * @n_not_queued: their number
 * @stop_reason: (nullable): why queueing stopped before them when a batch could not
 *   be written (a full disk, a read-only database); %NULL when the person stopped it
 */
void
inv_invite_results_set_outcomes (InvInviteResults *self,
                                 GPtrArray        *outcomes,
                                 const gint64     *not_queued,
                                 guint             n_not_queued,
                                 const char       *stop_reason)
{
  g_return_if_fail (INV_IS_INVITE_RESULTS (self));

  g_free (self->stop_reason);
  self->stop_reason = g_strdup (stop_reason);

  for (guint i = 0; i < outcomes->len; i++)
    {
      InvInviteOutcome *outcome = outcomes->pdata[i];
      Entry *entry = g_new0 (Entry, 1);

      entry->candidate_id = outcome->candidate_id;
      entry->name = g_strdup (outcome->name);
      entry->email = g_strdup (outcome->email);
      entry->invitation_id = outcome->invitation_id;
      entry->reinvited = outcome->reinvited;
      if (outcome->invitation_id != 0)
        entry->state = outcome->outbox_id == 0 ? STATE_DEMO : STATE_QUEUED;
      else if (outcome->skipped)
        {
          entry->state = STATE_SKIPPED;
          entry->reason = g_strdup (outcome->error != NULL ? outcome->error : _("Already invited to this template"));
        }
      else
        {
          entry->state = STATE_FAILED;
          entry->reason = g_strdup (outcome->error != NULL ? outcome->error : _("Could not be queued"));
        }
      g_ptr_array_add (self->entries, entry);
    }

  for (guint i = 0; i < n_not_queued; i++)
    {
      g_autoptr(InvCandidate) candidate = inv_database_load_candidate (self->database, not_queued[i], NULL);
      Entry *entry = g_new0 (Entry, 1);

      entry->candidate_id = not_queued[i];
      entry->state = STATE_NOT_QUEUED;
      if (candidate != NULL)
        {
          entry->name = g_strstrip (g_strjoin (" ", inv_candidate_get_first_name (candidate),
                                               inv_candidate_get_last_name (candidate), NULL));
          entry->email = g_strdup (inv_candidate_get_email (candidate));
        }
      else
        {
          entry->name = g_strdup (_("Unknown candidate"));
          entry->email = g_strdup ("");
        }
      g_ptr_array_add (self->entries, entry);
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = self->entries->pdata[i];

      add_row (self, entry);
      if (entry->state == STATE_FAILED)
        set_failed (self, entry, TRUE);
    }

  /* The sync may have confirmed some already. */
  refresh_states (self);
  update_summary (self);
}

/* Applies a corrected email to the candidate (and so to their unsent invitations). */
static gboolean
apply_email (InvInviteResults    *self,
             InvInviteFailureRow *row,
             const char          *email,
             GError             **error)
{
  g_autoptr(InvCandidate) candidate = NULL;
  gint64 candidate_id = inv_invite_failure_row_get_candidate_id (row);

  if (g_strcmp0 (email, inv_invite_failure_row_get_email (row)) == 0)
    return TRUE;

  candidate = inv_database_load_candidate (self->database, candidate_id, error);
  if (candidate == NULL)
    return FALSE;

  return inv_database_update_candidate (self->database, candidate_id,
                                        inv_candidate_get_first_name (candidate),
                                        inv_candidate_get_last_name (candidate),
                                        email,
                                        inv_candidate_get_phone (candidate),
                                        error);
}

/* A signal rather than a widget action: the results move to another window when they
 * are shown again, and the button keeps working there. */
static void
retry_clicked_cb (InvInviteResults *self)
{
  g_autoptr(GArray) requeue = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) requeue_entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->failures_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    g_ptr_array_add (rows, row);

  for (guint i = 0; i < rows->len; i++)
    {
      InvInviteFailureRow *failure = rows->pdata[i];
      Entry *entry = find_failure (self, rows->pdata[i]);
      g_autofree char *email = g_strdup (inv_invite_failure_row_get_entered_email (failure));
      g_autoptr(GError) error = NULL;

      if (entry == NULL || entry->candidate_id == 0)
        continue;

      if (!apply_email (self, failure, email, &error))
        {
          inv_invite_failure_row_set_reason (failure, error->message);
          continue;
        }

      inv_invite_failure_row_set_email (failure, email);
      g_free (entry->email);
      entry->email = g_strdup (email);

      if (entry->outbox_id != 0 && entry->invitation_id != 0)
        {
          /* The service refused it: the same outbox row goes out again. */
          if (!inv_outbox_retry (self->database, entry->outbox_id, &error))
            {
              inv_invite_failure_row_set_reason (failure, error->message);
              continue;
            }
          entry->state = STATE_QUEUED;
          entry->outbox_id = 0;
          g_clear_pointer (&entry->reason, g_free);
          set_failed (self, entry, FALSE);
          show_entry (self, entry);
        }
      else
        {
          g_array_append_val (requeue, entry->candidate_id);
          g_ptr_array_add (requeue_entries, entry);
        }
    }

  if (requeue->len > 0 && self->request != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) outcomes = NULL;
      gint64 batch_id = self->batch_id;

      outcomes = inv_invite_queue (self->database, self->request,
                                   (const gint64 *)(gpointer)requeue->data, requeue->len,
                                   NULL, NULL, NULL, batch_id > 0 ? &batch_id : NULL, &error);
      for (guint i = 0; i < requeue_entries->len; i++)
        {
          Entry *entry = requeue_entries->pdata[i];
          InvInviteOutcome *outcome = outcomes != NULL && i < outcomes->len ? outcomes->pdata[i] : NULL;

          g_clear_pointer (&entry->reason, g_free);
          if (outcome == NULL)
            entry->reason = g_strdup (error != NULL ? error->message : _("Could not be queued"));
          else if (outcome->invitation_id != 0)
            {
              entry->invitation_id = outcome->invitation_id;
              entry->reinvited = outcome->reinvited;
              entry->state = outcome->outbox_id == 0 ? STATE_DEMO : STATE_QUEUED;
            }
          else if (outcome->skipped)
            {
              entry->state = STATE_SKIPPED;
              entry->reason = g_strdup (outcome->error != NULL ? outcome->error : _("Already invited to this template"));
            }
          else
            entry->reason = g_strdup (outcome->error != NULL ? outcome->error : _("Could not be queued"));

          if (entry->state == STATE_FAILED)
            inv_invite_failure_row_set_reason (INV_INVITE_FAILURE_ROW (entry->failure_row), entry->reason);
          set_failed (self, entry, entry->state == STATE_FAILED);
          show_entry (self, entry);
        }
    }

  update_summary (self);
}

/**
 * inv_invite_results_get_n_queued:
 *
 * Returns: how many invitations the send made (queued, sent since or refused by the
 *   service), demo ones included
 */
guint
inv_invite_results_get_n_queued (InvInviteResults *self)
{
  guint n = 0;

  g_return_val_if_fail (INV_IS_INVITE_RESULTS (self), 0);

  for (guint i = 0; i < self->entries->len; i++)
    if (((Entry *)self->entries->pdata[i])->invitation_id != 0)
      n++;

  return n;
}

/**
 * inv_invite_results_get_n_failed:
 *
 * Returns: how many failed, by the app or by the service
 */
guint
inv_invite_results_get_n_failed (InvInviteResults *self)
{
  g_return_val_if_fail (INV_IS_INVITE_RESULTS (self), 0);

  return count (self, STATE_FAILED);
}

static void
inv_invite_results_constructed (GObject *object)
{
  InvInviteResults *self = INV_INVITE_RESULTS (object);

  G_OBJECT_CLASS (inv_invite_results_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));

  self->database = g_object_ref (inv_session_get_database (self->session));
  g_signal_connect_object (self->session, "changed", G_CALLBACK (session_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
inv_invite_results_dispose (GObject *object)
{
  InvInviteResults *self = INV_INVITE_RESULTS (object);

  {
    GtkWidget *child;

    gtk_widget_dispose_template (GTK_WIDGET (self), INV_TYPE_INVITE_RESULTS);
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_pointer (&self->request, inv_invite_request_free);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->stop_reason, g_free);
  g_clear_object (&self->database);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (inv_invite_results_parent_class)->dispose (object);
}

static void
inv_invite_results_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  InvInviteResults *self = INV_INVITE_RESULTS (object);

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
inv_invite_results_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  InvInviteResults *self = INV_INVITE_RESULTS (object);

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
inv_invite_results_class_init (InvInviteResultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = inv_invite_results_constructed;
  object_class->dispose = inv_invite_results_dispose;
  object_class->get_property = inv_invite_results_get_property;
  object_class->set_property = inv_invite_results_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         INV_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-invite-results.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, InvInviteResults, icon);
  gtk_widget_class_bind_template_child (widget_class, InvInviteResults, title_label);
  gtk_widget_class_bind_template_child (widget_class, InvInviteResults, details_label);
  gtk_widget_class_bind_template_child (widget_class, InvInviteResults, failures_heading);
  gtk_widget_class_bind_template_child (widget_class, InvInviteResults, failures_list);
  gtk_widget_class_bind_template_child (widget_class, InvInviteResults, candidates_list);
  gtk_widget_class_bind_template_child (widget_class, InvInviteResults, retry_button);

  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
}

static void
inv_invite_results_init (InvInviteResults *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * inv_invite_results_new:
 * @request: (nullable): what was sent, to send the failed ones again alike
 * @batch_id: the batch the invitations were filed under, or 0
 *
 * Returns: (transfer floating): the result view
 */
InvInviteResults *
inv_invite_results_new (InvSession             *session,
                        const InvInviteRequest *request,
                        gint64                  batch_id)
{
  InvInviteResults *self;

  g_return_val_if_fail (INV_IS_SESSION (session), NULL);

  self = g_object_new (INV_TYPE_INVITE_RESULTS, "session", session, NULL);
  self->request = request != NULL ? inv_invite_request_copy (request) : NULL;
  self->batch_id = batch_id;

  update_summary (self);

  return self;
}

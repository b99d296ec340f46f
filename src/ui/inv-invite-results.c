/* inv-invite-results.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The result of a "Send invite", per candidate: "94 sent, 6 failed", each failure with
 * its reason and its email editable in place, and "Retry failed", which sends again
 * only those. A failure is either a candidate the app could not queue (an invalid
 * email) or, later, one the service refused (its outbox row failed with the service's
 * message).
 */

#define G_LOG_DOMAIN "inv-invite-results"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-database-candidates.h"
#include "inv-invite-failure-row.h"
#include "inv-invite-results.h"
#include "inv-outbox.h"

struct _InvInviteResults
{
  GtkWidget         parent_instance;

  InvSession       *session;    /* owned */
  InvDatabase      *database;   /* owned, the session's */
  InvInviteRequest *request;    /* owned */
  gint64            batch_id;
  guint             n_sent;
  guint             n_skipped;
  guint             n_not_sent;
  guint             n_demo;     /* sent to a demo template: never leave this computer */

  GtkImage         *icon;
  GtkLabel         *title_label;
  GtkLabel         *details_label;
  GtkScrolledWindow *failures_scroller;
  GtkListBox       *failures_list;
  GtkButton        *retry_button;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvInviteResults, inv_invite_results, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static guint
count_failures (InvInviteResults *self)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->failures_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n++;

  return n;
}

static void
update_summary (InvInviteResults *self)
{
  guint n_failed = count_failures (self);
  g_autofree char *sent = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GString) details = g_string_new (NULL);

  sent = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u sent", "%'u sent", self->n_sent), self->n_sent);
  failed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u failed", "%'u failed", n_failed), n_failed);
  /* TRANSLATORS: "94 sent, 6 failed" */
  title = g_strdup_printf (_("%s, %s"), sent, failed);
  gtk_label_set_label (self->title_label, title);

  gtk_image_set_from_icon_name (self->icon, n_failed > 0 ? "dialog-warning-symbolic" : "emblem-ok-symbolic");

  if (self->n_demo > 0 && self->n_demo == self->n_sent)
    g_string_append (details, _("Demo invitations: they stay on this computer and are never sent."));
  else if (self->n_sent > 0)
    g_string_append (details, _("Queued for the invitation service: each candidate gets their own email with a unique link once the app syncs."));
  if (self->n_skipped > 0)
    {
      if (details->len > 0)
        g_string_append_c (details, '\n');
      g_string_append_printf (details, g_dngettext (GETTEXT_PACKAGE,
                                                    "%'u skipped: already invited to this template.",
                                                    "%'u skipped: already invited to this template.",
                                                    self->n_skipped),
                              self->n_skipped);
    }
  if (self->n_not_sent > 0)
    {
      if (details->len > 0)
        g_string_append_c (details, '\n');
      g_string_append_printf (details, g_dngettext (GETTEXT_PACKAGE,
                                                    "%'u not sent: you stopped before their batch.",
                                                    "%'u not sent: you stopped before their batch.",
                                                    self->n_not_sent),
                              self->n_not_sent);
    }
  if (n_failed > 0)
    {
      if (details->len > 0)
        g_string_append_c (details, '\n');
      g_string_append (details, _("Fix an email below, then retry only the failed ones."));
    }

  gtk_label_set_label (self->details_label, details->str);
  gtk_widget_set_visible (GTK_WIDGET (self->failures_scroller), n_failed > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.retry", n_failed > 0);
}

static gboolean
has_outbox_row (InvInviteResults *self,
                gint64            outbox_id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->failures_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (inv_invite_failure_row_get_outbox_id (INV_INVITE_FAILURE_ROW (row)) == outbox_id)
        return TRUE;
    }

  return FALSE;
}

static void
add_failure (InvInviteResults *self,
             gint64            candidate_id,
             gint64            outbox_id,
             const char       *name,
             const char       *email,
             const char       *reason)
{
  GtkWidget *row = inv_invite_failure_row_new (candidate_id, outbox_id, name, email, reason);

  gtk_list_box_append (self->failures_list, row);
}

/**
 * inv_invite_results_set_outcomes:
 * @outcomes: (element-type InvInviteOutcome): what inv_invite_queue() returned
 * @n_not_sent: candidates left out because the person stopped between batches
 */
void
inv_invite_results_set_outcomes (InvInviteResults *self,
                                 GPtrArray        *outcomes,
                                 guint             n_not_sent)
{
  g_return_if_fail (INV_IS_INVITE_RESULTS (self));

  self->n_not_sent = n_not_sent;

  for (guint i = 0; i < outcomes->len; i++)
    {
      InvInviteOutcome *outcome = outcomes->pdata[i];

      if (outcome->invitation_id != 0)
        {
          self->n_sent++;
          if (outcome->outbox_id == 0)
            self->n_demo++;
        }
      else if (outcome->skipped)
        self->n_skipped++;
      else
        add_failure (self, outcome->candidate_id, 0, outcome->name, outcome->email,
                     outcome->error != NULL ? outcome->error : _("Could not be queued"));
    }

  update_summary (self);
}

/**
 * inv_invite_results_check_service:
 *
 * Adds the invitations of the batch that the service refused since they were queued
 * (their outbox rows failed, with the service's message). They count as failed.
 */
void
inv_invite_results_check_service (InvInviteResults *self)
{
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (INV_IS_INVITE_RESULTS (self));

  if (self->batch_id <= 0)
    return;

  refused = inv_invite_list_failed (self->database, self->batch_id, &error);
  if (refused == NULL)
    {
      g_warning ("Could not read the refused invitations: %s", error->message);
      return;
    }

  for (guint i = 0; i < refused->len; i++)
    {
      InvInviteOutcome *outcome = refused->pdata[i];

      if (has_outbox_row (self, outcome->outbox_id))
        continue;

      if (self->n_sent > 0)
        self->n_sent--;
      add_failure (self, outcome->candidate_id, outcome->outbox_id, outcome->name, outcome->email,
                   outcome->error);
    }

  update_summary (self);
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  inv_invite_results_check_service (INV_INVITE_RESULTS (widget));
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

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  InvInviteResults *self = INV_INVITE_RESULTS (widget);
  g_autoptr(GArray) requeue = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) requeue_rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) done_rows = g_ptr_array_new ();
  GtkWidget *row;

  for (row = gtk_widget_get_first_child (GTK_WIDGET (self->failures_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      InvInviteFailureRow *failure = INV_INVITE_FAILURE_ROW (row);
      g_autofree char *email = g_strdup (inv_invite_failure_row_get_entered_email (failure));
      gint64 candidate_id = inv_invite_failure_row_get_candidate_id (failure);
      gint64 outbox_id = inv_invite_failure_row_get_outbox_id (failure);
      g_autoptr(GError) error = NULL;

      if (candidate_id == 0)
        continue;

      if (!apply_email (self, failure, email, &error))
        {
          inv_invite_failure_row_set_reason (failure, error->message);
          continue;
        }

      inv_invite_failure_row_set_email (failure, email);

      if (outbox_id != 0)
        {
          /* The service refused it: the same outbox row goes out again. */
          if (!inv_outbox_retry (self->database, outbox_id, &error))
            {
              inv_invite_failure_row_set_reason (failure, error->message);
              continue;
            }
          g_ptr_array_add (done_rows, row);
          self->n_sent++;
        }
      else
        {
          g_array_append_val (requeue, candidate_id);
          g_ptr_array_add (requeue_rows, row);
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
      if (outcomes == NULL)
        {
          for (guint i = 0; i < requeue_rows->len; i++)
            inv_invite_failure_row_set_reason (requeue_rows->pdata[i], error->message);
        }
      else
        {
          for (guint i = 0; i < outcomes->len && i < requeue_rows->len; i++)
            {
              InvInviteOutcome *outcome = outcomes->pdata[i];

              if (outcome->invitation_id != 0)
                {
                  g_ptr_array_add (done_rows, requeue_rows->pdata[i]);
                  self->n_sent++;
                }
              else if (outcome->skipped)
                {
                  g_ptr_array_add (done_rows, requeue_rows->pdata[i]);
                  self->n_skipped++;
                }
              else
                inv_invite_failure_row_set_reason (requeue_rows->pdata[i],
                                                   outcome->error != NULL ? outcome->error : _("Could not be queued"));
            }
        }
    }

  for (guint i = 0; i < done_rows->len; i++)
    gtk_list_box_remove (self->failures_list, done_rows->pdata[i]);

  update_summary (self);
}

guint
inv_invite_results_get_n_sent (InvInviteResults *self)
{
  g_return_val_if_fail (INV_IS_INVITE_RESULTS (self), 0);

  return self->n_sent;
}

static void
inv_invite_results_constructed (GObject *object)
{
  InvInviteResults *self = INV_INVITE_RESULTS (object);

  G_OBJECT_CLASS (inv_invite_results_parent_class)->constructed (object);

  g_assert (INV_IS_SESSION (self->session));

  self->database = g_object_ref (inv_session_get_database (self->session));
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
  g_clear_pointer (&self->request, inv_invite_request_free);
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
  gtk_widget_class_bind_template_child (widget_class, InvInviteResults, failures_scroller);
  gtk_widget_class_bind_template_child (widget_class, InvInviteResults, failures_list);
  gtk_widget_class_bind_template_child (widget_class, InvInviteResults, retry_button);

  gtk_widget_class_install_action (widget_class, "results.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "results.check", NULL, check_action);
}

static void
inv_invite_results_init (InvInviteResults *self)
{
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

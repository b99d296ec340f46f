/* inv-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-history"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "inv-cancel.h"
#include "inv-history.h"
#include "inv-status.h"

/* The events the app writes (inv_database_append_history() and the bulk INSERTs of
 * the cancel, the candidate edit and the demo data), with what a person reads. An
 * event missing here is shown by its machine name, so nothing recorded is hidden. */
static const struct {
  const char *event;
  const char *label;
} event_labels[] = {
  { "invited", N_("Invited") },
  { "sent", N_("Sent to the invitation service") },
  { "imported", N_("Imported from the invitation service") },
  { "cancelled", N_("Cancelled") },
  { "cancel-sent", N_("Cancellation confirmed by the service") },
  { "undone", N_("Undone") },
  { "cancel-undone", N_("Cancellation undone") },
  { "status-changed", N_("Status changed") },
  { "candidate-edited", N_("Candidate details edited") },
  { "reinvited", N_("Re-invited") },
  { "reattempt", N_("Created as a new attempt") },
  { "reattempted", N_("New attempt given") },
  { "reactivated-elsewhere", N_("Continued in another invitation") },
  { "merged", N_("Joined with another record of the same invitation") },
  { "synced", N_("Synced") },
  { "sync-failed", N_("Sync failed") },
  { "sync-retried", N_("Sync retried") },
  { "sync-discarded", N_("Failed change discarded") },
  { "conflict", N_("Sync conflict") },
  { "conflict-dismissed", N_("Conflict dismissed") },
  { "withdrawn", N_("Withdrawn before it was sent") },
  { "candidate-erased", N_("Candidate’s personal data erased") },
  { "erased", N_("Personal data erased") },
};

/* The outbox kinds that "undone", "sync-failed" and "sync-retried" name. */
static const struct {
  const char *kind;
  const char *label;
} kind_labels[] = {
  { "create", N_("Invitation") },
  { "cancel", N_("Cancellation") },
  { "reinvite", N_("Re-invite") },
  { "reattempt", N_("Reattempt") },
  { "erase", N_("Erasure request") },
};

/* The fields "candidate-edited" names (never their values). */
static const struct {
  const char *field;
  const char *label;
} field_labels[] = {
  { "first_name", N_("first name") },
  { "last_name", N_("last name") },
  { "phone", N_("phone") },
};

G_DEFINE_BOXED_TYPE (InvHistoryEntry, inv_history_entry, inv_history_entry_copy, inv_history_entry_free)

InvHistoryEntry *
inv_history_entry_copy (const InvHistoryEntry *entry)
{
  InvHistoryEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_new0 (InvHistoryEntry, 1);
  copy->id = entry->id;
  copy->at = entry->at;
  copy->event = g_strdup (entry->event);
  copy->detail = g_strdup (entry->detail);

  return copy;
}

void
inv_history_entry_free (InvHistoryEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->event);
  g_free (entry->detail);
  g_free (entry);
}

/**
 * inv_history_event_get_label:
 * @event: an event name as stored
 *
 * Returns: (transfer none): what a person reads for @event, translated; @event
 *   itself when the app does not know it
 */
const char *
inv_history_event_get_label (const char *event)
{
  g_return_val_if_fail (event != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (event_labels); i++)
    if (strcmp (event, event_labels[i].event) == 0)
      return _(event_labels[i].label);

  return event;
}

/**
 * inv_history_entry_get_label:
 *
 * Returns: (transfer none): what happened, for a person
 */
const char *
inv_history_entry_get_label (const InvHistoryEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  return inv_history_event_get_label (entry->event);
}

static const char *
kind_label (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_labels); i++)
    if (g_strcmp0 (kind, kind_labels[i].kind) == 0)
      return _(kind_labels[i].label);

  return NULL;
}

static char *
fields_label (const char *fields)
{
  g_auto(GStrv) names = g_strsplit (fields, ",", -1);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *label = names[i];

      for (guint j = 0; j < G_N_ELEMENTS (field_labels); j++)
        if (strcmp (names[i], field_labels[j].field) == 0)
          label = _(field_labels[j].label);

      if (text->len > 0)
        /* Translators: the separator between changed fields, "first name, phone" */
        g_string_append (text, _(", "));
      g_string_append (text, label);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * inv_history_entry_dup_detail:
 *
 * The detail for a person: a cancel reason, a status or an outbox kind by its
 * translated label, the changed fields of an edit by name; other notes as recorded.
 *
 * Returns: (transfer full) (nullable): the detail, or %NULL when there is nothing to add
 */
char *
inv_history_entry_dup_detail (const InvHistoryEntry *entry)
{
  const char *detail;

  g_return_val_if_fail (entry != NULL, NULL);

  detail = entry->detail;
  if (detail == NULL || *detail == '\0')
    return NULL;

  if (g_str_equal (entry->event, "cancelled"))
    {
      InvCancelReason reason;

      if (inv_cancel_reason_from_string (detail, &reason))
        /* Translators: the reason given for a cancel, in an invitation's history */
        return g_strdup_printf (_("Reason: %s"), inv_cancel_reason_get_label (reason));

      /* Demo rows record the status they were given; it says nothing more. */
      if (inv_status_from_string (detail) == INV_STATUS_CANCELLED)
        return NULL;

      return g_strdup (detail);
    }

  if (g_str_equal (entry->event, "status-changed"))
    {
      InvStatus status = inv_status_from_string (detail);

      if (status != INV_STATUS_UNKNOWN)
        /* Translators: the status an invitation changed to, in its history */
        return g_strdup_printf (_("New status: %s"), inv_status_get_label (status));

      return g_strdup (detail);
    }

  if (g_str_equal (entry->event, "undone") ||
      g_str_equal (entry->event, "sync-failed") ||
      g_str_equal (entry->event, "sync-retried") ||
      g_str_equal (entry->event, "sync-discarded"))
    {
      const char *label = kind_label (detail);

      return g_strdup (label != NULL ? label : detail);
    }

  if (g_str_equal (entry->event, "candidate-edited"))
    {
      g_autofree char *fields = fields_label (detail);

      /* Translators: which details of the candidate were edited, "Changed: first name, phone" */
      return g_strdup_printf (_("Changed: %s"), fields);
    }

  /* The invite, re-invite, reattempt and erasure write their notes in English, with
   * a number: say them in the reader's language. */
  if (g_str_equal (entry->event, "invited"))
    {
      gint64 batch;

      if (g_str_equal (detail, "Invited"))
        return NULL;
      if (sscanf (detail, "Invited (batch %" G_GINT64_FORMAT ")", &batch) == 1)
        /* Translators: invitations sent together are one batch; this is its number */
        return g_strdup_printf (_("Sent in batch %lld"), (long long)batch);
    }

  if (g_str_equal (entry->event, "reinvited"))
    {
      if (g_str_equal (detail, "Re-invited after it expired"))
        return g_strdup (_("After it expired"));
      if (g_str_equal (detail, "Re-invited after it was cancelled"))
        return g_strdup (_("After it was cancelled"));
    }

  if (g_str_equal (entry->event, "reattempt") || g_str_equal (entry->event, "reattempted"))
    {
      gint64 other;

      if (sscanf (detail, "Reattempt of invitation %" G_GINT64_FORMAT, &other) == 1)
        /* Translators: the number of the invitation this one is a new attempt at */
        return g_strdup_printf (_("A new attempt at invitation %lld"), (long long)other);
      if (sscanf (detail, "New attempt: invitation %" G_GINT64_FORMAT, &other) == 1)
        /* Translators: the number of the invitation made as a new attempt */
        return g_strdup_printf (_("The new attempt is invitation %lld"), (long long)other);
    }

  if (g_str_equal (entry->event, "candidate-erased") &&
      g_str_equal (detail, "Personal data erased on request"))
    return g_strdup (_("At the candidate’s request"));

  if (g_str_equal (entry->event, "cancel-sent"))
    {
      if (g_str_equal (detail, "answered"))
        return g_strdup (_("The service answered the request"));
      if (g_str_equal (detail, "read back"))
        return g_strdup (_("Found cancelled when read back from the service"));
    }

  /* The demo data marks the rows it adds; say so in the reader's language. */
  if (g_str_equal (detail, "demo data"))
    return g_strdup (_("Sample data"));

  return g_strdup (detail);
}

/**
 * inv_history_list:
 * @invitation_id: the invitation
 * @error: return location for a #GError
 *
 * Reads what happened to one invitation, in the order it happened (oldest first,
 * newest last). An invitation without history gives an empty array; one that does
 * not exist gives %INV_DATABASE_ERROR_NOT_FOUND.
 *
 * Returns: (transfer full) (element-type InvHistoryEntry): the entries, or %NULL
 *   with @error set
 */
GPtrArray *
inv_history_list (InvDatabase  *database,
                  gint64        invitation_id,
                  GError      **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3_stmt *stmt;
  gboolean exists;
  int rc;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);

  stmt = inv_database_prepare (database, "SELECT 1 FROM invitations WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, invitation_id);
  rc = sqlite3_step (stmt);
  exists = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      inv_database_set_error (database, error, _("Reading the history"));
      return NULL;
    }
  if (!exists)
    {
      g_set_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND,
                   _("There is no invitation %lld"), (long long)invitation_id);
      return NULL;
    }

  /* The id breaks ties: entries written in the same second stay in writing order. */
  stmt = inv_database_prepare (database,
                               "SELECT id, at, event, detail FROM history "
                               "WHERE invitation_id = ?1 ORDER BY at, id",
                               error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, invitation_id);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)inv_history_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      InvHistoryEntry *entry = g_new0 (InvHistoryEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->at = sqlite3_column_int64 (stmt, 1);
      entry->event = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      entry->detail = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      inv_database_set_error (database, error, _("Reading the history"));
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&entries);
}

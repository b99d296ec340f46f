/* inv-activity.c: what was done to any invitation, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-activity"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "inv-activity-private.h"
#include "inv-invitation-query.h"

/* Each event the app records: its kind (as INV_ACTIVITY_KIND_SQL says), who does it,
 * and, for a person's action the service must hear of, the outbox operation that
 * carries it. An event missing here is the service's and of the sync kind. */
static const struct {
  const char       *event;
  InvActivityKind   kind;
  InvActivityActor  actor;
  const char       *operation;
} events[] = {
  { "invited", INV_ACTIVITY_KIND_INVITES, INV_ACTIVITY_ACTOR_YOU, "create" },
  { "reinvited", INV_ACTIVITY_KIND_INVITES, INV_ACTIVITY_ACTOR_YOU, "reinvite" },
  /* A reattempt is a new invitation, whose own outbox row carries it; the old one's
   * entry only points to it. */
  { "reattempt", INV_ACTIVITY_KIND_INVITES, INV_ACTIVITY_ACTOR_YOU, "reattempt" },
  { "reattempted", INV_ACTIVITY_KIND_INVITES, INV_ACTIVITY_ACTOR_YOU, NULL },
  { "cancelled", INV_ACTIVITY_KIND_CANCELS, INV_ACTIVITY_ACTOR_YOU, "cancel" },
  { "cancel-sent", INV_ACTIVITY_KIND_CANCELS, INV_ACTIVITY_ACTOR_SERVICE, NULL },
  { "undone", INV_ACTIVITY_KIND_CANCELS, INV_ACTIVITY_ACTOR_YOU, NULL },
  { "cancel-undone", INV_ACTIVITY_KIND_CANCELS, INV_ACTIVITY_ACTOR_YOU, NULL },
  { "withdrawn", INV_ACTIVITY_KIND_CANCELS, INV_ACTIVITY_ACTOR_YOU, NULL },
  { "candidate-edited", INV_ACTIVITY_KIND_EDITS, INV_ACTIVITY_ACTOR_YOU, NULL },
  /* An erasure is one request per candidate, not per invitation: its outcome is the
   * Sync page's to tell, not an invitation's. */
  { "candidate-erased", INV_ACTIVITY_KIND_EDITS, INV_ACTIVITY_ACTOR_YOU, NULL },
  { "erased", INV_ACTIVITY_KIND_EDITS, INV_ACTIVITY_ACTOR_YOU, NULL },
  { "sent", INV_ACTIVITY_KIND_SYNC, INV_ACTIVITY_ACTOR_SERVICE, NULL },
  { "imported", INV_ACTIVITY_KIND_SYNC, INV_ACTIVITY_ACTOR_SERVICE, NULL },
  { "status-changed", INV_ACTIVITY_KIND_SYNC, INV_ACTIVITY_ACTOR_SERVICE, NULL },
  { "reactivated-elsewhere", INV_ACTIVITY_KIND_SYNC, INV_ACTIVITY_ACTOR_SERVICE, NULL },
  { "merged", INV_ACTIVITY_KIND_SYNC, INV_ACTIVITY_ACTOR_SERVICE, NULL },
  { "synced", INV_ACTIVITY_KIND_SYNC, INV_ACTIVITY_ACTOR_SERVICE, NULL },
  { "sync-failed", INV_ACTIVITY_KIND_SYNC, INV_ACTIVITY_ACTOR_SERVICE, NULL },
  { "conflict", INV_ACTIVITY_KIND_SYNC, INV_ACTIVITY_ACTOR_SERVICE, NULL },
  { "sync-retried", INV_ACTIVITY_KIND_SYNC, INV_ACTIVITY_ACTOR_YOU, NULL },
  { "sync-discarded", INV_ACTIVITY_KIND_SYNC, INV_ACTIVITY_ACTOR_YOU, NULL },
  { "conflict-dismissed", INV_ACTIVITY_KIND_SYNC, INV_ACTIVITY_ACTOR_YOU, NULL },
};

/* The operation of a person's event, as in the table above, in SQL. */
#define OPERATION_SQL \
  "(CASE h.event WHEN 'invited' THEN 'create' WHEN 'reattempt' THEN 'reattempt'" \
  " WHEN 'reinvited' THEN 'reinvite' WHEN 'cancelled' THEN 'cancel' END)"

/* The parameters after the search's (?1 … ?N of InvInvitationQuery). */
enum {
  PARAM_KIND = INV_INVITATION_QUERY_N_PARAMS + 1,
  PARAM_SINCE,
  PARAM_UNTIL,
  PARAM_AFTER_AT,
  PARAM_AFTER_ID,
  PARAM_LIMIT,
};

G_DEFINE_BOXED_TYPE (InvActivityQuery, inv_activity_query, inv_activity_query_copy, inv_activity_query_free)
G_DEFINE_BOXED_TYPE (InvActivityEntry, inv_activity_entry, inv_activity_entry_copy, inv_activity_entry_free)

/**
 * inv_activity_query_new:
 *
 * Returns: (transfer full): a query for all the activity
 */
InvActivityQuery *
inv_activity_query_new (void)
{
  return g_new0 (InvActivityQuery, 1);
}

InvActivityQuery *
inv_activity_query_copy (const InvActivityQuery *self)
{
  InvActivityQuery *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->search = g_strdup (self->search);

  return copy;
}

void
inv_activity_query_free (InvActivityQuery *self)
{
  if (self == NULL)
    return;

  g_free (self->search);
  g_free (self);
}

gboolean
inv_activity_query_equal (const InvActivityQuery *a,
                          const InvActivityQuery *b)
{
  return a->kind == b->kind && a->since == b->since && a->until == b->until &&
         g_strcmp0 (a->search, b->search) == 0;
}

/**
 * inv_activity_query_set_search:
 * @search: (nullable): text to find in candidates' names and emails; surrounding
 *   spaces are ignored, and nothing left means no search
 */
void
inv_activity_query_set_search (InvActivityQuery *self,
                               const char       *search)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (self != NULL);

  if (search != NULL)
    trimmed = g_strstrip (g_strdup (search));

  g_free (self->search);
  self->search = trimmed != NULL && *trimmed != '\0' ? g_steal_pointer (&trimmed) : NULL;
}

InvActivityEntry *
inv_activity_entry_copy (const InvActivityEntry *self)
{
  InvActivityEntry *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->event = g_strdup (self->event);
  copy->detail = g_strdup (self->detail);
  copy->candidate_name = g_strdup (self->candidate_name);
  copy->email = g_strdup (self->email);
  copy->template_name = g_strdup (self->template_name);

  return copy;
}

void
inv_activity_entry_free (InvActivityEntry *self)
{
  if (self == NULL)
    return;

  g_free (self->event);
  g_free (self->detail);
  g_free (self->candidate_name);
  g_free (self->email);
  g_free (self->template_name);
  g_free (self);
}

static int
find_event (const char *event)
{
  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    if (g_strcmp0 (event, events[i].event) == 0)
      return i;

  return -1;
}

/**
 * inv_activity_kind_of_event:
 * @event: a history event as stored
 *
 * Returns: the kind the Activity page files @event under
 */
InvActivityKind
inv_activity_kind_of_event (const char *event)
{
  int i = find_event (event);

  return i < 0 ? INV_ACTIVITY_KIND_SYNC : events[i].kind;
}

/**
 * inv_activity_kind_get_label:
 *
 * Returns: (transfer none): the kind's name, for a person
 */
const char *
inv_activity_kind_get_label (InvActivityKind kind)
{
  switch (kind)
    {
    case INV_ACTIVITY_KIND_ALL:
      return _("All Actions");
    case INV_ACTIVITY_KIND_INVITES:
      return _("Invites");
    case INV_ACTIVITY_KIND_CANCELS:
      return _("Cancellations");
    case INV_ACTIVITY_KIND_SYNC:
      return _("Sync and Service");
    case INV_ACTIVITY_KIND_EDITS:
      return _("Candidate Edits");
    case INV_ACTIVITY_N_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * inv_activity_actor_get_label:
 *
 * Returns: (transfer none): who did it, for a person
 */
const char *
inv_activity_actor_get_label (InvActivityActor actor)
{
  switch (actor)
    {
    case INV_ACTIVITY_ACTOR_YOU:
      /* Translators: who did an action: the person using this computer */
      return _("You");
    case INV_ACTIVITY_ACTOR_SERVICE:
      /* Translators: who did an action: the remote service, in an answer or a change it reported */
      return _("Invitation service");
    case INV_ACTIVITY_ACTOR_DEMO:
      /* Translators: who did an action: nobody, the app made up demo invitations */
      return _("Sample data");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * inv_activity_outcome_get_label:
 *
 * Returns: (transfer none) (nullable): whether the action reached the service, for a
 *   person; %NULL for %INV_ACTIVITY_OUTCOME_NONE
 */
const char *
inv_activity_outcome_get_label (InvActivityOutcome outcome)
{
  switch (outcome)
    {
    case INV_ACTIVITY_OUTCOME_NONE:
      return NULL;
    case INV_ACTIVITY_OUTCOME_SENT:
      return _("Reached the service");
    case INV_ACTIVITY_OUTCOME_WAITING:
      return _("Waiting to be sent");
    case INV_ACTIVITY_OUTCOME_FAILED:
      return _("Refused by the service");
    case INV_ACTIVITY_OUTCOME_CONFLICT:
      return _("Not applied: the service’s state won");
    case INV_ACTIVITY_OUTCOME_NOT_SENT:
      return _("Never sent: undone or discarded");
    case INV_ACTIVITY_OUTCOME_LOCAL:
      return _("Only on this computer");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* What the demo data writes with the rows it makes up (inv-sample-data.c): an invite
 * marked "demo data", and the status it gave (as "status-changed" or "cancelled" with
 * the status name). A person's own actions on demo rows are theirs. */
static gboolean
made_up_by_demo_data (const InvActivityEntry *entry)
{
  if (g_strcmp0 (entry->detail, "demo data") == 0)
    return TRUE;
  if (g_str_equal (entry->event, "status-changed"))
    return TRUE;

  return g_str_equal (entry->event, "cancelled") && g_strcmp0 (entry->detail, "cancelled") == 0;
}

/* A person's action with a remote effect reached the service once its outbox row is
 * gone (a row leaves only when the service confirmed it; a refused one stays) unless
 * an undo, withdrawal or discard took it back first. The row is the first of its
 * operation for the invitation written with the action (in the same transaction;
 * the clock may have ticked in between, hence the small margin). */
static InvActivityOutcome
outcome_of (int            event_index,
            gboolean       is_sample,
            const char    *sync_state,
            const char    *outbox_state,
            gboolean       taken_back)
{
  if (event_index < 0 || events[event_index].operation == NULL)
    return INV_ACTIVITY_OUTCOME_NONE;

  if (is_sample || g_strcmp0 (sync_state, "local") == 0)
    return INV_ACTIVITY_OUTCOME_LOCAL;

  if (g_strcmp0 (outbox_state, "queued") == 0)
    return INV_ACTIVITY_OUTCOME_WAITING;
  if (g_strcmp0 (outbox_state, "failed") == 0)
    return INV_ACTIVITY_OUTCOME_FAILED;
  if (g_strcmp0 (outbox_state, "conflict") == 0)
    return INV_ACTIVITY_OUTCOME_CONFLICT;

  if (taken_back)
    return INV_ACTIVITY_OUTCOME_NOT_SENT;

  return INV_ACTIVITY_OUTCOME_SENT;
}

/* Past this many matching invitations, a search's set costs more to make than the
 * walk through the history that checks each entry: at a million invitations a set of
 * them all took 2 s a page, the walk a few milliseconds. */
#define COMMON_SEARCH_ROWS 2000

/* Whether @text matches so many invitations that the walk is the faster way. Asking
 * stops at COMMON_SEARCH_ROWS. */
static gboolean
search_is_common (InvDatabase *database,
                  const char  *text)
{
  g_autoptr(InvInvitationQuery) search = inv_invitation_query_new ();
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM (");
  sqlite3_stmt *stmt;
  gint64 n = 0;

  inv_invitation_query_set_search (search, text);
  if (inv_invitation_query_reads_whole_table (search))
    {
      /* Too short for the trigram index: the matching rows themselves. */
      g_string_append (sql, "SELECT i.id");
      _inv_invitation_query_append_from (search, sql, FALSE);
      _inv_invitation_query_append_sql (search, sql, FALSE);
    }
  else
    {
      /* What the trigram index names, a few more than match: counting them stops
       * early, where asking for the matching rows would first list every one. The
       * index's query is the last of the search's parameters. */
      g_string_append_printf (sql, "SELECT rowid FROM invitation_search WHERE invitation_search MATCH ?%d",
                              INV_INVITATION_QUERY_N_PARAMS);
    }
  g_string_append_printf (sql, " LIMIT %d)", COMMON_SEARCH_ROWS);

  stmt = inv_database_prepare (database, sql->str, NULL);
  if (stmt == NULL)
    return FALSE;
  _inv_invitation_query_bind (search, stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return n >= COMMON_SEARCH_ROWS;
}

/* Appends the statement of one page of @query (the one after a cursor when @paged)
 * to @sql; a search is checked entry by entry when @walk_search, else read as a set
 * first. Returns the search it holds, whose parameters it takes first. */
InvInvitationQuery *
_inv_activity_append_sql (const InvActivityQuery *query,
                          gboolean                paged,
                          gboolean                walk_search,
                          GString                *sql)
{
  g_autoptr(InvInvitationQuery) search = NULL;

  g_string_append (sql, "SELECT h.id, h.at, h.invitation_id, h.event, h.detail,"
                      "  v.candidate_name, v.email, tt.name, v.is_sample, v.sync_state,"
                      "  (SELECT o.state FROM outbox o WHERE o.invitation_id = h.invitation_id"
                      "     AND o.operation = " OPERATION_SQL " AND o.created_at >= h.at - 2"
                      "   ORDER BY o.id LIMIT 1),"
                      "  EXISTS (SELECT 1 FROM history l WHERE l.invitation_id = h.invitation_id"
                      "     AND l.id > h.id AND l.event IN ('undone', 'cancel-undone', 'withdrawn',"
                      "                                     'sync-discarded', 'conflict-dismissed'))"
                      " FROM history h"
                      " JOIN invitations v ON v.id = h.invitation_id"
                      " JOIN templates tt ON tt.id = v.template_id"
                      " WHERE 1");

  if (query->kind != INV_ACTIVITY_KIND_ALL)
    g_string_append_printf (sql, " AND %s = ?%d",
                            /* The index's expression names its columns bare. */
                            INV_ACTIVITY_KIND_SQL, PARAM_KIND);
  if (query->since != 0)
    g_string_append_printf (sql, " AND h.at >= ?%d", PARAM_SINCE);
  if (query->until != 0)
    g_string_append_printf (sql, " AND h.at < ?%d", PARAM_UNTIL);
  if (paged)
    g_string_append_printf (sql, " AND (h.at, h.id) < (?%d, ?%d)", PARAM_AFTER_AT, PARAM_AFTER_ID);

  if (query->search != NULL)
    {
      search = inv_invitation_query_new ();
      inv_invitation_query_set_search (search, query->search);

      if (walk_search)
        {
          /* Many invitations match: walking the history newest first and checking
           * each entry's invitation finds a page after a few hundred entries. */
          g_string_append (sql, " AND EXISTS (SELECT 1 FROM invitations i");
          _inv_invitation_query_append_sql_full (search, sql, FALSE, FALSE);
          g_string_append (sql, " AND i.id = h.invitation_id)");
        }
      else
        {
          /* Few match: the invitations' own search (their trigram index) gives them
           * as a set, whose history the walk keeps. */
          g_string_append (sql, " AND h.invitation_id IN (SELECT i.id");
          _inv_invitation_query_append_from (search, sql, FALSE);
          _inv_invitation_query_append_sql (search, sql, FALSE);
          g_string_append (sql, ")");
        }
    }

  g_string_append_printf (sql, " ORDER BY h.at DESC, h.id DESC LIMIT ?%d", PARAM_LIMIT);

  return g_steal_pointer (&search);
}

/**
 * inv_activity_list:
 * @query: which entries
 * @after: (nullable): the last entry of the previous page, or %NULL for the first page
 * @limit: at most this many entries
 * @error: return location for a #GError
 *
 * Reads one page of the activity across every invitation, newest first (entries of
 * the same second in the reverse of the order they were written). A kind or a time
 * span is served by an index of its own, so a page costs the same at any size.
 *
 * Returns: (transfer full) (element-type InvActivityEntry): the entries, or %NULL
 *   with @error set
 */
GPtrArray *
inv_activity_list (InvDatabase              *database,
                   const InvActivityQuery   *query,
                   const InvActivityCursor  *after,
                   guint                     limit,
                   GError                  **error)
{
  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return _inv_activity_list_full (database, query, after, limit,
                                  query->search != NULL && search_is_common (database, query->search),
                                  error);
}

/* inv_activity_list(), with the way of searching chosen: tests compare both. */
GPtrArray *
_inv_activity_list_full (InvDatabase              *database,
                         const InvActivityQuery   *query,
                         const InvActivityCursor  *after,
                         guint                     limit,
                         gboolean                  walk_search,
                         GError                  **error)
{
  g_autoptr(GString) sql = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(InvInvitationQuery) search = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);

  sql = g_string_new (NULL);
  search = _inv_activity_append_sql (query, after != NULL, walk_search, sql);

  stmt = inv_database_prepare (database, sql->str, error);
  if (stmt == NULL)
    return NULL;

  if (search != NULL)
    _inv_invitation_query_bind (search, stmt);
  sqlite3_bind_int (stmt, PARAM_KIND, query->kind);
  sqlite3_bind_int64 (stmt, PARAM_SINCE, query->since);
  sqlite3_bind_int64 (stmt, PARAM_UNTIL, query->until);
  if (after != NULL)
    {
      sqlite3_bind_int64 (stmt, PARAM_AFTER_AT, after->at);
      sqlite3_bind_int64 (stmt, PARAM_AFTER_ID, after->id);
    }
  sqlite3_bind_int (stmt, PARAM_LIMIT, limit);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)inv_activity_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      InvActivityEntry *entry = g_new0 (InvActivityEntry, 1);
      gboolean is_sample = sqlite3_column_int (stmt, 8) != 0;
      int event_index;

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->at = sqlite3_column_int64 (stmt, 1);
      entry->invitation_id = sqlite3_column_int64 (stmt, 2);
      entry->event = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      entry->detail = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      entry->candidate_name = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
      entry->email = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
      entry->template_name = g_strdup ((const char *)sqlite3_column_text (stmt, 7));

      event_index = find_event (entry->event);
      if (is_sample && made_up_by_demo_data (entry))
        entry->actor = INV_ACTIVITY_ACTOR_DEMO;
      else if (event_index >= 0)
        entry->actor = events[event_index].actor;
      else
        entry->actor = INV_ACTIVITY_ACTOR_SERVICE;

      entry->outcome = outcome_of (event_index, is_sample,
                                   (const char *)sqlite3_column_text (stmt, 9),
                                   (const char *)sqlite3_column_text (stmt, 10),
                                   sqlite3_column_int (stmt, 11) != 0);
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      inv_database_set_error (database, error, _("Reading the activity"));
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&entries);
}

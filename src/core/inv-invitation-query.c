/* inv-invitation-query.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invitation-query"

#include "config.h"

#include <string.h>

#include "inv-collation.h"
#include "inv-invitation-query.h"
#include "inv-status.h"

G_DEFINE_BOXED_TYPE (InvInvitationQuery, inv_invitation_query,
                     inv_invitation_query_copy, inv_invitation_query_free)

/* Parameter numbers are fixed so that the same SQL text (and so the same cached
 * prepared statement) serves every combination of values of one shape. */
enum {
  PARAM_STATUS = 1,
  PARAM_TEMPLATE_ID,
  PARAM_TEMPLATE_NAME,
  PARAM_SEARCH,
  PARAM_SEARCH_TRIGRAMS,
};

G_STATIC_ASSERT (PARAM_SEARCH_TRIGRAMS == INV_INVITATION_QUERY_N_PARAMS);

/* The trigram index finds a text by its three-character pieces, so shorter searches
 * cannot use it; they read the table instead. */
#define MIN_INDEXED_SEARCH_CHARS 3

/* A long search is already rare after a few of its pieces: asking the index for more
 * would only read more of it. */
#define MAX_SEARCH_TRIGRAMS 16

/* Each order ends on the row id so that equal keys still come in a stable order;
 * each is served by an index of the invitations table (see the schema). */
static const char * const order_clauses[INV_N_SORTS][2] = {
  [INV_SORT_SENT] = { "i.sent_at ASC, i.id ASC", "i.sent_at DESC, i.id DESC" },
  /* name_key is the name's sort key in the person's language (inv-collation.c). */
  [INV_SORT_CANDIDATE] = { "i.name_key ASC, i.id ASC", "i.name_key DESC, i.id DESC" },
  [INV_SORT_EMAIL] = { "i.email COLLATE NOCASE ASC, i.id ASC",
                       "i.email COLLATE NOCASE DESC, i.id DESC" },
  [INV_SORT_TEMPLATE] = { "t.name_key ASC, t.id ASC, i.sent_at ASC, i.id ASC",
                          "t.name_key DESC, t.id DESC, i.sent_at DESC, i.id DESC" },
  [INV_SORT_STATUS] = { "i.status ASC, i.sent_at ASC, i.id ASC",
                        "i.status DESC, i.sent_at DESC, i.id DESC" },
  [INV_SORT_DEADLINE] = { "i.expires_at ASC, i.id ASC", "i.expires_at DESC, i.id DESC" },
  [INV_SORT_SYNC_STATE] = { "i.sync_state ASC, i.id ASC", "i.sync_state DESC, i.id DESC" },
};

InvInvitationQuery *
inv_invitation_query_new (void)
{
  InvInvitationQuery *self = g_new0 (InvInvitationQuery, 1);

  self->sort_column = INV_SORT_SENT;
  self->descending = TRUE;

  return self;
}

InvInvitationQuery *
inv_invitation_query_copy (const InvInvitationQuery *self)
{
  InvInvitationQuery *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->status = g_strdup (self->status);
  copy->template_name = g_strdup (self->template_name);
  copy->search = g_strdup (self->search);

  return copy;
}

void
inv_invitation_query_free (InvInvitationQuery *self)
{
  if (self == NULL)
    return;

  g_free (self->status);
  g_free (self->template_name);
  g_free (self->search);
  g_free (self);
}

gboolean
inv_invitation_query_equal (const InvInvitationQuery *a,
                            const InvInvitationQuery *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return g_strcmp0 (a->status, b->status) == 0 &&
         a->template_id == b->template_id &&
         g_strcmp0 (a->template_name, b->template_name) == 0 &&
         g_strcmp0 (a->search, b->search) == 0 &&
         a->sort_column == b->sort_column &&
         a->descending == b->descending;
}

static void
replace_string (char       **field,
                const char  *value)
{
  char *copy = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;

  g_free (*field);
  *field = copy;
}

void
inv_invitation_query_set_status (InvInvitationQuery *self,
                                 const char         *status)
{
  g_return_if_fail (self != NULL);
  replace_string (&self->status, status);
}

/**
 * inv_invitation_query_set_search:
 * @search: (nullable): text to find in names and emails; surrounding spaces are ignored
 */
void
inv_invitation_query_set_search (InvInvitationQuery *self,
                                 const char         *search)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (self != NULL);

  if (search != NULL)
    trimmed = g_strstrip (g_strdup (search));
  replace_string (&self->search, trimmed);
}

void
inv_invitation_query_set_template_name (InvInvitationQuery *self,
                                        const char         *name)
{
  g_return_if_fail (self != NULL);
  replace_string (&self->template_name, name);
}

/* The full index that keeps the invitations in @column's order, which a walk for a
 * query's first rows goes through. None for the template order, whose FROM walks the
 * templates and then each one's invitations, and none for the sync-state order: most
 * rows share a handful of values and the order is rarely used. */
static const char *
order_index_for (InvSortColumn column)
{
  switch (column)
    {
    case INV_SORT_SENT: return "invitations_by_sent";
    case INV_SORT_CANDIDATE: return "invitations_by_name_key";
    case INV_SORT_EMAIL: return "invitations_by_email";
    case INV_SORT_STATUS: return "invitations_by_status";
    case INV_SORT_DEADLINE: return "invitations_by_deadline";
    case INV_SORT_TEMPLATE:
    case INV_SORT_SYNC_STATE:
    case INV_N_SORTS:
    default:
      return NULL;
    }
}

/* The search as stored texts are folded (see inv_search_text_new()), without the
 * separator that function puts between name and email. */
static char *
fold_search (const char *search)
{
  g_autofree char *folded = inv_search_text_new (search, NULL);
  gsize len = strlen (folded);

  /* Text that is not UTF-8 folds to nothing, not even the separator. */
  if (len > 0 && folded[len - 1] == '\n')
    folded[len - 1] = '\0';

  return g_steal_pointer (&folded);
}

static gboolean
search_uses_index (const InvInvitationQuery *self)
{
  g_autofree char *folded = NULL;

  if (self->search == NULL)
    return FALSE;

  folded = fold_search (self->search);

  return g_utf8_strlen (folded, -1) >= MIN_INDEXED_SEARCH_CHARS;
}

/**
 * inv_invitation_query_reads_whole_table:
 *
 * Whether finding the rows of this query means reading every row: a search shorter
 * than the index's pieces.
 *
 * Returns: %TRUE for a search of one or two characters
 */
gboolean
inv_invitation_query_reads_whole_table (const InvInvitationQuery *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->search != NULL && !search_uses_index (self);
}

/**
 * inv_invitation_query_has_leading_walk:
 *
 * Whether the first rows of this query can be found by walking the invitations in its
 * order, through the order's index, long before the whole read of its rows is done:
 * the whole read sorts the rows of a filter, or reads every row for a short search,
 * or at least reads the id of every row. A search the trigram index serves is fast
 * as it is.
 *
 * Returns: %TRUE when _inv_invitation_query_append_leading_sql() applies
 */
gboolean
inv_invitation_query_has_leading_walk (const InvInvitationQuery *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->sort_column < INV_N_SORTS, FALSE);

  if (search_uses_index (self))
    return FALSE;

  return self->sort_column == INV_SORT_TEMPLATE || order_index_for (self->sort_column) != NULL;
}

/**
 * _inv_invitation_query_append_leading_sql:
 * @max_rows: how many invitations to walk at most
 *
 * Appends a whole statement that walks the invitations in this query's order, through
 * the order's index, and says of each whether the query (its filter and search)
 * matches it: `SELECT id, matches FROM … ORDER BY … LIMIT @max_rows`. Bound with
 * _inv_invitation_query_bind(). The condition is a column rather than a WHERE so that
 * SQLite cannot take another index for it and sort what it finds, and so that the
 * walk stops after @max_rows rows for a rare filter, matching or not: the first
 * matches come after a handful of rows when they are common, which is when the
 * whole read takes longest. Only for a query with
 * inv_invitation_query_has_leading_walk().
 */
void
_inv_invitation_query_append_leading_sql (const InvInvitationQuery *self,
                                          GString                  *sql,
                                          guint                     max_rows)
{
  static const char where[] = " WHERE ";
  g_autoptr(GString) condition = g_string_new (NULL);

  g_return_if_fail (self != NULL);
  g_return_if_fail (inv_invitation_query_has_leading_walk (self));

  /* Without the search index: the condition is checked row by row anyway. */
  _inv_invitation_query_append_sql_full (self, condition, FALSE, FALSE);
  if (condition->len > 0)
    {
      g_assert (g_str_has_prefix (condition->str, where));
      g_string_append_printf (sql, "SELECT i.id, (%s)", condition->str + strlen (where));
    }
  else
    g_string_append (sql, "SELECT i.id, 1");

  if (self->sort_column == INV_SORT_TEMPLATE)
    g_string_append (sql, " FROM templates t CROSS JOIN invitations i ON i.template_id = t.id");
  else
    g_string_append_printf (sql, " FROM invitations i INDEXED BY %s", order_index_for (self->sort_column));

  g_string_append_printf (sql, " ORDER BY %s LIMIT %u",
                          order_clauses[self->sort_column][self->descending ? 1 : 0], max_rows);
}

/**
 * _inv_invitation_query_append_from:
 * @with_templates: whether the statement reads the template's columns (as `t`)
 *
 * Appends the FROM clause that gives SQLite the fastest plan for this query. A search
 * reads the table in storage order, either all of it (a short search) or the rows the
 * trigram index names, by row id; walking a sort index instead would fetch every row
 * at random. The template sort walks the templates by name and each template's
 * invitations by index.
 */
void
_inv_invitation_query_append_from (const InvInvitationQuery *self,
                                   GString                  *sql,
                                   gboolean                  with_templates)
{
  g_return_if_fail (self != NULL);

  if (self->search != NULL)
    {
      g_string_append (sql, " FROM invitations i NOT INDEXED");
      if (with_templates || self->sort_column == INV_SORT_TEMPLATE)
        g_string_append (sql, " JOIN templates t ON t.id = i.template_id");
    }
  else if (self->sort_column == INV_SORT_TEMPLATE)
    g_string_append (sql, " FROM templates t CROSS JOIN invitations i ON i.template_id = t.id");
  else if (with_templates)
    g_string_append (sql, " FROM invitations i JOIN templates t ON t.id = i.template_id");
  else
    g_string_append (sql, " FROM invitations i");
}

void
_inv_invitation_query_append_sql (const InvInvitationQuery *self,
                                  GString                  *sql,
                                  gboolean                  with_order)
{
  _inv_invitation_query_append_sql_full (self, sql, with_order, TRUE);
}

/**
 * _inv_invitation_query_append_sql_full:
 * @use_index: whether a search of three characters or more asks the trigram index;
 *   %FALSE reads the whole table, as shorter searches always do
 *
 * Like _inv_invitation_query_append_sql(). Tests compare both ways of searching.
 */
void
_inv_invitation_query_append_sql_full (const InvInvitationQuery *self,
                                       GString                  *sql,
                                       gboolean                  with_order,
                                       gboolean                  use_index)
{
  const char *joiner = " WHERE ";
  const char *plus;
  gboolean indexed;

  g_return_if_fail (self != NULL);
  g_return_if_fail (self->sort_column < INV_N_SORTS);

  indexed = use_index && search_uses_index (self);
  /* The rows the trigram index names are few; a statement whose FROM lets SQLite pick
   * an index (a cancel's) would otherwise walk every row of a status or template and
   * look each one up in that list. A unary + keeps a column from choosing an index. */
  plus = indexed ? "+" : "";

  if (self->status != NULL)
    {
      /* A known status is written into the SQL rather than bound: SQLite uses a partial
       * index (those of pending rows) only when the statement itself proves the index's
       * condition. The names are the app's own constants, never text a person typed. */
      if (inv_status_from_string (self->status) != INV_STATUS_UNKNOWN)
        g_string_append_printf (sql, "%s%si.status = '%s'", joiner, plus,
                                inv_status_to_string (inv_status_from_string (self->status)));
      else
        g_string_append_printf (sql, "%s%si.status = ?%d", joiner, plus, PARAM_STATUS);
      joiner = " AND ";
    }

  if (self->template_id > 0)
    {
      g_string_append_printf (sql, "%s%si.template_id = ?%d", joiner, plus, PARAM_TEMPLATE_ID);
      joiner = " AND ";
    }

  if (self->template_name != NULL)
    {
      g_string_append_printf (sql,
                              "%s%si.template_id IN (SELECT id FROM templates WHERE name = ?%d COLLATE NOCASE)",
                              joiner, plus, PARAM_TEMPLATE_NAME);
      joiner = " AND ";
    }

  if (self->search != NULL)
    {
      /* The index only narrows the rows down to those holding every piece of the
       * search, in any order; the LIKE, the same either way, decides. That keeps
       * both ways giving the same rows, the search's own % and _ included. */
      if (indexed)
        {
          g_string_append_printf (sql,
                                  "%si.id IN (SELECT rowid FROM invitation_search"
                                  " WHERE invitation_search MATCH ?%d)",
                                  joiner, PARAM_SEARCH_TRIGRAMS);
          joiner = " AND ";
        }
      g_string_append_printf (sql, "%si.search_text LIKE ?%d ESCAPE '\\'", joiner, PARAM_SEARCH);
    }

  if (with_order)
    {
      g_string_append (sql, " ORDER BY ");
      g_string_append (sql, order_clauses[self->sort_column][self->descending ? 1 : 0]);
    }
}

/**
 * inv_search_text_new:
 * @candidate_name: (nullable): the candidate's full name
 * @email: (nullable): the candidate's email
 *
 * What the invitations table keeps in its search_text column: both, folded by
 * inv_search_fold(), so that a search finds "Çelik" as "ÇELIK" and as "celik". Every
 * writer of invitations.candidate_name or invitations.email writes this too (and
 * name_key, the name's sort key, with the SQL function inv_name_key()).
 *
 * Returns: (transfer full): the text to store
 */
char *
inv_search_text_new (const char *candidate_name,
                     const char *email)
{
  g_autofree char *joined = g_strconcat (candidate_name ? candidate_name : "", "\n",
                                         email ? email : "", NULL);

  return inv_search_fold (joined);
}

/* The search text becomes a LIKE pattern that matches it anywhere, folded like the
 * stored text, with the pattern's own wildcards taken literally. */
static char *
search_pattern (const char *search)
{
  GString *pattern = g_string_new ("%");
  g_autofree char *folded = fold_search (search);

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

/* The search as an FTS5 query: every distinct three-character piece of the folded
 * text, each one quoted so that no character of it is query syntax, all required.
 * Pieces rather than one phrase, because the index keeps no positions (detail
 * 'none') and refuses phrases; the LIKE next to it checks the order. */
static char *
search_trigrams (const char *search)
{
  g_autofree char *folded = fold_search (search);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GString *query = g_string_new (NULL);
  const char *start = folded;

  for (guint n = 0; n < MAX_SEARCH_TRIGRAMS; n++)
    {
      const char *end = start;
      guint n_chars = 0;
      g_autofree char *piece = NULL;

      for (; n_chars < 3 && *end != '\0'; n_chars++)
        end = g_utf8_next_char (end);
      if (n_chars < 3)
        break;

      piece = g_strndup (start, end - start);
      start = g_utf8_next_char (start);
      if (!g_hash_table_add (seen, g_strdup (piece)))
        continue;

      if (query->len > 0)
        g_string_append (query, " AND ");
      g_string_append_c (query, '"');
      for (const char *p = piece; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (query, '"');
          g_string_append_c (query, *p);
        }
      g_string_append_c (query, '"');
    }

  return g_string_free (query, FALSE);
}

void
_inv_invitation_query_bind (const InvInvitationQuery *self,
                            sqlite3_stmt             *stmt)
{
  g_return_if_fail (self != NULL);

  if (self->status != NULL && inv_status_from_string (self->status) == INV_STATUS_UNKNOWN)
    sqlite3_bind_text (stmt, PARAM_STATUS, self->status, -1, SQLITE_TRANSIENT);
  if (self->template_id > 0)
    sqlite3_bind_int64 (stmt, PARAM_TEMPLATE_ID, self->template_id);
  if (self->template_name != NULL)
    sqlite3_bind_text (stmt, PARAM_TEMPLATE_NAME, self->template_name, -1, SQLITE_TRANSIENT);
  if (self->search != NULL)
    {
      sqlite3_bind_text (stmt, PARAM_SEARCH, search_pattern (self->search), -1, g_free);
      /* Only the statements that ask the index have this parameter. */
      if (sqlite3_bind_parameter_count (stmt) >= PARAM_SEARCH_TRIGRAMS)
        sqlite3_bind_text (stmt, PARAM_SEARCH_TRIGRAMS, search_trigrams (self->search), -1, g_free);
    }
}

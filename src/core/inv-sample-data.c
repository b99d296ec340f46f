/* inv-sample-data.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-sample-data"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-invitation-query.h"
#include "inv-sample-data.h"
#include "inv-status.h"
#include "inv-transaction.h"

#define DAY (24 * 60 * 60)

/* Demo data exists to try the app without a service: it is marked is_sample = 1 and
 * sync_state 'local', which the sync engine never pushes. */

static const struct {
  const char *name;
  const char *interview_type;
  gboolean    active;
  int         validity_days;
  int         duration_minutes;
} sample_templates[INV_SAMPLE_DATA_N_TEMPLATES] = {
  { "Backend Engineer – Screening", "automated", TRUE, 7, 60 },
  { "Frontend Engineer – Technical Interview", "live", TRUE, 10, 90 },
  { "Data Analyst – SQL Assessment", "automated", TRUE, 7, 45 },
  { "Product Manager – Case Study", "live", TRUE, 14, 60 },
  { "Customer Success – Video Interview", "automated", TRUE, 5, 30 },
  { "DevOps Engineer – Hands-on Lab", "automated", TRUE, 7, 120 },
  { "UX Designer – Portfolio Review", "live", TRUE, 10, 60 },
  { "Sales Development – Role Play", "live", TRUE, 7, 45 },
  { "Graduate Programme 2026 – Aptitude", "automated", TRUE, 21, 40 },
  { "Support Engineer – Troubleshooting", "automated", TRUE, 7, 50 },
  { "Mobile Developer – Code Review", "live", TRUE, 10, 60 },
  { "Security Analyst – Capture the Flag", "automated", TRUE, 14, 180 },
  { "Finance Associate – Spreadsheet Test", "automated", TRUE, 7, 45 },
  { "HR Generalist – Structured Interview", "live", TRUE, 7, 45 },
  { "Marketing Specialist – Writing Sample", "automated", TRUE, 7, 60 },
  { "QA Engineer – Test Design", "automated", TRUE, 7, 60 },
  { "Site Reliability – On-call Scenario", "live", TRUE, 10, 75 },
  { "Machine Learning Engineer – Take-home", "automated", TRUE, 14, 240 },
  { "Office Manager – Situational Judgement", "automated", TRUE, 7, 30 },
  { "Summer Internship 2025 – Screening", "automated", FALSE, 7, 30 },
};

static const struct {
  const char *name;
  const char *email;
} sample_interviewers[] = {
  { "Ada Okafor", "ada.okafor@corp.example" },
  { "Jonas Weiß", "jonas.weiss@corp.example" },
  { "Mei Tanaka", "mei.tanaka@corp.example" },
  { "Rafael Gómez", "rafael.gomez@corp.example" },
};

/* Display name and the ASCII form used in the email's local part. */
static const struct {
  const char *display;
  const char *ascii;
} first_names[] = {
  { "Zoë", "zoe" }, { "José", "jose" }, { "Björn", "bjorn" }, { "Søren", "soren" },
  { "Łukasz", "lukasz" }, { "Aiko", "aiko" }, { "Chen", "chen" }, { "Priya", "priya" },
  { "Oluwaseun", "oluwaseun" }, { "Mateo", "mateo" }, { "Anaïs", "anais" },
  { "Dmitri", "dmitri" }, { "Fatima", "fatima" }, { "Thanh", "thanh" }, { "Ingrid", "ingrid" },
  { "Kwame", "kwame" }, { "Léa", "lea" }, { "Yusuf", "yusuf" }, { "Siobhán", "siobhan" },
  { "Hiroshi", "hiroshi" }, { "Ana", "ana" }, { "Mikael", "mikael" }, { "Amara", "amara" },
  { "Jürgen", "jurgen" }, { "Camila", "camila" }, { "Arjun", "arjun" }, { "Nadia", "nadia" },
  { "Emeka", "emeka" }, { "Olga", "olga" }, { "Tomás", "tomas" }, { "Saanvi", "saanvi" },
  { "Liam", "liam" }, { "Élodie", "elodie" }, { "Kenji", "kenji" }, { "Zainab", "zainab" },
  { "Mia", "mia" }, { "Čeněk", "cenek" }, { "Nour", "nour" }, { "Ravi", "ravi" },
  { "Astrid", "astrid" },
};

static const struct {
  const char *display;
  const char *ascii;
} last_names[] = {
  { "Müller", "mueller" }, { "García", "garcia" }, { "Nguyễn", "nguyen" },
  { "Kowalski", "kowalski" }, { "Okonkwo", "okonkwo" }, { "Yamamoto", "yamamoto" },
  { "Sharma", "sharma" }, { "O’Brien", "obrien" }, { "Andersson", "andersson" },
  { "Dubois", "dubois" }, { "Rossi", "rossi" }, { "Ivanova", "ivanova" },
  { "Haddad", "haddad" }, { "Mensah", "mensah" }, { "Fernández", "fernandez" },
  { "Novák", "novak" }, { "Wang", "wang" }, { "Kim", "kim" }, { "Silva", "silva" },
  { "Jensen", "jensen" }, { "Papadopoulos", "papadopoulos" }, { "Ali", "ali" },
  { "Van der Berg", "vanderberg" }, { "Lindqvist", "lindqvist" }, { "Petrović", "petrovic" },
  { "Suzuki", "suzuki" }, { "Adeyemi", "adeyemi" }, { "Moreau", "moreau" },
  { "Kaur", "kaur" }, { "Schröder", "schroeder" }, { "Çelik", "celik" },
  { "Bianchi", "bianchi" }, { "Nakamura", "nakamura" }, { "Walsh", "walsh" },
  { "Håkansson", "hakansson" }, { "Mahlangu", "mahlangu" }, { "Costa", "costa" },
  { "Zhang", "zhang" }, { "Horvat", "horvat" }, { "Reyes", "reyes" },
};

/* Internationalised domains are spelled as people type them, not in punycode. */
static const char * const domains[] = {
  "example.com", "example.org", "beispiel.de", "exemple.fr", "ejemplo.es",
  "example.jp", "bücher.example", "münchen.example", "example.co.uk", "örnek.example",
};

static const char * const cancel_reasons[] = {
  "candidate_withdrew", "sent_by_mistake", "position_filled", "pipeline_cleanup",
};

static InvStatus
pick_status (GRand    *rand,
             gboolean  template_active)
{
  int roll = g_rand_int_range (rand, 0, 100);

  if (!template_active)
    return roll < 60 ? INV_STATUS_COMPLETED : roll < 85 ? INV_STATUS_EXPIRED : INV_STATUS_CANCELLED;

  if (roll < 36) return INV_STATUS_PENDING;
  if (roll < 46) return INV_STATUS_IN_PROGRESS;
  if (roll < 74) return INV_STATUS_COMPLETED;
  if (roll < 84) return INV_STATUS_EXPIRED;
  if (roll < 94) return INV_STATUS_CANCELLED;
  if (roll < 98) return INV_STATUS_TEST_LEFT;
  return INV_STATUS_TERMINATED;
}

static gboolean
ensure_templates (InvDatabase  *database,
                  gint64        template_ids[INV_SAMPLE_DATA_N_TEMPLATES],
                  GError      **error)
{
  sqlite3_stmt *find;
  sqlite3_stmt *insert;
  sqlite3_stmt *add_interviewer;

  find = inv_database_prepare (database,
                               "SELECT id FROM templates WHERE name = ?1 AND is_sample = 1", error);
  if (find == NULL)
    return FALSE;

  for (guint i = 0; i < INV_SAMPLE_DATA_N_TEMPLATES; i++)
    {
      sqlite3_reset (find);
      sqlite3_bind_text (find, 1, sample_templates[i].name, -1, SQLITE_STATIC);
      if (sqlite3_step (find) == SQLITE_ROW)
        {
          template_ids[i] = sqlite3_column_int64 (find, 0);
          continue;
        }
      sqlite3_reset (find);

      insert = inv_database_prepare (database,
                                     "INSERT INTO templates (name, interview_type, active, validity_days,"
                                     " duration_minutes, is_sample, name_key)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5, 1, inv_name_key (?1))",
                                     error);
      if (insert == NULL)
        return FALSE;

      sqlite3_bind_text (insert, 1, sample_templates[i].name, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, sample_templates[i].interview_type, -1, SQLITE_STATIC);
      sqlite3_bind_int (insert, 3, sample_templates[i].active);
      sqlite3_bind_int (insert, 4, sample_templates[i].validity_days);
      sqlite3_bind_int (insert, 5, sample_templates[i].duration_minutes);
      if (!inv_database_step_done (database, insert, error))
        return FALSE;

      template_ids[i] = sqlite3_last_insert_rowid (inv_database_get_handle (database));

      if (g_strcmp0 (sample_templates[i].interview_type, "live") != 0)
        continue;

      add_interviewer = inv_database_prepare (database,
                                              "INSERT INTO interviewers (template_id, name, email) "
                                              "VALUES (?1, ?2, ?3)",
                                              error);
      if (add_interviewer == NULL)
        return FALSE;

      for (guint j = 0; j < 2; j++)
        {
          guint k = (i + j) % G_N_ELEMENTS (sample_interviewers);

          sqlite3_reset (add_interviewer);
          sqlite3_bind_int64 (add_interviewer, 1, template_ids[i]);
          sqlite3_bind_text (add_interviewer, 2, sample_interviewers[k].name, -1, SQLITE_STATIC);
          sqlite3_bind_text (add_interviewer, 3, sample_interviewers[k].email, -1, SQLITE_STATIC);
          if (!inv_database_step_done (database, add_interviewer, error))
            return FALSE;
        }
    }

  sqlite3_reset (find);

  return TRUE;
}

static gint64
max_candidate_id (InvDatabase *database)
{
  sqlite3_stmt *stmt = inv_database_prepare (database, "SELECT coalesce(max(id), 0) FROM candidates", NULL);
  gint64 max = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    max = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);

  return max;
}

/* A demo candidate, kept as the picks that spell their name and email. */
typedef struct
{
  gint64  id;
  gint64  serial;
  guint8  first;
  guint8  last;
  guint8  domain;
} SampleCandidate;

/* An invitation drawn but not yet written. */
typedef struct
{
  gint64   sent_at;
  gint64   expires_at;
  gint64   updated_at;
  gint64   scheduled_at;
  guint32  link[2];
  guint32  drawn;
  guint32  candidate;
  guint8   template_index;
  guint8   status;
  gint8    cancel_reason;
} SampleInvitation;

static gboolean
add_candidates_and_draw (InvDatabase   *database,
                         GRand         *rand,
                         guint64        n_invitations,
                         GArray        *candidates,
                         GArray        *invitations,
                         GError       **error)
{
  sqlite3 *db = inv_database_get_handle (database);
  sqlite3_stmt *add_candidate;
  gint64 now = inv_database_now ();
  gint64 serial = max_candidate_id (database);
  guint invitations_left_for_candidate = 0;
  char email[160];

  add_candidate = inv_database_prepare (database,
                                        "INSERT INTO candidates (first_name, last_name, email, email_key,"
                                        " phone, created_at, is_sample, name_key)"
                                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, inv_candidate_key (?2, ?1))",
                                        error);
  if (add_candidate == NULL)
    return FALSE;

  for (guint64 n = 0; n < n_invitations; n++)
    {
      SampleInvitation row = { 0 };
      guint template_index = g_rand_int_range (rand, 0, INV_SAMPLE_DATA_N_TEMPLATES);
      gboolean active = sample_templates[template_index].active;
      int validity = sample_templates[template_index].validity_days;
      gboolean live = g_strcmp0 (sample_templates[template_index].interview_type, "live") == 0;
      InvStatus status = pick_status (rand, active);

      /* Most candidates have one invitation, some have two or three (different roles). */
      if (invitations_left_for_candidate == 0)
        {
          SampleCandidate candidate = { 0 };
          char phone[32];

          candidate.first = g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names));
          candidate.last = g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names));
          candidate.domain = g_rand_int_range (rand, 0, G_N_ELEMENTS (domains));
          candidate.serial = ++serial;
          g_snprintf (email, sizeof email, "%s.%s.%" G_GINT64_FORMAT "@%s",
                      first_names[candidate.first].ascii, last_names[candidate.last].ascii,
                      candidate.serial, domains[candidate.domain]);
          g_snprintf (phone, sizeof phone, "+%d %03d %04d",
                      g_rand_int_range (rand, 1, 99), g_rand_int_range (rand, 100, 999),
                      g_rand_int_range (rand, 0, 9999));

          sqlite3_reset (add_candidate);
          sqlite3_bind_text (add_candidate, 1, first_names[candidate.first].display, -1, SQLITE_STATIC);
          sqlite3_bind_text (add_candidate, 2, last_names[candidate.last].display, -1, SQLITE_STATIC);
          sqlite3_bind_text (add_candidate, 3, email, -1, SQLITE_STATIC);
          /* The generated emails are already lower case. */
          sqlite3_bind_text (add_candidate, 4, email, -1, SQLITE_STATIC);
          sqlite3_bind_text (add_candidate, 5, phone, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (add_candidate, 6, now - 90 * DAY);
          if (!inv_database_step_done (database, add_candidate, error))
            return FALSE;

          candidate.id = sqlite3_last_insert_rowid (db);
          g_array_append_val (candidates, candidate);
          invitations_left_for_candidate = g_rand_int_range (rand, 0, 10) < 8 ? 1 : g_rand_int_range (rand, 2, 4);
        }
      invitations_left_for_candidate--;

      switch (status)
        {
        case INV_STATUS_PENDING:
          /* A pending invitation has not expired yet; about one in twelve ends
           * within the next 48 hours. */
          if (g_rand_int_range (rand, 0, 12) == 0)
            row.expires_at = now + g_rand_int_range (rand, 3600, 47 * 3600);
          else
            row.expires_at = now + g_rand_int_range (rand, 2 * DAY, validity * DAY + 1);
          row.sent_at = row.expires_at - (gint64)validity * DAY;
          break;

        case INV_STATUS_EXPIRED:
          row.expires_at = now - g_rand_int_range (rand, 3600, 60 * DAY);
          row.sent_at = row.expires_at - (gint64)validity * DAY;
          break;

        case INV_STATUS_IN_PROGRESS:
        case INV_STATUS_COMPLETED:
        case INV_STATUS_CANCELLED:
        case INV_STATUS_TEST_LEFT:
        case INV_STATUS_TERMINATED:
        case INV_STATUS_UNKNOWN:
        case INV_N_STATUSES:
        default:
          row.sent_at = now - g_rand_int_range (rand, DAY, 120 * DAY);
          row.expires_at = row.sent_at + (gint64)validity * DAY;
          break;
        }

      /* Times are spread over the second as well, so the sent order is total. */
      row.updated_at = status == INV_STATUS_PENDING ? row.sent_at : MIN (now, row.sent_at + g_rand_int_range (rand, 600, validity * DAY));
      row.link[0] = g_rand_int (rand);
      row.link[1] = g_rand_int (rand);
      if (live)
        row.scheduled_at = row.sent_at + (gint64)g_rand_int_range (rand, 2, validity) * DAY;
      row.cancel_reason = status == INV_STATUS_CANCELLED ? g_rand_int_range (rand, 0, G_N_ELEMENTS (cancel_reasons)) : -1;
      row.drawn = n;
      row.candidate = candidates->len - 1;
      row.template_index = template_index;
      row.status = status;
      g_array_append_val (invitations, row);
    }

  sqlite3_reset (add_candidate);

  return TRUE;
}

static int
compare_by_sent_at (gconstpointer a,
                    gconstpointer b)
{
  const SampleInvitation *first = a;
  const SampleInvitation *second = b;

  if (first->sent_at != second->sent_at)
    return first->sent_at < second->sent_at ? -1 : 1;

  return first->drawn < second->drawn ? -1 : first->drawn > second->drawn;
}

static gboolean
write_invitations (InvDatabase            *database,
                   GArray                 *candidates,
                   GArray                 *invitations,
                   const gint64            template_ids[INV_SAMPLE_DATA_N_TEMPLATES],
                   InvProgressFunc         progress,
                   gpointer                progress_data,
                   GError                **error)
{
  sqlite3 *db = inv_database_get_handle (database);
  sqlite3_stmt *add_invitation;
  sqlite3_stmt *add_history;
  char candidate_name[128];
  char email[160];
  char link[96];

  add_invitation = inv_database_prepare (database,
                                         "INSERT INTO invitations (template_id, candidate_id, candidate_name,"
                                         " email, status, link, sent_at, expires_at, scheduled_at, updated_at,"
                                         " sync_state, cancel_reason, search_text, is_sample, name_key)"
                                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'local', ?11, ?12, 1,"
                                         "  inv_name_key (?3))",
                                         error);
  add_history = inv_database_prepare (database,
                                      "INSERT INTO history (invitation_id, at, event, detail) VALUES (?1, ?2, ?3, ?4)",
                                      error);
  if (add_invitation == NULL || add_history == NULL)
    return FALSE;

  for (guint i = 0; i < invitations->len; i++)
    {
      const SampleInvitation *row = &g_array_index (invitations, SampleInvitation, i);
      const SampleCandidate *candidate = &g_array_index (candidates, SampleCandidate, row->candidate);
      const char *status = inv_status_to_string (row->status);
      g_autofree char *search_text = NULL;
      gint64 invitation_id;

      g_snprintf (candidate_name, sizeof candidate_name, "%s %s",
                  first_names[candidate->first].display, last_names[candidate->last].display);
      g_snprintf (email, sizeof email, "%s.%s.%" G_GINT64_FORMAT "@%s",
                  first_names[candidate->first].ascii, last_names[candidate->last].ascii,
                  candidate->serial, domains[candidate->domain]);
      g_snprintf (link, sizeof link, "https://demo.invitations.invalid/i/%08x%08x", row->link[0], row->link[1]);
      search_text = inv_search_text_new (candidate_name, email);

      sqlite3_reset (add_invitation);
      sqlite3_clear_bindings (add_invitation);
      sqlite3_bind_int64 (add_invitation, 1, template_ids[row->template_index]);
      sqlite3_bind_int64 (add_invitation, 2, candidate->id);
      sqlite3_bind_text (add_invitation, 3, candidate_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (add_invitation, 4, email, -1, SQLITE_STATIC);
      sqlite3_bind_text (add_invitation, 5, status, -1, SQLITE_STATIC);
      sqlite3_bind_text (add_invitation, 6, link, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (add_invitation, 7, row->sent_at);
      sqlite3_bind_int64 (add_invitation, 8, row->expires_at);
      if (row->scheduled_at != 0)
        sqlite3_bind_int64 (add_invitation, 9, row->scheduled_at);
      sqlite3_bind_int64 (add_invitation, 10, row->updated_at);
      if (row->cancel_reason >= 0)
        sqlite3_bind_text (add_invitation, 11, cancel_reasons[row->cancel_reason], -1, SQLITE_STATIC);
      sqlite3_bind_text (add_invitation, 12, search_text, -1, SQLITE_STATIC);
      if (!inv_database_step_done (database, add_invitation, error))
        return FALSE;

      invitation_id = sqlite3_last_insert_rowid (db);

      sqlite3_reset (add_history);
      sqlite3_bind_int64 (add_history, 1, invitation_id);
      sqlite3_bind_int64 (add_history, 2, row->sent_at);
      sqlite3_bind_text (add_history, 3, "invited", -1, SQLITE_STATIC);
      sqlite3_bind_text (add_history, 4, "demo data", -1, SQLITE_STATIC);
      if (!inv_database_step_done (database, add_history, error))
        return FALSE;

      if (row->status != INV_STATUS_PENDING)
        {
          sqlite3_reset (add_history);
          sqlite3_bind_int64 (add_history, 1, invitation_id);
          sqlite3_bind_int64 (add_history, 2, row->updated_at);
          sqlite3_bind_text (add_history, 3, row->status == INV_STATUS_CANCELLED ? "cancelled" : "status-changed", -1, SQLITE_STATIC);
          sqlite3_bind_text (add_history, 4, status, -1, SQLITE_STATIC);
          if (!inv_database_step_done (database, add_history, error))
            return FALSE;
        }

      if (progress != NULL && (i + 1) % 10000 == 0)
        progress (i + 1, invitations->len, progress_data);
    }

  if (progress != NULL)
    progress (invitations->len, invitations->len, progress_data);

  return TRUE;
}

/* Draws every invitation first and writes them in the order they were sent, as a
 * real database grows: ids ascend with the sent time, so the recent invitations —
 * the pending ones among them — sit together in the file, as they do for a user. */
static gboolean
add_rows (InvDatabase      *database,
          GRand            *rand,
          guint64           n_invitations,
          const gint64      template_ids[INV_SAMPLE_DATA_N_TEMPLATES],
          InvProgressFunc   progress,
          gpointer          progress_data,
          GError          **error)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (SampleCandidate));
  g_autoptr(GArray) invitations = NULL;

  /* Every invitation is held in memory (about 60 bytes each) until it is written. */
  if (n_invitations > G_MAXUINT32)
    {
      g_autofree char *count = g_strdup_printf ("%'" G_GUINT64_FORMAT, n_invitations);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Too many sample invitations at once: %s"), count);
      return FALSE;
    }
  invitations = g_array_sized_new (FALSE, FALSE, sizeof (SampleInvitation), (guint)n_invitations);

  if (!add_candidates_and_draw (database, rand, n_invitations, candidates, invitations, error))
    return FALSE;

  g_array_sort (invitations, compare_by_sent_at);

  return write_invitations (database, candidates, invitations, template_ids, progress, progress_data, error);
}

/* Tables whose indexes are rebuilt around a large load. */
static const char * const bulk_tables[] = { "invitations", "candidates", "history" };

/* Drops the schema objects of @kind ("INDEX", "TRIGGER") that @listing (name, sql)
 * returns, run once for each of @tables (bound to ?1) or once when there are none,
 * and returns the SQL that recreates them. */
static GPtrArray *
drop_listed (InvDatabase        *database,
             const char         *kind,
             const char         *listing,
             const char * const *tables,
             guint               n_tables,
             GError            **error)
{
  g_autoptr(GPtrArray) recreate = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  stmt = inv_database_prepare (database, listing, error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; i < MAX (n_tables, 1); i++)
    {
      if (n_tables > 0)
        sqlite3_bind_text (stmt, 1, tables[i], -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_ptr_array_add (names, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
          g_ptr_array_add (recreate, g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
        }
      sqlite3_reset (stmt);
    }

  /* Dropped only once the listing is done: not while it reads the schema. */
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *quoted = g_strdup_printf ("DROP %s \"%s\"", kind, (const char *)names->pdata[i]);

      if (!inv_database_exec (database, quoted, error))
        return NULL;
    }

  return g_steal_pointer (&recreate);
}

/* Drops the secondary indexes of the tables a large load writes and returns the SQL
 * that recreates them. Building an index once by sorting is several times faster than
 * growing it a row at a time in random order; it all happens inside the load's
 * transaction, so a crash still leaves the old database, indexes and all. Indexes that
 * back a UNIQUE constraint cannot be dropped and are not returned. */
static GPtrArray *
drop_secondary_indexes (InvDatabase  *database,
                        GError      **error)
{
  return drop_listed (database, "INDEX",
                      "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1"
                      " AND sql IS NOT NULL",
                      bulk_tables, G_N_ELEMENTS (bulk_tables), error);
}

/* Drops the triggers that keep the search index in step, row by row, and returns the
 * SQL that recreates them: after a large load one rebuild of the index from the
 * table is faster than a million single inserts into it. */
static GPtrArray *
drop_search_triggers (InvDatabase  *database,
                      GError      **error)
{
  return drop_listed (database, "TRIGGER",
                      "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'"
                      " AND tbl_name = 'invitations' AND name GLOB 'invitation_search_*'",
                      NULL, 0, error);
}

/* Fills the search index from scratch, then puts its triggers back. */
static gboolean
rebuild_search (InvDatabase  *database,
                GPtrArray    *triggers,
                GError      **error)
{
  if (!inv_database_exec (database,
                          "INSERT INTO invitation_search (invitation_search) VALUES ('rebuild')",
                          error))
    return FALSE;

  for (guint i = 0; i < triggers->len; i++)
    if (!inv_database_exec (database, triggers->pdata[i], error))
      return FALSE;

  return TRUE;
}

static gboolean
recreate_indexes (InvDatabase  *database,
                  GPtrArray    *statements,
                  GError      **error)
{
  for (guint i = 0; i < statements->len; i++)
    if (!inv_database_exec (database, statements->pdata[i], error))
      return FALSE;

  return TRUE;
}

static gint64
count_invitations (InvDatabase *database)
{
  sqlite3_stmt *stmt = inv_database_prepare (database, "SELECT count(*) FROM invitations", NULL);
  gint64 n = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);

  return n;
}

/* The load itself, in one transaction: nothing is added on error. */
static gboolean
add_in_transaction (InvDatabase      *database,
                    guint64           n_invitations,
                    GRand            *rand,
                    gboolean          rebuild_indexes,
                    InvProgressFunc   progress,
                    gpointer          progress_data,
                    GError          **error)
{
  g_autoptr(InvTransaction) txn = NULL;
  g_autoptr(GPtrArray) indexes = NULL;
  g_autoptr(GPtrArray) triggers = NULL;
  gint64 template_ids[INV_SAMPLE_DATA_N_TEMPLATES];
  gint64 started;

  txn = inv_transaction_begin (database, INV_TRANSACTION_IMMEDIATE, error);
  if (txn == NULL)
    return FALSE;
  if (rebuild_indexes)
    {
      indexes = drop_secondary_indexes (database, error);
      if (indexes != NULL)
        triggers = drop_search_triggers (database, error);
      if (indexes == NULL || triggers == NULL)
        return FALSE;
    }

  started = g_get_monotonic_time ();
  if (!ensure_templates (database, template_ids, error) ||
      !add_rows (database, rand, n_invitations, template_ids, progress, progress_data, error))
    return FALSE;
  g_debug ("Wrote %" G_GUINT64_FORMAT " demo invitations in %.2f s", n_invitations,
           (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);

  started = g_get_monotonic_time ();
  if (indexes != NULL && !recreate_indexes (database, indexes, error))
    return FALSE;
  g_debug ("Rebuilt %u indexes in %.2f s", indexes != NULL ? indexes->len : 0,
           (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);

  if (triggers != NULL)
    {
      started = g_get_monotonic_time ();
      if (!rebuild_search (database, triggers, error))
        return FALSE;
      g_debug ("Rebuilt the search index in %.2f s",
               (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
    }

  started = g_get_monotonic_time ();
  if (!inv_transaction_commit (txn, error))
    return FALSE;
  g_debug ("Committed in %.2f s", (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);

  return TRUE;
}

/**
 * inv_sample_data_add:
 * @database: the database to fill
 * @n_invitations: how many invitations to add
 * @seed: the random seed; the same seed on an empty database gives the same rows
 * @progress: (nullable) (scope call): told of progress every 10,000 rows
 * @error: return location for a #GError
 *
 * Adds realistic demo invitations: about 20 templates, live and automated, one of
 * them closed; mixed statuses; some pending ones ending within 48 hours; names and
 * emails from many countries. All in one transaction: nothing is added on error.
 */
gboolean
inv_sample_data_add (InvDatabase      *database,
                     guint64           n_invitations,
                     guint32           seed,
                     InvProgressFunc   progress,
                     gpointer          progress_data,
                     GError          **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gboolean rebuild_indexes;

  g_return_val_if_fail (INV_IS_DATABASE (database), FALSE);

  /* Only worth it when the load is large next to what the tables already hold. */
  rebuild_indexes = n_invitations >= 50000 && (gint64)n_invitations >= 2 * count_invitations (database);

  /* A bulk insert wants a larger page cache than browsing does. And a large load into
   * a nearly empty file goes through a rollback journal rather than the WAL: the
   * journal records the few pages that existed before (crash safety is the same),
   * while the WAL would make SQLite write every new page twice. When another
   * connection has the file open the mode stays WAL, which is merely slower. */
  if (!inv_database_exec (database, "PRAGMA cache_size = -262144", error))
    return FALSE;
  if (rebuild_indexes)
    inv_database_exec (database, "PRAGMA journal_mode = DELETE", NULL);

  /* The journal mode changes back only outside the transaction. */
  if (!add_in_transaction (database, n_invitations, rand, rebuild_indexes, progress, progress_data, error))
    {
      inv_database_exec (database, "PRAGMA cache_size = -2000", NULL);
      inv_database_exec (database, "PRAGMA journal_mode = WAL", NULL);
      return FALSE;
    }

  return inv_database_exec (database, "PRAGMA cache_size = -2000; PRAGMA journal_mode = WAL", error);
}

typedef struct
{
  guint64 n_invitations;
  guint32 seed;
} SampleJob;

static gpointer
sample_data_work (InvBulkJob    *job,
                  InvDatabase   *database,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  SampleJob *sample = data;

  inv_bulk_job_set_progress (job, 0, sample->n_invitations);
  if (!inv_sample_data_add (database, sample->n_invitations, sample->seed,
                            inv_bulk_job_report_progress, job, error))
    return NULL;

  return GUINT_TO_POINTER (TRUE);
}

/**
 * inv_sample_data_job_new:
 *
 * inv_sample_data_add() as a job for the database worker. Its progress is the number
 * of invitations written.
 *
 * Returns: (transfer full): the job; inv_bulk_job_run_finish() gives a non-%NULL
 *   pointer (not to free) on success
 */
InvBulkJob *
inv_sample_data_job_new (guint64 n_invitations,
                         guint32 seed)
{
  SampleJob *sample = g_new0 (SampleJob, 1);

  sample->n_invitations = n_invitations;
  sample->seed = seed;

  return inv_bulk_job_new (INV_BULK_JOB_FLAGS_NONE, sample_data_work, sample, g_free, NULL);
}

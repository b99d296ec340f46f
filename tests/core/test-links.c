/* test-links.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An invitation's link: only the service's http or https address is ever kept, shown
 * or copied, and when there is none the app says why.
 */

#include "config.h"
#include "inv-test-tmpdir.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "core-test-util.h"
#include "inv-database.h"
#include "inv-database-invitations.h"
#include "inv-export.h"
#include "inv-invitation-query.h"
#include "inv-invitation.h"
#include "inv-invite.h"
#include "inv-remote-store.h"

static InvDatabase *
links_database (void)
{
  static guint serial;
  g_autofree char *name = g_strdup_printf ("links-%u.db", ++serial);

  /* 1 sent, 2 pulled without its link, 3 queued, 4 cancelled, 5 the stand-in of an
   * older version, 6 refused by the service, 7 expired, 8 a hostile link, 9 a sample
   * invitation with its made-up address. */
  return core_test_open_database (name,
                                  "INSERT INTO templates (id, remote_id, name) VALUES (1, 1001, 'Engineer');"
                                  "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at)"
                                  "  VALUES (1, 'Jo', 'Example', 'jo@example.org', 'jo@example.org', 0);"
                                  "INSERT INTO invitations (id, remote_id, template_id, candidate_id, candidate_name, email,"
                                  "  status, link, sent_at, expires_at, updated_at, sync_state) VALUES"
                                  "  (1, 501, 1, 1, 'Jo', 'jo@example.org', 'pending', 'https://invites.example.com/i/1', 1, 2, 1, 'synced'),"
                                  "  (2, 502, 1, 1, 'Jo', 'jo@example.org', 'in_progress', NULL, 1, 2, 1, 'synced'),"
                                  "  (3, NULL, 1, 1, 'Jo', 'jo@example.org', 'pending', NULL, 1, 2, 1, 'pending_create'),"
                                  "  (4, 504, 1, 1, 'Jo', 'jo@example.org', 'cancelled', 'https://invites.example.com/i/4', 1, 2, 1, 'synced'),"
                                  "  (5, NULL, 1, 1, 'Jo', 'jo@example.org', 'pending', 'urn:invitations:pending:0f1e', 1, 2, 1, 'pending_create'),"
                                  "  (6, NULL, 1, 1, 'Jo', 'jo@example.org', 'pending', NULL, 1, 2, 1, 'failed'),"
                                  "  (7, 507, 1, 1, 'Jo', 'jo@example.org', 'expired', 'https://invites.example.com/i/7', 1, 2, 1, 'synced'),"
                                  "  (8, 508, 1, 1, 'Jo', 'jo@example.org', 'pending', 'javascript:alert(1)', 1, 2, 1, 'synced');"
                                  "INSERT INTO invitations (id, template_id, candidate_id, candidate_name, email,"
                                  "  status, link, sent_at, expires_at, updated_at, sync_state, is_sample) VALUES"
                                  "  (9, 1, 1, 'Jo', 'jo@example.org', 'pending', 'https://demo.invitations.invalid/i/9', 1, 2, 1, 'local', 1);");
}

static InvInvitation *
load (InvDatabase *database,
      gint64       id)
{
  g_autoptr(GError) error = NULL;
  InvInvitation *invitation = inv_database_load_invitation (database, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (invitation);

  return invitation;
}

static void
test_link_is_web (void)
{
  g_assert_true (inv_invitation_link_is_web ("https://invites.example.com/i/9f2c"));
  g_assert_true (inv_invitation_link_is_web ("http://127.0.0.1:8080/i/abc"));
  g_assert_true (inv_invitation_link_is_web ("HTTPS://invites.example.com/i/9f2c"));

  g_assert_false (inv_invitation_link_is_web (NULL));
  g_assert_false (inv_invitation_link_is_web (""));
  g_assert_false (inv_invitation_link_is_web ("urn:invitations:pending:0f1e2d3c"));
  g_assert_false (inv_invitation_link_is_web ("javascript:alert(document.cookie)"));
  g_assert_false (inv_invitation_link_is_web ("JavaScript://invites.example.com/%0Aalert(1)"));
  g_assert_false (inv_invitation_link_is_web ("file:///etc/passwd"));
  g_assert_false (inv_invitation_link_is_web ("data:text/html,hi"));
  g_assert_false (inv_invitation_link_is_web ("https://"));
  g_assert_false (inv_invitation_link_is_web ("invites.example.com/i/1"));
}

static void
test_links_and_reasons (void)
{
  g_autoptr(InvDatabase) database = links_database ();
  struct {
    gint64      id;
    const char *link;
    const char *reason_part;   /* NULL: the link can be copied */
  } expected[] = {
    { 1, "https://invites.example.com/i/1", NULL },
    { 2, NULL, "asks for it at each sync" },
    { 3, NULL, "Not sent yet" },
    { 4, "https://invites.example.com/i/4", "Cancelled: the link no longer works" },
    { 5, NULL, "Not sent yet" },
    { 6, NULL, "refused" },
    { 7, "https://invites.example.com/i/7", "Expired" },
    { 8, NULL, "asks for it at each sync" },
    { 9, "https://demo.invitations.invalid/i/9", "Sample invitation" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(InvInvitation) invitation = load (database, expected[i].id);
      const char *reason = inv_invitation_get_link_unavailable_reason (invitation);

      g_test_message ("invitation %" G_GINT64_FORMAT, expected[i].id);
      g_assert_cmpstr (inv_invitation_get_link (invitation), ==, expected[i].link);
      if (expected[i].reason_part == NULL)
        g_assert_null (reason);
      else
        g_assert_nonnull (strstr (reason, expected[i].reason_part));
    }
}

static void
test_queued_invite_has_no_link (void)
{
  g_autoptr(InvDatabase) database = links_database ();
  g_autoptr(InvInviteRequest) request = inv_invite_request_new (1);
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autoptr(InvInvitation) invitation = NULL;
  g_autoptr(GError) error = NULL;
  gint64 candidate_id = 1;
  InvInviteOutcome *outcome;

  /* Jo already has pending ones: invite anyway. */
  request->include_already_invited = TRUE;
  outcomes = inv_invite_queue (database, request, &candidate_id, 1, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  outcome = outcomes->pdata[0];
  g_assert_cmpint (outcome->invitation_id, >, 0);

  g_assert_cmpint (core_test_scalar (database, "SELECT count(*) FROM invitations WHERE link LIKE 'urn:%'"), ==, 1);
  invitation = load (database, outcome->invitation_id);
  g_assert_null (inv_invitation_get_link (invitation));
  g_assert_nonnull (strstr (inv_invitation_get_link_unavailable_reason (invitation), "Not sent yet"));
}

static void
test_missing_links (void)
{
  g_autoptr(InvDatabase) database = links_database ();
  g_autoptr(GArray) remote_ids = NULL;
  g_autoptr(InvInvitation) pulled = NULL;
  g_autoptr(GError) error = NULL;

  /* Pulled or hostile ones the service still has; not the queued or ended ones. */
  remote_ids = inv_remote_store_list_missing_links (database, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (remote_ids->len, ==, 2);
  g_assert_cmpint (g_array_index (remote_ids, gint64, 0) + g_array_index (remote_ids, gint64, 1), ==, 502 + 508);

  g_assert_true (inv_remote_store_set_link (database, 502, "https://invites.example.com/i/2", &error));
  g_assert_no_error (error);
  pulled = load (database, 2);
  g_assert_cmpstr (inv_invitation_get_link (pulled), ==, "https://invites.example.com/i/2");
  g_assert_null (inv_invitation_get_link_unavailable_reason (pulled));
}

/* An export never shows a local stand-in or a hostile address as a link. */
static void
test_export_links (void)
{
  g_autoptr(InvDatabase) database = links_database ();
  g_autoptr(InvInvitationQuery) query = inv_invitation_query_new ();
  InvExportFormat formats[] = { INV_EXPORT_CSV, INV_EXPORT_JSON };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *buffer = NULL;
      size_t length = 0;
      FILE *out = open_memstream (&buffer, &length);

      g_assert_true (inv_export_invitations (database, query, formats[i], out, &error));
      g_assert_no_error (error);
      fclose (out);

      g_assert_nonnull (strstr (buffer, "https://invites.example.com/i/1"));
      g_assert_null (strstr (buffer, "urn:"));
      g_assert_null (strstr (buffer, "javascript:"));
    }
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/links/web-only", test_link_is_web);
  g_test_add_func ("/links/reasons", test_links_and_reasons);
  g_test_add_func ("/links/queued-invite", test_queued_invite_has_no_link);
  g_test_add_func ("/links/missing", test_missing_links);
  g_test_add_func ("/links/export", test_export_links);

  status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return status;
}

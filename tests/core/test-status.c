/* test-status.c: the status rules, status by status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <glib.h>
#include <string.h>

#include "inv-status.h"

static void
test_wire_spellings (void)
{
  static const struct {
    const char *wire;
    InvStatus status;
  } cases[] = {
    { "Pending", INV_STATUS_PENDING },
    { "pending", INV_STATUS_PENDING },
    { "Inprogress", INV_STATUS_IN_PROGRESS },
    { "InProgress", INV_STATUS_IN_PROGRESS },
    { "In Progress", INV_STATUS_IN_PROGRESS },
    { "in_progress", INV_STATUS_IN_PROGRESS },
    { "IN-PROGRESS", INV_STATUS_IN_PROGRESS },
    { "Complete", INV_STATUS_COMPLETED },
    { "Completed", INV_STATUS_COMPLETED },
    { "Expired", INV_STATUS_EXPIRED },
    { "Cancelled", INV_STATUS_CANCELLED },
    { "Canceled", INV_STATUS_CANCELLED },
    { "cancelled", INV_STATUS_CANCELLED },
    { "Test Left", INV_STATUS_TEST_LEFT },
    { "Testleft", INV_STATUS_TEST_LEFT },
    { "TestLeft", INV_STATUS_TEST_LEFT },
    { "test_left", INV_STATUS_TEST_LEFT },
    { "Terminated", INV_STATUS_TERMINATED },
    { "Archived", INV_STATUS_UNKNOWN },
    { "", INV_STATUS_UNKNOWN },
    { "   ", INV_STATUS_UNKNOWN },
    { "a status spelled far too long to be any of the known ones", INV_STATUS_UNKNOWN },
    { NULL, INV_STATUS_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (inv_status_from_wire (cases[i].wire), ==, cases[i].status);
}

static void
test_names_round_trip (void)
{
  for (InvStatus status = INV_STATUS_PENDING; status < INV_N_STATUSES; status++)
    {
      const char *name = inv_status_to_string (status);

      g_assert_nonnull (name);
      g_assert_cmpint (inv_status_from_string (name), ==, status);
      /* The normalised name is also accepted on the wire. */
      g_assert_cmpint (inv_status_from_wire (name), ==, status);
      g_assert_cmpstr (inv_status_get_label (status), !=, "");
    }

  g_assert_cmpint (inv_status_from_string ("Pending"), ==, INV_STATUS_UNKNOWN);
  g_assert_cmpint (inv_status_from_string (NULL), ==, INV_STATUS_UNKNOWN);

  for (InvSyncState state = INV_SYNC_STATE_LOCAL; state < INV_N_SYNC_STATES; state++)
    g_assert_cmpint (inv_sync_state_from_string (inv_sync_state_to_string (state)), ==, state);
}

/* The list's Sync column says a word; the long label stays for other places. */
static void
test_sync_short_labels (void)
{
  g_assert_cmpstr (inv_sync_state_get_short_label (INV_SYNC_STATE_PENDING_CANCEL), ==, "Waiting");
  g_assert_cmpstr (inv_sync_state_get_label (INV_SYNC_STATE_PENDING_CANCEL), ==, "Cancel waiting to sync");
  g_assert_cmpstr (inv_sync_state_get_short_label (INV_SYNC_STATE_PENDING_CREATE), ==, "Waiting");
  g_assert_cmpstr (inv_sync_state_get_short_label (INV_SYNC_STATE_SYNCED), ==, "Synced");
  g_assert_cmpstr (inv_sync_state_get_short_label (INV_SYNC_STATE_FAILED), ==, "Failed");
  g_assert_cmpstr (inv_sync_state_get_short_label (INV_SYNC_STATE_CONFLICT), ==, "Conflict");
  g_assert_cmpstr (inv_sync_state_get_short_label (INV_SYNC_STATE_LOCAL), ==, "Sample");

  for (InvSyncState state = INV_SYNC_STATE_LOCAL; state < INV_N_SYNC_STATES; state++)
    {
      const char *word = inv_sync_state_get_short_label (state);

      g_assert_cmpstr (word, !=, "");
      g_assert_null (strchr (word, ' '));
      g_assert_cmpuint (strlen (word), <=, strlen (inv_sync_state_get_label (state)));
    }
}

/* The whole table: for every status, exactly which actions it allows. */
static void
test_rules_table (void)
{
  static const gboolean allowed[INV_N_STATUSES][INV_N_ACTIONS] = {
    /*                          cancel reinvite reattempt edit   copy-link */
    [INV_STATUS_UNKNOWN] =     { FALSE, FALSE,  FALSE,    TRUE,  FALSE },
    [INV_STATUS_PENDING] =     { TRUE,  FALSE,  FALSE,    TRUE,  TRUE  },
    [INV_STATUS_IN_PROGRESS] = { FALSE, FALSE,  FALSE,    TRUE,  TRUE  },
    [INV_STATUS_COMPLETED] =   { FALSE, FALSE,  TRUE,     TRUE,  FALSE },
    [INV_STATUS_EXPIRED] =     { FALSE, TRUE,   FALSE,    TRUE,  FALSE },
    [INV_STATUS_CANCELLED] =   { FALSE, TRUE,   FALSE,    TRUE,  FALSE },
    [INV_STATUS_TEST_LEFT] =   { FALSE, FALSE,  TRUE,     TRUE,  FALSE },
    [INV_STATUS_TERMINATED] =  { FALSE, FALSE,  FALSE,    TRUE,  FALSE },
  };

  for (InvStatus status = 0; status < INV_N_STATUSES; status++)
    {
      for (InvAction action = 0; action < INV_N_ACTIONS; action++)
        {
          const char *why_not = "unset";
          gboolean result = inv_status_allows (status, action, &why_not);

          if (result != allowed[status][action])
            g_error ("%s / %s: expected %s", inv_status_to_string (status),
                     inv_action_to_string (action), allowed[status][action] ? "allowed" : "refused");

          /* A refusal always explains itself; an allowed action never has a reason. */
          if (result)
            g_assert_null (why_not);
          else
            {
              g_assert_nonnull (why_not);
              g_assert_cmpuint (strlen (why_not), >, 0);
            }

          /* why_not is optional. */
          g_assert_cmpint (inv_status_allows (status, action, NULL), ==, result);
        }
    }
}

/* Each refusal to cancel names the status that prevents it, as the list's menu and the
 * bulk dialog show it. */
static void
test_cancel_reasons_differ (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (InvStatus status = 0; status < INV_N_STATUSES; status++)
    {
      const char *why_not = NULL;

      if (inv_status_allows (status, INV_ACTION_CANCEL, &why_not))
        continue;

      g_assert_false (g_hash_table_contains (seen, why_not));
      g_hash_table_add (seen, (gpointer)why_not);
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, INV_N_STATUSES - 1);
}

static void
test_final_statuses (void)
{
  g_assert_false (inv_status_is_final (INV_STATUS_PENDING));
  g_assert_false (inv_status_is_final (INV_STATUS_IN_PROGRESS));
  g_assert_false (inv_status_is_final (INV_STATUS_UNKNOWN));
  g_assert_true (inv_status_is_final (INV_STATUS_COMPLETED));
  g_assert_true (inv_status_is_final (INV_STATUS_EXPIRED));
  g_assert_true (inv_status_is_final (INV_STATUS_CANCELLED));
  g_assert_true (inv_status_is_final (INV_STATUS_TEST_LEFT));
  g_assert_true (inv_status_is_final (INV_STATUS_TERMINATED));
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int test_status;
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/status/wire-spellings", test_wire_spellings);
  g_test_add_func ("/status/names-round-trip", test_names_round_trip);
  g_test_add_func ("/status/rules-table", test_rules_table);
  g_test_add_func ("/status/sync-short-labels", test_sync_short_labels);
  g_test_add_func ("/status/cancel-reasons-differ", test_cancel_reasons_differ);
  g_test_add_func ("/status/final-statuses", test_final_statuses);

  test_status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return test_status;
}

/* inv-sync-pull.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pull: reads the service's interview templates, then its status changes window
 * by window since the last pull, and applies them to the database.
 */

#define G_LOG_DOMAIN "inv-sync-engine"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-sync-engine-private.h"

/* The first pull of a database reaches this far back. */
#define INITIAL_LOOKBACK_SECONDS (90 * 24 * 3600)
/* Each pull starts this long before the end of the last window read, so that a change
 * recorded late on the service (clocks, slow writers) is not missed. */
#define WINDOW_OVERLAP_SECONDS (10 * 60)
/* A window whose content moves while it is read page by page is read again from its
 * first page at most this often in one pull. */
#define WINDOW_RESTARTS 3
/* Links read one invitation at a time, at most this many per sync (see
 * fetch_missing_links()). */
#define LINKS_PER_SYNC 50

static void pull_tests_page (InvSyncRun *run);
static void pull_window_page (InvSyncRun *run);

static gboolean
pull_retry_cb (gpointer data)
{
  InvSyncRun *run = data;

  run->wait_id = 0;
  if (run->tests != NULL)
    pull_tests_page (run);
  else
    pull_window_page (run);

  return G_SOURCE_REMOVE;
}

/* A read of the pull failed. Returns %TRUE when it is tried again after the wait the
 * push would take (what a 429 asked for, else the backoff); %FALSE when the pull ends
 * here and the next sync reads the rest (the window end only moves once a window was
 * read in full). */
static gboolean
pull_retry (InvSyncRun   *run,
            const GError *error)
{
  gint64 wait_ms;

  /* An answer beyond the app's limits would be the same again. */
  if (_inv_sync_needs_new_key (error) || !inv_service_error_is_transient (error) ||
      g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_LIMIT) ||
      ++run->read_attempts >= READ_ATTEMPTS || g_cancellable_is_cancelled (run->cancellable))
    return FALSE;

  /* No answer at all, three times: the service is not there; the next sync tries. */
  if (_inv_sync_is_transport_failure (error) && run->read_attempts >= 3)
    return FALSE;

  /* A service that asks for a long pause gets it. */
  wait_ms = _inv_sync_run_read_wait_ms (run, run->read_attempts);
  if (_inv_sync_engine_beyond_horizon (run->engine, wait_ms))
    return FALSE;

  run->wait_id = g_timeout_add (wait_ms, pull_retry_cb, run);

  return TRUE;
}

static void
pull_failed (InvSyncRun *run,
             GError     *error)
{
  if (run->error == NULL)
    run->error = g_error_copy (error);
  _inv_sync_run_finish (run);
}

/* A page that could not be stored: the pages before it were, so the database's own
 * "nothing was changed" would say too little of what the sync did. */
static void
store_failed (InvSyncRun *run,
              GError     *error)
{
  g_autoptr(GError) said = NULL;

  if (g_error_matches (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_FULL))
    said = g_error_new_literal (error->domain, error->code,
                                _("The disk is full: what this sync stored before is kept, and the rest comes with the next sync. Free some space."));
  else if (g_error_matches (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_READ_ONLY))
    said = g_error_new_literal (error->domain, error->code,
                                _("The database is read-only, so what the service sent could not be stored. Make the file and its folder writable, then sync again."));

  pull_failed (run, said != NULL ? said : error);
}

/* Said with the time, so that a person knows when the sync goes on (what the push
 * left is due then). */
static GError *
wait_error (gint64 wait_ms)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, (wait_ms + 999) / 1000);
  g_autofree char *time = g_date_time_format (then, "%X");

  return g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_RATE_LIMITED,
                      _("The service asked to wait until %s before the next request; the rest of the sync waits until then"),
                      time);
}

/* No read goes out while the service asks us to wait (a 429 of any request, also one
 * of the push): the pull waits for the end of it, or ends when that is beyond the
 * retry horizon. Returns %TRUE when the read is not sent now. */
static gboolean
pull_wait_if_blocked (InvSyncRun *run)
{
  gint64 wait_ms = _inv_sync_run_rate_limit_wait_ms (run);

  if (wait_ms == 0)
    return FALSE;

  if (_inv_sync_engine_beyond_horizon (run->engine, wait_ms))
    {
      g_autoptr(GError) error = wait_error (wait_ms);

      pull_failed (run, error);
      return TRUE;
    }

  run->wait_id = g_timeout_add (wait_ms, pull_retry_cb, run);

  return TRUE;
}

/* The page a read of the pull brought; %NULL when the read failed, and then it is
 * tried again or the pull ends (see pull_retry()). */
static GPtrArray *
pull_page_finish (InvSyncRun   *run,
                  GObject      *client,
                  GAsyncResult *result,
                  gint64       *total_count)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *page;

  page = inv_service_client_read_page_finish (INV_SERVICE_CLIENT (client), result, total_count, &error);
  if (page == NULL)
    {
      if (!pull_retry (run, error))
        {
          gint64 wait_ms = _inv_sync_run_rate_limit_wait_ms (run);

          /* A 429 whose wait ends the pull: the service's own words say not when. */
          if (g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_RATE_LIMITED) && wait_ms > 0)
            {
              g_autoptr(GError) waiting = wait_error (wait_ms);

              pull_failed (run, waiting);
            }
          else
            pull_failed (run, error);
        }
      return NULL;
    }

  run->read_attempts = 0;

  return page;
}

/* Links ------------------------------------------------------------------------------
 *
 * The service's list of changes carries no links: an invitation a pull imported or
 * updated gets its link from a read of that one invitation, a few per sync. A service
 * without that read (404) or one that fails leaves them for the next sync; the pull
 * itself is complete either way. */

typedef struct
{
  InvSyncRun *run;
  GArray     *remote_ids;  /* owned */
  guint       next;
} LinkFetch;

static void fetch_next_link (LinkFetch *fetch);

static void
link_fetch_finish (LinkFetch *fetch)
{
  InvSyncRun *run = fetch->run;

  g_array_unref (fetch->remote_ids);
  g_free (fetch);
  _inv_sync_run_finish (run);
}

static void
link_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  LinkFetch *fetch = user_data;
  g_autoptr(InvRemoteInvitation) remote = NULL;
  g_autoptr(GError) error = NULL;

  remote = inv_service_client_get_invitation_finish (INV_SERVICE_CLIENT (object), result, &error);
  if (remote == NULL)
    {
      /* An invitation erased since, or a service without the read: the others may
       * still be read; anything else ends the reads of this sync. */
      if (!g_error_matches (error, INV_SERVICE_ERROR, INV_SERVICE_ERROR_NOT_FOUND))
        {
          g_debug ("Reading links stopped: %s", error->message);
          link_fetch_finish (fetch);
          return;
        }
    }
  else if (remote->test_url != NULL)
    {
      if (!inv_remote_store_set_link (fetch->run->engine->database, remote->id, remote->test_url, &error))
        {
          g_warning ("Could not store the link of invitation %" G_GINT64_FORMAT ": %s",
                     remote->id, error->message);
          link_fetch_finish (fetch);
          return;
        }
    }

  fetch_next_link (fetch);
}

static void
fetch_next_link (LinkFetch *fetch)
{
  InvSyncRun *run = fetch->run;

  if (fetch->next >= fetch->remote_ids->len || g_cancellable_is_cancelled (run->cancellable) ||
      _inv_sync_run_rate_limit_wait_ms (run) > 0)
    {
      link_fetch_finish (fetch);
      return;
    }

  inv_service_client_get_invitation_async (run->client,
                                           g_array_index (fetch->remote_ids, gint64, fetch->next++),
                                           run->cancellable, link_cb, fetch);
}

static void
fetch_missing_links (InvSyncRun *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) remote_ids = NULL;
  LinkFetch *fetch;

  remote_ids = inv_remote_store_list_missing_links (run->engine->database, LINKS_PER_SYNC, &error);
  if (remote_ids == NULL || remote_ids->len == 0)
    {
      if (error != NULL)
        g_warning ("Could not list the invitations without a link: %s", error->message);
      _inv_sync_run_finish (run);
      return;
    }

  fetch = g_new0 (LinkFetch, 1);
  fetch->run = run;
  fetch->remote_ids = g_steal_pointer (&remote_ids);
  fetch_next_link (fetch);
}

static void
pull_next_window (InvSyncRun *run)
{
  if (run->window_end >= run->pull_end)
    {
      run->report.pull_complete = TRUE;
      fetch_missing_links (run);
      return;
    }

  /* Windows up to a second ago, then that last second on its own. An invitation that
   * changes while a window is read page by page then leaves that window (its total
   * changes and it is read again) instead of moving inside it and pushing an unchanged
   * one past a page boundary; the last second is usually a single page. */
  run->window_start = run->window_end;
  if (run->window_start < run->pull_end - 1)
    run->window_end = MIN (run->window_start + INV_SERVICE_MAX_WINDOW_SECONDS, run->pull_end - 1);
  else
    run->window_end = run->pull_end;
  g_clear_pointer (&run->pages, inv_service_pages_unref);
  run->pages = inv_service_pages_new_test_attempts ("all", run->window_start, run->window_end,
                                                    INV_SERVICE_ATTEMPTS_PAGE_SIZE);
  run->window_total = -1;
  run->window_restarts = 0;
  run->read_attempts = 0;
  pull_window_page (run);
}

static void
window_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  InvSyncRun *run = user_data;
  InvSyncEngine *self = run->engine;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  gint64 total = 0;

  page = pull_page_finish (run, object, result, &total);
  if (page == NULL)
    return;

  /* The window's content moved while it was read page by page (a change landed in
   * it): pages may have shifted, so read the window again from the start. Applying
   * a change twice is harmless. */
  if (run->window_total >= 0 && total != run->window_total && run->window_restarts < WINDOW_RESTARTS)
    {
      run->window_restarts++;
      run->window_total = -1;
      inv_service_pages_rewind (run->pages);
      pull_window_page (run);
      return;
    }
  run->window_total = total;

  if (!inv_remote_store_apply_changes (self->database, page, &run->apply_stats, &error))
    {
      store_failed (run, error);
      return;
    }

  if (inv_service_pages_has_more (run->pages))
    {
      pull_window_page (run);
      return;
    }

  /* The window was read in full: remember where the next pull starts. */
  {
    g_autofree char *end = g_strdup_printf ("%" G_GINT64_FORMAT, run->window_end);

    if (!inv_database_set_meta (self->database, INV_META_PULL_WINDOW_END, end, &error))
      {
        pull_failed (run, error);
        return;
      }
  }

  pull_next_window (run);
}

static void
pull_window_page (InvSyncRun *run)
{
  if (pull_wait_if_blocked (run))
    return;

  inv_service_client_read_page_async (run->client, run->pages, run->cancellable, window_cb, run);
}

static void
pull_windows (InvSyncRun *run)
{
  InvSyncEngine *self = run->engine;
  g_autofree char *last_end = inv_database_get_meta (self->database, INV_META_PULL_WINDOW_END);
  g_autofree char *last_url = inv_database_get_meta (self->database, INV_META_SERVICE_URL);
  const char *url = inv_service_client_get_base_url (run->client);
  gint64 now = inv_database_now ();
  gint64 start;

  g_clear_pointer (&run->tests, g_ptr_array_unref);

  /* A database that synced with another service starts over. */
  if (last_end != NULL && g_strcmp0 (last_url, url) == 0)
    start = g_ascii_strtoll (last_end, NULL, 10) - WINDOW_OVERLAP_SECONDS;
  else
    start = now - INITIAL_LOOKBACK_SECONDS;

  if (g_strcmp0 (last_url, url) != 0)
    {
      g_autoptr(GError) error = NULL;

      if (!inv_database_set_meta (self->database, INV_META_SERVICE_URL, url, &error))
        {
          pull_failed (run, error);
          return;
        }
    }

  run->pull_end = now;
  run->window_end = MIN (start, now - 1);
  pull_next_window (run);
}

static void
tests_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  InvSyncRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;

  page = pull_page_finish (run, object, result, NULL);
  if (page == NULL)
    return;

  g_ptr_array_extend_and_steal (run->tests, g_steal_pointer (&page));

  if (inv_service_pages_has_more (run->pages))
    {
      pull_tests_page (run);
      return;
    }

  if (!inv_remote_store_upsert_tests (run->engine->database, run->tests, NULL, &error))
    {
      store_failed (run, error);
      return;
    }

  pull_windows (run);
}

static void
pull_tests_page (InvSyncRun *run)
{
  if (pull_wait_if_blocked (run))
    return;

  inv_service_client_read_page_async (run->client, run->pages, run->cancellable, tests_cb, run);
}

void
_inv_sync_run_start_pull (InvSyncRun *run)
{
  g_debug ("Push done (%u in flight, stopped: %d); pulling", run->n_in_flight, run->stop_push);
  run->pulling = TRUE;

  if (g_cancellable_is_cancelled (run->cancellable) && run->error == NULL)
    run->error = g_error_new (INV_SERVICE_ERROR, INV_SERVICE_ERROR_CANCELLED,
                              _("The sync was stopped"));

  if (run->error != NULL || (run->flags & INV_SYNC_FLAGS_PUSH_ONLY) != 0 ||
      g_cancellable_is_cancelled (run->cancellable))
    {
      _inv_sync_run_finish (run);
      return;
    }

  /* The push ended early because the service is unreachable: so would the pull. */
  if (run->stop_push && run->transport_failures >= MAX_TRANSPORT_FAILURES_IN_A_ROW)
    {
      _inv_sync_run_finish (run);
      return;
    }

  run->tests = g_ptr_array_new_with_free_func ((GDestroyNotify)inv_remote_test_free);
  run->pages = inv_service_pages_new_tests (INV_SERVICE_TESTS_PAGE_SIZE);
  run->read_attempts = 0;
  pull_tests_page (run);
}

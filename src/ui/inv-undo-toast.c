/* inv-undo-toast.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-undo-toast"

#include "config.h"

#include "inv-undo-toast.h"

/* A toast's Undo is one of several ways to take a change back: Ctrl+Z, the toast of
 * another window, the command line of another process. Once the change cannot be taken
 * back any more, whoever did it, the toast goes, rather than offering an Undo that
 * would only answer that there is nothing to undo. */
typedef struct
{
  InvSession   *session;  /* owned */
  gint64        batch_id;
  InvUndoCheck  still_undoable;
  gulong        changed_id;
} Follow;

static void
follow_free (gpointer data)
{
  Follow *follow = data;

  g_clear_signal_handler (&follow->changed_id, follow->session);
  g_clear_object (&follow->session);
  g_free (follow);
}

static void
session_changed_cb (InvSession   *session,
                    InvChangeSet *changes,
                    AdwToast     *toast)
{
  Follow *follow = g_object_get_data (G_OBJECT (toast), "inv-undo-toast-follow");

  if (follow == NULL)
    return;

  /* An undo changes the invitations back and withdraws the outbox rows. */
  if (!inv_change_set_has (changes, INV_CHANGE_OUTBOX) &&
      !inv_change_set_has (changes, INV_CHANGE_INVITATIONS))
    return;

  if (follow->still_undoable (inv_session_get_database (session), follow->batch_id, inv_database_now ()))
    return;

  /* Drops the follow (and this handler) before the toast goes. */
  g_object_ref (toast);
  g_object_set_data (G_OBJECT (toast), "inv-undo-toast-follow", NULL);
  adw_toast_dismiss (toast);
  g_object_unref (toast);
}

static void
toast_dismissed_cb (AdwToast *toast)
{
  g_object_set_data (G_OBJECT (toast), "inv-undo-toast-follow", NULL);
}

/**
 * inv_undo_toast_follow:
 * @toast: a toast whose button takes back the batch @batch_id
 * @session: the session whose database holds the batch
 * @batch_id: the batch the toast's Undo takes back
 * @still_undoable: tells whether the batch can still be taken back
 *
 * Dismisses @toast as soon as a change to the database leaves its batch beyond undo:
 * taken back another way, or sent.
 */
void
inv_undo_toast_follow (AdwToast     *toast,
                       InvSession   *session,
                       gint64        batch_id,
                       InvUndoCheck  still_undoable)
{
  Follow *follow;

  g_return_if_fail (ADW_IS_TOAST (toast));
  g_return_if_fail (INV_IS_SESSION (session));
  g_return_if_fail (still_undoable != NULL);

  follow = g_new0 (Follow, 1);
  follow->session = g_object_ref (session);
  follow->batch_id = batch_id;
  follow->still_undoable = still_undoable;
  /* Disconnected when the toast goes (follow_free()), so the toast is never a
   * dangling pointer here. */
  follow->changed_id = g_signal_connect (session, "changed", G_CALLBACK (session_changed_cb), toast);
  g_object_set_data_full (G_OBJECT (toast), "inv-undo-toast-follow", follow, follow_free);
  g_signal_connect (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), NULL);
}

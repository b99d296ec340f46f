/* inv-change-hub.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-change-hub"

#include "config.h"

#include <stdlib.h>

#include "inv-change-hub.h"

struct _InvChangeHub
{
  GObject       parent_instance;

  char         *path;         /* the file's canonical path */
  GMutex        mutex;        /* guards what follows */
  InvChangeSet *pending;      /* owned; published, not yet emitted */
  GSource      *idle;         /* owned; the emission on its way, or NULL */
};

enum {
  CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (InvChangeHub, inv_change_hub, G_TYPE_OBJECT)

static guint signals[N_SIGNALS];

/* Hubs live as long as the process: a file's hub must be the same object for every
 * connection, also one opened on a thread while the last owner lets go. There are
 * as many as files the process opened, a handful. */
static GMutex hubs_mutex;
static GHashTable *hubs;  /* canonical path → InvChangeHub, owned */

static gboolean
emit_pending_cb (gpointer user_data)
{
  InvChangeHub *self = user_data;
  g_autoptr(InvChangeSet) changes = NULL;

  g_mutex_lock (&self->mutex);
  changes = g_steal_pointer (&self->pending);
  g_clear_pointer (&self->idle, g_source_unref);
  g_mutex_unlock (&self->mutex);

  if (changes != NULL && !inv_change_set_is_empty (changes))
    {
      if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN) == FALSE)
        {
          g_autofree char *description = inv_change_set_to_string (changes);

          g_debug ("%s changed: %s", self->path, description);
        }

      g_signal_emit (self, signals[CHANGED], 0, changes);
    }

  return G_SOURCE_REMOVE;
}

static void
inv_change_hub_finalize (GObject *object)
{
  InvChangeHub *self = (InvChangeHub *)object;

  if (self->idle != NULL)
    g_source_destroy (self->idle);
  g_clear_pointer (&self->idle, g_source_unref);
  g_clear_pointer (&self->pending, inv_change_set_unref);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (inv_change_hub_parent_class)->finalize (object);
}

static void
inv_change_hub_class_init (InvChangeHubClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inv_change_hub_finalize;

  /**
   * InvChangeHub::changed:
   * @changes: (transfer none): what the commits since the last emission touched
   *
   * Emitted on the main context after one or more commits. Handlers must not keep
   * @changes past the emission without a reference.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, INV_TYPE_CHANGE_SET | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
inv_change_hub_init (InvChangeHub *self)
{
  g_mutex_init (&self->mutex);
}

/**
 * inv_change_hub_get_for_path:
 * @path: a database file; it must exist
 *
 * Returns: (transfer full): the hub of that file, the same object for every spelling
 *   of its path
 */
InvChangeHub *
inv_change_hub_get_for_path (const char *path)
{
  g_autofree char *canonical = NULL;
  InvChangeHub *hub;

  g_return_val_if_fail (path != NULL, NULL);

  canonical = realpath (path, NULL);
  if (canonical == NULL)
    canonical = g_canonicalize_filename (path, NULL);

  g_mutex_lock (&hubs_mutex);

  if (hubs == NULL)
    hubs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  hub = g_hash_table_lookup (hubs, canonical);
  if (hub == NULL)
    {
      hub = g_object_new (INV_TYPE_CHANGE_HUB, NULL);
      hub->path = g_strdup (canonical);
      g_hash_table_insert (hubs, g_steal_pointer (&canonical), hub);
    }
  g_object_ref (hub);

  g_mutex_unlock (&hubs_mutex);

  return hub;
}

/**
 * inv_change_hub_publish:
 * @changes: (transfer none): what one commit touched
 *
 * Called by the database after each commit, from the committing thread. The
 * changes are emitted soon after on the main context, merged with any others
 * published before that.
 */
void
inv_change_hub_publish (InvChangeHub *self,
                        InvChangeSet *changes)
{
  g_return_if_fail (INV_IS_CHANGE_HUB (self));
  g_return_if_fail (changes != NULL);

  if (inv_change_set_is_empty (changes))
    return;

  g_mutex_lock (&self->mutex);

  if (self->pending == NULL)
    self->pending = inv_change_set_copy (changes);
  else
    inv_change_set_merge (self->pending, changes);

  if (self->idle == NULL)
    {
      /* Before redraws and idle work: a list should show a cancel in the frame after
       * its commit. */
      self->idle = g_idle_source_new ();
      g_source_set_priority (self->idle, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->idle, emit_pending_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (self->idle, "[inv] announce database changes");
      g_source_attach (self->idle, NULL);
    }

  g_mutex_unlock (&self->mutex);
}

/* inv-change-set.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-change-set"

#include "config.h"

#include <stdlib.h>

#include "inv-change-set.h"

#define N_KINDS 5

typedef struct
{
  GArray   *ids;     /* gint64; NULL while nothing of this kind changed */
  gboolean  many;    /* too many rows to name: ids is NULL */
  gboolean  sorted;  /* ids is sorted and without repeats */
} KindChanges;

struct _InvChangeSet
{
  gatomicrefcount ref_count;
  KindChanges     kinds[N_KINDS];
  gboolean        external;   /* written by another process */
};

G_DEFINE_BOXED_TYPE (InvChangeSet, inv_change_set, inv_change_set_ref, inv_change_set_unref)

static guint
kind_index (InvChangeKind kind)
{
  guint index = (guint)g_bit_nth_lsf ((gulong)kind, -1);

  g_assert (index < N_KINDS);
  g_assert ((1u << index) == (guint)kind);

  return index;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

static void set_many (KindChanges *changes);

/* Sorts and drops repeats: a row updated by three statements of one transaction is
 * one change. Past the limit, the rows are "many". */
static void
normalise (KindChanges *changes)
{
  guint kept = 0;

  if (changes->ids == NULL || changes->sorted)
    return;

  qsort (changes->ids->data, changes->ids->len, sizeof (gint64), compare_ids);
  for (guint i = 0; i < changes->ids->len; i++)
    {
      gint64 id = g_array_index (changes->ids, gint64, i);

      if (kept == 0 || g_array_index (changes->ids, gint64, kept - 1) != id)
        g_array_index (changes->ids, gint64, kept++) = id;
    }
  g_array_set_size (changes->ids, kept);
  changes->sorted = TRUE;

  if (kept > INV_CHANGE_SET_MAX_IDS)
    set_many (changes);
}

static void
set_many (KindChanges *changes)
{
  g_clear_pointer (&changes->ids, g_array_unref);
  changes->many = TRUE;
  changes->sorted = TRUE;
}

InvChangeSet *
inv_change_set_new (void)
{
  InvChangeSet *self = g_new0 (InvChangeSet, 1);

  g_atomic_ref_count_init (&self->ref_count);

  return self;
}

InvChangeSet *
inv_change_set_ref (InvChangeSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
inv_change_set_unref (InvChangeSet *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      inv_change_set_clear (self);
      g_free (self);
    }
}

InvChangeSet *
inv_change_set_copy (const InvChangeSet *self)
{
  InvChangeSet *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = inv_change_set_new ();
  inv_change_set_merge (copy, self);

  return copy;
}

/**
 * inv_change_set_add:
 * @kind: one kind
 * @id: the row of that kind that changed
 *
 * Notes one changed row. Past %INV_CHANGE_SET_MAX_IDS rows the kind becomes "many".
 */
void
inv_change_set_add (InvChangeSet  *self,
                    InvChangeKind  kind,
                    gint64         id)
{
  KindChanges *changes;

  g_return_if_fail (self != NULL);

  changes = &self->kinds[kind_index (kind)];
  if (changes->many)
    return;

  if (changes->ids == NULL)
    changes->ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_val (changes->ids, id);
  changes->sorted = changes->ids->len == 1;

  /* Repeats are common (several statements touch the same row), so only a list that
   * stays long once they are gone becomes "many". */
  if (changes->ids->len > 2 * INV_CHANGE_SET_MAX_IDS)
    normalise (changes);
}

/**
 * inv_change_set_add_many:
 * @kinds: one or more kinds
 *
 * Notes that rows of @kinds changed without naming them.
 */
void
inv_change_set_add_many (InvChangeSet  *self,
                         InvChangeKind  kinds)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < N_KINDS; i++)
    if (kinds & (1u << i))
      set_many (&self->kinds[i]);
}

void
inv_change_set_merge (InvChangeSet       *self,
                      const InvChangeSet *other)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (other != NULL);

  self->external |= other->external;

  for (guint i = 0; i < N_KINDS; i++)
    {
      const KindChanges *from = &other->kinds[i];

      if (from->many)
        {
          set_many (&self->kinds[i]);
          continue;
        }

      if (from->ids == NULL)
        continue;

      for (guint j = 0; j < from->ids->len && !self->kinds[i].many; j++)
        inv_change_set_add (self, 1u << i, g_array_index (from->ids, gint64, j));
    }
}

void
inv_change_set_clear (InvChangeSet *self)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < N_KINDS; i++)
    {
      g_clear_pointer (&self->kinds[i].ids, g_array_unref);
      self->kinds[i].many = FALSE;
      self->kinds[i].sorted = FALSE;
    }
  self->external = FALSE;
}

void
inv_change_set_set_external (InvChangeSet *self,
                             gboolean      external)
{
  g_return_if_fail (self != NULL);

  self->external = !!external;
}

gboolean
inv_change_set_is_empty (const InvChangeSet *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return inv_change_set_get_kinds (self) == 0;
}

InvChangeKind
inv_change_set_get_kinds (const InvChangeSet *self)
{
  InvChangeKind kinds = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < N_KINDS; i++)
    if (self->kinds[i].many || self->kinds[i].ids != NULL)
      kinds |= 1u << i;

  return kinds;
}

/**
 * inv_change_set_has:
 * @kinds: one or more kinds
 *
 * Returns: %TRUE when rows of any of @kinds changed
 */
gboolean
inv_change_set_has (const InvChangeSet *self,
                    InvChangeKind       kinds)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return (inv_change_set_get_kinds (self) & kinds) != 0;
}

/**
 * inv_change_set_is_many:
 *
 * Returns: %TRUE when rows of @kind changed that the set does not name
 */
gboolean
inv_change_set_is_many (InvChangeSet  *self,
                        InvChangeKind  kind)
{
  KindChanges *changes;

  g_return_val_if_fail (self != NULL, FALSE);

  changes = &self->kinds[kind_index (kind)];
  normalise (changes);

  return changes->many;
}

gboolean
inv_change_set_get_external (const InvChangeSet *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->external;
}

/**
 * inv_change_set_get_ids:
 * @kind: one kind
 * @n_ids: (out): the number of ids
 *
 * Returns: (transfer none) (nullable): the changed rows of @kind, sorted, each once;
 *   %NULL when none changed or when there were too many to name
 *   (see inv_change_set_is_many())
 */
const gint64 *
inv_change_set_get_ids (InvChangeSet  *self,
                        InvChangeKind  kind,
                        guint         *n_ids)
{
  KindChanges *changes;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_ids != NULL, NULL);

  changes = &self->kinds[kind_index (kind)];
  normalise (changes);

  if (changes->ids == NULL)
    {
      *n_ids = 0;
      return NULL;
    }

  *n_ids = changes->ids->len;

  return (const gint64 *)(gpointer)changes->ids->data;
}

/**
 * inv_change_set_contains:
 *
 * Returns: %TRUE when row @id of @kind may have changed: it is named, or the kind
 *   changed in too many rows to name
 */
gboolean
inv_change_set_contains (InvChangeSet  *self,
                         InvChangeKind  kind,
                         gint64         id)
{
  const gint64 *ids;
  guint n_ids;

  g_return_val_if_fail (self != NULL, FALSE);

  if (inv_change_set_is_many (self, kind))
    return TRUE;

  ids = inv_change_set_get_ids (self, kind, &n_ids);

  return ids != NULL && bsearch (&id, ids, n_ids, sizeof (gint64), compare_ids) != NULL;
}

/**
 * inv_change_set_to_string:
 *
 * Returns: (transfer full): a short description for debug messages
 */
char *
inv_change_set_to_string (InvChangeSet *self)
{
  static const char * const names[N_KINDS] = {
    "invitations", "candidates", "templates", "outbox", "history",
  };
  GString *str = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < N_KINDS; i++)
    {
      guint n_ids = 0;

      if (self->kinds[i].many)
        {
          g_string_append_printf (str, "%s%s: many", str->len > 0 ? ", " : "", names[i]);
          continue;
        }

      if (inv_change_set_get_ids (self, 1u << i, &n_ids) != NULL)
        g_string_append_printf (str, "%s%s: %u", str->len > 0 ? ", " : "", names[i], n_ids);
    }

  if (self->external)
    g_string_append (str, " (another process)");

  return g_string_free (str, FALSE);
}

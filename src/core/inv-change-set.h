/* inv-change-set.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a committed transaction touched, by kind of data. */
typedef enum
{
  INV_CHANGE_INVITATIONS = 1 << 0,
  INV_CHANGE_CANDIDATES  = 1 << 1,
  INV_CHANGE_TEMPLATES   = 1 << 2,
  INV_CHANGE_OUTBOX      = 1 << 3,  /* outbox rows, undo batches, stored cancel messages */
  INV_CHANGE_HISTORY     = 1 << 4,
} InvChangeKind;

#define INV_CHANGE_ALL (INV_CHANGE_INVITATIONS | INV_CHANGE_CANDIDATES | INV_CHANGE_TEMPLATES | \
                        INV_CHANGE_OUTBOX | INV_CHANGE_HISTORY)

/* Past this many rows of one kind a change says "many": a list then reads its rows
 * again instead of looking each one up. */
#define INV_CHANGE_SET_MAX_IDS 1024

typedef struct _InvChangeSet InvChangeSet;

#define INV_TYPE_CHANGE_SET (inv_change_set_get_type ())

GType          inv_change_set_get_type    (void) G_GNUC_CONST;
InvChangeSet  *inv_change_set_new         (void);
InvChangeSet  *inv_change_set_ref         (InvChangeSet       *self);
void           inv_change_set_unref       (InvChangeSet       *self);
InvChangeSet  *inv_change_set_copy        (const InvChangeSet *self);

void           inv_change_set_add         (InvChangeSet       *self,
                                           InvChangeKind       kind,
                                           gint64              id);
void           inv_change_set_add_many    (InvChangeSet       *self,
                                           InvChangeKind       kinds);
void           inv_change_set_merge       (InvChangeSet       *self,
                                           const InvChangeSet *other);
void           inv_change_set_clear       (InvChangeSet       *self);
void           inv_change_set_set_external (InvChangeSet      *self,
                                           gboolean            external);

gboolean       inv_change_set_is_empty    (const InvChangeSet *self);
InvChangeKind  inv_change_set_get_kinds   (const InvChangeSet *self);
gboolean       inv_change_set_has         (const InvChangeSet *self,
                                           InvChangeKind       kinds);
gboolean       inv_change_set_is_many     (InvChangeSet       *self,
                                           InvChangeKind       kind);
gboolean       inv_change_set_get_external (const InvChangeSet *self);
const gint64  *inv_change_set_get_ids     (InvChangeSet       *self,
                                           InvChangeKind       kind,
                                           guint              *n_ids);
gboolean       inv_change_set_contains    (InvChangeSet       *self,
                                           InvChangeKind       kind,
                                           gint64              id);
char          *inv_change_set_to_string   (InvChangeSet       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvChangeSet, inv_change_set_unref)

G_END_DECLS

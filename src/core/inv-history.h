/* inv-history.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inv-database.h"

G_BEGIN_DECLS

/* One line of an invitation's history, as the app recorded it. */
typedef struct
{
  gint64  id;
  gint64  at;       /* UTC seconds */
  char   *event;    /* the machine name ("invited", "cancelled", …) */
  char   *detail;   /* (nullable) as stored: a reason name, a status name, a note */
} InvHistoryEntry;

#define INV_TYPE_HISTORY_ENTRY (inv_history_entry_get_type ())

GType            inv_history_entry_get_type      (void) G_GNUC_CONST;
InvHistoryEntry *inv_history_entry_copy          (const InvHistoryEntry *entry);
void             inv_history_entry_free          (InvHistoryEntry       *entry);
const char      *inv_history_entry_get_label     (const InvHistoryEntry *entry);
char            *inv_history_entry_dup_detail    (const InvHistoryEntry *entry);

const char      *inv_history_event_get_label     (const char            *event);

GPtrArray       *inv_history_list                (InvDatabase           *database,
                                                  gint64                 invitation_id,
                                                  GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvHistoryEntry, inv_history_entry_free)

G_END_DECLS

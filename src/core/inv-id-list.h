/* inv-id-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inv-change-set.h"
#include "inv-database.h"

G_BEGIN_DECLS

#define INV_TYPE_ID_LIST (inv_id_list_get_type ())

G_DECLARE_DERIVABLE_TYPE (InvIdList, inv_id_list, INV, ID_LIST, GObject)

/* A GListModel over the ids of a query's rows, in list order. Only the ids are held
 * (eight bytes a row); row objects are read on demand and the most recently used
 * ones kept in a small cache. A subclass says how to read one row.
 *
 * The list follows changes in place: inv_id_list_update_ids() swaps in a new
 * result with the smallest items-changed that covers the difference, so the rows on
 * screen, the scroll position and an id-keyed selection stay; and
 * inv_id_list_refresh_changed() reads again the cached rows a change touched. */
struct _InvIdListClass
{
  GObjectClass parent_class;

  /* The type of the rows, and the kind of change that touches them. */
  GType         item_type;
  InvChangeKind item_kind;

  /* Reads row @id: transfer full, or NULL with @error set when it is gone. */
  gpointer (*load_item)        (InvIdList     *self,
                                gint64         id,
                                GError       **error);
  /* The row object of a row deleted since the ids were read (empty texts): a
   * GListModel may not return NULL below its length, and the change that deleted it
   * brings the update that drops it. Every subclass provides it. */
  gpointer (*make_missing_row) (InvIdList     *self,
                                gint64         id);

  /* What selecting every row of a query needs (InvSelectionModel). A filter is a
   * value saying which rows a query has, not in which order (the list's own is set
   * with _inv_id_list_set_filter()); these read the rows of any filter of the kind,
   * on the calling thread. */
  GArray  *(*query_ids)        (InvIdList     *self,
                                GVariant      *filter,
                                GError       **error);
  /* Optional: the default counts the ids query_ids() reads. */
  gboolean (*count_ids)        (InvIdList     *self,
                                GVariant      *filter,
                                guint         *n_ids,
                                GError       **error);
  /* Optional: whether the ids are only the first rows of the filter for now. */
  gboolean (*is_partial)       (InvIdList     *self);
};

InvDatabase  *inv_id_list_get_database       (InvIdList     *self);
gint64        inv_id_list_get_id             (InvIdList     *self,
                                              guint          position);
const gint64 *inv_id_list_peek_ids           (InvIdList     *self,
                                              guint         *n_ids);
gboolean      inv_id_list_find               (InvIdList     *self,
                                              gint64         id,
                                              guint         *position);
guint         inv_id_list_get_cache_size     (InvIdList     *self);

void          inv_id_list_set_ids            (InvIdList     *self,
                                              GArray        *ids);
void          inv_id_list_update_ids         (InvIdList     *self,
                                              GArray        *ids);
void          inv_id_list_remove_at          (InvIdList     *self,
                                              guint          position);
void          inv_id_list_append_ids         (InvIdList     *self,
                                              const gint64  *ids,
                                              guint          n_ids);
void          inv_id_list_remove_ids         (InvIdList     *self,
                                              const gint64  *ids,
                                              guint          n_ids);
guint         inv_id_list_refresh_changed    (InvIdList     *self,
                                              InvChangeSet  *changes);

GVariant     *inv_id_list_get_filter         (InvIdList     *self);
gboolean      inv_id_list_is_partial         (InvIdList     *self);
GArray       *inv_id_list_query_ids          (InvIdList     *self,
                                              GVariant      *filter,
                                              GError       **error);
gboolean      inv_id_list_count_ids          (InvIdList     *self,
                                              GVariant      *filter,
                                              guint         *n_ids,
                                              GError       **error);

/* For subclasses */
void          _inv_id_list_set_filter        (InvIdList     *self,
                                              GVariant      *filter);

G_END_DECLS

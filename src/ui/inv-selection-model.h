/* inv-selection-model.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "inv-id-list.h"

G_BEGIN_DECLS

#define INV_TYPE_SELECTION_MODEL (inv_selection_model_get_type ())

G_DECLARE_FINAL_TYPE (InvSelectionModel, inv_selection_model, INV, SELECTION_MODEL, GObject)

InvSelectionModel *inv_selection_model_new                 (InvIdList          *list,
                                                            GType               row_type);
InvIdList         *inv_selection_model_get_list            (InvSelectionModel  *self);
guint              inv_selection_model_get_n_selected      (InvSelectionModel  *self);
gboolean           inv_selection_model_get_all_matching    (InvSelectionModel  *self);
GVariant          *inv_selection_model_get_matching_filter (InvSelectionModel  *self);
gboolean           inv_selection_model_get_shown_selected  (InvSelectionModel  *self);
gboolean           inv_selection_model_is_id_selected      (InvSelectionModel  *self,
                                                            gint64              id);
void               inv_selection_model_set_id_selected     (InvSelectionModel  *self,
                                                            gint64              id,
                                                            gboolean            selected);
void               inv_selection_model_select_all_matching (InvSelectionModel  *self);
void               inv_selection_model_clear               (InvSelectionModel  *self);
void               inv_selection_model_select_ids          (InvSelectionModel  *self,
                                                            const gint64       *ids,
                                                            guint               n_ids);
void               inv_selection_model_unselect_ids        (InvSelectionModel  *self,
                                                            const gint64       *ids,
                                                            guint               n_ids);
GArray            *inv_selection_model_dup_selected_ids    (InvSelectionModel  *self,
                                                            GError            **error);

G_END_DECLS

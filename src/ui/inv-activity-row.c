/* inv-activity-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One line of the Activity page: what was done and to whom on the left; when, who
 * and whether it reached the service on the right.
 */

#define G_LOG_DOMAIN "inv-activity-page"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-activity-row.h"
#include "inv-history.h"
#include "inv-row-accessible.h"

struct _InvActivityRow
{
  GtkWidget        parent_instance;

  InvActivityItem *item;  /* owned, nullable */

  GtkWidget       *box;
  GtkLabel        *title_label;
  GtkLabel        *subtitle_label;
  GtkLabel        *time_label;
  GtkLabel        *state_label;
};

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvActivityRow, inv_activity_row, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static GtkLabel *
add_label (GtkWidget  *box,
           float       xalign,
           const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_box_append (GTK_BOX (box), label);

  return GTK_LABEL (label);
}

static void
update (InvActivityRow *self)
{
  const InvActivityEntry *entry;
  InvHistoryEntry history = { 0 };
  g_autofree char *detail = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *when = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GDateTime) dt = NULL;
  const char *outcome;

  if (self->item == NULL)
    {
      inv_row_accessible_set_label (GTK_WIDGET (self), NULL);
      return;
    }

  entry = inv_activity_item_get_entry (self->item);
  history.at = entry->at;
  history.event = entry->event;
  history.detail = entry->detail;
  detail = inv_history_entry_dup_detail (&history);

  /* Translators: an action and the candidate it was done to, "Cancelled: Ann Lee" */
  title = g_strdup_printf (_("%s: %s"), inv_history_entry_get_label (&history), entry->candidate_name);
  if (detail != NULL)
    /* Translators: the action's detail, the interview template and the candidate's email */
    subtitle = g_strdup_printf (_("%s · %s · %s"), detail, entry->template_name, entry->email);
  else
    /* Translators: the interview template and the candidate's email */
    subtitle = g_strdup_printf (_("%s · %s"), entry->template_name, entry->email);

  dt = g_date_time_new_from_unix_local (entry->at);
  /* Translators: when an action was done, see g_date_time_format() */
  when = g_date_time_format (dt, _("%e %b %Y, %H:%M"));

  outcome = inv_activity_outcome_get_label (entry->outcome);
  if (outcome != NULL)
    /* Translators: who did an action, and whether it reached the service: "You · Waiting to be sent" */
    state = g_strdup_printf (_("%s · %s"), inv_activity_actor_get_label (entry->actor), outcome);
  else
    state = g_strdup (inv_activity_actor_get_label (entry->actor));

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_label_set_label (self->time_label, g_strstrip (when));
  gtk_label_set_label (self->state_label, state);

  /* The list's row, not this widget inside it, is what takes the focus. */
  {
    /* Translators: an activity entry as a screen reader reads it: what, on what, when, by whom */
    g_autofree char *row_label = g_strdup_printf (_("%s, %s, %s, %s"), title, subtitle, when, state);

    inv_row_accessible_set_label (GTK_WIDGET (self), row_label);
  }

  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "warning");
  if (entry->outcome == INV_ACTIVITY_OUTCOME_FAILED || entry->outcome == INV_ACTIVITY_OUTCOME_CONFLICT)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
  else if (entry->outcome == INV_ACTIVITY_OUTCOME_WAITING)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "warning");
}

static void
inv_activity_row_dispose (GObject *object)
{
  InvActivityRow *self = INV_ACTIVITY_ROW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (inv_activity_row_parent_class)->dispose (object);
}

static void
inv_activity_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  InvActivityRow *self = INV_ACTIVITY_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_activity_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  InvActivityRow *self = INV_ACTIVITY_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      inv_activity_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_activity_row_class_init (InvActivityRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inv_activity_row_dispose;
  object_class->get_property = inv_activity_row_get_property;
  object_class->set_property = inv_activity_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, INV_TYPE_ACTIVITY_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
inv_activity_row_init (InvActivityRow *self)
{
  GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 6);
  gtk_widget_set_margin_bottom (self->box, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_widget_set_hexpand (left, TRUE);
  gtk_widget_set_valign (left, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (right, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self->box), left);
  gtk_box_append (GTK_BOX (self->box), right);

  self->title_label = add_label (left, 0, NULL);
  self->subtitle_label = add_label (left, 0, "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle_label), "caption");
  self->time_label = add_label (right, 1, "numeric");
  self->state_label = add_label (right, 1, "caption");
}

GtkWidget *
inv_activity_row_new (void)
{
  return g_object_new (INV_TYPE_ACTIVITY_ROW, NULL);
}

/**
 * inv_activity_row_get_item:
 *
 * Returns: (transfer none) (nullable): the entry the row shows
 */
InvActivityItem *
inv_activity_row_get_item (InvActivityRow *self)
{
  g_return_val_if_fail (INV_IS_ACTIVITY_ROW (self), NULL);

  return self->item;
}

void
inv_activity_row_set_item (InvActivityRow  *self,
                           InvActivityItem *item)
{
  g_return_if_fail (INV_IS_ACTIVITY_ROW (self));

  if (g_set_object (&self->item, item))
    {
      update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
    }
}

/* inv-candidate-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-candidate-row"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-candidate-row.h"
#include "inv-row-accessible.h"
#include "inv-row-menu.h"

/* One row of the Candidates page: a check button, the name and email, the phone and
 * a menu. The page's list item factory binds #InvCandidateRow:candidate to the item
 * of its row and #InvCandidateRow:selected to the list item's selection. The row
 * holds no state of its own: ticking and the menu activate the page's actions with
 * the candidate's id ("candidates.set-selected", "candidates.edit",
 * "candidates.erase"), so the selection stays keyed by id whatever row shows whom.
 * The menu is made when it opens, for the candidate as it is then. */
struct _InvCandidateRow
{
  GtkWidget       parent_instance;

  InvCandidate   *candidate;  /* owned, nullable */
  gboolean        selected;
  gboolean        syncing;    /* the check follows the selection: not a tick */

  GtkCheckButton *check;
  GtkLabel       *name_label;
  GtkLabel       *email_label;
  GtkLabel       *phone_label;
  GtkMenuButton  *menu_button;
  GMenuModel     *row_menu;   /* the menu as declared */
};

enum {
  PROP_0,
  PROP_CANDIDATE,
  PROP_SELECTED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvCandidateRow, inv_candidate_row, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static gint64
candidate_id (InvCandidateRow *self)
{
  return self->candidate != NULL ? inv_candidate_get_id (self->candidate) : 0;
}

static void
sync_check (InvCandidateRow *self)
{
  self->syncing = TRUE;
  gtk_check_button_set_active (self->check, self->selected);
  self->syncing = FALSE;
}

static void
update (InvCandidateRow *self)
{
  g_autofree char *check_label = NULL;
  gboolean erased;

  if (self->candidate == NULL)
    {
      inv_row_accessible_set_label (GTK_WIDGET (self), NULL);
      return;
    }

  /* An erased candidate stays on screen until the search is read again. */
  erased = inv_candidate_get_erased (self->candidate);

  gtk_label_set_label (self->name_label, inv_candidate_get_full_name (self->candidate));
  gtk_label_set_label (self->email_label, inv_candidate_get_email (self->candidate));
  gtk_label_set_label (self->phone_label, inv_candidate_get_phone (self->candidate));

  check_label = g_strdup_printf (_("Select %s"), inv_candidate_get_full_name (self->candidate));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, check_label,
                                  -1);

  gtk_widget_set_sensitive (GTK_WIDGET (self->check), !erased);

  /* The list's row, not this widget inside it, is what takes the focus. */
  {
    const char *phone = inv_candidate_get_phone (self->candidate);
    g_autofree char *row_label = NULL;

    if (phone != NULL && *phone != '\0')
      /* Translators: a candidate as a screen reader reads it: name, email, phone */
      row_label = g_strdup_printf (_("%s, %s, %s"), inv_candidate_get_full_name (self->candidate),
                                   inv_candidate_get_email (self->candidate), phone);
    else
      /* Translators: a candidate as a screen reader reads it: name, email */
      row_label = g_strdup_printf (_("%s, %s"), inv_candidate_get_full_name (self->candidate),
                                   inv_candidate_get_email (self->candidate));
    inv_row_accessible_set_label (GTK_WIDGET (self), row_label);
  }

  /* The menu is made for this candidate when it next opens (inv_row_menu_attach()). */
}

/* An erased candidate can be neither edited nor erased again. */
static gboolean
allow_cb (const char  *action,
          const char **why_not,
          gpointer     user_data)
{
  return !inv_candidate_get_erased (user_data);
}

static GMenuModel *
make_menu_cb (gpointer user_data)
{
  InvCandidateRow *self = user_data;

  if (self->candidate == NULL)
    return NULL;

  return inv_row_menu_new (self->row_menu, g_variant_new_int64 (candidate_id (self)),
                           "candidates.unavailable", allow_cb, self->candidate);
}

static void
check_toggled_cb (InvCandidateRow *self)
{
  gint64 id = candidate_id (self);

  if (self->syncing || id == 0)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "candidates.set-selected", "(xb)",
                              id, gtk_check_button_get_active (self->check));

  /* Back to what the selection says, should the page not have taken the tick. */
  sync_check (self);
}

static void
inv_candidate_row_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), INV_TYPE_CANDIDATE_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (inv_candidate_row_parent_class)->dispose (object);
}

static void
inv_candidate_row_finalize (GObject *object)
{
  InvCandidateRow *self = INV_CANDIDATE_ROW (object);

  g_clear_object (&self->candidate);

  G_OBJECT_CLASS (inv_candidate_row_parent_class)->finalize (object);
}

static void
inv_candidate_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  InvCandidateRow *self = INV_CANDIDATE_ROW (object);

  switch (prop_id)
    {
    case PROP_CANDIDATE:
      g_value_set_object (value, self->candidate);
      break;

    case PROP_SELECTED:
      g_value_set_boolean (value, self->selected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_candidate_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  InvCandidateRow *self = INV_CANDIDATE_ROW (object);

  switch (prop_id)
    {
    case PROP_CANDIDATE:
      inv_candidate_row_set_candidate (self, g_value_get_object (value));
      break;

    case PROP_SELECTED:
      inv_candidate_row_set_selected (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_candidate_row_class_init (InvCandidateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inv_candidate_row_dispose;
  object_class->finalize = inv_candidate_row_finalize;
  object_class->get_property = inv_candidate_row_get_property;
  object_class->set_property = inv_candidate_row_set_property;

  properties[PROP_CANDIDATE] =
    g_param_spec_object ("candidate", NULL, NULL, INV_TYPE_CANDIDATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_boolean ("selected", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-candidate-row.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, InvCandidateRow, check);
  gtk_widget_class_bind_template_child (widget_class, InvCandidateRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, InvCandidateRow, email_label);
  gtk_widget_class_bind_template_child (widget_class, InvCandidateRow, phone_label);
  gtk_widget_class_bind_template_child (widget_class, InvCandidateRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, InvCandidateRow, row_menu);
  gtk_widget_class_bind_template_callback (widget_class, check_toggled_cb);
}

static void
inv_candidate_row_init (InvCandidateRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  inv_row_menu_attach (self->menu_button, make_menu_cb, self);
}

/**
 * inv_candidate_row_get_candidate:
 *
 * Returns: (transfer none) (nullable): the candidate the row shows
 */
InvCandidate *
inv_candidate_row_get_candidate (InvCandidateRow *self)
{
  g_return_val_if_fail (INV_IS_CANDIDATE_ROW (self), NULL);

  return self->candidate;
}

/**
 * inv_candidate_row_set_candidate:
 * @candidate: (nullable): what the row shows from now on, also a fresh copy of the
 *   same candidate read again after a change
 */
void
inv_candidate_row_set_candidate (InvCandidateRow *self,
                                 InvCandidate    *candidate)
{
  g_return_if_fail (INV_IS_CANDIDATE_ROW (self));
  g_return_if_fail (candidate == NULL || INV_IS_CANDIDATE (candidate));

  if (!g_set_object (&self->candidate, candidate))
    return;

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANDIDATE]);
}

/**
 * inv_candidate_row_set_selected:
 *
 * Shows whether the candidate is selected; the page's selection says so, the row
 * only shows it.
 */
void
inv_candidate_row_set_selected (InvCandidateRow *self,
                                gboolean         selected)
{
  g_return_if_fail (INV_IS_CANDIDATE_ROW (self));

  selected = !!selected;
  if (self->selected == selected)
    return;

  self->selected = selected;
  sync_check (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/* inv-invitation-compact-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-invitation-compact-row"

#include "config.h"

#include "inv-invitation-cell.h"
#include "inv-invitation-check.h"
#include "inv-invitation-compact-row.h"
#include "inv-invitation-menu-button.h"
#include "inv-row-accessible.h"

/* A row of the invitations list as a narrow window shows it: the candidate and the
 * email on the first line, the template, the status and the deadline on the second,
 * between the row's check button and its "More actions" menu. The parts are the wide
 * list's own cells, check button and menu button, so both say and do the same: the
 * check activates "list.select-invitation", the menu is the row menu. */
struct _InvInvitationCompactRow
{
  GtkWidget                parent_instance;

  InvInvitation           *item;    /* owned, nullable */
  gboolean                 selected;

  InvInvitationCheck      *check;
  InvInvitationCell       *candidate_cell;
  InvInvitationCell       *email_cell;
  InvInvitationCell       *template_cell;
  InvInvitationCell       *status_cell;
  InvInvitationCell       *deadline_cell;
  InvInvitationMenuButton *menu_button;
};

enum {
  PROP_0,
  PROP_ITEM,
  PROP_SELECTED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvInvitationCompactRow, inv_invitation_compact_row, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* Between the check, the lines and the menu; between the name and the email; between
 * the parts of the second line, in smaller type. */
#define SPACING 6
#define GAP 12
#define SMALL_GAP 8
/* Between the two lines. */
#define LINE_SPACING 2

typedef struct
{
  int minimum;
  int natural;
} Size;

static Size
measure_width (GtkWidget *widget)
{
  Size size = { 0, 0 };

  if (gtk_widget_should_layout (widget))
    gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &size.minimum, &size.natural, NULL, NULL);

  return size;
}

static int
measure_height (GtkWidget *widget)
{
  int natural = 0;

  if (gtk_widget_should_layout (widget))
    gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);

  return natural;
}

static gboolean
template_shown (InvInvitationCompactRow *self)
{
  return gtk_widget_should_layout (GTK_WIDGET (self->template_cell));
}

/* The second line's parts before the template's: the status and the deadline. */
static int
second_line_width (InvInvitationCompactRow *self,
                   gboolean                 natural)
{
  Size status = measure_width (GTK_WIDGET (self->status_cell));
  Size deadline = measure_width (GTK_WIDGET (self->deadline_cell));

  return (natural ? status.natural + deadline.natural : status.minimum + deadline.minimum) + SMALL_GAP;
}

static void
inv_invitation_compact_row_measure (GtkWidget      *widget,
                                    GtkOrientation  orientation,
                                    int             for_size,
                                    int            *minimum,
                                    int            *natural,
                                    int            *minimum_baseline,
                                    int            *natural_baseline)
{
  InvInvitationCompactRow *self = INV_INVITATION_COMPACT_ROW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      Size check = measure_width (GTK_WIDGET (self->check));
      Size menu = measure_width (GTK_WIDGET (self->menu_button));
      Size candidate = measure_width (GTK_WIDGET (self->candidate_cell));
      Size email = measure_width (GTK_WIDGET (self->email_cell));
      Size template = measure_width (GTK_WIDGET (self->template_cell));
      int template_gap = template_shown (self) ? SMALL_GAP : 0;
      int sides_min = check.minimum + menu.minimum + 2 * SPACING;
      int sides_nat = check.natural + menu.natural + 2 * SPACING;

      *minimum = sides_min + MAX (candidate.minimum + GAP + email.minimum,
                                  template.minimum + template_gap + second_line_width (self, FALSE));
      *natural = sides_nat + MAX (candidate.natural + GAP + email.natural,
                                  template.natural + template_gap + second_line_width (self, TRUE));
    }
  else
    {
      int first = MAX (measure_height (GTK_WIDGET (self->candidate_cell)),
                       measure_height (GTK_WIDGET (self->email_cell)));
      int second = MAX (MAX (measure_height (GTK_WIDGET (self->template_cell)),
                             measure_height (GTK_WIDGET (self->status_cell))),
                        measure_height (GTK_WIDGET (self->deadline_cell)));
      int sides = MAX (measure_height (GTK_WIDGET (self->check)),
                       measure_height (GTK_WIDGET (self->menu_button)));

      *minimum = *natural = MAX (first + LINE_SPACING + second, sides);
    }
}

/* Places @child at @x (from the start, in either text direction), centred in a line. */
static void
place (GtkWidget *widget,
       GtkWidget *child,
       int        x,
       int        y,
       int        width,
       int        line_height)
{
  int height = measure_height (child);

  if (!gtk_widget_should_layout (child))
    return;

  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    x = gtk_widget_get_width (widget) - x - width;

  gtk_widget_size_allocate (child,
                            &(GtkAllocation) { x, y + (line_height - height) / 2, MAX (width, 0), height },
                            -1);
}

/* Where a line is too short for both, the first part keeps what it needs and what the
 * second leaves; the second has the rest, never less than its own least. */
static int
first_share (Size first,
             Size second,
             int  width)
{
  return MIN (first.natural, MAX (first.minimum, width - second.minimum));
}

static void
inv_invitation_compact_row_size_allocate (GtkWidget *widget,
                                          int        width,
                                          int        height,
                                          int        baseline)
{
  InvInvitationCompactRow *self = INV_INVITATION_COMPACT_ROW (widget);
  Size check = measure_width (GTK_WIDGET (self->check));
  Size menu = measure_width (GTK_WIDGET (self->menu_button));
  Size candidate = measure_width (GTK_WIDGET (self->candidate_cell));
  Size email = measure_width (GTK_WIDGET (self->email_cell));
  Size template = measure_width (GTK_WIDGET (self->template_cell));
  Size status = measure_width (GTK_WIDGET (self->status_cell));
  Size deadline = measure_width (GTK_WIDGET (self->deadline_cell));
  int first_height = MAX (measure_height (GTK_WIDGET (self->candidate_cell)),
                          measure_height (GTK_WIDGET (self->email_cell)));
  int second_height = MAX (MAX (measure_height (GTK_WIDGET (self->template_cell)),
                                measure_height (GTK_WIDGET (self->status_cell))),
                           measure_height (GTK_WIDGET (self->deadline_cell)));
  int top = (height - (first_height + LINE_SPACING + second_height)) / 2;
  int start = check.natural + SPACING;
  int end = width - menu.natural - SPACING;
  int lines = end - start;
  int name_width;
  int deadline_width;
  int x;

  place (widget, GTK_WIDGET (self->check), 0, 0, check.natural, height);
  place (widget, GTK_WIDGET (self->menu_button), width - menu.natural, 0, menu.natural, height);

  /* The name whole before the email; the email has the rest of the line. */
  name_width = first_share (candidate, email, lines - GAP);
  place (widget, GTK_WIDGET (self->candidate_cell), start, top, name_width, first_height);
  place (widget, GTK_WIDGET (self->email_cell), start + name_width + GAP, top,
         lines - name_width - GAP, first_height);

  /* The status whole (it never shortens) and the deadline at the end of the line;
   * the template has what they leave. */
  top += first_height + LINE_SPACING;
  x = end;
  deadline_width = template_shown (self)
                   ? first_share (deadline, template, lines - status.natural - 2 * SMALL_GAP)
                   : MIN (deadline.natural, MAX (deadline.minimum, lines - status.natural - SMALL_GAP));
  x -= deadline_width;
  place (widget, GTK_WIDGET (self->deadline_cell), x, top, deadline_width, second_height);
  x -= SMALL_GAP + status.natural;
  place (widget, GTK_WIDGET (self->status_cell), x, top, status.natural, second_height);
  if (template_shown (self))
    place (widget, GTK_WIDGET (self->template_cell), start, top, x - SMALL_GAP - start, second_height);
}

static void
inv_invitation_compact_row_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), INV_TYPE_INVITATION_COMPACT_ROW);
  /* Should a part be left unbound, it goes too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (inv_invitation_compact_row_parent_class)->dispose (object);
}

static void
inv_invitation_compact_row_finalize (GObject *object)
{
  InvInvitationCompactRow *self = INV_INVITATION_COMPACT_ROW (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (inv_invitation_compact_row_parent_class)->finalize (object);
}

static void
inv_invitation_compact_row_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  InvInvitationCompactRow *self = INV_INVITATION_COMPACT_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    case PROP_SELECTED:
      g_value_set_boolean (value, self->selected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invitation_compact_row_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  InvInvitationCompactRow *self = INV_INVITATION_COMPACT_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      inv_invitation_compact_row_set_item (self, g_value_get_object (value));
      break;

    case PROP_SELECTED:
      inv_invitation_compact_row_set_selected (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_invitation_compact_row_class_init (InvInvitationCompactRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inv_invitation_compact_row_dispose;
  object_class->finalize = inv_invitation_compact_row_finalize;
  object_class->get_property = inv_invitation_compact_row_get_property;
  object_class->set_property = inv_invitation_compact_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, INV_TYPE_INVITATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_boolean ("selected", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (INV_TYPE_INVITATION_CELL);
  g_type_ensure (INV_TYPE_INVITATION_CHECK);
  g_type_ensure (INV_TYPE_INVITATION_MENU_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-invitation-compact-row.ui");
  gtk_widget_class_bind_template_child (widget_class, InvInvitationCompactRow, check);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationCompactRow, candidate_cell);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationCompactRow, email_cell);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationCompactRow, template_cell);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationCompactRow, status_cell);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationCompactRow, deadline_cell);
  gtk_widget_class_bind_template_child (widget_class, InvInvitationCompactRow, menu_button);

  widget_class->measure = inv_invitation_compact_row_measure;
  widget_class->size_allocate = inv_invitation_compact_row_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "invitationcompactrow");
}

static void
inv_invitation_compact_row_init (InvInvitationCompactRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
inv_invitation_compact_row_new (void)
{
  return g_object_new (INV_TYPE_INVITATION_COMPACT_ROW, NULL);
}

/**
 * inv_invitation_compact_row_get_item:
 *
 * Returns: (transfer none) (nullable): the invitation the row shows
 */
InvInvitation *
inv_invitation_compact_row_get_item (InvInvitationCompactRow *self)
{
  g_return_val_if_fail (INV_IS_INVITATION_COMPACT_ROW (self), NULL);

  return self->item;
}

/**
 * inv_invitation_compact_row_set_item:
 * @item: (nullable): what the row shows from now on, also a fresh copy of the same
 *   invitation read again after a change
 */
void
inv_invitation_compact_row_set_item (InvInvitationCompactRow *self,
                                     InvInvitation           *item)
{
  g_return_if_fail (INV_IS_INVITATION_COMPACT_ROW (self));
  g_return_if_fail (item == NULL || INV_IS_INVITATION (item));

  if (!g_set_object (&self->item, item))
    return;

  g_object_set (self->check, "item", item, NULL);
  inv_invitation_cell_set_item (self->candidate_cell, item);
  inv_invitation_cell_set_item (self->email_cell, item);
  inv_invitation_cell_set_item (self->template_cell, item);
  inv_invitation_cell_set_item (self->status_cell, item);
  inv_invitation_cell_set_item (self->deadline_cell, item);
  g_object_set (self->menu_button, "item", item, NULL);
  /* The row, when it has the focus, is read as its candidate, template, status and
   * deadline, like a row of the wide list. */
  inv_row_accessible_update (GTK_WIDGET (self), item);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

gboolean
inv_invitation_compact_row_get_selected (InvInvitationCompactRow *self)
{
  g_return_val_if_fail (INV_IS_INVITATION_COMPACT_ROW (self), FALSE);

  return self->selected;
}

/**
 * inv_invitation_compact_row_set_selected:
 * @selected: whether the list's selection holds the row, which the check shows
 */
void
inv_invitation_compact_row_set_selected (InvInvitationCompactRow *self,
                                         gboolean                 selected)
{
  g_return_if_fail (INV_IS_INVITATION_COMPACT_ROW (self));

  selected = !!selected;
  if (self->selected == selected)
    return;

  self->selected = selected;
  g_object_set (self->check, "selected", selected, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/**
 * inv_invitation_compact_row_set_template_visible:
 * @visible: %FALSE in a template's own list, which names no template
 */
void
inv_invitation_compact_row_set_template_visible (InvInvitationCompactRow *self,
                                                 gboolean                 visible)
{
  g_return_if_fail (INV_IS_INVITATION_COMPACT_ROW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->template_cell), visible);
}

/**
 * inv_invitation_compact_row_get_check:
 *
 * Returns: (transfer none): the row's #InvInvitationCheck
 */
GtkWidget *
inv_invitation_compact_row_get_check (InvInvitationCompactRow *self)
{
  g_return_val_if_fail (INV_IS_INVITATION_COMPACT_ROW (self), NULL);

  return GTK_WIDGET (self->check);
}

/**
 * inv_invitation_compact_row_get_status_cell:
 *
 * Returns: (transfer none): the #InvInvitationCell with the status badge
 */
GtkWidget *
inv_invitation_compact_row_get_status_cell (InvInvitationCompactRow *self)
{
  g_return_val_if_fail (INV_IS_INVITATION_COMPACT_ROW (self), NULL);

  return GTK_WIDGET (self->status_cell);
}

/**
 * inv_invitation_compact_row_get_menu_button:
 *
 * Returns: (transfer none): the row's #InvInvitationMenuButton
 */
GtkWidget *
inv_invitation_compact_row_get_menu_button (InvInvitationCompactRow *self)
{
  g_return_val_if_fail (INV_IS_INVITATION_COMPACT_ROW (self), NULL);

  return GTK_WIDGET (self->menu_button);
}

/* inv-date-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A day, chosen from a calendar rather than typed: the row shows it in words, the
 * button's popover holds the calendar.
 */

#define G_LOG_DOMAIN "inv-date-row"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-date-row.h"

struct _InvDateRow
{
  AdwActionRow    parent_instance;

  GtkMenuButton  *button;
  GtkPopover     *popover;
  GtkCalendar    *calendar;
  GtkLabel       *date_label;
  GDateTime      *date;       /* owned: local midnight of the day */
};

enum {
  PROP_0,
  PROP_DATE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvDateRow, inv_date_row, ADW_TYPE_ACTION_ROW)

static GParamSpec *properties[N_PROPS];

static void
show_date (InvDateRow *self)
{
  /* TRANSLATORS: a deadline's day, as in "Friday, 4 December 2026"; see g_date_time_format() */
  g_autofree char *text = g_date_time_format (self->date, _("%A, %e %B %Y"));

  gtk_label_set_label (self->date_label, g_strstrip (text));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
day_selected_cb (InvDateRow *self)
{
  g_autoptr(GDateTime) picked = gtk_calendar_get_date (self->calendar);
  g_autoptr(GDateTime) day = g_date_time_new_local (g_date_time_get_year (picked),
                                                    g_date_time_get_month (picked),
                                                    g_date_time_get_day_of_month (picked),
                                                    0, 0, 0);

  gtk_popover_popdown (self->popover);
  if (self->date != NULL && g_date_time_equal (day, self->date))
    return;

  g_clear_pointer (&self->date, g_date_time_unref);
  self->date = g_steal_pointer (&day);
  show_date (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

static void
inv_date_row_finalize (GObject *object)
{
  InvDateRow *self = INV_DATE_ROW (object);

  g_clear_pointer (&self->date, g_date_time_unref);

  G_OBJECT_CLASS (inv_date_row_parent_class)->finalize (object);
}

static void
inv_date_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  InvDateRow *self = INV_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_DATE:
      g_value_set_boxed (value, self->date);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_date_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  InvDateRow *self = INV_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_DATE:
      inv_date_row_set_date (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_date_row_class_init (InvDateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = inv_date_row_finalize;
  object_class->get_property = inv_date_row_get_property;
  object_class->set_property = inv_date_row_set_property;

  properties[PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/inv-date-row.ui");
  gtk_widget_class_bind_template_child (widget_class, InvDateRow, button);
  gtk_widget_class_bind_template_child (widget_class, InvDateRow, popover);
  gtk_widget_class_bind_template_child (widget_class, InvDateRow, calendar);
  gtk_widget_class_bind_template_child (widget_class, InvDateRow, date_label);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
}

static void
inv_date_row_init (InvDateRow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  gtk_widget_init_template (GTK_WIDGET (self));

  inv_date_row_set_date (self, now);
}

/**
 * inv_date_row_get_date:
 *
 * Returns: (transfer none): local midnight of the chosen day
 */
GDateTime *
inv_date_row_get_date (InvDateRow *self)
{
  g_return_val_if_fail (INV_IS_DATE_ROW (self), NULL);

  return self->date;
}

/**
 * inv_date_row_get_end_of_day:
 *
 * Returns: UTC seconds of the chosen day's last second, local time: a deadline "until
 *   29 November" includes the 29th
 */
gint64
inv_date_row_get_end_of_day (InvDateRow *self)
{
  g_autoptr(GDateTime) end = NULL;

  g_return_val_if_fail (INV_IS_DATE_ROW (self), 0);

  end = g_date_time_new_local (g_date_time_get_year (self->date), g_date_time_get_month (self->date),
                               g_date_time_get_day_of_month (self->date), 23, 59, 59);

  return g_date_time_to_unix (end);
}

/**
 * inv_date_row_get_calendar:
 *
 * Returns: (transfer none): the calendar of the popover
 */
GtkCalendar *
inv_date_row_get_calendar (InvDateRow *self)
{
  g_return_val_if_fail (INV_IS_DATE_ROW (self), NULL);

  return self->calendar;
}

void
inv_date_row_set_date (InvDateRow *self,
                       GDateTime  *date)
{
  g_autoptr(GDateTime) day = NULL;

  g_return_if_fail (INV_IS_DATE_ROW (self));
  g_return_if_fail (date != NULL);

  day = g_date_time_new_local (g_date_time_get_year (date), g_date_time_get_month (date),
                               g_date_time_get_day_of_month (date), 0, 0, 0);
  if (self->date != NULL && g_date_time_equal (day, self->date))
    return;

  g_clear_pointer (&self->date, g_date_time_unref);
  self->date = g_steal_pointer (&day);
  g_signal_handlers_block_by_func (self->calendar, day_selected_cb, self);
  gtk_calendar_select_day (self->calendar, self->date);
  g_signal_handlers_unblock_by_func (self->calendar, day_selected_cb, self);
  show_date (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

/* inv-date-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define INV_TYPE_DATE_ROW (inv_date_row_get_type ())

G_DECLARE_FINAL_TYPE (InvDateRow, inv_date_row, INV, DATE_ROW, AdwActionRow)

/* A row that shows a day and picks it from a calendar in a popover. */
GDateTime *inv_date_row_get_date     (InvDateRow *self);
void       inv_date_row_set_date     (InvDateRow *self,
                                      GDateTime  *date);
gint64     inv_date_row_get_end_of_day (InvDateRow *self);
GtkCalendar *inv_date_row_get_calendar (InvDateRow *self);

G_END_DECLS

/* inv-csv-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "inv-csv.h"

G_BEGIN_DECLS

/* The parser's limits; the defaults are the INV_CSV_MAX_* of inv-csv.h. Tests and the
 * fuzzing harness lower them to reach what happens at a limit with small inputs. */
typedef struct
{
  gsize  max_field_length;
  gsize  max_record_length;
  guint  max_fields;
  guint  max_records;
  gsize  max_file_size;
} InvCsvLimits;

void              inv_csv_limits_init_default         (InvCsvLimits        *limits);
void              inv_csv_parser_set_limits           (InvCsvParser        *self,
                                                       const InvCsvLimits  *limits);
InvCsvCandidates *inv_csv_read_candidates_with_limits (GInputStream        *stream,
                                                       const InvCsvLimits  *limits,
                                                       GCancellable        *cancellable,
                                                       GError             **error);

G_END_DECLS

/* cli-test-util.h: running the app as a script runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What one run of the app printed, and how it exited. */
typedef struct
{
  int   exit_status;  /* -1 when it did not exit normally (a crash) */
  char *out;
  char *err;
} Run;

void  run_free     (Run                *run);
Run  *run_app      (const char         *first_arg,
                    ...) G_GNUC_NULL_TERMINATED;
Run  *run_app_with (const char         *input,
                    const char * const *environment,
                    const char         *first_arg,
                    ...) G_GNUC_NULL_TERMINATED;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

G_END_DECLS

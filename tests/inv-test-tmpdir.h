/* inv-test-tmpdir.h: a fresh temporary folder for each test program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdlib.h>

/* Points TMPDIR at a new, empty folder before GLib reads it, so that files a test
 * makes never meet files of an earlier run. Call first thing in main(). */
static inline char *
inv_test_make_tmpdir (void)
{
  char *folder = g_strdup ("/tmp/invitations-test-XXXXXX");

  if (g_mkdtemp (folder) == NULL)
    g_error ("Cannot make a temporary folder");
  g_setenv ("TMPDIR", folder, TRUE);

  return folder;
}

static inline void
inv_test_remove_tmpdir (char *folder)
{
  g_autofree char *quoted = g_shell_quote (folder);
  g_autofree char *command = g_strdup_printf ("rm -rf %s", quoted);

  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  g_free (folder);
}

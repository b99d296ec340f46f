/* fuzz-common.h: what every libFuzzer harness of Invitations shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A critical or a warning is a bug the fuzzer must stop at, as G_DEBUG=fatal-criticals
 * makes it in the test suites; translations stay off so that messages are compared as
 * written. */
static inline void
fuzz_common_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_FATAL_MASK);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
}

/* Stops the run with @what: libFuzzer keeps the input that got here as a crash. */
#define fuzz_assert(condition, what)                                              \
  G_STMT_START {                                                                  \
    if (G_UNLIKELY (!(condition)))                                                \
      {                                                                           \
        g_printerr ("fuzz assertion failed: %s (%s)\n", what, #condition);        \
        abort ();                                                                 \
      }                                                                           \
  } G_STMT_END

/* Splits the input at 0x1f (unit separator) into up to @n NUL-terminated strings; the
 * ones the input lacks are "". Free with g_strfreev(). */
static inline char **
fuzz_split (const uint8_t *data,
            size_t         size,
            guint          n)
{
  char **parts = g_new0 (char *, n + 1);
  size_t start = 0;
  guint i = 0;

  for (size_t p = 0; p <= size && i < n; p++)
    {
      if (p == size || (data[p] == 0x1f && i + 1 < n))
        {
          parts[i++] = p > start ? g_strndup ((const char *)data + start, p - start) : g_strdup ("");
          start = p + 1;
        }
    }
  for (; i < n; i++)
    parts[i] = g_strdup ("");

  return parts;
}

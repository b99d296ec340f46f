/* fuzz-message-template.c: the cancellation message renderer under libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input starts with 25 bytes for what is not text (flags for live or not, a company
 * and signature or none, the reason; then the interview's time, the deadline and a time
 * zone offset, 8 bytes each), then holds, separated by 0x1f: the message, a note, the
 * first name, the candidate's name, the position, the company and the signature. Every function that takes
 * a message is called; a message and values that are text render as text.
 */

#include "config.h"

#include "fuzz-common.h"
#include "inv-message-template.h"

enum { TEXT, NOTE, FIRST_NAME, CANDIDATE_NAME, POSITION, COMPANY, SIGNATURE, N_PARTS };

#define N_NUMBER_BYTES 25

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  return 0;
}

static gint64
take_int64 (const uint8_t **p)
{
  guint64 value = 0;

  for (guint i = 0; i < 8; i++, (*p)++)
    value = (value << 8) | **p;

  return (gint64)value;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GTimeZone) time_zone = NULL;
  g_auto(GStrv) unknown = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *with_note = NULL;
  g_autofree char *rendered = NULL;
  g_autofree char *subject = NULL;
  uint8_t number_bytes[N_NUMBER_BYTES] = { 0 };
  const uint8_t *numbers = number_bytes;
  InvMessageValues values = { 0 };
  gboolean all_text = TRUE;
  gboolean valid;
  guchar flags;

  memcpy (number_bytes, data, MIN (size, N_NUMBER_BYTES));
  parts = size > N_NUMBER_BYTES ? fuzz_split (data + N_NUMBER_BYTES, size - N_NUMBER_BYTES, N_PARTS)
                                : fuzz_split (NULL, 0, N_PARTS);

  /* "(null)" in the output must come from the input, not from a missing value. */
  for (guint i = 0; i < N_PARTS; i++)
    all_text = all_text && g_utf8_validate (parts[i], -1, NULL) && strstr (parts[i], "(null)") == NULL;

  flags = *numbers++;
  values.first_name = parts[FIRST_NAME];
  values.candidate_name = parts[CANDIDATE_NAME];
  values.position = parts[POSITION];
  values.company = flags & 2 ? NULL : parts[COMPANY];
  values.signature = flags & 4 ? NULL : parts[SIGNATURE];
  values.is_live = flags & 1;
  values.reason = (flags >> 3) % INV_N_CANCEL_REASONS;
  values.scheduled_at = take_int64 (&numbers);
  values.deadline = take_int64 (&numbers);
  /* Any offset a time zone can have, ±24 hours; the dates at the ends of the calendar
   * are the ones to try. */
  time_zone = g_time_zone_new_offset ((gint32)(take_int64 (&numbers) % (24 * 3600)));
  values.time_zone = time_zone;

  valid = inv_message_template_validate (parts[TEXT], &unknown, &error);
  fuzz_assert (valid == (error == NULL), "an error is set exactly when refused");
  fuzz_assert (valid || error->domain == INV_MESSAGE_TEMPLATE_ERROR, "the error is the renderer's own");
  fuzz_assert ((unknown != NULL) == (error != NULL && error->code == INV_MESSAGE_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER),
               "unknown placeholders are listed exactly when they are the reason");

  with_note = inv_message_template_add_note (parts[TEXT], parts[NOTE]);
  rendered = inv_message_template_render (with_note, &values);
  subject = inv_message_template_render_subject (&values);
  inv_message_template_uses (parts[TEXT], "company");
  inv_message_template_uses (parts[TEXT], "");

  fuzz_assert (rendered != NULL && subject != NULL, "something is rendered");
  if (all_text)
    {
      g_autofree char *times = inv_message_template_render ("{appointment}|{date}|{time}", &values);

      fuzz_assert (g_utf8_validate (with_note, -1, NULL), "the message with its note is text");
      fuzz_assert (g_utf8_validate (rendered, -1, NULL), "the rendered message is text");
      fuzz_assert (g_utf8_validate (subject, -1, NULL), "the subject is text");
      /* The times alone: the message's own text could spell "(null)" around them. */
      fuzz_assert (strstr (times, "(null)") == NULL && strstr (subject, "(null)") == NULL,
                   "nothing is rendered from a missing value");
    }

  return 0;
}

/* inv-text-checks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text that comes from outside (a file, the invitation service) is shown in lists,
 * printed on a terminal, exported and copied to the clipboard. Whatever its source, it
 * must be valid UTF-8 and must not steer what shows it: no control characters (a
 * terminal takes ESC and OSC sequences as commands: clear the screen, change the
 * title), and no bidirectional embeddings, overrides or isolates, which make a name
 * read differently from what it holds. A link must be a plain web address. The rules
 * live here so that every way in applies the same ones.
 */

#define G_LOG_DOMAIN "inv-text-checks"

#include "config.h"

#include <string.h>

#include "inv-text-checks.h"

/**
 * inv_text_is_bidi_control:
 * @c: a character
 *
 * The explicit bidirectional formatting characters: embeddings (U+202A, U+202B),
 * overrides (U+202D, U+202E), their end (U+202C) and the isolates (U+2066 to U+2069).
 * They reorder the text around them. The marks (U+200E, U+200F, U+061C) do not, and
 * names in right-to-left scripts use them, so they are not counted.
 *
 * Returns: %TRUE if @c is one of them
 */
gboolean
inv_text_is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/**
 * inv_text_is_unsafe_char:
 * @c: a character
 *
 * A character that has no place in one line of text shown to a person: a control
 * character (C0, DEL and C1, line breaks and tabs included), a line or paragraph
 * separator (U+2028, U+2029), or a bidirectional control
 * (inv_text_is_bidi_control()).
 *
 * Returns: %TRUE if @c is unsafe
 */
gboolean
inv_text_is_unsafe_char (gunichar c)
{
  return g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029 || inv_text_is_bidi_control (c);
}

/**
 * inv_text_find_unsafe:
 * @text: (nullable): valid UTF-8
 *
 * Returns: (nullable): the first unsafe character of @text
 *   (inv_text_is_unsafe_char()), or %NULL when it has none
 */
const char *
inv_text_find_unsafe (const char *text)
{
  if (text == NULL)
    return NULL;

  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), text);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (inv_text_is_unsafe_char (g_utf8_get_char (p)))
      return p;

  return NULL;
}

/**
 * inv_text_sanitize_line:
 * @text: (nullable): text from outside, in any state
 * @length: the length of @text in bytes, or -1 if it is nul-terminated
 * @max_chars: the most characters the result may have, at least 1
 *
 * Makes @text one safe line: bytes that are not UTF-8 (and nul bytes within @length)
 * become U+FFFD, the text is composed (NFC), control characters, line breaks, tabs and
 * runs of spaces become one space, bidirectional controls are dropped, the ends are
 * trimmed, and a longer text is cut to @max_chars characters, the last of them "…".
 *
 * Returns: (transfer full): the line; "" for %NULL or nothing left
 */
char *
inv_text_sanitize_line (const char *text,
                        gssize      length,
                        gsize       max_chars)
{
  g_autofree char *valid = NULL;
  g_autofree char *composed = NULL;
  GString *line;
  gboolean space = FALSE;
  gsize n_chars = 0;

  g_return_val_if_fail (max_chars > 0, NULL);

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, length);
  composed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);
  if (composed == NULL)
    composed = g_steal_pointer (&valid);

  line = g_string_sized_new (MIN (strlen (composed), max_chars * 4));

  for (const char *p = composed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (inv_text_is_bidi_control (c))
        continue;

      if (inv_text_is_unsafe_char (c) || g_unichar_isspace (c) ||
          g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR)
        {
          space = TRUE;
          continue;
        }

      if (space && line->len > 0)
        {
          g_string_append_c (line, ' ');
          n_chars++;
        }
      space = FALSE;

      g_string_append_unichar (line, c);
      n_chars++;

      if (n_chars > max_chars)
        break;
    }

  if (n_chars > max_chars)
    {
      /* Cut to max_chars - 1 characters, without a space before the ellipsis. */
      char *end = g_utf8_offset_to_pointer (line->str, max_chars - 1);

      g_string_truncate (line, end - line->str);
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      g_string_append (line, "…");
    }

  return g_string_free (line, FALSE);
}

/**
 * inv_text_is_web_link:
 * @link: (nullable): a link as received or stored
 *
 * Only a plain http or https address may be kept, shown or copied as an invitation's
 * link: printable ASCII without spaces (no control or bidirectional characters that
 * would show one address and hold another), at most %INV_TEXT_MAX_LINK_LENGTH bytes,
 * with a host and no user name before it (`https://bank.example@evil.example/`).
 * Anything else (a `javascript:`, `data:` or `file:` address, a local identifier) must
 * never reach a candidate.
 *
 * Returns: %TRUE if @link is such an address
 */
gboolean
inv_text_is_web_link (const char *link)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  if (link == NULL || *link == '\0')
    return FALSE;

  for (gsize i = 0; link[i] != '\0'; i++)
    {
      guchar c = link[i];

      if (i >= INV_TEXT_MAX_LINK_LENGTH || c <= ' ' || c >= 0x7F)
        return FALSE;
    }

  uri = g_uri_parse (link, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  return (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0) &&
         host != NULL && *host != '\0' && g_uri_get_userinfo (uri) == NULL;
}

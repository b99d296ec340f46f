/* inv-collation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Names sort the way people of the person's language expect: "Łukasz" beside "Lukas",
 * "Émile" with the E's, not after Z as their bytes would put them. ICU turns a name into
 * a sort key, a byte string whose plain byte order is the language's order, so the
 * store keeps it beside the name and an ordinary index serves the sort at a million
 * rows. Searching folds case and accents away on both sides instead: "celik" finds
 * "Çelik", "lodz" finds "Łódź".
 */

#define G_LOG_DOMAIN "inv-collation"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <unicode/ucol.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

#include "inv-collation.h"

struct _InvCollation
{
  UCollator *collator;  /* owned */
  char      *locale;    /* what was asked for: an ICU locale id, "root" for none */
  char      *id;        /* locale and collator version: keys differ when this does */
};

/* Keys of most names fit here; longer ones go to the heap. */
#define STACK_CHARS 256
#define STACK_KEY_BYTES 512

/**
 * inv_collation_locale_from_environment:
 *
 * The locale whose collation the person's session uses, as the C library finds it
 * (LC_ALL, then LC_COLLATE, then LANG), turned into an ICU locale id: "pl_PL.UTF-8"
 * becomes "pl_PL". The C and POSIX locales become "root", ICU's language-neutral
 * order, which still sorts "Ł" beside "L".
 *
 * Returns: (transfer full): the ICU locale id
 */
char *
inv_collation_locale_from_environment (void)
{
  static const char * const variables[] = { "LC_ALL", "LC_COLLATE", "LANG" };
  const char *value = NULL;
  g_autofree char *locale = NULL;
  char *end;

  for (guint i = 0; i < G_N_ELEMENTS (variables) && value == NULL; i++)
    {
      value = g_getenv (variables[i]);
      if (value != NULL && *value == '\0')
        value = NULL;
    }

  if (value == NULL)
    return g_strdup ("root");

  /* The codeset and modifier say nothing ICU's collation needs. */
  locale = g_strdup (value);
  end = strpbrk (locale, ".@");
  if (end != NULL)
    *end = '\0';

  if (*locale == '\0' || g_str_equal (locale, "C") || g_str_equal (locale, "POSIX"))
    return g_strdup ("root");

  return g_steal_pointer (&locale);
}

/**
 * inv_collation_new:
 * @locale: (nullable): an ICU locale id ("pl_PL", "de", "root"), or %NULL for the
 *   session's (inv_collation_locale_from_environment())
 * @error: return location for a #GError
 *
 * A collator is used by one thread at a time; each database connection has its own.
 *
 * Returns: (transfer full): the collation, or %NULL with @error set
 */
InvCollation *
inv_collation_new (const char  *locale,
                   GError     **error)
{
  g_autoptr(InvCollation) self = g_new0 (InvCollation, 1);
  UErrorCode status = U_ZERO_ERROR;
  UVersionInfo version;
  char version_text[U_MAX_VERSION_STRING_LENGTH];
  const char *actual;

  self->locale = locale != NULL ? g_strdup (locale) : inv_collation_locale_from_environment ();
  self->collator = ucol_open (g_str_equal (self->locale, "root") ? "" : self->locale, &status);
  if (U_FAILURE (status))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot sort names for the language “%s”: %s"),
                   self->locale, u_errorName (status));
      return NULL;
    }

  ucol_getVersion (self->collator, version);
  u_versionToString (version, version_text);
  /* The locale ICU really found tells apart two requests it serves alike ("pl" and
   * "pl_PL"); the version changes when ICU's rules do. Either means new keys. */
  status = U_ZERO_ERROR;
  actual = ucol_getLocaleByType (self->collator, ULOC_ACTUAL_LOCALE, &status);
  if (U_FAILURE (status) || actual == NULL || *actual == '\0')
    actual = "root";
  self->id = g_strdup_printf ("%s %s", actual, version_text);

  return g_steal_pointer (&self);
}

void
inv_collation_free (InvCollation *self)
{
  if (self == NULL)
    return;

  if (self->collator != NULL)
    ucol_close (self->collator);
  g_free (self->locale);
  g_free (self->id);
  g_free (self);
}

/**
 * inv_collation_get_locale:
 *
 * Returns: the ICU locale id asked for ("root" for the C locale)
 */
const char *
inv_collation_get_locale (InvCollation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->locale;
}

/**
 * inv_collation_get_id:
 *
 * Returns: the locale ICU serves and the version of its rules, e.g. "pl 153.112";
 *   sort keys made under one id are only comparable with keys of the same id
 */
const char *
inv_collation_get_id (InvCollation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->id;
}

/* The key with ICU's terminating zero byte, which ucol_mergeSortkeys() needs. */
static guint8 *
key_with_terminator (InvCollation *self,
                     const char   *text,
                     gsize        *length)
{
  UChar stack_chars[STACK_CHARS];
  g_autofree UChar *heap_chars = NULL;
  UChar *chars = stack_chars;
  int32_t n_chars = 0;
  UErrorCode status = U_ZERO_ERROR;
  guint8 stack_key[STACK_KEY_BYTES];
  int32_t key_length;
  guint8 *key;

  if (text == NULL)
    text = "";

  /* Bytes that are not UTF-8 sort as U+FFFD rather than making the name unsortable. */
  u_strFromUTF8WithSub (chars, STACK_CHARS, &n_chars, text, -1, 0xFFFD, NULL, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR)
    {
      heap_chars = g_new (UChar, n_chars + 1);
      chars = heap_chars;
      status = U_ZERO_ERROR;
      u_strFromUTF8WithSub (chars, n_chars + 1, &n_chars, text, -1, 0xFFFD, NULL, &status);
    }
  if (U_FAILURE (status))
    n_chars = 0;

  key_length = ucol_getSortKey (self->collator, chars, n_chars, stack_key, sizeof stack_key);
  key = g_malloc (MAX (key_length, 1));
  if (key_length <= (int32_t)sizeof stack_key)
    memcpy (key, stack_key, key_length);
  else
    key_length = ucol_getSortKey (self->collator, chars, n_chars, key, key_length);

  if (key_length <= 0)
    {
      key[0] = 0;
      key_length = 1;
    }

  *length = key_length;

  return key;
}

/**
 * inv_collation_key:
 * @text: (nullable): UTF-8 text
 * @length: (out): the key's length in bytes
 *
 * Keys compare with memcmp() (and so with SQLite's BLOB order) as @self compares
 * the texts.
 *
 * Returns: (transfer full) (array length=length): the sort key
 */
guint8 *
inv_collation_key (InvCollation *self,
                   const char   *text,
                   gsize        *length)
{
  guint8 *key;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (length != NULL, NULL);

  key = key_with_terminator (self, text, length);
  /* The terminator adds nothing to the order; the store leaves it out. */
  *length -= 1;

  return key;
}

/**
 * inv_collation_key_of_pair:
 * @first: (nullable): what sorts first (a last name)
 * @second: (nullable): what decides between equal @first (a first name)
 * @length: (out): the key's length in bytes
 *
 * One key that sorts by @first, then by @second, level by level as ICU merges them
 * (so "Nowak, Anna" comes before "Nowakowski, Adam").
 *
 * Returns: (transfer full) (array length=length): the sort key
 */
guint8 *
inv_collation_key_of_pair (InvCollation *self,
                           const char   *first,
                           const char   *second,
                           gsize        *length)
{
  g_autofree guint8 *first_key = NULL;
  g_autofree guint8 *second_key = NULL;
  gsize first_length, second_length;
  guint8 *merged;
  int32_t merged_length;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (length != NULL, NULL);

  first_key = key_with_terminator (self, first, &first_length);
  second_key = key_with_terminator (self, second, &second_length);
  merged = g_malloc (first_length + second_length);
  merged_length = ucol_mergeSortkeys (first_key, first_length, second_key, second_length,
                                      merged, first_length + second_length);
  g_assert (merged_length > 0);
  *length = merged_length - 1;

  return merged;
}

/**
 * inv_collation_compare:
 *
 * Returns: < 0, 0 or > 0 as @a sorts before, with or after @b
 */
int
inv_collation_compare (InvCollation *self,
                       const char   *a,
                       const char   *b)
{
  g_autofree guint8 *key_a = NULL;
  g_autofree guint8 *key_b = NULL;
  gsize length_a, length_b;
  int cmp;

  g_return_val_if_fail (self != NULL, 0);

  key_a = inv_collation_key (self, a, &length_a);
  key_b = inv_collation_key (self, b, &length_b);
  cmp = memcmp (key_a, key_b, MIN (length_a, length_b));
  if (cmp != 0)
    return cmp;

  return (length_a > length_b) - (length_a < length_b);
}

/* Letters that are not a base letter plus an accent in Unicode, so decomposing leaves
 * them as they are, but that people type without their stroke all the same. */
static const char *
strip_stroke (gunichar c)
{
  switch (c)
    {
    case 0x0141: case 0x0142: return "l";   /* Ł ł */
    case 0x0110: case 0x0111: return "d";   /* Đ đ */
    case 0x00D8: case 0x00F8: return "o";   /* Ø ø */
    case 0x0126: case 0x0127: return "h";   /* Ħ ħ */
    case 0x0166: case 0x0167: return "t";   /* Ŧ ŧ */
    case 0x0131: return "i";                /* ı */
    case 0x00C6: case 0x00E6: return "ae";  /* Æ æ */
    case 0x0152: case 0x0153: return "oe";  /* Œ œ */
    default: return NULL;
    }
}

/**
 * inv_search_fold:
 * @text: (nullable): UTF-8 text
 *
 * @text without case and accents, the same in every locale: compatibility forms
 * decomposed, accents dropped, letters with a stroke written plainly ("ł" → "l"),
 * then case-folded ("ß" → "ss") and composed (NFKC). Searching folds both the stored
 * text and what the person typed with this.
 *
 * Returns: (transfer full): the folded text; "" when @text is not UTF-8
 */
char *
inv_search_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(GString) bare = NULL;
  char *composed;

  if (text == NULL)
    return g_strdup ("");

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_strdup ("");

  bare = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);
      const char *plain;

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK)
        continue;

      plain = strip_stroke (c);
      if (plain != NULL)
        g_string_append (bare, plain);
      else
        g_string_append_unichar (bare, c);
    }

  folded = g_utf8_casefold (bare->str, bare->len);
  composed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKC);

  return composed != NULL ? composed : g_strdup ("");
}

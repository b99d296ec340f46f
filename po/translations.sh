# shellcheck shell=bash
# Shared by build-aux/update-translations and po/check-translations, so that the list of
# translatable files and the extracted strings are the same for both.

# The xgettext arguments of meson's 'glib' preset (po/meson.build), so that the strings
# found here are exactly those of the invitations-pot target.
inv_xgettext_args=(
  --package-name=invitations
  --from-code=UTF-8
  --add-comments
  --keyword=_
  --keyword=N_
  --keyword=C_:1c,2
  --keyword=NC_:1c,2
  --keyword=g_dcgettext:2
  --keyword=g_dngettext:2,3
  --keyword=g_dpgettext2:2c,3
  --flag=N_:1:pass-c-format
  --flag=C_:2:pass-c-format
  --flag=NC_:2:pass-c-format
  --flag=g_dngettext:2:pass-c-format
  --flag=g_strdup_printf:1:c-format
  --flag=g_string_printf:2:c-format
  --flag=g_string_append_printf:2:c-format
  --flag=g_error_new:3:c-format
  --flag=g_set_error:4:c-format
  --flag=g_markup_printf_escaped:1:c-format
  --flag=g_log:3:c-format
  --flag=g_print:1:c-format
  --flag=g_printerr:1:c-format
  --flag=g_printf:1:c-format
  --flag=g_fprintf:2:c-format
  --flag=g_sprintf:2:c-format
  --flag=g_snprintf:3:c-format
)

# A C call that marks a string for translation: _(), N_(), C_(), NC_(), Q_(), ngettext() and
# the g_d*gettext() family, not preceded by an identifier character (so INV_() is not one).
inv_c_gettext_re='(^|[^[:alnum:]_])(_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dcgettext|g_dpgettext2?)[[:space:]]*\('

# A GtkBuilder property or item marked for translation.
inv_ui_gettext_re='translatable="(yes|true|1)"'

# Prints, one a line and sorted, the files under the source tree TOP that hold strings for
# translators, relative to TOP: C sources and .ui files that use gettext, plus the launcher,
# software-centre metadata and settings schema, which are always translated.
inv_translatable_files ()
{
  local top=$1

  (
    cd "$top" || exit 1
    {
      find -H src data -type f \( -name '*.c' -o -name '*.h' \) -print0 2>/dev/null |
        xargs -0 -r grep -lE -- "$inv_c_gettext_re"
      find -H src data -type f -name '*.ui' -print0 2>/dev/null |
        xargs -0 -r grep -lE -- "$inv_ui_gettext_re"
      find -H data -maxdepth 1 -type f \
        \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' -o -name '*.gschema.xml' \) \
        2>/dev/null
    } | sed 's|^\./||' | LC_ALL=C sort -u
  )
}

# Prints the entries of a POTFILES.in: no comments, no blank lines, no surrounding spaces.
inv_potfiles_entries ()
{
  sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1"
}

# Writes the template for every translatable file of TOP to OUTPUT (a .pot file).
inv_make_pot ()
{
  local top=$1 output=$2 list

  list=$(mktemp)
  inv_translatable_files "$top" >"$list"
  xgettext --force-po "${inv_xgettext_args[@]}" -D "$top" -f "$list" -o "$output"
  local status=$?
  rm -f "$list"
  return $status
}

# Prints the languages of po/LINGUAS, one a line.
inv_linguas ()
{
  sed -e 's/#.*//' "$1/po/LINGUAS" | tr -s '[:space:]' '\n' | sed '/^$/d'
}

# Prints "TRANSLATED FUZZY UNTRANSLATED" for the .po file PO.
inv_po_counts ()
{
  local stats translated fuzzy untranslated

  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$1" 2>&1) || {
    printf '%s\n' "$stats" >&2
    return 1
  }
  translated=$(sed -n 's/^\([0-9]*\) translated message.*/\1/p' <<<"$stats")
  fuzzy=$(sed -n 's/.* \([0-9]*\) fuzzy translation.*/\1/p' <<<"$stats")
  untranslated=$(sed -n 's/.* \([0-9]*\) untranslated message.*/\1/p' <<<"$stats")
  printf '%s %s %s\n' "${translated:-0}" "${fuzzy:-0}" "${untranslated:-0}"
}

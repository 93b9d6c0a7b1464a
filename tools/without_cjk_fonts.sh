#!/usr/bin/env bash
# Run a command on this machine as if it had no CJK font, like a bare Colab runtime:
#
#     tools/without_cjk_fonts.sh COMMAND [ARGS...]
#
# How: the command runs in a private mount namespace (unshare -m; as a non-root user, in a user
# namespace that maps it to root, unshare -rm) in which every folder holding a font that covers
# Chinese, Japanese or Korean has an empty tmpfs mounted over it. Those font files then do not
# exist for the command and its children (Jupyter kernels included): fontconfig (fc-list), the
# folders matplotlib scans itself (/usr/share/fonts, ~/.fonts, ...) and gru_viz's own search all
# find nothing, exactly as on a machine without the fonts. Nothing changes outside the namespace,
# and it ends with the command. Give the command a fresh MPLCONFIGDIR, so that matplotlib builds
# its font list in there instead of reading one that lists the hidden fonts.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }

if [ "${GRU_WITHOUT_CJK_FONTS:-}" != inside ]; then
  if [ "$(id -u)" = 0 ]; then ns=(unshare --mount --propagation private)
  else ns=(unshare --map-root-user --mount --propagation private); fi
  if ! "${ns[@]}" true 2>/dev/null; then
    echo "$0: cannot make a mount namespace here ('${ns[*]}' failed)," \
         "so the CJK fonts cannot be hidden" >&2
    exit 1
  fi
  GRU_WITHOUT_CJK_FONTS=inside exec "${ns[@]}" "$0" "$@"
fi

# Inside the namespace: the folders of every CJK font fontconfig knows, and of any font file
# named like one (for a machine without fontconfig, which matplotlib scans all the same).
cjk_fonts() {
  if command -v fc-list >/dev/null; then
    for lang in zh ja ko; do fc-list ":lang=$lang" file | sed 's/: *$//'; done
  fi
  for dir in /usr/share/fonts /usr/local/share/fonts "$HOME/.fonts" "$HOME/.local/share/fonts"; do
    [ -d "$dir" ] && find "$dir" -type f \( -iname '*cjk*' -o -iname 'wqy*' -o -iname '*han*sans*' \
      -o -iname '*hei.tt?' -o -iname 'u[mk][ia]*.tt?' -o -iname 'droidsansfallback*' \) -print
  done
  return 0
}
hidden=0
while IFS= read -r dir; do
  [ -n "$dir" ] && [ -d "$dir" ] || continue
  mount -t tmpfs -o size=64k,mode=0755 gru-no-cjk-fonts "$dir"
  hidden=$((hidden + 1))
done < <(cjk_fonts | xargs -r -d '\n' -n1 dirname | sort -u)

left=$(cjk_fonts)
if [ -n "$left" ]; then
  echo "$0: CJK fonts still visible:" >&2
  echo "$left" >&2
  exit 1
fi
echo "without_cjk_fonts: $hidden font folder(s) hidden; fc-list finds no CJK font" >&2
unset GRU_WITHOUT_CJK_FONTS
exec "$@"

#!/usr/bin/env bash
# Every example in README.md runs: each line of a fenced block that starts with "$ lmds " is run with the built
# program (in a scratch folder, so SVG/JSON outputs land there) and must exit 0.
set -u
LMDS=$1
SRC=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$SRC/data" "$work/data"   # examples name files under data/ as a user in the repository would
n=0; fails=0
while IFS= read -r line; do
  cmd=${line#\$ lmds }
  n=$((n+1))
  if ! (cd "$work" && eval "\"$LMDS\" $cmd" >"$work/out.txt" 2>&1); then
    echo "FAIL: README example: lmds $cmd"; head -5 "$work/out.txt"; fails=$((fails+1))
  fi
done < <(awk '/^```/{inblock=!inblock; next} inblock && /^\$ lmds /' "$SRC/README.md")
[ "$n" -gt 0 ] || { echo "FAIL: no README examples found"; exit 1; }
echo "README examples: $n run, $fails failed"
[ "$fails" -eq 0 ]

#!/bin/bash
# One command-line grammar for every command: walks every command and subcommand that `lmds --help` lists and
# checks what the grammar (printed by `lmds --help`) promises of each: --help exits 0 with a usage line; an option
# the command does not take exits 2 naming it; a bad number for a numeric option exits 2 naming the range or the
# value. Then, for commands that take positional arguments, that options may stand before or after them with the
# same result, and that --name=VALUE equals --name VALUE.
# usage: bash test_grammar.sh <path-to-lmds> <source-dir>
set -u
LMDS=$1
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
fails=0; n=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

commands=$("$LMDS" --help | awk '/^Commands:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{on=0}')
[[ -n $commands ]] || { echo "FAIL: lmds --help lists no commands"; exit 1; }

check_one() { # check_one CMD [SUB]
  n=$((n + 1))
  local what="lmds $*"
  "$LMDS" "$@" --help > "$W/out" 2> "$W/err"; local rc=$?
  [[ $rc == 0 ]] || fail "$what --help exited $rc"
  grep -q "^Usage: lmds $*" "$W/out" || fail "$what --help: no 'Usage: lmds $*' line"
  "$LMDS" "$@" --no-such-option-xyz > "$W/out" 2> "$W/err"; rc=$?
  [[ $rc == 2 ]] || fail "$what --no-such-option-xyz exited $rc, expected 2"
  grep -q "no-such-option-xyz" "$W/err" || fail "$what: the unknown option is not named: $(head -1 "$W/err")"
}

for c in $commands; do
  subs=$("$LMDS" "$c" --help 2>/dev/null | awk '/^Subcommands/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{on=0}')
  if [[ -n $subs ]]; then
    for s in $subs; do check_one "$c" "$s"; done
  else
    check_one "$c"
  fi
done

# Options anywhere after the command, and --name=VALUE the same as --name VALUE.
same() { # same DESCRIPTION -- ARGS1 -- ARGS2 : both runs exit 0 with identical output
  local d=$1; shift 2
  local a=() b=()
  while [[ $1 != -- ]]; do a+=("$1"); shift; done; shift
  b=("$@")
  "$LMDS" "${a[@]}" > "$W/a" 2>/dev/null; local ra=$?
  "$LMDS" "${b[@]}" > "$W/b" 2>/dev/null; local rb=$?
  [[ $ra == 0 && $rb == 0 ]] || { fail "$d: exit $ra / $rb"; return; }
  cmp -s "$W/a" "$W/b" || fail "$d: different output"
}
same "comp: option before or after the formula" -- comp --json Ga0.5In0.5 -- comp Ga0.5In0.5 --json
same "thermo liquidus: options anywhere" -- thermo liquidus --json --P 0.5 Bi20Sn80 -- thermo liquidus Bi20Sn80 --P 0.5 --json
same "thermo liquidus: --P=0.5 is --P 0.5" -- thermo liquidus Bi20Sn80 --P=0.5 --csv -- thermo liquidus Bi20Sn80 --P 0.5 --csv
same "route: options anywhere" -- route --csv Ga -r droplet:15um -- route Ga --route droplet:15um --csv
same "sc tc: --lambda=1 is --lambda 1" -- sc tc --lambda=1 --omega-log 100 --json -- sc tc --json --omega-log 100 --lambda 1

# A number outside its range or not a number: exit 2 with the option named.
for args in "thermo liquidus Bi20Sn80 --P -1" "thermo liquidus Bi20Sn80 --P abc" "sc tc --lambda 1e9" \
            "predict Pb --P -3" "route Ga --store-at -5"; do
  # shellcheck disable=SC2086
  "$LMDS" $args > /dev/null 2> "$W/err"; rc=$?
  [[ $rc == 2 ]] || fail "lmds $args exited $rc, expected 2: $(head -1 "$W/err")"
  opt=$(echo "$args" | grep -o -- '--[a-z-]*' | tail -1)
  grep -q -- "$opt" "$W/err" || fail "lmds $args: message does not name $opt: $(head -1 "$W/err")"
done

if (( fails )); then echo "$fails grammar check(s) failed over $n commands"; exit 1; fi
echo "grammar holds for all $n commands and subcommands"

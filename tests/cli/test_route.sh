#!/usr/bin/env bash
# Command-line tests of lmds route and lmds liquid-sc: the route changes the answer where the data say it
# should, the three output formats, exit codes and located messages for bad input.
# Usage: bash test_route.sh <path-to-lmds> <source-dir>
set -u
LMDS="$1"
SRC="$2"
export LMDS_DATA_DIR="${LMDS_DATA_DIR:-$SRC/data}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
bad() { echo "FAIL $*"; fail=1; }

# The droplet size selects the polymorph: 1 mm alpha-Ga, 15 um beta-Ga, 100 um unknown (both listed).
"$LMDS" route Ga -r droplet:1mm -r droplet:15um -r droplet:100um --json >"$TMP/r.json" || bad "route --json exit"
[ "$(jq -r '.[0].form' "$TMP/r.json")" = alpha ] || bad "1 mm droplet is not alpha"
[ "$(jq -r '.[1].form' "$TMP/r.json")" = beta ] || bad "15 um droplet is not beta"
[ "$(jq -r '[.[] | select(.route == "droplet:100um") | .known] | unique | .[0]' "$TMP/r.json")" = unknown ] ||
    bad "100 um droplet polymorph should be unknown"
# Options anywhere, the same flags as other commands; CSV has a header and one row per form.
"$LMDS" route --csv Ga --route amorphous --store-at 4 >"$TMP/r.csv" || bad "route --csv exit"
head -1 "$TMP/r.csv" | grep -q '^route,form,Tc_K' || bad "route CSV header"
[ "$(wc -l <"$TMP/r.csv")" -eq 2 ] || bad "route CSV rows"
"$LMDS" route Pb -r "2d:Si(111)" | grep -q '1.52' || bad "Pb monolayer forms listed separately"
# Bad input: unknown route and negative size (usage, column named), unknown element, no data.
"$LMDS" route Ga -r warp:3 2>"$TMP/e"; [ $? -eq 2 ] || bad "unknown route exit"
grep -q "column 1" "$TMP/e" || bad "unknown route message without column"
"$LMDS" route Ga -r droplet:-3nm 2>"$TMP/e"; [ $? -eq 2 ] || bad "negative size exit"
grep -q "column 9" "$TMP/e" || bad "negative size message without column"
"$LMDS" route Xx -r bulk 2>/dev/null; [ $? -eq 1 ] || bad "unknown element exit"
"$LMDS" route Zn -r 2d:graphene 2>/dev/null; [ $? -eq 1 ] || bad "no data exit"
"$LMDS" route --store-at nan Ga 2>/dev/null; [ $? -eq 2 ] || bad "NaN storage temperature exit"

# liquid-sc: the table, CSV, and a synthetic family whose liquid reaches below its disordered-solid Tc.
"$LMDS" liquid-sc >"$TMP/l.txt" || bad "liquid-sc exit"
grep -q '^Ga  *no ' "$TMP/l.txt" || bad "liquid-sc Ga row"
"$LMDS" liquid-sc --csv | head -1 | grep -q '^family,verdict,lowest_liquid_K' || bad "liquid-sc CSV header"
printf '%s\n' "family,composition,liquidus_K,lowest_liquid_K,lowest_liquid_method,glass_transition_K,disordered_solid,disordered_Tc_K,reference,notes,verification" \
    "Synthetic,X,300,5,made up,,amorphous X,9,test,,derived" >"$TMP/fam.csv"
"$LMDS" liquid-sc --families "$TMP/fam.csv" --json | jq -e '.[0].verdict == "yes"' >/dev/null || bad "synthetic yes"
printf '%s\n' "family,composition" "A,B" >"$TMP/badfam.csv"
"$LMDS" liquid-sc --families "$TMP/badfam.csv" 2>"$TMP/e"; [ $? -eq 1 ] || bad "bad families exit"
grep -q "badfam.csv:1" "$TMP/e" || bad "bad families message without location"
[ $fail -eq 0 ] && echo "ok: route and liquid-sc"
exit $fail

#!/usr/bin/env bash
# Regenerate the validation tables of README.md and docs/*.md from `lmds validate --blind --json` (and the
# lmds commands named in markers).
# A table lives between the markers
#   <!-- validate:SUITE begin -->            every case of the suite
#   <!-- validate:SUITE end -->
# or
#   <!-- validate:SUITE:CASES begin -->      the cases whose name matches the extended regular expression CASES
#   <!-- validate:SUITE:CASES end -->        as a whole (e.g. "nb_.*|pb_tc_measured"; no spaces)
# (SUITE = thermo, assessments, supercon, pressure, learn, pipeline, routes, flux, tunnel, or "summary" for the hit
# rates of every suite), or the output of an lmds command that prints a validation table of its own (words split on
# spaces, no quoting):
#   <!-- lmds: tunnel score --markdown begin -->
#   <!-- lmds: tunnel score --markdown end -->
# and three forms for commands whose output is not markdown:
#   <!-- lmds-code: ARGS begin -->               the output in a fenced code block (a plain-text matrix)
#   <!-- lmds-table: ARGS begin -->              ARGS print a JSON array of objects (give --json): a markdown table,
#   <!-- lmds-table:FIELD=REGEX: ARGS begin -->  one column per key; with FIELD=REGEX only the objects whose FIELD
#                                                matches the regular expression REGEX (no spaces or commas; several
#                                                filters separated by commas must all match)
#   <!-- lmds-count:FIELD: ARGS begin -->        the same array counted by FIELD: a table of values and counts
# each closed by the same marker with "end".
# Everything between the markers is replaced; nothing else is touched. Every README.md and docs/*.md with a
# marker is regenerated (and checked with --check).
#
# Usage: tools/validation_tables.sh [--lmds PATH] [--root DIR] [--check]
#   --lmds   the lmds program (default build/lmds under the root)
#   --root   the source tree whose README.md and docs/*.md are regenerated (default: this script's tree)
#   --check  regenerate into a temporary copy and fail with the diff when a committed table is stale
# Needs bash, jq and the lmds program. Exit 0 when done (or, with --check, when nothing is stale), 1 otherwise.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lmds=""
check=0
while [ $# -gt 0 ]; do
    case $1 in
    --lmds) lmds=$2; shift 2 ;;
    --root) root=$2; shift 2 ;;
    --check) check=1; shift ;;
    *) echo "validation_tables.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
[ -n "$lmds" ] || lmds=$root/build/lmds
command -v jq >/dev/null || { echo "validation_tables.sh: jq is needed" >&2; exit 1; }
[ -x "$lmds" ] || { echo "validation_tables.sh: no lmds program at $lmds" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Exit 1 from lmds validate means some case could not run: its rows say why, so the tables are still made.
rc=0
"$lmds" validate --blind --json >"$tmp/v.json" 2>"$tmp/v.err" || rc=$?
if [ $rc -gt 1 ] || ! jq -e 'type == "array"' "$tmp/v.json" >/dev/null 2>&1; then
    echo "validation_tables.sh: lmds validate failed (exit $rc):" >&2
    cat "$tmp/v.err" >&2
    exit 1
fi

# One markdown table per suite (the blind run's results in a column of their own), and the summary.
table() {
    jq -r --arg s "$1" --arg f "${2:-.*}" '
      # three decimals from 1 up, four significant digits below (mole fractions, small slopes)
      def num: if . == null then "" elif . == 0 or (. | fabs) >= 1 then (. * 1000 | round / 1000 | tostring)
               else (pow(10; 3 - (. | fabs | log10 | floor))) as $s | (. * $s | round / $s | tostring) end;
      def seen: if .trained_on == "yes" then " (seen in training: " + .nearest_training + ")" else "" end;
      def cell: tostring | gsub("\\|"; "\\|") | gsub("\n"; " ");
      [.[] | select(.suite == $s)] as $runs
      | ($runs | map(select(.blind)) | first // null) as $b
      | ($runs | map(select(.blind | not)) | first) as $n
      | (if $b then "| case | quantity | reference | lmds | blind | tolerance (why) | result | blind result | answer | source |\n|---|---|---|---|---|---|---|---|---|---|"
         else "| case | quantity | reference | lmds | tolerance (why) | result | answer | source |\n|---|---|---|---|---|---|---|---|" end),
        ($n.results | to_entries[] | select(.value.case | test("^(" + $f + ")$")) | .key as $i | .value as $r
         | (($r.reference | num) + (if $r.lo != null and $r.hi != null then " [" + ($r.lo | num) + "-" + ($r.hi | num) + "]" elif $r.hi != null then " [<= " + ($r.hi | num) + "]" elif $r.lo != null then " [>= " + ($r.lo | num) + "]" else "" end) + (if ($r.unit // "") != "" then " " + $r.unit else "" end)) as $ref
         | (if $r.result == "cannot run" or $r.result == "skipped" then $r.result + ": " + ($r.reason // "") else ($r.lmds | num) end) as $val
         | "| " + ([$r.case, $r.quantity, $ref, $val]
                  + (if $b then [($b.results[$i] | if .lmds == null then .result else (.lmds | num) end)] else [] end)
                  + [($r.tolerance | tostring) + " (" + $r.tolerance_reason + ")", $r.result + ($r | seen)]
                  + (if $b then [$b.results[$i] | .result + seen] else [] end)
                  + [($r.answer // "") + (if $b and ($b.results[$i].answer // "") != ($r.answer // "") then "; blind: " + ($b.results[$i].answer // "") else "" end), $r.source]
                  | map(cell) | join(" | ")) + " |")
    ' "$tmp/v.json"
}

summary() {
    jq -r '
      "| suite | run | cases | hits | misses | cannot run | skipped | answered by a stored row: lookups (hits) | learned-model answers for a material it was trained on (hits) |",
      "|---|---|---|---|---|---|---|---|---|",
      (.[] | "| \(.suite) | \(if .blind then "blind" else "normal" end) | \(.cases) | \(.hits) | \(.misses) | \(.cannot_run) | \(.skipped) | \(.lookups) (\(.lookup_hits)) | \(.trained) (\(.trained_hits)) |")
    ' "$tmp/v.json"
}

# A JSON array of objects (stdin) as a markdown table; $1 = "FIELD=REGEX[,FIELD=REGEX...]" keeps the objects that
# match every filter.
json_table() {
    jq -r --arg filters "$1" '
      def cell: tostring | gsub("\\|"; "\\|") | gsub("\n"; " ");
      def keep($o): all($filters | split(",")[] | select(. != "") | capture("^(?<f>[^=]+)=(?<re>.*)$");
                        . as $c | ($o[$c.f] // "") | tostring | test($c.re));
      [.[] | select(keep(.))] as $rows
      | (.[0] | keys_unsorted) as $k
      | ("| " + ($k | join(" | ")) + " |"), ("|" + ($k | map("---") | join("|")) + "|"),
        ($rows[] | . as $r | "| " + ($k | map($r[.] // "" | cell) | join(" | ")) + " |")'
}

# The same array counted by FIELD ($1), in order of first appearance.
json_count() {
    jq -r --arg f "$1" '
      . as $a | [$a[] | .[$f] | tostring] as $v | reduce $v[] as $x ([]; if index([$x]) then . else . + [$x] end)
      | ("| " + $f + " | count |"), "|---|---|",
        (.[] as $x | "| \($x) | \($v | map(select(. == $x)) | length) |"),
        "| total | \($v | length) |"'
}

# Run one marked lmds command ($2: the words after "lmds"; $1: "", code, table[:FILTER] or count:FIELD) into $3.
run_marked() {
    local form=$1 key=$2 out=$3 in=$4
    local -a args
    read -ra args <<<"$key"
    "$lmds" "${args[@]}" >"$tmp/cmd.out" 2>"$tmp/cmd.err" || {
        echo "validation_tables.sh: $in: 'lmds $key' failed:" >&2
        cat "$tmp/cmd.err" >&2
        return 1
    }
    case $form in
    "") cat "$tmp/cmd.out" >>"$out" ;;
    code) { echo '```'; cat "$tmp/cmd.out"; echo '```'; } >>"$out" ;;
    table) json_table "" <"$tmp/cmd.out" >>"$out" ;;
    table:*) json_table "${form#table:}" <"$tmp/cmd.out" >>"$out" ;;
    count:*) json_count "${form#count:}" <"$tmp/cmd.out" >>"$out" ;;
    esac
}

# Replace the marked sections of one file (written to $2).
regen() {
    local in=$1 out=$2 line suite key
    : >"$out"
    local skipping=""
    while IFS= read -r line || [ -n "$line" ]; do
        if [ -n "$skipping" ]; then
            if [[ $line == "<!-- $skipping end -->" ]]; then
                printf '%s\n' "$line" >>"$out"
                skipping=""
            fi
            continue
        fi
        printf '%s\n' "$line" >>"$out"
        if [[ $line =~ ^\<!--\ validate:([a-z]+)(:([^ ]+))?\ begin\ --\>$ ]]; then
            suite=${BASH_REMATCH[1]}
            key=$suite${BASH_REMATCH[2]}
            if [ "$suite" = summary ]; then summary >>"$out"; else table "$suite" "${BASH_REMATCH[3]}" >>"$out"; fi
            skipping=validate:$key
        elif [[ $line =~ ^\<!--\ lmds(-code|-table(:[a-z_]+=[^\ ]+)?|-count:[a-z_]+)?:\ ([^\<\>]+)\ begin\ --\>$ ]]; then
            local form=${BASH_REMATCH[1]#-}
            key=${BASH_REMATCH[3]}
            run_marked "$form" "$key" "$out" "$in" || return 1
            skipping="lmds${BASH_REMATCH[1]}: $key"
        fi
    done <"$in"
    [ -z "$skipping" ] || { echo "validation_tables.sh: $in: no end marker for $skipping" >&2; return 1; }
}

stale=0
for f in "$root"/README.md "$root"/docs/*.md; do
    grep -q '^<!-- \(validate:[a-z]*\(:[^ ]*\)\?\|lmds[-a-z_:=]*[^ ]*: .*\) begin -->$' "$f" || continue
    regen "$f" "$tmp/new.md"
    if [ $check -eq 1 ]; then
        if ! diff -u "$f" "$tmp/new.md" >"$tmp/diff"; then
            echo "stale validation table in ${f#"$root"/} (run tools/validation_tables.sh):"
            cat "$tmp/diff"
            stale=1
        fi
    elif ! cmp -s "$f" "$tmp/new.md"; then
        cp "$tmp/new.md" "$f"
        echo "updated ${f#"$root"/}"
    fi
done
exit $stale

#!/bin/bash
# Hostile inputs, one per failure class: repeated elements, out-of-range numbers that used to hang or print NaN/inf,
# contradictory or impossible input, outputs that would overwrite an input, empty or foreign files given as
# databases, a damaged genome, a full disk, memory limits. Each case states the behaviour required: exit code 2 for
# a usage error (with the allowed range), 1 for input that cannot be used (with its location), never a crash
# (exit >= 128), never a hang (every command runs under `timeout`), never NaN/inf in an answer, never a changed input.
# usage: bash test_hostile.sh <path-to-lmds> <source-dir>
set -u
LMDS=$1; SRC=$2
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect CODE PATTERN -- ARGS...: exit CODE (124 = hang), stderr+stdout matching PATTERN, no nan/inf printed
expect() {
  local code=$1 pat=$2; shift 3
  local out rc
  out=$(timeout 60 "$LMDS" "$@" 2>err.txt); rc=$?
  local res=$out   # the answer (standard output): no NaN/inf in it
  out="$out
$(cat err.txt)"
  [[ $rc == "$code" ]] || { fail "lmds $* exited $rc, expected $code: $(echo "$out" | head -3)"; return; }
  [[ -z $pat ]] || echo "$out" | grep -Eq -- "$pat" || fail "lmds $*: message lacks /$pat/: $(echo "$out" | head -3)"
  echo "$res" | grep -Eiq '(^|[^a-z])(-?nan|-?inf)([^a-z]|$)' && fail "lmds $*: NaN/inf printed: $(echo "$res" | grep -Ei 'nan|inf' | head -2)"
  return 0
}

# ---- repeated elements (these read an uninitialised composition and crashed at random)
expect 2 "given twice" -- thermo diagram --elements Bi,Bi
expect 2 "given twice" -- thermo invariants --elements Bi,Bi
expect 2 "given twice" -- thermo diagram --elements In,In,Sn

# ---- numbers outside their physical range (hangs, infinities and NaN before): exit 2 naming the range
expect 2 "allowed range" -- thermo diagram --elements Bi,Sn --dT 1e-300
expect 2 "allowed range" -- thermo invariants --elements Bi,Sn --Tmax 1e308
expect 2 "allowed range" -- sc tc --method eliashberg --cutoff-factor 1e5
expect 2 "allowed range" -- sc tc --cutoff-factor 1e308
expect 2 "allowed range" -- sc tc --lambda 1e308
expect 2 "allowed range" -- sc tc --lambda 5.6e5 --method allen-dynes
expect 2 "allowed range" -- thermo solidify Bi0.5Sn0.5 --Tend 1e5
expect 2 "allowed range" -- tunnel diagram --E1 -100
expect 2 "allowed range" -- learn cv --repeats 0
expect 2 "" -- sc tc --lambda nan
expect 2 "" -- thermo liquidus Bi0.5Sn0.5 --P inf

# ---- compositions that cannot be used: exit 1 with the position in the text
expect 1 "below 1e-9" -- comp 'Ga(In)999999999999999999999'
expect 1 "column" -- comp 'Ga0.5In0.5at%x'
expect 1 "" -- comp 'Ga-0.5In0.5'
expect 1 "" -- comp 'Qq0.5In0.5'

# ---- contradictory input is refused, not resolved silently
expect 1 "at%" -- comp 'Ga50In50 at%' --wt
a2f=$(ls "$SRC"/data/spectra/*ALPHA2F.OUT | head -1)
expect 2 "contradict" -- sc tc --a2f "$a2f" --lambda 1
printf '[{"material":"x","composition":"Ga\\u0000In","form":"bulk","pressure_GPa":0,"Tc_K":1,"other_props":"","reference":"r","source_url":"","value_type":"measured","notes":""}]' > nul.json
expect 1 "NUL" -- db import nul.json --kind superconductors --db user.sqlite

# ---- empty or foreign files given as databases are refused, not read as "no data"
: > empty.txt
echo 'not a database' > garbage.tdb
expect 1 "not a TDB database" -- predict Ga --tdb empty.txt
expect 1 "not a TDB database" -- thermo check garbage.tdb
expect 1 "not a TDB database" -- thermo merge empty.txt garbage.tdb -o merged.tdb
[[ -e merged.tdb ]] && fail "thermo merge left merged.tdb after failing"

# ---- outputs never overwrite an input; the input is byte-identical afterwards
printf 'system,quantity,value_C,reference\nBi-Sn,eutectic_T,139,x\n' > d.csv
sum0=$(cksum < d.csv)
expect 1 "overwrite the input" -- thermo assess d.csv -o d.csv --system Bi-Sn
[[ $(cksum < d.csv) == "$sum0" ]] || fail "thermo assess changed its input"
cp "$LMDS_DB" G.sqlite
sum0=$(cksum < G.sqlite)
expect 1 "overwrite the input" -- db export --db G.sqlite -o G.sqlite
[[ $(cksum < G.sqlite) == "$sum0" ]] || fail "db export changed the genome"
expect 1 "genome being built" -- db build --db X.sqlite --rejects X.sqlite

# ---- a full disk: the write fails with a message and exit 1, not a truncated file with exit 0
# (and a device given as the output file is written, never replaced by a regular file)
if [[ -c /dev/full ]]; then
  timeout 60 "$LMDS" thermo invariants --elements Bi,Sn --csv > /dev/full 2>/dev/null
  rc=$?; [[ $rc == 1 ]] || fail "output to a full disk: exit $rc, expected 1"
  timeout 120 "$LMDS" thermo diagram --elements Bi,Sn -o /dev/full 2>/dev/null
  rc=$?; [[ $rc == 1 ]] || fail "diagram -o /dev/full: exit $rc, expected 1"
  [[ -c /dev/full ]] || fail "diagram -o /dev/full replaced the device with a file"
fi

# ---- a memory limit: a clear out-of-memory error or a normal answer, never a crash
# (not under AddressSanitizer, whose shadow memory alone needs terabytes of address space)
if ldd "$LMDS" 2>/dev/null | grep -q libasan; then
  echo "skipped: the memory-limit case (the program is built with AddressSanitizer)"
else
  out=$( (ulimit -v 400000; timeout 60 "$LMDS" comp Ga0.5In0.5) 2>&1); rc=$?
  (( rc < 128 )) || fail "comp under a 400 MB limit crashed (exit $rc): $out"
fi

if (( fails )); then echo "$fails hostile case(s) failed"; exit 1; fi
echo "all hostile cases behave"

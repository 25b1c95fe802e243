#!/bin/bash
# CLI tests of `lmds db`: build, path, import (strict, re-import, bad rows), query (options, OPTIMADE filter,
# --json/--csv), show, export, stats, check, and exit codes of bad input (1) and usage errors (2).
# Usage: bash test_db.sh <path-to-lmds> <source-dir>
set -u
LMDS="$1"
SRC="$2"
BUILT_DB="${LMDS_DB:-}" # the genome the build made (ctest sets LMDS_DB), before this script points LMDS_DB elsewhere
export LMDS_DATA_DIR="$SRC/data"
T=$(mktemp -d /tmp/lmds_db_cli_XXXXXX)
trap 'rm -rf "$T"' EXIT
DB="$T/g.sqlite"
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
# expect CODE CMD...: run, keep stdout/stderr in $T/out, $T/err, check the exit code
expect() {
    local code=$1; shift
    "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    [ "$rc" = "$code" ] || fail "exit $rc (expected $code): $* :: $(head -c 400 "$T/err")"
}
has() { grep -q -- "$1" "$T/$2" || fail "'$1' not in $2 of the last command: $(head -c 300 "$T/$2")"; }

expect 0 "$LMDS" db --help
expect 2 "$LMDS" db
expect 2 "$LMDS" db frobnicate
expect 0 "$LMDS" db build --quiet --db "$DB" --rejects "$T/rejects.csv"
[ -s "$DB" ] || fail "db build wrote no file"
[ -e "$DB.tmp" ] && fail "db build left its temporary file"
# Rejects report: every rejected SuperCon row with its line and reason.
grep -q '^stanev2018,.*supercon_stanev2018.csv,126,formula_isotope' "$T/rejects.csv" || fail "rejects report lacks line 126"
expect 0 "$LMDS" db check --db "$DB"
has ": ok (schema version" out

# path: --db wins, else LMDS_DB.
expect 0 "$LMDS" db path --db "$DB"
has "$DB" out
LMDS_DB="$T/other.sqlite" expect 0 "$LMDS" db path
has "$T/other.sqlite" out
export LMDS_DB="$DB"

# query by options and by an OPTIMADE filter give the same rows.
expect 0 "$LMDS" db query --system Ga-In --csv
cp "$T/out" "$T/q1"
expect 0 "$LMDS" db query 'elements HAS ALL "Ga","In" AND nelements=2' --csv
cmp -s "$T/out" "$T/q1" || fail "--system Ga-In and the OPTIMADE filter differ"
[ "$(wc -l <"$T/q1")" -gt 3 ] || fail "too few Ga-In rows"
expect 0 "$LMDS" db query --formula Mo8Ga41 --json
has '"formula": "Ga41Mo8"' out
has '"value": 9.8' out
expect 0 "$LMDS" db query --tc-max 1.6 --dataset curated
has "BiIn" out
has "<1.5" out
expect 0 "$LMDS" db query --elements Bi --pressure 2.8
has "3.92" out
expect 0 "$LMDS" db query 'chemical_formula_reduced="Ga41Mo8" OR (elements HAS "Hg" AND NOT _lmds_dataset="stanev2018")'
has "alpha-Hg" out
has "Ga41Mo8" out
# Bad input: exit 1 with a located message; usage errors: exit 2.
expect 1 "$LMDS" db query 'elements HAS ALL "Ga" AND'
has "filter:1:" err
expect 1 "$LMDS" db query --formula "Ga'; DROP TABLE value; --"
expect 2 "$LMDS" db query --tc-min abc
expect 2 "$LMDS" db query --no-such-option
expect 0 "$LMDS" db stats --by property --csv
has "macroscopic,tc" out

# show: the five kinds with references.
expect 0 "$LMDS" db show Ga
for k in composition structure ground_state macroscopic; do has "== $k ==" out; done
has "alpha-Ga" out
expect 0 "$LMDS" db show Pb --json
has '"interaction"' out
has 'Elk' out
expect 1 "$LMDS" db show Unobtainium7
has "no material" err

# import: strict, all-or-nothing, located errors; re-import adds nothing.
cat >"$T/new.csv" <<'CSV'
material,composition,form,pressure_GPa,Tc_K,other_props,reference,source_url,value_type,notes
test Ga-In phase,Ga3In,bulk,0,<0.3,,lmds CLI test,,measured (negative),negative result
CSV
cat >"$T/bad.csv" <<'CSV'
material,composition,form,pressure_GPa,Tc_K,other_props,reference,source_url,value_type,notes
good row,Ga,bulk,0,1.1,,ref,,measured,
bad row,Ga,bulk,0,warm,,ref,,measured,
CSV
cp "$DB" "$T/before.sqlite"
expect 1 "$LMDS" db import "$T/bad.csv" --kind superconductors
has "bad.csv:3" err
has "nothing was written" err
cmp -s "$DB" "$T/before.sqlite" || {
    # The file may differ in WAL bookkeeping only: compare the content.
    a=$(sqlite3 "$DB" 'SELECT count(*) FROM value'); b=$(sqlite3 "$T/before.sqlite" 'SELECT count(*) FROM value')
    [ "$a" = "$b" ] || fail "a failed import changed the genome ($a vs $b values)"
}
expect 0 "$LMDS" db import "$T/new.csv" --kind superconductors --dataset clitest
has "1 values inserted" out
expect 0 "$LMDS" db import "$T/new.csv" --kind superconductors --dataset clitest
has "already imported" out
expect 0 "$LMDS" db query --dataset clitest --json
has '"relation": "<"' out
has '"value_hi": 0.3' out
expect 2 "$LMDS" db import "$T/new.csv"
expect 2 "$LMDS" db import "$T/new.csv" --kind nonsense
expect 1 "$LMDS" db import "$T/missing.csv" --kind superconductors
printf 'name,Tc\n"Ga'"'"'; DROP TABLE value; --",3\n' >"$T/inject.csv"
expect 1 "$LMDS" db import "$T/inject.csv" --kind superconductors
has "inject.csv:2" err
# Ground-state tables: the build loaded them; a bad number is rejected whole with file:line.
expect 0 "$LMDS" db show Pb --db "$DB"
has "dTc_dP" out
has "DFT-PBE" out
printf 'element,B0_GPa,source\nIn,41.1,"test source"\nSn,abc,"test source"\n' >"$T/gs.csv"
expect 1 "$LMDS" db import "$T/gs.csv" --kind ground_state
has "gs.csv:3" err
printf 'element,B0_GPa,source\nIn,41.1,"test source"\n' >"$T/gs.csv"
expect 0 "$LMDS" db import "$T/gs.csv" --kind ground_state
expect 0 "$LMDS" db query --dataset gs --property B0 --csv
has "41.1" out
expect 0 "$LMDS" db check
expect 0 "$LMDS" db export --json -o "$T/export.json"
grep -q '"reference"' "$T/export.json" || fail "export lacks references"
expect 0 "$LMDS" db export
[ "$(wc -l <"$T/out")" -gt 16000 ] || fail "export has too few rows"

# Redlich-Kister parameters of data/tdb/lmds.tdb: `db show system:Ga-In` on the built genome lists the Ga-In liquid
# L0 exactly as the PARAMETER line of the TDB states it (a + b*T, spaces aside), with its reference code.
TDB_LINE=$(grep -m1 '^ *PARAMETER G(LIQUID,GA,IN;0)' "$SRC/data/tdb/lmds.tdb")
[ -n "$TDB_LINE" ] || fail "no Ga-In LIQUID L0 in data/tdb/lmds.tdb"
TDB_EXPR=$(echo "$TDB_LINE" | sed -E 's/^ *PARAMETER +G\(LIQUID,GA,IN;0\) +[0-9.]+ +([^;]*);.*/\1/' | tr -d ' ')
TDB_REF=$(echo "$TDB_LINE" | sed -E 's/.* ([^ ]+) *!.*$/\1/')
for g in "$BUILT_DB" "$DB"; do
    [ -n "$g" ] && [ -f "$g" ] || { [ "$g" = "$DB" ] && fail "no genome $g"; continue; }
    expect 0 "$LMDS" db show system:Ga-In --db "$g"
    has "interaction parameters" out
    SHOWN=$(awk '$1 == "LIQUID" && $2 == "GA,IN" && $3 == "0" {
                     s = ""; for (i = 4; i <= NF && $i !~ /^[0-9.]+-[0-9.]+$/; i++) s = s $i; print s; exit }' "$T/out")
    [ -n "$SHOWN" ] && [ "$SHOWN" = "$TDB_EXPR" ] ||
        fail "$g: Ga-In LIQUID L0 shown as '$SHOWN', TDB says '$TDB_EXPR'"
    grep -E "^LIQUID +GA,IN +0 " "$T/out" | grep -q -- "$TDB_REF" || fail "$g: Ga-In L0 lacks reference $TDB_REF"
    expect 0 "$LMDS" db stats --db "$g" --by kind --csv
    n=$(grep "Redlich-Kister parameters" "$T/out" | awk -F, '{print $NF}')
    [ "${n:-0}" -gt 0 ] 2>/dev/null || fail "$g: db stats counts no Redlich-Kister parameters ('$n')"
    expect 0 "$LMDS" db check --db "$g"
done
expect 0 "$LMDS" db show system:Ga-In --json
grep -q '"interaction_parameters"' "$T/out" || fail "show --json lacks interaction_parameters"
# Without the TDB, db build warns and still builds.
mkdir -p "$T/data_notdb"
cp -r "$SRC/data/genome" "$T/data_notdb/" 2>/dev/null
expect 0 "$LMDS" db build --quiet --db "$T/notdb.sqlite" --data "$T/data_notdb"
has "warning" err
has "lmds.tdb" err

# A file from a newer lmds is refused with a clear message.
cp "$DB" "$T/newer.sqlite"
sqlite3 "$T/newer.sqlite" 'PRAGMA user_version = 99'
expect 1 "$LMDS" db stats --db "$T/newer.sqlite"
has "newer" err

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)" >&2
    exit 1
fi
echo "test_db.sh: all passed"

#!/bin/bash
# CLI tests of `lmds thermo`: outputs checked against reference values, exit codes of bad input.
# usage: bash test_thermo.sh <path-to-lmds> <source-dir>
set -u
LMDS=$1; SRC=$2; SH=$SRC/../shared/data/tdb
fail() { echo "FAIL: $*"; exit 1; }
num_close() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN{d=a-b; if(d<0)d=-d; exit !(d<=t)}'; }

# Bi-Sn eutectic from the NIST file: 411.96 K (OpenCalphad), tolerance 0.5 K
out=$("$LMDS" thermo invariants --tdb "$SH/nist_solder_agbicupbsbsn_original.tdb" --elements Bi,Sn --csv 2>/dev/null) || fail "invariants exit"
T=$(echo "$out" | awk -F, '$1=="eutectic"{print $2; exit}')
num_close "$T" 411.96 0.5 || fail "Bi-Sn eutectic $T"

# liquidus JSON on the default database (Bi20Sn80: 463.83 K)
out=$("$LMDS" thermo liquidus --json Bi20Sn80) || fail "liquidus exit"
T=$(echo "$out" | sed -n 's/.*"T_liquidus_K": *\([0-9.]*\).*/\1/p')
num_close "$T" 463.83 0.5 || fail "Bi20Sn80 liquidus $T"
echo "$out" | grep -q '"primary_phase": *"BCT_A5"' || fail "primary phase"

# equilibrium JSON keys
out=$("$LMDS" thermo eq --tdb "$SH/literature_gainsn.tdb" --T 280 --json Ga85In15) || fail "eq exit"
for k in phases G_J_mol mu_J_mol amount composition; do echo "$out" | grep -q "\"$k\"" || fail "eq json lacks $k"; done
echo "$out" | grep -q ORTHORHOMBIC_GA || fail "eq phases"

# solidus
out=$("$LMDS" thermo solidus --tdb "$SH/literature_gainsn.tdb" Ga86In14) || fail "solidus exit"
echo "$out" | grep -q "289.0" || fail "Ga-In solidus: $out"

# default database: uncovered system names the missing binary, exit 1
"$LMDS" thermo liquidus Galinstan >/dev/null 2>err.txt; rc=$?
[ $rc -eq 1 ] || fail "uncovered system rc=$rc"
grep -q "Ga-Sn" err.txt || fail "missing binary not named"

# bad TDB: located error, exit 1
printf 'ELEM A X 1 0 0 !\nFUNC G1 298.15 +1000*T*; 6000 N !\n' > bad.tdb
"$LMDS" thermo check bad.tdb >/dev/null 2>err.txt; rc=$?
[ $rc -eq 1 ] || fail "bad tdb rc=$rc"
grep -q "bad.tdb:2:24" err.txt || fail "bad tdb location: $(cat err.txt)"

# usage errors: exit 2
"$LMDS" thermo eq Bi >/dev/null 2>&1; [ $? -eq 2 ] || fail "missing --T should be a usage error"
"$LMDS" thermo frobnicate >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown subcommand"
"$LMDS" thermo --help | grep -q liquidus || fail "help"

# bad composition: exit 1
"$LMDS" thermo liquidus Xx3 >/dev/null 2>&1; [ $? -eq 1 ] || fail "bad composition"
rm -f err.txt bad.tdb
echo "thermo CLI tests passed"

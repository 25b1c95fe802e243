#!/usr/bin/env bash
# lmds comp and lmds element from the command line: outputs, JSON keys, exit codes and messages.
set -u
LMDS=$1
fails=0
check() { # description, expected exit code, command...
  local desc=$1 want=$2; shift 2
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" != "$want" ]; then echo "FAIL: $desc: exit $rc, wanted $want"; echo "$out" | head -5; fails=$((fails+1)); fi
}
has() { # description, needle, command...
  local desc=$1 needle=$2; shift 2
  out=$("$@" 2>&1)
  if ! grep -qF -- "$needle" <<<"$out"; then echo "FAIL: $desc: no '$needle' in:"; echo "$out" | head -5; fails=$((fails+1)); fi
}
check "help" 0 "$LMDS" help
check "version" 0 "$LMDS" --version
check "comp help" 0 "$LMDS" comp --help
check "no command" 2 "$LMDS"
check "unknown command" 2 "$LMDS" frobnicate
check "unknown option" 2 "$LMDS" comp --frob Ga
check "missing formula" 2 "$LMDS" comp
check "good formula" 0 "$LMDS" comp Ga0.75In0.25 Mo8Ga41 "(Bi0.5Pb0.5)0.9Sn0.1"
has "reduced formula" '"chemical_formula_reduced": "Ga3In"' "$LMDS" comp --json Ga0.75In0.25
has "chemical system" '"chemical_system": "Ga-In"' "$LMDS" comp --json Ga0.75In0.25
has "nelements" '"nelements": 2' "$LMDS" comp --json Ga0.75In0.25
has "molar mass key" '"molar_mass_g_mol"' "$LMDS" comp --json Ga-24.5In
has "weight fractions key" '"weight_fractions"' "$LMDS" comp --json EGaIn
has "csv header" 'input,chemical_formula_reduced' "$LMDS" comp --csv Ga3In
has "names list" "Galinstan" "$LMDS" comp --names
has "names source" "doi:10.1002/adfm.200701216" "$LMDS" comp --names --json
for bad in "Ga0.75Xx0.25" "Ga-5" "((Ga)" "" "NaN" "YBa2Cu3O7-x" "O8+d"; do
  check "bad '$bad'" 1 "$LMDS" comp "$bad"
  has "bad '$bad' has a column" "column" "$LMDS" comp "$bad"
done
check "normalize=no" 1 "$LMDS" comp --normalize=no Ga0.5In0.7
has "unknown element message" "unknown element 'Xx'" "$LMDS" comp Ga0.75Xx0.25
has "variable advice" "write the composition with numbers" "$LMDS" comp YBa2Cu3O7-x
big=$(head -c 10000000 /dev/urandom | base64 -w0)
check "10 MB of garbage" 1 "$LMDS" comp "${big:0:100000}"
out=$(head -c 10000000 /dev/urandom | tr -d '\n' | "$LMDS" comp - 2>&1); rc=$?
[ $rc = 1 ] && grep -q "stdin>:1" <<<"$out" || { echo "FAIL: 10 MB on stdin: exit $rc: ${out:0:200}"; fails=$((fails+1)); }
has "stdin batch" "Ga41Mo8" bash -c "printf 'Ga3In\nMo8Ga41\n' | '$LMDS' comp -"
check "element by symbol" 0 "$LMDS" element Ga
check "element by Z" 0 "$LMDS" element 31
check "element json" 0 "$LMDS" element --json In
check "unknown element" 1 "$LMDS" element Xx
check "Z out of range" 1 "$LMDS" element 200
has "element source" "source" "$LMDS" element Ga
[ $fails -eq 0 ] && echo "cli comp/element: all checks passed" || { echo "$fails checks failed"; exit 1; }

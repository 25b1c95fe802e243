#!/usr/bin/env bash
# CLI tests for `lmds sc`: real commands on the shipped spectra, outputs checked against Elk's printed values,
# bad input -> exit 1 with a located message, usage errors -> exit 2.
set -u
LMDS="$1"; SRC="$2"; SP="$SRC/data/spectra"
fail=0; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }

# moments: lambda of Nb as Elk printed it (1.150620532), to 1e-3
out=$("$LMDS" sc moments --a2f "$SP/Nb_elk_DFPT_ALPHA2F.OUT" --json 2>"$tmp/err"); rc=$?
check "moments exit 0" '[ $rc -eq 0 ]'
lam=$(printf '%s' "$out" | sed -n 's/.*"lambda":[[:space:]]*\([0-9.eE+-]*\).*/\1/p' | head -1)
check "moments lambda" 'awk -v l="$lam" "BEGIN{exit !(l>1.1495 && l<1.1518)}"'
check "negative rows noted" 'grep -q "ignored 46 rows" "$tmp/err"'
grep -q '"omega_log_K"' <<<"$out"; check "moments json keys" '[ $? -eq 0 ]'

# Allen-Dynes from the spectrum at mu* = 0.15: Elk printed 5.458024982 K for Pb
out=$("$LMDS" sc tc --a2f "$SP/Pb_elk_DFPT_ALPHA2F.OUT" --mu-star 0.15 --json 2>/dev/null)
tc=$(printf '%s' "$out" | sed -n 's/.*"Tc_K":[[:space:]]*\([0-9.eE+-]*\).*/\1/p' | head -1)
check "AD Tc Pb" 'awk -v t="$tc" "BEGIN{exit !(t>5.4526 && t<5.4635)}"'
grep -q '"references"' <<<"$out"; check "tc json references" '[ $? -eq 0 ]'

# Eliashberg with Elk conventions: Nb inside Elk's bracket 16.35..18.30 K
out=$("$LMDS" sc tc --method eliashberg --elk --mu-star 0.15 --a2f "$SP/Nb_elk_DFPT_ALPHA2F.OUT" --json 2>/dev/null)
tc=$(printf '%s' "$out" | sed -n 's/.*"Tc_K":[[:space:]]*\([0-9.eE+-]*\).*/\1/p' | head -1)
check "Eliashberg Nb bracket" 'awk -v t="$tc" "BEGIN{exit !(t>16.35 && t<18.30)}"'

# parameters only; McMillan needs theta_D
"$LMDS" sc tc --lambda 1.0 --omega-log 100 --mu-star 0.1 >/dev/null 2>&1; check "tc from params" '[ $? -eq 0 ]'
"$LMDS" sc tc --method mcmillan --lambda 1.0 >/dev/null 2>&1; check "mcmillan missing theta -> 2" '[ $? -eq 2 ]'

# QE multi-smearing file, column 15
"$LMDS" sc moments --a2f "$SP/Nb_isome_qe.a2F" --column 15 >/dev/null 2>&1; check "QE column" '[ $? -eq 0 ]'
"$LMDS" sc moments --a2f "$SP/Nb_isome_qe.a2F" --column 25 2>"$tmp/err" >/dev/null; rc=$?
check "QE bad column -> 1" '[ $rc -eq 1 ]'
check "QE bad column located" 'grep -q "Nb_isome_qe.a2F:2:" "$tmp/err"'

# bad spectrum: located error, exit 1
printf '# w (meV) a2F\n1 0.1\n2 x\n' > "$tmp/bad.dat"
"$LMDS" sc moments --a2f "$tmp/bad.dat" 2>"$tmp/err" >/dev/null; rc=$?
check "bad file -> 1" '[ $rc -eq 1 ]'
check "bad file located" 'grep -q "bad.dat:3:3" "$tmp/err"'
"$LMDS" sc moments --a2f "$tmp/missing.dat" >/dev/null 2>&1; check "missing file -> 1" '[ $? -eq 1 ]'

# gap curve with plot
"$LMDS" sc gap --a2f "$SP/Pb_elk_DFPT_ALPHA2F.OUT" --nt 6 --plot "$tmp/gap.svg" >"$tmp/gap.txt" 2>/dev/null
check "gap exit 0" '[ $? -eq 0 ]'
check "gap ratio printed" 'grep -q "2Delta(0)/kTc" "$tmp/gap.txt"'
check "gap svg" 'grep -q "<svg" "$tmp/gap.svg"'

# fields, pressure, size, models
"$LMDS" sc fields --tc 7.2 --hc0 0.08 --slope -0.5 --csv >"$tmp/f.csv" 2>/dev/null; check "fields" '[ $? -eq 0 ] && [ $(wc -l <"$tmp/f.csv") -eq 12 ]'
out=$("$LMDS" sc pressure --a2f "$SP/Pb_elk_DFPT_ALPHA2F.OUT" --v0 29.86 --b0 46.34 --b0p 5.335 --mu-star 0.15 --json 2>/dev/null)
s=$(printf '%s' "$out" | sed -n 's/.*"dTc_dP_K_per_GPa":[[:space:]]*\([0-9.eE+-]*\).*/\1/p' | head -1)
check "pressure slope negative" 'awk -v s="$s" "BEGIN{exit !(s<0)}"'
"$LMDS" sc pressure --lambda 1 --omega-log 100 >/dev/null 2>&1; check "pressure without EOS -> 2" '[ $? -eq 2 ]'
"$LMDS" sc size --melting --r 3.5 --json >/dev/null 2>&1; check "size melting" '[ $? -eq 0 ]'
"$LMDS" sc size --film --tc-bulk 1.2 --d 3 --dc 0.5 >/dev/null 2>&1; check "size film" '[ $? -eq 0 ]'
"$LMDS" sc size --melting --r 0.1 >/dev/null 2>&1; check "size domain -> 1" '[ $? -eq 1 ]'
n=$("$LMDS" sc models | grep -c "cite:"); check "models list refs" '[ "$n" -ge 13 ]'
"$LMDS" sc models --json | grep -q '"allen-dynes"'; check "models json" '[ $? -eq 0 ]'
"$LMDS" sc --help >/dev/null; check "help" '[ $? -eq 0 ]'
"$LMDS" sc nosuch >/dev/null 2>&1; check "unknown subcommand -> 2" '[ $? -eq 2 ]'
"$LMDS" sc tc --units parsec --a2f x >/dev/null 2>&1; check "bad unit -> 2" '[ $? -eq 2 ]'
exit $fail

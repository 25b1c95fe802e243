#!/usr/bin/env bash
# Command-line tests of lmds predict, lmds design and lmds liquid-sc: outputs, exit codes, bad input, and
# agreement of an MPI run with a single process.  Usage: bash test_design.sh <path-to-lmds> <source-dir>
set -u
LMDS="$1"
SRC="$2"
export LMDS_DATA_DIR="${LMDS_DATA_DIR:-$SRC/data}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
check() { # description, command...
    local what="$1"; shift
    if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}
expect_rc() { # expected rc, command...
    local want="$1"; shift
    "$@" >"$TMP/out" 2>"$TMP/err"
    local rc=$?
    [ "$rc" -eq "$want" ] || { echo "  got exit $rc, wanted $want: $*"; cat "$TMP/err"; return 1; }
}
json_get() { # file, key  -> value of "key" in the object (or the first object of an array)
    jq -r "if type == \"array\" then .[0] else . end | .$2" "$1"
}

# --- predict ---
check "predict --help" expect_rc 0 "$LMDS" predict --help
check "predict without composition is a usage error" expect_rc 2 "$LMDS" predict
check "predict bad formula exits 1" expect_rc 1 "$LMDS" predict Ga2Xx
grep -q "Xx" "$TMP/err" || { echo "FAIL message names the bad element"; fail=1; }
check "predict bad route is a usage error" expect_rc 2 "$LMDS" predict Ga --route tube:3
check "predict negative pressure is a usage error" expect_rc 2 "$LMDS" predict Ga --P -1

check "predict Galinstan --json" expect_rc 0 "$LMDS" predict Galinstan --json --no-scheil
cp "$TMP/out" "$TMP/galinstan.json"
for key in T_liquidus_K phases Tc_K Tc_source uncertainty_K; do
    grep -q "\"$key\"" "$TMP/galinstan.json" || { echo "FAIL predict --json lacks $key"; fail=1; }
done
tc=$(json_get "$TMP/galinstan.json" Tc_K)
# Frozen GaInSn: In3Sn, Tc 6.0 K (Physica C 2019), tolerance 0.6 K (spread of In3Sn reports).
check "Galinstan Tc = 6.0 +- 0.6 K (In3Sn) [got $tc]" awk -v t="$tc" 'BEGIN{exit !(t>=5.4 && t<=6.6)}'
grep -q '"identified_as": "In-Sn beta' "$TMP/galinstan.json" || { echo "FAIL Galinstan: In-Sn beta (In3Sn) not identified"; fail=1; }

check "predict Mo8Ga41 (not covered)" expect_rc 0 "$LMDS" predict Mo8Ga41
grep -q "not covered" "$TMP/out" || { echo "FAIL Mo8Ga41: 'not covered' not said"; fail=1; }

# A measured negative result is shown as a bound (BiIn: not superconducting down to 1.5 K, Okamoto/curated).
check "predict BiIn" expect_rc 0 "$LMDS" predict BiIn --no-scheil --json
grep -q '"Tc_is_upper_bound": true' "$TMP/out" || { echo "FAIL BiIn: the measured bound is not used"; fail=1; }

check "predict --svg" expect_rc 0 "$LMDS" predict "Bi55.5Pb44.5" --wt --svg "$TMP/lbe.svg"
check "svg written" grep -q "<svg" "$TMP/lbe.svg"

# --- design ---
check "design --help" expect_rc 0 "$LMDS" design --help
check "design unknown element is a usage error" expect_rc 2 "$LMDS" design --exclude Xx
check "design bad objective is a usage error" expect_rc 2 "$LMDS" design --objective speed
check "design bad step is a usage error" expect_rc 2 "$LMDS" design --step 3
check "design small search --json" expect_rc 0 "$LMDS" design --elements Ga,In,Sn --step 5 --json --top 5 \
    --svg "$TMP/front.svg"
cp "$TMP/out" "$TMP/design1.json"
grep -q '"pareto_front"' "$TMP/design1.json" || { echo "FAIL design --json lacks pareto_front"; fail=1; }
check "pareto svg written" grep -q "<svg" "$TMP/front.svg"

if command -v mpirun >/dev/null 2>&1 && "$LMDS" design --help | grep -q mpirun; then
    MPIRUN="mpirun --oversubscribe"
    [ "$(id -u)" -eq 0 ] && MPIRUN="$MPIRUN --allow-run-as-root"
    # Under the sanitizers, Open MPI's runtime leaves allocations made in its unloaded plugins and its libevent
    # progress thread: unwind fully (so the stacks reach libmpi/libevent) and suppress those, for this run only.
    MPIENV=()
    if [ -n "${LSAN_OPTIONS:-}${ASAN_OPTIONS:-}" ]; then
        supp="$TMP/lsan_mpi.supp"
        lsan_file=$(echo "${LSAN_OPTIONS:-}" | sed -n 's/.*suppressions=\([^:]*\).*/\1/p')
        { [ -n "$lsan_file" ] && [ -f "$lsan_file" ] && cat "$lsan_file"; printf 'leak:libevent_core\nleak:libopen-rte\nleak:libpmix\nleak:libhwloc\n'; } >"$supp"
        MPIENV=(env "ASAN_OPTIONS=${ASAN_OPTIONS:-}:fast_unwind_on_malloc=0" "LSAN_OPTIONS=suppressions=$supp")
    fi
    if ${MPIENV[@]+"${MPIENV[@]}"} $MPIRUN -n 2 "$LMDS" design --elements Ga,In,Sn --step 5 --json --top 5 >"$TMP/design2.json" 2>"$TMP/mpi.err"; then
        grep -v '"ranks"' "$TMP/design1.json" >"$TMP/a"
        grep -v '"ranks"' "$TMP/design2.json" >"$TMP/b"
        check "mpirun -n 2 runs on 2 ranks" grep -q '"ranks": *2' "$TMP/design2.json"
        check "mpirun -n 2 gives the same answer as one process" cmp -s "$TMP/a" "$TMP/b"
        # NSGA-II (4 components) on 3 ranks: a population that does not split evenly across ranks.
        NS="--elements Ga,In,Sn,Zn --components-max 4 --population 16 --generations 4 --step 10 --json --top 20"
        "$LMDS" design $NS 2>/dev/null | grep -v '"ranks"' >"$TMP/c"
        ${MPIENV[@]+"${MPIENV[@]}"} $MPIRUN -n 3 "$LMDS" design $NS 2>/dev/null | grep -v '"ranks"' >"$TMP/d"
        check "mpirun -n 3 NSGA-II gives the same answer as one process" cmp -s "$TMP/c" "$TMP/d"
    else
        echo "skip mpirun not usable here: $(grep -m2 -v '^ *$' "$TMP/mpi.err")"
    fi
fi

# The default run (the README's main job): liquid at 60 C, Tc >= 4.2 K, no Pb/Cd/Hg/Tl. It must find alloys,
# and among them a Ga-In-Sn alloy printed in bulk that freezes to percolating In3Sn, Tc 6.0 +- 0.6 K
# (frozen GaInSn -> In3Sn, Physica C 2019; SuperCon In3Sn 5.5-5.95 K).
check "design (default question)" expect_rc 0 "$LMDS" design
cp "$TMP/out" "$TMP/default.txt"
cp "$TMP/err" "$TMP/default.err"
grep -q "excluded Pb,Cd,Hg,Tl" "$TMP/default.txt" || { echo "FAIL default design does not exclude Pb,Cd,Hg,Tl"; fail=1; }
# "Answer: ALLOY (at.%) as ROUTE: liquid above X C, Tc Y +- U K (...)"
ans=$(grep -m1 '^Answer:' "$TMP/default.txt")
best_tl=$(echo "$ans" | sed -n 's/.*liquid above \([-0-9.]*\) C.*/\1/p')
best_tc=$(echo "$ans" | sed -n 's/.*, Tc \([0-9.]*\) +-.*/\1/p')
check "default design finds an alloy with Tc >= 4.2 K [got '$best_tc']" awk -v t="${best_tc:-0}" 'BEGIN{exit !(t>=4.2)}'
check "default design: liquid at 60 C [liquidus '$best_tl' C]" awk -v t="${best_tl:-999}" 'BEGIN{exit !(t<=60)}'
# The table row of Ga-In-Sn in bulk: system route alloy liquidus_C Tc_K +-K source phase.
row=$(awk '$1 == "Ga-In-Sn" && $2 == "bulk"' "$TMP/default.txt")
gtc=$(echo "$row" | awk '{print $5}')
check "default design: Ga-In-Sn in bulk, Tc = 6.0 +- 0.6 K [got '$gtc']" awk -v t="${gtc:-0}" 'BEGIN{exit !(t>=5.4 && t<=6.6)}'
echo "$row" | grep -q "BETA = In-Sn beta" || { echo "FAIL default design: Ga-In-Sn bulk does not freeze to BETA = In-Sn beta: $row"; fail=1; }
# Piped (not a terminal): no progress bar on stderr.
if grep -q 'ETA' "$TMP/default.err"; then echo "FAIL progress bar written when stderr is not a terminal"; fail=1; fi
# On a terminal (a pseudo-terminal from script(1), when available) the bar appears, with rate and ETA.
if command -v script >/dev/null 2>&1; then
    # CI=true (set by the CI runner) turns progress bars off on purpose; a user terminal has no CI.
    env -u CI script -qec "\"$LMDS\" design --elements Ga,In,Sn --step 5 >/dev/null" /dev/null >"$TMP/tty.out" 2>&1 </dev/null
    if grep -q 'ETA' "$TMP/tty.out"; then echo "ok   progress bar with rate and ETA on a terminal"
    else echo "FAIL no progress bar on a terminal"; fail=1; fi
fi

# --- liquid-sc ---
check "liquid-sc --help" expect_rc 0 "$LMDS" liquid-sc --help
check "liquid-sc --json" expect_rc 0 "$LMDS" liquid-sc --json
[ "$(jq -r '.[] | select(.family == "Ga") | .verdict' "$TMP/out")" = no ] || { echo "FAIL liquid-sc Ga verdict"; fail=1; }

exit $fail

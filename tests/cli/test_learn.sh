#!/bin/bash
# CLI tests of `lmds learn`: bash test_learn.sh <path-to-lmds> <source-dir>
set -u
LMDS="$1"
SRC="$2"
export LMDS_DATA_DIR="${LMDS_DATA_DIR:-$SRC/data}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# expect CODE CMD... : run, keep stdout in $TMP/out and stderr in $TMP/err, check the exit code
expect() {
    local want=$1
    shift
    "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    [ "$got" -eq "$want" ] || fail "exit $got (want $want): $* -- $(head -c 300 "$TMP/err")"
}

# Features: matminer's Magpie value for MgB2 (mean Z = 22/3) in JSON and CSV.
expect 0 "$LMDS" learn features --json MgB2
grep -q '"MagpieData mean Number":[[:space:]]*7.33333333' "$TMP/out" || fail "features --json MgB2 mean Number"
expect 0 "$LMDS" learn features --csv --preset magpie Ga Nb3Sn
[ "$(wc -l <"$TMP/out")" -eq 3 ] || fail "features --csv: 3 lines expected"
head -1 "$TMP/out" | grep -q '^input,chemical_formula_reduced,MagpieData minimum Number' || fail "features --csv header"
expect 0 "$LMDS" learn features Ga3In
grep -q 'wtd_mean_atomic_mass_u' "$TMP/out" || fail "features table lacks Hamidieh block"
# Bad input: unknown element -> exit 1 with the column; unknown preset -> exit 1; no composition -> usage 2.
expect 1 "$LMDS" learn features Qq2
grep -q "Qq2" "$TMP/err" || fail "features bad formula message"
expect 1 "$LMDS" learn features --preset nonsense Ga
expect 2 "$LMDS" learn features
expect 2 "$LMDS" learn bogus
expect 2 "$LMDS" learn cv --split sideways
expect 0 "$LMDS" learn --help

# Predict with the shipped default model.
expect 0 "$LMDS" learn predict --json Nb3Sn YBa2Cu3O7 MgB2
for k in Tc_K uncertainty_K p_superconducting superconducting class_Tc_K threshold system_seen unknown_element \
         nearest_formula nearest_distance nearest_Tc_K nearest_lowest_T_K density; do
    grep -q "\"$k\":" "$TMP/out" || fail "predict --json lacks $k"
done
grep -q '"in_domain"' "$TMP/out" && fail "predict --json still has in_domain (replaced by the novelty keys)"
grep -qiwE 'nan|-?inf(inity)?' "$TMP/out" && fail "predict --json printed NaN/inf: $(cat "$TMP/out")"
# YBa2Cu3O7 is a high-Tc cuprate in the training data: predicted above 60 K (measured 92 K; the model's RMSE on
# cuprates is about 12 K, so 60 K is a loose lower bound that still fails for a broken model). Nb3Sn (18 K):
# between 5 and 30 K.
expect 0 "$LMDS" learn predict --csv Nb3Sn YBa2Cu3O7
awk -F, '$2 ~ /^Ba2/ { found = 1; if ($3 + 0 <= 60) bad = 1 } END { exit bad || !found }' "$TMP/out" ||
    fail "predict YBa2Cu3O7 > 60 K: $(cat "$TMP/out")"
awk -F, '$2 == "Nb3Sn" { found = 1; if ($3 + 0 <= 5 || $3 + 0 >= 30) bad = 1 } END { exit bad || !found }' "$TMP/out" ||
    fail "predict Nb3Sn in 5-30 K: $(cat "$TMP/out")"
head -1 "$TMP/out" | grep -qx 'input,chemical_formula_reduced,Tc_K,uncertainty_K,p_superconducting,superconducting,class_Tc_K,threshold,system_seen,unknown_element,nearest_formula,nearest_distance,nearest_Tc_K,nearest_lowest_T_K,density' ||
    fail "predict --csv header: $(head -1 "$TMP/out")"
# YBa2Cu3O7 (p 0.97 with the shipped model) is called superconducting at the model's threshold (0.5, class
# temperature 2 K), and the decision column agrees with p and the threshold on every row. Its nearest training
# material is itself at distance 0 with its measured Tc: a lookup of the training set, not a prediction.
awk -F, 'NR > 1 { n++; if (($5 >= $8) != ($6 == "yes")) bad = 1 } END { exit bad || n != 2 }' "$TMP/out" ||
    fail "predict --csv: decision disagrees with p and threshold: $(cat "$TMP/out")"
awk -F, '$2 ~ /^Ba2/ { f = 1; if ($6 != "yes" || $7 != 2 || $9 != "yes" || $11 != $2 || $12 + 0 != 0 || $13 < 80) bad = 1 }
         END { exit bad || !f }' "$TMP/out" || fail "predict --csv YBa2Cu3O7 decision/novelty: $(cat "$TMP/out")"
# Table: the decision names the class temperature and carries p; Bi (p < 0.01, measured Tc 0.53 mK) is "no".
expect 0 "$LMDS" learn predict Nb3Sn Bi
head -1 "$TMP/out" | grep -q 'superconducting above 2 K' || fail "predict table: no decision column: $(head -1 "$TMP/out")"
grep -qE '^Bi .* no, p = 0\.0[0-9]{2} +seen ' "$TMP/out" || fail "predict table: Bi not 'no, p = ...', seen: $(cat "$TMP/out")"
expect 0 "$LMDS" learn classify Nb3Sn
head -1 "$TMP/out" | grep -q 'superconducting above 2 K' || fail "classify table: no decision column"
expect 0 "$LMDS" learn classify --csv Nb3Sn
head -1 "$TMP/out" | grep -q '^input,chemical_formula_reduced,p_superconducting,superconducting,' || fail "classify --csv header"
# Element sets never seen in training are flagged in the table itself, not only in JSON: Nb3Xe (Xe occurs nowhere in
# training, also warned about on stderr) and LiBe (Li and Be are known, the pair is not) are UNSEEN; Nb3Sn is seen.
expect 0 "$LMDS" learn predict Nb3Xe LiBe Nb3Sn
grep -q "outside the training domain: Xe" "$TMP/err" || fail "predict: no out-of-domain warning for Nb3Xe"
grep -q "LiBe" "$TMP/err" && fail "predict: LiBe has no unknown element, yet a warning: $(cat "$TMP/err")"
for f in Nb3Xe LiBe; do
    grep -qE "^$f .* UNSEEN " "$TMP/out" || fail "predict table: $f not flagged UNSEEN: $(cat "$TMP/out")"
done
grep -qE "^Nb3Sn .* seen " "$TMP/out" || fail "predict table: Nb3Sn not 'seen'"
grep -qiwE 'nan|-?inf(inity)?' "$TMP/out" && fail "predict table printed NaN/inf"
expect 0 "$LMDS" learn predict --csv Nb3Xe LiBe
awk -F, 'NR > 1 && $9 != "no" { bad = 1 } END { exit bad }' "$TMP/out" || fail "predict --csv: system_seen must be no: $(cat "$TMP/out")"
grep -q '^Nb3Xe,.*,no,Xe,' "$TMP/out" || fail "predict --csv: Nb3Xe unknown_element Xe"
# He has no Magpie melting point: an error naming element and property, not an imputed feature.
expect 1 "$LMDS" learn predict Nb3He
grep -q "He" "$TMP/err" && grep -q "magpie_" "$TMP/err" || fail "predict Nb3He: message must name element and property"
expect 1 "$LMDS" learn predict --model "$TMP/none.model" Nb
grep -q "none.model" "$TMP/err" || fail "missing model message"
printf 'not a model' >"$TMP/bad.model"
expect 1 "$LMDS" learn predict --model "$TMP/bad.model" Nb

# Train and cross-validate on a tiny table (fast settings); the card has the data, features and metrics.
{
    echo "name,Tc"
    for i in $(seq 1 40); do
        x=$(awk -v i="$i" 'BEGIN{printf "%.3f", i/41}')
        y=$(awk -v x="$x" 'BEGIN{printf "%.3f", 1-x}')
        echo "Nb${x}Ti${y},$(awk -v x="$x" 'BEGIN{printf "%.3f", 2+10*x}')"
        echo "V${x}Zr${y},$(awk -v x="$x" 'BEGIN{printf "%.3f", 1+5*x}')"
        echo "Cu${x}Ag${y},0"
    done
} >"$TMP/tiny.csv"
expect 0 "$LMDS" learn train --data "$TMP/tiny.csv" --rounds 30 --ensemble 2 --classifier-rounds 10 --threads 1 -o "$TMP/tiny.model"
[ -s "$TMP/tiny.model" ] || fail "train wrote no model"
grep -q '"hyperparameters"' "$TMP/tiny.model.json" || fail "card lacks hyperparameters"
grep -q '"date"' "$TMP/tiny.model.json" || fail "card lacks date"
expect 0 "$LMDS" learn predict --model "$TMP/tiny.model" --csv Nb0.5Ti0.5
# A model trained without a class temperature: the decision is "Tc > 0"; without a classifier it is absent (blank,
# null), never NaN.
expect 0 "$LMDS" learn predict --model "$TMP/tiny.model" Nb0.5Ti0.5
head -1 "$TMP/out" | grep -q 'superconducting (Tc > 0)' || fail "tiny model: decision header"
expect 0 "$LMDS" learn train --data "$TMP/tiny.csv" --rounds 10 --ensemble 2 --no-classifier --threads 1 -o "$TMP/nocls.model"
expect 0 "$LMDS" learn predict --model "$TMP/nocls.model" --json Nb0.5Ti0.5
grep -q '"superconducting":[[:space:]]*null' "$TMP/out" && grep -q '"threshold":[[:space:]]*null' "$TMP/out" ||
    fail "no classifier: superconducting and threshold must be null: $(cat "$TMP/out")"
grep -qiwE 'nan|-?inf(inity)?' "$TMP/out" && fail "no classifier: NaN/inf printed"
expect 0 "$LMDS" learn predict --model "$TMP/nocls.model" Nb0.5Ti0.5
grep -q 'no classifier' "$TMP/out" || fail "no classifier: table must say so"
expect 1 "$LMDS" learn classify --model "$TMP/nocls.model" Nb0.5Ti0.5
expect 0 "$LMDS" learn cv --data "$TMP/tiny.csv" --split group --folds 2 --rounds 20 --threads 1 --json
grep -q '"rmse_K"' "$TMP/out" && grep -q '"mae_K"' "$TMP/out" && grep -q '"r2"' "$TMP/out" || fail "cv --json keys"
printf 'a,b\n1,2\n' >"$TMP/bad.csv"
expect 1 "$LMDS" learn train --data "$TMP/bad.csv" -o "$TMP/x.model"
grep -q "bad.csv" "$TMP/err" || fail "bad data message lacks the file"

[ "$fails" -eq 0 ] && echo "all learn CLI tests passed"
exit "$fails"

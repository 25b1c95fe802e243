#!/bin/bash
# Every figure the CLI writes, made from the shipped data, rendered by headless Chromium: each is screenshotted to
# PNG, and figcheck.js (run inside the browser, with the fonts the browser really uses) reports text outside the
# canvas or cut by a clip, overlapping texts, fonts below 10 units, NaN/inf coordinates and axis titles without a
# unit. A deliberately broken fixture (tests/fixtures/figures/broken.svg) must be caught, so the checker can fail.
# Usage: bash test_figures.sh <path-to-lmds> <source-dir>. Exit 77 (skipped) when chromium is not installed.
set -u
LMDS="$1"
SRC="$2"
export LMDS_DATA_DIR="${LMDS_DATA_DIR:-$SRC/data}"
CHROMIUM=$(command -v chromium || command -v chromium-browser) || {
    echo "SKIP: chromium not found (Debian package chromium; tools/setup.sh installs it)"
    exit 77
}
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# fig NAME CMD...: make $TMP/NAME.svg with CMD (which names that file with --svg).
fig() {
    local name=$1; shift
    "$@" >/dev/null 2>"$TMP/$name.err" || fail "$name: '$*' exited $?: $(head -c 300 "$TMP/$name.err")"
    [ -s "$TMP/$name.svg" ] || fail "$name: no SVG written"
}
SP="$SRC/data/spectra"
fig thermo_binary "$LMDS" thermo diagram --elements Bi,Sn -o /dev/null --svg "$TMP/thermo_binary.svg"
fig thermo_ternary "$LMDS" thermo diagram --elements Ga,In,Sn --grid 8 -o /dev/null --svg "$TMP/thermo_ternary.svg"
fig sc_gap "$LMDS" sc gap --a2f "$SP/Pb_elk_DFPT_ALPHA2F.OUT" --points 6 --svg "$TMP/sc_gap.svg"
fig sc_pressure "$LMDS" sc pressure --a2f "$SP/Pb_elk_DFPT_ALPHA2F.OUT" --v0 29.86 --b0 46.34 --b0p 5.335 \
    --mu-star 0.15 --svg "$TMP/sc_pressure.svg"
fig predict "$LMDS" predict "Bi55.5Pb44.5" --wt --svg "$TMP/predict.svg"
fig design "$LMDS" design --elements Ga,In,Sn --step 5 --top 5 --svg "$TMP/design.svg"
fig tunnel_score "$LMDS" tunnel score --svg "$TMP/tunnel_score.svg"
fig tunnel_diagram "$LMDS" tunnel diagram Pb --d-ins 3.13 --T-max 300 --P-max 2 --svg "$TMP/tunnel_diagram.svg"
fig tunnel_fit "$LMDS" tunnel fit Al --data "$SRC/data/pressure/measurements.csv" --svg "$TMP/tunnel_fit.svg"
figures=(thermo_binary thermo_ternary sc_gap sc_pressure predict design tunnel_score tunnel_diagram tunnel_fit)

# One page holds every figure inline (plus the broken fixture) and the checker; one browser run checks them all.
cp "$SRC/tests/fixtures/figures/broken.svg" "$TMP/broken.svg"
{
    echo '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">'
    for f in "${figures[@]}" broken; do
        [ -s "$TMP/$f.svg" ] || continue
        echo "<div data-file=\"$f\">"
        cat "$TMP/$f.svg"
        echo '</div>'
    done
    echo '<script>'
    cat "$SRC/tests/cli/figcheck.js"
    echo '</script></body></html>'
} >"$TMP/page.html"

browser() { # browser PROFILE ARGS...: one headless run as root in a container, bounded in time
    local prof=$1; shift
    timeout 120 "$CHROMIUM" --headless --disable-gpu --no-sandbox --disable-dev-shm-usage --hide-scrollbars \
        --no-first-run --user-data-dir="$TMP/profile-$prof" "$@" 2>>"$TMP/chromium.log"
}
browser check --dump-dom "file://$TMP/page.html" >"$TMP/dom.html"
sed "s/^.*<pre>//; s/<\/pre>.*//" "$TMP/dom.html" | grep -E "^FIGCHECK (OK|FAIL) [a-z_]+:" | sed "s/^FIGCHECK //" |
    sed 's/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' | grep -v '^$' >"$TMP/report"
[ -s "$TMP/report" ] || fail "the checker reported nothing (chromium: $(tail -c 300 "$TMP/chromium.log"))"

# The checker itself: each defect planted in the broken fixture must be reported.
for what in '"title running off the right edge".*outside the canvas' '"first label".*"second label".*overlap' \
    '"tiny" font' 'axis label "temperature" names no unit' '<path d=.*holds NaN' '"cut note".*cut by its clip'; do
    grep -q "^FAIL broken: .*$what" "$TMP/report" || fail "the checker missed a planted defect: $what"
done
# The real figures: every one checked, none with a finding.
for f in "${figures[@]}"; do
    grep -q "^OK $f:" "$TMP/report" || fail "$f: $(grep "^FAIL $f:" "$TMP/report" | head -20 | sed 's/^FAIL //')"
done
grep "^OK" "$TMP/report"

# A PNG of each figure, at the figure's own size: the file exists and is a PNG with content.
n=0
for f in "${figures[@]}"; do
    [ -s "$TMP/$f.svg" ] || continue
    size=$(sed -n 's/^<svg[^>]* width="\([0-9.]*\)" height="\([0-9.]*\)".*/\1,\2/p' "$TMP/$f.svg" | head -1)
    browser "$f" --screenshot="$TMP/$f.png" --window-size="${size:-720,480}" "file://$TMP/$f.svg" >/dev/null &
    [ $((++n % 2)) -eq 0 ] && wait  # two at a time: CI has two cores
done
wait
for f in "${figures[@]}"; do
    png="$TMP/$f.png"
    if [ ! -s "$png" ]; then fail "$f: no PNG rendered"; continue; fi
    [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$f: $png is not a PNG"
    [ "$(stat -c %s "$png")" -gt 4000 ] || fail "$f: PNG of $(stat -c %s "$png") bytes: nothing drawn?"
done
[ -n "${LMDS_FIGURES_KEEP:-}" ] && mkdir -p "$LMDS_FIGURES_KEEP" && cp "$TMP"/*.svg "$TMP"/*.png "$TMP/report" "$LMDS_FIGURES_KEEP"/

if [ "$fails" -gt 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "all ${#figures[@]} figures rendered and checked"

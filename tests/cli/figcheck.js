/* Checks every inline <svg> of the page it is loaded into (tests/cli/test_figures.sh builds that page) and writes
 * one line per finding into a <pre> element at the end of the page, which `chromium --headless --dump-dom` prints:
 *   FIGCHECK FAIL <figure>: <what>      a defect
 *   FIGCHECK OK <figure>: <n> texts     no defect in that figure
 * Checks, in the SVG's own user units (its viewBox):
 *   - every non-empty <text> has a rendered box (glyph cells as laid out by the browser, rotations included) that
 *     lies inside the viewBox, and inside its clip rectangle when an ancestor is clipped;
 *   - no two texts overlap (boxes intersecting by more than 1 unit in both directions);
 *   - every font is at least 10 units (the figures are 720-800 units wide: 10 units is ~1.4% of the width);
 *   - no attribute holds NaN or inf;
 *   - each axis title (class "axis-label") names its unit in parentheses, e.g. "T (K)", "x(Sn) (mole fraction)". */
(function () {
    const out = [];
    const SLACK = 0.5, OVERLAP = 1.0, MIN_FONT = 10;
    const bad = /(^|[^A-Za-z])(nan|[+-]?inf(inity)?)([^A-Za-z]|$)/i;
    document.querySelectorAll('div[data-file]').forEach(function (div) {
        const name = div.getAttribute('data-file');
        const svg = div.querySelector('svg');
        if (!svg) { out.push('FIGCHECK FAIL ' + name + ': no <svg> element'); return; }
        const vb = svg.viewBox.baseVal, r = svg.getBoundingClientRect();
        if (!vb || !(vb.width > 0) || !(vb.height > 0)) { out.push('FIGCHECK FAIL ' + name + ': no viewBox'); return; }
        const sx = vb.width / r.width, sy = vb.height / r.height;
        const fails = [];
        const toUser = function (b) {
            return {x0: (b.left - r.left) * sx + vb.x, y0: (b.top - r.top) * sy + vb.y,
                    x1: (b.right - r.left) * sx + vb.x, y1: (b.bottom - r.top) * sy + vb.y};
        };
        const fmt = function (b) {
            return '[' + b.x0.toFixed(1) + ',' + b.y0.toFixed(1) + ' - ' + b.x1.toFixed(1) + ',' + b.y1.toFixed(1) + ']';
        };
        const inside = function (b, c) {
            return b.x0 >= c.x0 - SLACK && b.y0 >= c.y0 - SLACK && b.x1 <= c.x1 + SLACK && b.y1 <= c.y1 + SLACK;
        };
        const canvas = {x0: vb.x, y0: vb.y, x1: vb.x + vb.width, y1: vb.y + vb.height};
        const boxes = [];
        svg.querySelectorAll('text').forEach(function (t) {
            const s = t.textContent.trim();
            if (!s) return;
            const b = toUser(t.getBoundingClientRect());
            const fs = parseFloat(getComputedStyle(t).fontSize) * sy;
            if (!inside(b, canvas))
                fails.push('text "' + s + '" ' + fmt(b) + ' outside the canvas ' + fmt(canvas));
            const clipped = t.closest('[clip-path]');
            if (clipped) {
                const m = /url\(#([^)]+)\)/.exec(clipped.getAttribute('clip-path'));
                const cp = m && svg.querySelector('[id="' + m[1] + '"]');
                const shape = cp && cp.firstElementChild;
                if (shape) {
                    const g = shape.getBBox(), c = {x0: g.x, y0: g.y, x1: g.x + g.width, y1: g.y + g.height};
                    if (!inside(b, c)) fails.push('text "' + s + '" ' + fmt(b) + ' cut by its clip ' + fmt(c));
                }
            }
            if (!(fs >= MIN_FONT)) fails.push('text "' + s + '" font ' + fs + ' < ' + MIN_FONT);
            if (t.classList.contains('axis-label') && !/\(.+\)\s*$/.test(s))
                fails.push('axis label "' + s + '" names no unit in parentheses');
            boxes.push({s: s, b: b});
        });
        for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
                const a = boxes[i].b, c = boxes[j].b;
                const w = Math.min(a.x1, c.x1) - Math.max(a.x0, c.x0), h = Math.min(a.y1, c.y1) - Math.max(a.y0, c.y0);
                if (w > OVERLAP && h > OVERLAP)
                    fails.push('texts "' + boxes[i].s + '" ' + fmt(a) + ' and "' + boxes[j].s + '" ' + fmt(c) + ' overlap');
            }
        svg.querySelectorAll('*').forEach(function (e) {
            for (const at of e.attributes)
                if (bad.test(at.value)) fails.push('<' + e.tagName + ' ' + at.name + '="' + at.value.slice(0, 60) + '"> holds NaN/inf');
        });
        fails.forEach(function (f) { out.push('FIGCHECK FAIL ' + name + ': ' + f); });
        if (!fails.length) out.push('FIGCHECK OK ' + name + ': ' + boxes.length + ' texts');
    });
    const pre = document.createElement('pre');
    pre.textContent = out.join('\n');
    document.body.appendChild(pre);
})();

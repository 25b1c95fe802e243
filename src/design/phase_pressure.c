/* A phase under pressure P (GPa), applied to its ambient bulk Tc, in this order:
 *  1. a pressure-induced phase of the element (or of the host of a terminal solution) whose window
 *     [P_onset, P_end) of data/routes/pressure_phases.csv holds P replaces the ambient phase, with its own
 *     measured Tc (Bi-II, Bi-III, Bi-V, Sn-II, ...) -- a lookup; "Tc not sourced" when the row has none;
 *  2. a curated genome value of the element measured within DESIGN_P_WINDOW_GPA of P -- a lookup;
 *  3. the EOS + Grueneisen/Hopfield scaling of lmds_sc_tc_pressure_phase (McMillan fitted to the phase's
 *     ambient Tc, volume from the phase's equation of state) -- physics; for a solution, the host's EOS;
 *  4. otherwise "pressure not modelled for this phase": the ambient Tc is kept and its uncertainty widened to the
 *     whole value (it is then only an indication). */
#include "design/design_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Step 1: returns 1 when a pressure-induced phase replaces the ambient one. */
static int replaced(const design_tables *t, const char *sym, double P, lmds_phase_tc *ph)
{
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    int n = 0;
    const pphase_row *w = NULL;
    for (int i = 0; i < t->npphases; i++) {
        const pphase_row *r = &t->pphases[i];
        if (r->hidden || strcmp(r->material, sym) || !(r->P_onset > 0) || P < r->P_onset || P >= r->P_end)
            continue;
        if (!w)
            w = r;
        if (strcmp(r->phase, w->phase) || !isfinite(r->tc))
            continue;
        sum += r->tc;
        lo = fmin(lo, r->tc);
        hi = fmax(hi, r->tc);
        n++;
    }
    if (!w)
        return 0;
    if (n == 0) {
        ph->tc_K = 0.0;
        ph->uncertainty_K = 0.0;
        ph->source = LMDS_TC_SRC_NONE;
        snprintf(ph->pressure_note, sizeof ph->pressure_note, "replaced by %s above %.3g GPa (Tc not sourced; "
                 "data/routes/pressure_phases.csv line %d)", w->phase, w->P_onset, w->line);
        snprintf(ph->reference, sizeof ph->reference, "%s", w->reference);
        return 1;
    }
    ph->tc_K = sum / n;
    ph->uncertainty_K = fmax(design_genome_uncertainty(ph->tc_K), 0.5 * (hi - lo));
    ph->source = LMDS_TC_SRC_GENOME;
    ph->tc_is_bound = 0;
    snprintf(ph->pressure_note, sizeof ph->pressure_note, "replaced by %s (%.3g-%.3g GPa window, "
             "data/routes/pressure_phases.csv line %d): lookup, mean of %d values", w->phase, w->P_onset,
             w->P_end, w->line, n);
    snprintf(ph->reference, sizeof ph->reference, "lookup: %s", w->reference);
    return 1;
}

/* Step 3: the EOS scaling of the ambient Tc; returns 1 on success. */
static int eos_scaled(const char *sym, double P, const char *what, lmds_phase_tc *ph)
{
    lmds_sc_pressure_estimate est;
    if (!(ph->tc_K > 0) ||
        lmds_sc_tc_pressure_phase(NULL, sym, NULL, ph->tc_K, P, &est) != LMDS_OK || !isfinite(est.tc)) {
        lmds_error_clear();
        return 0;
    }
    double tc0 = ph->tc_K;
    ph->tc_K = est.tc;
    ph->uncertainty_K = hypot(est.tc_err, ph->uncertainty_K * (tc0 > 0 ? est.tc / tc0 : 1.0));
    ph->source = LMDS_TC_SRC_PHYSICS;
    snprintf(ph->pressure_note, sizeof ph->pressure_note, "EOS scaling of %s (%s): %.3g K at 0 -> %.3g K at "
             "%.3g GPa, V/V0 %.3f", sym, what, tc0, est.tc, P, est.v_ratio);
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s", ph->reference);
    snprintf(ph->reference, sizeof ph->reference, "lmds_sc_tc_pressure_phase (McMillan + EOS, %.60s) on the "
             "ambient Tc: %.150s", est.phase, tmp);
    return 1;
}

void design_phase_tc_pressure(lmds_predictor *p, const phase_ident *id, double P, lmds_phase_tc *ph)
{
    ph->pressure_note[0] = '\0';
    if (!(P > 0))
        return;
    const design_tables *t = &p->tab;
    int z = id->kind == PHASE_ELEMENT || id->kind == PHASE_SOLUTION ? id->host : 0;
    const char *sym = z ? lmds_element_symbol(z) : NULL;
    if (sym && replaced(t, sym, P, ph))
        return;
    if (id->kind == PHASE_ELEMENT) {
        char ref[256];
        double tc, unc;
        /* Only rows that state a pressure > 0 count here: the ambient rows are what the scaling starts from. */
        if (P > DESIGN_P_WINDOW_GPA && design_curated_tc(t, &id->sys_comp, NULL, P, &tc, &unc, ref, sizeof ref)) {
            ph->tc_K = tc;
            ph->uncertainty_K = unc;
            ph->source = LMDS_TC_SRC_GENOME;
            snprintf(ph->pressure_note, sizeof ph->pressure_note, "measured within %.2g GPa of %.3g GPa (lookup)",
                     DESIGN_P_WINDOW_GPA, P);
            design_fmt(ph->reference, sizeof ph->reference, "lookup: %s", ref);
            return;
        }
    }
    if (sym && eos_scaled(sym, P, id->kind == PHASE_ELEMENT ? "the element" : "the host's equation of state", ph))
        return;
    if (ph->tc_K > 0)
        ph->uncertainty_K = fmax(ph->uncertainty_K, ph->tc_K);
    snprintf(ph->pressure_note, sizeof ph->pressure_note, "pressure not modelled for this phase: ambient Tc kept, "
             "uncertainty widened to the whole value");
}

/* The material: every phase identified (phase_id.c), its Tc at ambient pressure (phase_tc.c), under pressure
 * (phase_pressure.c) and for the route (route.c); then the material's Tc by the percolation rule: the highest Tc
 * among phases whose volume fraction reaches the 3D continuum threshold (0.16, Scher & Zallen, J. Chem. Phys. 53,
 * 3759 (1970), as listed in data/routes/percolation.csv). When a superconducting phase exists but none of them
 * percolates, only an onset is predicted and flagged (tc_onset_only). */
#include "design/design_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A composition the database does not cover: one phase, looked up (or estimated) as a whole. */
static void whole_alloy(lmds_predictor *p, int thread, lmds_phase_tc *ph, phase_ident *id, int *ood)
{
    memset(id, 0, sizeof *id);
    id->kind = PHASE_UNIDENTIFIED;
    id->sys_comp = ph->comp;
    if (lmds_comp_formula(&ph->comp, ph->formula, sizeof ph->formula) != LMDS_OK)
        snprintf(ph->formula, sizeof ph->formula, "?");
    snprintf(ph->compound, sizeof ph->compound, "%s", ph->formula);
    snprintf(ph->how, sizeof ph->how, "whole alloy (not covered by the thermodynamic database)");
    const tc_entry *e = NULL;
    design_tc_of(p, thread, &ph->comp, "bulk", 0.0, &e);
    ph->tc_K = isfinite(e->tc) ? e->tc : 0.0;
    ph->uncertainty_K = isfinite(e->unc) ? e->unc : 0.0;
    ph->source = e->source;
    ph->tc_is_bound = e->upper_bound;
    design_fmt(ph->reference, sizeof ph->reference, "%s%s", e->source == LMDS_TC_SRC_GENOME ? "lookup: " : "",
             e->ref);
    *ood |= e->source == LMDS_TC_SRC_LEARNED && e->out_of_domain;
}

/* The same percolation rule on the Scheil amounts (volume fractions with the equilibrium phase compositions). */
static double scheil_tc(const lmds_prediction *r)
{
    double vtot = 0.0, tc = 0.0;
    for (int k = 0; k < r->nphases; k++) {
        if (!isfinite(r->phases[k].amount_scheil))
            return NAN;
        vtot += r->phases[k].amount_scheil * design_molar_volume(&r->phases[k].comp);
    }
    for (int k = 0; k < r->nphases && vtot > 0; k++) {
        double vf = r->phases[k].amount_scheil * design_molar_volume(&r->phases[k].comp) / vtot;
        if (vf >= r->percolation_threshold && r->phases[k].tc_route_K > tc)
            tc = r->phases[k].tc_route_K;
    }
    return r->nphases ? tc : NAN;
}

static void material_rule(lmds_prediction *r)
{
    for (int k = 0; k < r->nphases; k++) {
        lmds_phase_tc *ph = &r->phases[k];
        ph->percolates = ph->volume_fraction >= r->percolation_threshold;
        if (ph->tc_route_K > r->tc_filament_K)
            r->tc_filament_K = ph->tc_route_K;
        if (ph->percolates && ph->tc_route_K > r->tc_K) {
            r->tc_K = ph->tc_route_K;
            r->uncertainty_K = ph->uncertainty_K;
            r->tc_phase = k;
            r->tc_source = ph->source;
        }
    }
    r->tc_scheil_K = scheil_tc(r);
    if (r->tc_phase >= 0)
        return;
    /* Nothing percolating superconducts: say on what that rests -- the source of the largest percolating phase
     * (a genome "no", a learned p(sc) < 0.5, or none when nothing is known). */
    double vmax = -1.0;
    for (int k = 0; k < r->nphases; k++)
        if (r->phases[k].percolates && r->phases[k].volume_fraction > vmax) {
            vmax = r->phases[k].volume_fraction;
            r->tc_source = r->phases[k].source;
        }
    if (r->tc_filament_K > 0) {
        r->tc_onset_only = 1;
        design_note(r->note, sizeof r->note, "onset only: a non-percolating phase superconducts at %.3g K; no "
                    "zero-resistance Tc is predicted", r->tc_filament_K);
    }
}

/* A liquid has no superconducting state: no liquid-metal family stays liquid down to the Tc of its most
 * disordered solid (`lmds liquid-sc`, data/routes/liquid_families.csv, docs/design.md). A liquid present at the
 * state's temperature (e.g. --cool-to between solidus and liquidus) therefore carries no Tc, whatever the
 * pressure or route: neither the Tc(x) rows of its system's solids, nor an element's pressure-induced phase, nor
 * a route form's measurement is its. */
static void liquid_no_tc(lmds_phase_tc *ph)
{
    ph->tc_K = 0.0;
    ph->tc_route_K = 0.0;
    ph->uncertainty_K = 0.0;
    ph->source = LMDS_TC_SRC_NONE;
    ph->tc_is_bound = 0;
    ph->route_note[0] = '\0';
    ph->pressure_note[0] = '\0';
    snprintf(ph->reference, sizeof ph->reference, "liquid at this temperature: no superconducting state (no liquid "
             "metal is known to superconduct; lmds liquid-sc)");
}

lmds_status design_tc(lmds_predictor *p, int thread, const lmds_route *route, double P, lmds_prediction *r)
{
    r->route = *route;
    r->tc_K = 0.0;
    r->uncertainty_K = 0.0;
    r->tc_phase = -1;
    r->tc_source = LMDS_TC_SRC_NONE;
    r->tc_filament_K = 0.0;
    r->tc_onset_only = 0;
    int ood = 0;
    for (int k = 0; k < r->nphases; k++) {
        lmds_phase_tc *ph = &r->phases[k];
        phase_ident id;
        if (!r->covered) {
            whole_alloy(p, thread, ph, &id, &ood);
        } else {
            design_phase_identify(&p->tab, ph->phase, &ph->comp, r->T_phases_K, &id, ph);
            if (design_is_liquid(ph->phase)) {
                liquid_no_tc(ph);
                continue;
            }
            design_phase_tc_ambient(p, thread, r, &id, ph, &ood);
        }
        design_phase_tc_pressure(p, &id, P, ph);
        design_phase_route(p, thread, route, r, ph, P);
    }
    material_rule(r);
    if (ood)
        design_note(r->note, sizeof r->note, "a learned Tc is outside the model's domain");
    return LMDS_OK;
}

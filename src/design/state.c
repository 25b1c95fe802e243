/* The state as used: which phases a melt of composition c consists of when it is measured.
 *
 * Default: the equilibrium at the storage temperature (room temperature, 298 K), or 2 K below the solidus when
 * that is lower. Solid-state changes after freezing are fast in these low-melting alloys at room temperature
 * (their homologous temperature T/T_m is 0.6-0.8): tin precipitates from (Pb) in Sn-Pb solder within days (the
 * (Pb) solubility falls from 29 at.% Sn at 183 C to about 2-3 at.% at room temperature, data/design/
 * phase_ranges.csv), while the Pb-Bi epsilon phase is stable down to low temperature and survives. `quench`
 * keeps the phases as frozen (equilibrium 2 K below the solidus), `T_final_K` asks for the equilibrium at any T. */
#include "design/design_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void design_note(char *note, size_t n, const char *fmt, ...)
{
    size_t len = strlen(note);
    if (len + 3 >= n)
        return;
    if (len)
        len += (size_t)snprintf(note + len, n - len, "; ");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(note + len, n - len, fmt, ap);
    va_end(ap);
}

void design_fmt(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, n, fmt, ap);
    va_end(ap);
}

/* Molar volume by Zen's law (additive element molar volumes; E-an Zen, Am. Mineral. 41, 523 (1956)), cm^3/mol. */
double design_molar_volume(const lmds_comp *c)
{
    /* Looked up on each call (a scan of the column names): no cache shared between threads. */
    int iv;
    if (lmds_element_prop_index("molar_volume_cm3", &iv) != LMDS_OK) {
        iv = -1;
        lmds_error_clear();
    }
    double v = 0.0;
    for (int k = 0; k < c->n; k++) {
        double vk = iv >= 0 ? lmds_element_get(c->z[k], iv) : NAN;
        if (!isfinite(vk))
            vk = 10.0; /* no molar volume: a typical metal's, only affects the percolation estimate */
        v += c->x[k] * vk;
    }
    return v;
}

static int upper_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (toupper((unsigned char)*a) != toupper((unsigned char)*b))
            return 0;
    return *a == *b;
}

static void not_covered(lmds_prediction *r, const lmds_comp *c)
{
    /* Not described by the database: say so and treat the composition as one phase. */
    r->nphases = 1;
    lmds_phase_tc *ph = &r->phases[0];
    snprintf(ph->phase, sizeof ph->phase, "(whole alloy)");
    ph->comp = *c;
    ph->amount = 1.0;
    ph->amount_scheil = NAN;
    ph->volume_fraction = 1.0;
    snprintf(r->state, sizeof r->state, "one phase (no thermodynamics)");
    snprintf(r->note, sizeof r->note, "the thermodynamic database does not cover %s (missing %s): treated as "
             "one phase", r->formula, r->missing);
}

/* The temperature of the phase assemblage and its description. */
static double state_temperature(const lmds_predict_opts *o, lmds_prediction *r)
{
    double T;
    if (isfinite(o->T_final_K)) {
        T = o->T_final_K;
        snprintf(r->state, sizeof r->state, "equilibrium at %.1f K (cool-to)", T);
    } else if (o->quench) {
        T = r->T_solidus_K - 2.0;
        snprintf(r->state, sizeof r->state, "quenched: as frozen, 2 K below the solidus");
    } else if (o->T_store_K < r->T_solidus_K - 2.0) {
        T = o->T_store_K;
        snprintf(r->state, sizeof r->state, "stored at %.1f K (equilibrium)", T);
    } else {
        T = r->T_solidus_K - 2.0;
        snprintf(r->state, sizeof r->state, "stored at %.1f K, above the solidus - 2 K: as frozen", o->T_store_K);
    }
    return T < 1.0 ? 1.0 : T;
}

/* The phases of an equilibrium into r, with volume fractions by Zen's law. */
static void phases_from_eq(const lmds_eq_result *eq, const lmds_comp *c, lmds_prediction *r)
{
    double vtot = 0.0;
    for (int k = 0; k < eq->nphases && r->nphases < LMDS_PRED_MAXPHASES; k++) {
        if (eq->phases[k].amount < 1e-6)
            continue;
        lmds_phase_tc *ph = &r->phases[r->nphases++];
        snprintf(ph->phase, sizeof ph->phase, "%s", eq->phases[k].name);
        double amt[LMDS_COMP_MAX];
        int z[LMDS_COMP_MAX], n = 0;
        for (int j = 0; j < eq->ncomp; j++)
            if (eq->phases[k].x[j] > 1e-6) {
                z[n] = eq->z[j];
                amt[n++] = eq->phases[k].x[j];
            }
        if (n == 0 || lmds_comp_from_amounts(n, z, amt, &ph->comp) != LMDS_OK)
            ph->comp = *c;
        lmds_error_clear();
        if (lmds_comp_formula(&ph->comp, ph->formula, sizeof ph->formula) != LMDS_OK)
            snprintf(ph->formula, sizeof ph->formula, "?");
        ph->amount = eq->phases[k].amount;
        ph->amount_scheil = NAN;
        ph->volume_fraction = ph->amount * design_molar_volume(&ph->comp);
        vtot += ph->volume_fraction;
    }
    for (int k = 0; k < r->nphases; k++)
        r->phases[k].volume_fraction = vtot > 0 ? r->phases[k].volume_fraction / vtot : 0.0;
}

/* Scheil amounts at the end of the path, matched to the equilibrium phases by name. */
static void scheil_amounts(lmds_predictor *p, int thread, const lmds_comp *c, const lmds_predict_opts *o,
                           lmds_prediction *r)
{
    lmds_solidify_path *path = NULL;
    double Tend = isfinite(o->T_final_K) ? o->T_final_K : fmax(1.0, r->T_solidus_K - 60.0);
    if (design_scheil(p, thread, c, r->P_thermo_GPa, Tend, &path) == LMDS_OK && path->nsteps > 0) {
        const lmds_solidify_step *s = &path->steps[path->nsteps - 1];
        for (int k = 0; k < r->nphases; k++) {
            r->phases[k].amount_scheil = 0.0;
            for (int j = 0; j < s->nphases; j++)
                if (upper_eq(s->phase[j], r->phases[k].phase))
                    r->phases[k].amount_scheil += s->amount[j];
        }
    } else {
        design_note(r->note, sizeof r->note, "Scheil path failed: %s", lmds_errmsg());
        lmds_error_clear();
    }
    lmds_solidify_path_free(path);
}

static void init_result(const lmds_comp *c, const lmds_predict_opts *o, lmds_prediction *r)
{
    memset(r, 0, sizeof *r);
    r->comp = *c;
    if (lmds_comp_formula(c, r->formula, sizeof r->formula) != LMDS_OK)
        snprintf(r->formula, sizeof r->formula, "?");
    r->route = o->route;
    r->P_GPa = o->P_GPa;
    r->T_liquidus_K = r->T_solidus_K = r->T_phases_K = NAN;
    r->tc_scheil_K = NAN;
    r->tc_phase = -1;
    r->percolation_threshold = o->percolation_threshold > 0 ? o->percolation_threshold
                                                           : LMDS_PERCOLATION_THRESHOLD;
    /* The CALPHAD pressure term holds to lmds_thermo_pressure_max(); above it the phase diagram is that of the
     * cap and the pressure acts through the Tc of each phase (phase_pressure.c). */
    r->P_thermo_GPa = fmin(o->P_GPa, lmds_thermo_pressure_max());
}

lmds_status design_thermo(lmds_predictor *p, int thread, const lmds_comp *c, const lmds_predict_opts *o,
                          lmds_prediction *r, double max_liquidus)
{
    init_result(c, o, r);
    r->covered = lmds_predictor_covers(p, c, r->missing, sizeof r->missing);
    if (!r->covered) {
        not_covered(r, c);
        return LMDS_OK;
    }
    double P = r->P_thermo_GPa;
    lmds_status st = design_liquidus(p, thread, c, P, &r->T_liquidus_K, r->primary_phase,
                                     sizeof r->primary_phase);
    if (st != LMDS_OK && P > 0) {
        /* Without the pressure term (e.g. its molar-volume table cannot be read) the ambient phase diagram is
         * used and said so; the pressure still acts on each phase's Tc. */
        design_note(r->note, sizeof r->note, "phase diagram at 0 GPa: the thermodynamic pressure term failed "
                    "(%.200s)", lmds_errmsg());
        lmds_error_clear();
        P = r->P_thermo_GPa = 0.0;
        st = design_liquidus(p, thread, c, P, &r->T_liquidus_K, r->primary_phase, sizeof r->primary_phase);
    }
    if (st != LMDS_OK)
        return st;
    if (P > 0 && P < o->P_GPa)
        design_note(r->note, sizeof r->note, "phase diagram at %.2g GPa (the thermodynamic pressure term holds to "
                    "%.2g GPa); pressure enters through each phase's Tc", P, P);
    if (r->T_liquidus_K > max_liquidus)
        return LMDS_OK; /* design: too high to print, nothing more needed */
    st = design_solidus(p, thread, c, P, &r->T_solidus_K);
    if (st != LMDS_OK)
        return st;
    double T = state_temperature(o, r);
    r->T_phases_K = T;
    lmds_eq_result eq;
    st = design_equilibrium(p, thread, c, T, P, &eq);
    if (st != LMDS_OK && st != LMDS_ENOCONV)
        return st;
    if (st == LMDS_ENOCONV) {
        design_note(r->note, sizeof r->note, "equilibrium at %.1f K not fully converged (hull estimate used)", T);
        lmds_error_clear();
    }
    phases_from_eq(&eq, c, r);
    if (o->scheil && !o->fast)
        scheil_amounts(p, thread, c, o, r);
    return LMDS_OK;
}

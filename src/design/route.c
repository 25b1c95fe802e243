/* The route hook: how the way a material is made (film, droplet, confined; bulk = nothing) changes the bulk Tc of
 * one phase. design_phase_route is the single place where route physics plugs into the pipeline: it receives the
 * identified phase (with its bulk Tc at the pressure asked) and writes tc_route_K, the uncertainty, the source and
 * a route note. The route model (route_model.c, lmds_route_apply) answers first for phases of one element (or >= 90
 * at.% of one): the polymorph the route makes and its Tc, film Tc(d), amorphous and 2D/confined measurements.
 * Otherwise: a measurement in exactly that form when the genome has one, else the thin-film formula (Simonin) or the
 * Anderson limit for droplets. */
#include "design/design_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *route_form(lmds_route_kind k)
{
    switch (k) {
    case LMDS_ROUTE_FILM: return "film";
    case LMDS_ROUTE_DROPLET: return "nanodroplet";
    case LMDS_ROUTE_CONFINED: return "confined";
    default: return "bulk";
    }
}

/* Thin-film critical thickness d_c of Simonin's Tc(d) = Tc (1 - d_c/d), from the supercon model registry's
 * default when it has one. NAN when none. */
static double film_dc_default(void)
{
    const lmds_sc_model_info *mi = lmds_sc_model_find("film");
    if (!mi)
        mi = lmds_sc_model_find("film-simonin");
    if (!mi)
        return NAN;
    for (size_t i = 0; i < mi->nparams; i++)
        if (strstr(mi->params[i].name, "d_c") || strstr(mi->params[i].name, "dc"))
            return mi->params[i].default_value;
    return NAN;
}

/* The Anderson limit for a small grain (Anderson, J. Phys. Chem. Solids 11, 26 (1959)): N(E_F) from the
 * Sommerfeld coefficient, gamma = (pi^2/3) k_B^2 N(E_F), i.e. N(E_F) [states/(eV atom)] = gamma
 * [mJ/(mol K^2)] / 2.359; gap from BCS, Delta = 1.764 k_B Tc. Returns the level spacing / gap ratio or NAN. */
static double anderson_ratio(const lmds_comp *c, double tc, double r_nm)
{
    int ig, iv;
    if (lmds_element_prop_index("sommerfeld_mJ_mol_K2", &ig) != LMDS_OK ||
        lmds_element_prop_index("molar_volume_cm3", &iv) != LMDS_OK) {
        lmds_error_clear();
        return NAN;
    }
    double gam = 0, vm = 0;
    for (int k = 0; k < c->n; k++) {
        gam += c->x[k] * lmds_element_get(c->z[k], ig);
        vm += c->x[k] * lmds_element_get(c->z[k], iv);
    }
    if (!isfinite(gam) || !isfinite(vm) || gam <= 0 || tc <= 0)
        return NAN;
    double dos = gam / 2.359, va = vm * 1e24 / LMDS_NA, ratio = NAN;
    if (lmds_anderson_criterion(dos, va, r_nm, 1.764 * LMDS_KB_MEV * tc, NULL, &ratio, NULL) != LMDS_OK) {
        lmds_error_clear();
        return NAN;
    }
    return ratio;
}

void design_phase_route(lmds_predictor *p, int thread, const lmds_route *route, const lmds_prediction *r,
                        lmds_phase_tc *ph, double P)
{
    ph->tc_route_K = ph->tc_K;
    ph->route_note[0] = '\0';
    if (route->kind == LMDS_ROUTE_BULK)
        return;
    /* The route data first (polymorph selection by size, films, amorphous, 2D and confined forms); the rules
     * below apply where they have nothing for this phase. */
    double T_store = isfinite(r->T_phases_K) && r->T_phases_K > 0 ? r->T_phases_K : 298.15; /* uncovered: no state */
    if (p->routes && lmds_route_apply(p->routes, route, T_store, ph) == LMDS_OK)
        return;
    lmds_error_clear();
    lmds_comp look = ph->comp;
    if (ph->compound[0] && lmds_comp_parse(ph->compound, NULL, &look) != LMDS_OK) {
        look = ph->comp;
        lmds_error_clear();
    }
    const tc_entry *er = NULL;
    design_tc_of(p, thread, &look, route_form(route->kind), P, &er);
    if (er->source == LMDS_TC_SRC_GENOME) {
        ph->tc_route_K = er->tc;
        ph->uncertainty_K = er->unc;
        ph->source = LMDS_TC_SRC_GENOME;
        ph->tc_is_bound = 0;
        /* The measurement is of the pure material (e.g. beta-Ga in frozen droplets of pure Ga); that the same
         * phase of an alloy freezes the same way in that form is an assumption, said here. */
        char f[64];
        if (lmds_comp_formula(&look, f, sizeof f) != LMDS_OK)
            snprintf(f, sizeof f, "?");
        snprintf(ph->route_note, sizeof ph->route_note, "%s form: measured for %s%s", route_form(route->kind), f,
                 r->comp.n > 1 ? " alone, assumed to hold for this phase of the alloy" : "");
        snprintf(ph->reference, sizeof ph->reference, "%s", er->ref);
    } else if (route->kind == LMDS_ROUTE_FILM) {
        double dc = film_dc_default(), t = ph->tc_K;
        if (isfinite(dc) && lmds_film_tc(ph->tc_K, route->size_nm, dc, &t) == LMDS_OK) {
            ph->tc_route_K = t;
            snprintf(ph->route_note, sizeof ph->route_note, "thin film Tc(d) = Tc (1 - d_c/d), d_c %.2g nm "
                     "(Simonin 1986)", dc);
        } else {
            snprintf(ph->route_note, sizeof ph->route_note, "no film data or film model: bulk Tc");
        }
        lmds_error_clear();
    } else if (route->kind == LMDS_ROUTE_DROPLET) {
        double ratio = anderson_ratio(&ph->comp, ph->tc_K, route->size_nm);
        if (isfinite(ratio) && ratio >= 1.0) {
            ph->tc_route_K = 0.0;
            snprintf(ph->route_note, sizeof ph->route_note, "below the Anderson limit (level spacing %.2g x gap)",
                     ratio);
        } else {
            snprintf(ph->route_note, sizeof ph->route_note, "no droplet measurement: bulk Tc%s",
                     isfinite(ratio) ? " (above the Anderson limit)" : "");
        }
    } else {
        snprintf(ph->route_note, sizeof ph->route_note, "no confined measurement: bulk Tc");
    }
}

/* The public workspace: a system's phases sampled once (th_ws) and reused by every calculation on that system,
 * with the phases the caller allows (suspended phases, or chosen phases only). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lmds/core.h"
#include "thermo/ws.h"

lmds_status lmds_thermo_ws_new(const lmds_tdb *db, int ncomp, const int *z, const lmds_thermo_opts *opts,
                               lmds_thermo_ws **out) {
    if (out) *out = NULL;
    if (!db || !z || !out) return lmds_error(LMDS_EINVAL, "lmds_thermo_ws_new: NULL argument");
    if (ncomp < 1 || ncomp > TH_MAXC) return lmds_error(LMDS_EINVAL, "number of elements %d out of range 1-%d", ncomp, TH_MAXC);
    for (int i = 0; i < ncomp; i++)
        for (int j = i + 1; j < ncomp; j++)
            if (z[i] == z[j]) return lmds_error(LMDS_EINVAL, "element Z=%d given twice", z[i]);
    lmds_thermo_ws *ws = calloc(1, sizeof *ws);
    if (!ws) return lmds_error(LMDS_ENOMEM, "out of memory");
    lmds_status st = th_ws_init(&ws->w, db, z, ncomp);
    if (st) {
        free(ws);
        return st;
    }
    if ((st = lmds_thermo_ws_set_opts(ws, opts))) {
        lmds_thermo_ws_free(ws);
        return st;
    }
    *out = ws;
    return LMDS_OK;
}

void lmds_thermo_ws_free(lmds_thermo_ws *ws) {
    if (!ws) return;
    th_ws_free(&ws->w);
    free(ws);
}

lmds_status lmds_thermo_ws_set_opts(lmds_thermo_ws *ws, const lmds_thermo_opts *opts) {
    if (!ws) return lmds_error(LMDS_EINVAL, "lmds_thermo_ws_set_opts: NULL workspace");
    ws->have_liq = 0;
    return th_ws_allow(&ws->w, opts ? opts->only : NULL, opts ? opts->suspend : NULL);
}

int lmds_thermo_ws_ncomp(const lmds_thermo_ws *ws) { return ws ? ws->w.sys.C : 0; }

int lmds_thermo_ws_element(const lmds_thermo_ws *ws, int i) {
    return ws && i >= 0 && i < ws->w.sys.C ? ws->w.sys.z[i] : 0;
}

lmds_status th_ws_comp(const lmds_thermo_ws *ws, const lmds_comp *c, double *x) {
    const th_sys *sys = &ws->w.sys;
    if (c->n != sys->C)
        return lmds_error(LMDS_EINVAL, "the composition has %d elements, the workspace %d (make a workspace for "
                          "this system)", c->n, sys->C);
    for (int k = 0; k < sys->C; k++) {
        int found = -1;
        for (int i = 0; i < c->n; i++)
            if (c->z[i] == sys->z[k]) found = i;
        if (found < 0)
            return lmds_error(LMDS_EINVAL, "element %s of the workspace is not in the composition", sys->el[k]);
        x[k] = c->x[found];
        if (!(x[k] >= 0) || !isfinite(x[k])) return lmds_error(LMDS_EINVAL, "mole fraction of %s is not valid", sys->el[k]);
    }
    return LMDS_OK;
}

lmds_status th_pressure_Pa(double P_GPa, double *P_Pa) {
    if (!isfinite(P_GPa) || P_GPa < 0)
        return lmds_error(LMDS_EINVAL, "pressure must be >= 0 GPa and finite (got %g GPa)", P_GPa);
    if (P_GPa > th_pressure_max_GPa())
        return lmds_error(LMDS_EDOMAIN, "pressure %g GPa is above %g GPa, the limit of the constant-volume pressure "
                          "term (compression and pressure-induced phases are not modelled; docs/thermo.md)", P_GPa,
                          th_pressure_max_GPa());
    *P_Pa = P_GPa * 1e9;
    return LMDS_OK;
}

void th_ws_warn_T(lmds_thermo_ws *ws, double T, const char *what) {
    const th_sys *sys = &ws->w.sys;
    if (ws->warned_T || !(T < sys->T_valid_lo)) return;
    ws->warned_T = 1;
    lmds_warn("%s at %.2f K: below %.2f K, the lower limit of %s in %s, Gibbs energies are extrapolated "
              "(docs/thermo.md, \"Temperature range\")", what, T, sys->T_valid_lo, sys->T_valid_what, sys->db->path);
}

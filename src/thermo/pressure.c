/* Pressure in the Gibbs energies: G(T, P) = G(T, 1 bar) + (P - 1 bar) V_m, with V_m constant (no compression, no
 * thermal expansion) and additive in the atoms: V_m = sum_i N_i V_i, where V_i is the molar volume of element i as a
 * liquid (for liquid phases) or as a solid (every other phase), both at the element's melting point
 * (data/thermo/molar_volumes.csv). For a pure element this moves the melting point by Clausius-Clapeyron,
 * dT_m/dP = (V_liquid - V_solid) / (S_liquid - S_solid), with the entropy of melting from the TDB data; in alloys
 * it assumes no volume of mixing and gives every solid structure of an element the volume of its stable solid.
 * Lukas, Fries, Sundman, Computational Thermodynamics (2007), sec. 5.1, for G(T, P) = G(T, P0) + int V dP. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "lmds/io.h"
#include "thermo/thermo_internal.h"

#define VOLUME_FILE "thermo/molar_volumes.csv"

double th_pressure_max_GPa(void) { return th_model_default("pressure", "P_max"); }

double lmds_thermo_pressure_max(void) { return th_pressure_max_GPa(); }

static int same_symbol(const char *a, const char *b) {
    for (; *a && *b; a++, b++)
        if (toupper((unsigned char)*a) != toupper((unsigned char)*b)) return 0;
    return *a == *b;
}

/* Read the volumes of the system's elements: vs[i] solid, vl[i] liquid (cm^3/mol; NAN when absent). */
static lmds_status read_volumes(const th_sys *sys, const char *path, const char *text, double *vs, double *vl) {
    static const char *const cols[] = {"element", "state", "V_cm3_mol", "source"};
    int idx[4];
    lmds_csv c;
    lmds_csv_init(&c, text);
    int r = lmds_csv_next(&c);
    lmds_status st = r < 0 ? lmds_csv_error(&c, path) : r == 0 ? lmds_error_at(LMDS_EPARSE, path, 1, 1, "empty file")
                             : lmds_csv_require(&c, path, cols, 4, idx, "element,state,V_cm3_mol,T_K,basis,source");
    while (!st && (r = lmds_csv_next(&c)) == 1) {
        if (c.nfields <= idx[2]) continue;
        char *end;
        double v = strtod(c.fields[idx[2]], &end);
        if (end == c.fields[idx[2]] || !(v > 0) || !isfinite(v)) {
            st = lmds_error_at(LMDS_EPARSE, path, c.line, c.columns[idx[2]], "molar volume is not a positive number");
            break;
        }
        int liquid = same_symbol(c.fields[idx[1]], "liquid");
        if (!liquid && !same_symbol(c.fields[idx[1]], "solid")) {
            st = lmds_error_at(LMDS_EPARSE, path, c.line, c.columns[idx[1]], "state must be solid or liquid");
            break;
        }
        for (int i = 0; i < sys->C; i++)
            if (same_symbol(c.fields[idx[0]], sys->el[i])) (liquid ? vl : vs)[i] = v;
    }
    if (!st && r < 0) st = lmds_csv_error(&c, path);
    lmds_csv_clear(&c);
    return st;
}

static lmds_status missing_volumes(const th_sys *sys, const double *vs, const double *vl, const char *path) {
    char buf[256] = "";
    size_t len = 0;
    for (int i = 0; i < sys->C && len < sizeof buf; i++)
        if (isnan(vs[i]) || isnan(vl[i]))
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s (%s)", len ? ", " : "", sys->el[i],
                                    isnan(vs[i]) && isnan(vl[i]) ? "solid, liquid" : isnan(vs[i]) ? "solid" : "liquid");
    if (!len) return LMDS_OK;
    return lmds_error(LMDS_ENODATA, "pressure needs molar volumes that %s lacks: %s", path, buf);
}

lmds_status th_sys_load_volumes(th_sys *sys) {
    char path[1024];
    lmds_status st = lmds_data_path(VOLUME_FILE, path, sizeof path);
    if (st) return st;
    char *text = NULL;
    if ((st = lmds_file_read(path, 1u << 20, &text, NULL))) return st;
    double vs[TH_MAXC], vl[TH_MAXC];
    for (int i = 0; i < sys->C; i++) vs[i] = vl[i] = NAN;
    st = read_volumes(sys, path, text, vs, vl);
    free(text);
    if (!st) st = missing_volumes(sys, vs, vl, path);
    if (st) return st;
    for (int p = 0; p < sys->nph; p++) {
        th_phase *ph = &sys->ph[p];
        const double *v = ph->is_liquid ? vl : vs;
        for (int j = 0; j < ph->m; j++) {
            ph->vcons[j] = 0;
            for (int i = 0; i < sys->C; i++) ph->vcons[j] += ph->nat[j][i] * v[i] * 1e-6; /* cm^3 -> m^3 */
        }
    }
    return LMDS_OK;
}

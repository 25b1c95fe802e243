/* Composition descriptors for the Tc learner.
 *
 * Magpie: Ward et al., npj Comput. Mater. 2, 16028 (2016), as implemented by matminer's
 * ElementProperty.from_preset("magpie") (same order, names and statistics; mode = the smallest property value
 * among the elements with the largest fraction). Hamidieh, Comput. Mater. Sci. 154, 346 (2018), Table 1: ten
 * statistics of each property. Valence fractions: matminer's ValenceOrbital (fraction of the mean number of
 * s, p, d, f valence electrons). */
#include "learn_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lmds/element.h>

static const char *const MAGPIE_PROPS[] = {
    "Number", "MendeleevNumber", "AtomicWeight", "MeltingT", "Column", "Row", "CovalentRadius",
    "Electronegativity", "NsValence", "NpValence", "NdValence", "NfValence", "NValence", "NsUnfilled",
    "NpUnfilled", "NdUnfilled", "NfUnfilled", "NUnfilled", "GSvolume_pa", "GSbandgap", "GSmagmom",
    "SpaceGroupNumber"};
#define N_MAGPIE_PROPS ((int)(sizeof MAGPIE_PROPS / sizeof MAGPIE_PROPS[0]))
static const char *const MAGPIE_STATS[] = {"minimum", "maximum", "range", "mean", "avg_dev", "mode"};

/* Hamidieh's statistics are applied to eight physical properties of data/elements.csv that are known for every
 * element of the SuperCon lists. Hamidieh used atomic mass, first ionisation energy, atomic radius, density,
 * electron affinity, fusion heat, thermal conductivity and valence; our table has no electron affinity and no
 * thermal conductivity and lacks the density of gaseous elements, so electronegativity, melting point and molar
 * volume stand in for them (docs/learn.md). Feature names carry our column names. */
typedef struct {
    const char *name;
    const char *columns[2];
} hamidieh_prop;
static const hamidieh_prop HAMIDIEH_PROPS[] = {
    {"atomic_mass_u", {"atomic_mass_u", NULL}},
    {"first_ionization_eV", {"first_ionization_eV", NULL}},
    {"covalent_radius_pm", {"covalent_radius_pm", NULL}},
    {"molar_volume_cm3", {"molar_volume_cm3", NULL}},
    {"electronegativity_pauling", {"electronegativity_pauling", NULL}},
    {"fusion_enthalpy_kJ_mol", {"fusion_enthalpy_kJ_mol", NULL}},
    {"melting_point_K", {"melting_point_K", NULL}},
    {"nvalence", {"nvalence", NULL}},
};
#define N_HAMIDIEH_PROPS ((int)(sizeof HAMIDIEH_PROPS / sizeof HAMIDIEH_PROPS[0]))
static const char *const HAMIDIEH_STATS[] = {"mean", "wtd_mean", "gmean", "wtd_gmean", "entropy", "wtd_entropy",
                                             "range", "wtd_range", "std", "wtd_std"};

enum { BLOCK_MAGPIE, BLOCK_HAMIDIEH, BLOCK_VALENCE, BLOCK_FRACTIONS };

static lmds_status add_name(lmds_learn_featurizer *f, const char *fmt, const char *a, const char *b)
{
    if (f->nfeat == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 256;
        char **p = realloc(f->names, cap * sizeof *p);
        if (!p) return lmds_error(LMDS_ENOMEM, "out of memory building feature names");
        f->names = p;
        f->cap = cap;
    }
    char buf[128];
    snprintf(buf, sizeof buf, fmt, a, b);
    f->names[f->nfeat] = strdup(buf);
    if (!f->names[f->nfeat]) return lmds_error(LMDS_ENOMEM, "out of memory building feature names");
    f->nfeat++;
    return LMDS_OK;
}

static lmds_status prop_column(const char *name, int *col)
{
    lmds_status st = lmds_element_prop_index(name, col);
    if (st != LMDS_OK)
        return lmds_error(LMDS_ENOTFOUND, "learn: the element table has no column '%s' (needed by the features)",
                          name);
    return LMDS_OK;
}

static lmds_status add_block(lmds_learn_featurizer *f, const char *block)
{
    lmds_status st = LMDS_OK;
    if (strcmp(block, "magpie") == 0) {
        if (f->has_block[BLOCK_MAGPIE]) return LMDS_OK;
        f->has_block[BLOCK_MAGPIE] = 1;
        f->block_order[f->nblocks++] = BLOCK_MAGPIE;
        for (int i = 0; i < N_MAGPIE_PROPS; i++) {
            char col[64];
            snprintf(col, sizeof col, "magpie_%s", MAGPIE_PROPS[i]);
            if ((st = prop_column(col, &f->magpie_col[i])) != LMDS_OK) return st;
            for (int s = 0; s < 6; s++)
                if ((st = add_name(f, "MagpieData %s %s", MAGPIE_STATS[s], MAGPIE_PROPS[i])) != LMDS_OK) return st;
        }
    } else if (strcmp(block, "hamidieh") == 0) {
        if (f->has_block[BLOCK_HAMIDIEH]) return LMDS_OK;
        f->has_block[BLOCK_HAMIDIEH] = 1;
        f->block_order[f->nblocks++] = BLOCK_HAMIDIEH;
        for (int i = 0; i < N_HAMIDIEH_PROPS; i++) {
            int found = -1;
            for (int k = 0; HAMIDIEH_PROPS[i].columns[k] && found < 0; k++) {
                int c;
                if (lmds_element_prop_index(HAMIDIEH_PROPS[i].columns[k], &c) == LMDS_OK) found = c;
            }
            lmds_error_clear();
            if (found < 0)
                return lmds_error(LMDS_ENOTFOUND, "learn: the element table has no column for Hamidieh's '%s' "
                                                  "(tried %s, ...)",
                                  HAMIDIEH_PROPS[i].name, HAMIDIEH_PROPS[i].columns[0]);
            f->ham_col[i] = found;
            for (int s = 0; s < 10; s++)
                if ((st = add_name(f, "%s_%s", HAMIDIEH_STATS[s], HAMIDIEH_PROPS[i].name)) != LMDS_OK) return st;
        }
    } else if (strcmp(block, "valence") == 0) {
        if (f->has_block[BLOCK_VALENCE]) return LMDS_OK;
        f->has_block[BLOCK_VALENCE] = 1;
        f->block_order[f->nblocks++] = BLOCK_VALENCE;
        static const char *const orb[] = {"Ns", "Np", "Nd", "Nf"};
        for (int i = 0; i < 4; i++) {
            char col[64];
            snprintf(col, sizeof col, "magpie_%sValence", orb[i]);
            if ((st = prop_column(col, &f->val_col[i])) != LMDS_OK) return st;
        }
        if ((st = add_name(f, "number_of_elements%s%s", "", "")) != LMDS_OK) return st;
        static const char *const fr[] = {"frac_sValence", "frac_pValence", "frac_dValence", "frac_fValence"};
        for (int i = 0; i < 4; i++)
            if ((st = add_name(f, "%s%s", fr[i], "")) != LMDS_OK) return st;
    } else if (strcmp(block, "fractions") == 0) {
        if (f->has_block[BLOCK_FRACTIONS]) return LMDS_OK;
        f->has_block[BLOCK_FRACTIONS] = 1;
        f->block_order[f->nblocks++] = BLOCK_FRACTIONS;
        for (int z = 1; z <= LMDS_ZMAX; z++)
            if ((st = add_name(f, "x_%s%s", lmds_element_symbol(z), "")) != LMDS_OK) return st;
    } else {
        return lmds_error(LMDS_ENOTFOUND,
                          "learn: unknown feature preset '%s' (known: default, magpie, hamidieh, valence, fractions)",
                          block);
    }
    if (f->preset[0]) strncat(f->preset, "+", sizeof f->preset - strlen(f->preset) - 1);
    strncat(f->preset, block, sizeof f->preset - strlen(f->preset) - 1);
    return LMDS_OK;
}

lmds_status lmds_learn_featurizer_new(const char *preset, lmds_learn_featurizer **out)
{
    if (out) *out = NULL;
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_learn_featurizer_new: NULL output");
    if (!preset || !*preset) preset = "default";
    lmds_learn_featurizer *f = calloc(1, sizeof *f);
    if (!f) return lmds_error(LMDS_ENOMEM, "out of memory");
    char buf[256];
    snprintf(buf, sizeof buf, "%s", preset);
    lmds_status st = LMDS_OK;
    for (char *save = NULL, *tok = strtok_r(buf, "+,", &save); tok && st == LMDS_OK;
         tok = strtok_r(NULL, "+,", &save)) {
        if (strcmp(tok, "default") == 0) {
            st = add_block(f, "magpie");
            if (st == LMDS_OK) st = add_block(f, "hamidieh");
            if (st == LMDS_OK) st = add_block(f, "valence");
        } else {
            st = add_block(f, tok);
        }
    }
    if (st == LMDS_OK && f->nfeat == 0) st = lmds_error(LMDS_EINVAL, "learn: empty feature preset '%s'", preset);
    if (st != LMDS_OK) {
        lmds_learn_featurizer_free(f);
        return st;
    }
    *out = f;
    return LMDS_OK;
}

void lmds_learn_featurizer_free(lmds_learn_featurizer *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->nfeat; i++) free(f->names[i]);
    free(f->names);
    free(f);
}

size_t lmds_learn_featurizer_count(const lmds_learn_featurizer *f) { return f ? f->nfeat : 0; }

const char *lmds_learn_featurizer_name(const lmds_learn_featurizer *f, size_t j)
{
    return (f && j < f->nfeat) ? f->names[j] : NULL;
}

const char *lmds_learn_featurizer_preset(const lmds_learn_featurizer *f) { return f ? f->preset : NULL; }

/* Hamidieh (2018), Table 1, for values t[] with mole fractions p[] (n >= 1). Entropies use 0 ln 0 = 0;
 * the geometric means need t >= 0 (a zero makes them 0). wtd_range = p(max) t(max) - p(min) t(min) with max/min
 * the elements of largest/smallest property (first in order on ties), which reproduces his Table 2. */
void lmds_learn_hamidieh_stats(const double *t, const double *p, int n, double *out)
{
    double sum = 0, wmean = 0, lsum = 0, wlsum = 0, wsum = 0;
    int imax = 0, imin = 0, zero = 0;
    for (int i = 0; i < n; i++) {
        sum += t[i];
        wmean += p[i] * t[i];
        wsum += p[i] * t[i];
        if (t[i] > 0) {
            lsum += log(t[i]);
            wlsum += p[i] * log(t[i]);
        } else {
            zero = 1;
        }
        if (t[i] > t[imax]) imax = i;
        if (t[i] < t[imin]) imin = i;
    }
    double mean = sum / n;
    double ent = 0, went = 0, var = 0, wvar = 0;
    for (int i = 0; i < n; i++) {
        if (sum > 0 && t[i] > 0) {
            double w = t[i] / sum;
            ent -= w * log(w);
        }
        if (wsum > 0 && p[i] * t[i] > 0) {
            double a = p[i] * t[i] / wsum;
            went -= a * log(a);
        }
        var += (t[i] - mean) * (t[i] - mean);
        wvar += p[i] * (t[i] - wmean) * (t[i] - wmean);
    }
    out[0] = mean;
    out[1] = wmean;
    out[2] = zero ? 0.0 : exp(lsum / n);
    out[3] = zero ? 0.0 : exp(wlsum);
    out[4] = ent;
    out[5] = went;
    out[6] = t[imax] - t[imin];
    out[7] = p[imax] * t[imax] - p[imin] * t[imin];
    out[8] = sqrt(var / n);
    out[9] = sqrt(wvar);
}

static lmds_status missing(int z, int col)
{
    return lmds_error(LMDS_ENODATA, "learn: element table has no %s for %s (Z=%d): cannot featurise",
                      lmds_element_prop_name(col), lmds_element_symbol(z), z);
}

lmds_status lmds_learn_features(const lmds_learn_featurizer *f, const lmds_comp *c, double *out)
{
    if (!f || !c || !out) return lmds_error(LMDS_EINVAL, "lmds_learn_features: NULL argument");
    if (c->n < 1 || c->n > LMDS_COMP_MAX) return lmds_error(LMDS_EINVAL, "learn: empty composition");
    const int n = c->n;
    const double *x = c->x;
    double t[LMDS_COMP_MAX];
    size_t j = 0;
    for (int b = 0; b < f->nblocks; b++) {
        switch (f->block_order[b]) {
        case BLOCK_MAGPIE:
            for (int k = 0; k < N_MAGPIE_PROPS; k++) {
                int col = f->magpie_col[k];
                for (int i = 0; i < n; i++) {
                    t[i] = lmds_element_get(c->z[i], col);
                    if (isnan(t[i])) return missing(c->z[i], col);
                }
                double mn = t[0], mx = t[0], mean = 0, dev = 0, xmax = -1, mode = 0;
                for (int i = 0; i < n; i++) {
                    if (t[i] < mn) mn = t[i];
                    if (t[i] > mx) mx = t[i];
                    mean += x[i] * t[i];
                }
                /* matminer: mode = min of the values whose weight equals the largest weight. Fractions that
                 * differ by rounding only (1e-12 relative) count as equal. */
                for (int i = 0; i < n; i++) {
                    dev += x[i] * fabs(t[i] - mean);
                    if (x[i] > xmax * (1 + 1e-12)) {
                        xmax = x[i];
                        mode = t[i];
                    } else if (fabs(x[i] - xmax) <= 1e-12 * xmax && t[i] < mode) {
                        mode = t[i];
                    }
                }
                out[j++] = mn;
                out[j++] = mx;
                out[j++] = mx - mn;
                out[j++] = mean;
                out[j++] = dev;
                out[j++] = mode;
            }
            break;
        case BLOCK_HAMIDIEH:
            for (int k = 0; k < N_HAMIDIEH_PROPS; k++) {
                int col = f->ham_col[k];
                for (int i = 0; i < n; i++) {
                    t[i] = lmds_element_get(c->z[i], col);
                    if (isnan(t[i])) return missing(c->z[i], col);
                }
                lmds_learn_hamidieh_stats(t, x, n, out + j);
                j += 10;
            }
            break;
        case BLOCK_VALENCE: {
            double v[4] = {0, 0, 0, 0}, tot = 0;
            for (int o = 0; o < 4; o++) {
                for (int i = 0; i < n; i++) {
                    double e = lmds_element_get(c->z[i], f->val_col[o]);
                    if (isnan(e)) return missing(c->z[i], f->val_col[o]);
                    v[o] += x[i] * e;
                }
                tot += v[o];
            }
            out[j++] = n;
            for (int o = 0; o < 4; o++) out[j++] = tot > 0 ? v[o] / tot : 0.0;
            break;
        }
        case BLOCK_FRACTIONS:
            memset(out + j, 0, LMDS_ZMAX * sizeof *out);
            for (int i = 0; i < n; i++)
                if (c->z[i] >= 1 && c->z[i] <= LMDS_ZMAX) out[j + c->z[i] - 1] += x[i];
            j += LMDS_ZMAX;
            break;
        }
    }
    for (size_t k = 0; k < j; k++)
        if (!isfinite(out[k]))
            return lmds_error(LMDS_EDOMAIN, "learn: feature '%s' is not finite", f->names[k]);
    return LMDS_OK;
}

lmds_status lmds_learn_features_matrix(const lmds_learn_featurizer *f, const lmds_comp *comps, size_t n, float *X,
                                       size_t *bad_row)
{
    if (!f || (!comps && n) || (!X && n)) return lmds_error(LMDS_EINVAL, "lmds_learn_features_matrix: NULL argument");
    const size_t nf = f->nfeat;
    size_t first_bad = (size_t)-1;
    lmds_status first_st = LMDS_OK;
    char msg[512] = "";
#pragma omp parallel
    {
        double *row = malloc(nf * sizeof *row);
#pragma omp for schedule(static)
        for (size_t i = 0; i < n; i++) {
            lmds_status st = row ? lmds_learn_features(f, &comps[i], row) : LMDS_ENOMEM;
            if (st == LMDS_OK) {
                float *xi = X + i * nf;
                for (size_t k = 0; k < nf; k++) xi[k] = (float)row[k];
            } else {
#pragma omp critical(lmds_learn_feat_err)
                if (i < first_bad) {
                    first_bad = i;
                    first_st = st;
                    snprintf(msg, sizeof msg, "%s", row ? lmds_errmsg() : "out of memory");
                }
            }
        }
        free(row);
    }
    if (first_st != LMDS_OK) {
        if (bad_row) *bad_row = first_bad;
        return lmds_error(first_st, "%s", msg);
    }
    return LMDS_OK;
}

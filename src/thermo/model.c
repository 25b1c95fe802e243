/* Gibbs energy of a phase in the compound energy formalism (CEF), per mole of formula units:
 *
 *   G = sum_em prod_s y_s,em  G_em                                  (reference surface)
 *     + RT sum_s a_s sum_j y_sj ln y_sj                             (ideal mixing on each sublattice)
 *     + sum_int prod y * sum_k L_k (y_i - y_j)^k                    (Redlich-Kister, binary)
 *     + prod y * (v_i L_i + v_j L_j + v_k L_k)                      (ternary, Muggianu v)
 *     + RT ln(beta + 1) f(T/Tc)                                     (Inden-Hillert-Jarl magnetic term)
 *     + (P - 1 bar) sum_s a_s sum_j y_sj V_j                           (pressure, constant molar volumes)
 *
 * (Hillert, J. Alloys Compd. 320 (2001) 161; Lukas, Fries, Sundman, Computational Thermodynamics (2007).)
 * Every term is a constant times a product of affine functions of the site fractions, so the value, gradient
 * and Hessian follow from one product rule. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmds/core.h"
#include "lmds/element.h"
#include "thermo/thermo_internal.h"

int th_phase_find(const th_sys *sys, const char *name) {
    for (int p = 0; p < sys->nph; p++)
        if (!strcmp(sys->ph[p].name, name)) return p;
    return -1;
}

static int find_el(const lmds_tdb *db, const char *sym) {
    for (int i = 0; i < db->nel; i++)
        if (!strcmp(db->el[i].name, sym)) return i;
    return -1;
}

/* Is species sp made only of the system's elements (or a vacancy)? */
static int species_active(const th_sys *sys, int sp) {
    const tdb_species *s = &sys->db->sp[sp];
    if (s->is_va) return 1;
    for (int k = 0; k < s->nel; k++) {
        int ok = 0;
        for (int i = 0; i < sys->C; i++) ok |= sys->dbel[i] == s->el[k];
        if (!ok && s->stoich[k] != 0) return 0;
    }
    return 1;
}

static void add_factor_y(th_term *t, int yi) {
    th_factor *f = &t->f[t->nf++];
    f->n = 1; f->idx[0] = yi; f->c[0] = 1; f->b = 0;
}

/* Does a ternary interaction of these constituents have orders above 0 in the phase (Muggianu form)? */
static int ternary_has_orders(const lmds_tdb *db, const tdb_param *q) {
    for (int i = 0; i < db->npar; i++) {
        const tdb_param *r = &db->par[i];
        if (r->dead || r->type != q->type || strcmp(r->phase, q->phase) || r->order == 0) continue;
        if (r->nsub == q->nsub && !memcmp(r->ncons, q->ncons, sizeof q->ncons) && !memcmp(r->cons, q->cons, sizeof q->cons))
            return 1;
    }
    return 0;
}

static lmds_status build_phase(th_sys *sys, int dbp, th_phase *ph, int *ok) {
    const lmds_tdb *db = sys->db;
    const tdb_phase *tp = &db->ph[dbp];
    *ok = 0;
    if (!tp->has_const) return LMDS_OK;
    memset(ph, 0, sizeof *ph);
    snprintf(ph->name, sizeof ph->name, "%s", tp->name);
    ph->dbphase = dbp;
    ph->nsub = tp->nsub;
    /* active constituents */
    int act[TH_MAXSUB][64], nact[TH_MAXSUB];
    int off = 0;
    for (int s = 0; s < tp->nsub; s++) {
        nact[s] = 0;
        for (int j = 0; j < tp->ncons[s]; j++) {
            int sp = tp->cons[off + j];
            if (species_active(sys, sp) && nact[s] < 64) act[s][nact[s]++] = sp;
        }
        off += tp->ncons[s];
    }
    /* Drop constituents that appear in no endmember G parameter: an endmember without data would otherwise
     * sit at G = 0, far too stable. Repeat, since dropping one can orphan another sublattice's endmembers. */
    for (int changed = 1; changed;) {
        changed = 0;
        for (int s = 0; s < tp->nsub; s++) {
            for (int j = 0; j < nact[s]; j++) {
                int sp = act[s][j], found = 0;
                for (int i = 0; i < db->npar && !found; i++) {
                    const tdb_param *q = &db->par[i];
                    if (q->dead || q->type != PAR_G || strcmp(q->phase, tp->name)) continue;
                    int em = 1;
                    for (int t = 0; t < q->nsub && em; t++) {
                        if (q->ncons[t] != 1) { em = 0; break; }
                        int c = q->cons[t][0];
                        if (c < 0) continue;
                        int in = 0;
                        for (int k = 0; k < nact[t]; k++) in |= act[t][k] == c;
                        em = in;
                    }
                    if (em && (q->cons[s][0] == sp || q->cons[s][0] < 0)) found = 1;
                }
                if (!found) {
                    act[s][j] = act[s][--nact[s]];
                    j--;
                    changed = 1;
                }
            }
        }
    }
    int m = 0, atoms = 0;
    for (int s = 0; s < tp->nsub; s++) {
        if (nact[s] == 0) return LMDS_OK;
        /* keep the alphabetical order of species for reproducible output */
        for (int a = 1; a < nact[s]; a++)
            for (int b = a; b > 0 && strcmp(db->sp[act[s][b - 1]].name, db->sp[act[s][b]].name) > 0; b--) {
                int t = act[s][b]; act[s][b] = act[s][b - 1]; act[s][b - 1] = t;
            }
        ph->off[s] = m;
        ph->a[s] = tp->sites[s];
        for (int j = 0; j < nact[s]; j++) {
            if (m >= 64) return LMDS_OK;
            int sp = act[s][j];
            ph->spec[m] = sp;
            const tdb_species *S = &db->sp[sp];
            for (int i = 0; i < sys->C; i++) {
                ph->nat[m][i] = 0;
                for (int k = 0; k < S->nel; k++)
                    if (S->el[k] == sys->dbel[i]) ph->nat[m][i] += S->stoich[k];
                if (ph->nat[m][i] > 0) atoms = 1;
            }
            m++;
        }
    }
    ph->off[tp->nsub] = m;
    ph->m = m;
    if (!atoms) return LMDS_OK;
    /* terms */
    int cap = 16;
    ph->terms = malloc((size_t)cap * sizeof(th_term));
    if (!ph->terms) return lmds_error(LMDS_ENOMEM, "out of memory");
    for (int i = 0; i < db->npar; i++) {
        const tdb_param *q = &db->par[i];
        if (q->dead || strcmp(q->phase, tp->name)) continue;
        th_term t;
        memset(&t, 0, sizeof t);
        t.group = q->type;
        t.param = i;
        t.sign = q->sign;
        int use = 1;
        for (int s = 0; s < q->nsub && use; s++) {
            int yi[4];
            for (int c = 0; c < q->ncons[s]; c++) {
                yi[c] = -1;
                if (q->cons[s][c] < 0) continue;
                for (int j = ph->off[s]; j < ph->off[s + 1]; j++)
                    if (ph->spec[j] == q->cons[s][c]) yi[c] = j;
                if (yi[c] < 0) use = 0;
            }
            if (!use) break;
            int n = q->ncons[s];
            if (n == 1) {
                if (yi[0] >= 0) add_factor_y(&t, yi[0]);
            } else if (n == 2) {
                if (yi[0] < 0 || yi[1] < 0 || t.nf + 2 + q->order > TH_MAXF) { use = 0; break; }
                add_factor_y(&t, yi[0]);
                add_factor_y(&t, yi[1]);
                for (int k = 0; k < q->order; k++) {
                    th_factor *f = &t.f[t.nf++];
                    f->n = 2; f->idx[0] = yi[0]; f->idx[1] = yi[1]; f->c[0] = 1; f->c[1] = -1; f->b = 0;
                }
            } else if (n == 3) {
                if (yi[0] < 0 || yi[1] < 0 || yi[2] < 0 || t.nf + 4 > TH_MAXF || q->order > 2) { use = 0; break; }
                for (int c = 0; c < 3; c++) add_factor_y(&t, yi[c]);
                if (ternary_has_orders(db, q)) {
                    /* v_i = y_i + (1 - y_i - y_j - y_k)/3 */
                    th_factor *f = &t.f[t.nf++];
                    f->n = 3;
                    for (int c = 0; c < 3; c++) {
                        f->idx[c] = yi[c];
                        f->c[c] = (c == q->order ? 1.0 : 0.0) - 1.0 / 3.0;
                    }
                    f->b = 1.0 / 3.0;
                }
            } else {
                use = 0;
            }
        }
        if (!use) continue;
        if (ph->nterms == cap) {
            cap *= 2;
            th_term *nt = realloc(ph->terms, (size_t)cap * sizeof(th_term));
            if (!nt) return lmds_error(LMDS_ENOMEM, "out of memory");
            ph->terms = nt;
        }
        ph->terms[ph->nterms++] = t;
        if (t.group != PAR_G) ph->magnetic = 1;
    }
    ph->magnetic = 0;
    for (size_t k = 0; k < strlen(tp->types); k++)
        for (int d = 0; d < db->ntd; d++)
            if (db->td[d].code == tp->types[k] && db->td[d].magnetic) {
                ph->magnetic = 1;
                ph->afm = db->td[d].afm;
                ph->p = db->td[d].p;
            }
    if (ph->magnetic) {
        int any = 0;
        for (int k = 0; k < ph->nterms; k++) any |= ph->terms[k].group != PAR_G;
        ph->magnetic = any;
    }
    ph->is_liquid = !strncmp(ph->name, "LIQ", 3) || !strcmp(ph->name, "IONIC_LIQ");
    *ok = 1;
    return LMDS_OK;
}

/* The temperature below which some expression of the system is extrapolated, and whether any depends on P. */
static void sys_limits(th_sys *sys) {
    const lmds_tdb *db = sys->db;
    sys->T_valid_lo = 0;
    sys->db_has_P = 0;
    for (int p = 0; p < sys->nph; p++)
        for (int k = 0; k < sys->ph[p].nterms; k++) {
            char name[TH_NAME];
            int uses_P = 0;
            double lo = tdb_piece_lower_limit(db, &db->par[sys->ph[p].terms[k].param].piece, name, &uses_P);
            sys->db_has_P |= uses_P;
            if (lo > sys->T_valid_lo) {
                sys->T_valid_lo = lo;
                if (!strcmp(name, "a parameter")) snprintf(name, sizeof name, "a parameter of %.14s", sys->ph[p].name);
                memcpy(sys->T_valid_what, name, sizeof name);
            }
        }
}

void th_sys_clear(th_sys *sys) {
    if (!sys) return;
    for (int p = 0; p < sys->nph; p++) free(sys->ph[p].terms);
    free(sys->ph);
    sys->ph = NULL;
    sys->nph = 0;
}

lmds_status th_sys_build(const lmds_tdb *db, const int *z, int C, th_sys *sys) {
    memset(sys, 0, sizeof *sys);
    if (C < 1 || C > TH_MAXC) return lmds_error(LMDS_EINVAL, "number of components %d out of range", C);
    sys->db = db;
    sys->C = C;
    for (int i = 0; i < C; i++) {
        const char *sym = lmds_element_symbol(z[i]);
        if (!sym) return lmds_error(LMDS_EINVAL, "unknown element Z=%d", z[i]);
        char up[4] = {0, 0, 0, 0};
        for (int k = 0; k < 3 && sym[k]; k++) up[k] = (char)toupper((unsigned char)sym[k]);
        int e = find_el(db, up);
        if (e < 0) return lmds_error(LMDS_ENODATA, "element %s is not in the database %s", sym, db->path);
        sys->z[i] = z[i];
        sys->dbel[i] = e;
        memcpy(sys->el[i], up, 4);
    }
    sys->ph = calloc((size_t)(db->nph ? db->nph : 1), sizeof(th_phase));
    if (!sys->ph) return lmds_error(LMDS_ENOMEM, "out of memory");
    for (int p = 0; p < db->nph; p++) {
        int ok;
        lmds_status st = build_phase(sys, p, &sys->ph[sys->nph], &ok);
        if (st) {
            free(sys->ph[sys->nph].terms);
            th_sys_clear(sys);
            return st;
        }
        if (ok) sys->nph++;
        else free(sys->ph[sys->nph].terms);
    }
    if (sys->nph == 0) {
        th_sys_clear(sys);
        return lmds_error(LMDS_ENODATA, "no phase of %s describes this system", db->path);
    }
    sys_limits(sys);
    return LMDS_OK;
}

lmds_status th_tstate_alloc(const th_sys *sys, th_tstate *ts) {
    const lmds_tdb *db = sys->db;
    memset(ts, 0, sizeof *ts);
    ts->pval = calloc((size_t)db->npar + 1, sizeof(double));
    ts->fcache = malloc((size_t)(db->nfn + 1) * sizeof(double));
    if (!ts->pval || !ts->fcache) {
        th_tstate_clear(ts);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    return LMDS_OK;
}

void th_tstate_eval(const th_sys *sys, double T, double P, double dP, th_tstate *ts) {
    const lmds_tdb *db = sys->db;
    ts->T = T;
    if (!(P > 1e5)) P = 1e5; /* the TDB reference pressure, 1 bar */
    ts->P = P;
    ts->dP = dP;
    ts->RT = LMDS_R_GAS * T;
    for (int f = 0; f < db->nfn; f++) ts->fcache[f] = NAN;
    for (int p = 0; p < sys->nph; p++)
        for (int k = 0; k < sys->ph[p].nterms; k++) {
            const th_term *t = &sys->ph[p].terms[k];
            ts->pval[t->param] = t->sign * tdb_piece_eval(db, &db->par[t->param].piece, T, P, ts->fcache);
        }
}

void th_tstate_clear(th_tstate *ts) {
    free(ts->pval);
    free(ts->fcache);
    ts->pval = ts->fcache = NULL;
}

static double factor_val(const th_factor *f, const double *y) {
    double v = f->b;
    for (int k = 0; k < f->n; k++) v += f->c[k] * y[f->idx[k]];
    return v;
}

/* c * prod_f L_f of one term, the value alone: the phase samples' energies at each temperature are this loop, and
 * without term_eval's gradient buffers it runs about twice as fast (same operations in the same order). */
static inline double term_value(const th_term *t, double c, const double *y) {
    double prod = c;
    for (int f = 0; f < t->nf; f++) prod *= factor_val(&t->f[f], y);
    return prod;
}

/* Adds c * prod_f L_f (value, gradient, Hessian) of one term. */
static double term_eval(const th_term *t, double c, const double *y, int m, double *grad, double *hess) {
    double L[TH_MAXF];
    double prod = c;
    for (int f = 0; f < t->nf; f++) {
        L[f] = factor_val(&t->f[f], y);
        prod *= L[f];
    }
    if (!grad) return prod;
    for (int f = 0; f < t->nf; f++) {
        double P = c;
        for (int g = 0; g < t->nf; g++)
            if (g != f) P *= L[g];
        const th_factor *F = &t->f[f];
        for (int k = 0; k < F->n; k++) grad[F->idx[k]] += P * F->c[k];
        if (!hess) continue;
        for (int g = f + 1; g < t->nf; g++) {
            double Q = c;
            for (int h = 0; h < t->nf; h++)
                if (h != f && h != g) Q *= L[h];
            const th_factor *G = &t->f[g];
            for (int a = 0; a < F->n; a++)
                for (int b = 0; b < G->n; b++) {
                    double v = Q * F->c[a] * G->c[b];
                    hess[F->idx[a] * m + G->idx[b]] += v;
                    hess[G->idx[b] * m + F->idx[a]] += v;
                }
        }
    }
    return prod;
}

/* Inden-Hillert-Jarl f(tau) and its first two derivatives (Hillert & Jarl, Calphad 2 (1978) 227). */
static void ihj(double tau, double p, double *f, double *f1, double *f2) {
    double A = 518.0 / 1125.0 + 11692.0 / 15975.0 * (1.0 / p - 1.0);
    if (tau < 1) {
        double B = 474.0 / 497.0 * (1.0 / p - 1.0);
        double t3 = tau * tau * tau, t9 = t3 * t3 * t3, t15 = t9 * t3 * t3;
        *f = 1.0 - (79.0 / (140.0 * p * tau) + B * (t3 / 6.0 + t9 / 135.0 + t15 / 600.0)) / A;
        *f1 = -(-79.0 / (140.0 * p * tau * tau) + B * (t3 / 2.0 / tau + t9 / 15.0 / tau + t15 / 40.0 / tau)) / A;
        *f2 = -(2.0 * 79.0 / (140.0 * p * tau * tau * tau) +
                B * (tau + 8.0 * t9 / 15.0 / (tau * tau) + 14.0 * t15 / 40.0 / (tau * tau))) / A;
    } else {
        double t5 = pow(tau, -5), t15 = t5 * t5 * t5, t25 = t15 * t5 * t5;
        *f = -(t5 / 10.0 + t15 / 315.0 + t25 / 1500.0) / A;
        *f1 = -(-t5 / 2.0 - t15 / 21.0 - t25 / 60.0) / A / tau;
        *f2 = -(3.0 * t5 + 16.0 * t15 / 21.0 + 26.0 * t25 / 60.0) / A / (tau * tau);
    }
}

double th_phase_G(const th_sys *sys, int p, const th_tstate *ts, const double *y, double *grad, double *hess) {
    return th_phase_G_ln(sys, p, ts, y, NULL, grad, hess);
}

double th_phase_G_ln(const th_sys *sys, int p, const th_tstate *ts, const double *y, const double *lny, double *grad,
                     double *hess) {
    const th_phase *ph = &sys->ph[p];
    int m = ph->m;
    if (grad) memset(grad, 0, (size_t)m * sizeof(double));
    if (hess) memset(hess, 0, (size_t)m * m * sizeof(double));
    double G = 0;
    double tc = 0, bm = 0;
    double gtc[64], gbm[64], *htc = NULL, *hbm = NULL;
    double hbuf[2][64 * 64 / 8];
    int mag = ph->magnetic;
    if (mag) {
        memset(gtc, 0, sizeof(double) * (size_t)m);
        memset(gbm, 0, sizeof(double) * (size_t)m);
        if (hess && m <= 22) {
            htc = hbuf[0];
            hbm = hbuf[1];
            memset(htc, 0, sizeof(double) * (size_t)(m * m));
            memset(hbm, 0, sizeof(double) * (size_t)(m * m));
        }
    }
    for (int k = 0; k < ph->nterms; k++) {
        const th_term *t = &ph->terms[k];
        double c = ts->pval[t->param];
        if (t->group == PAR_G) G += grad ? term_eval(t, c, y, m, grad, hess) : term_value(t, c, y);
        else if (!mag) continue;
        else if (t->group == PAR_TC) tc += term_eval(t, c, y, m, grad ? gtc : NULL, htc);
        else bm += term_eval(t, c, y, m, grad ? gbm : NULL, hbm);
    }
    /* pressure: (P - 1 bar) V, V additive in the constituents (pressure.c); linear in y, no Hessian term */
    if (ts->dP != 0)
        for (int s = 0; s < ph->nsub; s++)
            for (int j = ph->off[s]; j < ph->off[s + 1]; j++) {
                double v = ts->dP * ph->a[s] * ph->vcons[j];
                G += v * y[j];
                if (grad) grad[j] += v;
            }
    /* ideal mixing */
    for (int s = 0; s < ph->nsub; s++) {
        double a = ph->a[s] * ts->RT;
        if (ph->off[s + 1] - ph->off[s] < 2) continue;
        for (int j = ph->off[s]; j < ph->off[s + 1]; j++) {
            double v = y[j] > 1e-300 ? y[j] : 1e-300, lv = lny ? lny[j] : log(v);
            G += a * v * lv;
            if (grad) grad[j] += a * (lv + 1.0);
            if (hess) hess[j * m + j] += a / v;
        }
    }
    if (mag) {
        double sc_tc = 1, sc_bm = 1;
        if (tc < 0) sc_tc = 1.0 / ph->afm;
        if (bm < 0) sc_bm = 1.0 / ph->afm;
        double Tc = tc * sc_tc, B = bm * sc_bm;
        if (Tc > 1e-6 && B > -0.999) {
            double tau = ts->T / Tc, f, f1, f2;
            ihj(tau, ph->p, &f, &f1, &f2);
            double g = log(B + 1), g1 = 1.0 / (B + 1), g2 = -g1 * g1;
            double h = f, dtau = -ts->T / (Tc * Tc), ddtau = 2 * ts->T / (Tc * Tc * Tc);
            double h1 = f1 * dtau, h2 = f2 * dtau * dtau + f1 * ddtau;
            G += ts->RT * g * h;
            if (grad) {
                for (int j = 0; j < m; j++) {
                    double db = gbm[j] * sc_bm, dt = gtc[j] * sc_tc;
                    grad[j] += ts->RT * (g1 * h * db + g * h1 * dt);
                }
                if (hess && htc) {
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < m; j++) {
                            double dbi = gbm[i] * sc_bm, dti = gtc[i] * sc_tc;
                            double dbj = gbm[j] * sc_bm, dtj = gtc[j] * sc_tc;
                            hess[i * m + j] += ts->RT * (g2 * h * dbi * dbj + g1 * h1 * (dbi * dtj + dti * dbj) +
                                                          g * h2 * dti * dtj + g1 * h * hbm[i * m + j] * sc_bm +
                                                          g * h1 * htc[i * m + j] * sc_tc);
                        }
                }
            }
        }
    }
    return G;
}

double th_phase_N(const th_sys *sys, int p, const double *y, double *N) {
    const th_phase *ph = &sys->ph[p];
    double tot = 0;
    for (int i = 0; i < sys->C; i++) N[i] = 0;
    for (int s = 0; s < ph->nsub; s++)
        for (int j = ph->off[s]; j < ph->off[s + 1]; j++)
            for (int i = 0; i < sys->C; i++) N[i] += ph->a[s] * y[j] * ph->nat[j][i];
    for (int i = 0; i < sys->C; i++) tot += N[i];
    return tot;
}

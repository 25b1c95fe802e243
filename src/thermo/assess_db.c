/* Binary assessment: the working database (the base unaries plus the fitted terms as TDB text, read once; the fit
 * then changes the numbers in place). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmds/element.h"
#include "thermo/assess_internal.h"

/* ---------- the working database ---------- */

/* Stable non-liquid phase of a pure element at T in the base database. */
static lmds_status stable_solid(const lmds_tdb *db, int z, double T, char *name, size_t n) {
    th_ws w;
    lmds_status st = th_ws_init(&w, db, &z, 1);
    if (st) return st;
    if ((st = th_ws_set_T(&w, T, 1e5))) { th_ws_free(&w); return st; }
    double best = INFINITY;
    int bp = -1;
    for (int p = 0; p < w.sys.nph; p++) {
        if (w.sys.ph[p].is_liquid || w.grid[p].n < 1) continue;
        const double *g = th_ws_grid_g(&w, p);
        for (int i = 0; i < w.grid[p].n; i++)
            if (g[i] < best) { best = g[i]; bp = p; }
    }
    if (bp >= 0) snprintf(name, n, "%s", w.sys.ph[bp].name);
    th_ws_free(&w);
    if (bp < 0) return lmds_error(LMDS_ENODATA, "no solid phase of %s in %s", lmds_element_symbol(z), db->path);
    return LMDS_OK;
}

/* The home phase: the stable solid at 298.15 K (its Gibbs energy function is the reference of the compounds). */
lmds_status as_home_phase(const lmds_tdb *db, int z, char *name, size_t n) { return stable_solid(db, z, 298.15, name, n); }

/* The solid the element melts from, 1 K below its melting point; the home phase when the element has no
 * melting point in the element table. Tl is hcp at 298 K and bcc from 503 K to its melting point (577 K): its
 * liquidus and its eutectics near pure Tl are with bcc Tl. */
lmds_status as_melt_phase(const lmds_tdb *db, int z, const char *home, char *name, size_t n) {
    double Tm;
    if (lmds_element_value(z, "melting_point_K", &Tm) || !(Tm > 2.0)) {
        snprintf(name, n, "%s", home);
        return LMDS_OK;
    }
    return stable_solid(db, z, Tm - 1.0, name, n);
}

static int in_list(const char *const *l, const char *name) {
    if (!l) return 0;
    for (int i = 0; l[i]; i++) {
        char u[TH_NAME];
        as_upcase(l[i], u, sizeof u);
        if (!strcmp(u, name)) return 1;
    }
    return 0;
}

static int species_index(const lmds_tdb *db, const char *name) {
    for (int i = 0; i < db->nsp; i++)
        if (!strcmp(db->sp[i].name, name)) return i;
    return -1;
}

/* Does the phase have an endmember parameter with element species sp (other sublattices VA or wildcards)? */
static int has_endmember(const lmds_tdb *db, const char *phase, int sp) {
    for (int i = 0; i < db->npar; i++) {
        const tdb_param *q = &db->par[i];
        if (q->dead || q->type != PAR_G || strcmp(q->phase, phase)) continue;
        int hit = 0, pure = 1;
        for (int s = 0; s < q->nsub && pure; s++) {
            if (q->ncons[s] != 1) { pure = 0; break; }
            int c = q->cons[s][0];
            if (c == sp) hit = 1;
            else if (c >= 0 && !db->sp[c].is_va) pure = 0;
        }
        if (pure && hit) return 1;
    }
    return 0;
}

/* The base database reduced to the pure elements A and B: liquid; phases stable for a pure element (with that
 * element only, or with both when stable for both); fitted and kept phases with both elements; A-B interaction
 * parameters only in kept phases. */
lmds_status as_build_base_text(actx *c, const lmds_assess_opts *o, const char *const *phases) {
    const lmds_tdb *db = c->base;
    int sA = species_index(db, c->A), sB = species_index(db, c->B), sV = species_index(db, "VA");
    if (sA < 0 || sB < 0) return lmds_error(LMDS_ENODATA, "the base database %s lacks %s or %s", db->path, c->A, c->B);
    unsigned char *spm = calloc((size_t)db->nsp + 1, 1), *phm = calloc((size_t)db->nph + 1, 1);
    unsigned char *psm = calloc((size_t)db->nph * db->nsp + 1, 1), *pam = calloc((size_t)db->npar + 1, 1);
    if (!spm || !phm || !psm || !pam) { free(spm); free(phm); free(psm); free(pam); return lmds_error(LMDS_ENOMEM, "oom"); }
    spm[sA] = spm[sB] = 1;
    if (sV >= 0) spm[sV] = 1;
    lmds_status st = LMDS_OK;
    for (int p = 0; p < db->nph; p++) {
        const char *nm = db->ph[p].name;
        int liq = !strncmp(nm, "LIQ", 3);
        int fit = in_list(phases, nm) && !liq, keep = in_list(o->keep, nm);
        int homeA = !strcmp(nm, c->home_phase[0]) || !strcmp(nm, c->melt_phase[0]);
        int homeB = !strcmp(nm, c->home_phase[1]) || !strcmp(nm, c->melt_phase[1]);
        int allowA = 0, allowB = 0;
        if (liq || fit || keep || (homeA && homeB)) allowA = allowB = 1;
        else if (homeA) allowA = 1;
        else if (homeB) allowB = 1;
        if (!allowA && !allowB) continue;
        if ((fit || keep) && (!has_endmember(db, nm, sA) || !has_endmember(db, nm, sB))) {
            st = lmds_error(LMDS_ENODATA, "phase %s has no Gibbs energy for pure %s or pure %s in %s (add the lattice "
                            "stability first)", nm, c->A, c->B, db->path);
            break;
        }
        phm[p] = 1;
        unsigned char *row = psm + (size_t)p * db->nsp;
        if (allowA) row[sA] = 1;
        if (allowB) row[sB] = 1;
        if (sV >= 0) row[sV] = 1;
        if (homeA && homeB && !fit && !keep && c->nshared < 8) snprintf(c->shared[c->nshared++], TH_NAME, "%s", nm);
        if (fit && c->nsol < 8) snprintf(c->sol[c->nsol++], TH_NAME, "%s", nm);
    }
    /* parameters: everything allowed, except A-B interactions outside kept phases */
    for (int i = 0; i < db->npar && !st; i++) {
        const tdb_param *q = &db->par[i];
        int hasA = 0, hasB = 0;
        for (int s = 0; s < q->nsub; s++)
            for (int k = 0; k < q->ncons[s]; k++) {
                hasA |= q->cons[s][k] == sA;
                hasB |= q->cons[s][k] == sB;
            }
        pam[i] = !(hasA && hasB) || in_list(o->keep, q->phase);
    }
    if (!st) {
        th_wsel sel = {spm, phm, psm, pam};
        char *buf = NULL;
        size_t len = 0;
        FILE *mf = open_memstream(&buf, &len);
        if (!mf) st = lmds_error(LMDS_ENOMEM, "out of memory");
        else {
            st = th_tdb_write_sel(db, mf, NULL, &sel);
            fclose(mf);
            if (!st) th_sb_puts(&c->base_text, buf);
            free(buf);
        }
    }
    /* the stable-phase Gibbs energy function of each element, for the compounds */
    for (int e = 0; e < 2 && !st; e++) {
        int sp = e ? sB : sA;
        c->gser[e][0] = 0;
        for (int i = 0; i < db->npar; i++) {
            const tdb_param *q = &db->par[i];
            if (q->dead || q->type != PAR_G || strcmp(q->phase, c->home_phase[e]) || q->piece.n != 1) continue;
            int pure = 1, hit = 0;
            for (int s = 0; s < q->nsub; s++) {
                if (q->ncons[s] != 1) pure = 0;
                else if (q->cons[s][0] == sp) hit = 1;
                else if (q->cons[s][0] >= 0 && !db->sp[q->cons[s][0]].is_va) pure = 0;
            }
            const tdb_node *root = &db->node[db->rng[q->piece.first].root];
            if (pure && hit && root->op == EX_FUN) snprintf(c->gser[e], TH_NAME, "%s", db->fn[root->a].name);
        }
        if (!c->gser[e][0] && c->ncmp)
            st = lmds_error(LMDS_ENODATA, "the Gibbs energy of %s in %s is not a single function in %s; compounds "
                            "need it", e ? c->B : c->A, c->home_phase[e], db->path);
    }
    free(spm); free(phm); free(psm); free(pam);
    return st;
}

/* Sublattice string of an A-B interaction in a substitutional phase: "A,B" in the sublattice holding the
 * elements, the single constituent (usually VA) elsewhere. */
static lmds_status interaction_name(const actx *c, const char *phase, char *out, size_t n) {
    const lmds_tdb *db = c->base;
    int p = -1;
    for (int i = 0; i < db->nph; i++)
        if (!strcmp(db->ph[i].name, phase)) p = i;
    if (p < 0) return lmds_error(LMDS_ENOTFOUND, "phase %s not in %s", phase, db->path);
    const tdb_phase *ph = &db->ph[p];
    size_t len = 0;
    int off = 0, done = 0;
    out[0] = 0;
    for (int s = 0; s < ph->nsub; s++) {
        int hasA = 0, hasB = 0, other = -1;
        for (int j = 0; j < ph->ncons[s]; j++) {
            const char *nm = db->sp[ph->cons[off + j]].name;
            if (!strcmp(nm, c->A)) hasA = 1;
            else if (!strcmp(nm, c->B)) hasB = 1;
            else if (!strcmp(nm, "VA")) other = ph->cons[off + j];
        }
        if (hasA && hasB && !done) { len += (size_t)snprintf(out + len, n - len, "%s%s,%s", s ? ":" : "", c->A, c->B); done = 1; }
        else if (other >= 0) len += (size_t)snprintf(out + len, n - len, "%s%s", s ? ":" : "", db->sp[other].name);
        else return lmds_error(LMDS_EINVAL, "phase %s is not a substitutional solution of %s and %s", phase, c->A, c->B);
        off += ph->ncons[s];
        if (len >= n) return lmds_error(LMDS_EINVAL, "phase name too long");
    }
    if (!done) return lmds_error(LMDS_EINVAL, "phase %s does not mix %s and %s", phase, c->A, c->B);
    return LMDS_OK;
}

static void fmt_ab(char *buf, size_t n, double a, double b) {
    if (b != 0) snprintf(buf, n, "%+.10G%+.10G*T", a, b);
    else snprintf(buf, n, "%+.10G", a);
}

/* The fitted part of the database. work = 1: placeholder numbers in the a + b*T form for every parameter (their
 * nodes are found after reading); work = 0: the final values. */
lmds_status as_fit_text(actx *c, int work, th_strbuf *b) {
    lmds_status st = LMDS_OK;
    for (int k = 0; k < c->npar && !st; k++) {
        fparam *P = &c->par[k];
        if (P->tdep) continue; /* written with its a */
        double bv = 0;
        for (int j = 0; j < c->npar; j++)
            if (c->par[j].tdep && c->par[j].kind == P->kind && !strcmp(c->par[j].phase, P->phase) && c->par[j].order == P->order)
                bv = c->par[j].value;
        if (!work && P->kind != PK_CMP && P->value == 0 && bv == 0) continue;
        char val[96];
        if (work) snprintf(val, sizeof val, "+1000.5+0.25*T");
        else fmt_ab(val, sizeof val, P->value, bv);
        if (P->kind == PK_CMP) {
            int m = as_find_compound(c, P->phase);
            const compound *cm = &c->cmp[m];
            int n = cm->p + cm->q;
            if (work) {
                th_sb_printf(b, "FUNCTION DGF_%s 1 %s; 6000 N !\n", cm->name, val);
                th_sb_printf(b, "PHASE %s %% 2 %d %d !\nCONSTITUENT %s : %s : %s : !\n", cm->name, cm->p, cm->q, cm->name, c->A, c->B);
                th_sb_printf(b, "PARAMETER G(%s,%s:%s;0) 1 %d*%s#+%d*%s#+%d*DGF_%s#; 6000 N LMDS !\n", cm->name, c->A, c->B,
                             cm->p, c->gser[0], cm->q, c->gser[1], n, cm->name);
            } else {
                char tot[96];
                fmt_ab(tot, sizeof tot, n * P->value, n * bv);
                th_sb_printf(b, "PHASE %s %% 2 %d %d !\nCONSTITUENT %s : %s : %s : !\n", cm->name, cm->p, cm->q, cm->name, c->A, c->B);
                th_sb_printf(b, "PARAMETER G(%s,%s:%s;0) 1 %d*%s#+%d*%s#%s; 6000 N LMDS !\n", cm->name, c->A, c->B, cm->p,
                             c->gser[0], cm->q, c->gser[1], tot);
            }
            continue;
        }
        char sub[64];
        if ((st = interaction_name(c, P->phase, sub, sizeof sub))) break;
        th_sb_printf(b, "PARAMETER G(%s,%s;%d) 1 %s; 6000 N %s !\n", P->phase, sub, P->order, val,
                     P->kind == PK_FIX ? "MIEDEMA" : "LMDS");
    }
    return st;
}

static tdb_node *num_node(lmds_tdb *db, int root, int which) {
    tdb_node *n = &db->node[root];
    if (n->op != EX_ADD) return NULL;
    if (which == 0) return db->node[n->a].op == EX_NUM ? &db->node[n->a] : NULL;
    tdb_node *m = &db->node[n->b];
    if (m->op != EX_MUL || db->node[m->a].op != EX_NUM) return NULL;
    return &db->node[m->a];
}

/* Read TDB text without letting the reader's warnings about it (none expected for text lmds wrote) replace the
 * warnings about the data file that the caller should see. */
lmds_status as_load_quiet(const char *text, size_t len, const char *name, lmds_tdb **db) {
    size_t n = lmds_warning_count();
    char **saved = n ? calloc(n, sizeof *saved) : NULL;
    for (size_t i = 0; saved && i < n; i++) {
        const char *w = lmds_warning_get(i);
        saved[i] = w ? strdup(w) : NULL;
    }
    lmds_status st = lmds_tdb_load_buffer(text, len, name, db);
    lmds_warnings_clear();
    for (size_t i = 0; saved && i < n; i++) {
        if (saved[i]) lmds_warn("%s", saved[i]);
        free(saved[i]);
    }
    free(saved);
    return st;
}

/* Read base + fitted text into the working database and find the node of every parameter's number. */
lmds_status as_build_work_db(actx *c) {
    th_strbuf t = {0};
    th_sb_puts(&t, c->base_text.s);
    th_sb_puts(&t, "$ fitted part\n");
    lmds_status st = as_fit_text(c, 1, &t);
    if (!st && t.err) st = lmds_error(LMDS_ENOMEM, "out of memory");
    if (st) { th_sb_free(&t); return st; }
    st = as_load_quiet(t.s, t.len, "<assessment>", &c->db);
    th_sb_free(&t);
    if (st) return st;
    for (int k = 0; k < c->npar; k++) {
        fparam *P = &c->par[k];
        int root = -1;
        if (P->kind == PK_CMP) {
            char fn[TH_NAME + 8];
            snprintf(fn, sizeof fn, "DGF_%s", P->phase);
            for (int f = 0; f < c->db->nfn; f++)
                if (!strcmp(c->db->fn[f].name, fn)) root = c->db->rng[c->db->fn[f].piece.first].root;
        } else {
            for (int i = 0; i < c->db->npar; i++) {
                const tdb_param *q = &c->db->par[i];
                if (q->dead || q->order != P->order || strcmp(q->phase, P->phase)) continue;
                int two = 0;
                for (int s = 0; s < q->nsub; s++) two |= q->ncons[s] == 2;
                if (two && !strcmp(q->ref, P->kind == PK_FIX ? "MIEDEMA" : "LMDS")) root = c->db->rng[q->piece.first].root;
            }
        }
        tdb_node *nd = root >= 0 ? num_node(c->db, root, P->tdep) : NULL;
        if (!nd) return lmds_error(LMDS_EINVAL, "internal: fitted parameter %d not found in the working database", k);
        P->node = (int)(nd - c->db->node);
    }
    /* every b without its own entry is zero */
    for (int k = 0; k < c->npar; k++) {
        if (c->par[k].tdep) continue;
        int hasb = 0;
        for (int j = 0; j < c->npar; j++)
            hasb |= c->par[j].tdep && c->par[j].kind == c->par[k].kind && !strcmp(c->par[j].phase, c->par[k].phase) &&
                    c->par[j].order == c->par[k].order;
        if (hasb) continue;
        /* the b node is the MUL's number next to the a node's parent: find it through the parent ADD */
        for (int i = 0; i < c->db->nnode; i++) {
            tdb_node *n = &c->db->node[i];
            if (n->op == EX_ADD && n->a == c->par[k].node) {
                tdb_node *b = num_node(c->db, i, 1);
                if (b) b->v = 0;
            }
        }
    }
    int z[2] = {c->zA, c->zB};
    if ((st = th_ws_init(&c->w, c->db, z, 2))) return st;
    c->have_ws = 1;
    c->iL = -1;
    for (int p = 0; p < c->w.sys.nph; p++)
        if (c->w.sys.ph[p].is_liquid) c->iL = p;
    if (c->iL < 0) return lmds_error(LMDS_ENODATA, "no liquid phase for %s-%s", c->A, c->B);
    return LMDS_OK;
}

/* The fitted numbers are changed in place in the working database, so the workspace's state at its last
 * temperature is stale: without forgetting it, an evaluation at the temperature of the previous one (the warm start
 * of every boundary solve) used the previous parameters, the boundary functions were not functions of T, their
 * Brent brackets failed and the fit stalled (Cd-Sn: L0 3368 instead of 6050 J/mol). */
void as_set_values(actx *c) {
    for (int k = 0; k < c->npar; k++) c->db->node[c->par[k].node].v = c->par[k].value;
    if (c->have_ws) th_ws_forget_T(&c->w);
}

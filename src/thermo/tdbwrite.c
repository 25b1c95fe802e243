/* TDB writer and database merging. A database read by tdb.c is written back as a TDB file that the same reader
 * (and other TDB readers: pycalphad, OpenCalphad) accept: elements, species, the functions the parameters
 * need (dependencies first), type definitions, phases with their constituents and parameters, each parameter
 * with its reference code. Comments of the source are not kept (the reader drops them); callers pass a header.
 *
 * Merging adds one database to another: phases present in both get the union of their constituents (same
 * sublattices and site numbers required), functions and parameters present in both must agree in value (checked
 * at several temperatures), otherwise the merge fails naming the conflict. This is how data/tdb/lmds.tdb is
 * built from the per-system files (see docs/thermo.md). */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lmds/core.h"
#include "thermo/thermo_internal.h"

/* ---------- expressions ---------- */

/* Operator precedence for parenthesising: sums 1, products 2, unary minus 3, powers 4, primaries 5. */
static int prec(const tdb_node *n) {
    switch (n->op) {
    case EX_ADD: case EX_SUB: return 1;
    case EX_MUL: case EX_DIV: return 2;
    case EX_NEG: return 3;
    case EX_POW: return 4;
    case EX_NUM: return n->v < 0 ? 3 : 5;
    default: return 5;
    }
}

static void num(th_strbuf *b, double v) {
    char t[40];
    snprintf(t, sizeof t, "%.15G", v);
    th_sb_puts(b, t);
}

static void expr(th_strbuf *b, const lmds_tdb *db, int i, int ctx) {
    const tdb_node *n = &db->node[i];
    int p = prec(n), paren = p < ctx;
    if (paren) th_sb_puts(b, "(");
    switch (n->op) {
    case EX_NUM: num(b, n->v); break;
    case EX_T: th_sb_puts(b, "T"); break;
    case EX_P: th_sb_puts(b, "P"); break;
    case EX_FUN: th_sb_puts(b, db->fn[n->a].name); th_sb_puts(b, "#"); break;
    case EX_ADD: {
        expr(b, db, n->a, 1);
        const tdb_node *r = &db->node[n->b];
        if (r->op == EX_NEG) { th_sb_puts(b, "-"); expr(b, db, r->a, 2); }
        else if (r->op == EX_NUM && r->v < 0) { th_sb_puts(b, "-"); num(b, -r->v); }
        else { th_sb_puts(b, "+"); expr(b, db, n->b, 2); }
        break;
    }
    case EX_SUB: expr(b, db, n->a, 1); th_sb_puts(b, "-"); expr(b, db, n->b, 2); break;
    case EX_MUL: expr(b, db, n->a, 2); th_sb_puts(b, "*"); expr(b, db, n->b, 3); break;
    case EX_DIV: expr(b, db, n->a, 2); th_sb_puts(b, "/"); expr(b, db, n->b, 3); break;
    case EX_POW: {
        expr(b, db, n->a, 5);
        th_sb_puts(b, "**");
        const tdb_node *e = &db->node[n->b];
        if (e->op == EX_NUM && e->v >= 0) num(b, e->v);
        else { th_sb_puts(b, "("); expr(b, db, n->b, 0); th_sb_puts(b, ")"); }
        break;
    }
    case EX_NEG: th_sb_puts(b, "-"); expr(b, db, n->a, 4); break;
    case EX_LN: th_sb_puts(b, "LN("); expr(b, db, n->a, 0); th_sb_puts(b, ")"); break;
    case EX_EXP: th_sb_puts(b, "EXP("); expr(b, db, n->a, 0); th_sb_puts(b, ")"); break;
    }
    if (paren) th_sb_puts(b, ")");
}

/* "TLOW expr; TH Y expr; TH N" with the sign applied (odd Redlich-Kister orders written in canonical order). */
void th_write_piece(th_strbuf *b, const lmds_tdb *db, const tdb_piece *pc, double sign) {
    num(b, pc->tlow);
    th_sb_puts(b, " ");
    for (int r = 0; r < pc->n; r++) {
        const tdb_range *rg = &db->rng[pc->first + r];
        if (sign < 0) { th_sb_puts(b, "-("); expr(b, db, rg->root, 0); th_sb_puts(b, ")"); }
        else expr(b, db, rg->root, 0);
        th_sb_puts(b, "; ");
        num(b, rg->thigh);
        th_sb_puts(b, r + 1 < pc->n ? " Y " : " N");
    }
}

/* Break a long command at '+' and '-' signs between terms (never inside a number's exponent) or after "; ". */
static int is_cut(const char *s, size_t k) {
    char c = s[k], p = s[k - 1];
    if (c == ' ' && p == ';') return 1;
    return (c == '+' || c == '-') && p != 'E' && p != '(' && p != '*' && p != '/' && p != '+' && p != '-' && p != ' ';
}

static void emit_wrapped(FILE *f, const char *s) {
    size_t len = strlen(s), col = 0, start = 0;
    const size_t width = 100;
    while (start < len) {
        if (col + (len - start) <= width) { fputs(s + start, f); break; }
        size_t best = 0;
        for (size_t k = start + 1; k < len; k++) {
            if (!is_cut(s, k)) continue;
            if (col + (k - start) <= width) best = k;
            else { if (!best) best = k; break; }
        }
        if (!best) best = len;
        fwrite(s + start, 1, best - start, f);
        if (best < len) fputs("\n    ", f);
        col = 4;
        start = best;
        while (start < len && s[start] == ' ') start++;
    }
    fputc('\n', f);
}

/* ---------- string buffer ---------- */

void th_sb_puts(th_strbuf *b, const char *s) {
    size_t n = strlen(s);
    if (b->err) return;
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 256;
        while (b->len + n + 1 > nc) nc *= 2;
        char *q = realloc(b->s, nc);
        if (!q) { b->err = 1; return; }
        b->s = q;
        b->cap = nc;
    }
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
}

void th_sb_printf(th_strbuf *b, const char *fmt, ...) {
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) { b->err = 1; return; }
    if ((size_t)n < sizeof tmp) { th_sb_puts(b, tmp); return; }
    char *big = malloc((size_t)n + 1);
    if (!big) { b->err = 1; return; }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    th_sb_puts(b, big);
    free(big);
}

void th_sb_free(th_strbuf *b) {
    free(b->s);
    memset(b, 0, sizeof *b);
}

/* ---------- parameters and functions ---------- */

/* "G(PHASE,A,B:VA;1)" in canonical order. */
static void param_name(th_strbuf *b, const lmds_tdb *db, const tdb_param *q) {
    th_sb_puts(b, q->type == PAR_TC ? "TC(" : q->type == PAR_BMAGN ? "BMAGN(" : "G(");
    th_sb_puts(b, q->phase);
    th_sb_puts(b, ",");
    for (int s = 0; s < q->nsub; s++) {
        for (int c = 0; c < q->ncons[s]; c++) {
            if (c) th_sb_puts(b, ",");
            th_sb_puts(b, q->cons[s][c] < 0 ? "*" : db->sp[q->cons[s][c]].name);
        }
        th_sb_puts(b, s + 1 < q->nsub ? ":" : "");
    }
    th_sb_printf(b, ";%d)", q->order);
}

void th_write_param(th_strbuf *b, const lmds_tdb *db, const tdb_param *q) {
    th_sb_puts(b, "PARAMETER ");
    param_name(b, db, q);
    th_sb_puts(b, " ");
    th_write_piece(b, db, &q->piece, q->sign);
    if (q->ref[0]) { th_sb_puts(b, " "); th_sb_puts(b, q->ref); }
    th_sb_puts(b, " !");
}

static void mark_node(const lmds_tdb *db, int i, unsigned char *need) {
    const tdb_node *n = &db->node[i];
    if (n->op == EX_FUN) {
        if (need[n->a]) return;
        need[n->a] = 1;
        const tdb_piece *pc = &db->fn[n->a].piece;
        for (int r = 0; r < pc->n; r++) mark_node(db, db->rng[pc->first + r].root, need);
        return;
    }
    if (n->op == EX_NUM || n->op == EX_T || n->op == EX_P) return;
    mark_node(db, n->a, need);
    if (n->b >= 0 && n->op != EX_NEG && n->op != EX_LN && n->op != EX_EXP) mark_node(db, n->b, need);
}

void th_mark_functions(const lmds_tdb *db, const tdb_piece *pc, unsigned char *need) {
    for (int r = 0; r < pc->n; r++) mark_node(db, db->rng[pc->first + r].root, need);
}

static int node_uses_unwritten(const lmds_tdb *db, int i, const unsigned char *done) {
    const tdb_node *n = &db->node[i];
    if (n->op == EX_FUN) return !done[n->a];
    if (n->op == EX_NUM || n->op == EX_T || n->op == EX_P) return 0;
    if (node_uses_unwritten(db, n->a, done)) return 1;
    return n->b >= 0 && n->op != EX_NEG && n->op != EX_LN && n->op != EX_EXP && node_uses_unwritten(db, n->b, done);
}

/* Functions flagged in need[], each after the functions it uses. */
void th_write_functions(FILE *f, const lmds_tdb *db, const unsigned char *need) {
    unsigned char *done = calloc((size_t)db->nfn + 1, 1);
    if (!done) return;
    for (int pass = 0, progress = 1; progress && pass <= db->nfn; pass++) {
        progress = 0;
        for (int k = 0; k < db->nfn; k++) {
            if (!need[k] || done[k]) continue;
            const tdb_piece *pc = &db->fn[k].piece;
            int ready = 1;
            for (int r = 0; r < pc->n && ready; r++) ready = !node_uses_unwritten(db, db->rng[pc->first + r].root, done);
            if (!ready) continue;
            th_strbuf b = {0};
            th_sb_printf(&b, "FUNCTION %s ", db->fn[k].name);
            th_write_piece(&b, db, pc, 1);
            th_sb_puts(&b, " !");
            if (!b.err) emit_wrapped(f, b.s);
            th_sb_free(&b);
            done[k] = 1;
            progress = 1;
        }
    }
    free(done);
}

/* ---------- whole database, with an optional selection ---------- */

static int species_allowed(const th_wsel *sel, int sp) { return !sel || !sel->species || sel->species[sp]; }

static int phase_species_allowed(const lmds_tdb *db, const th_wsel *sel, int p, int sp) {
    if (!species_allowed(sel, sp)) return 0;
    if (sel && sel->phase_species) return sel->phase_species[(size_t)p * db->nsp + sp];
    return 1;
}

static int phase_kept(const lmds_tdb *db, const th_wsel *sel, int p) {
    if (sel && sel->phase && !sel->phase[p]) return 0;
    const tdb_phase *ph = &db->ph[p];
    if (!ph->has_const) return 0;
    int off = 0;
    for (int s = 0; s < ph->nsub; s++) {
        int any = 0;
        for (int j = 0; j < ph->ncons[s]; j++) any |= phase_species_allowed(db, sel, p, ph->cons[off + j]);
        if (!any) return 0;
        off += ph->ncons[s];
    }
    return 1;
}

static int find_phase_idx(const lmds_tdb *db, const char *name) {
    for (int i = 0; i < db->nph; i++)
        if (!strcmp(db->ph[i].name, name)) return i;
    return -1;
}

static int param_kept(const lmds_tdb *db, const th_wsel *sel, int i, const unsigned char *pk) {
    const tdb_param *q = &db->par[i];
    if (q->dead) return 0;
    if (sel && sel->param && !sel->param[i]) return 0;
    int p = find_phase_idx(db, q->phase);
    if (p < 0 || !pk[p]) return 0;
    for (int s = 0; s < q->nsub; s++)
        for (int c = 0; c < q->ncons[s]; c++)
            if (q->cons[s][c] >= 0 && !phase_species_allowed(db, sel, p, q->cons[s][c])) return 0;
    return 1;
}

lmds_status th_tdb_write_sel(const lmds_tdb *db, FILE *f, const char *header, const th_wsel *sel) {
    if (header) {
        /* every header line becomes a '$' comment */
        const char *s = header;
        while (*s) {
            const char *e = strchr(s, '\n');
            size_t n = e ? (size_t)(e - s) : strlen(s);
            fprintf(f, "%s%.*s\n", (n && s[0] == '$') ? "" : "$ ", (int)n, s);
            s += n + (e ? 1 : 0);
        }
        fputs("$\n", f);
    }
    unsigned char *pk = calloc((size_t)db->nph + 1, 1), *need = calloc((size_t)db->nfn + 1, 1);
    unsigned char *elused = calloc((size_t)db->nel + 1, 1), *spused = calloc((size_t)db->nsp + 1, 1);
    if (!pk || !need || !elused || !spused) {
        free(pk); free(need); free(elused); free(spused);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    for (int p = 0; p < db->nph; p++) pk[p] = (unsigned char)phase_kept(db, sel, p);
    /* species and elements that appear in a kept phase */
    for (int p = 0; p < db->nph; p++) {
        if (!pk[p]) continue;
        const tdb_phase *ph = &db->ph[p];
        int off = 0;
        for (int s = 0; s < ph->nsub; s++) {
            for (int j = 0; j < ph->ncons[s]; j++) {
                int sp = ph->cons[off + j];
                if (!phase_species_allowed(db, sel, p, sp)) continue;
                spused[sp] = 1;
                for (int k = 0; k < db->sp[sp].nel; k++) elused[db->sp[sp].el[k]] = 1;
            }
            off += ph->ncons[s];
        }
    }
    for (int i = 0; i < db->npar; i++)
        if (param_kept(db, sel, i, pk)) th_mark_functions(db, &db->par[i].piece, need);
    fputs("ELEMENT VA   VACUUM  0.0  0.0  0.0 !\n", f);
    for (int e = 0; e < db->nel; e++) {
        if (!strcmp(db->el[e].name, "VA") || !elused[e]) continue;
        fprintf(f, "ELEMENT %-3s  %-22s %.6G %.6G %.6G !\n", db->el[e].name, db->el[e].ref_phase[0] ? db->el[e].ref_phase : "?",
                db->el[e].mass, db->el[e].h298, db->el[e].s298);
    }
    for (int s = 0; s < db->nsp; s++) {
        const tdb_species *S = &db->sp[s];
        if (!spused[s] || S->is_va) continue;
        if (S->nel == 1 && S->stoich[0] == 1 && !strcmp(db->el[S->el[0]].name, S->name)) continue;
        fprintf(f, "SPECIES %s ", S->name);
        for (int k = 0; k < S->nel; k++) fprintf(f, "%s%.6G", db->el[S->el[k]].name, S->stoich[k]);
        fputs(" !\n", f);
    }
    fputs("$\n", f);
    th_write_functions(f, db, need);
    fputs("$\nTYPE_DEFINITION % SEQ * !\nDEFINE_SYSTEM_DEFAULT ELEMENT 2 !\nDEFAULT_COMMAND DEF_SYS_ELEMENT VA !\n", f);
    for (int d = 0; d < db->ntd; d++) {
        const tdb_typedef *td = &db->td[d];
        if (!td->magnetic) continue;
        for (int p = 0; p < db->nph; p++)
            if (pk[p] && strchr(db->ph[p].types, td->code)) {
                fprintf(f, "TYPE_DEFINITION %c GES A_P_D %s MAGNETIC %.6G %.6G !\n", td->code, db->ph[p].name, td->afm, td->p);
                break;
            }
    }
    for (int p = 0; p < db->nph; p++) {
        if (!pk[p]) continue;
        const tdb_phase *ph = &db->ph[p];
        fprintf(f, "$\nPHASE %s %s %d", ph->name, ph->types[0] ? ph->types : "%", ph->nsub);
        for (int s = 0; s < ph->nsub; s++) fprintf(f, " %.10G", ph->sites[s]);
        fprintf(f, " !\nCONSTITUENT %s :", ph->name);
        int off = 0;
        for (int s = 0; s < ph->nsub; s++) {
            int first = 1;
            for (int j = 0; j < ph->ncons[s]; j++) {
                int sp = ph->cons[off + j];
                if (!phase_species_allowed(db, sel, p, sp)) continue;
                fprintf(f, "%s%s", first ? " " : ",", db->sp[sp].name);
                first = 0;
            }
            fputs(" :", f);
            off += ph->ncons[s];
        }
        fputs(" !\n", f);
        for (int i = 0; i < db->npar; i++) {
            if (strcmp(db->par[i].phase, ph->name) || !param_kept(db, sel, i, pk)) continue;
            th_strbuf b = {0};
            th_write_param(&b, db, &db->par[i]);
            if (!b.err) emit_wrapped(f, b.s);
            th_sb_free(&b);
        }
    }
    free(pk); free(need); free(elused); free(spused);
    return ferror(f) ? lmds_error(LMDS_EIO, "write error") : LMDS_OK;
}

lmds_status lmds_tdb_write(const lmds_tdb *db, const char *path, const char *header) {
    if (!db || !path) return lmds_error(LMDS_EINVAL, "lmds_tdb_write: NULL argument");
    FILE *f = fopen(path, "w");
    if (!f) return lmds_error_at(LMDS_EIO, path, 0, 0, "cannot write the TDB file");
    lmds_status st = th_tdb_write_sel(db, f, header, NULL);
    if (fclose(f) && !st) st = lmds_error_at(LMDS_EIO, path, 0, 0, "write error");
    return st;
}

/* ---------- merging ---------- */

static int grow_arr(void **p, int n, size_t sz) {
    /* arrays of a loaded database are sized exactly or by doubling; realloc to n + 1 is always safe */
    void *q = realloc(*p, (size_t)(n + 1) * sz);
    if (!q) return -1;
    *p = q;
    return 0;
}

static int db_find_species(const lmds_tdb *db, const char *name) {
    for (int i = 0; i < db->nsp; i++)
        if (!strcmp(db->sp[i].name, name)) return i;
    return -1;
}
static int db_find_element(const lmds_tdb *db, const char *name) {
    for (int i = 0; i < db->nel; i++)
        if (!strcmp(db->el[i].name, name)) return i;
    return -1;
}
static int db_find_function(const lmds_tdb *db, const char *name) {
    for (int i = 0; i < db->nfn; i++)
        if (!strcmp(db->fn[i].name, name)) return i;
    return -1;
}

/* Temperatures at which two definitions must agree to count as the same (covers the SGTE breakpoints). */
static const double CHECK_T[] = {150, 250, 298.15, 302.9, 350, 429.8, 505.1, 600, 900, 1500, 2500};
#define NCHECK (sizeof CHECK_T / sizeof CHECK_T[0])

static int same_piece(const lmds_tdb *a, const tdb_piece *pa, double sa, const lmds_tdb *b, const tdb_piece *pb,
                      double sb) {
    double *fa = malloc(sizeof(double) * (size_t)(a->nfn + 1)), *fb = malloc(sizeof(double) * (size_t)(b->nfn + 1));
    if (!fa || !fb) { free(fa); free(fb); return 0; }
    int same = 1;
    for (size_t k = 0; k < NCHECK && same; k++) {
        for (int i = 0; i < a->nfn; i++) fa[i] = NAN;
        for (int i = 0; i < b->nfn; i++) fb[i] = NAN;
        double va = sa * tdb_piece_eval(a, pa, CHECK_T[k], 1e5, fa);
        double vb = sb * tdb_piece_eval(b, pb, CHECK_T[k], 1e5, fb);
        same = fabs(va - vb) <= 1e-6 * (1 + fabs(va));
    }
    free(fa); free(fb);
    return same;
}

typedef struct mctx {
    lmds_tdb *dst;
    const lmds_tdb *src;
    int *fmap;   /* src function -> dst function */
    int *smap;   /* src species -> dst species */
} mctx;

static int copy_node(mctx *m, int i) {
    const tdb_node *n = &m->src->node[i];
    int a = -1, b = -1;
    if (n->op == EX_FUN) a = m->fmap[n->a];
    else if (n->op != EX_NUM && n->op != EX_T && n->op != EX_P) {
        a = copy_node(m, n->a);
        if (a < 0) return -1;
        if (n->b >= 0 && n->op != EX_NEG && n->op != EX_LN && n->op != EX_EXP) {
            b = copy_node(m, n->b);
            if (b < 0) return -1;
        }
    }
    lmds_tdb *d = m->dst;
    if (d->nnode >= d->capnode) {
        int nc = d->capnode ? 2 * d->capnode : 64;
        tdb_node *q = realloc(d->node, sizeof *q * (size_t)nc);
        if (!q) return -1;
        d->node = q;
        d->capnode = nc;
    }
    tdb_node *o = &d->node[d->nnode];
    *o = *n;
    o->a = a;
    o->b = b;
    return d->nnode++;
}

static int copy_piece(mctx *m, const tdb_piece *in, tdb_piece *out) {
    lmds_tdb *d = m->dst;
    out->tlow = in->tlow;
    out->text = in->text;
    out->n = in->n;
    int roots[64];
    if (in->n > 64) return -1;
    for (int r = 0; r < in->n; r++) {
        roots[r] = copy_node(m, m->src->rng[in->first + r].root);
        if (roots[r] < 0) return -1;
    }
    if (d->nrng + in->n > d->caprng) {
        int nc = d->caprng ? d->caprng : 64;
        while (nc < d->nrng + in->n) nc *= 2;
        tdb_range *q = realloc(d->rng, sizeof *q * (size_t)nc);
        if (!q) return -1;
        d->rng = q;
        d->caprng = nc;
    }
    out->first = d->nrng;
    for (int r = 0; r < in->n; r++) {
        d->rng[d->nrng].thigh = m->src->rng[in->first + r].thigh;
        d->rng[d->nrng].root = roots[r];
        d->nrng++;
    }
    return 0;
}

static void param_label(const lmds_tdb *db, const tdb_param *q, char *buf, size_t n) {
    th_strbuf b = {0};
    param_name(&b, db, q);
    snprintf(buf, n, "%s", b.s ? b.s : "?");
    th_sb_free(&b);
}

lmds_status lmds_tdb_merge(lmds_tdb *dst, const lmds_tdb *src) {
    if (!dst || !src) return lmds_error(LMDS_EINVAL, "lmds_tdb_merge: NULL argument");
    mctx m = {dst, src, NULL, NULL};
    m.fmap = malloc(sizeof(int) * (size_t)(src->nfn + 1));
    m.smap = malloc(sizeof(int) * (size_t)(src->nsp + 1));
    lmds_status st = LMDS_OK;
    if (!m.fmap || !m.smap) { st = lmds_error(LMDS_ENOMEM, "out of memory"); goto done; }
    /* elements */
    for (int e = 0; e < src->nel; e++) {
        if (db_find_element(dst, src->el[e].name) >= 0) continue;
        if (grow_arr((void **)&dst->el, dst->nel, sizeof *dst->el)) { st = lmds_error(LMDS_ENOMEM, "oom"); goto done; }
        dst->el[dst->nel++] = src->el[e];
    }
    /* species: element indices re-mapped by name */
    for (int s = 0; s < src->nsp; s++) {
        tdb_species S = src->sp[s];
        for (int k = 0; k < S.nel; k++) S.el[k] = db_find_element(dst, src->el[S.el[k]].name);
        int d = db_find_species(dst, S.name);
        if (d >= 0) {
            const tdb_species *D = &dst->sp[d];
            int same = D->nel == S.nel && D->is_va == S.is_va;
            for (int k = 0; k < S.nel && same; k++) same = D->el[k] == S.el[k] && D->stoich[k] == S.stoich[k];
            if (!same) { st = lmds_error(LMDS_EINVAL, "species %s is defined differently in %s", S.name, src->path); goto done; }
            m.smap[s] = d;
            continue;
        }
        if (grow_arr((void **)&dst->sp, dst->nsp, sizeof *dst->sp)) { st = lmds_error(LMDS_ENOMEM, "oom"); goto done; }
        dst->sp[dst->nsp] = S;
        m.smap[s] = dst->nsp++;
    }
    /* functions: names first (bodies may refer to each other), then bodies of the new ones */
    int nfn0 = dst->nfn;
    for (int f = 0; f < src->nfn; f++) {
        int d = db_find_function(dst, src->fn[f].name);
        if (d < 0) {
            if (grow_arr((void **)&dst->fn, dst->nfn, sizeof *dst->fn)) { st = lmds_error(LMDS_ENOMEM, "oom"); goto done; }
            d = dst->nfn++;
            dst->fn[d] = src->fn[f];
            dst->fn[d].piece.n = 0;
        }
        m.fmap[f] = d;
    }
    for (int f = 0; f < src->nfn; f++) {
        int d = m.fmap[f];
        if (d < nfn0) {
            if (!same_piece(dst, &dst->fn[d].piece, 1, src, &src->fn[f].piece, 1)) {
                st = lmds_error(LMDS_EINVAL, "function %s differs between %s and %s", src->fn[f].name, dst->path, src->path);
                goto done;
            }
            continue;
        }
        if (copy_piece(&m, &src->fn[f].piece, &dst->fn[d].piece)) { st = lmds_error(LMDS_ENOMEM, "oom"); goto done; }
    }
    /* type definitions */
    for (int t = 0; t < src->ntd; t++) {
        int found = -1;
        for (int k = 0; k < dst->ntd; k++)
            if (dst->td[k].code == src->td[t].code) found = k;
        if (found >= 0) {
            const tdb_typedef *a = &dst->td[found], *b = &src->td[t];
            if (a->magnetic != b->magnetic || (a->magnetic && (a->afm != b->afm || a->p != b->p))) {
                st = lmds_error(LMDS_EINVAL, "type definition '%c' differs in %s", b->code, src->path);
                goto done;
            }
            continue;
        }
        if (grow_arr((void **)&dst->td, dst->ntd, sizeof *dst->td)) { st = lmds_error(LMDS_ENOMEM, "oom"); goto done; }
        dst->td[dst->ntd++] = src->td[t];
    }
    /* phases: new ones copied, common ones get the union of constituents */
    for (int p = 0; p < src->nph; p++) {
        const tdb_phase *sp = &src->ph[p];
        if (!sp->has_const) continue;
        int d = find_phase_idx(dst, sp->name);
        int cons[1024], ncons[TH_MAXSUB] = {0}, nc = 0;
        if (d >= 0) {
            tdb_phase *dp = &dst->ph[d];
            if (dp->nsub != sp->nsub) {
                st = lmds_error(LMDS_EINVAL, "phase %s has %d sublattices in %s, %d in %s", sp->name, dp->nsub,
                                dst->path, sp->nsub, src->path);
                goto done;
            }
            for (int s = 0; s < sp->nsub; s++)
                if (fabs(dp->sites[s] - sp->sites[s]) > 1e-9 * sp->sites[s]) {
                    st = lmds_error(LMDS_EINVAL, "phase %s has different site numbers in %s and %s", sp->name,
                                    dst->path, src->path);
                    goto done;
                }
            int od = 0, os = 0;
            for (int s = 0; s < sp->nsub; s++) {
                for (int j = 0; j < dp->ncons[s] && nc < 1024; j++) { cons[nc++] = dp->cons[od + j]; ncons[s]++; }
                for (int j = 0; j < sp->ncons[s] && nc < 1024; j++) {
                    int c = m.smap[sp->cons[os + j]], dup = 0;
                    for (int k = nc - ncons[s]; k < nc; k++) dup |= cons[k] == c;
                    if (!dup) { cons[nc++] = c; ncons[s]++; }
                }
                od += dp->ncons[s];
                os += sp->ncons[s];
            }
            int *q = malloc(sizeof(int) * (size_t)(nc ? nc : 1));
            if (!q) { st = lmds_error(LMDS_ENOMEM, "oom"); goto done; }
            memcpy(q, cons, sizeof(int) * (size_t)nc);
            free(dp->cons);
            dp->cons = q;
            memcpy(dp->ncons, ncons, sizeof ncons);
            /* the types of both (e.g. a magnetic code) */
            for (const char *c = sp->types; *c; c++)
                if (!strchr(dp->types, *c) && strlen(dp->types) + 1 < sizeof dp->types) {
                    size_t L = strlen(dp->types);
                    dp->types[L] = *c;
                    dp->types[L + 1] = 0;
                }
        } else {
            if (grow_arr((void **)&dst->ph, dst->nph, sizeof *dst->ph)) { st = lmds_error(LMDS_ENOMEM, "oom"); goto done; }
            tdb_phase np = *sp;
            int tot = 0;
            for (int s = 0; s < sp->nsub; s++) tot += sp->ncons[s];
            np.cons = malloc(sizeof(int) * (size_t)(tot ? tot : 1));
            if (!np.cons) { st = lmds_error(LMDS_ENOMEM, "oom"); goto done; }
            for (int k = 0; k < tot; k++) np.cons[k] = m.smap[sp->cons[k]];
            dst->ph[dst->nph++] = np;
        }
    }
    /* parameters */
    for (int i = 0; i < src->npar; i++) {
        const tdb_param *q = &src->par[i];
        if (q->dead) continue;
        tdb_param np = *q;
        for (int s = 0; s < q->nsub; s++)
            for (int c = 0; c < q->ncons[s]; c++)
                if (q->cons[s][c] >= 0) np.cons[s][c] = m.smap[q->cons[s][c]];
        /* canonical order in dst's species numbering: names decide, so the order is unchanged */
        int dup = -1;
        for (int k = 0; k < dst->npar && dup < 0; k++) {
            const tdb_param *r = &dst->par[k];
            if (r->dead || r->type != np.type || r->order != np.order || r->nsub != np.nsub || strcmp(r->phase, np.phase))
                continue;
            if (!memcmp(r->ncons, np.ncons, sizeof np.ncons) && !memcmp(r->cons, np.cons, sizeof np.cons)) dup = k;
        }
        if (dup >= 0) {
            if (!same_piece(dst, &dst->par[dup].piece, dst->par[dup].sign, src, &q->piece, q->sign)) {
                char lab[128];
                param_label(src, q, lab, sizeof lab);
                st = lmds_error(LMDS_EINVAL, "parameter %s differs between %s and %s", lab, dst->path, src->path);
                goto done;
            }
            continue;
        }
        if (copy_piece(&m, &q->piece, &np.piece)) { st = lmds_error(LMDS_ENOMEM, "oom"); goto done; }
        if (grow_arr((void **)&dst->par, dst->npar, sizeof *dst->par)) { st = lmds_error(LMDS_ENOMEM, "oom"); goto done; }
        dst->par[dst->npar++] = np;
    }
done:
    free(m.fmap);
    free(m.smap);
    return st;
}

/* Listing the interaction parameters of a loaded database, so the genome can store the Redlich-Kister sets a
 * TDB holds (the genome keeps each set with the TDB it comes from). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "thermo/thermo_internal.h"

/* An interaction: some sublattice holds two or more constituents (a binary or ternary L parameter). */
static int is_interaction(const tdb_param *q)
{
    if (q->dead || q->type != PAR_G) return 0;
    for (int s = 0; s < q->nsub; s++)
        if (q->ncons[s] > 1) return 1;
    return 0;
}

int lmds_tdb_interaction_count(const lmds_tdb *db)
{
    int n = 0;
    for (int i = 0; db && i < db->npar; i++) n += is_interaction(&db->par[i]);
    return n;
}

/* Evaluate the parameter at T (K) and 1 bar. */
static double eval_at(const lmds_tdb *db, const tdb_param *q, double T, double *fcache)
{
    for (int f = 0; f < db->nfn; f++) fcache[f] = NAN;
    return q->sign * tdb_piece_eval(db, &q->piece, T, 1e5, fcache);
}

static void fill(const lmds_tdb *db, const tdb_param *q, lmds_tdb_interaction *out, double *fcache)
{
    memset(out, 0, sizeof *out);
    snprintf(out->phase, sizeof out->phase, "%s", q->phase);
    size_t used = 0;
    for (int s = 0; s < q->nsub; s++)
        for (int c = 0; c < q->ncons[s]; c++) {
            const char *name = q->cons[s][c] < 0 ? "*" : db->sp[q->cons[s][c]].name;
            const char *sep = c ? "," : (s ? ":" : "");
            int k = snprintf(out->constituents + used, sizeof out->constituents - used, "%s%s", sep, name);
            if (k > 0 && used + (size_t)k < sizeof out->constituents) used += (size_t)k;
        }
    out->order = q->order;
    out->line = q->line;
    snprintf(out->ref, sizeof out->ref, "%s", q->ref);
    out->T_lo = q->piece.tlow;
    out->T_hi = q->piece.n > 0 ? db->rng[q->piece.first + q->piece.n - 1].thigh : q->piece.tlow;
    th_strbuf b = {0};
    th_write_piece(&b, db, &q->piece, q->sign);
    snprintf(out->expression, sizeof out->expression, "%s", b.s ? b.s : "");
    th_sb_free(&b);
    /* a + b T when the expression is linear in T: three evaluations agree with a straight line. */
    double g1 = eval_at(db, q, 300, fcache), g2 = eval_at(db, q, 600, fcache), g3 = eval_at(db, q, 900, fcache);
    double slope = (g2 - g1) / 300.0, a = g1 - slope * 300.0;
    double scale = fabs(g1) + fabs(g2) + fabs(g3) + 1.0;
    if (isfinite(g1) && fabs(a + slope * 900.0 - g3) <= 1e-9 * scale && q->piece.n == 1) {
        out->a = a;
        out->b = slope;
        out->linear = 1;
    } else {
        out->a = out->b = NAN;
    }
}

lmds_status lmds_tdb_interaction_get(const lmds_tdb *db, int i, lmds_tdb_interaction *out)
{
    if (!db || !out) return lmds_error(LMDS_EINVAL, "lmds_tdb_interaction_get: NULL argument");
    double *fcache = malloc((size_t)(db->nfn + 1) * sizeof *fcache);
    if (!fcache) return lmds_error(LMDS_ENOMEM, "out of memory");
    int k = 0;
    for (int p = 0; p < db->npar; p++) {
        if (!is_interaction(&db->par[p])) continue;
        if (k++ == i) {
            fill(db, &db->par[p], out, fcache);
            free(fcache);
            return LMDS_OK;
        }
    }
    free(fcache);
    return lmds_error(LMDS_ENOTFOUND, "interaction parameter %d does not exist (the database has %d)", i, k);
}

const char *lmds_tdb_path(const lmds_tdb *db) { return db ? db->path : NULL; }

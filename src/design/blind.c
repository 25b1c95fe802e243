/* Blind mode of the prediction pipeline: the genome's rows of chosen compositions hidden from every Tc lookup of a
 * predictor, so its answer must come from physics or the learned model: lmds_genome_hide on each thread's handle,
 * the same rows of the curated source the Tc(x) and compound lookups read (the predictor's own tables) marked
 * hidden, the material's pressure-induced phases (data/routes/pressure_phases.csv, whose measured Tc would
 * otherwise answer a case at pressure: Bi at 3 GPa from the Bi-III row) marked hidden, so Tc at pressure comes
 * from the equation-of-state scaling, and the cached lookups forgotten, since they may hold a hidden row. Not thread-safe against a running
 * prediction on the same predictor: call between predictions. */
#include "design_internal.h"

static void forget_cache(thread_slot *ts)
{
    ts->ncache = 0;
    ts->next_evict = 0;
}

lmds_status lmds_predictor_hide(lmds_predictor *p, const lmds_comp *c)
{
    if (!p || !c) return lmds_error(LMDS_EINVAL, "lmds_predictor_hide: no predictor or composition");
    for (int t = 0; t < p->nthreads; t++) {
        lmds_status st = lmds_genome_hide(p->threads[t].genome, c);
        if (st != LMDS_OK) return st;
        forget_cache(&p->threads[t]);
    }
    for (int i = 0; i < p->tab.ntcx; i++)
        if (design_same_comp(&p->tab.tcx[i].comp, c)) p->tab.tcx[i].hidden = 1;
    for (int i = 0; i < p->tab.npphases; i++) {
        lmds_comp pc;
        if (lmds_comp_parse(p->tab.pphases[i].material, NULL, &pc) != LMDS_OK) {
            lmds_error_clear(); /* a material the parser refuses is never asked about */
            continue;
        }
        if (design_same_comp(&pc, c)) p->tab.pphases[i].hidden = 1;
    }
    return LMDS_OK;
}

lmds_status lmds_predictor_hide_clear(lmds_predictor *p)
{
    if (!p) return lmds_error(LMDS_EINVAL, "lmds_predictor_hide_clear: no predictor");
    for (int t = 0; t < p->nthreads; t++) {
        lmds_status st = lmds_genome_hide_clear(p->threads[t].genome);
        if (st != LMDS_OK) return st;
        forget_cache(&p->threads[t]);
    }
    for (int i = 0; i < p->tab.ntcx; i++) p->tab.tcx[i].hidden = 0;
    for (int i = 0; i < p->tab.npphases; i++) p->tab.pphases[i].hidden = 0;
    return LMDS_OK;
}

/* Hide the text of a formula when it parses (an "unidentified solution" or "(whole alloy)" does not). */
static lmds_status hide_text(lmds_predictor *p, const char *formula)
{
    lmds_comp pc;
    if (!formula || !*formula || lmds_comp_parse(formula, NULL, &pc) != LMDS_OK) {
        lmds_error_clear();
        return LMDS_OK;
    }
    return lmds_predictor_hide(p, &pc);
}

lmds_status lmds_predict_blind(lmds_predictor *p, const lmds_comp *c, const lmds_predict_opts *opts,
                               lmds_prediction *out)
{
    if (!p || !c || !out) return lmds_error(LMDS_EINVAL, "lmds_predict_blind: NULL argument");
    lmds_status st = lmds_predictor_hide_clear(p);
    if (st == LMDS_OK) st = lmds_predict(p, 0, c, opts, out);
    if (st == LMDS_OK) st = lmds_predictor_hide(p, c);
    for (int i = 0; st == LMDS_OK && i < out->nphases; i++) {
        st = hide_text(p, out->phases[i].formula);
        if (st == LMDS_OK) st = hide_text(p, out->phases[i].compound);
    }
    if (st == LMDS_OK) st = lmds_predict(p, 0, c, opts, out);
    return st;
}

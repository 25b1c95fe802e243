/* One value per polymorph: the pooling rule of polymorph_pool.h. */
#include "design/polymorph_pool.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "design/design_internal.h"

void poly_pool_init(poly_pool *pp, poly_pool_centre centre)
{
    memset(pp, 0, sizeof *pp);
    pp->centre = centre;
}

static void part_add(poly_pool_part *p, double v, const char *ref)
{
    if (p->n++ == 0) {
        p->lo = p->hi = v;
        snprintf(p->ref, sizeof p->ref, "%s", ref ? ref : "");
    } else {
        p->lo = fmin(p->lo, v);
        p->hi = fmax(p->hi, v);
    }
    p->sum += v;
}

/* Remember a label once (exact match: "Bi-II" is not "Bi-III"). */
static void label_add(poly_pool *pp, const char *label)
{
    int known = pp->nlabels < POLY_POOL_LABELS ? pp->nlabels : POLY_POOL_LABELS;
    for (int i = 0; i < known; i++)
        if (strncmp(pp->labels[i], label, sizeof pp->labels[i] - 1) == 0)
            return;
    if (pp->nlabels < POLY_POOL_LABELS)
        snprintf(pp->labels[pp->nlabels], sizeof pp->labels[0], "%s", label);
    pp->nlabels++;
}

void poly_pool_add(poly_pool *pp, double value, const char *polymorph, const char *ref)
{
    if (!polymorph || !*polymorph) {
        part_add(&pp->plain, value, ref);
        return;
    }
    part_add(&pp->lab, value, ref);
    label_add(pp, polymorph);
}

int poly_pool_value(const poly_pool *pp, poly_pool_result *res)
{
    memset(res, 0, sizeof *res);
    /* Labelled rows win: unlabelled ones beside them are of an unknown polymorph and are left out. */
    const poly_pool_part *p = pp->lab.n ? &pp->lab : &pp->plain;
    res->n = p->n;
    res->nleft_out = pp->lab.n ? pp->plain.n : 0;
    res->ref = p->ref;
    if (p->n == 0)
        return 0;
    res->lo = p->lo;
    res->hi = p->hi;
    res->low_confidence = pp->nlabels > 1;
    int known = pp->nlabels < POLY_POOL_LABELS ? pp->nlabels : POLY_POOL_LABELS;
    for (int i = 0; i < known; i++) {
        size_t len = strlen(res->labels);
        if (len < 64) /* a display list, cut short beyond a few labels */
            snprintf(res->labels + len, sizeof res->labels - len, "%s%s", len ? ", " : "", pp->labels[i]);
    }
    double mid = 0.5 * (p->lo + p->hi);
    /* Several polymorphs: their mean is no measurement of anything; the middle of the range, flagged. */
    res->value = res->low_confidence || pp->centre == POLY_POOL_MIDRANGE ? mid : p->sum / p->n;
    res->unc = fmax(design_genome_uncertainty(res->value), 0.5 * (p->hi - p->lo));
    return res->n;
}

void poly_pool_left_out_note(const poly_pool_result *res, char *buf, size_t n)
{
    if (res->nleft_out)
        snprintf(buf, n, "; %d row%s without a polymorph label left out", res->nleft_out,
                 res->nleft_out > 1 ? "s" : "");
    else if (n)
        buf[0] = '\0';
}

void poly_pool_undecided_note(const poly_pool_result *res, const char *noun, int digits, int first_max, char *buf,
                              size_t n)
{
    char plain[64];
    poly_pool_left_out_note(res, plain, sizeof plain);
    snprintf(buf, n, "LOW CONFIDENCE: polymorph not decided (%s): range %.*g-%.*g K of %d %s%s, first: %.*s",
             res->labels, digits, res->lo, digits, res->hi, res->n, noun, plain, first_max, res->ref);
}

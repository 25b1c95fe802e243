/* Phase identification: what a CALPHAD phase is at its computed composition. A phase is never identified by its
 * name alone: the TDB name (which encodes the structure: FCC_A1, HCP_A3, BETA, ...) must match a row of
 * data/design/phase_ranges.csv AND the composition must lie inside that row's element ranges (AND the
 * temperature inside its stability range where one is given). A phase outside every range is an "unidentified
 * solution"; it is not forced onto the nearest compound. */
#include "design/design_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Composition tolerances: the tables give range limits to 0.1-1 at.%, and a line compound has lo = hi. */
#define RANGE_TOL 0.005
#define LINE_TOL 0.01
/* Elements outside a binary row's system may make up this much of the phase (a ternary alloy's phase dissolves a
 * little of the third element; the binary identification is then kept and the remainder stated). */
#define FOREIGN_MAX 0.03
/* A phase this pure is the element itself. */
#define ELEMENT_MIN 0.999

static int name_eq(const char *a, const char *b)
{
    for (; *a && *b && *a != '#'; a++, b++)
        if (toupper((unsigned char)*a) != toupper((unsigned char)*b))
            return 0;
    return (*a == '\0' || *a == '#') && *b == '\0';
}

/* Does pc fit row r? On success the renormalised composition over the row's system goes to *sys and the
 * fraction outside the system to *foreign. */
static int range_fits(const range_row *r, const lmds_comp *pc, double T, lmds_comp *sys, double *foreign)
{
    double in = 0.0, amt[DESIGN_SYS_MAX];
    for (int k = 0; k < r->nz; k++)
        in += amt[k] = lmds_comp_fraction(pc, r->z[k]);
    *foreign = 1.0 - in;
    if (*foreign > FOREIGN_MAX || in <= 0)
        return 0;
    if (isfinite(r->T_min) && T < r->T_min - 1.0)
        return 0;
    if (isfinite(r->T_max) && T > r->T_max + 1.0)
        return 0;
    for (int k = 0; k < r->nz; k++) {
        double x = amt[k] / in, tol = r->lo[k] == r->hi[k] ? LINE_TOL : RANGE_TOL;
        if (x < r->lo[k] - tol || x > r->hi[k] + tol)
            return 0;
    }
    int z[DESIGN_SYS_MAX], n = 0;
    double a[DESIGN_SYS_MAX];
    for (int k = 0; k < r->nz; k++)
        if (amt[k] > 0) {
            z[n] = r->z[k];
            a[n++] = amt[k];
        }
    if (lmds_comp_from_amounts(n, z, a, sys) != LMDS_OK) {
        lmds_error_clear();
        return 0;
    }
    return 1;
}

/* The host of a terminal solution: the element whose range reaches 1 (0 when the row is not terminal). */
static int terminal_host(const range_row *r)
{
    for (int k = 0; k < r->nz; k++)
        if (r->hi[k] >= 1.0 && r->nz > 1)
            return r->z[k];
    return 0;
}

static void describe(const phase_ident *id, double foreign, double T, lmds_phase_tc *ph)
{
    const range_row *r = id->range;
    char extra[64] = "";
    if (foreign > 1e-4)
        snprintf(extra, sizeof extra, "; %.1f at.%% outside %s", 100 * foreign, r->system);
    if (id->kind == PHASE_COMPOUND)
        snprintf(ph->compound, sizeof ph->compound, "%s", r->compound);
    else
        design_fmt(ph->compound, sizeof ph->compound, "%s", r->name);
    snprintf(ph->how, sizeof ph->how, "%s at %.1f K inside %s of data/design/phase_ranges.csv line %d (%s)%s",
             r->tdb_phase, T, id->kind == PHASE_COMPOUND ? "the compound's composition" : "the phase's range",
             r->line, r->structure, extra);
}

void design_phase_identify(const design_tables *t, const char *tdb_phase, const lmds_comp *pc, double T,
                           phase_ident *id, lmds_phase_tc *ph)
{
    memset(id, 0, sizeof *id);
    id->sys_comp = *pc;
    int kmax = 0;
    for (int k = 1; k < pc->n; k++)
        if (pc->x[k] > pc->x[kmax])
            kmax = k;
    if (pc->n >= 1 && pc->x[kmax] >= ELEMENT_MIN) {
        id->kind = PHASE_ELEMENT;
        id->host = pc->z[kmax];
        snprintf(ph->compound, sizeof ph->compound, "%s", lmds_element_symbol(id->host));
        snprintf(ph->how, sizeof ph->how, "%s: element (%.2f at.%% %s)", tdb_phase, 100 * pc->x[kmax],
                 lmds_element_symbol(id->host));
        return;
    }
    double best_foreign = INFINITY, foreign;
    lmds_comp sys;
    for (int i = 0; i < t->nranges; i++) {
        const range_row *r = &t->ranges[i];
        if (!name_eq(tdb_phase, r->tdb_phase) || !range_fits(r, pc, T, &sys, &foreign))
            continue;
        if (foreign < best_foreign) {
            best_foreign = foreign;
            id->range = r;
            id->sys_comp = sys;
        }
    }
    if (!id->range) {
        id->kind = PHASE_UNIDENTIFIED;
        snprintf(ph->compound, sizeof ph->compound, "unidentified solution");
        snprintf(ph->how, sizeof ph->how, "%s at %.1f K: outside every composition range of "
                 "data/design/phase_ranges.csv for this phase", tdb_phase, T);
        return;
    }
    id->kind = strcmp(id->range->compound, "solution") == 0 ? PHASE_SOLUTION : PHASE_COMPOUND;
    id->host = id->kind == PHASE_SOLUTION ? terminal_host(id->range) : 0;
    describe(id, best_foreign, T, ph);
}

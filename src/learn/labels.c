/* Labels that mean one thing: the label policy of the discovery model (docs/learn.md, "Label policy").
 *
 * Training rows are ambient-pressure, bulk, stable-phase measurements. SuperCon records one row per paper, and a
 * paper may measure a film, an amorphous deposit, a pressure cell, a metastable polymorph or a doped sample whose
 * dopant the formula omits; element rows are the worst (Bi "superconducts" at 3.9-8.7 K in SuperCon: every row is a
 * pressure phase, a film or amorphous, while bulk Bi-I does so only at 0.53 mK). The policy drops such rows with a
 * reason, replaces the elements by a sourced table, and resolves duplicates by consensus. */
#include "learn_private.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "core/csv.h"
#include <lmds/io.h>

/* The highest Tc measured at ambient pressure: HgBa2Ca2Cu3O8+d, 133-135 K (Schilling et al., Nature 363, 56
 * (1993), recalled). A SuperCon row above this bound is a pressure measurement or an error. */
#define LMDS_LEARN_AMBIENT_TC_MAX 140.0
/* Duplicates agree when within max(1 K, 25 % of their median): sample-to-sample spread of one compound (oxygen
 * content, stoichiometry, criterion) stays inside it; a pressure cell or a different phase usually does not. */
#define LMDS_LEARN_CONSENSUS_ABS 1.0
#define LMDS_LEARN_CONSENSUS_REL 0.25

void lmds_learn_sources_default(lmds_learn_sources *s)
{
    if (!s) return;
    memset(s, 0, sizeof *s);
    s->class_tc_K = 2.0;
}

/* ---------------------------------------------------------------- material lists */

static lmds_status list_row(lmds_learn_data *d, const lmds_csv *c, const char *path, const int *col)
{
    const char *f = c->fields[col[0]], *sc = c->fields[col[1]], *tc = c->fields[col[2]], *lt = c->fields[col[3]];
    const char *prov = c->fields[col[4]], *ref = c->fields[col[5]];
    lmds_learn_row *r = &d->rows[d->n];
    memset(r, 0, sizeof *r);
    if (lmds_comp_parse(f, NULL, &r->comp) != LMDS_OK) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", lmds_errmsg());
        return lmds_error_at(LMDS_EPARSE, path, c->line, c->columns[col[0]], "formula '%s': %s", f, msg);
    }
    int yes = strcmp(sc, "yes") == 0, no = strcmp(sc, "no") == 0;
    if (!yes && !no)
        return lmds_error_at(LMDS_EPARSE, path, c->line, c->columns[col[1]], "superconducting must be yes or no, not '%s'",
                             sc);
    char *end;
    double v = strtod(yes ? tc : lt, &end);
    if (end == (yes ? tc : lt) || *end || !isfinite(v) || v <= 0)
        return lmds_error_at(LMDS_EPARSE, path, c->line, c->columns[col[yes ? 2 : 3]],
                             yes ? "a superconductor needs Tc_K > 0" : "a non-superconductor needs lowest_T_K > 0");
    if (!ref[0]) return lmds_error_at(LMDS_EPARSE, path, c->line, c->columns[col[5]], "every row needs a reference");
    if (!prov[0]) return lmds_error_at(LMDS_EPARSE, path, c->line, c->columns[col[4]], "every row needs a provenance");
    r->tc_K = yes ? v : 0.0;
    r->lowest_T_K = yes ? 0.0 : v;
    r->line = c->line;
    r->count = 1;
    lmds_learn_row_keys(r);
    d->n_recalled += strcmp(prov, "recalled") == 0;
    d->n++;
    d->n_read++;
    return LMDS_OK;
}

lmds_status lmds_learn_list_read(const char *path, lmds_learn_data **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_learn_list_read: NULL output");
    *out = NULL;
    if (!path) return lmds_error(LMDS_EINVAL, "lmds_learn_list_read: NULL path");
    char *text = NULL;
    size_t len = 0;
    lmds_status st = lmds_file_read(path, 64u << 20, &text, &len);
    if (st != LMDS_OK) return st;
    size_t nlines = 1;
    for (size_t i = 0; i < len; i++) nlines += text[i] == '\n';
    lmds_learn_data *d = NULL;
    st = lmds_learn_data_alloc(nlines, path, &d);
    static const char *const names[6] = {"formula", "superconducting", "Tc_K", "lowest_T_K", "provenance", "reference"};
    int col[6], header = 0, r = 0;
    lmds_csv c;
    lmds_csv_init(&c, text);
    while (st == LMDS_OK && (r = lmds_csv_next(&c)) == 1) {
        if (c.fields[0][0] == '#' || (c.nfields == 1 && !c.fields[0][0])) continue;
        if (!header) {
            st = lmds_csv_require(&c, path, names, 6, col,
                                  "formula,superconducting,Tc_K,lowest_T_K,form,provenance,reference,note");
            header = 1;
            continue;
        }
        int need = 0;
        for (int k = 0; k < 6; k++) need = col[k] > need ? col[k] : need;
        if (c.nfields <= need)
            st = lmds_error_at(LMDS_EPARSE, path, c.line, 1, "expected at least %d fields, found %d", need + 1, c.nfields);
        else st = list_row(d, &c, path, col);
    }
    if (st == LMDS_OK && r < 0) st = lmds_csv_error(&c, path);
    if (st == LMDS_OK && d->n == 0) st = lmds_error_at(LMDS_EPARSE, path, 1, 1, "no rows");
    lmds_csv_clear(&c);
    free(text);
    if (st != LMDS_OK) {
        lmds_learn_data_free(d);
        return st;
    }
    *out = d;
    return LMDS_OK;
}

/* The exclusion list: reduced formula -> "reason: reference". */
typedef struct exclusion {
    char formula[64];
    char why[160];
} exclusion;

static lmds_status exclusions_read(const char *path, exclusion **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    char *text = NULL;
    lmds_status st = lmds_file_read(path, 16u << 20, &text, NULL);
    if (st != LMDS_OK) return st;
    static const char *const names[4] = {"formula", "reason", "provenance", "reference"};
    int col[4], header = 0, r = 0;
    size_t cap = 0;
    exclusion *e = NULL;
    lmds_csv c;
    lmds_csv_init(&c, text);
    while (st == LMDS_OK && (r = lmds_csv_next(&c)) == 1) {
        if (c.fields[0][0] == '#' || (c.nfields == 1 && !c.fields[0][0])) continue;
        if (!header) {
            st = lmds_csv_require(&c, path, names, 4, col, "formula,reason,provenance,reference,note");
            header = 1;
            continue;
        }
        lmds_comp comp;
        if (c.nfields <= col[0] || c.nfields <= col[1] || c.nfields <= col[3] || !c.fields[col[3]][0]) {
            st = lmds_error_at(LMDS_EPARSE, path, c.line, 1, "a row needs formula, reason and reference");
            break;
        }
        if (lmds_comp_parse(c.fields[col[0]], NULL, &comp) != LMDS_OK) {
            st = lmds_error_at(LMDS_EPARSE, path, c.line, c.columns[col[0]], "formula '%s' does not parse",
                               c.fields[col[0]]);
            break;
        }
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            exclusion *ne = realloc(e, cap * sizeof *ne);
            if (!ne) {
                st = lmds_error(LMDS_ENOMEM, "out of memory");
                break;
            }
            e = ne;
        }
        lmds_comp_formula(&comp, e[*n].formula, sizeof e[*n].formula);
        snprintf(e[*n].why, sizeof e[*n].why, "%s: %s", c.fields[col[1]], c.fields[col[3]]);
        ++*n;
    }
    if (st == LMDS_OK && r < 0) st = lmds_csv_error(&c, path);
    lmds_csv_clear(&c);
    free(text);
    if (st != LMDS_OK) {
        free(e);
        *n = 0;
        return st;
    }
    *out = e;
    return LMDS_OK;
}

/* ---------------------------------------------------------------- the policy on SuperCon rows */

static int contains_ci(const char *s, const char *pat)
{
    size_t m = strlen(pat);
    for (; *s; s++)
        if (strncasecmp(s, pat, m) == 0) return 1;
    return 0;
}

/* "X-doped" or "X-intercalated" naming an element X (or carriers: e, hole, electron) that the composition lacks. */
static int missing_dopant(const lmds_learn_row *r, char *why, size_t n)
{
    static const char *const marks[2] = {"-doped", "-intercalated"};
    for (int k = 0; k < 2; k++) {
        const char *p = strstr(r->name, marks[k]);
        if (!p) continue;
        const char *b = p;
        while (b > r->name && isalpha((unsigned char)b[-1])) b--;
        char tok[16];
        size_t l = (size_t)(p - b) < sizeof tok - 1 ? (size_t)(p - b) : sizeof tok - 1;
        memcpy(tok, b, l);
        tok[l] = 0;
        if (!strcmp(tok, "e") || !strcmp(tok, "hole") || !strcmp(tok, "electron")) {
            snprintf(why, n, "carrier doping (gating) not in the formula ('%s')", r->name);
            return 1;
        }
        int z = 0;
        if (!strcmp(tok, "CNT")) z = 6;
        else if (lmds_element_lookup(tok, &z) != LMDS_OK) z = 0;
        lmds_error_clear();
        if (z > 0 && lmds_comp_fraction(&r->comp, z) <= 0) {
            snprintf(why, n, "dopant %s missing from the formula ('%s')", tok, r->name);
            return 1;
        }
    }
    return 0;
}

/* A SuperCon name or structure that marks another form than the ambient bulk stable phase. */
static int other_form(const lmds_learn_row *r, char *why, size_t n)
{
    const char *nm = r->name;
    if (!strcmp(r->structure, "AMOR") || !strncmp(nm, "a-", 2) || contains_ci(nm, "amorph"))
        return snprintf(why, n, "amorphous ('%s', structure '%s')", nm, r->structure), 1;
    if (contains_ci(nm, "film") || contains_ci(nm, "monolayer"))
        return snprintf(why, n, "film ('%s')", nm), 1;
    if (contains_ci(nm, "nanowire") || contains_ci(nm, "nanotube") || strstr(nm, "CNT"))
        return snprintf(why, n, "nanostructure ('%s')", nm), 1;
    if (strstr(nm, "P=") || contains_ci(nm, "GPa") || contains_ci(nm, "kbar") || !strncmp(nm, "HP-", 3))
        return snprintf(why, n, "measured under pressure ('%s')", nm), 1;
    static const char *const phases[] = {"(II)", "(III)", "(IV)", "(V)", "-II", "-III", "-IV", "-V"};
    for (size_t k = 0; k < sizeof phases / sizeof *phases; k++) {
        const char *p = strstr(nm, phases[k]);
        size_t m = strlen(phases[k]);
        if (p && (p[m] == 0 || p[m] == ' ' || p[m] == ','))
            return snprintf(why, n, "high-pressure phase ('%s')", nm), 1;
    }
    return missing_dopant(r, why, n);
}

static const exclusion *excluded(const exclusion *e, size_t ne, const char *formula)
{
    for (size_t i = 0; i < ne; i++)
        if (!strcmp(e[i].formula, formula)) return &e[i];
    return NULL;
}

static const lmds_learn_row *find_row(const lmds_learn_data *d, const char *formula)
{
    for (size_t i = 0; d && i < d->n; i++)
        if (!strcmp(d->rows[i].formula, formula)) return &d->rows[i];
    return NULL;
}

static lmds_status drop(lmds_learn_data *d, const lmds_learn_row *r, const char *reason, const char *detail)
{
    lmds_learn_reject rj;
    memset(&rj, 0, sizeof rj);
    rj.line = r->line;
    snprintf(rj.id, sizeof rj.id, "%s", r->id);
    snprintf(rj.as_written, sizeof rj.as_written, "%s", r->name[0] ? r->name : r->formula);
    rj.tc_K = r->tc_K;
    snprintf(rj.reason, sizeof rj.reason, "%s", reason);
    return lmds_learn_reject_add(d, &rj, "%s: %s", r->formula, detail);
}

/* Steps 1-6 of the policy, row by row: keep[i] = 0 for a dropped row. */
static lmds_status policy_rows(lmds_learn_data *sc, const exclusion *ex, size_t nex, const lmds_learn_data *neg,
                               unsigned char *keep)
{
    lmds_status st = LMDS_OK;
    char why[160];
    for (size_t i = 0; st == LMDS_OK && i < sc->n; i++) {
        const lmds_learn_row *r = &sc->rows[i];
        const exclusion *e;
        const lmds_learn_row *ng;
        keep[i] = 0;
        if (!(r->tc_K > 0))
            st = drop(sc, r, "no_tc", "Tc = 0: no Tc reported, or no transition without the lowest temperature reached");
        else if (r->comp.n == 1)
            st = drop(sc, r, "element", "element row: replaced by the element table (ambient, stable phase)");
        else if (r->tc_K > LMDS_LEARN_AMBIENT_TC_MAX)
            st = drop(sc, r, "implausible", "Tc above the ambient-pressure record (133-135 K, HgBa2Ca2Cu3O8+d)");
        else if (other_form(r, why, sizeof why))
            st = drop(sc, r, "form", why);
        else if ((e = excluded(ex, nex, r->formula)))
            st = drop(sc, r, "excluded", e->why);
        else if ((ng = find_row(neg, r->formula)) && r->tc_K > ng->lowest_T_K) {
            snprintf(why, sizeof why, "contradicts a measured negative: no transition down to %g K (%s:%d)",
                     ng->lowest_T_K, neg->source, ng->line);
            st = drop(sc, r, "negative", why);
        } else keep[i] = 1;
    }
    return st;
}

/* Step 7: duplicates by consensus. d is sorted by (formula, Tc). Rows far from the median of their formula are
 * outliers when most rows agree; without a majority the whole group is a conflict. */
static lmds_status consensus(lmds_learn_data *d, unsigned char *keep)
{
    lmds_status st = LMDS_OK;
    for (size_t i = 0; st == LMDS_OK && i < d->n;) {
        size_t j = i;
        while (j < d->n && !strcmp(d->rows[j].formula, d->rows[i].formula)) j++;
        size_t k = j - i, nin = 0;
        double med = (k % 2) ? d->rows[i + k / 2].tc_K : 0.5 * (d->rows[i + k / 2 - 1].tc_K + d->rows[i + k / 2].tc_K);
        double tol = fmax(LMDS_LEARN_CONSENSUS_ABS, LMDS_LEARN_CONSENSUS_REL * med);
        for (size_t q = i; q < j; q++) nin += fabs(d->rows[q].tc_K - med) <= tol;
        for (size_t q = i; st == LMDS_OK && q < j; q++) {
            keep[q] = 1;
            if (fabs(d->rows[q].tc_K - med) <= tol && 2 * nin > k) continue;
            char why[160];
            keep[q] = 0;
            if (2 * nin > k) {
                snprintf(why, sizeof why, "outlier among %zu rows of this formula (median %.4g K, tolerance %.3g K)",
                         k, med, tol);
                st = drop(d, &d->rows[q], "outlier", why);
            } else {
                snprintf(why, sizeof why, "%zu rows of this formula disagree (%.4g-%.4g K, no majority within %.3g K)", k,
                         d->rows[i].tc_K, d->rows[j - 1].tc_K, tol);
                st = drop(d, &d->rows[q], "conflict", why);
            }
        }
        i = j;
    }
    return st;
}

static lmds_status apply_policy(lmds_learn_data *sc, const exclusion *ex, size_t nex, const lmds_learn_data *neg)
{
    unsigned char *keep = malloc(sc->n ? sc->n : 1);
    if (!keep) return lmds_error(LMDS_ENOMEM, "out of memory");
    lmds_status st = policy_rows(sc, ex, nex, neg, keep);
    if (st == LMDS_OK) {
        lmds_learn_data_filter(sc, keep);
        lmds_learn_data_sort(sc);
        st = consensus(sc, keep);
    }
    if (st == LMDS_OK) {
        lmds_learn_data_filter(sc, keep);
        st = lmds_learn_data_merge(sc);
    }
    free(keep);
    return st;
}

/* ---------------------------------------------------------------- assembling the labels */

/* Regressor: superconductors of SuperCon and of the element table. Classifier: those, the non-superconducting
 * elements and the negatives reached down to class_tc (a formula already labelled by SuperCon keeps that label). */
static lmds_status assemble(lmds_learn_labels *l, const lmds_learn_data *el, const lmds_learn_data *neg,
                            size_t *neg_skipped, size_t *neg_dup)
{
    const lmds_learn_data *sc = l->supercon;
    lmds_status st = lmds_learn_data_alloc(sc->n + el->n, "labels:regressor", &l->reg);
    if (st == LMDS_OK) st = lmds_learn_data_alloc(sc->n + el->n + neg->n, "labels:classifier", &l->cls);
    for (size_t i = 0; st == LMDS_OK && i < sc->n; i++) {
        l->reg->rows[l->reg->n++] = sc->rows[i];
        l->cls->rows[l->cls->n++] = sc->rows[i];
    }
    for (size_t i = 0; st == LMDS_OK && i < el->n; i++) {
        const lmds_learn_row *r = &el->rows[i];
        if (r->tc_K > 0) l->reg->rows[l->reg->n++] = *r;
        if (r->tc_K > 0 || r->lowest_T_K <= l->class_tc_K) l->cls->rows[l->cls->n++] = *r;
        else ++*neg_skipped;
    }
    for (size_t i = 0; st == LMDS_OK && i < neg->n; i++) {
        const lmds_learn_row *r = &neg->rows[i];
        if (r->lowest_T_K > l->class_tc_K) ++*neg_skipped;
        else if (find_row(sc, r->formula) || find_row(el, r->formula)) ++*neg_dup;
        else l->cls->rows[l->cls->n++] = *r;
    }
    return st;
}

static void add_counts(cJSON *j, const lmds_learn_data *d)
{
    static const char *const reasons[] = {"unparsable", "bad_tc", "oxygen_placeholder", "no_tc", "element",
                                          "implausible", "form", "excluded", "negative", "outlier", "conflict",
                                          "no_features"};
    cJSON_AddStringToObject(j, "source", d->source);
    cJSON_AddNumberToObject(j, "rows_read", (double)d->n_read);
    cJSON *r = cJSON_AddObjectToObject(j, "dropped");
    for (size_t k = 0; k < sizeof reasons / sizeof *reasons; k++)
        cJSON_AddNumberToObject(r, reasons[k], (double)lmds_learn_data_rejects_count(d, reasons[k]));
    cJSON_AddNumberToObject(j, "variable_oxygen_fixed", (double)d->n_variable_fixed);
    cJSON_AddNumberToObject(j, "duplicates_merged", (double)d->n_merged);
    cJSON_AddNumberToObject(j, "rows_kept", (double)d->n);
}

static size_t count_class(const lmds_learn_data *d, double tc, int positive)
{
    size_t k = 0;
    for (size_t i = 0; i < d->n; i++) k += lmds_learn_class_label(&d->rows[i], tc) == positive;
    return k;
}

static lmds_status summarise(lmds_learn_labels *l, const lmds_learn_data *el, const lmds_learn_data *neg,
                             size_t nex, size_t neg_skipped, size_t neg_dup)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddNumberToObject(j, "class_tc_K", l->class_tc_K);
    add_counts(cJSON_AddObjectToObject(j, "supercon"), l->supercon);
    cJSON *e = cJSON_AddObjectToObject(j, "elements");
    cJSON_AddStringToObject(e, "source", el->source);
    cJSON_AddNumberToObject(e, "rows", (double)el->n);
    cJSON_AddNumberToObject(e, "superconducting", (double)count_class(el, 1e-300, 1));
    cJSON_AddNumberToObject(e, "recalled", (double)el->n_recalled);
    cJSON *ng = cJSON_AddObjectToObject(j, "negatives");
    cJSON_AddStringToObject(ng, "source", neg->source);
    cJSON_AddNumberToObject(ng, "rows", (double)neg->n);
    cJSON_AddNumberToObject(ng, "recalled", (double)neg->n_recalled);
    cJSON_AddNumberToObject(ng, "skipped_lowest_T_above_class_tc", (double)neg_skipped);
    cJSON_AddNumberToObject(ng, "already_labelled_by_supercon", (double)neg_dup);
    cJSON_AddNumberToObject(j, "exclusion_list_compositions", (double)nex);
    cJSON *r = cJSON_AddObjectToObject(j, "regressor");
    cJSON_AddNumberToObject(r, "rows", (double)l->reg->n);
    cJSON *c = cJSON_AddObjectToObject(j, "classifier");
    cJSON_AddNumberToObject(c, "rows", (double)l->cls->n);
    cJSON_AddNumberToObject(c, "positive", (double)count_class(l->cls, l->class_tc_K, 1));
    cJSON_AddNumberToObject(c, "negative", (double)count_class(l->cls, l->class_tc_K, 0));
    l->summary = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    return l->summary ? LMDS_OK : lmds_error(LMDS_ENOMEM, "out of memory");
}

static lmds_status default_path(const char *given, const char *rel, char *buf, size_t n, const char **out)
{
    if (given) {
        *out = given;
        return LMDS_OK;
    }
    *out = buf;
    return lmds_data_path(rel, buf, n);
}

/* The lists and their paths, read before the policy runs. */
typedef struct inputs {
    char p[4][4096];
    const char *path[4];
    lmds_learn_data *el, *neg;
    exclusion *ex;
    size_t nex;
} inputs;

static lmds_status read_inputs(const lmds_learn_sources *s, inputs *in)
{
    static const char *const rel[4] = {"learn/supercon_nims_mdr_primary.tsv", "learn/elements_ambient.csv",
                                       "learn/supercon_exclusions.csv", "learn/negatives.csv"};
    const char *given[4] = {s->supercon, s->elements, s->exclusions, s->negatives};
    lmds_status st = LMDS_OK;
    for (int k = 0; st == LMDS_OK && k < 4; k++) st = default_path(given[k], rel[k], in->p[k], sizeof in->p[k], &in->path[k]);
    if (st == LMDS_OK) st = lmds_learn_list_read(in->path[1], &in->el);
    if (st == LMDS_OK) st = exclusions_read(in->path[2], &in->ex, &in->nex);
    if (st == LMDS_OK) st = lmds_learn_list_read(in->path[3], &in->neg);
    /* The shipped files are named as in the repository, not by this machine's absolute path. */
    if (st == LMDS_OK && !s->elements) snprintf(in->el->source, sizeof in->el->source, "data/%s", rel[1]);
    if (st == LMDS_OK && !s->negatives) snprintf(in->neg->source, sizeof in->neg->source, "data/%s", rel[3]);
    if (st == LMDS_OK) st = lmds_learn_data_drop_unfeaturisable(in->el, "default");
    if (st == LMDS_OK) st = lmds_learn_data_drop_unfeaturisable(in->neg, "default");
    return st;
}

lmds_status lmds_learn_labels_build(const lmds_learn_sources *sin, lmds_learn_labels **out)
{
    if (!out) return lmds_error(LMDS_EINVAL, "lmds_learn_labels_build: NULL output");
    *out = NULL;
    lmds_learn_sources s;
    if (sin) s = *sin;
    else lmds_learn_sources_default(&s);
    if (!(s.class_tc_K >= 0) || !isfinite(s.class_tc_K))
        return lmds_error(LMDS_EINVAL, "learn: class temperature must be >= 0 K");
    lmds_learn_labels *l = calloc(1, sizeof *l);
    inputs *in = calloc(1, sizeof *in);
    if (!l || !in) {
        free(l);
        free(in);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    l->class_tc_K = s.class_tc_K;
    size_t neg_skipped = 0, neg_dup = 0;
    lmds_status st = read_inputs(&s, in);
    if (st == LMDS_OK) st = lmds_learn_data_read(in->path[0], NULL, &l->supercon);
    if (st == LMDS_OK && !s.supercon)
        snprintf(l->supercon->source, sizeof l->supercon->source, "data/learn/supercon_nims_mdr_primary.tsv");
    if (st == LMDS_OK) st = apply_policy(l->supercon, in->ex, in->nex, in->neg);
    if (st == LMDS_OK) st = lmds_learn_data_drop_unfeaturisable(l->supercon, "default");
    if (st == LMDS_OK) st = assemble(l, in->el, in->neg, &neg_skipped, &neg_dup);
    if (st == LMDS_OK) st = summarise(l, in->el, in->neg, in->nex, neg_skipped, neg_dup);
    lmds_learn_data_free(in->el);
    lmds_learn_data_free(in->neg);
    free(in->ex);
    free(in);
    if (st != LMDS_OK) {
        lmds_learn_labels_free(l);
        return st;
    }
    *out = l;
    return LMDS_OK;
}

static int cmp_reject(const void *a, const void *b)
{
    const lmds_learn_reject *x = a, *y = b;
    return (x->line > y->line) - (x->line < y->line);
}

static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

lmds_status lmds_learn_labels_write_rejects(const lmds_learn_labels *l, const char *path)
{
    if (!l || !l->supercon || !path) return lmds_error(LMDS_EINVAL, "lmds_learn_labels_write_rejects: NULL argument");
    const lmds_learn_data *d = l->supercon;
    lmds_learn_reject *r = malloc((d->n_rejects ? d->n_rejects : 1) * sizeof *r);
    if (!r) return lmds_error(LMDS_ENOMEM, "out of memory");
    memcpy(r, d->rejects, d->n_rejects * sizeof *r);
    qsort(r, d->n_rejects, sizeof *r, cmp_reject);
    const char *inputs[2] = {d->source, NULL};
    lmds_ofile *o = NULL;
    lmds_status st = lmds_ofile_open(path, inputs, &o);
    if (st == LMDS_OK) {
        FILE *f = lmds_ofile_stream(o);
        fprintf(f, "# Rows of %s dropped by the label policy (docs/learn.md); regenerate with tools/learn/build_model.sh\n",
                d->source);
        fputs("line,id,as_written,Tc_K,reason,detail\n", f);
        for (size_t i = 0; i < d->n_rejects; i++) {
            fprintf(f, "%d,%s,", r[i].line, r[i].id);
            csv_field(f, r[i].as_written);
            if (isfinite(r[i].tc_K)) fprintf(f, ",%.6g,%s,", r[i].tc_K, r[i].reason);
            else fprintf(f, ",,%s,", r[i].reason);
            csv_field(f, r[i].detail);
            fputc('\n', f);
        }
        st = lmds_ofile_commit(o);
    }
    free(r);
    return st;
}

void lmds_learn_labels_free(lmds_learn_labels *l)
{
    if (!l) return;
    lmds_learn_data_free(l->reg);
    lmds_learn_data_free(l->cls);
    lmds_learn_data_free(l->supercon);
    free(l->summary);
    free(l);
}

/* TDB reader. The TDB format (Thermo-Calc database format, also read by OpenCalphad and pycalphad) is a list of
 * commands ended by '!', with '$' comments. Real files abbreviate keywords, glue numbers to expressions, and
 * repeat definitions; this reader accepts those quirks with warnings and reports everything else as an error at
 * file:line:column. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lmds/core.h"
#include "lmds/io.h"
#include "thermo/thermo_internal.h"

#define DEFAULT_THIGH 6000.0

typedef struct parser {
    lmds_tdb *db;
    char *buf;        /* upper-cased copy, comments blanked */
    size_t len;
    size_t pos, end;  /* current command */
    const char *name;
} parser;

static void where(const parser *ps, size_t off, int *line, int *col) {
    int l = 1, c = 1;
    for (size_t i = 0; i < off && i < ps->len; i++) {
        if (ps->buf[i] == '\n') { l++; c = 1; } else c++;
    }
    *line = l; *col = c;
}

static lmds_status perr(const parser *ps, size_t off, const char *msg, const char *arg) {
    int line, col;
    where(ps, off, &line, &col);
    return lmds_error_at(LMDS_EPARSE, ps->name, line, col, "%s%s%s", msg, arg ? ": " : "", arg ? arg : "");
}

static void pwarn(const parser *ps, size_t off, const char *msg, const char *arg) {
    int line, col;
    where(ps, off, &line, &col);
    lmds_warn("%s:%d:%d: %s%s%s", ps->name, line, col, msg, arg ? ": " : "", arg ? arg : "");
}

/* ---------- growable arrays ---------- */

static int grow(void **p, int n, int *cap, size_t sz) {
    if (n < *cap) return 0;
    int nc = *cap ? *cap * 2 : 16;
    void *q = realloc(*p, (size_t)nc * sz);
    if (!q) return -1;
    *p = q;
    *cap = nc;
    return 0;
}

typedef struct caps { int el, sp, fn, ph, par, td; } caps;

typedef struct loadctx {
    parser ps;
    caps cap;
    int nest;      /* current parenthesis/sign nesting while parsing an expression */
    int too_deep;  /* an expression tree exceeded MAX_TREE_DEPTH */
} loadctx;

#define MAX_NEST 200
#define MAX_TREE_DEPTH 1000

static int new_node(loadctx *lc, int op, int a, int b, double v) {
    lmds_tdb *db = lc->ps.db;
    if (grow((void **)&db->node, db->nnode, &db->capnode, sizeof(tdb_node))) return -1;
    tdb_node *n = &db->node[db->nnode];
    n->op = op; n->a = a; n->b = b; n->v = v;
    int d = 0;
    if (op != EX_FUN && a >= 0) d = db->node[a].depth;
    if (b >= 0 && db->node[b].depth > d) d = db->node[b].depth;
    n->depth = d + 1;
    if (n->depth > MAX_TREE_DEPTH) lc->too_deep = 1;
    return db->nnode++;
}

/* ---------- lexing inside a command ---------- */

static void skip_ws(parser *ps) {
    while (ps->pos < ps->end && isspace((unsigned char)ps->buf[ps->pos])) ps->pos++;
}


/* A word: everything up to whitespace (or the command end). */
static int read_word(parser *ps, char *out, size_t n) {
    skip_ws(ps);
    size_t k = 0;
    while (ps->pos < ps->end && !isspace((unsigned char)ps->buf[ps->pos])) {
        if (k + 1 < n) out[k++] = ps->buf[ps->pos];
        ps->pos++;
    }
    out[k] = 0;
    return (int)k;
}

static int read_number(parser *ps, double *v) {
    skip_ws(ps);
    if (ps->pos >= ps->end) return -1;
    char c = ps->buf[ps->pos];
    if (!(isdigit((unsigned char)c) || c == '.' || c == '-' || c == '+')) return -1;
    /* strtod would read past the command end in pathological input; copy a bounded token */
    char tmp[64];
    size_t k = 0;
    while (ps->pos + k < ps->end && k < sizeof tmp - 1) {
        char d = ps->buf[ps->pos + k];
        if (!(isdigit((unsigned char)d) || d == '.' || d == 'E' || d == '+' || d == '-')) break;
        tmp[k] = d;
        k++;
    }
    tmp[k] = 0;
    /* glued numbers: "100.00-7258.5" -> 100.00; a sign is part of the number only at its start or after E */
    size_t cut = 0;
    for (size_t i = 0; i < k; i++) {
        if ((tmp[i] == '+' || tmp[i] == '-') && i > 0 && tmp[i - 1] != 'E') break;
        cut = i + 1;
    }
    tmp[cut] = 0;
    char *endp;
    double x = strtod(tmp, &endp);
    if (endp == tmp || !isfinite(x)) return -1;
    ps->pos += (size_t)(endp - tmp);
    *v = x;
    return 0;
}

/* ---------- keyword abbreviations ---------- */

/* Is `word` an abbreviation of `full`? Each '_'-separated part of word must be a prefix of the corresponding
 * part of full ("DEF_SYS_ELEMENT" abbreviates "DEFINE_SYSTEM_ELEMENT", "PARA" abbreviates "PARAMETER"). */
static int abbreviates(const char *word, const char *full) {
    while (*word) {
        const char *we = strchr(word, '_');
        const char *fe = strchr(full, '_');
        size_t wl = we ? (size_t)(we - word) : strlen(word);
        size_t fl = fe ? (size_t)(fe - full) : strlen(full);
        if (wl == 0 || wl > fl || strncmp(word, full, wl) != 0) return 0;
        if (!we) return 1;
        if (!fe) return 0;
        word = we + 1;
        full = fe + 1;
    }
    return 1;
}

enum { K_ELEMENT, K_SPECIES, K_FUNCTION, K_PHASE, K_CONSTITUENT, K_PARAMETER, K_TYPE_DEFINITION,
       K_DEFINE_SYSTEM_DEFAULT, K_DEFAULT_COMMAND, K_LIST_OF_REFERENCES, K_ADD_REFERENCES, K_DATABASE_INFO,
       K_VERSION, K_ASSESSED_SYSTEMS, K_TEMPERATURE_LIMITS, K_DEFINE_SYSTEM_ELEMENT, K_REFERENCE_FILE,
       K_UNKNOWN };
static const char *const KEYWORDS[] = {
    "ELEMENT", "SPECIES", "FUNCTION", "PHASE", "CONSTITUENT", "PARAMETER", "TYPE_DEFINITION",
    "DEFINE_SYSTEM_DEFAULT", "DEFAULT_COMMAND", "LIST_OF_REFERENCES", "ADD_REFERENCES", "DATABASE_INFORMATION",
    "VERSION_DATE", "ASSESSED_SYSTEMS", "TEMPERATURE_LIMITS", "DEFINE_SYSTEM_ELEMENT", "REFERENCE_FILE"};

static int keyword(const char *w) {
    if (!strcmp(w, "SPECIE")) return K_SPECIES;
    for (int k = 0; k < K_UNKNOWN; k++)
        if (abbreviates(w, KEYWORDS[k])) return k;
    return K_UNKNOWN;
}

/* ---------- names ---------- */

static int find_element(const lmds_tdb *db, const char *name) {
    for (int i = 0; i < db->nel; i++)
        if (!strcmp(db->el[i].name, name)) return i;
    return -1;
}
static int find_species(const lmds_tdb *db, const char *name) {
    for (int i = 0; i < db->nsp; i++)
        if (!strcmp(db->sp[i].name, name)) return i;
    return -1;
}
static int find_phase(const lmds_tdb *db, const char *name) {
    for (int i = 0; i < db->nph; i++)
        if (!strcmp(db->ph[i].name, name)) return i;
    return -1;
}

static int func_ref(loadctx *lc, const char *name, size_t off) {
    lmds_tdb *db = lc->ps.db;
    for (int i = 0; i < db->nfn; i++)
        if (!strcmp(db->fn[i].name, name)) return i;
    if (grow((void **)&db->fn, db->nfn, &lc->cap.fn, sizeof(tdb_func))) return -1;
    tdb_func *f = &db->fn[db->nfn];
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "%s", name);
    where(&lc->ps, off, &f->line, &f->col);
    return db->nfn++;
}

/* ---------- expressions ---------- */

static lmds_status parse_expr(loadctx *lc, int *out);

static int is_ident_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

static lmds_status parse_unary(loadctx *lc, int *out);

static lmds_status parse_primary(loadctx *lc, int *out) {
    parser *ps = &lc->ps;
    skip_ws(ps);
    if (ps->pos >= ps->end) return perr(ps, ps->pos, "expression ends unexpectedly", NULL);
    size_t start = ps->pos;
    char c = ps->buf[ps->pos];
    if (c == '(') {
        ps->pos++;
        if (++lc->nest > MAX_NEST) return perr(ps, start, "expression nested too deeply", NULL);
        lmds_status st = parse_expr(lc, out);
        lc->nest--;
        if (st) return st;
        skip_ws(ps);
        if (ps->pos >= ps->end || ps->buf[ps->pos] != ')') return perr(ps, ps->pos, "expected ')'", NULL);
        ps->pos++;
        return LMDS_OK;
    }
    if (isdigit((unsigned char)c) || c == '.') {
        double v;
        if (read_number(ps, &v)) return perr(ps, start, "bad number", NULL);
        *out = new_node(lc, EX_NUM, -1, -1, v);
        return *out < 0 ? lmds_error(LMDS_ENOMEM, "out of memory") : LMDS_OK;
    }
    if (isalpha((unsigned char)c) || c == '_') {
        char id[TH_NAME + 8];
        size_t k = 0;
        while (ps->pos < ps->end && is_ident_char(ps->buf[ps->pos])) {
            if (k + 1 < sizeof id) id[k++] = ps->buf[ps->pos];
            ps->pos++;
        }
        id[k] = 0;
        if (k >= TH_NAME) return perr(ps, start, "name too long", NULL);
        skip_ws(ps);
        int call = ps->pos < ps->end && ps->buf[ps->pos] == '(';
        if (call && (!strcmp(id, "LN") || !strcmp(id, "LOG") || !strcmp(id, "EXP"))) {
            int arg;
            lmds_status st = parse_primary(lc, &arg);
            if (st) return st;
            *out = new_node(lc, id[0] == 'E' ? EX_EXP : EX_LN, arg, -1, 0);
            return *out < 0 ? lmds_error(LMDS_ENOMEM, "out of memory") : LMDS_OK;
        }
        if (call) return perr(ps, start, "unknown function", id);
        if (!strcmp(id, "T")) *out = new_node(lc, EX_T, -1, -1, 0);
        else if (!strcmp(id, "P")) *out = new_node(lc, EX_P, -1, -1, 0);
        else {
            if (ps->pos < ps->end && ps->buf[ps->pos] == '#') ps->pos++;
            int f = func_ref(lc, id, start);
            if (f < 0) return lmds_error(LMDS_ENOMEM, "out of memory");
            *out = new_node(lc, EX_FUN, f, -1, 0);
        }
        return *out < 0 ? lmds_error(LMDS_ENOMEM, "out of memory") : LMDS_OK;
    }
    char s[2] = {c, 0};
    return perr(ps, start, "unexpected character in expression", s);
}

static lmds_status parse_power(loadctx *lc, int *out) {
    parser *ps = &lc->ps;
    lmds_status st = parse_primary(lc, out);
    if (st) return st;
    skip_ws(ps);
    if (ps->pos + 1 < ps->end && ps->buf[ps->pos] == '*' && ps->buf[ps->pos + 1] == '*') {
        ps->pos += 2;
        int e;
        st = parse_unary(lc, &e); /* T**-1 and T**(-1) */
        if (st) return st;
        *out = new_node(lc, EX_POW, *out, e, 0);
        if (*out < 0) return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    return LMDS_OK;
}

static lmds_status parse_unary(loadctx *lc, int *out) {
    parser *ps = &lc->ps;
    skip_ws(ps);
    if (ps->pos < ps->end && (ps->buf[ps->pos] == '-' || ps->buf[ps->pos] == '+')) {
        int neg = ps->buf[ps->pos] == '-';
        ps->pos++;
        if (++lc->nest > MAX_NEST) return perr(ps, ps->pos, "expression nested too deeply", NULL);
        lmds_status st = parse_unary(lc, out);
        lc->nest--;
        if (st) return st;
        if (neg) {
            *out = new_node(lc, EX_NEG, *out, -1, 0);
            if (*out < 0) return lmds_error(LMDS_ENOMEM, "out of memory");
        }
        return LMDS_OK;
    }
    return parse_power(lc, out);
}

static lmds_status parse_term(loadctx *lc, int *out) {
    parser *ps = &lc->ps;
    lmds_status st = parse_unary(lc, out);
    if (st) return st;
    for (;;) {
        skip_ws(ps);
        if (ps->pos >= ps->end) return LMDS_OK;
        char c = ps->buf[ps->pos];
        if (c == '*' && !(ps->pos + 1 < ps->end && ps->buf[ps->pos + 1] == '*')) {
            ps->pos++;
            int r;
            if ((st = parse_unary(lc, &r))) return st;
            *out = new_node(lc, EX_MUL, *out, r, 0);
        } else if (c == '/') {
            ps->pos++;
            int r;
            if ((st = parse_unary(lc, &r))) return st;
            *out = new_node(lc, EX_DIV, *out, r, 0);
        } else {
            return LMDS_OK;
        }
        if (*out < 0) return lmds_error(LMDS_ENOMEM, "out of memory");
    }
}

static lmds_status parse_expr(loadctx *lc, int *out) {
    parser *ps = &lc->ps;
    lmds_status st = parse_term(lc, out);
    if (st) return st;
    for (;;) {
        skip_ws(ps);
        if (ps->pos >= ps->end) return LMDS_OK;
        char c = ps->buf[ps->pos];
        if (c != '+' && c != '-') return LMDS_OK;
        ps->pos++;
        int r;
        if ((st = parse_term(lc, &r))) return st;
        *out = new_node(lc, c == '+' ? EX_ADD : EX_SUB, *out, r, 0);
        if (*out < 0) return lmds_error(LMDS_ENOMEM, "out of memory");
    }
}

/* "TLOW expr; THIGH Y expr; THIGH N [ref]". The reference code after 'N' ("REF: 91Din", "REF0", "90Rug")
 * goes to ref (n bytes, may be NULL) so that a database written back keeps its sources. */
static lmds_status parse_piece(loadctx *lc, tdb_piece *pc, char *ref, size_t refn) {
    parser *ps = &lc->ps;
    lmds_tdb *db = ps->db;
    double tl;
    skip_ws(ps);
    size_t off = ps->pos;
    if (read_number(ps, &tl)) return perr(ps, off, "expected the lower temperature limit", NULL);
    pc->tlow = tl;
    pc->text = tl;
    pc->n = 0;
    pc->first = db->nrng;
    for (;;) {
        int root;
        skip_ws(ps);
        /* An empty expression ("298.15 ; 6000 N") means 0. */
        if (ps->pos < ps->end && ps->buf[ps->pos] == ';') {
            root = new_node(lc, EX_NUM, -1, -1, 0.0);
            if (root < 0) return lmds_error(LMDS_ENOMEM, "out of memory");
        } else {
            size_t eoff = ps->pos;
            lc->too_deep = 0;
            lmds_status st = parse_expr(lc, &root);
            if (st) return st;
            if (lc->too_deep) return perr(ps, eoff, "expression too long", NULL);
        }
        skip_ws(ps);
        if (ps->pos >= ps->end || ps->buf[ps->pos] != ';')
            return perr(ps, ps->pos, "expected ';' after the expression", NULL);
        ps->pos++;
        skip_ws(ps);
        double th = DEFAULT_THIGH;
        if (ps->pos < ps->end && ps->buf[ps->pos] == ',') {
            while (ps->pos < ps->end && ps->buf[ps->pos] == ',') ps->pos++; /* ",,N": default limit */
        } else if (read_number(ps, &th)) {
            return perr(ps, ps->pos, "expected the upper temperature limit", NULL);
        }
        if (grow((void **)&db->rng, db->nrng, &db->caprng, sizeof(tdb_range)))
            return lmds_error(LMDS_ENOMEM, "out of memory");
        db->rng[db->nrng].thigh = th;
        db->rng[db->nrng].root = root;
        db->nrng++;
        pc->n++;
        skip_ws(ps);
        if (ps->pos < ps->end && ps->buf[ps->pos] == 'Y') {
            ps->pos++;
            continue;
        }
        /* 'N' or nothing: the rest is the reference */
        if (ref && refn) {
            ref[0] = 0;
            if (ps->pos < ps->end && ps->buf[ps->pos] == 'N') ps->pos++;
            char w[64];
            if (read_word(ps, w, sizeof w)) {
                const char *r = w;
                if (!strcmp(w, "REF:") || !strcmp(w, "REF")) {
                    if (!read_word(ps, w, sizeof w)) w[0] = 0;
                } else if (!strncmp(w, "REF:", 4)) {
                    r = w + 4;
                }
                snprintf(ref, refn, "%.23s", r);
            }
        }
        ps->pos = ps->end;
        return LMDS_OK;
    }
}

/* ---------- commands ---------- */

static lmds_status cmd_element(loadctx *lc) {
    parser *ps = &lc->ps;
    lmds_tdb *db = ps->db;
    char name[64], phase[64];
    size_t off = (skip_ws(ps), ps->pos);
    if (!read_word(ps, name, sizeof name)) return perr(ps, off, "ELEMENT without a name", NULL);
    if (strlen(name) > 3) return perr(ps, off, "element name too long", name);
    read_word(ps, phase, sizeof phase);
    double v[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++)
        if (read_number(ps, &v[i])) break;
    if (!strcmp(name, "/-")) return LMDS_OK; /* the electron: not used by metallic systems */
    if (find_element(db, name) >= 0) {
        pwarn(ps, off, "element defined twice, the later definition wins", name);
    } else {
        if (grow((void **)&db->el, db->nel, &lc->cap.el, sizeof(tdb_element))) return lmds_error(LMDS_ENOMEM, "oom");
        db->nel++;
    }
    int e = find_element(db, name);
    if (e < 0) e = db->nel - 1;
    tdb_element *el = &db->el[e];
    snprintf(el->name, sizeof el->name, "%.3s", name);
    snprintf(el->ref_phase, sizeof el->ref_phase, "%.31s", phase);
    el->mass = v[0]; el->h298 = v[1]; el->s298 = v[2];
    if (find_species(db, name) < 0) {
        if (grow((void **)&db->sp, db->nsp, &lc->cap.sp, sizeof(tdb_species))) return lmds_error(LMDS_ENOMEM, "oom");
        tdb_species *s = &db->sp[db->nsp++];
        memset(s, 0, sizeof *s);
        snprintf(s->name, sizeof s->name, "%.31s", name);
        if (!strcmp(name, "VA")) {
            s->is_va = 1;
        } else {
            s->nel = 1; s->el[0] = e; s->stoich[0] = 1;
        }
    }
    return LMDS_OK;
}

static lmds_status cmd_species(loadctx *lc) {
    parser *ps = &lc->ps;
    lmds_tdb *db = ps->db;
    char name[64], formula[128];
    size_t off = (skip_ws(ps), ps->pos);
    if (!read_word(ps, name, sizeof name)) return perr(ps, off, "SPECIES without a name", NULL);
    if (strlen(name) >= TH_NAME) return perr(ps, off, "species name too long", name);
    size_t foff = (skip_ws(ps), ps->pos);
    if (!read_word(ps, formula, sizeof formula)) return perr(ps, foff, "SPECIES without a formula", name);
    tdb_species s;
    memset(&s, 0, sizeof s);
    snprintf(s.name, sizeof s.name, "%.31s", name);
    const char *p = formula;
    while (*p && *p != '/') {
        /* longest declared element symbol at p */
        int e = -1;
        size_t L = 0;
        for (size_t l = 2; l >= 1 && e < 0; l--) {
            char sym[3] = {0, 0, 0};
            if (strlen(p) < l) continue;
            memcpy(sym, p, l);
            e = find_element(db, sym);
            if (e >= 0) L = l;
        }
        if (e < 0) {
            pwarn(ps, foff, "species refers to an undeclared element, ignored", name);
            return LMDS_OK;
        }
        p += L;
        double n = 1;
        if (isdigit((unsigned char)*p) || *p == '.') {
            char *endp;
            n = strtod(p, &endp);
            p = endp;
        }
        if (!strcmp(db->el[e].name, "VA")) continue;
        int k;
        for (k = 0; k < s.nel; k++)
            if (s.el[k] == e) break;
        if (k == s.nel) {
            if (s.nel >= TH_MAXC) return perr(ps, foff, "species with too many elements", name);
            s.el[k] = e;
            s.nel++;
        }
        s.stoich[k] += n;
    }
    int i = find_species(db, name);
    if (i >= 0) {
        pwarn(ps, off, "species defined twice, the later definition wins", name);
        db->sp[i] = s;
        return LMDS_OK;
    }
    if (grow((void **)&db->sp, db->nsp, &lc->cap.sp, sizeof(tdb_species))) return lmds_error(LMDS_ENOMEM, "oom");
    db->sp[db->nsp++] = s;
    return LMDS_OK;
}

static lmds_status cmd_function(loadctx *lc) {
    parser *ps = &lc->ps;
    lmds_tdb *db = ps->db;
    char name[64];
    size_t off = (skip_ws(ps), ps->pos);
    if (!read_word(ps, name, sizeof name)) return perr(ps, off, "FUNCTION without a name", NULL);
    if (strlen(name) >= TH_NAME) return perr(ps, off, "function name too long", name);
    int f = func_ref(lc, name, off);
    if (f < 0) return lmds_error(LMDS_ENOMEM, "out of memory");
    tdb_piece pc;
    lmds_status st = parse_piece(lc, &pc, NULL, 0);
    if (st) return st;
    if (db->fn[f].defined) pwarn(ps, off, "function defined twice, the later definition wins", name);
    db->fn[f].defined = 1;
    db->fn[f].piece = pc;
    where(ps, off, &db->fn[f].line, &db->fn[f].col);
    return LMDS_OK;
}

static lmds_status cmd_typedef(loadctx *lc) {
    parser *ps = &lc->ps;
    lmds_tdb *db = ps->db;
    char code[16], w[64];
    size_t off = (skip_ws(ps), ps->pos);
    if (!read_word(ps, code, sizeof code)) return perr(ps, off, "TYPE_DEFINITION without a code", NULL);
    tdb_typedef td = {code[0], 0, 0, 0};
    int magnetic = 0, disordered = 0;
    while (read_word(ps, w, sizeof w)) {
        if (abbreviates(w, "MAGNETIC")) { magnetic = 1; break; }
        if (abbreviates(w, "DISORDERED_PART")) disordered = 1;
    }
    if (magnetic) {
        if (read_number(ps, &td.afm) || read_number(ps, &td.p))
            return perr(ps, ps->pos, "MAGNETIC needs the antiferromagnetic factor and p", NULL);
        td.magnetic = 1;
    }
    if (disordered) pwarn(ps, off, "DISORDERED_PART is not supported; ordered phase used as is", NULL);
    if (grow((void **)&db->td, db->ntd, &lc->cap.td, sizeof(tdb_typedef))) return lmds_error(LMDS_ENOMEM, "oom");
    db->td[db->ntd++] = td;
    ps->pos = ps->end;
    return LMDS_OK;
}

/* Strip a ":L"-style suffix from a phase name. Returns the offset of the ':' part kept for the caller. */
static void phase_name(const char *word, char *name, size_t n) {
    size_t k = 0;
    while (word[k] && word[k] != ':' && k + 1 < n) {
        name[k] = word[k];
        k++;
    }
    name[k] = 0;
}

static lmds_status cmd_phase(loadctx *lc) {
    parser *ps = &lc->ps;
    lmds_tdb *db = ps->db;
    char w[64], name[TH_NAME], types[32];
    size_t off = (skip_ws(ps), ps->pos);
    if (!read_word(ps, w, sizeof w)) return perr(ps, off, "PHASE without a name", NULL);
    phase_name(w, name, sizeof name);
    if (!name[0]) return perr(ps, off, "PHASE without a name", NULL);
    read_word(ps, types, sizeof types);
    double ns;
    size_t noff = (skip_ws(ps), ps->pos);
    if (read_number(ps, &ns) || ns < 1 || ns > TH_MAXSUB || ns != floor(ns))
        return perr(ps, noff, "bad number of sublattices", NULL);
    tdb_phase ph;
    memset(&ph, 0, sizeof ph);
    snprintf(ph.name, sizeof ph.name, "%s", name);
    snprintf(ph.types, sizeof ph.types, "%.15s", types);
    ph.nsub = (int)ns;
    for (int s = 0; s < ph.nsub; s++) {
        size_t so = (skip_ws(ps), ps->pos);
        if (read_number(ps, &ph.sites[s]) || !(ph.sites[s] > 0))
            return perr(ps, so, "expected a positive number of sites", NULL);
    }
    where(ps, off, &ph.line, &(int){0});
    int i = find_phase(db, name);
    if (i >= 0) {
        pwarn(ps, off, "phase defined twice, the later definition wins", name);
        free(db->ph[i].cons);
        db->ph[i] = ph;
    } else {
        if (grow((void **)&db->ph, db->nph, &lc->cap.ph, sizeof(tdb_phase))) return lmds_error(LMDS_ENOMEM, "oom");
        db->ph[db->nph++] = ph;
    }
    ps->pos = ps->end;
    return LMDS_OK;
}

static lmds_status cmd_constituent(loadctx *lc) {
    parser *ps = &lc->ps;
    lmds_tdb *db = ps->db;
    char name[TH_NAME];
    skip_ws(ps);
    size_t off = ps->pos;
    /* phase name up to whitespace or ':'; then an optional one-letter suffix ":L" */
    size_t k = 0;
    while (ps->pos < ps->end && !isspace((unsigned char)ps->buf[ps->pos]) && ps->buf[ps->pos] != ':') {
        if (k + 1 < sizeof name) name[k++] = ps->buf[ps->pos];
        ps->pos++;
    }
    name[k] = 0;
    if (!k) return perr(ps, off, "CONSTITUENT without a phase name", NULL);
    if (ps->pos + 2 < ps->end && ps->buf[ps->pos] == ':' && isalpha((unsigned char)ps->buf[ps->pos + 1]) &&
        (isspace((unsigned char)ps->buf[ps->pos + 2]) || ps->buf[ps->pos + 2] == ':'))
        ps->pos += 2;
    int p = find_phase(db, name);
    if (p < 0) {
        pwarn(ps, off, "CONSTITUENT for an undeclared phase, ignored", name);
        ps->pos = ps->end;
        return LMDS_OK;
    }
    tdb_phase *ph = &db->ph[p];
    skip_ws(ps);
    if (ps->pos >= ps->end || ps->buf[ps->pos] != ':') return perr(ps, ps->pos, "expected ':'", NULL);
    ps->pos++;
    int cons[1024], ncons[TH_MAXSUB] = {0}, nc = 0, s = 0;
    char sp[TH_NAME + 8];
    for (;;) {
        skip_ws(ps);
        if (ps->pos >= ps->end) break;
        size_t so = ps->pos;
        size_t j = 0;
        while (ps->pos < ps->end && !strchr(",: \t\r\n", ps->buf[ps->pos])) {
            if (j + 1 < sizeof sp) sp[j++] = ps->buf[ps->pos];
            ps->pos++;
        }
        sp[j] = 0;
        /* '%' marks major constituents; irrelevant for the thermodynamics */
        while (j > 0 && sp[j - 1] == '%') sp[--j] = 0;
        if (j) {
            if (s >= ph->nsub) return perr(ps, so, "more sublattices than the PHASE declares", name);
            int e = find_species(db, sp);
            if (e < 0) {
                pwarn(ps, so, "undeclared constituent ignored", sp);
            } else if (nc < 1024) {
                cons[nc++] = e;
                ncons[s]++;
            }
        }
        skip_ws(ps);
        if (ps->pos < ps->end && ps->buf[ps->pos] == ',') { ps->pos++; continue; }
        if (ps->pos < ps->end && ps->buf[ps->pos] == ':') { ps->pos++; s++; continue; }
        if (ps->pos < ps->end) return perr(ps, ps->pos, "expected ',' or ':' in the constituent list", NULL);
    }
    if (s != ph->nsub) return perr(ps, off, "constituent list does not match the number of sublattices", name);
    free(ph->cons);
    ph->cons = malloc((size_t)(nc ? nc : 1) * sizeof(int));
    if (!ph->cons) return lmds_error(LMDS_ENOMEM, "out of memory");
    memcpy(ph->cons, cons, (size_t)nc * sizeof(int));
    memcpy(ph->ncons, ncons, sizeof ncons);
    if (ph->has_const) pwarn(ps, off, "constituents given twice, the later list wins", name);
    ph->has_const = 1;
    return LMDS_OK;
}

static int cmp_species_name(const lmds_tdb *db, int a, int b) {
    if (a < 0 || b < 0) return a - b;
    return strcmp(db->sp[a].name, db->sp[b].name);
}

static lmds_status cmd_parameter(loadctx *lc) {
    parser *ps = &lc->ps;
    lmds_tdb *db = ps->db;
    skip_ws(ps);
    size_t off = ps->pos;
    char type[16];
    size_t k = 0;
    while (ps->pos < ps->end && ps->buf[ps->pos] != '(' && !isspace((unsigned char)ps->buf[ps->pos])) {
        if (k + 1 < sizeof type) type[k++] = ps->buf[ps->pos];
        ps->pos++;
    }
    type[k] = 0;
    skip_ws(ps);
    if (ps->pos >= ps->end || ps->buf[ps->pos] != '(') return perr(ps, ps->pos, "expected '(' after the parameter type", NULL);
    ps->pos++;
    tdb_param par;
    memset(&par, 0, sizeof par);
    par.sign = 1;
    where(ps, off, &par.line, &par.col);
    int known = 1;
    if (!strcmp(type, "G") || !strcmp(type, "L")) par.type = PAR_G;
    else if (!strcmp(type, "TC")) par.type = PAR_TC;
    else if (!strcmp(type, "BMAGN") || !strcmp(type, "BM")) par.type = PAR_BMAGN;
    else known = 0;
    /* phase name up to ',' */
    k = 0;
    skip_ws(ps);
    while (ps->pos < ps->end && ps->buf[ps->pos] != ',' && ps->buf[ps->pos] != ')') {
        if (!isspace((unsigned char)ps->buf[ps->pos]) && k + 1 < sizeof par.phase) par.phase[k++] = ps->buf[ps->pos];
        ps->pos++;
    }
    par.phase[k] = 0;
    { char *c = strchr(par.phase, ':'); if (c) *c = 0; }
    if (ps->pos >= ps->end || ps->buf[ps->pos] != ',') return perr(ps, ps->pos, "expected ',' after the phase name", NULL);
    ps->pos++;
    int s = 0, undeclared = 0;
    char sp[TH_NAME + 8];
    for (;;) {
        skip_ws(ps);
        size_t so = ps->pos;
        size_t j = 0;
        while (ps->pos < ps->end && !strchr(",:;) \t\r\n", ps->buf[ps->pos])) {
            if (j + 1 < sizeof sp) sp[j++] = ps->buf[ps->pos];
            ps->pos++;
        }
        sp[j] = 0;
        while (j > 0 && sp[j - 1] == '%') sp[--j] = 0;
        if (!j) return perr(ps, so, "empty constituent in parameter", NULL);
        if (par.ncons[s] >= 4) return perr(ps, so, "more than 4 interacting constituents", NULL);
        int e = -1;
        if (strcmp(sp, "*")) {
            e = find_species(db, sp);
            if (e < 0) undeclared = 1;
        }
        par.cons[s][par.ncons[s]++] = e;
        skip_ws(ps);
        if (ps->pos >= ps->end) return perr(ps, ps->pos, "parameter name not closed", NULL);
        char c = ps->buf[ps->pos++];
        if (c == ',') continue;
        if (c == ':') {
            if (++s >= TH_MAXSUB) return perr(ps, so, "too many sublattices", NULL);
            continue;
        }
        if (c == ';') {
            double o;
            skip_ws(ps);
            size_t oo = ps->pos;
            if (read_number(ps, &o) || o < 0 || o > 20 || o != floor(o)) return perr(ps, oo, "bad order", NULL);
            par.order = (int)o;
            skip_ws(ps);
            if (ps->pos >= ps->end || ps->buf[ps->pos] != ')') return perr(ps, ps->pos, "expected ')'", NULL);
            ps->pos++;
            break;
        }
        if (c == ')') break;
        return perr(ps, ps->pos - 1, "unexpected character in parameter name", NULL);
    }
    par.nsub = s + 1;
    lmds_status st = parse_piece(lc, &par.piece, par.ref, sizeof par.ref);
    if (st) return st;
    if (!known) {
        pwarn(ps, off, "parameter type not used by lmds, ignored", type);
        return LMDS_OK;
    }
    if (undeclared) {
        pwarn(ps, off, "parameter for an undeclared constituent, ignored", NULL);
        return LMDS_OK;
    }
    /* Canonical order: constituents sorted by name within each sublattice. Reversing the pair of a binary
     * Redlich-Kister term flips the sign of its odd-order coefficients, since (y_j - y_i)^k = -(y_i - y_j)^k. */
    for (int t = 0; t < par.nsub; t++) {
        int n = par.ncons[t];
        int *c = par.cons[t];
        for (int a = 1; a < n; a++)
            for (int b = a; b > 0 && cmp_species_name(db, c[b - 1], c[b]) > 0; b--) {
                int tmp = c[b]; c[b] = c[b - 1]; c[b - 1] = tmp;
                if (n == 2 && (par.order & 1)) par.sign = -par.sign;
            }
        for (int a = 1; a < n; a++)
            if (c[a] == c[a - 1]) return perr(ps, off, "constituent repeated in a parameter", NULL);
    }
    /* duplicates: the later definition wins */
    for (int i = 0; i < db->npar; i++) {
        tdb_param *q = &db->par[i];
        if (q->dead || q->type != par.type || q->order != par.order || q->nsub != par.nsub ||
            strcmp(q->phase, par.phase))
            continue;
        if (memcmp(q->ncons, par.ncons, sizeof par.ncons) || memcmp(q->cons, par.cons, sizeof par.cons)) continue;
        q->dead = 1;
        pwarn(ps, off, "parameter defined twice, the later definition wins", par.phase);
    }
    if (grow((void **)&db->par, db->npar, &lc->cap.par, sizeof(tdb_param))) return lmds_error(LMDS_ENOMEM, "oom");
    db->par[db->npar++] = par;
    return LMDS_OK;
}

/* ---------- evaluation ---------- */

static double node_eval(const lmds_tdb *db, int i, double T, double P, double *fc, int depth);

static double piece_value(const lmds_tdb *db, const tdb_piece *pc, double T, double P, double *fc, int depth);

static double func_eval(const lmds_tdb *db, int f, double T, double P, double *fc, int depth) {
    if (fc && !isnan(fc[f])) return fc[f];
    if (depth > 32) return NAN;
    double v = piece_value(db, &db->fn[f].piece, T, P, fc, depth + 1);
    if (fc) fc[f] = v;
    return v;
}

static double node_eval(const lmds_tdb *db, int i, double T, double P, double *fc, int depth) {
    const tdb_node *n = &db->node[i];
    switch (n->op) {
    case EX_NUM: return n->v;
    case EX_T: return T;
    case EX_P: return P;
    case EX_FUN: return func_eval(db, n->a, T, P, fc, depth + 1);
    case EX_ADD: return node_eval(db, n->a, T, P, fc, depth) + node_eval(db, n->b, T, P, fc, depth);
    case EX_SUB: return node_eval(db, n->a, T, P, fc, depth) - node_eval(db, n->b, T, P, fc, depth);
    case EX_MUL: return node_eval(db, n->a, T, P, fc, depth) * node_eval(db, n->b, T, P, fc, depth);
    case EX_DIV: return node_eval(db, n->a, T, P, fc, depth) / node_eval(db, n->b, T, P, fc, depth);
    case EX_POW: {
        double b = node_eval(db, n->a, T, P, fc, depth), e = node_eval(db, n->b, T, P, fc, depth);
        if (e == floor(e) && fabs(e) < 64) {
            int k = (int)fabs(e);
            double r = 1;
            for (int j = 0; j < k; j++) r *= b;
            return e < 0 ? 1.0 / r : r;
        }
        return pow(b, e);
    }
    case EX_NEG: return -node_eval(db, n->a, T, P, fc, depth);
    case EX_LN: return log(node_eval(db, n->a, T, P, fc, depth));
    case EX_EXP: return exp(node_eval(db, n->a, T, P, fc, depth));
    }
    return NAN;
}

/* The range of a piecewise expression that holds T (the first below its first limit, the last above its last). */
static double range_eval(const lmds_tdb *db, const tdb_piece *pc, double T, double P, double *fc, int depth) {
    int r = 0;
    while (r < pc->n - 1 && T >= db->rng[pc->first + r].thigh) r++;
    return node_eval(db, db->rng[pc->first + r].root, T, P, fc, depth);
}

/* Below its lower limit T0 an expression is extrapolated in two stages.
 *  1. Its first range is used as it stands (as OpenCalphad and Thermo-Calc do, so results just below T0, such as the
 *     Ga-In eutectic at 289 K under In's 298.15 K limit, are theirs) down to text, the lowest temperature at which
 *     that range's heat capacity Cp = -T d2G/dT2 is still within 30 % (+ 2 J/(mol K)) of its value at T0.
 *  2. Below text, G continues with constant heat capacity Cp1 = Cp(text), G, S continuous there:
 *       G(T) = H1 + Cp1 (T - T1) - T (S1 + Cp1 ln(T / T1)),  T1 = text, S1 = -dG/dT, H1 = G + T1 S1 at T1.
 * The SGTE polynomials are fitted above 298.15 K (200 K for Ga); their 1/T and T^3 terms make Cp run away below
 * (the Ga polynomial gives +419 kJ/mol at 1 K), which stage 2 stops. Neither stage models the real fall of Cp to 0
 * at low temperature: answers below the system's highest lower limit carry that uncertainty, and the engine warns
 * about them (th_ws_warn_T). Linear expressions (a + b T) are unchanged by the rule. Derivatives by finite
 * differences with a 0.1 K step. */
static double extrapolate_low(const lmds_tdb *db, const tdb_piece *pc, double T, double P, int depth) {
    double T1 = pc->text, h = 0.1;
    /* no function cache here: the values are at T1, T1 + h, T1 + 2h, not at the T the cache holds */
    double g0 = range_eval(db, pc, T1, P, NULL, depth), g1 = range_eval(db, pc, T1 + h, P, NULL, depth);
    double g2 = range_eval(db, pc, T1 + 2 * h, P, NULL, depth);
    double dG = (-3 * g0 + 4 * g1 - g2) / (2 * h), d2G = (g0 - 2 * g1 + g2) / (h * h);
    double S1 = -dG, Cp1 = -T1 * d2G, H1 = g0 + T1 * S1;
    return H1 + Cp1 * (T - T1) - T * (S1 + Cp1 * log(T / T1));
}

static double piece_value(const lmds_tdb *db, const tdb_piece *pc, double T, double P, double *fc, int depth) {
    if (pc->n <= 0) return 0;
    if (T < pc->text && T > 0) return extrapolate_low(db, pc, T, P, depth);
    return range_eval(db, pc, T, P, fc, depth);
}

/* Heat capacity of the first range at T (central differences, 0.1 K), at 1 bar. */
static double first_range_cp(const lmds_tdb *db, const tdb_piece *pc, double T) {
    double h = 0.1;
    double gm = range_eval(db, pc, T - h, 1e5, NULL, 0), g0 = range_eval(db, pc, T, 1e5, NULL, 0);
    double gp = range_eval(db, pc, T + h, 1e5, NULL, 0);
    return -T * (gp - 2 * g0 + gm) / (h * h);
}

/* text of a piece (the functions it uses must have theirs already): see extrapolate_low. */
static void piece_text(const lmds_tdb *db, tdb_piece *pc) {
    pc->text = pc->tlow;
    if (pc->n <= 0 || !(pc->tlow > 2)) return;
    double T0 = pc->tlow, cp0 = first_range_cp(db, pc, T0);
    if (!isfinite(cp0)) return;
    double band = 0.3 * fabs(cp0) + 2.0, T = T0;
    for (double Tn = T0 - 2; Tn > 1.5; Tn -= 2) {
        double cp = first_range_cp(db, pc, Tn);
        if (!isfinite(cp) || fabs(cp - cp0) > band) break;
        T = Tn;
    }
    pc->text = T;
}

static void node_text_deps(lmds_tdb *db, int i, unsigned char *state, int depth);

/* Functions in dependency order (those a function uses first), then every parameter. */
static void function_text(lmds_tdb *db, int f, unsigned char *state, int depth) {
    if (state[f] || depth > 32) return;
    state[f] = 1;
    tdb_piece *pc = &db->fn[f].piece;
    for (int r = 0; r < pc->n; r++) node_text_deps(db, db->rng[pc->first + r].root, state, depth + 1);
    piece_text(db, pc);
}

static void node_text_deps(lmds_tdb *db, int i, unsigned char *state, int depth) {
    const tdb_node *n = &db->node[i];
    if (n->op == EX_FUN) { function_text(db, n->a, state, depth); return; }
    if (n->op == EX_NUM || n->op == EX_T || n->op == EX_P) return;
    node_text_deps(db, n->a, state, depth);
    if (n->b >= 0) node_text_deps(db, n->b, state, depth);
}

static lmds_status extrapolation_limits(lmds_tdb *db) {
    unsigned char *state = calloc((size_t)db->nfn + 1, 1);
    if (!state) return lmds_error(LMDS_ENOMEM, "out of memory");
    for (int f = 0; f < db->nfn; f++) function_text(db, f, state, 0);
    for (int i = 0; i < db->npar; i++)
        if (!db->par[i].dead) piece_text(db, &db->par[i].piece);
    free(state);
    return LMDS_OK;
}

double tdb_piece_eval(const lmds_tdb *db, const tdb_piece *pc, double T, double P, double *fcache) {
    return piece_value(db, pc, T, P, fcache, 0);
}

static void node_limits(const lmds_tdb *db, int i, double *lo, char *name, int *uses_P, int depth);

static void piece_limits(const lmds_tdb *db, const tdb_piece *pc, const char *own, double *lo, char *name,
                         int *uses_P, int depth) {
    if (depth > 32 || pc->n <= 0) return;
    if (pc->tlow > *lo) {
        *lo = pc->tlow;
        if (name) snprintf(name, TH_NAME, "%s", own);
    }
    for (int r = 0; r < pc->n; r++) node_limits(db, db->rng[pc->first + r].root, lo, name, uses_P, depth + 1);
}

static void node_limits(const lmds_tdb *db, int i, double *lo, char *name, int *uses_P, int depth) {
    const tdb_node *n = &db->node[i];
    if (n->op == EX_P) *uses_P = 1;
    if (n->op == EX_FUN) {
        piece_limits(db, &db->fn[n->a].piece, db->fn[n->a].name, lo, name, uses_P, depth + 1);
        return;
    }
    if (n->op == EX_NUM || n->op == EX_T || n->op == EX_P) return;
    node_limits(db, n->a, lo, name, uses_P, depth);
    if (n->b >= 0) node_limits(db, n->b, lo, name, uses_P, depth);
}

double tdb_piece_lower_limit(const lmds_tdb *db, const tdb_piece *pc, char *name, int *uses_P) {
    double lo = 0;
    int P = 0;
    if (name) name[0] = 0;
    piece_limits(db, pc, "a parameter", &lo, name, &P, 0);
    if (uses_P) *uses_P = P;
    return lo;
}

/* Function references must resolve and must not be circular. */
static int func_cycle(const lmds_tdb *db, int f, unsigned char *state);
static int node_cycle(const lmds_tdb *db, int i, unsigned char *state) {
    const tdb_node *n = &db->node[i];
    if (n->op == EX_FUN) return func_cycle(db, n->a, state);
    if (n->op == EX_NUM || n->op == EX_T || n->op == EX_P) return 0;
    if (node_cycle(db, n->a, state)) return 1;
    return n->b >= 0 && node_cycle(db, n->b, state);
}
static int func_cycle(const lmds_tdb *db, int f, unsigned char *state) {
    if (state[f] == 2) return 0;
    if (state[f] == 1) return 1;
    state[f] = 1;
    const tdb_piece *pc = &db->fn[f].piece;
    for (int r = 0; r < pc->n; r++)
        if (node_cycle(db, db->rng[pc->first + r].root, state)) return 1;
    state[f] = 2;
    return 0;
}

static lmds_status finish(loadctx *lc) {
    lmds_tdb *db = lc->ps.db;
    /* Built-ins some databases use without defining them: R and RTLNP = R T ln(P / 1 bar). */
    for (int f = 0; f < db->nfn; f++) {
        if (db->fn[f].defined) continue;
        int root = -1;
        if (!strcmp(db->fn[f].name, "R")) {
            root = new_node(lc, EX_NUM, -1, -1, LMDS_R_GAS);
        } else if (!strcmp(db->fn[f].name, "RTLNP")) {
            int r = new_node(lc, EX_NUM, -1, -1, LMDS_R_GAS), t = new_node(lc, EX_T, -1, -1, 0);
            int rt = new_node(lc, EX_MUL, r, t, 0);
            int c = new_node(lc, EX_NUM, -1, -1, 1e-5), p = new_node(lc, EX_P, -1, -1, 0);
            int cp = new_node(lc, EX_MUL, c, p, 0), ln = new_node(lc, EX_LN, cp, -1, 0);
            root = new_node(lc, EX_MUL, rt, ln, 0);
        } else {
            continue;
        }
        if (root < 0 || grow((void **)&db->rng, db->nrng, &db->caprng, sizeof(tdb_range)))
            return lmds_error(LMDS_ENOMEM, "out of memory");
        db->rng[db->nrng].thigh = DEFAULT_THIGH;
        db->rng[db->nrng].root = root;
        db->fn[f].piece.tlow = 1;
        db->fn[f].piece.text = 1;
        db->fn[f].piece.n = 1;
        db->fn[f].piece.first = db->nrng++;
        db->fn[f].defined = 1;
    }
    for (int f = 0; f < db->nfn; f++)
        if (!db->fn[f].defined)
            return lmds_error_at(LMDS_EPARSE, lc->ps.name, db->fn[f].line, db->fn[f].col,
                                 "function %s is used but never defined", db->fn[f].name);
    unsigned char *state = calloc((size_t)db->nfn + 1, 1);
    if (!state) return lmds_error(LMDS_ENOMEM, "out of memory");
    for (int f = 0; f < db->nfn; f++)
        if (func_cycle(db, f, state)) {
            free(state);
            return lmds_error_at(LMDS_EPARSE, lc->ps.name, db->fn[f].line, db->fn[f].col,
                                 "function %s refers to itself", db->fn[f].name);
        }
    free(state);
    /* Parameters of undeclared phases, or constituents not in the phase's constituent list: ignored. */
    for (int i = 0; i < db->npar; i++) {
        tdb_param *q = &db->par[i];
        if (q->dead) continue;
        int p = find_phase(db, q->phase);
        if (p < 0) {
            lmds_warn("%s:%d:%d: parameter for undeclared phase %s ignored", lc->ps.name, q->line, q->col, q->phase);
            q->dead = 1;
            continue;
        }
        tdb_phase *ph = &db->ph[p];
        if (q->nsub != ph->nsub) {
            lmds_warn("%s:%d:%d: parameter of %s has %d sublattices, the phase %d; ignored", lc->ps.name, q->line,
                      q->col, q->phase, q->nsub, ph->nsub);
            q->dead = 1;
            continue;
        }
        int off = 0;
        for (int s = 0; s < ph->nsub && !q->dead; s++) {
            for (int c = 0; c < q->ncons[s]; c++) {
                int sp = q->cons[s][c], found = sp < 0;
                for (int j = 0; j < ph->ncons[s] && !found; j++) found = ph->cons[off + j] == sp;
                if (!found) {
                    lmds_warn("%s:%d:%d: parameter of %s names %s, not a constituent of that sublattice; ignored",
                              lc->ps.name, q->line, q->col, q->phase, db->sp[sp].name);
                    q->dead = 1;
                    break;
                }
            }
            off += ph->ncons[s];
        }
    }
    return extrapolation_limits(db);
}

void lmds_tdb_free(lmds_tdb *db) {
    if (!db) return;
    for (int i = 0; i < db->nph; i++) free(db->ph[i].cons);
    free(db->el); free(db->sp); free(db->fn); free(db->ph); free(db->par); free(db->td);
    free(db->node); free(db->rng);
    free(db);
}

lmds_status lmds_tdb_load_buffer(const char *text, size_t len, const char *name, lmds_tdb **out) {
    if (out) *out = NULL;
    if (!text || !out) return lmds_error(LMDS_EINVAL, "lmds_tdb_load_buffer: NULL argument");
    if (!name) name = "<buffer>";
    loadctx lc;
    memset(&lc, 0, sizeof lc);
    lmds_tdb *db = calloc(1, sizeof *db);
    char *buf = malloc(len + 1);
    if (!db || !buf) {
        free(db); free(buf);
        return lmds_error(LMDS_ENOMEM, "out of memory");
    }
    snprintf(db->path, sizeof db->path, "%s", name);
    /* Upper-case everything and blank '$' comments (to the end of the line); positions are kept. */
    int comment = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '\n') comment = 0;
        else if (c == '$') comment = 1;
        if (c == 0) c = ' ';
        buf[i] = comment ? ' ' : (char)toupper((unsigned char)c);
    }
    buf[len] = 0;
    lc.ps.db = db;
    lc.ps.buf = buf;
    lc.ps.len = len;
    lc.ps.name = name;
    lmds_status st = LMDS_OK;
    size_t pos = 0;
    int in_refs = 0;
    while (pos < len && st == LMDS_OK) {
        size_t end = pos;
        while (end < len && buf[end] != '!') end++;
        lc.ps.pos = pos;
        lc.ps.end = end;
        parser *ps = &lc.ps;
        char kw[64];
        skip_ws(ps);
        size_t kwoff = ps->pos;
        if (read_word(ps, kw, sizeof kw)) {
            int k = keyword(kw);
            if (in_refs && k == K_UNKNOWN) k = K_LIST_OF_REFERENCES; /* reference lists may contain '!' */
            in_refs = 0;
            switch (k) {
            case K_ELEMENT: st = cmd_element(&lc); break;
            case K_SPECIES: st = cmd_species(&lc); break;
            case K_FUNCTION: st = cmd_function(&lc); break;
            case K_PHASE: st = cmd_phase(&lc); break;
            case K_CONSTITUENT: st = cmd_constituent(&lc); break;
            case K_PARAMETER: st = cmd_parameter(&lc); break;
            case K_TYPE_DEFINITION: st = cmd_typedef(&lc); break;
            case K_DEFINE_SYSTEM_DEFAULT: case K_DEFAULT_COMMAND: case K_DEFINE_SYSTEM_ELEMENT:
            case K_VERSION: case K_ASSESSED_SYSTEMS: case K_TEMPERATURE_LIMITS: case K_DATABASE_INFO:
            case K_REFERENCE_FILE:
                break;
            case K_LIST_OF_REFERENCES: case K_ADD_REFERENCES:
                in_refs = 1;
                break;
            default:
                pwarn(ps, kwoff, "unsupported command ignored", kw);
            }
        }
        pos = end + 1;
    }
    if (st == LMDS_OK) st = finish(&lc);
    /* An empty file, or one with no TDB command (a text file given by mistake), is not an empty database. */
    if (st == LMDS_OK && (lmds_tdb_element_count(db) == 0 || db->nph == 0))
        st = lmds_error_at(LMDS_EPARSE, name, 1, 1, "not a TDB database: no %s command found",
                           lmds_tdb_element_count(db) == 0 ? "ELEMENT" : "PHASE");
    free(buf);
    if (st) {
        lmds_tdb_free(db);
        return st;
    }
    *out = db;
    return LMDS_OK;
}

/* TDB files of real databases are a few MB; anything above this is not one. */
#define TDB_MAX_BYTES (256u << 20)

lmds_status lmds_tdb_load(const char *path, lmds_tdb **out) {
    if (out) *out = NULL;
    if (!path || !out) return lmds_error(LMDS_EINVAL, "lmds_tdb_load: NULL argument");
    char *buf = NULL;
    size_t n = 0;
    lmds_status st = lmds_file_read(path, TDB_MAX_BYTES, &buf, &n);
    if (st) return st;
    st = lmds_tdb_load_buffer(buf, n, path, out);
    free(buf);
    return st;
}

lmds_status lmds_tdb_load_default(lmds_tdb **out) {
    if (out) *out = NULL;
    char path[1024];
    lmds_status st = lmds_data_path("tdb/lmds.tdb", path, sizeof path);
    if (st) return st;
    return lmds_tdb_load(path, out);
}

int lmds_tdb_element_count(const lmds_tdb *db) {
    int n = 0;
    for (int i = 0; i < db->nel; i++) n += strcmp(db->el[i].name, "VA") != 0;
    return n;
}
const char *lmds_tdb_element_name(const lmds_tdb *db, int i) {
    for (int k = 0; k < db->nel; k++) {
        if (!strcmp(db->el[k].name, "VA")) continue;
        if (i-- == 0) return db->el[k].name;
    }
    return NULL;
}
int lmds_tdb_phase_count(const lmds_tdb *db) { return db->nph; }
const char *lmds_tdb_phase_name(const lmds_tdb *db, int i) {
    return (i >= 0 && i < db->nph) ? db->ph[i].name : NULL;
}

lmds_status lmds_tdb_set_liquid_L(lmds_tdb *db, const char *A, const char *B, int order, double value) {
    char a[8], b[8];
    snprintf(a, sizeof a, "%s", A);
    snprintf(b, sizeof b, "%s", B);
    for (char *p = a; *p; p++) *p = (char)toupper((unsigned char)*p);
    for (char *p = b; *p; p++) *p = (char)toupper((unsigned char)*p);
    int sa = find_species(db, a), sb = find_species(db, b);
    if (sa < 0 || sb < 0) return lmds_error(LMDS_ENOTFOUND, "element %s or %s not in the database", A, B);
    double sign = 1;
    if (strcmp(a, b) > 0) {
        int t = sa; sa = sb; sb = t;
        if (order & 1) sign = -1;
    }
    int nodei = -1;
    for (int i = 0; i < db->npar; i++) {
        tdb_param *q = &db->par[i];
        if (q->dead || q->type != PAR_G || strcmp(q->phase, "LIQUID") || q->nsub != 1 || q->ncons[0] != 2 ||
            q->order != order || q->cons[0][0] != sa || q->cons[0][1] != sb)
            continue;
        q->sign = sign;
        nodei = db->rng[q->piece.first].root;
        db->node[nodei].op = EX_NUM;
        db->node[nodei].v = value;
        q->piece.n = 1;
        return LMDS_OK;
    }
    loadctx lc;
    memset(&lc, 0, sizeof lc);
    lc.ps.db = db;
    lc.cap.par = db->npar; /* force a realloc on growth */
    int nn = new_node(&lc, EX_NUM, -1, -1, value);
    if (nn < 0) return lmds_error(LMDS_ENOMEM, "out of memory");
    if (grow((void **)&db->rng, db->nrng, &db->caprng, sizeof(tdb_range))) return lmds_error(LMDS_ENOMEM, "oom");
    db->rng[db->nrng].thigh = DEFAULT_THIGH;
    db->rng[db->nrng].root = nn;
    tdb_param *q = realloc(db->par, (size_t)(db->npar + 1) * sizeof *q);
    if (!q) return lmds_error(LMDS_ENOMEM, "out of memory");
    db->par = q;
    tdb_param *np = &db->par[db->npar++];
    memset(np, 0, sizeof *np);
    np->type = PAR_G;
    snprintf(np->phase, sizeof np->phase, "LIQUID");
    np->nsub = 1;
    np->ncons[0] = 2;
    np->cons[0][0] = sa;
    np->cons[0][1] = sb;
    np->order = order;
    np->sign = sign;
    np->piece.tlow = 1;
    np->piece.text = 1;
    np->piece.n = 1;
    np->piece.first = db->nrng++;
    return LMDS_OK;
}

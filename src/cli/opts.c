/* The option layer: one parser, validator and --help printer for every command (see opts.h for the grammar). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <lmds.h>

#include "opts.h"

typedef struct slot {
    const cli_opt *opt; /* the canonical entry */
    int given, none;
    double d;
    long i;
    const char *s;
    int e;
    int z[CLI_MAX_LIST], nz;
    const char *rep[CLI_MAX_REPEAT];
    int nrep;
} slot;

struct cli_args {
    const cli_cmd *cmd;
    slot *slots;
    int nslots;
    char **pos; /* positional arguments (pointers into argv) */
    int npos;
    char notes[512]; /* deprecation notes, printed by cli_args_parse */
};

/* ------------------------------------------------------------------ tables */

static int table_len(const cli_opt *t)
{
    int n = 0;
    while (t && t[n].name)
        n++;
    return n;
}

/* The i-th entry of the command's two tables taken as one list. */
static const cli_opt *entry(const cli_cmd *c, int i)
{
    int n = table_len(c->opts);
    return i < n ? &c->opts[i] : &c->common[i - n];
}

static int nentries(const cli_cmd *c) { return table_len(c->opts) + table_len(c->common); }

static int find_long(const cli_cmd *c, const char *name, size_t len)
{
    for (int i = 0; i < nentries(c); i++) {
        const cli_opt *o = entry(c, i);
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return i;
    }
    return -1;
}

static int find_short(const cli_cmd *c, char ch)
{
    for (int i = 0; i < nentries(c); i++)
        if (entry(c, i)->shortname == ch)
            return i;
    return -1;
}

/* The slot index of an entry: an alias shares the slot of the option it stands for. */
static int canonical(const cli_cmd *c, int i)
{
    const cli_opt *o = entry(c, i);
    if (!o->alias_of)
        return i;
    int k = find_long(c, o->alias_of, strlen(o->alias_of));
    return k >= 0 ? k : i;
}

/* ------------------------------------------------------------------ messages */

static int fail(char *err, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int fail(char *err, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (err && n)
        vsnprintf(err, n, fmt, ap);
    va_end(ap);
    return CLI_PARSE_ERROR;
}

static void range_text(const cli_opt *o, char *buf, size_t n)
{
    const char *unit = o->meta && o->kind == CLI_DOUBLE && strcmp(o->meta, "X") != 0 ? o->meta : "";
    if (o->flags & CLI_GT_LO)
        snprintf(buf, n, "above %g and up to %g%s%s", o->lo, o->hi, *unit ? " " : "", unit);
    else
        snprintf(buf, n, "%g to %g%s%s", o->lo, o->hi, *unit ? " " : "", unit);
}

/* ------------------------------------------------------------------ values */

static int parse_number(const cli_opt *o, const char *w, slot *s, char *err, size_t n)
{
    char range[96];
    range_text(o, range, sizeof range);
    if (!*w)
        return fail(err, n, "--%s needs a %s", o->name, o->kind == CLI_INT ? "whole number" : "number");
    char *end;
    errno = 0;
    double v;
    if (o->kind == CLI_INT) {
        long l = strtol(w, &end, 10);
        if (*end || errno == ERANGE)
            return fail(err, n, "--%s '%.40s': not a whole number (allowed: %s)", o->name, w, range);
        s->i = l;
        v = (double)l;
    } else {
        v = strtod(w, &end);
        if (*end || errno == ERANGE || !isfinite(v))
            return fail(err, n, "--%s '%.40s': not a finite number (allowed: %s)", o->name, w, range);
        s->d = v;
    }
    int low_ok = (o->flags & CLI_GT_LO) ? v > o->lo : v >= o->lo;
    if (!low_ok || v > o->hi)
        return fail(err, n, "--%s %.40s: outside the allowed range, %s", o->name, w, range);
    return CLI_PARSE_OK;
}

static int parse_enum(const cli_opt *o, const char *w, slot *s, char *err, size_t n)
{
    const char *p = o->choices;
    size_t len = strlen(w);
    for (int k = 0; p && *p; k++) {
        const char *bar = strchr(p, '|');
        size_t L = bar ? (size_t)(bar - p) : strlen(p);
        if (L == len && strncasecmp(p, w, L) == 0) {
            s->e = k;
            s->s = w;
            return CLI_PARSE_OK;
        }
        p = bar ? bar + 1 : p + L;
    }
    char list[256];
    snprintf(list, sizeof list, "%s", o->choices ? o->choices : "");
    for (char *q = list; *q; q++)
        if (*q == '|')
            *q = ',';
    return fail(err, n, "--%s '%.40s': not one of %s", o->name, w, list);
}

static int parse_elements(const cli_opt *o, const char *w, slot *s, char *err, size_t n)
{
    s->nz = 0;
    const char *p = w;
    while (*p) {
        while (*p == ' ' || *p == ',' || *p == '-')
            p++;
        if (!*p)
            break;
        const char *q = p;
        while (*q && *q != ',' && *q != '-' && *q != ' ')
            q++;
        char sym[8];
        if ((size_t)(q - p) >= sizeof sym)
            return fail(err, n, "--%s: '%.*s' is not an element symbol", o->name, (int)(q - p > 20 ? 20 : q - p), p);
        snprintf(sym, sizeof sym, "%.*s", (int)(q - p), p);
        int z;
        if (lmds_element_lookup(sym, &z) != LMDS_OK)
            return fail(err, n, "--%s: unknown element '%s'", o->name, sym);
        for (int k = 0; k < s->nz; k++)
            if (s->z[k] == z)
                return fail(err, n, "--%s: %s is given twice", o->name, sym);
        if (s->nz >= CLI_MAX_LIST || s->nz >= (int)o->hi)
            return fail(err, n, "--%s: at most %g elements", o->name, o->hi);
        s->z[s->nz++] = z;
        p = q;
    }
    if (s->nz < (int)o->lo)
        return fail(err, n, "--%s: give %g to %g elements (e.g. %s)", o->name, o->lo, o->hi,
                    o->lo >= 2 ? "Bi,Sn" : "Ga,In");
    return CLI_PARSE_OK;
}

static int set_value(const cli_opt *o, const char *w, slot *s, char *err, size_t n)
{
    if ((o->flags & CLI_NONE_OK) && strcmp(w, "none") == 0) {
        s->none = 1;
        s->s = w;
        return CLI_PARSE_OK;
    }
    switch (o->kind) {
    case CLI_DOUBLE:
    case CLI_INT: return parse_number(o, w, s, err, n);
    case CLI_ENUM: return parse_enum(o, w, s, err, n);
    case CLI_ELEMENTS: return parse_elements(o, w, s, err, n);
    case CLI_INPUT:
    case CLI_OUTPUT:
        if (!*w)
            return fail(err, n, "--%s needs a file name", o->name);
        if (strcmp(w, "-") == 0 && !(o->flags & CLI_STDIO))
            return fail(err, n, "--%s: '-' (standard %s) is not accepted here; give a file name", o->name,
                        o->kind == CLI_INPUT ? "input" : "output");
        s->s = w;
        return CLI_PARSE_OK;
    default:
        if (!*w)
            return fail(err, n, "--%s needs a value", o->name);
        s->s = w;
        return CLI_PARSE_OK;
    }
}

/* ------------------------------------------------------------------ the parser */

static void note_alias(cli_args *a, const cli_opt *o)
{
    size_t L = strlen(a->notes);
    if (strstr(a->notes, o->name))
        return;
    snprintf(a->notes + L, sizeof a->notes - L, "%s--%s is deprecated; use --%s", L ? "\n" : "", o->name,
             o->alias_of);
}

/* Store one occurrence of entry i with value w (NULL for a flag). */
static int store(cli_args *a, int i, const char *shown, const char *w, char *err, size_t n)
{
    const cli_opt *o = entry(a->cmd, i);
    if (o->alias_of)
        note_alias(a, o);
    int k = canonical(a->cmd, i);
    slot *s = &a->slots[k];
    const cli_opt *c = s->opt;
    if (s->given && !(c->flags & CLI_REPEAT))
        return fail(err, n, "%s is given twice%s", shown, o->alias_of ? " (with its deprecated spelling)" : "");
    if (c->kind == CLI_FLAG) {
        s->given = 1;
        return CLI_PARSE_OK;
    }
    if (c->flags & CLI_REPEAT) {
        if (s->nrep >= CLI_MAX_REPEAT)
            return fail(err, n, "%s: at most %d times", shown, CLI_MAX_REPEAT);
        s->rep[s->nrep++] = w;
    }
    int r = set_value(c, w, s, err, n);
    if (r == CLI_PARSE_OK)
        s->given = 1;
    return r;
}

/* Is w a word that stands for an argument although it starts with '-' ("-" itself, "-5", "-.5")? */
static int is_argument(const char *w)
{
    return w[0] != '-' || w[1] == '\0' || (w[1] >= '0' && w[1] <= '9') || w[1] == '.';
}

static int take_long(cli_args *a, int argc, char **argv, int *i, char *err, size_t n)
{
    const char *w = argv[*i] + 2;
    const char *eq = strchr(w, '=');
    size_t len = eq ? (size_t)(eq - w) : strlen(w);
    int k = find_long(a->cmd, w, len);
    if (k < 0)
        return fail(err, n, "unknown option '--%.*s' for 'lmds %s'", (int)(len > 60 ? 60 : len), w, a->cmd->name);
    const cli_opt *o = entry(a->cmd, k);
    char shown[80];
    snprintf(shown, sizeof shown, "--%s", o->name);
    if (entry(a->cmd, canonical(a->cmd, k))->kind == CLI_FLAG) {
        if (eq)
            return fail(err, n, "%s takes no value", shown);
        return store(a, k, shown, NULL, err, n);
    }
    const char *v = eq ? eq + 1 : NULL;
    if (!v) {
        if (*i + 1 >= argc)
            return fail(err, n, "%s needs a value (%s)", shown, o->meta ? o->meta : "VALUE");
        v = argv[++*i];
    }
    return store(a, k, shown, v, err, n);
}

static int take_short(cli_args *a, int argc, char **argv, int *i, char *err, size_t n)
{
    const char *w = argv[*i];
    int k = find_short(a->cmd, w[1]);
    if (k < 0)
        return fail(err, n, "unknown option '%.20s' for 'lmds %s'", w, a->cmd->name);
    char shown[8];
    snprintf(shown, sizeof shown, "-%c", w[1]);
    if (entry(a->cmd, canonical(a->cmd, k))->kind == CLI_FLAG) {
        if (w[2])
            return fail(err, n, "unknown option '%.20s' for 'lmds %s'", w, a->cmd->name);
        return store(a, k, shown, NULL, err, n);
    }
    const char *v = w[2] ? w + 2 : NULL;
    if (!v) {
        if (*i + 1 >= argc)
            return fail(err, n, "%s needs a value", shown);
        v = argv[++*i];
    }
    return store(a, k, shown, v, err, n);
}

/* After every word was read: required options, the number of arguments, contradictions. */
static int check_whole(cli_args *a, char *err, size_t n)
{
    const cli_cmd *c = a->cmd;
    for (int i = 0; i < a->nslots; i++) {
        const cli_opt *o = a->slots[i].opt;
        if (!o->alias_of && (o->flags & CLI_REQUIRED) && !a->slots[i].given)
            return fail(err, n, "--%s %s is required", o->name, o->meta ? o->meta : "");
    }
    if (a->npos < c->min_args)
        return fail(err, n, "missing %s", c->min_args == 1 && c->max_args == 1 ? "the argument" : "arguments");
    if (c->max_args >= 0 && a->npos > c->max_args)
        return fail(err, n, "unexpected argument '%.60s'%s", a->pos[c->max_args],
                    c->max_args == 0 ? " (this command takes options only)" : "");
    const char *first = NULL;
    for (int i = 0; i < a->nslots; i++) {
        const cli_opt *o = a->slots[i].opt;
        if (!(o->flags & CLI_ONE_OF) || !a->slots[i].given)
            continue;
        if (first)
            return fail(err, n, "--%s and --%s contradict each other: give one of them", first, o->name);
        first = o->name;
    }
    for (const char *p = c->conflicts; p && *p;) {
        char x[64], y[64];
        if (sscanf(p, "%63s %63[^;]", x, y) != 2)
            break;
        if (cli_has(a, x) && cli_has(a, y))
            return fail(err, n, "--%s and --%s contradict each other: give one of them", x, y);
        const char *semi = strchr(p, ';');
        p = semi ? semi + 1 : "";
    }
    return CLI_PARSE_OK;
}

static cli_args *args_new(const cli_cmd *cmd, int argc)
{
    cli_args *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->cmd = cmd;
    a->nslots = nentries(cmd);
    a->slots = calloc((size_t)a->nslots + 1, sizeof *a->slots);
    a->pos = calloc((size_t)argc + 1, sizeof *a->pos);
    if (!a->slots || !a->pos) {
        cli_args_free(a);
        return NULL;
    }
    for (int i = 0; i < a->nslots; i++)
        a->slots[i].opt = entry(cmd, i);
    return a;
}

int cli_args_parse_r(const cli_cmd *cmd, int argc, char **argv, cli_args **out, char *err, size_t errn)
{
    *out = NULL;
    if (err && errn)
        err[0] = '\0';
    cli_args *a = args_new(cmd, argc);
    if (!a)
        return fail(err, errn, "out of memory");
    int only_args = 0, r = CLI_PARSE_OK;
    for (int i = 0; i < argc && r == CLI_PARSE_OK; i++) {
        const char *w = argv[i];
        if (only_args || is_argument(w)) {
            a->pos[a->npos++] = argv[i];
        } else if (strcmp(w, "--") == 0) {
            only_args = 1;
        } else if (strcmp(w, "--help") == 0 || strcmp(w, "-h") == 0) {
            cli_args_free(a);
            return CLI_PARSE_HELP;
        } else if (w[1] == '-') {
            r = take_long(a, argc, argv, &i, err, errn);
        } else {
            r = take_short(a, argc, argv, &i, err, errn);
        }
    }
    if (r == CLI_PARSE_OK)
        r = check_whole(a, err, errn);
    if (r != CLI_PARSE_OK) {
        cli_args_free(a);
        return r;
    }
    *out = a;
    return CLI_PARSE_OK;
}

int cli_args_parse(const cli_cmd *cmd, int argc, char **argv, cli_args **out)
{
    char err[512];
    int r = cli_args_parse_r(cmd, argc, argv, out, err, sizeof err);
    if (r == CLI_PARSE_HELP) {
        cli_help_print(cmd, stdout);
        return -1;
    }
    if (r != CLI_PARSE_OK) {
        fprintf(stderr, "lmds %s: %s\nTry 'lmds %s --help'.\n", cmd->name, err, cmd->name);
        return 2;
    }
    if ((*out)->notes[0])
        fprintf(stderr, "lmds %s: note: %s\n", cmd->name, (*out)->notes);
    return 0;
}

void cli_args_free(cli_args *a)
{
    if (!a)
        return;
    free(a->slots);
    free(a->pos);
    free(a);
}

/* ------------------------------------------------------------------ getters */

static const slot *get(const cli_args *a, const char *name)
{
    int k = find_long(a->cmd, name, strlen(name));
    if (k < 0) {
        /* A programming error: the code asks for an option its table does not declare. */
        fprintf(stderr, "lmds %s: internal error: no option --%s in the table\n", a->cmd->name, name);
        abort();
    }
    return &a->slots[canonical(a->cmd, k)];
}

int cli_has(const cli_args *a, const char *name) { return get(a, name)->given; }
int cli_declares(const cli_args *a, const char *name) { return find_long(a->cmd, name, strlen(name)) >= 0; }
int cli_opt_none(const cli_args *a, const char *name) { return get(a, name)->none; }

double cli_num(const cli_args *a, const char *name, double dflt)
{
    const slot *s = get(a, name);
    return s->given && !s->none ? s->d : dflt;
}

long cli_int(const cli_args *a, const char *name, long dflt)
{
    const slot *s = get(a, name);
    return s->given && !s->none ? s->i : dflt;
}

const char *cli_str(const cli_args *a, const char *name, const char *dflt)
{
    const slot *s = get(a, name);
    return s->given ? s->s : dflt;
}

int cli_enum(const cli_args *a, const char *name, int dflt)
{
    const slot *s = get(a, name);
    return s->given && !s->none ? s->e : dflt;
}

int cli_elements(const cli_args *a, const char *name, int *z, int max)
{
    const slot *s = get(a, name);
    if (!s->given || s->none)
        return 0;
    int n = s->nz < max ? s->nz : max;
    memcpy(z, s->z, (size_t)n * sizeof *z);
    return n;
}

int cli_repeat(const cli_args *a, const char *name, const char **vals, int max)
{
    const slot *s = get(a, name);
    int n = s->nrep < max ? s->nrep : max;
    for (int i = 0; i < n; i++)
        vals[i] = s->rep[i];
    return n;
}

int cli_argc(const cli_args *a) { return a->npos; }
const char *cli_arg(const cli_args *a, int i) { return i >= 0 && i < a->npos ? a->pos[i] : NULL; }
const char *cli_args_cmd(const cli_args *a) { return a->cmd->name; }

/* ------------------------------------------------------------------ help */

static void help_line(const cli_opt *o, FILE *f)
{
    char left[64], extra[160] = "";
    if (o->kind == CLI_FLAG)
        snprintf(left, sizeof left, "%s%c%s--%s", o->shortname ? "-" : "", o->shortname ? o->shortname : ' ',
                 o->shortname ? ", " : " ", o->name);
    else
        snprintf(left, sizeof left, "%s%c%s--%s %s", o->shortname ? "-" : "", o->shortname ? o->shortname : ' ',
                 o->shortname ? ", " : " ", o->name, o->meta ? o->meta : "VALUE");
    if (o->kind == CLI_DOUBLE || o->kind == CLI_INT) {
        char r[96];
        range_text(o, r, sizeof r);
        snprintf(extra, sizeof extra, " [%s]", r);
    } else if (o->kind == CLI_ENUM) {
        snprintf(extra, sizeof extra, " [%s]", o->choices);
    }
    fprintf(f, "  %-26s %s%s%s\n", left + (o->shortname ? 0 : 1), o->help ? o->help : "", extra,
            (o->flags & CLI_REQUIRED) ? " (required)" : "");
}

void cli_help_print(const cli_cmd *c, FILE *f)
{
    fprintf(f, "Usage: lmds %s %s\n", c->name, c->synopsis ? c->synopsis : "[options]");
    if (c->about && *c->about)
        fprintf(f, "\n%s\n", c->about);
    if (nentries(c) > 0)
        fprintf(f, "\nOptions (anywhere on the line; --name=VALUE or --name VALUE; -- ends the options):\n");
    int naliases = 0;
    for (int i = 0; i < nentries(c); i++) {
        const cli_opt *o = entry(c, i);
        if (o->alias_of)
            naliases++;
        else if (!(o->flags & CLI_HIDDEN))
            help_line(o, f);
    }
    fprintf(f, "  -h, --help                 this help\n");
    if (naliases) {
        fprintf(f, "Deprecated spellings (still accepted, with a note):");
        for (int i = 0, k = 0; i < nentries(c); i++) {
            const cli_opt *o = entry(c, i);
            if (o->alias_of)
                fprintf(f, "%s --%s = --%s", k++ ? "," : "", o->name, o->alias_of);
        }
        fprintf(f, ".\n");
    }
    if (c->conflicts && *c->conflicts)
        fprintf(f, "Options that exclude each other: %s.\n", c->conflicts);
}

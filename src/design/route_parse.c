/* The route grammar: "bulk", "droplet:15um", "film:3nm", "wire:200nm", "confined:8nm", "confined:porous-glass",
 * "2d:GaN", "amorphous". Sizes in nm (default), um or mm, positive and finite; errors carry the column. */
#include "design/route_model.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    lmds_route_kind kind;
    int arg; /* 0: none, 1: a size, 2: a medium (substrate), 3: a size or a medium */
} KINDS[] = {{"bulk", LMDS_ROUTE_BULK, 0},      {"film", LMDS_ROUTE_FILM, 1},
             {"droplet", LMDS_ROUTE_DROPLET, 1}, {"confined", LMDS_ROUTE_CONFINED, 3},
             {"wire", LMDS_ROUTE_WIRE, 1},       {"2d", LMDS_ROUTE_2D, 2},
             {"amorphous", LMDS_ROUTE_AMORPHOUS, 0}};
#define NKINDS (int)(sizeof KINDS / sizeof KINDS[0])

#define ROUTE_GRAMMAR "bulk, droplet:SIZE, film:SIZE, wire:SIZE, confined:SIZE|MEDIUM, 2d:SUBSTRATE or amorphous"

/* A located parse error: "route 'TEXT', column C: why" (the column also in the error record). */
static lmds_status perr(const char *text, int col, const char *fmt, ...)
{
    char why[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return lmds_error_at(LMDS_EPARSE, NULL, 0, col, "route '%s', column %d: %s", text, col, why);
}

static lmds_status parse_size(const char *text, const char *arg, lmds_route *r)
{
    int col = (int)(arg - text) + 1;
    char *end = NULL;
    double v = strtod(arg, &end);
    if (end == arg)
        return perr(text, col, "expected a size such as 15um");
    if (!isfinite(v) || v <= 0)
        return perr(text, col, "the size must be positive and finite");
    double scale = 0.0;
    if (*end == '\0' || strcmp(end, "nm") == 0) scale = 1.0;
    else if (strcmp(end, "um") == 0) scale = 1e3;
    else if (strcmp(end, "mm") == 0) scale = 1e6;
    if (scale == 0.0)
        return perr(text, (int)(end - text) + 1, "unit '%s' (nm, um or mm)", end);
    r->size_nm = v * scale;
    return LMDS_OK;
}

static lmds_status parse_medium(const char *text, const char *arg, lmds_route *r)
{
    size_t n = strlen(arg);
    if (n >= sizeof r->medium)
        return perr(text, (int)(arg - text) + 1, "name longer than %zu "
                             "characters", sizeof r->medium - 1);
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)arg[i]) && !strchr("()-_.+", arg[i]))
            return perr(text, (int)(arg - text + i) + 1, "character '%c' in "
                                 "a substrate or medium name", arg[i]);
    memcpy(r->medium, arg, n + 1);
    return LMDS_OK;
}

lmds_status lmds_route_read(const char *text, lmds_route *out)
{
    if (!text || !out) return lmds_error(LMDS_EINVAL, "route: no text");
    const char *colon = strchr(text, ':');
    size_t klen = colon ? (size_t)(colon - text) : strlen(text);
    int k = -1;
    for (int i = 0; i < NKINDS; i++)
        if (strlen(KINDS[i].name) == klen && strncasecmp(text, KINDS[i].name, klen) == 0) k = i;
    if (k < 0) return perr(text, 1, "expected " ROUTE_GRAMMAR);
    lmds_route r;
    memset(&r, 0, sizeof r);
    r.kind = KINDS[k].kind;
    if (KINDS[k].arg == 0 && colon)
        return perr(text, (int)klen + 1, "%s takes nothing after it",
                             KINDS[k].name);
    if (KINDS[k].arg != 0 && (!colon || !colon[1]))
        return perr(text, (int)klen + 1, "%s needs %s, e.g. %s",
                             KINDS[k].name, KINDS[k].arg == 2 ? "a substrate" : "a size",
                             KINDS[k].arg == 2 ? "2d:GaN" : "droplet:15um");
    lmds_status st = LMDS_OK;
    if (KINDS[k].arg == 1 || (KINDS[k].arg == 3 && strchr("0123456789.+-", colon[1])))
        st = parse_size(text, colon + 1, &r);
    else if (KINDS[k].arg >= 2)
        st = parse_medium(text, colon + 1, &r);
    if (st) return st;
    *out = r;
    return LMDS_OK;
}

/* A size in the unit that keeps the number short: 15um, 1mm, 3nm. */
static void spell_size(double nm, char *buf, size_t n)
{
    if (nm >= 1e6 && fmod(nm, 1e5) == 0) snprintf(buf, n, "%gmm", nm / 1e6);
    else if (nm >= 1e3 && fmod(nm, 1e2) == 0) snprintf(buf, n, "%gum", nm / 1e3);
    else snprintf(buf, n, "%gnm", nm);
}

void lmds_route_spell(const lmds_route *r, char *buf, size_t n)
{
    if (!buf || n == 0) return;
    const char *name = "?";
    int arg = 0;
    for (int i = 0; r && i < NKINDS; i++)
        if (KINDS[i].kind == r->kind) name = KINDS[i].name, arg = KINDS[i].arg;
    char s[48] = "";
    if (r && (arg == 1 || (arg == 3 && r->size_nm > 0))) spell_size(r->size_nm, s, sizeof s);
    else if (r && arg >= 2) snprintf(s, sizeof s, "%s", r->medium);
    snprintf(buf, n, "%s%s%s", name, *s ? ":" : "", s);
}

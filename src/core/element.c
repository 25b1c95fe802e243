/* The element table, parsed once from the CSV files embedded at build time (cmake/embed.cmake):
 * data/elements.csv (values), data/element_sources.csv (unit and default source per column) and
 * data/element_value_sources.csv (per-value sources where they differ from the column's). */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "lmds/element.h"

extern const char lmds_embedded_elements[];
extern const char lmds_embedded_element_sources[];
extern const char lmds_embedded_element_value_sources[];

#define MAX_PROPS (LMDS_CSV_MAX_FIELDS - 3)
#define MAX_VALUE_SOURCES 2048

typedef struct value_source {
    int z, prop;
    char *source;
} value_source;

static struct {
    int nprops;
    char *prop_name[MAX_PROPS], *prop_unit[MAX_PROPS], *prop_source[MAX_PROPS];
    char symbol[LMDS_ZMAX + 1][4];
    char *name[LMDS_ZMAX + 1];
    double value[LMDS_ZMAX + 1][MAX_PROPS];
    value_source vsrc[MAX_VALUE_SOURCES];
    int nvsrc;
    int ok;
} table;

static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static double parse_value(const char *s)
{
    if (!s || !*s) return NAN;
    char *end;
    double v = strtod(s, &end);
    return (*end == '\0' && isfinite(v)) ? v : NAN;
}

static int load_values(void)
{
    lmds_csv c;
    lmds_csv_init(&c, lmds_embedded_elements);
    if (lmds_csv_next(&c) != 1 || c.nfields < 4) return 0;
    table.nprops = c.nfields - 3;
    for (int i = 0; i < table.nprops; i++) table.prop_name[i] = strdup(c.fields[i + 3]);
    for (int z = 0; z <= LMDS_ZMAX; z++)
        for (int i = 0; i < MAX_PROPS; i++) table.value[z][i] = NAN;
    int rows = 0, r;
    while ((r = lmds_csv_next(&c)) == 1) {
        if (c.nfields < 3) continue;
        int z = atoi(c.fields[0]);
        if (z < 1 || z > LMDS_ZMAX) continue;
        strncpy(table.symbol[z], c.fields[1], 3);
        table.name[z] = strdup(c.fields[2]);
        for (int i = 0; i < table.nprops && i + 3 < c.nfields; i++) table.value[z][i] = parse_value(c.fields[i + 3]);
        rows++;
    }
    lmds_csv_clear(&c);
    return r == 0 && rows == LMDS_ZMAX;
}

static int prop_index(const char *name)
{
    for (int i = 0; i < table.nprops; i++)
        if (strcmp(table.prop_name[i], name) == 0) return i;
    return -1;
}

/* Symbol lookup without the once-guard, for use while the table is being loaded. */
static int find_symbol(const char *symbol)
{
    for (int i = 1; i <= LMDS_ZMAX; i++)
        if (strcmp(table.symbol[i], symbol) == 0) return i;
    return 0;
}

static void load_sources(void)
{
    lmds_csv c;
    lmds_csv_init(&c, lmds_embedded_element_sources);
    if (lmds_csv_next(&c) == 1) {
        while (lmds_csv_next(&c) == 1) {
            if (c.nfields < 3) continue;
            int i = prop_index(c.fields[0]);
            if (i < 0) continue;
            table.prop_unit[i] = strdup(c.fields[1]);
            table.prop_source[i] = strdup(c.fields[2]);
        }
    }
    lmds_csv_clear(&c);
    lmds_csv_init(&c, lmds_embedded_element_value_sources);
    if (lmds_csv_next(&c) == 1) {
        while (lmds_csv_next(&c) == 1 && table.nvsrc < MAX_VALUE_SOURCES) {
            if (c.nfields < 3) continue;
            int z = find_symbol(c.fields[0]), i = prop_index(c.fields[1]);
            if (z == 0 || i < 0) continue;
            table.vsrc[table.nvsrc++] = (value_source){z, i, strdup(c.fields[2])};
        }
    }
    lmds_csv_clear(&c);
}

static void load_table(void)
{
    table.ok = load_values();
    if (table.ok) load_sources();
}

static int ready(void)
{
    pthread_once(&table_once, load_table);
    return table.ok;
}

lmds_status lmds_element_lookup(const char *symbol, int *z)
{
    if (!symbol || !z) return lmds_error(LMDS_EINVAL, "lmds_element_lookup: NULL argument");
    if (!ready()) return lmds_error(LMDS_ENODATA, "the embedded element table is malformed");
    int k = find_symbol(symbol);
    if (k) {
        *z = k;
        return LMDS_OK;
    }
    return lmds_error(LMDS_ENOTFOUND, "unknown element '%s'", symbol);
}

const char *lmds_element_symbol(int z)
{
    return (z >= 1 && z <= LMDS_ZMAX && ready()) ? table.symbol[z] : NULL;
}

const char *lmds_element_name(int z)
{
    return (z >= 1 && z <= LMDS_ZMAX && ready()) ? table.name[z] : NULL;
}

int lmds_element_nprops(void) { return ready() ? table.nprops : 0; }

const char *lmds_element_prop_name(int i)
{
    return (ready() && i >= 0 && i < table.nprops) ? table.prop_name[i] : NULL;
}

const char *lmds_element_prop_unit(int i)
{
    return (ready() && i >= 0 && i < table.nprops) ? table.prop_unit[i] : NULL;
}

const char *lmds_element_prop_source(int i)
{
    return (ready() && i >= 0 && i < table.nprops) ? table.prop_source[i] : NULL;
}

lmds_status lmds_element_prop_index(const char *name, int *i)
{
    if (!name || !i) return lmds_error(LMDS_EINVAL, "lmds_element_prop_index: NULL argument");
    if (!ready()) return lmds_error(LMDS_ENODATA, "the embedded element table is malformed");
    int k = prop_index(name);
    if (k < 0) return lmds_error(LMDS_ENOTFOUND, "no element property called '%s'", name);
    *i = k;
    return LMDS_OK;
}

double lmds_element_get(int z, int i)
{
    if (!ready() || z < 1 || z > LMDS_ZMAX || i < 0 || i >= table.nprops) return NAN;
    return table.value[z][i];
}

lmds_status lmds_element_value(int z, const char *prop, double *value)
{
    int i;
    lmds_status st = lmds_element_prop_index(prop, &i);
    if (st) return st;
    if (z < 1 || z > LMDS_ZMAX) return lmds_error(LMDS_EINVAL, "atomic number %d is outside 1..%d", z, LMDS_ZMAX);
    double v = table.value[z][i];
    if (isnan(v))
        return lmds_error(LMDS_ENODATA, "element table has no %s for %s (Z=%d)", prop, table.symbol[z], z);
    *value = v;
    return LMDS_OK;
}

const char *lmds_element_value_source(int z, int i)
{
    if (!ready()) return NULL;
    for (int k = 0; k < table.nvsrc; k++)
        if (table.vsrc[k].z == z && table.vsrc[k].prop == i) return table.vsrc[k].source;
    return lmds_element_prop_source(i);
}

double lmds_element_mass(int z)
{
    static _Thread_local int idx = -2;
    if (idx == -2 && lmds_element_prop_index("atomic_mass_u", &idx) != LMDS_OK) idx = -1;
    return lmds_element_get(z, idx);
}

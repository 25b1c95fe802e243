/* Private to the route model (route_model.c, route_table.c, route_liquid.c): the data files of data/routes held
 * as tables of strings, each cell with its file:line:column, numeric columns checked when loaded. */
#ifndef LMDS_DESIGN_ROUTE_MODEL_H
#define LMDS_DESIGN_ROUTE_MODEL_H

#include "lmds/design.h"

/* One CSV file: the header and the rows, cells as owned strings. */
typedef struct rt_table {
    char path[512];
    int ncols, nrows;
    char **head;     /* ncols names */
    char **cell;     /* nrows * ncols, row-major; "" for an empty or missing field */
    int *line;       /* per row */
} rt_table;

/* Read path and require `cols` (comma-separated names); numeric (comma-separated, may be NULL) are columns whose
 * non-empty cells must be finite numbers (a cell starting with '<' or '>' is kept as text: a bound). */
lmds_status rt_table_load(rt_table *t, const char *path, const char *cols, const char *numeric);
void rt_table_clear(rt_table *t);
/* Column index by name (-1: absent) and the cell of row r, column name ("" when the column is absent). */
int rt_col(const rt_table *t, const char *name);
const char *rt_get(const rt_table *t, int r, const char *name);
/* The cell as a number; NAN when empty or not a plain number (checked at load for numeric columns). */
double rt_num(const rt_table *t, int r, const char *name);

struct lmds_route_model {
    rt_table poly;     /* polymorphs.csv */
    rt_table select;   /* polymorph_selection.csv */
    rt_table under;    /* undercooling.csv */
    rt_table perc;     /* percolation.csv */
    rt_table film;     /* film_tc.csv (2D rows by substrate) */
    rt_table genome;   /* data/genome/lmds_superconductors.csv (2D, confined, wire rows) */
    char film_path[512];      /* film_tc.csv, read by lmds_film_tc_estimate */
    char amorphous_path[512]; /* amorphous.csv, read by lmds_amorphous_lookup */
};

/* Forms of an answer (route_model.c): a new form with no Tc yet; NULL when the answer is full. */
lmds_route_form *rt_form_add(lmds_route_answer *a, const char *name);

/* The route's own measured forms (route_forms.c): films by thickness (film_tc.csv through lmds_film_tc_estimate);
 * amorphous solids, 2D layers on a substrate and forms in a named medium. LMDS_ENODATA when there are none. */
lmds_status rt_answer_film(const lmds_route_model *m, const char *el, lmds_route_answer *a);
lmds_status rt_answer_measured(const lmds_route_model *m, const char *el, lmds_route_answer *a);

/* Case-insensitive "does hay contain needle", treating '-' and '_' in the needle as spaces ("porous-glass"). */
int rt_contains(const char *hay, const char *needle);

#endif

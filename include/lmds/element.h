/* lmds element table: the element data every model needs (Z = 1..103, H to Lr), with a source per value.
 *
 * The table is data/elements.csv (embedded into the library at build time, so it is always available).
 * Properties are addressed by column name (e.g. "atomic_mass_u", "melting_point_K"); a property with no value
 * for an element reads as NAN from lmds_element_get and as LMDS_ENODATA from lmds_element_value. */
#ifndef LMDS_ELEMENT_H
#define LMDS_ELEMENT_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LMDS_ZMAX 103

/* Z of an element symbol ("Ga"; case-sensitive as chemists write it). LMDS_ENOTFOUND when unknown. */
LMDS_API lmds_status lmds_element_lookup(const char *symbol, int *z);
/* Symbol and name of element z, or NULL when z is outside 1..LMDS_ZMAX. Static strings. */
LMDS_API const char *lmds_element_symbol(int z);
LMDS_API const char *lmds_element_name(int z);

/* Number of numeric properties (columns after Z, symbol, name). */
LMDS_API int lmds_element_nprops(void);
/* Column name, unit and default source of property i (0-based); NULL when out of range. */
LMDS_API const char *lmds_element_prop_name(int i);
LMDS_API const char *lmds_element_prop_unit(int i);
LMDS_API const char *lmds_element_prop_source(int i);
/* Index of the property called `name`; LMDS_ENOTFOUND when there is none. */
LMDS_API lmds_status lmds_element_prop_index(const char *name, int *i);

/* Value of property i for element z; NAN when unknown or out of range. Thread-safe, no allocation. */
LMDS_API double lmds_element_get(int z, int i);
/* Same by name, with an error (LMDS_ENODATA naming the element and property) when there is no value. */
LMDS_API lmds_status lmds_element_value(int z, const char *prop, double *value);
/* The source of one value: the per-value source when it differs from the column's, else the column's. */
LMDS_API const char *lmds_element_value_source(int z, int i);

/* Convenience: atomic mass in g/mol (never NAN for 1..103). */
LMDS_API double lmds_element_mass(int z);

#ifdef __cplusplus
}
#endif
#endif

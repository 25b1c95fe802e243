/* Helpers shared by the supercon tests: read the values Elk printed into its MCMILLAN.OUT and
 * ELIASHBERG_GAP_T.OUT files, and simple CSV lookups, so expected numbers come from the shipped files. */
#ifndef SC_TESTUTIL_H
#define SC_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPECTRA LMDS_SOURCE_DATA_DIR "/spectra/"
#define SCDATA LMDS_SOURCE_DATA_DIR "/supercon/"

/* The number after the last ':' on the first line containing `key`. Returns 0 on success. */
static inline int elk_value(const char *path, const char *key, double *v)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[512];
    int rc = -1;
    while (fgets(line, sizeof line, f)) {
        if (!strstr(line, key)) continue;
        char *c = strrchr(line, ':');
        if (c && sscanf(c + 1, "%lf", v) == 1) rc = 0;
        break;
    }
    fclose(f);
    return rc;
}

/* From ELIASHBERG_GAP_T.OUT, relative to the gap at Elk's lowest temperature d_ref: the highest T with a gap
 * above 10 % of d_ref (clearly superconducting) and the lowest T above it with a gap below 1 % of d_ref (Elk stops
 * on an absolute tolerance and after 1000 iterations, so just above Tc it prints slowly decaying, unconverged
 * gaps, and about 1e-10 Ha of noise in the normal state). */
static inline int elk_tc_bracket(const char *path, double *t_sc, double *t_n)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    double T[1000], d[1000], z;
    int n = 0;
    while (n < 1000 && fscanf(f, "%lf %lf %lf", &T[n], &d[n], &z) == 3) n++;
    fclose(f);
    *t_sc = -1;
    *t_n = -1;
    if (n < 2) return -1;
    for (int i = 0; i < n; i++)
        if (d[i] > 0.1 * d[0]) *t_sc = T[i];
    for (int i = 0; i < n; i++)
        if (T[i] > *t_sc && d[i] < 0.01 * d[0]) {
            *t_n = T[i];
            break;
        }
    return (*t_sc > 0 && *t_n > 0) ? 0 : -1;
}

/* First row of the gap file: T, Delta (Ha), Z. */
static inline int elk_gap_row(const char *path, int row, double *T, double *d, double *z)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    int rc = -1;
    for (int i = 0; i <= row; i++) {
        if (fscanf(f, "%lf %lf %lf", T, d, z) != 3) break;
        if (i == row) rc = 0;
    }
    fclose(f);
    return rc;
}

#endif

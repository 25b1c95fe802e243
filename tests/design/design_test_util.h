/* Shared set-up of the design tests (include after <cmocka.h>, <lmds.h> and "lmds_test.h"). */
#ifndef LMDS_DESIGN_TEST_UTIL_H
#define LMDS_DESIGN_TEST_UTIL_H

/* A default search spec over the pool Ga, In, Sn (the main job's chemistry) on a grid of `divisions` steps. */
static inline void dt_spec_gainsn(lmds_design_spec *s, int divisions)
{
    lmds_design_spec_init(s);
    const char *pool[] = {"Ga", "In", "Sn"};
    s->nelements = 3;
    for (int i = 0; i < 3; i++)
        s->z[i] = lmds_test_z(pool[i]);
    s->grid_divisions = divisions;
}

/* A predictor for a group set-up: the default data, without the learned model when no_model (then every Tc is
 * a genome lookup or physics). Prints lmds's message and returns -1 when it cannot be made. */
static inline int dt_predictor_new(lmds_predictor **p, int no_model)
{
    lmds_predictor_opts o = {0};
    o.no_model = no_model;
    if (lmds_predictor_new(&o, p) != LMDS_OK) {
        fprintf(stderr, "cannot create the predictor: %s\n", lmds_errmsg());
        return -1;
    }
    return 0;
}

#endif

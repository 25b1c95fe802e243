/* The model registry is the truth: every default that `lmds sc models` lists is the value the code uses. Each
 * listed default is compared with what the corresponding code path does without being told (the options'
 * _init functions, the Gibbs-Thomson parameters, the Pade default), so a change to either side alone fails here. A
 * default the table below does not know also fails: add it together with the code path it describes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include <lmds.h>
#include "lmds_test.h"
#include "sc_testutil.h"

/* The value the code uses for (model, parameter), from the code path itself. Returns 0 when unknown. */
static int code_default(const char *model, const char *param, double *v)
{
    lmds_eliash_opts eo;
    lmds_eliash_opts_init(&eo);
    lmds_sc_pressure_opts po;
    lmds_sc_pressure_opts_init(&po);
    const lmds_gibbs_thomson *gt = lmds_gibbs_thomson_ga();
    if (!strcmp(param, "mu_star") && (!strcmp(model, "mcmillan") || !strcmp(model, "allen-dynes") ||
                                      !strcmp(model, "eliashberg") || !strcmp(model, "eliashberg-elk"))) {
        *v = eo.mu_star;
        /* The pressure model passes the same mu* to every method. */
        assert_lookup_equal(po.eliash.mu_star, eo.mu_star);
        return 1;
    }
    if (!strcmp(model, "eliashberg") && !strcmp(param, "cutoff_factor")) return *v = eo.cutoff_factor, 1;
    if (!strcmp(model, "pressure-phase") && (!strcmp(param, "mu_star") || !strcmp(param, "phi"))) {
        /* A table row without mu* and phi (the fixture's Xdft row) gets the listed defaults. */
        lmds_sc_material m;
        assert_int_equal(lmds_sc_material_load(LMDS_SOURCE_DATA_DIR "/../tests/supercon/materials_fixture.csv",
                                               "Xdft", &m), LMDS_OK);
        *v = !strcmp(param, "phi") ? m.phi : m.mu_star;
        return 1;
    }
    if (!strcmp(model, "pressure") && !strcmp(param, "phi")) return *v = po.phi, 1;
    if (!strcmp(model, "gibbs-thomson")) {
        if (!strcmp(param, "Tm")) return *v = gt->tm_bulk, 1;
        if (!strcmp(param, "sigma_sl")) return *v = gt->sigma_sl, 1;
        if (!strcmp(param, "rho_s")) return *v = gt->rho_s, 1;
        if (!strcmp(param, "L")) return *v = gt->latent, 1;
    }
    return 0;
}

static void test_defaults_match_code(void **state)
{
    (void)state;
    int checked = 0;
    for (size_t i = 0; i < lmds_sc_model_count(); i++) {
        const lmds_sc_model_info *m = lmds_sc_model_get(i);
        assert_ptr_equal(lmds_sc_model_find(m->id), m);
        for (size_t k = 0; k < m->nparams; k++) {
            const lmds_model_param *p = &m->params[k];
            if (isnan(p->default_value) || !strcmp(m->id, "pade")) continue; /* pade: see test_pade_default */
            double v = NAN;
            if (!code_default(m->id, p->name, &v))
                fail_msg("%s.%s lists default %g but no code path is checked for it", m->id, p->name,
                         p->default_value);
            assert_rel_why(v, p->default_value, LMDS_TOL_EXACT, "the registry lists what the code uses");
            checked++;
        }
    }
    assert_true(checked >= 10);
}

/* The Pade continuation's default point count: npade = 0 gives the same continuation as the listed default, and a
 * different one from half of it (so the comparison can fail). Pb at 0.5 K has more Matsubara points than that. */
static void test_pade_default(void **state)
{
    (void)state;
    const lmds_sc_model_info *m = lmds_sc_model_find("pade");
    assert_non_null(m);
    assert_string_equal(m->params[0].name, "npade");
    size_t npade = (size_t)m->params[0].default_value;
    lmds_a2f *a = NULL;
    assert_int_equal(lmds_a2f_load(SPECTRA "Pb_elk_DFPT_ALPHA2F.OUT", NULL, &a), LMDS_OK);
    lmds_eliash_opts o;
    lmds_eliash_opts_init(&o);
    lmds_eliash_gap *g = NULL;
    assert_int_equal(lmds_eliash_solve(a, &o, 0.5, NULL, &g), LMDS_OK);
    assert_true(g->n > npade);
    double r0, i0, rd, id, rh, ih;
    assert_int_equal(lmds_eliash_pade(g, 0, 2.0, &r0, &i0), LMDS_OK);
    assert_int_equal(lmds_eliash_pade(g, npade, 2.0, &rd, &id), LMDS_OK);
    assert_int_equal(lmds_eliash_pade(g, npade / 2, 2.0, &rh, &ih), LMDS_OK);
    assert_true(r0 == rd && i0 == id);
    assert_true(r0 != rh || i0 != ih);
    lmds_eliash_gap_free(g);
    lmds_a2f_free(a);
}

/* A four-digit year 1900-2099 in s. */
static int has_year(const char *s)
{
    for (; s[0] && s[1] && s[2] && s[3]; s++)
        if ((s[0] == '1' && s[1] == '9') || (s[0] == '2' && s[1] == '0'))
            if (s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9') return 1;
    return 0;
}

/* Every model names what to cite, and every citation carries a year or a link. */
static void test_references(void **state)
{
    (void)state;
    for (size_t i = 0; i < lmds_sc_model_count(); i++) {
        const lmds_sc_model_info *m = lmds_sc_model_get(i);
        assert_true(m->nrefs >= 1);
        for (size_t k = 0; k < m->nrefs; k++)
            assert_true(has_year(m->refs[k]) || strstr(m->refs[k], "http"));
    }
    assert_null(lmds_sc_model_get(lmds_sc_model_count()));
    assert_null(lmds_sc_model_find("nope"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_defaults_match_code), cmocka_unit_test(test_pade_default),
                                       cmocka_unit_test(test_references)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

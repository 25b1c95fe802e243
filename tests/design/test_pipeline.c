/* Validation of the forward pipeline (thermo -> phases -> Tc per phase -> percolation rule) against what is known
 * about liquid-metal routes, on the shipped databases. Each check states its data and tolerance; misses are
 * reported in docs/design.md, not tuned away. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <lmds.h>

#include "lmds_test.h"
#include "design_test_util.h"

static lmds_predictor *pred;

static int setup(void **state)
{
    (void)state;
    return dt_predictor_new(&pred, 0);
}

static int teardown(void **state)
{
    (void)state;
    lmds_predictor_free(pred);
    return 0;
}

static void run(const char *formula, const lmds_predict_opts *o, lmds_prediction *r)
{
    lmds_comp c;
    assert_int_equal(lmds_comp_parse(formula, NULL, &c), LMDS_OK);
    lmds_status st = lmds_predict(pred, 0, &c, o, r);
    if (st != LMDS_OK)
        fprintf(stderr, "%s: %s\n", formula, lmds_errmsg());
    assert_int_equal(st, LMDS_OK);
    fprintf(stderr, "  %-24s covered %d  T_liq %.1f K  Tc %.2f +- %.2f K (%s", formula, r->covered, r->T_liquidus_K,
            r->tc_K, r->uncertainty_K, lmds_tc_source_name(r->tc_source));
    if (r->tc_phase >= 0)
        fprintf(stderr, ", %s as %s", r->phases[r->tc_phase].phase, r->phases[r->tc_phase].compound);
    fprintf(stderr, ")\n");
}

static int has_phase(const lmds_prediction *r, const char *name)
{
    for (int k = 0; k < r->nphases; k++)
        if (strcmp(r->phases[k].phase, name) == 0)
            return 1;
    return 0;
}

/* Liquid GaInSn freezes into Ga + the In-Sn beta phase (~In3Sn), which superconducts at 6.0 K (Physica C 2019;
 * SuperCon lists In3Sn at 5.5-5.95 K). Tolerance 0.6 K: the spread of the reported In3Sn values. */
static void test_galinstan_freezes_to_in3sn(void **state)
{
    (void)state;
    lmds_predict_opts o;
    lmds_predict_opts_init(&o);
    o.scheil = 0;
    lmds_prediction r;
    run("Galinstan", &o, &r);
    assert_true(r.covered);
    assert_true(has_phase(&r, "BETA"));
    assert_true(r.tc_phase >= 0);
    assert_non_null(strstr(r.phases[r.tc_phase].compound, "In-Sn beta"));
    assert_true(fabs(r.tc_K - 6.0) <= 0.6);
    /* Its liquidus: Galinstan is liquid at room temperature (about 11 C; within 15 K as a sanity bound). */
    assert_true(fabs(r.T_liquidus_K - 284.0) < 15.0);
}

/* Pb-Bi eutectic (LBE, Bi55.5Pb44.5 wt%) freezes into Bi + the hcp epsilon phase (~Pb7Bi3), Tc above 8 K
 * (SuperCon: Bi0.3Pb0.7 8.63 K). Requirement: Tc > 8 K. */
static void test_lbe_freezes_to_epsilon(void **state)
{
    (void)state;
    lmds_predict_opts o;
    lmds_predict_opts_init(&o);
    o.scheil = 0;
    lmds_prediction r;
    lmds_comp_opts wt = {1, 0};
    lmds_comp c;
    assert_int_equal(lmds_comp_parse("Bi55.5Pb44.5", &wt, &c), LMDS_OK);
    assert_int_equal(lmds_predict(pred, 0, &c, &o, &r), LMDS_OK);
    fprintf(stderr, "  LBE: T_liq %.1f K, Tc %.2f K (%s)\n", r.T_liquidus_K, r.tc_K,
            r.tc_phase >= 0 ? r.phases[r.tc_phase].compound : "-");
    assert_true(r.covered);
    assert_true(has_phase(&r, "HCP_A3"));
    assert_true(r.tc_K > 8.0);
    /* Its eutectic: 124-125 C measured (data/thermo experimental rows); 3 K for the assessment's accuracy. */
    assert_true(fabs(r.T_liquidus_K - (124.5 + 273.15)) < 3.0);
}

/* Ga-flux growth of Mo8Ga41: the database has no Mo-Ga description, so the pipeline must say so and treat the
 * composition as one phase, whose Tc the genome has measured: 9.8 K (Phys. Rev. B 93, 064501 (2016)); 0.3 K
 * covers the 9.7-9.8 K spread of reports. */
static void test_mo8ga41_not_covered_one_phase(void **state)
{
    (void)state;
    lmds_predict_opts o;
    lmds_predict_opts_init(&o);
    lmds_prediction r;
    run("Mo8Ga41", &o, &r);
    assert_false(r.covered);
    assert_true(strstr(r.missing, "Mo") != NULL);
    assert_int_equal(r.nphases, 1);
    assert_int_equal(r.tc_source, LMDS_TC_SRC_GENOME);
    assert_true(fabs(r.tc_K - 9.8) <= 0.3);
}

/* BiIn2: Tc 5.6 K (SuperCon: 5.58, 5.77 K; 5.1 K in an older report). Tolerance 0.7 K: that spread. */
static void test_biin2(void **state)
{
    (void)state;
    lmds_predict_opts o;
    lmds_predict_opts_init(&o);
    o.scheil = 0;
    lmds_prediction r;
    run("BiIn2", &o, &r);
    assert_true(fabs(r.tc_K - 5.6) <= 0.7);
}

/* In-Sn eutectic solder (In52Sn48 wt%) freezes into beta (In3Sn) + gamma (InSn4); both percolate (checked as
 * frozen, --quench: at 298 K the database puts BCT_A5 where gamma should be, see docs/design.md). The material
 * Tc is the higher of the two phases'. SuperCon's In0.5Sn0.5 (7.2 K) is a measured reference for this
 * composition; the comparison is printed and reported in docs/design.md (the pipeline only knows the phases'
 * own Tc values). Checked here: the phases and that Tc comes from a percolating, identified phase. */
static void test_insn_solder_phases(void **state)
{
    (void)state;
    lmds_predict_opts o;
    lmds_predict_opts_init(&o);
    o.scheil = 0;
    o.quench = 1;
    lmds_prediction r;
    lmds_comp_opts wt = {1, 0};
    lmds_comp c;
    assert_int_equal(lmds_comp_parse("In52Sn48", &wt, &c), LMDS_OK);
    assert_int_equal(lmds_predict(pred, 0, &c, &o, &r), LMDS_OK);
    fprintf(stderr, "  In52Sn48 wt%%: T_liq %.1f K, Tc %.2f K (%s); SuperCon In0.5Sn0.5: 7.18 K\n",
            r.T_liquidus_K, r.tc_K, r.tc_phase >= 0 ? r.phases[r.tc_phase].compound : "-");
    assert_true(has_phase(&r, "BETA"));
    assert_true(has_phase(&r, "GAMMA"));
    assert_true(r.tc_phase >= 0 && r.phases[r.tc_phase].percolates);
    /* The In-Sn eutectic: 392.9 K in the assessment (David et al. 2004), 118-120 C measured; 3 K. */
    assert_true(fabs(r.T_liquidus_K - 392.9) < 3.0);
}

/* A measured negative result is used as such: BiIn (PbO type) is not superconducting down to 1.5 K (Okamoto's
 * Bi-In evaluation, curated genome). Before the genome's bounds were read, the phase went to the learned model. */
static void test_biin_negative_result(void **state)
{
    (void)state;
    lmds_predict_opts o;
    lmds_predict_opts_init(&o);
    o.scheil = 0;
    lmds_prediction r;
    run("BiIn", &o, &r);
    assert_true(r.nphases >= 1);
    int found = 0;
    for (int k = 0; k < r.nphases; k++)
        if (strcmp(r.phases[k].compound, "BiIn") == 0) {
            found = 1;
            assert_int_equal(r.phases[k].source, LMDS_TC_SRC_GENOME);
            assert_true(r.phases[k].tc_is_bound);
            assert_true(r.phases[k].tc_K == 0.0);
            assert_true(fabs(r.phases[k].uncertainty_K - 1.5) < 1e-9);
        }
    assert_true(found);
}

/* Routes use measurements in exactly that form: Ga droplets of ~15 um freeze to beta-Ga, 6.2 K (Moura et al.,
 * Sci. Rep. 7 (2017), refs 5-6; curated genome), while In3Sn has no droplet measurement and keeps its bulk Tc.
 * (The genome's find_tc also returns rows without a form, i.e. SuperCon's, which once passed In3Sn's bulk value
 * off as a droplet measurement.) Tolerance 0.3 K: the 5 % convention on a genome value. */
static void test_droplet_route_uses_form_measurements(void **state)
{
    (void)state;
    lmds_predict_opts o;
    lmds_predict_opts_init(&o);
    o.scheil = 0;
    assert_int_equal(lmds_route_parse("droplet:15um", &o.route), LMDS_OK);
    lmds_prediction r;
    run("Ga", &o, &r);
    assert_true(fabs(r.tc_K - 6.2) <= 0.3);
    run("Galinstan", &o, &r);
    int checked = 0;
    for (int k = 0; k < r.nphases; k++)
        if (strcmp(r.phases[k].phase, "BETA") == 0) {
            assert_true(r.phases[k].tc_route_K == r.phases[k].tc_K);
            assert_null(strstr(r.phases[k].route_note, "measured"));
            checked = 1;
        }
    assert_true(checked);
}

/* The main job on a small pool: Ga-In-Sn alloys liquid below 60 C that freeze into a percolating In3Sn (beta)
 * network must be found in bulk, Tc 6.0 +- 0.6 K (frozen GaInSn -> In3Sn, Physica C 2019; SuperCon In3Sn
 * 5.5-5.95 K). Grid step 5 at.% to keep the test short. */
static void test_design_finds_gainsn_in3sn(void **state)
{
    (void)state;
    lmds_design_spec s;
    dt_spec_gainsn(&s, 20);
    lmds_design_outcome *out = NULL;
    assert_int_equal(lmds_design_run(pred, &s, NULL, NULL, &out), LMDS_OK);
    assert_true(out->nfeasible > 0);
    int bulk = 0;
    assert_int_equal(s.routes[bulk].kind, LMDS_ROUTE_BULK);
    long best = -1;
    for (long i = 0; i < out->ncandidates; i++) {
        const lmds_design_candidate *c = &out->candidates[i];
        if (c->comp.n == 3 && c->T_liquidus_K <= s.max_liquidus_K && c->tc_route_K[bulk] >= s.min_tc_K &&
            (best < 0 || c->tc_route_K[bulk] > out->candidates[best].tc_route_K[bulk]))
            best = i;
    }
    assert_true(best >= 0);
    const lmds_design_candidate *c = &out->candidates[best];
    fprintf(stderr, "  best bulk Ga-In-Sn: Ga%.0f In%.0f Sn%.0f, T_liq %.1f K, Tc %.2f K\n", 100 * c->comp.x[0],
            100 * c->comp.x[1], 100 * c->comp.x[2], c->T_liquidus_K, c->tc_route_K[bulk]);
    assert_true(fabs(c->tc_route_K[bulk] - 6.0) <= 0.6);
    lmds_predict_opts o;
    lmds_predict_opts_init(&o);
    o.scheil = 0;
    lmds_prediction r;
    assert_int_equal(lmds_predict(pred, 0, &c->comp, &o, &r), LMDS_OK);
    assert_true(r.tc_phase >= 0);
    assert_non_null(strstr(r.phases[r.tc_phase].compound, "In-Sn beta"));
    assert_true(r.phases[r.tc_phase].percolates);
    lmds_design_outcome_free(out);
}

/* The percolation rule itself: a phase below the threshold cannot set the material's Tc. */
static void test_percolation_rule(void **state)
{
    (void)state;
    lmds_predict_opts o;
    lmds_predict_opts_init(&o);
    o.scheil = 0;
    lmds_prediction r;
    run("Ga0.97In0.02Sn0.01", &o, &r);
    for (int k = 0; k < r.nphases; k++)
        if (!r.phases[k].percolates)
            assert_true(r.tc_phase != k);
    /* Raising the threshold to 1 leaves no phase that percolates in a multiphase alloy. */
    o.percolation_threshold = 1.0;
    run("Galinstan", &o, &r);
    if (r.nphases > 1)
        assert_int_equal(r.tc_phase, -1);
}

/* The LIQUID phase of r carries no Tc (the test fails when r has no liquid). */
static void assert_liquid_without_tc(const lmds_prediction *r)
{
    int liquid = 0;
    for (int k = 0; k < r->nphases; k++)
        if (strcmp(r->phases[k].phase, "LIQUID") == 0) {
            liquid = 1;
            assert_int_equal(r->phases[k].source, LMDS_TC_SRC_NONE);
            assert_true(r->phases[k].tc_K == 0.0 && r->phases[k].tc_route_K == 0.0);
        }
    assert_true(liquid);
}

/* A liquid present at the state's temperature has no Tc: In60Sn40 at 399 K, between its solidus and liquidus, is
 * In-Sn beta + 37 % liquid; the liquid must not borrow the Tc(x) of the system's solids (it did: the liquid's
 * composition range spans the whole system, so every In-Sn row fell inside it). Nor, under pressure, the Tc of an
 * element's pressure-induced phase: liquid Bi at 600 K and 3 GPa took Bi-III's 7.03 K. */
static void test_liquid_has_no_tc(void **state)
{
    (void)state;
    lmds_predict_opts o;
    lmds_predict_opts_init(&o);
    o.T_final_K = 399.0;
    lmds_prediction r;
    run("In60Sn40", &o, &r);
    assert_true(r.T_liquidus_K > 399.0 && r.T_solidus_K < 399.0); /* the state has a liquid (checked, not assumed) */
    assert_liquid_without_tc(&r);
    assert_true(r.tc_phase >= 0);
    assert_string_equal(r.phases[r.tc_phase].phase, "BETA");

    o.T_final_K = 600.0;
    o.P_GPa = 3.0;
    run("Bi", &o, &r);
    assert_true(r.T_liquidus_K < 600.0); /* all liquid at the thermodynamics' pressure (checked) */
    assert_liquid_without_tc(&r);
    assert_true(r.tc_K == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_galinstan_freezes_to_in3sn),
        cmocka_unit_test(test_lbe_freezes_to_epsilon),
        cmocka_unit_test(test_mo8ga41_not_covered_one_phase),
        cmocka_unit_test(test_biin2),
        cmocka_unit_test(test_insn_solder_phases),
        cmocka_unit_test(test_biin_negative_result),
        cmocka_unit_test(test_droplet_route_uses_form_measurements),
        cmocka_unit_test(test_design_finds_gainsn_in3sn),
        cmocka_unit_test(test_percolation_rule),
        cmocka_unit_test(test_liquid_has_no_tc),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

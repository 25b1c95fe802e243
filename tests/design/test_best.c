/* lmds_design_best_per_system on a hand-made outcome whose answer is known by inspection: per system and route the
 * feasible candidate with the highest Tc (then the lowest liquidus); a non-bulk route only where it beats bulk. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include <lmds.h>

static lmds_design_candidate cand(int system, double tliq, double tc_bulk, double tc_drop)
{
    lmds_design_candidate c;
    memset(&c, 0, sizeof c);
    c.system = system;
    c.T_liquidus_K = tliq;
    c.tc_route_K[0] = tc_bulk;
    c.tc_route_K[1] = tc_drop;
    return c;
}

static void test_best_per_system(void **state)
{
    (void)state;
    lmds_design_spec s;
    lmds_design_spec_init(&s);
    s.nroutes = 2;
    s.routes[0].kind = LMDS_ROUTE_BULK;
    s.routes[1].kind = LMDS_ROUTE_DROPLET;
    s.max_liquidus_K = 333.0;
    s.min_tc_K = 4.2;
    lmds_design_system sys[2];
    memset(sys, 0, sizeof sys);
    sys[0].covered = sys[1].covered = 1;
    lmds_design_candidate c[5] = {
        cand(0, 300, 5.0, 5.0),  /* system 0: bulk 5.0; the droplet does not beat bulk */
        cand(0, 290, 5.0, 4.0),  /* same bulk Tc, lower liquidus: the bulk answer of system 0 */
        cand(0, 350, 9.0, 9.0),  /* too high a liquidus: infeasible */
        cand(1, 280, 3.0, 6.2),  /* system 1: bulk below the Tc limit, droplet 6.2 */
        cand(1, 285, 4.5, 4.5),  /* system 1 bulk 4.5 */
    };
    lmds_design_outcome o;
    memset(&o, 0, sizeof o);
    o.nsystems = 2;
    o.systems = sys;
    o.ncandidates = 5;
    o.candidates = c;
    lmds_design_best *rows = NULL;
    long n = 0;
    int gains[LMDS_DESIGN_MAX_ROUTES];
    assert_int_equal(lmds_design_best_per_system(&s, &o, &rows, &n, gains), LMDS_OK);
    assert_int_equal(n, 3);
    /* sorted by Tc: system 1 droplet 6.2, system 0 bulk 5.0 (candidate 1), system 1 bulk 4.5 */
    assert_int_equal(rows[0].candidate, 3);
    assert_int_equal(rows[0].route, 1);
    assert_int_equal(rows[1].candidate, 1);
    assert_int_equal(rows[1].route, 0);
    assert_int_equal(rows[2].candidate, 4);
    assert_int_equal(gains[0], 1);
    assert_int_equal(gains[1], 1);
    lmds_design_best_free(rows);
    assert_int_equal(lmds_design_best_per_system(NULL, &o, &rows, &n, gains), LMDS_EINVAL);
    assert_null(rows);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_best_per_system)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

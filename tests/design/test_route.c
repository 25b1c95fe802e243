/* Unit tests of route parsing and the design spec defaults (no databases needed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include <lmds/design.h>
#include <lmds/element.h>

static void test_route_parse(void **state)
{
    (void)state;
    lmds_route r;
    assert_int_equal(lmds_route_parse("bulk", &r), LMDS_OK);
    assert_int_equal(r.kind, LMDS_ROUTE_BULK);
    assert_int_equal(lmds_route_parse("film:3nm", &r), LMDS_OK);
    assert_int_equal(r.kind, LMDS_ROUTE_FILM);
    assert_true(fabs(r.size_nm - 3.0) < 1e-12);
    assert_int_equal(lmds_route_parse("droplet:15um", &r), LMDS_OK);
    assert_int_equal(r.kind, LMDS_ROUTE_DROPLET);
    assert_true(fabs(r.size_nm - 15000.0) < 1e-9);
    assert_int_equal(lmds_route_parse("confined:3.5", &r), LMDS_OK);
    assert_true(fabs(r.size_nm - 3.5) < 1e-12);
    assert_int_equal(lmds_route_parse("film", &r), LMDS_EPARSE);
    assert_int_equal(lmds_route_parse("film:-3nm", &r), LMDS_EPARSE);
    assert_int_equal(lmds_route_parse("film:3parsec", &r), LMDS_EPARSE);
    assert_int_equal(lmds_route_parse("bulk:3", &r), LMDS_EPARSE);
    assert_int_equal(lmds_route_parse("tube:3", &r), LMDS_EPARSE); /* wire, 2d, amorphous are routes; tube is not */
    char buf[64];
    lmds_route_parse("droplet:15um", &r);
    lmds_route_format(&r, buf, sizeof buf);
    assert_string_equal(buf, "droplet r=15 um");
}

static void test_spec_defaults(void **state)
{
    (void)state;
    lmds_design_spec s;
    lmds_design_spec_init(&s);
    /* The default question: 60 C, 4.2 K, no Pb, Cd, Hg. */
    assert_true(fabs(s.max_liquidus_K - 333.15) < 1e-9);
    assert_true(fabs(s.min_tc_K - 4.2) < 1e-12);
    for (int i = 0; i < s.nelements; i++) {
        const char *sym = lmds_element_symbol(s.z[i]);
        /* Tl too: more toxic than the three the question names (see lmds_design_spec_init). */
        assert_true(strcmp(sym, "Pb") && strcmp(sym, "Cd") && strcmp(sym, "Hg") && strcmp(sym, "Tl"));
    }
    assert_int_equal(s.max_components, 3);
    lmds_objective o;
    assert_int_equal(lmds_objective_parse("margin", &o), LMDS_OK);
    assert_int_equal(o, LMDS_OBJ_MARGIN);
    assert_int_equal(lmds_objective_parse("speed", &o), LMDS_EPARSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_route_parse),
        cmocka_unit_test(test_spec_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

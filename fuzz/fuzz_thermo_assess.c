/* libFuzzer target for the assessment data reader (lmds thermo assess): any CSV must either be assessed or fail with
 * a located error, never crash. The base is a two-element database (Ga, Sn: SGTE unaries written inline), so a
 * well-formed input runs the whole fit. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <lmds.h>

static const char BASE[] =
    "ELEMENT GA ORTHORHOMBIC_GA 69.723 5573.1 40.828 ! ELEMENT SN BCT_A5 118.71 6322 51.195 !\n"
    "FUNCTION GHSERGA 200 -7055.643+132.73019*T-26.0692906*T*LN(T)+1.506E-04*T**2; 4000 N !\n"
    "FUNCTION GHSERSN 100 -5855.135+65.443315*T-15.961*T*LN(T)-.0188702*T**2; 3000 N !\n"
    "PHASE LIQUID % 1 1 ! CONSTITUENT LIQUID : GA,SN : !\n"
    "PARAMETER G(LIQUID,GA;0) 200 GHSERGA+5491.298-18.073995*T; 4000 N !\n"
    "PARAMETER G(LIQUID,SN;0) 100 GHSERSN+7103.092-14.087767*T; 3000 N !\n"
    "PHASE ORTHORHOMBIC_GA % 1 1 ! CONSTITUENT ORTHORHOMBIC_GA : GA : !\n"
    "PARAMETER G(ORTHORHOMBIC_GA,GA;0) 200 GHSERGA; 4000 N !\n"
    "PHASE BCT_A5 % 1 1 ! CONSTITUENT BCT_A5 : SN : ! PARAMETER G(BCT_A5,SN;0) 100 GHSERSN; 3000 N !\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static lmds_tdb *base;
    if (!base && lmds_tdb_load_buffer(BASE, strlen(BASE), "base", &base)) return 0;
    char path[64];
    snprintf(path, sizeof path, "/tmp/fuzz_assess_%d.csv", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    lmds_assess_opts o = {.system = "Ga-Sn"};
    lmds_assessment *a = NULL;
    if (lmds_thermo_assess(base, path, &o, &a) == LMDS_OK) lmds_assessment_free(a);
    remove(path);
    lmds_warnings_clear();
    lmds_error_clear();
    return 0;
}

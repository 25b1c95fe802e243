/* Named alloys that users say out loud. Compositions as their sources give them (by weight for fusible alloys). */
#include <ctype.h>
#include <string.h>

#include "lmds/comp.h"

static const lmds_named_alloy alloys[] = {
    {"EGaIn", "eutectic gallium-indium|EGaIn eutectic|Indalloy 60", "Ga75.5In24.5 wt%",
     "Dickey et al., Adv. Funct. Mater. 18, 1097 (2008), doi:10.1002/adfm.200701216 (75.5/24.5 wt%); "
     "Indium Corp. Indalloy 60 (75.5Ga/24.5In, 15.7 C)"},
    {"Galinstan", "GaInSn|Geratherm Galinstan", "Ga68.5In21.5Sn10 wt%",
     "Liu, Sen, Kim, J. Microelectromech. Syst. 21, 443 (2012), doi:10.1109/JMEMS.2011.2174421 "
     "(68.5 Ga, 21.5 In, 10 Sn wt%, Geratherm Medical AG)"},
    {"Field's metal", "Fields metal|Indalloy 19", "Bi32.5In51Sn16.5 wt%",
     "Indium Corp. Indalloy 19 (51In/32.5Bi/16.5Sn wt%, eutectic 60 C); Field's alloy, CRC Handbook of "
     "Chemistry and Physics, 'Low-melting alloys'"},
    {"Wood's metal", "Woods metal|Lipowitz alloy|Indalloy 158", "Bi50Pb26.7Sn13.3Cd10 wt%",
     "Indium Corp. Indalloy 158 (50Bi/26.7Pb/13.3Sn/10Cd wt%, eutectic 70 C); CRC Handbook, 'Low-melting alloys'"},
    {"Rose's metal", "Roses metal", "Bi50Pb25Sn25 wt%",
     "CRC Handbook of Chemistry and Physics, 'Low-melting alloys' (Rose's metal 50 Bi, 25 Pb, 25 Sn wt%, "
     "melting range 94-98 C)"},
    {"LBE", "lead-bismuth eutectic|Pb-Bi eutectic|PbBi eutectic", "Bi55.5Pb44.5 wt%",
     "OECD/NEA Handbook on Lead-bismuth Eutectic Alloy and Lead Properties (2015 ed., NEA No. 7268): "
     "44.5 wt% Pb, 55.5 wt% Bi, eutectic 125.5 C (also data/genome/thermo_experimental_binaries.csv)"},
    {"NaK", "NaK-78|NaK78|sodium-potassium eutectic", "Na22K78 wt%",
     "Foust (ed.), Sodium-NaK Engineering Handbook Vol. 1 (1972): NaK-78, 78 wt% K, eutectic -12.6 C"},
    {"NaK-56", "NaK56", "Na44K56 wt%", "Foust (ed.), Sodium-NaK Engineering Handbook Vol. 1 (1972): NaK-56, 56 wt% K"},
    {"Cerrolow 117", "Cerrolow117|Indalloy 117|Bi-Pb-In-Sn-Cd 47C", "Bi44.7Pb22.6In19.1Sn8.3Cd5.3 wt%",
     "Indium Corp. Indalloy 117 (44.7Bi/22.6Pb/19.1In/8.3Sn/5.3Cd wt%, eutectic 47 C); Cerrolow 117, "
     "CRC Handbook, 'Low-melting alloys'"},
    {"Cerrolow 136", "Cerrolow136|Indalloy 136", "Bi49Pb18Sn12In21 wt%",
     "Indium Corp. Indalloy 136 (49Bi/21In/18Pb/12Sn wt%, eutectic 58 C)"},
    {"In-Sn eutectic", "Indalloy 1E|InSn eutectic", "In52Sn48 wt%",
     "Indium Corp. Indalloy 1E (52In/48Sn wt%, eutectic 118 C)"},
    {"Bi-Sn eutectic", "BiSn eutectic|Indalloy 281", "Bi58Sn42 wt%",
     "Indium Corp. Indalloy 281 (58Bi/42Sn wt%, eutectic 138 C)"},
};

int lmds_comp_named_count(void) { return (int)(sizeof alloys / sizeof alloys[0]); }

const lmds_named_alloy *lmds_comp_named_get(int i)
{
    return (i >= 0 && i < lmds_comp_named_count()) ? &alloys[i] : NULL;
}

/* Compare names ignoring case, spaces, apostrophes, hyphens and dots: "fields metal" = "Field's metal". */
static int same_name(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < alen && strchr(" '\u2019-._", a[i]) && a[i]) i++;
        while (j < blen && strchr(" '\u2019-._", b[j]) && b[j]) j++;
        if (i == alen || j == blen) return i == alen && j == blen;
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[j])) return 0;
        i++, j++;
    }
}

const lmds_named_alloy *lmds_comp_named_find(const char *name)
{
    if (!name) return NULL;
    size_t n = strlen(name);
    for (int k = 0; k < lmds_comp_named_count(); k++) {
        const lmds_named_alloy *a = &alloys[k];
        if (same_name(name, n, a->name, strlen(a->name))) return a;
        for (const char *p = a->aliases; p && *p;) {
            const char *bar = strchr(p, '|');
            size_t len = bar ? (size_t)(bar - p) : strlen(p);
            if (same_name(name, n, p, len)) return a;
            p = bar ? bar + 1 : NULL;
        }
    }
    return NULL;
}

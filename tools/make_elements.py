#!/usr/bin/env python3
"""Generate lmds's element table from the shared source tables.

Writes (deterministically, byte-for-byte reproducible):
  data/elements.csv               one row per element Z = 1..103, numeric property columns, empty = unknown
  data/element_sources.csv        property,unit,source,description (one row per property column, same order)
  data/element_value_sources.csv  symbol,property,source (values that do not come from the column's source)

Inputs (read-only), relative to the repository root:
  ../shared/data/elements/pymatgen_periodic_table.json   (pymatgen 2022.11.7, MIT)
  ../shared/data/elements/magpie/*.table                  (Magpie, Ward et al. 2016, as shipped in matminer)
  ../shared/data/elements/verret_ptable/ptable.csv        (S. Verret, MIT; columns from mendeleev)

Values that none of these tables give are typed in below (LITERATURE), each with its citation; they land in
element_value_sources.csv. Nothing is imputed silently: a value is either copied from a named table, derived by a
formula stated in the column description or the per-value source, or typed in from a cited reference.

Usage: python3 tools/make_elements.py [--shared DIR] [--out DIR]
The build never runs this script; it only documents how the shipped CSVs were made.
"""
import argparse
import csv
import io
import json
import math
import os
import re
import sys
from decimal import Decimal

ZMAX = 103

PMG = "pymatgen 2022.11.7 core/periodic_table.json (MIT; element data largely from WebElements)"
MAGPIE = ("Magpie, Ward et al., npj Comput. Mater. 2, 16028 (2016), doi:10.1038/npjcompumats.2016.28, "
          "tables as shipped in matminer")
MENDELEEV = "mendeleev package via S. Verret materials_data_api_scripts ptable.csv (MIT)"
KITTEL5 = ("C. Kittel, Introduction to Solid State Physics, 8th ed. (Wiley 2005), Ch. 5 Table 1 "
           "(Debye temperature, low-temperature limit from specific heat)")
KITTEL6 = ("C. Kittel, Introduction to Solid State Physics, 8th ed. (Wiley 2005), Ch. 6 Table 2 "
           "(observed electronic heat capacity coefficient gamma)")
KITTEL3 = ("C. Kittel, Introduction to Solid State Physics, 8th ed. (Wiley 2005), Ch. 3, table of "
           "isothermal bulk modulus and compressibility at room temperature (10^11 N/m^2)")
MARTIN = ("D. L. Martin, Phys. Rev. B 8, 5357 (1973), doi:10.1103/PhysRevB.8.5357 "
          "(specific heat of Cu, Ag, Au below 30 K)")
ROBERTS = ("B. W. Roberts, J. Phys. Chem. Ref. Data 5, 581 (1976), doi:10.1063/1.555540 "
           "(superconductive elements; also CRC Handbook 'Properties of superconductors')")
WEBB = ("G. W. Webb, F. Marsiglio, J. E. Hirsch, Physica C 514, 17 (2015), doi:10.1016/j.physc.2015.02.037 "
        "(31 elements superconduct at ambient pressure; this one is not among them); "
        "C. Buzea, K. Robbin, Supercond. Sci. Technol. 18, R1 (2005), doi:10.1088/0953-2048/18/1/R01")
SHIMIZU = ("K. Shimizu et al., High Pressure Research 26, 145 (2006), doi:10.1080/08957950600864401: "
           "'none' of the alkali metals superconducts at ambient pressure (Li later found at 0.4 mK)")
PHYSENC = "Fizicheskaya Entsiklopediya (Physical Encyclopedia, ed. A. M. Prokhorov, Moscow 1988-1998)"

# The 24 elements this field lives on: every column must have a value for them.
FIELD = "Ga In Sn Bi Pb Zn Cd Hg Tl Na K Rb Cs Al Ag Cu Au Ni Pd Pt Nb V Mo Ta".split()

# Magpie tables copied verbatim (column name -> table file).
MAGPIE_VERBATIM = [
    ("magpie_Number", "Number"), ("magpie_MendeleevNumber", "MendeleevNumber"),
    ("magpie_AtomicWeight", "AtomicWeight"), ("magpie_MeltingT", "MeltingT"), ("magpie_Column", "Column"),
    ("magpie_Row", "Row"), ("magpie_CovalentRadius", "CovalentRadius"),
    ("magpie_Electronegativity", "Electronegativity"), ("magpie_NsValence", "NsValence"),
    ("magpie_NpValence", "NpValence"), ("magpie_NdValence", "NdValence"), ("magpie_NfValence", "NfValence"),
    ("magpie_NValence", "NValence"), ("magpie_NsUnfilled", "NsUnfilled"), ("magpie_NpUnfilled", "NpUnfilled"),
    ("magpie_NdUnfilled", "NdUnfilled"), ("magpie_NfUnfilled", "NfUnfilled"), ("magpie_NUnfilled", "NUnfilled"),
    ("magpie_GSvolume_pa", "GSvolume_pa"), ("magpie_GSbandgap", "GSbandgap"), ("magpie_GSmagmom", "GSmagmom"),
    ("magpie_SpaceGroupNumber", "SpaceGroupNumber"),
]
MAGPIE_UNITS = {
    "magpie_AtomicWeight": "g/mol", "magpie_MeltingT": "K", "magpie_CovalentRadius": "pm",
    "magpie_GSvolume_pa": "A^3/atom", "magpie_GSbandgap": "eV", "magpie_GSmagmom": "muB/atom",
}

# Column definitions: name, unit, default source, description.
COLUMNS = [
    ("atomic_mass_u", "u", MENDELEEV,
     "Standard atomic weight (IUPAC conventional/abridged value as carried by mendeleev); for elements without "
     "a standard atomic weight, the mass number of the longest-lived isotope"),
    ("covalent_radius_pm", "pm", "B. Cordero et al., Dalton Trans. 2008, 2832, doi:10.1039/b801115j, via " + MENDELEEV,
     "Single-bond covalent radius (Cordero 2008), rounded to 0.1 pm"),
    ("metallic_radius_pm", "pm", PMG, "Metallic radius (pymatgen 'Metallic radius', Angstrom x 100)"),
    ("electronegativity_pauling", "", PMG, "Pauling electronegativity (pymatgen 'X')"),
    ("nvalence_s", "", MAGPIE, "Valence s electrons (Magpie NsValence)"),
    ("nvalence_p", "", MAGPIE, "Valence p electrons (Magpie NpValence)"),
    ("nvalence_d", "", MAGPIE, "Valence d electrons (Magpie NdValence)"),
    ("nvalence_f", "", MAGPIE, "Valence f electrons (Magpie NfValence)"),
    ("nvalence", "", MAGPIE, "Total valence electrons (Magpie NValence)"),
    ("nunfilled_s", "", MAGPIE, "Unfilled s states (Magpie NsUnfilled)"),
    ("nunfilled_p", "", MAGPIE, "Unfilled p states (Magpie NpUnfilled)"),
    ("nunfilled_d", "", MAGPIE, "Unfilled d states (Magpie NdUnfilled)"),
    ("nunfilled_f", "", MAGPIE, "Unfilled f states (Magpie NfUnfilled)"),
    ("nunfilled", "", MAGPIE, "Total unfilled valence states (Magpie NUnfilled)"),
    ("melting_point_K", "K", PMG, "Melting point at 1 atm (pymatgen 'Melting point')"),
    ("boiling_point_K", "K", PMG, "Boiling point at 1 atm (pymatgen 'Boiling point')"),
    ("density_g_cm3", "g/cm^3", PMG, "Density of the solid near room temperature (pymatgen 'Density of solid', "
     "kg/m^3 / 1000); Hg: liquid at 298 K"),
    ("molar_volume_cm3", "cm^3/mol", PMG, "Molar volume (pymatgen 'Molar volume')"),
    ("debye_temperature_K", "K", KITTEL5,
     "Debye temperature, low-temperature limit from specific heat; filled for the field elements and a few others"),
    ("sommerfeld_mJ_mol_K2", "mJ/(mol K^2)", KITTEL6,
     "Sommerfeld coefficient gamma of the electronic heat capacity C = gamma T (observed); filled for the field "
     "elements"),
    ("bulk_modulus_GPa", "GPa", PMG, "Bulk modulus near room temperature (pymatgen 'Bulk modulus'); Hg: liquid"),
    ("shear_modulus_GPa", "GPa", PMG, "Shear (rigidity) modulus of the polycrystal near room temperature "
     "(pymatgen 'Rigidity modulus'); Hg: 0 (liquid at 298 K)"),
    ("first_ionization_eV", "eV", PMG + "; values from NIST ASD", "First ionisation energy (pymatgen "
     "'Ionization energies'[0])"),
    ("tc_K", "K", PMG, "Superconducting transition temperature of the element at ambient pressure; 0 = does not "
     "superconduct at ambient pressure per the cited source; empty = unknown or only under pressure"),
    ("miedema_phi_V", "V", MAGPIE + " phi.table; original: F. R. de Boer et al., Cohesion in Metals: Transition "
     "Metal Alloys (North-Holland 1988)", "Miedema electronegativity parameter phi* (adjusted work function)"),
    ("miedema_nws13", "(d.u.)^(1/3)", MAGPIE + " n_ws^third.table; original: de Boer et al. (1988)",
     "Miedema n_ws^(1/3): cube root of the electron density at the Wigner-Seitz cell boundary (density units)"),
    ("miedema_V23_cm2", "cm^2", "derived: molar_volume_cm3^(2/3) from " + PMG,
     "Miedema V^(2/3) = V_m^(2/3) with V_m the molar volume in cm^3/mol (de Boer et al. tabulate the same "
     "quantity; differences of a few % for alkali metals). Given only where phi* and n_ws^(1/3) exist"),
    ("mendeleev_number", "", PMG, "Mendeleev number on Pettifor's scale (pymatgen 'Mendeleev no'; D. G. "
     "Pettifor, Solid State Commun. 51, 31 (1984)); NOT Villars' scale used by Magpie (magpie_MendeleevNumber)"),
    ("row", "", "IUPAC periodic table (computed from Z)", "Period (row) 1-7"),
    ("group", "", "IUPAC periodic table (computed from Z); lanthanides and actinides given group 3 as in "
     "pymatgen's Element.group", "Group 1-18"),
    ("gs_volume_pa_A3", "A^3/atom", MAGPIE + " GSvolume_pa.table (OQMD DFT ground state, CC BY 4.0)",
     "DFT volume per atom of the T = 0 K ground state"),
    ("gs_bandgap_eV", "eV", MAGPIE + " GSbandgap.table (OQMD)", "DFT band gap of the ground state"),
    ("gs_magmom_muB", "muB/atom", MAGPIE + " GSmagmom.table (OQMD)", "DFT magnetic moment of the ground state"),
    ("space_group_number", "", MAGPIE + " SpaceGroupNumber.table (ICSD/OQMD ground state)",
     "Space group number of the T = 0 K ground-state structure"),
    ("fusion_enthalpy_kJ_mol", "kJ/mol", MAGPIE + " HeatFusion.table (CRC Handbook)",
     "Enthalpy of fusion at the melting point, per mole of atoms"),
    ("thermal_expansion_per_K", "1/K", PMG, "Linear thermal expansion coefficient near room temperature "
     "(pymatgen 'Coefficient of linear thermal expansion' x 1e-6)"),
    ("price_usd_kg", "USD/kg", "none available", "Element price: no source table at hand, left empty for all"),
    ("hhi_production", "", MAGPIE + " HHIp.table; M. W. Gaultois et al., Chem. Mater. 25, 2911 (2013), "
     "doi:10.1021/cm400893e", "Herfindahl-Hirschman index of production (0-10000)"),
    ("hhi_reserves", "", MAGPIE + " HHIr.table; Gaultois et al. (2013)",
     "Herfindahl-Hirschman index of known reserves (0-10000)"),
]
for name, table in MAGPIE_VERBATIM:
    COLUMNS.append((name, MAGPIE_UNITS.get(name, ""), MAGPIE + " " + table + ".table",
                    "Verbatim copy of Magpie " + table + ".table for matminer-exact Magpie features "
                    "(Missing/blank -> empty)"))

# ---------------------------------------------------------------------------------------------------------------
# Values from the literature that the source tables lack or get wrong: (symbol, column, value, source).
LITERATURE = []


def lit(sym, col, value, source):
    LITERATURE.append((sym, col, value, source))


# Debye temperatures (K). Default reference: Kittel Table 5.1. Cu/Ag/Au: Martin 1973's newer calorimetry.
for sym, th in [("Ga", "320"), ("In", "108"), ("Sn", "200"), ("Bi", "119"), ("Pb", "105"), ("Zn", "327"),
                ("Cd", "209"), ("Hg", "71.9"), ("Tl", "78.5"), ("Na", "158"), ("K", "91"), ("Rb", "56"),
                ("Cs", "38"), ("Al", "428"), ("Ni", "450"), ("Pd", "274"), ("Pt", "240"), ("Nb", "275"),
                ("V", "380"), ("Mo", "450"), ("Ta", "240"), ("Be", "1440"), ("C", "2230"), ("Si", "645"),
                ("Ge", "374"), ("Ti", "420"), ("Cr", "630"), ("Mn", "410"), ("Fe", "470"), ("W", "400"),
                ("Se", "90")]:
    lit(sym, "debye_temperature_K", th, KITTEL5)
lit("Cu", "debye_temperature_K", "344.3", MARTIN + ": Theta_0 = 344.3 K")
lit("Ag", "debye_temperature_K", "226.6", MARTIN + ": Theta_0 = 226.6 K")
lit("Au", "debye_temperature_K", "161.8", MARTIN + ": Theta_0 = 161.8 K")

# Sommerfeld coefficients (mJ mol^-1 K^-2), Kittel Table 6.2; Cu/Ag/Au from Martin 1973.
for sym, g in [("Ga", "0.596"), ("In", "1.69"), ("Sn", "1.78"), ("Bi", "0.008"), ("Pb", "2.98"), ("Zn", "0.64"),
               ("Cd", "0.688"), ("Hg", "1.79"), ("Tl", "1.47"), ("Na", "1.38"), ("K", "2.08"), ("Rb", "2.41"),
               ("Cs", "3.20"), ("Al", "1.35"), ("Ni", "7.02"), ("Pd", "9.42"), ("Pt", "6.8"), ("Nb", "7.79"),
               ("V", "9.26"), ("Mo", "2.0"), ("Ta", "5.9")]:
    lit(sym, "sommerfeld_mJ_mol_K2", g, KITTEL6)
lit("Cu", "sommerfeld_mJ_mol_K2", "0.691", MARTIN + ": gamma = 0.691 mJ/(K^2 g-atom)")
lit("Ag", "sommerfeld_mJ_mol_K2", "0.640", MARTIN + ": gamma = 0.640 mJ/(K^2 g-atom)")
lit("Au", "sommerfeld_mJ_mol_K2", "0.689", MARTIN + ": gamma = 0.689 mJ/(K^2 g-atom)")

# Bulk moduli pymatgen lacks.
lit("Ga", "bulk_modulus_GPa", "56.9", KITTEL3 + ": Ga 0.569 x 10^11 N/m^2")
lit("In", "bulk_modulus_GPa", "41.1", KITTEL3 + ": In 0.411 x 10^11 N/m^2")
lit("Hg", "bulk_modulus_GPa", None,
    PMG + ": 25 GPa is liquid Hg near 298 K (isothermal compressibility ~4e-11 1/Pa); "
    + KITTEL3 + " gives 38.2 GPa for solid Hg. Kept the liquid value")


def shear_from_E_K(E, K):
    """Isotropic elasticity: G = 3 K E / (9 K - E)."""
    return 3.0 * K * E / (9.0 * K - E)


def vrh_shear_orthorhombic(c):
    """Voigt-Reuss-Hill polycrystal shear modulus from a 6x6 stiffness matrix (GPa). Uses numpy-free inversion."""
    n = 6
    a = [row[:] + [1.0 if i == j else 0.0 for j in range(n)] for i, row in enumerate(c)]
    for i in range(n):  # Gauss-Jordan
        p = max(range(i, n), key=lambda r: abs(a[r][i]))
        a[i], a[p] = a[p], a[i]
        piv = a[i][i]
        a[i] = [x / piv for x in a[i]]
        for r in range(n):
            if r != i:
                f = a[r][i]
                a[r] = [x - f * y for x, y in zip(a[r], a[i])]
    s = [row[n:] for row in a]
    gv = ((c[0][0] + c[1][1] + c[2][2]) - (c[0][1] + c[0][2] + c[1][2]) + 3 * (c[3][3] + c[4][4] + c[5][5])) / 15
    gr = 15 / (4 * (s[0][0] + s[1][1] + s[2][2]) - 4 * (s[0][1] + s[0][2] + s[1][2])
               + 3 * (s[3][3] + s[4][4] + s[5][5]))
    return 0.5 * (gv + gr), gv, gr


# Ga: orthorhombic stiffness (GPa) from Le Page & Saxe, Physica B 307, 191 (2001) (ab initio, shown there to
# agree with the measured constants once the crystal setting is matched); the polycrystal average is independent
# of the setting.
_ga = [[88, 29, 34, 0, 0, 0], [29, 116, 24, 0, 0, 0], [34, 24, 98, 0, 0, 0],
       [0, 0, 0, 37, 0, 0], [0, 0, 0, 0, 38, 0], [0, 0, 0, 0, 0, 27]]
_ga_g, _ga_gv, _ga_gr = vrh_shear_orthorhombic([[float(x) for x in r] for r in _ga])
lit("Ga", "shear_modulus_GPa", "%.1f" % _ga_g,
    "derived: Voigt-Reuss-Hill average (G_V = %.1f, G_R = %.1f GPa) of the stiffness constants C11=88 C12=29 "
    "C13=34 C22=116 C23=24 C33=98 C44=37 C55=38 C66=27 GPa of Y. Le Page, P. Saxe, Physica B 307, 191 (2001), "
    "doi:10.1016/S0921-4526(01)00604-0" % (_ga_gv, _ga_gr))
lit("In", "shear_modulus_GPa", "%.2f" % shear_from_E_K(11.0, 41.1),
    "derived: G = 3KE/(9K-E) with E = 11 GPa (" + PMG + ") and K = 41.1 GPa (Kittel Ch. 3 bulk-modulus table); implies "
    "Poisson ratio 0.45, as measured by S. A. Kim, H. M. Ledbetter, Mater. Sci. Eng. A 252, 139 (1998)")
lit("Rb", "shear_modulus_GPa", "%.2f" % shear_from_E_K(2.4, 2.5),
    "derived: G = 3KE/(9K-E) with E = 2.4 GPa and K = 2.5 GPa, both " + PMG)
lit("Cs", "shear_modulus_GPa", "%.2f" % shear_from_E_K(1.7, 1.6),
    "derived: G = 3KE/(9K-E) with E = 1.7 GPa and K = 1.6 GPa, both " + PMG)
lit("Hg", "shear_modulus_GPa", "0",
    "Hg is liquid at 298 K (melting point 234.32 K): a liquid has no static shear rigidity. Solid-Hg elastic "
    "constants are not in the source tables")

# Density of Hg (liquid at 298 K): Magpie Density.table (Mathematica), 13534 g/L.
lit("Hg", "density_g_cm3", "13.534", MAGPIE + " Density.table (Mathematica ElementData): 13534 g/L, liquid")

# Thermal expansion (1/K). Ga: pymatgen's 120e-6 is WebElements' value for LIQUID Ga (>30 C).
lit("Ga", "thermal_expansion_per_K", "0.000018",
    "CRC Handbook of Chemistry and Physics (solid Ga, 18e-6 1/K; WebElements/pymatgen's 120e-6 refers to liquid "
    "Ga above 30 C), as tabulated in Wikipedia 'Thermal expansivities of the elements' (CRC column)")
lit("K", "thermal_expansion_per_K", "0.0000833",
    "CRC Handbook of Chemistry and Physics (83.3e-6 1/K at 25 C), as tabulated in Wikipedia 'Thermal "
    "expansivities of the elements' (CRC column)")
lit("Rb", "thermal_expansion_per_K", "0.00009",
    PHYSENC + ", article 'Rubidii': 9e-5 1/K (0-30 C)")
lit("Cs", "thermal_expansion_per_K", "0.000097",
    PHYSENC + ", article 'Tsezii': 97e-6 1/K (0 C)")
# Hg: alpha_L = (1/3) (1/V) dV/dt at 25 C with CRC's specific volume of liquid Hg
# V(t) = 0.073554 + 1.3245e-5 t + 1.22823e-9 t^2 mL/g (t in C).
_t = 25.0
_v = 0.073554 + 1.3245e-5 * _t + 1.22823e-9 * _t * _t
_dv = 1.3245e-5 + 2 * 1.22823e-9 * _t
lit("Hg", "thermal_expansion_per_K", "%.7f" % (_dv / _v / 3.0),
    "derived: one third of the volumetric expansion of liquid Hg at 25 C, (1/3V) dV/dt with "
    "V(t) = 0.073554 + 1.3245e-5 t + 1.22823e-9 t^2 mL/g (CRC Handbook table of the volume of mercury, quoted at "
    "physlink.com/Education/AskExperts/ae431.cfm)")

# Superconducting Tc at ambient pressure.
lit("Hg", "tc_K", "4.154", ROBERTS + ": alpha-Hg (the stable rhombohedral form) 4.154 K; pymatgen's 3.95 K is "
    "metastable beta-Hg")
lit("Pb", "tc_K", "7.196", ROBERTS + ": 7.196 K (pymatgen gives the rounded 7.2 K)")
lit("Bi", "tc_K", "0.00053", "O. Prakash et al., Science 355, 52 (2017), doi:10.1126/science.aaf8227: bulk "
    "superconductivity of rhombohedral Bi single crystals below 0.53 mK at ambient pressure")
lit("Li", "tc_K", "0.0004", "J. Tuoriniemi et al., Nature 447, 187 (2007), doi:10.1038/nature05820: Li "
    "superconducts at 0.4 mK at ambient pressure")
for sym in ["Na", "K", "Rb", "Cs"]:
    lit(sym, "tc_K", "0", SHIMIZU)
for sym in ["Cu", "Ag", "Au", "Ni", "Pd", "Pt"]:
    note = WEBB
    if sym == "Pt":
        note += "; compacted Pt powder shows granular superconductivity near 1 mK, bulk Pt does not"
    lit(sym, "tc_K", "0", note)
# pymatgen values that are not ambient-pressure Tc (removed; see ELEMENTS_README.md).
for sym, why in [("Sc", "'0.05 (under pressure)'"), ("Y", "'1.3 (under pressure)'"),
                 ("Ce", "'0.022 (under pressure)'")]:
    lit(sym, "tc_K", None, PMG + " lists " + why + ": not an ambient-pressure Tc, left empty")
lit("Gd", "tc_K", None, PMG + " lists 1.083 K, Ga's value: Gd is a ferromagnet (T_Curie 293 K) with no "
    "reported superconductivity; treated as a copying error and left empty")

# ---------------------------------------------------------------------------------------------------------------


def plain(x):
    """A numeric string as a plain decimal (no exponent), value unchanged. None/'' -> ''."""
    if x is None:
        return ""
    s = str(x).strip()
    if s == "":
        return ""
    d = Decimal(s)
    out = format(d, "f")
    if "." in out:
        out = out.rstrip("0").rstrip(".")
    if out in ("-0", ""):
        out = "0"
    return out


def fnum(v, digits=6):
    """Format a computed float with `digits` significant digits as a plain decimal."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return plain(repr(float("%.*g" % (digits, v))))


NUM_RE = re.compile(r"^\s*(?:\(.*?\)\s*)?(?:maybe\s+)?(?:about\s+)?([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)")


def pmg_number(s):
    """Leading number of a pymatgen string value ('302.91 K', 'about 1800 K', '(white P) 317.3 K'); None for
    'no data'. Returns (value_string, note) where note flags qualifiers."""
    if s is None:
        return None, None
    if isinstance(s, (int, float)):
        return plain(repr(s)), None
    s = str(s)
    if "no data" in s:
        return None, None
    m = NUM_RE.match(s)
    if not m:
        return None, None
    note = None
    if "about" in s or "maybe" in s or "(" in s:
        note = "pymatgen gives %r" % s
    return plain(m.group(1)), note


def read_magpie(path):
    with open(path, encoding="latin-1") as f:
        lines = f.read().splitlines()
    out = {}
    for z in range(1, ZMAX + 1):
        v = lines[z - 1].strip() if z - 1 < len(lines) else ""
        if v == "" or v.lower() == "missing":
            out[z] = None
        else:
            Decimal(v)  # must be numeric
            out[z] = plain(v)
    return out


def row_group(z):
    """Period and group from Z (IUPAC layout; f-block -> group 3)."""
    periods = [(1, 2), (3, 10), (11, 18), (19, 36), (37, 54), (55, 86), (87, 118)]
    for p, (lo, hi) in enumerate(periods, start=1):
        if lo <= z <= hi:
            break
    k = z - lo  # 0-based position in the period
    if p == 1:
        return p, (1 if z == 1 else 18)
    if p in (2, 3):
        return p, (k + 1 if k < 2 else k + 11)
    if p in (4, 5):
        return p, k + 1
    # periods 6, 7: 32 elements; La..Yb / Ac..No (k = 2..15) are f-block -> group 3; Lu/Lr (k=16) group 3
    if k < 2:
        return p, k + 1
    if k <= 16:
        return p, 3
    return p, k - 13


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--shared", default=os.path.join(root, "..", "shared", "data", "elements"))
    ap.add_argument("--out", default=os.path.join(root, "data"))
    args = ap.parse_args()

    with open(os.path.join(args.shared, "pymatgen_periodic_table.json")) as f:
        pmg = json.load(f)
    byz = {e["Atomic no"]: (s, e) for s, e in pmg.items()}
    with open(os.path.join(args.shared, "verret_ptable", "ptable.csv"), newline="") as f:
        vr = {int(r["atomic_number"]): r for r in csv.DictReader(f)}
    mag = lambda t: read_magpie(os.path.join(args.shared, "magpie", t + ".table"))  # noqa: E731
    M = {t: mag(t) for t in ["NsValence", "NpValence", "NdValence", "NfValence", "NValence", "NsUnfilled",
                             "NpUnfilled", "NdUnfilled", "NfUnfilled", "NUnfilled", "phi", "n_ws^third",
                             "GSvolume_pa", "GSbandgap", "GSmagmom", "SpaceGroupNumber", "HeatFusion", "HHIp",
                             "HHIr"]}
    for _, t in MAGPIE_VERBATIM:
        if t not in M:
            M[t] = mag(t)

    colnames = [c[0] for c in COLUMNS]
    table = {}
    vsrc = {}  # (symbol, column) -> source
    symbols = {}
    names = {}
    for z in range(1, ZMAX + 1):
        sym, e = byz[z]
        symbols[z], names[z] = sym, e["Name"]
        if "," in e["Name"] or '"' in e["Name"]:
            sys.exit("name with comma: " + e["Name"])
        if vr[z]["symbol"] != sym:
            sys.exit("verret/pymatgen symbol mismatch at Z=%d" % z)
        r = {}

        def put_pmg(col, key, scale=None):
            v, note = pmg_number(e.get(key))
            if v is not None and scale is not None:
                v = plain(str(Decimal(v) * Decimal(scale)))
            r[col] = v
            if note:
                vsrc[(sym, col)] = PMG + " (" + note + ")"

        aw = vr[z]["atomic_weight"]
        r["atomic_mass_u"] = plain(aw) if aw else None
        cr = vr[z]["covalent_radius_cordero"]
        r["covalent_radius_pm"] = fnum(round(float(cr), 1)) if cr else None
        mr = e.get("Metallic radius")
        r["metallic_radius_pm"] = plain(str(Decimal(repr(mr)) * 100)) if isinstance(mr, (int, float)) else None
        x = e.get("X")
        r["electronegativity_pauling"] = plain(repr(x)) if isinstance(x, (int, float)) and not math.isnan(x) else None
        for col, t in [("nvalence_s", "NsValence"), ("nvalence_p", "NpValence"), ("nvalence_d", "NdValence"),
                       ("nvalence_f", "NfValence"), ("nvalence", "NValence"), ("nunfilled_s", "NsUnfilled"),
                       ("nunfilled_p", "NpUnfilled"), ("nunfilled_d", "NdUnfilled"), ("nunfilled_f", "NfUnfilled"),
                       ("nunfilled", "NUnfilled")]:
            r[col] = M[t][z]
        put_pmg("melting_point_K", "Melting point")
        put_pmg("boiling_point_K", "Boiling point")
        put_pmg("density_g_cm3", "Density of solid", "0.001")
        put_pmg("molar_volume_cm3", "Molar volume")
        r["debye_temperature_K"] = None
        r["sommerfeld_mJ_mol_K2"] = None
        put_pmg("bulk_modulus_GPa", "Bulk modulus")
        put_pmg("shear_modulus_GPa", "Rigidity modulus")
        ie = e.get("Ionization energies") or []
        r["first_ionization_eV"] = plain(repr(ie[0])) if ie and ie[0] is not None else None
        put_pmg("tc_K", "Superconduction temperature")
        r["miedema_phi_V"] = M["phi"][z]
        r["miedema_nws13"] = M["n_ws^third"][z]
        r["miedema_V23_cm2"] = None  # filled after overrides (needs the final molar volume)
        r["mendeleev_number"] = plain(str(e["Mendeleev no"])) if e.get("Mendeleev no") is not None else None
        rw, gp = row_group(z)
        r["row"], r["group"] = str(rw), str(gp)
        r["gs_volume_pa_A3"] = M["GSvolume_pa"][z]
        r["gs_bandgap_eV"] = M["GSbandgap"][z]
        r["gs_magmom_muB"] = M["GSmagmom"][z]
        r["space_group_number"] = M["SpaceGroupNumber"][z]
        r["fusion_enthalpy_kJ_mol"] = M["HeatFusion"][z]
        put_pmg("thermal_expansion_per_K", "Coefficient of linear thermal expansion", "0.000001")
        r["price_usd_kg"] = None
        r["hhi_production"] = M["HHIp"][z]
        r["hhi_reserves"] = M["HHIr"][z]
        for name, t in MAGPIE_VERBATIM:
            r[name] = M[t][z]
        table[z] = r

    # Pymatgen quirks handled explicitly.
    zof = {s: z for z, s in symbols.items()}
    # 'Bulk modulus' of Cl is '1.1 (liquid)GPa': a liquid value for a gas at STP; keep but flag.
    if table[zof["Cl"]]["bulk_modulus_GPa"] is not None:
        vsrc[("Cl", "bulk_modulus_GPa")] = PMG + " (given as '1.1 (liquid)GPa')"

    # Literature values and removals.
    for sym, col, val, src in LITERATURE:
        if col not in colnames:
            sys.exit("unknown column " + col)
        z = zof[sym]
        if val is not None:
            table[z][col] = plain(val)
        elif col in ("tc_K",):
            table[z][col] = None
        vsrc[(sym, col)] = src

    # Miedema V^(2/3) from the final molar volume, for elements in Miedema's parameter set.
    for z in range(1, ZMAX + 1):
        r = table[z]
        if r["miedema_phi_V"] is not None and r["miedema_nws13"] is not None and r["molar_volume_cm3"] is not None:
            r["miedema_V23_cm2"] = fnum(float(r["molar_volume_cm3"]) ** (2.0 / 3.0), 4)

    # Checks: completeness of the field elements, numeric cells.
    missing = []
    for sym in FIELD:
        for col in colnames:
            if col == "price_usd_kg":
                continue
            if table[zof[sym]][col] in (None, ""):
                missing.append((sym, col))
    if missing:
        sys.exit("field elements incomplete: %r" % missing)
    for z in range(1, ZMAX + 1):
        for col in colnames:
            v = table[z][col]
            if v not in (None, ""):
                if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", v):
                    sys.exit("not a plain decimal: Z=%d %s %r" % (z, col, v))

    # Write.
    os.makedirs(args.out, exist_ok=True)

    def write(path, rows):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerows(rows)
        with open(path, "w", newline="") as f:
            f.write(buf.getvalue())

    write(os.path.join(args.out, "elements.csv"),
          [["Z", "symbol", "name"] + colnames]
          + [[str(z), symbols[z], names[z]] + [table[z][c] or "" for c in colnames] for z in range(1, ZMAX + 1)])
    write(os.path.join(args.out, "element_sources.csv"),
          [["property", "unit", "source", "description"]] + [list(c) for c in COLUMNS])
    order = {c: i for i, c in enumerate(colnames)}
    vs = sorted(vsrc.items(), key=lambda kv: (zof[kv[0][0]], order[kv[0][1]]))
    write(os.path.join(args.out, "element_value_sources.csv"),
          [["symbol", "property", "source"]] + [[s, c, src] for (s, c), src in vs])
    print("wrote %d elements x %d properties, %d per-value sources" % (ZMAX, len(colnames), len(vs)))


if __name__ == "__main__":
    main()

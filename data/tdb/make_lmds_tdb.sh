#!/bin/sh
# Rebuild the lmds assessments and the default database from the measured data (run from the repository root with
# a built `lmds`):  sh data/tdb/make_lmds_tdb.sh build/lmds
# Each assessment takes its unary data from lmds_core.tdb; the result files carry their data, references, fit
# quality and date in '$' comments. lmds.tdb is then the merge of the core, the transcribed published binaries, the
# lmds assessments and the ternary term of Bi-In-Sn; the merge fails on any conflicting function or parameter.
# Last, lmds_miedema_solids.tdb (make_miedema_solids.sh) gives every pair of elements that shares a solid phase
# without an interaction from any source a Miedema estimate, and the merge is redone with it.
# Which binaries come from where: coverage.csv (docs/thermo_data.md).
#   sh data/tdb/make_lmds_tdb.sh build/lmds --merge-only
# skips the assessments and only redoes the merge (and the Miedema solid terms) from the lmds_*.tdb files as they
# are: for adding a transcribed file without refitting the shipped assessments (the Cd fits do not reproduce, see
# docs/thermo.md, "Not done / known limits").
set -e
LMDS=${1:-build/lmds}
MODE=${2:-all}
case "$LMDS" in /*) ;; *) LMDS="$(pwd)/$LMDS" ;; esac
T=data/tdb

# assess NAME A-B [options]: data/thermo/NAME.csv -> data/tdb/lmds_NAME.tdb (base: $BASE, default lmds_core.tdb)
assess() {
    name=$1; sys=$2; shift 2
    "$LMDS" thermo assess data/thermo/$name.csv -o $T/lmds_$name.tdb --system $sys --tdb "${BASE:-$T/lmds_core.tdb}" "$@"
}

if [ "$MODE" != --merge-only ]; then
assess gasn Ga-Sn --keep BCT_A5
assess biin Bi-In --phases LIQUID,TETRAGONAL_A6
assess inzn In-Zn
assess nak Na-K
# Liquid miscibility gaps: the tool fits the monotectic (as liquidus rows at the two liquids' compositions, which
# have the same chemical potentials) and the eutectic, not the critical point of the gap. --terms: where the data
# leave no degree of freedom for the automatic choice, or where the measured critical temperature (not fitted)
# selects among the term sets (docs/thermo_data.md).
assess biga Bi-Ga --terms L0,L1
assess bizn Bi-Zn --terms L0,L1,L2
assess gapb Ga-Pb --terms L0,L1
assess pbzn Pb-Zn
assess cdga Cd-Ga --terms L0,L1,L2
assess bicd Bi-Cd
assess cdin Cd-In --phases LIQUID,TETRAGONAL_A6
assess cdsn Cd-Sn
assess cdzn Cd-Zn
assess inpb In-Pb --phases LIQUID,FCC_A1
assess hgin Hg-In --phases LIQUID,TETRAGONAL_A6
# Alkali metals: Ga-Na from the DSC study of Yu et al. 2026 (L0, L1: the data leave no degree of freedom for more);
# In-Na and Cd-K from two or three points (estimates); Na-Zn and K-Zn without fitted data (Miedema's liquid).
assess gana Ga-Na --terms L0,L1
assess inna In-Na
assess cdk Cd-K
assess nazn Na-Zn
assess kzn K-Zn
# Alkali metals with Sn and Bi (strongly compound-forming pairs): the liquid is Miedema's where only the melting
# points of compounds were read, and each compound's formation energy is fitted to its melting point (estimates, no
# degree of freedom); Bi-Na also fits L0 to the Bi-rich eutectic (RECALLED); Bi-K fits K3Bi and KBi2 (RECALLED), the
# compounds that bound the K-rich and Bi-rich liquids. Not shipped (data kept in data/thermo/,
# the reason in coverage.csv): K-Pb, Na-Tl, Hg-Na, Hg-K, Ga-K, In-K, Na-Pb, K-Tl, Cd-Na, where the compounds
# whose melting points are missing leave Miedema's liquid stable far below the melting points of the elements.
# (Hg-Na, Hg-K, Na-Tl, run as below, reproduce their Hg-rich or compound data: docs/thermo.md.)
assess nasn Na-Sn
assess ksn K-Sn
assess bina Bi-Na
assess bik Bi-K
# Hg and Tl: Bi-Hg, Ga-Tl, Sn-Tl, Tl-Zn are Miedema estimates (no fitted data: the Tl rows cannot be fitted while
# the tool takes hcp Tl for the solid, Tl melting from bcc); Ga-Hg (lmds_gahg.tdb) is written by hand from its
# critical point.
assess bihg Bi-Hg
assess gatl Ga-Tl
assess sntl Sn-Tl
assess tlzn Tl-Zn
# Flux systems with Mg (Mg2Sn, Mg3Bi2 as line compounds): estimates from a few measured invariants, no degree of
# freedom left for Bi-Mg. Pairs of a transition metal (Nb, V, Mo, Pd) with Ga, In, Sn or Bi cannot be assessed by
# the tool yet (no Miedema prior for such pairs).
# Mg-Sn: the (Mg) terms (lmds_mgsn_hcp.tdb, by hand, see that file) are kept while the liquid and Mg2Sn are fitted.
"$LMDS" thermo merge -o $T/mgsn_base.tmp $T/lmds_core.tdb $T/lmds_mgsn_hcp.tdb
BASE=$T/mgsn_base.tmp assess mgsn Mg-Sn --keep HCP_A3
rm -f $T/mgsn_base.tmp
assess bimg Bi-Mg --terms L0,L1 --phases LIQUID,HCP_A3
# Cd-Pb, and pairs of Hg and Tl with the pool's metals and Pb, Cd. Cd-Pb: liquid and (Pb) fitted to the eutectic
# and the Cd solubility of (Pb), with Cd's fcc lattice stability (lmds_cd_fcc.tdb) in the base. Hg-Tl: liquid and
# Hg5Tl2 from the Hg-rich eutectic and Hg5Tl2's melting. Hg-Sn, Hg-Zn, Hg-Pb, Cd-Hg: liquid L0 from one solubility
# in Hg at 25 C (estimates, no degree of freedom). In-Tl, Pb-Tl: Miedema liquid and fcc solution with Tl's fcc
# lattice stability (lmds_tl_fcc.tdb) in the base (and hcp (Pb,Tl)); Cd-Tl: Miedema (estimates, no fitted data).
"$LMDS" thermo merge -o $T/cdfcc_base.tmp $T/lmds_core.tdb $T/lmds_cd_fcc.tdb
BASE=$T/cdfcc_base.tmp assess cdpb Cd-Pb --phases LIQUID,FCC_A1
rm -f $T/cdfcc_base.tmp
assess hgtl Hg-Tl
assess hgsn Hg-Sn
assess hgzn Hg-Zn
assess hgpb Hg-Pb
assess cdhg Cd-Hg
"$LMDS" thermo merge -o $T/tlfcc_base.tmp $T/lmds_core.tdb $T/lmds_tl_fcc.tdb
BASE=$T/tlfcc_base.tmp assess intl In-Tl --phases LIQUID,FCC_A1
BASE=$T/tlfcc_base.tmp assess pbtl Pb-Tl --phases LIQUID,FCC_A1,HCP_A3
rm -f $T/tlfcc_base.tmp
assess cdtl Cd-Tl
# Flux systems with V, Mo, Pd (unaries in lmds_tm_unary.tdb, SGTE PURE5): Bi-Pd (Bi2Pd, BiPd as line compounds,
# liquid L0 fitted to their melting points and the Bi-rich eutectic, all RECALLED: an estimate).
"$LMDS" thermo merge -o $T/tm_base.tmp $T/lmds_core.tdb $T/lmds_tm_unary.tdb
BASE=$T/tm_base.tmp assess bipd Bi-Pd --phases LIQUID --terms L0
rm -f $T/tm_base.tmp
# Mg-B (B unary in lmds_b_unary.tdb, SGTE PURE5): MgB2, MgB4, MgB7, MgB20 as line compounds whose a are their
# measured formation enthalpies (Balducci et al. 2005) and MgB2's b its peritectic melting (about 1450 C);
# Miedema's liquid (no liquid datum left): an estimate.
"$LMDS" thermo merge -o $T/b_base.tmp $T/lmds_core.tdb $T/lmds_b_unary.tdb
BASE=$T/b_base.tmp assess bmg B-Mg
rm -f $T/b_base.tmp
fi

cd $T
# Transcribed flux systems (published assessments, not refitted): Nb-Sn (Toffolon et al. 2002), Mg-Zn (COST 507);
# lmds_flux_merge.tdb: the hand terms that keep Mg-Sn and Cd-Zn as they were once Mg-Zn adds Mg to HCP_ZN and Zn to
# HCP_A3 (see that file).
PARTS="lmds_gazn.tdb lmds_snzn.tdb lmds_gasn.tdb lmds_biin.tdb lmds_inzn.tdb lmds_nak.tdb lmds_biinsn.tdb
    lmds_biga.tdb lmds_bizn.tdb lmds_gapb.tdb lmds_pbzn.tdb lmds_cdga.tdb lmds_bicd.tdb lmds_cdin.tdb lmds_cdsn.tdb
    lmds_cdzn.tdb lmds_inpb.tdb lmds_hgin.tdb lmds_gana.tdb lmds_inna.tdb lmds_cdk.tdb lmds_nazn.tdb lmds_kzn.tdb
    lmds_bihg.tdb lmds_gatl.tdb lmds_sntl.tdb lmds_tlzn.tdb lmds_gahg.tdb lmds_keepout.tdb lmds_mgsn.tdb lmds_mgsn_hcp.tdb
    lmds_bimg.tdb lmds_nasn.tdb lmds_ksn.tdb lmds_bina.tdb lmds_bik.tdb"
PARTS="$PARTS lmds_cdpb.tdb lmds_hgtl.tdb lmds_hgsn.tdb lmds_hgzn.tdb lmds_hgpb.tdb lmds_cdhg.tdb lmds_intl.tdb
    lmds_pbtl.tdb lmds_cdtl.tdb lmds_keepout_cdtl.tdb
    lmds_nbsn.tdb lmds_mgzn.tdb lmds_flux_merge.tdb"
# V, Mo, Pd (SGTE unaries) and the Bi-Pd estimate (lmds_keepout_bipd.tdb: fcc (Bi,Pd) kept out, see that file)
PARTS="$PARTS lmds_tm_unary.tdb lmds_bipd.tdb lmds_keepout_bipd.tdb"
# B (SGTE unary) and the Mg-B estimate (lmds_bmg.tdb: the borides' measured formation enthalpies, Miedema liquid)
PARTS="$PARTS lmds_b_unary.tdb lmds_bmg.tdb"
# Solder systems (transcribed): Ag, Cu, Sb unaries; Ag and Cu with Sn, Bi, Pb and Ag-Cu, Ag-Sb (NIST solder
# database); Sb-Sn, Sb-Zn, Sb-Sn-Zn (Zobac et al. 2015); Ga-Sb (Dervisevic et al. 2010)
PARTS="$PARTS lmds_solder_unary.tdb lmds_solder_nist.tdb lmds_sbsnzn.tdb lmds_gasb.tdb"
# shellcheck disable=SC2086
"$LMDS" thermo merge -o lmds_without_solids.tmp lmds_core.tdb $PARTS
sh make_miedema_solids.sh "$LMDS" lmds_without_solids.tmp > lmds_miedema_solids.tdb
rm -f lmds_without_solids.tmp
# shellcheck disable=SC2086
"$LMDS" thermo merge -o lmds.tdb lmds_core.tdb $PARTS lmds_miedema_solids.tdb

#!/bin/sh
# Rebuild the lmds assessments and the default database from the measured data (run from the repository root with
# a built `lmds`):  sh data/tdb/make_lmds_tdb.sh build/lmds
# Each assessment takes its unary data from lmds_core.tdb; the result files carry their data, references, fit
# quality and date in '$' comments. lmds.tdb is then the merge of the core, the two transcribed published binaries
# (Ga-Zn, Sn-Zn) and the four assessments; the merge fails on any conflicting function or parameter.
set -e
LMDS=${1:-build/lmds}
case "$LMDS" in /*) ;; *) LMDS="$(pwd)/$LMDS" ;; esac
T=data/tdb
"$LMDS" thermo assess data/thermo/gasn.csv -o $T/lmds_gasn.tdb --system Ga-Sn --keep BCT_A5 --tdb $T/lmds_core.tdb
"$LMDS" thermo assess data/thermo/biin.csv -o $T/lmds_biin.tdb --system Bi-In --phases LIQUID,TETRAGONAL_A6 --tdb $T/lmds_core.tdb
"$LMDS" thermo assess data/thermo/inzn.csv -o $T/lmds_inzn.tdb --system In-Zn --tdb $T/lmds_core.tdb
"$LMDS" thermo assess data/thermo/nak.csv -o $T/lmds_nak.tdb --system Na-K --tdb $T/lmds_core.tdb
cd $T
"$LMDS" thermo merge -o lmds.tdb lmds_core.tdb lmds_gazn.tdb lmds_snzn.tdb lmds_gasn.tdb lmds_biin.tdb lmds_inzn.tdb lmds_nak.tdb \
    lmds_biinsn.tdb lmds_miedema_solids.tdb

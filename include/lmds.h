/* lmds: the materials genome for liquid-metal-derived superconductors.
 *
 * Conventions, stated once for every module:
 *  - temperature in K, pressure in GPa, Gibbs energy and chemical potentials in J/mol (of atoms), spectral
 *    frequencies in meV unless a name says otherwise (_K, _THz), volumes in A^3 per atom;
 *  - compositions are mole fractions summing to 1 unless a name says `wt`;
 *  - every fallible function returns lmds_status (LMDS_OK = 0); details via lmds_errmsg() (thread-local);
 *  - what the library allocates, the matching lmds_<object>_free releases (NULL is accepted);
 *  - the library never prints and never exits.
 */
#ifndef LMDS_H
#define LMDS_H

#include "lmds/core.h"
#include "lmds/io.h"
#include "lmds/element.h"
#include "lmds/comp.h"
#include "lmds/model.h"
#include "lmds/eos.h"
#include "lmds/thermo.h"
#include "lmds/supercon.h"
#include "lmds/genome.h"
#include "lmds/learn.h"
#include "lmds/tunnel.h"
#include "lmds/design.h"
#include "lmds/validate.h"

#endif

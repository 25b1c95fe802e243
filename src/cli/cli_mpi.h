/* MPI for programs built on lmds (the lmds command and the design benchmark): MPI is started here, by the
 * program, and never by the library, which only borrows the communicator handed to it through
 * lmds_design_spec.mpi_comm / lmds_design_problem.mpi_comm. Depends only on <lmds.h>, not on <mpi.h>. */
#ifndef LMDS_CLI_MPI_H
#define LMDS_CLI_MPI_H

#include <lmds.h>

typedef struct cli_mpi {
    const void *comm; /* points to an MPI_Comm holding MPI_COMM_WORLD while MPI runs; NULL = one process */
    int rank, size;   /* 0 and 1 without MPI */
} cli_mpi;

/* Start MPI when the program was built with it and launched by an MPI launcher (mpirun, mpiexec, srun: detected
 * from their environment variables), and fill *m; otherwise (or when MPI was already initialised by someone
 * else, which then owns it) *m is one process, or the world communicator without starting MPI again. Call
 * once, from the main thread, before any thread is started. Returns LMDS_OK, or LMDS_EUNSUPPORTED when MPI_Init
 * failed or when a launcher started a program built without MPI (lmds_errmsg() says which). */
lmds_status cli_mpi_start(int *argc, char ***argv, cli_mpi *m);

/* Finalise MPI if cli_mpi_start initialised it; *m becomes one process. Safe to call twice. */
void cli_mpi_end(cli_mpi *m);

#endif

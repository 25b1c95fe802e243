/* Start and end of MPI for the lmds program (see cli_mpi.h): the launcher detection and MPI_Init/MPI_Finalize live
 * here so that the library never initialises MPI. */
#include "cli_mpi.h"

#include <stdlib.h>

/* Was this process started by an MPI launcher? Open MPI (OMPI_COMM_WORLD_SIZE), PMIx launchers such as Open MPI 4+
 * and Slurm (PMIX_RANK), MPICH/Hydra and Intel MPI (PMI_RANK, PMI_SIZE, MPI_LOCALNRANKS), MVAPICH
 * (MV2_COMM_WORLD_SIZE) set one of these. */
static int launched_by_mpi(void)
{
    static const char *vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE", "MPI_LOCALNRANKS",
                                 "MV2_COMM_WORLD_SIZE"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return 1;
    }
    return 0;
}

#ifdef LMDS_HAVE_MPI
#include <mpi.h>

/* MPI_COMM_WORLD is a constant expression in Open MPI (a cast of an address), not an object whose address can be
 * taken, so the program keeps a copy for the pointer it hands to the library. Written once, before threads. */
static MPI_Comm world;
static int we_initialised;
#endif

lmds_status cli_mpi_start(int *argc, char ***argv, cli_mpi *m)
{
    m->comm = NULL;
    m->rank = 0;
    m->size = 1;
#ifdef LMDS_HAVE_MPI
    int init = 0, fin = 0;
    MPI_Initialized(&init);
    MPI_Finalized(&fin);
    if (fin)
        return LMDS_OK;
    if (!init) {
        /* A process not started by mpirun is one rank on its own: MPI's singleton start-up would only cost time
         * (about 0.3 s here) and leave the MPI runtime's allocations behind, so it is skipped. */
        if (!launched_by_mpi())
            return LMDS_OK;
        if (MPI_Init(argc, argv) != MPI_SUCCESS)
            return lmds_error(LMDS_EUNSUPPORTED, "MPI_Init failed");
        we_initialised = 1;
    }
    world = MPI_COMM_WORLD;
    MPI_Comm_rank(world, &m->rank);
    MPI_Comm_size(world, &m->size);
    m->comm = &world;
#else
    (void)argc;
    (void)argv;
    /* Without MPI every process launched would run the whole search and print the whole answer. */
    if (launched_by_mpi())
        return lmds_error(LMDS_EUNSUPPORTED, "started by an MPI launcher but lmds was built without MPI "
                                             "(LMDS_WITH_MPI=OFF): run it as one process");
#endif
    return LMDS_OK;
}

void cli_mpi_end(cli_mpi *m)
{
#ifdef LMDS_HAVE_MPI
    int fin = 0;
    MPI_Finalized(&fin);
    if (we_initialised && !fin)
        MPI_Finalize();
    we_initialised = 0;
#endif
    m->comm = NULL;
    m->rank = 0;
    m->size = 1;
}

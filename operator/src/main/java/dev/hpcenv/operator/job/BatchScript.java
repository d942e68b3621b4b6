package dev.hpcenv.operator.job;

/**
 * The one batch script every HpcJob runs. It is constant and expands nothing but two settings of the
 * operator's own making (and tests a third, HPCENV_SERVICES, for being non-empty): the environment and the argv travel in the job environment as JSON and are
 * read by hpcenv-shim itself ({@code --spec-env}, {@code --argv-env}), so no user text is ever
 * parsed as shell text, not even quoted.
 */
public final class BatchScript {

    public static final String SPEC_VARIABLE = "HPCENV_SPEC";
    public static final String ARGV_VARIABLE = "HPCENV_ARGV";
    public static final String SHIM_VARIABLE = "HPCENV_SHIM";
    public static final String MPI_VARIABLE = "HPCENV_MPI";

    public static final String SERVICES_VARIABLE = ServicesVariable.NAME;

    public static final String TEXT = """
            #!/bin/sh
            # hpcenv batch script: the same text for every job. What varies arrives as data in the job
            # environment and is read by hpcenv-shim, never by this shell: HPCENV_SPEC (the resolved
            # environment, JSON), HPCENV_ARGV (the command, a JSON array of strings) and, for a job with
            # services, HPCENV_SERVICES (JSON), of which this shell only tests that it is set: then
            # hpcenv-shim job starts the services' step and the tasks' step itself.
            if [ -n "${HPCENV_SERVICES:-}" ]; then exec "${HPCENV_SHIM:-hpcenv-shim}" job --services-env HPCENV_SERVICES --spec-env HPCENV_SPEC --argv-env HPCENV_ARGV; fi
            exec srun --mpi="${HPCENV_MPI:-none}" "${HPCENV_SHIM:-hpcenv-shim}" run --spec-env HPCENV_SPEC --argv-env HPCENV_ARGV
            """;

    private BatchScript() {}
}

package dev.hpcenv.operator.job;

/**
 * The one batch script every HpcJob runs. It is constant: the environment and the argv travel in
 * the job environment as data and are only ever expanded inside double quotes, never parsed as
 * shell text. The {@code eval} builds the name {@code HPCENV_ARG_<i>} from the loop counter only.
 */
public final class BatchScript {

    public static final String SPEC_VARIABLE = "HPCENV_SPEC";
    public static final String ARGV_JSON_VARIABLE = "HPCENV_ARGV";
    public static final String ARGC_VARIABLE = "HPCENV_ARGC";
    public static final String ARG_PREFIX = "HPCENV_ARG_";
    public static final String SHIM_VARIABLE = "HPCENV_SHIM";
    public static final String MPI_VARIABLE = "HPCENV_MPI";

    public static final String TEXT = """
            #!/bin/sh
            # hpcenv batch script: the same text for every job. What varies arrives as data in the job
            # environment and is never parsed by this shell: HPCENV_SPEC (the resolved environment, JSON),
            # HPCENV_ARGC and HPCENV_ARG_0 .. HPCENV_ARG_<n-1> (one variable per argv word; HPCENV_ARGV
            # holds the same argv as a JSON array for people and tools).
            case "${HPCENV_ARGC:-}" in
              ''|*[!0-9]*) echo "hpcenv: HPCENV_ARGC is not a number; this script runs jobs of the hpcenv operator" >&2; exit 125 ;;
            esac
            set --
            i=0
            while [ "$i" -lt "$HPCENV_ARGC" ]; do
              eval 'set -- "$@" "${HPCENV_ARG_'"$i"'}"'
              i=$((i + 1))
            done
            exec srun --mpi="${HPCENV_MPI:-none}" "${HPCENV_SHIM:-hpcenv-shim}" run --spec-env HPCENV_SPEC -- "$@"
            """;

    private BatchScript() {
    }
}

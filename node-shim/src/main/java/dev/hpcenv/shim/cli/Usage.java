package dev.hpcenv.shim.cli;

/** The help text. */
final class Usage {
    static final String TEXT = """
            usage: hpcenv-shim run (--environment NAME|PATH [--edf-path DIRS] | --spec FILE | --spec-env VAR)
                                   [--workdir DIR] [--env K=V]... [--progress] (-- CMD [ARGS...] | --argv-env VAR)
                                   # --argv-env: the command as a JSON array of strings in VAR
                                   # --progress: pull/build progress on stderr (also HPCENV_SHIM_PROGRESS=1)
                   hpcenv-shim pull [--progress] REF
                   hpcenv-shim images [list | rm DIGEST... | prune [--unused-days N]]
                   hpcenv-shim selftest
                   hpcenv-shim job --services-env VAR --spec-env VAR --argv-env VAR
                                   # the batch script of a job with services: both job steps
                   hpcenv-shim services [--services-env VAR] [--spec-env VAR]
                                   # one node's service supervisor (started by job)
                   hpcenv-shim hooks (--environment NAME|PATH | --spec FILE | --spec-env VAR) [-- CMD]
                                     # which hooks would apply, as JSON; runs nothing

            Runs commands in HPC container environments (EDF) on a compute node.
            Exit status: the command's; 128+N when it ended on signal N; 125 usage or site
            configuration error; 126 the environment cannot be provided (image, mount, variable,
            registry, runtime); 127 the command does not exist in the container.
            Site configuration: /etc/hpcenv/shim.toml or $HPCENV_SHIM_CONFIG.
            """;

    private Usage() {}
}

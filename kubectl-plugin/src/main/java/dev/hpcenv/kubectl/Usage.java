package dev.hpcenv.kubectl;

/** The help texts. */
final class Usage {

    private Usage() {}

    static final String TOP = """
            kubectl hpcenv: hpcenv jobs (HpcJob) from kubectl.

            Commands:
              logs JOB     print a job's output; -f follows it and exits with the job's exit code
              version      print the plugin's version

            kubectl hpcenv logs --help shows the flags. Docs: docs/user-guide.md, section 4.
            """;

    static final String LOGS = """
            Print the output of an HpcJob's tasks, merged in arrival order.

            Usage:
              kubectl hpcenv logs JOB [-n NAMESPACE] [-f] [--tail N] [--since DURATION]
                                      [--task N] [--node NAME] [--timestamps] [--prefix] [--raw]

            Examples:
              kubectl hpcenv logs train-1 -n ml -f            follow; exit with the job's exit code
              kubectl hpcenv logs train-1 --tail 20 --prefix  the last 20 lines, each with [node/task]
              kubectl hpcenv logs train-1 --task 3 --since 10m

            Flags:
              -n, --namespace NAME  the job's namespace (default: the current context's, else "default")
              -f, --follow          stream new lines until the job's log is complete, then exit with
                                    the job's exit code (1 for a failed or cancelled job without one)
                  --tail N          only the last N lines of the selection (-1: all, the default)
                  --since DURATION  only lines read at most that long ago: 30s, 10m, 1h30m, 2d
                                    (whole numbers with d, h, m, s)
                  --task N          only task N's lines (SLURM_PROCID)
                  --node NAME       only the lines of tasks on node NAME; with --task, that task's
                                    lines on that node (after a requeue a task may have run on another)
                  --timestamps      start each line with the time it was read (RFC 3339, UTC, ms)
                  --prefix          start each line with [node/task]
                  --raw             bytes as the tasks wrote them; without it invalid UTF-8, control
                                    characters and escape sequences are shown, never interpreted
              -h, --help            this help

            kubectl's own flags are handed on to the kubectl the plugin runs:
              --kubeconfig, --context, --cluster, --user, --token, --as, --as-group, --as-uid,
              --request-timeout, -s/--server, --tls-server-name, --insecure-skip-tls-verify,
              --certificate-authority, --client-certificate, --client-key, --cache-dir, -v/--v
            (kubectl takes no flag before a plugin's name: kubectl hpcenv logs JOB --context prod)

            Exit status: 0 (without -f: the output was printed; with -f: the job succeeded), the job's
            exit code after -f, kubectl's status when kubectl fails (1: no such job, no log yet, not
            allowed; kubectl prints the server's message), 2 for a bad command line.
            Reading a job's log needs the right to get the HpcJob itself.
            """;
}

package dev.hpcenv.slurm.cli;

import dev.hpcenv.slurm.SlurmException;

/** Distinct exit codes so scripts can tell failures apart. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;
    static final int AUTHENTICATION = 4;
    static final int NOT_FOUND = 5;
    static final int REJECTED = 6;

    static final String HELP = "%nExit codes: 0 success, 1 unexpected server answer, 2 usage error,"
            + " 3 slurmrestd unreachable or timed out, 4 credentials refused, 5 job not found,"
            + " 6 request rejected by Slurm.";

    private ExitCodes() {}

    static int of(SlurmException e) {
        return switch (e.kind()) {
            case UNREACHABLE, TIMEOUT -> UNREACHABLE;
            case AUTHENTICATION -> AUTHENTICATION;
            case NOT_FOUND -> NOT_FOUND;
            case REJECTED -> REJECTED;
            case SERVER_ERROR, UNSUPPORTED_VERSION -> FAILED;
        };
    }
}

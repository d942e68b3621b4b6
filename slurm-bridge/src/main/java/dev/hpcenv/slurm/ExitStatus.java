package dev.hpcenv.slurm;

/**
 * How a finished job ended: an exit code when it exited, a signal number when a signal killed it
 * (then {@code exitCode} is null, as a shell reports 128+n only by convention).
 */
public record ExitStatus(Integer exitCode, Integer signal) {

    public static ExitStatus exited(int code) {
        return new ExitStatus(code, null);
    }

    public static ExitStatus signalled(int signal) {
        return new ExitStatus(null, signal);
    }

    /**
     * Decodes a raw wait(2) status as v0.0.38 (and v0.0.39) report it: 768 is exit code 3, 9 is
     * signal 9.
     */
    public static ExitStatus fromWaitStatus(long raw) {
        int signal = (int) (raw & 0x7f);
        if (signal != 0) {
            return signalled(signal);
        }
        return exited((int) ((raw >> 8) & 0xff));
    }

    public boolean succeeded() {
        return exitCode != null && exitCode == 0;
    }
}

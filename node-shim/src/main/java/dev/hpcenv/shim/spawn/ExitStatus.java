package dev.hpcenv.shim.spawn;

/** Decodes a wait(2) status the way shells report it: the exit code, or 128+N for signal N. */
public final class ExitStatus {
    private ExitStatus() {}

    public static int decode(int status) {
        int signal = status & 0x7f;
        if (signal == 0) {
            return (status >> 8) & 0xff;
        }
        if (signal == 0x7f) {
            // Stopped, not ended: waitpid without WUNTRACED never reports it; treat as still a failure.
            return 128 + ((status >> 8) & 0xff);
        }
        return 128 + signal;
    }
}

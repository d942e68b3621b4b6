package dev.hpcenv.shim.error;

/**
 * A problem the user or the site can fix. The message is one line naming the cause (file, field,
 * image, path); the hint, when present, says what to do. Never carries secrets.
 */
public class ShimException extends RuntimeException {
    private final ExitCode exitCode;
    private final String hint;

    public ShimException(ExitCode exitCode, String message, String hint) {
        super(message);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public ShimException(ExitCode exitCode, String message) {
        this(exitCode, message, null);
    }

    public static ShimException usage(String message, String hint) {
        return new ShimException(ExitCode.USAGE, message, hint);
    }

    public static ShimException environment(String message, String hint) {
        return new ShimException(ExitCode.ENVIRONMENT, message, hint);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public String hint() {
        return hint;
    }

    /** What the CLI prints on stderr: {@code hpcenv-shim: } and {@link #oneLine}. */
    public String line() {
        return "hpcenv-shim: " + oneLine();
    }

    /** The single line printed to stderr. */
    public String oneLine() {
        return hint == null ? getMessage() : getMessage() + " (hint: " + hint + ")";
    }
}

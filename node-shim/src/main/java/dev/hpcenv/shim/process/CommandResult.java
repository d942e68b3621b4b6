package dev.hpcenv.shim.process;

/** Outcome of a finished helper command: exit status and captured output (stderr trimmed). */
public record CommandResult(int exitCode, String stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0;
    }

    /** The last non-empty stderr line: what tools print as their error. */
    public String lastErrorLine() {
        String[] lines = stderr.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return "exit status " + exitCode;
    }
}

package dev.hpcenv.edf.cli;

import dev.hpcenv.edf.Diagnostic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a command may touch: the process environment, the working directory and the two output
 * streams; passed in so that tests run the CLI in-process.
 */
record CliContext(Map<String, String> environment, Path workingDirectory, PrintWriter out, PrintWriter err) {

    // The environment may hold tokens; it never appears in a string.
    @Override
    public String toString() {
        return "CliContext[workingDirectory=" + workingDirectory + "]";
    }

    void report(List<Diagnostic> diagnostics) {
        diagnostics.forEach(d -> err.println(d.format()));
        err.flush();
    }
}

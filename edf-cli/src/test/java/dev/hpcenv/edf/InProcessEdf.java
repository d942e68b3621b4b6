package dev.hpcenv.edf;

import dev.hpcenv.edf.cli.EdfCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** The {@code edf} command run in-process, its exit code and both outputs captured. */
public final class InProcessEdf {
    private InProcessEdf() {}

    /** The outcome of one in-process CLI run. */
    public record CliResult(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    public static CliResult edf(Path workingDirectory, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EdfCli.run(args, env, workingDirectory, new PrintWriter(out), new PrintWriter(err));
        return new CliResult(code, out.toString(), err.toString());
    }
}

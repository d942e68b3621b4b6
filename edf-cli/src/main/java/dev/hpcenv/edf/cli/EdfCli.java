package dev.hpcenv.edf.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code edf} command. Exit codes: 0 success, 1 a problem in the user's files (one line each on
 * stderr), 2 a usage error, 70 an internal error (a bug: one line, no stack trace unless HPCENV_DEBUG is set).
 */
@Command(
        name = "edf",
        mixinStandardHelpOptions = true,
        version = "edf (hpcenv) 0.1.0",
        description = "Validate, render and convert Environment Definition Files (EDF).")
public final class EdfCli implements Runnable {
    static final int INTERNAL_ERROR = 70;

    private final CliContext context;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private EdfCli(CliContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        // UTF-8 whatever the locale: EDF files are UTF-8, and a C locale would turn their non-ASCII text into '?'.
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), false);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(args, System.getenv(), Path.of("").toAbsolutePath(), out, err);
        out.flush();
        System.exit(code);
    }

    /** Runs the command in-process; returns the exit code. */
    public static int run(
            String[] args, Map<String, String> environment, Path workingDirectory, PrintWriter out, PrintWriter err) {
        CliContext context = new CliContext(Map.copyOf(environment), workingDirectory, out, err);
        CommandLine cli = new CommandLine(new EdfCli(context))
                .addSubcommand(new ValidateCommand(context))
                .addSubcommand(new RenderCommand(context))
                .addSubcommand(new ConvertCommand(context));
        cli.setOut(out);
        cli.setErr(err);
        boolean debug = environment.containsKey("HPCENV_DEBUG");
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("edf: internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null
                            ? ""
                            : ": " + e.getMessage().lines().findFirst().orElse(""))
                    + " (this is a bug; set HPCENV_DEBUG=1 for details)");
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return INTERNAL_ERROR;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a command is required: validate, render or convert");
    }
}

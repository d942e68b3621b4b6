package dev.hpcenv.edf.cli;

import dev.hpcenv.edf.EdfResolver;
import dev.hpcenv.edf.EdfSearchPath;
import picocli.CommandLine.Option;

/** Options shared by the commands that resolve environments. */
final class SearchPathOptions {
    @Option(
            names = "--edf-path",
            paramLabel = "DIRS",
            description = "Colon-separated directories searched for NAME.toml (default: $EDF_PATH, else $HOME/.edf).")
    String edfPath;

    @Option(
            names = "--system-path",
            paramLabel = "DIRS",
            description = "Colon-separated system directories searched after the user's "
                    + "(default: $HPCENV_EDF_SYSTEM_PATH, else /etc/hpcenv/edf).")
    String systemPath;

    @Option(names = "--strict", description = "Unknown keys are errors, not warnings.")
    boolean strict;

    EdfResolver resolver(CliContext context) {
        EdfSearchPath path = EdfSearchPath.fromEnvironment(context.environment(), edfPath, systemPath);
        return new EdfResolver(path, context.workingDirectory()).strict(strict);
    }
}

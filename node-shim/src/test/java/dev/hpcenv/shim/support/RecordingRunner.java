package dev.hpcenv.shim.support;

import dev.hpcenv.shim.process.CommandResult;
import dev.hpcenv.shim.process.ProcessRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A {@link ProcessRunner} that records commands and answers them from a function; starts nothing. */
public final class RecordingRunner implements ProcessRunner {
    public final List<List<String>> commands = new ArrayList<>();
    private final Function<List<String>, CommandResult> answer;

    public RecordingRunner(Function<List<String>, CommandResult> answer) {
        this.answer = answer;
    }

    public static RecordingRunner succeeding() {
        return new RecordingRunner(c -> new CommandResult(0, "", ""));
    }

    @Override
    public CommandResult run(List<String> command, Map<String, String> extraEnv, Path workdir) {
        commands.add(List.copyOf(command));
        return answer.apply(command);
    }

    @Override
    public Process startInteractive(List<String> command, Map<String, String> env) {
        throw new UnsupportedOperationException("not in unit tests");
    }
}

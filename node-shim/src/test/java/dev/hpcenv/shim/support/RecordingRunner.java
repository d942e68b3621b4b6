package dev.hpcenv.shim.support;

import dev.hpcenv.shim.process.CommandResult;
import dev.hpcenv.shim.process.ProcessRunner;
import dev.hpcenv.shim.process.RunningCommand;
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

    /** Answers at once, on the caller's thread: a background command that has already ended. */
    @Override
    public RunningCommand start(List<String> command) {
        CommandResult result = run(command, Map.of(), null);
        return new RunningCommand() {
            @Override
            public CommandResult await() {
                return result;
            }

            @Override
            public void cancel() {}
        };
    }

    @Override
    public Process startInteractive(List<String> command, Map<String, String> env) {
        throw new UnsupportedOperationException("not in unit tests");
    }
}

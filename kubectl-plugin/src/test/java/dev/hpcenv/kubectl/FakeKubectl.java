package dev.hpcenv.kubectl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A kubectl that answers from a script, in order, and records what it was asked. */
final class FakeKubectl implements Kubectl {

    /** One scripted answer: the exit status and, for a captured call, its stdout. */
    record Answer(int exitCode, String stdout) {}

    final List<List<String>> calls = new ArrayList<>();
    final List<Boolean> errorsShown = new ArrayList<>();
    private final Deque<Answer> answers = new ArrayDeque<>();

    FakeKubectl answer(int exitCode, String stdout) {
        answers.add(new Answer(exitCode, stdout));
        return this;
    }

    @Override
    public int passThrough(List<String> arguments) {
        calls.add(List.copyOf(arguments));
        errorsShown.add(true);
        return next().exitCode();
    }

    @Override
    public Captured capture(List<String> arguments, boolean showErrors) {
        calls.add(List.copyOf(arguments));
        errorsShown.add(showErrors);
        Answer answer = next();
        return new Captured(answer.exitCode(), answer.stdout());
    }

    private Answer next() {
        if (answers.isEmpty()) {
            throw new AssertionError("kubectl called more often than scripted; calls: " + calls);
        }
        return answers.remove();
    }
}

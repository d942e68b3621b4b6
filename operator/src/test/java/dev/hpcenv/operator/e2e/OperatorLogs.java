package dev.hpcenv.operator.e2e;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints the log of every operator process a test class started when one of its tests fails (the
 * local Slurm's logs come from slurm-bridge's LocalSlurmExtension).
 */
final class OperatorLogs implements TestWatcher {

    private static final int TAIL_LINES = 150;
    private final List<OperatorProcess> operators = new CopyOnWriteArrayList<>();

    OperatorProcess track(OperatorProcess operator) {
        operators.add(operator);
        return operator;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        for (OperatorProcess operator : operators) {
            System.out.println("===== " + operator + " log after failure of " + context.getDisplayName() + " (last "
                    + TAIL_LINES + " lines)\n" + tail(operator.log()));
        }
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        int from = Math.max(0, lines.length - TAIL_LINES);
        return String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
    }
}

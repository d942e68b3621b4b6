package dev.hpcenv.operator.logs.store;

import java.nio.charset.StandardCharsets;

/** What a sender's batch holds, as the store keeps it (docs/job-output.md, section 2). */
public sealed interface LogRecord {

    long timeMillis();

    /** Bytes a task wrote to stdout ({@code stderr == false}) or stderr, as written. */
    record Output(boolean stderr, long timeMillis, byte[] bytes) implements LogRecord {}

    /** The sender dropped this many bytes of output here. */
    record Gap(long timeMillis, long droppedBytes) implements LogRecord {}

    /** The sender's last record: the task's (or the shim's own) exit code. */
    record End(long timeMillis, int exitCode) implements LogRecord {}

    /** A line of the operator's own about the sender (a failed pull), shown as {@code [hpcenv: text]}. */
    record Note(long timeMillis, String text) implements LogRecord {
        byte[] utf8() {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }
}

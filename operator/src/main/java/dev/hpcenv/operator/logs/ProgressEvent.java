package dev.hpcenv.operator.logs;

import java.time.Instant;
import java.util.Map;

/**
 * A node-side step the user waits for, as the shim reported it (docs/job-output.md, section 2):
 * {@code event} such as {@code pull.bytes}, the shim's human line, and its fields, all strings.
 */
public record ProgressEvent(String event, String message, Map<String, String> fields, Instant time) {
    public ProgressEvent {
        fields = Map.copyOf(fields);
    }
}

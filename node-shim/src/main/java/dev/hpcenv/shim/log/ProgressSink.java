package dev.hpcenv.shim.log;

import java.util.Map;

/**
 * Where the progress of slow phases (pull, build) goes besides stderr. Progress is not the job's
 * output: it reaches stderr only when asked for ({@link ShimLog#showProgress}), and a sink such as
 * the log shipping to the operator takes every event whatever stderr shows.
 */
@FunctionalInterface
public interface ProgressSink {
    ProgressSink NONE = (event, human, fields) -> {};

    /**
     * @param event  the structured name, e.g. {@code pull.done}
     * @param human  the line a person at a terminal reads
     * @param fields the event's values, in order (never secrets)
     */
    void progress(String event, String human, Map<String, String> fields);
}

package dev.hpcenv.operator.logs;

import java.io.IOException;
import java.io.OutputStream;

/** Reads a job's log for the API: the one entry point the aggregated API server calls. */
public interface LogReader {

    /**
     * Writes the selected lines of the HpcJob's log to {@code out}, flushing as it goes; with
     * {@link LogQuery#follow()} it blocks until the log is complete or the thread is interrupted
     * (the client went away).
     *
     * @throws NoSuchLogException no HpcJob of that name has a log here (never started, expired)
     */
    void read(String namespace, String name, LogQuery query, OutputStream out)
            throws IOException, InterruptedException, NoSuchLogException;

    /** The job has no log (yet, or any more): a 404 with this message. */
    final class NoSuchLogException extends Exception {
        public NoSuchLogException(String message) {
            super(message, null, false, false);
        }
    }
}

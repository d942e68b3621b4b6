package dev.hpcenv.operator.progress;

import java.time.Instant;
import java.util.Optional;

/** The last lines of a job's output, from the log store, for {@code status.outputTail}. */
public interface OutputTails {
    OutputTails NONE = new OutputTails() {
        @Override
        public Optional<Instant> lastWrite(String uid) {
            return Optional.empty();
        }

        @Override
        public Optional<String> tail(String uid) {
            return Optional.empty();
        }
    };

    /** When output of the job was last stored; empty when it has none. */
    Optional<Instant> lastWrite(String uid);

    /** Its last lines, sanitised, at most 2 KiB. */
    Optional<String> tail(String uid);
}

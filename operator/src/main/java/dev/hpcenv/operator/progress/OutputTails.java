package dev.hpcenv.operator.progress;

import java.util.Optional;

/** The last lines of a job's output, from the log store, for {@code status.outputTail}. */
public interface OutputTails {
    OutputTails NONE = new OutputTails() {
        @Override
        public long outputBytes(String uid) {
            return 0;
        }

        @Override
        public Optional<String> tail(String uid) {
            return Optional.empty();
        }
    };

    /** How many bytes of output the job wrote so far (0 when none): the tail is stale when it grew. */
    long outputBytes(String uid);

    /** Its last lines, sanitised, at most 2 KiB. */
    Optional<String> tail(String uid);
}

package dev.hpcenv.operator.logs;

/**
 * What the ingest server tells the rest of the operator besides storing output: progress events
 * and task ends, per job UID. Called on the ingest server's threads; implementations must not
 * block.
 */
public interface LogEvents {
    LogEvents NONE = new LogEvents() {
        @Override
        public void progress(String jobUid, Sender sender, ProgressEvent event) {}

        @Override
        public void ended(String jobUid, Sender sender, int exitCode) {}
    };

    void progress(String jobUid, Sender sender, ProgressEvent event);

    /** The sender's end record: its task's (or the shim's own) exit code. */
    void ended(String jobUid, Sender sender, int exitCode);
}

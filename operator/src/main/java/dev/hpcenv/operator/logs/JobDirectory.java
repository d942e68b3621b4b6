package dev.hpcenv.operator.logs;

import java.util.Optional;

/**
 * The HpcJobs as the operator sees them, for the log store: which UID a name has now and whether
 * that job ended (the end of a follow). The store falls back on its own record of names for a job
 * that was deleted.
 */
public interface JobDirectory {

    Optional<LoggedJob> find(String namespace, String name);

    /** @param ended the job reached a final phase (Succeeded, Failed, Cancelled) */
    record LoggedJob(String uid, boolean ended) {}
}

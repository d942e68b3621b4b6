package dev.hpcenv.operator.orphans;

import java.util.Set;

/** The HpcJobs that exist, asked of the API server itself: the last word before a job is cancelled. */
@FunctionalInterface
public interface HpcJobDirectory {

    /** The UIDs of every HpcJob in every namespace; throws when the API cannot be read. */
    Set<String> existingUids();
}

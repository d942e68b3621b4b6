package dev.hpcenv.operator.sync;

/** Told about every listing of a cluster, to wake the HpcJobs that must look at it. */
public interface ListingListener {

    /**
     * @param previous the listing before, or null for the first one since the cluster was connected
     * @param recovered true when listings had been failing until this one
     */
    void listed(String cluster, JobListing previous, JobListing current, boolean recovered);

    /** @param first true for the first failure of a run */
    void listingFailed(String cluster, SyncState.Failure failure, boolean first);
}

package dev.hpcenv.operator.cluster;

import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.sync.JobListing;
import dev.hpcenv.operator.sync.ListingListener;
import dev.hpcenv.operator.sync.SyncState;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/** Wakes a SlurmCluster when its job listings start failing or recover, so its conditions say so at once. */
final class SlurmClusterListingEventSource extends AbstractEventSource<JobListing, SlurmCluster>
        implements ListingListener {

    SlurmClusterListingEventSource() {
        super(JobListing.class, "cluster-listing-health");
    }

    @Override
    public void listed(String cluster, JobListing previous, JobListing current, boolean recovered) {
        if (isRunning() && (previous == null || recovered)) {
            getEventHandler().handleEvent(new Event(new ResourceID(cluster)));
        }
    }

    @Override
    public void listingFailed(String cluster, SyncState.Failure failure, boolean first) {
        if (isRunning() && first) {
            getEventHandler().handleEvent(new Event(new ResourceID(cluster)));
        }
    }

    @Override
    public Set<JobListing> getSecondaryResources(SlurmCluster primary) {
        return Set.of();
    }
}

package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;

/**
 * Wakes an HpcJob when its shims reported something (image pull, a task's start or end, new output
 * for the tail): the reports name the job by UID, found through {@link JobIndexes#BY_UID}.
 */
public final class NodeReportEventSource extends AbstractEventSource<String, HpcJob> {

    private final IndexerResourceCache<HpcJob> jobs;

    public NodeReportEventSource(IndexerResourceCache<HpcJob> jobs) {
        super(String.class, "node-reports");
        this.jobs = jobs;
    }

    /** Wakes the HpcJob with this UID, if it is known and the controller runs. */
    public void wake(String uid) {
        if (!isRunning()) {
            return;
        }
        for (HpcJob job : jobs.byIndex(JobIndexes.BY_UID, uid)) {
            getEventHandler().handleEvent(new Event(ResourceID.fromResource(job)));
        }
    }

    @Override
    public java.util.Set<String> getSecondaryResources(HpcJob primary) {
        return java.util.Set.of();
    }
}

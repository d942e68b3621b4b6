package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.cache.InformerLookups;
import dev.hpcenv.operator.cache.ResourceLookups;
import dev.hpcenv.operator.sync.ClusterJobSync;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What wakes an HpcJob, and the caches its reconcile reads: informers on HpcEnvironments,
 * ClusterHpcEnvironments and SlurmClusters, each mapped to the HpcJobs that name it through indexes
 * of the HpcJob cache ({@link JobIndexes}), and the cluster-wide {@link HpcJobListingEventSource}.
 * Until java-operator-sdk has prepared them, every lookup reads as empty.
 */
public final class HpcJobEventSources implements ResourceLookups {

    private final ClusterJobSync sync;
    // Set once, when java-operator-sdk prepares the controller: the informers and the HpcJob cache exist
    // only from then on, built from its context.
    private volatile ResourceLookups informers = new InformerLookups(null, null, null);
    private volatile IndexerResourceCache<HpcJob> jobs;
    private volatile NodeReportEventSource nodeReports;

    public HpcJobEventSources(ClusterJobSync sync) {
        this.sync = sync;
    }

    /** The event sources of the HpcJob controller (called by java-operator-sdk through the reconciler). */
    List<EventSource<?, HpcJob>> prepare(EventSourceContext<HpcJob> context) {
        IndexerResourceCache<HpcJob> cache = context.getPrimaryCache();
        cache.addIndexers(JobIndexes.all());
        InformerEventSource<HpcEnvironment, HpcJob> environments = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(HpcEnvironment.class, HpcJob.class)
                        .withSecondaryToPrimaryMapper(env -> ids(cache.byIndex(
                                JobIndexes.BY_ENVIRONMENT,
                                JobIndexes.namespacedKey(
                                        env.getMetadata().getNamespace(),
                                        env.getMetadata().getName()))))
                        .build(),
                context);
        InformerEventSource<SlurmCluster, HpcJob> clusters = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(SlurmCluster.class, HpcJob.class)
                        .withSecondaryToPrimaryMapper(c -> ids(
                                JobIndexes.concernedBy(cache, c.getMetadata().getName())))
                        // A cluster's status changes at every check (lastSyncTime); only a new spec, new
                        // labels or a change of Ready concerns its jobs, which may be many thousands.
                        .withOnUpdateFilter(JobIndexes::clusterChangeConcernsJobs)
                        .build(),
                context);
        InformerEventSource<ClusterHpcEnvironment, HpcJob> clusterEnvironments = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(ClusterHpcEnvironment.class, HpcJob.class)
                        .withSecondaryToPrimaryMapper(env -> {
                            Set<HpcJob> concerned = new HashSet<>(cache.byIndex(
                                    JobIndexes.BY_ENVIRONMENT,
                                    JobIndexes.clusterKey(env.getMetadata().getName())));
                            concerned.addAll(siteLayerUsers(
                                    cache, clusters, env.getMetadata().getName()));
                            return ids(concerned);
                        })
                        .build(),
                context);
        HpcJobListingEventSource listings = new HpcJobListingEventSource(cache);
        sync.addListener(listings);
        NodeReportEventSource reports = new NodeReportEventSource(cache);
        nodeReports = reports;
        this.informers = new InformerLookups(environments, clusterEnvironments, clusters);
        this.jobs = cache;
        return List.of(environments, clusterEnvironments, clusters, listings, reports);
    }

    /**
     * The unsubmitted HpcJobs of the SlurmClusters whose site layer is this ClusterHpcEnvironment; a
     * submitted job keeps the environment it was submitted with. SlurmClusters are few: a scan is cheap.
     */
    private static Set<HpcJob> siteLayerUsers(
            IndexerResourceCache<HpcJob> cache, InformerEventSource<SlurmCluster, HpcJob> clusters, String env) {
        Set<HpcJob> jobs = new HashSet<>();
        clusters.list()
                .filter(c -> c.getSpec() != null
                        && c.getSpec().getSiteEnvironment() != null
                        && env.equals(c.getSpec().getSiteEnvironment().getName()))
                .forEach(c -> JobIndexes.concernedBy(cache, c.getMetadata().getName()).stream()
                        .filter(j -> j.getStatus() == null || j.getStatus().getSlurmJobId() == null)
                        .forEach(jobs::add));
        return jobs;
    }

    private static Set<ResourceID> ids(java.util.Collection<HpcJob> jobs) {
        return jobs.stream().map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    /**
     * The UIDs of the HpcJobs in the informer cache, for the orphan collector's first look; empty until
     * the controller has its cache (then nothing can be called an orphan).
     */
    public Optional<Set<String>> cachedUids() {
        IndexerResourceCache<HpcJob> cache = jobs;
        return cache == null
                ? Optional.empty()
                : Optional.of(cache.list().map(j -> j.getMetadata().getUid()).collect(Collectors.toSet()));
    }

    /** Wakes the HpcJob with this UID (its shims reported something); nothing before the controller runs. */
    public void wakeByUid(String uid) {
        NodeReportEventSource reports = nodeReports;
        if (reports != null) {
            reports.wake(uid);
        }
    }

    /** The HpcJob of that name in the cache: its UID and whether it ended, for the log store. */
    public Optional<HpcJob> cached(String namespace, String name) {
        IndexerResourceCache<HpcJob> cache = jobs;
        return cache == null ? Optional.empty() : cache.get(new ResourceID(name, namespace));
    }

    /** The cached HpcJobs by phase, for the {@code hpcenv_hpcjobs} metric. */
    public Map<String, Long> phaseCounts() {
        IndexerResourceCache<HpcJob> cache = jobs;
        Map<String, Long> counts = new TreeMap<>();
        if (cache != null) {
            cache.list()
                    .forEach(j -> counts.merge(
                            j.getStatus() == null || j.getStatus().getPhase() == null
                                    ? "Pending"
                                    : j.getStatus().getPhase().wire(),
                            1L,
                            Long::sum));
        }
        return counts;
    }

    @Override
    public Optional<HpcEnvironment> namespaced(String namespace, String name) {
        return informers.namespaced(namespace, name);
    }

    @Override
    public Optional<ClusterHpcEnvironment> clusterScoped(String name) {
        return informers.clusterScoped(name);
    }

    @Override
    public Optional<SlurmCluster> slurmCluster(String name) {
        return informers.slurmCluster(name);
    }

    @Override
    public List<SlurmCluster> slurmClusters() {
        return informers.slurmClusters();
    }

    @Override
    public Optional<HpcJob> hpcJob(String namespace, String name) {
        return cached(namespace, name);
    }
}

package dev.hpcenv.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.ClusterRef;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.SecretKeyRef;
import dev.hpcenv.crd.v1alpha1.SlurmAuth;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.crd.v1alpha1.SlurmClusterSpec;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.operator.job.JobSubmissionBuilder;
import dev.hpcenv.operator.sync.JobMark;
import dev.hpcenv.operator.testing.Await;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.real.LocalSlurm;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The end-to-end set-up: the embedded Kubernetes API in this JVM (its kubeconfig in a temporary
 * folder), the real local Slurm, a SlurmCluster whose Secret holds the local Slurm's JWT signing key
 * and which maps one namespace of this run to the test user, and operators in processes of their own.
 * Every Slurm job of a run is named {@code <run>....} (the operator names jobs {@code namespace.name}
 * and both namespaces start with the run id), which is how {@link #close} cancels all of them, even
 * after a failure and even those whose HpcJob never learnt their id.
 */
final class RealSlurmWorld implements AutoCloseable {

    static final String CLUSTER = "local";
    static final String SYSTEM = "hpcenv-system";
    static final Duration WAIT = Duration.ofSeconds(60);
    /** The Secret, in {@link #systemNamespace}, that holds the local Slurm's JWT signing key. */
    static final String JWT_SECRET = "slurm-jwt";

    final LocalSlurm slurm;
    final String run = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    final String mappedNamespace = run + "-team";
    final String unmappedNamespace = run + "-intruders";
    /** The SlurmCluster of this world (cluster-scoped) and the namespace of its JWT key and Leases. */
    final String clusterName;

    final String systemNamespace;
    private final Path dir;
    private final Path kubeconfig;
    private final ControlPlane plane;
    private final KubernetesClient client;
    private final SlurmClient slurmClient;
    private final OperatorLogs logs;
    private final List<OperatorProcess> operators = new ArrayList<>();

    private RealSlurmWorld(LocalSlurm slurm, OperatorLogs logs, Path dir, ControlPlane plane) {
        this.slurm = slurm;
        this.logs = logs;
        this.dir = dir;
        this.plane = plane;
        this.client = plane.client();
        this.clusterName = plane.scoped(run, CLUSTER);
        this.systemNamespace = plane.scoped(run, SYSTEM);
        this.kubeconfig = dir.resolve("kubeconfig");
        this.slurmClient = slurm.client();
    }

    /** A world on hpcenv's embedded API, started for it alone. */
    static RealSlurmWorld start(LocalSlurm slurm, OperatorLogs logs) {
        return start(slurm, logs, new EmbeddedControlPlane());
    }

    /**
     * A world on {@code plane}, which it closes. The operator's kubeconfig is written when the first
     * operator starts, so that a caller may first give the plane the operator's identity (the real API).
     */
    static RealSlurmWorld start(LocalSlurm slurm, OperatorLogs logs, ControlPlane plane) {
        try {
            RealSlurmWorld world = new RealSlurmWorld(slurm, logs, Files.createTempDirectory("hpcenv-e2e-"), plane);
            world.createCluster();
            return world;
        } catch (IOException | RuntimeException e) {
            plane.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private void createCluster() throws IOException {
        for (String ns : List.of(systemNamespace, mappedNamespace, unmappedNamespace)) {
            if (client.namespaces().withName(ns).get() != null) {
                continue; // made by the caller (the chart's namespace on the real API)
            }
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .create();
        }
        // The key as a site stores it: the raw bytes of the slurm.conf jwt_key file, base64 in data.
        client.secrets()
                .inNamespace(systemNamespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(JWT_SECRET)
                        .endMetadata()
                        .withData(Map.of(
                                "jwt_hs256.key",
                                Base64.getEncoder().encodeToString(Files.readAllBytes(slurm.jwtKey()))))
                        .build())
                .create();
        SlurmCluster cluster = new SlurmCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(clusterName).build());
        SlurmClusterSpec spec = new SlurmClusterSpec();
        spec.setUrl(slurm.url().toString());
        SlurmAuth auth = new SlurmAuth();
        auth.setJwtKeySecretRef(new SecretKeyRef(systemNamespace, JWT_SECRET, "jwt_hs256.key"));
        spec.setAuth(auth);
        spec.setUserMappings(new ArrayList<>(List.of(new UserMapping(mappedNamespace, slurm.user(), null))));
        spec.setSyncIntervalSeconds(1);
        cluster.setSpec(spec);
        client.resource(cluster).create();
    }

    /** Jobs of this world's cluster run through {@code shimPath} (a node-side path), as a site sets it. */
    void useShim(String shimPath) {
        client.resources(SlurmCluster.class).withName(clusterName).edit(c -> {
            dev.hpcenv.crd.v1alpha1.ClusterDefaults defaults = c.getSpec().getDefaults() == null
                    ? new dev.hpcenv.crd.v1alpha1.ClusterDefaults()
                    : c.getSpec().getDefaults();
            defaults.setShimPath(shimPath);
            c.getSpec().setDefaults(defaults);
            return c;
        });
    }

    KubernetesClient client() {
        return client;
    }

    ControlPlane plane() {
        return plane;
    }

    Path dir() {
        return dir;
    }

    OperatorProcess startOperator(String name, Map<String, String> settings) {
        if (!Files.exists(kubeconfig)) {
            plane.writeOperatorKubeconfig(kubeconfig);
        }
        OperatorProcess operator = logs.track(OperatorProcess.start(name, kubeconfig, dir, settings));
        operators.add(operator);
        return operator;
    }

    void awaitClusterReady() {
        Await.until(
                "SlurmCluster " + clusterName + " Ready",
                WAIT,
                () -> "True"
                        .equals(conditionStatus(
                                Optional.ofNullable(client.resources(SlurmCluster.class)
                                                .withName(clusterName)
                                                .get())
                                        .map(c -> c.getStatus() == null
                                                ? null
                                                : c.getStatus().getConditions())
                                        .orElse(null),
                                "Ready")),
                () -> io.fabric8.kubernetes.client.utils.Serialization.asYaml(client.resources(SlurmCluster.class)
                                .withName(clusterName)
                                .get())
                        + plane.diagnostics());
    }

    /** An HpcJob submitted held (the container is never needed), with an inline environment. */
    HpcJob heldJob(String namespace, String name) {
        HpcJob job = new HpcJob();
        job.setMetadata(new ObjectMetaBuilder()
                .withNamespace(namespace)
                .withName(name)
                .withAnnotations(Map.of(JobSubmissionBuilder.HOLD_ANNOTATION, "true"))
                .build());
        HpcJobSpec spec = new HpcJobSpec();
        EnvironmentSpec environment = new EnvironmentSpec();
        environment.setImage("registry.local/busybox:1");
        spec.setEnvironment(environment);
        spec.setClusterRef(new ClusterRef(clusterName));
        spec.setCommand(new ArrayList<>(List.of("true")));
        job.setSpec(spec);
        return job;
    }

    HpcJob create(HpcJob job) {
        return client.resource(job).create();
    }

    /** Creates {@code count} held HpcJobs {@code prefix-0..} from several threads at once; returns their UIDs. */
    Set<String> createBurst(String namespace, String prefix, int count) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HpcJob>> created = IntStream.range(0, count)
                    .mapToObj(i -> pool.submit(() -> create(heldJob(namespace, prefix + "-" + i))))
                    .toList();
            Set<String> uids = new java.util.HashSet<>();
            for (Future<HpcJob> f : created) {
                uids.add(f.get().getMetadata().getUid());
            }
            return uids;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating HpcJobs", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(
                    "creating HpcJobs failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    List<HpcJob> jobs(String namespace) {
        return client.resources(HpcJob.class).inNamespace(namespace).list().getItems();
    }

    HpcJob job(String namespace, String name) {
        return client.resources(HpcJob.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    HpcJob awaitJob(String namespace, String name, String what, Predicate<HpcJob> condition) {
        Await.until(
                "HpcJob " + namespace + "/" + name + " " + what,
                WAIT,
                () -> {
                    HpcJob job = job(namespace, name);
                    return job != null && condition.test(job);
                },
                () -> io.fabric8.kubernetes.client.utils.Serialization.asYaml(job(namespace, name)));
        return job(namespace, name);
    }

    /**
     * Waits until HpcJob {@code name} of the mapped namespace has a terminal phase; on a timeout the
     * message has {@code context} (the job's output, say) and the job as stored.
     */
    HpcJob awaitEnded(String name, Duration timeout, java.util.function.Supplier<String> context) {
        Await.until(
                "HpcJob " + name + " ended",
                timeout,
                () -> {
                    HpcJob j = job(mappedNamespace, name);
                    return j != null
                            && j.getStatus() != null
                            && j.getStatus().getPhase() != null
                            && j.getStatus().getPhase().isTerminal();
                },
                () -> context.get() + "\n" + asYaml(job(mappedNamespace, name)));
        return job(mappedNamespace, name);
    }

    static String asYaml(Object resource) {
        return resource == null ? "(none)" : io.fabric8.kubernetes.client.utils.Serialization.asYaml(resource);
    }

    static boolean hasSlurmJob(HpcJob job) {
        return job.getStatus() != null && job.getStatus().getSlurmJobId() != null;
    }

    /** Every job the local Slurm holds whose comment names one of {@code uids} (the operator's idempotency key). */
    List<JobInfo> slurmJobsFor(Set<String> uids) {
        return slurmClient.listJobs(Optional.empty()).stream()
                .filter(j -> uidOf(j) != null && uids.contains(uidOf(j)))
                .sorted(Comparator.comparingLong(JobInfo::jobId))
                .toList();
    }

    /** Every job the local Slurm holds that an operator submitted for an HpcJob of {@code namespace}. */
    List<JobInfo> slurmJobsOf(String namespace) {
        return slurmClient.listJobs(Optional.empty()).stream()
                .filter(j -> j.name() != null && j.name().startsWith(namespace + "."))
                .toList();
    }

    /** Waits until every HpcJob of {@code uids} in {@code namespace} has a Slurm job id in its status. */
    void awaitSlurmJobIds(String namespace, Set<String> uids, Duration timeout) {
        Await.until(
                uids.size() + " HpcJobs with a Slurm job id",
                timeout,
                () -> jobs(namespace).stream()
                                .filter(j -> uids.contains(j.getMetadata().getUid()))
                                .filter(RealSlurmWorld::hasSlurmJob)
                                .count()
                        == uids.size(),
                () -> jobs(namespace).stream()
                                .filter(j -> uids.contains(j.getMetadata().getUid()))
                                .filter(j -> !hasSlurmJob(j))
                                .map(j -> j.getMetadata().getName())
                                .toList()
                        + " without id\n" + plane.diagnostics());
    }

    /**
     * Exactly once, seen from both sides: one Slurm job per UID of {@code uids} (its comment names the
     * UID; none twice, none missing), and each HpcJob's status names that very job. Returns the jobs.
     */
    List<JobInfo> assertOneSlurmJobPerHpcJob(String namespace, Set<String> uids) {
        List<JobInfo> slurmJobs = slurmJobsFor(uids);
        Map<String, List<Long>> idsByUid = slurmJobs.stream()
                .collect(Collectors.groupingBy(
                        RealSlurmWorld::uidOf, Collectors.mapping(JobInfo::jobId, Collectors.toList())));
        assertThat(idsByUid)
                .as("Slurm jobs whose comment names an HpcJob's UID, by UID")
                .allSatisfy((uid, ids) ->
                        assertThat(ids).as("Slurm jobs of UID " + uid).hasSize(1))
                .hasSameSizeAs(uids);
        assertThat(slurmJobs)
                .as("Slurm jobs whose comment names an HpcJob's UID")
                .hasSameSizeAs(uids);
        for (HpcJob job : jobs(namespace)) {
            if (uids.contains(job.getMetadata().getUid())) {
                assertThat(job.getStatus().getSlurmJobId())
                        .as("status.slurmJobId of HpcJob " + job.getMetadata().getName())
                        .isEqualTo(idsByUid.get(job.getMetadata().getUid()).get(0));
            }
        }
        return slurmJobs;
    }

    /** The HpcJob UID a Slurm job's comment names, or null. */
    static String uidOf(JobInfo job) {
        return JobMark.parse(job.comment()).map(JobMark::uid).orElse(null);
    }

    /**
     * Submits a held job straight to Slurm, as the test user, named {@code <run>-direct.<suffix>} (so that
     * {@link #close} cancels it) with {@code comment} (null for none).
     */
    long submitHeld(String suffix, String comment) {
        return slurmClient.submit(JobSubmission.builder("#!/bin/sh\ntrue\n")
                .name(run + "-direct." + suffix)
                .comment(comment)
                .env("PATH", "/usr/bin:/bin")
                .workdir("/tmp")
                .standardOutput("/dev/null")
                .standardError("/dev/null")
                .timeLimit(Duration.ofMinutes(5))
                .hold(true)
                .build());
    }

    /**
     * Waits until a job on {@code nodes} nodes starts and ends well: every node can launch work again.
     * A test that takes a node down leaves the cluster unsettled for a while: slurmctld has the nodes
     * back in service, yet a launch on a node that ran the killed job failed once here and Slurm
     * requeued the next test's job for it (slurmctld saw that node not respond for about a minute).
     * Each probe is a plain job that is never requeued, named {@code <run>-direct.probe}.
     */
    void awaitEveryNodeLaunches(int nodes, Duration timeout) {
        java.time.Instant deadline = java.time.Instant.now().plus(timeout);
        List<String> tries = new ArrayList<>();
        while (java.time.Instant.now().isBefore(deadline)) {
            long id = slurmClient.submit(JobSubmission.builder("#!/bin/sh\nsrun true\n")
                    .name(run + "-direct.probe")
                    .env("PATH", "/usr/bin:/bin")
                    .workdir("/tmp")
                    .standardOutput("/dev/null")
                    .standardError("/dev/null")
                    .nodes(nodes)
                    .tasksPerNode(1)
                    .timeLimit(Duration.ofMinutes(2))
                    .requeue(false)
                    .build());
            Await.until(
                    "probe job " + id + " ended",
                    Duration.between(java.time.Instant.now(), deadline).plusSeconds(1),
                    () -> slurmJob(id).map(j -> j.state().isTerminal()).orElse(true),
                    () -> slurmJob(id));
            Optional<JobInfo> probe = slurmJob(id);
            if (probe.map(j -> j.state() == dev.hpcenv.slurm.JobState.COMPLETED).orElse(false)) {
                return;
            }
            tries.add(id + ": "
                    + probe.map(j -> j.state() + " " + j.stateReason()).orElse("gone"));
        }
        throw new AssertionError("no job on " + nodes + " nodes ran to its end within " + timeout + ": " + tries);
    }

    /** The installation id of operators on this world's API: the UID of its namespace default. */
    String installationId() {
        return client.namespaces().withName("default").get().getMetadata().getUid();
    }

    Optional<JobInfo> slurmJob(long id) {
        return slurmClient.getJob(id);
    }

    static String conditionStatus(List<Condition> conditions, String type) {
        return condition(conditions, type).map(Condition::getStatus).orElse(null);
    }

    static Optional<Condition> condition(List<Condition> conditions, String type) {
        return conditions == null
                ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Cancels every unfinished Slurm job of this run (by job name, which starts with the run id). */
    void cancelSlurmJobs() {
        for (JobInfo job : slurmClient.listJobs(Optional.empty())) {
            if (job.name() != null
                    && job.name().startsWith(run + "-")
                    && !job.state().isTerminal()) {
                slurmClient.cancel(job.jobId());
            }
        }
    }

    /**
     * Cluster-scoped objects outlive a world on the shared real API unless it deletes them; its
     * operators are gone, so their finalizer goes first.
     */
    private void deleteClusterScoped() {
        var cluster = client.resources(SlurmCluster.class).withName(clusterName);
        if (cluster.get() != null) {
            cluster.edit(c -> {
                c.getMetadata().setFinalizers(new ArrayList<>());
                return c;
            });
            cluster.delete();
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (OperatorProcess operator : operators) {
            try {
                operator.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        try {
            cancelSlurmJobs();
        } catch (RuntimeException e) {
            failure = e;
        }
        slurmClient.close();
        try {
            deleteClusterScoped();
            plane.deleteNamespace(mappedNamespace);
            plane.deleteNamespace(unmappedNamespace);
        } catch (RuntimeException e) {
            failure = e;
        }
        plane.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            failure = new UncheckedIOException("cannot delete " + dir, e);
        }
        if (failure != null) {
            throw failure;
        }
    }
}

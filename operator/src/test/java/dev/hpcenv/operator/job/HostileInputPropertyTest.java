package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.ClusterDefaults;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.JobResources;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.operator.cluster.ClusterConnection;
import dev.hpcenv.operator.cluster.ClusterCredentials;
import dev.hpcenv.operator.cluster.ClusterRegistry;
import dev.hpcenv.operator.cluster.DeniedUsers;
import dev.hpcenv.operator.cluster.SlurmClusterReconciler;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.reading.UnreadableResources;
import dev.hpcenv.operator.status.ConditionsView;
import dev.hpcenv.operator.sync.ClusterJobSync;
import dev.hpcenv.operator.testing.MapLookups;
import dev.hpcenv.operator.testing.MutableClock;
import dev.hpcenv.operator.testing.ReadyEnvironments;
import dev.hpcenv.operator.testing.RecordingEvents;
import dev.hpcenv.operator.testing.Resources;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.testing.FakeSlurmClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * HpcJobs and SlurmClusters with boundary and hostile values in every field (numbers at and past
 * the limits, quantities with every suffix, unicode, control characters, huge strings), through the
 * operator's decision and submission path with a fake Slurm. Whatever the input: nothing throws,
 * every object ends accepted or refused with a reason that names a field, user input is never an
 * internal error, and what is submitted keeps Slurm's and Linux's limits.
 */
class HostileInputPropertyTest {

    private static final Set<String> REFUSALS = Set.of("Invalid", "UserDenied", "NamespaceNotMapped");

    // ---- generators ----

    static Arbitrary<String> hostileText() {
        // Huge strings (past Linux's 128 KiB per string, in UTF-8) are rarer: they are slow to copy.
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        8,
                        Arbitraries.of(
                                "",
                                " ",
                                "\n",
                                "\0",
                                "ünïcødé😀",
                                "grüße",
                                "\u202e",
                                "\uFFFF",
                                "${HOME}",
                                "$(id)",
                                "`id`",
                                "a'b\"c",
                                "root",
                                "0",
                                "../../etc",
                                "/dev/null",
                                "-rf",
                                "--wrap=id")),
                net.jqwik.api.Tuple.of(8, Arbitraries.strings().all().ofMaxLength(40)),
                net.jqwik.api.Tuple.of(
                        1, Arbitraries.strings().withCharRange('a', 'z').ofLength(140_000)),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withChars('ü', '😀')
                                .ofMinLength(30_000)
                                .ofMaxLength(70_000)));
    }

    static Arbitrary<Integer> boundaryInt() {
        return Arbitraries.oneOf(
                        Arbitraries.of(
                                Integer.MIN_VALUE,
                                -1,
                                0,
                                1,
                                2,
                                65_533,
                                65_534,
                                65_535,
                                65_536,
                                Integer.MAX_VALUE - 1,
                                Integer.MAX_VALUE),
                        Arbitraries.integers())
                .injectNull(0.2);
    }

    static Arbitrary<String> quantity() {
        Arbitrary<String> number = Arbitraries.oneOf(
                Arbitraries.of(
                        "0",
                        "1",
                        "1.5",
                        "0.0001",
                        "9223372036854775807",
                        "9223372036854775808",
                        "99999999999999",
                        "99999999999999999999",
                        "1e3",
                        "1E9",
                        "-1",
                        "01",
                        "1.",
                        ".5"),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(400));
        Arbitrary<String> suffix = Arbitraries.of(
                "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "k", "M", "G", "T", "P", "E", "m", "Gb", " Gi", "gi", "e3Mi",
                "😀");
        return Arbitraries.oneOf(Combinators.combine(number, suffix).as((n, s) -> n + s), hostileText())
                .injectNull(0.2);
    }

    static Arbitrary<String> duration() {
        Arbitrary<String> number = Arbitraries.oneOf(
                Arbitraries.of("0", "1", "59", "61", "3650", "3651", "9999999999", "2147483648"),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(300));
        Arbitrary<String> unit = Arbitraries.of("d", "h", "m", "s", "", "w", "ms");
        return Arbitraries.oneOf(
                        Combinators.combine(number, unit, number, unit).as((a, u, b, v) -> a + u + b + v),
                        Combinators.combine(number, unit).as((a, u) -> a + u),
                        hostileText())
                .injectNull(0.2);
    }

    @Provide
    Arbitrary<HpcJob> jobs() {
        return hostileJobs();
    }

    static Arbitrary<HpcJob> hostileJobs() {
        Arbitrary<JobResources> resources = Combinators.combine(
                        boundaryInt(),
                        boundaryInt(),
                        boundaryInt(),
                        boundaryInt(),
                        boundaryInt(),
                        quantity(),
                        duration(),
                        hostileText().injectNull(0.5))
                .as((nodes, tasks, perNode, cpus, gpus, memory, time, partition) -> {
                    JobResources r = new JobResources();
                    r.setNodes(nodes);
                    r.setTasks(tasks);
                    r.setTasksPerNode(perNode);
                    r.setCpusPerTask(cpus);
                    r.setGpus(gpus);
                    r.setMemory(memory);
                    r.setTimeLimit(time);
                    r.setPartition(partition);
                    return r;
                });
        Arbitrary<List<String>> words = hostileText().injectNull(0.05).list().ofMaxSize(4);
        Arbitrary<Map<String, String>> env =
                Arbitraries.maps(hostileText(), hostileText().injectNull(0.1)).ofMaxSize(3);
        return Combinators.combine(
                        resources.injectNull(0.1),
                        words,
                        words,
                        env,
                        hostileText().injectNull(0.5),
                        hostileText().injectNull(0.5))
                .as((r, command, args, e, workdir, output) -> Resources.job("hostile", s -> {
                    s.setResources(r);
                    if (!command.isEmpty()) {
                        s.setCommand(new ArrayList<>(command));
                    }
                    s.setArgs(new ArrayList<>(args));
                    s.setEnv(new LinkedHashMap<>(e));
                    s.setWorkingDirectory(workdir);
                    s.setOutput(output);
                }));
    }

    @Provide
    Arbitrary<SlurmCluster> clusters() {
        Arbitrary<UserMapping> mapping = Combinators.combine(
                        Arbitraries.oneOf(Arbitraries.just(Resources.NAMESPACE), hostileText()),
                        Arbitraries.oneOf(
                                        Arbitraries.of("alice", "root", "0", "000", "slurm", "munge", "nobody", "12"),
                                        hostileText())
                                .injectNull(0.1),
                        hostileText().injectNull(0.5))
                .as(UserMapping::new);
        return Combinators.combine(mapping.list().ofMaxSize(3), duration(), boundaryInt(), Arbitraries.of(0, 1, 2, 3))
                .as((mappings, defaultTime, sync, auth) -> Resources.cluster(s -> {
                    s.setUserMappings(new ArrayList<>(mappings));
                    ClusterDefaults d = new ClusterDefaults();
                    d.setTimeLimit(defaultTime);
                    s.setDefaults(d);
                    s.setSyncIntervalSeconds(sync);
                    if (auth == 1) {
                        s.getAuth().setTokenSecretRef(s.getAuth().getJwtKeySecretRef());
                    } else if (auth == 2) {
                        s.getAuth().setJwtKeySecretRef(null);
                    } else if (auth == 3) {
                        s.getAuth().setJwtLifespanSeconds(Integer.MAX_VALUE);
                    }
                }));
    }

    // ---- properties ----

    @Property(tries = 200)
    void everyHpcJobIsAcceptedOrRefusedWithAFieldNamedReason(@ForAll("jobs") HpcJob job) {
        // Given
        World world = new World(Resources.cluster(s -> {}));
        // When
        world.reconcile(job);
        // Then
        assertEndsAcceptedOrRefused(job);
        world.slurm.submissions().forEach(HostileInputPropertyTest::keepsTheLimits);
    }

    @Property(tries = 100)
    void everySlurmClusterEndsReadyOrNotWithAFieldNamedReasonAndItsJobsToo(
            @ForAll("clusters") SlurmCluster cluster, @ForAll("jobs") HpcJob job) {
        // Given
        World world = new World(cluster);
        // When
        world.clusters.reconcile(cluster);
        world.reconcile(job);
        // Then
        Condition ready = ConditionsView.find(cluster.getStatus().getConditions(), ConditionType.READY)
                .orElseThrow();
        if (Condition.FALSE.equals(ready.getStatus())
                && Set.of("InvalidSpec", "UserMappingDenied").contains(ready.getReason())) {
            assertThat(ready.getMessage()).contains("spec.").doesNotContain("\n");
        }
        assertEndsAcceptedOrRefused(job);
        for (JobSubmission submitted : world.slurm.submissions()) {
            keepsTheLimits(submitted);
            assertThat(DeniedUsers.DEFAULT.refusal(world.mappedUser(job))).isEmpty();
        }
    }

    private static void assertEndsAcceptedOrRefused(HpcJob job) {
        Condition accepted = ConditionsView.find(job.getStatus().getConditions(), ConditionType.ACCEPTED)
                .orElseThrow();
        for (Condition c : job.getStatus().getConditions()) {
            assertThat(c.getReason())
                    .as("no user input is a defect or an unreachable cluster")
                    .isNotIn("InternalError", "ClusterUnreachable", "ApiError");
            assertThat(c.getMessage()).doesNotContain("\n").doesNotContain("\0");
        }
        if (Condition.FALSE.equals(accepted.getStatus())) {
            assertThat(accepted.getReason()).isIn(REFUSALS);
            assertThat(accepted.getMessage()).containsAnyOf("spec", "SlurmCluster");
            for (String problem : accepted.getMessage().split("; spec")) {
                assertThat(problem.length()).as("one problem stays readable").isLessThan(1200);
            }
            assertThat(job.getStatus().getSlurmJobId()).isNull();
        } else {
            assertThat(accepted.getStatus()).isEqualTo(Condition.TRUE);
        }
    }

    private static void keepsTheLimits(JobSubmission s) {
        s.environment()
                .forEach((name, value) -> assertThat((name + "=" + value).getBytes(StandardCharsets.UTF_8).length + 1)
                        .isLessThanOrEqualTo(SubmissionLimits.MAX_ARG_STRLEN));
        if (s.memoryMb() != null) {
            assertThat(s.memoryMb()).isBetween(1L, dev.hpcenv.crd.units.SlurmUnits.MAX_MEMORY_MEBIBYTES);
        }
        if (s.timeLimitMinutes() != null) {
            assertThat((long) s.timeLimitMinutes())
                    .isBetween(1L, dev.hpcenv.crd.units.SlurmUnits.MAX_TIME_LIMIT_MINUTES);
        }
    }

    /** One operator process against a fake Slurm, listed once, with the cluster given. */
    private static final class World {
        final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        final FakeSlurmClient slurm = new FakeSlurmClient(clock, ApiVersion.V0_0_38);
        final ClusterJobSync sync = ClusterJobSync.manual(clock);
        final ClusterRegistry registry = new ClusterRegistry(sync);
        final UnreadableResources unreadable = new UnreadableResources();
        final SlurmCluster cluster;
        final SlurmClusterReconciler clusters;
        final HpcJobReconciler jobs;

        World(SlurmCluster cluster) {
            this.cluster = cluster;
            byte[] key = "k".repeat(32).getBytes(StandardCharsets.UTF_8);
            this.clusters = new SlurmClusterReconciler(
                    registry,
                    sync,
                    ref -> Optional.of(key),
                    config -> slurm,
                    new RecordingEvents(),
                    new OperatorMetrics(),
                    clock,
                    DeniedUsers.DEFAULT,
                    unreadable);
            if (cluster.getSpec().getAuth().getJwtKeySecretRef() != null
                    && cluster.getSpec().getAuth().getTokenSecretRef() == null) {
                ClusterConnection connection = new ClusterConnection(
                        Resources.CLUSTER,
                        cluster.getSpec(),
                        ClusterCredentials.from(cluster.getSpec().getAuth(), key),
                        "1/test",
                        config -> slurm,
                        new OperatorMetrics());
                registry.put(connection);
                clock.advance(Duration.ofSeconds(10));
                sync.listOnce(connection);
            }
            this.jobs = new HpcJobReconciler(
                    new HpcJobEventSources(sync),
                    new MapLookups().add(cluster).add(ReadyEnvironments.pytorch()),
                    new FakeHpcJobWrites(),
                    registry,
                    new JobSubmissionBuilder("/tmp"),
                    new RecordingEvents(),
                    new OperatorMetrics(),
                    clock,
                    DeniedUsers.DEFAULT,
                    unreadable,
                    NodeProgress.NONE);
        }

        void reconcile(HpcJob job) {
            job.getMetadata().setFinalizers(new ArrayList<>(List.of(FinalizerStep.FINALIZER)));
            jobs.reconcileSortingFailures(job);
        }

        String mappedUser(HpcJob job) {
            return cluster.getSpec().getUserMappings().stream()
                    .filter(m -> job.getMetadata().getNamespace().equals(m.getNamespace()))
                    .map(UserMapping::getUser)
                    .findFirst()
                    .orElse("(none)");
        }
    }
}

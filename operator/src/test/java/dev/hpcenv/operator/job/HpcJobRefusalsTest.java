package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.JobResources;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.operator.cluster.ClusterConnection;
import dev.hpcenv.operator.cluster.ClusterCredentials;
import dev.hpcenv.operator.cluster.ClusterRegistry;
import dev.hpcenv.operator.cluster.DeniedUsers;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.status.ConditionsView;
import dev.hpcenv.operator.sync.ClusterJobSync;
import dev.hpcenv.operator.testing.MapLookups;
import dev.hpcenv.operator.testing.MutableClock;
import dev.hpcenv.operator.testing.ReadyEnvironments;
import dev.hpcenv.operator.testing.RecordingEvents;
import dev.hpcenv.operator.testing.Resources;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.testing.FakeSlurmClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input the operator must refuse itself, with the field and the limit, whatever the API server let
 * through: out-of-range quantities, sizes beyond Linux's limits, mappings to root or system users;
 * and a defect of the operator, which is an InternalError, never ClusterUnreachable.
 */
class HpcJobRefusalsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeSlurmClient slurm = new FakeSlurmClient(clock, ApiVersion.V0_0_38);
    private final RecordingEvents events = new RecordingEvents();
    private final List<String> statusWrites = new ArrayList<>();

    private HpcJobReconciler operator(SlurmCluster cluster, SlurmClient client) {
        ClusterJobSync sync = ClusterJobSync.manual(clock);
        ClusterRegistry registry = new ClusterRegistry(sync);
        ClusterConnection connection = new ClusterConnection(
                Resources.CLUSTER,
                cluster.getSpec(),
                ClusterCredentials.from(
                        cluster.getSpec().getAuth(), "k".repeat(32).getBytes(StandardCharsets.UTF_8)),
                "1/test",
                config -> client,
                new OperatorMetrics());
        registry.put(connection);
        clock.advance(Duration.ofSeconds(10));
        sync.listOnce(connection);
        return new HpcJobReconciler(
                new HpcJobEventSources(sync),
                new MapLookups().add(cluster).add(ReadyEnvironments.pytorch()),
                new StatusOnlyWrites(),
                registry,
                new JobSubmissionBuilder("/tmp"),
                events,
                new OperatorMetrics(),
                clock,
                DeniedUsers.DEFAULT,
                new dev.hpcenv.operator.reading.UnreadableResources(),
                NodeProgress.NONE);
    }

    private HpcJobReconciler operator() {
        return operator(Resources.cluster(s -> {}), slurm);
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                resources("spec.resources.memory", "limit of 1024Pi", r -> r.setMemory("99999999999999Pi")),
                resources("spec.resources.memory", "exponent", r -> r.setMemory("1e3")),
                resources("spec.resources.timeLimit", "limit of 3650d", r -> r.setTimeLimit("9999999999d")),
                resources("spec.resources.timeLimit", "no limit", r -> r.setTimeLimit("0m")),
                resources("spec.resources.cpusPerTask", "1..65533", r -> r.setCpusPerTask(65534)),
                resources("spec.resources.tasksPerNode", "1..65533", r -> r.setTasksPerNode(Integer.MAX_VALUE)),
                resources("spec.resources.nodes", "1..1000000", r -> r.setNodes(0)),
                resources("spec.resources.gpus", "0..1024", r -> r.setGpus(-1)),
                Arguments.of("spec.requeue", "0..5", (Consumer<HpcJobSpec>) s -> s.setRequeue(6)),
                Arguments.of("spec.requeue", "MaxBatchRequeue", (Consumer<HpcJobSpec>) s -> s.setRequeue(-1)));
    }

    private static Arguments resources(String field, String limit, Consumer<JobResources> change) {
        return Arguments.of(field, limit, (Consumer<HpcJobSpec>) s -> {
            JobResources r = new JobResources();
            change.accept(r);
            s.setResources(r);
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("outOfRange")
    void anOutOfRangeValueIsRefusedWithItsFieldAndLimitAndNeverSubmitted(
            String field, String limit, Consumer<HpcJobSpec> change) {
        // Given
        HpcJob job = Resources.job("bad", change);
        HpcJobReconciler reconciler = operator();
        // When
        reconciler.decideAndAct(job);
        // Then
        Condition accepted = condition(job, ConditionType.ACCEPTED);
        assertThat(accepted.getStatus()).isEqualTo(Condition.FALSE);
        assertThat(accepted.getReason()).isEqualTo("Invalid");
        assertThat(accepted.getMessage()).startsWith(field).contains(limit).doesNotContain("\n");
        assertThat(slurm.submitCalls).hasValue(0);
    }

    @Test
    void aMegabyteArgumentIsRefusedBeforeSubmissionNamingTheArgumentAndLinuxsLimit() {
        // Given
        HpcJob job = Resources.job("big-arg", s -> s.setArgs(new ArrayList<>(List.of("small", "x".repeat(1 << 20)))));
        HpcJobReconciler reconciler = operator();
        // When
        reconciler.decideAndAct(job);
        // Then
        Condition accepted = condition(job, ConditionType.ACCEPTED);
        assertThat(accepted.getReason()).isEqualTo("Invalid");
        assertThat(accepted.getMessage())
                .startsWith("spec.args[1]")
                .contains("HPCENV_ARGV")
                .contains("131072")
                .contains("MAX_ARG_STRLEN");
        assertThat(slurm.submitCalls).hasValue(0);
        assertThat(job.getStatus().getSlurmJobId()).isNull();
    }

    @Test
    void aMegabyteEnvValueIsRefusedNamingTheVariable() {
        // Given
        HpcJob job = Resources.job("big-env", s -> s.getEnv().put("HUGE", "ü".repeat(70_000)));
        HpcJobReconciler reconciler = operator();
        // When
        reconciler.decideAndAct(job);
        // Then
        assertThat(condition(job, ConditionType.ACCEPTED).getMessage())
                .startsWith("spec.env.HUGE")
                .contains("131072");
        assertThat(slurm.submitCalls).hasValue(0);
    }

    @Test
    void anArgumentJustUnderTheLimitIsSubmitted() {
        // Given: HPCENV_ARGV=["python","train.py","xxx..."] with its NUL stays at 131072 bytes
        int room = SubmissionLimits.MAX_ARG_STRLEN
                - "HPCENV_ARGV=".length()
                - 1
                - "[\"python\",\"train.py\",\"\"]".length();
        HpcJob job = Resources.job("fits", s -> s.setArgs(new ArrayList<>(List.of("x".repeat(room)))));
        HpcJobReconciler reconciler = operator();
        // When
        reconciler.decideAndAct(job);
        // Then
        assertThat(slurm.submitCalls).hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"root", "0", "000", "slurm", "munge", "daemon", "nobody"})
    void aNamespaceMappedToRootOrASystemUserIsNeverSubmitted(String user) {
        // Given: a SlurmCluster the API server stored without evaluating its CEL rule
        SlurmCluster cluster = Resources.cluster(
                s -> s.setUserMappings(new ArrayList<>(List.of(new UserMapping(Resources.NAMESPACE, user, "proj-a")))));
        HpcJob job = Resources.job("as-" + user);
        HpcJobReconciler reconciler = operator(cluster, slurm);
        // When
        reconciler.decideAndAct(job);
        // Then
        Condition accepted = condition(job, ConditionType.ACCEPTED);
        assertThat(accepted.getStatus()).isEqualTo(Condition.FALSE);
        assertThat(accepted.getReason()).isEqualTo("UserDenied");
        assertThat(accepted.getMessage()).contains("'" + user + "'").contains(Resources.NAMESPACE);
        assertThat(slurm.submitCalls).hasValue(0);
    }

    @Test
    void aDefectIsAnInternalErrorLoggedOnceAndNotRetriedAsAnUnreachableCluster() {
        // Given: a Slurm client with a bug
        SlurmClient buggy = (SlurmClient) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {SlurmClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("submit")) {
                        throw new IllegalStateException("a bug in the bridge");
                    }
                    try {
                        return method.invoke(slurm, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        HpcJob job = Resources.job("meets-a-bug");
        job.getMetadata().setFinalizers(new ArrayList<>(List.of(FinalizerStep.FINALIZER)));
        HpcJobReconciler reconciler = operator(Resources.cluster(s -> {}), buggy);
        // When
        UpdateControl<HpcJob> control = reconciler.reconcileSortingFailures(job);
        // Then
        Condition submitted = condition(job, ConditionType.SUBMITTED);
        assertThat(submitted.getStatus()).isEqualTo(Condition.UNKNOWN);
        assertThat(submitted.getReason()).isEqualTo("InternalError");
        assertThat(submitted.getMessage()).contains("IllegalStateException: a bug in the bridge");
        assertThat(statusWrites).hasSize(1);
        assertThat(control.getScheduleDelay()).contains(Duration.ofMinutes(5).toMillis());
    }

    private final class StatusOnlyWrites implements HpcJobWrites {
        @Override
        public void addFinalizer(HpcJob job) {
            throw new AssertionError("the finalizer is stored already");
        }

        @Override
        public void removeFinalizer(HpcJob job) {
            throw new AssertionError("not deleted");
        }

        @Override
        public void writeStatus(HpcJob job) {
            statusWrites.add(job.getMetadata().getName());
        }
    }

    private static Condition condition(HpcJob job, ConditionType type) {
        return ConditionsView.find(job.getStatus().getConditions(), type)
                .orElseThrow(() -> new AssertionError(
                        "no " + type + " in " + job.getStatus().getConditions() + " " + Map.of()));
    }
}

package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.crd.v1alpha1.JobService;
import dev.hpcenv.crd.v1alpha1.ServicePhase;
import dev.hpcenv.crd.v1alpha1.ServiceReadiness;
import dev.hpcenv.crd.v1alpha1.ServiceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** status.services turned into ServicesHealthy and the job's final reason, as a table. */
class ServicesHealthTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * @param healthy  "Status/Reason" of ServicesHealthy, or null when absent
     * @param failed   the Failed condition's reason after the fold (null: no Failed condition)
     */
    record Case(
            String name,
            List<ServiceState> services,
            HpcJobPhase phase,
            Integer exitCode,
            String healthy,
            String failed,
            String messagePart) {
        @Override
        public String toString() {
            return name;
        }
    }

    static ServiceState state(String name, String node, ServicePhase state, Integer code, String message) {
        return new ServiceState(name, node, state, code, "out/" + name + "-" + node + ".out", message);
    }

    static List<Case> cases() {
        ServiceState samplerUp = state("sampler", "nid1", ServicePhase.STARTING, null, null);
        ServiceState dbReady = state("db", "nid1", ServicePhase.READY, null, "ready after 2 s");
        ServiceState dbNotReady = state("db", "nid2", ServicePhase.NOT_READY, 143, "port 5432 closed after 30 s");
        ServiceState samplerExited = state("sampler", "nid2", ServicePhase.EXITED, 1, "service exited with code 1");
        ServiceState aggExited = state("agg", "nid1", ServicePhase.EXITED, 3, "required service exited");
        return List.of(
                new Case("no services reported: nothing said", List.of(), HpcJobPhase.RUNNING, null, null, null, null),
                new Case(
                        "all up",
                        List.of(samplerUp, dbReady),
                        HpcJobPhase.RUNNING,
                        null,
                        "True/ServicesRunning",
                        null,
                        "2 services"),
                new Case(
                        "an optional one exited early: the job goes on",
                        List.of(samplerUp, samplerExited),
                        HpcJobPhase.RUNNING,
                        null,
                        "False/ServiceExited",
                        null,
                        "service sampler on node nid2 exited with code 1 while the tasks ran"),
                new Case(
                        "the job succeeds despite an optional exit",
                        List.of(samplerExited),
                        HpcJobPhase.SUCCEEDED,
                        0,
                        "False/ServiceExited",
                        null,
                        "the job goes on"),
                new Case(
                        "not ready, job failed with 125: ServiceNotReady",
                        List.of(dbReady, dbNotReady),
                        HpcJobPhase.FAILED,
                        125,
                        "False/ServiceNotReady",
                        "ServiceNotReady",
                        "service db on node nid2 not ready: port 5432 closed after 30 s"),
                new Case(
                        "required exit, job failed with 125: ServiceFailed",
                        List.of(samplerUp, aggExited),
                        HpcJobPhase.FAILED,
                        125,
                        "False/ServiceFailed",
                        "ServiceFailed",
                        "required service agg on node nid1 exited with code 3"),
                new Case(
                        "required exit but the job failed with its own code: the job's reason stays",
                        List.of(aggExited),
                        HpcJobPhase.FAILED,
                        1,
                        "False/ServiceFailed",
                        "Failed",
                        null),
                new Case(
                        "an optional exit never blames a 125",
                        List.of(samplerExited),
                        HpcJobPhase.FAILED,
                        125,
                        "False/ServiceExited",
                        "Failed",
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesEachCase(Case c) {
        // Given
        HpcJobStatus status = status(c.phase(), c.exitCode(), c.services());
        // When
        ServicesHealth.apply(spec(), null, status, NOW);
        // Then
        Condition healthy = find(status, ConditionType.SERVICES_HEALTHY);
        if (c.healthy() == null) {
            assertThat(healthy).isNull();
        } else {
            assertThat(healthy.getStatus() + "/" + healthy.getReason()).isEqualTo(c.healthy());
            if (c.messagePart() != null) {
                assertThat(healthy.getMessage()).contains(c.messagePart());
            }
        }
        Condition failed = find(status, ConditionType.FAILED);
        if (c.failed() == null) {
            assertThat(failed).isNull();
        } else {
            assertThat(failed.getReason()).isEqualTo(c.failed());
            assertThat(find(status, ConditionType.READY).getReason()).isEqualTo(c.failed());
            if (c.failed().startsWith("Service")) {
                assertThat(status.getMessage()).contains(c.messagePart());
                assertThat(failed.getLastTransitionTime()).isEqualTo("2025-12-31T23:00:00Z");
            }
        }
    }

    @Test
    void aServiceWithoutReadinessCheckRunsOnceStartedAndTheStoredStatusIsNotChanged() {
        // Given
        ServiceState starting = state("sampler", "nid1", ServicePhase.STARTING, null, null);
        ServiceState db = state("db", "nid1", ServicePhase.STARTING, null, null);
        HpcJobStatus status = status(HpcJobPhase.RUNNING, null, List.of(starting, db));
        // When
        ServicesHealth.apply(spec(), null, status, NOW);
        // Then
        assertThat(status.getServices())
                .extracting(ServiceState::getState)
                .containsExactly(ServicePhase.RUNNING, ServicePhase.STARTING);
        assertThat(starting.getState()).isEqualTo(ServicePhase.STARTING);
    }

    @Test
    void keepsTheTransitionTimeWhileHealthStaysTheSameInAStatusBuiltAfresh() {
        // Given
        HpcJobStatus status =
                status(HpcJobPhase.RUNNING, null, List.of(state("sampler", "nid1", ServicePhase.STARTING, null, null)));
        ServicesHealth.apply(spec(), null, status, NOW.minusSeconds(60));
        HpcJobStatus rebuilt = status(HpcJobPhase.RUNNING, null, status.getServices());
        // When
        ServicesHealth.apply(spec(), status, rebuilt, NOW);
        status = rebuilt;
        // Then
        assertThat(find(status, ConditionType.SERVICES_HEALTHY).getLastTransitionTime())
                .isEqualTo("2025-12-31T23:59:00Z");
        assertThat(status.getConditions())
                .filteredOn(c -> c.getType().equals("ServicesHealthy"))
                .hasSize(1);
    }

    private static HpcJobSpec spec() {
        HpcJobSpec spec = new HpcJobSpec();
        JobService sampler = new JobService();
        sampler.setName("sampler");
        JobService db = new JobService();
        db.setName("db");
        ServiceReadiness ready = new ServiceReadiness();
        ready.setTcpPort(5432);
        ready.setTimeoutSeconds(30);
        db.setReady(ready);
        JobService agg = new JobService();
        agg.setName("agg");
        agg.setRequired(true);
        spec.setServices(new ArrayList<>(List.of(sampler, db, agg)));
        return spec;
    }

    private static HpcJobStatus status(HpcJobPhase phase, Integer exitCode, List<ServiceState> services) {
        HpcJobStatus s = new HpcJobStatus();
        s.setPhase(phase);
        s.setExitCode(exitCode);
        s.setServices(new ArrayList<>(services));
        s.setMessage("the job's own message");
        List<Condition> conditions = new ArrayList<>();
        boolean failed = phase == HpcJobPhase.FAILED;
        conditions.add(condition("Ready", failed ? "False" : "True", failed ? "Failed" : "Running"));
        if (failed) {
            conditions.add(condition("Failed", "True", "Failed"));
        }
        s.setConditions(conditions);
        return s;
    }

    private static Condition condition(String type, String status, String reason) {
        Condition c = new Condition(type, status, reason, "exit code");
        c.setLastTransitionTime("2025-12-31T23:00:00Z");
        return c;
    }

    private static Condition find(HpcJobStatus status, ConditionType type) {
        return status.getConditions().stream()
                .filter(c -> type.wire().equals(c.getType()))
                .findFirst()
                .orElse(null);
    }
}

package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.operator.sync.SyncState;
import dev.hpcenv.slurm.ExitStatus;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.testing.JobRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Node failure and requeue as a table: the status before and what Slurm reports (or the decision to
 * cancel a job requeued too often) in; phase, attempts, nodes, Ready and Failed, the message and the
 * events out.
 */
class NodeFailureStatusTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Optional<SyncState.Failure> LISTED = Optional.empty();
    private static final HpcJobStatusFactory FACTORY = new HpcJobStatusFactory(Clock.fixed(NOW, ZoneOffset.UTC));
    private static final List<String> THREE = List.of("node1", "node2", "node3");
    private static final Map<String, String> NODE2_DOWN = Map.of("node2", "DOWN,NOT_RESPONDING: Not responding");

    static Stream<Arguments> table() {
        return Stream.of(
                row(
                        "a running job: attempt 1",
                        submitted(),
                        s -> observe(s, job(JobState.RUNNING, "None", THREE, 0)),
                        "Running attempts=1 nodes=node1,node2,node3 Ready=True/Running",
                        "is running on node1,node2,node3",
                        "Normal/Running"),
                row(
                        "a node fails, no requeue: Failed/NodeFail naming the nodes",
                        running(THREE),
                        s -> observe(s, job(JobState.NODE_FAIL, "NodeDown", THREE, 0)),
                        "Failed attempts=1 nodes=node1,node2,node3 Ready=False/NodeFail Failed=True/NodeFail",
                        "NODE_FAIL: a node failed among its nodes node1,node2,node3 (NodeDown)",
                        "Warning/Failed"),
                row(
                        "a node fails and the listing found node2 down: the message names it",
                        running(THREE),
                        s -> observe(s, job(JobState.NODE_FAIL, "NodeDown", THREE, 0), NODE2_DOWN),
                        "Failed attempts=1 nodes=node1,node2,node3 Ready=False/NodeFail Failed=True/NodeFail",
                        "NODE_FAIL: node node2 (DOWN,NOT_RESPONDING: Not responding) failed; it ran on "
                                + "node1,node2,node3 (NodeDown)",
                        "Warning/Failed"),
                row(
                        "a down node the job did not use is not named",
                        running(List.of("node1", "node3")),
                        s -> observe(s, job(JobState.NODE_FAIL, "NodeDown", List.of("node1", "node3"), 0), NODE2_DOWN),
                        "Failed attempts=1 nodes=node1,node3 Ready=False/NodeFail Failed=True/NodeFail",
                        "a node failed among its nodes node1,node3",
                        "Warning/Failed"),
                row(
                        "Slurm requeued it after node2 failed: the message (and event) name the node",
                        running(THREE),
                        s -> observe(s, job(JobState.PENDING, "BeginTime", List.of(), 1), NODE2_DOWN),
                        "Submitted attempts=2 nodes=- Ready=False/Requeued",
                        "attempt 2; its previous run on node1,node2,node3 ended when node2 (DOWN,NOT_RESPONDING: "
                                + "Not responding) failed",
                        "Warning/Requeued"),
                row(
                        "Slurm requeued it: back to Submitted, attempt 2, one Requeued event",
                        running(THREE),
                        s -> observe(s, job(JobState.PENDING, "BeginTime", List.of(), 1)),
                        "Submitted attempts=2 nodes=- Ready=False/Requeued",
                        "was requeued and waits to run again (BeginTime), attempt 2; its previous run on "
                                + "node1,node2,node3 ended",
                        "Warning/Requeued"),
                row(
                        "the requeued job runs again on the remaining nodes",
                        requeued(1),
                        s -> observe(s, job(JobState.RUNNING, "None", List.of("node1", "node3"), 1)),
                        "Running attempts=2 nodes=node1,node3 Ready=True/Running",
                        "is running on node1,node3, attempt 2",
                        "Normal/Running"),
                row(
                        "two requeues between two listings: one event naming the attempt",
                        running(THREE),
                        s -> observe(s, job(JobState.PENDING, "BeginTime", List.of(), 2)),
                        "Submitted attempts=3 nodes=- Ready=False/Requeued",
                        "attempt 3",
                        "Warning/Requeued"),
                row(
                        "the last allowed run loses a node: Failed/NodeFail at attempt 2",
                        runningAgain(1, List.of("node1", "node3")),
                        s -> observe(s, job(JobState.NODE_FAIL, "NodeDown", List.of("node1", "node3"), 1)),
                        "Failed attempts=2 nodes=node1,node3 Ready=False/NodeFail Failed=True/NodeFail",
                        "among its nodes node1,node3 (NodeDown), attempt 2",
                        "Warning/Failed"),
                row(
                        "requeued beyond spec.requeue: cancelled, Failed/NodeFail, last nodes kept",
                        running(THREE),
                        s -> FACTORY.requeuedTooOften(
                                s,
                                1L,
                                new JobAction.RequeuedTooOften(
                                        job(JobState.PENDING, "BeginTime", List.of(), 1), 0, Map.of())),
                        "Failed attempts=2 nodes=node1,node2,node3 Ready=False/NodeFail Failed=True/NodeFail",
                        "was requeued 1 time, more than spec.requeue (0) allows, and was cancelled; it last ran on "
                                + "node1,node2,node3 (hint",
                        "Warning/Failed"),
                row(
                        "requeued beyond spec.requeue with node2 found down: named",
                        running(THREE),
                        s -> FACTORY.requeuedTooOften(
                                s,
                                1L,
                                new JobAction.RequeuedTooOften(
                                        job(JobState.PENDING, "BeginTime", List.of(), 1), 0, NODE2_DOWN)),
                        "Failed attempts=2 nodes=node1,node2,node3 Ready=False/NodeFail Failed=True/NodeFail",
                        "it last ran on node1,node2,node3, where node2 (DOWN,NOT_RESPONDING: Not responding) failed",
                        "Warning/Failed"),
                row(
                        "a record without a restart count keeps the attempts known",
                        requeued(1),
                        s -> observe(s, job(JobState.RUNNING, "None", List.of("node2"), null)),
                        "Running attempts=2 nodes=node2 Ready=True/Running",
                        "is running on node2",
                        "Normal/Running"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void buildsTheStatusAndEvents(
            String row,
            HpcJobStatus before,
            Function<HpcJobStatus, HpcJobStatus> outcome,
            String expected,
            String message,
            String expectedEvents) {
        // When
        HpcJobStatus after = outcome.apply(before);
        // Then
        assertThat(describe(after)).isEqualTo(expected);
        assertThat(after.getMessage()).contains(message).doesNotContain("\n");
        assertThat(JobEvents.between(before, after).stream()
                        .map(e -> e.type() + "/" + e.reason())
                        .collect(Collectors.joining(" ")))
                .isEqualTo(expectedEvents);
    }

    private static Arguments row(
            String name,
            HpcJobStatus before,
            Function<HpcJobStatus, HpcJobStatus> outcome,
            String expected,
            String message,
            String events) {
        return Arguments.of(name, before, outcome, expected, message, events);
    }

    private static HpcJobStatus observe(HpcJobStatus previous, JobInfo job) {
        return FACTORY.observed(previous, 1L, job, false, null, LISTED);
    }

    private static HpcJobStatus observe(HpcJobStatus previous, JobInfo job, Map<String, String> downNodes) {
        return FACTORY.observed(previous, 1L, job, false, null, LISTED, downNodes);
    }

    private static HpcJobStatus submitted() {
        return FACTORY.submitted(null, 1L, 7, "sha256:1");
    }

    private static HpcJobStatus running(List<String> nodes) {
        return observe(submitted(), job(JobState.RUNNING, "None", nodes, 0));
    }

    private static HpcJobStatus requeued(int restarts) {
        return observe(running(THREE), job(JobState.PENDING, "BeginTime", List.of(), restarts));
    }

    private static HpcJobStatus runningAgain(int restarts, List<String> nodes) {
        return observe(requeued(restarts), job(JobState.RUNNING, "None", nodes, restarts));
    }

    private static JobInfo job(JobState state, String reason, List<String> nodes, Integer restarts) {
        return JobRecord.job(7)
                .name("team-a.train")
                .state(state)
                .reason(reason)
                .exit(state.isTerminal() ? ExitStatus.exited(0) : null)
                .nodes(nodes)
                .comment("hpcenv:i:uid-1")
                .submitted(NOW)
                .restarts(restarts)
                .build();
    }

    private static String describe(HpcJobStatus s) {
        List<String> conditions = new ArrayList<>();
        for (Condition c : s.getConditions()) {
            if (c.getType().equals("Ready") || c.getType().equals("Failed")) {
                conditions.add(c.getType() + "=" + c.getStatus() + "/" + c.getReason());
            }
        }
        return s.getPhase().wire() + " attempts=" + s.getAttempts() + " nodes="
                + (s.getNodes().isEmpty() ? "-" : String.join(",", s.getNodes())) + " "
                + String.join(" ", conditions);
    }
}

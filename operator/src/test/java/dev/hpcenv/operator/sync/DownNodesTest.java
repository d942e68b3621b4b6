package dev.hpcenv.operator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.Node;
import dev.hpcenv.slurm.testing.JobRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DownNodesTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    static Stream<Arguments> whenToAsk() {
        return Stream.of(
                Arguments.of(
                        "nothing failed", listing(job(JobState.RUNNING, 0)), List.of(job(JobState.RUNNING, 0)), false),
                Arguments.of(
                        "a job just ended NODE_FAIL",
                        listing(job(JobState.RUNNING, 0)),
                        List.of(job(JobState.NODE_FAIL, 0)),
                        true),
                Arguments.of(
                        "a NODE_FAIL job already seen",
                        listing(job(JobState.NODE_FAIL, 0)),
                        List.of(job(JobState.NODE_FAIL, 0)),
                        false),
                Arguments.of("a NODE_FAIL job in the first listing", null, List.of(job(JobState.NODE_FAIL, 0)), true),
                Arguments.of(
                        "a job just requeued",
                        listing(job(JobState.RUNNING, 0)),
                        List.of(job(JobState.PENDING, 1)),
                        true),
                Arguments.of(
                        "a requeue already seen",
                        listing(job(JobState.PENDING, 1)),
                        List.of(job(JobState.RUNNING, 1)),
                        false),
                Arguments.of("a requeued job in the first listing", null, List.of(job(JobState.PENDING, 1)), true),
                Arguments.of(
                        "no restart count reported",
                        listing(job(JobState.RUNNING, null)),
                        List.of(job(JobState.PENDING, null)),
                        false));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("whenToAsk")
    void asksForTheNodesOnlyWhenAJobWasJustHitByANodeFailure(
            String row, JobListing previous, List<JobInfo> jobs, boolean ask) {
        assertThat(DownNodes.worthAsking(previous, jobs)).isEqualTo(ask);
    }

    @Test
    void keepsTheNodesThatFailedWithStatesAndReason() {
        // Given
        List<Node> nodes = List.of(
                node("node1", List.of("IDLE"), null),
                node("node2", List.of("DOWN", "NOT_RESPONDING"), "Not responding"),
                node("node3", List.of("MIXED", "DRAIN"), "maintenance"),
                node("node4", List.of("IDLE", "NOT_RESPONDING"), ""),
                node("node5", List.of("FAIL"), "bad DIMM"));
        // When
        Map<String, String> down = DownNodes.of(nodes);
        // Then
        assertThat(down)
                .containsOnly(
                        Map.entry("node2", "DOWN,NOT_RESPONDING: Not responding"),
                        Map.entry("node4", "IDLE,NOT_RESPONDING"),
                        Map.entry("node5", "FAIL: bad DIMM"));
        assertThat(DownNodes.among(List.of("node1", "node2", "node5"), down))
                .isEqualTo("node2 (DOWN,NOT_RESPONDING: Not responding), node5 (FAIL: bad DIMM)");
        assertThat(DownNodes.among(List.of("node1", "node3"), down)).isEmpty();
    }

    private static Node node(String name, List<String> states, String reason) {
        return new Node(name, states, 4, 1000L, List.of("debug"), reason);
    }

    private static JobListing listing(JobInfo... jobs) {
        return JobListing.of(T, List.of(jobs));
    }

    private static JobInfo job(JobState state, Integer restarts) {
        return JobRecord.job(7)
                .state(state)
                .reason("None")
                .comment("c")
                .restarts(restarts)
                .build();
    }
}

package dev.hpcenv.operator.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.ServiceState;
import dev.hpcenv.operator.logs.ProgressEvent;
import dev.hpcenv.operator.logs.Sender;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The service supervisors' events folded into status.services, as a table (docs/workflows.md, section 3). */
class ServiceFoldTest {

    private static final Sender NODE1 = Sender.services("nid1", 1);
    private static final Sender NODE2 = Sender.services("nid2", 1);
    private static final Sender NODE1_RUN2 = Sender.services("nid1", 2);
    private static final Sender TASK0 = new Sender("nid1", 0, 1);

    record Step(Sender sender, String event, Map<String, String> fields, Integer end) {
        static Step event(Sender s, String event, String... kv) {
            Map<String, String> f = new LinkedHashMap<>();
            for (int i = 0; i + 1 < kv.length; i += 2) {
                f.put(kv[i], kv[i + 1]);
            }
            return new Step(s, event, f, null);
        }
    }

    /** @param states each service as "name@node State exitCode message", in status order */
    record Case(String name, List<Step> steps, List<String> states) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Step started(Sender s, String service) {
        return Step.event(
                s,
                "service.started",
                "service",
                service,
                "node",
                s.node(),
                "output",
                "/work/hpcenv-42-" + service + "-" + s.node() + ".out");
    }

    static List<Case> cases() {
        return List.of(
                new Case("nothing reported", List.of(), List.of()),
                new Case("started", List.of(started(NODE1, "sampler")), List.of("sampler@nid1 Starting null null")),
                new Case(
                        "ready after its check",
                        List.of(
                                started(NODE1, "sampler"),
                                Step.event(
                                        NODE1, "service.ready", "service", "sampler", "node", "nid1", "seconds", "3")),
                        List.of("sampler@nid1 Ready null ready after 3 s")),
                new Case(
                        "not ready names why, and stays so once stopped",
                        List.of(
                                started(NODE1, "db"),
                                Step.event(
                                        NODE1,
                                        "service.notReady",
                                        "service",
                                        "db",
                                        "node",
                                        "nid1",
                                        "message",
                                        "port 5432 closed after 30 s"),
                                Step.event(
                                        NODE1, "service.stopped", "service", "db", "node", "nid1", "exitCode", "143")),
                        List.of("db@nid1 NotReady 143 port 5432 closed after 30 s")),
                new Case(
                        "an early exit, required, first in the list",
                        List.of(
                                started(NODE1, "agg"),
                                started(NODE2, "agg"),
                                Step.event(
                                        NODE2,
                                        "service.exited",
                                        "service",
                                        "agg",
                                        "node",
                                        "nid2",
                                        "exitCode",
                                        "3",
                                        "required",
                                        "true",
                                        "early",
                                        "true")),
                        List.of(
                                "agg@nid2 Exited 3 required service exited with code 3 while the tasks ran",
                                "agg@nid1 Starting null null")),
                new Case(
                        "an exit after the tasks is a stop",
                        List.of(
                                started(NODE1, "sampler"),
                                Step.event(
                                        NODE1,
                                        "service.exited",
                                        "service",
                                        "sampler",
                                        "node",
                                        "nid1",
                                        "exitCode",
                                        "0",
                                        "required",
                                        "false",
                                        "early",
                                        "false")),
                        List.of("sampler@nid1 Stopped 0 ended on its own with code 0 after the tasks")),
                new Case(
                        "stopped after the tasks",
                        List.of(
                                started(NODE1, "sampler"),
                                Step.event(
                                        NODE1,
                                        "service.stopped",
                                        "service",
                                        "sampler",
                                        "node",
                                        "nid1",
                                        "exitCode",
                                        "0")),
                        List.of("sampler@nid1 Stopped 0 stopped after the tasks")),
                new Case(
                        "a bad exit code is not known",
                        List.of(Step.event(NODE1, "service.stopped", "service", "s", "node", "nid1", "exitCode", "x")),
                        List.of("s@nid1 Stopped null stopped after the tasks")),
                new Case(
                        "an event without a service name changes nothing",
                        List.of(Step.event(NODE1, "service.started", "node", "nid1")),
                        List.of()),
                new Case(
                        "an unknown service event changes nothing",
                        List.of(Step.event(NODE1, "service.paused", "service", "s", "node", "nid1")),
                        List.of()),
                new Case(
                        "a requeued job's services start afresh; the old run's late events are ignored",
                        List.of(
                                started(NODE1, "sampler"),
                                started(NODE1_RUN2, "sampler"),
                                Step.event(
                                        NODE1,
                                        "service.exited",
                                        "service",
                                        "sampler",
                                        "node",
                                        "nid1",
                                        "exitCode",
                                        "1",
                                        "required",
                                        "false",
                                        "early",
                                        "true")),
                        List.of("sampler@nid1 Starting null null")),
                new Case(
                        "a supervisor's end is not a task's",
                        List.of(started(NODE1, "sampler"), new Step(NODE1, null, Map.of(), 3)),
                        List.of("sampler@nid1 Starting null null")),
                new Case(
                        "a task's service-named event is not taken for a supervisor's",
                        List.of(Step.event(TASK0, "container.started")),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void foldsEachCase(Case c) {
        // Given
        NodeReports r = NodeReports.EMPTY;
        // When
        r = fold(r, c.steps());
        // Then
        assertThat(ServiceStates.of(r).stream().map(ServiceFoldTest::line).toList())
                .containsExactlyElementsOf(c.states());
        assertThat(r.tasks().keySet()).allMatch(k -> k.task() >= 0);
    }

    @Test
    void atMost64AreListedWithTheTroubledOnesFirst() {
        // Given
        List<Step> steps = new java.util.ArrayList<>();
        for (int n = 0; n < 70; n++) {
            steps.add(started(Sender.services(String.format("nid%03d", n), 1), "sampler"));
        }
        steps.add(Step.event(
                Sender.services("nid069", 1),
                "service.exited",
                "service",
                "sampler",
                "node",
                "nid069",
                "exitCode",
                "1",
                "required",
                "false",
                "early",
                "true"));
        // When
        List<ServiceState> states = ServiceStates.of(fold(NodeReports.EMPTY, steps));
        // Then
        assertThat(states).hasSize(64);
        assertThat(line(states.get(0))).startsWith("sampler@nid069 Exited 1");
    }

    private static NodeReports fold(NodeReports r, List<Step> steps) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (Step s : steps) {
            r = s.end() != null
                    ? ProgressFold.ended(r, s.sender(), s.end(), t)
                    : ProgressFold.progress(r, s.sender(), new ProgressEvent(s.event(), "", s.fields(), t));
        }
        return r;
    }

    private static String line(ServiceState s) {
        return s.getName() + "@" + s.getNode() + " " + s.getState().wire() + " " + s.getExitCode() + " "
                + s.getMessage();
    }
}

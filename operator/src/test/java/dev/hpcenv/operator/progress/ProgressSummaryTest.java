package dev.hpcenv.operator.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.JobProgress;
import dev.hpcenv.operator.logs.ProgressEvent;
import dev.hpcenv.operator.logs.Sender;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ProgressSummaryTest {

    private static final Sender NODE1_TASK0 = new Sender("node1", 0, 1);
    private static final Sender NODE2_TASK1 = new Sender("node2", 1, 1);

    record Step(Sender sender, String event, Map<String, String> fields, Integer exitCode) {
        static Step event(Sender s, String event, String... kv) {
            Map<String, String> f = new LinkedHashMap<>();
            for (int i = 0; i + 1 < kv.length; i += 2) {
                f.put(kv[i], kv[i + 1]);
            }
            return new Step(s, event, f, null);
        }

        static Step exit(Sender s, int code) {
            return new Step(s, null, Map.of(), code);
        }
    }

    record Case(String name, List<Step> steps, String summary, String imagePhase, Integer percent) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        Step start = Step.event(NODE1_TASK0, "pull.start", "image", "reg/app:1");
        Step bytes = Step.event(
                NODE1_TASK0,
                "pull.bytes",
                "image",
                "reg/app:1",
                "bytesDone",
                "88200000",
                "bytesTotal",
                "210000000",
                "bytesPerSecond",
                "50000000");
        Step started1 = Step.event(NODE1_TASK0, "container.started");
        Step started2 = Step.event(NODE2_TASK1, "container.started");
        return List.of(
                new Case("nothing reported", List.of(), "", null, null),
                new Case("pull begins", List.of(start), "pulling 0 B", "Pulling", null),
                new Case("bytes with a total", List.of(start, bytes), "pulling 42% of 210 MB", "Pulling", 42),
                new Case(
                        "unpacking keeps the size",
                        List.of(start, bytes, Step.event(NODE1_TASK0, "pull.unpack", "image", "reg/app:1")),
                        "unpacking the image",
                        "Unpacking",
                        42),
                new Case(
                        "squashing",
                        List.of(start, Step.event(NODE1_TASK0, "pull.squash", "image", "reg/app:1")),
                        "building the image's Squashfs",
                        "Squashing",
                        null),
                new Case(
                        "done: 100% and the tasks speak",
                        List.of(start, bytes, Step.event(NODE1_TASK0, "pull.done", "image", "reg/app:1"), started1),
                        "1 task running",
                        "Done",
                        100),
                new Case(
                        "failed with the shim's reason",
                        List.of(
                                start,
                                Step.event(
                                        NODE1_TASK0,
                                        "pull.failed",
                                        "image",
                                        "reg/app:1",
                                        "message",
                                        "image reg/app:1 not found in the registry")),
                        "pull failed: image reg/app:1 not found in the registry",
                        "Failed",
                        null),
                new Case(
                        "waiting for another node's pull",
                        List.of(Step.event(NODE1_TASK0, "pull.wait", "image", "reg/app:1")),
                        "waiting for another pull of the image",
                        "Waiting",
                        null),
                new Case("two running", List.of(started1, started2), "2 tasks running", null, null),
                new Case(
                        "one ended, one running",
                        List.of(started1, started2, Step.exit(NODE1_TASK0, 0)),
                        "1 running, 1 task ended",
                        null,
                        null),
                new Case(
                        "both ended, one failed",
                        List.of(started1, started2, Step.exit(NODE1_TASK0, 0), Step.exit(NODE2_TASK1, 3)),
                        "2 tasks ended, 1 failed",
                        null,
                        null),
                new Case(
                        "a requeue starts afresh and old reports are ignored",
                        List.of(
                                started1,
                                Step.exit(NODE1_TASK0, 1),
                                Step.event(new Sender("node2", 0, 2), "container.started"),
                                Step.exit(NODE1_TASK0, 9)),
                        "1 task running",
                        null,
                        null),
                new Case(
                        "numbers past their type and garbage count as unknown",
                        List.of(
                                start,
                                Step.event(
                                        NODE1_TASK0,
                                        "pull.bytes",
                                        "image",
                                        "reg/app:1",
                                        "bytesDone",
                                        "99999999999999999999999",
                                        "bytesTotal",
                                        "-5",
                                        "bytesPerSecond",
                                        "fast")),
                        "pulling 0 B",
                        "Pulling",
                        null),
                new Case(
                        "an event it does not know changes nothing",
                        List.of(started1, Step.event(NODE1_TASK0, "pull.teleport")),
                        "1 task running",
                        null,
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsFoldIntoTheStatusUsersSee(Case c) {
        NodeReports r = NodeReports.EMPTY;
        Instant t = Instant.parse("2026-12-06T12:00:00Z");
        for (Step s : c.steps()) {
            t = t.plusSeconds(1);
            r = s.exitCode() == null
                    ? ProgressFold.progress(r, s.sender(), new ProgressEvent(s.event(), "", s.fields(), t))
                    : ProgressFold.ended(r, s.sender(), s.exitCode(), t);
        }
        JobProgress p = ProgressSummary.of(r);
        assertThat(p.getSummary()).isEqualTo(c.summary());
        if (c.imagePhase() == null) {
            assertThat(p.getImage()).isNull();
        } else {
            assertThat(p.getImage().getPhase()).isEqualTo(c.imagePhase());
            assertThat(p.getImage().getPercent()).isEqualTo(c.percent());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0 B",
        "999, 999 B",
        "1000, 1.0 kB",
        "209715200, 210 MB",
        "1500000000, 1.5 GB",
        "9223372036854775807, 9.2 EB"
    })
    void sizesReadAsRegistriesShowThem(long bytes, String shown) {
        assertThat(ProgressSummary.bytes(bytes)).isEqualTo(shown);
    }

    @org.junit.jupiter.api.Test
    void aThousandTasksKeepTheFirst64AndCountAll() {
        NodeReports r = NodeReports.EMPTY;
        for (int task = 999; task >= 0; task--) {
            Sender s = new Sender("nid" + task / 4, task, 1);
            r = ProgressFold.progress(r, s, new ProgressEvent("container.started", "", Map.of(), Instant.now()));
            r = ProgressFold.ended(r, s, task == 500 ? 1000 : task % 2, Instant.now());
        }
        JobProgress p = ProgressSummary.of(r);
        assertThat(p.getTasks().getItems()).hasSize(64);
        assertThat(p.getTasks().getItems().get(0).getTask()).isZero();
        assertThat(p.getTasks().getStarted()).isEqualTo(1000);
        // Odd tasks fail, and task 500 with a code past 255, which counts as 255.
        assertThat(p.getTasks().getFailed()).isEqualTo(501);
        assertThat(p.getSummary()).isEqualTo("1000 tasks ended, 501 failed");
    }

    @org.junit.jupiter.api.Test
    void aMegabyteReasonIsCutToTheSchemaLimits() {
        String reason = "é".repeat(1_000_000);
        NodeReports r = ProgressFold.progress(
                NodeReports.EMPTY,
                NODE1_TASK0,
                new ProgressEvent("pull.failed", "", Map.of("image", "x", "message", reason), Instant.now()));
        JobProgress p = ProgressSummary.of(r);
        assertThat(p.getImage().getMessage()).hasSizeLessThanOrEqualTo(1024);
        assertThat(p.getSummary()).hasSizeLessThanOrEqualTo(256);
    }
}

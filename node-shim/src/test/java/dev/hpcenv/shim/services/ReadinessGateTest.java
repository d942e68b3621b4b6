package dev.hpcenv.shim.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.error.ExitCode;
import dev.hpcenv.shim.state.RuntimeDirs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadinessGateTest {
    private static final ServiceSpec CHECKED = service("sampler", new ReadyCheck(List.of("t"), null, 20, 1), false);
    private static final ServiceSpec UNCHECKED = service("agg", null, true);

    private static ServiceSpec service(String name, ReadyCheck ready, boolean required) {
        return new ServiceSpec(name, List.of("x"), null, Map.of(), Placement.EVERY_NODE, ready, required, 10, "%x.out");
    }

    private static ReadinessGate gate(Map<String, ServiceRecord> records) {
        return new ReadinessGate(
                List.of(CHECKED, UNCHECKED), "nid001", n -> Optional.ofNullable(records.get(n)), System::nanoTime);
    }

    @Test
    void verdictsByRecord() {
        ReadinessGate g = gate(Map.of());

        assertThat(g.verdict(CHECKED, Optional.of(ServiceRecord.ready(2)), 0)).isTrue();
        assertThat(g.verdict(CHECKED, Optional.empty(), 49))
                .as("within timeout + 30 s")
                .isFalse();
        assertThat(g.verdict(CHECKED, Optional.of(ServiceRecord.exited(0, true, 9)), 3))
                .as("an optional service that was ready and ended changes nothing")
                .isTrue();
        assertThatThrownBy(() -> g.verdict(CHECKED, Optional.empty(), 50))
                .isInstanceOf(ServiceNotReady.class)
                .hasMessage("service sampler on node nid001 not ready after 50s: no word from the node's service"
                        + " supervisor within 50s (its log is the job's output)");
        assertThatThrownBy(() -> g.verdict(
                        CHECKED,
                        Optional.of(ServiceRecord.notReady("the check [\"t\"] did not succeed within 20s", 20)),
                        21))
                .isInstanceOfSatisfying(ServiceNotReady.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.line())
                            .isEqualTo("hpcenv: service sampler on node nid001 not ready after 20s:"
                                    + " the check [\"t\"] did not succeed within 20s");
                });
        assertThatThrownBy(() -> g.verdict(CHECKED, Optional.of(ServiceRecord.exited(126, false, 1)), 1))
                .hasMessage(
                        "service sampler on node nid001 not ready after 1s: it exited with code 126 before it was ready");
    }

    @Test
    void onlyServicesWithACheckAreWaitedFor() throws Exception {
        gate(Map.of("sampler", ServiceRecord.ready(1))).await();
    }

    @Test
    void theTaskWaitsUntilTheRecordSaysReady() throws Exception {
        AtomicLong reads = new AtomicLong();
        ReadinessGate g = new ReadinessGate(
                List.of(CHECKED),
                "n",
                name -> reads.incrementAndGet() < 4 ? Optional.empty() : Optional.of(ServiceRecord.ready(1)),
                System::nanoTime);

        g.await();

        assertThat(reads.get()).isEqualTo(4);
    }

    @Test
    void aJobWithoutServicesHasAnOpenGate(@TempDir Path tmp) throws Exception {
        ReadinessGate.forTask(Map.of(), "n", RuntimeDirs.forUser(tmp, 1)).await();
    }

    @Test
    void recordsRoundTripThroughTheJobDirectory(@TempDir Path tmp) throws Exception {
        JobDirectory dir = new JobDirectory(RuntimeDirs.forUser(tmp, 1), "12_3");
        dir.claim(dev.hpcenv.shim.state.OwnerId.current());
        dir.record("s", ServiceRecord.notReady("why\nnot", 4));

        assertThat(dir.path()).isEqualTo(tmp.resolve("hpcenv-shim-1/jobs/12_3"));
        assertThat(dir.read("s")).contains(new ServiceRecord(ServiceRecord.State.NOT_READY, null, false, "why not", 4));
        assertThat(dir.read("other")).isEmpty();
        dir.record("s", ServiceRecord.exited(3, true, 8));
        assertThat(dir.read("s")).contains(ServiceRecord.exited(3, true, 8));
        assertThat(ServiceRecord.parse("state=bogus\n")).isNull();
        assertThat(ServiceRecord.parse("")).isNull();
        dir.remove();
        assertThat(dir.path()).doesNotExist();
    }
}

package dev.hpcenv.shim.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.process.SystemProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handshake with the namespace's first process, with plain sh children (no namespace needed):
 * the shim goes on only once the child says ready, and a child that never does fails the start
 * with one line instead of hanging it.
 */
class NamespaceGateTest {
    @TempDir
    Path dir;

    private JavaRuntimeProcess start(NamespaceGate gate, List<String> prefix, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(
                "/bin/sh",
                "-c",
                UserNamespaceLauncher.GATE_SCRIPT,
                "sh",
                gate.readyPath().toString(),
                gate.releasePath().toString()));
        cmd.addAll(List.of(command));
        return new JavaRuntimeProcess(new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.out").toFile())
                .start());
    }

    @Test
    void theChildRunsItsCommandOnlyAfterTheShimOpensTheGate() throws Exception {
        Path marker = dir.resolve("ran");
        try (NamespaceGate gate = NamespaceGate.create(new SystemProcessRunner(), dir.resolve("rt"))) {
            JavaRuntimeProcess child = start(gate, List.of(), "/usr/bin/touch", marker.toString());
            gate.awaitReady(child, 10_000);
            assertThat(child.awaitExit(200)).as("parked at the gate").isFalse();
            assertThat(marker).doesNotExist();
            gate.open();
            assertThat(child.waitFor()).isZero();
            assertThat(marker).exists();
        }
        assertThat(dir.resolve("rt.ready")).doesNotExist();
        assertThat(dir.resolve("rt.gate")).doesNotExist();
    }

    @Test
    void aChildThatEndsBeforeItIsReadyFailsTheStartAtOnce() throws Exception {
        try (NamespaceGate gate = NamespaceGate.create(new SystemProcessRunner(), dir.resolve("rt"))) {
            // as when unshare --user is refused: the script never runs
            JavaRuntimeProcess child = new JavaRuntimeProcess(new ProcessBuilder("/bin/false").start());
            long start = System.nanoTime();
            assertThatThrownBy(() -> gate.awaitReady(child, 30_000))
                    .isInstanceOf(ShimException.class)
                    .hasMessageContaining("ended before it was ready");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
                    .isLessThan(10);
        }
    }

    @Test
    void aChildThatIsNeverReadyFailsTheStartAfterTheDeadline() throws Exception {
        try (NamespaceGate gate = NamespaceGate.create(new SystemProcessRunner(), dir.resolve("rt"))) {
            JavaRuntimeProcess child = new JavaRuntimeProcess(new ProcessBuilder("sleep", "60").start());
            try {
                assertThatThrownBy(() -> gate.awaitReady(child, 300))
                        .isInstanceOf(ShimException.class)
                        .hasMessageContaining("not ready within");
            } finally {
                child.kill();
                child.waitFor();
            }
        }
    }

    @Test
    void theChildReadsEndOfFileAndExitsWhenTheShimGoesAwayWithoutOpeningTheGate() throws Exception {
        Path marker = dir.resolve("ran");
        JavaRuntimeProcess child;
        try (NamespaceGate gate = NamespaceGate.create(new SystemProcessRunner(), dir.resolve("rt"))) {
            child = start(gate, List.of(), "/usr/bin/touch", marker.toString());
            gate.awaitReady(child, 10_000);
        }
        assertThat(child.waitFor()).isEqualTo(125);
        assertThat(marker).doesNotExist();
        assertThat(Files.exists(dir.resolve("rt.gate"))).isFalse();
    }
}

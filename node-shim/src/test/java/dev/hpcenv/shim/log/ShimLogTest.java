package dev.hpcenv.shim.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShimLogTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void captureStderr() {
        original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        ShimLog.setInteractive(false);
    }

    @AfterEach
    void restore() {
        System.setErr(original);
        ShimLog.showProgress(false);
        ShimLog.setProgressSink(null);
    }

    @Test
    void progressStaysOutOfStderrUnlessAskedButTheSinkGetsEveryEvent() {
        List<String> seen = new ArrayList<>();
        ShimLog.setProgressSink((event, human, fields) -> seen.add(event + " " + fields));
        ShimLog.progress("pull.done", "stored x", "image", "reg/x:1", "bytes", 42);
        ShimLog.warn("store.unusable", "EDF_IMAGESTORE is not writable", "path", "/x");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .doesNotContain("pull.done")
                .contains("event=store.unusable");
        assertThat(seen).containsExactly("pull.done {image=reg/x:1, bytes=42}");

        ShimLog.showProgress(true);
        ShimLog.progress("pull.done", "stored x", "image", "reg/ünï:1");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("hpcenv-shim level=info event=pull.done image=reg/ünï:1");
    }
}

package dev.hpcenv.shim.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.support.CapturedStderr;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ShimLogTest {
    @RegisterExtension
    final CapturedStderr stderr = new CapturedStderr();

    @Test
    void progressStaysOutOfStderrUnlessAskedButTheSinkGetsEveryEvent() {
        List<String> seen = new ArrayList<>();
        ShimLog.setProgressSink((event, human, fields) -> seen.add(event + " " + fields));
        ShimLog.progress("pull.done", "stored x", "image", "reg/x:1", "bytes", 42);
        ShimLog.warn("store.unusable", "EDF_IMAGESTORE is not writable", "path", "/x");
        assertThat(stderr.text()).doesNotContain("pull.done").contains("event=store.unusable");
        assertThat(seen).containsExactly("pull.done {image=reg/x:1, bytes=42}");

        ShimLog.showProgress(true);
        ShimLog.progress("pull.done", "stored x", "image", "reg/ünï:1");
        assertThat(stderr.text()).contains("hpcenv-shim level=info event=pull.done image=reg/ünï:1");
    }
}

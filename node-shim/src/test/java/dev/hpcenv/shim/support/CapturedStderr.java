package dev.hpcenv.shim.support;

import dev.hpcenv.shim.log.ShimLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The shim's stderr during one test, in its structured (non-interactive) form, and ShimLog's
 * switches put back afterwards: {@code @RegisterExtension final CapturedStderr stderr = new CapturedStderr();}.
 */
public final class CapturedStderr implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream original;

    @Override
    public void beforeEach(ExtensionContext context) {
        err.reset();
        original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        ShimLog.setInteractive(false);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setErr(original);
        ShimLog.showProgress(false);
        ShimLog.setProgressSink(null);
    }

    /** What the test wrote to stderr so far. */
    public String text() {
        return err.toString(StandardCharsets.UTF_8);
    }
}

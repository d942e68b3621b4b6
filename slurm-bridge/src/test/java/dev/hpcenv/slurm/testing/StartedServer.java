package dev.hpcenv.slurm.testing;

import java.io.IOException;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh MockWebServer for each test, started on a free port before it and closed after it:
 * {@code @RegisterExtension final StartedServer started = new StartedServer();} then {@code started.server()}.
 */
public final class StartedServer implements BeforeEachCallback, AfterEachCallback {
    private final MockWebServer server = new MockWebServer();

    public MockWebServer server() {
        return server;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server.start(0);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
    }
}

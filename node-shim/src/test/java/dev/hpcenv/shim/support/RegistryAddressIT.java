package dev.hpcenv.shim.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test registry ({@link TestRegistry}) can listen on an address other than 127.0.0.1, as the
 * nodes of the multi-node local Slurm need (they reach the host at its bridge address only);
 * 127.0.0.2, which every Linux host has on loopback, stands in for that address here. (Not named
 * TestRegistryIT: surefire runs Test*.java as unit tests.)
 */
class RegistryAddressIT {

    @Test
    void listensOnTheAddressItIsGivenAndNamesItInItsAddress(@TempDir Path dir) throws Exception {
        try (TestRegistry registry = TestRegistry.start(dir.resolve("registry"), "127.0.0.2")) {
            assertThat(registry.address()).matches("127\\.0\\.0\\.2:\\d+");
            String port = registry.address().substring(registry.address().indexOf(':') + 1);
            assertThat(status("127.0.0.2:" + port)).isEqualTo(200);
            assertThat(status("127.0.0.1:" + port)).as("nothing on 127.0.0.1").isEqualTo(-1);
        }
    }

    private static int status(String hostPort) {
        try {
            HttpURLConnection c = (HttpURLConnection)
                    URI.create("http://" + hostPort + "/v2/").toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            return c.getResponseCode();
        } catch (IOException e) {
            return -1;
        }
    }
}

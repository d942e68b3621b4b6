package dev.hpcenv.kube.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The tests' own CRDs (src/test/resources/embedded): Widget (namespaced, columns, status) and Gadget (cluster). */
public final class TestCrds {

    public static final String GROUP = "test.hpcenv.dev";

    private TestCrds() {}

    public static ObjectNode widgets() {
        return load("embedded/widgets.test.hpcenv.dev-v1.yml");
    }

    public static ObjectNode gadgets() {
        return load("embedded/gadgets.test.hpcenv.dev-v1.yml");
    }

    public static List<ObjectNode> all() {
        return List.of(widgets(), gadgets());
    }

    private static ObjectNode load(String resource) {
        try (InputStream in = TestCrds.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return CrdDocuments.fromYaml(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

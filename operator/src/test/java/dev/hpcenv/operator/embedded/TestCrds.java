package dev.hpcenv.operator.embedded;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The tests' own CRDs (src/test/resources/embedded): Widget (namespaced, columns, status) and Gadget (cluster). */
public final class TestCrds {

    public static final String GROUP = "test.hpcenv.dev";

    private TestCrds() {
    }

    public static CustomResourceDefinition widgets() {
        return load("embedded/widgets.test.hpcenv.dev-v1.yml");
    }

    public static CustomResourceDefinition gadgets() {
        return load("embedded/gadgets.test.hpcenv.dev-v1.yml");
    }

    public static List<CustomResourceDefinition> all() {
        return List.of(widgets(), gadgets());
    }

    private static CustomResourceDefinition load(String resource) {
        try (InputStream in = TestCrds.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

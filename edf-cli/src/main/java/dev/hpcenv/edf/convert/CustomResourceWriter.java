package dev.hpcenv.edf.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.crd.CrdConstants;
import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes environment resources as a YAML stream for {@code kubectl apply -f -}. */
public final class CustomResourceWriter {
    private CustomResourceWriter() {}

    public static String write(List<EnvironmentResource> resources) {
        StringBuilder out = new StringBuilder();
        for (EnvironmentResource r : resources) {
            if (out.length() > 0) {
                out.append("---\n");
            }
            out.append(write(r));
        }
        return out.toString();
    }

    public static String write(EnvironmentResource resource) {
        ObjectNode root = Yaml.MAPPER.createObjectNode();
        root.put("apiVersion", CrdConstants.API_VERSION);
        root.put("kind", resource.kind().wire());
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("name", resource.name());
        if (resource.namespace() != null && resource.kind() == EnvironmentKind.HPC_ENVIRONMENT) {
            metadata.put("namespace", resource.namespace());
        }
        root.set("spec", Yaml.MAPPER.valueToTree(resource.spec()));
        try {
            return Yaml.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            // Only strings, booleans, lists and maps are written: this cannot fail on user input.
            throw new UncheckedIOException(e);
        }
    }
}

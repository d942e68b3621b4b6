package dev.hpcenv.kube.embedded;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * CustomResourceDefinitions handed to the API as YAML or JSON text (one or several documents, as
 * {@code kubectl apply -f} takes them): the form callers give {@link EmbeddedKubernetesApi#withCrds}.
 */
public final class CrdDocuments {

    static final String API_VERSION = "apiextensions.k8s.io/v1";
    static final String KIND = "CustomResourceDefinition";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private CrdDocuments() {}

    /**
     * Every {@code apiextensions.k8s.io/v1} CustomResourceDefinition in {@code text} (YAML is a superset
     * of JSON); other documents are skipped. {@code source} names the text in errors.
     *
     * @throws IllegalArgumentException if the text is not YAML
     */
    public static List<ObjectNode> fromYaml(String source, String text) {
        List<ObjectNode> crds = new ArrayList<>();
        try (JsonParser parser = YAML.createParser(text);
                MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class)) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                if (isCrd(document)) {
                    crds.add((ObjectNode) document);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    source + ": not a YAML document: " + firstLine(e.getMessage())
                            + " (hand over CustomResourceDefinitions as kubectl apply -f takes them)",
                    e);
        }
        return crds;
    }

    /** Whether a document is an {@code apiextensions.k8s.io/v1} CustomResourceDefinition. */
    static boolean isCrd(JsonNode document) {
        return document != null
                && document.isObject()
                && API_VERSION.equals(document.path("apiVersion").asText())
                && KIND.equals(document.path("kind").asText());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

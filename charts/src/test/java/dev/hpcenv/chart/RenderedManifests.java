package dev.hpcenv.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The objects of one `helm template` output, each parsed into its fabric8 model class (SlurmCluster
 * into the project's own model). An object no model class knows is an error: it would mean a typo in
 * apiVersion or kind that only the API server would otherwise catch.
 */
final class RenderedManifests {
    private static final ObjectMapper YAML = new YAMLMapper();

    private final List<HasMetadata> objects;
    private final List<JsonNode> documents;

    private RenderedManifests(List<HasMetadata> objects, List<JsonNode> documents) {
        this.objects = List.copyOf(objects);
        this.documents = List.copyOf(documents);
    }

    static RenderedManifests parse(String rendered) {
        KubernetesSerialization serialization = new KubernetesSerialization();
        serialization.registerKubernetesResource(SlurmCluster.class);
        List<HasMetadata> objects = new ArrayList<>();
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(rendered)) {
            int index = 0;
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                index++;
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                KubernetesResource parsed = serialization.unmarshal(doc.toString());
                if (!(parsed instanceof HasMetadata object) || parsed instanceof GenericKubernetesResource) {
                    throw new AssertionError("rendered document " + index + " ("
                            + doc.path("apiVersion").asText() + " "
                            + doc.path("kind").asText() + ") is not a kind the fabric8 model knows");
                }
                objects.add(object);
                documents.add(doc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered manifests are not YAML", e);
        }
        return new RenderedManifests(objects, documents);
    }

    /** The rendered documents of one kind, as YAML text (for schema validation). */
    List<String> documentsOfKind(String kind) {
        return documents.stream()
                .filter(d -> kind.equals(d.path("kind").asText()))
                .map(d -> {
                    try {
                        return YAML.writeValueAsString(d);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
    }

    List<HasMetadata> all() {
        return objects;
    }

    <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T single(Class<T> type) {
        List<T> found = ofType(type);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return ofType(type).stream()
                .filter(o -> name.equals(o.getMetadata().getName()))
                .findFirst();
    }

    /** "Kind/namespace/name" (namespace empty for cluster-scoped objects), in rendering order. */
    List<String> identities() {
        return objects.stream()
                .map(o -> o.getKind() + "/"
                        + Optional.ofNullable(o.getMetadata().getNamespace()).orElse("") + "/"
                        + o.getMetadata().getName())
                .toList();
    }
}

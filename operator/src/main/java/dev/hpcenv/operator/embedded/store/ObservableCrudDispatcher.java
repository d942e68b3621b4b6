package dev.hpcenv.operator.embedded.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;

import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * fabric8's CRUD dispatcher (the object store) with every committed change reported, in order, to
 * one listener. The mock delivers watch events only over WebSockets and replays the whole store on
 * each watch; reporting changes here lets the embedded API stream watches over HTTP (what kubectl
 * uses) and resume them from a resourceVersion.
 *
 * <p>{@link #processEvent} runs under the dispatcher's write lock, so the listener sees changes in
 * resourceVersion order and must not block.
 */
public final class ObservableCrudDispatcher extends KubernetesCrudDispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<StoredChange> listener;

    public ObservableCrudDispatcher(Consumer<StoredChange> listener) {
        this.listener = listener;
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String newState) {
        String existing = oldAttributes == null ? null : map.get(oldAttributes);
        if (oldAttributes == null && resource != null && newState != null) {
            // A create. The mock numbers UIDs 1, 2, 3... from zero in every JVM, so an object created
            // after a restart would reuse the UID of an earlier one; the operator keys Slurm jobs by UID.
            resource.getMetadata().setUid(UUID.randomUUID().toString());
            newState = Serialization.asJson(resource);
        }
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        if (Objects.equals(existing, newState)) {
            return;
        }
        String group = value(pathAttributes, KubernetesAttributesExtractor.API);
        String version = value(pathAttributes, KubernetesAttributesExtractor.VERSION);
        String plural = value(pathAttributes, KubernetesAttributesExtractor.PLURAL);
        if (newState == null) {
            ObjectNode gone = (ObjectNode) parse(existing);
            long deletionVersion = requestResourceVersion();
            ((ObjectNode) gone.path("metadata")).put("resourceVersion", String.valueOf(deletionVersion));
            listener.accept(new StoredChange(ChangeType.DELETED, group, version, plural, deletionVersion, gone,
                    parse(existing)));
            return;
        }
        JsonNode object = parse(newState);
        long objectVersion = Long.parseLong(object.path("metadata").path("resourceVersion").asText("0"));
        listener.accept(new StoredChange(existing == null ? ChangeType.ADDED : ChangeType.MODIFIED,
                group, version, plural, objectVersion, object, existing == null ? null : parse(existing)));
    }

    private static String value(AttributeSet attributes, String key) {
        Attribute attribute = attributes == null ? null : attributes.getAttribute(key);
        if (attribute == null || attribute.getValues().isEmpty()) {
            return "";
        }
        return String.valueOf(attribute.getValues().iterator().next());
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

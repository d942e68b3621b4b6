package dev.hpcenv.kube.embedded.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.discovery.BuiltInResources;
import dev.hpcenv.kube.embedded.select.FieldSelector;
import dev.hpcenv.kube.embedded.select.LabelSelector;
import dev.hpcenv.kube.embedded.store.ChangeType;
import dev.hpcenv.kube.embedded.store.StoredChange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchHubTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WatchQuery SECRETS_IN_A =
            new WatchQuery(BuiltInResources.SECRETS, "a", FieldSelector.everything(), LabelSelector.everything());

    private static ObjectNode object(String namespace, String name, String label) {
        ObjectNode metadata = JSON.createObjectNode()
                .put("namespace", namespace)
                .put("name", name)
                .put("resourceVersion", "0");
        if (label != null) {
            metadata.putObject("labels").put("app", label);
        }
        return (ObjectNode) JSON.createObjectNode().set("metadata", metadata);
    }

    private static StoredChange secret(long version, String namespace, String name) {
        ObjectNode object = object(namespace, name, null);
        ((ObjectNode) object.get("metadata")).put("resourceVersion", String.valueOf(version));
        return new StoredChange(ChangeType.MODIFIED, "", "v1", "secrets", version, object, object);
    }

    private static List<Long> versions(List<WatchEvent> events) {
        return events.stream()
                .map(e -> e.object().at("/metadata/resourceVersion").asLong())
                .toList();
    }

    @Test
    void replaysChangesAfterTheRequestedVersionThenStreamsNewOnes() throws Exception {
        // Given
        WatchHub hub = new WatchHub(100);
        hub.publish(secret(1, "a", "s"));
        hub.publish(secret(2, "a", "s"));
        hub.publish(secret(3, "b", "s"));
        List<WatchEvent> received = new ArrayList<>();
        // When
        hub.subscribe(SECRETS_IN_A, 1, received::add);
        hub.publish(secret(4, "a", "t"));
        // Then
        assertThat(versions(received)).containsExactly(2L, 4L);
    }

    @Test
    void ignoresOtherKinds() throws Exception {
        WatchHub hub = new WatchHub(100);
        List<WatchEvent> received = new ArrayList<>();
        hub.subscribe(SECRETS_IN_A, 0, received::add);

        hub.publish(new StoredChange(ChangeType.ADDED, "", "v1", "configmaps", 1, object("a", "s", null), null));

        assertThat(received).isEmpty();
    }

    @Test
    void objectsEnteringOrLeavingALabelSelectionAreAddedOrDeleted() throws Exception {
        // Given
        WatchHub hub = new WatchHub(100);
        WatchQuery labelled = new WatchQuery(
                BuiltInResources.SECRETS, null, FieldSelector.everything(), LabelSelector.parse("app=hpcenv"));
        List<WatchEvent> received = new ArrayList<>();
        hub.subscribe(labelled, 0, received::add);
        // When
        hub.publish(new StoredChange(
                ChangeType.MODIFIED, "", "v1", "secrets", 1, object("a", "s", "hpcenv"), object("a", "s", null)));
        hub.publish(new StoredChange(
                ChangeType.MODIFIED, "", "v1", "secrets", 2, object("a", "s", "hpcenv"), object("a", "s", "hpcenv")));
        hub.publish(new StoredChange(
                ChangeType.MODIFIED, "", "v1", "secrets", 3, object("a", "s", "other"), object("a", "s", "hpcenv")));
        hub.publish(new StoredChange(
                ChangeType.DELETED, "", "v1", "secrets", 4, object("a", "s", "other"), object("a", "s", "other")));
        // Then
        assertThat(received)
                .extracting(WatchEvent::type)
                .containsExactly(ChangeType.ADDED, ChangeType.MODIFIED, ChangeType.DELETED);
    }

    @Test
    void stopsDeliveringWhenClosed() throws Exception {
        WatchHub hub = new WatchHub(100);
        List<WatchEvent> received = new ArrayList<>();
        WatchHub.Subscription subscription = hub.subscribe(SECRETS_IN_A, 0, received::add);

        subscription.close();
        hub.publish(secret(1, "a", "s"));

        assertThat(received).isEmpty();
        assertThat(hub.openWatches()).isZero();
    }

    @Test
    void refusesVersionsOlderThanTheHistoryKeeps() {
        WatchHub hub = new WatchHub(2);
        for (long v = 1; v <= 5; v++) {
            hub.publish(secret(v, "a", "s"));
        }

        assertThatThrownBy(() -> hub.subscribe(SECRETS_IN_A, 2, c -> {}))
                .isInstanceOf(ResourceVersionExpiredException.class)
                .hasMessageContaining("too old resource version: 2");
    }
}

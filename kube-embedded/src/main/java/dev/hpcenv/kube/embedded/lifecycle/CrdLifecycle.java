package dev.hpcenv.kube.embedded.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;

/**
 * CustomResourceDefinitions are usable the moment they are stored, so their status says so at once:
 * {@code Established} and {@code NamesAccepted} true, accepted names and stored versions filled in.
 * Scripts that run {@code kubectl wait --for=condition=Established crd/...} then work unchanged.
 */
public final class CrdLifecycle {

    private final Clock clock;

    public CrdLifecycle(Clock clock) {
        this.clock = clock;
    }

    public ObjectNode markEstablished(ObjectNode crd) {
        ObjectNode status = crd.putObject("status");
        JsonNode names = crd.path("spec").path("names");
        if (names.isObject()) {
            status.set("acceptedNames", names.deepCopy());
        }
        ArrayNode stored = status.putArray("storedVersions");
        crd.path("spec").path("versions").forEach(version -> {
            if (version.path("storage").asBoolean(false)) {
                stored.add(version.path("name").asText());
            }
        });
        ArrayNode conditions = status.putArray("conditions");
        String now = clock.instant()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        conditions
                .addObject()
                .put("type", "NamesAccepted")
                .put("status", "True")
                .put("reason", "NoConflicts")
                .put("message", "no conflicts found")
                .put("lastTransitionTime", now);
        conditions
                .addObject()
                .put("type", "Established")
                .put("status", "True")
                .put("reason", "InitialNamesAccepted")
                .put("message", "the initial names have been accepted")
                .put("lastTransitionTime", now);
        return crd;
    }
}

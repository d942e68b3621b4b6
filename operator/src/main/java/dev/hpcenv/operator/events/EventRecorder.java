package dev.hpcenv.operator.events;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Records a Kubernetes Event about a resource, for {@code kubectl describe}. Never throws. */
public interface EventRecorder {

    enum Type {
        Normal,
        Warning
    }

    void record(HasMetadata about, Type type, String reason, String message);

    /** For tests and tools that want no events. */
    EventRecorder NONE = (about, type, reason, message) -> {};
}

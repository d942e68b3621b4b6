package dev.hpcenv.operator.testing;

import dev.hpcenv.operator.events.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the events a reconciler records. */
public final class RecordingEvents implements EventRecorder {

    public record Recorded(String name, Type type, String reason, String message) {}

    private final List<Recorded> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(HasMetadata about, Type type, String reason, String message) {
        events.add(new Recorded(about.getMetadata().getName(), type, reason, message));
    }

    public List<String> reasons() {
        return events.stream().map(Recorded::reason).toList();
    }

    public List<Recorded> all() {
        return List.copyOf(events);
    }
}

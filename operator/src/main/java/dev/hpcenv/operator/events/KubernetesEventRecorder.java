package dev.hpcenv.operator.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events. Events of cluster-scoped kinds go to namespace {@code default}, as the
 * Kubernetes controllers do. A failure to record is logged and dropped: an event is a courtesy, and
 * must never fail or retry a reconcile.
 */
public final class KubernetesEventRecorder implements EventRecorder {

    static final String COMPONENT = "hpcenv-operator";
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventRecorder.class);
    private static final int MAX_MESSAGE = 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final Clock clock;
    private final String eventsBase;

    public KubernetesEventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
        String master = client.getMasterUrl().toString();
        this.eventsBase =
                (master.endsWith("/") ? master.substring(0, master.length() - 1) : master) + "/api/v1/namespaces/";
    }

    @Override
    public void record(HasMetadata about, Type type, String reason, String message) {
        String namespace = about.getMetadata().getNamespace() == null
                ? "default"
                : about.getMetadata().getNamespace();
        try {
            HttpRequest request = client.getHttpClient()
                    .newHttpRequestBuilder()
                    .uri(eventsBase + URLEncoder.encode(namespace, StandardCharsets.UTF_8) + "/events")
                    .post("application/json", body(about, namespace, type, reason, message))
                    .build();
            HttpResponse<String> response =
                    client.getHttpClient().sendAsync(request, String.class).get();
            if (!response.isSuccessful()) {
                LOG.warn(
                        "event not recorded: kind={} name={} reason={} error=HTTP {}",
                        about.getKind(),
                        about.getMetadata().getName(),
                        reason,
                        response.code());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn(
                    "event not recorded: kind={} name={} reason={} error={}",
                    about.getKind(),
                    about.getMetadata().getName(),
                    reason,
                    e.getClass().getSimpleName());
        }
    }

    /**
     * The core/v1 Event as JSON, written directly: a burst of submissions records one Event per
     * HpcJob, and the typed builder, its serialisation and the parsing of the answer (which nobody
     * reads) cost as much as the write itself.
     */
    String body(HasMetadata about, String namespace, Type type, String reason, String message) {
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
        ObjectNode event = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Event");
        event.putObject("metadata")
                .put(
                        "name",
                        about.getMetadata().getName() + "."
                                + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT))
                .put("namespace", namespace);
        ObjectNode involved = event.putObject("involvedObject")
                .put("apiVersion", about.getApiVersion())
                .put("kind", about.getKind())
                .put("name", about.getMetadata().getName());
        if (about.getMetadata().getNamespace() != null) {
            involved.put("namespace", about.getMetadata().getNamespace());
        }
        involved.put("uid", about.getMetadata().getUid());
        event.put("type", type.name())
                .put("reason", reason)
                .put("message", text)
                .put("firstTimestamp", now)
                .put("lastTimestamp", now)
                .put("count", 1);
        event.putObject("source").put("component", COMPONENT);
        return event.toString();
    }
}

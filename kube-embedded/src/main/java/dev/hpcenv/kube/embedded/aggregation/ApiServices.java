package dev.hpcenv.kube.embedded.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpcenv.kube.embedded.discovery.BuiltInResources;
import dev.hpcenv.kube.embedded.discovery.ResourceType;
import dev.hpcenv.kube.embedded.store.KindKey;
import dev.hpcenv.kube.embedded.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stored {@code apiregistration.k8s.io/v1} APIServices with a {@code spec.service}: which
 * request paths they take ({@code /apis/<group>/<version>} and below) and where those go, resolved
 * at each request as the aggregator does with {@code --enable-aggregator-routing}: the Service's port
 * {@code spec.service.port} (default 443), then a ready address and the port of the same name in the
 * Service's EndpointSlices (label {@code kubernetes.io/service-name}) or, without any, its Endpoints.
 * An APIService without a service is served locally, as on a cluster.
 */
public final class ApiServices {

    private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final ObjectStore store;

    public ApiServices(ObjectStore store) {
        this.store = store;
    }

    /** The route of a request path, or empty when no APIService with a service takes it. */
    public Optional<AggregatedRoute> route(String path) {
        String[] parts = path.replaceAll("^/+", "").split("/");
        if (parts.length < 3 || !parts[0].equals("apis")) {
            return Optional.empty();
        }
        String name = parts[2] + "." + parts[1];
        return list(BuiltInResources.API_SERVICES, null).stream()
                .filter(service ->
                        service.path("metadata").path("name").asText().equals(name))
                .filter(service -> service.path("spec").path("service").isObject())
                .findFirst()
                .map(this::resolve);
    }

    /** Groups and versions of the APIServices with a service, versions by versionPriority (highest first). */
    public Map<String, List<String>> groups() {
        List<JsonNode> services = new ArrayList<>(list(BuiltInResources.API_SERVICES, null));
        services.removeIf(service -> !service.path("spec").path("service").isObject()
                || service.path("spec").path("group").asText().isEmpty()
                || service.path("spec").path("version").asText().isEmpty());
        services.sort(Comparator.comparingInt(
                        (JsonNode s) -> -s.path("spec").path("versionPriority").asInt(0))
                .thenComparing(s -> s.path("spec").path("version").asText()));
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (JsonNode service : services) {
            List<String> versions =
                    groups.computeIfAbsent(service.path("spec").path("group").asText(), g -> new ArrayList<>());
            String version = service.path("spec").path("version").asText();
            if (!versions.contains(version)) {
                versions.add(version);
            }
        }
        return groups;
    }

    private AggregatedRoute resolve(JsonNode apiService) {
        String apiServiceName = apiService.path("metadata").path("name").asText();
        JsonNode spec = apiService.path("spec");
        JsonNode reference = spec.path("service");
        String namespace = reference.path("namespace").asText("");
        String serviceName = reference.path("name").asText("");
        int port = reference.path("port").asInt(443);
        String where = "APIService " + apiServiceName + ": service \"" + namespace + "/" + serviceName + "\"";
        Optional<JsonNode> service = list(BuiltInResources.SERVICES, namespace).stream()
                .filter(s -> s.path("metadata").path("name").asText().equals(serviceName))
                .findFirst();
        if (service.isEmpty()) {
            return new AggregatedRoute.Unavailable(where + " not found");
        }
        Optional<String> portName = portName(service.get(), port);
        if (portName.isEmpty()) {
            return new AggregatedRoute.Unavailable(where + " has no port " + port);
        }
        boolean insecure = spec.path("insecureSkipTLSVerify").asBoolean(false);
        String caBundle;
        try {
            caBundle = insecure
                    ? ""
                    : new String(
                            Base64.getDecoder().decode(spec.path("caBundle").asText("")), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new AggregatedRoute.Unavailable(
                    "APIService " + apiServiceName + ": spec.caBundle is not base64 (" + e.getMessage() + ")");
        }
        if (!insecure && caBundle.isBlank()) {
            return new AggregatedRoute.Unavailable(
                    "APIService " + apiServiceName + ": no spec.caBundle and insecureSkipTLSVerify is not set");
        }
        String serverName = serviceName + "." + namespace + ".svc";
        Optional<Address> address = fromSlices(namespace, serviceName, portName.get())
                .or(() -> fromEndpoints(namespace, serviceName, portName.get()));
        return address.<AggregatedRoute>map(
                        a -> new AggregatedRoute.Proxy(new Backend(a.ip(), a.port(), serverName, caBundle, insecure)))
                .orElseGet(() -> new AggregatedRoute.Unavailable(where + " has no ready endpoint for port " + port));
    }

    private record Address(String ip, int port) {}

    private static Optional<String> portName(JsonNode service, int port) {
        for (JsonNode entry : service.path("spec").path("ports")) {
            if (entry.path("port").asInt(-1) == port) {
                return Optional.of(entry.path("name").asText(""));
            }
        }
        return Optional.empty();
    }

    private Optional<Address> fromSlices(String namespace, String service, String portName) {
        for (JsonNode slice : list(BuiltInResources.ENDPOINT_SLICES, namespace)) {
            if (!slice.path("metadata")
                    .path("labels")
                    .path(SERVICE_NAME_LABEL)
                    .asText()
                    .equals(service)) {
                continue;
            }
            Optional<Integer> port = port(slice.path("ports"), portName);
            if (port.isEmpty()) {
                continue;
            }
            for (JsonNode endpoint : slice.path("endpoints")) {
                boolean ready = endpoint.path("conditions").path("ready").asBoolean(true);
                JsonNode addresses = endpoint.path("addresses");
                if (ready && addresses.isArray() && !addresses.isEmpty()) {
                    return Optional.of(new Address(addresses.get(0).asText(), port.get()));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Address> fromEndpoints(String namespace, String service, String portName) {
        for (JsonNode endpoints : list(BuiltInResources.ENDPOINTS, namespace)) {
            if (!endpoints.path("metadata").path("name").asText().equals(service)) {
                continue;
            }
            for (JsonNode subset : endpoints.path("subsets")) {
                Optional<Integer> port = port(subset.path("ports"), portName);
                JsonNode addresses = subset.path("addresses");
                if (port.isPresent() && addresses.isArray() && !addresses.isEmpty()) {
                    return Optional.of(new Address(addresses.get(0).path("ip").asText(), port.get()));
                }
            }
        }
        return Optional.empty();
    }

    // A Service port's endpoints carry the same name ("" for a single unnamed port).
    private static Optional<Integer> port(JsonNode ports, String name) {
        for (JsonNode port : ports) {
            if (port.path("name").asText("").equals(name) && port.path("port").canConvertToInt()) {
                return Optional.of(port.path("port").asInt());
            }
        }
        return Optional.empty();
    }

    private List<JsonNode> list(ResourceType type, String namespace) {
        return store.list(new KindKey(type.group(), type.version(), type.plural()), namespace)
                .items();
    }
}

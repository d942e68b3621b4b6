package dev.hpcenv.kube.embedded.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every kind the API serves: the built-in ones plus one per served version of each stored CRD.
 * The list is rebuilt from the stored CRDs after any CRD changes ({@link #invalidate()}), so a CRD
 * applied at run time is discoverable at once.
 */
public final class ResourceCatalog {

    private final Supplier<List<? extends JsonNode>> storedCrds;
    private final AtomicLong changes = new AtomicLong();
    private volatile List<ResourceType> cached;

    public ResourceCatalog(Supplier<List<? extends JsonNode>> storedCrds) {
        this.storedCrds = storedCrds;
    }

    public List<ResourceType> all() {
        List<ResourceType> types = cached;
        if (types == null) {
            // A CRD change during the rebuild must not leave the stale result cached.
            long before = changes.get();
            List<ResourceType> built = new ArrayList<>(BuiltInResources.ALL);
            for (JsonNode crd : storedCrds.get()) {
                built.addAll(fromCrd(crd));
            }
            types = List.copyOf(built);
            if (changes.get() == before) {
                cached = types;
            }
        }
        return types;
    }

    /** Forgets the cached kinds; called whenever a CRD is created, changed or deleted. */
    public void invalidate() {
        changes.incrementAndGet();
        cached = null;
    }

    public Optional<ResourceType> find(String group, String version, String plural) {
        return all().stream()
                .filter(t -> t.group().equals(group)
                        && t.version().equals(version)
                        && t.plural().equals(plural))
                .findFirst();
    }

    /** The types a CRD defines: one per served version; none for a CRD {@link CrdShape} refuses. */
    public static List<ResourceType> fromCrd(JsonNode crd) {
        if (!CrdShape.violations(crd).isEmpty()) {
            return List.of(); // refused on every write path; a stored one must not break discovery
        }
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        String kind = names.path("kind").asText();
        boolean namespaced = "Namespaced".equals(spec.path("scope").asText());
        List<ResourceType> types = new ArrayList<>();
        for (JsonNode version : spec.path("versions")) {
            if (version.path("served").isBoolean() && !version.path("served").asBoolean()) {
                continue;
            }
            boolean status = version.path("subresources").path("status").isObject();
            types.add(new ResourceType(
                    spec.path("group").asText(),
                    version.path("name").asText(),
                    names.path("plural").asText(),
                    text(names.get("singular"), kind.toLowerCase(Locale.ROOT)),
                    kind,
                    namespaced,
                    strings(names.path("shortNames")),
                    strings(names.path("categories")),
                    status,
                    columns(version),
                    schema(version)));
        }
        return types;
    }

    private static List<ResourceType.ColumnDefinition> columns(JsonNode version) {
        List<ResourceType.ColumnDefinition> columns = new ArrayList<>();
        for (JsonNode c : version.path("additionalPrinterColumns")) {
            columns.add(new ResourceType.ColumnDefinition(
                    c.path("name").asText(),
                    c.path("type").asText(),
                    text(c.get("description"), ""),
                    c.path("priority").asInt(0),
                    c.path("jsonPath").asText()));
        }
        return columns;
    }

    private static JsonNode schema(JsonNode version) {
        JsonNode schema = version.path("schema").path("openAPIV3Schema");
        return schema.isObject() ? schema : null;
    }

    private static String text(JsonNode node, String absent) {
        return node == null || node.isNull() ? absent : node.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}

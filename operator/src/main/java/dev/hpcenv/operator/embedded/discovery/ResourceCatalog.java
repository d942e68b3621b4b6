package dev.hpcenv.operator.embedded.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every kind the API serves: the built-in ones plus one per served version of each stored CRD.
 * The list is rebuilt from the stored CRDs after any CRD changes ({@link #invalidate()}), so a CRD
 * applied at run time is discoverable at once.
 */
public final class ResourceCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<List<CustomResourceDefinition>> storedCrds;
    private final AtomicLong changes = new AtomicLong();
    private volatile List<ResourceType> cached;

    public ResourceCatalog(Supplier<List<CustomResourceDefinition>> storedCrds) {
        this.storedCrds = storedCrds;
    }

    public List<ResourceType> all() {
        List<ResourceType> types = cached;
        if (types == null) {
            // A CRD change during the rebuild must not leave the stale result cached.
            long before = changes.get();
            List<ResourceType> built = new ArrayList<>(BuiltInResources.ALL);
            for (CustomResourceDefinition crd : storedCrds.get()) {
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
                .filter(t -> t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural))
                .findFirst();
    }

    /** The types a CRD defines: one per served version. */
    public static List<ResourceType> fromCrd(CustomResourceDefinition crd) {
        CustomResourceDefinitionNames names = crd.getSpec().getNames();
        boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
        List<ResourceType> types = new ArrayList<>();
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            if (Boolean.FALSE.equals(version.getServed())) {
                continue;
            }
            boolean status = version.getSubresources() != null && version.getSubresources().getStatus() != null;
            types.add(new ResourceType(crd.getSpec().getGroup(), version.getName(), names.getPlural(),
                    Objects.requireNonNullElse(names.getSingular(), names.getKind().toLowerCase()), names.getKind(),
                    namespaced, orEmpty(names.getShortNames()), orEmpty(names.getCategories()), status,
                    columns(version), schema(version)));
        }
        return types;
    }

    private static List<ResourceType.ColumnDefinition> columns(CustomResourceDefinitionVersion version) {
        List<ResourceType.ColumnDefinition> columns = new ArrayList<>();
        for (CustomResourceColumnDefinition c : orEmpty(version.getAdditionalPrinterColumns())) {
            columns.add(new ResourceType.ColumnDefinition(c.getName(), c.getType(),
                    Objects.requireNonNullElse(c.getDescription(), ""),
                    Objects.requireNonNullElse(c.getPriority(), 0), c.getJsonPath()));
        }
        return columns;
    }

    private static JsonNode schema(CustomResourceDefinitionVersion version) {
        if (version.getSchema() == null || version.getSchema().getOpenAPIV3Schema() == null) {
            return null;
        }
        return JSON.valueToTree(version.getSchema().getOpenAPIV3Schema());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}

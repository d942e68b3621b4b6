package dev.hpcenv.kube.embedded.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A kind the embedded API serves, as discovery describes it.
 *
 * @param group          "" for the core group
 * @param statusResource whether a {@code /status} subresource exists
 * @param printerColumns the CRD's additionalPrinterColumns; empty for built-in kinds
 * @param schema         the CRD's openAPIV3Schema; null for built-in kinds
 */
public record ResourceType(
        String group,
        String version,
        String plural,
        String singular,
        String kind,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        boolean statusResource,
        List<ColumnDefinition> printerColumns,
        JsonNode schema) {

    /** All verbs: the CRUD store supports every one of them for every kind. */
    public static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    public ResourceType {
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        printerColumns = List.copyOf(printerColumns);
    }

    /** "v1" for the core group, otherwise "group/version". */
    public String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The prefix of every URL of this kind: {@code /api/v1} or {@code /apis/group/version}. */
    public String apiPrefix() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    /** "plural.group" as kubectl prints it in messages ("hpcjobs.hpcenv.dev", "secrets"). */
    public String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** A CRD printer column: the type and JSONPath exactly as the CRD declares them. */
    public record ColumnDefinition(String name, String type, String description, int priority, String jsonPath) {}
}

package dev.hpcenv.crd.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders docs/crd-reference.md from the generated CRD YAML, so the reference can never say
 * something the schema does not. Deterministic: the same CRDs give the same bytes.
 */
public final class CrdReferenceRenderer {
    private final YAMLMapper yaml = new YAMLMapper();

    /** The whole reference document. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("# CRD reference (group `hpcenv.dev`, version `v1alpha1`)\n\n")
                .append("<!-- Generated from the CRDs by CrdReferenceRenderer (crds module tests). Do not edit: "
                        + "run dev/update-crds.sh. -->\n\n")
                .append("Every field of every kind, as the API server validates it. Conditions, versioning and "
                        + "compatibility rules: [crds/README.md](../crds/README.md).\n\n");
        for (Class<? extends HasMetadata> kind : GeneratedCrds.KINDS) {
            out.append("- [")
                    .append(HasMetadata.getKind(kind))
                    .append("](#")
                    .append(HasMetadata.getKind(kind).toLowerCase())
                    .append(")\n");
        }
        for (Class<? extends HasMetadata> kind : GeneratedCrds.KINDS) {
            renderKind(out, read(GeneratedCrds.yaml(kind)));
        }
        return out.toString();
    }

    private void renderKind(StringBuilder out, JsonNode crd) {
        JsonNode names = crd.at("/spec/names");
        JsonNode version = crd.at("/spec/versions/0");
        out.append("\n## ").append(names.path("kind").asText()).append("\n\n");
        out.append("| | |\n|---|---|\n");
        out.append("| API version | `")
                .append(crd.at("/spec/group").asText())
                .append('/')
                .append(version.path("name").asText())
                .append("` |\n");
        out.append("| Scope | ").append(crd.at("/spec/scope").asText()).append(" |\n");
        out.append("| Plural | `").append(names.path("plural").asText()).append("` |\n");
        out.append("| Short names | ")
                .append(codeList(names.path("shortNames")))
                .append(" |\n");
        out.append("| Categories | ").append(codeList(names.path("categories"))).append(" |\n");
        out.append("| Subresources | ")
                .append(codeList(fieldNames(version.path("subresources"))))
                .append(" |\n");
        out.append("\nColumns of `kubectl get` (priority 1: only with `-o wide`):\n\n");
        out.append("| Column | Type | JSONPath | Priority |\n|---|---|---|---|\n");
        for (JsonNode col : version.path("additionalPrinterColumns")) {
            out.append("| ")
                    .append(col.path("name").asText())
                    .append(" | ")
                    .append(col.path("type").asText())
                    .append(" | `")
                    .append(escape(col.path("jsonPath").asText()))
                    .append("` | ")
                    .append(col.path("priority").asInt())
                    .append(" |\n");
        }
        JsonNode root = version.at("/schema/openAPIV3Schema");
        for (String section : List.of("spec", "status")) {
            JsonNode schema = root.path("properties").path(section);
            if (schema.isMissingNode()) {
                continue;
            }
            out.append("\n### ").append(section).append("\n\n");
            out.append("| Field | Type | Required | Default | Validation | Description |\n|---|---|---|---|---|---|\n");
            renderRules(out, "." + section, schema);
            renderProperties(out, "." + section, schema);
        }
    }

    private void renderProperties(StringBuilder out, String path, JsonNode schema) {
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
            String fieldPath = path + "." + p.getKey();
            JsonNode field = p.getValue();
            out.append("| `")
                    .append(fieldPath)
                    .append("` | ")
                    .append(type(field))
                    .append(" | ")
                    .append(required.contains(p.getKey()) ? "yes" : "")
                    .append(" | ")
                    .append(field.has("default") ? "`" + field.get("default") + "`" : "")
                    .append(" | ")
                    .append(escape(validation(field)))
                    .append(" | ")
                    .append(escape(field.path("description").asText()))
                    .append(" |\n");
            renderRules(out, fieldPath, field);
            boolean isArray = field.path("type").asText().equals("array");
            JsonNode nested = isArray ? field.path("items") : field;
            String nestedPath = isArray ? fieldPath + "[]" : fieldPath;
            if (isArray) {
                renderRules(out, nestedPath, nested);
            }
            if (nested.has("properties")) {
                renderProperties(out, nestedPath, nested);
            }
        }
    }

    /** CEL rules get a row of their own: they span fields, and are the part users trip over. */
    private static void renderRules(StringBuilder out, String path, JsonNode schema) {
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            out.append("| `")
                    .append(path)
                    .append("` | rule | | | `")
                    .append(escape(rule.path("rule").asText()))
                    .append("` | ")
                    .append(escape(rule.path("message").asText()))
                    .append(" |\n");
        }
    }

    private static String type(JsonNode field) {
        String type = field.path("type").asText();
        if (type.equals("array")) {
            return "[]" + type(field.path("items"));
        }
        if (type.equals("object") && field.has("additionalProperties")) {
            return "map[string]" + type(field.path("additionalProperties"));
        }
        if (type.equals("integer") && field.has("format")) {
            return type + " (" + field.path("format").asText() + ")";
        }
        return type;
    }

    private static String validation(JsonNode field) {
        List<String> parts = new ArrayList<>();
        if (field.has("enum")) {
            List<String> values = new ArrayList<>();
            field.get("enum").forEach(v -> values.add("`" + v.asText() + "`"));
            parts.add("one of " + String.join(", ", values));
        }
        if (field.has("pattern")) {
            parts.add("pattern `" + field.get("pattern").asText() + "`");
        }
        addBound(parts, field, "minimum", "min");
        addBound(parts, field, "maximum", "max");
        addBound(parts, field, "minLength", "min length");
        addBound(parts, field, "maxLength", "max length");
        addBound(parts, field, "minItems", "min items");
        addBound(parts, field, "maxItems", "max items");
        if ("map".equals(field.path("x-kubernetes-list-type").asText())) {
            parts.add("unique by " + codeList(field.path("x-kubernetes-list-map-keys")));
        } else if ("set".equals(field.path("x-kubernetes-list-type").asText())) {
            parts.add("unique items");
        }
        return String.join("; ", parts);
    }

    private static void addBound(List<String> parts, JsonNode field, String key, String label) {
        if (field.has(key)) {
            parts.add(label + " " + field.get(key).asLong());
        }
    }

    private static JsonNode fieldNames(JsonNode node) {
        var array = new YAMLMapper().createArrayNode();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            array.add(it.next());
        }
        return array;
    }

    private static String codeList(JsonNode values) {
        List<String> items = new ArrayList<>();
        values.forEach(v -> items.add("`" + v.asText() + "`"));
        return items.isEmpty() ? "-" : items.stream().collect(Collectors.joining(", "));
    }

    /** Keeps table cells intact: a pipe would end the cell, a newline the row. */
    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private JsonNode read(String text) {
        try {
            return yaml.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

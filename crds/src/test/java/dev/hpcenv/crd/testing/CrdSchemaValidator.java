package dev.hpcenv.crd.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks custom resources (YAML, one or more documents) against the openAPIV3Schema of the generated
 * CRDs, the way the API server's structural validation would: types, required fields, enums,
 * patterns, bounds.
 *
 * <p>Where the schema is satisfied, the CEL rules (x-kubernetes-validations) are evaluated too, with
 * standard CEL ({@link CelRuleChecker}; see there for what differs from an API server).
 *
 * <p>Reused by the checks of examples/ through the crds test-jar.
 */
public final class CrdSchemaValidator {
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final List<String> KUBERNETES_KEYWORDS = List.of(
            "x-kubernetes-validations",
            "x-kubernetes-preserve-unknown-fields",
            "x-kubernetes-int-or-string",
            "x-kubernetes-embedded-resource",
            "x-kubernetes-list-type",
            "x-kubernetes-list-map-keys",
            "x-kubernetes-map-type",
            "nullable");

    private final Map<Class<? extends HasMetadata>, JsonSchema> schemas = new LinkedHashMap<>();
    private final Map<Class<? extends HasMetadata>, JsonNode> schemaTrees = new LinkedHashMap<>();
    private final CelRuleChecker cel = new CelRuleChecker();

    /** A validator for every kind of {@link GeneratedCrds#KINDS}, read from the generated CRDs on the classpath. */
    public static CrdSchemaValidator forGeneratedCrds() {
        return new CrdSchemaValidator();
    }

    private CrdSchemaValidator() {
        // The CRD schema is OpenAPI 3.0's subset of JSON Schema draft 4, plus Kubernetes keywords that
        // only an API server can act on; they are declared so that draft 4 accepts them without warnings.
        JsonMetaSchema kubernetes = JsonMetaSchema.builder(JsonMetaSchema.getV4())
                .keywords(KUBERNETES_KEYWORDS.stream()
                        .map(NonValidationKeyword::new)
                        .toList())
                .build();
        JsonSchemaFactory factory =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, builder -> builder.metaSchema(kubernetes));
        for (Class<? extends HasMetadata> kind : GeneratedCrds.KINDS) {
            JsonNode schema = readTree(GeneratedCrds.yaml(kind)).at("/spec/versions/0/schema/openAPIV3Schema");
            schemas.put(kind, factory.getSchema(schema));
            schemaTrees.put(kind, schema);
        }
    }

    /**
     * Every violation in one YAML document, each as one line {@code $.spec.field: problem}; empty
     * when the document is valid. A document that is not one of our kinds is a violation too.
     */
    public List<String> validate(String yamlDocument) {
        return validate(readTree(yamlDocument));
    }

    /** Every violation in a YAML file of one or more documents, each line prefixed with file and document number. */
    public List<String> validateFile(Path file) {
        List<String> problems = new ArrayList<>();
        try (MappingIterator<JsonNode> docs =
                YAML.readerFor(JsonNode.class).readValues(new YAMLFactory().createParser(file.toFile()))) {
            int index = 0;
            while (docs.hasNext()) {
                index++;
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                String where = file + " (document " + index + "): ";
                validate(doc).forEach(p -> problems.add(where + p));
            }
        } catch (IOException | RuntimeException e) {
            // MappingIterator wraps parse errors of later documents in unchecked exceptions.
            problems.add(file + ": not readable as YAML: " + firstLine(e.getMessage()));
        }
        return problems;
    }

    private List<String> validate(JsonNode resource) {
        String apiVersion = resource.path("apiVersion").asText();
        String kindName = resource.path("kind").asText();
        Class<? extends HasMetadata> kind = GeneratedCrds.kindFor(apiVersion, kindName);
        if (kind == null) {
            return List.of("$: apiVersion '" + apiVersion + "' kind '" + kindName + "' is not a kind of this API "
                    + "(expected one of "
                    + GeneratedCrds.KINDS.stream()
                            .map(k -> HasMetadata.getApiVersion(k) + " " + HasMetadata.getKind(k))
                            .toList()
                    + ")");
        }
        JsonNode pruned = withoutNulls(resource);
        List<String> problems = schemas.get(kind).validate(pruned).stream()
                .map(m -> m.getInstanceLocation() + ": "
                        + stripLocation(m.getMessage(), m.getInstanceLocation().toString()))
                .sorted()
                .toList();
        if (problems.isEmpty()) {
            problems = new ArrayList<>();
            duplicateKeys(schemaTrees.get(kind), pruned, "$", problems);
        }
        // Like the API server, rules run on well-typed values only: a type error would make them fail
        // for the wrong reason.
        return problems.isEmpty() ? cel.check(schemaTrees.get(kind), pruned) : problems;
    }

    /**
     * The items of a list map ({@code x-kubernetes-list-type: map}) with the same keys as an earlier
     * item, and the items of a set ({@code x-kubernetes-list-type: set}) equal to an earlier one, which
     * the API server refuses as "Duplicate value" and JSON schema has no keyword for.
     */
    private static void duplicateKeys(JsonNode schema, JsonNode instance, String path, List<String> problems) {
        if (schema == null || schema.isMissingNode() || instance == null) {
            return;
        }
        if (instance.isArray()) {
            if ("map".equals(schema.path("x-kubernetes-list-type").asText())) {
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (int i = 0; i < instance.size(); i++) {
                    Map<String, String> keys = new LinkedHashMap<>();
                    for (JsonNode key : schema.path("x-kubernetes-list-map-keys")) {
                        keys.put(
                                key.asText(), instance.get(i).path(key.asText()).asText());
                    }
                    if (!seen.add(keys.toString())) {
                        problems.add(path + "[" + i + "]: Duplicate value: " + keys);
                    }
                }
            }
            if ("set".equals(schema.path("x-kubernetes-list-type").asText())) {
                java.util.Set<JsonNode> seen = new java.util.HashSet<>();
                for (int i = 0; i < instance.size(); i++) {
                    if (!seen.add(instance.get(i))) {
                        problems.add(path + "[" + i + "]: Duplicate value: " + instance.get(i));
                    }
                }
            }
            for (int i = 0; i < instance.size(); i++) {
                duplicateKeys(schema.path("items"), instance.get(i), path + "[" + i + "]", problems);
            }
        } else if (instance.isObject()) {
            instance.properties()
                    .forEach(field -> duplicateKeys(
                            schema.path("properties").has(field.getKey())
                                    ? schema.path("properties").get(field.getKey())
                                    : schema.path("additionalProperties"),
                            field.getValue(),
                            path + "." + field.getKey(),
                            problems));
        }
    }

    /**
     * The API server prunes null values of fields that are not nullable before it validates (none of
     * ours is), so {@code field: null} is accepted there and must be here.
     */
    private static JsonNode withoutNulls(JsonNode node) {
        JsonNode copy = node.deepCopy();
        pruneNulls(copy);
        return copy;
    }

    private static void pruneNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(e -> e.getValue().isNull());
            object.forEach(CrdSchemaValidator::pruneNulls);
        } else if (node.isArray()) {
            node.forEach(CrdSchemaValidator::pruneNulls);
        }
    }

    private static String stripLocation(String message, String location) {
        return message.startsWith(location + ": ") ? message.substring(location.length() + 2) : message;
    }

    private static JsonNode readTree(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}

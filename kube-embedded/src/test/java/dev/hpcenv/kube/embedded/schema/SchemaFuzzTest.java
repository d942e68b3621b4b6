package dev.hpcenv.kube.embedded.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile values at every field of every project kind (a fixed seed, so a failure repeats): the
 * schema check and the CEL rules never throw, and every refusal names a field of the object.
 */
class SchemaFuzzTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int ROUNDS = 400;

    @ParameterizedTest
    @ValueSource(strings = {"HpcJob", "HpcEnvironment", "ClusterHpcEnvironment", "SlurmCluster"})
    void hostileValuesAnywhereAreRefusedByFieldNeverByException(String kind) {
        Random random = new Random(kind.hashCode());
        List<String> pointers = new ArrayList<>();
        collectPointers(ProjectCrds.schema(kind), "", pointers);
        StructuralSchema schema = new StructuralSchema(ProjectCrds.schema(kind));

        for (int round = 0; round < ROUNDS; round++) {
            ObjectNode object = ProjectCrds.valid(kind);
            for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
                String pointer = pointers.get(random.nextInt(pointers.size()));
                place(object, pointer, hostile(random, 0));
            }
            String before = abbreviate(object.toString());

            SchemaFindings findings = schema.apply(object, random.nextBoolean() ? ProjectCrds.valid(kind) : null);

            assertThat(findings.violations())
                    .as(before)
                    .allSatisfy(
                            violation -> assertThat(violation).matches("^(spec|status|metadata)[^ ]*: .*|^<nil>: .*"));
        }
    }

    private static JsonNode hostile(Random random, int depth) {
        return switch (random.nextInt(depth > 3 ? 12 : 15)) {
            case 0 ->
                NODES.numberNode(
                        BigInteger.TWO.pow(random.nextInt(200)).negate().add(BigInteger.valueOf(random.nextInt(3))));
            case 1 -> NODES.numberNode(new BigDecimal("1e" + random.nextInt(400)));
            case 2 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(30)));
            case 3 -> NODES.numberNode(Long.MAX_VALUE - random.nextInt(3));
            case 4 -> NODES.numberNode(random.nextInt());
            case 5 -> NODES.textNode("ünïcødé😀\u0000\uFFFD" + "x".repeat(random.nextInt(5000)));
            case 6 -> NODES.textNode("0m");
            case 7 -> NODES.textNode("root");
            case 8 -> NODES.booleanNode(random.nextBoolean());
            case 9 -> NODES.nullNode();
            case 10 -> NODES.textNode(String.valueOf(random.nextLong()));
            case 11 -> NODES.textNode("");
            case 12 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(depth == 0 ? 600 : 4); i > 0; i--) {
                    array.add(hostile(random, depth + 1));
                }
                yield array;
            }
            case 13 -> {
                ObjectNode object = NODES.objectNode();
                object.set("namespace", NODES.textNode("ns" + random.nextInt(3)));
                object.set("user", hostile(random, depth + 1));
                object.set("unknown" + random.nextInt(3), hostile(random, depth + 1));
                yield object;
            }
            default -> {
                JsonNode deep = NODES.numberNode(1);
                for (int i = 0; i < 200; i++) {
                    deep = NODES.arrayNode().add(deep);
                }
                yield deep;
            }
        };
    }

    // Sets the value at the pointer, making the objects and one-item lists on the way fit it.
    private static void place(ObjectNode object, String pointer, JsonNode value) {
        String[] parts = pointer.substring(1).split("/");
        JsonNode node = object;
        for (int i = 0; i < parts.length - 1; i++) {
            boolean wantList = parts[i + 1].equals("0");
            JsonNode next = node.isArray() ? node.get(0) : node.get(parts[i]);
            if (next == null || (wantList ? !next.isArray() || next.isEmpty() : !next.isObject())) {
                next = wantList ? NODES.arrayNode().add(NODES.objectNode()) : NODES.objectNode();
                set(node, parts[i], next);
            }
            node = next;
        }
        set(node, parts[parts.length - 1], value);
    }

    private static void set(JsonNode container, String part, JsonNode value) {
        if (container instanceof ArrayNode array) {
            if (array.isEmpty()) {
                array.add(value);
            } else {
                array.set(0, value);
            }
        } else {
            ((ObjectNode) container).set(part, value);
        }
    }

    private static void collectPointers(JsonNode schema, String pointer, List<String> out) {
        if (!pointer.isEmpty()) {
            out.add(pointer);
        }
        for (Map.Entry<String, JsonNode> property : (Iterable<Map.Entry<String, JsonNode>>)
                () -> schema.path("properties").fields()) {
            collectPointers(property.getValue(), pointer + "/" + property.getKey(), out);
        }
        if (schema.has("items")) {
            collectPointers(schema.get("items"), pointer + "/0", out);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
    }
}

package dev.hpcenv.crd.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hpcenv.crd.CrdPatterns;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.stream.Stream;

/**
 * Gives an HpcJob's {@code spec.clusterRef} what fabric8's generator has no annotation for. Each item of
 * {@code names} is an object name (maxLength 253, the DNS-1123 pattern), and the list is a set
 * ({@code x-kubernetes-list-type: set}), so the API server itself refuses a name twice (a CEL rule
 * would cost more than the API server's estimate allows). The {@code selector}, fabric8's
 * LabelSelector model, gets Kubernetes' own limits: an expression needs a key and one of the four
 * operators, and the lists are bounded.
 *
 * <p>Build time only: {@code @SchemaCustomizer(value = ClusterRefSchema.class)} on HpcJob.
 */
public final class ClusterRefSchema implements SchemaCustomizer.Customizer {
    /** Labels and expressions of one selector at most. */
    public static final int MAX_EXPRESSIONS = 16;
    /** Values of one expression at most. */
    public static final int MAX_VALUES = 64;

    @Override
    public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
        JSONSchemaProps names = child(child(child(schema, "spec"), "clusterRef"), "names");
        if (!"array".equals(names.getType())
                || names.getItems() == null
                || names.getItems().getSchema() == null
                || !"string".equals(names.getItems().getSchema().getType())) {
            throw new IllegalStateException("ClusterRefSchema: spec.clusterRef.names must be a list of strings");
        }
        JSONSchemaProps item = names.getItems().getSchema();
        item.setMaxLength(253L);
        item.setPattern(CrdPatterns.OBJECT_NAME);
        names.setXKubernetesListType("set");
        JSONSchemaProps selector = child(child(child(schema, "spec"), "clusterRef"), "selector");
        JSONSchemaProps expressions = child(selector, "matchExpressions");
        expressions.setMaxItems((long) MAX_EXPRESSIONS);
        expressions.setDescription(
                "Requirements on the SlurmCluster's labels, all of which must hold (at most " + MAX_EXPRESSIONS + ").");
        JSONSchemaProps expression = expressions.getItems().getSchema();
        expression.setRequired(List.of("key", "operator"));
        expression.setDescription("One requirement: key, operator and values, as in a Kubernetes label selector.");
        JSONSchemaProps key = child(expression, "key");
        key.setDescription("The label key.");
        key.setMaxLength(317L);
        key.setMinLength(1L);
        JSONSchemaProps operator = child(expression, "operator");
        operator.setDescription("In, NotIn, Exists or DoesNotExist.");
        operator.setEnum(Stream.of("In", "NotIn", "Exists", "DoesNotExist")
                .map(TextNode::new)
                .map(JsonNode.class::cast)
                .toList());
        JSONSchemaProps values = child(expression, "values");
        values.setMaxItems((long) MAX_VALUES);
        values.setDescription("The values for In and NotIn (at least one, at most " + MAX_VALUES
                + "); none for Exists and DoesNotExist.");
        JSONSchemaProps labels = child(selector, "matchLabels");
        labels.setMaxProperties((long) MAX_EXPRESSIONS);
        labels.setDescription(
                "Labels the SlurmCluster must carry with these values (at most " + MAX_EXPRESSIONS + ").");
        return schema;
    }

    private static JSONSchemaProps child(JSONSchemaProps schema, String property) {
        JSONSchemaProps child =
                schema.getProperties() == null ? null : schema.getProperties().get(property);
        if (child == null) {
            throw new IllegalStateException("ClusterRefSchema: the schema has no property " + property);
        }
        return child;
    }
}

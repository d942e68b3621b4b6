package dev.hpcenv.crd.build;

import com.fasterxml.jackson.databind.JavaType;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Gives every {@code integer} of a kind's schema the {@code format} of its Java type ({@code int32} for
 * Integer/int, {@code int64} for Long/long), which fabric8's generator leaves out. Without it the
 * schema says nothing of the range the operator can read back, and an API server that enforces
 * formats (Kubernetes 1.36 on, and the embedded API) cannot refuse 2147483648 for an Integer field.
 *
 * <p>Used at build time only, on the custom resource classes:
 * {@code @SchemaCustomizer(value = IntegerFormats.class, input = "dev.hpcenv.crd.v1alpha1.HpcJob")}; the
 * input names the annotated class, whose Java properties are walked beside its schema.
 */
public final class IntegerFormats implements SchemaCustomizer.Customizer {

    @Override
    public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
        try {
            KindSchemaWalk.walk(schema, KindSchemaWalk.kindType(input), (node, type) -> {
                if ("integer".equals(node.getType())) {
                    node.setFormat(formatOf(type));
                }
            });
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("IntegerFormats: no class " + input, e);
        }
        return schema;
    }

    private static String formatOf(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == Integer.class
                || raw == int.class
                || raw == Short.class
                || raw == short.class
                || raw == Byte.class
                || raw == byte.class) {
            return "int32";
        }
        if (raw == Long.class || raw == long.class) {
            return "int64";
        }
        throw new IllegalStateException("an integer schema for Java type " + type
                + ": give it format int32 or int64 by hand, or use Integer or Long");
    }
}

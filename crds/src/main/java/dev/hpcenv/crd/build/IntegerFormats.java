package dev.hpcenv.crd.build;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;

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

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Override
    public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
        try {
            walk(schema, JACKSON.constructType(Class.forName(input.trim())));
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("IntegerFormats: no class " + input, e);
        }
        return schema;
    }

    private static void walk(JSONSchemaProps schema, JavaType type) {
        if (schema == null || type == null) {
            return;
        }
        if ("integer".equals(schema.getType())) {
            schema.setFormat(formatOf(type));
        } else if ("array".equals(schema.getType()) && schema.getItems() != null) {
            walk(schema.getItems().getSchema(), type.getContentType());
        } else if ("object".equals(schema.getType())) {
            if (type.isMapLikeType()) {
                if (schema.getAdditionalProperties() != null) {
                    walk(schema.getAdditionalProperties().getSchema(), type.getContentType());
                }
                return;
            }
            Map<String, JSONSchemaProps> properties = schema.getProperties();
            if (properties == null || properties.isEmpty()) {
                return;
            }
            BeanDescription bean = JACKSON.getSerializationConfig().introspect(type);
            for (BeanPropertyDefinition property : bean.findProperties()) {
                walk(properties.get(property.getName()), property.getPrimaryType());
            }
        }
    }

    private static String formatOf(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class
                || raw == Byte.class || raw == byte.class) {
            return "int32";
        }
        if (raw == Long.class || raw == long.class) {
            return "int64";
        }
        throw new IllegalStateException("an integer schema for Java type " + type
                + ": give it format int32 or int64 by hand, or use Integer or Long");
    }
}

package dev.hpcenv.crd.build;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Walks a kind's generated schema beside the Java type it was generated from, so that a schema
 * customizer can decide by Java type (build time only, like the customizers that use it).
 */
final class KindSchemaWalk {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    private KindSchemaWalk() {}

    /** The type of the class a {@code @SchemaCustomizer} input names. */
    static JavaType kindType(String input) throws ClassNotFoundException {
        return JACKSON.constructType(Class.forName(input.trim()));
    }

    /** Calls {@code visit} for every schema node with its Java type, parents before children. */
    static void walk(JSONSchemaProps schema, JavaType type, BiConsumer<JSONSchemaProps, JavaType> visit) {
        if (schema == null || type == null) {
            return;
        }
        visit.accept(schema, type);
        if ("array".equals(schema.getType()) && schema.getItems() != null) {
            walk(schema.getItems().getSchema(), type.getContentType(), visit);
        } else if ("object".equals(schema.getType())) {
            if (type.isMapLikeType()) {
                if (schema.getAdditionalProperties() != null) {
                    walk(schema.getAdditionalProperties().getSchema(), type.getContentType(), visit);
                }
                return;
            }
            Map<String, JSONSchemaProps> properties = schema.getProperties();
            if (properties == null || properties.isEmpty()) {
                return;
            }
            BeanDescription bean = JACKSON.getSerializationConfig().introspect(type);
            for (BeanPropertyDefinition property : bean.findProperties()) {
                walk(properties.get(property.getName()), property.getPrimaryType(), visit);
            }
        }
    }
}

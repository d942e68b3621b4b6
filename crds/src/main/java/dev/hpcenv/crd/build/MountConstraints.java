package dev.hpcenv.crd.build;

import dev.hpcenv.crd.CrdPatterns;
import dev.hpcenv.model.Mount;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * Adds the schema constraints of {@link Mount}: {@code source} and {@code target} required, a
 * non-empty {@code source}, the {@code target} pattern. {@code Mount} lives in env-model, which the
 * compute nodes load and which therefore carries no fabric8 annotation (fabric8's generator reads
 * neither {@code @JsonProperty(required = true)} here nor any Jackson form of a pattern); the
 * {@code type} default comes from its {@code @JsonProperty(defaultValue)}. Every mount of a kind's
 * schema (spec and status alike) gets them, as fabric8 field annotations gave them before.
 *
 * <p>Build time only, on the custom resource classes:
 * {@code @SchemaCustomizer(value = MountConstraints.class, input = "dev.hpcenv.crd.v1alpha1.HpcJob")}.
 */
public final class MountConstraints implements SchemaCustomizer.Customizer {

    @Override
    public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
        try {
            KindSchemaWalk.walk(schema, KindSchemaWalk.kindType(input), (node, type) -> {
                if (type.getRawClass() == Mount.class) {
                    node.setRequired(List.of("source", "target"));
                    constrain(node, "source").setMinLength(1L);
                    constrain(node, "target").setPattern(CrdPatterns.MOUNT_TARGET);
                }
            });
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("MountConstraints: no class " + input, e);
        }
        return schema;
    }

    private static JSONSchemaProps constrain(JSONSchemaProps mount, String property) {
        JSONSchemaProps schema =
                mount.getProperties() == null ? null : mount.getProperties().get(property);
        if (schema == null) {
            throw new IllegalStateException("MountConstraints: the Mount schema has no property " + property);
        }
        return schema;
    }
}

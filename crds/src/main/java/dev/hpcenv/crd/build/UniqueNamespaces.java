package dev.hpcenv.crd.build;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * Makes a SlurmCluster's {@code spec.userMappings} a list map keyed by {@code namespace}
 * ({@code x-kubernetes-list-type: map}): the API server itself refuses a namespace mapped twice
 * ("Duplicate value"), and server-side apply merges mappings by namespace. A CEL uniqueness rule
 * would be quadratic, and a real API server refuses the CRD for its estimated cost at any useful
 * maxItems. fabric8's generator has no annotation for list types.
 *
 * <p>Build time only: {@code @SchemaCustomizer(value = UniqueNamespaces.class)} on SlurmCluster.
 */
public final class UniqueNamespaces implements SchemaCustomizer.Customizer {

    @Override
    public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
        JSONSchemaProps mappings = child(child(schema, "spec"), "userMappings");
        if (!"array".equals(mappings.getType())
                || mappings.getItems() == null
                || mappings.getItems().getSchema() == null
                || mappings.getItems().getSchema().getRequired() == null
                || !mappings.getItems().getSchema().getRequired().contains("namespace")) {
            throw new IllegalStateException(
                    "UniqueNamespaces: spec.userMappings must be a list of objects with a required namespace");
        }
        mappings.setXKubernetesListType("map");
        mappings.setXKubernetesListMapKeys(List.of("namespace"));
        return schema;
    }

    private static JSONSchemaProps child(JSONSchemaProps schema, String property) {
        JSONSchemaProps child =
                schema.getProperties() == null ? null : schema.getProperties().get(property);
        if (child == null) {
            throw new IllegalStateException("UniqueNamespaces: the schema has no property " + property);
        }
        return child;
    }
}

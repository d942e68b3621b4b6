package dev.hpcenv.crd.build;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * Makes an HpcJob's {@code spec.services} a list map keyed by {@code name}
 * ({@code x-kubernetes-list-type: map}): the API server itself refuses a name used twice
 * ("Duplicate value"), and server-side apply merges services by name. A service's name names its
 * output file and its state record on the nodes, so two of one name would overwrite each other. As
 * for {@link UniqueNamespaces}, a CEL uniqueness rule would be quadratic and fabric8's generator has
 * no annotation for list types.
 *
 * <p>Build time only: {@code @SchemaCustomizer(value = UniqueServiceNames.class)} on HpcJob.
 */
public final class UniqueServiceNames implements SchemaCustomizer.Customizer {

    @Override
    public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
        JSONSchemaProps services = child(child(schema, "spec"), "services");
        if (!"array".equals(services.getType())
                || services.getItems() == null
                || services.getItems().getSchema() == null
                || services.getItems().getSchema().getRequired() == null
                || !services.getItems().getSchema().getRequired().contains("name")) {
            throw new IllegalStateException(
                    "UniqueServiceNames: spec.services must be a list of objects with a required name");
        }
        services.setXKubernetesListType("map");
        services.setXKubernetesListMapKeys(List.of("name"));
        return schema;
    }

    private static JSONSchemaProps child(JSONSchemaProps schema, String property) {
        JSONSchemaProps child =
                schema.getProperties() == null ? null : schema.getProperties().get(property);
        if (child == null) {
            throw new IllegalStateException("UniqueServiceNames: the schema has no property " + property);
        }
        return child;
    }
}

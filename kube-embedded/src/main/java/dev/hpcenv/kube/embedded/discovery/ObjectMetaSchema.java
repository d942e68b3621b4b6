package dev.hpcenv.kube.embedded.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI schema of ObjectMeta that {@code kubectl explain <kind>.metadata} shows: the fields a
 * user writes, with the API server's descriptions shortened. Server-managed fields are listed too,
 * so that the explanation of an object read back is complete.
 */
final class ObjectMetaSchema {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ObjectMetaSchema() {}

    static ObjectNode schema() {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        schema.put(
                "description",
                "ObjectMeta is metadata that all persisted resources must have, which includes all"
                        + " objects users must create.");
        ObjectNode properties = schema.putObject("properties");
        string(properties, "name", "Name must be unique within a namespace. Cannot be updated.");
        string(
                properties,
                "generateName",
                "Optional prefix used by the server to generate a unique name" + " when name is not provided.");
        string(
                properties,
                "namespace",
                "Namespace defines the space within which each name must be unique."
                        + " Cluster-scoped objects have none.");
        string(properties, "uid", "UID is the unique in time and space value for this object, set by the server.");
        string(
                properties,
                "resourceVersion",
                "An opaque value that represents the internal version of this object,"
                        + " used for optimistic concurrency and watches.");
        properties
                .putObject("generation")
                .put("type", "integer")
                .put("format", "int64")
                .put(
                        "description",
                        "A sequence number representing a specific generation of the desired state, set by the server.");
        string(properties, "creationTimestamp", "When this object was created (RFC 3339), set by the server.")
                .put("format", "date-time");
        string(
                        properties,
                        "deletionTimestamp",
                        "When this object will be deleted (RFC 3339), set by the server"
                                + " when a graceful deletion is requested.")
                .put("format", "date-time");
        stringMap(
                properties,
                "labels",
                "Map of string keys and values that can be used to organize and categorize"
                        + " (scope and select) objects.");
        stringMap(
                properties,
                "annotations",
                "Unstructured key value map stored with a resource that may be set by"
                        + " external tools to store and retrieve arbitrary metadata.");
        ObjectNode finalizers = properties.putObject("finalizers");
        finalizers
                .put("type", "array")
                .put(
                        "description",
                        "Must be empty before the object is deleted from the"
                                + " registry. Each entry is an identifier for the responsible component that will remove the entry.");
        finalizers.putObject("items").put("type", "string");
        ObjectNode owners = properties.putObject("ownerReferences");
        owners.put("type", "array").put("description", "List of objects depended by this object.");
        owners.putObject("items").put("type", "object");
        return schema;
    }

    private static ObjectNode string(ObjectNode properties, String name, String description) {
        return properties.putObject(name).put("type", "string").put("description", description);
    }

    private static void stringMap(ObjectNode properties, String name, String description) {
        ObjectNode map = properties.putObject(name).put("type", "object").put("description", description);
        map.putObject("additionalProperties").put("type", "string");
    }
}

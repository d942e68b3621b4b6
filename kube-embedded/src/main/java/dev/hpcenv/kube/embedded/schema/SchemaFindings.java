package dev.hpcenv.kube.embedded.schema;

import java.util.List;

/**
 * What checking an object against its CRD schema found.
 *
 * @param unknownFields paths of fields the schema does not declare (already pruned from the object)
 * @param violations    one "path: problem" line per broken rule, worded as the API server words them
 */
public record SchemaFindings(List<String> unknownFields, List<String> violations) {

    public SchemaFindings {
        unknownFields = List.copyOf(unknownFields);
        violations = List.copyOf(violations);
    }
}

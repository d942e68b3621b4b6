package dev.hpcenv.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Copies of an example folder's manifests that a shared API server can take side by side with other
 * tests: every namespace becomes {@code namespace}, cluster-scoped objects (and the references to them)
 * get the run's suffix, Namespace objects are left out (the test creates its own), and every object is
 * labelled with the run so that what the run created can be deleted by label. Kustomizations are copied
 * as they are: they name files, not objects.
 */
final class RunScopedManifests {

    static final String RUN_LABEL = "hpcenv.dev/test-run";
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> CLUSTER_SCOPED = Set.of("ClusterHpcEnvironment", "SlurmCluster");

    private final String run;
    private final String namespace;
    private final String suffix;
    private final Map<String, String> renamed = new HashMap<>();

    /** @param suffix appended to cluster-scoped names; unique per run and folder */
    RunScopedManifests(String run, String namespace, String suffix) {
        this.run = run;
        this.namespace = namespace;
        this.suffix = suffix;
    }

    /** The cluster-scoped name {@code name} of the examples gets in this copy. */
    String clusterScoped(String name) {
        return name + "-" + suffix;
    }

    /** Writes the rewritten copy of {@code source} (recursively) into {@code target}; returns the manifest count. */
    int copy(Path source, Path target) {
        try (Stream<Path> walk = Files.walk(source)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".yaml") && !name.equals("kustomization.yaml")) {
                    JsonNode object = YAML.readTree(file.toFile());
                    if (CLUSTER_SCOPED.contains(object.path("kind").asText())) {
                        String original = object.path("metadata").path("name").asText();
                        renamed.put(original, clusterScoped(original));
                    }
                }
            }
            int manifests = 0;
            for (Path file : files) {
                String name = file.getFileName().toString();
                Path out = target.resolve(source.relativize(file).toString());
                Files.createDirectories(out.getParent());
                if (name.equals("kustomization.yaml")) {
                    Files.copy(file, out);
                } else if (name.endsWith(".yaml")) {
                    ObjectNode object = (ObjectNode) YAML.readTree(file.toFile());
                    if (object.path("kind").asText().equals("Namespace")) {
                        // A kustomization may name it: an empty document keeps the file list valid.
                        Files.writeString(out, "");
                        continue;
                    }
                    rewrite(object);
                    YAML.writeValue(out.toFile(), object);
                    manifests++;
                }
            }
            return manifests;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source, e);
        }
    }

    private void rewrite(ObjectNode object) {
        ObjectNode metadata = (ObjectNode) object.get("metadata");
        String kind = object.path("kind").asText();
        if (CLUSTER_SCOPED.contains(kind)) {
            metadata.put("name", renamed.get(metadata.path("name").asText()));
        } else {
            metadata.put("namespace", namespace);
        }
        ObjectNode labels = metadata.get("labels") instanceof ObjectNode l ? l : metadata.putObject("labels");
        labels.put(RUN_LABEL, run);
        JsonNode spec = object.path("spec");
        switch (kind) {
            case "HpcEnvironment", "ClusterHpcEnvironment" -> {
                if (spec.get("baseEnvironments") instanceof ArrayNode bases) {
                    for (int i = 0; i < bases.size(); i++) {
                        bases.set(
                                i,
                                TextNode.valueOf(renamed.getOrDefault(
                                        bases.get(i).asText(), bases.get(i).asText())));
                    }
                }
            }
            case "HpcJob" -> {
                renameField(spec.path("clusterRef"), "name");
                if ("ClusterHpcEnvironment"
                        .equals(spec.path("environmentRef").path("kind").asText())) {
                    renameField(spec.path("environmentRef"), "name");
                }
            }
            case "SlurmCluster" -> {
                spec.path("auth").forEach(ref -> {
                    if (ref instanceof ObjectNode o && o.has("namespace")) {
                        o.put("namespace", namespace);
                    }
                });
                spec.path("userMappings").forEach(m -> ((ObjectNode) m).put("namespace", namespace));
            }
            default -> {}
        }
    }

    private void renameField(JsonNode node, String field) {
        if (node instanceof ObjectNode o && o.has(field)) {
            o.put(
                    field,
                    renamed.getOrDefault(o.path(field).asText(), o.path(field).asText()));
        }
    }
}

package dev.hpcenv.crd.testing;

import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The CRD files crd-generator-maven-plugin writes at process-classes. They travel in the main jar
 * under META-INF/fabric8/, so any module with hpcenv-crds on its classpath can read them.
 */
public final class GeneratedCrds {
    /** Every kind of the API group; a new kind is added here and nowhere else in the tests. */
    public static final List<Class<? extends HasMetadata>> KINDS =
            List.of(HpcEnvironment.class, ClusterHpcEnvironment.class, HpcJob.class, SlurmCluster.class);

    private static final String RESOURCE_DIR = "META-INF/fabric8/";

    private GeneratedCrds() {}

    /** The file name the generator uses, e.g. hpcjobs.hpcenv.dev-v1.yml. */
    public static String fileName(Class<? extends HasMetadata> kind) {
        return HasMetadata.getFullResourceName(kind) + "-v1.yml";
    }

    /** The generated YAML of one kind, exactly as written. */
    public static String yaml(Class<? extends HasMetadata> kind) {
        String resource = RESOURCE_DIR + fileName(kind);
        try (InputStream in = GeneratedCrds.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath: run the crds module's "
                        + "process-classes phase (mvn -pl crds process-classes), which generates it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generated CRD of one kind, parsed into fabric8's model. */
    public static CustomResourceDefinition crd(Class<? extends HasMetadata> kind) {
        return new KubernetesSerialization().unmarshal(yaml(kind), CustomResourceDefinition.class);
    }

    /** The kind class for an apiVersion/kind pair, or null when it is not one of ours. */
    public static Class<? extends HasMetadata> kindFor(String apiVersion, String kind) {
        return KINDS.stream()
                .filter(k -> Objects.equals(HasMetadata.getApiVersion(k), apiVersion)
                        && Objects.equals(HasMetadata.getKind(k), kind))
                .findFirst()
                .orElse(null);
    }
}

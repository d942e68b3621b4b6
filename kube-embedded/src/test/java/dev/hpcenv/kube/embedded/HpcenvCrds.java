package dev.hpcenv.kube.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * hpcenv's CRDs as the repository commits them (crds/manifests, copied into the test class path under
 * {@value #FOLDER} by this module's pom): realistic CRDs with printer columns, status subresources,
 * schemas and CEL rules, read without a dependency on the crds module.
 */
public final class HpcenvCrds {

    public static final String FOLDER = "hpcenv-crds/";
    public static final String GROUP = "hpcenv.dev";

    private HpcenvCrds() {}

    public static List<ObjectNode> all() {
        List<ObjectNode> crds = ClasspathCrds.ofGroup(FOLDER, GROUP);
        if (crds.isEmpty()) {
            throw new IllegalStateException("no " + GROUP + " CRDs under " + FOLDER + " on the test class path"
                    + " (kube-embedded's pom copies them from crds/manifests)");
        }
        return crds;
    }

    /** An API serving hpcenv's CRDs on a free port; not started. */
    public static EmbeddedKubernetesApi api() {
        return EmbeddedKubernetesApi.withCrds(all(), 0);
    }
}

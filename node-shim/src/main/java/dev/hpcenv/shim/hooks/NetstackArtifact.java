package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.OciMount;
import dev.hpcenv.shim.config.HookSettings;
import dev.hpcenv.shim.error.ShimException;
import java.nio.file.Path;
import java.util.List;

/**
 * A network stack artifact in place of the host's libraries: the artifact's directory is bound at
 * its own path (its libraries find their dependencies there, through the run path they were built
 * with), and the {@code cxi} hook replaces the image's libraries with the artifact's files of the
 * names its {@code libraries} list (libfabric and what the host stack needs), not the host's.
 * The {@code aws_ofi_nccl} hook takes the artifact's plugin ({@link OfiNcclVariant}).
 */
final class NetstackArtifact {
    private NetstackArtifact() {}

    /** The hook's site settings, with the artifact's libraries for a network hook when the source is an artifact. */
    static HookSettings settings(String hook, HookSettings site, NetstackSource netstack) {
        if (netstack == null
                || netstack.artifact() == null
                || !hook.equals("cxi")
                || site.libraries().isEmpty()) {
            return site;
        }
        List<String> libraries = netstack.artifactLibraries(site.libraries());
        if (libraries.isEmpty()) {
            throw ShimException.usage(
                    "network stack artifact " + netstack.artifact() + " has none of the libraries hooks." + hook
                            + ".libraries names ("
                            + String.join(
                                    ", ",
                                    site.libraries().stream()
                                            .map(l -> Path.of(l).getFileName().toString())
                                            .toList())
                            + ")",
                    "check the artifact or the site's shim.toml");
        }
        return new HookSettings(
                site.binds(), libraries, site.env(), site.prependEnv(), site.variants(), site.users(), site.settings());
    }

    /** The artifact's directory at its own path, read-only, once per container. */
    static void bind(HookInput in, BundleDraft draft) {
        Path artifact = in.netstackArtifact();
        if (artifact == null || !NetstackSource.NETWORK_HOOKS.contains(in.name())) {
            return;
        }
        String path = artifact.toString();
        if (draft.mounts.stream().noneMatch(m -> m.destination().equals(path))) {
            draft.mounts.add(OciMount.bind(path, path, SiteEdits.BIND_OPTIONS));
        }
    }
}

package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.OciMount;
import dev.hpcenv.shim.error.ShimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The AWS OFI NCCL plugin build chosen by {@code com.hooks.aws_ofi_nccl.variant} (cuda12, cuda13,
 * cuda-dl, rocm5, rocm6, ...): the site maps each variant to a host directory, bound at
 * {@value #TARGET} with its {@code lib} first in {@code LD_LIBRARY_PATH} so NCCL finds
 * {@code libnccl-net.so}. The NCCL and libfabric variables come from the hook's site settings.
 * With a network stack artifact ({@link NetstackSource}) the variant is ignored and the
 * artifact's {@code libnccl-net.so} is bound into {@value #TARGET}{@code /lib} instead.
 */
final class OfiNcclVariant implements HookPreparation {
    static final String VARIANT = "com.hooks.aws_ofi_nccl.variant";
    static final String TARGET = "/opt/hpcenv/hooks/aws_ofi_nccl";

    static final String PLUGIN = "libnccl-net.so";

    @Override
    public void prepare(HookInput in, BundleDraft draft) {
        if (in.netstackArtifact() != null) {
            // "When using network stack artifacts, the variant annotation is ignored": artifacts carry a
            // dynamically linked plugin, found by its file name in the hook's library directory.
            Path plugin = in.netstackArtifact().resolve(PLUGIN);
            if (!Files.isRegularFile(plugin)) {
                throw ShimException.usage(
                        "network stack artifact " + in.netstackArtifact() + " has no " + PLUGIN,
                        "choose another artifact with com.hooks.netstack.version/.name, or set"
                                + " com.hooks.netstack.source = \"host\"");
            }
            draft.mounts.add(OciMount.bind(plugin.toString(), TARGET + "/lib/" + PLUGIN, SiteEdits.BIND_OPTIONS));
            SiteEdits.prepend(Map.of("LD_LIBRARY_PATH", TARGET + "/lib"), draft.env);
            return;
        }
        Map<String, String> variants = new java.util.TreeMap<>(in.settings().variants());
        String chosen = in.annotations()
                .getOrDefault(VARIANT, in.settings().setting("default_variant").orElse(null));
        if (chosen == null) {
            throw ShimException.environment(
                    "hook " + in.name() + " needs annotation " + VARIANT,
                    "set it to one of: " + String.join(", ", variants.keySet()));
        }
        String dir = variants.get(chosen);
        if (dir == null) {
            throw ShimException.environment(
                    "unknown " + VARIANT + " \"" + chosen + "\"",
                    "available on this system: "
                            + (variants.isEmpty() ? "none" : String.join(", ", variants.keySet())));
        }
        if (!Files.isDirectory(Path.of(dir))) {
            throw ShimException.usage(
                    "hook " + in.name() + ": variant " + chosen + " directory " + dir + " (hooks." + in.name()
                            + ".variants) is not on this node",
                    "install the plugin or fix shim.toml");
        }
        draft.mounts.add(OciMount.bind(dir, TARGET, SiteEdits.BIND_OPTIONS));
        SiteEdits.prepend(Map.of("LD_LIBRARY_PATH", TARGET + "/lib"), draft.env);
    }
}

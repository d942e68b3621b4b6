package dev.hpcenv.shim.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The site's hook policy ({@code [hooks]} and {@code [annotations]} in shim.toml).
 *
 * @param dir            the hooks.d directory (OCI hooks.d JSON files); empty: no hooks
 * @param timeoutSeconds timeout for hooks whose file gives none
 * @param defaults       annotations every environment gets unless it sets them itself
 * @param aliases        alternative annotation names (the paper's spellings) -> the name hooks match
 * @param implications   annotations that switch on others ({@code aws_ofi_nccl} enables {@code cxi})
 * @param deny           regular expressions of annotation names users may not set (besides the
 *                       built-in {@code run.oci.*} and {@code org.hpcenv.*})
 * @param hooks          settings per hook name (the hooks.d file name without {@code .json})
 */
public record HookSiteConfig(
        Optional<Path> dir,
        int timeoutSeconds,
        Map<String, String> defaults,
        Map<String, String> aliases,
        List<Implication> implications,
        List<String> deny,
        Map<String, HookSettings> hooks) {
    public static final HookSiteConfig NONE =
            new HookSiteConfig(Optional.empty(), 60, Map.of(), Map.of(), List.of(), List.of(), Map.of());

    /** When annotation {@code key} has {@code value}, the annotations {@code sets} apply (unless the user set them). */
    public record Implication(String key, String value, Map<String, String> sets) {}

    public HookSettings settings(String hookName) {
        return hooks.getOrDefault(hookName, HookSettings.NONE);
    }
}

package dev.hpcenv.shim.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the site says about one hook ({@code [hooks.NAME]} in shim.toml): host paths to bind,
 * host libraries that replace the image's, and the environment the shim sets before the
 * container is created (an OCI hook cannot change it afterwards).
 *
 * @param binds      host paths bound at the same path in the container, or {@code HOST:CONTAINER};
 *                   a trailing {@code *} in the file name is a glob; missing host paths are skipped
 * @param libraries  host libraries that replace the image's copies (same file name) and are also
 *                   put in the hook's own library directory, which an ld.so.conf.d drop-in lists
 * @param env        variables set in the container
 * @param prependEnv path-list variables extended at the front ({@code LD_LIBRARY_PATH})
 * @param variants   named host directories, selected by an annotation (AWS OFI NCCL builds)
 * @param users      host accounts (system users such as {@code slurm}) added to the container's
 *                   /etc/passwd and /etc/group, for tools that look them up
 * @param settings   the hook's other scalar settings (default_variant, dropbear, port, ...)
 */
public record HookSettings(
        List<String> binds,
        List<String> libraries,
        Map<String, String> env,
        Map<String, String> prependEnv,
        Map<String, String> variants,
        List<String> users,
        Map<String, String> settings) {
    public static final HookSettings NONE =
            new HookSettings(List.of(), List.of(), Map.of(), Map.of(), Map.of(), List.of(), Map.of());

    public HookSettings {
        binds = List.copyOf(binds);
        libraries = List.copyOf(libraries);
        users = List.copyOf(users);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        prependEnv = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(prependEnv));
        variants = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variants));
        settings = Map.copyOf(settings);
    }

    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }
}

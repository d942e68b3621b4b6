package dev.hpcenv.shim.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The site's settings for the shim (from {@code /etc/hpcenv/shim.toml} or
 * {@code HPCENV_SHIM_CONFIG}), with defaults for everything.
 *
 * @param imageStore      store directory; empty means: EDF_IMAGESTORE, then $SCRATCH/.edf_imagestore, then
 *                        ~/.cache/hpcenv/images
 * @param runtime         OCI runtime binary (runc; crun where the kernel's cgroups allow it)
 * @param insecureRegistries registries reached over plain HTTP or with unverified TLS (host[:port])
 * @param credentials     netrc-style credentials file (enroot's .credentials); empty means the user's
 *                        ~/.config/enroot/.credentials
 * @param runtimeDir      node-local directory for mounts, bundles and runtime state (tmpfs preferred)
 * @param tempDir         node-local scratch for pulls and builds (never a shared file system)
 * @param tagCacheSeconds how long a tag-to-digest resolution is reused before asking the registry again
 * @param mountMode       kernel or FUSE Squashfs mounts
 * @param squashfs        how the store builds Squashfs files
 * @param tools           paths of the external tools
 * @param source          the file these settings came from; empty for built-in defaults
 * @param hooks           hooks.d directory, annotation policy and per-hook settings
 * @param preserveFdsEnv  variables naming inherited descriptors the container must get (Slurm's pmi2
 *                        PMI_FD): passed to the runtime as 3, 4, ... and renumbered in the environment
 * @param mountDeny       mount sources users may not bind ({@code [mounts] deny}); see {@code MountPolicy}
 * @param variables       the site's session variables ({@code [variables]}, e.g. SCRATCH), expanded; a
 *                        job's own value wins
 * @param progress        whether pull and build progress goes to stderr; empty: only on a terminal
 * @param devices         CDI spec directories and the device policy ({@code [devices]})
 */
public record SiteConfig(
        Optional<Path> imageStore,
        String runtime,
        Set<String> insecureRegistries,
        Optional<Path> credentials,
        Path runtimeDir,
        Path tempDir,
        MountMode mountMode,
        long tagCacheSeconds,
        SquashfsOptions squashfs,
        Tools tools,
        Optional<Path> source,
        HookSiteConfig hooks,
        List<String> preserveFdsEnv,
        List<String> mountDeny,
        Map<String, String> variables,
        Optional<Boolean> progress,
        DeviceSiteConfig devices) {
    public static final List<String> DEFAULT_PRESERVE_FDS_ENV = List.of("PMI_FD");

    public SiteConfig {
        preserveFdsEnv = List.copyOf(preserveFdsEnv);
        mountDeny = List.copyOf(mountDeny);
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** Settings without hooks, preserved descriptors beyond PMI_FD, mount deny list, variables or devices. */
    public SiteConfig(
            Optional<Path> imageStore,
            String runtime,
            Set<String> insecureRegistries,
            Optional<Path> credentials,
            Path runtimeDir,
            Path tempDir,
            MountMode mountMode,
            long tagCacheSeconds,
            SquashfsOptions squashfs,
            Tools tools,
            Optional<Path> source) {
        this(
                imageStore,
                runtime,
                insecureRegistries,
                credentials,
                runtimeDir,
                tempDir,
                mountMode,
                tagCacheSeconds,
                squashfs,
                tools,
                source,
                HookSiteConfig.NONE,
                DEFAULT_PRESERVE_FDS_ENV,
                List.of(),
                Map.of(),
                Optional.empty(),
                DeviceSiteConfig.DEFAULT);
    }

    public static SiteConfig defaults() {
        return new SiteConfig(
                Optional.empty(),
                "runc",
                Set.of(),
                Optional.empty(),
                defaultRuntimeDir(),
                defaultTempDir(),
                MountMode.AUTO,
                300,
                SquashfsOptions.DEFAULT,
                Tools.DEFAULT,
                Optional.empty());
    }

    public boolean isInsecure(String registry) {
        return insecureRegistries.contains(registry);
    }

    static Path defaultRuntimeDir() {
        Path shm = Path.of("/dev/shm");
        return shm.toFile().isDirectory() && shm.toFile().canWrite() ? shm : defaultTempDir();
    }

    static Path defaultTempDir() {
        String tmp = System.getenv("TMPDIR");
        return Path.of(tmp == null || tmp.isBlank() ? "/tmp" : tmp);
    }
}

package dev.hpcenv.shim.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The site's {@code [devices]} section of shim.toml.
 *
 * @param cdiSpecDirs  CDI specification directories, later ones winning ({@code /etc/cdi},
 *                     {@code /var/run/cdi} by default, as in the CDI reference implementation)
 * @param allowedCdi   CDI kinds environments may ask for ({@code vendor.com/class},
 *                     {@code vendor.com/*}, {@code *}); empty: every kind in the spec directories
 * @param allowedPaths raw device paths environments may ask for (globs); none by default
 */
public record DeviceSiteConfig(List<Path> cdiSpecDirs, Optional<List<String>> allowedCdi, List<String> allowedPaths) {
    public static final List<Path> DEFAULT_SPEC_DIRS = List.of(Path.of("/etc/cdi"), Path.of("/var/run/cdi"));
    public static final DeviceSiteConfig DEFAULT = new DeviceSiteConfig(DEFAULT_SPEC_DIRS, Optional.empty(), List.of());

    public DeviceSiteConfig {
        cdiSpecDirs = List.copyOf(cdiSpecDirs);
        allowedCdi = allowedCdi.map(List::copyOf);
        allowedPaths = List.copyOf(allowedPaths);
    }
}

package dev.hpcenv.shim.devices;

import dev.hpcenv.shim.error.ShimException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Optional;

/**
 * The site's {@code [devices]} policy: which CDI kinds and which raw device paths environments may
 * ask for. By default every kind in the site's CDI spec directories is allowed (the site wrote
 * them) and no raw device path is: a path names a node's device directly, so the site lists those
 * it means to give out.
 *
 * @param allowedCdi   {@code vendor.com/class}, {@code vendor.com/*} or {@code *}; empty: every kind
 * @param allowedPaths absolute paths, {@code *} and {@code ?} matching within a path component
 * @param origin       where the policy was configured (the site configuration's path), for refusals
 */
public record DevicePolicy(Optional<List<String>> allowedCdi, List<String> allowedPaths, String origin) {
    public static final DevicePolicy DEFAULT = new DevicePolicy(Optional.empty(), List.of(), "");

    public DevicePolicy {
        allowedCdi = allowedCdi.map(List::copyOf);
        allowedPaths = List.copyOf(allowedPaths);
    }

    void checkCdi(DeviceRequest r, CdiName name) {
        if (allowedCdi.isEmpty()) {
            return;
        }
        for (String entry : allowedCdi.get()) {
            if (entry.equals("*")
                    || entry.equals(name.kind())
                    || (entry.endsWith("/*")
                            && entry.substring(0, entry.length() - 2).equals(name.vendor()))) {
                return;
            }
        }
        throw ShimException.environment(
                r.where() + ": CDI device " + name + " is not allowed on this site (devices.allowed_cdi = "
                        + allowedCdi.get() + in() + ")",
                "ask the site's administrators; hpcenv-shim hooks lists what an environment's devices resolve to");
    }

    /** Both the path as written and what it resolves to must be listed: a link cannot widen the list. */
    void checkPath(DeviceRequest r, Path written, Path real) {
        if (matches(written) && matches(real)) {
            return;
        }
        String resolved = real.equals(written) ? "" : " (resolves to " + real + ")";
        throw ShimException.environment(
                r.where() + ": device path " + written + resolved
                        + " is not allowed on this site (devices.allowed_paths = " + allowedPaths + in() + ")",
                "use a CDI name for the device (hpcenv-shim hooks lists them), or ask the site's administrators to list the path");
    }

    private boolean matches(Path p) {
        for (String entry : allowedPaths) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + entry);
            if (m.matches(p)) {
                return true;
            }
        }
        return false;
    }

    private String in() {
        return origin.isEmpty() ? "" : " in " + origin;
    }
}

package dev.hpcenv.shim.devices;

import dev.hpcenv.edf.validate.Printable;
import dev.hpcenv.shim.error.ShimException;
import java.nio.file.Path;

/**
 * A device-path entry as Podman's {@code --device} takes it (the Sarus Suite EDF says entries are
 * values of that option): {@code HOST[:CONTAINER][:PERMISSIONS]}, e.g. {@code /dev/gdrdrv},
 * {@code /dev/fuse:/dev/fuse:r}.
 */
record DevicePath(Path host, Path container, String permissions) {
    static DevicePath parse(DeviceRequest r, String entry) {
        String[] parts = entry.split(":", -1);
        if (parts.length > 3) {
            throw bad(r, entry);
        }
        Path host = Path.of(parts[0]).normalize();
        Path container = host;
        String permissions = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("/") && i == 1) {
                container = Path.of(p).normalize();
            } else if (!p.isEmpty() && p.matches("[rwm]+") && i == parts.length - 1) {
                permissions = p;
            } else {
                throw bad(r, entry);
            }
        }
        return new DevicePath(host, container, permissions);
    }

    private static ShimException bad(DeviceRequest r, String entry) {
        return ShimException.environment(
                r.where() + ": device '" + Printable.of(entry) + "' is not HOST[:CONTAINER][:PERMISSIONS]",
                "e.g. /dev/gdrdrv, /dev/fuse:/dev/fuse:rw (permissions: r, w, m)");
    }
}

package dev.hpcenv.shim.bundle;

/**
 * A device for config.json's {@code linux.devices} and its device-cgroup allow rule in
 * {@code linux.resources.devices}.
 *
 * @param path     where the container sees it
 * @param type     {@code c}, {@code b}, {@code u} or {@code p}
 * @param fileMode mode bits, or null
 * @param uid      owner in the container, or null
 * @param gid      group in the container, or null
 * @param access   cgroup access ({@code rwm} by default; empty: no allow rule)
 */
public record OciDevice(
        String path, String type, long major, long minor, Integer fileMode, Long uid, Long gid, String access) {}

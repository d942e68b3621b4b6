package dev.hpcenv.shim.devices;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One CDI specification file, read and checked: its kind, the edits for every device it
 * declares, and its own spec-wide edits.
 *
 * @param file     where it was read
 * @param priority the index of its directory in the configured list: later directories win
 * @param version  {@code cdiVersion}
 * @param kind     {@code vendor.com/class}
 * @param edits    spec-wide {@code containerEdits}, applied once when any of its devices is used
 * @param devices  device name to its own edits, in the file's order
 */
public record CdiSpec(
        Path file, int priority, String version, String kind, CdiEdits edits, Map<String, CdiEdits> devices) {
    public CdiSpec {
        devices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(devices));
    }
}

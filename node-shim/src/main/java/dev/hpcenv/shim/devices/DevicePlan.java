package dev.hpcenv.shim.devices;

import java.util.List;

/**
 * What an environment's {@code devices} resolve to on this node: per entry, the devices it names,
 * and the edits to apply, each once (a spec's own edits once however many of its devices are used).
 */
public record DevicePlan(List<Entry> entries, List<Edits> edits) {
    public static final DevicePlan NONE = new DevicePlan(List.of(), List.of());

    public DevicePlan {
        entries = List.copyOf(entries);
        edits = List.copyOf(edits);
    }

    /** One {@code devices} entry and what it resolved to ({@code nvidia.com/gpu=0 from /etc/cdi/nvidia.yaml}). */
    public record Entry(DeviceRequest request, List<String> resolvesTo) {
        public Entry {
            resolvesTo = List.copyOf(resolvesTo);
        }
    }

    /**
     * Edits and what they are for, for errors when applying them fails.
     *
     * @param what  the device ({@code nvidia.com/gpu=0}), the spec ({@code nvidia.com/gpu}) or the path
     * @param from  the spec file, or the entry's origin for a device path
     */
    public record Edits(String what, String from, CdiEdits edits) {}
}

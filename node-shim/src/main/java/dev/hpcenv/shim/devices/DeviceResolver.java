package dev.hpcenv.shim.devices;

import dev.hpcenv.edf.validate.Printable;
import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.log.ShimLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns an environment's {@code devices} into a {@link DevicePlan}, or fails with one line naming
 * the entry: a CDI name no spec declares (with the kinds and names that exist), a device path that
 * is not a device node on this node, or what the site's policy refuses. The CDI directories are
 * read only when an entry is a CDI name.
 */
public final class DeviceResolver {
    private final List<Path> specDirs;
    private final DevicePolicy policy;
    private CdiRegistry registry;
    private boolean warned;

    private final SpecTrust trust;

    public DeviceResolver(List<Path> specDirs, DevicePolicy policy) {
        this(specDirs, policy, SpecTrust.ROOT_OWNED);
    }

    DeviceResolver(List<Path> specDirs, DevicePolicy policy, SpecTrust trust) {
        this.specDirs = List.copyOf(specDirs);
        this.policy = policy;
        this.trust = trust;
    }

    /** The registry the resolver reads (scanned on first use). */
    public CdiRegistry registry() {
        if (registry == null) {
            registry = CdiRegistry.scan(specDirs, trust);
        }
        return registry;
    }

    public DevicePlan resolve(List<DeviceRequest> requests) {
        if (requests.isEmpty()) {
            return DevicePlan.NONE;
        }
        List<DevicePlan.Entry> entries = new ArrayList<>();
        Map<String, DevicePlan.Edits> deviceEdits = new LinkedHashMap<>();
        Map<Path, DevicePlan.Edits> specEdits = new LinkedHashMap<>();
        for (DeviceRequest r : requests) {
            String entry = r.entry().strip();
            if (entry.startsWith("/")) {
                DevicePath dp = DevicePath.parse(r, entry);
                Path written = dp.host();
                Path real = devicePath(r, written);
                policy.checkPath(r, written, real);
                CdiEdits node = new CdiEdits(
                        List.of(),
                        List.of(new CdiEdits.DeviceNode(
                                dp.container().toString(),
                                written.toString(),
                                null,
                                null,
                                null,
                                null,
                                dp.permissions(),
                                null,
                                null)),
                        List.of(),
                        List.of(),
                        List.of(),
                        false,
                        List.of());
                String label = dp.container().equals(written) ? written.toString() : written + " -> " + dp.container();
                deviceEdits.putIfAbsent(label, new DevicePlan.Edits(label, r.where(), node));
                entries.add(new DevicePlan.Entry(
                        r,
                        List.of(written
                                + (real.equals(written) ? "" : " (" + real + ")")
                                + (dp.container().equals(written) ? "" : " at " + dp.container()))));
            } else if (CdiName.looksLikeCdi(entry)) {
                CdiName name = parse(r, entry);
                List<CdiRegistry.Device> found = lookup(r, name);
                policy.checkCdi(r, name);
                List<String> to = new ArrayList<>();
                for (CdiRegistry.Device d : found) {
                    String qualified = d.spec().kind() + "=" + d.name();
                    to.add(qualified + " (" + d.spec().file() + ")");
                    deviceEdits.putIfAbsent(
                            qualified,
                            new DevicePlan.Edits(qualified, d.spec().file().toString(), d.edits()));
                    specEdits.putIfAbsent(
                            d.spec().file(),
                            new DevicePlan.Edits(
                                    d.spec().kind(),
                                    d.spec().file().toString(),
                                    d.spec().edits()));
                }
                entries.add(new DevicePlan.Entry(r, to));
            } else {
                throw ShimException.environment(
                        r.where() + ": '" + Printable.of(entry) + "' is neither a device path nor a CDI name",
                        "write a device path (/dev/gdrdrv) or a CDI name (vendor.com/class=name, e.g. nvidia.com/gpu=all)");
            }
        }
        // The CDI reference applies the devices' edits, then each spec's own.
        List<DevicePlan.Edits> edits = new ArrayList<>(deviceEdits.values());
        edits.addAll(specEdits.values());
        return new DevicePlan(entries, edits);
    }

    private static CdiName parse(DeviceRequest r, String entry) {
        try {
            return CdiName.parse(entry);
        } catch (IllegalArgumentException e) {
            throw ShimException.environment(
                    r.where() + ": CDI name " + e.getMessage(),
                    "a CDI name is vendor.com/class=name, e.g. nvidia.com/gpu=all");
        }
    }

    private List<CdiRegistry.Device> lookup(DeviceRequest r, CdiName name) {
        CdiRegistry reg = registry();
        Optional<String> conflict = reg.conflict(name);
        if (conflict.isPresent()) {
            throw ShimException.environment(
                    r.where() + ": CDI device " + name + " cannot be used: " + conflict.get(),
                    "the site's CDI specifications must declare each device once per directory");
        }
        List<CdiRegistry.Device> found = reg.lookup(name);
        if (!found.isEmpty()) {
            warnProblems(reg);
            return found;
        }
        String unknown = reg.kinds().contains(name.kind())
                ? "unknown CDI device " + name
                : "unknown CDI device " + name + " (no specification declares " + name.kind() + ")";
        String dirs = reg.dirs().stream().map(Path::toString).collect(Collectors.joining(", "));
        String problems = reg.problems().isEmpty()
                ? ""
                : "; unusable there: " + reg.problems().get(0)
                        + (reg.problems().size() > 1 ? " and " + (reg.problems().size() - 1) + " more" : "");
        throw ShimException.environment(
                r.where() + ": " + unknown + "; known: " + reg.known(),
                "the site's CDI specifications are read from " + dirs + " (devices.cdi_spec_dirs)" + problems);
    }

    /** Devices were found, but a broken file beside them is the site's to know about (once per run). */
    private void warnProblems(CdiRegistry reg) {
        if (!warned) {
            warned = true;
            for (String p : reg.problems()) {
                ShimLog.warn("cdi.spec-unusable", "CDI specification not used: " + p, "problem", p);
            }
        }
    }

    /** The path resolved, after checking it is a device node that exists here. */
    private static Path devicePath(DeviceRequest r, Path written) {
        if (!Files.exists(written)) {
            throw ShimException.environment(
                    r.where() + ": device " + written + " does not exist on this node",
                    "run where the device is, or remove it from the environment's devices");
        }
        try {
            if (HostDevice.stat(written).isEmpty()) {
                throw ShimException.environment(
                        r.where() + ": " + written + " is not a device node", "devices lists device files (/dev/...)");
            }
            return written.toRealPath();
        } catch (IOException e) {
            throw ShimException.environment(
                    r.where() + ": device " + written + " cannot be inspected: " + IoErrors.describe(e), null);
        }
    }
}

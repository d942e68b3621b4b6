package dev.hpcenv.shim.devices;

import dev.hpcenv.shim.config.SiteConfig;
import java.util.ArrayList;
import java.util.List;

/** The shim's entry to devices: an environment's {@code devices} against the site's CDI directories and policy. */
public final class ContainerDevices {
    private ContainerDevices() {}

    /** A resolver for this site (the CDI directories are read on first use). */
    public static DeviceResolver resolver(SiteConfig config) {
        return new DeviceResolver(
                config.devices().cdiSpecDirs(),
                new DevicePolicy(
                        config.devices().allowedCdi(),
                        config.devices().allowedPaths(),
                        config.source().map(Object::toString).orElse("")));
    }

    /**
     * The entries paired with where they were written; an entry without a known origin (there should
     * be none) is named by its index in {@code fallbackSource}.
     */
    public static List<DeviceRequest> requests(List<String> entries, List<String> origins, String fallbackSource) {
        List<DeviceRequest> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = origins.size() == entries.size() ? origins.get(i) : fallbackSource + ": devices[" + i + "]";
            out.add(new DeviceRequest(entries.get(i), where));
        }
        return out;
    }
}

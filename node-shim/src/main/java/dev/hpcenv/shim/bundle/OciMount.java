package dev.hpcenv.shim.bundle;

import java.util.List;

/** One entry of config.json's {@code mounts}. */
public record OciMount(String destination, String type, String source, List<String> options) {
    public OciMount {
        options = List.copyOf(options);
    }

    public static OciMount bind(String source, String destination, List<String> options) {
        return new OciMount(destination, "bind", source, options);
    }
}

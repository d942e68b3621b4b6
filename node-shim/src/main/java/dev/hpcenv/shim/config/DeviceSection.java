package dev.hpcenv.shim.config;

import dev.hpcenv.edf.validate.Printable;
import dev.hpcenv.shim.error.ShimException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** Parses shim.toml's {@code [devices]} into flat values and builds {@link DeviceSiteConfig} from them. */
final class DeviceSection {
    static final String SPEC_DIRS = "devices.cdi_spec_dirs";
    static final String ALLOWED_CDI = "devices.allowed_cdi";
    static final String ALLOWED_PATHS = "devices.allowed_paths";
    private static final Set<String> KEYS = Set.of("cdi_spec_dirs", "allowed_cdi", "allowed_paths");
    private static final Pattern KIND = Pattern.compile("\\*|[A-Za-z][A-Za-z0-9._-]*/(\\*|[A-Za-z0-9][A-Za-z0-9._-]*)");

    private DeviceSection() {}

    static void parse(Path file, TomlTable t, Map<String, SiteConfigValue> out) {
        for (String sub : t.keySet()) {
            int line = t.inputPositionOf(sub).line();
            String key = "devices." + sub;
            if (!KEYS.contains(sub)) {
                throw ShimException.usage(
                        file + ":" + line + ": unknown key '" + key + "'",
                        "known keys: " + String.join(", ", new TreeSet<>(KEYS)));
            }
            if (!t.isArray(sub)) {
                throw bad(file, line, key, "must be an array of strings");
            }
            TomlArray arr = t.getArray(sub);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < arr.size(); i++) {
                if (!(arr.get(i) instanceof String s)) {
                    throw bad(file, line, key + "[" + i + "]", "must be a string");
                }
                boolean ok = sub.equals("allowed_cdi") ? KIND.matcher(s).matches() : s.startsWith("/");
                if (!ok) {
                    throw bad(
                            file,
                            line,
                            key + "[" + i + "]",
                            "'" + Printable.of(s) + "' must be "
                                    + (sub.equals("allowed_cdi")
                                            ? "vendor.com/class, vendor.com/* or *"
                                            : "an absolute path"));
                }
                values.add(s);
            }
            out.put(key, SiteConfigValue.list(line, values));
        }
    }

    static DeviceSiteConfig build(Map<String, SiteConfigValue> v) {
        return new DeviceSiteConfig(
                v.containsKey(SPEC_DIRS)
                        ? v.get(SPEC_DIRS).list().stream().map(Path::of).toList()
                        : DeviceSiteConfig.DEFAULT_SPEC_DIRS,
                Optional.ofNullable(v.get(ALLOWED_CDI)).map(SiteConfigValue::list),
                v.containsKey(ALLOWED_PATHS) ? v.get(ALLOWED_PATHS).list() : List.of());
    }

    private static ShimException bad(Path file, int line, String key, String what) {
        return ShimException.usage(
                file + ":" + line + ": '" + key + "' " + what, "see docs/hooks.md, \"Devices and CDI\"");
    }
}

package dev.hpcenv.edf.parse;

import dev.hpcenv.edf.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlVersion;

/**
 * Recognises hpcenv-shim's site configuration ({@code /etc/hpcenv/shim.toml}), which is TOML too and
 * lives beside EDFs in the examples: checked as an EDF it would give a screenful of misleading type
 * errors. A file is one when it has a key only the site configuration has and no EDF key that the
 * site configuration lacks.
 */
public final class ShimSiteFile {
    /** Top-level keys of shim.toml (docs/node-shim.md#site-configuration) that no EDF has. */
    private static final Set<String> SHIM_ONLY_KEYS = Set.of(
            "hooks",
            "image_store",
            "runtime",
            "runtime_dir",
            "temp_dir",
            "mount_mode",
            "insecure_registries",
            "squashfs",
            "tag_cache_seconds",
            "preserve_fds_env",
            "credentials");
    /**
     * Keys an EDF has and shim.toml does not. {@code devices} is in both: an EDF's is an array, the site's
     * policy a table ({@code [devices]}).
     */
    private static final Set<String> EDF_ONLY_KEYS =
            Set.of("image", "base_environment", "containerfile", "workdir", "entrypoint", "writable", "env");
    /** Files larger than this are not read to recognise them (a site configuration is a few KiB). */
    private static final long MAX_BYTES = 1 << 20;

    private ShimSiteFile() {}

    public static boolean matches(TomlParseResult toml) {
        Set<String> keys = toml.keySet();
        boolean edfDevices = toml.contains("devices") && !toml.isTable("devices");
        return (keys.stream().anyMatch(SHIM_ONLY_KEYS::contains) || toml.isTable("devices"))
                && keys.stream().noneMatch(EDF_ONLY_KEYS::contains)
                && !edfDevices;
    }

    /** Whether {@code file} is a readable site configuration; any problem reading it means no. */
    public static boolean isOne(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return false;
            }
            TomlParseResult toml = Toml.parse(Files.readString(file), TomlVersion.V1_0_0);
            return !toml.hasErrors() && matches(toml);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The one line that says what the file is and where it is checked. */
    public static Diagnostic notAnEdf(String displayName) {
        return Diagnostic.error(
                displayName,
                0,
                0,
                "an hpcenv-shim site configuration, not an EDF",
                "check it on a node with HPCENV_SHIM_CONFIG=" + displayName + " hpcenv-shim selftest");
    }
}

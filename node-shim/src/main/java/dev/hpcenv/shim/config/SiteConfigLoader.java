package dev.hpcenv.shim.config;

import dev.hpcenv.edf.validate.EnvironmentRules;
import dev.hpcenv.edf.validate.Printable;
import dev.hpcenv.edf.validate.RuleViolation;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.spec.LoginVariables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the site configuration; every mistake is reported with the file, line and key. The TOML
 * is parsed once per change of the file ({@link SiteConfigCache}); values are expanded
 * ({@code ${VAR}}) on every load, in the caller's environment.
 */
public final class SiteConfigLoader {
    public static final Path DEFAULT_PATH = Path.of("/etc/hpcenv/shim.toml");
    public static final String ENV_OVERRIDE = "HPCENV_SHIM_CONFIG";
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Map<String, String> processEnv;
    private final SiteConfigCache cache;

    public SiteConfigLoader(Map<String, String> processEnv, SiteConfigCache cache) {
        this.processEnv = processEnv;
        this.cache = cache;
    }

    /** The configured file, the default file when present, or built-in defaults. */
    public SiteConfig load() {
        String override = processEnv.get(ENV_OVERRIDE);
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            if (!Files.isReadable(p)) {
                throw ShimException.usage(
                        ENV_OVERRIDE + "=" + override + ": file not found or not readable",
                        "point it at the site's shim.toml or unset it");
            }
            return load(p);
        }
        return Files.isReadable(DEFAULT_PATH) ? load(DEFAULT_PATH) : SiteConfig.defaults();
    }

    public SiteConfig load(Path file) {
        Map<String, SiteConfigValue> values = cache.lookup(file).orElseGet(() -> {
            Map<String, SiteConfigValue> parsed = SiteConfigParser.parse(file);
            cache.store(file, parsed);
            return parsed;
        });
        return build(file, values);
    }

    SiteConfig build(Path file, Map<String, SiteConfigValue> v) {
        Map<String, String> variables = variables(file, v);
        // Settings may use the site's variables (image_store = "${SCRATCH}/..."); the job's own values win.
        Map<String, String> scope = new java.util.HashMap<>(variables);
        scope.putAll(processEnv);
        return build(file, v, scope, variables);
    }

    private SiteConfig build(
            Path file, Map<String, SiteConfigValue> v, Map<String, String> scope, Map<String, String> variables) {
        SiteConfig d = SiteConfig.defaults();
        SquashfsOptions sq = d.squashfs();
        sq = new SquashfsOptions(
                str(v, "squashfs.compression", sq.compression(), file, scope),
                v.containsKey("squashfs.level")
                        ? Integer.valueOf((int) v.get("squashfs.level").number())
                        : sq.level(),
                str(v, "squashfs.block_size", sq.blockSize(), file, scope));
        Tools t = d.tools();
        t = new Tools(
                str(v, "tools.skopeo", t.skopeo(), file, scope),
                str(v, "tools.umoci", t.umoci(), file, scope),
                str(v, "tools.mksquashfs", t.mksquashfs(), file, scope),
                str(v, "tools.squashfuse", t.squashfuse(), file, scope),
                str(v, "tools.fuse_overlayfs", t.fuseOverlayfs(), file, scope),
                str(v, "tools.fusermount", t.fusermount(), file, scope),
                str(v, "tools.mount", t.mount(), file, scope),
                str(v, "tools.umount", t.umount(), file, scope),
                str(v, "tools.buildah", t.buildah(), file, scope));
        String mode = str(v, "mount_mode", null, file, scope);
        MountMode mountMode;
        try {
            mountMode = mode == null ? d.mountMode() : MountMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw ShimException.usage(
                    file + ":" + v.get("mount_mode").line() + ": mount_mode: " + e.getMessage(), null);
        }
        Set<String> insecure = new LinkedHashSet<>(
                v.containsKey("insecure_registries")
                        ? v.get("insecure_registries").list()
                        : List.of());
        return new SiteConfig(
                Optional.ofNullable(str(v, "image_store", null, file, scope)).map(Path::of),
                str(v, "runtime", d.runtime(), file, scope),
                insecure,
                Optional.ofNullable(str(v, "credentials", null, file, scope)).map(Path::of),
                Path.of(str(v, "runtime_dir", d.runtimeDir().toString(), file, scope)),
                Path.of(str(v, "temp_dir", d.tempDir().toString(), file, scope)),
                mountMode,
                v.containsKey("tag_cache_seconds") ? v.get("tag_cache_seconds").number() : d.tagCacheSeconds(),
                sq,
                t,
                Optional.of(file),
                HookSections.build(v),
                preserveFdsEnv(v, file),
                v.containsKey("mounts.deny") ? v.get("mounts.deny").list() : List.of(),
                variables,
                v.containsKey("progress")
                        ? Optional.of(Boolean.parseBoolean(v.get("progress").text()))
                        : Optional.empty(),
                DeviceSection.build(v));
    }

    /**
     * {@code [variables]}, each expanded with the login variables alone ({@code ${USER}},
     * {@code ${HOME}}, ...): no shell, no other variable, so a value means the same for every job.
     * A login variable this user lacks (no account entry) leaves the site variable undefined: only
     * a job that uses it fails, naming it.
     */
    private Map<String, String> variables(Path file, Map<String, SiteConfigValue> v) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        v.forEach((key, value) -> {
            if (key.startsWith("variables/")) {
                String name = key.substring("variables/".length());
                Matcher m = VAR.matcher(value.text());
                StringBuilder sb = new StringBuilder();
                boolean defined = true;
                while (m.find()) {
                    String ref = m.group(1);
                    if (!LoginVariables.NAMES.contains(ref)) {
                        throw ShimException.usage(
                                file + ":" + value.line() + ": variables." + name + " uses ${" + ref
                                        + "}, which a site variable cannot use",
                                "site variables may use "
                                        + LoginVariables.NAMES.stream()
                                                .map(n -> "${" + n + "}")
                                                .collect(Collectors.joining(", ")));
                    }
                    String val = processEnv.get(ref);
                    defined &= val != null && !val.isEmpty();
                    m.appendReplacement(sb, Matcher.quoteReplacement(val == null ? "" : val));
                }
                m.appendTail(sb);
                if (defined) {
                    out.put(name, sb.toString());
                }
            }
        });
        return out;
    }

    /** Variable names only: their values are descriptor numbers, checked at each run. */
    private static List<String> preserveFdsEnv(Map<String, SiteConfigValue> v, Path file) {
        SiteConfigValue value = v.get("preserve_fds_env");
        if (value == null) {
            return SiteConfig.DEFAULT_PRESERVE_FDS_ENV;
        }
        for (String name : value.list()) {
            Optional<RuleViolation> badName = EnvironmentRules.variableName(name);
            if (badName.isPresent()) {
                throw ShimException.usage(
                        file + ":" + value.line() + ": preserve_fds_env: '" + Printable.of(name) + "': "
                                + badName.get().message(),
                        "list environment variable names, e.g. [\"PMI_FD\"]");
            }
        }
        return List.copyOf(value.list());
    }

    private static String str(
            Map<String, SiteConfigValue> v, String key, String fallback, Path file, Map<String, String> scope) {
        SiteConfigValue value = v.get(key);
        return value == null ? fallback : expand(value.text(), key, value.line(), file, scope);
    }

    /** Site paths may name per-user locations, e.g. {@code ${SCRATCH}/.edf_imagestore}. */
    private static String expand(String value, String key, int line, Path file, Map<String, String> scope) {
        Matcher m = VAR.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String val = scope.get(m.group(1));
            if (val == null) {
                throw ShimException.usage(
                        file + ":" + line + ": '" + key + "' uses ${" + m.group(1) + "}, which is not set",
                        "set the variable or change the site configuration");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(val));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}

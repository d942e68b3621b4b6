package dev.hpcenv.shim.hooks;

import dev.hpcenv.edf.validate.HookAnnotationValues;
import dev.hpcenv.shim.config.HookSettings;
import dev.hpcenv.shim.config.HookSiteConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the network hooks ({@code cxi}, {@code aws_ofi_nccl}) take the network stack from
 * (CSCS's {@code com.hooks.netstack.source}): {@code host}, the libraries their site settings
 * name; or {@code artifact}, a network stack built for containers, installed by the site as
 * {@code ARTIFACTS/ARCH/VERSION/NAME/} ({@code [hooks.netstack] artifacts}), selected by
 * {@code com.hooks.netstack.version} and {@code .name} (symbolic links such as {@code latest}
 * and {@code default} followed, never out of the artifacts directory). The source, version and
 * name a system uses by default are {@code [annotations.defaults]}, like any annotation.
 *
 * @param source   {@code host} or {@code artifact}
 * @param artifact the artifact's real directory when the source is {@code artifact} and it exists
 * @param problem  why the artifact cannot be used (one line), or null
 * @param hint     what to do about the problem
 */
record NetstackSource(String source, Path artifact, String problem, String hint) {
    static final String SETTINGS = "netstack";
    static final Set<String> NETWORK_HOOKS = Set.of("cxi", "aws_ofi_nccl");
    static final String DEFAULT_VERSION = "latest";
    static final String DEFAULT_NAME = "default";
    // An error stays one readable line however many artifacts a site keeps.
    private static final int MAX_LISTED = 20;

    /** The choice for these effective annotations; nothing is thrown, a problem is part of the answer. */
    static NetstackSource choose(HookSiteConfig site, Map<String, String> annotations) {
        String source = annotations.getOrDefault(HookAnnotationValues.NETSTACK_SOURCE, "host");
        if (!source.equals("artifact")) {
            return new NetstackSource(source, null, null, null);
        }
        HookSettings s = site.settings(SETTINGS);
        String version = annotations.getOrDefault(HookAnnotationValues.NETSTACK_VERSION, DEFAULT_VERSION);
        String name = annotations.getOrDefault(HookAnnotationValues.NETSTACK_NAME, DEFAULT_NAME);
        String switchBack = "or set " + HookAnnotationValues.NETSTACK_SOURCE + " = \"host\"";
        if (s.setting("artifacts").isEmpty()) {
            return failed(
                    HookAnnotationValues.NETSTACK_SOURCE + " = \"artifact\", but this system has no network stack"
                            + " artifacts (hooks.netstack.artifacts is not set in shim.toml)",
                    "set " + HookAnnotationValues.NETSTACK_SOURCE + " = \"host\"");
        }
        Path root = Path.of(s.setting("artifacts").get());
        String arch = s.setting("arch").orElseGet(NetstackSource::machine);
        Path archDir = root.resolve(arch);
        if (!Files.isDirectory(archDir)) {
            return failed("no network stack artifacts for " + arch + " in " + root, switchBack);
        }
        Path versionDir = archDir.resolve(version);
        if (!Files.isDirectory(versionDir)) {
            return failed(
                    "unknown network stack artifact version \"" + version + "\" ("
                            + HookAnnotationValues.NETSTACK_VERSION + "); available: "
                            + String.join(", ", entries(archDir)),
                    "set " + HookAnnotationValues.NETSTACK_VERSION + " to one of them, " + switchBack);
        }
        Path nameDir = versionDir.resolve(name);
        if (!Files.isDirectory(nameDir)) {
            return failed(
                    "unknown network stack artifact name \"" + name + "\" (" + HookAnnotationValues.NETSTACK_NAME
                            + ") in version " + version + "; available: " + String.join(", ", entries(versionDir)),
                    "set " + HookAnnotationValues.NETSTACK_NAME + " to one of them, " + switchBack);
        }
        try {
            Path real = nameDir.toRealPath();
            // Version and name are single names (HookAnnotationValues), but the site's links could point anywhere.
            if (!real.startsWith(root.toRealPath())) {
                return failed(
                        "network stack artifact " + version + "/" + name + " leads out of " + root + " (to " + real
                                + ")",
                        "fix the site's artifacts directory, " + switchBack);
            }
            return new NetstackSource(source, real, null, null);
        } catch (IOException e) {
            return failed("cannot read network stack artifact " + nameDir + ": " + e.getMessage(), switchBack);
        }
    }

    /** One line for {@code hpcenv-shim hooks}. */
    String describe() {
        if (problem != null) {
            return "error: " + problem;
        }
        return artifact == null ? source : "artifact " + artifact;
    }

    /** {@code libraries} of a network hook taken from the artifact: its files of the same names, where it has them. */
    List<String> artifactLibraries(List<String> hostLibraries) {
        return hostLibraries.stream()
                .map(l -> artifact.resolve(Path.of(l).getFileName().toString()))
                .filter(Files::isRegularFile)
                .map(Path::toString)
                .toList();
    }

    private static NetstackSource failed(String problem, String hint) {
        return new NetstackSource("artifact", null, problem, hint);
    }

    // As uname -m prints it: the directory names of the CSCS installation (aarch64, x86_64).
    private static String machine() {
        String arch = System.getProperty("os.arch");
        return arch.equals("amd64") ? "x86_64" : arch.equals("arm64") ? "aarch64" : arch;
    }

    private static List<String> entries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
            if (names.size() > MAX_LISTED) {
                List<String> shown = new java.util.ArrayList<>(names.subList(0, MAX_LISTED));
                shown.add("... (" + (names.size() - MAX_LISTED) + " more in " + dir + ")");
                return shown;
            }
            return names.isEmpty() ? List.of("none") : names;
        } catch (IOException e) {
            return List.of("none (" + e.getMessage() + ")");
        }
    }
}

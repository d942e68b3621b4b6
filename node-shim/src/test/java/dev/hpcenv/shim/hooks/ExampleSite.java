package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.config.SiteConfig;
import dev.hpcenv.shim.config.SiteConfigCache;
import dev.hpcenv.shim.config.SiteConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** examples/site copied into a test directory, its hooks.dir pointing at the copy, plus extra TOML. */
final class ExampleSite {
    static final Path SOURCE = Path.of(System.getProperty("hpcenv.root", ".."))
            .toAbsolutePath()
            .normalize()
            .resolve("examples/site");

    private ExampleSite() {}

    static Path copy(Path dir, String replace, String with) throws IOException {
        Path hooks = Files.createDirectories(dir.resolve("hooks.d"));
        try (Stream<Path> s = Files.list(SOURCE.resolve("hooks.d"))) {
            for (Path f : s.toList()) {
                Files.copy(f, hooks.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String toml = Files.readString(SOURCE.resolve("shim.toml"))
                .replace("dir = \"/etc/hpcenv/hooks.d\"", "dir = \"" + hooks + "\"");
        if (replace != null) {
            // "(?s)..." is a regular expression, anything else literal text.
            String pattern = replace.startsWith("(?s)") ? replace : java.util.regex.Pattern.quote(replace);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(pattern).matcher(toml);
            if (!m.find()) {
                throw new IllegalArgumentException("examples/site/shim.toml has no " + replace);
            }
            toml = m.replaceFirst(java.util.regex.Matcher.quoteReplacement(with));
        }
        return Files.writeString(dir.resolve("shim.toml"), toml);
    }

    static SiteConfig load(Path dir) throws IOException {
        return load(dir, null, null);
    }

    static SiteConfig load(Path dir, String replace, String with) throws IOException {
        return new SiteConfigLoader(Map.of(), SiteConfigCache.disabled()).load(copy(dir, replace, with));
    }
}

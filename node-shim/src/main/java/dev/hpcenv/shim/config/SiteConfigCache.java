package dev.hpcenv.shim.config;

import dev.hpcenv.shim.state.PrivateDirectory;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The parsed site configuration, kept per user on node-local tmpfs and reused while the file's
 * path, size and modification time are unchanged. Parsing TOML costs more than a whole warm
 * start otherwise allows (the parser's grammar tables are built at class initialisation).
 * Holds only what shim.toml says; nothing secret (credentials are a path).
 */
public final class SiteConfigCache {
    private final Path file;
    private final long uid;

    /** A cache in {@code file}, trusted only while it and its directory belong to {@code uid} alone. */
    public SiteConfigCache(Path file, long uid) {
        this.file = file;
        this.uid = uid;
    }

    /** {@code /dev/shm/hpcenv-shim-UID/site-config.properties} (or under the temp dir without /dev/shm). */
    public static SiteConfigCache forUser(long uid) {
        return new SiteConfigCache(
                SiteConfig.defaultRuntimeDir().resolve("hpcenv-shim-" + uid).resolve("site-config.properties"), uid);
    }

    public static SiteConfigCache disabled() {
        return new SiteConfigCache(null, -1);
    }

    Optional<Map<String, SiteConfigValue>> lookup(Path config) {
        // The cache decides which runtime binary runs: never read one another user could have written.
        if (file == null
                || !Files.isRegularFile(file)
                || !PrivateDirectory.isTrusted(file.getParent(), uid)
                || !PrivateDirectory.isTrusted(file, uid)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            if (!stamp(config).equals(p.getProperty("#stamp"))) {
                return Optional.empty();
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        Map<String, SiteConfigValue> out = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("#")) {
                continue;
            }
            String[] parts = p.getProperty(key).split("\\|", 3);
            if (parts.length != 3) {
                return Optional.empty();
            }
            int line = Integer.parseInt(parts[1]);
            switch (parts[0]) {
                case "s" -> out.put(key, SiteConfigValue.string(line, parts[2]));
                case "n" -> out.put(key, SiteConfigValue.number(line, Long.parseLong(parts[2])));
                case "l" ->
                    out.put(
                            key,
                            SiteConfigValue.list(
                                    line,
                                    parts[2].isEmpty()
                                            ? List.of()
                                            : new ArrayList<>(Arrays.asList(parts[2].split("\n")))));
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(out);
    }

    void store(Path config, Map<String, SiteConfigValue> values) {
        if (file == null) {
            return;
        }
        Properties p = new Properties();
        try {
            p.setProperty("#stamp", stamp(config));
            values.forEach((k, v) -> p.setProperty(
                    k,
                    switch (v.kind()) {
                        case STRING -> "s|" + v.line() + "|" + v.text();
                        case NUMBER -> "n|" + v.line() + "|" + v.number();
                        case LIST -> "l|" + v.line() + "|" + String.join("\n", v.list());
                    }));
            Path dir = file.getParent();
            PrivateDirectory.ensure(dir, uid);
            Path tmp = Files.createTempFile(dir, ".site-config", ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, null);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written only costs the next start a parse.
        }
    }

    private static String stamp(Path config) throws IOException {
        Path abs = config.toAbsolutePath();
        return abs + "|" + Files.size(abs) + "|"
                + Files.getLastModifiedTime(abs).toMillis();
    }
}

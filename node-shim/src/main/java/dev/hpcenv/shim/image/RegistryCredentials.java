package dev.hpcenv.shim.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Registry logins from a netrc-style file (enroot's {@code .credentials}: {@code machine HOST login USER
 * password SECRET}). skopeo gets them through a private temporary auth file, never on its command
 * line (which other users can read in /proc). {@link Entry#toString()} hides the password.
 */
public final class RegistryCredentials {
    /** One machine entry. */
    public record Entry(String machine, String login, String password) {
        @Override
        public String toString() {
            return "Entry[machine=" + machine + ", login=" + login + ", password=***]";
        }
    }

    private final List<Entry> entries;

    private RegistryCredentials(List<Entry> entries) {
        this.entries = entries;
    }

    public static RegistryCredentials none() {
        return new RegistryCredentials(List.of());
    }

    /** Reads the file when it exists; a missing file means anonymous pulls. */
    public static RegistryCredentials read(Path file) throws IOException {
        if (file == null || !Files.isReadable(file)) {
            return none();
        }
        return parse(Files.readString(file));
    }

    static RegistryCredentials parse(String text) {
        List<Entry> out = new ArrayList<>();
        String machine = null;
        String login = null;
        String password = null;
        List<String> tokens = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("#")) {
                continue;
            }
            tokens.addAll(List.of(l.split("\\s+")));
        }
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            switch (t) {
                case "machine", "default" -> {
                    if (machine != null) {
                        out.add(new Entry(machine, login, password));
                    }
                    machine = t.equals("default") ? "*" : next;
                    login = null;
                    password = null;
                    if (t.equals("machine")) {
                        i++;
                    }
                }
                case "login" -> {
                    login = next;
                    i++;
                }
                case "password" -> {
                    password = next;
                    i++;
                }
                default -> {}
            }
        }
        if (machine != null) {
            out.add(new Entry(machine, login, password));
        }
        return new RegistryCredentials(out);
    }

    /** The entry for the registry host (and user, when the reference names one). */
    public Optional<Entry> find(String registry, String user) {
        String host = registry.contains(":") ? registry.substring(0, registry.indexOf(':')) : registry;
        for (String candidate : List.of(registry, host, "*")) {
            for (Entry e : entries) {
                if (e.machine().equals(candidate)
                        && e.login() != null
                        && e.password() != null
                        && (user == null || user.equals(e.login()))) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    /** Writes a containers-auth.json readable only by the caller; the caller deletes it. */
    public static Path writeAuthFile(Path dir, String registry, Entry entry) throws IOException {
        Path file = Files.createTempFile(
                dir,
                "auth",
                ".json",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String auth = Base64.getEncoder()
                .encodeToString((entry.login() + ":" + entry.password()).getBytes(StandardCharsets.UTF_8));
        String json = "{\"auths\":{\"" + registry.replace("\"", "") + "\":{\"auth\":\"" + auth + "\"}}}";
        Files.writeString(file, json);
        return file;
    }
}

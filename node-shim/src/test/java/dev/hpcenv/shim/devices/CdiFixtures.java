package dev.hpcenv.shim.devices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small CDI specs for the tests: one kind, named devices, each a node at the given path. */
final class CdiFixtures {
    private CdiFixtures() {}

    /** A JSON spec of {@code kind} whose device {@code names[i]} is the node {@code /dev/null}, plus {@code WHO=file}. */
    static Path spec(Path dir, String file, String kind, String... names) throws IOException {
        StringBuilder sb = new StringBuilder("{\"cdiVersion\": \"0.6.0\", \"kind\": \"" + kind + "\", \"devices\": [");
        for (int i = 0; i < names.length; i++) {
            sb.append(i == 0 ? "" : ", ")
                    .append("{\"name\": \"")
                    .append(names[i])
                    .append("\", \"containerEdits\": {\"env\": [\"WHO_")
                    .append(names[i].replaceAll("[^A-Za-z0-9]", "_"))
                    .append("=")
                    .append(file)
                    .append("\"], \"deviceNodes\": [{\"path\": \"/dev/null\"}]}}");
        }
        sb.append("], \"containerEdits\": {\"env\": [\"SPEC=").append(file).append("\"]}}");
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(file), sb.toString());
    }
}

package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.OciMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Host system accounts in the container's generated /etc/passwd and /etc/group (Slurm's
 * commands refuse a configuration whose SlurmUser they cannot resolve). Only the entries the site
 * names are copied, with their numeric ids, never a password field.
 */
final class HostAccounts {
    private HostAccounts() {}

    static void add(List<String> users, BundleDraft draft) throws IOException {
        if (users.isEmpty()) {
            return;
        }
        append(users, Path.of("/etc/passwd"), draft, "/etc/passwd");
        append(users, Path.of("/etc/group"), draft, "/etc/group");
    }

    private static void append(List<String> names, Path hostFile, BundleDraft draft, String target) throws IOException {
        Path generated = draft.mounts.stream()
                .filter(m -> m.destination().equals(target))
                .map(OciMount::source)
                .map(Path::of)
                .reduce((a, b) -> b)
                .orElse(null);
        if (generated == null || !Files.isWritable(generated) || !Files.isReadable(hostFile)) {
            return;
        }
        Set<String> present = Files.readAllLines(generated).stream()
                .map(l -> l.split(":", 2)[0])
                .collect(Collectors.toSet());
        StringBuilder add = new StringBuilder();
        for (String line : Files.readAllLines(hostFile)) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && names.contains(f[0]) && !present.contains(f[0])) {
                f[1] = "x";
                add.append(String.join(":", f)).append('\n');
            }
        }
        if (!add.isEmpty()) {
            String current = Files.readString(generated);
            Files.writeString(
                    generated, (current.isEmpty() || current.endsWith("\n") ? current : current + "\n") + add);
        }
    }
}

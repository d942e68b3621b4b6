package dev.hpcenv.shim.devices;

import dev.hpcenv.shim.error.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CDI devices of this node: every {@code .json} and {@code .yaml} file in the configured spec
 * directories, read once per run. As in the CDI reference implementation, a device declared in a
 * later directory replaces one of an earlier directory, and two files of one directory declaring
 * the same device make that device unusable (both files are named). A malformed file is
 * recorded with what is wrong and hides nothing else.
 */
public final class CdiRegistry {
    /** One device as it resolves: its spec (for the spec-wide edits) and its own edits. */
    public record Device(CdiSpec spec, String name, CdiEdits edits) {}

    private final List<Path> dirs;
    /** kind -> device name -> device, names in the order the files declare them. */
    private final Map<String, Map<String, Device>> devices = new TreeMap<>();
    /** kind=name -> why it cannot be used (declared by two files of one directory). */
    private final Map<String, String> conflicts = new LinkedHashMap<>();

    private final List<String> problems = new ArrayList<>();

    private CdiRegistry(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    /** Reads the directories in order of increasing priority; missing ones are skipped. */
    public static CdiRegistry scan(List<Path> dirs) {
        return scan(dirs, SpecTrust.ROOT_OWNED);
    }

    /** {@link #scan(List)} with another rule for which files may be used. */
    public static CdiRegistry scan(List<Path> dirs, SpecTrust trust) {
        CdiRegistry r = new CdiRegistry(dirs);
        List<CdiSpec> specs = new ArrayList<>();
        for (int priority = 0; priority < dirs.size(); priority++) {
            for (Path file : r.files(dirs.get(priority))) {
                Optional<String> untrusted = trust.problem(file);
                if (untrusted.isPresent()) {
                    r.problems.add(file + ": not trusted: " + untrusted.get()
                            + " (CDI specifications must be root's and writable by nobody else)");
                    continue;
                }
                try {
                    specs.add(CdiSpecReader.read(file, priority));
                } catch (CdiSpecReader.Malformed e) {
                    r.problems.add(e.getMessage());
                }
            }
        }
        r.settle(specs);
        return r;
    }

    private List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                        String n = p.getFileName().toString();
                        return (n.endsWith(".json") || n.endsWith(".yaml")) && !Files.isDirectory(p);
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            problems.add(dir + ": cannot be listed (" + IoErrors.describe(e) + ")");
            return List.of();
        }
    }

    /** Every declaration of each device, then per device the one of the latest directory. */
    private void settle(List<CdiSpec> specs) {
        Map<String, Map<String, List<Device>>> declared = new TreeMap<>();
        for (CdiSpec spec : specs) {
            Map<String, List<Device>> ofKind = declared.computeIfAbsent(spec.kind(), k -> new LinkedHashMap<>());
            spec.devices()
                    .forEach((name, edits) ->
                            ofKind.computeIfAbsent(name, n -> new ArrayList<>()).add(new Device(spec, name, edits)));
        }
        declared.forEach((kind, byName) -> {
            Map<String, Device> usable = new LinkedHashMap<>();
            byName.forEach((name, all) -> {
                int top = all.stream().mapToInt(d -> d.spec().priority()).max().orElseThrow();
                List<Device> winners =
                        all.stream().filter(d -> d.spec().priority() == top).toList();
                if (winners.size() == 1) {
                    usable.put(name, winners.get(0));
                } else {
                    conflicts.put(
                            kind + "=" + name,
                            "declared by both "
                                    + winners.stream()
                                            .map(d -> d.spec().file().toString())
                                            .collect(java.util.stream.Collectors.joining(" and ")));
                }
            });
            devices.put(kind, usable);
        });
    }

    /** The devices a name selects: one, or for {@code all} (unless a device is named so) every device of its kind. */
    public List<Device> lookup(CdiName name) {
        Map<String, Device> ofKind = devices.getOrDefault(name.kind(), Map.of());
        Device d = ofKind.get(name.name());
        if (d != null) {
            return List.of(d);
        }
        if (name.name().equals("all") && !conflicts.containsKey(name.kind() + "=all")) {
            return List.copyOf(ofKind.values());
        }
        return List.of();
    }

    /** Why {@code name} exists but cannot be used, if so. */
    public Optional<String> conflict(CdiName name) {
        return Optional.ofNullable(conflicts.get(name.toString()));
    }

    /** Every kind with usable devices. */
    public List<String> kinds() {
        return devices.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The kind's device names, in declaration order. */
    public List<String> names(String kind) {
        return List.copyOf(devices.getOrDefault(kind, Map.of()).keySet());
    }

    /** {@code nvidia.com/gpu (all, 0, 1), hpe.com/cxi (all)}: for errors; long lists are cut. */
    public String known() {
        List<String> parts = new ArrayList<>();
        for (String kind : kinds()) {
            List<String> names = new ArrayList<>();
            if (!devices.get(kind).containsKey("all")) {
                names.add("all");
            }
            names.addAll(names(kind));
            String shown = names.size() <= 9
                    ? String.join(", ", names)
                    : String.join(", ", names.subList(0, 8)) + ", ... " + (names.size() - 8) + " more";
            parts.add(kind + " (" + shown + ")");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** Files that could not be used, each as one line naming the file and what is wrong. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    public List<Path> dirs() {
        return dirs;
    }
}

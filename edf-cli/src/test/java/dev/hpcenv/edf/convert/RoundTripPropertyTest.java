package dev.hpcenv.edf.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.edf.InProcessEdf;
import dev.hpcenv.edf.InProcessEdf.CliResult;
import dev.hpcenv.edf.TestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** EDF -> CR -> EDF keeps {@code edf render} output identical, for generated EDFs (with bases). */
class RoundTripPropertyTest {
    private static final Map<String, String> VARS = Map.of("SCRATCH", "/scratch/alice", "HOME", "/users/alice");

    /** A generated EDF, as text. */
    record Edf(String toml) {
        @Override
        public String toString() {
            return "\n" + toml;
        }
    }

    @Property(tries = 40)
    void renderSurvivesTheRoundTrip(@ForAll("edfs") Edf edf) {
        inTempDir(dir -> {
            Path file = TestSupport.write(dir, "env.toml", edf.toml());
            String[] render = {"render", "./env.toml", "--edf-path", dir.toString(), "--system-path", ""};
            CliResult before = InProcessEdf.edf(dir, VARS, render);
            assertThat(before.exitCode()).as(before.toString()).isZero();
            CliResult beforeVerbatim = InProcessEdf.edf(dir, VARS, append(render, "--no-expand"));

            CliResult yaml = InProcessEdf.edf(dir, VARS, "convert", "./env.toml");
            assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
            TestSupport.write(dir, "env.yaml", yaml.out());
            CliResult back = InProcessEdf.edf(dir, VARS, "convert", "--to-edf", "env.yaml");
            assertThat(back.exitCode()).as(back.toString()).isZero();
            write(file, back.out());

            assertThat(InProcessEdf.edf(dir, VARS, render).out())
                    .as("rendered after the round trip of\n%s\nas\n%s", edf.toml(), back.out())
                    .isEqualTo(before.out());
            assertThat(InProcessEdf.edf(dir, VARS, append(render, "--no-expand"))
                            .out())
                    .isEqualTo(beforeVerbatim.out());
        });
    }

    @Property(tries = 20)
    void aFlattenedResourceRendersAsTheEnvironmentWithItsBases(@ForAll("edfs") Edf edf) {
        inTempDir(dir -> {
            TestSupport.write(dir, "env.toml", edf.toml());
            CliResult before = InProcessEdf.edf(dir, VARS, "render", "./env.toml", "--edf-path", dir.toString());
            CliResult yaml =
                    InProcessEdf.edf(dir, VARS, "convert", "./env.toml", "--flatten", "--edf-path", dir.toString());
            assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
            TestSupport.write(dir, "flat.yaml", yaml.out());
            CliResult back = InProcessEdf.edf(dir, VARS, "convert", "--to-edf", "flat.yaml");
            assertThat(back.exitCode()).as(back.toString()).isZero();
            TestSupport.write(dir, "flat/env.toml", back.out());
            CliResult after = InProcessEdf.edf(dir, VARS, "render", "./flat/env.toml");
            // Identical but for the list of files applied.
            assertThat(withoutBases(after.out())).isEqualTo(withoutBases(before.out()));
        });
    }

    @Provide
    Arbitrary<Edf> edfs() {
        Arbitrary<Optional<String>> base =
                Arbitraries.of("base-one", "base-two", "./base-two.toml").optional(0.5);
        Arbitrary<Optional<String>> image = Arbitraries.of(
                        "ubuntu:24.04",
                        "nvcr.io#nvidia/pytorch:24.01-py3",
                        "ghcr.io/org/img@sha256:" + "ab".repeat(32),
                        "${SCRATCH}/img.sqsh",
                        "./local.sqsh",
                        "alice@quay.io#m/osu:6.2")
                .optional(0.6);
        Arbitrary<Optional<String>> workdir = Arbitraries.of("/w", "${SCRATCH}/w", "${MISSING:-/fallback}", "")
                .optional();
        Arbitrary<Optional<Boolean>> flag = Arbitraries.of(true, false).optional();
        Arbitrary<List<String>> mounts = Combinators.combine(
                        Arbitraries.of("/a", "${SCRATCH}", "./rel", "/x/y/", "${HOME}/.bash_history"),
                        Arbitraries.of("", ":/t1", ":/t2", ":${SCRATCH}", ":/x/y"),
                        Arbitraries.of("", ":ro", ":ro+private", ":sqsh", ":rw+noexec", ":${MOUNT_FLAGS:-ro}"))
                .as((s, t, f) -> s + (t.isEmpty() ? "" : t + f))
                .list()
                .ofMaxSize(4);
        Arbitrary<Map<String, String>> env = Arbitraries.maps(
                        Arbitraries.of("A", "B", "PATH", "NCCL_DEBUG"),
                        Arbitraries.of(
                                "",
                                "x",
                                "${HOME}",
                                "$$literal",
                                "a=b",
                                "quote\"d",
                                "${PATH:-}:/opt/bin",
                                "multi\\nline",
                                "tab\\tand unicode \u00e9"))
                .ofMaxSize(4);
        // Documented hook annotations get values they accept (HookAnnotationValues); others anything.
        Arbitrary<Map<String, String>> annotations = Arbitraries.of(
                        Map.entry("com.hooks.ssh.enabled", "true"),
                        Map.entry("com.hooks.ssh.enabled", "\"false\""),
                        Map.entry("com.hooks.ssh.port", "15263"),
                        Map.entry("com.hooks.ssh.port", "\"${SSH_PORT:-2222}\""),
                        Map.entry("com.x", "\"cuda12\""),
                        Map.entry("com.x", "true"),
                        Map.entry("org.y", "\"${HOME}/.ssh/k.pub\""),
                        Map.entry("org.y", "15263"))
                .list()
                .uniqueElements(Map.Entry::getKey)
                .ofMaxSize(3)
                .map(entries -> {
                    Map<String, String> m = new java.util.LinkedHashMap<>();
                    entries.forEach(e -> m.put(e.getKey(), e.getValue()));
                    return m;
                });
        Arbitrary<List<String>> devices =
                Arbitraries.of("nvidia.com/gpu=all", "/dev/gdrdrv").list().ofMaxSize(2);
        Arbitrary<String> head = Combinators.combine(base, image, workdir, flag, flag)
                .as((b, i, w, e, wr) -> {
                    StringBuilder sb = new StringBuilder();
                    b.ifPresent(
                            v -> sb.append("base_environment = \"").append(v).append("\"\n"));
                    i.ifPresent(v -> sb.append("image = \"").append(v).append("\"\n"));
                    w.ifPresent(v -> sb.append("workdir = \"").append(v).append("\"\n"));
                    e.ifPresent(v -> sb.append("entrypoint = ").append(v).append('\n'));
                    wr.ifPresent(v -> sb.append("writable = ").append(v).append('\n'));
                    return sb.toString();
                });
        return Combinators.combine(head, mounts, devices, env, annotations).as((h, m, d, e, a) -> {
            StringBuilder sb = new StringBuilder(h);
            if (!m.isEmpty()) {
                sb.append("mounts = [")
                        .append(String.join(
                                ", ", m.stream().map(s -> "\"" + s + "\"").toList()))
                        .append("]\n");
            }
            if (!d.isEmpty()) {
                sb.append("devices = [")
                        .append(String.join(
                                ", ", d.stream().map(s -> "\"" + s + "\"").toList()))
                        .append("]\n");
            }
            if (!e.isEmpty()) {
                sb.append("[env]\n");
                e.forEach((k, v) -> sb.append(k)
                        .append(" = \"")
                        .append(v.replace("\"", "\\\""))
                        .append("\"\n"));
            }
            if (!a.isEmpty()) {
                sb.append("[annotations]\n");
                a.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
            }
            return new Edf(sb.toString());
        });
    }

    private static void inTempDir(java.util.function.Consumer<Path> test) {
        Path dir;
        try {
            dir = Files.createTempDirectory("edf-roundtrip");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            TestSupport.write(dir, "base-one.toml", """
                    image = "ubuntu:22.04"
                    mounts = ["/a:/t1", "${SCRATCH}:/s"]
                    [env]
                    A = "from-base"
                    B = "from-base"
                    [annotations]
                    com.hooks.cxi.enabled = "true"
                    """);
            TestSupport.write(dir, "base-two.toml", """
                    base_environment = ["base-one"]
                    writable = false
                    devices = ["/dev/xpmem"]
                    [env]
                    B = ""
                    """);
            test.accept(dir);
        } finally {
            delete(dir);
        }
    }

    private static String withoutBases(String json) {
        int i = json.indexOf("\"bases\"");
        return i < 0 ? json : json.substring(0, i);
    }

    private static String[] append(String[] args, String extra) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(extra);
        return all.toArray(String[]::new);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

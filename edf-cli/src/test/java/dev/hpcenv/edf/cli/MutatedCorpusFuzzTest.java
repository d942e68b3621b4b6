package dev.hpcenv.edf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.edf.InProcessEdf;
import dev.hpcenv.edf.InProcessEdf.CliResult;
import dev.hpcenv.edf.TestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Mutated corpus files through the CLI: every outcome is success (0) or a user error (1) reported one line
 * per problem; never an internal error (70), an uncaught exception or a stack trace.
 */
class MutatedCorpusFuzzTest {
    private static final Map<String, String> VARS =
            Map.of("SCRATCH", "/scratch/alice", "HOME", "/users/alice", "USER", "alice", "PWD", "/users/alice/run");
    private static final Pattern DIAGNOSTIC_LINE = Pattern.compile("^[^\\n]+?(:\\d+(:\\d+)?)?: .+$");
    private static final String NASTY = "[]{}=,.\"'$#:+\\\n \t/@-_0aZ\u00e9\u0000";
    private static final List<Path> CORPUS = corpusFiles();

    private static List<Path> corpusFiles() {
        Path corpus = TestSupport.corpus();
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("seed", "cscs-docs", "invalid")) {
            files.addAll(TestSupport.tomlFiles(corpus.resolve(dir)));
        }
        return files;
    }

    @Property(tries = 120)
    void mutatedFilesNeverCrashTheCli(@ForAll @IntRange(min = 0, max = 1_000_000) int seed) throws IOException {
        Random random = new Random(seed);
        Path original = CORPUS.get(random.nextInt(CORPUS.size()));
        String mutated = mutate(Files.readString(original), random);
        Path dir = Files.createTempDirectory("edf-fuzz");
        try {
            // The seed bases are reachable by name, so mutations of base_environment exercise resolution too.
            Path seedDir = TestSupport.corpus().resolve("seed");
            TestSupport.write(dir, "fuzz.toml", mutated);
            String context = "seed " + seed + ", mutation of " + original + ":\n" + mutated;
            check(InProcessEdf.edf(dir, VARS, "validate", "--edf-path", seedDir.toString(), "./fuzz.toml"), context);
            check(InProcessEdf.edf(dir, VARS, "render", "--edf-path", seedDir.toString(), "./fuzz.toml"), context);
            check(InProcessEdf.edf(dir, VARS, "render", "--no-expand", "--strict", "./fuzz.toml"), context);
            CliResult yaml = InProcessEdf.edf(
                    dir, VARS, "convert", "--recursive", "--edf-path", seedDir.toString(), "./fuzz.toml");
            check(yaml, context);
            if (yaml.exitCode() == 0) {
                TestSupport.write(dir, "fuzz.yaml", mutate(yaml.out(), random));
                check(
                        InProcessEdf.edf(dir, VARS, "convert", "--to-edf", "fuzz.yaml", "--output-dir", "out"),
                        context + "\nYAML:\n" + yaml.out());
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void check(CliResult result, String context) {
        assertThat(result.exitCode()).as("%s\n%s", context, result).isIn(0, 1);
        assertThat(result.err())
                .as("%s\n%s", context, result)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(result.err().lines())
                .as("%s\n%s", context, result)
                .allSatisfy(line -> assertThat(line).matches(DIAGNOSTIC_LINE));
        if (result.exitCode() == 1) {
            assertThat(result.err()).as("%s\n%s", context, result).isNotBlank();
        }
    }

    private static String mutate(String text, Random random) {
        StringBuilder sb = new StringBuilder(text);
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int pos = sb.length() == 0 ? 0 : random.nextInt(sb.length());
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (sb.length() > 0) {
                        sb.deleteCharAt(pos);
                    }
                }
                case 1 -> sb.insert(pos, NASTY.charAt(random.nextInt(NASTY.length())));
                case 2 -> sb.setLength(pos);
                case 3 -> {
                    // Duplicate a line: duplicate keys and tables.
                    String[] lines = sb.toString().split("\n", -1);
                    int i = random.nextInt(lines.length);
                    sb.insert(Math.min(sb.length(), sb.indexOf(lines[i]) + lines[i].length()), "\n" + lines[i]);
                }
                case 4 ->
                    sb.insert(
                            pos,
                            List.of(
                                            "${",
                                            "$$",
                                            "${X:-",
                                            "}",
                                            ":sqsh",
                                            "+",
                                            "#",
                                            "\"\"",
                                            "[env]\n",
                                            "base_environment = \"fuzz\"\n",
                                            "base_environment = \"cscs-mlp\"\n",
                                            "[[mounts]]\n",
                                            "a.b.c = 1\n")
                                    .get(random.nextInt(13)));
                default -> {
                    if (sb.length() > 1) {
                        char c = sb.charAt(pos);
                        int other = random.nextInt(sb.length());
                        sb.setCharAt(pos, sb.charAt(other));
                        sb.setCharAt(other, c);
                    }
                }
            }
        }
        return sb.toString();
    }
}

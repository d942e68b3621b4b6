package dev.hpcenv.slurm.real;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Starts the project's local Slurm (dev/slurm-local.sh start, a no-op when it runs) once per test
 * JVM, injects {@link LocalSlurm}, and prints the daemon logs when a test fails.
 */
public final class LocalSlurmExtension implements BeforeAllCallback, ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LocalSlurmExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        local(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalSlurm.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return local(context);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        LocalSlurm slurm = context.getRoot().getStore(NS).get(LocalSlurm.class, LocalSlurm.class);
        Path root = slurm != null ? slurm.root() : repoRoot();
        Result logs = script(root, "logs");
        System.out.println(
                "===== local Slurm logs after failure of " + context.getDisplayName() + "\n" + logs.output());
    }

    private static LocalSlurm local(ExtensionContext context) {
        requireIntegrationLayer(context.getRequiredTestClass());
        return context.getRoot().getStore(NS).computeIfAbsent(LocalSlurm.class, key -> start(), LocalSlurm.class);
    }

    private static LocalSlurm start() {
        Path root = repoRoot();
        if (script(root, "status").exit() != 0) {
            Assumptions.assumeTrue(
                    isRoot(),
                    "the local Slurm is not running and starting it needs root:"
                            + " run dev/slurm-local.sh start as root first");
            Result started = script(root, "start");
            if (started.exit() != 0) {
                throw new IllegalStateException(
                        "dev/slurm-local.sh start failed (exit " + started.exit() + "):\n" + started.output());
            }
        }
        return LocalSlurm.fromEnv(root, parseEnv(script(root, "env").output()));
    }

    /**
     * Test layers go by name: surefire runs the *Test classes (mvn test, hpcenv.testLayer=unit), which
     * start nothing; failsafe runs the *IT classes (mvn verify). A unit test that asks for the local
     * Slurm fails here, before dev/slurm-local.sh runs.
     */
    static void requireIntegrationLayer(Class<?> testClass) {
        requireIntegrationLayer(testClass, "the local Slurm (LocalSlurmExtension)");
    }

    static void requireIntegrationLayer(Class<?> testClass, String what) {
        if ("unit".equals(System.getProperty("hpcenv.testLayer"))) {
            String name = testClass.getSimpleName();
            throw new IllegalStateException(name + " uses " + what + ", which only *IT classes"
                    + " may do: rename it " + name.replaceFirst("Test$", "")
                    + "IT so that failsafe runs it in mvn verify"
                    + " (mvn test runs the *Test classes, which start nothing)");
        }
    }

    /** The repository root: surefire and failsafe set hpcenv.root; otherwise search upwards from here. */
    static Path repoRoot() {
        String property = System.getProperty("hpcenv.root");
        if (property != null && Files.isExecutable(Path.of(property, "dev", "slurm-local.sh"))) {
            return Path.of(property);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("dev/slurm-local.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find dev/slurm-local.sh: set -Dhpcenv.root to the repository root");
    }

    record Result(int exit, String output) {}

    static Result script(Path root, String command) {
        return script(root, "dev/slurm-local.sh", List.of(command));
    }

    /** Runs one of the local Slurm scripts (dev/slurm-local.sh, dev/slurm-nodes.sh) with arguments. */
    static Result script(Path root, String script, List<String> arguments) {
        return script(root, script, arguments, Map.of());
    }

    /** The same, with {@code settings} (HPCENV_SLURM_STATE, ports...) added to the script's environment. */
    static Result script(Path root, String script, List<String> arguments, Map<String, String> settings) {
        List<String> command = new ArrayList<>();
        command.add(root.resolve(script).toString());
        command.addAll(arguments);
        return run(command, 240, settings);
    }

    /** The KEY=VALUE lines of a script's {@code env} command. */
    static Map<String, String> parseEnv(String output) {
        Map<String, String> values = new HashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    static Result run(List<String> command, int timeoutSeconds) {
        return run(command, timeoutSeconds, Map.of());
    }

    static Result run(List<String> command, int timeoutSeconds, Map<String, String> settings) {
        try {
            Path log = Files.createTempFile("hpcenv-slurm-cmd", ".log");
            try {
                ProcessBuilder builder =
                        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().putAll(settings);
                Process process = builder.start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    return new Result(
                            124,
                            String.join(" ", command) + " timed out after " + timeoutSeconds + "s\n"
                                    + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    static boolean isRoot() {
        return run(List.of("id", "-u"), 10).output().strip().equals("0");
    }
}

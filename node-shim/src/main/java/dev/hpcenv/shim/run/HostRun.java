package dev.hpcenv.shim.run;

import dev.hpcenv.crd.v1alpha1.ResolvedEnvironment;
import dev.hpcenv.shim.bundle.EnvComposer;
import dev.hpcenv.shim.error.ExitCode;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.runtime.SignalRelay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An environment without an image: as in the CE ("if empty, CE doesn't enter a container"), the
 * command runs on the node itself with the environment's variables and working directory. Mounts
 * need a container, so an environment that has them is refused rather than run without them.
 */
final class HostRun {
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    private final Map<String, String> processEnv;
    private final Path workingDirectory;

    HostRun(Map<String, String> processEnv, Path workingDirectory) {
        this.processEnv = processEnv;
        this.workingDirectory = workingDirectory;
    }

    static boolean applies(ResolvedEnvironment imageFields) {
        return imageFields.getImage() == null || imageFields.getImage().isBlank();
    }

    int run(ResolvedEnvironment env, RunRequest req, SignalRelay relay) throws InterruptedException {
        if (!env.getMounts().isEmpty()) {
            throw ShimException.environment("the environment has mounts but no image; without an image the command runs on"
                    + " the node itself, where mounts cannot be applied", "set 'image', or remove 'mounts'");
        }
        if (req.command().isEmpty()) {
            throw ShimException.usage("no command to run: the environment has no image, so there is no entrypoint",
                    "give the command after --");
        }
        Map<String, String> vars = EnvComposer.composeOnHost(processEnv, env.getEnv(), env.getUnsetEnv(), req.env());
        Path cwd = workingDirectory.resolve(RunCommand.firstNonBlank(req.workdir(), env.getWorkdir(), "."));
        if (!Files.isDirectory(cwd)) {
            throw ShimException.environment("workdir " + cwd + " does not exist on this node", "check 'workdir'");
        }
        String command = req.command().get(0);
        Path executable = locate(command, vars.get("PATH"), cwd).orElseThrow(() -> new ShimException(
                ExitCode.COMMAND_NOT_FOUND, "command '" + command + "' not found on this node (PATH="
                + vars.getOrDefault("PATH", "") + "; the environment has no image)", null));
        List<String> argv = new ArrayList<>(req.command());
        argv.set(0, executable.toString());
        ProcessBuilder pb = new ProcessBuilder(argv).inheritIO().directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(vars);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ShimException(ExitCode.COMMAND_NOT_FOUND, "cannot run '" + command + "': " + e.getMessage(), null);
        }
        relay.attach(p);
        try {
            while (true) {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    // Signals go to the command; its status is the answer.
                }
            }
        } finally {
            relay.detach();
        }
    }

    /** execvp's lookup, in the command's own PATH (ProcessBuilder would search the shim's). */
    static Optional<Path> locate(String command, String path, Path cwd) {
        if (command.contains("/")) {
            Path p = cwd.resolve(command);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : (path == null ? DEFAULT_PATH : path).split(":")) {
            Path p = cwd.resolve(dir.isEmpty() ? "." : dir).resolve(command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}

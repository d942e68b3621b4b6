package dev.hpcenv.shim.run;

import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.shim.bundle.EnvComposer;
import dev.hpcenv.shim.error.ExitCode;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.log.ShimLog;
import dev.hpcenv.shim.process.ProcessRunner;
import dev.hpcenv.shim.runtime.ForegroundLauncher;
import dev.hpcenv.shim.runtime.PreservedFds;
import dev.hpcenv.shim.runtime.RuntimeProcess;
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
    private final ProcessRunner runner;
    private final PreservedFds fds;
    private final Path privateDir;

    /** @param fds inherited descriptors (PMI_FD) to pass on, as 3, 4, ... as for a container */
    HostRun(
            Map<String, String> processEnv,
            Path workingDirectory,
            ProcessRunner runner,
            PreservedFds fds,
            Path privateDir) {
        this.processEnv = processEnv;
        this.workingDirectory = workingDirectory;
        this.runner = runner;
        this.fds = fds;
        this.privateDir = privateDir;
    }

    static boolean applies(ResolvedEnvironment imageFields) {
        return imageFields.getImage() == null || imageFields.getImage().isBlank();
    }

    int run(ResolvedEnvironment env, RunRequest req, SignalRelay relay) throws InterruptedException {
        if (!env.getMounts().isEmpty()) {
            throw ShimException.environment(
                    "the environment has mounts but no image; without an image the command runs on"
                            + " the node itself, where mounts cannot be applied",
                    "set 'image', or remove 'mounts'");
        }
        if (req.command().isEmpty()) {
            throw ShimException.usage(
                    "no command to run: the environment has no image, so there is no entrypoint",
                    "give the command after --");
        }
        Map<String, String> vars = EnvComposer.composeOnHost(processEnv, env.getEnv(), env.getUnsetEnv(), req.env());
        Path cwd = workingDirectory.resolve(RunCommand.firstNonBlank(req.workdir(), env.getWorkdir(), "."));
        if (!Files.isDirectory(cwd)) {
            throw ShimException.environment("workdir " + cwd + " does not exist on this node", "check 'workdir'");
        }
        String command = req.command().get(0);
        Path executable = locate(command, vars.get("PATH"), cwd)
                .orElseThrow(() -> new ShimException(
                        ExitCode.COMMAND_NOT_FOUND,
                        "command '" + command + "' not found on this node (PATH=" + vars.getOrDefault("PATH", "")
                                + "; the environment has no image)",
                        null));
        // env -C sets the directory: posix_spawn has no portable way to, and ProcessBuilder's would
        // only serve one of the two launch paths.
        List<String> argv = new ArrayList<>(List.of("/usr/bin/env", "-C", cwd.toString(), "--", executable.toString()));
        argv.addAll(req.command().subList(1, req.command().size()));
        vars.putAll(fds.containerEnv());
        RuntimeProcess p;
        try {
            p = ForegroundLauncher.start(runner, argv, vars, fds, privateDir);
        } catch (IOException e) {
            throw new ShimException(
                    ExitCode.COMMAND_NOT_FOUND, "cannot run '" + command + "': " + e.getMessage(), null);
        }
        ShimLog.sinkProgress("container.started", "command started on the node (no image)", "container", "");
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

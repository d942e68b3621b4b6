package dev.hpcenv.shim.services;

import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.json.LightJson;
import dev.hpcenv.shim.log.ShimLog;
import dev.hpcenv.shim.runtime.ContainerRunner;
import dev.hpcenv.shim.state.Janitor;
import dev.hpcenv.shim.state.OwnerId;
import dev.hpcenv.shim.state.RunProcesses;
import dev.hpcenv.shim.state.RuntimeDirs;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One service on this node: a {@code hpcenv-shim run} of its own (so its container is made exactly
 * as a task's, from the node's shared image mounts, and cleaned up by the same code), its output
 * in its file, its readiness check, and its records. A thread per service watches it; the
 * supervisor stops it ({@link #stop}).
 */
final class RunningService {
    static final String ARGV_VARIABLE = "HPCENV_SERVICE_ARGV";
    static final String SPEC_VARIABLE = "HPCENV_SERVICE_SPEC";

    /** The end of a service while the tasks ran. */
    record Ended(RunningService service, int exitCode) {}

    final ServiceSpec spec;
    private final NodeSlot slot;
    private final JobDirectory records;
    private final RuntimeDirs dirs;
    private final Process process;
    private final OwnerId owner;
    private final long startNanos = System.nanoTime();
    private final Thread watcher;
    private volatile boolean stopping;
    private volatile boolean ready;

    private final BlockingQueue<Ended> ends;
    private volatile boolean exitedEarly;

    private RunningService(
            ServiceSpec spec,
            NodeSlot slot,
            JobDirectory records,
            RuntimeDirs dirs,
            Process process,
            BlockingQueue<Ended> ends) {
        this.ends = ends;
        this.spec = spec;
        this.slot = slot;
        this.records = records;
        this.dirs = dirs;
        this.process = process;
        this.owner = OwnerId.of(process.pid()).orElse(new OwnerId(process.pid(), 0));
        this.watcher = new Thread(this::watch, "service-" + spec.name());
        this.watcher.setDaemon(true);
    }

    /**
     * Starts the service's shim. {@code shim} is the command that starts a shim; {@code jobEnv}
     * the job's environment as the supervisor got it (the service's shim needs the same site
     * configuration and locale record).
     */
    static RunningService start(
            ServiceSpec spec,
            String outputField,
            NodeSlot slot,
            JobDirectory records,
            RuntimeDirs dirs,
            Path workdir,
            Path outputBase,
            List<String> shim,
            Map<String, String> jobEnv,
            String jobSpecVariable,
            BlockingQueue<Ended> ends)
            throws IOException {
        Path output = OutputPattern.resolve(
                spec.output(), outputField, outputBase, slot.jobId(), slot.node(), slot.nodeIndex(), spec.name());
        Files.createDirectories(output.getParent());
        List<String> cmd = new ArrayList<>(shim);
        String specVariable = spec.spec() == null ? jobSpecVariable : SPEC_VARIABLE;
        cmd.addAll(List.of("run", "--spec-env", specVariable, "--argv-env", ARGV_VARIABLE));
        spec.env().forEach((k, v) -> cmd.addAll(List.of("--env", k + "=" + v)));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workdir.toFile())
                .redirectOutput(output.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(jobEnv);
        // A service is no task: it does not wait for services, and its output is not the tasks'.
        env.remove(ServicesParser.VARIABLE);
        env.keySet().removeIf(k -> k.startsWith(dev.hpcenv.shim.logship.LogSettings.PREFIX));
        env.put(ARGV_VARIABLE, LightJson.write(spec.argv()));
        if (spec.spec() != null) {
            env.put(SPEC_VARIABLE, spec.spec());
        }
        // The supervisor's mark: its janitor (after a SIGKILL of the supervisor) stops this shim too.
        RunProcesses.mark(env);
        RunningService s = new RunningService(spec, slot, records, dirs, pb.start(), ends);
        ShimLog.sinkProgress(
                "service.started",
                "service " + spec.name() + " started on " + slot.node() + ", output in " + output,
                "service",
                spec.name(),
                "node",
                slot.node(),
                "output",
                output.toString());
        s.watcher.start();
        return s;
    }

    private long seconds() {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }

    private void watch() {
        try {
            if (spec.ready() != null) {
                awaitReady();
            }
            int code = waitForExit();
            if (stopping) {
                return;
            }
            record(ServiceRecord.exited(code, ready, seconds()));
            ShimLog.sinkProgress(
                    "service.exited",
                    "service " + spec.name() + " on " + slot.node() + " exited with code " + code,
                    "service",
                    spec.name(),
                    "node",
                    slot.node(),
                    "exitCode",
                    Integer.toString(code),
                    "required",
                    Boolean.toString(spec.required()),
                    "early",
                    "true");
            exitedEarly = true;
            ends.add(new Ended(this, code));
        } catch (InterruptedException e) {
            // the supervisor is stopping
        }
    }

    private int waitForExit() throws InterruptedException {
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                if (stopping) {
                    throw e;
                }
            }
        }
    }

    private void awaitReady() throws InterruptedException {
        ReadyCheck check = spec.ready();
        long deadline = startNanos + TimeUnit.SECONDS.toNanos(check.timeoutSeconds());
        long periodMillis = TimeUnit.SECONDS.toMillis(check.periodSeconds());
        while (!stopping) {
            if (!process.isAlive()) {
                return;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (tryOnce(check, Math.max(100, Math.min(periodMillis, left)))) {
                ready = true;
                record(ServiceRecord.ready(seconds()));
                ShimLog.sinkProgress(
                        "service.ready",
                        "service " + spec.name() + " on " + slot.node() + " is ready",
                        "service",
                        spec.name(),
                        "node",
                        slot.node(),
                        "seconds",
                        Long.toString(seconds()));
                return;
            }
            left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                String why = (check.command() != null
                                ? "the check " + LightJson.write(check.command()) + " did not succeed"
                                : "nothing accepted a connection on 127.0.0.1:" + check.tcpPort())
                        + " within " + check.timeoutSeconds() + "s";
                record(ServiceRecord.notReady(why, seconds()));
                ShimLog.sinkProgress(
                        "service.notReady",
                        "service " + spec.name() + " on " + slot.node() + " not ready: " + why,
                        "service",
                        spec.name(),
                        "node",
                        slot.node(),
                        "message",
                        why);
                return;
            }
            // Waiting on the process: an exit during the pause ends it at once.
            process.waitFor(Math.min(periodMillis, left), TimeUnit.MILLISECONDS);
        }
    }

    private boolean tryOnce(ReadyCheck check, long millis) throws InterruptedException {
        if (check.tcpPort() != null) {
            return ReadinessProbe.tcp(check.tcpPort(), (int) Math.min(millis, 5_000));
        }
        Optional<Long> pid = containerPid();
        return pid.isPresent() && ReadinessProbe.command(pid.get(), check.command(), spec.env(), millis);
    }

    /** The container's init, once the service's runtime has written it (and while it runs). */
    private Optional<Long> containerPid() {
        Path file = dirs.task(owner).resolve(ContainerRunner.CONTAINER_PID_FILE);
        try {
            String text = Files.isRegularFile(file) ? Files.readString(file).strip() : "";
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void record(ServiceRecord r) {
        try {
            records.record(spec.name(), r);
        } catch (IOException e) {
            ShimLog.warn(
                    "service.record",
                    "cannot record the state of service " + spec.name() + ": " + IoErrors.describe(e),
                    "service",
                    spec.name());
        }
    }

    /** Sends SIGTERM to the service's shim (which passes it to the container); the grace runs from now. */
    void terminate() {
        stopping = true;
        watcher.interrupt();
        process.destroy();
    }

    /**
     * Waits until {@code deadlineNanos} for the service to end, then kills its shim and removes what
     * it leaves (container, runtime, mounts, state) with the janitor, and waits for the shim's own
     * watchdog; sends {@code service.stopped}.
     */
    void finish(long deadlineNanos, Janitor janitor) throws InterruptedException {
        if (exitedEarly) {
            return;
        }
        List<ProcessHandle> family = process.descendants().toList();
        long left = deadlineNanos - System.nanoTime();
        boolean ended = left > 0 && process.waitFor(left, TimeUnit.NANOSECONDS);
        if (!ended) {
            process.destroyForcibly();
            process.waitFor();
            janitor.sweepAfter(owner);
            for (ProcessHandle h : family) {
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    h.destroyForcibly();
                }
            }
        }
        int code = process.exitValue();
        ShimLog.sinkProgress(
                "service.stopped",
                "service " + spec.name() + " on " + slot.node() + " stopped (" + code + ")",
                "service",
                spec.name(),
                "node",
                slot.node(),
                "exitCode",
                Integer.toString(code));
    }

    boolean hasEnded() {
        return !process.isAlive();
    }
}

package dev.hpcenv.shim.services;

import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.log.ShimLog;
import dev.hpcenv.shim.run.ShimContext;
import dev.hpcenv.shim.runtime.SignalRelay;
import dev.hpcenv.shim.state.Janitor;
import dev.hpcenv.shim.state.Watchdog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code hpcenv-shim services}: a node's supervisor of the job's services (docs/workflows.md,
 * section 2). Starts each service placed on this node ({@link RunningService}), records their
 * states for the node's tasks, and runs until it is told to stop (SIGTERM, SIGINT, SIGHUP: from
 * {@code hpcenv-shim job} once the tasks have ended) or a required service ends (exit
 * {@value #REQUIRED_EXIT}, with one line naming the service and node). Stopping: SIGTERM to every
 * service, each one's grace period, then SIGKILL and the janitor; nothing of them stays.
 */
public final class ServiceSupervisor {
    /** The exit status when a required service ended while the tasks ran. */
    public static final int REQUIRED_EXIT = 3;
    /**
     * How a supervisor that ends before the tasks says so, in one line on stderr (a required
     * service's end, or its own failure); {@code hpcenv-shim job} stops the job on the first.
     */
    public static final String END_PREFIX = "hpcenv: ";

    private final ShimContext ctx;
    private final Map<String, String> jobEnv;
    private final SignalRelay relay;
    /** Where the output patterns are relative to (the job output's directory, else the working directory). */
    private Path outputBase;

    /** @param jobEnv the environment the supervisor's JVM got (its services' shims get the same) */
    public ServiceSupervisor(ShimContext ctx, Map<String, String> jobEnv, SignalRelay relay) {
        this.ctx = ctx;
        this.jobEnv = jobEnv;
        this.relay = relay;
    }

    /** @param args {@code [--services-env VAR] [--spec-env VAR] [--stop-on-eof]} */
    public int run(List<String> args) throws InterruptedException {
        String servicesVar = ServicesParser.VARIABLE;
        String specVar = "HPCENV_SPEC";
        boolean stopOnEof = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--stop-on-eof")) {
                stopOnEof = true;
            } else if ((a.equals("--services-env") || a.equals("--spec-env")) && i + 1 < args.size()) {
                if (a.equals("--services-env")) {
                    servicesVar = args.get(++i);
                } else {
                    specVar = args.get(++i);
                }
            } else {
                throw ShimException.usage(
                        "services: unknown argument " + a,
                        "usage: hpcenv-shim services [--services-env VAR] [--spec-env VAR] [--stop-on-eof]");
            }
        }
        String json = ctx.processEnv.get(servicesVar);
        if (json == null || json.isBlank()) {
            throw ShimException.usage("services: " + servicesVar + " is not set in this job", null);
        }
        List<ServiceSpec> all = ServicesParser.parse(json);
        outputBase = ServicesParser.outputDirectory(json).orElse(ctx.workingDirectory);
        NodeSlot slot = NodeSlot.of(ctx.processEnv, ctx.host);
        try {
            return superviseNode(all, slot, specVar, stopOnEof);
        } catch (ShimException e) {
            // The one line that tells hpcenv-shim job (and the reader) that this node's services are gone.
            System.err.println(END_PREFIX + "the services on node " + slot.node() + " failed: " + e.oneLine());
            return e.exitCode().code();
        }
    }

    private int superviseNode(List<ServiceSpec> all, NodeSlot slot, String specVar, boolean stopOnEof)
            throws InterruptedException {
        try {
            ctx.dirs.create();
        } catch (IOException e) {
            throw ShimException.usage(
                    "runtime_dir " + ctx.config.runtimeDir() + " is not usable: " + IoErrors.describe(e),
                    "set runtime_dir in the site configuration to node-local, writable space");
        }
        Watchdog watchdog = Watchdog.arm(ctx.owner);
        JobDirectory records = new JobDirectory(ctx.dirs, slot.jobId());
        try {
            ctx.janitor().sweep();
            records.claim(ctx.owner);
            if (stopOnEof) {
                stopAtEndOfInput(Thread.currentThread());
            }
            return supervise(all, slot, records, specVar);
        } catch (IOException e) {
            throw ShimException.environment(
                    "cannot record the services' states in " + records.path() + ": " + IoErrors.describe(e), null);
        } finally {
            try {
                records.remove();
            } catch (IOException e) {
                ShimLog.debug("services.records", "error", IoErrors.describe(e));
            }
            if (watchdog != null) {
                watchdog.close();
            }
        }
    }

    private int supervise(List<ServiceSpec> all, NodeSlot slot, JobDirectory records, String specVar)
            throws InterruptedException {
        BlockingQueue<RunningService.Ended> ends = new LinkedBlockingQueue<>();
        List<RunningService> running = new ArrayList<>();
        List<String> shim = Watchdog.shimCommand();
        try {
            for (int i = 0; i < all.size(); i++) {
                ServiceSpec s = all.get(i);
                if (!s.placement().covers(slot.nodeIndex())) {
                    continue;
                }
                try {
                    running.add(RunningService.start(
                            s,
                            "services[" + i + "].output",
                            slot,
                            records,
                            ctx.dirs,
                            ctx.workingDirectory,
                            outputBase,
                            shim,
                            jobEnv,
                            specVar,
                            ends));
                } catch (IOException e) {
                    throw ShimException.environment(
                            "cannot start service " + s.name() + " on " + slot.node() + ": " + IoErrors.describe(e),
                            null);
                }
            }
            while (true) {
                RunningService.Ended end;
                try {
                    end = ends.take();
                } catch (InterruptedException e) {
                    // Told to stop (the tasks have ended, or the job is cancelled): a normal end.
                    return 0;
                }
                if (end.service().spec.required()) {
                    System.err.println(END_PREFIX + "required service "
                            + end.service().spec.name() + " on node " + slot.node() + " exited with code "
                            + end.exitCode() + " while the tasks ran");
                    return REQUIRED_EXIT;
                }
                // An optional service's end: recorded, the rest goes on.
            }
        } catch (ShimException e) {
            notReadyAll(all, slot, records, e.oneLine());
            throw e;
        } finally {
            relay.shield();
            Thread.interrupted();
            stop(running);
        }
    }

    /**
     * {@code hpcenv-shim job} stops the supervisors by closing their standard input (srun
     * {@code --input=all}): a signal through Slurm would reach every process of the step at once
     * (the services' shims, runtimes and containers) and end in SIGKILL after KillWait, while the
     * supervisor must stop each service in order and clean up after it.
     */
    private void stopAtEndOfInput(Thread main) {
        Thread t = new Thread(
                () -> {
                    try {
                        byte[] buf = new byte[512];
                        while (System.in.read(buf) >= 0) {
                            // nothing is sent; only the end counts
                        }
                    } catch (IOException e) {
                        // a closed input is the same end
                    }
                    relay.requestStop();
                },
                "stop-on-eof");
        t.setDaemon(true);
        t.start();
    }

    /** A supervisor that cannot start its services: the node's tasks need not wait for them. */
    private static void notReadyAll(List<ServiceSpec> all, NodeSlot slot, JobDirectory records, String why) {
        for (ServiceSpec s : slot.placedHere(all)) {
            if (records.read(s.name()).isEmpty()) {
                try {
                    records.record(s.name(), ServiceRecord.notReady("the node's supervisor failed: " + why, 0));
                } catch (IOException e) {
                    ShimLog.debug("services.records", "error", IoErrors.describe(e));
                }
            }
        }
    }

    /** SIGTERM to all at once, then each one's grace period, then SIGKILL and the janitor. */
    private void stop(List<RunningService> running) throws InterruptedException {
        long now = System.nanoTime();
        for (RunningService s : running) {
            s.terminate();
        }
        Janitor janitor = ctx.janitor();
        for (RunningService s : running) {
            s.finish(now + TimeUnit.SECONDS.toNanos(s.spec.graceSeconds()), janitor);
        }
    }
}

package dev.hpcenv.shim.services;

import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.runtime.RuntimeProcess;
import dev.hpcenv.shim.runtime.SignalRelay;
import dev.hpcenv.shim.state.Watchdog;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code hpcenv-shim job}: what the batch script runs when the job has services (docs/workflows.md,
 * section 2). Starts the supervisors' step in the background and the tasks' step, passes
 * SIGTERM, SIGINT and SIGHUP to both, and ends them in the order the contract gives: tasks first
 * (their exit code is the job's), or, when the supervisors' step ends first (a required service
 * ended), the tasks with exit 125 and one line naming the service and node. Reads no site
 * configuration and mounts nothing: its JVM only waits.
 */
public final class JobCommand {
    /** After the tasks: the longest grace period plus this for the supervisors to clean up. */
    static final int STOP_SLACK_SECONDS = 10;

    private final Map<String, String> env;
    private final SignalRelay relay;
    private final PrintStream err;

    public JobCommand(Map<String, String> env, SignalRelay relay, PrintStream err) {
        this.env = env;
        this.relay = relay;
        this.err = err;
    }

    /** @param args {@code --services-env VAR --spec-env VAR --argv-env VAR} */
    public int run(List<String> args) throws InterruptedException {
        String servicesVar = null;
        String specVar = null;
        String argvVar = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (i + 1 >= args.size()) {
                throw usage(a + " needs a value");
            }
            switch (a) {
                case "--services-env" -> servicesVar = args.get(++i);
                case "--spec-env" -> specVar = args.get(++i);
                case "--argv-env" -> argvVar = args.get(++i);
                default -> throw usage("unknown argument " + a);
            }
        }
        if (servicesVar == null || specVar == null || argvVar == null) {
            throw usage("job needs --services-env, --spec-env and --argv-env");
        }
        String json = env.get(servicesVar);
        if (json == null || json.isBlank()) {
            throw ShimException.usage("job: " + servicesVar + " is not set in this job", null);
        }
        // Strict, before anything starts: a bad field is refused here, once, not on every node.
        List<ServiceSpec> services = ServicesParser.parse(json);
        List<String> shim = shimCommand();
        List<String> tasks = StepCommands.tasks(env.get("HPCENV_MPI"), shim, specVar, argvVar);
        if (services.isEmpty()) {
            return runTasksAlone(tasks);
        }
        int nodes = number(env.getOrDefault("SLURM_JOB_NUM_NODES", env.getOrDefault("SLURM_NNODES", "1")));
        List<String> supervisors = StepCommands.services(services, nodes, shim, servicesVar, specVar);
        return orchestrate(supervisors, tasks, StepCommands.longestGrace(services));
    }

    private int runTasksAlone(List<String> tasks) throws InterruptedException {
        Process p = start(tasks, false, false);
        relay.attach(new Steps(p, null));
        return waitUninterruptibly(p);
    }

    private int orchestrate(List<String> supervisorsCmd, List<String> tasksCmd, int grace) throws InterruptedException {
        BlockingQueue<String> firstEnd = new LinkedBlockingQueue<>();
        AtomicReference<String> endLine = new AtomicReference<>();
        Process supervisors = start(supervisorsCmd, true, true);
        Thread pump = pumpSupervisorErrors(supervisors, endLine, firstEnd);
        Process tasks;
        try {
            tasks = start(tasksCmd, false, false);
        } catch (ShimException e) {
            stopSupervisors(supervisors);
            waitAtMost(supervisors, grace + STOP_SLACK_SECONDS);
            throw e;
        }
        relay.attach(new Steps(tasks, supervisors));
        supervisors.onExit().thenRun(() -> firstEnd.add("supervisors"));
        tasks.onExit().thenRun(() -> firstEnd.add("tasks"));
        String first = takeUninterruptibly(firstEnd);
        if (!first.equals("tasks") && tasks.isAlive() && relay.received().isEmpty()) {
            // A required service ended, or a supervisor failed: the tasks stop, the job fails.
            stopTasks(tasks, grace);
            stopSupervisors(supervisors);
            waitAtMost(supervisors, grace + STOP_SLACK_SECONDS);
            relay.detach();
            pump.join(TimeUnit.SECONDS.toMillis(2));
            String line = endLine.get();
            err.println(
                    line != null
                            ? line
                            : "hpcenv: the services' step ended (exit code " + supervisors.exitValue()
                                    + ") before the tasks; the job stops (see the lines above)");
            return dev.hpcenv.shim.error.ExitCode.USAGE.code();
        }
        int code = waitUninterruptibly(tasks);
        stopSupervisors(supervisors);
        waitAtMost(supervisors, grace + STOP_SLACK_SECONDS);
        relay.detach();
        pump.join(TimeUnit.SECONDS.toMillis(2));
        return code;
    }

    /**
     * SIGTERM to the tasks' processes through Slurm ({@code scancel --signal=TERM JOBID}: every
     * running step, never the batch script), the grace period, then srun's own end of the step
     * (SIGKILL). Not a signal to srun: srun answers SIGTERM with an immediate SIGKILL of its step,
     * which leaves the shims no time to clean up.
     */
    private void stopTasks(Process tasks, int grace) {
        String job = env.get("SLURM_JOB_ID");
        if (job != null && !job.isBlank()) {
            try {
                Process p = new ProcessBuilder("scancel", "--signal=TERM", job.strip())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                waitAtMost(p, STOP_SLACK_SECONDS);
            } catch (IOException e) {
                tasks.destroy();
            }
        } else {
            tasks.destroy();
        }
        try {
            if (tasks.waitFor(Math.max(1, grace), TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tasks.destroy();
        waitAtMost(tasks, STOP_SLACK_SECONDS);
    }

    /**
     * The supervisors' stderr, line by line, to the job's. A supervisor that ends before the tasks
     * says so in one line starting {@value ServiceSupervisor#END_PREFIX} (a required service's end,
     * or its own failure): the first is kept back, as this command prints the job's one line, and
     * the job stops at once (srun reports the step's end only when every node's supervisor ended).
     */
    private Thread pumpSupervisorErrors(
            Process supervisors, AtomicReference<String> endLine, BlockingQueue<String> firstEnd) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(
                            new InputStreamReader(supervisors.getErrorStream(), StandardCharsets.UTF_8))) {
                        for (String line = r.readLine(); line != null; line = r.readLine()) {
                            if (line.startsWith(ServiceSupervisor.END_PREFIX)) {
                                if (endLine.compareAndSet(null, line)) {
                                    firstEnd.add("supervisor-line");
                                }
                            } else {
                                err.println(line);
                            }
                        }
                    } catch (IOException e) {
                        // the step is gone
                    }
                },
                "services-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Closes the supervisors' input: each stops its services and cleans up, then the step ends. */
    private static void stopSupervisors(Process supervisors) {
        try {
            supervisors.getOutputStream().close();
        } catch (IOException e) {
            // the step is gone already
        }
    }

    /** @param inputPipe a pipe for stdin, held open (the supervisors' stop), else /dev/null */
    private static Process start(List<String> cmd, boolean pipeStderr, boolean inputPipe) {
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(
                        inputPipe ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(pipeStderr ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.INHERIT);
        try {
            return pb.start();
        } catch (IOException e) {
            throw ShimException.environment(
                    "cannot start " + cmd.get(0) + ": " + e.getMessage(), "hpcenv-shim job runs inside a Slurm job");
        }
    }

    /** HPCENV_SHIM as the batch script names it, else this shim's own command line. */
    private List<String> shimCommand() {
        String named = env.get("HPCENV_SHIM");
        return named != null && !named.isBlank() ? List.of(named) : Watchdog.shimCommand();
    }

    private static int waitUninterruptibly(Process p) {
        while (true) {
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                // signals are relayed; the step's status is the answer
            }
        }
    }

    private static String takeUninterruptibly(BlockingQueue<String> q) {
        while (true) {
            try {
                return q.take();
            } catch (InterruptedException e) {
                // signals are relayed
            }
        }
    }

    /** Waits up to {@code seconds}, then SIGKILL; Slurm ends what is left of the step with the job. */
    private static void waitAtMost(Process p, int seconds) {
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static ShimException usage(String message) {
        return ShimException.usage(
                "job: " + message,
                "usage: hpcenv-shim job --services-env VAR --spec-env VAR --argv-env VAR (the operator's batch script)");
    }

    /** Both steps as one target of the signal relay. */
    private record Steps(Process tasks, Process supervisors) implements RuntimeProcess {
        @Override
        public long pid() {
            return tasks.pid();
        }

        @Override
        public int waitFor() throws InterruptedException {
            return tasks.waitFor();
        }

        /** The tasks' srun gets the signal, as in the plain script; the supervisors are told to stop. */
        @Override
        public void signal(int number, String name) {
            send(tasks, name);
            if (supervisors != null) {
                stopSupervisors(supervisors);
            }
        }

        private static void send(Process p, String name) {
            if (!p.isAlive()) {
                return;
            }
            if (name.equals("TERM")) {
                p.destroy();
                return;
            }
            try {
                new ProcessBuilder("kill", "-s", name, Long.toString(p.pid()))
                        .inheritIO()
                        .start();
            } catch (IOException e) {
                p.destroy();
            }
        }

        @Override
        public boolean awaitExit(long millis) throws InterruptedException {
            return tasks.waitFor(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void kill() {
            tasks.destroyForcibly();
        }
    }
}

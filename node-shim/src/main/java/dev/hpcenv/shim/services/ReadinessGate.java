package dev.hpcenv.shim.services;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * What a task ({@code hpcenv-shim run}) does before its container starts when the job has
 * services: waits until every service with a readiness check placed on its node is ready, as the
 * node's supervisor records it ({@link JobDirectory}). A {@code notready} record, an exit before
 * ready, or no record within the service's {@code timeoutSeconds} plus {@value #SLACK_SECONDS} s
 * end the task ({@link ServiceNotReady}).
 */
public final class ReadinessGate {
    /** The supervisor's own start (a JVM, the image, the container) on top of the check's timeout. */
    public static final int SLACK_SECONDS = 30;

    private final List<ServiceSpec> checked;
    private final String node;
    private final Function<String, Optional<ServiceRecord>> records;
    private final LongSupplier nanos;

    ReadinessGate(
            List<ServiceSpec> placedHere,
            String node,
            Function<String, Optional<ServiceRecord>> records,
            LongSupplier nanos) {
        this.checked = placedHere.stream().filter(s -> s.ready() != null).toList();
        this.node = node;
        this.records = records;
        this.nanos = nanos;
    }

    /**
     * The gate of a task with this environment: none (a no-op) when the job has no services.
     *
     * @param jobDirs the user's node-local runtime directories
     */
    public static ReadinessGate forTask(
            Map<String, String> env, String host, dev.hpcenv.shim.state.RuntimeDirs jobDirs) {
        String json = env.get(ServicesParser.VARIABLE);
        if (json == null || json.isBlank()) {
            return new ReadinessGate(List.of(), host, s -> Optional.empty(), System::nanoTime);
        }
        NodeSlot slot = NodeSlot.of(env, host);
        JobDirectory dir = new JobDirectory(jobDirs, slot.jobId());
        return new ReadinessGate(slot.placedHere(ServicesParser.parse(json)), slot.node(), dir::read, System::nanoTime);
    }

    /** Blocks until every checked service is ready; throws {@link ServiceNotReady} otherwise. */
    public void await() throws InterruptedException {
        if (checked.isEmpty()) {
            return;
        }
        long start = nanos.getAsLong();
        long pause = 20;
        List<ServiceSpec> waiting = new ArrayList<>(checked);
        while (true) {
            long waited = (nanos.getAsLong() - start) / 1_000_000_000L;
            for (ServiceSpec s : List.copyOf(waiting)) {
                if (verdict(s, records.apply(s.name()), waited)) {
                    waiting.remove(s);
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 200);
        }
    }

    /**
     * True when {@code s} lets the task start, false while it is still to be waited for; throws
     * when it never will.
     */
    boolean verdict(ServiceSpec s, Optional<ServiceRecord> record, long waitedSeconds) {
        if (record.isEmpty()) {
            long limit = s.ready().timeoutSeconds() + SLACK_SECONDS;
            if (waitedSeconds >= limit) {
                throw new ServiceNotReady(
                        s.name(),
                        node,
                        waitedSeconds,
                        "no word from the node's service supervisor within " + limit
                                + "s (its log is the job's output)");
            }
            return false;
        }
        ServiceRecord r = record.get();
        return switch (r.state()) {
            case READY -> true;
            // An optional service that was ready and ended changes nothing; a required one ends the job.
            case EXITED -> {
                if (r.wasReady()) {
                    yield true;
                }
                throw new ServiceNotReady(
                        s.name(), node, r.seconds(), "it exited with code " + r.exitCode() + " before it was ready");
            }
            case NOT_READY ->
                throw new ServiceNotReady(
                        s.name(), node, r.seconds(), r.message() == null ? "no reason given" : r.message());
        };
    }
}

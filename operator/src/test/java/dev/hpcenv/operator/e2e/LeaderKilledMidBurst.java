package dev.hpcenv.operator.e2e;

import static dev.hpcenv.operator.e2e.RealSlurmWorld.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.operator.testing.Await;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Two elected replicas; the Lease holder is SIGKILLed (it cannot hand the Lease over, and its
 * in-flight submits are cut wherever they are) once it has submitted part of a burst of held HpcJobs
 * created at once; the other replica takes the Lease when it expires and submits the rest. Run on
 * either API server, with counts asserted and times only measured.
 */
final class LeaderKilledMidBurst {

    /** HpcJobs of the burst. */
    static final int BURST = 300;
    /** The leader dies once it has logged this many submits: well after its first, well before its last. */
    static final int KILL_AFTER_SUBMITS = 60;

    /** The whole burst through both replicas: several times what it takes on a loaded 2-core machine. */
    private static final Duration BURST_WAIT = Duration.ofSeconds(150);

    private LeaderKilledMidBurst() {}

    /** What happened, in seconds: for the printed line and docs/benchmarks.md, never for an assertion. */
    record Figures(
            int burst,
            double firstLeader,
            String killed,
            double killedAfter,
            int createdAtKill,
            int inSlurmAtKill,
            int loggedByKilled,
            String successor,
            double leaseMoved,
            double firstSubmitBySuccessor,
            double allSubmitted) {

        /** One line, {@code leader-election (<api>): ...}. */
        String line(String api) {
            return String.format(
                    Locale.ROOT,
                    "leader-election (%s): first leader %.1f s after 2 replicas started; burst of %d held HpcJobs:"
                            + " %s SIGKILLed %.1f s in, with %d created and %d in Slurm (%d submits in its log);"
                            + " %s held the Lease %.1f s after the kill and submitted %.1f s after it; all %d"
                            + " with a Slurm job id %.1f s after the burst began",
                    api,
                    firstLeader,
                    burst,
                    killed,
                    killedAfter,
                    createdAtKill,
                    inSlurmAtKill,
                    loggedByKilled,
                    successor,
                    leaseMoved,
                    firstSubmitBySuccessor,
                    burst,
                    allSubmitted);
        }
    }

    /**
     * Starts replicas {@code replica-a} and {@code replica-b} (on {@code api}, as the printed line names it), creates {@code burst} HpcJobs in the
     * world's mapped namespace and kills the leader once it has logged {@code killAfterSubmits}
     * submits; then asserts that the other replica holds the Lease (leaseTransitions grew), that each
     * HpcJob has exactly one Slurm job and that no HpcJob the killed leader logged was submitted again.
     */
    static Figures run(String api, RealSlurmWorld world, ElectedReplicas replicas)
            throws InterruptedException, ExecutionException, TimeoutException {
        int burst = BURST;
        int killAfterSubmits = KILL_AFTER_SUBMITS;
        // Given: two replicas, one of which holds the Lease
        long start = System.nanoTime();
        replicas.start("replica-a");
        replicas.start("replica-b");
        OperatorProcess leader = replicas.awaitLeader(WAIT);
        long leading = System.nanoTime();
        OperatorProcess successor = replicas.other(leader);
        world.awaitClusterReady();
        int transitionsBefore = replicas.transitions();
        String ns = world.mappedNamespace;

        // When: the HpcJobs are created at once, and the leader dies once it has submitted some of them
        long burstStart = System.nanoTime();
        CompletableFuture<Set<String>> created =
                CompletableFuture.supplyAsync(() -> world.createBurst(ns, "burst", burst));
        Await.until(
                leader.name() + " logged " + killAfterSubmits + " submits",
                BURST_WAIT,
                () -> leader.submittedJobs().size() >= killAfterSubmits || created.isCompletedExceptionally(),
                () -> leader.submittedJobs().size() + " submits; " + replicas.describeLease());
        leader.kill();
        long killed = System.nanoTime();
        int inSlurmAtKill = world.slurmJobsOf(ns).size();
        int createdAtKill = world.jobs(ns).size();
        List<String> byLeader = leader.submittedJobs();

        // Then: the other replica holds the Lease and submits the rest, each HpcJob once
        long[] leaseMoved = {0};
        long[] firstSubmit = {0};
        Await.until(
                successor.name() + " holds the lease and has submitted",
                WAIT,
                () -> {
                    long now = System.nanoTime();
                    if (leaseMoved[0] == 0 && successor.name().equals(replicas.holder())) {
                        leaseMoved[0] = now;
                    }
                    if (firstSubmit[0] == 0 && !successor.submittedJobs().isEmpty()) {
                        firstSubmit[0] = now;
                    }
                    return leaseMoved[0] != 0 && firstSubmit[0] != 0;
                },
                replicas::describeLease);
        Set<String> uids = new HashSet<>(created.get(BURST_WAIT.toSeconds(), TimeUnit.SECONDS));
        world.awaitSlurmJobIds(ns, uids, BURST_WAIT);
        long done = System.nanoTime();
        Figures figures = new Figures(
                burst,
                seconds(leading - start),
                leader.name(),
                seconds(killed - burstStart),
                createdAtKill,
                inSlurmAtKill,
                byLeader.size(),
                successor.name(),
                seconds(leaseMoved[0] - killed),
                seconds(firstSubmit[0] - killed),
                seconds(done - burstStart));
        System.out.println(figures.line(api));

        assertThat(inSlurmAtKill)
                .as("Slurm jobs of the burst right after the leader was killed: after its first, before its last")
                .isBetween(1, burst - 1);
        Lease lease = replicas.lease().orElseThrow();
        assertThat(lease.getSpec().getHolderIdentity())
                .as("the Lease's holder")
                .isEqualTo(successor.name())
                .isNotEqualTo(leader.name());
        assertThat(lease.getSpec().getLeaseTransitions())
                .as("leaseTransitions (before the kill: " + transitionsBefore + ") of " + RealSlurmWorld.asYaml(lease))
                .isGreaterThan(transitionsBefore);
        assertThat(world.assertOneSlurmJobPerHpcJob(ns, uids)).hasSize(burst);
        assertThat(successor.submittedJobs())
                .as("HpcJobs the replica that took over submitted, none of which the killed leader had logged")
                .isNotEmpty()
                .doesNotContainAnyElementsOf(byLeader)
                .doesNotHaveDuplicates();
        assertThat(successor.isAlive()).as(successor + " after the burst").isTrue();
        return figures;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}

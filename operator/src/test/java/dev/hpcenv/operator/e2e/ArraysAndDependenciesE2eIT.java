package dev.hpcenv.operator.e2e;

import static dev.hpcenv.operator.e2e.RealSlurmWorld.condition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.ArrayFailedIndex;
import dev.hpcenv.crd.v1alpha1.ArrayStatus;
import dev.hpcenv.crd.v1alpha1.DependencyCondition;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.JobDependency;
import dev.hpcenv.operator.testing.Await;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.real.LocalSlurm;
import dev.hpcenv.slurm.real.LocalSlurmExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Job arrays and dependencies (docs/workflows.md, section 4) with the shipped operator in a process of
 * its own, the embedded API and the real local Slurm. Jobs that must run use a stand-in for the shim
 * that runs the argv on the host (no container: what is tested here is the operator and Slurm;
 * HPCENV_ARRAY_INDEX in the container is EnvComposerTest's).
 */
@ExtendWith(LocalSlurmExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArraysAndDependenciesE2eIT {

    private static final Duration RUN = Duration.ofSeconds(240);
    private static final int ARRAY_BURST = 20;

    @RegisterExtension
    final OperatorLogs logs = new OperatorLogs();

    private final LocalSlurm slurm;
    private RealSlurmWorld world;
    private OperatorProcess operator;
    private Path shimDir;

    ArraysAndDependenciesE2eIT(LocalSlurm slurm) {
        this.slurm = slurm;
    }

    @BeforeAll
    void start() throws IOException {
        world = RealSlurmWorld.start(slurm, logs);
        shimDir = hostShim();
        world.useShim(shimDir.resolve("hpcenv-shim").toString());
        operator = world.startOperator("operator-arrays", Map.of());
        world.awaitClusterReady();
    }

    /** Runs HPCENV_ARGV on the host as the job's user, as the shim would in a container. */
    private static Path hostShim() throws IOException {
        Path dir = Files.createTempDirectory(
                "hpcenv-e2e-shim-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path shim = dir.resolve("hpcenv-shim");
        Files.writeString(
                shim,
                "#!/bin/sh\n# A stand-in for hpcenv-shim run: the argv on the host, no container.\n"
                        + "exec /usr/bin/python3 -c 'import json, os; a = json.loads(os.environ[\"HPCENV_ARGV\"]);"
                        + " os.execvp(a[0], a)'\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    @AfterEach
    void cancelLeftovers() {
        world.cancelSlurmJobs();
    }

    @AfterAll
    void stop() throws IOException {
        if (world != null) {
            world.close();
        }
        if (shimDir != null) {
            Files.deleteIfExists(shimDir.resolve("hpcenv-shim"));
            Files.deleteIfExists(shimDir);
        }
    }

    /** A job that runs {@code sh -c script}, output discarded. */
    private HpcJob running(String name, String script) {
        HpcJob job = world.heldJob(world.mappedNamespace, name);
        job.getMetadata().setAnnotations(Map.of());
        job.getSpec().setCommand(new ArrayList<>(List.of("/bin/sh", "-c", script)));
        job.getSpec().setOutput("/dev/null");
        return job;
    }

    private static JobDependency on(String name) {
        return new JobDependency(name, DependencyCondition.SUCCEEDED);
    }

    private HpcJob awaitEnded(String name) {
        return world.awaitEnded(name, RUN, () -> "");
    }

    @Test
    void fiftyElementsFiveAtATimeWithTwoFailingIndexesAreCountedAndFail() {
        // Given: 50 elements, at most 5 running, indexes 7 and 31 failing with their own exit codes
        HpcJob job =
                running("sweep", "sleep 0.2; case \"$SLURM_ARRAY_TASK_ID\" in 7) exit 3;; 31) exit 5;; esac; exit 0");
        job.getSpec().setArray("0-49%5");
        AtomicInteger mostRunning = new AtomicInteger();
        // When
        world.create(job);
        Await.until(
                "HpcJob sweep ended",
                RUN,
                () -> {
                    HpcJob j = world.job(world.mappedNamespace, "sweep");
                    if (j == null || j.getStatus() == null) {
                        return false;
                    }
                    if (j.getStatus().getArray() != null) {
                        mostRunning.accumulateAndGet(j.getStatus().getArray().getRunning(), Math::max);
                    }
                    return j.getStatus().getPhase() != null
                            && j.getStatus().getPhase().isTerminal();
                },
                () -> RealSlurmWorld.asYaml(world.job(world.mappedNamespace, "sweep")));
        // Then: one Slurm array, all of it counted, the two failures named
        HpcJob ended = world.job(world.mappedNamespace, "sweep");
        ArrayStatus array = ended.getStatus().getArray();
        assertThat(ended.getStatus().getPhase()).isEqualTo(HpcJobPhase.FAILED);
        assertThat(array.getTotal()).isEqualTo(50);
        assertThat(array.getSucceeded()).isEqualTo(48);
        assertThat(array.getFailed()).isEqualTo(2);
        assertThat(array.getPending() + array.getRunning() + array.getCancelled())
                .isZero();
        assertThat(array.getFailedIndexes())
                .extracting(ArrayFailedIndex::getIndex, ArrayFailedIndex::getExitCode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(7L, 3), org.assertj.core.groups.Tuple.tuple(31L, 5));
        assertThat(mostRunning.get()).as("elements running at once (%5)").isLessThanOrEqualTo(5);
        assertThat(ended.getStatus().getMessage()).contains("48 succeeded, 2 failed");
        List<JobInfo> records = world.slurmJobsFor(Set.of(ended.getMetadata().getUid()));
        assertThat(records)
                .hasSize(50)
                .allSatisfy(r ->
                        assertThat(r.submittedId()).isEqualTo(ended.getStatus().getSlurmJobId()));
    }

    @Test
    void aSigkillInTheMiddleOfABurstOfArraysLeavesExactlyOneSlurmArrayPerHpcJob() throws Exception {
        // Given: a watch that sees job ids arrive in status
        String ns = world.mappedNamespace;
        try (SubmissionWatch submissions = SubmissionWatch.start(world.client(), ns, "arrays-", 3)) {
            // When: held arrays of 10 at once, and the operator killed as soon as three have a Slurm id
            Set<String> uids = IntStream.range(0, ARRAY_BURST)
                    .mapToObj(i -> {
                        HpcJob job = world.heldJob(ns, "arrays-" + i);
                        job.getSpec().setArray("0-9");
                        return world.create(job).getMetadata().getUid();
                    })
                    .collect(Collectors.toSet());
            assertThat(submissions.awaitEnough(RealSlurmWorld.WAIT))
                    .as("3 job ids in status")
                    .isTrue();
            operator.kill();
            int seenAtKill = submissions.submitted().size();
            operator = world.startOperator("operator-arrays-2", Map.of());
            // Then: one array per HpcJob, the one its status names
            world.awaitSlurmJobIds(ns, uids, RealSlurmWorld.WAIT);
            System.out.println("arrays: " + seenAtKill + " of " + ARRAY_BURST + " ids in status at the kill");
            assertThat(seenAtKill)
                    .as("the kill came in the middle of the burst")
                    .isLessThan(ARRAY_BURST);
            Map<String, Set<Long>> arraysByUid = world.slurmJobsFor(uids).stream()
                    .collect(Collectors.groupingBy(
                            RealSlurmWorld::uidOf, Collectors.mapping(JobInfo::submittedId, Collectors.toSet())));
            assertThat(arraysByUid).hasSize(ARRAY_BURST);
            for (HpcJob job : world.jobs(ns)) {
                if (uids.contains(job.getMetadata().getUid())) {
                    assertThat(arraysByUid.get(job.getMetadata().getUid()))
                            .as("Slurm arrays of HpcJob " + job.getMetadata().getName())
                            .containsExactly(job.getStatus().getSlurmJobId());
                }
            }
        }
    }

    @Test
    void anAfterokChainOfThreeIsSubmittedAtOnceAndRunsInOrder() {
        // Given: three stages, each the next one's dependency
        HpcJob first = running("stage-1", "sleep 4");
        HpcJob second = running("stage-2", "sleep 1");
        second.getSpec().setDependsOn(new ArrayList<>(List.of(on("stage-1"))));
        HpcJob third = running("stage-3", "true");
        third.getSpec().setDependsOn(new ArrayList<>(List.of(on("stage-2"))));
        // When: applied last first, as GitOps may
        world.create(third);
        world.create(second);
        world.create(first);
        // Then: all succeed, each submitted before its dependency ended, each started after it ended
        HpcJob one = awaitEnded("stage-1");
        HpcJob two = awaitEnded("stage-2");
        HpcJob three = awaitEnded("stage-3");
        for (HpcJob j : List.of(one, two, three)) {
            assertThat(j.getStatus().getPhase()).as(j.getMetadata().getName()).isEqualTo(HpcJobPhase.SUCCEEDED);
        }
        assertThat(at(two.getStatus().getSubmitTime()))
                .isBefore(at(one.getStatus().getEndTime()));
        assertThat(at(two.getStatus().getStartTime()))
                .isAfterOrEqualTo(at(one.getStatus().getEndTime()));
        assertThat(at(three.getStatus().getStartTime()))
                .isAfterOrEqualTo(at(two.getStatus().getEndTime()));
    }

    @Test
    void aFailingFirstStageFailsTheRestWithDependencyFailedAndLeavesNothingPending() {
        // Given
        HpcJob first = running("broken-1", "sleep 2; exit 1");
        HpcJob second = running("broken-2", "true");
        second.getSpec().setDependsOn(new ArrayList<>(List.of(on("broken-1"))));
        HpcJob third = running("broken-3", "true");
        third.getSpec().setDependsOn(new ArrayList<>(List.of(on("broken-2"))));
        // When
        world.create(first);
        world.create(second);
        world.create(third);
        // Then
        assertThat(awaitEnded("broken-1").getStatus().getPhase()).isEqualTo(HpcJobPhase.FAILED);
        for (String name : List.of("broken-2", "broken-3")) {
            HpcJob j = awaitEnded(name);
            assertThat(j.getStatus().getPhase()).as(name).isEqualTo(HpcJobPhase.FAILED);
            Condition failed =
                    condition(j.getStatus().getConditions(), "Failed").orElseThrow();
            assertThat(failed.getReason()).as(name).isEqualTo("DependencyFailed");
            if (j.getStatus().getSlurmJobId() != null) {
                // Cancelled while pending: it never ran (no nodes); Slurm sets its start time to the cancel's.
                assertThat(world.slurmJob(j.getStatus().getSlurmJobId()))
                        .as("Slurm job of " + name)
                        .hasValueSatisfying(s -> {
                            assertThat(s.state()).isEqualTo(JobState.CANCELLED);
                            assertThat(s.nodes()).isEmpty();
                        });
            }
        }
    }

    @Test
    void aCycleIsRefusedWithAConditionNamingIt() {
        // Given: a -> b -> a
        HpcJob a = running("loop-a", "true");
        a.getSpec().setDependsOn(new ArrayList<>(List.of(on("loop-b"))));
        HpcJob b = running("loop-b", "true");
        b.getSpec().setDependsOn(new ArrayList<>(List.of(on("loop-a"))));
        // When
        world.create(a);
        world.create(b);
        // Then: both refused, nothing submitted
        for (String name : List.of("loop-a", "loop-b")) {
            HpcJob j = world.awaitJob(
                    world.mappedNamespace,
                    name,
                    "Accepted=False/DependencyCycle",
                    x -> x.getStatus() != null
                            && condition(x.getStatus().getConditions(), "Accepted")
                                    .map(c -> "DependencyCycle".equals(c.getReason()))
                                    .orElse(false));
            Condition accepted =
                    condition(j.getStatus().getConditions(), "Accepted").orElseThrow();
            assertThat(accepted.getStatus()).isEqualTo("False");
            String other = name.equals("loop-a") ? "loop-b" : "loop-a";
            assertThat(accepted.getMessage()).contains(name + " -> " + other + " -> " + name);
            assertThat(j.getStatus().getSlurmJobId()).isNull();
        }
    }

    @Test
    void anArrayBeyondTheSitesMaxArraySizeIsRefusedWithReasonArrayRefused() {
        // Given: 10^7 elements, which the schema takes and slurmctld (MaxArraySize 1001 here) refuses
        HpcJob job = world.heldJob(world.mappedNamespace, "huge");
        job.getSpec().setArray("0-9999999");
        // When
        world.create(job);
        // Then
        HpcJob refused = world.awaitEnded("huge", RealSlurmWorld.WAIT, () -> "");
        Condition accepted =
                condition(refused.getStatus().getConditions(), "Accepted").orElseThrow();
        assertThat(accepted.getStatus()).isEqualTo("False");
        assertThat(accepted.getReason()).isEqualTo("ArrayRefused");
        assertThat(accepted.getMessage())
                .contains("spec.array '0-9999999'")
                .contains("10000000 elements")
                .contains("MaxArraySize");
        assertThat(refused.getStatus().getPhase()).isEqualTo(HpcJobPhase.FAILED);
        assertThat(world.slurmJobsFor(Set.of(refused.getMetadata().getUid()))).isEmpty();
    }

    private static Instant at(String time) {
        assertThat(time).isNotNull();
        return Instant.parse(time);
    }
}

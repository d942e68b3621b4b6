package dev.hpcenv.operator.e2e;

import static dev.hpcenv.operator.e2e.RealSlurmWorld.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.operator.sync.JobMark;
import dev.hpcenv.operator.testing.Await;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.real.LocalSlurm;
import dev.hpcenv.slurm.real.LocalSlurmExtension;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Orphan collection on the real local Slurm: the operator (a process of its own, with a grace period
 * of two seconds) cancels the held Slurm jobs that carry its installation's mark and whose HpcJob is
 * gone, and never touches jobs marked by another installation, jobs with a bare UID or without a
 * comment. Every Slurm job of the run is named after the run and cancelled afterwards.
 */
@ExtendWith(LocalSlurmExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrphanCollectionE2eIT {

    private static final Map<String, String> SHORT_GRACE = Map.of("HPCENV_ORPHAN_GRACE_SECONDS", "2");
    private static final int BURST = 30;

    @RegisterExtension
    final OperatorLogs logs = new OperatorLogs();

    private final LocalSlurm slurm;
    private RealSlurmWorld world;
    private OperatorProcess operator;

    OrphanCollectionE2eIT(LocalSlurm slurm) {
        this.slurm = slurm;
    }

    @BeforeAll
    void start() {
        world = RealSlurmWorld.start(slurm, logs);
        operator = world.startOperator("operator-1", SHORT_GRACE);
        world.awaitClusterReady();
    }

    @AfterEach
    void cancelLeftovers() {
        world.cancelSlurmJobs();
    }

    @AfterAll
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void ourOrphanIsCancelledAfterTheGraceAndOtherInstallationsJobsAreNeverTouched() {
        // Given: jobs the operator must leave alone, listed before (so at least as long as) our orphan
        long otherInstallation = world.submitHeld(
                "other-installation",
                JobMark.of("another-" + world.run, UUID.randomUUID().toString()).comment());
        long bareUid = world.submitHeld("bare-uid", UUID.randomUUID().toString());
        long noComment = world.submitHeld("no-comment", null);
        // When: a job with this installation's mark whose HpcJob does not exist
        long orphan = world.submitHeld(
                "orphan",
                JobMark.of(world.installationId(), UUID.randomUUID().toString()).comment());
        // Then
        Await.until(
                "orphan " + orphan + " cancelled",
                WAIT,
                () -> world.slurmJob(orphan)
                        .map(JobInfo::state)
                        .filter(s -> s == JobState.CANCELLED)
                        .isPresent(),
                () -> world.slurmJob(orphan) + "\n" + operator.log());
        assertThat(operator.log()).contains("cancelled orphaned Slurm job: cluster=local slurmJob=" + orphan + " ");
        for (long untouched : List.of(otherInstallation, bareUid, noComment)) {
            assertThat(world.slurmJob(untouched))
                    .as("Slurm job %d", untouched)
                    .map(JobInfo::state)
                    .contains(JobState.PENDING);
            assertThat(operator.log()).doesNotContain("slurmJob=" + untouched + " ");
        }
    }

    @Test
    void afterASigkillHpcJobsDeletedWhileTheOperatorWasDownLoseTheirSlurmJobsAndTheOthersKeepExactlyOne()
            throws Exception {
        // Given: a burst, and the operator killed once ten HpcJobs have their Slurm job id in status
        String ns = world.mappedNamespace;
        Set<String> uids;
        Set<String> withId;
        try (SubmissionWatch submissions = SubmissionWatch.start(world.client(), ns, "crash-", 10)) {
            uids = world.createBurst(ns, "crash", BURST);
            assertThat(submissions.awaitEnough(WAIT)).as("10 job ids in status").isTrue();
            operator.kill();
            withId = submissions.submitted();
        }
        Map<String, String> uidByName = world.jobs(ns).stream()
                .filter(j -> j.getMetadata().getName().startsWith("crash-"))
                .collect(Collectors.toMap(
                        j -> j.getMetadata().getName(), j -> j.getMetadata().getUid()));
        // While it is down: an admin removes five submitted HpcJobs with their finalizer (nobody cancels
        // their Slurm jobs now), and a user deletes three others the ordinary way.
        List<String> forced = withId.stream().sorted().limit(5).toList();
        List<String> deleted = uidByName.keySet().stream()
                .filter(n -> !forced.contains(n))
                .sorted()
                .limit(3)
                .toList();
        for (String name : forced) {
            world.client()
                    .resources(HpcJob.class)
                    .inNamespace(ns)
                    .withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
            world.client()
                    .resources(HpcJob.class)
                    .inNamespace(ns)
                    .withName(name)
                    .delete();
        }
        for (String name : deleted) {
            world.client()
                    .resources(HpcJob.class)
                    .inNamespace(ns)
                    .withName(name)
                    .delete();
        }
        Set<String> goneUids = new HashSet<>();
        forced.forEach(n -> goneUids.add(uidByName.get(n)));
        deleted.forEach(n -> goneUids.add(uidByName.get(n)));
        Set<String> remaining = new HashSet<>(uids);
        remaining.removeAll(goneUids);
        assertThat(world.slurmJobsFor(forced.stream().map(uidByName::get).collect(Collectors.toSet())))
                .as("the force-deleted HpcJobs had Slurm jobs")
                .hasSizeGreaterThanOrEqualTo(forced.size())
                .allSatisfy(j -> assertThat(j.state()).isEqualTo(JobState.PENDING));
        // When
        operator = world.startOperator("operator-2", SHORT_GRACE);
        // Then: every job of a deleted HpcJob is cancelled (the forced ones as orphans), the others have one each
        Await.until(
                "the deleted HpcJobs' Slurm jobs cancelled and the others submitted",
                WAIT,
                () -> world.slurmJobsFor(goneUids).stream()
                                .allMatch(j -> j.state().isTerminal())
                        && world.jobs(ns).stream()
                                        .filter(j -> remaining.contains(
                                                j.getMetadata().getUid()))
                                        .filter(RealSlurmWorld::hasSlurmJob)
                                        .count()
                                == remaining.size()
                        && deleted.stream().allMatch(n -> world.job(ns, n) == null),
                () -> world.slurmJobsFor(goneUids) + "\n" + operator.log());
        assertThat(world.slurmJobsFor(goneUids))
                .allSatisfy(j -> assertThat(j.state()).isEqualTo(JobState.CANCELLED));
        List<JobInfo> live = world.slurmJobsFor(remaining);
        Map<String, List<Long>> idsByUid = live.stream()
                .collect(Collectors.groupingBy(
                        RealSlurmWorld::uidOf, Collectors.mapping(JobInfo::jobId, Collectors.toList())));
        assertThat(idsByUid)
                .as("Slurm jobs per remaining HpcJob")
                .hasSize(remaining.size())
                .allSatisfy((uid, ids) -> assertThat(ids).as(uid).hasSize(1));
        assertThat(live).allSatisfy(j -> assertThat(j.state()).isEqualTo(JobState.PENDING));
        for (HpcJob job : world.jobs(ns)) {
            if (remaining.contains(job.getMetadata().getUid())) {
                assertThat(job.getStatus().getSlurmJobId())
                        .as(job.getMetadata().getName())
                        .isEqualTo(idsByUid.get(job.getMetadata().getUid()).get(0));
            }
        }
        List<String> orphanLines = operator.log()
                .lines()
                .filter(l -> l.contains("cancelled orphaned Slurm job:"))
                .toList();
        for (String name : forced) {
            assertThat(orphanLines)
                    .as("a log line for the orphan of %s", name)
                    .anyMatch(l -> l.contains("hpcjobUid=" + uidByName.get(name) + " "));
        }
    }
}

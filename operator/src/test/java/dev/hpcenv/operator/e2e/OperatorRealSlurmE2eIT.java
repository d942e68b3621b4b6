package dev.hpcenv.operator.e2e;

import static dev.hpcenv.operator.e2e.RealSlurmWorld.WAIT;
import static dev.hpcenv.operator.e2e.RealSlurmWorld.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.operator.testing.Await;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.real.LocalSlurm;
import dev.hpcenv.slurm.real.LocalSlurmExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped operator, in a process of its own, against the embedded Kubernetes API and the real
 * local Slurm (dev/slurm-local.sh): exactly-once submission across a SIGKILL in the middle of a
 * burst, cancel on delete, the namespace mapping as the only source of the Slurm user. Jobs are
 * submitted held, so no node shim is needed; every Slurm job of the run is cancelled afterwards.
 */
@ExtendWith(LocalSlurmExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorRealSlurmE2eIT {

    private static final int BURST = 100;

    @RegisterExtension
    final OperatorLogs logs = new OperatorLogs();

    private final LocalSlurm slurm;
    private RealSlurmWorld world;
    private OperatorProcess operator;

    OperatorRealSlurmE2eIT(LocalSlurm slurm) {
        this.slurm = slurm;
    }

    @BeforeAll
    void start() {
        world = RealSlurmWorld.start(slurm, logs);
        operator = world.startOperator("operator-1", Map.of());
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
    void slurmsReasonsShowInStatusAPendingJobThatCannotStartAndALaunchFailure() {
        // Given: two jobs Slurm takes but will never run: more nodes than the partition has, and an
        // output file that cannot be created (Slurm fails the launch before any script or shim runs)
        String ns = world.mappedNamespace;
        HpcJob tooBig = world.heldJob(ns, "too-many-nodes");
        tooBig.getMetadata().setAnnotations(Map.of());
        dev.hpcenv.crd.v1alpha1.JobResources resources = new dev.hpcenv.crd.v1alpha1.JobResources();
        resources.setNodes(1_000_000);
        tooBig.getSpec().setResources(resources);
        HpcJob unwritable = world.heldJob(ns, "unwritable-output");
        unwritable.getMetadata().setAnnotations(Map.of());
        unwritable.getSpec().setOutput("/proc/hpcenv-no-such-dir/out.txt");
        // When
        world.create(tooBig);
        world.create(unwritable);
        // Then
        HpcJob pending = world.awaitJob(
                ns,
                "too-many-nodes",
                "Schedulable=False",
                j -> j.getStatus() != null
                        && condition(j.getStatus().getConditions(), "Schedulable")
                                .isPresent());
        Condition schedulable =
                condition(pending.getStatus().getConditions(), "Schedulable").orElseThrow();
        assertThat(schedulable.getStatus()).isEqualTo("False");
        assertThat(schedulable.getReason()).isIn("PartitionConfig", "PartitionNodeLimit");
        assertThat(schedulable.getMessage()).contains("spec.resources");
        assertThat(pending.getStatus().getSlurmReason()).isEqualTo(schedulable.getReason());
        HpcJob failed = world.awaitJob(
                ns,
                "unwritable-output",
                "Failed",
                j -> j.getStatus() != null && j.getStatus().getPhase() == dev.hpcenv.crd.v1alpha1.HpcJobPhase.FAILED);
        Condition failedCondition =
                condition(failed.getStatus().getConditions(), "Failed").orElseThrow();
        assertThat(failedCondition.getReason()).isEqualTo("LaunchFailed");
        assertThat(failedCondition.getMessage())
                .contains("/proc/hpcenv-no-such-dir/out.txt")
                .contains("spec.output");
        assertThat(failed.getStatus().getSignal()).isNull();
        assertThat(failed.getStatus().getSlurmReason()).isEqualTo("JobLaunchFailure");
    }

    @Test
    void aSigkillInTheMiddleOfABurstLeavesExactlyOneSlurmJobPerHpcJob() throws Exception {
        // Given: a watch that sees job ids arrive in status
        String ns = world.mappedNamespace;
        try (SubmissionWatch submissions = SubmissionWatch.start(world.client(), ns, "burst-", 10)) {
            // When: 100 HpcJobs at once, and the operator killed as soon as ten of them have a Slurm job
            Set<String> uids = world.createBurst(ns, "burst", BURST);
            assertThat(submissions.awaitEnough(WAIT)).as("10 job ids in status").isTrue();
            operator.kill();
            int seenAtKill = submissions.submitted().size();
            operator = world.startOperator("operator-2", Map.of());
            // Then
            world.awaitSlurmJobIds(ns, uids, WAIT);
            System.out.println("burst: " + seenAtKill + " of " + BURST + " ids in status when operator-1 was killed");
            assertThat(seenAtKill)
                    .as("the kill came in the middle of the burst")
                    .isLessThan(BURST);
            List<JobInfo> slurmJobs = world.assertOneSlurmJobPerHpcJob(ns, uids);
            assertThat(slurmJobs).allSatisfy(j -> {
                assertThat(j.state()).isEqualTo(JobState.PENDING);
                assertThat(j.user()).isEqualTo(slurm.user());
            });
        }
    }

    @Test
    void deletingAnHpcJobCancelsItsSlurmJob() {
        // Given
        String ns = world.mappedNamespace;
        world.create(world.heldJob(ns, "doomed"));
        long id = world.awaitJob(ns, "doomed", "submitted", RealSlurmWorld::hasSlurmJob)
                .getStatus()
                .getSlurmJobId();
        assertThat(world.slurmJob(id)).map(JobInfo::state).contains(JobState.PENDING);
        // When
        world.client()
                .resources(HpcJob.class)
                .inNamespace(ns)
                .withName("doomed")
                .delete();
        // Then
        Await.until("HpcJob doomed gone", WAIT, () -> world.job(ns, "doomed") == null, () -> world.job(ns, "doomed"));
        assertThat(world.slurmJob(id)).map(JobInfo::state).contains(JobState.CANCELLED);
    }

    @Test
    void aJobInAnUnmappedNamespaceIsRefusedWithAClearCondition() {
        // Given
        String ns = world.unmappedNamespace;
        // When
        String uid = world.create(world.heldJob(ns, "sneaky")).getMetadata().getUid();
        // Then
        HpcJob refused = world.awaitJob(
                ns,
                "sneaky",
                "refused",
                j -> j.getStatus() != null
                        && condition(j.getStatus().getConditions(), "Accepted").isPresent());
        Condition accepted =
                condition(refused.getStatus().getConditions(), "Accepted").orElseThrow();
        assertThat(accepted.getStatus()).isEqualTo("False");
        assertThat(accepted.getReason()).isEqualTo("NamespaceNotMapped");
        assertThat(accepted.getMessage())
                .contains("SlurmCluster " + world.clusterName)
                .contains("userMappings");
        assertThat(refused.getStatus().getSlurmJobId()).isNull();
        // A job created later in the mapped namespace is submitted: the refused one had its chance first.
        world.create(world.heldJob(world.mappedNamespace, "after-sneaky"));
        world.awaitJob(world.mappedNamespace, "after-sneaky", "submitted", RealSlurmWorld::hasSlurmJob);
        assertThat(world.slurmJobsFor(Set.of(uid))).isEmpty();
        assertThat(world.job(ns, "sneaky").getStatus().getSlurmJobId()).isNull();
    }

    @Test
    void anHpcJobCannotNameItsSlurmUser() throws IOException {
        // Given: the HpcJob CRD as the API serves it has no field for a Slurm user
        CustomResourceDefinition crd = world.client()
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("hpcjobs.hpcenv.dev")
                .get();
        JsonNode spec = new ObjectMapper()
                .valueToTree(crd.getSpec()
                        .getVersions()
                        .get(0)
                        .getSchema()
                        .getOpenAPIV3Schema()
                        .getProperties()
                        .get("spec"));
        assertThat(spec.path("properties").has("user")).isFalse();
        assertThat(spec.findValues("x-kubernetes-preserve-unknown-fields")).noneMatch(JsonNode::asBoolean);
        String ns = world.mappedNamespace;
        Function<String, GenericKubernetesResource> manifest = name -> {
            try (InputStream in = getClass().getResourceAsStream("/e2e/hpcjob-with-user.yaml")) {
                GenericKubernetesResource r = Serialization.unmarshal(in, GenericKubernetesResource.class);
                r.getMetadata().setNamespace(ns);
                r.getMetadata().setName(name);
                return r;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        // When / Then: strict field validation (kubectl's default) refuses it
        assertThatThrownBy(() -> world.client()
                        .resource(manifest.apply("as-root"))
                        .fieldValidation(FieldValidateable.Validation.STRICT)
                        .create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("unknown field \"spec.user\"");
        assertThat(world.job(ns, "as-root")).isNull();
        // and a lenient client gets the field pruned: the job runs as the namespace's mapped user
        world.client().resource(manifest.apply("as-root-lenient")).create();
        HpcJob submitted = world.awaitJob(ns, "as-root-lenient", "submitted", RealSlurmWorld::hasSlurmJob);
        GenericKubernetesResource stored = world.client()
                .genericKubernetesResources("hpcenv.dev/v1alpha1", "HpcJob")
                .inNamespace(ns)
                .withName("as-root-lenient")
                .get();
        assertThat((Object) stored.get("spec", "command")).as("spec.command").isNotNull();
        assertThat((Object) stored.get("spec", "user")).as("spec.user").isNull();
        assertThat(world.slurmJob(submitted.getStatus().getSlurmJobId()))
                .map(JobInfo::user)
                .contains(slurm.user());
    }
}

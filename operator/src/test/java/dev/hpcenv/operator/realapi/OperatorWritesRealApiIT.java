package dev.hpcenv.operator.realapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hpcenv.crd.common.ConditionReasons;
import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import dev.hpcenv.kube.local.CrdInstaller;
import dev.hpcenv.kube.local.LocalKubeApi;
import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import dev.hpcenv.operator.cluster.ClusterProbe;
import dev.hpcenv.operator.cluster.SlurmClusterStatusFactory;
import dev.hpcenv.operator.environment.EnvironmentResolver;
import dev.hpcenv.operator.environment.EnvironmentSource;
import dev.hpcenv.operator.environment.EnvironmentStatusFactory;
import dev.hpcenv.operator.events.EventRecorder;
import dev.hpcenv.operator.job.FinalizerStep;
import dev.hpcenv.operator.job.HpcJobStatusFactory;
import dev.hpcenv.operator.job.JobAction;
import dev.hpcenv.operator.job.RetiredJobs;
import dev.hpcenv.operator.testing.MapLookups;
import dev.hpcenv.operator.testing.ProjectApi;
import dev.hpcenv.operator.testing.Resources;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every write the operator makes, sent by the operator's own code ({@link
 * dev.hpcenv.operator.job.JsonPatchHpcJobWrites}, JOSDK's primary-resource writes with server-side
 * apply off, {@link dev.hpcenv.operator.events.KubernetesEventRecorder}) once to the embedded API and
 * once to a real kube-apiserver, on the same starting objects: both must store the same object (or
 * refuse with the same HTTP code) once what each server owns (UID, versions, times) is set aside.
 * Where they differ, the real server is right.
 */
@Tag("real-kube")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorWritesRealApiIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
    private static final HpcJobStatusFactory JOBS = new HpcJobStatusFactory(CLOCK);
    private static final String OTHER = "example.com/other";
    private static final String ANOTHER = "example.com/another";
    private static final ObjectMapper YAML = new YAMLMapper();
    /** Non-ASCII in every UTF-8 length, and code points beyond the BMP (two UTF-16 units each). */
    private static final String NON_ASCII = "Ünïcödé ß Ωμέγα 日本語のジョブ 🚀🧪 \t\"quoted\" \\ <tag> ";

    /**
     * Within a condition message's maxLength (32768) as Kubernetes counts it, in code points, though
     * over it in UTF-16 units (the emoji take two each).
     */
    private static final String LARGE_NON_ASCII = NON_ASCII.repeat(200) + "🚀".repeat(23_000);

    private final String run = "w" + UUID.randomUUID().toString().substring(0, 8);
    private LocalKubeApi local;
    private EmbeddedKubernetesApi embeddedApi;
    private ApiSide real;
    private ApiSide embedded;

    /** Where the write ended: the stored object (null when gone) or the refusal's HTTP code. */
    record Outcome(int refusedWith, JsonNode stored) {}

    enum Expect {
        /** Stored, generation as created: a status or metadata write never bumps it. */
        STORED,
        /** Refused by both, the object untouched. */
        REFUSED,
        /** The object is gone (its last finalizer went after a delete). */
        GONE
    }

    @FunctionalInterface
    interface Write {
        /** Performs the operator's write on {@code side} to {@code stored}; returns what to compare. */
        HasMetadata apply(ApiSide side, HasMetadata stored) throws Exception;
    }

    record WriteCase(String name, java.util.function.Function<String, HasMetadata> start, Write write, Expect expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void start() {
        local = LocalKubeApi.shared();
        KubernetesClient realAdmin = new KubernetesClientBuilder()
                .withConfig(local.adminConfig())
                .withHttpClientFactory(new VertxHttpClientFactory())
                .build();
        CrdInstaller.apply(realAdmin, ProjectApi.crdResources());
        embeddedApi = ProjectApi.start();
        String namespace = "hpcenv-writes-" + run;
        real = new ApiSide("real kube-apiserver", realAdmin, namespace, CLOCK);
        embedded = new ApiSide("embedded API", ProjectApi.client(embeddedApi), namespace, CLOCK);
    }

    @AfterAll
    void stop() {
        if (real != null) {
            real.close();
        }
        if (embedded != null) {
            embedded.close();
        }
        if (embeddedApi != null) {
            embeddedApi.close();
        }
    }

    Stream<WriteCase> writes() {
        return Stream.of(
                // HpcJob: JsonPatchHpcJobWrites, the writes of nearly every reconcile.
                new WriteCase(
                        "HpcJob status Submitted, UID test holds",
                        this::job,
                        (s, j) -> writeStatus(s, j, JOBS.submitted(null, 1L, 4242, "sha256:abc")),
                        Expect.STORED),
                new WriteCase(
                        "HpcJob status refused: the UID test fails (recreated object)",
                        this::job,
                        (s, j) -> {
                            j.getMetadata().setUid(UUID.randomUUID().toString());
                            return writeStatus(s, j, JOBS.submitted(null, 1L, 4242, "sha256:abc"));
                        },
                        Expect.REFUSED),
                new WriteCase(
                        "HpcJob status with non-ASCII text and a large message (32 000 code points, 100 KB)",
                        this::job,
                        (s, j) -> writeStatus(s, j, JOBS.rejected(null, 1L, LARGE_NON_ASCII, null)),
                        Expect.STORED),
                new WriteCase(
                        "HpcJob status of a Slurm refusal longer than a condition message may be",
                        this::job,
                        (s, j) -> writeStatus(s, j, JOBS.rejected(null, 1L, "x".repeat(40_000), null)),
                        Expect.STORED),
                new WriteCase(
                        "HpcJob status write to a deleted HpcJob",
                        this::job,
                        (s, j) -> {
                            s.admin.resource(j).delete();
                            return writeStatus(s, j, JOBS.submitted(null, 1L, 4242, "sha256:abc"));
                        },
                        Expect.GONE),
                new WriteCase(
                        "HpcJob finalizer added where there is none (resourceVersion test)",
                        this::job,
                        (s, j) -> {
                            s.jobWrites.addFinalizer((HpcJob) j);
                            return j;
                        },
                        Expect.STORED),
                new WriteCase(
                        "HpcJob finalizer appended after another controller's",
                        name -> withFinalizers(job(name), OTHER),
                        (s, j) -> {
                            s.jobWrites.addFinalizer((HpcJob) j);
                            return j;
                        },
                        Expect.STORED),
                new WriteCase(
                        "HpcJob finalizer added over a stale copy: another controller added its own meanwhile",
                        this::job,
                        (s, j) -> {
                            mergePatch(s, j, "{\"metadata\":{\"finalizers\":[\"" + OTHER + "\"]}}");
                            s.jobWrites.addFinalizer((HpcJob) j);
                            return j;
                        },
                        Expect.STORED),
                new WriteCase(
                        "HpcJob finalizer removed by value, its neighbours kept",
                        name -> withFinalizers(job(name), OTHER, FinalizerStep.FINALIZER, ANOTHER),
                        (s, j) -> {
                            s.jobWrites.removeFinalizer((HpcJob) j);
                            return j;
                        },
                        Expect.STORED),
                new WriteCase(
                        "HpcJob finalizer removed after its position moved (stale copy)",
                        name -> withFinalizers(job(name), OTHER, FinalizerStep.FINALIZER),
                        (s, j) -> {
                            s.admin
                                    .resource(j)
                                    .patch(
                                            PatchContext.of(PatchType.JSON),
                                            "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers/0\"}]");
                            s.jobWrites.removeFinalizer((HpcJob) j);
                            return j;
                        },
                        Expect.STORED),
                new WriteCase(
                        "HpcJob deleted: the last finalizer removed, the object goes",
                        name -> withFinalizers(job(name), FinalizerStep.FINALIZER),
                        (s, j) -> {
                            s.admin.resource(j).delete();
                            s.jobWrites.removeFinalizer((HpcJob) s.get(j));
                            return j;
                        },
                        Expect.GONE),
                new WriteCase(
                        "HpcJob deleted: finalizer removed, another controller's still holds it",
                        name -> withFinalizers(job(name), FinalizerStep.FINALIZER, OTHER),
                        (s, j) -> {
                            s.admin.resource(j).delete();
                            s.jobWrites.removeFinalizer((HpcJob) s.get(j));
                            return j;
                        },
                        Expect.STORED),
                // HpcJob: what JOSDK writes for it (suspend, errors).
                new WriteCase(
                        "HpcJob suspended: retired-jobs annotation and status (patchResourceAndStatus)",
                        this::job,
                        (s, j) -> {
                            HpcJob updated =
                                    s.admin.getKubernetesSerialization().clone((HpcJob) j);
                            RetiredJobs.add(updated, Set.of(11L, 12L));
                            updated.setStatus(
                                    JOBS.suspended(null, 1L, new JobAction.Suspend(Set.of(11L), Set.of(11L, 12L))));
                            return s.josdkJobs.patchResourceAndStatus(updated, (HpcJob) j);
                        },
                        Expect.STORED),
                new WriteCase(
                        "HpcJob error status over a previous status (ErrorStatusUpdateControl.patchStatus)",
                        this::job,
                        (s, j) -> {
                            writeStatus(s, j, JOBS.submitted(null, 1L, 4242, "sha256:abc"));
                            HpcJob original = (HpcJob) s.get(j);
                            HpcJob updated =
                                    s.admin.getKubernetesSerialization().clone(original);
                            updated.setStatus(JOBS.transientFailure(
                                    original.getStatus(),
                                    1L,
                                    ConditionReasons.Job.API_ERROR,
                                    "the Kubernetes API answered 500: " + NON_ASCII + " (retried)"));
                            return s.josdkJobs.patchStatus(updated, original);
                        },
                        Expect.STORED),
                // SlurmCluster: JOSDK's finalizer (a Cleaner) and status.
                new WriteCase(
                        "SlurmCluster finalizer added by JOSDK",
                        this::cluster,
                        (s, c) -> s.josdkClusters.addFinalizer((SlurmCluster) c),
                        Expect.STORED),
                new WriteCase(
                        "SlurmCluster status Ready",
                        this::cluster,
                        (s, c) -> {
                            SlurmCluster updated =
                                    s.admin.getKubernetesSerialization().clone((SlurmCluster) c);
                            updated.setStatus(new SlurmClusterStatusFactory(CLOCK)
                                    .build(
                                            null,
                                            1L,
                                            new ClusterProbe.Healthy(
                                                    "26.05.1",
                                                    "v0.0.42",
                                                    List.of("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45"),
                                                    Optional.of("Slurm 26.05 deprecates v0.0.42; 26.11 removes it"),
                                                    List.of("debug", "gpu")),
                                            Optional.empty(),
                                            List.of()));
                            return s.josdkClusters.patchStatus(updated, (SlurmCluster) c);
                        },
                        Expect.STORED),
                new WriteCase(
                        "SlurmCluster deleted: JOSDK removes its finalizer, the object goes",
                        name -> withFinalizers(cluster(name), "slurmclusters.hpcenv.dev/finalizer"),
                        (s, c) -> {
                            s.admin.resource(c).delete();
                            return s.josdkClusters.removeFinalizer((SlurmCluster) s.get(c));
                        },
                        Expect.GONE),
                // Environments: JOSDK's status patch of a resolution.
                new WriteCase(
                        "HpcEnvironment status resolved (mounts, env with an unset, annotations)",
                        this::environment,
                        (s, e) -> {
                            HpcEnvironment original = (HpcEnvironment) e;
                            HpcEnvironment updated =
                                    s.admin.getKubernetesSerialization().clone(original);
                            updated.setStatus(new EnvironmentStatusFactory(CLOCK)
                                    .build(
                                            null,
                                            1L,
                                            new EnvironmentResolver(new MapLookups())
                                                    .resolve(EnvironmentSource.namespaced(
                                                            s.namespace,
                                                            original.getMetadata()
                                                                    .getName(),
                                                            original.getSpec()))));
                            return s.josdkEnvironments.patchStatus(updated, original);
                        },
                        Expect.STORED),
                new WriteCase(
                        "ClusterHpcEnvironment status: a base not found",
                        this::clusterEnvironment,
                        (s, e) -> {
                            ClusterHpcEnvironment original = (ClusterHpcEnvironment) e;
                            ClusterHpcEnvironment updated =
                                    s.admin.getKubernetesSerialization().clone(original);
                            updated.setStatus(new EnvironmentStatusFactory(CLOCK)
                                    .build(
                                            null,
                                            1L,
                                            new EnvironmentResolver(new MapLookups())
                                                    .resolve(EnvironmentSource.clusterScoped(
                                                            original.getMetadata()
                                                                    .getName(),
                                                            original.getSpec()))));
                            return s.josdkClusterEnvironments.patchStatus(updated, original);
                        },
                        Expect.STORED),
                // Events: KubernetesEventRecorder.
                new WriteCase(
                        "Event about an HpcJob (non-ASCII, cut at 1024 characters)",
                        this::job,
                        (s, j) -> {
                            s.events.record(j, EventRecorder.Type.Normal, "Submitted", NON_ASCII.repeat(40));
                            return eventAbout(s, j, s.namespace);
                        },
                        Expect.STORED),
                new WriteCase(
                        "Event about a SlurmCluster (cluster scoped: namespace default)",
                        this::cluster,
                        (s, c) -> {
                            s.events.record(c, EventRecorder.Type.Warning, "Unreachable", "slurmrestd: refused");
                            return eventAbout(s, c, "default");
                        },
                        Expect.STORED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void bothServersStoreTheSameObject(WriteCase write) {
        String name = run + "-" + Integer.toHexString(write.name().hashCode() & 0xfffffff);
        Outcome onEmbedded = outcome(embedded, write, name);
        Outcome onReal = outcome(real, write, name);
        String context = "\n--- real kube-apiserver:\n" + yaml(onReal) + "\n--- embedded API:\n" + yaml(onEmbedded)
                + "\n--- kube-apiserver log:\n" + local.apiServerLogTail(20);
        assertThat(onEmbedded.refusedWith())
                .as("%s: HTTP code of the refusal (0: none)%s", write.name(), context)
                .isEqualTo(onReal.refusedWith());
        assertThat(onEmbedded.stored())
                .as("%s: the stored object%s", write.name(), context)
                .isEqualTo(onReal.stored());
        switch (write.expect()) {
            case STORED -> {
                assertThat(onReal.refusedWith())
                        .as("%s: refused%s", write.name(), context)
                        .isZero();
                assertThat(onReal.stored())
                        .as("%s: gone%s", write.name(), context)
                        .isNotNull();
                // A DELETE bumps generation (kube-apiserver's BeforeDelete); nothing the operator writes does.
                if (!"Event".equals(onReal.stored().path("kind").asText())
                        && !onReal.stored().path("metadata").has("deletionTimestamp")) {
                    assertThat(onReal.stored()
                                    .path("metadata")
                                    .path("generation")
                                    .asLong())
                            .as("%s: metadata.generation after a status or metadata write%s", write.name(), context)
                            .isEqualTo(1L);
                }
            }
            case REFUSED ->
                assertThat(onReal.refusedWith())
                        .as("%s: not refused%s", write.name(), context)
                        .isNotZero();
            case GONE ->
                assertThat(onReal.stored())
                        .as("%s: still stored%s", write.name(), context)
                        .isNull();
        }
    }

    private Outcome outcome(ApiSide side, WriteCase write, String name) {
        HasMetadata stored = side.create(write.start().apply(name));
        HasMetadata compared;
        int refusedWith = 0;
        try {
            compared = write.write().apply(side, stored);
        } catch (KubernetesClientException e) {
            refusedWith = e.getCode();
            compared = stored;
        } catch (Exception e) {
            throw new AssertionError(side.name + ": " + write.name() + " failed: " + e, e);
        }
        HasMetadata now = compared instanceof Event ? compared : side.get(compared);
        return new Outcome(refusedWith, ServerOwnedFields.normalise(side.json(now)));
    }

    private static HasMetadata writeStatus(ApiSide side, HasMetadata job, HpcJobStatus status) {
        HpcJob j = (HpcJob) job;
        j.setStatus(status);
        side.jobWrites.writeStatus(j);
        return j;
    }

    private static void mergePatch(ApiSide side, HasMetadata object, String patch) {
        side.admin.resource(object).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private static Event eventAbout(ApiSide side, HasMetadata about, String namespace) {
        List<Event> found = side.admin.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> about.getMetadata()
                        .getName()
                        .equals(e.getInvolvedObject().getName()))
                .toList();
        assertThat(found)
                .as(
                        "%s: the Events about %s in %s",
                        side.name, about.getMetadata().getName(), namespace)
                .hasSize(1);
        Event event = found.get(0);
        if ("default".equals(namespace)) {
            side.admin.resource(event).delete();
        }
        return event;
    }

    private static <T extends HasMetadata> T withFinalizers(T object, String... finalizers) {
        object.getMetadata().setFinalizers(new ArrayList<>(List.of(finalizers)));
        return object;
    }

    private HasMetadata job(String name) {
        HpcJob job = Resources.job(name);
        job.getMetadata().setUid(null);
        job.getMetadata().setGeneration(null);
        job.getMetadata().setCreationTimestamp(null);
        return job;
    }

    private HasMetadata cluster(String name) {
        SlurmCluster cluster = Resources.cluster(s -> {});
        cluster.getMetadata().setName(name);
        cluster.getMetadata().setGeneration(null);
        return cluster;
    }

    private HasMetadata environment(String name) {
        HpcEnvironment env = Resources.environment(null, name, spec -> {
            spec.setImage("registry.example.com/pytorch:24.01");
            spec.setWorkdir("/workspace");
            spec.setMounts(List.of(
                    new Mount("/scratch", "/scratch", MountType.BIND, List.of("ro")),
                    new Mount("/store/data.sqsh", "/data", MountType.SQUASHFS, List.of())));
            Map<String, String> envVars = new LinkedHashMap<>();
            envVars.put("NCCL_DEBUG", "INFO");
            envVars.put("GREETING", NON_ASCII.strip());
            envVars.put("UNSET_ME", "");
            spec.setEnv(envVars);
            spec.setAnnotations(Map.of("com.hooks.aws_ofi_nccl.enabled", "true"));
        });
        env.getMetadata().setGeneration(null);
        return env;
    }

    private HasMetadata clusterEnvironment(String name) {
        ClusterHpcEnvironment env = Resources.clusterEnvironment(name, spec -> {
            spec.setBaseEnvironments(List.of("missing-" + run));
            spec.setImage("registry.example.com/base:1");
        });
        env.getMetadata().setGeneration(null);
        return env;
    }

    private static String yaml(Outcome outcome) {
        try {
            return "refusedWith: " + outcome.refusedWith() + "\n"
                    + (outcome.stored() == null ? "(gone)" : YAML.writeValueAsString(outcome.stored()));
        } catch (Exception e) {
            return String.valueOf(outcome);
        }
    }
}

package dev.hpcenv.kube.embedded.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.response.ApiResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ObjectStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KindKey JOBS = new KindKey("hpcenv.dev", "v1alpha1", "hpcjobs");
    private static final String JOBS_IN_A = "/apis/hpcenv.dev/v1alpha1/namespaces/a/hpcjobs";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);

    private final List<StoredChange> changes = new ArrayList<>();
    private final ObjectStore store = new ObjectStore(changes::add, JOBS::equals, CLOCK);

    @Test
    void createSetsServerMetadataAndRefusesDuplicates() {
        ApiResponse created = store.create(JOBS_IN_A, job("j1", "{\"script\":\"x\"}"));

        assertThat(created.code()).isEqualTo(201);
        JsonNode metadata = parse(created.body()).path("metadata");
        assertThat(metadata.path("uid").asText()).hasSize(36);
        assertThat(metadata.path("namespace").asText()).isEqualTo("a");
        assertThat(metadata.path("creationTimestamp").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(metadata.path("generation").asLong()).isEqualTo(1);
        assertThat(metadata.path("resourceVersion").asText()).isEqualTo("1");
        assertThat(parse(created.body()).has("status"))
                .as("status is dropped on create with a status subresource")
                .isFalse();
        assertThat(store.create(JOBS_IN_A, job("j1", "{}")).code()).isEqualTo(409);
        assertThat(changes).extracting(StoredChange::type).containsExactly(ChangeType.ADDED);
    }

    @Test
    void listsOnlyTheAddressedKindAndNamespaceSortedByName() {
        store.create(
                "/api/v1/namespaces/a/events",
                "{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"e\"}}");
        store.create(
                "/apis/events.k8s.io/v1/namespaces/a/events",
                "{\"apiVersion\":\"events.k8s.io/v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"f\"}}");
        store.create(JOBS_IN_A, job("b", "{}"));
        store.create(JOBS_IN_A, job("a", "{}"));
        store.create("/apis/hpcenv.dev/v1alpha1/namespaces/ab/hpcjobs", job("c", "{}"));

        assertThat(names(store.list(new KindKey("", "v1", "events"), null))).containsExactly("e");
        assertThat(names(store.list(JOBS, "a"))).containsExactly("a", "b");
        assertThat(names(store.list(JOBS, null))).containsExactly("a", "b", "c");
        assertThat(store.list(JOBS, null).resourceVersion()).isEqualTo(5);
    }

    @Test
    void updateChecksResourceVersionBumpsGenerationOnSpecChangeAndKeepsStatusSplit() {
        store.create(JOBS_IN_A, job("j", "{\"script\":\"x\"}"));
        String path = JOBS_IN_A + "/j";

        ApiResponse stale = store.update(path, withVersion(job("j", "{\"script\":\"y\"}"), "99"));
        assertThat(stale.code()).isEqualTo(409);

        ApiResponse status = store.update(
                path + "/status",
                "{\"apiVersion\":\"hpcenv.dev/v1alpha1\",\"kind\":\"HpcJob\","
                        + "\"metadata\":{\"name\":\"j\"},\"spec\":{\"script\":\"ignored\"},\"status\":{\"phase\":\"Queued\"}}");
        JsonNode afterStatus = parse(status.body());
        assertThat(afterStatus.path("status").path("phase").asText()).isEqualTo("Queued");
        assertThat(afterStatus.path("spec").path("script").asText()).isEqualTo("x");
        assertThat(afterStatus.path("metadata").path("generation").asLong()).isEqualTo(1);

        JsonNode afterSpec = parse(store.update(path, withVersion(job("j", "{\"script\":\"y\"}"), "2"))
                .body());
        assertThat(afterSpec.path("spec").path("script").asText()).isEqualTo("y");
        assertThat(afterSpec.path("status").path("phase").asText())
                .as("status kept by a main-resource write")
                .isEqualTo("Queued");
        assertThat(afterSpec.path("metadata").path("generation").asLong()).isEqualTo(2);
        assertThat(afterSpec.path("metadata").path("uid"))
                .isEqualTo(afterStatus.path("metadata").path("uid"));

        int before = changes.size();
        ApiResponse unchanged = store.update(path, job("j", "{\"script\":\"y\"}"));
        assertThat(parse(unchanged.body())
                        .path("metadata")
                        .path("resourceVersion")
                        .asText())
                .isEqualTo("3");
        assertThat(changes).hasSize(before);
    }

    @Test
    void builtInKindsButCrdsHaveNoGenerationAsOnARealApiServer() {
        JsonNode configMap = parse(store.create(
                        "/api/v1/namespaces/a/configmaps",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"generation\":7},"
                                + "\"data\":{\"k\":\"v\"}}")
                .body());
        assertThat(configMap.path("metadata").has("generation")).isFalse();
        JsonNode changed = parse(store.update(
                        "/api/v1/namespaces/a/configmaps/c",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},"
                                + "\"data\":{\"k\":\"w\"}}")
                .body());
        assertThat(changed.path("metadata").has("generation")).isFalse();
        JsonNode event = parse(store.create(
                        "/api/v1/namespaces/a/events",
                        "{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"e\"}}")
                .body());
        assertThat(event.path("metadata").has("generation")).isFalse();
        JsonNode crd = parse(store.create(
                        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                        "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\","
                                + "\"metadata\":{\"name\":\"xs.example.com\"},\"spec\":{}}")
                .body());
        assertThat(crd.path("metadata").path("generation").asLong()).isEqualTo(1);
    }

    @Test
    void deleteWithFinalizersMarksUntilTheLastFinalizerIsRemoved() {
        store.create(
                JOBS_IN_A,
                "{\"apiVersion\":\"hpcenv.dev/v1alpha1\",\"kind\":\"HpcJob\","
                        + "\"metadata\":{\"name\":\"j\",\"finalizers\":[\"hpcenv.dev/cleanup\"]},\"spec\":{}}");
        String path = JOBS_IN_A + "/j";

        assertThat(store.delete(path).code()).isEqualTo(200);
        JsonNode marked = parse(store.get(path).body());
        assertThat(marked.path("metadata").path("deletionTimestamp").asText()).isEqualTo("2026-01-02T03:04:05Z");
        // As kube-apiserver's BeforeDelete: no grace for an object without pods, and a new generation.
        assertThat(marked.path("metadata").path("deletionGracePeriodSeconds").asLong(-1))
                .isZero();
        assertThat(marked.path("metadata").path("generation").asLong()).isEqualTo(2);

        ((ObjectNode) marked.path("metadata")).putArray("finalizers");
        assertThat(store.update(path, marked.toString()).code()).isEqualTo(200);

        assertThat(store.get(path).code()).isEqualTo(404);
        StoredChange last = changes.get(changes.size() - 1);
        assertThat(last.type()).isEqualTo(ChangeType.DELETED);
        assertThat(last.resourceVersion()).isEqualTo(3);
        assertThat(last.object().path("metadata").path("resourceVersion").asText())
                .isEqualTo("3");
        assertThat(store.delete(path).code()).isEqualTo(404);
    }

    @Test
    void concurrentWritesAreReportedOnceInVersionOrderAndListingsAreSnapshots() throws Exception {
        List<StoredChange> reported = Collections.synchronizedList(new ArrayList<>());
        ObjectStore shared = new ObjectStore(reported::add, kind -> false, CLOCK);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                writers.add(threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        shared.create(JOBS_IN_A, job("t" + thread + "-" + i, "{}"));
                        shared.update(JOBS_IN_A + "/t" + thread + "-" + i, job("t" + thread + "-" + i, "{\"n\":1}"));
                    }
                }));
            }
            Listing midway = shared.list(JOBS, "a");
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            List<StoredChange> inOrder;
            synchronized (reported) {
                inOrder = List.copyOf(reported);
            }
            assertThat(inOrder).hasSize(3200);
            for (int i = 0; i < inOrder.size(); i++) {
                assertThat(inOrder.get(i).resourceVersion()).isEqualTo(i + 1);
            }
            // The listing holds exactly the objects added up to its version: a watch from it loses nothing.
            Set<String> addedByThen = new HashSet<>();
            inOrder.stream()
                    .filter(c -> c.resourceVersion() <= midway.resourceVersion() && c.type() == ChangeType.ADDED)
                    .forEach(c -> addedByThen.add(
                            c.object().path("metadata").path("name").asText()));
            assertThat(new HashSet<>(names(midway))).isEqualTo(addedByThen);
            assertThat(shared.list(JOBS, null).items()).hasSize(1600);
        } finally {
            threads.shutdownNow();
        }
    }

    private static String job(String name, String spec) {
        return "{\"apiVersion\":\"hpcenv.dev/v1alpha1\",\"kind\":\"HpcJob\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":" + spec + ",\"status\":{\"phase\":\"Forged\"}}";
    }

    private static String withVersion(String json, String resourceVersion) {
        JsonNode node = parse(json);
        ((ObjectNode) node.path("metadata")).put("resourceVersion", resourceVersion);
        return node.toString();
    }

    private static List<String> names(Listing listing) {
        return listing.items().stream()
                .map(item -> item.path("metadata").path("name").asText())
                .toList();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

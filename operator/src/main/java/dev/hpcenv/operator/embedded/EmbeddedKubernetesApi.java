package dev.hpcenv.operator.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.crd.CrdConstants;
import dev.hpcenv.operator.embedded.discovery.BuiltInResources;
import dev.hpcenv.operator.embedded.discovery.ResourceCatalog;
import dev.hpcenv.operator.embedded.http.ApiRouter;
import dev.hpcenv.operator.embedded.http.HttpFrontend;
import dev.hpcenv.operator.embedded.lifecycle.CrdLifecycle;
import dev.hpcenv.operator.embedded.lifecycle.NamespaceLifecycle;
import dev.hpcenv.operator.embedded.response.ApiResponse;
import dev.hpcenv.operator.embedded.discovery.ResourceType;
import dev.hpcenv.operator.embedded.store.KindKey;
import dev.hpcenv.operator.embedded.store.ObjectStore;
import dev.hpcenv.operator.embedded.store.StoredChange;
import dev.hpcenv.operator.embedded.table.CellValues;
import dev.hpcenv.operator.embedded.table.TableColumns;
import dev.hpcenv.operator.embedded.table.TableRenderer;
import dev.hpcenv.operator.embedded.watch.WatchHub;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An in-process Kubernetes API for trying hpcenv and for tests: an indexed in-memory object
 * store, with discovery, Table output, RFC 7386 merge patches, HTTP watches, finalizers and the
 * project's CRDs, so that the real kubectl and fabric8 informers work against it. It listens on
 * 127.0.0.1 only and checks no credentials. A real cluster is the production target.
 *
 * <pre>{@code
 * try (EmbeddedKubernetesApi api = EmbeddedKubernetesApi.withProjectCrds().start()) {
 *     api.writeKubeconfig(Path.of("kubeconfig"));
 *     try (KubernetesClient client = api.kubernetesClient()) { ... }
 * }
 * }</pre>
 *
 * <p>Known differences from a real API server are listed in the package documentation.
 */
public final class EmbeddedKubernetesApi implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final String CRD_COLLECTION = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    // Changes kept for watches that resume from a resourceVersion; older resumes get 410 and relist.
    private static final int WATCH_HISTORY = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<CustomResourceDefinition> crds;
    private final int requestedPort;
    private final Clock clock;
    private Vertx vertx;
    private HttpFrontend frontend;
    private WatchHub hub;
    private ResourceCatalog catalog;
    private int port = -1;

    private EmbeddedKubernetesApi(List<CustomResourceDefinition> crds, int requestedPort, Clock clock) {
        this.crds = List.copyOf(crds);
        this.requestedPort = requestedPort;
        this.clock = clock;
    }

    /** An API serving the hpcenv.dev CRDs found on the class path (the hpcenv-crds jar), on a free port. */
    public static EmbeddedKubernetesApi withProjectCrds() {
        List<CustomResourceDefinition> project = ClasspathCrds.ofGroup(CrdConstants.GROUP);
        if (project.isEmpty()) {
            throw new IllegalStateException("no " + CrdConstants.GROUP + " CRDs under " + ClasspathCrds.FOLDER
                    + " on the class path; build the crds module first (mvn -pl crds install)");
        }
        return new EmbeddedKubernetesApi(project, 0, Clock.systemUTC());
    }

    /** An API serving exactly these CRDs; {@code port} 0 picks a free one. */
    public static EmbeddedKubernetesApi withCrds(List<CustomResourceDefinition> crds, int port) {
        return new EmbeddedKubernetesApi(crds, port, Clock.systemUTC());
    }

    /** The same API on a fixed port (for {@code --embedded-api} users who want a stable kubeconfig). */
    public EmbeddedKubernetesApi onPort(int fixedPort) {
        return new EmbeddedKubernetesApi(crds, fixedPort, clock);
    }

    /** Starts listening, with the CRDs installed and the initial namespaces created; returns this. */
    public synchronized EmbeddedKubernetesApi start() {
        if (port >= 0) {
            throw new IllegalStateException("the embedded API is already running on port " + port);
        }
        hub = new WatchHub(WATCH_HISTORY);
        ObjectStore store = new ObjectStore(this::onChange, this::hasStatusSubresource, clock);
        catalog = new ResourceCatalog(() -> storedCrds(store));
        CrdLifecycle crdLifecycle = new CrdLifecycle(clock);
        NamespaceLifecycle namespaces = new NamespaceLifecycle(store, catalog);
        namespaces.createInitialNamespaces();
        for (CustomResourceDefinition crd : crds) {
            ObjectNode json = crdLifecycle.markEstablished(JSON.valueToTree(crd));
            ApiResponse created = store.create(CRD_COLLECTION, json.toString());
            if (!created.isSuccess()) {
                throw new IllegalStateException("cannot install CRD " + crd.getMetadata().getName() + ": " + created.body());
            }
        }
        TableRenderer tables = new TableRenderer(new TableColumns(new CellValues(clock)));
        ApiRouter router = new ApiRouter(store, catalog, tables, namespaces, crdLifecycle);
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
        frontend = new HttpFrontend(vertx, router, hub);
        try {
            port = frontend.listen(LOOPBACK, requestedPort);
        } catch (RuntimeException e) {
            closeVertx();
            throw e;
        }
        return this;
    }

    // Runs inside the store's commit, once per committed change, in resourceVersion order.
    private void onChange(StoredChange change) {
        if (change.plural().equals(BuiltInResources.CUSTOM_RESOURCE_DEFINITIONS.plural()) && catalog != null) {
            catalog.invalidate();
        }
        hub.publish(change);
    }

    // As on a real API server, only custom resources have their status split off by the store;
    // the lifecycle classes handle the built-in kinds' status.
    private boolean hasStatusSubresource(KindKey kind) {
        ResourceCatalog known = catalog;
        return known != null && known.find(kind.group(), kind.version(), kind.plural())
                .filter(type -> !BuiltInResources.ALL.contains(type))
                .map(ResourceType::statusResource)
                .orElse(false);
    }

    private static List<CustomResourceDefinition> storedCrds(ObjectStore store) {
        ResourceType crds = BuiltInResources.CUSTOM_RESOURCE_DEFINITIONS;
        List<CustomResourceDefinition> stored = new ArrayList<>();
        store.list(new KindKey(crds.group(), crds.version(), crds.plural()), null).items().forEach(item ->
                stored.add(Serialization.unmarshal(item.toString(), CustomResourceDefinition.class)));
        return stored;
    }

    /** The port it listens on. */
    public int port() {
        requireRunning();
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI url() {
        requireRunning();
        return URI.create("http://" + LOOPBACK + ":" + port);
    }

    /**
     * A new fabric8 client for this API, default namespace "default"; the caller closes it. It
     * uses the Vert.x HTTP client explicitly; the API serves the JDK one as well.
     */
    public KubernetesClient kubernetesClient() {
        return new KubernetesClientBuilder().withConfig(clientConfig())
                .withHttpClientFactory(new VertxHttpClientFactory()).build();
    }

    /** Client configuration for this API (no credentials, namespace "default"), ignoring ~/.kube/config. */
    public Config clientConfig() {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url().toString())
                .withNamespace("default")
                .build();
    }

    /** Writes a kubeconfig for kubectl (context {@value KubeconfigWriter#CONTEXT}); replaces the file atomically. */
    public void writeKubeconfig(Path file) throws IOException {
        KubeconfigWriter.write(url(), file);
    }

    /** Open watches, for tests that must know a watch is established before changing objects. */
    public int openWatches() {
        requireRunning();
        return hub.openWatches();
    }

    private void requireRunning() {
        if (port < 0) {
            throw new IllegalStateException("the embedded API is not running; call start() first");
        }
    }

    /** Stops listening and drops every object; idempotent. */
    @Override
    public synchronized void close() {
        if (frontend != null) {
            frontend.close();
            frontend = null;
        }
        closeVertx();
        port = -1;
    }

    private void closeVertx() {
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // the server is gone either way
            }
            vertx = null;
        }
    }
}

package dev.hpcenv.kube.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.aggregation.ApiServices;
import dev.hpcenv.kube.embedded.aggregation.AuthenticationConfigMap;
import dev.hpcenv.kube.embedded.aggregation.FrontProxyCa;
import dev.hpcenv.kube.embedded.auth.BearerTokens;
import dev.hpcenv.kube.embedded.auth.BootstrapPolicy;
import dev.hpcenv.kube.embedded.auth.RbacAuthorizer;
import dev.hpcenv.kube.embedded.auth.StoredRbacObjects;
import dev.hpcenv.kube.embedded.discovery.BuiltInResources;
import dev.hpcenv.kube.embedded.discovery.CrdShape;
import dev.hpcenv.kube.embedded.discovery.ResourceCatalog;
import dev.hpcenv.kube.embedded.discovery.ResourceType;
import dev.hpcenv.kube.embedded.http.ApiRouter;
import dev.hpcenv.kube.embedded.http.HttpFrontend;
import dev.hpcenv.kube.embedded.lifecycle.CrdLifecycle;
import dev.hpcenv.kube.embedded.lifecycle.NamespaceLifecycle;
import dev.hpcenv.kube.embedded.response.ApiResponse;
import dev.hpcenv.kube.embedded.store.KindKey;
import dev.hpcenv.kube.embedded.store.ObjectStore;
import dev.hpcenv.kube.embedded.store.StoredChange;
import dev.hpcenv.kube.embedded.table.CellValues;
import dev.hpcenv.kube.embedded.table.TableColumns;
import dev.hpcenv.kube.embedded.table.TableRenderer;
import dev.hpcenv.kube.embedded.tls.CertificateAuthority;
import dev.hpcenv.kube.embedded.watch.WatchHub;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An in-process Kubernetes API for trying hpcenv and for tests: an indexed in-memory object
 * store, with discovery, Table output, RFC 7386 merge patches, HTTP watches, finalizers and the
 * CRDs its caller hands it, so that the real kubectl and Kubernetes clients (fabric8 informers,
 * java-operator-sdk) work against it. It listens on 127.0.0.1 only. A request without credentials is
 * the admin (group system:masters, allowed everything); a user added with {@link #addUser} sends its
 * bearer token and is authorised by RBAC over the stored Roles and bindings, as on a cluster.
 * APIServices with a service are proxied to their backends with a front-proxy client certificate
 * (ConfigMap kube-system/extension-apiserver-authentication names its CA). A real cluster is the
 * production target.
 *
 * <pre>{@code
 * List<ObjectNode> crds = ClasspathCrds.ofGroup("example.com");   // or CrdDocuments.fromYaml(...)
 * try (EmbeddedKubernetesApi api = EmbeddedKubernetesApi.withCrds(crds, 0).start()) {
 *     api.writeKubeconfig(Path.of("kubeconfig"));   // for kubectl; clients connect to api.url()
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

    private final List<ObjectNode> crds;
    private final int requestedPort;
    private final Clock clock;
    private final BearerTokens tokens;
    private Vertx vertx;
    private HttpFrontend frontend;
    private WatchHub hub;
    private ResourceCatalog catalog;
    private int port = -1;
    private int securePort = -1;
    private String servingCaPem;

    private EmbeddedKubernetesApi(List<ObjectNode> crds, int requestedPort, Clock clock, BearerTokens tokens) {
        this.crds = List.copyOf(crds);
        this.requestedPort = requestedPort;
        this.clock = clock;
        this.tokens = tokens;
    }

    /**
     * An API serving exactly these CustomResourceDefinitions ({@code apiextensions.k8s.io/v1} documents,
     * e.g. from {@link CrdDocuments} or {@link ClasspathCrds}); {@code port} 0 picks a free one.
     *
     * @throws IllegalArgumentException naming the CRD and field when one cannot be served
     */
    public static EmbeddedKubernetesApi withCrds(List<? extends JsonNode> crds, int port) {
        List<ObjectNode> checked = new ArrayList<>();
        for (JsonNode crd : crds) {
            String name = crd.path("metadata").path("name").asText("(unnamed)");
            if (!CrdDocuments.isCrd(crd)) {
                throw new IllegalArgumentException("CRD " + name + ": not an " + CrdDocuments.API_VERSION + " "
                        + CrdDocuments.KIND + " (apiVersion \""
                        + crd.path("apiVersion").asText() + "\", kind \""
                        + crd.path("kind").asText() + "\")");
            }
            List<String> violations = CrdShape.violations(crd);
            if (!violations.isEmpty()) {
                throw new IllegalArgumentException("CRD " + name + ": " + String.join(", ", violations));
            }
            checked.add(crd.deepCopy());
        }
        return new EmbeddedKubernetesApi(checked, port, Clock.systemUTC(), new BearerTokens());
    }

    /** The same API on a fixed port (for {@code --embedded-api} users who want a stable kubeconfig). */
    public EmbeddedKubernetesApi onPort(int fixedPort) {
        return new EmbeddedKubernetesApi(crds, fixedPort, clock, tokens);
    }

    /**
     * A user who authenticates with bearer {@code token}, in {@code groups} and system:authenticated,
     * and is authorised by RBAC (the default ClusterRoles let it discover the API and review its own
     * access, nothing more, until a binding grants it more); before or after {@link #start()}. Returns this.
     *
     * @throws IllegalArgumentException for a blank token or user, or a token already given to another user
     */
    public EmbeddedKubernetesApi addUser(String token, String user, List<String> groups) {
        tokens.add(token, user, groups);
        return this;
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
        install(store, BuiltInResources.CLUSTER_ROLES, BootstrapPolicy.clusterRoles());
        install(store, BuiltInResources.CLUSTER_ROLE_BINDINGS, BootstrapPolicy.clusterRoleBindings());
        FrontProxyCa frontProxy = FrontProxyCa.generate();
        install(store, BuiltInResources.CONFIG_MAPS, List.of(AuthenticationConfigMap.of(frontProxy)));
        for (ObjectNode crd : crds) {
            ObjectNode json = crdLifecycle.markEstablished(crd.deepCopy());
            ApiResponse created = store.create(CRD_COLLECTION, json.toString());
            if (!created.isSuccess()) {
                throw new IllegalStateException("cannot install CRD "
                        + crd.path("metadata").path("name").asText() + ": " + created.body());
            }
        }
        TableRenderer tables = new TableRenderer(new TableColumns(new CellValues(clock)));
        ApiRouter router = new ApiRouter(
                store,
                catalog,
                tables,
                namespaces,
                crdLifecycle,
                new RbacAuthorizer(new StoredRbacObjects(store)),
                new ApiServices(store));
        CertificateAuthority servingCa = CertificateAuthority.generate("hpcenv-embedded-ca");
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
        frontend = new HttpFrontend(vertx, router, hub, tokens, frontProxy);
        try {
            port = frontend.listen(LOOPBACK, requestedPort);
            securePort = frontend.listenTls(
                    LOOPBACK,
                    0,
                    servingCa.issueServer(
                            "hpcenv-embedded-apiserver",
                            List.of("localhost"),
                            List.of(InetAddress.getLoopbackAddress())));
        } catch (RuntimeException e) {
            frontend.close();
            closeVertx();
            port = -1;
            throw e;
        }
        servingCaPem = servingCa.certificatePem();
        return this;
    }

    private static void install(ObjectStore store, ResourceType type, List<ObjectNode> objects) {
        for (ObjectNode object : objects) {
            String namespace = object.path("metadata").path("namespace").asText("");
            String collection =
                    type.apiPrefix() + (namespace.isEmpty() ? "" : "/namespaces/" + namespace) + "/" + type.plural();
            ApiResponse created = store.create(collection, object);
            if (!created.isSuccess()) {
                throw new IllegalStateException("cannot create " + type.kind() + " "
                        + object.path("metadata").path("name").asText() + ": " + created.body());
            }
        }
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
        return known != null
                && known.find(kind.group(), kind.version(), kind.plural())
                        .filter(type -> !BuiltInResources.ALL.contains(type))
                        .map(ResourceType::statusResource)
                        .orElse(false);
    }

    private static List<JsonNode> storedCrds(ObjectStore store) {
        ResourceType crds = BuiltInResources.CUSTOM_RESOURCE_DEFINITIONS;
        return store.list(new KindKey(crds.group(), crds.version(), crds.plural()), null)
                .items();
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
     * {@code https://127.0.0.1:<another port>}: the same API over TLS (a certificate for 127.0.0.1 and
     * localhost signed by {@link #certificateAuthorityPem()}), for clients that send a bearer token over
     * TLS only, as kubectl does.
     */
    public URI secureUrl() {
        requireRunning();
        return URI.create("https://" + LOOPBACK + ":" + securePort);
    }

    /** The CA of {@link #secureUrl()}'s certificate, PEM; made at start, never written anywhere by the API. */
    public String certificateAuthorityPem() {
        requireRunning();
        return servingCaPem;
    }

    /**
     * Writes a kubeconfig for kubectl (context {@value KubeconfigWriter#CONTEXT}) without credentials:
     * its requests are the admin's; replaces the file atomically.
     */
    public void writeKubeconfig(Path file) throws IOException {
        KubeconfigWriter.write(url(), file);
    }

    /**
     * Writes a kubeconfig whose user sends bearer {@code token} (one given to {@link #addUser}, or
     * any other, which the API answers 401) to {@link #secureUrl()}, trusting
     * {@link #certificateAuthorityPem()}: kubectl sends no token over plain HTTP. Owner-only
     * permissions where the file system has them; replaces the file atomically.
     */
    public void writeKubeconfig(Path file, String token) throws IOException {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token: must not be blank (use writeKubeconfig(file) for the admin)");
        }
        KubeconfigWriter.write(secureUrl(), file, new KubeconfigWriter.Credentials(token, certificateAuthorityPem()));
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
        securePort = -1;
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

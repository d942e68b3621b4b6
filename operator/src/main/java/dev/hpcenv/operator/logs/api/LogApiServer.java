package dev.hpcenv.operator.logs.api;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.hpcenv.operator.logs.LogQuery;
import dev.hpcenv.operator.logs.LogReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The aggregated API group logs.hpcenv.dev/v1alpha1 (docs/job-output.md, section 4) on the JDK's
 * HTTPS server: the kube-apiserver proxies {@code kubectl hpcenv logs} here with its front-proxy client
 * certificate and the user's name and groups in headers; the operator checks both, asks the API
 * server whether that user may get the HpcJob, and streams the store's answer.
 */
public final class LogApiServer implements AutoCloseable {

    private final HttpsServer server;
    private final ExecutorService executor;
    private final ServingCertificate certificate;

    private LogApiServer(HttpsServer server, ExecutorService executor, ServingCertificate certificate) {
        this.server = server;
        this.executor = executor;
        this.certificate = certificate;
    }

    /**
     * Starts the API as {@code settings} say, with {@code client} (the operator's own credentials) for the
     * front-proxy ConfigMap and the SubjectAccessReviews.
     *
     * @param serviceDnsNames the names the API's Service has, for a self-signed certificate
     * @param queries         the store's parser of the query parameters; an IllegalArgumentException is a 400
     */
    public static LogApiServer start(
            LogApiSettings settings,
            List<String> serviceDnsNames,
            KubernetesClient client,
            LogReader reader,
            Function<Map<String, List<String>>, LogQuery> queries,
            Clock clock) {
        return start(settings, serviceDnsNames, java.util.Optional.empty(), client, reader, queries, clock);
    }

    /**
     * @param keepSelfSigned where a self-signed certificate is kept across restarts (the log volume);
     *                       empty: a new one at each start
     */
    public static LogApiServer start(
            LogApiSettings settings,
            List<String> serviceDnsNames,
            java.util.Optional<java.nio.file.Path> keepSelfSigned,
            KubernetesClient client,
            LogReader reader,
            Function<Map<String, List<String>>, LogQuery> queries,
            Clock clock) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException(LogApiSettings.PORT + " is -1: the log API is off");
        }
        ServingCertificate certificate = settings.certificate()
                .map(files -> ServingCertificate.fromFiles(files.certificate(), files.key()))
                .orElseGet(() -> keepSelfSigned.isPresent()
                        ? ServingCertificate.selfSignedKeptIn(
                                keepSelfSigned.get(), serviceDnsNames, certificateAddresses(settings.address()), clock)
                        : ServingCertificate.selfSigned(
                                serviceDnsNames, certificateAddresses(settings.address()), clock));
        LogApiHandler handler = new LogApiHandler(
                FrontProxyConfigSource.of(client, clock),
                new CachingAccessReviewer(new SubjectAccessReviewer(client), clock),
                reader,
                queries,
                clock);
        return start(new InetSocketAddress(settings.address(), settings.port()), certificate, handler);
    }

    static LogApiServer start(InetSocketAddress address, ServingCertificate certificate, LogApiHandler handler) {
        ExecutorService executor = Executors.newCachedThreadPool(new NamedDaemons());
        try {
            HttpsServer server = HttpsServer.create(address, 0);
            server.setHttpsConfigurator(new ClientCertificateWanted(sslContext(certificate)));
            server.createContext("/", handler);
            server.setExecutor(executor);
            server.start();
            return new LogApiServer(server, executor, certificate);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException(
                    "cannot listen on " + address.getAddress().getHostAddress() + ":"
                            + address.getPort() + " for the log API (" + e.getMessage() + "); set "
                            + LogApiSettings.PORT + " to a free port or -1, or " + LogApiSettings.ADDRESS
                            + " to an address of this host",
                    e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The serving certificate chain as PEM (an APIService's caBundle, when it is self-signed). */
    public String certificatePem() {
        return certificate.certificatePem();
    }

    @Override
    public void close() {
        server.stop(0);
        // Interrupts the threads of open follows: their readers end.
        executor.shutdownNow();
    }

    /** The listen address for the certificate; all addresses (0.0.0.0) is no name a client uses. */
    private static List<InetAddress> certificateAddresses(InetAddress address) {
        List<InetAddress> out = new ArrayList<>();
        if (!address.isAnyLocalAddress()) {
            out.add(address);
        }
        out.add(InetAddress.getLoopbackAddress());
        return out;
    }

    private static SSLContext sslContext(ServingCertificate certificate) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    certificate.keyManagers().getKeyManagers(),
                    new TrustManager[] {new ClientCertificatesCheckedLater()},
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the log API", e);
        }
    }

    /** Asks for a client certificate without requiring one: discovery and health need none. */
    private static final class ClientCertificateWanted extends HttpsConfigurator {
        ClientCertificateWanted(SSLContext context) {
            super(context);
        }

        @Override
        public void configure(HttpsParameters parameters) {
            SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
            ssl.setWantClientAuth(true);
            parameters.setSSLParameters(ssl);
        }
    }

    /**
     * Takes any client certificate at the TLS layer (TLS still proves the client holds its key): the
     * handler checks it against the front-proxy CA it reads now, so a rotated CA needs no restart and a
     * refused certificate gets a 401 Status rather than a failed handshake.
     */
    private static final class ClientCertificatesCheckedLater extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the log API is no TLS client");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("the log API is no TLS client");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("the log API is no TLS client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static final class NamedDaemons implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "hpcenv-log-api-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}

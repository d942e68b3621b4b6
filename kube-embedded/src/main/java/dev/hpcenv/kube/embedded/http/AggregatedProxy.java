package dev.hpcenv.kube.embedded.http;

import dev.hpcenv.kube.embedded.aggregation.AuthenticationConfigMap;
import dev.hpcenv.kube.embedded.aggregation.Backend;
import dev.hpcenv.kube.embedded.aggregation.FrontProxyCa;
import dev.hpcenv.kube.embedded.auth.Identity;
import dev.hpcenv.kube.embedded.response.ApiResponse;
import dev.hpcenv.kube.embedded.response.StatusResponses;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxies a request to an aggregated API's backend as the kube-aggregator does: over HTTPS, the
 * backend's certificate verified against the APIService's caBundle for the name
 * {@code <service>.<namespace>.svc} (unless insecureSkipTLSVerify), the front-proxy client
 * certificate presented, the user in {@code X-Remote-User} and {@code X-Remote-Group} (any such
 * header the client sent is dropped, as is its Authorization). The response streams back as it
 * arrives (each chunk written and flushed, with back-pressure); when the client goes away the
 * backend connection is closed. A backend that cannot be reached gets the client a 503 Status.
 */
final class AggregatedProxy {

    private static final Logger LOG = LoggerFactory.getLogger(AggregatedProxy.class);
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host",
            "authorization",
            "content-length");

    private final Vertx vertx;
    private final FrontProxyCa frontProxy;

    AggregatedProxy(Vertx vertx, FrontProxyCa frontProxy) {
        this.vertx = vertx;
        this.frontProxy = frontProxy;
    }

    /** Forwards {@code in} (its body already read) to {@code backend}; runs on the event loop. */
    void forward(HttpServerRequest in, byte[] body, Backend backend, Identity identity) {
        HttpServerResponse out = in.response();
        HttpClient client;
        try {
            client = vertx.createHttpClient(options(backend));
        } catch (RuntimeException e) {
            // a caBundle that is no PEM certificate
            respond(out, unavailable(backend, e));
            return;
        }
        AtomicBoolean finished = new AtomicBoolean();
        Runnable release = () -> {
            if (finished.compareAndSet(false, true)) {
                client.close();
            }
        };
        RequestOptions request = new RequestOptions()
                .setMethod(in.method())
                .setServer(SocketAddress.inetSocketAddress(backend.port(), backend.address()))
                .setHost(backend.serverName())
                .setPort(backend.port())
                .setURI(in.uri());
        // The client going away ends the backend request with it.
        out.closeHandler(v -> release.run());
        client.request(request)
                .compose(backendRequest -> {
                    copyRequestHeaders(in.headers(), backendRequest.headers(), identity);
                    return backendRequest.send(Buffer.buffer(body));
                })
                .onSuccess(response -> stream(response, out, release))
                .onFailure(failure -> {
                    LOG.debug("aggregated API backend {}:{} failed", backend.address(), backend.port(), failure);
                    if (!out.headWritten() && !out.closed()) {
                        respond(out, unavailable(backend, failure));
                    } else if (!out.closed()) {
                        out.reset();
                    }
                    release.run();
                });
    }

    private static ApiResponse unavailable(Backend backend, Throwable failure) {
        return StatusResponses.failure(
                503,
                "ServiceUnavailable",
                "service unavailable: error trying to reach " + backend.serverName() + " at " + backend.address() + ":"
                        + backend.port() + ": " + why(failure));
    }

    /** The failure and its innermost cause (a TLS failure says little at the top). */
    private static String why(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure || root.getMessage() == null
                ? String.valueOf(failure.getMessage())
                : failure.getMessage() + " (" + root.getMessage() + ")";
    }

    private HttpClientOptions options(Backend backend) {
        HttpClientOptions options = new HttpClientOptions()
                .setSsl(true)
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setKeepAlive(false)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertValue(Buffer.buffer(frontProxy.clientCertificatePem()))
                        .setKeyValue(Buffer.buffer(frontProxy.clientKeyPem())));
        if (backend.insecureSkipTlsVerify()) {
            options.setTrustAll(true).setVerifyHost(false);
        } else {
            options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(backend.caBundle())))
                    .setVerifyHost(true);
        }
        return options;
    }

    private static void copyRequestHeaders(MultiMap from, MultiMap to, Identity identity) {
        from.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower) && !lower.startsWith("x-remote-") && !lower.startsWith("impersonate-")) {
                to.add(name, value);
            }
        });
        to.set(AuthenticationConfigMap.USER_HEADER, identity.user());
        for (String group : identity.groups()) {
            to.add(AuthenticationConfigMap.GROUP_HEADER, group);
        }
    }

    private static void stream(HttpClientResponse response, HttpServerResponse out, Runnable release) {
        if (out.closed()) {
            release.run();
            return;
        }
        out.setStatusCode(response.statusCode());
        String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        response.headers().forEach((name, value) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                out.headers().add(name, value);
            }
        });
        if (length != null) {
            out.putHeader(HttpHeaders.CONTENT_LENGTH, length);
        } else {
            out.setChunked(true);
        }
        // Headers at once: a client following a stream must not wait for the first line.
        out.writeHead();
        response.handler(chunk -> {
            if (out.closed()) {
                return;
            }
            out.write(chunk);
            if (out.writeQueueFull()) {
                response.pause();
                out.drainHandler(v -> response.resume());
            }
        });
        response.exceptionHandler(e -> {
            if (!out.closed() && !out.ended()) {
                out.reset();
            }
            release.run();
        });
        response.endHandler(v -> {
            if (!out.closed() && !out.ended()) {
                out.end();
            }
            release.run();
        });
    }

    private static void respond(HttpServerResponse response, ApiResponse apiResponse) {
        response.setStatusCode(apiResponse.code())
                .putHeader(HttpHeaders.CONTENT_TYPE, ApiResponse.JSON)
                .end(Buffer.buffer(apiResponse.body(), "UTF-8"));
    }
}

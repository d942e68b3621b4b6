package dev.hpcenv.kube.embedded.http;

import dev.hpcenv.kube.embedded.aggregation.FrontProxyCa;
import dev.hpcenv.kube.embedded.auth.BearerTokens;
import dev.hpcenv.kube.embedded.auth.Identity;
import dev.hpcenv.kube.embedded.auth.Impersonation;
import dev.hpcenv.kube.embedded.auth.Refusals;
import dev.hpcenv.kube.embedded.protobuf.ProtobufBodies;
import dev.hpcenv.kube.embedded.protobuf.ProtobufBodyException;
import dev.hpcenv.kube.embedded.response.ApiResponse;
import dev.hpcenv.kube.embedded.response.StatusResponses;
import dev.hpcenv.kube.embedded.tls.CertificateAuthority;
import dev.hpcenv.kube.embedded.watch.WatchHub;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server in front of the router, on Vert.x. It authenticates each request (a bearer token,
 * or none for the admin; an unknown token gets 401), streams watches over plain HTTP (all kubectl
 * uses) and over WebSockets (fabric8 clients), and forwards what the router hands to an aggregated
 * API ({@link AggregatedProxy}). Store work runs on worker threads, never on the event loop.
 */
public final class HttpFrontend implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFrontend.class);
    /** The API server's limit on a request body (3 MiB, apiserver's MaxRequestBodyBytes). */
    public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

    private final Vertx vertx;
    private final ApiRouter router;
    private final WatchStreamer streamer;
    private final BearerTokens tokens;
    private final AggregatedProxy proxy;
    private final List<HttpServer> servers = new ArrayList<>();

    public HttpFrontend(Vertx vertx, ApiRouter router, WatchHub hub, BearerTokens tokens, FrontProxyCa frontProxy) {
        this.vertx = vertx;
        this.router = router;
        this.streamer = new WatchStreamer(vertx, hub);
        this.tokens = tokens;
        this.proxy = new AggregatedProxy(vertx, frontProxy);
    }

    /** Listens on {@code host:port} (0 picks a free port) over plain HTTP and returns the port. */
    public int listen(String host, int port) {
        return listen(options(host, port), host, port);
    }

    /**
     * Listens on {@code host:port} over HTTPS with this serving certificate and returns the port. kubectl
     * sends a kubeconfig's token over HTTPS only.
     */
    public int listenTls(String host, int port, CertificateAuthority.Issued serving) {
        HttpServerOptions options = options(host, port)
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertValue(Buffer.buffer(serving.certificatePem()))
                        .setKeyValue(Buffer.buffer(serving.privateKeyPem())));
        return listen(options, host, port);
    }

    private static HttpServerOptions options(String host, int port) {
        return new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setMaxWebSocketFrameSize(16 * 1024 * 1024)
                .setMaxWebSocketMessageSize(64 * 1024 * 1024);
    }

    private int listen(HttpServerOptions options, String host, int port) {
        HttpServer created = vertx.createHttpServer(options).requestHandler(this::handle);
        HttpServer server;
        try {
            server = created.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            servers.add(server);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot listen on " + host + ":" + port + ": "
                            + e.getCause().getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded API", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the embedded API did not start listening within 30 s", e);
        }
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        Optional<Identity> identity = tokens.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (identity.isEmpty()) {
            respond(request.response(), Refusals.unauthorized());
            return;
        }
        boolean webSocket = "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
        if (webSocket) {
            request.pause();
            dispatch(request, new byte[0], true, identity.get());
            return;
        }
        if (declaredLength(request) > MAX_BODY_BYTES) {
            refuseTooLarge(request);
            return;
        }
        // Read with a bound: a body is never held beyond the API server's limit, whatever the client sends.
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                refused[0] = true;
                refuseTooLarge(request);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> {
            if (!refused[0] && !request.response().ended()) {
                refused[0] = true;
                respond(
                        request.response(),
                        StatusResponses.failure(400, "BadRequest", "the request body could not be read"));
            }
        });
        request.endHandler(v -> {
            if (!refused[0]) {
                dispatch(request, body.getBytes(), false, identity.get());
            }
        });
    }

    private static long declaredLength(HttpServerRequest request) {
        try {
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void refuseTooLarge(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (!response.ended()) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            respond(
                    response,
                    StatusResponses.failure(
                            413, "RequestEntityTooLarge", "Request entity too large: limit is " + MAX_BODY_BYTES));
        }
    }

    private void dispatch(HttpServerRequest request, byte[] body, boolean webSocket, Identity identity) {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        String text;
        if (ProtobufBodies.isProtobuf(contentType) && body.length > 0) {
            try {
                text = ProtobufBodies.toJson(body);
                contentType = ApiResponse.JSON;
            } catch (ProtobufBodyException e) {
                respond(request.response(), StatusResponses.failure(415, "UnsupportedMediaType", e.getMessage()));
                return;
            }
        } else {
            text = new String(body, StandardCharsets.UTF_8);
        }
        ApiRequest apiRequest;
        try {
            apiRequest = ApiRequest.of(
                            request.method().name(),
                            request.uri(),
                            request.getHeader(HttpHeaders.ACCEPT),
                            contentType,
                            text)
                    .by(
                            identity,
                            Impersonation.of(
                                    request.getHeader("Impersonate-User"),
                                    request.headers().getAll("Impersonate-Group")));
        } catch (IllegalArgumentException e) {
            respond(request.response(), StatusResponses.failure(400, "BadRequest", "malformed request URI"));
            return;
        }
        vertx.executeBlocking(() -> route(apiRequest), false).onComplete(result -> {
            ApiReply reply = result.succeeded()
                    ? result.result()
                    : new ApiReply.Complete(StatusResponses.failure(500, "InternalError", "internal error"));
            if (reply instanceof ApiReply.Proxy forward) {
                if (webSocket) {
                    respond(
                            request.response(),
                            StatusResponses.failure(
                                    400,
                                    "BadRequest",
                                    "the embedded API does not proxy WebSockets to aggregated APIs"));
                } else {
                    proxy.forward(request, body, forward.backend(), forward.identity());
                }
            } else if (reply instanceof ApiReply.Stream stream) {
                if (webSocket) {
                    request.toWebSocket().onSuccess(ws -> streamer.stream(stream.plan(), webSocketTransport(ws)));
                } else {
                    streamer.stream(stream.plan(), httpTransport(request.response()));
                }
            } else {
                respond(request.response(), ((ApiReply.Complete) reply).response());
            }
        });
    }

    private ApiReply route(ApiRequest request) {
        try {
            return router.route(request);
        } catch (RuntimeException e) {
            // The client gets a one-line Status; the details stay in our log.
            LOG.warn("embedded API: {} {} failed", request.method(), request.path(), e);
            return new ApiReply.Complete(StatusResponses.failure(
                    500,
                    "InternalError",
                    "internal error in the embedded API: " + e.getClass().getSimpleName()));
        }
    }

    private static void respond(HttpServerResponse response, ApiResponse apiResponse) {
        response.setStatusCode(apiResponse.code())
                .putHeader(HttpHeaders.CONTENT_TYPE, ApiResponse.JSON)
                .end(Buffer.buffer(apiResponse.body(), "UTF-8"));
    }

    private static WatchStreamer.Transport httpTransport(HttpServerResponse response) {
        response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, ApiResponse.JSON);
        // Headers now, so that a client waiting for the watch to open does not wait for the first event.
        response.writeHead();
        return new WatchStreamer.Transport() {
            @Override
            public void send(String eventJson) {
                response.write(eventJson + "\n");
            }

            @Override
            public void end() {
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            }

            @Override
            public void onClosed(Runnable action) {
                response.closeHandler(v -> action.run());
            }
        };
    }

    private static WatchStreamer.Transport webSocketTransport(ServerWebSocket ws) {
        return new WatchStreamer.Transport() {
            @Override
            public void send(String eventJson) {
                ws.writeTextMessage(eventJson);
            }

            @Override
            public void end() {
                if (!ws.isClosed()) {
                    ws.close();
                }
            }

            @Override
            public void onClosed(Runnable action) {
                ws.closeHandler(v -> action.run());
            }
        };
    }

    @Override
    public void close() {
        for (HttpServer server : servers) {
            CompletableFuture<Void> closed = server.close().toCompletionStage().toCompletableFuture();
            try {
                closed.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("embedded API server did not close cleanly", e);
            }
        }
    }
}

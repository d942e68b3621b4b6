package dev.hpcenv.operator.logs.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import dev.hpcenv.operator.logs.LogQuery;
import dev.hpcenv.operator.logs.LogReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request of the log API: route, then for a log authenticate the front proxy (401), authorise the
 * user with a SubjectAccessReview (403), parse the query (400) and stream the store's answer (404 when
 * the job has no log). Every error is a Kubernetes Status without internals; those go to the log.
 */
final class LogApiHandler implements HttpHandler {

    static final int MAX_STREAMS = 256;
    private static final Logger LOG = LoggerFactory.getLogger(LogApiHandler.class);

    private final FrontProxyConfigSource frontProxy;
    private final AccessReviewer reviewer;
    private final LogReader reader;
    private final Function<Map<String, List<String>>, LogQuery> queries;
    private final Clock clock;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);

    LogApiHandler(
            FrontProxyConfigSource frontProxy,
            AccessReviewer reviewer,
            LogReader reader,
            Function<Map<String, List<String>>, LogQuery> queries,
            Clock clock) {
        this.frontProxy = frontProxy;
        this.reviewer = reviewer;
        this.reader = reader;
        this.queries = queries;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ApiRoute route = ApiRoutes.route(
                    exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
            if (route instanceof ApiRoute.Discovery discovery) {
                json(exchange, 200, DiscoveryDocuments.of(discovery.document()));
            } else if (route instanceof ApiRoute.OpenApi openApi) {
                json(exchange, 200, DiscoveryDocuments.of(openApi.document()));
            } else if (route instanceof ApiRoute.Health) {
                reply(exchange, 200, "text/plain; charset=utf-8", "ok\n");
            } else if (route instanceof ApiRoute.MethodNotAllowed refused) {
                exchange.getResponseHeaders().set("Allow", "GET");
                status(exchange, StatusBody.methodNotAllowed(refused.method()));
            } else if (route instanceof ApiRoute.BadName bad) {
                status(exchange, StatusBody.badRequest(bad.message()));
            } else if (route instanceof ApiRoute.Log log) {
                log(exchange, log);
            } else {
                status(
                        exchange,
                        StatusBody.notFound("the path "
                                + KubeNames.printable(exchange.getRequestURI().getRawPath())
                                + " is not served by the hpcenv log API"));
            }
        } finally {
            // The pool's thread serves the next request: a disconnect's interrupt must not reach it.
            Thread.interrupted();
        }
    }

    private void log(HttpExchange exchange, ApiRoute.Log log) throws IOException {
        FrontProxyAuthenticator.Result result = authenticate(exchange, frontProxy.current());
        if (result instanceof FrontProxyAuthenticator.Result.Refused refused
                && (refused.untrustedCertificate() || !frontProxy.current().configured())) {
            // The front-proxy CA may have been rotated (or set up) since it was read.
            result = authenticate(exchange, frontProxy.afterRefusal());
        }
        if (result instanceof FrontProxyAuthenticator.Result.Refused refused) {
            status(exchange, StatusBody.unauthorized(refused.why()));
            return;
        }
        RemoteUser user = ((FrontProxyAuthenticator.Result.Authenticated) result).user();
        AccessReviewer.Decision decision;
        try {
            decision = reviewer.review(user, log.namespace(), log.name());
        } catch (RuntimeException e) {
            LOG.warn(
                    "log API: the SubjectAccessReview for {} on {}/{} failed: {}",
                    user.name(),
                    log.namespace(),
                    log.name(),
                    e.toString());
            status(exchange, StatusBody.internalError());
            return;
        }
        if (!decision.allowed()) {
            status(exchange, StatusBody.forbidden(forbidden(user, log)));
            return;
        }
        LogQuery query;
        try {
            query = queries.apply(QueryParameters.parse(exchange.getRequestURI().getRawQuery()));
        } catch (IllegalArgumentException e) {
            status(exchange, StatusBody.badRequest(e.getMessage()));
            return;
        }
        if (!streams.tryAcquire()) {
            status(
                    exchange,
                    StatusBody.tooManyRequests(
                            "the operator already streams " + MAX_STREAMS + " logs; try again later"));
            return;
        }
        try {
            stream(exchange, log, query);
        } finally {
            streams.release();
        }
    }

    private void stream(HttpExchange exchange, ApiRoute.Log log, LogQuery query) throws IOException {
        ResponseStream out = new ResponseStream(exchange, Thread.currentThread());
        try {
            reader.read(log.namespace(), log.name(), query, out);
            out.close();
        } catch (LogReader.NoSuchLogException e) {
            if (!out.started()) {
                status(exchange, StatusBody.notFound(e.getMessage()));
            }
        } catch (InterruptedException e) {
            // The client went away (or the server stops): nothing more to say to anyone.
        } catch (IOException e) {
            if (!out.started()) {
                LOG.warn("log API: reading the log of {}/{} failed: {}", log.namespace(), log.name(), e.toString());
                status(exchange, StatusBody.internalError());
            }
        } catch (RuntimeException e) {
            LOG.warn("log API: reading the log of {}/{} failed", log.namespace(), log.name(), e);
            if (!out.started()) {
                status(exchange, StatusBody.internalError());
            }
        }
    }

    static String forbidden(RemoteUser user, ApiRoute.Log log) {
        return "user \"" + KubeNames.printable(user.name()) + "\" cannot get resource \"hpcjobs\" in API group \""
                + SubjectAccessReviewer.GROUP + "\" in the namespace \"" + log.namespace() + "\" (HpcJob \""
                + log.name() + "\"): reading a job's log needs the right to get the HpcJob itself";
    }

    private FrontProxyAuthenticator.Result authenticate(HttpExchange exchange, FrontProxyConfig config) {
        return FrontProxyAuthenticator.authenticate(
                config,
                clientChain(exchange),
                name -> {
                    List<String> values = exchange.getRequestHeaders().get(name);
                    return values == null ? List.of() : values;
                },
                Date.from(clock.instant()));
    }

    private static X509Certificate[] clientChain(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange https)) {
            return null;
        }
        try {
            Certificate[] chain = https.getSSLSession().getPeerCertificates();
            return Arrays.stream(chain)
                    .filter(X509Certificate.class::isInstance)
                    .map(X509Certificate.class::cast)
                    .toArray(X509Certificate[]::new);
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static void status(HttpExchange exchange, StatusBody status) throws IOException {
        json(exchange, status.code(), status.json());
    }

    private static void json(HttpExchange exchange, int code, String body) throws IOException {
        reply(exchange, code, "application/json", body);
    }

    private static void reply(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}

package dev.hpcenv.operator.logs.api;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current {@link FrontProxyConfig}, read from ConfigMap kube-system/extension-apiserver-authentication
 * (the chart's RoleBinding to extension-apiserver-authentication-reader lets the operator read it).
 * Read again when it is older than {@link #MAX_AGE} and, at most every {@link #MIN_INTERVAL}, when a
 * client certificate did not verify: a rotated front-proxy CA is picked up at the first request that
 * needs it. A ConfigMap that cannot be read or parsed keeps the last good configuration, and says why
 * in the log once per change of reason.
 */
final class FrontProxyConfigSource {

    static final Duration MAX_AGE = Duration.ofSeconds(60);
    static final Duration MIN_INTERVAL = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(FrontProxyConfigSource.class);

    /** Reads the ConfigMap's data; empty when it does not exist. */
    interface Reader {
        Optional<Map<String, String>> read();
    }

    private final Reader reader;
    private final Clock clock;
    private FrontProxyConfig config = FrontProxyConfig.NONE;
    private Instant readAt = Instant.MIN;
    private String lastProblem = "(not read yet)";

    FrontProxyConfigSource(Reader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    static FrontProxyConfigSource of(KubernetesClient client, Clock clock) {
        return new FrontProxyConfigSource(() -> read(client), clock);
    }

    /** The configuration, read again when it is older than {@link #MAX_AGE}. */
    synchronized FrontProxyConfig current() {
        if (readAt.plus(MAX_AGE).isBefore(clock.instant())) {
            reload();
        }
        return config;
    }

    /**
     * The configuration read anew (unless it was read less than {@link #MIN_INTERVAL} ago), after a
     * certificate that the current one refused: the CA may have been rotated.
     */
    synchronized FrontProxyConfig afterRefusal() {
        if (readAt.plus(MIN_INTERVAL).isBefore(clock.instant())) {
            reload();
        }
        return config;
    }

    private void reload() {
        readAt = clock.instant();
        String problem;
        try {
            Optional<Map<String, String>> data = reader.read();
            if (data.isEmpty()) {
                problem = "ConfigMap " + FrontProxyConfig.NAMESPACE + "/" + FrontProxyConfig.NAME
                        + " does not exist: the API server has no aggregation layer configured";
                config = FrontProxyConfig.NONE;
            } else {
                config = FrontProxyConfig.fromConfigMap(data.get());
                problem = config.configured()
                        ? ""
                        : "ConfigMap " + FrontProxyConfig.NAMESPACE + "/"
                                + FrontProxyConfig.NAME + " has no " + FrontProxyConfig.CLIENT_CA
                                + ": the API server runs without --requestheader-client-ca-file";
            }
        } catch (IllegalArgumentException e) {
            problem = e.getMessage() + " (the last good front-proxy configuration stays in use)";
        } catch (KubernetesClientException e) {
            problem = "cannot read ConfigMap " + FrontProxyConfig.NAMESPACE + "/" + FrontProxyConfig.NAME + " (HTTP "
                    + e.getCode() + "); the operator needs the chart's RoleBinding to"
                    + " extension-apiserver-authentication-reader (the last good configuration stays in use)";
        }
        if (!problem.equals(lastProblem)) {
            if (problem.isEmpty()) {
                LOG.info(
                        "log API: front-proxy configuration read ({} CA certificate(s), allowed names {})",
                        config.clientCas().size(),
                        config.allowedNames());
            } else {
                LOG.warn("log API: {}; log requests are refused with 401 until it is fixed", problem);
            }
            lastProblem = problem;
        }
    }

    private static Optional<Map<String, String>> read(KubernetesClient client) {
        ConfigMap map = client.configMaps()
                .inNamespace(FrontProxyConfig.NAMESPACE)
                .withName(FrontProxyConfig.NAME)
                .get();
        return Optional.ofNullable(map).map(m -> m.getData() == null ? Map.of() : m.getData());
    }
}

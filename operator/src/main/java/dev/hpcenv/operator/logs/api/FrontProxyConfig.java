package dev.hpcenv.operator.logs.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API server's front proxy as ConfigMap {@code kube-system/extension-apiserver-authentication}
 * describes it: the CAs that sign its client certificate, the names that certificate may have (any,
 * when the list is empty), and the headers that carry the user and the groups.
 *
 * @param clientCas       {@code requestheader-client-ca-file}; empty: no front proxy is configured and no
 *                        request is authenticated
 * @param allowedNames    {@code requestheader-allowed-names}
 * @param usernameHeaders {@code requestheader-username-headers}, first non-empty wins
 * @param groupHeaders    {@code requestheader-group-headers}, every value of each
 */
record FrontProxyConfig(
        List<X509Certificate> clientCas,
        Set<String> allowedNames,
        List<String> usernameHeaders,
        List<String> groupHeaders) {

    static final String NAMESPACE = "kube-system";
    static final String NAME = "extension-apiserver-authentication";
    static final String CLIENT_CA = "requestheader-client-ca-file";
    static final String ALLOWED_NAMES = "requestheader-allowed-names";
    static final String USERNAME_HEADERS = "requestheader-username-headers";
    static final String GROUP_HEADERS = "requestheader-group-headers";

    static final FrontProxyConfig NONE = new FrontProxyConfig(List.of(), Set.of(), List.of(), List.of());

    private static final ObjectMapper JSON = new ObjectMapper();

    FrontProxyConfig {
        clientCas = List.copyOf(clientCas);
        allowedNames = Set.copyOf(allowedNames);
        usernameHeaders = List.copyOf(usernameHeaders);
        groupHeaders = List.copyOf(groupHeaders);
    }

    boolean configured() {
        return !clientCas.isEmpty();
    }

    /**
     * Reads the ConfigMap's data. A missing CA is {@link #NONE}; a value that does not parse is a one-line
     * error naming the key.
     */
    static FrontProxyConfig fromConfigMap(Map<String, String> data) {
        String ca = data == null ? null : data.get(CLIENT_CA);
        if (ca == null || ca.isBlank()) {
            return NONE;
        }
        List<String> usernameHeaders = stringList(data, USERNAME_HEADERS);
        return new FrontProxyConfig(
                certificates(ca),
                Set.copyOf(stringList(data, ALLOWED_NAMES)),
                usernameHeaders.isEmpty() ? List.of("X-Remote-User") : usernameHeaders,
                stringList(data, GROUP_HEADERS));
    }

    private static List<X509Certificate> certificates(String pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .forEach(c -> out.add((X509Certificate) c));
            if (out.isEmpty()) {
                throw new IllegalArgumentException(
                        NAMESPACE + "/" + NAME + " " + CLIENT_CA + ": holds no PEM certificate");
            }
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(
                    NAMESPACE + "/" + NAME + " " + CLIENT_CA + ": not PEM certificates (" + e.getMessage() + ")");
        }
    }

    /** A JSON array of strings, as the API server writes these keys; absent or empty is an empty list. */
    private static List<String> stringList(Map<String, String> data, String key) {
        String value = data.get(key);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node != null && node.isNull()) {
            return List.of();
        }
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException(NAMESPACE + "/" + NAME + " " + key
                    + ": not a JSON array of strings, e.g. [\"front-proxy-client\"]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new IllegalArgumentException(
                        NAMESPACE + "/" + NAME + " " + key + ": element " + element + " is not a string");
            }
            if (!element.asText().isBlank()) {
                out.add(element.asText().trim());
            }
        }
        return out;
    }
}

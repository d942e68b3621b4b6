package dev.hpcenv.operator.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.operator.logs.LogQuery;
import dev.hpcenv.operator.testing.MutableClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The log API in-process, over TLS, with a front-proxy CA and client certificates made for the test,
 * a fake API server (the front-proxy ConfigMap and SubjectAccessReviews) and a fake log store.
 */
class LogApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOG_PATH = "/apis/logs.hpcenv.dev/v1alpha1/namespaces/team-a/hpcjobs/train/log";

    private final TestPki.Ca frontProxyCa = TestPki.ca("front-proxy-ca");
    private final TestPki.Client proxy = frontProxyCa.client("front-proxy-client");
    private FakeKubeApi api;
    private KubernetesClient client;
    private FakeLogReader reader;
    private final MutableClock clock = new MutableClock(java.time.Instant.now());
    private final StringBuilder pending = new StringBuilder();
    private LogApiServer server;

    @BeforeEach
    void start() throws IOException {
        api = new FakeKubeApi();
        api.frontProxy(frontProxyData(frontProxyCa));
        client = api.client();
        reader = new FakeLogReader(Map.of("team-a/train", "line 1\nline 2\n", "team-a/broken", "boom"));
        server = LogApiServer.start(
                new LogApiSettings(0, InetAddress.getLoopbackAddress(), Optional.empty()),
                List.of("hpcenv-logs.hpcenv-system.svc"),
                client,
                reader,
                LogApiServerTest::parseQuery,
                clock);
    }

    @AfterEach
    void stop() {
        server.close();
        client.close();
        api.close();
    }

    @Test
    void aRequestWithoutClientCertificateIsUnauthorisedWhateverItsHeaders() throws Exception {
        // When
        HttpResponse<String> response = get(null, LOG_PATH, Map.of("X-Remote-User", "system:admin"));
        // Then
        assertStatus(response, 401, "no client certificate");
        assertThat(api.reviews)
                .as("no SubjectAccessReview for an unauthenticated request")
                .isEmpty();
    }

    @Test
    void aCertificateOfAnotherCaIsUnauthorised() throws Exception {
        // Given
        TestPki.Client stranger = TestPki.ca("another-ca").client("front-proxy-client");
        // When
        HttpResponse<String> response = get(stranger, LOG_PATH, Map.of("X-Remote-User", "alice"));
        // Then
        assertStatus(response, 401, "not signed by the front-proxy client CA");
        assertThat(api.reviews).isEmpty();
    }

    @Test
    void aCertificateWhoseNameIsNotAllowedIsUnauthorised() throws Exception {
        // Given
        TestPki.Client other = frontProxyCa.client("someone-else");
        // When
        HttpResponse<String> response = get(other, LOG_PATH, Map.of("X-Remote-User", "alice"));
        // Then
        assertStatus(response, 401, "'someone-else' is not one of the front proxy's allowed names");
    }

    @Test
    void aServerCertificateIsNoClientCertificate() throws Exception {
        // Given
        TestPki.Client serverOnly = frontProxyCa.client("front-proxy-client", KeyPurposeId.id_kp_serverAuth);
        // When
        HttpResponse<String> response = get(serverOnly, LOG_PATH, Map.of("X-Remote-User", "alice"));
        // Then
        assertStatus(response, 401, "not meant for client authentication");
    }

    @Test
    void theFrontProxyWithoutUserHeaderIsUnauthorised() throws Exception {
        // When
        HttpResponse<String> response = get(proxy, LOG_PATH, Map.of());
        // Then
        assertStatus(response, 401, "no user in the front proxy's headers [X-Remote-User]");
    }

    @Test
    void theUserAndGroupsOfTheHeadersAreAskedAboutTheHpcJob() throws Exception {
        // When
        HttpResponse<String> response = get(
                proxy,
                LOG_PATH,
                Map.of("X-Remote-User", "alice", "X-Remote-Group", "team-a-readers", "X-Remote-Extra-Scopes", "x"),
                "X-Remote-Group",
                "system:authenticated");
        // Then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(api.reviews).hasSize(1);
        JsonNode spec = api.reviews.get(0);
        assertThat(spec.get("user").asText()).isEqualTo("alice");
        assertThat(spec.get("groups"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("team-a-readers", "system:authenticated");
        assertThat(spec.has("extra")).as("extras are ignored").isFalse();
        JsonNode attributes = spec.get("resourceAttributes");
        assertThat(attributes.get("verb").asText()).isEqualTo("get");
        assertThat(attributes.get("group").asText()).isEqualTo("hpcenv.dev");
        assertThat(attributes.get("resource").asText()).isEqualTo("hpcjobs");
        assertThat(attributes.get("namespace").asText()).isEqualTo("team-a");
        assertThat(attributes.get("name").asText()).isEqualTo("train");
        assertThat(attributes.has("subresource")).isFalse();
    }

    @Test
    void aDeniedUserGetsForbiddenNamingThemAndTheRight() throws Exception {
        // Given
        api.allow(spec -> false);
        // When
        HttpResponse<String> response = get(proxy, LOG_PATH, Map.of("X-Remote-User", "mallory"));
        // Then
        assertStatus(
                response,
                403,
                "user \"mallory\" cannot get resource \"hpcjobs\" in API group \"hpcenv.dev\""
                        + " in the namespace \"team-a\"");
        assertThat(reader.lastQuery).as("the store is not read").isNull();
    }

    @Test
    void anAllowedUserReadsTheStoresBytesAsText() throws Exception {
        // When
        HttpResponse<String> response = get(proxy, LOG_PATH + "?tailLines=5", Map.of("X-Remote-User", "alice"));
        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo("line 1\nline 2\n");
        assertThat(reader.lastQuery.tailLines()).hasValue(5);
    }

    @Test
    void answersAreCachedPerUserAndJob() throws Exception {
        // When
        get(proxy, LOG_PATH, Map.of("X-Remote-User", "alice"));
        get(proxy, LOG_PATH, Map.of("X-Remote-User", "alice"));
        get(proxy, LOG_PATH, Map.of("X-Remote-User", "bob"));
        // Then
        assertThat(api.reviews).extracting(s -> s.get("user").asText()).containsExactly("alice", "bob");
    }

    @Test
    void aBadParameterIsABadRequestNamingIt() throws Exception {
        // When
        HttpResponse<String> response = get(proxy, LOG_PATH + "?tailLines=many", Map.of("X-Remote-User", "alice"));
        // Then
        assertStatus(response, 400, "tailLines: 'many' is not a number");
    }

    @Test
    void aJobWithoutLogIsNotFound() throws Exception {
        // When
        HttpResponse<String> response = get(
                proxy,
                "/apis/logs.hpcenv.dev/v1alpha1/namespaces/team-a/hpcjobs/nothing/log",
                Map.of("X-Remote-User", "alice"));
        // Then
        assertStatus(response, 404, "HpcJob team-a/nothing has no log");
    }

    @Test
    void aFailingStoreIsAnInternalErrorWithoutItsInternals() throws Exception {
        // When
        HttpResponse<String> response = get(
                proxy,
                "/apis/logs.hpcenv.dev/v1alpha1/namespaces/team-a/hpcjobs/broken/log",
                Map.of("X-Remote-User", "alice"));
        // Then
        assertStatus(response, 500, "could not serve the log");
        assertThat(response.body()).doesNotContain("/var/lib", "corrupt", "IllegalState");
    }

    @Test
    void aBadNameIsRefusedBeforeAnyReview() throws Exception {
        // When
        HttpResponse<String> response = get(
                proxy,
                "/apis/logs.hpcenv.dev/v1alpha1/namespaces/team-a/hpcjobs/..%2F..%2Fetc/log",
                Map.of("X-Remote-User", "alice"));
        // Then
        assertStatus(response, 400, "is not a DNS subdomain");
        assertThat(api.reviews).isEmpty();
    }

    @Test
    void discoveryNeedsNoClientCertificate() throws Exception {
        // When
        HttpResponse<String> response = get(null, "/apis/logs.hpcenv.dev/v1alpha1", Map.of());
        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("kind").asText()).isEqualTo("APIResourceList");
    }

    @Test
    void aRotatedFrontProxyCaIsTrustedAtOnce() throws Exception {
        // Given: the API server's front-proxy CA was replaced after the first request
        assertThat(get(proxy, LOG_PATH, Map.of("X-Remote-User", "alice")).statusCode())
                .isEqualTo(200);
        TestPki.Ca rotated = TestPki.ca("front-proxy-ca-2");
        api.frontProxy(frontProxyData(rotated));
        clock.advance(FrontProxyConfigSource.MIN_INTERVAL.plusSeconds(1));
        // When
        HttpResponse<String> response =
                get(rotated.client("front-proxy-client"), LOG_PATH, Map.of("X-Remote-User", "alice"));
        // Then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void aFollowStreamsEachLineWhenTheStoreWritesIt() throws Exception {
        // Given
        try (SSLSocket socket = openFollow()) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            skipHeaders(in);
            // When / Then: each line arrives before the store has written the next
            assertThat(nextChunkLine(in)).isEqualTo("line 1");
            assertThat(nextChunkLine(in)).isEqualTo("line 2");
            reader.feed("line 3\n");
            assertThat(nextChunkLine(in)).isEqualTo("line 3");
            reader.feed("line 4\n");
            assertThat(nextChunkLine(in)).isEqualTo("line 4");
            reader.end();
        }
    }

    @Test
    void aClientThatGoesAwayInterruptsTheRead() throws Exception {
        // Given: a follow that has read its first line
        SSLSocket socket = openFollow();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        skipHeaders(in);
        assertThat(nextChunkLine(in)).isEqualTo("line 1");
        // The connection goes as a killed kubectl's does: no TLS close_notify (SSLSocket.close would wait for
        // the server's answer for the whole read timeout).
        socket.setSoLinger(true, 0);
        socket.setSoTimeout(1);
        socket.close();
        // When: the store writes after the client closed its connection
        for (int i = 0; i < 50 && reader.interrupted.getCount() > 0; i++) {
            reader.feed("more\n");
            reader.interrupted.await(100, TimeUnit.MILLISECONDS);
        }
        // Then
        assertThat(reader.interrupted.await(10, TimeUnit.SECONDS))
                .as("the reader was interrupted")
                .isTrue();
    }

    private SSLSocket openFollow() throws Exception {
        SSLSocket socket = (SSLSocket) TestPki.clientContext(proxy, serverCertificate())
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + LOG_PATH + "?follow=true HTTP/1.1\r\nHost: localhost\r\nX-Remote-User: alice\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static void skipHeaders(BufferedReader in) throws IOException {
        String status = in.readLine();
        assertThat(status).startsWith("HTTP/1.1 200");
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            // headers
        }
    }

    /** The next line of text in the chunked body (chunk sizes and CRLFs skipped). */
    private String nextChunkLine(BufferedReader in) throws IOException {
        StringBuilder text = pending;
        while (true) {
            int buffered = text.indexOf("\n");
            if (buffered >= 0) {
                String line = text.substring(0, buffered);
                text.delete(0, buffered + 1);
                return line;
            }
            String size = in.readLine();
            if (size.isEmpty()) {
                continue;
            }
            int length = Integer.parseInt(size.trim(), 16);
            char[] chunk = new char[length];
            int read = 0;
            while (read < length) {
                read += in.read(chunk, read, length - read);
            }
            in.readLine();
            text.append(chunk);
        }
    }

    private java.security.cert.X509Certificate serverCertificate() throws Exception {
        return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(
                        new java.io.ByteArrayInputStream(server.certificatePem().getBytes(StandardCharsets.US_ASCII)));
    }

    private HttpResponse<String> get(
            TestPki.Client certificate, String path, Map<String, String> headers, String... more) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(TestPki.clientContext(certificate, serverCertificate()))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20));
        headers.forEach(request::header);
        for (int i = 0; i + 1 < more.length; i += 2) {
            request.header(more[i], more[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertStatus(HttpResponse<String> response, int code, String message) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(code);
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.get("kind").asText()).isEqualTo("Status");
        assertThat(status.get("code").asInt()).isEqualTo(code);
        assertThat(status.get("message").asText()).contains(message);
    }

    static Map<String, String> frontProxyData(TestPki.Ca ca) {
        return Map.of(
                FrontProxyConfig.CLIENT_CA, ca.pem(),
                FrontProxyConfig.ALLOWED_NAMES, "[\"front-proxy-client\"]",
                FrontProxyConfig.USERNAME_HEADERS, "[\"X-Remote-User\"]",
                FrontProxyConfig.GROUP_HEADERS, "[\"X-Remote-Group\"]");
    }

    /** The store's parser stands in: follow and tailLines, a bad number named. */
    static LogQuery parseQuery(Map<String, List<String>> parameters) {
        boolean follow = parameters.getOrDefault("follow", List.of()).contains("true");
        OptionalInt tail = OptionalInt.empty();
        List<String> tailLines = parameters.get("tailLines");
        if (tailLines != null) {
            try {
                tail = OptionalInt.of(Integer.parseInt(tailLines.get(0)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("tailLines: '" + tailLines.get(0) + "' is not a number");
            }
        }
        return new LogQuery(follow, tail, Optional.empty(), OptionalInt.empty(), Optional.empty(), false, false, false);
    }
}

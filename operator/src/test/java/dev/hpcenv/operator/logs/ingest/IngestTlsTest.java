package dev.hpcenv.operator.logs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hpcenv.operator.logs.LogEvents;
import dev.hpcenv.operator.logs.store.LogSettings;
import dev.hpcenv.operator.logs.store.LogStore;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a PEM certificate and PKCS#8 key, as cert-manager writes them (made here with openssl). */
class IngestTlsTest {
    @TempDir
    Path dir;

    @Test
    void servesHttpsWithAPemCertificateAndKey() throws Exception {
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString());
        LogSettings settings = LogSettings.fromEnvironment(java.util.Map.of(
                "HPCENV_LOG_DIR", dir.resolve("logs").toString(),
                "HPCENV_LOG_INGEST_PORT", "0",
                "HPCENV_LOG_TLS_CERT", cert.toString(),
                "HPCENV_LOG_TLS_KEY", key.toString()));
        LogStore store = LogStore.open(settings, (ns, n) -> Optional.empty());
        IngestTokens tokens = IngestTokens.loadOrCreate(settings.dir().orElseThrow());
        try (IngestServer server = IngestServer.start(settings, tokens, store, LogEvents.NONE)) {
            assertThat(server.tls()).isTrue();
            HttpClient https =
                    HttpClient.newBuilder().sslContext(trusting(cert)).build();
            HttpResponse<String> answer = https.send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                                    + server.address().getPort() + "/ingest/v1/records?node=n&task=0&attempt=1&seq=0"))
                            .header("Authorization", "Bearer " + tokens.mint("uid-t"))
                            .header("Content-Type", IngestServer.CONTENT_TYPE)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(
                                    new Batch().out("secure\n").bytes()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(204);
            assertThat(store.tail("uid-t", 100)).isEqualTo("secure\n");
        }
    }

    @Test
    void refusesAKeyThatIsNotPkcs8InOneLine() throws Exception {
        Path key = dir.resolve("rsa.key");
        Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemTls.privateKey(key))
                .hasMessage("TLS key " + key + ": no '-----BEGIN PRIVATE KEY-----' (PKCS#8) block (it is PKCS#1/SEC1: "
                        + "convert with openssl pkcs8 -topk8 -nocrypt)");
        Path cert = dir.resolve("none.crt");
        assertThatThrownBy(() -> PemTls.certificates(cert))
                .hasMessageStartingWith("TLS certificate " + cert + ": cannot read");
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate c : PemTls.certificates(cert)) {
            trust.setCertificateEntry("c" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static void openssl(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "openssl is not installed");
            return;
        }
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}

package dev.hpcenv.shim.logship;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** POSTs batches to {@code <url>/ingest/v1/records} over HTTP/1.1, trusting HPCENV_LOG_CA for https when set. */
final class IngestClient implements Shipper.Poster {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");

    private final HttpClient client;
    private final String base;
    private final String authorization;
    private final SenderId sender;

    /** @throws IllegalArgumentException when HPCENV_LOG_CA holds no usable certificate (message without secrets) */
    IngestClient(LogSettings settings, SenderId sender) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.caPem() != null && "https".equalsIgnoreCase(settings.url().getScheme())) {
            b.sslContext(trusting(settings.caPem()));
        }
        this.client = b.build();
        this.base = settings.url().toString();
        this.authorization = "Bearer " + settings.token();
        this.sender = sender;
    }

    @Override
    public Shipper.Answer post(long seq, RecordBuffer.Batch batch) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/ingest/v1/records?" + sender.query(seq)))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-hpcenv-records")
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.data, 0, batch.length))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        String body = response.body() == null ? "" : response.body().strip();
        int nl = body.indexOf('\n');
        return new Shipper.Answer(response.statusCode(), nl < 0 ? body : body.substring(0, nl));
    }

    /** An SSL context that trusts exactly the PEM certificates given (one or several). */
    static SSLContext trusting(String pem) {
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            Matcher m = PEM.matcher(pem);
            int n = 0;
            while (m.find()) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(1));
                store.setCertificateEntry("ca-" + n++, x509.generateCertificate(new ByteArrayInputStream(der)));
            }
            if (n == 0) {
                throw new IllegalArgumentException(LogSettings.CA + " holds no PEM certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    LogSettings.CA + " holds no usable PEM certificate ("
                            + (e instanceof IllegalArgumentException
                                    ? "none found"
                                    : e.getClass().getSimpleName())
                            + ")",
                    null);
        }
    }
}

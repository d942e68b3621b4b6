package dev.hpcenv.shim.logship;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Timer;
import java.util.TimerTask;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * POSTs batches to {@code <url>/ingest/v1/records} over HTTP/1.1 with keep-alive, trusting
 * HPCENV_LOG_CA for https when set. HttpURLConnection, not java.net.http: the latter's selector
 * thread sits in native code until the JVM ends, and the JVM's exit waits about 300 ms for such
 * threads, at the end of every task that shipped anything.
 */
final class IngestClient implements Shipper.Poster {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Enough of an answer's body for its first line (the server's reason for a 400). */
    private static final int REASON_BYTES = 4096;

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");

    private final String base;
    private final String authorization;
    private final SenderId sender;
    /** Trusts HPCENV_LOG_CA only; null: the JDK's CAs (or plain http). One instance, so that connections are reused. */
    private final SSLSocketFactory tls;
    /** Ends a request that outlives {@link #REQUEST_TIMEOUT} (a body the endpoint does not read); made at the first post. */
    private Timer deadlines;

    /**
     * Parses HPCENV_LOG_CA when it applies: call it on the sender thread, it is the costly part.
     *
     * @throws IllegalArgumentException when HPCENV_LOG_CA holds no usable certificate (message without secrets)
     */
    IngestClient(LogSettings settings, SenderId sender) {
        boolean https = "https".equalsIgnoreCase(settings.url().getScheme());
        this.tls =
                settings.caPem() != null && https ? trusting(settings.caPem()).getSocketFactory() : null;
        this.base = settings.url().toString();
        this.authorization = "Bearer " + settings.token();
        this.sender = sender;
    }

    /**
     * Loads what a request needs (HttpURLConnection's classes, the deadline timer) without
     * connecting: on the sender thread while the task runs, not at its end, where the last batch
     * of a short task is its first.
     */
    void prepare() throws IOException {
        request(0, 0);
        deadlines();
    }

    @Override
    public Shipper.Answer post(long seq, RecordBuffer.Batch batch) throws IOException {
        HttpURLConnection c = request(seq, batch.length);
        TimerTask deadline = new TimerTask() {
            @Override
            public void run() {
                c.disconnect();
            }
        };
        deadlines().schedule(deadline, CONNECT_TIMEOUT.plus(REQUEST_TIMEOUT).toMillis());
        try {
            try (OutputStream out = c.getOutputStream()) {
                out.write(batch.data, 0, batch.length);
            }
            int status = c.getResponseCode();
            if (status < 0) {
                throw new IOException("no HTTP answer from the log endpoint");
            }
            // Read to the end and closed: the connection goes back to the JDK's keep-alive cache.
            String body = readReason(status >= 400 ? c.getErrorStream() : c.getInputStream());
            int nl = body.indexOf('\n');
            return new Shipper.Answer(status, nl < 0 ? body : body.substring(0, nl));
        } catch (IOException e) {
            c.disconnect();
            throw e;
        } finally {
            deadline.cancel();
        }
    }

    /** A POST of {@code length} bytes, not yet connected. */
    private HttpURLConnection request(long seq, int length) throws IOException {
        // Never a proxy: the ingest endpoint is the cluster's own, as with the client this replaced.
        HttpURLConnection c = (HttpURLConnection) URI.create(base + "/ingest/v1/records?" + sender.query(seq))
                .toURL()
                .openConnection(Proxy.NO_PROXY);
        if (tls != null && c instanceof HttpsURLConnection s) {
            s.setSSLSocketFactory(tls);
        }
        c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        c.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setRequestProperty("Authorization", authorization);
        c.setRequestProperty("Content-Type", "application/x-hpcenv-records");
        // Streamed with its length: no copy of the batch, and a failed POST is never resent by the JDK.
        c.setFixedLengthStreamingMode(length);
        return c;
    }

    private synchronized Timer deadlines() {
        if (deadlines == null) {
            // A daemon that waits in Java (Object.wait), never in native code: it does not hold up the JVM's exit.
            deadlines = new Timer("hpcenv-log-deadline", true);
        }
        return deadlines;
    }

    /** The body's first {@value #REASON_BYTES} bytes as text, the rest read and dropped. */
    private static String readReason(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                kept.write(chunk, 0, Math.min(n, Math.max(0, REASON_BYTES - kept.size())));
            }
            return kept.toString(StandardCharsets.UTF_8).strip();
        }
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

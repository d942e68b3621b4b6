package dev.hpcenv.slurm.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.SlurmException.Kind;
import dev.hpcenv.slurm.auth.TokenSource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * HTTP to slurmrestd with its quirks handled once: HTTP/1.1 only (slurmrestd answers an h2c upgrade
 * with 405), {@code Content-Type: application/json} exactly (a charset parameter gives 400), no body
 * on GET/DELETE, both user headers on every request, text/plain error bodies. GET and DELETE are
 * retried with backoff; POST (submit) never is, not even by OkHttp after the request started.
 */
public final class SlurmHttp implements AutoCloseable {

    public static final String USER_HEADER = "X-SLURM-USER-NAME";
    public static final String TOKEN_HEADER = "X-SLURM-USER-TOKEN";
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient client;
    private final HttpUrl base;
    private final String user;
    private final TokenSource tokens;
    private final RetryPolicy retry;
    private final ObjectMapper mapper = new ObjectMapper();

    public SlurmHttp(URI baseUrl, String user, TokenSource tokens, HttpSettings settings) {
        HttpUrl parsed = HttpUrl.parse(baseUrl.toString());
        if (parsed == null) {
            throw new IllegalArgumentException("slurmrestd URL '" + baseUrl + "' is not an http(s) URL");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a Slurm user name is required (slurmrestd 22.05 needs X-SLURM-USER-NAME)");
        }
        this.base = parsed;
        this.user = user;
        this.tokens = tokens;
        this.retry = settings.retry();
        this.client = new OkHttpClient.Builder()
                .protocols(List.of(Protocol.HTTP_1_1))
                .connectionPool(new ConnectionPool(settings.maxIdleConnections(), 5, TimeUnit.MINUTES))
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.requestTimeout())
                .writeTimeout(settings.requestTimeout())
                .callTimeout(settings.requestTimeout().plus(settings.connectTimeout()))
                .followRedirects(false)
                .build();
    }

    /** The URL as given, for messages (it never carries credentials). */
    public String baseUrl() {
        return base.toString();
    }

    public RestResponse get(String operation, String path, Map<String, String> query) {
        return execute(operation, new Request.Builder().url(url(path, query)).get(), true);
    }

    public RestResponse delete(String operation, String path, Map<String, String> query) {
        return execute(operation, new Request.Builder().url(url(path, query)).delete(), true);
    }

    /**
     * Sends a POST exactly once. A failure after the request may have been sent is marked
     * {@link SlurmException#outcomeUnknown()}.
     */
    public RestResponse postOnce(String operation, String path, JsonNode body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode request body", e);
        }
        return execute(operation, new Request.Builder().url(url(path, Map.of())).post(new OneShotJsonBody(bytes)), false);
    }

    private HttpUrl url(String path, Map<String, String> query) {
        HttpUrl.Builder builder = base.newBuilder().addPathSegments(path);
        query.forEach(builder::addQueryParameter);
        return builder.build();
    }

    private RestResponse execute(String operation, Request.Builder builder, boolean idempotent) {
        int attempt = 1;
        boolean tokenRenewed = false;
        while (true) {
            Request request = builder
                    .header(USER_HEADER, user)
                    .header(TOKEN_HEADER, tokens.token())
                    .header("Accept", "application/json")
                    .build();
            RestResponse response;
            try (Response raw = client.newCall(request).execute()) {
                response = read(raw);
            } catch (IOException e) {
                boolean notSent = isConnectFailure(e);
                if ((idempotent || notSent) && attempt < retry.maxAttempts() && !isTimeout(e)) {
                    // Nothing reached slurmrestd when the connection could not be opened: safe even for a submit.
                    pause(retry.backoff(attempt++));
                    continue;
                }
                SlurmException failure = transportFailure(operation, e);
                throw idempotent || notSent ? failure : failure.withOutcomeUnknown();
            }
            if (idempotent && !tokenRenewed && tokens.canRefresh() && response.status() != 401
                    && Failures.looksLikeAuthFailure(response)) {
                // A token can expire between minting and arrival under clock skew: renew once.
                tokens.invalidate();
                tokenRenewed = true;
                continue;
            }
            if (idempotent && attempt < retry.maxAttempts() && isTransient(response.status())) {
                pause(retry.backoff(attempt++));
                continue;
            }
            return response;
        }
    }

    private RestResponse read(Response raw) throws IOException {
        String contentType = raw.header("Content-Type", "");
        String text = raw.body().string();
        JsonNode json = null;
        if (contentType.toLowerCase(Locale.ROOT).startsWith("application/json") && !text.isBlank()) {
            try {
                json = mapper.readTree(text);
            } catch (JsonProcessingException e) {
                json = null; // Reported by the caller as an unexpected answer, with the text excerpt.
            }
        }
        return RestResponse.of(raw.code(), contentType, text, json);
    }

    private SlurmException transportFailure(String operation, IOException e) {
        String where = "slurmrestd at " + base;
        if (isTimeout(e)) {
            return new SlurmException(Kind.TIMEOUT, operation + " failed: no answer from " + where
                    + " within the timeout", 0, List.of(), false, null);
        }
        if (e instanceof UnknownHostException) {
            return new SlurmException(Kind.UNREACHABLE, operation + " failed: unknown host in " + where, 0,
                    List.of(), false, null);
        }
        if (isConnectFailure(e)) {
            return new SlurmException(Kind.UNREACHABLE, operation + " failed: cannot connect to " + where
                    + " (is slurmrestd running?)", 0, List.of(), false, null);
        }
        return new SlurmException(Kind.UNREACHABLE, operation + " failed: connection to " + where + " broke ("
                + e.getClass().getSimpleName() + ")", 0, List.of(), false, null);
    }

    private static boolean isConnectFailure(IOException e) {
        return e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof UnknownHostException
                || (e instanceof SocketTimeoutException && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("connect"));
    }

    private static boolean isTimeout(IOException e) {
        // A timed-out request is not retried: the caller's deadline is the timeout, not a multiple of it.
        return e instanceof InterruptedIOException && !isConnectFailure(e);
    }

    private static boolean isTransient(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlurmException(Kind.TIMEOUT, "interrupted while waiting to retry");
        }
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "SlurmHttp[" + base + ", user=" + user + "]";
    }

    /** A body OkHttp must not resend on its own once sending started: a submit is not idempotent. */
    private static final class OneShotJsonBody extends RequestBody {
        private final byte[] bytes;

        OneShotJsonBody(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public MediaType contentType() {
            return JSON;
        }

        @Override
        public long contentLength() {
            return bytes.length;
        }

        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            sink.write(bytes);
        }
    }
}

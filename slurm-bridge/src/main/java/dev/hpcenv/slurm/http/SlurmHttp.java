package dev.hpcenv.slurm.http;

import com.fasterxml.jackson.core.JsonLocation;
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
import java.nio.charset.StandardCharsets;
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
import okhttp3.ResponseBody;
import okio.BufferedSink;
import okio.BufferedSource;

/**
 * HTTP to slurmrestd with its quirks handled once: HTTP/1.1 only, no Upgrade (slurmrestd answers an h2c
 * upgrade with 405 up to 25.05 and 406 from 25.11), {@code Content-Type: application/json} exactly (a
 * charset parameter gives 400 up to 25.05 and 415 from 25.11), a Content-Length on every POST and never
 * chunked (411 and 406 from 25.11), no body on GET/DELETE, both user headers on every request, text/plain
 * error bodies. GET and DELETE are retried with backoff on 502-504 only; POST (submit) never is, not even by
 * OkHttp after the request started. The 25.11 rejects are described in {@link ErrorResponses}.
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
    private final Duration requestTimeout;
    private final Duration connectTimeout;
    private final long maxBodyBytes;
    private final ObjectMapper mapper = new ObjectMapper();

    public SlurmHttp(URI baseUrl, String user, TokenSource tokens, HttpSettings settings) {
        HttpUrl parsed = HttpUrl.parse(baseUrl.toString());
        if (parsed == null) {
            throw new IllegalArgumentException("slurmrestd URL '" + baseUrl + "' is not an http(s) URL");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException(
                    "a Slurm user name is required (slurmrestd 22.05 needs X-SLURM-USER-NAME)");
        }
        if (!isHeaderSafe(user)) {
            throw new IllegalArgumentException("Slurm user name '" + user.replaceAll("\\p{Cntrl}", "?") + "' cannot be"
                    + " sent in an HTTP header: only printable ASCII without spaces is allowed (a POSIX user name)");
        }
        this.base = parsed;
        this.user = user;
        this.tokens = tokens;
        this.retry = settings.retry();
        this.requestTimeout = settings.requestTimeout();
        this.connectTimeout = settings.connectTimeout();
        this.maxBodyBytes = settings.maxBodyBytes();
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
        return execute(
                operation, new Request.Builder().url(url(path, Map.of())).post(new OneShotJsonBody(bytes)), false);
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
            Request request = builder.header(USER_HEADER, user)
                    .header(TOKEN_HEADER, checkedToken(operation))
                    .header("Accept", "application/json")
                    .build();
            RestResponse response;
            try (Response raw = client.newCall(request).execute()) {
                response = read(operation, request, raw);
            } catch (IOException e) {
                boolean notSent = isConnectFailure(e);
                if ((idempotent || notSent) && attempt < retry.maxAttempts() && !isTimeout(e)) {
                    // Nothing reached slurmrestd when the connection could not be opened: safe even for a submit.
                    pause(retry.backoff(attempt++));
                    continue;
                }
                SlurmException failure = transportFailure(operation, request, e);
                throw idempotent || notSent ? failure : failure.withOutcomeUnknown();
            } catch (SlurmException e) {
                // An answer came but could not be taken (too large): a submit may have created its job.
                throw idempotent ? e : e.withOutcomeUnknown();
            }
            if (idempotent
                    && !tokenRenewed
                    && tokens.canRefresh()
                    && response.status() != 401
                    && ErrorResponses.looksLikeAuthFailure(response)) {
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

    /**
     * The token, refused before OkHttp sees it when it cannot be a header value: OkHttp's own message
     * for a bad header value quotes the value, and this one is a secret.
     */
    private String checkedToken(String operation) {
        String token = tokens.token();
        if (token == null || token.isEmpty() || !isHeaderSafe(token)) {
            throw new SlurmException(
                    Kind.AUTHENTICATION,
                    operation + " failed: the Slurm token is empty or contains"
                            + " characters an HTTP header cannot carry (a line break, a space or non-ASCII); check how it was"
                            + " copied (e.g. export $(scontrol token))");
        }
        return token;
    }

    private static boolean isHeaderSafe(String value) {
        return value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private RestResponse read(String operation, Request request, Response raw) throws IOException {
        String contentType = raw.header("Content-Type", "");
        String url = request.url().toString();
        ResponseBody body = raw.body();
        long declared = body.contentLength();
        BufferedSource source = body.source();
        if (declared > maxBodyBytes || source.request(maxBodyBytes + 1)) {
            throw new SlurmException(
                    Kind.SERVER_ERROR,
                    operation + " failed: the answer from " + url + " (HTTP "
                            + raw.code() + ") is larger than " + maxBodyBytes
                            + " bytes, the limit; it was not read (hint: if"
                            + " the cluster really holds that many jobs, raise HttpSettings.maxBodyBytes; otherwise check"
                            + " what answers at that URL)",
                    raw.code(),
                    List.of(),
                    false,
                    null);
        }
        byte[] bytes = source.getBuffer().readByteArray();
        // RFC 8259: JSON is UTF-8, whatever charset a proxy claims.
        String text = new String(bytes, StandardCharsets.UTF_8);
        String sent = request.header(TOKEN_HEADER);
        if (sent != null && text.contains(sent)) {
            // A debugging proxy's error page may echo the request headers; its text goes into messages.
            text = text.replace(sent, "<redacted>");
            bytes = text.getBytes(StandardCharsets.UTF_8);
        }
        JsonNode json = null;
        String problem = null;
        boolean declaredJson = contentType.toLowerCase(Locale.ROOT).contains("json");
        if (!text.isBlank() && (declaredJson || text.stripLeading().startsWith("{"))) {
            try {
                json = mapper.readTree(bytes);
            } catch (JsonProcessingException e) {
                json = null;
                if (declaredJson) {
                    JsonLocation at = e.getLocation();
                    problem = "the JSON body is invalid ("
                            + e.getOriginalMessage().lines().findFirst().orElse("")
                            + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                            + "; " + bytes.length + " bytes, truncated?)";
                }
            }
        }
        return RestResponse.of(raw.code(), contentType, text, json, url, problem);
    }

    private SlurmException transportFailure(String operation, Request request, IOException e) {
        String where = "slurmrestd at " + request.url();
        if (isTimeout(e)) {
            return new SlurmException(
                    Kind.TIMEOUT,
                    operation + " failed: no answer from " + where + " within "
                            + seconds(requestTimeout)
                            + " (the request timeout; a busy slurmctld can be slower: raise the"
                            + " timeout, or check that slurmrestd is not stopped)",
                    0,
                    List.of(),
                    false,
                    null);
        }
        if (e instanceof UnknownHostException) {
            return new SlurmException(
                    Kind.UNREACHABLE,
                    operation + " failed: unknown host in " + where + " (check the URL)",
                    0,
                    List.of(),
                    false,
                    null);
        }
        if (isConnectFailure(e)) {
            boolean timedOut = e instanceof SocketTimeoutException;
            return new SlurmException(
                    Kind.UNREACHABLE,
                    operation + " failed: cannot connect to " + where
                            + (timedOut ? " within " + seconds(connectTimeout) + " (the connect timeout)" : "")
                            + " (is slurmrestd running? is the port right?)",
                    0,
                    List.of(),
                    false,
                    null);
        }
        return new SlurmException(
                Kind.UNREACHABLE,
                operation + " failed: connection to " + where + " broke ("
                        + e.getClass().getSimpleName() + ") (a proxy or slurmrestd closed it)",
                0,
                List.of(),
                false,
                null);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static boolean isConnectFailure(IOException e) {
        return e instanceof ConnectException
                || e instanceof NoRouteToHostException
                || e instanceof UnknownHostException
                || (e instanceof SocketTimeoutException
                        && String.valueOf(e.getMessage())
                                .toLowerCase(Locale.ROOT)
                                .contains("connect"));
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

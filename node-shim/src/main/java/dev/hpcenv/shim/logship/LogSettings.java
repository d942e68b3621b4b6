package dev.hpcenv.shim.logship;

import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.log.ShimLog;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a task's output and progress go (docs/job-output.md, sections 1 and 2): the operator's
 * ingest URL, the job's token, the CA to trust for https, and the buffer size. Shipping is on only
 * when both URL and token are set. The variables are the shim's, never the container's.
 */
public record LogSettings(URI url, String token, String caPem, int bufferBytes) {
    public static final String URL = "HPCENV_LOG_URL";
    public static final String TOKEN = "HPCENV_LOG_TOKEN";
    public static final String CA = "HPCENV_LOG_CA";
    public static final String BUFFER = "HPCENV_LOG_BUFFER";
    /** Every variable of log shipping: stripped from the job's environment before anything uses it. */
    public static final String PREFIX = "HPCENV_LOG_";

    static final int DEFAULT_BUFFER = 8 << 20;
    static final int MIN_BUFFER = 64 << 10;
    static final int MAX_BUFFER = 1 << 30;

    /**
     * The settings, or empty when shipping is off (URL or token unset, or unusable: one warning,
     * the job goes on). A bad {@value #BUFFER} is the user's or site's mistake: a usage error.
     */
    public static Optional<LogSettings> from(Map<String, String> env) {
        String url = env.get(URL);
        String token = env.get(TOKEN);
        if (url == null || url.isBlank() || token == null || token.isBlank()) {
            return Optional.empty();
        }
        int buffer = bufferBytes(env.get(BUFFER));
        Optional<URI> uri = ingestBase(url.strip());
        if (uri.isEmpty()) {
            ShimLog.warn(
                    "log.url",
                    URL + " is not an http or https URL with a host; the task's output is not shipped",
                    "variable",
                    URL);
            return Optional.empty();
        }
        if (!headerSafe(token.strip())) {
            ShimLog.warn(
                    "log.token",
                    TOKEN + " holds characters an HTTP header cannot carry; the task's output is not shipped",
                    "variable",
                    TOKEN);
            return Optional.empty();
        }
        String ca = env.get(CA);
        return Optional.of(new LogSettings(uri.get(), token.strip(), ca == null || ca.isBlank() ? null : ca, buffer));
    }

    /** The job's environment without the log variables: what the container, hooks and host runs see. */
    public static Map<String, String> strip(Map<String, String> env) {
        if (env.keySet().stream().noneMatch(k -> k.startsWith(PREFIX))) {
            return env;
        }
        Map<String, String> out = new LinkedHashMap<>(env);
        out.keySet().removeIf(k -> k.startsWith(PREFIX));
        return out;
    }

    /** Bytes: a number, optionally with K, M or G (binary: KiB, MiB, GiB). */
    static int bufferBytes(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_BUFFER;
        }
        String v = value.strip().toUpperCase(Locale.ROOT).replaceFirst("I?B$", "");
        long unit = 1;
        if (v.endsWith("K") || v.endsWith("M") || v.endsWith("G")) {
            unit = switch (v.charAt(v.length() - 1)) {
                case 'K' -> 1L << 10;
                case 'M' -> 1L << 20;
                default -> 1L << 30;
            };
            v = v.substring(0, v.length() - 1);
        }
        long n;
        try {
            n = Long.parseLong(v) * unit;
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < MIN_BUFFER || n > MAX_BUFFER) {
            throw ShimException.usage(
                    BUFFER + "=" + value + " is not a size between 64K and 1G",
                    "give bytes, e.g. 8388608 or 8M, or unset it for the default of 8M");
        }
        return (int) n;
    }

    private static Optional<URI> ingestBase(String url) {
        try {
            URI u = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && u.getRawQuery() == null) {
                return Optional.of(u);
            }
        } catch (URISyntaxException e) {
            // not a URL: said by the caller, without the value
        }
        return Optional.empty();
    }

    private static boolean headerSafe(String token) {
        return token.chars().allMatch(c -> c > 32 && c < 127);
    }

    /** Never the token. */
    @Override
    public String toString() {
        return "LogSettings[url=" + url + ", ca=" + (caPem != null) + ", bufferBytes=" + bufferBytes + "]";
    }
}

package dev.hpcenv.operator.logs.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log server's settings (docs/job-output.md, operator/README.md "Job logs"), read once from the
 * environment. Every bad value is a one-line error naming the variable and what it accepts.
 *
 * @param dir         the log volume; empty: no log server (jobs carry no HPCENV_LOG_URL)
 * @param maxBytes    per job, on disk; past it the oldest output goes
 * @param retention   how long a job's log stays after the job ended (or after its last write)
 * @param keyFile     the ingest key (32 bytes); empty: {@code <dir>/ingest.key}, made at the first start
 * @param ingestPort  the ingest server's port; 0 picks a free one
 * @param tlsCert     PEM certificate chain of the ingest server (with {@code tlsKey}); empty: plain HTTP
 * @param tlsKey      PEM PKCS#8 private key of {@code tlsCert}
 */
public record LogSettings(
        Optional<Path> dir,
        long maxBytes,
        Duration retention,
        Optional<Path> keyFile,
        int ingestPort,
        Optional<Path> tlsCert,
        Optional<Path> tlsKey) {

    public static final String DIR = "HPCENV_LOG_DIR";
    public static final String MAX_BYTES = "HPCENV_LOG_MAX_BYTES";
    public static final String RETENTION = "HPCENV_LOG_RETENTION";
    public static final String KEY_FILE = "HPCENV_LOG_KEY_FILE";
    public static final String INGEST_PORT = "HPCENV_LOG_INGEST_PORT";
    public static final String TLS_CERT = "HPCENV_LOG_TLS_CERT";
    public static final String TLS_KEY = "HPCENV_LOG_TLS_KEY";

    public static final long DEFAULT_MAX_BYTES = 10L << 20;
    /** Below this a job keeps too few segments to drop the oldest one at a time. */
    public static final long MIN_MAX_BYTES = 64L << 10;

    public static final long MAX_MAX_BYTES = 64L << 30;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    public static final int DEFAULT_INGEST_PORT = 8444;

    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})(Ki|Mi|Gi)?");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");

    public LogSettings {
        if (maxBytes < MIN_MAX_BYTES || maxBytes > MAX_MAX_BYTES) {
            throw new IllegalArgumentException(MAX_BYTES + ": " + maxBytes + " bytes is outside 64Ki to 64Gi");
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException(RETENTION + ": must be positive, got " + retention);
        }
        if (ingestPort < 0 || ingestPort > 65535) {
            throw new IllegalArgumentException(
                    INGEST_PORT + ": " + ingestPort + " is not a port (1-65535, or 0 for any)");
        }
        if (tlsCert.isPresent() != tlsKey.isPresent()) {
            throw new IllegalArgumentException(TLS_CERT + " and " + TLS_KEY + " go together: set both (PEM certificate "
                    + "chain and its PKCS#8 key) for HTTPS, or neither for plain HTTP");
        }
    }

    /** The defaults with {@code dir} as the log volume (tests, the embedded demo). */
    public static LogSettings inDirectory(Path dir) {
        return new LogSettings(
                Optional.of(dir),
                DEFAULT_MAX_BYTES,
                DEFAULT_RETENTION,
                Optional.empty(),
                DEFAULT_INGEST_PORT,
                Optional.empty(),
                Optional.empty());
    }

    public boolean enabled() {
        return dir.isPresent();
    }

    public boolean tls() {
        return tlsCert.isPresent();
    }

    /** The key file to use: the configured one, else {@code <dir>/ingest.key}. */
    public Optional<Path> effectiveKeyFile() {
        return keyFile.or(() -> dir.map(d -> d.resolve("ingest.key")));
    }

    public static LogSettings fromEnvironment(Map<String, String> env) {
        Optional<Path> dir = absolutePath(env, DIR);
        long maxBytes = size(env, MAX_BYTES, DEFAULT_MAX_BYTES);
        Duration retention = duration(env, RETENTION, DEFAULT_RETENTION);
        Optional<Path> keyFile = absolutePath(env, KEY_FILE);
        int port = port(env, INGEST_PORT, DEFAULT_INGEST_PORT);
        return new LogSettings(
                dir, maxBytes, retention, keyFile, port, absolutePath(env, TLS_CERT), absolutePath(env, TLS_KEY));
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static Optional<Path> absolutePath(Map<String, String> env, String name) {
        Optional<String> value = value(env, name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(value.get());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": '" + value.get() + "' is not a path");
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(name + ": '" + value.get() + "' is not an absolute path");
        }
        return Optional.of(path.normalize());
    }

    static long size(Map<String, String> env, String name, long fallback) {
        Optional<String> value = value(env, name);
        if (value.isEmpty()) {
            return fallback;
        }
        Matcher m = SIZE.matcher(value.get());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    name + ": '" + value.get() + "' is not a size (bytes, or a number with Ki, Mi or Gi, e.g. 10Mi)");
        }
        long n = Long.parseLong(m.group(1));
        int shift = m.group(2) == null
                ? 0
                : switch (m.group(2)) {
                    case "Ki" -> 10;
                    case "Mi" -> 20;
                    default -> 30;
                };
        if (n > (MAX_MAX_BYTES >> shift)) {
            throw new IllegalArgumentException(name + ": '" + value.get() + "' is over 64Gi");
        }
        return n << shift;
    }

    static Duration duration(Map<String, String> env, String name, Duration fallback) {
        Optional<String> value = value(env, name);
        if (value.isEmpty()) {
            return fallback;
        }
        Matcher m = DURATION.matcher(value.get().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(
                    name + ": '" + value.get() + "' is not a duration (a positive number with s, m, h or d, e.g. 7d)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        Optional<String> value = value(env, name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.get());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException(name + ": '" + value.get() + "' is not a port (1-65535, or 0 for any)");
    }
}

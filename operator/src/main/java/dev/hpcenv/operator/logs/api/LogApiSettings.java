package dev.hpcenv.operator.logs.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the aggregated log API listens and which certificate it serves, read once from the
 * environment at start. Every bad value is a one-line error naming the variable and what it accepts.
 *
 * @param port        the HTTPS port; 0 picks a free one; -1 turns the API off
 * @param address     the address to bind (all addresses by default)
 * @param certificate PEM certificate chain and PEM private key files (the chart mounts them); empty:
 *                    a self-signed certificate made at start
 */
public record LogApiSettings(int port, InetAddress address, Optional<CertificateFiles> certificate) {

    public static final String PORT = "HPCENV_LOG_API_PORT";
    public static final String ADDRESS = "HPCENV_LOG_API_ADDRESS";
    public static final String TLS_CERT = "HPCENV_LOG_API_TLS_CERT";
    public static final String TLS_KEY = "HPCENV_LOG_API_TLS_KEY";
    public static final int DEFAULT_PORT = 8443;

    /** The serving certificate's files. */
    public record CertificateFiles(Path certificate, Path key) {}

    public LogApiSettings {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException(PORT + ": " + port + " is not a port (0-65535, or -1 for none)");
        }
    }

    public boolean enabled() {
        return port != -1;
    }

    public static LogApiSettings fromEnvironment(Map<String, String> env) {
        return new LogApiSettings(port(env.get(PORT)), address(env.get(ADDRESS)), certificate(env));
    }

    private static int port(String value) {
        if (blank(value)) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= -1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw new IllegalArgumentException(PORT + ": '" + value
                + "' is not a port (0-65535, or -1 to turn the log API off;" + " default " + DEFAULT_PORT + ")");
    }

    /** A literal IP address only: a host name would make the bind depend on DNS at start. */
    private static InetAddress address(String value) {
        if (blank(value)) {
            return anyAddress();
        }
        String v = value.trim();
        if (!v.matches("[0-9.]+|\\[?[0-9a-fA-F:.]+]?")) {
            throw new IllegalArgumentException(ADDRESS + ": '" + value
                    + "' is not an IP address (e.g. 0.0.0.0 for all addresses, the default, or the pod's IP)");
        }
        try {
            InetAddress address = InetAddress.getByName(v.replace("[", "").replace("]", ""));
            return address;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ADDRESS + ": '" + value
                    + "' is not an IP address (e.g. 0.0.0.0 for all addresses, the default, or the pod's IP)");
        }
    }

    private static Optional<CertificateFiles> certificate(Map<String, String> env) {
        String cert = env.get(TLS_CERT);
        String key = env.get(TLS_KEY);
        if (blank(cert) && blank(key)) {
            return Optional.empty();
        }
        if (blank(cert) || blank(key)) {
            throw new IllegalArgumentException(
                    (blank(cert) ? TLS_CERT : TLS_KEY) + " is not set but " + (blank(cert) ? TLS_KEY : TLS_CERT)
                            + " is: set both (PEM certificate and PEM private key files) or neither"
                            + " (a self-signed certificate)");
        }
        Path certPath = absolute(TLS_CERT, cert);
        Path keyPath = absolute(TLS_KEY, key);
        return Optional.of(new CertificateFiles(certPath, keyPath));
    }

    private static Path absolute(String variable, String value) {
        Path path = Path.of(value.trim());
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(
                    variable + ": '" + value
                            + "' is not an absolute path to a PEM file (the chart mounts /etc/hpcenv/log-api-tls/tls.crt and tls.key)");
        }
        return path;
    }

    private static InetAddress anyAddress() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("0.0.0.0 is four bytes", e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

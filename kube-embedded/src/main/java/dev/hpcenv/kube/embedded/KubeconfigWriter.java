package dev.hpcenv.kube.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * Writes a kubeconfig for the embedded API: one cluster, one context ({@value #CONTEXT}), namespace
 * default, and either no credentials (the embedded API's admin) or a bearer token. The file is
 * written next to its target and moved into place, so a reader never sees half of it.
 */
public final class KubeconfigWriter {

    public static final String CONTEXT = "hpcenv-embedded";

    private KubeconfigWriter() {}

    /** A bearer token and the CA of the HTTPS server it is sent to. */
    public record Credentials(String token, String certificateAuthorityPem) {
        @Override
        public String toString() {
            return "Credentials[token hidden]";
        }
    }

    public static String render(URI server) {
        return render(server, null);
    }

    /** The kubeconfig; {@code credentials} null for none (the embedded API's admin). */
    public static String render(URI server, Credentials credentials) {
        // A JSON string is a YAML double-quoted scalar: the token is never spliced in unquoted.
        String user = credentials == null ? "{}" : "{token: " + quoted(credentials.token()) + "}";
        String trust = credentials == null
                ? ""
                : "\n    certificate-authority-data: "
                        + Base64.getEncoder()
                                .encodeToString(
                                        credentials.certificateAuthorityPem().getBytes(StandardCharsets.US_ASCII));
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s%4$s
                users:
                - name: %1$s
                  user: %3$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: default
                current-context: %1$s
                preferences: {}
                """.formatted(CONTEXT, server.toString(), user, trust);
    }

    private static String quoted(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("token cannot be written", e);
        }
    }

    public static void write(URI server, Path target) throws IOException {
        write(server, target, null);
    }

    /** Writes the kubeconfig of {@link #render(URI, Credentials)} to {@code target}, atomically, owner-only. */
    public static void write(URI server, Path target, Credentials credentials) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
        try {
            trySetOwnerOnly(temporary);
            Files.writeString(temporary, render(server, credentials), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    // kubectl warns about group/world-readable kubeconfigs; not every file system has POSIX modes.
    private static void trySetOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // non-POSIX file system: keep its default
        }
    }
}

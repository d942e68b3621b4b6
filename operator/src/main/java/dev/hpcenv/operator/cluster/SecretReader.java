package dev.hpcenv.operator.cluster;

import dev.hpcenv.crd.v1alpha1.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reads one key of a Secret. The bytes are handed on and never logged or copied into status. */
@FunctionalInterface
public interface SecretReader {

    /**
     * The value, or empty when the Secret or the key does not exist.
     *
     * @throws SecretForbiddenException when the API server refuses the operator the Secret (403)
     */
    Optional<byte[]> read(SecretKeyRef ref);

    /** The operator's RBAC does not allow it to read the Secret: an admin's setting, not a retryable error. */
    final class SecretForbiddenException extends RuntimeException {
        public SecretForbiddenException(SecretKeyRef ref) {
            super(ref.getNamespace() + "/" + ref.getName());
        }
    }

    static SecretReader of(KubernetesClient client) {
        return ref -> {
            Secret secret;
            try {
                secret = client.secrets()
                        .inNamespace(ref.getNamespace())
                        .withName(ref.getName())
                        .get();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403) {
                    throw new SecretForbiddenException(ref);
                }
                throw e;
            }
            if (secret == null) {
                return Optional.empty();
            }
            if (secret.getData() != null && secret.getData().get(ref.getKey()) != null) {
                return Optional.of(Base64.getDecoder().decode(secret.getData().get(ref.getKey())));
            }
            if (secret.getStringData() != null && secret.getStringData().get(ref.getKey()) != null) {
                return Optional.of(secret.getStringData().get(ref.getKey()).getBytes(StandardCharsets.UTF_8));
            }
            return Optional.empty();
        };
    }
}

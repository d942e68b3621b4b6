package dev.hpcenv.operator.cluster;

import dev.hpcenv.crd.v1alpha1.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reads one key of a Secret. The bytes are handed on and never logged or copied into status. */
@FunctionalInterface
public interface SecretReader {

    /** The value, or empty when the Secret or the key does not exist. */
    Optional<byte[]> read(SecretKeyRef ref);

    static SecretReader of(KubernetesClient client) {
        return ref -> {
            Secret secret = client.secrets().inNamespace(ref.getNamespace()).withName(ref.getName()).get();
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

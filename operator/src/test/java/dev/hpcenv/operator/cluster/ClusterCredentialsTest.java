package dev.hpcenv.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.SecretKeyRef;
import dev.hpcenv.crd.v1alpha1.SlurmAuth;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClusterCredentialsTest {

    @Test
    void aStaticTokenRunsEveryJobAsItsOwnUser() {
        // Given
        String claims = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"exp\":1,\"iat\":0,\"sun\":\"svc-hpc\"}".getBytes(StandardCharsets.UTF_8));
        String token = "SLURM_JWT=eyJhbGciOiJIUzI1NiJ9." + claims + ".c2lnbmF0dXJl";
        SlurmAuth auth = new SlurmAuth();
        auth.setTokenSecretRef(new SecretKeyRef("ns", "tok", "token"));
        // When
        ClusterCredentials credentials = ClusterCredentials.from(auth, token.getBytes(StandardCharsets.UTF_8));
        // Then
        assertThat(credentials.staticTokenUser()).contains("svc-hpc");
        assertThat(credentials.toString()).doesNotContain(claims).doesNotContain("c2lnbmF0dXJl");
    }

    @Test
    void theFingerprintChangesWithTheKeyAndRevealsNothing() {
        SlurmAuth auth = new SlurmAuth();
        auth.setJwtKeySecretRef(new SecretKeyRef("ns", "key", "jwt"));
        ClusterCredentials a =
                ClusterCredentials.from(auth, "key-one-key-one-key-one".getBytes(StandardCharsets.UTF_8));
        ClusterCredentials b =
                ClusterCredentials.from(auth, "key-two-key-two-key-two".getBytes(StandardCharsets.UTF_8));
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint()).doesNotContain("key-one");
        assertThat(a.staticTokenUser()).isEmpty();
    }
}

package dev.hpcenv.kube.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The control plane is the real thing: authentication, RBAC and the TokenRequest API decide. */
@Tag("real-kube")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalKubeApiIT {

    private LocalKubeApi api;
    private final String namespace =
            "kube-local-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void start() {
        api = LocalKubeApi.shared();
        try (KubernetesClient admin = api.adminClient()) {
            admin.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(namespace)
                            .endMetadata()
                            .build())
                    .create();
            admin.serviceAccounts()
                    .inNamespace(namespace)
                    .resource(new ServiceAccountBuilder()
                            .withNewMetadata()
                            .withName("worker")
                            .endMetadata()
                            .build())
                    .create();
        }
    }

    @Test
    void theAdminIsInSystemMastersAndTheServerIsThePinnedRelease() {
        try (KubernetesClient admin = api.adminClient()) {
            SelfSubjectReview review = admin.resource(new SelfSubjectReview()).create();
            assertThat(review.getStatus().getUserInfo().getGroups()).contains("system:masters");
            assertThat("v" + admin.getKubernetesVersion().getMajor() + "."
                            + admin.getKubernetesVersion().getMinor())
                    .isEqualTo(api.kubeVersion().replaceFirst("^(v\\d+\\.\\d+).*", "$1"));
        }
    }

    @Test
    void aServiceAccountTokenAuthenticatesAsThatAccountAndRbacDeniesWhatNothingGrants() {
        try (KubernetesClient worker = api.clientAsServiceAccount(namespace, "worker")) {
            SelfSubjectReview review = worker.resource(new SelfSubjectReview()).create();
            assertThat(review.getStatus().getUserInfo().getUsername())
                    .isEqualTo("system:serviceaccount:" + namespace + ":worker");
            assertThatThrownBy(() -> worker.secrets().inNamespace(namespace).list())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403));
        }
    }

    @Test
    void anImpersonatedUserHasOnlyWhatRbacGrants() {
        try (KubernetesClient alice = api.clientAs("alice", "hpcenv:testers")) {
            assertThatThrownBy(() -> alice.pods().inNamespace(namespace).list())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403));
        }
    }
}

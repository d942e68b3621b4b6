package dev.hpcenv.crd.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Sample YAML of each kind reads into the typed model and writes back to the same document. */
class CrSerializationTest {
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final YAMLMapper yaml = new YAMLMapper();

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of(HpcEnvironment.class),
                Arguments.of(ClusterHpcEnvironment.class),
                Arguments.of(HpcJob.class),
                Arguments.of(SlurmCluster.class));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTripKeepsEveryField(Class<? extends HasMetadata> kind) throws IOException {
        String original = sample(kind);
        HasMetadata resource = serialization.unmarshal(original, kind);
        JsonNode written = yaml.readTree(serialization.asYaml(resource));
        assertThat(written).isEqualTo(yaml.readTree(original));
    }

    @Test
    void jobReadsIntoTypedFields() throws IOException {
        HpcJob job = serialization.unmarshal(sample(HpcJob.class), HpcJob.class);
        assertThat(job.getSpec().getEnvironmentRef())
                .isEqualTo(new EnvironmentRef("pytorch", EnvironmentKind.HPC_ENVIRONMENT));
        assertThat(job.getSpec().getMpi()).isEqualTo(MpiType.PMI2);
        assertThat(job.getSpec().getResources().getMemory()).isEqualTo("460Gi");
        assertThat(job.getStatus().getPhase()).isEqualTo(HpcJobPhase.SUCCEEDED);
        assertThat(job.getStatus().getPhase().isTerminal()).isTrue();
        assertThat(job.getStatus().getSlurmJobId()).isEqualTo(4242424242L);
        assertThat(job.getSpec().getRequeue()).isEqualTo(1);
        assertThat(job.getStatus().getAttempts()).isEqualTo(2);
    }

    @Test
    void clusterReadsIntoTypedFields() throws IOException {
        SlurmCluster cluster = serialization.unmarshal(sample(SlurmCluster.class), SlurmCluster.class);
        assertThat(cluster.getSpec().getApiVersion()).isEqualTo(SlurmApiVersion.V0_0_41);
        assertThat(cluster.getSpec().getAuth().getJwtKeySecretRef())
                .isEqualTo(new SecretKeyRef("hpcenv-system", "slurm-jwt", "jwt_hs256.key"));
        assertThat(cluster.getSpec().getUserMappings()).contains(new UserMapping("chemistry", "bob", null));
    }

    @Test
    void javaDefaultsMatchTheSchemaDefaults() {
        // The API server fills in the schema defaults; objects built in Java must agree with it.
        HpcJobSpec job = new HpcJobSpec();
        SlurmClusterSpec cluster = new SlurmClusterSpec();
        assertThat(job.getMpi()).isEqualTo(MpiType.NONE);
        assertThat(job.getSuspend()).isFalse();
        assertThat(job.getRequeue()).isZero();
        assertThat(new EnvironmentRef().getKind()).isEqualTo(EnvironmentKind.HPC_ENVIRONMENT);
        assertThat(cluster.getApiVersion()).isEqualTo(SlurmApiVersion.AUTO);
        assertThat(cluster.getSyncIntervalSeconds()).isEqualTo(10);
    }

    @Test
    void phasesAreWrittenAsTheirKubernetesNames() {
        assertThat(Stream.of(HpcJobPhase.values()).map(HpcJobPhase::wire))
                .containsExactly("Pending", "Submitted", "Running", "Succeeded", "Failed", "Cancelled");
        assertThat(serialization.asJson(HpcJobPhase.CANCELLED)).isEqualTo("\"Cancelled\"");
    }

    private static String sample(Class<? extends HasMetadata> kind) throws IOException {
        String name = "/CrSerializationTest/" + HasMetadata.getKind(kind) + ".yaml";
        try (InputStream in = CrSerializationTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
